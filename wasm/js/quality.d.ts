// The quality report of a project: progress, agreement, gold, drift, annotators, consensus.
// The same report as `localabel quality FILE` (core/include/localabel/quality.h).

/** A project as the project functions accept it: JSON text, UTF-8 bytes or a parsed object. */
export type QualityProjectInput = string | Uint8Array | ArrayBuffer | object;

/** Options of the report; every one has a default. Ranges are checked by the core. */
export interface QualityOptions {
  /** Bootstrap resamples B of every interval, 1..1,000,000 (default 200). */
  bootstrapResamples?: number;
  /** Level of the intervals, in (0, 1) (default 0.95). */
  confidence?: number;
  /** Seed of the bootstrap: the same seed gives the same intervals natively and here. */
  seed?: number;
  /** Box matching IoU threshold, (0, 1] (default 0.5). */
  iouThreshold?: number;
  /** Keypoint similarity sigma as a share of the image diagonal (default 0.05). */
  keypointSigma?: number;
  /** Distance between label sets of multiple-choice answers (default "masi"). */
  setDistance?: 'masi' | 'masi-exact' | 'jaccard';
  /** Qualification passes at gold accuracy >= this (default 0.85). */
  goldThreshold?: number;
  /** Drift detector on each annotator's quality series (default "page-hinkley"). */
  detector?: 'page-hinkley' | 'adwin';
  /** Answers in the rolling quality mean (default 10). */
  driftWindow?: number;
  /** Cost of one answer in the annotators table (default 0). */
  pricePerTask?: number;
  /** Consensus of choices label sets (default "majority"). */
  consensus?: 'majority' | 'dawid-skene';
  /** Consensus answers below this confidence are listed (default 0.7). */
  lowConfidence?: number;
  /** Answers a task needs to count as done; 0 = the most any task has (default 0). */
  annotationsPerTask?: number;
  /** Longest disagreement queue; 0 = all (default 100). */
  queueLimit?: number;
  /** Date shown in the report (the core has no clock). */
  date?: string;
}

/** A coefficient with its bootstrap interval; null where undefined (then `reason` says why). */
export interface QualityMetric {
  name: string;
  definition: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** Tasks the value rests on. */
  units: number;
  reason?: string;
}

/**
 * The report as `localabel quality FILE --format json` prints it: sections progress,
 * agreement (per label set: metrics, pairwise matrix, per_label), disagreement (measure,
 * tasks), gold, drift, annotators, consensus, box_consensus and notes. Numbers that are
 * undefined are null.
 */
export interface QualityReport {
  project: string;
  date: string;
  options: Record<string, number | string>;
  progress: {
    tasks: number; done: number; in_progress: number; skipped: number; untouched: number;
    annotations_per_task: number; tasks_per_hour: number | null; hours_left: number | null;
    rate_source: string;
    annotators: { annotator: string; submitted: number; skipped: number; tasks_per_hour: number | null }[];
  };
  agreement: {
    label_set: string; kind: string; tasks: number; metrics: QualityMetric[];
    pairwise: { measure: string; annotators: string[]; values: (number | null)[]; shared: number[] };
    per_label: { label: string; proportion: number | null; kappa: number | null;
      specific_agreement: number | null; reason?: string }[];
    notes: string[];
  }[];
  disagreement: { measure: string; tasks: { task: string; index: number; label_set: string;
    disagreement: number; answers: number }[] };
  gold: { label_set: string; gold_tasks: number; threshold: number; notes: string[];
    annotators: { annotator: string; answered: number; correct: number; accuracy: number | null;
      macro_precision: number | null; macro_recall: number | null; macro_f1: number | null;
      passed: boolean; mistakes: { task: string; expected: string; given: string }[] }[] }[];
  drift: { label_set: string; detector: string; order: string; notes: string[];
    annotators: { annotator: string; tasks: string[]; quality: number[]; rolling: number[];
      seconds: (number | null)[]; alarms: number[]; sessions: number; slower_sessions: number;
      worse_sessions: number }[] };
  annotators: { label_set: string; rows: { annotator: string; tasks: number;
    median_seconds: number | null; tasks_per_hour: number | null;
    agreement_with_others: number | null; gold_accuracy: number | null; cost: number | null }[] };
  consensus: { label_set: string; to_name: string; method: string; notes: string[];
    items: { task: string; index: number; label: string | null; confidence: number | null }[];
    low_confidence: number[] }[];
  box_consensus: { label_set: string; notes: string[]; tasks: { task: string; index: number;
    boxes: { x: number; y: number; width: number; height: number; label: string;
      confidence: number | null; annotators: number }[] }[] }[];
  notes: string[];
}

/** A Label Studio prediction of the consensus (model_version "localabel-consensus"). */
export interface ConsensusPrediction {
  task: string;
  model_version: 'localabel-consensus';
  score: number;
  result: { from_name: string; to_name: string; type: 'choices'; value: { choices: string[] } }[];
}

export interface QualityApi {
  /**
   * The quality report of a project (Label Studio tasks or a Localabel project file, whose
   * label sets choose the metrics). Throws LocalabelError for an unreadable project or an
   * option out of range (code InvalidArgument, path = the option's name); problems with the
   * data are notes inside the report.
   */
  qualityReport(project: QualityProjectInput, options?: QualityOptions): QualityReport;
  /** The same report as JSON text (byte for byte what the native CLI prints, unindented). */
  qualityReportJson(project: QualityProjectInput, options?: QualityOptions): string;
  /** The report as one self-contained HTML page (inline SVG, no script), for download. */
  qualityReportHtml(project: QualityProjectInput, options?: QualityOptions): string;
  /** The consensus of the choices label sets as Label Studio predictions. */
  consensusPredictions(project: QualityProjectInput, options?: QualityOptions): ConsensusPrediction[];
}
