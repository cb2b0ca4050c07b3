/** Label aggregation (see analytics.d.ts for the conventions). */

export interface MajorityVoteResult {
  /** Label code per item (index into `labels`), -1 when abstaining on a tie. */
  labels: Int32Array;
  /** items x labels vote shares, row-major, when `fractions: true` was asked. */
  fractions?: Float64Array;
  /** Items whose top count was shared. */
  ties: number;
}

export interface DawidSkeneResult {
  /** Most probable label code per item. */
  labels: Int32Array;
  /** items x labels class posteriors, row-major; rows sum to 1. */
  posteriors: Float64Array;
  /** Class priors. */
  priors: Float64Array;
  /** annotators x labels x labels confusion matrices [a][true][given], rows sum to 1. */
  confusion: Float64Array;
  /** Per annotator: sum_k prior_k * confusion[a][k][k]. */
  skills: Float64Array;
  /** EM iterations run. */
  iterations: number;
  /** Stopped by the tolerance (not by maxIterations). */
  converged: boolean;
  /** Final incomplete-data log-likelihood (natural log). */
  logLikelihood: number;
}

/** Aggregation methods of an `Annotations` table. */
export interface AggregationMethods {
  /** Majority vote; ties go to the smallest label by default. weights: per annotator code. */
  majorityVote(options?: {
    ties?: 'smallest' | 'abstain' | 'random';
    seed?: number;
    weights?: ArrayLike<number> | null;
    fractions?: boolean;
  }): MajorityVoteResult;
  /** Dawid-Skene EM (Dawid & Skene 1979) from vote fractions; stops when the
   * log-likelihood gain per item is below `tolerance` or after `maxIterations`. */
  dawidSkene(options?: { maxIterations?: number; tolerance?: number; oneCoin?: boolean }): DawidSkeneResult;
}

/** Aggregation functions that need no table. */
export interface AggregationApi {}
