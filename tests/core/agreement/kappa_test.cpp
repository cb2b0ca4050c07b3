#include <gtest/gtest.h>

#include <cmath>

#include "localabel/agreement.h"

namespace localabel {
namespace {

std::vector<int32_t> repeat(std::initializer_list<std::pair<int32_t, int>> runs) {
  std::vector<int32_t> v;
  for (auto [value, n] : runs) v.insert(v.end(), n, value);
  return v;
}

// Wikipedia "Cohen's kappa", worked example: 50 grant proposals, both readers yes 20, A yes B
// no 5, A no B yes 10, both no 15: po = 0.7, pe = 0.5, kappa = 0.4.
TEST(CohenKappa, WikipediaProposalExample) {
  auto a = repeat({{1, 20}, {1, 5}, {0, 10}, {0, 15}});
  auto b = repeat({{1, 20}, {0, 5}, {1, 10}, {0, 15}});
  auto k = cohen_kappa(a, b);
  ASSERT_TRUE(k.ok());
  EXPECT_NEAR(k->value, 0.4, 1e-12);
  EXPECT_NEAR(k->observed, 0.7, 1e-12);
  EXPECT_NEAR(k->expected, 0.5, 1e-12);
  EXPECT_EQ(k->n_units, 50);
}

// Reference values from scikit-learn 1.2.1 cohen_kappa_score (Debian python3-sklearn) on the
// same vectors, unweighted / weights="linear" / weights="quadratic".
TEST(CohenKappa, MatchesScikitLearnWeights) {
  std::vector<int32_t> a{0, 1, 2, 2, 3, 1, 0, 4, 4, 2, 1, 3};
  std::vector<int32_t> b{0, 2, 2, 1, 3, 1, 1, 4, 3, 2, 0, 3};
  EXPECT_NEAR(cohen_kappa(a, b)->value, 0.4736842105263158, 1e-12);
  EXPECT_NEAR(cohen_kappa(a, b, KappaWeights::kLinear)->value, 0.7087378640776698, 1e-12);
  EXPECT_NEAR(cohen_kappa(a, b, KappaWeights::kQuadratic)->value, 0.8706896551724138, 1e-12);
  // Weights use positions in the sorted label set, not the values: 1, 5, 9 act as 0, 1, 2.
  std::vector<int32_t> c{1, 1, 5, 5, 9, 9}, d{1, 5, 5, 9, 9, 1};
  EXPECT_NEAR(cohen_kappa(c, d, KappaWeights::kLinear)->value, 0.25, 1e-12);
  EXPECT_NEAR(cohen_kappa(c, d, KappaWeights::kQuadratic)->value, 0.25, 1e-12);
}

TEST(CohenKappa, PerfectAgreementAndSingleCategory) {
  std::vector<int32_t> a{0, 1, 2, 1};
  EXPECT_DOUBLE_EQ(cohen_kappa(a, a)->value, 1.0);
  std::vector<int32_t> one{3, 3, 3};
  auto k = cohen_kappa(one, one);
  ASSERT_TRUE(k.ok());
  EXPECT_TRUE(std::isnan(k->value));
  EXPECT_NE(k->undefined_reason.find("same label"), std::string::npos);
  EXPECT_DOUBLE_EQ(percent_agreement(one, one)->value, 1.0);
}

TEST(CohenKappa, BadInput) {
  std::vector<int32_t> a{0, 1}, b{0};
  EXPECT_EQ(cohen_kappa(a, b).error().code, ErrorCode::kLengthMismatch);
  std::vector<int32_t> e;
  EXPECT_EQ(cohen_kappa(e, e).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(percent_agreement(a, b).error().code, ErrorCode::kLengthMismatch);
}

// Scott (1955) pi on the Wikipedia proposal table: pooled marginals yes 55/100, no 45/100,
// pe = 0.55^2 + 0.45^2 = 0.505, pi = (0.7 - 0.505) / 0.495. Bennett's S with q = 2:
// (0.7 - 0.5) / 0.5 = 0.4.
TEST(ScottPiBennettS, HandComputed) {
  auto a = repeat({{1, 20}, {1, 5}, {0, 10}, {0, 15}});
  auto b = repeat({{1, 20}, {0, 5}, {1, 10}, {0, 15}});
  EXPECT_NEAR(scott_pi(a, b)->value, (0.7 - 0.505) / 0.495, 1e-12);
  EXPECT_NEAR(bennett_s(a, b)->value, 0.4, 1e-12);
  // Declaring 4 categories lowers chance agreement to 1/4.
  EXPECT_NEAR(bennett_s(a, b, 4)->value, (0.7 - 0.25) / 0.75, 1e-12);
  EXPECT_EQ(bennett_s(a, b, 1).error().code, ErrorCode::kInvalidArgument);
  std::vector<int32_t> one{2, 2};
  EXPECT_TRUE(std::isnan(scott_pi(one, one)->value));
  EXPECT_TRUE(std::isnan(bennett_s(one, one)->value));
}

TEST(CohenKappa, FromLongTableAlignsCommonItems) {
  auto t = parse_annotations_csv(
      "item,annotator,label\n1,a,x\n1,b,x\n2,a,y\n2,b,x\n3,a,y\n4,b,y\n5,b,y\n5,a,y\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto k = cohen_kappa(*t, 0, 1);
  ASSERT_TRUE(k.ok()) << k.error().message;
  std::vector<int32_t> a{0, 1, 1}, b{0, 0, 1};
  EXPECT_DOUBLE_EQ(k->value, cohen_kappa(a, b)->value);
  EXPECT_EQ(k->n_units, 3);
  EXPECT_EQ(cohen_kappa(*t, 0, 7).error().code, ErrorCode::kUnknownReference);
  EXPECT_EQ(cohen_kappa(*t, 1, 1).error().code, ErrorCode::kInvalidArgument);
  auto apart = parse_annotations_csv("1,a,x\n2,b,x\n");
  ASSERT_TRUE(apart.ok());
  EXPECT_EQ(cohen_kappa(*apart, 0, 1).error().code, ErrorCode::kEmptyInput);
}

// Wikipedia "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories;
// P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210 (0.20993 to five places, the value
// statsmodels' fleiss_kappa gives for this table).
const std::vector<int32_t> kFleissTable{0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3,
                                        9, 2, 0, 2, 2,  8, 1, 1, 7, 7, 0, 0, 0, 3, 2, 6, 3,
                                        0, 2, 5, 3, 2,  2, 6, 5, 2, 1, 0, 0, 2, 2, 3, 7};

TEST(FleissKappa, WikipediaExample) {
  auto k = fleiss_kappa(kFleissTable, 10, 5);
  ASSERT_TRUE(k.ok()) << k.error().message;
  EXPECT_NEAR(k->value, 0.20993070442195522, 1e-12);
  EXPECT_NEAR(k->observed, 0.378, 5e-4);
  EXPECT_NEAR(k->expected, 0.213, 5e-4);
}

TEST(FleissKappa, LongTableGivesTheSameValue) {
  std::string csv = "item,annotator,label\n";
  for (int i = 0; i < 10; ++i) {
    int rater = 0;
    for (int k = 0; k < 5; ++k)
      for (int c = 0; c < kFleissTable[i * 5 + k]; ++c)
        csv += std::to_string(i) + "," + std::to_string(rater++) + "," + std::to_string(k) + "\n";
  }
  auto t = parse_annotations_csv(csv);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_NEAR(fleiss_kappa(*t)->value, 0.20993070442195522, 1e-12);
}

TEST(FleissKappa, UnequalRatersPointToAlpha) {
  std::vector<int32_t> counts{2, 0, 1, 2};
  auto k = fleiss_kappa(counts, 2, 2);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(k.error().message.find("Krippendorff"), std::string::npos);
  auto t = parse_annotations_csv("1,a,x\n1,b,x\n2,a,y\n");
  ASSERT_TRUE(t.ok());
  auto kt = fleiss_kappa(*t);
  ASSERT_FALSE(kt.ok());
  EXPECT_NE(kt.error().message.find("Krippendorff"), std::string::npos);
  EXPECT_EQ(kt.error().path, "item '2'");
}

TEST(FleissKappa, EdgeCases) {
  std::vector<int32_t> one_category{3, 0, 3, 0};
  auto k = fleiss_kappa(one_category, 2, 2);
  ASSERT_TRUE(k.ok());
  EXPECT_TRUE(std::isnan(k->value));
  EXPECT_FALSE(k->undefined_reason.empty());
  std::vector<int32_t> perfect{3, 0, 0, 3};
  EXPECT_DOUBLE_EQ(fleiss_kappa(perfect, 2, 2)->value, 1.0);
  std::vector<int32_t> single_rater{1, 0, 0, 1};
  EXPECT_EQ(fleiss_kappa(single_rater, 2, 2).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(fleiss_kappa(perfect, 3, 2).error().code, ErrorCode::kLengthMismatch);
  std::vector<int32_t> negative{-1, 3};
  EXPECT_EQ(fleiss_kappa(negative, 1, 2).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(fleiss_kappa({}, 0, 2).error().code, ErrorCode::kEmptyInput);
}

}  // namespace
}  // namespace localabel
