#include <gtest/gtest.h>

#include <cmath>

#include "localabel/drift.h"

namespace localabel {
namespace {

TEST(PageHinkley, DetectsADropAndNotAStableStream) {
  std::vector<double> stable(400, 0.9), drop(400, 0.9);
  for (size_t i = 200; i < drop.size(); ++i) drop[i] = 0.2;
  PageHinkleyOptions o;
  o.threshold = 5;
  EXPECT_TRUE(page_hinkley(stable, o)->empty());
  auto alarms = page_hinkley(drop, o);
  ASSERT_TRUE(alarms.ok());
  ASSERT_FALSE(alarms->empty());
  EXPECT_GT((*alarms)[0], 199);
  EXPECT_LT((*alarms)[0], 230);
  // An increase is only seen two-sided.
  std::vector<double> rise(400, 0.2);
  for (size_t i = 200; i < rise.size(); ++i) rise[i] = 0.9;
  EXPECT_TRUE(page_hinkley(rise, o)->empty());
  o.two_sided = true;
  EXPECT_FALSE(page_hinkley(rise, o)->empty());
  o.threshold = 0;
  EXPECT_EQ(page_hinkley(rise, o).error().code, ErrorCode::kInvalidArgument);
}

TEST(Cusum, HandComputedAlarm) {
  // target 1, slack 0.1: S = 0, 0, 0.4, 0.8, 1.2 > 1 at index 4.
  std::vector<double> v{1, 1, 0.5, 0.5, 0.5, 1};
  auto a = cusum(v, 1.0, 0.1, 1.0);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, (std::vector<int64_t>{4}));
  EXPECT_EQ(cusum(v, 1.0, -1, 1.0).error().code, ErrorCode::kInvalidArgument);
}

TEST(LabelDistributionDrift, HandComputedValues) {
  // p = (0.5, 0.5), q = (0.9, 0.1).
  std::vector<double> ref{50, 50}, cur{90, 10};
  auto d = label_distribution_drift(ref, cur);
  ASSERT_TRUE(d.ok());
  const double psi = (0.9 - 0.5) * std::log(0.9 / 0.5) + (0.1 - 0.5) * std::log(0.1 / 0.5);
  EXPECT_NEAR(d->psi, psi, 1e-12);
  const double js = 0.5 * (0.5 * std::log2(0.5 / 0.7) + 0.5 * std::log2(0.5 / 0.3)) +
                    0.5 * (0.9 * std::log2(0.9 / 0.7) + 0.1 * std::log2(0.1 / 0.3));
  EXPECT_NEAR(d->js_bits, js, 1e-12);
  // 2 x 2 table (50 50 / 90 10): expected 70 30 per row; chi2 = 2*(400/70 + 400/30).
  EXPECT_NEAR(d->chi_square, 2 * (400.0 / 70 + 400.0 / 30), 1e-9);
  EXPECT_EQ(d->dof, 1);
  // Upper tail of chi-square(1) is erfc(sqrt(x/2)).
  EXPECT_NEAR(d->p_value, std::erfc(std::sqrt(d->chi_square / 2)), 1e-12);
  // Identical distributions: no drift.
  auto same = label_distribution_drift(ref, ref);
  EXPECT_NEAR(same->psi, 0, 1e-15);
  EXPECT_NEAR(same->js_bits, 0, 1e-15);
  EXPECT_NEAR(same->p_value, 1, 1e-12);
  std::vector<double> shorter{1};
  EXPECT_EQ(label_distribution_drift(ref, shorter).error().code, ErrorCode::kLengthMismatch);
  std::vector<double> zero{0, 0};
  EXPECT_EQ(label_distribution_drift(ref, zero).error().code, ErrorCode::kEmptyInput);
}

}  // namespace
}  // namespace localabel
