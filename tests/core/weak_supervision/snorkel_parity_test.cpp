// LF analysis and the majority-label voter against Snorkel's own tests
// (github.com/snorkel-team/snorkel): test/labeling/test_analysis.py (TestAnalysis, on its label
// matrix L and gold Y) and test/labeling/model/test_baseline.py (BaselineModelTest), plus the
// docstring example of snorkel/labeling/model/baselines.py MajorityLabelVoter.predict_proba.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "localabel/weak_supervision.h"

namespace localabel {
namespace {

// test_analysis.py: L (6 points × 6 LFs) and Y.
const LabelMatrix kL{6, 6, {-1, -1, 0, -1, -1, 0, -1, -1, -1, 2,  -1, -1, 2, -1, -1, -1, -1, 0,
                            1,  -1, 2, -1, 0,  0, -1, -1, -1, -1, -1, -1, 1, -1, 0,  2,  1,  0}};
const std::vector<int32_t> kY = {0, 1, 2, 0, 1, 2};

TEST(SnorkelLfAnalysis, MatchesTestAnalysisSummary) {
  auto a = analyse_labelling_functions(kL, &kY);
  ASSERT_TRUE(a);
  // test_label_coverage / test_label_overlap / test_label_conflict.
  EXPECT_DOUBLE_EQ(a->label_coverage, 5.0 / 6);
  EXPECT_DOUBLE_EQ(a->label_overlap, 4.0 / 6);
  EXPECT_DOUBLE_EQ(a->label_conflict, 3.0 / 6);
  // test_lf_summary: Polarity, Coverage, Overlaps, Conflicts, Correct, Incorrect, Emp. Acc.
  const std::vector<std::vector<int32_t>> polarity = {{1, 2}, {}, {0, 2}, {2}, {0, 1}, {0}};
  const double coverage[] = {3.0 / 6, 0, 3.0 / 6, 2.0 / 6, 2.0 / 6, 4.0 / 6};
  const double overlaps[] = {3.0 / 6, 0, 3.0 / 6, 1.0 / 6, 2.0 / 6, 4.0 / 6};
  const double conflicts[] = {3.0 / 6, 0, 2.0 / 6, 1.0 / 6, 2.0 / 6, 3.0 / 6};
  const int64_t correct[] = {1, 0, 1, 1, 1, 2};
  const int64_t incorrect[] = {2, 0, 2, 1, 1, 2};
  // test_lf_empirical_accuracies: the LF that never votes gets 0 (Snorkel's nan_to_num).
  const double accuracy[] = {1.0 / 3, 0, 1.0 / 3, 1.0 / 2, 1.0 / 2, 2.0 / 4};
  // test_lf_overlaps(normalize_by_coverage=True), test_lf_conflicts(normalize_by_overlaps=True).
  const double overlaps_normalized[] = {1, 0, 1, 1.0 / 2, 1, 1};
  const double conflicts_normalized[] = {1, 0, 2.0 / 3, 1, 1, 3.0 / 4};
  for (size_t j = 0; j < 6; ++j) {
    const LfSummary& s = a->lfs[j];
    EXPECT_EQ(s.polarity, polarity[j]) << j;
    EXPECT_NEAR(s.coverage, coverage[j], 1e-12) << j;
    EXPECT_NEAR(s.overlaps, overlaps[j], 1e-12) << j;
    EXPECT_NEAR(s.conflicts, conflicts[j], 1e-12) << j;
    EXPECT_EQ(s.correct, correct[j]) << j;
    EXPECT_EQ(s.incorrect, incorrect[j]) << j;
    EXPECT_NEAR(s.empirical_accuracy, accuracy[j], 1e-12) << j;
    EXPECT_NEAR(s.overlaps_normalized, overlaps_normalized[j], 1e-12) << j;
    EXPECT_NEAR(s.conflicts_normalized, conflicts_normalized[j], 1e-12) << j;
  }
  // The variant that keeps an undefined accuracy undefined.
  LfAnalysisOptions o;
  o.undefined_accuracy_nan = true;
  EXPECT_TRUE(std::isnan(analyse_labelling_functions(kL, &kY, o)->lfs[1].empirical_accuracy));
  EXPECT_NEAR(analyse_labelling_functions(kL, &kY, o)->lfs[0].empirical_accuracy, 1.0 / 3, 1e-12);
}

TEST(SnorkelLfAnalysis, MatchesTestLfEmpiricalProbs) {
  // test_lf_empirical_probs: P[j][l + 1][y] = P(LF j votes l | Y = y), k = 3.
  const double expected[6][4][3] = {
      {{1.0 / 2, 1, 0}, {0, 0, 0}, {1.0 / 2, 0, 1.0 / 2}, {0, 0, 1.0 / 2}},
      {{1, 1, 1}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
      {{0, 1, 1.0 / 2}, {1.0 / 2, 0, 1.0 / 2}, {0, 0, 0}, {1.0 / 2, 0, 0}},
      {{1, 1.0 / 2, 1.0 / 2}, {0, 0, 0}, {0, 0, 0}, {0, 1.0 / 2, 1.0 / 2}},
      {{1.0 / 2, 1, 1.0 / 2}, {1.0 / 2, 0, 0}, {0, 0, 1.0 / 2}, {0, 0, 0}},
      {{0, 1, 0}, {1, 0, 1}, {0, 0, 0}, {0, 0, 0}},
  };
  LfAnalysisOptions o;
  o.n_classes = 3;
  auto a = analyse_labelling_functions(kL, &kY, o);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->n_classes, 3);
  for (size_t j = 0; j < 6; ++j)
    for (size_t l = 0; l < 4; ++l)
      for (size_t y = 0; y < 3; ++y)
        EXPECT_NEAR(a->lfs[j].empirical_probs[l * 3 + y], expected[j][l][y], 1e-12)
            << j << " " << l << " " << y;
  o.n_classes = 2;  // class 2 occurs
  EXPECT_EQ(analyse_labelling_functions(kL, &kY, o).error().code, ErrorCode::kInvalidArgument);
}

TEST(SnorkelMajorityLabelVoter, MatchesTestMajorityLabelVoteAndDocstring) {
  // test_baseline.py test_majority_label_vote.
  LabelMatrix l{4, 3, {0, 1, 0, 0, 1, 0, 1, 0, 0, -1, -1, 1}};
  auto p = majority_label_voter_proba(l, 2);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (std::vector<double>{1, 0, 1, 0, 1, 0, 0, 1}));
  // baselines.py docstring: [[0, 0, -1], [-1, 0, 1], [1, -1, 0]] -> [[1, 0], [.5, .5], [.5, .5]].
  LabelMatrix d{3, 3, {0, 0, -1, -1, 0, 1, 1, -1, 0}};
  EXPECT_EQ(*majority_label_voter_proba(d, 2), (std::vector<double>{1, 0, 0.5, 0.5, 0.5, 0.5}));
  // A point where every LF abstains: every count is the maximum 0, so uniform.
  LabelMatrix none{1, 2, {-1, -1}};
  EXPECT_EQ(*majority_label_voter_proba(none, 4), (std::vector<double>(4, 0.25)));
  auto bad = majority_label_voter_proba(LabelMatrix{1, 2, {0, 3}}, 3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "votes[0][1]");
  EXPECT_EQ(majority_label_voter_proba(d, 0).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace localabel
