#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "localabel/agreement.h"

namespace localabel {
namespace {

constexpr double M = std::numeric_limits<double>::quiet_NaN();

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
// 12 units, missing data. Published: nominal 0.743, ordinal 0.815, interval 0.849,
// ratio 0.797 (the ordinal and ratio values are also the krippendorff package's tests).
const std::vector<double> kPaper{1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M,  //
                                 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3,  //
                                 M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M,  //
                                 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M};

TEST(KrippendorffAlpha, Krippendorff2011WorkedExample) {
  EXPECT_NEAR(krippendorff_alpha(kPaper, 4, 12, AlphaLevel::kNominal)->value, 0.743, 5e-4);
  EXPECT_NEAR(krippendorff_alpha(kPaper, 4, 12, AlphaLevel::kOrdinal)->value, 0.815, 5e-4);
  EXPECT_NEAR(krippendorff_alpha(kPaper, 4, 12, AlphaLevel::kInterval)->value, 0.849, 5e-4);
  EXPECT_NEAR(krippendorff_alpha(kPaper, 4, 12, AlphaLevel::kRatio)->value, 0.797, 5e-4);
  // Unit 12 has one value only: it is not pairable.
  EXPECT_EQ(krippendorff_alpha(kPaper, 4, 12, AlphaLevel::kNominal)->n_units, 11);
}

// Wikipedia "Krippendorff's alpha", computational example (3 coders, 15 units); the
// krippendorff package's tests give nominal 0.691358 and interval 0.810845.
const std::vector<double> kWikipedia{M, M, M, M, M, 3, 4, 1, 2, 1, 1, 3, 3, M, 3,  //
                                     1, M, 2, 1, 3, 3, 4, 3, M, M, M, M, M, M, M,  //
                                     M, M, 2, 1, 3, 4, 4, M, 2, 1, 1, 3, 3, M, 4};

TEST(KrippendorffAlpha, WikipediaExample) {
  EXPECT_NEAR(krippendorff_alpha(kWikipedia, 3, 15, AlphaLevel::kNominal)->value, 0.691358, 5e-7);
  EXPECT_NEAR(krippendorff_alpha(kWikipedia, 3, 15, AlphaLevel::kInterval)->value, 0.810845, 5e-7);
}

std::string long_csv(const std::vector<double>& m, int coders, int units) {
  std::string csv = "item,annotator,label\n";
  for (int u = 0; u < units; ++u)
    for (int c = 0; c < coders; ++c)
      if (!std::isnan(m[c * units + u]))
        csv += std::to_string(u) + ",c" + std::to_string(c) + "," +
               std::to_string(static_cast<int>(m[c * units + u])) + "\n";
  return csv;
}

TEST(KrippendorffAlpha, LongTableMatchesMatrix) {
  auto t = parse_annotations_csv(long_csv(kPaper, 4, 12));
  ASSERT_TRUE(t.ok()) << t.error().message;
  for (AlphaLevel level :
       {AlphaLevel::kNominal, AlphaLevel::kOrdinal, AlphaLevel::kInterval, AlphaLevel::kRatio}) {
    auto a = krippendorff_alpha(*t, level);
    auto b = krippendorff_alpha(kPaper, 4, 12, level);
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_NEAR(a->value, b->value, 1e-12);
  }
  auto m = reliability_matrix(*t, AlphaLevel::kNominal);
  ASSERT_TRUE(m.ok());
  EXPECT_NEAR(krippendorff_alpha(*m, 4, 12, AlphaLevel::kNominal)->value, 0.743, 5e-4);
}

// The krippendorff package's test_string_labels_ordinal_with_domain: the paper's data as
// words with a declared order gives the same ordinal alpha 0.815.
TEST(KrippendorffAlpha, TextLabelsWithDeclaredOrder) {
  const char* names[] = {"", "very low", "low", "mid", "high", "very high"};
  std::string csv = "item,annotator,label\n";
  for (int u = 0; u < 12; ++u)
    for (int c = 0; c < 4; ++c)
      if (!std::isnan(kPaper[c * 12 + u]))
        csv += std::to_string(u) + ",c" + std::to_string(c) + "," +
               names[static_cast<int>(kPaper[c * 12 + u])] + "\n";
  CsvOptions o;
  o.declared_labels = {"very low", "low", "mid", "high", "very high"};
  auto t = parse_annotations_csv(csv, o);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_NEAR(krippendorff_alpha(*t, AlphaLevel::kOrdinal)->value, 0.815, 5e-4);
  EXPECT_NEAR(krippendorff_alpha(*t, AlphaLevel::kNominal)->value, 0.743, 5e-4);
  EXPECT_EQ(krippendorff_alpha(*t, AlphaLevel::kInterval).error().code, ErrorCode::kUnsupported);
}

TEST(KrippendorffAlpha, EdgeCases) {
  // Perfect agreement (krippendorff package: test_perfect_agreement) -> 1.
  std::vector<double> perfect{1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(krippendorff_alpha(perfect, 3, 4, AlphaLevel::kNominal)->value, 1.0);
  EXPECT_DOUBLE_EQ(krippendorff_alpha(perfect, 3, 4, AlphaLevel::kInterval)->value, 1.0);
  // Ratio with zeros (test_ratio_metric_with_zeros) -> 1.
  std::vector<double> zeros{0, 1, 2, 0, 1, 2};
  EXPECT_DOUBLE_EQ(krippendorff_alpha(zeros, 2, 3, AlphaLevel::kRatio)->value, 1.0);
  // A single category: expected disagreement is 0 -> NaN with a reason.
  std::vector<double> same{1, 1, 1, 1};
  auto s = krippendorff_alpha(same, 2, 2, AlphaLevel::kNominal);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(std::isnan(s->value));
  EXPECT_NE(s->undefined_reason.find("expected disagreement"), std::string::npos);
  // One annotator: nothing is pairable.
  std::vector<double> one{1, 2, 3};
  auto o = krippendorff_alpha(one, 1, 3, AlphaLevel::kNominal);
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(std::isnan(o->value));
  EXPECT_NE(o->undefined_reason.find("two or more"), std::string::npos);
  EXPECT_TRUE(std::isnan(krippendorff_alpha(one, 1, 3, AlphaLevel::kInterval)->value));
}

TEST(KrippendorffAlpha, BadInput) {
  std::vector<double> v{1, 2, 3};
  EXPECT_EQ(krippendorff_alpha(v, 2, 2, AlphaLevel::kNominal).error().code,
            ErrorCode::kLengthMismatch);
  std::vector<double> inf{1, std::numeric_limits<double>::infinity()};
  auto e = krippendorff_alpha(inf, 1, 2, AlphaLevel::kNominal);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(e.error().path, "matrix[0][1]");
  std::vector<double> neg{1, -2};
  EXPECT_EQ(krippendorff_alpha(neg, 2, 1, AlphaLevel::kRatio).error().code, ErrorCode::kOutOfRange);
  std::vector<double> missing{M, M};
  EXPECT_EQ(krippendorff_alpha(missing, 2, 1, AlphaLevel::kNominal).error().code,
            ErrorCode::kEmptyInput);
  EXPECT_EQ(krippendorff_alpha({}, 0, 0, AlphaLevel::kNominal).error().code,
            ErrorCode::kEmptyInput);
}

}  // namespace
}  // namespace localabel
