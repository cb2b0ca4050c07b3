#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "localabel/drift.h"

namespace localabel {
namespace {

TEST(RollingMeanAlarm, HandComputedWindows) {
  // Windows of 3 over 1 1 1 0 1 0 0: means 1, 2/3, 2/3, 1/3, 1/3; first below 0.5 at i = 5.
  std::vector<uint8_t> bits{1, 1, 1, 0, 1, 0, 0};
  auto r = rolling_mean_alarm(std::span<const uint8_t>(bits), 3, 0.5);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_alarm, 5);
  EXPECT_EQ(r->n_windows, 5);
  EXPECT_NEAR(r->mean, (1 + 2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1.0 / 3) / 5, 1e-12);
  std::vector<double> values(bits.begin(), bits.end());
  auto d = rolling_mean_alarm(std::span<const double>(values), 3, 0.5);
  EXPECT_EQ(d->first_alarm, 5);
  EXPECT_NEAR(d->mean, r->mean, 1e-12);
}

TEST(RollingMeanAlarm, NoAlarmShortStreamAndBadInput) {
  std::vector<uint8_t> bits{1, 1};
  auto r = rolling_mean_alarm(std::span<const uint8_t>(bits), 3, 0.5);
  EXPECT_EQ(r->first_alarm, -1);
  EXPECT_EQ(r->n_windows, 0);
  EXPECT_TRUE(std::isnan(r->mean));
  EXPECT_EQ(rolling_mean_alarm(std::span<const uint8_t>(bits), 0, 0.5).error().code,
            ErrorCode::kInvalidArgument);
  std::vector<double> nan{1, std::numeric_limits<double>::quiet_NaN()};
  auto e = rolling_mean_alarm(std::span<const double>(nan), 1, 0.5);
  EXPECT_EQ(e.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(e.error().path, "values[1]");
}

TEST(RollingQualityDrop, AlarmsWhenMeanFallsMoreThanTheFraction) {
  // Windows of 4: 1.0, 0.75 (fall of 25 %), 0.75 (no fall), 0.5 (fall of 33 %).
  std::vector<double> v{1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1};
  auto r = rolling_quality_drop(v, 4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->window_means, (std::vector<double>{1, 0.75, 0.75, 0.5}));
  EXPECT_EQ(r->alarms, (std::vector<int64_t>{7, 15}));
  auto lenient = rolling_quality_drop(v, 4, 0.4);
  EXPECT_TRUE(lenient->alarms.empty());
  EXPECT_EQ(rolling_quality_drop(v, 4, 1.0).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace localabel
