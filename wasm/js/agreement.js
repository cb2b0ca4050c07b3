// Agreement coefficients: on aligned label vectors, count tables, matrices (agreementApi) and
// on a loaded table of annotations (agreementMethods). Types: agreement.d.ts.
import { TABLE, check, f64, i32 } from './analytics_shared.js';

export const WEIGHTS = new Set(['none', 'linear', 'quadratic']);
export const LEVELS = new Set(['nominal', 'ordinal', 'interval', 'ratio']);

export const agreementMethods = {
  cohenKappa(a, b, { weights = 'none' } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.agreement_table_cohen_kappa(
        t.handle, t.code(a, 'annotators'), t.code(b, 'annotators'),
        check('weights', weights, WEIGHTS)));
  },
  fleissKappa() {
    const t = this[TABLE]();
    return t.unwrap(t.core.agreement_table_fleiss_kappa(t.handle));
  },
  krippendorffAlpha({ level = 'nominal' } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.agreement_table_krippendorff_alpha(t.handle, check('level', level, LEVELS)));
  },
};

export function agreementApi({ core, unwrap }) {
  return {
    percentAgreement(a, b) { return unwrap(core.agreement_percent(i32(a), i32(b))); },
    cohenKappa(a, b, { weights = 'none' } = {}) {
      return unwrap(core.agreement_cohen_kappa(i32(a), i32(b), check('weights', weights, WEIGHTS)));
    },
    scottPi(a, b) { return unwrap(core.agreement_scott_pi(i32(a), i32(b))); },
    bennettS(a, b, { categories = 0 } = {}) {
      return unwrap(core.agreement_bennett_s(i32(a), i32(b), categories));
    },
    fleissKappa(counts, nItems, nCategories) {
      return unwrap(core.agreement_fleiss_kappa(i32(counts), nItems, nCategories));
    },
    krippendorffAlpha(matrix, nAnnotators, nItems, { level = 'nominal' } = {}) {
      return unwrap(core.agreement_krippendorff_alpha(
          f64(matrix), nAnnotators, nItems, check('level', level, LEVELS)));
    },
  };
}
