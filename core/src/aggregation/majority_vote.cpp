#include <algorithm>
#include <cmath>
#include <random>

#include "localabel/aggregation.h"

namespace localabel {

Result<MajorityVoteResult> majority_vote(const AnnotationTable& table,
                                         const MajorityVoteOptions& options) {
  const int32_t ni = table.n_items(), nl = table.n_labels(), na = table.n_annotators();
  const bool weighted = !options.weights.empty();
  if (weighted && static_cast<int32_t>(options.weights.size()) != na)
    return make_error(ErrorCode::kLengthMismatch, "weights",
                      "expected one weight per annotator (" + std::to_string(na) + "), got " +
                          std::to_string(options.weights.size()));
  for (size_t a = 0; a < options.weights.size(); ++a)
    if (!(options.weights[a] >= 0 && std::isfinite(options.weights[a])))
      return make_error(ErrorCode::kOutOfRange, "weights[" + std::to_string(a) + "]",
                        "a weight must be finite and >= 0");
  MajorityVoteResult out;
  out.labels.assign(static_cast<size_t>(ni), -1);
  if (options.fractions) out.fractions.assign(static_cast<size_t>(ni) * nl, 0.0);
  std::mt19937_64 rng(options.seed);
  std::vector<double> wcount(weighted ? static_cast<size_t>(nl) : 0, 0.0);
  std::vector<int32_t> count(static_cast<size_t>(nl), 0);
  std::vector<int32_t> tied;
  const int32_t* lab = table.label.data();
  const int32_t* ann = table.annotator.data();
  const bool grouped = table.item_rows.empty();
  for (int32_t i = 0; i < ni; ++i) {
    const int64_t b = table.item_offsets[i], e = table.item_offsets[i + 1];
    int32_t best = -1;
    bool tie = false;
    if (!weighted) {
      int32_t best_count = 0;
      for (int64_t k = b; k < e; ++k) {
        int32_t c = ++count[lab[grouped ? k : table.item_rows[k]]];
        if (c > best_count) best_count = c;
      }
      tied.clear();
      for (int64_t k = b; k < e; ++k) {
        int32_t l = lab[grouped ? k : table.item_rows[k]];
        if (count[l] <= 0) continue;  // already seen (negated below)
        if (options.fractions)
          out.fractions[static_cast<size_t>(i) * nl + l] =
              static_cast<double>(count[l]) / static_cast<double>(e - b);
        if (count[l] == best_count) tied.push_back(l);
        count[l] = -count[l];
      }
      for (int64_t k = b; k < e; ++k) count[lab[grouped ? k : table.item_rows[k]]] = 0;
      for (int32_t l : tied)
        if (best < 0 || l < best) best = l;
      tie = tied.size() > 1;
    } else {
      double total = 0;
      for (int64_t k = b; k < e; ++k) {
        int64_t r = grouped ? k : table.item_rows[k];
        wcount[lab[r]] += options.weights[ann[r]];
        total += options.weights[ann[r]];
      }
      double best_w = -1;
      for (int64_t k = b; k < e; ++k) {
        int32_t l = lab[grouped ? k : table.item_rows[k]];
        if (wcount[l] > best_w || (wcount[l] == best_w && l < best)) {
          best_w = wcount[l];
          best = l;
        }
      }
      tied.clear();
      for (int64_t k = b; k < e; ++k) {
        int32_t l = lab[grouped ? k : table.item_rows[k]];
        if (wcount[l] == best_w && std::find(tied.begin(), tied.end(), l) == tied.end())
          tied.push_back(l);
        if (options.fractions)
          out.fractions[static_cast<size_t>(i) * nl + l] = total > 0 ? wcount[l] / total : 0.0;
      }
      tie = tied.size() > 1;
      for (int64_t k = b; k < e; ++k) wcount[lab[grouped ? k : table.item_rows[k]]] = 0;
    }
    if (tie) {
      ++out.ties;
      if (options.tie_break == TieBreak::kAbstain) {
        best = -1;
      } else if (options.tie_break == TieBreak::kRandom) {
        std::sort(tied.begin(), tied.end());
        best = tied[std::uniform_int_distribution<size_t>(0, tied.size() - 1)(rng)];
      }
    }
    out.labels[i] = best;
  }
  return out;
}

}  // namespace localabel
