#include "localabel/aggregation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "crowd.h"

namespace localabel {
namespace {

using test::table;

TEST(MajorityVote, TiesGoToTheSmallestLabelByDefault) {
  auto t = table("item,annotator,label\n1,a,2\n1,b,1\n2,a,2\n2,b,2\n2,c,0\n3,a,0\n");
  auto mv = majority_vote(t);
  ASSERT_TRUE(mv.ok());
  EXPECT_EQ(mv->labels, (std::vector<int32_t>{1, 2, 0}));
  EXPECT_EQ(mv->ties, 1);
  MajorityVoteOptions abstain;
  abstain.tie_break = TieBreak::kAbstain;
  abstain.fractions = true;
  auto ab = majority_vote(t, abstain);
  EXPECT_EQ(ab->labels, (std::vector<int32_t>{-1, 2, 0}));
  ASSERT_EQ(ab->fractions.size(), 9u);
  EXPECT_DOUBLE_EQ(ab->fractions[0 * 3 + 1], 0.5);
  EXPECT_DOUBLE_EQ(ab->fractions[1 * 3 + 2], 2.0 / 3);
  EXPECT_DOUBLE_EQ(ab->fractions[1 * 3 + 0], 1.0 / 3);
}

TEST(MajorityVote, SeededRandomTieBreakIsReproducible) {
  std::string csv = "item,annotator,label\n";
  for (int i = 0; i < 200; ++i) csv += std::to_string(i) + ",a,0\n" + std::to_string(i) + ",b,1\n";
  auto t = table(csv.c_str());
  MajorityVoteOptions o;
  o.tie_break = TieBreak::kRandom;
  o.seed = 7;
  auto r1 = majority_vote(t, o), r2 = majority_vote(t, o);
  EXPECT_EQ(r1->labels, r2->labels);
  int ones = 0;
  for (int32_t l : r1->labels) ones += l;
  EXPECT_GT(ones, 60);  // both labels are chosen, not always the smallest
  EXPECT_LT(ones, 140);
}

TEST(MajorityVote, WeightedVote) {
  auto t = table("item,annotator,label\n1,a,0\n1,b,1\n1,c,1\n");
  MajorityVoteOptions o;
  o.weights = {3.0, 1.0, 1.0};
  EXPECT_EQ(majority_vote(t, o)->labels, (std::vector<int32_t>{0}));
  o.weights = {1.0, 1.0};
  EXPECT_EQ(majority_vote(t, o).error().code, ErrorCode::kLengthMismatch);
  o.weights = {1.0, NAN, 1.0};
  EXPECT_EQ(majority_vote(t, o).error().code, ErrorCode::kOutOfRange);
}

// A deterministic crowd: 3 reliable annotators (accuracy 0.75) and 4 that always answer
// label 0. Majority vote follows the spammers on many items; Dawid-Skene learns their
// confusion rows and recovers the truth (Dawid & Skene 1979, section 3).
struct Crowd {
  std::string csv;
  std::vector<int32_t> truth;
};

Crowd make_crowd(int n_items) {
  Crowd c;
  c.csv = "item,annotator,label\n";
  uint64_t s = 12345;
  auto next = [&s]() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(s >> 33);
  };
  for (int i = 0; i < n_items; ++i) {
    int32_t z = static_cast<int32_t>(next() % 3);
    c.truth.push_back(z);
    for (int a = 0; a < 7; ++a) {
      int32_t l =
          a >= 3 ? 0 : (next() % 4 < 3 ? z : static_cast<int32_t>((z + 1 + next() % 2) % 3));
      c.csv += std::to_string(i) + "," + std::to_string(a) + "," + std::to_string(l) + "\n";
    }
  }
  return c;
}

using test::accuracy;

TEST(DawidSkene, BeatsMajorityVoteWhenSpammersAgree) {
  Crowd c = make_crowd(600);
  auto t = table(c.csv.c_str());
  auto mv = majority_vote(t);
  auto ds = dawid_skene(t);
  ASSERT_TRUE(ds.ok()) << ds.error().message;
  const double mv_acc = accuracy(mv->labels, c.truth), ds_acc = accuracy(ds->labels, c.truth);
  EXPECT_LT(mv_acc, 0.5);
  EXPECT_GT(ds_acc, 0.85);
  EXPECT_TRUE(ds->converged);
  // Spammer rows: whatever the class, they answer 0.
  const int K = 3;
  for (int k = 0; k < K; ++k) EXPECT_GT(ds->confusion[(4 * K + k) * K + 0], 0.99);
  // Reliable annotators get higher skill than spammers.
  EXPECT_GT(ds->skills[0], ds->skills[5] + 0.2);
  for (int i = 0; i < 5; ++i) {
    double s = 0;
    for (int k = 0; k < K; ++k) s += ds->posteriors[i * K + k];
    EXPECT_NEAR(s, 1.0, 1e-12);
  }
}

TEST(DawidSkene, LogLikelihoodNeverDecreases) {
  Crowd c = make_crowd(300);
  auto t = table(c.csv.c_str());
  double prev = -INFINITY;
  for (int it = 1; it <= 12; ++it) {
    DawidSkeneOptions o;
    o.max_iterations = it;
    o.tolerance = 0;  // run exactly `it` iterations
    auto ds = dawid_skene(t, o);
    ASSERT_TRUE(ds.ok());
    EXPECT_EQ(ds->iterations, it);
    EXPECT_GE(ds->log_likelihood, prev - 1e-9) << "iteration " << it;
    prev = ds->log_likelihood;
  }
}

TEST(DawidSkene, RowOrderDoesNotMatter) {
  auto a = table("item,annotator,label\n1,x,0\n1,y,1\n2,x,1\n2,y,1\n3,x,0\n3,y,0\n4,x,1\n4,y,0\n");
  auto b = table("item,annotator,label\n4,y,0\n3,y,0\n2,x,1\n1,y,1\n4,x,1\n3,x,0\n2,y,1\n1,x,0\n");
  auto ra = dawid_skene(a), rb = dawid_skene(b);
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_EQ(ra->labels, rb->labels);
  for (size_t k = 0; k < ra->posteriors.size(); ++k)
    EXPECT_NEAR(ra->posteriors[k], rb->posteriors[k], 1e-12);
}

TEST(DawidSkene, UnanimousLabelsAndOneCoin) {
  auto t = table("item,annotator,label\n1,a,2\n1,b,2\n2,a,0\n2,b,0\n3,a,1\n3,b,1\n");
  auto ds = dawid_skene(t);
  ASSERT_TRUE(ds.ok());
  EXPECT_EQ(ds->labels, (std::vector<int32_t>{2, 0, 1}));
  DawidSkeneOptions o;
  o.one_coin = true;
  Crowd c = make_crowd(300);
  auto crowd = table(c.csv.c_str());
  auto one = dawid_skene(crowd, o);
  ASSERT_TRUE(one.ok());
  // One-coin confusions: equal diagonal, equal off-diagonal.
  const int K = 3;
  EXPECT_NEAR(one->confusion[0 * K + 0], one->confusion[(1 * K + 1)], 1e-12);
  EXPECT_NEAR(one->confusion[0 * K + 1], one->confusion[0 * K + 2], 1e-12);
}

TEST(DawidSkene, BadOptions) {
  auto t = table("1,a,0\n1,b,1\n");
  DawidSkeneOptions o;
  o.max_iterations = -1;
  EXPECT_EQ(dawid_skene(t, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.tolerance = NAN;
  EXPECT_EQ(dawid_skene(t, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.floor = 0;
  EXPECT_EQ(dawid_skene(t, o).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace localabel
