#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "localabel/drift.h"

namespace localabel {
namespace {

std::vector<double> read_stream(const std::string& path) {
  std::ifstream in(path);
  std::vector<double> out;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') out.push_back(std::stod(line));
  return out;
}

TEST(Adwin, RiverDocumentedExample) {
  // river's drift.ADWIN docstring (riverml.xyz, API reference, drift.ADWIN, Examples):
  //   rng = random.Random(12345)
  //   data_stream = rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)
  //   -> "Change detected at index 1023, input value: 4"
  // The stream was generated with Python's random module and stored in the data file.
  auto v = read_stream(std::string(LOCALABEL_TEST_DATA) + "/gold_drift/river_adwin_stream.txt");
  ASSERT_EQ(v.size(), 2000u);
  auto r = adwin(v);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->detections, (std::vector<int64_t>{1023}));
  EXPECT_EQ(v[1023], 4);
  // After the detection the detector restarted on value 1024: the window is the last 976.
  EXPECT_EQ(r->width, 976);
}

TEST(Adwin, StepChangeIsFoundAtTheFirstCheckAfterIt) {
  // 100 zeros then 100 ones. Checks happen every clock = 32 values (indices 31, 63, 95, 127,
  // ...). Until index 99 the window is constant: variance 0, so every |mean difference| is 0
  // and no cut is significant. At index 127 the window holds 100 zeros and 28 ones; the cut
  // after the oldest 64 zeros has |0 - 28/64| = 0.4375 against eps = sqrt(2 m s2 d') +
  // 2/3 d' m with s2 = 100*28/128^2 = 0.171, d' = ln(2 ln 128 / 0.002) = 8.49,
  // m = 1/60 + 1/60: eps = sqrt(2 * 0.0333 * 0.171 * 8.49) + 0.189 = 0.50, not enough; a cut
  // closer to the change, after 96 zeros (|0 - 28/32| = 0.875, m = 1/92 + 1/28), has
  // eps = 0.63: a change at index 127.
  std::vector<double> v(200, 0.0);
  for (size_t i = 100; i < v.size(); ++i) v[i] = 1;
  auto r = adwin(v);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->detections.empty());
  EXPECT_EQ(r->detections[0], 127);
  // Checking on every value finds it sooner, but not before the change.
  AdwinOptions every;
  every.clock = 1;
  auto fast = adwin(v, every);
  ASSERT_FALSE(fast->detections.empty());
  EXPECT_GE(fast->detections[0], 100);
  EXPECT_LT(fast->detections[0], 127);
  // A smaller delta (more confidence required) never detects earlier.
  AdwinOptions strict;
  strict.delta = 1e-6;
  auto late = adwin(v, strict);
  ASSERT_FALSE(late->detections.empty());
  EXPECT_GE(late->detections[0], 127);
}

TEST(Adwin, ConstantShortAndEmptyStreams) {
  std::vector<double> constant(5000, 0.7);
  auto c = adwin(constant);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->detections.empty());
  EXPECT_EQ(c->width, 5000);
  EXPECT_NEAR(c->mean, 0.7, 1e-12);
  std::vector<double> empty;
  auto e = adwin(empty);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->detections.empty());
  EXPECT_EQ(e->width, 0);
  EXPECT_EQ(e->mean, 0);
  std::vector<double> shorter(31, 0.0);
  shorter.back() = 100;  // fewer values than the clock: never tested
  EXPECT_TRUE(adwin(shorter)->detections.empty());
}

TEST(Adwin, WindowStatisticsSurviveBucketMerges) {
  Adwin a;
  for (double x : {1.0, 2.0, 3.0, 4.0}) a.update(x);
  EXPECT_EQ(a.width(), 4);
  EXPECT_DOUBLE_EQ(a.mean(), 2.5);
  EXPECT_DOUBLE_EQ(a.variance_in_window(), 1.25);  // population variance of 1..4
  EXPECT_DOUBLE_EQ(a.variance(), 5.0);             // river: sum of squared deviations
  // 700 values of i % 7 (many merges): the mean and variance stay exact.
  Adwin b;
  int detections = 0;
  for (int i = 0; i < 700; ++i) detections += b.update(i % 7);
  EXPECT_EQ(detections, 0);
  EXPECT_EQ(b.width(), 700);
  EXPECT_NEAR(b.mean(), 3.0, 1e-12);
  EXPECT_NEAR(b.variance_in_window(), 4.0, 1e-9);  // variance of 0..6
}

TEST(Adwin, BadInput) {
  std::vector<double> v{1, std::numeric_limits<double>::quiet_NaN()};
  auto r = adwin(v);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(r.error().path, "values[1]");
  std::vector<double> inf{std::numeric_limits<double>::infinity()};
  EXPECT_EQ(adwin(inf).error().code, ErrorCode::kOutOfRange);
  AdwinOptions o;
  o.delta = 0;
  EXPECT_EQ(adwin({}, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.clock = 0;
  EXPECT_EQ(adwin({}, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.min_window_length = 0;
  EXPECT_EQ(adwin({}, o).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace localabel
