/**
 * Training-ready formats, both ways: Label Studio ("ls"), Localabel project files
 * ("localabel"), COCO instances ("coco"), YOLO / Ultralytics folders ("yolo"), Pascal VOC
 * folders ("voc"), CoNLL-2003 BIO ("conll"), spaCy JSON Lines ("spacy"), and text
 * classification tables ("csv", "jsonl"). The conversions are the core's (formats.h): the
 * same bytes natively (`localabel convert`) and here.
 */

export type DataFormat =
  | 'ls' | 'localabel' | 'coco' | 'yolo' | 'voc' | 'conll' | 'spacy' | 'csv' | 'jsonl';

/**
 * One file of a data set. `path` is relative to the data set's folder ("labels/cat.txt",
 * "Annotations/cat.xml"); single-file formats read the first file given. Strings are
 * encoded as UTF-8.
 */
export interface DataFile {
  path: string;
  bytes: Uint8Array | ArrayBuffer | string;
}

/** A written file: bytes are UTF-8 text for every format. */
export interface OutputFile {
  path: string;
  bytes: Uint8Array;
}

export interface ConvertOptions {
  /** COCO brush masks: compressed counts strings or count lists (default "counts"). */
  rle?: 'compressed' | 'counts';
  /** iscrowd written for COCO masks (default true). */
  iscrowd?: boolean;
  /**
   * What YOLO label lines hold (default "detect" on output; on input, pose when data.yaml has
   * kpt_shape, else by each line's length; "obb" must be asked for).
   */
  yoloTask?: 'auto' | 'detect' | 'segment' | 'obb' | 'pose';
  /** Export this annotator's annotation of each task (default: ground truth, else the first). */
  annotator?: string;
  /**
   * YOLO image sizes, `{stem: [width, height]}`, for images not among the files (PNG and JPEG
   * files among them give their own size). Integers in 1..2^20, else InvalidArgument.
   */
  imageSizes?: Record<string, [number, number]>;
}

/**
 * What the output format could not hold: counts by reason, e.g.
 * `{"exported_regions": 12, "approximated": {"rotated box -> axis-aligned bounding box": 1},
 *   "dropped": {"keypoint (YOLO detect)": 2}}`.
 */
export interface ExportReport {
  exported_regions: number;
  approximated: Record<string, number>;
  dropped: Record<string, number>;
}

export interface ConvertResult {
  /** Files in a deterministic order; one file for the single-file formats. */
  files: OutputFile[];
  report: ExportReport;
}

export interface FormatsApi {
  /** The format names. */
  readonly dataFormats: readonly DataFormat[];
  /** The formats that are folders ("yolo", "voc"). */
  readonly folderFormats: readonly DataFormat[];
  /**
   * Reads `files` as format `from` and writes them as format `to`. Throws LocalabelError with
   * the reader's code and place (a JSON path such as "annotations[3].bbox[2]", or
   * "file:line" such as "labels/cat.txt:4"), or InvalidArgument for an unknown format or
   * option.
   */
  convertData(from: DataFormat, files: DataFile[] | DataFile, to: DataFormat,
    options?: ConvertOptions): ConvertResult;
}

export const DATA_FORMATS: readonly DataFormat[];
export const FOLDER_FORMATS: readonly DataFormat[];
export function formatsApi(ctx: unknown): FormatsApi;
