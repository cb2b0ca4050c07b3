// Gold checks and per-annotator statistics on a loaded table of annotations. Types: gold.d.ts.
import { TABLE } from './analytics_shared.js';

export const goldMethods = {
  goldAccuracy() {
    const t = this[TABLE]();
    return t.unwrap(t.core.gold_accuracy(t.handle));
  },
  qualificationTest(annotator, { threshold = 0.85 } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.gold_qualification_test(t.handle, t.code(annotator, 'annotators'), threshold));
  },
  annotatorStats({ pricePerLabel = 0 } = {}) {
    const t = this[TABLE]();
    return t.unwrap(t.core.gold_annotator_stats(t.handle, pricePerLabel));
  },
};

export function goldApi() {
  return {};
}
