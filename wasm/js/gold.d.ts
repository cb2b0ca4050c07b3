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

/** Gold and annotator methods of an `Annotations` table. */
export interface GoldMethods {
  /** Accuracy of every annotator on the attached gold answers. */
  goldAccuracy(): AnnotatorGoldAccuracy[];
  /** One annotator against gold with a pass threshold (default 0.85). */
  qualificationTest(annotator: string | number, options?: { threshold?: number }): QualificationResult;
  /** Per-annotator statistics (gold accuracy when gold is attached). */
  annotatorStats(options?: { pricePerLabel?: number }): AnnotatorStats[];
}

/** Gold functions that need no table. */
export interface GoldApi {}
