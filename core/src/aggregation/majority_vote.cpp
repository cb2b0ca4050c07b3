#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

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
  const bool cleanlab = options.tie_break == TieBreak::kCleanlab;
  if (!options.pred_probs.empty()) {
    if (!cleanlab)
      return make_error(ErrorCode::kInvalidArgument, "pred_probs",
                        "only used by the cleanlab tie-break");
    if (options.pred_probs.size() != static_cast<size_t>(ni) * static_cast<size_t>(nl))
      return make_error(ErrorCode::kLengthMismatch, "pred_probs",
                        "expected n_items x n_labels = " + std::to_string(ni) + " x " +
                            std::to_string(nl) + " values, got " +
                            std::to_string(options.pred_probs.size()));
    for (size_t j = 0; j < options.pred_probs.size(); ++j)
      if (!std::isfinite(options.pred_probs[j]))
        return make_error(ErrorCode::kOutOfRange,
                          "pred_probs[" + std::to_string(j / static_cast<size_t>(nl)) + "][" +
                              std::to_string(j % static_cast<size_t>(nl)) + "]",
                          "must be finite");
  }
  MajorityVoteResult out;
  out.labels.assign(static_cast<size_t>(ni), -1);
  // cleanlab: the tied labels of each tied item, resolved once every item is counted.
  std::vector<std::pair<int32_t, std::vector<int32_t>>> pending;
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
      } else if (cleanlab) {
        std::sort(tied.begin(), tied.end());
        pending.emplace_back(i, tied);
        best = -1;
      }
    }
    out.labels[i] = best;
  }
  if (pending.empty()) return out;

  // cleanlab multiannotator.get_majority_vote_label, in its order: (1) the largest predicted
  // probability, (2) the largest class frequency over all annotations, (3) the largest mean
  // quality of the annotators who gave the label on this item, quality = agreement with the
  // majority on the items that were not tied, (4) a seeded random choice.
  std::vector<int64_t> frequency(static_cast<size_t>(nl), 0);
  for (int64_t r = 0; r < table.rows(); ++r) ++frequency[lab[r]];
  std::vector<double> agree(static_cast<size_t>(na), 0.0), seen(static_cast<size_t>(na), 0.0);
  std::vector<uint8_t> is_tied(static_cast<size_t>(ni), 0);
  for (const auto& p : pending) is_tied[p.first] = 1;
  for (int64_t r = 0; r < table.rows(); ++r) {
    if (is_tied[table.item[r]]) continue;
    seen[ann[r]] += 1;
    agree[ann[r]] += lab[r] == out.labels[table.item[r]];
  }
  auto keep_max = [](std::vector<int32_t>* labels, const std::vector<double>& score) {
    double top = -std::numeric_limits<double>::infinity();
    for (double v : score)
      if (!std::isnan(v)) top = std::max(top, v);
    std::vector<int32_t> kept;
    for (size_t j = 0; j < labels->size(); ++j)
      if (score[j] == top) kept.push_back((*labels)[j]);
    if (!kept.empty()) labels->swap(kept);  // every score NaN: the tie stays
  };
  for (auto& [i, labels] : pending) {
    std::vector<double> score(labels.size());
    if (!options.pred_probs.empty()) {
      for (size_t j = 0; j < labels.size(); ++j)
        score[j] = options.pred_probs[static_cast<size_t>(i) * nl + labels[j]];
      keep_max(&labels, score);
    }
    if (labels.size() > 1) {
      score.resize(labels.size());
      for (size_t j = 0; j < labels.size(); ++j)
        score[j] = static_cast<double>(frequency[labels[j]]);
      keep_max(&labels, score);
    }
    if (labels.size() > 1) {
      score.assign(labels.size(), 0.0);
      std::vector<double> n(labels.size(), 0.0);
      for (int64_t k = table.item_offsets[i]; k < table.item_offsets[i + 1]; ++k) {
        const int64_t r = grouped ? k : table.item_rows[k];
        const auto at = std::find(labels.begin(), labels.end(), lab[r]);
        if (at == labels.end()) continue;
        const size_t j = static_cast<size_t>(at - labels.begin());
        // An annotator without untied items has no quality: NaN, as numpy's mean of nothing.
        score[j] += seen[ann[r]] > 0 ? agree[ann[r]] / seen[ann[r]]
                                     : std::numeric_limits<double>::quiet_NaN();
        n[j] += 1;
      }
      for (size_t j = 0; j < labels.size(); ++j) score[j] /= n[j];
      keep_max(&labels, score);
    }
    out.labels[i] = labels.size() == 1
                        ? labels[0]
                        : labels[std::uniform_int_distribution<size_t>(0, labels.size() - 1)(rng)];
  }
  return out;
}

}  // namespace localabel
