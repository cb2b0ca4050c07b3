#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "localabel/agreement.h"

namespace localabel {
namespace {

std::string read_data(const std::string& name) {
  std::ifstream f(std::string(LOCALABEL_TEST_DATA) + "/agreement/" + name);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

CoefficientSpec cohen(int a, int b) {
  CoefficientSpec s;
  s.kind = CoefficientSpec::Kind::kCohenKappa;
  s.a = a;
  s.b = b;
  return s;
}

// bootstrap_reference.json is written by bootstrap_reference.py, an independent Python
// implementation of the documented procedure on scikit-learn's cohen_kappa_score and
// numpy.percentile, on the Wikipedia Cohen's kappa proposal example (kappa 0.4).
TEST(Bootstrap, MatchesIndependentPythonReference) {
  auto t = parse_annotations_csv(read_data("proposals.csv"));
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto ref = nlohmann::json::parse(read_data("bootstrap_reference.json"), nullptr, false);
  ASSERT_FALSE(ref.is_discarded());
  ASSERT_EQ(ref["cases"].size(), 2u);
  for (const auto& c : ref["cases"]) {
    BootstrapOptions o;
    o.seed = c["seed"].get<uint64_t>();
    o.resamples = c["resamples"].get<int32_t>();
    o.confidence = c["confidence"].get<double>();
    auto r = bootstrap_interval(*t, cohen(0, 1), o);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NEAR(r->estimate, 0.4, 1e-12);
    EXPECT_NEAR(r->lower, c["lower"].get<double>(), 1e-12);
    EXPECT_NEAR(r->upper, c["upper"].get<double>(), 1e-12);
    EXPECT_EQ(r->undefined, c["undefined"].get<int32_t>());
    EXPECT_EQ(r->resamples, o.resamples);
    EXPECT_LT(r->lower, r->estimate);
    EXPECT_GT(r->upper, r->estimate);
  }
}

// Percent agreement with 70 of 100 items agreeing: a resample's value is Binomial(100, 0.7)
// / 100, whose 2.5 % and 97.5 % quantiles are 0.61 and 0.79 (scipy.stats.binom.ppf).
TEST(Bootstrap, PercentAgreementFollowsTheBinomial) {
  std::string csv = "item,annotator,label\n";
  for (int i = 0; i < 100; ++i)
    csv += std::to_string(i) + ",a,x\n" + std::to_string(i) + ",b," + (i < 70 ? "x" : "y") + "\n";
  auto t = parse_annotations_csv(csv);
  ASSERT_TRUE(t.ok());
  CoefficientSpec s;
  s.kind = CoefficientSpec::Kind::kPercentAgreement;
  BootstrapOptions o;
  o.resamples = 4000;
  o.seed = 2024;
  auto r = bootstrap_interval(*t, s, o);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->estimate, 0.7);
  EXPECT_NEAR(r->lower, 0.61, 0.015);
  EXPECT_NEAR(r->upper, 0.79, 0.015);
  EXPECT_EQ(r->undefined, 0);
}

TEST(Bootstrap, SameSeedSameIntervalOtherSeedOther) {
  auto t = parse_annotations_csv(read_data("proposals.csv"));
  ASSERT_TRUE(t.ok());
  BootstrapOptions o;
  o.resamples = 100;
  o.seed = 5;
  auto x = bootstrap_interval(*t, cohen(0, 1), o);
  auto y = bootstrap_interval(*t, cohen(0, 1), o);
  o.seed = 6;
  auto z = bootstrap_interval(*t, cohen(0, 1), o);
  ASSERT_TRUE(x.ok() && y.ok() && z.ok());
  EXPECT_EQ(x->lower, y->lower);
  EXPECT_EQ(x->upper, y->upper);
  EXPECT_TRUE(x->lower != z->lower || x->upper != z->upper);
}

TEST(Bootstrap, AnyTableCoefficient) {
  // Fleiss (1971) data: Fleiss' kappa 0.430 and Krippendorff's alpha inside their intervals.
  auto t = parse_annotations_csv(read_data("fleiss1971_long.csv"));
  ASSERT_TRUE(t.ok());
  BootstrapOptions o;
  o.resamples = 300;
  o.seed = 1;
  CoefficientSpec f;
  auto rf = bootstrap_interval(*t, f, o);
  ASSERT_TRUE(rf.ok()) << rf.error().message;
  EXPECT_NEAR(rf->estimate, 0.430, 5e-4);
  EXPECT_LT(rf->lower, rf->estimate);
  EXPECT_GT(rf->upper, rf->estimate);
  CoefficientSpec a;
  a.kind = CoefficientSpec::Kind::kKrippendorffAlpha;
  auto ra = bootstrap_interval(*t, a, o);
  ASSERT_TRUE(ra.ok());
  EXPECT_LT(ra->lower, ra->estimate);
  EXPECT_GT(ra->upper, ra->estimate);
  // A custom coefficient through the generic overload: the number of items is constant.
  auto rc = bootstrap_interval(
      *t,
      [](const AnnotationTable& x) -> Result<AgreementResult> {
        AgreementResult r;
        r.value = x.n_items();
        return r;
      },
      o);
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(rc->lower, 30);
  EXPECT_EQ(rc->upper, 30);
}

TEST(Bootstrap, UndefinedResamplesAreCountedAndLeftOut) {
  // Two items with different labels: a resample drawing the same item twice has a single
  // category, kappa NaN. P(both draws equal) = 1/2, so about half of the resamples.
  auto t = parse_annotations_csv("1,a,x\n1,b,x\n2,a,y\n2,b,y\n");
  ASSERT_TRUE(t.ok());
  BootstrapOptions o;
  o.resamples = 1000;
  o.seed = 3;
  auto r = bootstrap_interval(*t, cohen(0, 1), o);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->estimate, 1.0);
  EXPECT_GT(r->undefined, 420);
  EXPECT_LT(r->undefined, 580);
  EXPECT_DOUBLE_EQ(r->lower, 1.0);
  EXPECT_DOUBLE_EQ(r->upper, 1.0);
  // Single category everywhere: every resample is undefined.
  auto one = parse_annotations_csv("1,a,x\n1,b,x\n2,a,x\n2,b,x\n");
  ASSERT_TRUE(one.ok());
  auto u = bootstrap_interval(*one, cohen(0, 1), o);
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(std::isnan(u->estimate));
  EXPECT_TRUE(std::isnan(u->lower));
  EXPECT_EQ(u->undefined, 1000);
  EXPECT_NE(u->undefined_reason.find("every resample"), std::string::npos);
}

TEST(Bootstrap, BadInput) {
  auto t = parse_annotations_csv(read_data("proposals.csv"));
  ASSERT_TRUE(t.ok());
  BootstrapOptions o;
  o.resamples = 0;
  EXPECT_EQ(bootstrap_interval(*t, cohen(0, 1), o).error().code, ErrorCode::kInvalidArgument);
  o.resamples = 10;
  o.confidence = std::numeric_limits<double>::quiet_NaN();
  auto nan = bootstrap_interval(*t, cohen(0, 1), o);
  ASSERT_FALSE(nan.ok());
  EXPECT_EQ(nan.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(nan.error().path, "confidence");
  o.confidence = 1;
  EXPECT_EQ(bootstrap_interval(*t, cohen(0, 1), o).error().code, ErrorCode::kInvalidArgument);
  o.confidence = 0.9;
  // Unknown annotator: the coefficient's own error on the whole table.
  EXPECT_EQ(bootstrap_interval(*t, cohen(0, 9), o).error().code, ErrorCode::kUnknownReference);
  AnnotationTable empty;
  EXPECT_EQ(bootstrap_interval(empty, cohen(0, 1), o).error().code, ErrorCode::kEmptyInput);
  std::vector<int32_t> bad{0, 70};
  EXPECT_EQ(resample_items(*t, bad).error().code, ErrorCode::kOutOfRange);
}

}  // namespace
}  // namespace localabel
