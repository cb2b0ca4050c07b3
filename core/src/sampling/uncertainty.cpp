// Uncertainty scores, exact top-k selection, committee disagreement, expected gradient length.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "localabel/sampling.h"

namespace localabel {

namespace {

Status validate_probs(const MatrixView& probs, const char* what) {
  Status s = validate_matrix(probs, what, 1, false);
  if (!s) return s;
  const int64_t n = probs.rows * probs.cols;
  for (int64_t i = 0; i < n; ++i) {
    const float p = probs.data[i];
    // Written so that NaN fails too.
    if (!(p >= 0.0f && p <= 1.0f))
      return make_error(ErrorCode::kOutOfRange,
                        std::string(what) + "[" + std::to_string(i / probs.cols) + "][" +
                            std::to_string(i % probs.cols) + "]",
                        "expected a probability in [0, 1]");
  }
  return Ok{};
}

inline float entropy_of(const float* p, int64_t k) {
  float h = 0.0f;
  for (int64_t j = 0; j < k; ++j)
    if (p[j] > 0.0f) h -= p[j] * std::log(p[j]);
  return h;
}

}  // namespace

Result<std::vector<float>> uncertainty_scores(const MatrixView& probs, Uncertainty measure) {
  Status s = validate_probs(probs, "probs");
  if (!s) return s.error();
  const int64_t n = probs.rows, k = probs.cols;
  std::vector<float> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const float* p = probs.row(i);
    float score = 0.0f;
    switch (measure) {
      case Uncertainty::kLeastConfidence:
        score = 1.0f - *std::max_element(p, p + k);
        break;
      case Uncertainty::kMargin: {
        // Largest and second largest without branches (the conditionals compile to selects);
        // a single class has margin p - 0.
        float a = -1.0f, b = 0.0f;
        for (int64_t j = 0; j < k; ++j) {
          const float x = p[j];
          const float lo = x < a ? x : a;
          b = lo > b ? lo : b;
          a = x > a ? x : a;
        }
        score = a - b;
        break;
      }
      case Uncertainty::kEntropy:
        score = entropy_of(p, k);
        break;
    }
    out[static_cast<size_t>(i)] = score;
  }
  return out;
}

namespace {

// An order-preserving key of a float (not NaN): -0 and +0 share one key, negative values sort
// below positive ones.
inline uint32_t order_key(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  if (bits == 0x80000000u) bits = 0;
  return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

inline float from_order_key(uint32_t key) {
  const uint32_t bits = (key & 0x80000000u) ? key & 0x7FFFFFFFu : ~key;
  float v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// The k-th largest (or smallest) value of v (1 <= k <= v.size()), by a two-pass radix
// selection on the keys' high and low 16 bits: linear time, and the same on every standard
// library (nth_element's speed differs a lot between libstdc++ and libc++).
float kth_best(const std::vector<float>& v, int64_t k, bool largest) {
  std::vector<uint32_t> count(65536);
  const uint32_t flip = largest ? 0xFFFFFFFFu : 0;  // rank from the best end
  for (float x : v) ++count[(order_key(x) ^ flip) >> 16];
  int64_t left = k;
  uint32_t high = 0;
  while (static_cast<int64_t>(count[high]) < left) left -= count[high++];
  std::fill(count.begin(), count.end(), 0);
  for (float x : v) {
    const uint32_t key = order_key(x) ^ flip;
    if ((key >> 16) == high) ++count[key & 0xFFFFu];
  }
  uint32_t low = 0;
  while (static_cast<int64_t>(count[low]) < left) left -= count[low++];
  return from_order_key(((high << 16) | low) ^ flip);
}

}  // namespace

std::vector<int64_t> top_k_indices(const std::vector<float>& scores, int64_t k, bool largest) {
  const int64_t n = static_cast<int64_t>(scores.size());
  k = std::clamp<int64_t>(k, 0, n);
  if (k == 0) return {};
  // better(a, b): a comes before b in the ranking.
  auto better = [largest](float a, float b) { return largest ? a > b : a < b; };
  // The k-th best value is the threshold; everything strictly better is in, then the
  // threshold's ties in index order until k are filled.
  const float threshold = kth_best(scores, k, largest);
  std::vector<int64_t> picked;
  picked.reserve(static_cast<size_t>(k));
  for (int64_t i = 0; i < n; ++i)
    if (better(scores[static_cast<size_t>(i)], threshold)) picked.push_back(i);
  for (int64_t i = 0; i < n && static_cast<int64_t>(picked.size()) < k; ++i)
    if (scores[static_cast<size_t>(i)] == threshold) picked.push_back(i);
  std::sort(picked.begin(), picked.end(), [&](int64_t a, int64_t b) {
    const float sa = scores[static_cast<size_t>(a)], sb = scores[static_cast<size_t>(b)];
    if (sa != sb) return better(sa, sb);
    return a < b;
  });
  return picked;
}

Result<std::vector<int64_t>> select_uncertain(const MatrixView& probs, Uncertainty measure,
                                              int64_t k, const std::vector<uint8_t>* exclude) {
  if (k < 0) return make_error(ErrorCode::kInvalidArgument, "k", "must not be negative");
  if (exclude && static_cast<int64_t>(exclude->size()) != probs.rows)
    return make_error(ErrorCode::kLengthMismatch, "exclude",
                      "has " + std::to_string(exclude->size()) + " entries, probs has " +
                          std::to_string(probs.rows) + " rows");
  auto scores = uncertainty_scores(probs, measure);
  if (!scores) return scores.error();
  const bool largest = measure != Uncertainty::kMargin;
  if (!exclude) return top_k_indices(*scores, k, largest);
  std::vector<int64_t> rows;
  std::vector<float> kept;
  for (int64_t i = 0; i < probs.rows; ++i)
    if (!(*exclude)[static_cast<size_t>(i)]) {
      rows.push_back(i);
      kept.push_back((*scores)[static_cast<size_t>(i)]);
    }
  std::vector<int64_t> local = top_k_indices(kept, k, largest);
  for (auto& r : local) r = rows[static_cast<size_t>(r)];
  return local;
}

Result<std::vector<float>> committee_disagreement(const std::vector<MatrixView>& members,
                                                  CommitteeDisagreement measure) {
  if (members.empty()) return make_error(ErrorCode::kEmptyInput, "members", "no members");
  for (size_t m = 0; m < members.size(); ++m) {
    const std::string name = "members[" + std::to_string(m) + "]";
    Status s = validate_probs(members[m], name.c_str());
    if (!s) return s.error();
    if (members[m].rows != members[0].rows || members[m].cols != members[0].cols)
      return make_error(ErrorCode::kLengthMismatch, name,
                        "shape differs from members[0] (" + std::to_string(members[0].rows) + "x" +
                            std::to_string(members[0].cols) + ")");
  }
  const int64_t n = members[0].rows, k = members[0].cols;
  const double mcount = static_cast<double>(members.size());
  std::vector<float> out(static_cast<size_t>(n));
  std::vector<double> consensus(static_cast<size_t>(k));
  for (int64_t i = 0; i < n; ++i) {
    std::fill(consensus.begin(), consensus.end(), 0.0);
    double score = 0.0;
    if (measure == CommitteeDisagreement::kVoteEntropy) {
      for (const MatrixView& m : members) {
        const float* p = m.row(i);
        consensus[static_cast<size_t>(std::max_element(p, p + k) - p)] += 1.0;
      }
      for (double v : consensus)
        if (v > 0) score -= (v / mcount) * std::log(v / mcount);
    } else {
      for (const MatrixView& m : members)
        for (int64_t j = 0; j < k; ++j) consensus[static_cast<size_t>(j)] += m.row(i)[j];
      for (double& v : consensus) v /= mcount;
      if (measure == CommitteeDisagreement::kConsensusEntropy) {
        for (double v : consensus)
          if (v > 0) score -= v * std::log(v);
      } else {
        double max_kl = 0.0, sum_kl = 0.0;
        for (const MatrixView& m : members) {
          double kl = 0.0;
          for (int64_t j = 0; j < k; ++j) {
            const double p = m.row(i)[j];
            // p > 0 implies consensus > 0, so the ratio is finite.
            if (p > 0) kl += p * std::log(p / consensus[static_cast<size_t>(j)]);
          }
          max_kl = std::max(max_kl, kl);
          sum_kl += kl;
        }
        score = measure == CommitteeDisagreement::kMaxKlDisagreement ? max_kl : sum_kl / mcount;
      }
    }
    out[static_cast<size_t>(i)] = static_cast<float>(score);
  }
  return out;
}

Result<std::vector<float>> expected_gradient_length(const MatrixView& probs,
                                                    const MatrixView& features) {
  Status s = validate_probs(probs, "probs");
  if (!s) return s.error();
  s = validate_matrix(features, "features");
  if (!s) return s.error();
  if (features.rows != probs.rows)
    return make_error(
        ErrorCode::kLengthMismatch, "features",
        "has " + std::to_string(features.rows) + " rows, probs has " + std::to_string(probs.rows));
  const int64_t n = probs.rows, k = probs.cols, d = features.cols;
  std::vector<float> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    double xnorm2 = 1.0;  // the intercept's constant feature
    for (int64_t j = 0; j < d; ++j) xnorm2 += double(features.row(i)[j]) * features.row(i)[j];
    const float* p = probs.row(i);
    double p2 = 0.0;
    for (int64_t c = 0; c < k; ++c) p2 += double(p[c]) * p[c];
    double expected = 0.0;
    // ‖p − e_y‖² = ‖p‖² − 2 p_y + 1.
    for (int64_t y = 0; y < k; ++y)
      expected += p[y] * std::sqrt(std::max(0.0, p2 - 2.0 * p[y] + 1.0));
    out[static_cast<size_t>(i)] = static_cast<float>(std::sqrt(xnorm2) * expected);
  }
  return out;
}

}  // namespace localabel
