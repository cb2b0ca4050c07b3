// The project part of the facade: Label Studio import/export, validation, brush masks.
// Types and documentation: index.d.ts (ProjectApi).
import { LocalabelError } from './errors.js';

// Text or UTF-8 bytes go to the core as they are (Embind copies a Uint8Array into the
// std::string unchanged, so invalid UTF-8 is reported rather than silently replaced).
function toText(input) {
  if (typeof input === 'string') return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (input instanceof Uint8Array) return input;
  // A parsed object: serialise it (the core reads JSON text).
  return JSON.stringify(input);
}

// Sizes must reach the core as 32-bit integers; the core checks the range.
function checkSize(name, value) {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) {
    throw new LocalabelError('InvalidArgument', `${name}: expected an integer, got ${value}`, name);
  }
}

function checkBytes(name, value) {
  if (!(ArrayBuffer.isView(value) || Array.isArray(value))) {
    throw new LocalabelError('WrongType', `${name}: expected a Uint8Array or an array of bytes`, name);
  }
  if (Array.isArray(value)) {
    const i = value.findIndex((b) => !Number.isInteger(b) || b < 0 || b > 255);
    if (i >= 0) {
      throw new LocalabelError('OutOfRange', `${name}[${i}]: expected a byte value in 0..255, got ${value[i]}`, `${name}[${i}]`);
    }
  }
}

export function projectApi({ core, unwrap }) {
  return {
    importProject(input) {
      return JSON.parse(unwrap(core.importProject(toText(input))));
    },
    importProjectText(input) {
      return unwrap(core.importProject(toText(input)));
    },
    exportLabelStudio(input) {
      return unwrap(core.exportLabelStudio(toText(input)));
    },
    validateProject(input) {
      return unwrap(core.validateProject(toText(input)));
    },
    readTextTasks(input, { format = 'auto', field = '', fileName = '' } = {}) {
      if (!['auto', 'lines', 'csv', 'jsonl', 'json'].includes(format)) {
        throw new RangeError(`format must be one of auto, lines, csv, jsonl, json; got ${format}`);
      }
      const bytes = typeof input === 'string' ? input
        : input instanceof ArrayBuffer ? new Uint8Array(input) : input;
      return JSON.parse(unwrap(core.readTextTasks(bytes, format, String(field), String(fileName))));
    },
    encodeBrushRle(width, height, mask) {
      checkSize('width', width);
      checkSize('height', height);
      checkBytes('mask', mask);
      return Array.from(unwrap(core.encodeBrushRle(width, height, mask)));
    },
    decodeBrushRle(rle, width, height) {
      checkSize('width', width);
      checkSize('height', height);
      checkBytes('rle', rle);
      return unwrap(core.decodeBrushRle(rle, width, height));
    },
    decodeBrushRleRgba(rle, width, height) {
      checkSize('width', width);
      checkSize('height', height);
      checkBytes('rle', rle);
      return unwrap(core.decodeBrushRleRgba(rle, width, height));
    },
  };
}
