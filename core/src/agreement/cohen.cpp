// Two-annotator coefficients: percent agreement, Cohen's kappa, Scott's pi, Bennett's S.
#include <algorithm>
#include <cmath>
#include <limits>

#include "localabel/agreement.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The confusion matrix of two aligned vectors over the sorted union of their values.
struct Confusion {
  int32_t k = 0;
  std::vector<int64_t> counts;  // k x k, row = a's label rank, column = b's
  int64_t n = 0;
};

Result<Confusion> confusion(std::span<const int32_t> a, std::span<const int32_t> b) {
  if (a.size() != b.size())
    return make_error(ErrorCode::kLengthMismatch, "",
                      "annotator B has " + std::to_string(b.size()) + " labels, annotator A has " +
                          std::to_string(a.size()));
  if (a.empty()) return make_error(ErrorCode::kEmptyInput, "", "no labels to compare");
  int32_t lo = INT32_MAX, hi = INT32_MIN;
  const int32_t* pa = a.data();
  const int32_t* pb = b.data();
  const size_t n = a.size();
  for (size_t i = 0; i < n; ++i) {
    const int32_t x = pa[i] < pb[i] ? pa[i] : pb[i], y = pa[i] < pb[i] ? pb[i] : pa[i];
    lo = x < lo ? x : lo;
    hi = y > hi ? y : hi;
  }
  Confusion c;
  c.n = static_cast<int64_t>(a.size());
  const int64_t range = static_cast<int64_t>(hi) - lo + 1;
  if (range <= 256) {
    // Dense path: count on raw values, then drop the values that never occur.
    std::vector<int64_t> raw(static_cast<size_t>(range * range), 0);
    const int32_t r32 = static_cast<int32_t>(range);
    const uint32_t cells = static_cast<uint32_t>(range * range);
    if (cells <= 1024) {
      // Four interleaved 32-bit histograms, flushed every 2^30 pairs: consecutive equal
      // pairs (the common case with few labels) no longer wait on the previous increment.
      std::vector<uint32_t> part(4 * static_cast<size_t>(cells), 0);
      uint32_t* h = part.data();
      size_t i = 0;
      while (i < n) {
        const size_t end = std::min(n, i + (size_t{1} << 30));
        for (; i + 4 <= end; i += 4) {
          ++h[static_cast<uint32_t>((pa[i] - lo) * r32 + (pb[i] - lo))];
          ++h[cells + static_cast<uint32_t>((pa[i + 1] - lo) * r32 + (pb[i + 1] - lo))];
          ++h[2 * cells + static_cast<uint32_t>((pa[i + 2] - lo) * r32 + (pb[i + 2] - lo))];
          ++h[3 * cells + static_cast<uint32_t>((pa[i + 3] - lo) * r32 + (pb[i + 3] - lo))];
        }
        for (; i < end; ++i) ++h[static_cast<uint32_t>((pa[i] - lo) * r32 + (pb[i] - lo))];
        for (uint32_t c = 0; c < cells; ++c) {
          raw[c] += static_cast<int64_t>(h[c]) + h[cells + c] + h[2 * cells + c] + h[3 * cells + c];
          h[c] = h[cells + c] = h[2 * cells + c] = h[3 * cells + c] = 0;
        }
      }
    } else {
      for (size_t i = 0; i < n; ++i)
        ++raw[static_cast<uint32_t>((pa[i] - lo) * r32 + (pb[i] - lo))];
    }
    std::vector<int32_t> present;
    for (int64_t v = 0; v < range; ++v) {
      bool used = false;
      for (int64_t w = 0; w < range && !used; ++w) used = raw[v * range + w] || raw[w * range + v];
      if (used) present.push_back(static_cast<int32_t>(v));
    }
    c.k = static_cast<int32_t>(present.size());
    c.counts.assign(static_cast<size_t>(c.k) * c.k, 0);
    for (int32_t i = 0; i < c.k; ++i)
      for (int32_t j = 0; j < c.k; ++j)
        c.counts[i * c.k + j] = raw[present[i] * range + present[j]];
    return c;
  }
  std::vector<int32_t> values(a.begin(), a.end());
  values.insert(values.end(), b.begin(), b.end());
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() > 4096)
    return make_error(ErrorCode::kUnsupported, "",
                      "more than 4096 distinct labels: " + std::to_string(values.size()));
  c.k = static_cast<int32_t>(values.size());
  c.counts.assign(static_cast<size_t>(c.k) * c.k, 0);
  auto rank = [&](int32_t v) {
    return std::lower_bound(values.begin(), values.end(), v) - values.begin();
  };
  for (size_t i = 0; i < a.size(); ++i) ++c.counts[rank(a[i]) * c.k + rank(b[i])];
  return c;
}

AgreementResult undefined(AgreementResult r, std::string reason) {
  r.value = kNaN;
  r.undefined_reason = std::move(reason);
  return r;
}

}  // namespace

Result<AgreementResult> percent_agreement(std::span<const int32_t> a, std::span<const int32_t> b) {
  if (a.size() != b.size())
    return make_error(ErrorCode::kLengthMismatch, "",
                      "annotator B has " + std::to_string(b.size()) + " labels, annotator A has " +
                          std::to_string(a.size()));
  if (a.empty()) return make_error(ErrorCode::kEmptyInput, "", "no labels to compare");
  int64_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  AgreementResult r;
  r.n_units = static_cast<int64_t>(a.size());
  r.observed = static_cast<double>(same) / static_cast<double>(a.size());
  r.value = r.observed;
  return r;
}

Result<AgreementResult> cohen_kappa(std::span<const int32_t> a, std::span<const int32_t> b,
                                    KappaWeights weights) {
  auto c = confusion(a, b);
  if (!c) return c.error();
  const int32_t k = c->k;
  const double n = static_cast<double>(c->n);
  std::vector<double> rows(k, 0), cols(k, 0);
  for (int32_t i = 0; i < k; ++i)
    for (int32_t j = 0; j < k; ++j) {
      rows[i] += static_cast<double>(c->counts[i * k + j]);
      cols[j] += static_cast<double>(c->counts[i * k + j]);
    }
  double wo = 0, we = 0;
  for (int32_t i = 0; i < k; ++i)
    for (int32_t j = 0; j < k; ++j) {
      double d = static_cast<double>(i - j);
      double w = weights == KappaWeights::kNone     ? (i != j ? 1.0 : 0.0)
                 : weights == KappaWeights::kLinear ? std::abs(d)
                                                    : d * d;
      wo += w * static_cast<double>(c->counts[i * k + j]);
      we += w * rows[i] * cols[j] / n;
    }
  AgreementResult r;
  r.n_units = c->n;
  r.observed = 1.0 - wo / n;
  r.expected = 1.0 - we / n;
  if (we == 0)
    return undefined(r,
                     "both annotators used one and the same label on every item: chance "
                     "agreement is 1, so kappa is 0/0");
  r.value = 1.0 - wo / we;
  return r;
}

Result<AgreementResult> scott_pi(std::span<const int32_t> a, std::span<const int32_t> b) {
  auto c = confusion(a, b);
  if (!c) return c.error();
  const int32_t k = c->k;
  const double n = static_cast<double>(c->n);
  double po = 0, pe = 0;
  for (int32_t i = 0; i < k; ++i) {
    double marg = 0;
    for (int32_t j = 0; j < k; ++j)
      marg += static_cast<double>(c->counts[i * k + j] + c->counts[j * k + i]);
    pe += (marg / (2 * n)) * (marg / (2 * n));
    po += static_cast<double>(c->counts[i * k + i]) / n;
  }
  AgreementResult r;
  r.n_units = c->n;
  r.observed = po;
  r.expected = pe;
  if (pe >= 1.0)
    return undefined(r, "every label given is the same: chance agreement is 1, so pi is 0/0");
  r.value = (po - pe) / (1 - pe);
  return r;
}

Result<AgreementResult> bennett_s(std::span<const int32_t> a, std::span<const int32_t> b,
                                  int32_t n_categories) {
  auto c = confusion(a, b);
  if (!c) return c.error();
  if (n_categories == 1 || n_categories < 0 || (n_categories > 0 && n_categories < c->k))
    return make_error(ErrorCode::kInvalidArgument, "n_categories",
                      "must be 0 (use the labels seen) or at least the " + std::to_string(c->k) +
                          " labels seen, and not 1; got " + std::to_string(n_categories));
  const int32_t q = n_categories ? n_categories : c->k;
  double po = 0;
  for (int32_t i = 0; i < c->k; ++i) po += static_cast<double>(c->counts[i * c->k + i]);
  AgreementResult r;
  r.n_units = c->n;
  r.observed = po / static_cast<double>(c->n);
  if (q < 2) {
    r.expected = 1;
    return undefined(r, "only one category: chance agreement is 1, so S is 0/0");
  }
  r.expected = 1.0 / q;
  r.value = (r.observed - r.expected) / (1 - r.expected);
  return r;
}

Result<AlignedLabels> align_annotators(const AnnotationTable& table, int32_t a, int32_t b) {
  const int32_t na = table.n_annotators();
  if (a < 0 || a >= na || b < 0 || b >= na)
    return make_error(ErrorCode::kUnknownReference, "",
                      "annotator code " + std::to_string(a < 0 || a >= na ? a : b) +
                          " is not in the table (it has " + std::to_string(na) + " annotators)");
  if (a == b)
    return make_error(ErrorCode::kInvalidArgument, "", "compare two different annotators");
  AlignedLabels out;
  const int32_t ni = table.n_items();
  if (table.item_rows.empty()) {
    // Rows grouped by item: one sequential pass, branch-free (selects, and a compaction that
    // writes every item and advances only past items both annotators labelled).
    const int32_t* ann = table.annotator.data();
    const int32_t* lab = table.label.data();
    const int64_t* off = table.item_offsets.data();
    out.a.resize(static_cast<size_t>(ni) + 1);
    out.b.resize(static_cast<size_t>(ni) + 1);
    out.items.resize(static_cast<size_t>(ni) + 1);
    int32_t* pa = out.a.data();
    int32_t* pb = out.b.data();
    int32_t* pi = out.items.data();
    size_t n = 0;
    for (int32_t i = 0; i < ni; ++i) {
      int32_t la = -1, lb = -1;
      for (int64_t r = off[i]; r < off[i + 1]; ++r) {
        la = ann[r] == a ? lab[r] : la;
        lb = ann[r] == b ? lab[r] : lb;
      }
      pa[n] = la;
      pb[n] = lb;
      pi[n] = i;
      n += static_cast<size_t>((la >= 0) & (lb >= 0));
    }
    out.a.resize(n);
    out.b.resize(n);
    out.items.resize(n);
    return out;
  }
  std::vector<int32_t> la(static_cast<size_t>(ni), -1), lb(static_cast<size_t>(ni), -1);
  for (int64_t r = 0; r < table.rows(); ++r) {
    if (table.annotator[r] == a) la[table.item[r]] = table.label[r];
    if (table.annotator[r] == b) lb[table.item[r]] = table.label[r];
  }
  for (int32_t i = 0; i < ni; ++i)
    if (la[i] >= 0 && lb[i] >= 0) {
      out.a.push_back(la[i]);
      out.b.push_back(lb[i]);
      out.items.push_back(i);
    }
  return out;
}

Result<AgreementResult> cohen_kappa(const AnnotationTable& table, int32_t a, int32_t b,
                                    KappaWeights weights) {
  auto aligned = align_annotators(table, a, b);
  if (!aligned) return aligned.error();
  if (aligned->a.empty())
    return make_error(ErrorCode::kEmptyInput, "",
                      "annotators '" + table.annotators.name(a) + "' and '" +
                          table.annotators.name(b) + "' have no item in common");
  return cohen_kappa(aligned->a, aligned->b, weights);
}

}  // namespace localabel
