// Krippendorff's alpha from value counts with its coincidence matrix, against the
// `krippendorff` package (pln-fing-udelar/fast-krippendorff), and NLTK's set distances.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "localabel/agreement.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Units x values counts of an annotators x units reliability matrix over a value domain.
std::vector<double> counts_of(const std::vector<std::vector<double>>& data,
                              const std::vector<double>& domain) {
  const size_t units = data[0].size();
  std::vector<double> out(units * domain.size(), 0.0);
  for (const auto& coder : data)
    for (size_t u = 0; u < units; ++u)
      for (size_t c = 0; c < domain.size(); ++c)
        if (coder[u] == domain[c]) out[u * domain.size() + c] += 1;
  return out;
}

// fast-krippendorff tests/test_krippendorff.py, test_nominal_metric_value_counts (and the
// alpha() docstring): this value_counts table gives nominal alpha 0.691358 (6 decimals). Its
// coincidences (from the definition) are o = [[6,0,1,0],[0,4,0,0],[1,0,7,2],[0,0,2,3]],
// n_c = (7, 4, 10, 5), n = 26, so alpha = 1 - 25 * 6 / (26^2 - (49 + 16 + 100 + 25)) =
// 1 - 150/486. test_interval_metric gives 0.810845 for the same data at interval level
// (domain 1, 2, 3, 4).
const std::vector<double> kValueCounts{1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0,
                                       0, 0, 2, 1, 0, 0, 0, 3, 1, 0, 1, 0, 0, 2, 0, 0, 2, 0, 0, 0,
                                       2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1};

TEST(KrippendorffCounts, PackageValueCountsNominalAndCoincidences) {
  auto r = krippendorff_alpha_counts(kValueCounts, 15, 4, AlphaLevel::kNominal);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->value, 0.691358, 5e-7);
  EXPECT_NEAR(r->value, 1 - 150.0 / 486, 1e-12);
  EXPECT_EQ(r->coincidences, (std::vector<double>{6, 0, 1, 0, 0, 4, 0, 0, 1, 0, 7, 2, 0, 0, 2, 3}));
  EXPECT_EQ(r->marginals, (std::vector<double>{7, 4, 10, 5}));
  EXPECT_EQ(r->n_pairable, 26);
  EXPECT_EQ(r->n_units, 12);  // units with two or more values (all but 0, 1 and 13)
  std::vector<double> domain{1, 2, 3, 4};
  auto i = krippendorff_alpha_counts(kValueCounts, 15, 4, AlphaLevel::kInterval, domain);
  ASSERT_TRUE(i.ok());
  EXPECT_NEAR(i->value, 0.810845, 5e-7);
  EXPECT_EQ(i->distances[0 * 4 + 3], 9);  // (1 - 4)^2
}

// fast-krippendorff tests: test_ordinal_metric (0.815, 3 decimals), test_ratio_metric (0.797)
// and test_string_labels_ordinal_with_domain (the same data as labels very low..very high with
// the declared domain: 0.815). The counts path equals the reliability-matrix path exactly.
TEST(KrippendorffCounts, PackageOrdinalRatioAndDomain) {
  const std::vector<std::vector<double>> data{{1, 2, 3, 3, 2, 1, 4, 1, 2, kNaN, kNaN, kNaN},
                                              {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, kNaN, 3},
                                              {kNaN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, kNaN},
                                              {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, kNaN}};
  std::vector<double> domain{1, 2, 3, 4, 5};
  const auto counts = counts_of(data, domain);
  auto o = krippendorff_alpha_counts(counts, 12, 5, AlphaLevel::kOrdinal, domain);
  ASSERT_TRUE(o.ok());
  EXPECT_NEAR(o->value, 0.815, 5e-4);
  std::vector<double> matrix;
  for (const auto& row : data) matrix.insert(matrix.end(), row.begin(), row.end());
  EXPECT_NEAR(o->value, krippendorff_alpha(matrix, 4, 12, AlphaLevel::kOrdinal)->value, 1e-12);
  auto r = krippendorff_alpha_counts(counts, 12, 5, AlphaLevel::kRatio, domain);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->value, 0.797, 5e-4);
  EXPECT_NEAR(r->value, krippendorff_alpha(matrix, 4, 12, AlphaLevel::kRatio)->value, 1e-12);
  // Ordinal uses only the order of the domain: string labels with the declared order give the
  // same counts (columns = very low, low, mid, high, very high) and the same alpha; an unused
  // value declared at the end of the domain changes nothing either.
  std::vector<double> wider(counts.size() / 5 * 6, 0.0);
  for (size_t u = 0; u < 12; ++u)
    for (size_t c = 0; c < 5; ++c) wider[u * 6 + c] = counts[u * 5 + c];
  auto w = krippendorff_alpha_counts(wider, 12, 6, AlphaLevel::kOrdinal);
  ASSERT_TRUE(w.ok());
  EXPECT_NEAR(w->value, o->value, 1e-12);
  EXPECT_EQ(w->marginals[5], 0);
}

// fast-krippendorff tests: test_custom_distance_metric (|v1 - v2| on [[1, 2, 3], [1, 2, 4]]:
// 0.761905) and test_ratio_metric_with_zeros ([[0, 1, 2], [0, 1, 2]]: 1.0).
TEST(KrippendorffCounts, PackageCustomDistanceAndRatioZeros) {
  const std::vector<std::vector<double>> data{{1, 2, 3}, {1, 2, 4}};
  std::vector<double> domain{1, 2, 3, 4};
  std::vector<double> absolute(16);
  for (int c = 0; c < 4; ++c)
    for (int k = 0; k < 4; ++k) absolute[c * 4 + k] = std::abs(domain[c] - domain[k]);
  auto a = krippendorff_alpha_counts(counts_of(data, domain), 3, 4, AlphaLevel::kNominal, domain,
                                     absolute);
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(a->value, 0.761905, 5e-7);
  const std::vector<std::vector<double>> zeros{{0, 1, 2}, {0, 1, 2}};
  std::vector<double> zd{0, 1, 2};
  auto z = krippendorff_alpha_counts(counts_of(zeros, zd), 3, 3, AlphaLevel::kRatio, zd);
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(z->value, 1.0);
}

// fast-krippendorff tests: test_error_single_value_in_domain, test_error_insufficient_coders_
// per_unit, test_error_mismatched_value_counts_and_domain; plus bad cells named.
TEST(KrippendorffCounts, Errors) {
  std::vector<double> one{2, 2};
  EXPECT_EQ(krippendorff_alpha_counts(one, 2, 1, AlphaLevel::kNominal).error().code,
            ErrorCode::kInvalidArgument);
  std::vector<double> single{1, 0, 0, 1};
  EXPECT_EQ(krippendorff_alpha_counts(single, 2, 2, AlphaLevel::kNominal).error().code,
            ErrorCode::kEmptyInput);
  std::vector<double> counts{2, 0, 0, 0, 2, 0};
  std::vector<double> domain{0, 1};
  EXPECT_EQ(krippendorff_alpha_counts(counts, 2, 3, AlphaLevel::kNominal, domain).error().path,
            "value_domain");
  std::vector<double> neg{2, 0, -1, 1};
  EXPECT_EQ(krippendorff_alpha_counts(neg, 2, 2, AlphaLevel::kNominal).error().path,
            "value_counts[1][0]");
  std::vector<double> ok{2, 0, 0, 2};
  std::vector<double> bad_distance{0, kNaN, 1, 0};
  EXPECT_EQ(
      krippendorff_alpha_counts(ok, 2, 2, AlphaLevel::kNominal, {}, bad_distance).error().path,
      "distance[0][1]");
  std::vector<double> short_distance{0, 1};
  EXPECT_EQ(
      krippendorff_alpha_counts(ok, 2, 2, AlphaLevel::kNominal, {}, short_distance).error().code,
      ErrorCode::kLengthMismatch);
  EXPECT_EQ(krippendorff_alpha_counts(ok, 3, 2, AlphaLevel::kNominal).error().code,
            ErrorCode::kLengthMismatch);
  // All pairable values equal: expected disagreement 0, NaN with a reason.
  std::vector<double> same{2, 0, 2, 0};
  auto s = krippendorff_alpha_counts(same, 2, 2, AlphaLevel::kNominal);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(std::isnan(s->value));
  EXPECT_FALSE(s->undefined_reason.empty());
}

// nltk/test/metrics.doctest ("Other distance measures"): s1 = {1, 2, 3, 4}, s2 = {3, 4, 5}:
// jaccard_distance 0.6, masi_distance 0.868; nltk/metrics/distance.py masi_distance docstring:
// masi_distance({1, 2}, {1, 2, 3, 4}) = 0.665 (NLTK's m = 0.67 for a subset; Passonneau's
// exact 2/3 gives 1 - 0.5 * 2/3).
TEST(SetDistances, NltkDoctests) {
  std::vector<int32_t> s1{1, 2, 3, 4}, s2{3, 4, 5}, a{1, 2}, b{1, 2, 3, 4};
  EXPECT_NEAR(jaccard_distance(s1, s2), 0.6, 1e-15);
  EXPECT_NEAR(masi_distance(s1, s2), 0.868, 1e-12);
  EXPECT_NEAR(masi_distance(a, b), 0.665, 1e-12);
  EXPECT_NEAR(masi_distance(a, b, true), 1 - 0.5 * 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(masi_distance(s1, s2, true), 1 - 0.4 / 3.0, 1e-15);
  std::vector<int32_t> c{7, 8}, dup{2, 1, 2}, none;
  EXPECT_EQ(masi_distance(a, c), 1.0);  // disjoint: m = 0
  EXPECT_EQ(masi_distance(a, dup), 0.0);
  EXPECT_EQ(jaccard_distance(a, dup), 0.0);
  EXPECT_EQ(jaccard_distance(none, none), 0.0);
  EXPECT_EQ(masi_distance(none, a), 1.0);
}

TEST(SetDistances, MatrixFeedsAlpha) {
  // Domain {a}, {a, b}, {c}: two units, both coders agree on unit 0 ({a}) and differ on unit 1
  // ({a, b} vs {a}). With MASI the disagreement on unit 1 costs 0.665, not 1.
  std::vector<std::vector<int32_t>> domain{{0}, {0, 1}, {2}};
  auto d = set_distance_matrix(domain, SetDistance::kMasi);
  ASSERT_TRUE(d.ok());
  EXPECT_NEAR((*d)[0 * 3 + 1], 0.665, 1e-12);
  EXPECT_EQ((*d)[0 * 3 + 2], 1.0);
  std::vector<double> counts{2, 0, 0, 1, 1, 0, 0, 0, 2};
  auto masi = krippendorff_alpha_counts(counts, 3, 3, AlphaLevel::kNominal, {}, *d);
  auto nominal = krippendorff_alpha_counts(counts, 3, 3, AlphaLevel::kNominal);
  ASSERT_TRUE(masi.ok());
  ASSERT_TRUE(nominal.ok());
  EXPECT_GT(masi->value, nominal->value);
  // By hand: units {0, 0}, {0, 1}, {2, 2} give o_00 = 2, o_01 = o_10 = 1, o_22 = 2;
  // n_c = (3, 1, 2), n = 6; D_o ~ 2 d_01, D_e ~ sum_{c != k} n_c n_k d_ck / (n - 1).
  EXPECT_EQ(masi->coincidences, (std::vector<double>{2, 1, 0, 1, 0, 0, 0, 0, 2}));
  const double dob = 2 * 0.665;
  const double dex = (3 * 1 * 0.665 * 2 + 3 * 2 * 1.0 * 2 + 1 * 2 * 1.0 * 2) / 5;
  EXPECT_NEAR(masi->value, 1 - dob / dex, 1e-12);
  EXPECT_STREQ(set_distance_name(*parse_set_distance("masi-exact")), "masi-exact");
  EXPECT_EQ(parse_set_distance("cosine", "--distance").error().path, "--distance");
  EXPECT_EQ(set_distance_matrix({}, SetDistance::kJaccard).error().code, ErrorCode::kEmptyInput);
}

}  // namespace
}  // namespace localabel
