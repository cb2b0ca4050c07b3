// Skill-weighted vote with log-odds weights (Nitzan & Paroush 1982; Li & Yu 2014).
#include <algorithm>
#include <cmath>

#include "localabel/aggregation.h"

namespace localabel {

Result<WeightedVoteResult> weighted_vote(const AnnotationTable& table,
                                         const WeightedVoteOptions& options) {
  if (table.rows() == 0 || table.n_items() == 0)
    return make_error(ErrorCode::kEmptyInput, "", "the table has no annotations");
  if (!(options.prior_strength >= 0) || !std::isfinite(options.prior_strength))
    return make_error(ErrorCode::kInvalidArgument, "prior_strength", "must be finite and >= 0");
  const int32_t ni = table.n_items(), K = table.n_labels(), A = table.n_annotators();
  const size_t kk = static_cast<size_t>(K);
  WeightedVoteResult out;
  out.answered.assign(static_cast<size_t>(A), 0);
  out.correct.assign(static_cast<size_t>(A), 0);
  // Reference label per item: gold, or the unweighted majority; -1 when none.
  std::vector<int32_t> reference(static_cast<size_t>(ni), -1);
  if (options.source == SkillSource::kGold) {
    if (options.gold.empty())
      return make_error(ErrorCode::kEmptyInput, "gold",
                        "skills from gold need gold answers; none were given");
    for (size_t g = 0; g < options.gold.size(); ++g) {
      const GoldAnswer& a = options.gold[g];
      const std::string path = "gold[" + std::to_string(g) + "]";
      if (a.item < 0 || a.item >= ni)
        return make_error(ErrorCode::kOutOfRange, path,
                          "item code " + std::to_string(a.item) + " is outside the table (" +
                              std::to_string(ni) + " items)");
      if (a.label < 0 || a.label >= K)
        return make_error(ErrorCode::kOutOfRange, path,
                          "label code " + std::to_string(a.label) + " is outside the table (" +
                              std::to_string(K) + " labels)");
      if (reference[a.item] >= 0)
        return make_error(ErrorCode::kDuplicate, path,
                          "item '" + table.items.name(a.item) + "' has two gold answers");
      reference[a.item] = a.label;
    }
  } else {
    auto mv = majority_vote(table);
    if (!mv.ok()) return mv.error();
    reference = std::move(mv->labels);
  }
  int64_t all_answered = 0, all_correct = 0;
  for (int64_t r = 0; r < table.rows(); ++r) {
    const int32_t ref = reference[table.item[r]];
    if (ref < 0) continue;
    ++out.answered[table.annotator[r]];
    out.correct[table.annotator[r]] += table.label[r] == ref;
  }
  for (int32_t a = 0; a < A; ++a) {
    all_answered += out.answered[a];
    all_correct += out.correct[a];
  }
  // Pooled skill: the prior mean; with no reference at all (cannot happen for majority), 1/K.
  const double p0 = all_answered > 0 ? static_cast<double>(all_correct) / all_answered : 1.0 / K;
  const double m = options.prior_strength, lo = 1e-6, hi = 1 - 1e-6;
  out.skills.resize(static_cast<size_t>(A));
  out.weights.resize(static_cast<size_t>(A));
  for (int32_t a = 0; a < A; ++a) {
    const double n = static_cast<double>(out.answered[a]);
    double s = n + m > 0 ? (static_cast<double>(out.correct[a]) + m * p0) / (n + m) : p0;
    s = std::clamp(s, lo, hi);
    out.skills[a] = s;
    out.weights[a] = K > 1 ? std::log((K - 1) * s / (1 - s)) : 0.0;
  }
  out.labels.assign(static_cast<size_t>(ni), 0);
  out.posteriors.assign(static_cast<size_t>(ni) * kk, 0.0);
  for (int32_t i = 0; i < ni; ++i) {
    double* score = &out.posteriors[static_cast<size_t>(i) * kk];
    for (int64_t j = 0; j < table.item_offsets[i + 1] - table.item_offsets[i]; ++j) {
      const int64_t r = table.row_of(i, j);
      score[table.label[r]] += out.weights[table.annotator[r]];
    }
    int32_t best = 0, shared = 1;
    for (int32_t k = 1; k < K; ++k) {
      if (score[k] > score[best]) {
        best = k;
        shared = 1;
      } else if (score[k] == score[best]) {
        ++shared;
      }
    }
    out.labels[i] = best;
    if (shared > 1) ++out.ties;
    const double mx = score[best];
    double z = 0;
    for (size_t k = 0; k < kk; ++k) z += (score[k] = std::exp(score[k] - mx));
    for (size_t k = 0; k < kk; ++k) score[k] /= z;
  }
  return out;
}

}  // namespace localabel
