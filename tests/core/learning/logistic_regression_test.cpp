// Logistic regression against scikit-learn 1.2.1 on iris (reference numbers written by
// tests/data/learning/make_logreg_reference.py), features, and error cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "localabel/learner.h"

namespace localabel {
namespace {

struct Iris {
  std::vector<float> x;
  std::vector<int32_t> y;
};

Iris load_iris() {
  std::ifstream f(std::string(LOCALABEL_TEST_DATA) + "/learning/iris.csv");
  Iris d;
  std::string line;
  while (std::getline(f, line)) {
    std::stringstream s(line);
    std::string cell;
    for (int j = 0; j < 4; ++j) {
      std::getline(s, cell, ',');
      d.x.push_back(std::stof(cell));
    }
    std::getline(s, cell, ',');
    d.y.push_back(std::stoi(cell));
  }
  return d;
}

nlohmann::json reference() {
  std::ifstream f(std::string(LOCALABEL_TEST_DATA) + "/learning/logreg_iris_reference.json");
  std::stringstream s;
  s << f.rdbuf();
  return nlohmann::json::parse(s.str(), nullptr, false);
}

class LogisticRegressionIris : public ::testing::TestWithParam<double> {};

TEST_P(LogisticRegressionIris, MatchesScikitLearn) {
  Iris d = load_iris();
  ASSERT_EQ(d.y.size(), 150u);
  const double c = GetParam();
  nlohmann::json ref = reference()[c == 1.0 ? "C=1" : "C=0.1"];
  ASSERT_TRUE(ref.is_object());
  LogisticRegressionOptions o;
  o.c = c;
  o.tol = 1e-7;
  o.max_iter = 2000;
  auto m = fit_logistic_regression(MatrixView{d.x.data(), 150, 4}, d.y, 3, o);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->converged);
  for (int k = 0; k < 3; ++k) {
    for (int j = 0; j < 4; ++j)
      EXPECT_NEAR(m->weights[static_cast<size_t>(k * 4 + j)], ref["coef"][k][j].get<double>(), 2e-3)
          << "class " << k << " feature " << j;
    EXPECT_NEAR(m->intercept[static_cast<size_t>(k)], ref["intercept"][k].get<double>(), 1e-2);
  }
  auto p = predict_proba(*m, MatrixView{d.x.data(), 150, 4});
  ASSERT_TRUE(p);
  const int rows[3] = {0, 50, 100};
  for (int r = 0; r < 3; ++r)
    for (int k = 0; k < 3; ++k)
      EXPECT_NEAR((*p)[static_cast<size_t>(rows[r] * 3 + k)],
                  ref["proba_rows_0_50_100"][r][k].get<double>(), 1e-3);
  std::vector<int32_t> pred = argmax_rows(*p, 3);
  int correct = 0;
  for (size_t i = 0; i < pred.size(); ++i) correct += pred[i] == d.y[i];
  EXPECT_NEAR(correct / 150.0, ref["train_accuracy"].get<double>(), 1e-9);
}

INSTANTIATE_TEST_SUITE_P(ScikitLearnReference, LogisticRegressionIris, ::testing::Values(1.0, 0.1));

TEST(LogisticRegression, WarmStartNeedsFewerIterations) {
  Iris d = load_iris();
  MatrixView x{d.x.data(), 150, 4};
  LogisticRegressionOptions o;
  o.max_iter = 1000;
  auto cold = fit_logistic_regression(x, d.y, 3, o);
  ASSERT_TRUE(cold);
  auto warm = fit_logistic_regression(x, d.y, 3, o, {}, &*cold);
  ASSERT_TRUE(warm);
  EXPECT_LT(warm->n_iter, cold->n_iter);
  EXPECT_NEAR(warm->objective, cold->objective, 1e-3 * cold->objective);
}

TEST(LogisticRegression, SampleWeightsEqualRepeatedRows) {
  // Weight 2 on a row is the same objective as the row given twice.
  std::vector<float> x = {0, 1, 2, 3, 1};
  std::vector<int32_t> y = {0, 0, 1, 1, 0};
  LogisticRegressionOptions o;
  o.tol = 1e-9;
  o.max_iter = 1000;
  auto twice = fit_logistic_regression(MatrixView{x.data(), 5, 1}, y, 2, o);
  auto weighted = fit_logistic_regression(MatrixView{x.data(), 4, 1}, {0, 0, 1, 1}, 2, o,
                                          {1.0f, 2.0f, 1.0f, 1.0f});
  ASSERT_TRUE(twice && weighted);
  EXPECT_NEAR(twice->weights[0], weighted->weights[0], 1e-4);
  EXPECT_NEAR(twice->intercept[1], weighted->intercept[1], 1e-4);
}

TEST(LogisticRegression, BootstrapCommitteeMembersDiffer) {
  Iris d = load_iris();
  auto c = fit_bootstrap_committee(MatrixView{d.x.data(), 150, 4}, d.y, 3, 3, 11);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->size(), 3u);
  EXPECT_NE((*c)[0].weights, (*c)[1].weights);
}

TEST(LogisticRegression, LargeProblemReachesTheGradientTolerance) {
  // N·D·K above 2^22 takes the float32 blocked path (D = 67 and K = 7 exercise the kernels'
  // remainders: columns beyond multiples of 8, classes beyond a group of 5, an odd N).
  // At the returned model the gradient of the per-example-mean objective, recomputed here
  // in double, must be near zero (tol 1e-4; float32 logits add ~1e-6).
  const int64_t n = 9001, d = 67, k = 7;
  uint64_t state = 99;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) * (1.0 / 9007199254740992.0);
  };
  std::vector<float> x(static_cast<size_t>(n * d));
  std::vector<int32_t> y(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    y[static_cast<size_t>(i)] = static_cast<int32_t>(next() * k);
    for (int64_t j = 0; j < d; ++j)
      x[static_cast<size_t>(i * d + j)] = static_cast<float>(
          (next() - 0.5) * 4.0 + (j % k == y[static_cast<size_t>(i)] ? 0.8 : 0.0));
  }
  auto m = fit_logistic_regression(MatrixView{x.data(), n, d}, y, k);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->converged);
  std::vector<double> gw(static_cast<size_t>(k * d), 0.0), gb(static_cast<size_t>(k), 0.0);
  std::vector<double> z(static_cast<size_t>(k));
  double loss = 0;
  for (int64_t i = 0; i < n; ++i) {
    double zm = -INFINITY;
    for (int64_t c = 0; c < k; ++c) {
      double acc = m->intercept[static_cast<size_t>(c)];
      for (int64_t j = 0; j < d; ++j)
        acc += m->weights[static_cast<size_t>(c * d + j)] * x[static_cast<size_t>(i * d + j)];
      z[static_cast<size_t>(c)] = acc;
      zm = std::max(zm, acc);
    }
    double sum = 0;
    for (double& v : z) sum += (v = std::exp(v - zm));
    const int32_t yi = y[static_cast<size_t>(i)];
    loss -= std::log(z[static_cast<size_t>(yi)] / sum);
    for (int64_t c = 0; c < k; ++c) {
      const double r = z[static_cast<size_t>(c)] / sum - (c == yi ? 1.0 : 0.0);
      gb[static_cast<size_t>(c)] += r;
      for (int64_t j = 0; j < d; ++j)
        gw[static_cast<size_t>(c * d + j)] += r * x[static_cast<size_t>(i * d + j)];
    }
  }
  double worst = 0, wnorm2 = 0;
  for (int64_t t = 0; t < k * d; ++t) {
    const double w = m->weights[static_cast<size_t>(t)];
    wnorm2 += w * w;
    worst = std::max(worst, std::abs((w + gw[static_cast<size_t>(t)]) / n));
  }
  for (double g : gb) worst = std::max(worst, std::abs(g / n));
  EXPECT_LT(worst, 2e-4);
  EXPECT_NEAR(m->objective, 0.5 * wnorm2 + loss, 1e-5 * m->objective);
  // Every row contributes: an accuracy well above chance (1/7) on this separable-ish data.
  auto p = predict_proba(*m, MatrixView{x.data(), n, d});
  ASSERT_TRUE(p);
  std::vector<int32_t> pred = argmax_rows(*p, k);
  int64_t correct = 0;
  for (int64_t i = 0; i < n; ++i)
    correct += pred[static_cast<size_t>(i)] == y[static_cast<size_t>(i)];
  EXPECT_GT(static_cast<double>(correct) / n, 0.5);
}

// predict_proba on float64 features is softmax(W x + b) in double: for W = [[1, −1], [0, 2]],
// b = (0.5, −0.5) and x = (0.1, 0.2), z = (0.4, −0.1), so p_0 = 1 / (1 + e^−0.5); the float32
// overload agrees to float32 precision.
TEST(LogisticRegression, PredictProbaOnFloat64FeaturesIsDouble) {
  LogisticRegressionModel m;
  m.n_features = 2;
  m.n_classes = 2;
  m.weights = {1, -1, 0, 2};
  m.intercept = {0.5, -0.5};
  const std::vector<double> x = {0.1, 0.2, 0, 0};
  auto p = predict_proba(m, MatrixView64{x.data(), 2, 2});
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 4u);
  EXPECT_NEAR((*p)[0], 1 / (1 + std::exp(-0.5)), 1e-15);
  EXPECT_NEAR((*p)[1], 1 / (1 + std::exp(0.5)), 1e-15);
  EXPECT_NEAR((*p)[2], 1 / (1 + std::exp(-1.0)), 1e-15);
  const std::vector<float> x32(x.begin(), x.end());
  auto p32 = predict_proba(m, MatrixView{x32.data(), 2, 2});
  ASSERT_TRUE(p32.ok());
  for (size_t j = 0; j < 4; ++j) EXPECT_NEAR((*p)[j], (*p32)[j], 1e-6) << j;
  const std::vector<double> three = {1, 2, 3};
  EXPECT_EQ(predict_proba(m, MatrixView64{three.data(), 1, 3}).error().code,
            ErrorCode::kLengthMismatch);
  const std::vector<double> inf = {1, INFINITY};
  EXPECT_EQ(predict_proba(m, MatrixView64{inf.data(), 1, 2}).error().path, "features[0][1]");
}

TEST(LogisticRegression, ReportsBadInput) {
  std::vector<float> x = {0, 1, 2};
  EXPECT_EQ(fit_logistic_regression(MatrixView{x.data(), 3, 1}, {0, 1}, 2).error().code,
            ErrorCode::kLengthMismatch);
  auto bad_label = fit_logistic_regression(MatrixView{x.data(), 3, 1}, {0, 1, 5}, 2);
  ASSERT_FALSE(bad_label);
  EXPECT_EQ(bad_label.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(bad_label.error().path, "labels[2]");
  LogisticRegressionOptions o;
  o.c = 0;
  EXPECT_EQ(fit_logistic_regression(MatrixView{x.data(), 3, 1}, {0, 1, 1}, 2, o).error().code,
            ErrorCode::kInvalidArgument);
  std::vector<float> nan = {0, NAN, 2};
  EXPECT_EQ(fit_logistic_regression(MatrixView{nan.data(), 3, 1}, {0, 1, 1}, 2).error().code,
            ErrorCode::kOutOfRange);
  LogisticRegressionModel m;
  m.n_features = 2;
  m.n_classes = 2;
  EXPECT_EQ(predict_proba(m, MatrixView{x.data(), 3, 1}).error().code, ErrorCode::kLengthMismatch);
}

}  // namespace
}  // namespace localabel
