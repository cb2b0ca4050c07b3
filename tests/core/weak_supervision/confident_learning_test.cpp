// Confident learning against cleanlab 2.x (github.com/cleanlab/cleanlab): cleanlab/count.py
// compute_confident_joint, calibrate_confident_joint, num_label_issues; cleanlab/filter.py
// find_label_issues with every filter_by; cleanlab/rank.py get_label_quality_scores.
// cleanlab's own tests (tests/test_filter_count.py, tests/test_rank.py) check properties on
// random data rather than published numbers, so each expected value below is derived by hand
// from those functions' definitions, step by step in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "localabel/label_errors.h"

namespace localabel {
namespace {

using Rows = std::vector<int64_t>;

// Example A (K = 3): rows 0-1 labelled 0, rows 2-3 labelled 1, rows 4-5 labelled 2.
const std::vector<float> kProbsA = {0.4f, 0.3f, 0.3f, 0.2f, 0.2f, 0.6f, 0.3f,  0.4f, 0.3f,
                                    0.3f, 0.2f, 0.5f, 0.1f, 0.1f, 0.8f, 0.31f, 0.3f, 0.39f};
const std::vector<int32_t> kLabelsA = {0, 0, 1, 1, 2, 2};

TEST(ConfidentLearning, TwoConfidentClassesCountTheOverallArgmax) {
  // cleanlab/count.py compute_confident_joint: t = (0.3, 0.3, 0.595) (means of p_j over rows
  // labelled j). Row 5 (given 2, p = .31 .30 .39) reaches t_0 and t_1 but not t_2; with two
  // confident classes cleanlab counts pred_probs.argmax = class 2, the given label, so it sits
  // on the diagonal (taking the largest confident class would count it in C[2][0]). Row 0
  // (.4 .3 .3) reaches t_0 and t_1 (0.3 within the 1e-6 slack): argmax 0. Row 1 only t_2, row 2
  // t_0 and t_1 (argmax 1), row 3 only t_0, row 4 only t_2.
  auto r = find_label_issues(MatrixView{kProbsA.data(), 6, 3}, kLabelsA);
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->thresholds[0], 0.3, 1e-7);
  EXPECT_NEAR(r->thresholds[1], 0.3, 1e-7);
  EXPECT_NEAR(r->thresholds[2], 0.595, 1e-7);
  EXPECT_EQ(r->confident_joint_raw, (Rows{1, 0, 1, 1, 1, 0, 0, 0, 2}));
  // Rows already sum to the class counts (2, 2, 2): calibration leaves them.
  EXPECT_EQ(r->confident_joint, (Rows{1, 0, 1, 1, 1, 0, 0, 0, 2}));
  // prune_by_noise_rate: C[0][2] = 1 removes the class-0 row of largest p_2 − p_0 (row 1),
  // C[1][0] = 1 the class-1 row of largest p_0 − p_1 (row 3); both disagree with argmax.
  EXPECT_EQ(r->issues, (Rows{1, 3}));
  EXPECT_EQ(r->num_label_issues, 2);
  for (const char* name : {"prune_by_class", "both", "confident_learning", "predicted_neq_given"}) {
    LabelIssueOptions o;
    o.filter_by = *parse_label_issue_filter(name);
    auto f = find_label_issues(MatrixView{kProbsA.data(), 6, 3}, kLabelsA, o);
    ASSERT_TRUE(f) << name;
    EXPECT_EQ(f->issues, (Rows{1, 3})) << name;
  }
}

// Example B (K = 2): rows 0-4 and 7 labelled 0, rows 5-6 labelled 1.
const std::vector<float> kProbsB = {0.9f, 0.1f, 0.8f, 0.2f, 0.6f, 0.4f, 0.3f, 0.7f,
                                    0.4f, 0.6f, 0.2f, 0.8f, 0.7f, 0.3f, 0.5f, 0.5f};
const std::vector<int32_t> kLabelsB = {0, 0, 0, 0, 0, 1, 1, 0};

TEST(ConfidentLearning, CalibratesTheJointAndAppliesEveryFilter) {
  // t_0 = (0.9+0.8+0.6+0.3+0.4+0.5)/6 = 0.58333, t_1 = (0.8+0.3)/2 = 0.55. Confident: rows
  // 0,1,2 -> 0; rows 3,4 -> 1 (given 0); row 5 -> 1; row 6 -> 0 (given 1); row 7 reaches
  // neither. Raw C = [[3,2],[1,1]]; calibration scales row 0 to its 6 rows: [3.6, 2.4] rounds
  // to [4, 2] (total 6 kept).
  const MatrixView probs{kProbsB.data(), 8, 2};
  auto r = find_label_issues(probs, kLabelsB);
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->thresholds[0], 3.5 / 6, 1e-7);
  EXPECT_NEAR(r->thresholds[1], 0.55, 1e-7);
  EXPECT_EQ(r->confident_joint_raw, (Rows{3, 2, 1, 1}));
  EXPECT_EQ(r->confident_joint, (Rows{4, 2, 1, 1}));
  // prune_by_noise_rate: class 0 loses its 2 rows of largest p_1 − p_0 (rows 3, 4), class 1
  // its row of largest p_0 − p_1 (row 6). Ranked by self-confidence: 0.3 (row 3), 0.3 (row 6,
  // tie kept in row order), 0.4 (row 4).
  EXPECT_EQ(r->issues, (Rows{3, 6, 4}));
  EXPECT_EQ(r->is_issue, (std::vector<uint8_t>{0, 0, 0, 1, 1, 0, 1, 0}));
  EXPECT_DOUBLE_EQ(r->self_confidence[3], static_cast<double>(0.3f));
  // num_label_issues (off_diagonal): rows 3, 4, 6 are off the diagonal and none has its given
  // label as argmax even with 1e-6 added.
  EXPECT_EQ(r->num_label_issues, 3);

  LabelIssueOptions o;
  o.min_examples_per_class = 2;  // class 1 has only 2 rows: not pruned
  EXPECT_EQ(find_label_issues(probs, kLabelsB, o)->issues, (Rows{3, 4}));
  o = {};
  // frac_noise 0.5 (_reduce_prune_counts): C[0][1] = 2 × 0.5 = 1 row, C[1][0] = int(0.5) = 0.
  o.frac_noise = 0.5;
  EXPECT_EQ(find_label_issues(probs, kLabelsB, o)->issues, (Rows{3}));
  o = {};
  // prune_by_class: class 0 keeps C[0][0] = 4 of 6 rows, dropping the two of lowest p_0
  // (rows 3, 4); class 1 keeps 1 of 2 (drops row 6).
  o.filter_by = LabelIssueFilter::kPruneByClass;
  EXPECT_EQ(find_label_issues(probs, kLabelsB, o)->issues, (Rows{3, 6, 4}));
  // low_self_confidence: the num_label_issues = 3 rows of lowest self-confidence.
  o.filter_by = LabelIssueFilter::kLowSelfConfidence;
  EXPECT_EQ(find_label_issues(probs, kLabelsB, o)->issues, (Rows{3, 6, 4}));
  // Ranked by normalized margin (p_y − p_other + 1) / 2: rows 3 and 6 score 0.3, row 4 0.4.
  o.filter_by = LabelIssueFilter::kLowNormalizedMargin;
  o.rank_by = LabelQualityScore::kNormalizedMargin;
  auto m = find_label_issues(probs, kLabelsB, o);
  EXPECT_EQ(m->issues, (Rows{3, 6, 4}));
  EXPECT_NEAR(m->quality[4], (0.4 - 0.6 + 1) / 2, 1e-7);
}

TEST(ConfidentLearning, AbsentClassGetsThresholdTwoAndACalibratedZeroRow) {
  // cleanlab get_confident_thresholds gives a class without rows BIG_VALUE = 2, so p = 1 does
  // not reach it; its diagonal is raised to 1 before calibration, which scales the row to 0.
  const std::vector<float> p = {1.0f, 0.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f, 1.0f};
  auto r = find_label_issues(MatrixView{p.data(), 3, 3}, {0, 1, 0});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->thresholds[2], 2.0);
  // Row 2 (given 0, p_2 = 1) reaches no threshold: t_2 = 2.
  EXPECT_EQ(r->confident_joint_raw, (Rows{1, 0, 0, 0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(r->confident_joint, (Rows{2, 0, 0, 0, 1, 0, 0, 0, 0}));
  EXPECT_TRUE(r->issues.empty());
}

TEST(LabelQualityScores, MatchCleanlabRankDefinitions) {
  // cleanlab/rank.py: self_confidence p_y; normalized_margin (p_y − max other + 1)/2;
  // confidence_weighted_entropy with s = (−Σ p log p / log K) / max(p_y, 1e-6):
  // log(s + 1) / max(s, 1e-6). Row 0: p = (.25, .5, .25), y = 0: H = 1.5 log 2.
  const std::vector<float> p = {0.25f, 0.5f, 0.25f, 1.0f, 0.0f, 0.0f};
  const MatrixView m{p.data(), 2, 3};
  const std::vector<int32_t> y = {0, 0};
  auto sc = label_quality_scores(m, y, LabelQualityScore::kSelfConfidence);
  EXPECT_EQ(*sc, (std::vector<double>{0.25, 1.0}));
  auto nm = label_quality_scores(m, y, LabelQualityScore::kNormalizedMargin);
  EXPECT_NEAR((*nm)[0], 0.375, 1e-12);
  EXPECT_NEAR((*nm)[1], 1.0, 1e-12);
  auto cwe = label_quality_scores(m, y, LabelQualityScore::kConfidenceWeightedEntropy);
  const double s = 1.5 * std::log(2.0) / std::log(3.0) / 0.25;
  EXPECT_NEAR((*cwe)[0], std::log(s + 1) / s, 1e-12);
  // A certain, correct row has zero entropy: log(1) / 1e-6 = 0 (cleanlab's value, although
  // the score is meant to be high for clean labels).
  EXPECT_NEAR((*cwe)[1], 0.0, 1e-12);
  // adjust_pred_probs (cleanlab _subtract_confident_thresholds): t = (.75, .5), max t = .75;
  // row 0 (.75, .25) -> (.75, .5)/1.25 = (.6, .4); row 1 (.5, .5) -> (.5, .75)/1.25.
  const std::vector<float> q = {0.75f, 0.25f, 0.5f, 0.5f};
  auto adj = label_quality_scores(MatrixView{q.data(), 2, 2}, {0, 1},
                                  LabelQualityScore::kSelfConfidence, true);
  EXPECT_NEAR((*adj)[0], 0.6, 1e-12);
  EXPECT_NEAR((*adj)[1], 0.6, 1e-12);
  EXPECT_EQ(label_quality_scores(MatrixView{q.data(), 2, 2}, {0, 1},
                                 LabelQualityScore::kConfidenceWeightedEntropy, true)
                .error()
                .code,
            ErrorCode::kInvalidArgument);
}

TEST(ConfidentLearning, RejectsBadOptionsAndNames) {
  LabelIssueOptions o;
  o.frac_noise = 0.0;
  auto r = find_label_issues(MatrixView{kProbsB.data(), 8, 2}, kLabelsB, o);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().path, "frac_noise");
  o = {};
  o.min_examples_per_class = -1;
  EXPECT_EQ(find_label_issues(MatrixView{kProbsB.data(), 8, 2}, kLabelsB, o).error().path,
            "min_examples_per_class");
  auto bad = parse_label_issue_filter("prune");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("prune_by_noise_rate"), std::string::npos);
  EXPECT_FALSE(parse_label_quality_score("margin"));
  for (auto f : {LabelIssueFilter::kPruneByNoiseRate, LabelIssueFilter::kBoth,
                 LabelIssueFilter::kLowNormalizedMargin})
    EXPECT_EQ(*parse_label_issue_filter(label_issue_filter_name(f)), f);
  const std::vector<float> one = {1.0f, 1.0f};
  EXPECT_EQ(label_quality_scores(MatrixView{one.data(), 2, 1}, {0, 0},
                                 LabelQualityScore::kNormalizedMargin)
                .error()
                .code,
            ErrorCode::kInvalidArgument);
}

TEST(ConfidentLearning, Float64ProbabilitiesKeepTheirPrecision) {
  // Example A in double precision: the thresholds are the float64 means cleanlab computes
  // (float32 inputs differ from them by ~1e-8), and the flagged rows are the same.
  const std::vector<double> p = {0.4, 0.3, 0.3, 0.2, 0.2, 0.6, 0.3,  0.4, 0.3,
                                 0.3, 0.2, 0.5, 0.1, 0.1, 0.8, 0.31, 0.3, 0.39};
  auto r = find_label_issues(MatrixView64{p.data(), 6, 3}, kLabelsA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->thresholds[0], (0.4 + 0.2) / 2);
  EXPECT_EQ(r->thresholds[2], (0.8 + 0.39) / 2);
  EXPECT_EQ(r->self_confidence[5], 0.39);
  EXPECT_EQ(r->confident_joint_raw, (Rows{1, 0, 1, 1, 1, 0, 0, 0, 2}));
  EXPECT_EQ(r->issues, (Rows{1, 3}));
  auto nm = label_quality_scores(MatrixView64{p.data(), 6, 3}, kLabelsA,
                                 LabelQualityScore::kNormalizedMargin);
  EXPECT_EQ((*nm)[5], (0.39 - 0.31 + 1.0) / 2);
  const std::vector<double> bad = {0.5, std::nan("")};
  EXPECT_EQ(find_label_issues(MatrixView64{bad.data(), 1, 2}, {0}).error().path, "probs[0][1]");
}

}  // namespace
}  // namespace localabel
