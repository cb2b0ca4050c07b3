// Uncertainty scores, exact top-k selection, committee disagreement, expected gradient length.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "localabel/sampling.h"
#include "sampling/kernels.h"

namespace localabel {

namespace {

Status validate_probs(const MatrixView& probs, const char* what) {
  Status s = validate_matrix(probs, what, 1, false);
  if (!s) return s;
  const int64_t n = probs.rows * probs.cols;
  // Blocks of 64 values are checked with vector compares (a scalar loop with an early exit
  // is several times slower in WebAssembly); the scalar loop finds the first bad value of a
  // failing block and checks the tail.
  int64_t i = 0;
  for (; i + 64 <= n; i += 64) {
    internal::Int4 ok = {-1, -1, -1, -1};
    for (int64_t j = 0; j < 64; j += 4) {
      const internal::Float4 x = internal::load4(probs.data + i + j);
      ok &= (x >= 0.0f) & (x <= 1.0f);  // false for NaN
    }
    if ((ok[0] & ok[1] & ok[2] & ok[3]) == 0) break;
  }
  for (; i < n; ++i) {
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

// p · ln p for four probabilities, 0 where p = 0.
inline internal::Float4 p_log_p4(internal::Float4 p) {
  const internal::Int4 positive = p > 0.0f;
  return positive ? p * internal::log4(positive ? p : internal::splat4(1.0f))
                  : internal::splat4(0.0f);
}

// Entropy −Σ p ln p (natural log, log4 of kernels.h) of every row into out: the terms of a block of
// rows in vector steps over the contiguous values (the last partial step padded with zeros), then
// each row's sum in column order.
void entropy_rows(const MatrixView& probs, float* out) {
  const int64_t n = probs.rows, k = probs.cols;
  const int64_t block = std::max<int64_t>(1, 1024 / k);
  std::vector<float> terms(static_cast<size_t>(block * k + 4));
  for (int64_t r0 = 0; r0 < n; r0 += block) {
    const int64_t rows = std::min(block, n - r0), m = rows * k;
    const float* src = probs.row(r0);
    int64_t j = 0;
    for (; j + 4 <= m; j += 4)
      internal::store4(terms.data() + j, p_log_p4(internal::load4(src + j)));
    if (j < m) {
      float pad[4] = {0, 0, 0, 0};
      std::memcpy(pad, src + j, static_cast<size_t>(m - j) * sizeof(float));
      internal::store4(terms.data() + j, p_log_p4(internal::load4(pad)));
    }
    for (int64_t r = 0; r < rows; ++r) {
      float h = 0.0f;
      for (int64_t c = 0; c < k; ++c) h -= terms[static_cast<size_t>(r * k + c)];
      out[r0 + r] = h;
    }
  }
}

// Largest (a) and second largest (b) value of a row of k probabilities, without branches:
// a starts at -1 (below every probability) and b at 0, so a single class has margin p - 0.
// T is float for one row or Float4 for four rows in its lanes; the same operations per lane,
// so both give the same bits (the conditionals are selects, vector selects for Float4).
template <typename T>
inline void top_two(const float* p, int64_t stride, int64_t k, T& a, T& b) {
  a = T{} - 1.0f;
  b = T{};
  for (int64_t j = 0; j < k; ++j) {
    T x;
    if constexpr (std::is_same_v<T, float>) {
      x = p[j];
    } else {
      x = T{p[j], p[stride + j], p[2 * stride + j], p[3 * stride + j]};
    }
    const T lo = x < a ? x : a;
    b = lo > b ? lo : b;
    a = x > a ? x : a;
  }
}

}  // namespace

Result<std::vector<float>> uncertainty_scores(const MatrixView& probs, Uncertainty measure) {
  Status s = validate_probs(probs, "probs");
  if (!s) return s.error();
  const int64_t n = probs.rows, k = probs.cols;
  std::vector<float> out(static_cast<size_t>(n));
  if (measure == Uncertainty::kEntropy) {
    entropy_rows(probs, out.data());
    return out;
  }
  // Least confidence 1 - max and margin max - second: four rows per step in vector lanes
  // (scalar loops with selects are several times slower in WebAssembly), then the rest.
  const bool margin = measure == Uncertainty::kMargin;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    internal::Float4 a, b;
    top_two(probs.row(i), k, k, a, b);
    internal::store4(out.data() + i, margin ? a - b : internal::splat4(1.0f) - a);
  }
  for (; i < n; ++i) {
    float a, b;
    top_two(probs.row(i), k, k, a, b);
    out[static_cast<size_t>(i)] = margin ? a - b : 1.0f - a;
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

}  // namespace

std::vector<int64_t> top_k_indices(const std::vector<float>& scores, int64_t k, bool largest) {
  const int64_t n = static_cast<int64_t>(scores.size());
  k = std::clamp<int64_t>(k, 0, n);
  if (k == 0) return {};
  // rank(i): an order key of scores[i] in which smaller is better, so that the answer is the k
  // smallest (rank, index) pairs in order: ties go to the smaller index. Radix selection on
  // the ranks' digits (12 bits, then 10, then 10): linear time with small count tables, and the
  // same on every standard library (nth_element's speed differs a lot between libstdc++ and
  // libc++).
  const uint32_t flip = largest ? 0xFFFFFFFFu : 0;
  auto rank = [&](int64_t i) { return order_key(scores[static_cast<size_t>(i)]) ^ flip; };
  using Entry = std::pair<uint32_t, int64_t>;  // (rank, index)
  std::vector<int64_t> count(4096);
  for (int64_t i = 0; i < n; ++i) ++count[rank(i) >> 20];
  int64_t need = k;
  uint32_t bucket = 0;
  while (count[bucket] < need) need -= count[bucket++];
  // Every row of a better bucket is in; the rows of `bucket` compete for `need` places.
  std::vector<Entry> picked, contest;
  picked.reserve(static_cast<size_t>(k));
  contest.reserve(static_cast<size_t>(count[bucket]));
  for (int64_t i = 0; i < n; ++i) {
    const uint32_t r = rank(i);
    if ((r >> 20) < bucket)
      picked.emplace_back(r, i);
    else if ((r >> 20) == bucket)
      contest.emplace_back(r, i);
  }
  for (int shift = 10; shift >= 0 && static_cast<int64_t>(contest.size()) > 2048; shift -= 10) {
    std::fill(count.begin(), count.begin() + 1024, 0);
    for (const Entry& e : contest) ++count[(e.first >> shift) & 1023u];
    uint32_t digit = 0;
    while (count[digit] < need) need -= count[digit++];
    size_t kept = 0;
    for (const Entry& e : contest) {
      const uint32_t d = (e.first >> shift) & 1023u;
      if (d < digit)
        picked.push_back(e);
      else if (d == digit)
        contest[kept++] = e;
    }
    contest.resize(kept);
  }
  if (need < static_cast<int64_t>(contest.size())) {
    std::nth_element(contest.begin(), contest.begin() + need, contest.end());
    contest.resize(static_cast<size_t>(need));
  }
  picked.insert(picked.end(), contest.begin(), contest.end());
  std::sort(picked.begin(), picked.end());
  std::vector<int64_t> out(picked.size());
  for (size_t i = 0; i < picked.size(); ++i) out[i] = picked[i].second;
  return out;
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
