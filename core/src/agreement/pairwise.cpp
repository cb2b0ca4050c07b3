// Pairwise agreement matrices: every annotator pair's shared items, percent agreement and
// Cohen's kappa, from one pass over the pairs of answers of each item.
#include <limits>

#include "localabel/agreement.h"

namespace localabel {
namespace {

constexpr int32_t kMaxPairwiseAnnotators = 1024;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

Result<PairwiseAgreement> pairwise_agreement(const AnnotationTable& table, KappaWeights weights) {
  if (table.rows() == 0) return make_error(ErrorCode::kEmptyInput, "", "the table is empty");
  const int32_t na = table.n_annotators();
  if (na > kMaxPairwiseAnnotators)
    return make_error(ErrorCode::kUnsupported, "",
                      std::to_string(na) + " annotators; pairwise matrices support at most " +
                          std::to_string(kMaxPairwiseAnnotators));
  const size_t cells = static_cast<size_t>(na) * static_cast<size_t>(na);
  PairwiseAgreement out;
  out.n_annotators = na;
  out.shared_items.assign(cells, 0);
  out.percent.assign(cells, kNaN);
  out.kappa.assign(cells, kNaN);
  out.kappa_reason.assign(cells, std::string());
  const int32_t ni = table.n_items();
  // Pass 1: shared items per ordered pair (a < b) and answers per annotator.
  for (int32_t i = 0; i < ni; ++i) {
    const int64_t m = table.item_offsets[i + 1] - table.item_offsets[i];
    for (int64_t j = 0; j < m; ++j) {
      const int32_t x = table.annotator[table.row_of(i, j)];
      ++out.shared_items[static_cast<size_t>(x) * na + x];
      for (int64_t k = j + 1; k < m; ++k) {
        const int32_t y = table.annotator[table.row_of(i, k)];
        const int32_t lo = x < y ? x : y, hi = x < y ? y : x;
        ++out.shared_items[static_cast<size_t>(lo) * na + hi];
      }
    }
  }
  // Offsets of each pair's block in one flat array of (label of lo, label of hi).
  std::vector<int64_t> offset(cells + 1, 0);
  for (int32_t a = 0; a < na; ++a)
    for (int32_t b = 0; b < na; ++b) {
      const size_t c = static_cast<size_t>(a) * na + b;
      offset[c + 1] = offset[c] + (a < b ? out.shared_items[c] : 0);
    }
  std::vector<int32_t> la(static_cast<size_t>(offset[cells])), lb(la.size());
  std::vector<int64_t> fill(offset.begin(), offset.end() - 1);
  for (int32_t i = 0; i < ni; ++i) {
    const int64_t m = table.item_offsets[i + 1] - table.item_offsets[i];
    for (int64_t j = 0; j < m; ++j) {
      const int64_t rj = table.row_of(i, j);
      for (int64_t k = j + 1; k < m; ++k) {
        const int64_t rk = table.row_of(i, k);
        int64_t r_lo = rj, r_hi = rk;
        if (table.annotator[rj] > table.annotator[rk]) std::swap(r_lo, r_hi);
        const size_t c = static_cast<size_t>(table.annotator[r_lo]) * na + table.annotator[r_hi];
        const int64_t at = fill[c]++;
        la[at] = table.label[r_lo];
        lb[at] = table.label[r_hi];
      }
    }
  }
  for (int32_t a = 0; a < na; ++a) {
    const size_t d = static_cast<size_t>(a) * na + a;
    out.kappa_reason[d] = "same annotator: an annotator is not compared with itself";
    for (int32_t b = a + 1; b < na; ++b) {
      const size_t c = static_cast<size_t>(a) * na + b, t = static_cast<size_t>(b) * na + a;
      const int64_t n = out.shared_items[c];
      out.shared_items[t] = n;
      if (n == 0) {
        out.kappa_reason[c] = out.kappa_reason[t] = "no item in common";
        continue;
      }
      std::span<const int32_t> sa(la.data() + offset[c], static_cast<size_t>(n));
      std::span<const int32_t> sb(lb.data() + offset[c], static_cast<size_t>(n));
      auto p = percent_agreement(sa, sb);
      auto k = cohen_kappa(sa, sb, weights);
      if (!p) return p.error();
      if (!k) return k.error();
      out.percent[c] = out.percent[t] = p->value;
      out.kappa[c] = out.kappa[t] = k->value;
      out.kappa_reason[c] = out.kappa_reason[t] = k->undefined_reason;
    }
  }
  return out;
}

}  // namespace localabel
