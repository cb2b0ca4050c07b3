/** Gold checks and per-annotator statistics (see analytics.d.ts for the conventions). */

export interface AnnotatorGoldAccuracy {
  annotator: string;
  /** Gold items this annotator answered. */
  answered: number;
  correct: number;
  /** correct / answered; NaN when nothing was answered. */
  accuracy: number;
}

export interface QualificationResult extends AnnotatorGoldAccuracy {
  /** accuracy >= threshold (false when nothing was answered). */
  passed: boolean;
  /** Every wrong answer, in item order. */
  errors: { item: string; expected: string; given: string }[];
}

export interface AnnotatorStats {
  annotator: string;
  tasks: number;
  /** Mean / median seconds per task; NaN without a time column. */
  meanSeconds: number;
  medianSeconds: number;
  /** 3600 / meanSeconds; NaN without times. */
  tasksPerHour: number;
  /** Share of answers equal to the majority of the other annotators of the item (ties among
   * the others count as agreement for any tied label); NaN when no item is shared. */
  agreementWithOthers: number;
  sharedItems: number;
  /** NaN without gold answers. */
  goldAccuracy: number;
  goldAnswered: number;
  /** tasks x pricePerLabel. */
  cost: number;
}

/**
 * What a precision, recall or F1 is when its denominator is 0 (scikit-learn's
 * `zero_division`): `0` (default, as scikit-learn's "warn"), `1`, or `'nan'` (also `NaN`), in
 * which case the class is left out of the macro and weighted averages (scikit-learn >= 1.3).
 */
export type ZeroDivision = 0 | 1 | 'nan';

/** Precision, recall and F1 of one class. */
export interface ClassScores<L = number> {
  /** Label code (free function) or label name (table method). */
  label: L;
  /** truePositives / predicted; zeroDivision when predicted = 0. */
  precision: number;
  /** truePositives / support; zeroDivision when support = 0. */
  recall: number;
  /** 2 truePositives / (support + predicted). */
  f1: number;
  /** Answers whose true (gold) label is this class. */
  support: number;
  /** Answers that gave this class. */
  predicted: number;
  truePositives: number;
}

export interface AverageScores {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * scikit-learn's precision_recall_fscore_support / classification_report with the default
 * label set (classes present in the truth or the predictions, in code order).
 */
export interface ClassificationReport<L = number> {
  /** Number of scored answers. */
  n: number;
  classes: ClassScores<L>[];
  /** Unweighted mean over classes. */
  macro: AverageScores;
  /** From summed counts; with one label per answer all three equal the accuracy. */
  micro: AverageScores;
  /** Mean weighted by support. */
  weighted: AverageScores;
  /** Share of correct answers. */
  accuracy: number;
}

/** An annotator's report against gold. With no gold answered: n = 0, no classes, every
 * average and the accuracy NaN (undefined, not an error). */
export interface AnnotatorGoldReport extends ClassificationReport<string> {
  annotator: string;
}

/** An annotator's queue with honeypots placed. */
export interface HoneypotQueue {
  /** Task and gold ids in the order they are shown (regular tasks keep their order). */
  queue: string[];
  /** 1 where queue[i] is a gold item. */
  honeypot: Uint8Array;
  /** Number of gold items placed. */
  honeypots: number;
  /** Slots chosen for a gold item after every gold item was used once (gold is never
   * repeated). */
  unfilledSlots: number;
}

/** Gold and annotator methods of an `Annotations` table. */
export interface GoldMethods {
  /** Accuracy of every annotator on the attached gold answers. */
  goldAccuracy(): AnnotatorGoldAccuracy[];
  /** One annotator against gold with a pass threshold (default 0.85). */
  qualificationTest(annotator: string | number, options?: { threshold?: number }): QualificationResult;
  /** Per-annotator statistics (gold accuracy when gold is attached). */
  annotatorStats(options?: { pricePerLabel?: number }): AnnotatorStats[];
  /** Per-annotator precision/recall/F1 per class with macro, micro and weighted averages,
   * truth = the attached gold answers. Throws EmptyInput without gold.
   * `reportLabels` (label names or codes) is scikit-learn's `labels=`: exactly these classes
   * are reported, in this order, and averaged over; a label nobody gave has support 0 and
   * scores = zeroDivision; labels left out are left out of every average (micro included) but
   * not of the accuracy. Throws UnknownReference (path `labels[j]`) for a label not in the
   * table, InvalidArgument for one listed twice. */
  goldReport(options?: { zeroDivision?: ZeroDivision; reportLabels?: ArrayLike<string | number> | null }): AnnotatorGoldReport[];
}

/** Gold functions that need no table. */
export interface GoldApi {
  /**
   * Classification report of `predicted` against `truth` (label codes in [0, nLabels);
   * nLabels defaults to the largest code + 1, reportLabels included). `reportLabels` is
   * scikit-learn's `labels=` (see goldReport). Throws LengthMismatch, EmptyInput,
   * UnknownReference (a code outside the label set), InvalidArgument (a label listed twice).
   */
  classificationReport(truth: ArrayLike<number>, predicted: ArrayLike<number>,
    options?: { nLabels?: number; zeroDivision?: ZeroDivision; reportLabels?: ArrayLike<number> | null }): ClassificationReport;
  /**
   * Places gold items into an annotator's queue at `rate` (default 0.05 = about 5 % of the
   * queue). A pure function of (seed, annotator, tasks, gold): every client computes the same
   * queue. After the i-th task a gold item follows when a hash of (seed, "honeypot",
   * annotator, i) is below rate / (1 - rate): positions are independent draws (geometric
   * gaps, no fixed interval), differ per annotator and seed, and never precede the first
   * task; gold items come in a per-annotator hashed order and are never repeated. The same
   * rule as the sync task assignment. Throws OutOfRange (rate outside [0, 1)),
   * InvalidArgument (empty annotator), Duplicate (an id repeated, or a gold id that is also a
   * task).
   */
  placeHoneypots(args: {
    seed: string;
    annotator: string;
    tasks: (string | number)[];
    gold: (string | number)[];
    rate?: number;
  }): HoneypotQueue;
}
