// The quality report of a project (the page's quality dashboard). Types: quality.d.ts.
import { LocalabelError } from './errors.js';

const NUMBERS = ['confidence', 'iouThreshold', 'keypointSigma', 'goldThreshold', 'pricePerTask',
  'lowConfidence'];
const INTEGERS = ['bootstrapResamples', 'seed', 'driftWindow', 'annotationsPerTask', 'queueLimit'];
const STRINGS = ['setDistance', 'detector', 'consensus', 'date'];

function projectText(input) {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) return new TextDecoder().decode(input);
  if (input instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(input));
  return JSON.stringify(input);
}

// Every option reaches the core with its JS type checked: integers are safe integers (NaN,
// Infinity and 2^53 are errors, never casts); unknown keys are errors.
function checkedOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') {
    throw new LocalabelError('WrongType', 'options: expected an object', 'options');
  }
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    if (NUMBERS.includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new LocalabelError('InvalidArgument', `${key}: expected a finite number, got ${value}`, key);
      }
    } else if (INTEGERS.includes(key)) {
      const max = key === 'seed' ? Number.MAX_SAFE_INTEGER : 2 ** 31 - 1;
      if (!Number.isSafeInteger(value) || value < 0 || value > max) {
        throw new LocalabelError('InvalidArgument', `${key}: expected an integer in 0..${max}, got ${value}`, key);
      }
    } else if (STRINGS.includes(key)) {
      if (typeof value !== 'string') {
        throw new LocalabelError('WrongType', `${key}: expected a string`, key);
      }
    } else {
      throw new LocalabelError('InvalidArgument', `options.${key}: unknown option`, key);
    }
    out[key] = value;
  }
  return out;
}

export function qualityApi({ core, unwrap }) {
  return {
    qualityReportJson(project, options) {
      return unwrap(core.qualityReportJson(projectText(project), checkedOptions(options)));
    },
    qualityReport(project, options) {
      return JSON.parse(unwrap(core.qualityReportJson(projectText(project), checkedOptions(options))));
    },
    qualityReportHtml(project, options) {
      return unwrap(core.qualityReportHtml(projectText(project), checkedOptions(options)));
    },
    consensusPredictions(project, options) {
      return JSON.parse(unwrap(core.consensusPredictions(projectText(project), checkedOptions(options))));
    },
  };
}
