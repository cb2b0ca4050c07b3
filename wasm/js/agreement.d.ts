/** Agreement coefficients (see analytics.d.ts for the conventions). */

/** A chance-corrected agreement coefficient and its parts. */
export interface Agreement {
  /** The coefficient; NaN when undefined (see undefinedReason). */
  value: number;
  /** Observed agreement (kappa family) or observed disagreement D_o (alpha). */
  observed: number;
  /** Chance agreement (kappa family) or expected disagreement D_e (alpha). */
  expected: number;
  /** Items that entered the computation. */
  units: number;
  /** Empty unless value is NaN. */
  undefinedReason: string;
}

/**
 * Cohen's kappa weights: position differences in the sorted label set (scikit-learn's
 * cohen_kappa_score convention): none = 1 - [i == j], linear = |i - j|, quadratic = (i - j)^2.
 */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

/**
 * Krippendorff's alpha level (difference function): nominal [c != k]; ordinal Krippendorff's
 * rank metric on value frequencies; interval (c - k)^2; ratio ((c - k)/(c + k))^2.
 */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Agreement methods of an `Annotations` table. */
export interface AgreementMethods {
  /** Cohen's kappa of two annotators (id or code) on their common items. */
  cohenKappa(a: string | number, b: string | number, options?: { weights?: KappaWeights }): Agreement;
  /** Fleiss' kappa (Fleiss 1971); throws InvalidArgument when items have unequal numbers of
   * answers (use krippendorffAlpha). */
  fleissKappa(): Agreement;
  /** Krippendorff's alpha (Krippendorff 2011) with missing values. Interval and ratio need
   * numeric labels; ordinal on text labels uses the declared label order. */
  krippendorffAlpha(options?: { level?: AlphaLevel }): Agreement;
}

/** Agreement functions on label vectors, count tables and matrices. */
export interface AgreementApi {
  /** Share of positions where a[i] == b[i]. */
  percentAgreement(a: ArrayLike<number>, b: ArrayLike<number>): Agreement;
  /** Cohen's kappa of two aligned label vectors (Cohen 1960/1968; same as scikit-learn). */
  cohenKappa(a: ArrayLike<number>, b: ArrayLike<number>, options?: { weights?: KappaWeights }): Agreement;
  /** Scott's pi (Scott 1955): chance agreement from the pooled label distribution. */
  scottPi(a: ArrayLike<number>, b: ArrayLike<number>): Agreement;
  /** Bennett's S (1954): chance agreement 1/q; `categories` q (0 = labels seen). */
  bennettS(a: ArrayLike<number>, b: ArrayLike<number>, options?: { categories?: number }): Agreement;
  /** Fleiss' kappa of an items x categories count table (equal raters per item). */
  fleissKappa(counts: ArrayLike<number>, nItems: number, nCategories: number): Agreement;
  /** Krippendorff's alpha of an annotators x items matrix; NaN marks a missing value. */
  krippendorffAlpha(matrix: ArrayLike<number>, nAnnotators: number, nItems: number,
                    options?: { level?: AlphaLevel }): Agreement;
}
