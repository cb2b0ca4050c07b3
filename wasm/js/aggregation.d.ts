/** Label aggregation and box consensus (see analytics.d.ts for the conventions). */

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

export interface WeightedVoteResult {
  /** Label code per item: argmax of the summed weights of the annotators who gave it (ties:
   * smallest code). Every label competes, so with annotators worse than chance (skill below
   * 1/K, negative weight) a label nobody gave can win, as the one-coin model says. */
  labels: Int32Array;
  /** items x labels softmax of the scores: the exact class posterior of the one-coin model
   * with a uniform class prior. */
  posteriors: Float64Array;
  /** Per annotator code: smoothed skill in [1e-6, 1 - 1e-6] (see weightedVote). */
  skills: Float64Array;
  /** Per annotator code: log((K - 1) skill / (1 - skill)), K = number of labels (0 when K = 1). */
  weights: Float64Array;
  /** Per annotator: gold items answered (skill 'gold') or items labelled (skill 'majority'). */
  answered: Float64Array;
  /** Per annotator: of those, answers equal to the gold label / the majority label. */
  correct: Float64Array;
  /** Items whose top score was shared. */
  ties: number;
}

export interface GladResult {
  /** Most probable label code per item (ties: smallest code). */
  labels: Int32Array;
  /** items x labels class posteriors, row-major; rows sum to 1. */
  posteriors: Float64Array;
  /** Per annotator ability alpha: > 0 better than chance, 0 guessing, < 0 adversarial. */
  alphas: Float64Array;
  /** Per item log beta; beta = exp(logBeta) is the inverse difficulty (large = easy). */
  logBetas: Float64Array;
  /** EM iterations run. */
  iterations: number;
  /** Stopped by the tolerance (not by maxIterations). */
  converged: boolean;
  /** Final log posterior: log-likelihood plus the Gaussian log priors of alphas and log betas. */
  objective: number;
}

export interface MaceResult {
  /** Most probable label code per item (ties: smallest code). */
  labels: Int32Array;
  /** items x labels class posteriors, row-major; rows sum to 1. */
  posteriors: Float64Array;
  /** Per annotator: probability of not spamming (theta in Hovy et al. 2013), in [0, 1]. */
  competence: Float64Array;
  /** annotators x labels: the label distribution each annotator draws from when spamming. */
  strategies: Float64Array;
  /** Log marginal likelihood of the chosen restart (natural log). */
  logLikelihood: number;
  /** EM iterations of the chosen restart. */
  iterations: number;
  /** Index of the restart that was kept (best log marginal likelihood). */
  bestRestart: number;
}

/** Aggregation methods of an `Annotations` table. */
export interface AggregationMethods {
  /** Majority vote; ties go to the smallest label by default. weights: per annotator code
   * (finite, >= 0). Errors: LengthMismatch (weights), OutOfRange (NaN or negative weight),
   * InvalidArgument (seed not an integer >= 0, predProbs without ties: 'cleanlab').
   * ties: 'cleanlab' is cleanlab's get_majority_vote_label chain: among the tied labels keep
   * the largest predProbs, then the largest frequency over all annotations, then the best
   * mean quality of the item's annotators who gave it (agreement with the majority on untied
   * items), then a seeded random choice. */
  majorityVote(options?: {
    ties?: 'smallest' | 'abstain' | 'random' | 'cleanlab';
    seed?: number;
    weights?: ArrayLike<number> | null;
    fractions?: boolean;
    /** With ties: 'cleanlab' (optional): items x labels model probabilities, row-major. */
    predProbs?: ArrayLike<number> | null;
  }): MajorityVoteResult;
  /** Dawid-Skene EM (Dawid & Skene 1979) from vote fractions; stops when the
   * log-likelihood gain per item is below `tolerance` or after `maxIterations`.
   * `maxIterations: 0` returns the start state: posteriors = vote fractions, priors and
   * confusion estimated from them (crowd-kit DawidSkene(n_iter=0)). By default the priors and
   * confusion returned are those that produced the posteriors; `refitAfterLastEStep` re-estimates
   * them from the returned posteriors, as crowd-kit does, so that maxIterations = n with
   * tolerance 0 equals crowd-kit's n_iter = n in every field. Errors: InvalidArgument
   * (maxIterations not an integer >= 0, tolerance NaN or negative). */
  dawidSkene(options?: {
    maxIterations?: number;
    tolerance?: number;
    oneCoin?: boolean;
    refitAfterLastEStep?: boolean;
  }): DawidSkeneResult;
  /**
   * Skill-weighted vote. Skill of annotator a: accuracy on the gold answers attached with
   * `setGold` (`skill: 'gold'`) or agreement with the unweighted majority vote (`'majority'`,
   * default), smoothed by a Beta prior of strength m = `priorStrength` (default 2) towards the
   * pooled skill p0 of everyone: s = (correct + m p0) / (answered + m). Weight
   * w = log((K - 1) s / (1 - s)): the optimal weights for independent annotators with symmetric
   * errors (Nitzan & Paroush 1982; Li & Yu 2014).
   * Errors: EmptyInput ('gold' with no gold answers), InvalidArgument (priorStrength NaN or
   * negative); RangeError for an unknown `skill`.
   */
  weightedVote(options?: { skill?: 'majority' | 'gold'; priorStrength?: number }): WeightedVoteResult;
  /**
   * GLAD (Whitehill et al. 2009) in crowd-kit's multi-class form: P(correct) =
   * sigmoid(alpha_a * exp(logBeta_i)), wrong answers uniform over the other labels; N(mean, 1)
   * priors on alphas and log betas (means `alphaPriorMean`, `betaPriorMean`, default 1); fixed
   * class priors (`classPriors`, default uniform). EM with `mStepIterations` gradient steps per
   * M-step; stops when the log-posterior gain per annotation is below `tolerance`.
   * `maxIterations: 0` runs no EM iteration: the posteriors of the start values (alpha = 1,
   * log beta = 1), crowd-kit's first E-step.
   * Errors: InvalidArgument (maxIterations not an integer >= 0, mStepIterations not an integer
   * >= 1, NaN tolerance or prior means),
   * LengthMismatch / OutOfRange (classPriors).
   */
  glad(options?: {
    maxIterations?: number;
    tolerance?: number;
    mStepIterations?: number;
    alphaPriorMean?: number;
    betaPriorMean?: number;
    classPriors?: ArrayLike<number> | null;
  }): GladResult;
  /**
   * MACE (Hovy et al. 2013): each annotator spams with probability 1 - competence and then
   * answers from its strategy, else gives the true label. Variational Bayes (default; Beta(alpha,
   * beta) and Dirichlet(strategyPrior) priors) or plain EM (`variational: false`, with additive
   * `smoothing`, default 0.01 / K), from `restarts` seeded random starts (each start draws new
   * values, unlike crowd-kit whose restarts are identical); the start with the best log marginal
   * likelihood is kept. Same result natively and in WebAssembly for the same seed.
   * Errors: InvalidArgument (restarts, maxIterations or seed not valid integers; negative or
   * NaN tolerance, noise, priors).
   */
  mace(options?: {
    restarts?: number;
    maxIterations?: number;
    tolerance?: number;
    variational?: boolean;
    seed?: number;
    defaultNoise?: number;
    alpha?: number;
    beta?: number;
    strategyPrior?: number;
    smoothing?: number;
  }): MaceResult;
}

/** Boxes of several annotators on one image, as parallel arrays (one entry per box). */
export interface BoxesInput {
  /** Top-left corner and size (pixels, or any unit shared by every box); width, height > 0. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  width: ArrayLike<number>;
  height: ArrayLike<number>;
  /** Label code per box (integer >= 0); boxes fuse only within one label. */
  label: ArrayLike<number>;
  /** Annotator code per box (integer in [0, T)). */
  annotator: ArrayLike<number>;
  /** Confidence per box in [0, 1]; omitted: 1 for every box (a person's box). */
  score?: ArrayLike<number> | null;
}

export interface FusedBoxes {
  /** Fused boxes, by falling confidence: corners are the (score x weight)-weighted means of
   * the members' corners. */
  x: Float64Array;
  y: Float64Array;
  width: Float64Array;
  height: Float64Array;
  label: Int32Array;
  /** mean(score x weight) x min(T, members) / sum of the T annotator weights. */
  confidence: Float64Array;
  /** Distinct annotators among the members of each fused box. */
  annotators: Int32Array;
  /** Indices of the input boxes fused into each box. */
  members: Int32Array[];
}

/** Ratings for dawidSkeneRatings: rating r is annotator[r] giving label[r] to item[r]; an
 * (item, annotator) pair may repeat. Dense integer codes from 0. */
export interface RatingsInput {
  item: ArrayLike<number>;
  annotator: ArrayLike<number>;
  label: ArrayLike<number>;
}

/** Aggregation functions that need no table. */
export interface AggregationApi {
  /**
   * Dawid-Skene EM on ratings where an annotator may rate an item several times, counting every
   * rating as Dawid & Skene 1979 do (their observer 1 rated every patient three times): with
   * n_ial the times annotator a gave label l to item i, the start posteriors are
   * sum_a n_ial / sum_a,l n_ial (their eq. 3.1), the M-step C_a[k][l] is proportional to
   * sum_i T_ik n_ial (eq. 2.3) and the E-step multiplies C_a[k][l]^n_ial (eq. 2.5). With one
   * rating per (item, annotator) this equals `dawidSkene` on the same table. The core's
   * dawid_skene_ratings, the CLI's `aggregate --method ds --repeated-ratings`. `items`,
   * `annotators`, `labels` are the code counts (default: the largest code + 1); options and
   * result as `dawidSkene`. Errors: LengthMismatch (columns of different lengths), EmptyInput
   * (no ratings; an item without rating, path `items[i]`), InvalidArgument (a count < 1 or not
   * an integer, options), OutOfRange (`ratings[r].item` / `.annotator` / `.label` outside its
   * range); RangeError for a non-integer code.
   */
  dawidSkeneRatings(ratings: RatingsInput, options?: {
    items?: number | null;
    annotators?: number | null;
    labels?: number | null;
    maxIterations?: number;
    tolerance?: number;
    oneCoin?: boolean;
    refitAfterLastEStep?: boolean;
  }): DawidSkeneResult;
  /**
   * Weighted boxes fusion (Solovyev et al. 2021, as the ensemble_boxes package with conf_type
   * 'avg'): boxes by falling score x weight join the cluster of their label whose fused box
   * has the largest IoU >= `iouThreshold` (default 0.55), else start one. T (the number of
   * annotators who looked at the image) is `weights.length`, else `annotators`, else the
   * largest annotator code + 1. Boxes with score x weight below `skipThreshold` are dropped.
   * Errors: LengthMismatch (arrays of different lengths), OutOfRange (NaN or infinite
   * coordinates, width or height <= 0, score outside [0, 1], annotator outside [0, T), NaN or
   * negative weight; path `boxes[i].field`), InvalidArgument (iouThreshold outside (0, 1], all
   * weights 0); RangeError for a non-integer label or annotator code.
   */
  fuseBoxes(boxes: BoxesInput, options?: {
    iouThreshold?: number;
    weights?: ArrayLike<number> | null;
    annotators?: number;
    skipThreshold?: number;
  }): FusedBoxes;
}
