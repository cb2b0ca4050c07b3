// Weighted vote, GLAD, MACE and edge cases of every aggregation method.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "crowd.h"
#include "localabel/aggregation.h"

namespace localabel {
namespace {

using test::table;

// Deterministic generator for synthetic crowds (LCG, top bits).
struct Lcg {
  uint64_t s;
  uint32_t next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(s >> 33);
  }
  double unit() { return next() / 2147483648.0; }  // next() has 31 bits
};

struct Crowd {
  std::string csv;
  std::vector<int32_t> truth;
};

// n_items items with K classes; annotator a answers right with probability acc[a], else a
// uniformly drawn other label; acc < 0 means "always answers label 0" (a spammer).
Crowd make_crowd(int n_items, int K, const std::vector<double>& acc, uint64_t seed) {
  Crowd c;
  c.csv = "item,annotator,label\n";
  Lcg g{seed};
  for (int i = 0; i < n_items; ++i) {
    int32_t z = static_cast<int32_t>(g.next() % K);
    c.truth.push_back(z);
    for (size_t a = 0; a < acc.size(); ++a) {
      int32_t l = acc[a] < 0          ? 0
                  : g.unit() < acc[a] ? z
                                      : static_cast<int32_t>((z + 1 + g.next() % (K - 1)) % K);
      c.csv += std::to_string(i) + "," + std::to_string(a) + "," + std::to_string(l) + "\n";
    }
  }
  return c;
}

using test::accuracy;

// Annotator a is right on the four gold items; b and c are wrong on all four and agree on
// item x against a. Labels 0, 1, 2 (K = 3).
const char* kGoldCrowd =
    "item,annotator,label\n"
    "g1,a,0\ng1,b,1\ng1,c,1\n"
    "g2,a,1\ng2,b,2\ng2,c,2\n"
    "g3,a,2\ng3,b,0\ng3,c,0\n"
    "g4,a,0\ng4,b,2\ng4,c,2\n"
    "x,a,0\nx,b,1\nx,c,1\n";

std::vector<GoldAnswer> gold_of(const AnnotationTable& t) {
  return {{*t.items.find("g1"), 0},
          {*t.items.find("g2"), 1},
          {*t.items.find("g3"), 2},
          {*t.items.find("g4"), 0}};
}

TEST(WeightedVote, GoldSkillsGiveLogOddsWeights) {
  auto t = table(kGoldCrowd);
  WeightedVoteOptions o;
  o.source = SkillSource::kGold;
  o.gold = gold_of(t);
  auto r = weighted_vote(t, o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  // Pooled gold accuracy p0 = 4/12; with m = 2: s_a = (4 + 2/3) / 6 = 7/9, s_b = (2/3)/6 = 1/9.
  EXPECT_NEAR(r->skills[0], 7.0 / 9, 1e-12);
  EXPECT_NEAR(r->skills[1], 1.0 / 9, 1e-12);
  EXPECT_EQ(r->answered[0], 4);
  EXPECT_EQ(r->correct[1], 0);
  // w = log((K-1) s / (1-s)): log 7 and log(1/4).
  EXPECT_NEAR(r->weights[0], std::log(7.0), 1e-12);
  EXPECT_NEAR(r->weights[2], std::log(0.25), 1e-12);
  const int32_t x = *t.items.find("x");
  EXPECT_EQ(majority_vote(t)->labels[x], 1);  // the two wrong annotators outvote a
  EXPECT_EQ(r->labels[x], 0);
  // Posterior of the one-coin model: exp(scores) = (7, 1/16, 1) normalised.
  EXPECT_NEAR(r->posteriors[x * 3 + 0], 7 / 8.0625, 1e-12);
  EXPECT_NEAR(r->posteriors[x * 3 + 1], 0.0625 / 8.0625, 1e-12);
}

TEST(WeightedVote, NitzanParoushTwoExpertsOutweighThreeWeakVoters) {
  // Binary, accuracies 0.9, 0.9, 0.6, 0.6, 0.6 (Nitzan & Paroush 1982): weights log 9 and
  // log 1.5, so the two experts (2 log 9 = 4.39) beat the three others (3 log 1.5 = 1.22).
  std::string csv = "item,annotator,label\n";
  // 10 gold items per annotator: experts right on 9, others on 6. Item q: experts say 1.
  for (int i = 0; i < 10; ++i)
    for (int a = 0; a < 5; ++a) {
      const bool right = a < 2 ? i < 9 : i < 6;
      csv += "g" + std::to_string(i) + "," + std::to_string(a) + "," + (right ? "0" : "1") + "\n";
    }
  for (int a = 0; a < 5; ++a) csv += "q," + std::to_string(a) + "," + (a < 2 ? "1" : "0") + "\n";
  auto t = table(csv);
  WeightedVoteOptions o;
  o.source = SkillSource::kGold;
  o.prior_strength = 0;  // raw accuracies
  for (int i = 0; i < 10; ++i) o.gold.push_back({*t.items.find("g" + std::to_string(i)), 0});
  auto r = weighted_vote(t, o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NEAR(r->weights[0], std::log(9.0), 1e-9);
  EXPECT_NEAR(r->weights[4], std::log(1.5), 1e-9);
  EXPECT_EQ(r->labels[*t.items.find("q")], 1);
  EXPECT_EQ(majority_vote(t)->labels[*t.items.find("q")], 0);
}

TEST(WeightedVote, MajoritySkillsCountAgreementWithTheUnweightedVote) {
  auto t = table(kGoldCrowd);
  auto r = weighted_vote(t);  // SkillSource::kMajority
  ASSERT_TRUE(r.ok());
  // MV labels: g1 1, g2 2, g3 0, g4 2, x 1: a agrees nowhere, b and c everywhere.
  EXPECT_EQ(r->correct, (std::vector<int64_t>{0, 5, 5}));
  EXPECT_EQ(r->answered, (std::vector<int64_t>{5, 5, 5}));
  EXPECT_GT(r->weights[1], r->weights[0]);
  EXPECT_EQ(r->labels[*t.items.find("x")], 1);
}

TEST(WeightedVote, BadGoldAndOptions) {
  auto t = table(kGoldCrowd);
  WeightedVoteOptions o;
  o.source = SkillSource::kGold;
  EXPECT_EQ(weighted_vote(t, o).error().code, ErrorCode::kEmptyInput);
  o.gold = {{99, 0}};
  auto r = weighted_vote(t, o);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(r.error().path, "gold[0]");
  o.gold = {{0, 7}};
  EXPECT_EQ(weighted_vote(t, o).error().code, ErrorCode::kOutOfRange);
  o.gold = {{0, 0}, {0, 1}};
  EXPECT_EQ(weighted_vote(t, o).error().code, ErrorCode::kDuplicate);
  o.gold = {{0, 0}};
  o.prior_strength = NAN;
  EXPECT_EQ(weighted_vote(t, o).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(weighted_vote(AnnotationTable{}).error().code, ErrorCode::kEmptyInput);
}

TEST(Glad, RecoversTruthAndRanksAnnotators) {
  // Three good annotators (0.8), three that guess uniformly (1/3), K = 3.
  Crowd c = make_crowd(400, 3, {0.8, 0.8, 0.8, 1.0 / 3, 1.0 / 3, 1.0 / 3}, 7);
  auto t = table(c.csv);
  auto r = glad(t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->converged);
  EXPECT_GT(accuracy(r->labels, c.truth), accuracy(majority_vote(t)->labels, c.truth));
  EXPECT_GT(accuracy(r->labels, c.truth), 0.9);
  for (int a = 0; a < 3; ++a) EXPECT_GT(r->alphas[a], r->alphas[3 + a] + 0.5);
  for (int i = 0; i < 5; ++i) {
    double s = 0;
    for (int k = 0; k < 3; ++k) s += r->posteriors[i * 3 + k];
    EXPECT_NEAR(s, 1.0, 1e-12);
  }
}

TEST(Glad, AdversarialAnnotatorGetsNegativeAbility) {
  // Binary: three annotators right 85 % of the time, one always wrong.
  Crowd c = make_crowd(200, 2, {0.85, 0.85, 0.85, 0.0}, 11);
  auto r = glad(table(c.csv));
  ASSERT_TRUE(r.ok());
  EXPECT_LT(r->alphas[3], 0);
  EXPECT_GT(r->alphas[0], 0);
}

TEST(Glad, ObjectiveNeverDecreases) {
  Crowd c = make_crowd(120, 3, {0.7, 0.6, 0.5, 0.9}, 3);
  auto t = table(c.csv);
  double prev = -INFINITY;
  for (int it = 1; it <= 8; ++it) {
    GladOptions o;
    o.max_iterations = it;
    o.tolerance = 0;
    auto r = glad(t, o);
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r->objective, prev - 1e-9) << "iteration " << it;
    prev = r->objective;
  }
}

// At convergence the parameters are a stationary point of crowd-kit's M-step objective Q
// (its _gradient_Q: dQ/dalpha_a = sum (posterior(label) - sigma) e^b - (alpha_a - 1), dQ/db_i =
// sum (posterior(label) - sigma) alpha e^b - (b_i - 1)): the fixed point crowd-kit's GLAD
// converges to as well.
TEST(Glad, ConvergesToAStationaryPointOfCrowdKitsObjective) {
  Crowd c = make_crowd(60, 3, {0.8, 0.7, 0.5, 0.9}, 5);
  auto t = table(c.csv);
  GladOptions o;
  o.tolerance = 1e-13;
  o.max_iterations = 2000;
  auto r = glad(t, o);
  ASSERT_TRUE(r.ok());
  std::vector<double> ga(4), gb(60);
  for (int a = 0; a < 4; ++a) ga[a] = -(r->alphas[a] - 1);
  for (int i = 0; i < 60; ++i) gb[i] = -(r->betas[i] - 1);
  for (int64_t row = 0; row < t.rows(); ++row) {
    const int32_t i = t.item[row], a = t.annotator[row];
    const double eb = std::exp(r->betas[i]), x = r->alphas[a] * eb;
    const double d = r->posteriors[i * 3 + t.label[row]] - 1 / (1 + std::exp(-x));
    ga[a] += d * eb;
    gb[i] += d * x;
  }
  for (double v : ga) EXPECT_NEAR(v, 0, 1e-3);
  for (double v : gb) EXPECT_NEAR(v, 0, 1e-3);
}

TEST(Glad, BadOptions) {
  auto t = table("1,a,0\n1,b,1\n");
  GladOptions o;
  o.max_iterations = -1;
  EXPECT_EQ(glad(t, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.m_step_iterations = 0;
  EXPECT_EQ(glad(t, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.tolerance = NAN;
  EXPECT_EQ(glad(t, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.class_priors = {1.0};
  EXPECT_EQ(glad(t, o).error().code, ErrorCode::kLengthMismatch);
  o.class_priors = {1.0, NAN};
  EXPECT_EQ(glad(t, o).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(glad(AnnotationTable{}).error().code, ErrorCode::kEmptyInput);
}

TEST(Mace, FindsSpammersThatMajorityVoteFollows) {
  // Three annotators right 75 % of the time, four that always answer label 0 (K = 3).
  Crowd c = make_crowd(500, 3, {0.75, 0.75, 0.75, -1, -1, -1, -1}, 12345);
  auto t = table(c.csv);
  auto r = mace(t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_LT(accuracy(majority_vote(t)->labels, c.truth), 0.5);
  EXPECT_GT(accuracy(r->labels, c.truth), 0.85);
  for (int a = 0; a < 3; ++a) EXPECT_GT(r->competence[a], 0.5);
  for (int a = 3; a < 7; ++a) {
    EXPECT_LT(r->competence[a], 0.5);
    EXPECT_GT(r->strategies[a * 3 + 0], 0.9);  // the spam strategy is "label 0"
  }
}

TEST(Mace, SeededRestartsAreReproducibleAndKeepTheBest) {
  Crowd c = make_crowd(150, 3, {0.7, 0.6, 0.55, -1}, 99);
  auto t = table(c.csv);
  MaceOptions o;
  o.seed = 5;
  auto a = mace(t, o), b = mace(t, o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->labels, b->labels);
  EXPECT_EQ(a->log_likelihood, b->log_likelihood);
  // The first start of a 10-start run is the whole of a 1-start run with the same seed.
  MaceOptions one = o;
  one.restarts = 1;
  auto s = mace(t, one);
  EXPECT_GE(a->log_likelihood, s->log_likelihood);
  // Plain EM runs too and gives the same labels on this easy crowd for most items.
  MaceOptions em = o;
  em.variational = false;
  auto e = mace(t, em);
  ASSERT_TRUE(e.ok());
  EXPECT_GT(accuracy(e->labels, a->labels), 0.9);
  double sum = 0;
  for (int k = 0; k < 3; ++k) sum += e->posteriors[k];
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(Mace, BadOptions) {
  auto t = table("1,a,0\n1,b,1\n");
  MaceOptions o;
  o.restarts = 0;
  EXPECT_EQ(mace(t, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.alpha = NAN;
  EXPECT_EQ(mace(t, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.default_noise = -1;
  EXPECT_EQ(mace(t, o).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(mace(AnnotationTable{}).error().code, ErrorCode::kEmptyInput);
}

// Edge cases every method must handle: one annotator, a single class, all ties, empty input.
TEST(AggregationEdgeCases, OneAnnotatorGivesItsOwnLabels) {
  auto t = table("item,annotator,label\n1,a,x\n2,a,y\n3,a,x\n");
  const std::vector<int32_t> own{0, 1, 0};
  EXPECT_EQ(majority_vote(t)->labels, own);
  EXPECT_EQ(weighted_vote(t)->labels, own);
  EXPECT_EQ(dawid_skene(t)->labels, own);
  EXPECT_EQ(glad(t)->labels, own);
  EXPECT_EQ(mace(t)->labels, own);
}

TEST(AggregationEdgeCases, SingleClassIsCertain) {
  auto t = table("item,annotator,label\n1,a,x\n1,b,x\n2,a,x\n");
  auto ds = dawid_skene(t);
  auto gl = glad(t);
  auto mc = mace(t);
  auto wv = weighted_vote(t);
  ASSERT_TRUE(ds.ok() && gl.ok() && mc.ok() && wv.ok());
  for (const auto* p : {&ds->posteriors, &gl->posteriors, &mc->posteriors, &wv->posteriors})
    EXPECT_EQ(*p, (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(wv->weights, (std::vector<double>{0.0, 0.0}));
  EXPECT_TRUE(gl->converged);
  EXPECT_EQ(majority_vote(t)->labels, (std::vector<int32_t>{0, 0}));
}

TEST(AggregationEdgeCases, AllTies) {
  // Every item split 1:1 between two annotators: every method sees a symmetric problem.
  auto t = table("item,annotator,label\n1,a,0\n1,b,1\n2,a,1\n2,b,0\n");
  auto mv = majority_vote(t);
  EXPECT_EQ(mv->ties, 2);
  EXPECT_EQ(mv->labels, (std::vector<int32_t>{0, 0}));
  MajorityVoteOptions ab;
  ab.tie_break = TieBreak::kAbstain;
  EXPECT_EQ(majority_vote(t, ab)->labels, (std::vector<int32_t>{-1, -1}));
  auto wv = weighted_vote(t);
  EXPECT_EQ(wv->ties, 2);
  EXPECT_EQ(wv->labels, (std::vector<int32_t>{0, 0}));
  auto ds = dawid_skene(t);
  ASSERT_TRUE(ds.ok());
  EXPECT_NEAR(ds->posteriors[0], 0.5, 1e-9);
}

TEST(AggregationEdgeCases, EmptyInput) {
  AnnotationTable empty;
  EXPECT_EQ(dawid_skene(empty).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(weighted_vote(empty).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(glad(empty).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(mace(empty).error().code, ErrorCode::kEmptyInput);
  // Majority vote of nothing is nothing (no error: there is no item to label).
  auto mv = majority_vote(empty);
  ASSERT_TRUE(mv.ok());
  EXPECT_TRUE(mv->labels.empty());
  EXPECT_EQ(parse_annotations_csv("").error().code, ErrorCode::kEmptyInput);
}

}  // namespace
}  // namespace localabel
