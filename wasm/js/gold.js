// Gold checks, per-class scores against gold, honeypot placement and per-annotator statistics.
// Types: gold.d.ts.
import { TABLE, check, i32 } from './analytics_shared.js';

const ZERO_DIVISION = new Set([0, 1, 'nan']);

function zeroDivisionArg(value) {
  if (typeof value === 'number' && Number.isNaN(value)) return 'nan';
  return String(check('zeroDivision', value, ZERO_DIVISION));
}

function ids(name, list) {
  if (!Array.isArray(list)) throw new TypeError(`${name} must be an array of ids`);
  return list.map((id, i) => {
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new TypeError(`${name}[${i}] must be a string or a number`);
    }
    return String(id);
  });
}

export const goldMethods = {
  goldAccuracy() {
    const t = this[TABLE]();
    return t.unwrap(t.core.gold_accuracy(t.handle));
  },
  qualificationTest(annotator, { threshold = 0.85 } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.gold_qualification_test(t.handle, t.code(annotator, 'annotators'), threshold));
  },
  annotatorStats({ pricePerLabel = 0 } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.gold_annotator_stats(t.handle, pricePerLabel));
  },
  goldReport({ zeroDivision = 0, reportLabels = null } = {}) {
    const t = this[TABLE]();
    const codes = reportLabels ? i32(Array.from(reportLabels, (l) => t.code(l, 'labels'))) : null;
    return t.unwrap(t.core.gold_reports(t.handle, zeroDivisionArg(zeroDivision), codes));
  },
};

export function goldApi({ core, unwrap }) {
  return {
    classificationReport(truth, predicted, { nLabels = null, zeroDivision = 0, reportLabels = null } = {}) {
      const a = i32(truth);
      const b = i32(predicted);
      let n = nLabels;
      if (n === null) {
        n = 1;
        for (const v of a) n = Math.max(n, v + 1);
        for (const v of b) n = Math.max(n, v + 1);
      }
      const labels = reportLabels ? i32(reportLabels) : null;
      if (labels && nLabels === null) for (const v of labels) n = Math.max(n, v + 1);
      return unwrap(core.gold_classification_report(a, b, n, zeroDivisionArg(zeroDivision), labels));
    },
    placeHoneypots({ seed, annotator, tasks, gold, rate = 0.05 }) {
      return unwrap(core.gold_place_honeypots(String(seed ?? ''), String(annotator ?? ''),
        ids('tasks', tasks), ids('gold', gold ?? []), rate));
    },
  };
}
