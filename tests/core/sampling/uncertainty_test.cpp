// Uncertainty scores, top-k ties, committee disagreement and expected gradient length.
// Hand-computed values from the definitions in Settles, "Active Learning Literature Survey"
// (2009) §3.1 and §3.2 and modAL's uncertainty.py / disagreement.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "localabel/sampling.h"

namespace localabel {
namespace {

MatrixView view(const std::vector<float>& v, int64_t rows, int64_t cols) {
  return MatrixView{v.data(), rows, cols};
}

TEST(UncertaintyScores, MatchHandComputedDefinitions) {
  // p = (0.5, 0.3, 0.2): least confidence 0.5, margin 0.2,
  // entropy −(0.5 ln 0.5 + 0.3 ln 0.3 + 0.2 ln 0.2) = 1.0296530.
  std::vector<float> p = {0.5f, 0.3f, 0.2f, 1.0f, 0.0f, 0.0f};
  auto lc = uncertainty_scores(view(p, 2, 3), Uncertainty::kLeastConfidence);
  auto mg = uncertainty_scores(view(p, 2, 3), Uncertainty::kMargin);
  auto en = uncertainty_scores(view(p, 2, 3), Uncertainty::kEntropy);
  ASSERT_TRUE(lc && mg && en);
  EXPECT_NEAR((*lc)[0], 0.5, 1e-6);
  EXPECT_NEAR((*mg)[0], 0.2, 1e-6);
  EXPECT_NEAR((*en)[0], 1.0296530, 1e-6);
  EXPECT_NEAR((*lc)[1], 0.0, 1e-7);
  EXPECT_NEAR((*mg)[1], 1.0, 1e-7);
  EXPECT_EQ((*en)[1], 0.0f);  // 0 ln 0 = 0
}

// The float64 overload: the same definitions in double. scipy.stats.entropy([0.5, 0.3, 0.2])
// = 1.0296530140645737 (modAL/uncertainty.py classifier_entropy computes it so). A
// probability 1 − 1e-9 is 1 in float32 (least confidence 0) but keeps its 1e-9 in float64.
TEST(UncertaintyScores, Float64KeepsDoublePrecision) {
  const std::vector<double> p = {0.5, 0.3, 0.2, 1.0, 0.0, 0.0, 1 - 1e-9, 1e-9, 0.0};
  const MatrixView64 v{p.data(), 3, 3};
  auto lc = uncertainty_scores(v, Uncertainty::kLeastConfidence);
  auto mg = uncertainty_scores(v, Uncertainty::kMargin);
  auto en = uncertainty_scores(v, Uncertainty::kEntropy);
  ASSERT_TRUE(lc && mg && en);
  EXPECT_EQ((*lc)[0], 0.5);
  EXPECT_EQ((*mg)[0], 0.5 - 0.3);
  EXPECT_NEAR((*en)[0], 1.0296530140645737, 1e-15);
  EXPECT_EQ((*lc)[1], 0.0);
  EXPECT_EQ((*mg)[1], 1.0);
  EXPECT_EQ((*en)[1], 0.0);
  EXPECT_NEAR((*lc)[2], 1e-9, 1e-16);
  EXPECT_NEAR((*en)[2], -(1 - 1e-9) * std::log(1 - 1e-9) - 1e-9 * std::log(1e-9), 1e-20);
  const std::vector<float> p32(p.begin(), p.end());
  EXPECT_EQ((*uncertainty_scores(view(p32, 3, 3), Uncertainty::kLeastConfidence))[2], 0.0f);
  // One class: margin p − 0; errors as the float32 overload.
  const std::vector<double> one = {0.25};
  EXPECT_EQ((*uncertainty_scores(MatrixView64{one.data(), 1, 1}, Uncertainty::kMargin))[0], 0.25);
  const std::vector<double> bad = {0.5, 0.5, 0.5, std::nan("")};
  auto e = uncertainty_scores(MatrixView64{bad.data(), 2, 2}, Uncertainty::kEntropy);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(e.error().path, "probs[1][1]");
  EXPECT_EQ(uncertainty_scores(MatrixView64{bad.data(), 0, 2}, Uncertainty::kEntropy).error().code,
            ErrorCode::kEmptyInput);
}

TEST(UncertaintyScores, MarginWithEqualTopTwoIsZero) {
  std::vector<float> p = {0.4f, 0.4f, 0.2f};
  auto mg = uncertainty_scores(view(p, 1, 3), Uncertainty::kMargin);
  ASSERT_TRUE(mg);
  EXPECT_EQ((*mg)[0], 0.0f);
}

TEST(UncertaintyScores, RejectsProbabilityOutsideUnitInterval) {
  std::vector<float> p = {0.5f, 0.5f, 1.5f, -0.5f};
  auto r = uncertainty_scores(view(p, 2, 2), Uncertainty::kEntropy);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(r.error().path, "probs[1][0]");
}

TEST(UncertaintyScores, RejectsEmptyInput) {
  auto r = uncertainty_scores(MatrixView{nullptr, 0, 3}, Uncertainty::kEntropy);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kEmptyInput);
}

TEST(TopK, BreaksTiesByLowerIndex) {
  std::vector<float> s = {0.1f, 0.9f, 0.5f, 0.9f, 0.5f, 0.5f, 0.0f};
  EXPECT_EQ(top_k_indices(s, 4, true), (std::vector<int64_t>{1, 3, 2, 4}));
  EXPECT_EQ(top_k_indices(s, 3, false), (std::vector<int64_t>{6, 0, 2}));
  EXPECT_EQ(top_k_indices(s, 100, true).size(), 7u);
  EXPECT_TRUE(top_k_indices(s, 0, true).empty());
}

// The k best indices by a full stable sort: the reference the selection must equal.
std::vector<int64_t> full_sort_top_k(const std::vector<float>& scores, int64_t k, bool largest) {
  std::vector<int64_t> order(scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return largest ? scores[a] > scores[b] : scores[a] < scores[b];
  });
  order.resize(static_cast<size_t>(k));
  return order;
}

// A 64-bit linear congruential generator (Knuth's MMIX constants) giving 31-bit draws.
struct Lcg {
  uint64_t state;
  explicit Lcg(uint64_t seed) : state(seed) {}
  uint32_t operator()() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  }
};

// The radix selection must rank exactly like a full sort by (score, index), with negative
// values, -0 and +0 (equal), heavy ties and k anywhere from 1 to n.
TEST(TopK, EqualsAFullSortOnRandomScores) {
  Lcg next(99);
  for (int round = 0; round < 60; ++round) {
    const size_t n = 1 + next() % 3000;
    std::vector<float> scores(n);
    for (auto& v : scores) {
      const uint32_t r = next() % 8;
      v = r == 0   ? 0.0f
          : r == 1 ? -0.0f
          : r == 2 ? 0.25f
                   : (static_cast<float>(next() % 20001) - 10000.0f) / 997.0f;
    }
    for (bool largest : {true, false}) {
      const int64_t k = 1 + static_cast<int64_t>(next() % n);
      EXPECT_EQ(top_k_indices(scores, k, largest), full_sort_top_k(scores, k, largest))
          << "round " << round;
    }
  }
}

// Many scores inside one narrow range put more than 2048 rows into the contested bucket, so
// the selection refines on the lower digits of the keys; it must still rank like a full sort.
TEST(TopK, RefinesCrowdedBucketsLikeAFullSort) {
  Lcg next(7);
  for (int round = 0; round < 6; ++round) {
    const size_t n = 20000 + next() % 30000;
    std::vector<float> scores(n);
    // Even rounds: 1.5 + j / 2^14 for j < 4096 (two buckets of the first digit, refined by
    // the second). Odd rounds: 1.5 + j / 2^20 for j < 8 (all rows share the first two digits,
    // so the third digit and the final partial sort decide, among heavy ties).
    for (auto& v : scores)
      v = round % 2 == 0 ? 1.5f + static_cast<float>(next() % 4096) / 16384.0f
                         : 1.5f + static_cast<float>(next() % 8) / 1048576.0f;
    for (bool largest : {true, false}) {
      const int64_t k = 1 + static_cast<int64_t>(next() % (n / 2));
      EXPECT_EQ(top_k_indices(scores, k, largest), full_sort_top_k(scores, k, largest))
          << "round " << round;
    }
  }
}

// From 65,536 scores on, with k at most n/16, a threshold from a sample of every s-th score
// picks the candidates; the result must still rank exactly like a full sort, for k from 1 to
// n/16 and with ties.
TEST(TopK, SampledThresholdEqualsAFullSort) {
  Lcg next(2024);
  for (size_t n : {size_t{65536}, size_t{100003}, size_t{200000}}) {
    std::vector<float> scores(n);
    for (auto& v : scores) {
      const uint32_t r = next() % 16;
      v = r == 0 ? 0.5f : r == 1 ? -0.0f : static_cast<float>(next() % 100000) / 99991.0f;
    }
    for (bool largest : {true, false})
      for (int64_t k :
           {int64_t{1}, int64_t{10}, static_cast<int64_t>(n / 100), static_cast<int64_t>(n / 16)})
        EXPECT_EQ(top_k_indices(scores, k, largest), full_sort_top_k(scores, k, largest))
            << "n " << n << " k " << k << " largest " << largest;
  }
}

// A sample that misjudges the threshold must not change the answer: the sampled scores (every
// 8th of 131,072) are the largest ones, so too few rows pass the threshold; when every score
// is equal, far too many pass. Both fall back to the full radix selection.
TEST(TopK, MisleadingSampleStillEqualsAFullSort) {
  const size_t n = 131072;
  Lcg next(5);
  std::vector<float> scores(n);
  for (size_t i = 0; i < n; ++i)
    scores[i] = i % 8 == 0 ? 10.0f + static_cast<float>(next() % 1000) / 1000.0f
                           : static_cast<float>(next() % 1000) / 1000.0f;
  for (int64_t k : {int64_t{5000}, int64_t{8192}})
    EXPECT_EQ(top_k_indices(scores, k, true), full_sort_top_k(scores, k, true)) << k;
  std::vector<float> equal(n, 0.25f);
  EXPECT_EQ(top_k_indices(equal, 1000, true), full_sort_top_k(equal, 1000, true));
  EXPECT_EQ(top_k_indices(equal, 1000, false), full_sort_top_k(equal, 1000, false));
}

// Random probability rows of k classes: n rows, each normalised to sum 1.
std::vector<float> random_probs(Lcg& next, int64_t n, int64_t k) {
  std::vector<float> p(static_cast<size_t>(n * k));
  for (int64_t i = 0; i < n; ++i) {
    float sum = 0;
    for (int64_t c = 0; c < k; ++c)
      sum += p[static_cast<size_t>(i * k + c)] = static_cast<float>(next() % 1000 + 1);
    for (int64_t c = 0; c < k; ++c) p[static_cast<size_t>(i * k + c)] /= sum;
  }
  return p;
}

// On many rows (several blocks, the sampled threshold) and with excluded rows, the selection
// equals a full sort of the scores of the rows left.
TEST(SelectUncertain, LargeInputWithExclusionsEqualsAFullSort) {
  Lcg next(11);
  const int64_t n = 120000, k = 5;
  const std::vector<float> p = random_probs(next, n, k);
  std::vector<uint8_t> exclude(static_cast<size_t>(n));
  for (auto& e : exclude) e = next() % 5 == 0;
  for (Uncertainty m :
       {Uncertainty::kEntropy, Uncertainty::kMargin, Uncertainty::kLeastConfidence}) {
    auto scores = uncertainty_scores(view(p, n, k), m);
    ASSERT_TRUE(scores);
    std::vector<float> kept;
    std::vector<int64_t> rows;
    for (int64_t i = 0; i < n; ++i)
      if (!exclude[static_cast<size_t>(i)]) {
        kept.push_back((*scores)[static_cast<size_t>(i)]);
        rows.push_back(i);
      }
    const bool largest = m != Uncertainty::kMargin;
    for (int64_t want : {int64_t{1200}, static_cast<int64_t>(kept.size()) + 5}) {
      std::vector<int64_t> expected = full_sort_top_k(
          kept, std::min<int64_t>(want, static_cast<int64_t>(kept.size())), largest);
      for (auto& e : expected) e = rows[static_cast<size_t>(e)];
      auto got = select_uncertain(view(p, n, k), m, want, &exclude);
      ASSERT_TRUE(got);
      EXPECT_EQ(*got, expected) << static_cast<int>(m) << " k " << want;
    }
    auto all = select_uncertain(view(p, n, k), m, 1200);
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, full_sort_top_k(*scores, 1200, largest)) << static_cast<int>(m);
  }
}

// Every number of classes (the common ones have their own unrolled loops) scores like the
// definitions: least confidence and margin exactly, entropy within 1e-6 relative of double
// precision; rows come in several blocks and a last group of fewer than four.
TEST(UncertaintyScores, EveryClassCountEqualsTheDefinition) {
  Lcg next(3);
  for (int64_t k = 1; k <= 12; ++k) {
    const int64_t n = 1000 + k;
    const std::vector<float> p = random_probs(next, n, k);
    auto lc = uncertainty_scores(view(p, n, k), Uncertainty::kLeastConfidence);
    auto mg = uncertainty_scores(view(p, n, k), Uncertainty::kMargin);
    auto en = uncertainty_scores(view(p, n, k), Uncertainty::kEntropy);
    ASSERT_TRUE(lc && mg && en);
    for (int64_t i = 0; i < n; ++i) {
      std::vector<float> row(p.begin() + i * k, p.begin() + (i + 1) * k);
      double h = 0;
      for (float v : row) h -= double(v) * std::log(double(v));
      std::sort(row.begin(), row.end(), std::greater<float>());
      const size_t at = static_cast<size_t>(i);
      EXPECT_EQ((*lc)[at], 1.0f - row[0]) << k << " " << i;
      EXPECT_EQ((*mg)[at], row[0] - (k > 1 ? row[1] : 0.0f)) << k << " " << i;
      EXPECT_NEAR((*en)[at], h, 1e-6 * h + 1e-12) << k << " " << i;
    }
  }
}

// Probabilities are checked block by block while scoring: the first bad value in row order is
// named, also when it lies in a later block and another follows in the same one.
TEST(SelectUncertain, NamesTheFirstBadValueInALaterBlock) {
  const int64_t n = 5000, k = 3;
  std::vector<float> p(static_cast<size_t>(n * k), 1.0f / 3.0f);
  p[static_cast<size_t>(4321 * k + 2)] = -0.25f;
  p[static_cast<size_t>(4322 * k)] = 1.5f;
  for (Uncertainty m : {Uncertainty::kEntropy, Uncertainty::kMargin}) {
    auto r = select_uncertain(view(p, n, k), m, 10);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kOutOfRange);
    EXPECT_EQ(r.error().path, "probs[4321][2]");
  }
}

// Least confidence and margin run four rows at a time: every row, including the rows after
// the last group of four, must equal the scalar definition.
TEST(UncertaintyScores, VectorRowsEqualTheDefinition) {
  const int64_t n = 39, k = 5;
  std::vector<float> p(static_cast<size_t>(n * k));
  uint32_t x = 12345;
  for (auto& v : p) {
    x = x * 1664525u + 1013904223u;
    v = static_cast<float>(x >> 9) / static_cast<float>(1u << 23);
  }
  auto lc = uncertainty_scores(view(p, n, k), Uncertainty::kLeastConfidence);
  auto mg = uncertainty_scores(view(p, n, k), Uncertainty::kMargin);
  ASSERT_TRUE(lc && mg);
  for (int64_t i = 0; i < n; ++i) {
    std::vector<float> row(p.begin() + i * k, p.begin() + (i + 1) * k);
    std::sort(row.begin(), row.end(), std::greater<float>());
    EXPECT_EQ((*lc)[static_cast<size_t>(i)], 1.0f - row[0]) << i;
    EXPECT_EQ((*mg)[static_cast<size_t>(i)], row[0] - row[1]) << i;
  }
}

// Entropy runs on a vector logarithm: every row (rows of 3 values, so vector steps straddle
// rows, and a padded last step) within 1e-6 relative of the definition in double precision,
// including tiny and subnormal probabilities.
TEST(UncertaintyScores, EntropyEqualsTheDefinitionInDoublePrecision) {
  const int64_t n = 1001, k = 3;
  std::vector<float> p(static_cast<size_t>(n * k));
  uint32_t x = 777;
  for (int64_t i = 0; i < n; ++i) {
    float* row = p.data() + i * k;
    for (int64_t c = 0; c < k; ++c) {
      x = x * 1664525u + 1013904223u;
      row[c] = static_cast<float>(x >> 8) + 1.0f;
    }
    const float sum = row[0] + row[1] + row[2];
    for (int64_t c = 0; c < k; ++c) row[c] /= sum;
    if (i % 10 == 1) row[2] = 1e-30f;
    if (i % 10 == 2) row[1] = 1e-41f;  // subnormal
    if (i % 10 == 3) row[0] = 0.0f;
  }
  auto en = uncertainty_scores(view(p, n, k), Uncertainty::kEntropy);
  ASSERT_TRUE(en);
  for (int64_t i = 0; i < n; ++i) {
    double h = 0;
    for (int64_t c = 0; c < k; ++c) {
      const double v = p[static_cast<size_t>(i * k + c)];
      if (v > 0) h -= v * std::log(v);
    }
    EXPECT_NEAR((*en)[static_cast<size_t>(i)], h, 1e-6 * h + 1e-12) << i;
  }
}

// Values are checked in vector blocks of 64; a bad value deep inside a block (and one in the
// tail after the last block) is still found and named.
TEST(UncertaintyScores, NamesTheFirstBadValueInsideABlock) {
  std::vector<float> p(2 * 100, 0.5f);
  p[2 * 70 + 1] = std::nanf("");
  p[2 * 99] = 2.0f;
  auto r = uncertainty_scores(view(p, 100, 2), Uncertainty::kMargin);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "probs[70][1]");
  p[2 * 70 + 1] = 0.5f;
  r = uncertainty_scores(view(p, 100, 2), Uncertainty::kMargin);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "probs[99][0]");
}

TEST(SelectUncertain, MarginPicksSmallestMarginsAndSkipsExcluded) {
  // Margins: 0.8, 0.0, 0.4, 0.0 -> order 1, 3, 2, 0; excluding row 1 gives 3, 2.
  std::vector<float> p = {0.9f, 0.1f, 0.5f, 0.5f, 0.7f, 0.3f, 0.5f, 0.5f};
  auto all = select_uncertain(view(p, 4, 2), Uncertainty::kMargin, 4);
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, (std::vector<int64_t>{1, 3, 2, 0}));
  std::vector<uint8_t> exclude = {0, 1, 0, 0};
  auto some = select_uncertain(view(p, 4, 2), Uncertainty::kMargin, 2, &exclude);
  ASSERT_TRUE(some);
  EXPECT_EQ(*some, (std::vector<int64_t>{3, 2}));
  std::vector<uint8_t> short_exclude = {0};
  auto bad = select_uncertain(view(p, 4, 2), Uncertainty::kMargin, 2, &short_exclude);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(select_uncertain(view(p, 4, 2), Uncertainty::kMargin, -1).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(CommitteeDisagreement, VoteEntropyCountsHardVotes) {
  // Three members vote 0, 0, 1: −(2/3 ln 2/3 + 1/3 ln 1/3) = 0.6365142.
  std::vector<float> a = {0.9f, 0.1f}, b = {0.6f, 0.4f}, c = {0.2f, 0.8f};
  auto r = committee_disagreement({view(a, 1, 2), view(b, 1, 2), view(c, 1, 2)},
                                  CommitteeDisagreement::kVoteEntropy);
  ASSERT_TRUE(r);
  EXPECT_NEAR((*r)[0], 0.6365142, 1e-6);
}

TEST(CommitteeDisagreement, KlToConsensusMaxAndMean) {
  // P1 = (1, 0), P2 = (0.5, 0.5), consensus (0.75, 0.25):
  // KL(P1‖C) = ln(4/3) = 0.2876821; KL(P2‖C) = 0.5 ln(2/3) + 0.5 ln 2 = 0.1438410.
  std::vector<float> a = {1.0f, 0.0f}, b = {0.5f, 0.5f};
  auto mx = committee_disagreement({view(a, 1, 2), view(b, 1, 2)},
                                   CommitteeDisagreement::kMaxKlDisagreement);
  auto mean = committee_disagreement({view(a, 1, 2), view(b, 1, 2)},
                                     CommitteeDisagreement::kMeanKlDisagreement);
  auto ce = committee_disagreement({view(a, 1, 2), view(b, 1, 2)},
                                   CommitteeDisagreement::kConsensusEntropy);
  ASSERT_TRUE(mx && mean && ce);
  EXPECT_NEAR((*mx)[0], 0.2876821, 1e-6);
  EXPECT_NEAR((*mean)[0], 0.5 * (0.2876821 + 0.1438410), 1e-6);
  EXPECT_NEAR((*ce)[0], -(0.75 * std::log(0.75) + 0.25 * std::log(0.25)), 1e-6);
}

TEST(CommitteeDisagreement, RejectsMembersOfDifferentShapes) {
  std::vector<float> a = {1.0f, 0.0f}, b = {0.5f, 0.5f, 0.5f, 0.5f};
  auto r =
      committee_disagreement({view(a, 1, 2), view(b, 2, 2)}, CommitteeDisagreement::kVoteEntropy);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(committee_disagreement({}, CommitteeDisagreement::kVoteEntropy).error().code,
            ErrorCode::kEmptyInput);
}

TEST(ExpectedGradientLength, MatchesClosedForm) {
  // p = (0.5, 0.5), x = (3): ‖[x, 1]‖ = √10; Σ_y p_y ‖p − e_y‖ = √0.5.
  std::vector<float> p = {0.5f, 0.5f, 1.0f, 0.0f}, x = {3.0f, 0.0f};
  auto r = expected_gradient_length(view(p, 2, 2), view(x, 2, 1));
  ASSERT_TRUE(r);
  EXPECT_NEAR((*r)[0], std::sqrt(10.0) * std::sqrt(0.5), 1e-5);
  EXPECT_NEAR((*r)[1], 0.0, 1e-7);  // a certain prediction has no expected gradient
  std::vector<float> x3 = {1.0f, 2.0f, 3.0f};
  EXPECT_EQ(expected_gradient_length(view(p, 2, 2), view(x3, 3, 1)).error().code,
            ErrorCode::kLengthMismatch);
}

}  // namespace
}  // namespace localabel
