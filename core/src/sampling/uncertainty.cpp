// Uncertainty scores, exact top-k selection, committee disagreement, expected gradient length.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <memory>

#include "localabel/sampling.h"
#include "sampling/kernels.h"

namespace localabel {

namespace {

using internal::Float4;
using internal::Int4;
using internal::UInt4;

// Hot loops index with ptrdiff_t: 64-bit natively, 32-bit in WebAssembly, where 64-bit index
// arithmetic costs extra instructions on every access.

inline bool is_probability(float p) { return p >= 0.0f && p <= 1.0f; }  // false for NaN

// Offset of the first value of p[0, m) outside [0, 1] (or NaN), m if there is none. Blocks of
// 16 values are checked with vector compares without an early exit (a scalar loop with an
// early exit is several times slower in WebAssembly); only a failing range is rescanned.
ptrdiff_t first_non_probability(const float* p, ptrdiff_t m) {
  Int4 ok = {-1, -1, -1, -1};
  ptrdiff_t i = 0;
  for (; i + 16 <= m; i += 16) {
    const Float4 x0 = internal::load4(p + i), x1 = internal::load4(p + i + 4);
    const Float4 x2 = internal::load4(p + i + 8), x3 = internal::load4(p + i + 12);
    ok &= (x0 >= 0.0f) & (x0 <= 1.0f) & (x1 >= 0.0f) & (x1 <= 1.0f);
    ok &= (x2 >= 0.0f) & (x2 <= 1.0f) & (x3 >= 0.0f) & (x3 <= 1.0f);
  }
  bool good = internal::all4(ok);
  for (; good && i < m; ++i) good = is_probability(p[i]);
  if (good) return m;
  for (i = 0; i < m; ++i)
    if (!is_probability(p[i])) break;
  return i;
}

Error not_a_probability(const char* what, int64_t flat, int64_t cols) {
  return make_error(ErrorCode::kOutOfRange,
                    std::string(what) + "[" + std::to_string(flat / cols) + "][" +
                        std::to_string(flat % cols) + "]",
                    "expected a probability in [0, 1]");
}

Status validate_probs(const MatrixView& probs, const char* what) {
  Status s = validate_matrix(probs, what, 1, false);
  if (!s) return s;
  const ptrdiff_t n = static_cast<ptrdiff_t>(probs.rows * probs.cols);
  const ptrdiff_t bad = first_non_probability(probs.data, n);
  if (bad < n) return not_a_probability(what, bad, probs.cols);
  return Ok{};
}

// p · ln p for four probabilities: log_prob4 gives log4's bits and a finite value at p = 0, so
// the product is ±0 there (0 · ln 0 = 0; a −0 term leaves every row sum unchanged).
inline Float4 p_log_p4(Float4 p) { return p * internal::log_prob4(p); }

// Scores `rows` consecutive rows of k values starting at p into out; `terms` holds rows·k + 4
// floats of scratch. K > 0 fixes k at compile time (the per-row loops unroll), K = 0 reads it.
using BlockScorer = void (*)(const float* p, ptrdiff_t rows, ptrdiff_t k, float* terms, float* out);

// Entropy −Σ p ln p (natural log, log4 of kernels.h): the terms of the block in vector steps
// over the contiguous values (the last partial step padded with zeros), then each row's sum in
// column order.
template <int K>
void entropy_block(const float* p, ptrdiff_t rows, ptrdiff_t cols, float* terms, float* out) {
  const ptrdiff_t k = K > 0 ? K : cols, m = rows * k;
  ptrdiff_t j = 0;
  for (; j + 4 <= m; j += 4) internal::store4(terms + j, p_log_p4(internal::load4(p + j)));
  if (j < m) {
    float pad[4] = {0, 0, 0, 0};
    std::memcpy(pad, p + j, static_cast<size_t>(m - j) * sizeof(float));
    internal::store4(terms + j, p_log_p4(internal::load4(pad)));
  }
  const float* t = terms;
  for (ptrdiff_t r = 0; r < rows; ++r, t += k) {
    float h = 0.0f;
    for (ptrdiff_t c = 0; c < k; ++c) h -= t[c];
    out[r] = h;
  }
}

// Largest (a) and second largest (b) of the rows' values, without branches: a starts at -1
// (below every probability) and b at 0, so a single class has margin p - 0. T is float for one
// row or Float4 for four rows (row stride k) in its lanes: the same operations per lane, so
// both give the same bits (the conditionals are selects; written as `y < x ? x : y` so that
// WebAssembly gets its pseudo-min/max instructions).
template <int K, typename T>
inline void top_two(const float* p, ptrdiff_t cols, T& a, T& b) {
  const ptrdiff_t k = K > 0 ? K : cols;
  a = T{} - 1.0f;
  b = T{};
  for (ptrdiff_t j = 0; j < k; ++j) {
    T x;
    if constexpr (sizeof(T) == sizeof(float)) {
      x = p[j];
    } else {
      x = T{p[j], p[k + j], p[2 * k + j], p[3 * k + j]};
    }
    const T lo = x < a ? x : a;
    b = b < lo ? lo : b;
    a = a < x ? x : a;
  }
}

// Least confidence 1 − max (Margin false) or margin max − second (Margin true): four rows per
// step in vector lanes (scalar loops with selects are several times slower in WebAssembly),
// then the rest one by one.
template <int K, bool Margin>
void top_two_block(const float* p, ptrdiff_t rows, ptrdiff_t cols, float*, float* out) {
  const ptrdiff_t k = K > 0 ? K : cols;
  ptrdiff_t r = 0;
  for (; r + 4 <= rows; r += 4, p += 4 * k) {
    Float4 a, b;
    top_two<K>(p, k, a, b);
    internal::store4(out + r, Margin ? a - b : internal::splat4(1.0f) - a);
  }
  for (; r < rows; ++r, p += k) {
    float a, b;
    top_two<K>(p, k, a, b);
    out[r] = Margin ? a - b : 1.0f - a;
  }
}

template <int K>
BlockScorer scorer_for(Uncertainty measure) {
  switch (measure) {
    case Uncertainty::kEntropy:
      return &entropy_block<K>;
    case Uncertainty::kMargin:
      return &top_two_block<K, true>;
    case Uncertainty::kLeastConfidence:
      break;
  }
  return &top_two_block<K, false>;
}

BlockScorer scorer_for(Uncertainty measure, int64_t k) {
  switch (k) {
    case 2:
      return scorer_for<2>(measure);
    case 3:
      return scorer_for<3>(measure);
    case 4:
      return scorer_for<4>(measure);
    case 5:
      return scorer_for<5>(measure);
    case 6:
      return scorer_for<6>(measure);
    case 8:
      return scorer_for<8>(measure);
    case 10:
      return scorer_for<10>(measure);
    default:
      return scorer_for<0>(measure);
  }
}

// Checks and scores probs in blocks of rows that stay in the L1 cache (one read of the
// matrix), handing each block's scores to sink(first_row, rows, scores). The first bad value
// in row-major order is reported, as by validate_probs.
template <typename Sink>
Status scan_scores(const MatrixView& probs, Uncertainty measure, Sink&& sink) {
  Status s = validate_matrix(probs, "probs", 1, false);
  if (!s) return s;
  const ptrdiff_t n = static_cast<ptrdiff_t>(probs.rows), k = static_cast<ptrdiff_t>(probs.cols);
  const ptrdiff_t block = std::max<ptrdiff_t>(4, (2048 / k) & ~ptrdiff_t{3});
  const BlockScorer score = scorer_for(measure, k);
  std::vector<float> terms(static_cast<size_t>(block * k + 4)), scores(static_cast<size_t>(block));
  for (ptrdiff_t r0 = 0; r0 < n; r0 += block) {
    const ptrdiff_t rows = std::min(block, n - r0);
    const float* p = probs.data + r0 * k;
    const ptrdiff_t bad = first_non_probability(p, rows * k);
    if (bad < rows * k) return not_a_probability("probs", r0 * k + bad, k);
    score(p, rows, k, terms.data(), scores.data());
    sink(r0, rows, scores.data());
  }
  return Ok{};
}

// Order keys of scores: an unsigned integer per score whose order is the scores' order (-0 and
// +0 share one key; NaN has some key), XORed with `flip` (all ones to reverse the order). The
// sign-magnitude bits become two's-complement-like order by flipping the magnitude of negative
// values and the sign bit of the others; adding +0 first turns -0 into +0.
inline uint32_t rank1(float v, uint32_t flip) {
  v += 0.0f;
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  const uint32_t negative = static_cast<uint32_t>(static_cast<int32_t>(bits) >> 31);
  return bits ^ (negative | 0x80000000u) ^ flip;
}

inline UInt4 rank4(Float4 v, uint32_t flip) {
  v += internal::splat4(0.0f);
  Int4 bits;
  std::memcpy(&bits, &v, sizeof bits);
  const Int4 key = bits ^ ((bits >> 31) | Int4{INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN});
  UInt4 out;
  std::memcpy(&out, &key, sizeof out);
  return out ^ flip;
}

// rank[0, n) = rank1(scores[0, n)).
void rank_scores(const float* scores, ptrdiff_t n, uint32_t flip, uint32_t* rank) {
  ptrdiff_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const UInt4 r = rank4(internal::load4(scores + i), flip);
    std::memcpy(rank + i, &r, sizeof r);
  }
  for (; i < n; ++i) rank[i] = rank1(scores[i], flip);
}

// The k smallest (rank, index) pairs of rank[0, n), 1 ≤ k ≤ n, by radix selection on the
// ranks' digits (12 bits, then 10, then 10): linear time with small count tables, and the same
// on every standard library (nth_element's speed differs a lot between libstdc++ and libc++).
// Returns the indices in (rank, index) order.
std::vector<int64_t> radix_select(const uint32_t* rank, ptrdiff_t n, ptrdiff_t k) {
  using Entry = std::pair<uint32_t, int64_t>;  // (rank, index)
  std::vector<size_t> count(4096);
  for (ptrdiff_t i = 0; i < n; ++i) ++count[rank[i] >> 20];
  size_t need = static_cast<size_t>(k);
  uint32_t bucket = 0;
  while (count[bucket] < need) need -= count[bucket++];
  // Every row of a better bucket is in; the rows of `bucket` compete for `need` places.
  std::vector<Entry> picked, contest;
  picked.reserve(static_cast<size_t>(k));
  contest.reserve(count[bucket]);
  for (ptrdiff_t i = 0; i < n; ++i) {
    const uint32_t r = rank[i];
    if ((r >> 20) < bucket)
      picked.emplace_back(r, i);
    else if ((r >> 20) == bucket)
      contest.emplace_back(r, i);
  }
  for (int shift = 10; shift >= 0 && contest.size() > 2048; shift -= 10) {
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
  if (need < contest.size()) {
    std::nth_element(contest.begin(), contest.begin() + static_cast<ptrdiff_t>(need),
                     contest.end());
    contest.resize(need);
  }
  picked.insert(picked.end(), contest.begin(), contest.end());
  std::sort(picked.begin(), picked.end());
  std::vector<int64_t> out(picked.size());
  for (size_t i = 0; i < picked.size(); ++i) out[i] = picked[i].second;
  return out;
}

// Sorts items[0, c) (rank << 32 | index, in increasing index order) by rank, keeping the index
// order among equal ranks: a least-significant-digit radix sort on 11-bit digits of the rank
// that skips digits on which all items agree. `tmp` holds c items of scratch.
void sort_by_rank(uint64_t* items, size_t c, uint64_t* tmp) {
  uint32_t varying = 0;
  const uint32_t first = static_cast<uint32_t>(items[0] >> 32);
  for (size_t i = 0; i < c; ++i) varying |= static_cast<uint32_t>(items[i] >> 32) ^ first;
  uint64_t *src = items, *dst = tmp;
  std::vector<size_t> start(2048);
  for (int shift = 32; shift < 64; shift += 11) {
    if (((varying >> (shift - 32)) & 2047u) == 0) continue;
    std::fill(start.begin(), start.end(), 0);
    for (size_t i = 0; i < c; ++i) ++start[(src[i] >> shift) & 2047u];
    size_t sum = 0;
    for (size_t& s : start) {
      const size_t here = s;
      s = sum;
      sum += here;
    }
    for (size_t i = 0; i < c; ++i) dst[start[(src[i] >> shift) & 2047u]++] = src[i];
    std::swap(src, dst);
  }
  if (src != items) std::memcpy(items, src, c * sizeof(uint64_t));
}

// The indices of the k smallest (rank[i], i), 1 ≤ k ≤ n, in that order. For large inputs and
// k ≤ n/16 a sample of every s-th rank gives a threshold t that lets through somewhat more than
// k rows with high probability (the sample quantile of k plus four standard deviations); one
// vector pass collects the rows with rank ≤ t in index order, and a stable radix sort of
// those orders them. When too few or too many pass, radix_select decides instead: the answer
// is exact either way.
std::vector<int64_t> smallest_ranks(const uint32_t* rank, ptrdiff_t n, ptrdiff_t k) {
  constexpr ptrdiff_t kSample = 16384;
  if (n < 4 * kSample || k > n / 16 || static_cast<uint64_t>(n) > 0xFFFFFFFFu)
    return radix_select(rank, n, k);
  const ptrdiff_t stride = n / kSample, m = n / stride;
  std::vector<uint32_t> sample(static_cast<size_t>(m));
  for (ptrdiff_t i = 0; i < m; ++i) sample[static_cast<size_t>(i)] = rank[i * stride];
  const double expected = static_cast<double>(k) * static_cast<double>(m) / static_cast<double>(n);
  const ptrdiff_t q = static_cast<ptrdiff_t>(expected + 4.0 * std::sqrt(expected) + 8.0);
  if (q >= m) return radix_select(rank, n, k);
  std::nth_element(sample.begin(), sample.begin() + q, sample.end());
  const uint32_t t = sample[static_cast<size_t>(q)];
  // Rows with rank ≤ t, eight at a time: a vector test per eight, and branch-free appends
  // (each row is written, the count advances only when it passes) when any of them passes.
  const ptrdiff_t limit = 2 * k + 65536;
  std::unique_ptr<uint64_t[]> items(new uint64_t[static_cast<size_t>(limit + 8)]);
  const UInt4 tv = {t, t, t, t};
  ptrdiff_t c = 0, i = 0;
  for (; i + 8 <= n && c <= limit; i += 8) {
    UInt4 a, b;
    std::memcpy(&a, rank + i, sizeof a);
    std::memcpy(&b, rank + i + 4, sizeof b);
    const Int4 pa = a <= tv, pb = b <= tv;
    if (!internal::any4(pa | pb)) continue;
    const uint64_t base = static_cast<uint64_t>(i);
    for (int l = 0; l < 4; ++l) {
      items[static_cast<size_t>(c)] = (static_cast<uint64_t>(a[l]) << 32) | (base + l);
      c += pa[l] & 1;
    }
    for (int l = 0; l < 4; ++l) {
      items[static_cast<size_t>(c)] = (static_cast<uint64_t>(b[l]) << 32) | (base + 4 + l);
      c += pb[l] & 1;
    }
  }
  if (c > limit) return radix_select(rank, n, k);
  for (; i < n; ++i)
    if (rank[i] <= t)
      items[static_cast<size_t>(c++)] =
          (static_cast<uint64_t>(rank[i]) << 32) | static_cast<uint64_t>(i);
  if (c < k) return radix_select(rank, n, k);
  std::unique_ptr<uint64_t[]> tmp(new uint64_t[static_cast<size_t>(c)]);
  sort_by_rank(items.get(), static_cast<size_t>(c), tmp.get());
  std::vector<int64_t> out(static_cast<size_t>(k));
  for (ptrdiff_t j = 0; j < k; ++j)
    out[static_cast<size_t>(j)] = static_cast<int64_t>(items[static_cast<size_t>(j)] & 0xFFFFFFFFu);
  return out;
}

}  // namespace

Result<std::vector<float>> uncertainty_scores(const MatrixView& probs, Uncertainty measure) {
  std::vector<float> out(static_cast<size_t>(std::max<int64_t>(0, probs.rows)));
  Status s = scan_scores(probs, measure, [&](ptrdiff_t r0, ptrdiff_t rows, const float* scores) {
    std::memcpy(out.data() + r0, scores, static_cast<size_t>(rows) * sizeof(float));
  });
  if (!s) return s.error();
  return out;
}

Result<std::vector<double>> uncertainty_scores(const MatrixView64& probs, Uncertainty measure) {
  if (probs.rows < 1)
    return make_error(ErrorCode::kEmptyInput, "probs",
                      "needs at least 1 rows, has " + std::to_string(probs.rows));
  if (probs.cols < 1)
    return make_error(ErrorCode::kInvalidArgument, "probs",
                      "needs at least 1 column, has " + std::to_string(probs.cols));
  if (probs.data == nullptr) return make_error(ErrorCode::kInvalidArgument, "probs", "has no data");
  const int64_t n = probs.rows * probs.cols;
  for (int64_t i = 0; i < n; ++i)
    if (!(probs.data[i] >= 0.0 && probs.data[i] <= 1.0))  // NaN fails too
      return not_a_probability("probs", i, probs.cols);
  std::vector<double> out(static_cast<size_t>(probs.rows));
  for (int64_t r = 0; r < probs.rows; ++r) {
    const double* p = probs.row(r);
    double score = 0.0;
    if (measure == Uncertainty::kEntropy) {
      for (int64_t c = 0; c < probs.cols; ++c)
        if (p[c] > 0.0) score -= p[c] * std::log(p[c]);
    } else {
      // Largest (a) and second largest (b), as top_two: b starts at 0 for a single class.
      double a = -1.0, b = 0.0;
      for (int64_t c = 0; c < probs.cols; ++c) {
        b = std::max(b, std::min(p[c], a));
        a = std::max(a, p[c]);
      }
      score = measure == Uncertainty::kMargin ? a - b : 1.0 - a;
    }
    out[static_cast<size_t>(r)] = score;
  }
  return out;
}

std::vector<int64_t> top_k_indices(const std::vector<float>& scores, int64_t k, bool largest) {
  const ptrdiff_t n = static_cast<ptrdiff_t>(scores.size());
  k = std::clamp<int64_t>(k, 0, n);
  if (k == 0) return {};
  // rank(i): an order key of scores[i] in which smaller is better, so that the answer is the k
  // smallest (rank, index) pairs in order: ties go to the smaller index.
  std::unique_ptr<uint32_t[]> rank(new uint32_t[static_cast<size_t>(n)]);
  rank_scores(scores.data(), n, largest ? 0xFFFFFFFFu : 0u, rank.get());
  return smallest_ranks(rank.get(), n, static_cast<ptrdiff_t>(k));
}

Result<std::vector<int64_t>> select_uncertain(const MatrixView& probs, Uncertainty measure,
                                              int64_t k, const std::vector<uint8_t>* exclude) {
  if (k < 0) return make_error(ErrorCode::kInvalidArgument, "k", "must not be negative");
  if (exclude && static_cast<int64_t>(exclude->size()) != probs.rows)
    return make_error(ErrorCode::kLengthMismatch, "exclude",
                      "has " + std::to_string(exclude->size()) + " entries, probs has " +
                          std::to_string(probs.rows) + " rows");
  // The ranks of top_k_indices straight from each block of scores, without a score vector.
  const uint32_t flip = measure != Uncertainty::kMargin ? 0xFFFFFFFFu : 0u;
  const ptrdiff_t n = static_cast<ptrdiff_t>(std::max<int64_t>(0, probs.rows));
  std::unique_ptr<uint32_t[]> rank(new uint32_t[static_cast<size_t>(n)]);
  Status s = scan_scores(probs, measure, [&](ptrdiff_t r0, ptrdiff_t rows, const float* scores) {
    rank_scores(scores, rows, flip, rank.get() + r0);
  });
  if (!s) return s.error();
  // Excluded rows get the largest rank, which no score has (it is a NaN's), and k is capped at
  // the rows left, so they are never picked and the others keep their order.
  ptrdiff_t available = n;
  if (exclude)
    for (ptrdiff_t i = 0; i < n; ++i)
      if ((*exclude)[static_cast<size_t>(i)]) {
        rank[i] = 0xFFFFFFFFu;
        --available;
      }
  const ptrdiff_t want = static_cast<ptrdiff_t>(std::min<int64_t>(k, available));
  if (want == 0) return std::vector<int64_t>{};
  return smallest_ranks(rank.get(), n, want);
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
