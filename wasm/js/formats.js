// The training-format part of the facade: conversion between Label Studio, Localabel project
// files, COCO, YOLO, Pascal VOC, CoNLL, spaCy, CSV and JSON Lines. Types: formats.d.ts.
import { LocalabelError } from './errors.js';

/** Format names, in the order the CLI lists them. */
export const DATA_FORMATS = Object.freeze(['ls', 'localabel', 'coco', 'yolo', 'voc', 'conll',
  'spacy', 'csv', 'jsonl']);

/** Formats that are a folder of files (the others are one file). */
export const FOLDER_FORMATS = Object.freeze(['yolo', 'voc']);

const encoder = new TextEncoder();

function checkedInt(value, where) {
  if (!Number.isInteger(value) || value < 1 || value > 1 << 20) {
    throw new LocalabelError('InvalidArgument',
      `${where}: expected an integer in 1..${1 << 20}, got ${value}`, where);
  }
  return value;
}

function toFile(f, i) {
  if (!f || typeof f.path !== 'string') {
    throw new LocalabelError('WrongType', `files[${i}]: expected {path, bytes}`, `files[${i}]`);
  }
  let bytes = f.bytes;
  if (typeof bytes === 'string') bytes = encoder.encode(bytes);
  else if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
  else if (!(bytes instanceof Uint8Array)) {
    throw new LocalabelError('WrongType', `files[${i}].bytes: expected a Uint8Array or a string`,
      `files[${i}].bytes`);
  }
  return { path: f.path, bytes };
}

function toOptions(options = {}) {
  const o = {};
  if (options.rle !== undefined) o.rle = String(options.rle);
  if (options.iscrowd !== undefined) o.iscrowd = Boolean(options.iscrowd);
  if (options.yoloTask !== undefined) o.yoloTask = String(options.yoloTask);
  if (options.annotator !== undefined) o.annotator = String(options.annotator);
  if (options.imageSizes !== undefined) {
    o.imageSizes = Object.entries(options.imageSizes).map(([stem, size]) => [stem,
      checkedInt(size?.[0], `imageSizes.${stem}[0]`), checkedInt(size?.[1], `imageSizes.${stem}[1]`)]);
  }
  return o;
}

export function formatsApi({ core, unwrap }) {
  return {
    dataFormats: DATA_FORMATS,
    folderFormats: FOLDER_FORMATS,
    convertData(from, files, to, options = {}) {
      const list = (Array.isArray(files) ? files : [files]).map(toFile);
      const r = unwrap(core.convertData(String(from), list, String(to), toOptions(options)));
      return { files: r.files, report: JSON.parse(r.report) };
    },
  };
}
