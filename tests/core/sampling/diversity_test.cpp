// Greedy k-center, k-means++ representatives, cold start, ranked batch and class balance.
#include "localabel/diversity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "localabel/sampling.h"

namespace localabel {
namespace {

MatrixView view(const std::vector<float>& v, int64_t rows, int64_t cols) {
  return MatrixView{v.data(), rows, cols};
}

TEST(KCenterGreedy, ExactOrderOnHandExample) {
  // Points on a line: 0, 10, 1, 6, 3. Start at row 0; squared distances to {0} are
  // 0, 100, 1, 36, 9 -> row 1; to {0, 10}: 0, 0, 1, 16, 9 -> row 3 (6); then 0, 0, 1, 0, 9
  // -> row 4 (3); then row 2. Radius after three picks: sqrt(9) = 3.
  std::vector<float> x = {0, 10, 1, 6, 3};
  auto r = kcenter_greedy(view(x, 5, 1), 5);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->picks, (std::vector<int64_t>{0, 1, 3, 4, 2}));
  EXPECT_DOUBLE_EQ(r->radius, 0.0);
  auto three = kcenter_greedy(view(x, 5, 1), 3);
  ASSERT_TRUE(three);
  EXPECT_EQ(three->picks, (std::vector<int64_t>{0, 1, 3}));
  EXPECT_DOUBLE_EQ(three->radius, 3.0);
}

TEST(KCenterGreedy, TiesGoToLowerIndexAndInitialCentresAreNotRepicked) {
  // 2-D: (0,0), (2,0), (-2,0), (0,2). From row 0 all three are at squared distance 4.
  std::vector<float> x = {0, 0, 2, 0, -2, 0, 0, 2};
  auto r = kcenter_greedy(view(x, 4, 2), 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->picks, (std::vector<int64_t>{0, 1}));
  // With row 1 labelled, the farthest row is 2 (squared distance 16).
  auto core = kcenter_greedy(view(x, 4, 2), 1, {1});
  ASSERT_TRUE(core);
  EXPECT_EQ(core->picks, (std::vector<int64_t>{2}));
  EXPECT_EQ(kcenter_greedy(view(x, 4, 2), 1, {7}).error().code, ErrorCode::kOutOfRange);
}

TEST(KCenterGreedy, StopsWhenEveryRowIsACentre) {
  std::vector<float> x = {1, 1, 1};
  auto r = kcenter_greedy(view(x, 3, 1), 3);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->picks, (std::vector<int64_t>{0}));
}

TEST(KMeansRepresentatives, FindsWellSeparatedClusters) {
  // Three tight clusters around 0, 100 and 200; every representative is in its own cluster
  // and the inertia is the within-cluster sum of squares 3 · (1 + 0 + 1) = 6.
  std::vector<float> x = {-1, 0, 1, 99, 100, 101, 199, 200, 201};
  KMeansOptions o;
  o.k = 3;
  o.seed = 7;
  auto r = kmeans_representatives(view(x, 9, 1), o);
  ASSERT_TRUE(r);
  std::set<int64_t> clusters;
  for (int64_t rep : r->representatives) clusters.insert(rep / 3);
  EXPECT_EQ(clusters.size(), 3u);
  for (int64_t rep : r->representatives) EXPECT_EQ(rep % 3, 1);  // the middle point
  EXPECT_NEAR(r->inertia, 6.0, 1e-3);
  o.k = 10;
  EXPECT_EQ(kmeans_representatives(view(x, 9, 1), o).error().code, ErrorCode::kInvalidArgument);
}

TEST(KMeansRepresentatives, SameSeedSameResult) {
  std::vector<float> x;
  for (int i = 0; i < 200; ++i) x.push_back(static_cast<float>((i * 37) % 101));
  KMeansOptions o;
  o.k = 5;
  o.seed = 3;
  auto a = kmeans_representatives(view(x, 100, 2), o);
  auto b = kmeans_representatives(view(x, 100, 2), o);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->representatives, b->representatives);
  EXPECT_EQ(a->inertia, b->inertia);
}

// Deterministic test data: a few cluster centres far from the origin (large norms make the
// dot-product shortcut cancel badly), rows around them, exact duplicates and integer-grid
// rows (many exactly tied distances).
std::vector<float> awkward_rows(int64_t n, int64_t d) {
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) * (1.0 / 9007199254740992.0);
  };
  std::vector<float> x(static_cast<size_t>(n * d));
  for (int64_t i = 0; i < n; ++i) {
    const int64_t cluster = i % 5;
    for (int64_t j = 0; j < d; ++j) {
      float v = 0;
      if (i % 7 == 3) {
        v = static_cast<float>(static_cast<int>(next() * 3));  // grid: ties
      } else {
        v = static_cast<float>(500.0 + 3.0 * cluster + (next() - 0.5) * 2.0);
      }
      x[static_cast<size_t>(i * d + j)] = v;
    }
    if (i % 11 == 10)  // duplicate of the previous row
      for (int64_t j = 0; j < d; ++j)
        x[static_cast<size_t>(i * d + j)] = x[static_cast<size_t>((i - 1) * d + j)];
  }
  return x;
}

TEST(KMeansRepresentatives, AssignmentAndRepresentativesAreExactNearest) {
  // Whatever shortcut the implementation takes, the final assignment must be the first
  // centre of least squared_distance, the inertia the sum of those distances, and each
  // representative the first row of least squared_distance to its centre (brute force here).
  const int64_t n = 1003, d = 13;
  std::vector<float> x = awkward_rows(n, d);
  KMeansOptions o;
  o.k = 17;
  o.seed = 5;
  o.max_iter = 4;
  auto r = kmeans_representatives(view(x, n, d), o);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->centres.size(), static_cast<size_t>(o.k * d));
  double inertia = 0;
  for (int64_t i = 0; i < n; ++i) {
    float best = INFINITY;
    int32_t arg = 0;
    for (int64_t c = 0; c < o.k; ++c) {
      const float v = squared_distance(x.data() + i * d, r->centres.data() + c * d, d);
      if (v < best) {
        best = v;
        arg = static_cast<int32_t>(c);
      }
    }
    ASSERT_EQ(r->assignment[static_cast<size_t>(i)], arg) << "row " << i;
    inertia += best;
  }
  EXPECT_EQ(r->inertia, inertia);
  for (int64_t c = 0; c < o.k; ++c) {
    float best = INFINITY;
    int64_t arg = 0;
    for (int64_t i = 0; i < n; ++i) {
      const float v = squared_distance(x.data() + i * d, r->centres.data() + c * d, d);
      if (v < best) {
        best = v;
        arg = i;
      }
    }
    EXPECT_EQ(r->representatives[static_cast<size_t>(c)], arg) << "centre " << c;
  }
}

TEST(KCenterGreedy, OrderEqualsBruteForceOnAwkwardRows) {
  // The definition written out: min distances by squared_distance, farthest row next (first
  // on ties), starting from row 0.
  const int64_t n = 501, d = 7, k = 40;
  std::vector<float> x = awkward_rows(n, d);
  std::vector<float> m(static_cast<size_t>(n), INFINITY);
  std::vector<int64_t> expected;
  int64_t next = 0;
  for (int64_t p = 0; p < k; ++p) {
    if (p > 0 && m[static_cast<size_t>(next)] <= 0) break;
    expected.push_back(next);
    const float* centre = x.data() + next * d;
    float best = -1;
    for (int64_t i = 0; i < n; ++i) {
      m[static_cast<size_t>(i)] =
          std::min(m[static_cast<size_t>(i)], squared_distance(x.data() + i * d, centre, d));
      if (m[static_cast<size_t>(i)] > best) {
        best = m[static_cast<size_t>(i)];
        next = i;
      }
    }
  }
  auto r = kcenter_greedy(view(x, n, d), k);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->picks, expected);
}

TEST(ColdStart, CoversEveryHintedClass) {
  // Two clusters; the hints say three classes, one of them inside the first cluster.
  std::vector<float> x = {0, 0.1f, 0.2f, 10, 10.1f, 10.2f};
  std::vector<int32_t> hints = {0, 0, 2, 1, 1, 1};
  auto r = cold_start_by_clustering(view(x, 6, 1), 2, 1, &hints);
  ASSERT_TRUE(r);
  std::set<int32_t> covered;
  for (int64_t p : *r) covered.insert(hints[static_cast<size_t>(p)]);
  EXPECT_EQ(covered, (std::set<int32_t>{0, 1, 2}));
  std::set<int64_t> distinct(r->begin(), r->end());
  EXPECT_EQ(distinct.size(), r->size());
}

TEST(RankedBatch, FollowsCardosoScoreAsModAL) {
  // 1-D rows 0, 1, 5, 6; row 0 labelled. Uncertainties (1 − max p): 0, 0.5, 0.1, 0.4.
  // Pick 1: α = 3/4; scores: row1 0.75·(1−1/2)+0.25·0.5 = 0.5,
  //   row2 0.75·(1−1/6)+0.25·0.1 = 0.65, row3 0.75·(1−1/7)+0.25·0.4 = 0.742857 -> row 3.
  // Pick 2: α = 2/4; row1 0.5·0.5+0.5·0.5 = 0.5, row2 (distance 1) 0.5·0.5+0.5·0.1 = 0.3 -> 1.
  std::vector<float> x = {0, 1, 5, 6};
  std::vector<float> p = {1.0f, 0.0f, 0.5f, 0.5f, 0.9f, 0.1f, 0.6f, 0.4f};
  std::vector<uint8_t> labelled = {1, 0, 0, 0};
  auto r = select_ranked_batch(view(p, 4, 2), view(x, 4, 1), labelled, 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<int64_t>{3, 1}));
  // With nothing labelled, the first pick is the row of least mean distance: row 1 or 2 have
  // sums 1+4+5 = 10 and 5+4+1 = 10 -> the lower index, 1.
  auto cold = select_ranked_batch(view(p, 4, 2), view(x, 4, 1), {0, 0, 0, 0}, 1);
  ASSERT_TRUE(cold);
  EXPECT_EQ(*cold, (std::vector<int64_t>{1}));
}

TEST(UncertaintyDiversity, WeighsUncertaintyByDistanceToLabelled) {
  // Rows 0, 1, 10 with row 0 labelled; entropy-free check with least confidence:
  // u = (0, 0.5, 0.3); d/dmax = (−, 0.1, 1): scores 0.05 and 0.3 -> row 2 first.
  std::vector<float> x = {0, 1, 10};
  std::vector<float> p = {1.0f, 0.0f, 0.5f, 0.5f, 0.7f, 0.3f};
  auto r = select_uncertainty_diversity(view(p, 3, 2), view(x, 3, 1), {1, 0, 0},
                                        Uncertainty::kLeastConfidence, 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<int64_t>{2, 1}));
}

TEST(BalanceBatch, ServesUnderRepresentedClassesFirst) {
  // Candidates ranked 5, 6, 7, 8 predicted as classes 0, 0, 1, 0; class 0 has 10 labels,
  // class 1 has 0: the class-1 candidate (7) goes first, then 5 and 6.
  std::vector<int32_t> predicted(9, 0);
  predicted[7] = 1;
  auto r = balance_batch({5, 6, 7, 8}, predicted, {10, 0}, 3, 4);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<int64_t>{7, 5, 6}));
  predicted[7] = 4;
  EXPECT_EQ(balance_batch({5, 6, 7, 8}, predicted, {10, 0}, 3, 4).error().code,
            ErrorCode::kInvalidArgument);
}

// scikit-learn sklearn/cluster/tests/test_k_means.py, test_kmeans_results: KMeans(n_clusters=2,
// n_init=1, init=[[0, 0], [1, 1]]) with sample_weight [3, 1, 1, 3] gives labels [0, 0, 1, 1],
// centres [[0.125, 0], [0.875, 1]], inertia 0.375, n_iter 2.
TEST(KMeansRepresentatives, ScikitLearnKmeansResultsFromGivenCentres) {
  const std::vector<float> x = {0, 0, 0.5f, 0, 0.5f, 1, 1, 1};
  KMeansOptions o;
  o.k = 2;
  o.max_iter = 300;
  o.initial_centres = {0, 0, 1, 1};
  o.sample_weight = {3, 1, 1, 3};
  o.relocate_empty_clusters = true;
  auto r = kmeans_representatives(MatrixView{x.data(), 4, 2}, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->assignment, (std::vector<int32_t>{0, 0, 1, 1}));
  EXPECT_EQ(r->centres, (std::vector<float>{0.125f, 0, 0.875f, 1}));
  EXPECT_NEAR(r->inertia, 0.375, 1e-9);
  EXPECT_EQ(r->iterations, 2);
  // Without weights the centres are the plain means.
  o.sample_weight.clear();
  EXPECT_EQ(kmeans_representatives(MatrixView{x.data(), 4, 2}, o)->centres,
            (std::vector<float>{0.25f, 0, 0.75f, 1}));
}

// test_kmeans_relocated_clusters: init [[0.5, 0.5], [3, 3]] leaves the second cluster empty at
// the first iteration; it takes a farthest row (all four tie at 0.5; scikit-learn accepts
// either outcome, ours takes row 0) and the run ends after 3 iterations with inertia 0.25,
// labels [1, 1, 0, 0] and centres [[0.75, 1], [0.25, 0]] (the second accepted outcome).
TEST(KMeansRepresentatives, ScikitLearnRelocatedClusters) {
  const std::vector<float> x = {0, 0, 0.5f, 0, 0.5f, 1, 1, 1};
  KMeansOptions o;
  o.k = 2;
  o.max_iter = 300;
  o.initial_centres = {0.5f, 0.5f, 3, 3};
  o.relocate_empty_clusters = true;
  auto r = kmeans_representatives(MatrixView{x.data(), 4, 2}, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->iterations, 3);
  EXPECT_NEAR(r->inertia, 0.25, 1e-9);
  EXPECT_EQ(r->assignment, (std::vector<int32_t>{1, 1, 0, 0}));
  EXPECT_EQ(r->centres, (std::vector<float>{0.75f, 1, 0.25f, 0}));
  // Without relocation the far centre stays empty at (3, 3).
  o.relocate_empty_clusters = false;
  auto kept = kmeans_representatives(MatrixView{x.data(), 4, 2}, o);
  EXPECT_EQ(kept->centres[2], 3.0f);
  o.initial_centres = {0, 0, 1};
  EXPECT_EQ(kmeans_representatives(MatrixView{x.data(), 4, 2}, o).error().code,
            ErrorCode::kLengthMismatch);
  o.initial_centres = {0, 0, 1, 1};
  o.sample_weight = {1, -1, 1, 1};
  EXPECT_EQ(kmeans_representatives(MatrixView{x.data(), 4, 2}, o).error().path, "sample_weight[1]");
}

}  // namespace
}  // namespace localabel
