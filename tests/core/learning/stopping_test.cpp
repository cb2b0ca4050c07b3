// Learning-curve efficiency: hand-computed least-squares slopes.
#include "localabel/stopping.h"

#include <gtest/gtest.h>

namespace localabel {
namespace {

TEST(LearningCurveEfficiency, SlopeOfTheLastWindow) {
  // Last three points (200, 0.80), (300, 0.82), (400, 0.84): slope 0.0002 per label,
  // 0.02 per 100 labels: keep labelling.
  auto a = learning_curve_efficiency({100, 200, 300, 400}, {0.5, 0.80, 0.82, 0.84}, 3);
  ASSERT_TRUE(a);
  EXPECT_NEAR(a->gain_per_label, 0.0002, 1e-12);
  EXPECT_NEAR(a->gain_per_100_labels, 0.02, 1e-10);
  EXPECT_EQ(a->points_used, 3);
  EXPECT_FALSE(a->suggest_stop);
}

TEST(LearningCurveEfficiency, SuggestsStopOnAPlateau) {
  // (0.900, 0.902, 0.901) at 100-label steps: slope 0.0005 per 100 labels < 0.005.
  auto a = learning_curve_efficiency({500, 600, 700}, {0.900, 0.902, 0.901}, 3);
  ASSERT_TRUE(a);
  EXPECT_NEAR(a->gain_per_100_labels, 0.0005, 1e-10);
  EXPECT_TRUE(a->suggest_stop);
  // A window that is not full yet never suggests a stop.
  auto b = learning_curve_efficiency({600, 700}, {0.902, 0.901}, 3);
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->suggest_stop);
}

TEST(LearningCurveEfficiency, ReportsBadCurves) {
  EXPECT_EQ(learning_curve_efficiency({1, 2}, {0.5}).error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(learning_curve_efficiency({2, 2}, {0.5, 0.6}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(learning_curve_efficiency({1, 2}, {0.5, 0.6}, 1).error().code,
            ErrorCode::kInvalidArgument);
  auto one = learning_curve_efficiency({10}, {0.5});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->gain_per_label, 0.0);
}

}  // namespace
}  // namespace localabel
