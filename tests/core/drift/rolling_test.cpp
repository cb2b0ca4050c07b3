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

// The integer path for bits must give exactly the alarm index of the floating-point
// definition, also at thresholds that fall exactly on a window mean (0.85 * 20 = 17), and the
// same mean up to round-off, on streams longer than one block of 4096 windows.
TEST(RollingMeanAlarm, BitsAgreeWithTheFloatingPointDefinition) {
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int round = 0; round < 40; ++round) {
    const int64_t window = 1 + static_cast<int64_t>(next() * 40);
    const double threshold = round % 3 == 0 ? 0.85 : round % 3 == 1 ? 0.5 : next();
    const size_t n = static_cast<size_t>(next() * 12000);
    std::vector<uint8_t> bits(n);
    const double p1 = 0.7 + 0.3 * next();
    for (size_t i = 0; i < n; ++i) bits[i] = next() < (i > n / 2 ? p1 - 0.3 : p1) ? 1 : 0;
    std::vector<double> values(bits.begin(), bits.end());
    auto b = rolling_mean_alarm(std::span<const uint8_t>(bits), window, threshold);
    auto d = rolling_mean_alarm(std::span<const double>(values), window, threshold);
    ASSERT_TRUE(b.ok() && d.ok());
    EXPECT_EQ(b->first_alarm, d->first_alarm) << "round " << round;
    EXPECT_EQ(b->n_windows, d->n_windows);
    if (d->n_windows > 0)
      EXPECT_NEAR(b->mean, d->mean, 1e-12);
    else
      EXPECT_TRUE(std::isnan(b->mean));
  }
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
