// Cohen's kappa with standard errors, interval and z test against SAS PROC FREQ (through
// statsmodels' tests) and R irr::kappa2.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "localabel/agreement.h"

namespace localabel {
namespace {

// statsmodels/stats/tests/test_inter_rater.py, UnweightedCohens ("comparison to printout of a
// SAS example"): table10 = [[0, 4, 1], [0, 8, 0], [0, 1, 5]] -> Kappa 0.4842, ASE 0.1380,
// 95% limits 0.2137 and 0.7547; ASE under H0 0.1484, Z 3.2626, one-sided p 0.0006,
// two-sided p 0.0011 (SAS prints 4 decimals: checked to 5e-5).
TEST(KappaInference, SasPrintoutSimpleKappa) {
  std::vector<double> t{0, 4, 1, 0, 8, 0, 0, 1, 5};
  auto r = cohen_kappa_inference(t, 3);
  ASSERT_TRUE(r.ok());
  const double sas[] = {0.4842, 0.1380, 0.2137, 0.7547, 0.1484, 3.2626, 0.0006, 0.0011};
  const double got[] = {r->kappa, r->ase, r->lower,       r->upper,
                        r->ase0,  r->z,   r->p_one_sided, r->p_two_sided};
  for (int i = 0; i < 8; ++i) EXPECT_NEAR(got[i], sas[i], 5e-5) << i;
  EXPECT_EQ(r->n, 19);
  // The kappa itself is exact: Po = 13/19; row totals 5, 8, 6 and column totals 0, 13, 6 give
  // Pe = (8 * 13 + 6 * 6) / 19^2 = 140/361, so kappa = (247 - 140) / (361 - 140) = 107/221.
  EXPECT_NEAR(r->kappa, 107.0 / 221, 1e-15);
}

// Same file, TestWeightedCohens: cohens_kappa(table10, weights=[0, 1, 2]) (scores 0, 1, 2,
// Cicchetti-Allison weights) against SAS: 0.4701, 0.1457, 0.1845, 0.7558; 0.1426, 3.2971,
// 0.0005, 0.0010.
TEST(KappaInference, SasPrintoutWeightedKappa) {
  std::vector<double> t{0, 4, 1, 0, 8, 0, 0, 1, 5};
  std::vector<double> scores{0, 1, 2};
  auto r = cohen_kappa_inference(t, 3, KappaWeights::kLinear, scores);
  ASSERT_TRUE(r.ok());
  const double sas[] = {0.4701, 0.1457, 0.1845, 0.7558, 0.1426, 3.2971, 0.0005, 0.0010};
  const double got[] = {r->kappa, r->ase, r->lower,       r->upper,
                        r->ase0,  r->z,   r->p_one_sided, r->p_two_sided};
  for (int i = 0; i < 8; ++i) EXPECT_NEAR(got[i], sas[i], 5e-5) << i;
  // Scores only matter through their differences relative to the range.
  std::vector<double> scaled{10, 20, 30};
  auto s = cohen_kappa_inference(t, 3, KappaWeights::kLinear, scaled);
  EXPECT_NEAR(s->kappa, r->kappa, 1e-14);
  EXPECT_NEAR(s->ase, r->ase, 1e-14);
}

// statsmodels/stats/tests/test_inter_rater.py, test_cohens_kappa_irr: R irr::kappa2 on
// raters 2 and 3 of the `anxiety` data (irr drops the unused level 5: categories 1, 2, 3, 4,
// 6 at positions 0..4): unweighted kappa -0.006289308, z -0.0604067, p 0.9518317; "equal"
// (linear) 0.1459075, z 1.282472, p 0.1996772; "squared" 0.2520325, z 1.437451,
// p 0.1505898. statsmodels checks kappa to 6 decimals, z to 5, p to 6.
TEST(KappaInference, IrrKappa2Anxiety) {
  const int anxiety[60] = {3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3,
                           3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4,
                           2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2};
  const int position[7] = {-1, 0, 1, 2, 3, -1, 4};  // levels 1, 2, 3, 4, 6
  std::vector<double> t(25, 0.0);
  for (int i = 0; i < 20; ++i) t[position[anxiety[20 + i]] * 5 + position[anxiety[40 + i]]] += 1;
  struct Case {
    KappaWeights w;
    double kappa, z, p;
  } cases[] = {{KappaWeights::kNone, -0.006289308, -0.0604067, 0.9518317},
               {KappaWeights::kLinear, 0.1459075, 1.282472, 0.1996772},
               {KappaWeights::kQuadratic, 0.2520325, 1.437451, 0.1505898}};
  for (const auto& c : cases) {
    auto r = cohen_kappa_inference(t, 5, c.w);
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r->kappa, c.kappa, 5e-7);
    EXPECT_NEAR(r->z, c.z, 5e-6);
    EXPECT_NEAR(r->p_two_sided, c.p, 5e-7);
  }
}

TEST(KappaInference, AgreesWithCohenKappaOnLabelVectors) {
  // The table of two label vectors gives the same kappa as cohen_kappa (scikit-learn's).
  std::vector<int32_t> a{0, 1, 2, 2, 1, 0, 1, 2, 0, 0}, b{0, 1, 1, 2, 1, 0, 2, 2, 1, 0};
  std::vector<double> t(9, 0.0);
  for (size_t i = 0; i < a.size(); ++i) t[a[i] * 3 + b[i]] += 1;
  for (KappaWeights w : {KappaWeights::kNone, KappaWeights::kLinear, KappaWeights::kQuadratic})
    EXPECT_NEAR(cohen_kappa_inference(t, 3, w)->kappa, cohen_kappa(a, b, w)->value, 1e-12);
}

TEST(KappaInference, ConfidenceLevelAndQuantile) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(normal_quantile(0.5), 0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.995), 2.5758293035489004, 1e-12);
  EXPECT_TRUE(std::isnan(normal_quantile(1)));
  std::vector<double> t{0, 4, 1, 0, 8, 0, 0, 1, 5};
  auto r = cohen_kappa_inference(t, 3, KappaWeights::kNone, {}, 0.99);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->upper - r->kappa, 2.5758293035489004 * r->ase, 1e-12);
}

TEST(KappaInference, UndefinedAndErrors) {
  std::vector<double> one{5, 0, 0, 0};
  auto u = cohen_kappa_inference(one, 2);
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(std::isnan(u->kappa));
  EXPECT_FALSE(u->undefined_reason.empty());
  std::vector<double> t{0, 4, 1, 0, 8, 0, 0, 1, 5};
  EXPECT_EQ(cohen_kappa_inference(t, 2).error().code, ErrorCode::kLengthMismatch);
  std::vector<double> two{1, 2};
  EXPECT_EQ(cohen_kappa_inference(t, 3, KappaWeights::kLinear, two).error().path, "scores");
  std::vector<double> flat{1, 2, 1};
  EXPECT_EQ(cohen_kappa_inference(t, 3, KappaWeights::kLinear, flat).error().code,
            ErrorCode::kInvalidArgument);
  std::vector<double> neg{0, 4, 1, 0, -8, 0, 0, 1, 5};
  EXPECT_EQ(cohen_kappa_inference(neg, 3).error().path, "table[1][1]");
  std::vector<double> zero(9, 0.0);
  EXPECT_EQ(cohen_kappa_inference(zero, 3).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(cohen_kappa_inference(t, 3, KappaWeights::kNone, {}, 1).error().path, "confidence");
}

}  // namespace
}  // namespace localabel
