// Drift detectors against the published examples and tests of their reference libraries.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "localabel/drift.h"
#include "python_random.h"

namespace localabel {
namespace {

using testing::PythonRandom;

std::vector<double> concat(std::vector<double> a, const std::vector<double>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<int64_t> adwin_detections(const std::vector<double>& v, const AdwinOptions& o = {}) {
  auto r = adwin(v, o);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r->detections : std::vector<int64_t>{};
}

// river/drift/adwin.py, ADWIN docstring (Examples): rng = random.Random(12345);
// data_stream = rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)
// -> "Change detected at index 1023, input value: 4". The stream is rebuilt here with the
// same generator (python_random.h) and checked against the copy stored with the other tests.
TEST(AdwinParity, RiverDocstringExample) {
  PythonRandom rng(12345);
  const auto low = rng.choices({0, 1}, 1000);
  const auto v = concat(low, rng.choices({4, 5, 6, 7}, 1000));
  std::ifstream stored(std::string(LOCALABEL_TEST_DATA) + "/gold_drift/river_adwin_stream.txt");
  std::vector<double> file;
  std::string line;
  while (std::getline(stored, line))
    if (!line.empty() && line[0] != '#') file.push_back(std::stod(line));
  EXPECT_EQ(file, v);
  EXPECT_EQ(adwin_detections(v), (std::vector<int64_t>{1023}));
  EXPECT_EQ(v[1023], 4);
}

// river/drift/test_adwin_regression.py, TestDriftDetection.test_multiple_drifts:
// random.Random(42), four segments of 1000 ({0, 1}, 4..7, {0, 1}, 4..7) -> [1023, 2015, 3007].
TEST(AdwinParity, RiverRegressionMultipleDrifts) {
  PythonRandom rng(42);
  std::vector<double> v;
  for (int s = 0; s < 4; ++s)
    v = concat(v, s % 2 == 0 ? rng.choices({0, 1}, 1000) : rng.choices({4, 5, 6, 7}, 1000));
  EXPECT_EQ(adwin_detections(v), (std::vector<int64_t>{1023, 2015, 3007}));
}

// The cut scan of current river tests every bucket boundary (river's adwin_c.pyx,
// AdaptiveWindowing._detect_change, `for k in range(bucket.current_idx)`); river <= 0.21
// skipped the newest bucket of each row. 32 zeros then ones, clock 1. After index 59 the
// window (60 values) is, oldest first: row 3 = four buckets of 8 zeros, row 2 = four of 4
// ones, row 1 = four of 2 ones, row 0 = four single ones. The cut after the 32 zeros has
// |0 - 1| = 1 against eps = sqrt(2 m s2 d') + 2/3 d' m with s2 = 32 * 28 / 60^2,
// d' = ln(2 ln 60 / 0.002), m = 1/28 + 1/24: eps = 0.9951 < 1, a change; every other cut
// has a smaller difference and a larger eps, and no earlier window has a significant cut.
// That cut is the end of the newest bucket of row 3, which the older scan never tests (it
// detects at index 67 instead). The same rule is what river's own regression test
// test_multiple_drifts above pins ([1023, 2015, 3007]; the older scan gives 2047 and 3039).
TEST(AdwinParity, TheNewestBucketOfARowIsACutPoint) {
  std::vector<double> v(32, 0.0);
  v.resize(100, 1.0);
  AdwinOptions o;
  o.clock = 1;
  const double s2 = 32.0 * 28 / (60.0 * 60), d = std::log(2 * std::log(60.0) / 0.002);
  const double m = 1.0 / 28 + 1.0 / 24;
  EXPECT_LT(std::sqrt(2 * m * s2 * d) + 2.0 / 3 * d * m, 1.0);
  auto r = adwin_detections(v, o);
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0], 59);
}

// river/drift/test_adwin_regression.py, TestStatistics.test_variance_correctness: after 500
// values of random.Random(999).gauss(5, 2), ADWIN.variance is the sum of squared deviations
// from the mean (not divided by n), to a relative 1e-6; and test_total_and_estimation.
TEST(AdwinParity, RiverVarianceIsTheSumOfSquaredDeviations) {
  PythonRandom rng(999);
  std::vector<double> v;
  for (int i = 0; i < 500; ++i) v.push_back(rng.gauss(5, 2));
  Adwin a;
  for (double x : v) a.update(x);
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / 500;
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  EXPECT_NEAR(a.variance(), ss, 1e-6 * ss);
  EXPECT_NEAR(a.variance_in_window(), a.variance() / a.width(), 1e-12);
  auto r = adwin(v);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->variance, a.variance());
  EXPECT_EQ(r->variance_in_window, a.variance_in_window());
  Adwin b;
  for (double x : {1.0, 2.0, 3.0, 4.0, 5.0}) b.update(x);
  EXPECT_DOUBLE_EQ(b.total(), 15.0);
  EXPECT_DOUBLE_EQ(b.mean(), 3.0);
  EXPECT_EQ(b.width(), 5);
}

// river/drift/test_adwin_regression.py, TestAdaptiveWindowing.test_sequence_exact_statistics
// (clock 1000000, values i % 7 for i < 200: width 200, total and variance exact) and
// TestEdgeCases.test_reset_on_drift_detected (clock 1: 500 zeros then 100s detect a change,
// and the next update restarts the window at width 1).
TEST(AdwinParity, RiverStatisticsAndReset) {
  AdwinOptions never;
  never.clock = 1000000;
  Adwin a(never);
  std::vector<double> v;
  for (int i = 0; i < 200; ++i) v.push_back(i % 7);
  for (double x : v) a.update(x);
  EXPECT_EQ(a.width(), 200);
  const double total = std::accumulate(v.begin(), v.end(), 0.0);
  EXPECT_DOUBLE_EQ(a.total(), total);
  double ss = 0;
  for (double x : v) ss += (x - total / 200) * (x - total / 200);
  EXPECT_NEAR(a.variance(), ss, 1e-6 * ss);

  AdwinOptions every;
  every.clock = 1;
  Adwin b(every);
  for (int i = 0; i < 500; ++i) EXPECT_FALSE(b.update(0.0));
  bool found = false;
  for (int i = 0; i < 500 && !found; ++i) found = b.update(100.0);
  ASSERT_TRUE(found);
  EXPECT_EQ(b.n_detections(), 1);
  b.update(50.0);
  EXPECT_EQ(b.width(), 1);
}

// river/drift/page_hinkley.py, PageHinkley docstring: the same Random(12345) stream as ADWIN's
// with the defaults (min_instances 30, delta 0.005, threshold 50, alpha 1 - 0.0001,
// mode "both") -> "Change detected at index 1006, input value: 5".
TEST(PageHinkleyParity, RiverDocstringExample) {
  PythonRandom rng(12345);
  const auto low = rng.choices({0, 1}, 1000);
  const auto v = concat(low, rng.choices({4, 5, 6, 7}, 1000));
  PageHinkleyOptions o;
  o.mode = DriftMode::kBoth;
  auto r = page_hinkley(v, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<int64_t>{1006}));
  EXPECT_EQ(v[1006], 5);
  // The rise is not a decrease: mode "down" (our default) sees none, "up" sees the same one.
  o.mode = DriftMode::kDown;
  EXPECT_TRUE(page_hinkley(v, o)->empty());
  o.mode = DriftMode::kUp;
  EXPECT_EQ(*page_hinkley(v, o), (std::vector<int64_t>{1006}));
}

TEST(PageHinkleyParity, FadingFactor) {
  // With alpha < 1 the sums are bounded: a slow, steady fall of 0.001 per value that the
  // classical test (alpha = 1) eventually flags stays unflagged with a strong forgetting.
  std::vector<double> v;
  for (int i = 0; i < 3000; ++i) v.push_back(1.0 - 0.001 * i);
  PageHinkleyOptions o;
  o.threshold = 20;
  o.alpha = 1;
  EXPECT_FALSE(page_hinkley(v, o)->empty());
  o.alpha = 0.9;
  EXPECT_TRUE(page_hinkley(v, o)->empty());
  // Hand-computed: values 0, 0, 3 with delta 0, alpha 0.5, threshold 1, min_instances 1,
  // mode up. Means 0, 0, 1; deviations 0, 0, 2; up = 0, 0, 2; min 0: 2 - 0 > 1 at index 2.
  PageHinkleyOptions h;
  h.delta = 0;
  h.alpha = 0.5;
  h.threshold = 1;
  h.min_instances = 1;
  h.mode = DriftMode::kUp;
  std::vector<double> w{0, 0, 3};
  EXPECT_EQ(*page_hinkley(w, h), (std::vector<int64_t>{2}));
  h.alpha = 0;
  EXPECT_EQ(page_hinkley(w, h).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(page_hinkley(w, h).error().path, "alpha");
  h.alpha = 1.5;
  EXPECT_EQ(page_hinkley(w, h).error().code, ErrorCode::kInvalidArgument);
}

TEST(DriftMode, NamesRoundTrip) {
  for (DriftMode m : {DriftMode::kDown, DriftMode::kUp, DriftMode::kBoth})
    EXPECT_EQ(*parse_drift_mode(drift_mode_name(m)), m);
  auto bad = parse_drift_mode("sideways", "--mode");
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().path, "--mode");
}

// river/drift/cusum.py, CUSUM docstring: rng = random.Random(12345); 200 values of
// rng.gauss(0, 1) then 200 of rng.gauss(3, 1); defaults (min_instances 30, slack 0.5,
// threshold 5, mode "both") -> changes detected at index 201 and 251 (the second after the
// restart: a new warm-up of 30 values from index 202 on, then an alarm 20 values later).
TEST(CusumParity, RiverDocstringExample) {
  PythonRandom rng(12345);
  std::vector<double> v;
  for (int i = 0; i < 200; ++i) v.push_back(rng.gauss(0, 1));
  for (int i = 0; i < 200; ++i) v.push_back(rng.gauss(3, 1));
  auto r = cusum(v, CusumOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<int64_t>{201, 251}));
}

TEST(CusumParity, HandComputedWarmupAndModes) {
  // min_instances 3 on 1, 2, 3: reference 2, sigma 1 (sample sd). Index 2: d = 1,
  // S+ = max(0, 1 - 0.5) = 0.5, S- = 0. Index 3 (x = 5): S+ = 0.5 + 3 - 0.5 = 3 > 2 (h = 2).
  std::vector<double> v{1, 2, 3, 5, 1, 1, 1};
  CusumOptions o;
  o.min_instances = 3;
  o.threshold = 2;
  EXPECT_EQ(*cusum(v, o), (std::vector<int64_t>{3}));
  o.mode = DriftMode::kDown;
  EXPECT_TRUE(cusum(v, o)->empty());
  // After the alarm at 3 a new warm-up starts at 4: 1, 1, 1 has sigma 0, no alarm.
  o.mode = DriftMode::kUp;
  EXPECT_EQ(*cusum(v, o), (std::vector<int64_t>{3}));
  o.min_instances = 0;
  EXPECT_EQ(cusum(v, o).error().path, "min_instances");
  o = {};
  o.slack = -1;
  EXPECT_EQ(cusum(v, o).error().path, "slack");
  o = {};
  o.threshold = 0;
  EXPECT_EQ(cusum(v, o).error().path, "threshold");
  std::vector<double> nan{1, std::nan("")};
  EXPECT_EQ(cusum(nan, CusumOptions{}).error().path, "values[1]");
}

// scipy/stats/_stats_py.py, chisquare docstring (Examples): chisquare([16, 18, 16, 14, 12, 12])
// -> statistic 2.0, pvalue 0.84914503608460956; with f_exp=[16, 16, 16, 16, 16, 8] -> 3.5,
// 0.62338762774958223; ddof=1 -> pvalue 0.73575888234288467 (= Q(2, 1) = 2 / e).
TEST(ChiSquareGoodnessOfFit, ScipyDocstringExamples) {
  std::vector<double> obs{16, 18, 16, 14, 12, 12};
  auto a = chi_square_goodness_of_fit(obs);
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(a->statistic, 2.0, 1e-12);
  EXPECT_EQ(a->dof, 5);
  EXPECT_NEAR(a->p_value, 0.84914503608460956, 1e-12);
  std::vector<double> exp{16, 16, 16, 16, 16, 8};
  auto b = chi_square_goodness_of_fit(obs, exp);
  ASSERT_TRUE(b.ok());
  EXPECT_NEAR(b->statistic, 3.5, 1e-12);
  EXPECT_NEAR(b->p_value, 0.62338762774958223, 1e-12);
  auto c = chi_square_goodness_of_fit(obs, {}, 1);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->dof, 4);
  EXPECT_NEAR(c->p_value, 0.73575888234288467, 1e-12);
}

TEST(ChiSquareGoodnessOfFit, BadInput) {
  std::vector<double> obs{16, 18, 16, 14, 12, 12};
  std::vector<double> short_exp{1, 2};
  EXPECT_EQ(chi_square_goodness_of_fit(obs, short_exp).error().code, ErrorCode::kLengthMismatch);
  std::vector<double> other_total{16, 16, 16, 16, 16, 9};
  EXPECT_EQ(chi_square_goodness_of_fit(obs, other_total).error().code, ErrorCode::kInvalidArgument);
  std::vector<double> zero_exp{16, 16, 16, 16, 24, 0};
  EXPECT_EQ(chi_square_goodness_of_fit(obs, zero_exp).error().path, "expected[5]");
  std::vector<double> negative{1, -1};
  EXPECT_EQ(chi_square_goodness_of_fit(negative).error().path, "observed[1]");
  EXPECT_EQ(chi_square_goodness_of_fit({}).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(chi_square_goodness_of_fit(obs, {}, -1).error().path, "ddof");
  // ddof leaving no degree of freedom: NaN p-value, as scipy.
  EXPECT_TRUE(std::isnan(chi_square_goodness_of_fit(obs, {}, 5)->p_value));
}

}  // namespace
}  // namespace localabel
