// Edge cases and bad inputs of the drift detectors: empty and constant streams, NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "localabel/drift.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(DriftEdgeCases, EmptyStreams) {
  std::vector<double> none;
  EXPECT_TRUE(page_hinkley(none)->empty());
  EXPECT_TRUE(cusum(none, 1, 0.1, 1)->empty());
  auto drop = rolling_quality_drop(none, 5);
  ASSERT_TRUE(drop.ok());
  EXPECT_TRUE(drop->window_means.empty());
  auto alarm = rolling_mean_alarm(std::span<const double>(none), 5, 0.5);
  EXPECT_EQ(alarm->n_windows, 0);
  EXPECT_TRUE(std::isnan(alarm->mean));
}

TEST(DriftEdgeCases, ConstantStreamsRaiseNoAlarm) {
  std::vector<double> constant(3000, 0.8);
  PageHinkleyOptions two;
  two.two_sided = true;
  EXPECT_TRUE(page_hinkley(constant, two)->empty());
  EXPECT_TRUE(cusum(constant, 0.8, 0.0, 1.0, true)->empty());
  EXPECT_TRUE(rolling_quality_drop(constant, 50)->alarms.empty());
  EXPECT_TRUE(adwin(constant)->detections.empty());
}

TEST(DriftEdgeCases, NaNIsRefusedWithItsIndex) {
  std::vector<double> v{1, 1, kNaN, 1};
  for (const Error& e : {page_hinkley(v).error(), cusum(v, 1, 0.1, 1).error(),
                         rolling_quality_drop(v, 1).error(), adwin(v).error()}) {
    EXPECT_EQ(e.code, ErrorCode::kOutOfRange);
    EXPECT_EQ(e.path, "values[2]");
  }
  EXPECT_EQ(cusum(v, kNaN, 0.1, 1).error().code, ErrorCode::kOutOfRange);
}

TEST(DriftEdgeCases, CusumTwoSidedAndRestart) {
  // Upward: target 0, slack 0, threshold 1.5: S+ = 1, 2 > 1.5 at index 1, restart; then 1, 2 at
  // index 3.
  std::vector<double> up{1, 1, 1, 1};
  EXPECT_TRUE(cusum(up, 0, 0, 1.5)->empty());
  EXPECT_EQ(*cusum(up, 0, 0, 1.5, true), (std::vector<int64_t>{1, 3}));
}

TEST(DriftEdgeCases, LabelDistributionSingleLabelAndEmptyBins) {
  // One label in both periods: no drift and an undefined p-value (0 degrees of freedom).
  std::vector<double> a{10, 0}, b{5, 0};
  auto d = label_distribution_drift(a, b);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->dof, 0);
  EXPECT_TRUE(std::isnan(d->p_value));
  EXPECT_NEAR(d->psi, 0, 1e-15);
  EXPECT_NEAR(d->js_bits, 0, 1e-15);
  // Disjoint supports: JS divergence is exactly 1 bit; PSI uses 1e-4 for the empty bins:
  // (1e-4 - 1) ln(1e-4) + (1 - 1e-4) ln(1 / 1e-4) = 2 (1 - 1e-4) ln(1e4).
  std::vector<double> p{10, 0}, q{0, 10};
  auto x = label_distribution_drift(p, q);
  EXPECT_NEAR(x->js_bits, 1.0, 1e-12);
  EXPECT_NEAR(x->psi, 2 * (1 - 1e-4) * std::log(1e4), 1e-9);
  // Chi-square of the 2 x 2 table (10 0 / 0 10) is 20, dof 1, p = erfc(sqrt(10)).
  EXPECT_NEAR(x->chi_square, 20, 1e-12);
  EXPECT_NEAR(x->p_value, std::erfc(std::sqrt(10.0)), 1e-15);
  std::vector<double> neg{-1, 2}, nan{kNaN, 1}, none;
  EXPECT_EQ(label_distribution_drift(neg, q).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(label_distribution_drift(nan, q).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(label_distribution_drift(none, none).error().code, ErrorCode::kEmptyInput);
}

TEST(DriftEdgeCases, LabelDistributionChiSquareScipyExample) {
  // scipy.stats.chi2_contingency documentation example (without Yates' correction, which only
  // applies to 2 x 2 tables): obs = [[10, 10, 20], [20, 20, 20]] -> chi2 = 2.7777777777777777,
  // dof 2, p = 0.24935220877729622.
  std::vector<double> ref{10, 10, 20}, cur{20, 20, 20};
  auto d = label_distribution_drift(ref, cur);
  ASSERT_TRUE(d.ok());
  EXPECT_NEAR(d->chi_square, 2.7777777777777777, 1e-12);
  EXPECT_EQ(d->dof, 2);
  EXPECT_NEAR(d->p_value, 0.24935220877729622, 1e-12);
}

}  // namespace
}  // namespace localabel
