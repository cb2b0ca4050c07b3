// Fleiss' and Randolph's kappa on count tables, against statsmodels' fleiss_kappa and its tests.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "localabel/agreement.h"

namespace localabel {
namespace {

// statsmodels/stats/tests/test_inter_rater.py, table1 (the Wikipedia "Fleiss' kappa" worked
// example: 10 subjects, 14 raters, 5 categories), used by test_fleiss_kappa (0.210 to 3
// decimals; the worked example gives P-bar = 0.378, P_e = 0.213 and kappa = 0.20993).
const std::vector<double> kTable1{0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3,
                                  9, 2, 0, 2, 2,  8, 1, 1, 7, 7, 0, 0, 0, 3, 2, 6, 3,
                                  0, 2, 5, 3, 2,  2, 6, 5, 2, 1, 0, 0, 2, 2, 3, 7};

// The same table1 in Fleiss' and Randolph's forms. P-bar = (sum n_ik^2 - N n) / (N n (n-1)):
// sum n_ik^2 = 196 + 60 + 70 + 94 + 74 + 98 + 58 + 46 + 66 + 66 = 828, so
// P-bar = (828 - 140) / (140 * 13) = 688 / 1820. Fleiss' P_e from the margins
// (20, 28, 39, 21, 32) / 140; Randolph's P_e = 1/5 (statsmodels/stats/inter_rater.py,
// fleiss_kappa: p_mean_exp = 1 / n_cat for method 'randolph' / 'uniform').
TEST(FleissKappaParity, StatsmodelsTable1FleissAndRandolph) {
  auto f = fleiss_kappa(std::span<const double>(kTable1), 10, 5, FleissMethod::kFleiss);
  ASSERT_TRUE(f.ok());
  EXPECT_NEAR(f->value, 0.210, 0.0005);  // test_fleiss_kappa: decimal=3
  const double pbar = 688.0 / 1820;
  const double pe = (20.0 * 20 + 28 * 28 + 39 * 39 + 21 * 21 + 32 * 32) / (140.0 * 140);
  EXPECT_NEAR(f->observed, pbar, 1e-15);
  EXPECT_NEAR(f->expected, pe, 1e-15);
  EXPECT_NEAR(f->value, (pbar - pe) / (1 - pe), 1e-12);
  EXPECT_NEAR(f->value, 0.20993070442195522, 1e-12);
  auto r = fleiss_kappa(std::span<const double>(kTable1), 10, 5, FleissMethod::kRandolph);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->expected, 0.2, 1e-15);
  EXPECT_NEAR(r->value, (pbar - 0.2) / 0.8, 1e-12);
  EXPECT_GE(r->value, f->value);  // Warrens (2010), cited in statsmodels' docstring
  // The integer overload gives the same Fleiss' kappa.
  std::vector<int32_t> ints(kTable1.begin(), kTable1.end());
  EXPECT_NEAR(fleiss_kappa(ints, 10, 5)->value, f->value, 1e-15);
}

// statsmodels/stats/tests/test_inter_rater.py, test_fleiss_kappa_irr: R irr's
// kappam.fleiss(diagnoses) = 0.4302445 (30 patients, 6 raters, 5 diagnoses); the table is
// aggregate_raters(diagnoses), whose column sums the test also checks (26, 26, 30, 55, 43).
TEST(FleissKappaParity, StatsmodelsDiagnosesMatchesIrr) {
  const int d[30][6] = {
      {4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
      {2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
      {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
      {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
      {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
      {5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
      {1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
      {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5}};
  std::vector<double> table(30 * 5, 0.0);
  for (int i = 0; i < 30; ++i)
    for (int r = 0; r < 6; ++r) table[i * 5 + d[i][r] - 1] += 1;
  std::vector<double> colsum(5, 0.0);
  for (int i = 0; i < 30; ++i)
    for (int k = 0; k < 5; ++k) colsum[k] += table[i * 5 + k];
  EXPECT_EQ(colsum, (std::vector<double>{26, 26, 30, 55, 43}));
  auto f = fleiss_kappa(std::span<const double>(table), 30, 5, FleissMethod::kFleiss);
  ASSERT_TRUE(f.ok());
  EXPECT_NEAR(f->value, 0.4302445, 5e-8);  // assert_almost_equal(..., decimal=7)
}

TEST(FleissKappaParity, WeightedCountsAreNotTruncated) {
  // Each row totals 7 in weighted counts: 6.99 + 0.01, 3.5 + 3.5, 0.25 + 6.75. Truncating
  // 6.99 to 6 (and 0.01, 0.25 to 0) would change the rows' totals and the kappa.
  std::vector<double> w{6.99, 0.01, 3.5, 3.5, 0.25, 6.75};
  auto f = fleiss_kappa(std::span<const double>(w), 3, 2, FleissMethod::kFleiss);
  ASSERT_TRUE(f.ok());
  double sum_sq = 0;
  for (double x : w) sum_sq += x * x;
  const double pbar = (sum_sq - 21) / (21 * 6);
  const double p0 = (6.99 + 3.5 + 0.25) / 21, p1 = 1 - p0;
  const double pe = p0 * p0 + p1 * p1;
  EXPECT_NEAR(f->value, (pbar - pe) / (1 - pe), 1e-12);
  // Totals equal up to rounding are accepted: rows 0.3, 0.6, 2.1 and 0, 0.9, 2.1 (each cell
  // 3 x 0.1, 3 x 0.2, ...) sum to 3 and 2.9999999999999996.
  std::vector<double> r{0.1 * 3, 0.2 * 3, 0.7 * 3, 0.0, 0.3 * 3, 0.7 * 3, 1.5, 1.5, 0.0};
  ASSERT_NE(r[0] + r[1] + r[2], r[3] + r[4] + r[5]);
  EXPECT_TRUE(fleiss_kappa(std::span<const double>(r), 3, 3, FleissMethod::kFleiss).ok());
}

TEST(FleissKappaParity, InvalidCellsAreNamed) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> neg{2, 0, 1, -1, 2, 0};
  auto a = fleiss_kappa(std::span<const double>(neg), 3, 2, FleissMethod::kFleiss);
  EXPECT_EQ(a.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(a.error().path, "counts[1][1]");
  std::vector<double> bad{2, 0, 1, nan};
  EXPECT_EQ(fleiss_kappa(std::span<const double>(bad), 2, 2, FleissMethod::kFleiss).error().path,
            "counts[1][1]");
  std::vector<double> inf{std::numeric_limits<double>::infinity(), 0, 1, 1};
  EXPECT_EQ(fleiss_kappa(std::span<const double>(inf), 2, 2, FleissMethod::kFleiss).error().path,
            "counts[0][0]");
  std::vector<double> unequal{2, 0, 1, 1, 2, 1};
  auto u = fleiss_kappa(std::span<const double>(unequal), 3, 2, FleissMethod::kFleiss);
  EXPECT_EQ(u.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(u.error().path, "counts[2]");
  std::vector<double> single{1, 0, 0, 1};
  EXPECT_EQ(fleiss_kappa(std::span<const double>(single), 2, 2, FleissMethod::kFleiss).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(fleiss_kappa(std::span<const double>(single), 3, 2, FleissMethod::kFleiss).error().code,
            ErrorCode::kLengthMismatch);
  EXPECT_EQ(fleiss_kappa(std::span<const double>(), 0, 2, FleissMethod::kFleiss).error().code,
            ErrorCode::kEmptyInput);
  // One category: chance agreement 1, kappa undefined (NaN with a reason), both methods.
  std::vector<double> one{3, 3};
  for (FleissMethod m : {FleissMethod::kFleiss, FleissMethod::kRandolph}) {
    auto r = fleiss_kappa(std::span<const double>(one), 2, 1, m);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(std::isnan(r->value));
    EXPECT_FALSE(r->undefined_reason.empty());
  }
}

TEST(FleissKappaParity, MethodNames) {
  EXPECT_EQ(*parse_fleiss_method("fleiss"), FleissMethod::kFleiss);
  EXPECT_EQ(*parse_fleiss_method("randolph"), FleissMethod::kRandolph);
  EXPECT_EQ(*parse_fleiss_method("uniform"), FleissMethod::kRandolph);
  EXPECT_STREQ(fleiss_method_name(FleissMethod::kRandolph), "randolph");
  auto bad = parse_fleiss_method("cohen", "--fleiss-method");
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().path, "--fleiss-method");
}

}  // namespace
}  // namespace localabel
