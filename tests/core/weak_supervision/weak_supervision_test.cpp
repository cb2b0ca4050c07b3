// Labelling functions, LF analysis (definitions of Snorkel's LFAnalysis), the label model and
// confident learning (cleanlab's find_label_issues, prune_by_noise_rate), on hand-computed
// examples.
#include "localabel/weak_supervision.h"

#include <gtest/gtest.h>

#include <cmath>

#include "localabel/label_errors.h"

namespace localabel {
namespace {

TEST(WildcardSearch, MatchesStarsQuestionMarksAndEscapes) {
  EXPECT_TRUE(wildcard_search("free*money", "Get FREE cash and money now", false));
  EXPECT_FALSE(wildcard_search("free*money", "Get FREE cash and money now", true));
  EXPECT_TRUE(wildcard_search("c?t", "the cat", false));
  EXPECT_FALSE(wildcard_search("c?t", "the ct", false));
  EXPECT_TRUE(wildcard_search("5\\*", "rated 5* by all", false));
  EXPECT_FALSE(wildcard_search("5\\*", "rated 5 by all", false));
  EXPECT_TRUE(wildcard_search("**a**", "xa", false));
}

std::vector<LabellingFunction> spam_lfs() {
  LabellingFunction kw;
  kw.name = "money";
  kw.kind = LfKind::kKeywords;
  kw.label = 1;
  kw.keywords = {"money", "prize"};
  LabellingFunction pat;
  pat.name = "link";
  pat.kind = LfKind::kPattern;
  pat.label = 1;
  pat.pattern = "http*://";
  LabellingFunction th;
  th.name = "short";
  th.kind = LfKind::kThreshold;
  th.label = 0;
  th.field = "length";
  th.threshold = 20;
  th.above = false;
  return {kw, pat, th};
}

TEST(LabellingFunctions, BuildTheLabelMatrixWithAbstains) {
  std::vector<std::string> texts = {"win money at https://x.y", "moneybags", "hi", "a prize"};
  std::vector<std::map<std::string, double>> md = {
      {{"length", 24}}, {{"length", 9}}, {{"length", 2}}, {}};
  auto m = apply_labelling_functions(spam_lfs(), texts, &md);
  ASSERT_TRUE(m);
  // "moneybags" is not the whole word "money"; the last point has no length field.
  EXPECT_EQ(m->votes, (std::vector<int32_t>{1, 1, -1, -1, -1, 0, -1, -1, 0, 1, -1, -1}));
}

TEST(LabellingFunctions, ModelLfVotesConfidentPredictions) {
  LabellingFunction lf;
  lf.kind = LfKind::kModel;
  lf.min_confidence = 0.8;
  std::vector<float> p = {0.9f, 0.1f, 0.6f, 0.4f};
  MatrixView probs{p.data(), 2, 2};
  auto m = apply_labelling_functions({lf}, {"a", "b"}, nullptr, &probs);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->votes, (std::vector<int32_t>{0, -1}));
  auto missing = apply_labelling_functions({lf}, {"a", "b"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.error().path, "lfs[0]");
}

TEST(LabellingFunctions, RejectInvalidDefinitions) {
  auto lfs = spam_lfs();
  lfs[1].pattern = "";
  auto r = apply_labelling_functions(lfs, {"x"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "lfs[1].pattern");
  EXPECT_EQ(apply_labelling_functions({}, {"x"}).error().code, ErrorCode::kEmptyInput);
}

// A regular-expression LF (Snorkel's usual `re.search(pattern, x.text)` LF) votes where the
// pattern matches anywhere, case-insensitively unless asked; a bad pattern is an error that
// names the LF and the character of the pattern.
TEST(LabellingFunctions, RegexLfVotesWhereThePatternMatches) {
  LabellingFunction lf;
  lf.kind = LfKind::kRegex;
  lf.label = 2;
  lf.pattern = "\\b(?:refund|money back)\\b|\\$\\d+";
  std::vector<std::string> texts = {"I want a REFUND", "refunded already", "costs $25",
                                    "money backs", "Хочу money back!"};
  auto m = apply_labelling_functions({lf}, texts);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->votes, (std::vector<int32_t>{2, -1, 2, -1, 2}));
  lf.case_sensitive = true;
  m = apply_labelling_functions({lf}, texts);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->votes[0], kAbstain);
  LabellingFunction bad = lf;
  bad.pattern = "(refund";
  auto r = apply_labelling_functions({lf, bad}, texts);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().path, "lfs[1].pattern");
  EXPECT_EQ(r.error().message, "lfs[1].pattern: at character 0: '(' without a closing ')'");
}

TEST(LfAnalysis, CoverageOverlapsConflictsAsFractionsOfAllPoints) {
  // Hand example, 4 points × 3 LFs:
  //   p0: 1  1 -1   p1: 0  1 -1   p2: -1 -1  0   p3: -1 -1 -1
  // LF0 votes on p0, p1: coverage 2/4, overlaps 2/4 (both with LF1), conflicts 1/4 (p1).
  // LF1: coverage 2/4, overlaps 2/4, conflicts 1/4. LF2: coverage 1/4, no overlap.
  LabelMatrix m{4, 3, {1, 1, -1, 0, 1, -1, -1, -1, 0, -1, -1, -1}};
  std::vector<int32_t> gold = {1, 1, 0, -1};
  auto a = analyse_labelling_functions(m, &gold);
  ASSERT_TRUE(a);
  EXPECT_DOUBLE_EQ(a->lfs[0].coverage, 0.5);
  EXPECT_DOUBLE_EQ(a->lfs[0].overlaps, 0.5);
  EXPECT_DOUBLE_EQ(a->lfs[0].conflicts, 0.25);
  EXPECT_DOUBLE_EQ(a->lfs[1].conflicts, 0.25);
  EXPECT_DOUBLE_EQ(a->lfs[2].coverage, 0.25);
  EXPECT_DOUBLE_EQ(a->lfs[2].overlaps, 0.0);
  EXPECT_EQ(a->lfs[0].polarity, (std::vector<int32_t>{0, 1}));
  EXPECT_DOUBLE_EQ(a->lfs[0].empirical_accuracy, 0.5);  // right on p0, wrong on p1
  EXPECT_DOUBLE_EQ(a->lfs[1].empirical_accuracy, 1.0);
  EXPECT_DOUBLE_EQ(a->lfs[2].empirical_accuracy, 1.0);
  EXPECT_DOUBLE_EQ(a->label_coverage, 0.75);
  EXPECT_DOUBLE_EQ(a->label_overlap, 0.5);
  EXPECT_DOUBLE_EQ(a->label_conflict, 0.25);
  auto no_gold = analyse_labelling_functions(m);
  ASSERT_TRUE(no_gold);
  EXPECT_TRUE(std::isnan(no_gold->lfs[0].empirical_accuracy));
}

TEST(LabelModel, RecoversLfAccuraciesOnSimulatedVotes) {
  // 3000 points, 3 classes, LFs with accuracies 0.9, 0.75, 0.55 and coverage 0.8 each,
  // wrong votes spread evenly: EM should find the accuracies and beat majority vote.
  const int64_t n = 3000, k = 3;
  const double acc[3] = {0.9, 0.75, 0.55};
  uint64_t state = 12345;
  auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  LabelMatrix m{n, 3, std::vector<int32_t>(n * 3, -1)};
  std::vector<int32_t> truth(n);
  for (int64_t i = 0; i < n; ++i) {
    truth[i] = static_cast<int32_t>(uniform() * k);
    for (int j = 0; j < 3; ++j) {
      if (uniform() >= 0.8) continue;
      int32_t v = truth[i];
      if (uniform() >= acc[j]) v = (truth[i] + 1 + static_cast<int32_t>(uniform() * 2)) % 3;
      m.votes[i * 3 + j] = v;
    }
  }
  auto lm = fit_label_model(m, k);
  ASSERT_TRUE(lm);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(lm->accuracies[j], acc[j], 0.03) << "LF " << j;
  int64_t right = 0, covered = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double* q = lm->probs.data() + i * k;
    if (q[0] == q[1] && q[1] == q[2]) continue;
    ++covered;
    right += (std::max_element(q, q + k) - q) == truth[i];
  }
  EXPECT_GT(static_cast<double>(right) / covered, 0.85);
  LabelMatrix bad{1, 1, {5}};
  EXPECT_EQ(fit_label_model(bad, 3).error().code, ErrorCode::kOutOfRange);
}

TEST(ConfidentLearning, FlagsHandComputedIssues) {
  // Labels 0,0,0,1,1,1. Thresholds: t0 = (0.9+0.8+0.2)/3, t1 = (0.9+0.7+0.3)/3 = 0.6333.
  // Confident joint [[2,1],[1,2]]: row 2 (given 0, p1 = 0.8) and row 5 (given 1, p0 = 0.7)
  // are off-diagonal; one removal per off-diagonal cell, ranked by margin -> rows 2 and 5,
  // ordered by self-confidence 0.2 < 0.3.
  std::vector<float> p = {0.9f, 0.1f, 0.8f, 0.2f, 0.2f, 0.8f, 0.1f, 0.9f, 0.3f, 0.7f, 0.7f, 0.3f};
  auto r = find_label_issues(MatrixView{p.data(), 6, 2}, {0, 0, 0, 1, 1, 1});
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->thresholds[0], 1.9 / 3, 1e-6);
  EXPECT_NEAR(r->thresholds[1], 1.9 / 3, 1e-6);
  EXPECT_EQ(r->confident_joint, (std::vector<int64_t>{2, 1, 1, 2}));
  EXPECT_EQ(r->issues, (std::vector<int64_t>{2, 5}));
  EXPECT_EQ(find_label_issues(MatrixView{p.data(), 6, 2}, {0, 0, 0, 1, 1, 2}).error().code,
            ErrorCode::kOutOfRange);
}

}  // namespace
}  // namespace localabel
