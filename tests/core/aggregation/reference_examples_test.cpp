// Aggregation models against the published examples of crowd-kit (github.com/Toloka/crowd-kit,
// the reference Python library of crowdsourcing aggregation). Data sets and expected values are
// transcribed from its test suite; each test names the file and the test function it reproduces.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "crowd.h"
#include "localabel/aggregation.h"

namespace localabel {
namespace {

using test::table;

std::vector<std::string> label_names(const AnnotationTable& t, const std::vector<int32_t>& codes) {
  std::vector<std::string> out;
  for (int32_t c : codes) out.push_back(c < 0 ? "" : t.labels.name(c));
  return out;
}

// crowd-kit tests/conftest.py, fixture toy_answers_df (the "toy YSDA" data set): 5 workers,
// 5 tasks, labels no / yes; w3 did not answer t1. The same rows, grouped by task, are the
// fixture `data` of tests/aggregation/test_ds_aggregation.py.
const char* kToy =
    "worker,task,label\n"
    "w1,t1,no\nw1,t2,yes\nw1,t3,yes\nw1,t4,yes\nw1,t5,yes\n"
    "w2,t1,yes\nw2,t2,yes\nw2,t3,no\nw2,t4,yes\nw2,t5,no\n"
    "w3,t2,yes\nw3,t3,no\nw3,t4,yes\nw3,t5,no\n"
    "w4,t1,yes\nw4,t2,no\nw4,t3,yes\nw4,t4,yes\nw4,t5,no\n"
    "w5,t1,no\nw5,t2,no\nw5,t3,no\nw5,t4,yes\nw5,t5,no\n";
// tests/conftest.py, fixture toy_ground_truth_df (t1..t5).
const std::vector<std::string> kToyTruth = {"yes", "yes", "no", "yes", "no"};

// crowd-kit tests/conftest.py, fixture simple_answers_df ("imitates real Toloka answers"):
// four good workers, a fraudster who always answers parrot (0c3e...) and a careless one
// (e563...). Task ids are shortened to their last three characters (the full ids share the
// prefix 1231239876--5fac0d234ffb2f3b00893) and worker ids to their first four; both keep
// their sorted order.
const char* kSimple =
    "worker,task,label\n"
    "bde3,eec,goose\nbde3,efb,parrot\nbde3,f03,goose\nbde3,f05,goose\nbde3,f02,parrot\n"
    "bde3,f08,parrot\n"
    "b17c,efb,parrot\nb17c,ee8,chicken\nb17c,f07,parrot\nb17c,efd,chicken\nb17c,ee4,chicken\n"
    "b17c,f03,goose\n"
    "a452,ee8,chicken\na452,eec,goose\na452,f05,goose\na452,f02,parrot\na452,f08,parrot\n"
    "0f65,eec,goose\n0f65,ee8,chicken\n0f65,f03,goose\n0f65,ee4,chicken\n"
    "0c3e,eec,parrot\n0c3e,efb,parrot\n0c3e,f07,parrot\n0c3e,efd,parrot\n0c3e,ee4,parrot\n"
    "0c3e,f05,parrot\n"
    "e563,efb,parrot\ne563,ee8,goose\ne563,f02,parrot\ne563,f08,parrot\ne563,f07,parrot\n"
    "e563,efd,goose\n";
// tests/conftest.py, fixture simple_ground_truth, in sorted task order
// ee4 ee8 eec efb efd f02 f03 f05 f07 f08.
const std::vector<std::string> kSimpleTruth = {"chicken", "chicken", "goose", "parrot", "chicken",
                                               "parrot",  "goose",   "goose", "parrot", "parrot"};

TEST(ReferenceExamples, TablesCodeItemsWorkersAndLabelsInSortedOrder) {
  // crowd-kit's results are indexed by sorted task and label names; ties between labels go to
  // the first column, which is the smallest label. Our tables code values in the same order.
  auto toy = table(kToy);
  ASSERT_EQ(toy.n_items(), 5);
  ASSERT_EQ(toy.n_labels(), 2);
  EXPECT_EQ(toy.labels.name(0), "no");
  EXPECT_EQ(toy.items.name(0), "t1");
  EXPECT_EQ(toy.annotators.name(4), "w5");
  auto simple = table(kSimple);
  ASSERT_EQ(simple.n_items(), 10);
  ASSERT_EQ(simple.n_labels(), 3);
  EXPECT_EQ(label_names(simple, {0, 1, 2}),
            (std::vector<std::string>{"chicken", "goose", "parrot"}));
  EXPECT_EQ(simple.items.name(0), "ee4");
  EXPECT_EQ(simple.items.name(9), "f08");
  EXPECT_EQ(simple.annotators.name(0), "0c3e");
}

// --- Dawid-Skene, step by step ---------------------------------------------------------------
//
// crowd-kit tests/aggregation/test_ds_aggregation.py, test_dawid_skene_step_by_step with the
// fixtures probas_iter_0/1, priors_iter_0/1, tasks_labels_iter_0/1, errors_iter_0/1 (values
// given to 2 decimals, compared there with atol=0.005, as here).
//
// Where the states meet. crowd-kit's DawidSkene(n_iter).fit starts from the majority-vote
// fractions (probas), runs one M-step (priors, errors), then n_iter times: E-step (probas),
// M-step (priors, errors); it returns the last probas and the priors and errors of the M-step
// made FROM them. Our dawid_skene runs the same initial M-step and then alternates E-step,
// M-step, but returns the posteriors together with the parameters that PRODUCED them (one
// M-step earlier). So with tolerance 0 (never stop early; the first E-step is always taken):
//   crowd-kit n_iter = 0: probas = our majority-vote fractions;
//                         priors, errors = ours after max_iterations = 1;
//   crowd-kit n_iter = 1: probas, labels = ours after max_iterations = 1;
//                         priors, errors = ours after max_iterations = 2.
// crowd-kit's errors_ are indexed [worker][observed label][true label]; our confusion is
// [annotator][true k][given l] at a*K*K + k*K + l.

struct ErrorRow {
  const char* worker;
  const char* observed;
  double given_true_no, given_true_yes;  // P(observed | true = no), P(observed | true = yes)
};

// errors_iter_0 and errors_iter_1 of test_ds_aggregation.py.
const ErrorRow kErrorsIter0[] = {{"w1", "no", 0.22, 0.19}, {"w1", "yes", 0.78, 0.81},
                                 {"w2", "no", 0.61, 0.22}, {"w2", "yes", 0.39, 0.78},
                                 {"w3", "no", 0.78, 0.27}, {"w3", "yes", 0.22, 0.73},
                                 {"w4", "no", 0.52, 0.30}, {"w4", "yes", 0.48, 0.70},
                                 {"w5", "no", 1.00, 0.63}, {"w5", "yes", 0.00, 0.37}};
const ErrorRow kErrorsIter1[] = {{"w1", "no", 0.14, 0.25}, {"w1", "yes", 0.86, 0.75},
                                 {"w2", "no", 0.75, 0.07}, {"w2", "yes", 0.25, 0.93},
                                 {"w3", "no", 0.87, 0.09}, {"w3", "yes", 0.13, 0.91},
                                 {"w4", "no", 0.50, 0.31}, {"w4", "yes", 0.50, 0.69},
                                 {"w5", "no", 1.00, 0.61}, {"w5", "yes", 0.00, 0.39}};

void expect_errors(const AnnotationTable& t, const DawidSkeneResult& r, const ErrorRow* rows,
                   size_t n) {
  const int K = 2;
  for (size_t j = 0; j < n; ++j) {
    const int32_t a = *t.annotators.find(rows[j].worker);
    const int32_t l = *t.labels.find(rows[j].observed);
    const int32_t no = *t.labels.find("no"), yes = *t.labels.find("yes");
    EXPECT_NEAR(r.confusion[(a * K + no) * K + l], rows[j].given_true_no, 0.005)
        << rows[j].worker << " observed " << rows[j].observed << " | true no";
    EXPECT_NEAR(r.confusion[(a * K + yes) * K + l], rows[j].given_true_yes, 0.005)
        << rows[j].worker << " observed " << rows[j].observed << " | true yes";
  }
}

DawidSkeneResult ds_exact_iterations(const AnnotationTable& t, int n) {
  DawidSkeneOptions o;
  o.max_iterations = n;
  o.tolerance = 0;
  auto r = dawid_skene(t, o);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r->iterations, n);
  return std::move(r).value();
}

TEST(DawidSkeneReference, CrowdKitStepByStepIterationZero) {
  auto t = table(kToy);
  // probas_iter_0: the vote fractions (no, yes) per task; tasks_labels_iter_0 breaks t1's
  // 0.5 / 0.5 tie towards the first column, "no".
  MajorityVoteOptions mo;
  mo.fractions = true;
  auto mv = majority_vote(t, mo);
  ASSERT_TRUE(mv.ok());
  const double probas0[5][2] = {{0.5, 0.5}, {0.4, 0.6}, {0.6, 0.4}, {0.0, 1.0}, {0.8, 0.2}};
  for (int i = 0; i < 5; ++i)
    for (int k = 0; k < 2; ++k) EXPECT_NEAR(mv->fractions[i * 2 + k], probas0[i][k], 0.005);
  EXPECT_EQ(label_names(t, mv->labels), (std::vector<std::string>{"no", "yes", "no", "yes", "no"}));

  const DawidSkeneResult r = ds_exact_iterations(t, 1);
  // priors_iter_0: no 0.46, yes 0.54.
  EXPECT_NEAR(r.priors[0], 0.46, 0.005);
  EXPECT_NEAR(r.priors[1], 0.54, 0.005);
  expect_errors(t, r, kErrorsIter0, std::size(kErrorsIter0));
}

TEST(DawidSkeneReference, CrowdKitStepByStepIterationOne) {
  auto t = table(kToy);
  const DawidSkeneResult r1 = ds_exact_iterations(t, 1);
  // probas_iter_1 (no, yes) and tasks_labels_iter_1.
  const double probas1[5][2] = {
      {0.35, 0.65}, {0.26, 0.74}, {0.87, 0.13}, {0.00, 1.00}, {0.95, 0.05}};
  for (int i = 0; i < 5; ++i)
    for (int k = 0; k < 2; ++k)
      EXPECT_NEAR(r1.posteriors[i * 2 + k], probas1[i][k], 0.005) << "task " << i << " " << k;
  EXPECT_EQ(label_names(t, r1.labels), (std::vector<std::string>{"yes", "yes", "no", "yes", "no"}));

  const DawidSkeneResult r2 = ds_exact_iterations(t, 2);
  // priors_iter_1: no 0.49, yes 0.51.
  EXPECT_NEAR(r2.priors[0], 0.49, 0.005);
  EXPECT_NEAR(r2.priors[1], 0.51, 0.005);
  expect_errors(t, r2, kErrorsIter1, std::size(kErrorsIter1));
}

// The same fixtures read from one result each: max_iterations = 0 is crowd-kit's n_iter = 0
// (the start state: vote fractions with the parameters estimated from them), and
// refit_after_last_e_step makes max_iterations = 1 crowd-kit's n_iter = 1 in every field.
TEST(DawidSkeneReference, CrowdKitStepByStepStartStateInOneResult) {
  auto t = table(kToy);
  DawidSkeneOptions o;
  o.max_iterations = 0;
  o.tolerance = 0;
  auto r = dawid_skene(t, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->iterations, 0);
  EXPECT_FALSE(r->converged);
  const double probas0[5][2] = {{0.5, 0.5}, {0.4, 0.6}, {0.6, 0.4}, {0.0, 1.0}, {0.8, 0.2}};
  for (int i = 0; i < 5; ++i)
    for (int k = 0; k < 2; ++k) EXPECT_NEAR(r->posteriors[i * 2 + k], probas0[i][k], 1e-12);
  EXPECT_EQ(label_names(t, r->labels), (std::vector<std::string>{"no", "yes", "no", "yes", "no"}));
  EXPECT_NEAR(r->priors[0], 0.46, 1e-12);  // (0.5 + 0.4 + 0.6 + 0 + 0.8) / 5 exactly
  expect_errors(t, *r, kErrorsIter0, std::size(kErrorsIter0));
  // The log-likelihood is that of the start parameters: the one max_iterations = 1 reports.
  EXPECT_NEAR(r->log_likelihood, ds_exact_iterations(t, 1).log_likelihood, 1e-12);
  o.refit_after_last_e_step = true;  // nothing to refit without an E-step
  EXPECT_EQ(dawid_skene(t, o)->priors, r->priors);
}

TEST(DawidSkeneReference, CrowdKitStepByStepIterationOneInOneResult) {
  auto t = table(kToy);
  DawidSkeneOptions o;
  o.max_iterations = 1;
  o.tolerance = 0;
  o.refit_after_last_e_step = true;
  auto r = dawid_skene(t, o);
  ASSERT_TRUE(r.ok());
  const double probas1[5][2] = {
      {0.35, 0.65}, {0.26, 0.74}, {0.87, 0.13}, {0.00, 1.00}, {0.95, 0.05}};
  for (int i = 0; i < 5; ++i)
    for (int k = 0; k < 2; ++k) EXPECT_NEAR(r->posteriors[i * 2 + k], probas1[i][k], 0.005);
  EXPECT_EQ(label_names(t, r->labels), (std::vector<std::string>{"yes", "yes", "no", "yes", "no"}));
  EXPECT_NEAR(r->priors[0], 0.49, 0.005);
  EXPECT_NEAR(r->priors[1], 0.51, 0.005);
  expect_errors(t, *r, kErrorsIter1, std::size(kErrorsIter1));
  // The refit parameters are exactly those max_iterations = 2 starts its second E-step from.
  const DawidSkeneResult r2 = ds_exact_iterations(t, 2);
  for (size_t j = 0; j < r2.confusion.size(); ++j)
    EXPECT_NEAR(r->confusion[j], r2.confusion[j], 1e-12);
}

// --- Dawid-Skene with repeated ratings -------------------------------------------------------
//
// Dawid & Skene 1979 count every rating, so an observer who rates an item three times weighs
// three times. A constructed case, derived by hand from their equations 3.1, 2.3, 2.4 and 2.5:
// item 0: a rates 0, 0, 1 and b rates 1; item 1: a rates 1, b rates 1, 1 (K = 2).
// Start (eq. 3.1): T_0 = (2/4, 2/4), T_1 = (0, 1); priors (1/4, 3/4).
// M-step (eq. 2.3): C_a[0] = (1, 0.5)/1.5 = (2/3, 1/3), C_a[1] = (1, 1.5)/2.5 = (0.4, 0.6),
// C_b[0] = C_b[1] = (0, 1).
// E-step (eq. 2.5): item 0: 1/4 (2/3)^2 (1/3) = 1/27 against 3/4 0.4^2 0.6 = 9/125, so
// P(class 0) = 125/368; item 1: 1/4 (1/3) = 1/12 against 3/4 0.6 = 9/20: 5/32.
TEST(DawidSkeneRatings, RepeatedRatingsCountAsDawidSkene1979) {
  const std::vector<Rating> ratings = {{0, 0, 0}, {0, 0, 0}, {0, 0, 1}, {0, 1, 1},
                                       {1, 0, 1}, {1, 1, 1}, {1, 1, 1}};
  DawidSkeneOptions o;
  o.max_iterations = 0;
  o.tolerance = 0;
  auto start = dawid_skene_ratings(ratings, 2, 2, 2, o);
  ASSERT_TRUE(start.ok());
  EXPECT_EQ(start->posteriors, (std::vector<double>{0.5, 0.5, 0.0, 1.0}));
  EXPECT_NEAR(start->priors[0], 0.25, 1e-15);
  // confusion[a][k][l] at a*4 + k*2 + l.
  const double conf[] = {2.0 / 3, 1.0 / 3, 0.4, 0.6, 0, 1, 0, 1};
  for (int j = 0; j < 8; ++j) EXPECT_NEAR(start->confusion[j], conf[j], 1e-15) << j;
  o.max_iterations = 1;
  auto one = dawid_skene_ratings(ratings, 2, 2, 2, o);
  ASSERT_TRUE(one.ok());
  EXPECT_NEAR(one->posteriors[0], 125.0 / 368, 1e-12);
  EXPECT_NEAR(one->posteriors[2], 5.0 / 32, 1e-12);
  EXPECT_NEAR(one->log_likelihood, std::log(1.0 / 27 + 9.0 / 125) + std::log(1.0 / 12 + 9.0 / 20),
              1e-12);
  // One rating per pair gives the ordinary Dawid-Skene of the same table.
  const std::vector<Rating> single = {{0, 0, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}};
  auto t = table("item,annotator,label\n0,a,0\n0,b,1\n1,a,1\n1,b,1\n");
  DawidSkeneOptions d;
  auto by_ratings = dawid_skene_ratings(single, 2, 2, 2, d);
  auto by_table = dawid_skene(t, d);
  ASSERT_TRUE(by_ratings.ok() && by_table.ok());
  EXPECT_EQ(by_ratings->posteriors, by_table->posteriors);
  EXPECT_EQ(dawid_skene_ratings({{0, 0, 2}}, 1, 1, 2).error().path, "ratings[0].label");
  EXPECT_EQ(dawid_skene_ratings({{1, 0, 0}}, 2, 1, 2).error().path, "items[0]");
  // The CSV reader keeps repeated pairs and names a missing column or value by its line.
  auto csv = parse_ratings_csv("label,item,annotator\r\n0,\"x\",a\n0,x,a\n\n1,y,b\n");
  ASSERT_TRUE(csv.ok());
  ASSERT_EQ(csv->ratings.size(), 3u);
  EXPECT_EQ(csv->ratings[1].item, csv->ratings[0].item);
  EXPECT_EQ(csv->ratings[1].annotator, csv->ratings[0].annotator);
  EXPECT_EQ(parse_ratings_csv("item,label\nx,1\n").error().code, ErrorCode::kMissingField);
  EXPECT_EQ(parse_ratings_csv("item,annotator,label\nx,a\n").error().path, "line 2");
  EXPECT_EQ(parse_ratings_csv("item,annotator,label\n").error().code, ErrorCode::kEmptyInput);
}

// Table 1 of Dawid & Skene 1979 (tests/data/aggregation/dawid_skene_1979.csv, item = patient,
// annotator = observer, label = rating: 45 patients, 5 anaesthetists, observer 1 three times). The
// start posteriors of their eq. 3.1 count all seven ratings of a patient: patient 2 (ratings 3, 3,
// 3, 4, 3, 3, 4) starts at (0, 0, 5/7, 2/7), patient 3 (1, 1, 2, 2, 1, 2, 2) at (3/7, 4/7, 0, 0).
TEST(DawidSkeneRatings, DawidSkene1979AnaesthesiaStartState) {
  std::ifstream in(std::string(LOCALABEL_SOURCE_DIR) +
                   "/tests/data/aggregation/dawid_skene_1979.csv");
  ASSERT_TRUE(in.good());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto parsed = parse_ratings_csv(text);
  ASSERT_TRUE(parsed.ok());
  const std::vector<Rating>& ratings = parsed->ratings;
  EXPECT_EQ(parsed->items.size(), 45);
  EXPECT_EQ(parsed->labels.name(3), "4");  // numeric codes: rating r has code r - 1
  ASSERT_EQ(ratings.size(), 315u);
  DawidSkeneOptions o;
  o.max_iterations = 0;
  auto r = dawid_skene_ratings(ratings, 45, 5, 4, o);
  ASSERT_TRUE(r.ok());
  const double p2[] = {0, 0, 5.0 / 7, 2.0 / 7}, p3[] = {3.0 / 7, 4.0 / 7, 0, 0};
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(r->posteriors[1 * 4 + k], p2[k], 1e-15);
    EXPECT_NEAR(r->posteriors[2 * 4 + k], p3[k], 1e-15);
  }
  // EM from there never lowers the likelihood (Dawid & Skene's section 2) and converges.
  double previous = r->log_likelihood;
  for (int n : {1, 2, 5, 20}) {
    o.max_iterations = n;
    o.tolerance = 0;
    const double ll = dawid_skene_ratings(ratings, 45, 5, 4, o)->log_likelihood;
    EXPECT_GE(ll, previous - 1e-9) << n;
    previous = ll;
  }
}

// --- Majority vote with cleanlab's tie-break chain -----------------------------------------
//
// cleanlab/cleanlab cleanlab/multiannotator.py get_majority_vote_label breaks ties by
// pred_probs, then class frequency, then annotator quality (agreement with the majority on
// untied items), then at random. cleanlab's tests (tests/test_multiannotator.py) exercise it on
// random data only, so this case is built so that each step decides one item, derived by hand:
// frequencies x 8, y 6, z 6; untied items i1 (x), i2 (y), i3 (z), i4 (x) give the qualities
// a 3/3, b 4/4, c 1/2 (wrong on i1), d 2/3 (wrong on i2).
const char* kTies =
    "item,annotator,label\n"
    "i1,a,x\ni1,b,x\ni1,c,y\n"
    "i2,a,y\ni2,b,y\ni2,d,x\n"
    "i3,b,z\ni3,c,z\ni3,d,z\n"
    "i4,a,x\ni4,b,x\ni4,d,x\n"
    "t1,a,x\nt1,b,y\n"   // step 1: pred_probs favour y (without them, frequency: x)
    "t2,c,x\nt2,d,z\n"   // pred_probs equal on x and z; step 2: x (8) over z (6)
    "t3,a,y\nt3,c,z\n"   // y and z equally frequent; step 3: a (1) over c (1/2)
    "t5,a,y\nt5,b,z\n";  // a and b both 1: step 4, at random

TEST(MajorityVoteReference, CleanlabTieBreakChain) {
  auto t = table(kTies);
  ASSERT_EQ(t.n_items(), 8);
  MajorityVoteOptions o;
  o.tie_break = TieBreak::kCleanlab;
  o.seed = 7;
  // Items i1 i2 i3 i4 t1 t2 t3 t5; labels x y z.
  o.pred_probs = {0.4, 0.3, 0.3, 0.4, 0.3, 0.3, 0.4, 0.3, 0.3, 0.4, 0.3, 0.3,
                  0.2, 0.7, 0.1, 0.4, 0.2, 0.4, 0.2, 0.4, 0.4, 0.2, 0.4, 0.4};
  auto r = majority_vote(t, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ties, 4);
  std::vector<std::string> got = label_names(t, r->labels);
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + 7),
            (std::vector<std::string>{"x", "y", "z", "x", "y", "x", "y"}));
  EXPECT_TRUE(got[7] == "y" || got[7] == "z");
  EXPECT_EQ(majority_vote(t, o)->labels, r->labels);  // seeded: reproducible
  o.pred_probs.clear();                               // no model: t1 goes to the more frequent x
  EXPECT_EQ(label_names(t, majority_vote(t, o)->labels)[4], "x");
  o.pred_probs.assign(5, 0.5);
  EXPECT_EQ(majority_vote(t, o).error().code, ErrorCode::kLengthMismatch);
  o.pred_probs.assign(24, 0.5);
  o.tie_break = TieBreak::kSmallest;
  EXPECT_EQ(majority_vote(t, o).error().code, ErrorCode::kInvalidArgument);
}

// --- Dawid-Skene and one-coin Dawid-Skene labels ----------------------------------------------

// test_ds_aggregation.py: test_aggregate_ds_on_toy_ysda, test_aggregate_hds_on_toy_ysda,
// test_aggregate_ds_on_simple, test_aggregate_hds_on_simple, each with (n_iter, tol) =
// (10, 0) and (100500, 1e-5). crowd-kit's tol compares the gain of its evidence lower bound
// per answer; ours the gain of the log-likelihood per item: at these sizes both run to the
// same fixed point.
void expect_ds_labels(const char* csv, const std::vector<std::string>& truth, bool one_coin) {
  auto t = table(csv);
  for (int variant = 0; variant < 2; ++variant) {
    DawidSkeneOptions o;
    o.one_coin = one_coin;
    if (variant == 0) {
      o.max_iterations = 10;
      o.tolerance = 0;
    } else {
      o.max_iterations = 100500;
      o.tolerance = 1e-5;
    }
    auto r = dawid_skene(t, o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(label_names(t, r->labels), truth) << "variant " << variant;
  }
}

TEST(DawidSkeneReference, CrowdKitToyYsdaLabels) { expect_ds_labels(kToy, kToyTruth, false); }
TEST(DawidSkeneReference, CrowdKitToyYsdaLabelsOneCoin) { expect_ds_labels(kToy, kToyTruth, true); }
TEST(DawidSkeneReference, CrowdKitSimpleLabels) { expect_ds_labels(kSimple, kSimpleTruth, false); }
TEST(DawidSkeneReference, CrowdKitSimpleLabelsOneCoin) {
  expect_ds_labels(kSimple, kSimpleTruth, true);
}

// test_ds_aggregation.py, test_ds_on_bool_labels and test_hds_on_bool_labels with the
// conftest.py fixtures data_with_bool_labels / bool_labels_ground_truth: two workers say True
// on both tasks, one says False; 20 iterations give True for both.
TEST(DawidSkeneReference, CrowdKitBoolLabels) {
  auto t = table(
      "worker,task,label\nw1,t1,True\nw1,t2,True\nw2,t1,True\nw2,t2,True\n"
      "w3,t1,False\nw3,t2,False\n");
  for (bool one_coin : {false, true}) {
    DawidSkeneOptions o;
    o.max_iterations = 20;
    o.one_coin = one_coin;
    auto r = dawid_skene(t, o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(label_names(t, r->labels), (std::vector<std::string>{"True", "True"}));
  }
}

// test_ds_aggregation.py, test_dawid_skene_overlap (overlap 3, 300, 30000): worker p answers
// task q (q = 0, 1, 2) "yes" when (p - q) mod 3 != 0, else "no". DawidSkene(20) gives every
// task probas (no 1/3, yes 2/3), priors (1/3, 2/3) and label yes (atol 0.005).
TEST(DawidSkeneReference, CrowdKitOverlap) {
  for (int overlap : {3, 300, 30000}) {
    std::string csv = "task,worker,label\n";
    for (int p = 0; p < overlap; ++p)
      for (int q = 0; q < 3; ++q)
        csv += std::to_string(q) + "," + std::to_string(p) + "," +
               ((p - q) % 3 != 0 ? "yes" : "no") + "\n";
    auto t = table(csv);
    DawidSkeneOptions o;
    o.max_iterations = 20;
    auto r = dawid_skene(t, o);
    ASSERT_TRUE(r.ok());
    for (int q = 0; q < 3; ++q) {
      EXPECT_NEAR(r->posteriors[q * 2 + 0], 1.0 / 3, 0.005) << overlap;
      EXPECT_NEAR(r->posteriors[q * 2 + 1], 2.0 / 3, 0.005) << overlap;
    }
    EXPECT_NEAR(r->priors[0], 1.0 / 3, 0.005);
    EXPECT_NEAR(r->priors[1], 2.0 / 3, 0.005);
    EXPECT_EQ(label_names(t, r->labels), (std::vector<std::string>{"yes", "yes", "yes"}));
  }
}

// --- Majority vote and Wawa ------------------------------------------------------------------
//
// crowd-kit tests/aggregation/test_classification_aggregation.py,
// test_fit_predict_classification_aggregations_methods, cases "Majority Vote predict ..." and
// "Wawa predict ..." on toy YSDA and simple, with the expected values of data_mv.py
// (toy_/simple_labels_result_mv, _skills_result_mv, _probas_result_mv) and data_wawa.py
// (the same for wawa), compared there with rtol 1e-5; the published values have 6 decimals,
// so we allow 1e-6. MajorityVote's skill of a worker is its agreement with the majority vote
// (our weighted_vote's correct / answered for SkillSource::kMajority); Wawa is a majority vote
// weighted by those skills (our majority_vote with weights). Its probas are the weighted vote
// fractions.

struct VoteReference {
  std::vector<std::string> labels;
  std::vector<std::pair<const char*, double>> skills;
  std::vector<std::vector<double>> mv_probas, wawa_probas;  // rows: sorted tasks; cols: labels
  std::vector<std::string> wawa_labels;
};

void expect_votes(const char* csv, const VoteReference& ref) {
  auto t = table(csv);
  const int K = t.n_labels();
  MajorityVoteOptions mo;
  mo.fractions = true;
  auto mv = majority_vote(t, mo);
  ASSERT_TRUE(mv.ok());
  EXPECT_EQ(label_names(t, mv->labels), ref.labels);
  for (int i = 0; i < t.n_items(); ++i)
    for (int k = 0; k < K; ++k)
      EXPECT_NEAR(mv->fractions[i * K + k], ref.mv_probas[i][k], 1e-6) << i << " " << k;

  WeightedVoteOptions wo;
  wo.source = SkillSource::kMajority;
  auto wv = weighted_vote(t, wo);
  ASSERT_TRUE(wv.ok());
  std::vector<double> skills(static_cast<size_t>(t.n_annotators()));
  for (const auto& [name, skill] : ref.skills) {
    const int32_t a = *t.annotators.find(name);
    skills[a] = static_cast<double>(wv->correct[a]) / static_cast<double>(wv->answered[a]);
    EXPECT_NEAR(skills[a], skill, 1e-6) << name;
  }

  MajorityVoteOptions wawa;
  wawa.fractions = true;
  wawa.weights = skills;
  auto ww = majority_vote(t, wawa);
  ASSERT_TRUE(ww.ok());
  EXPECT_EQ(label_names(t, ww->labels), ref.wawa_labels);
  for (int i = 0; i < t.n_items(); ++i)
    for (int k = 0; k < K; ++k)
      EXPECT_NEAR(ww->fractions[i * K + k], ref.wawa_probas[i][k], 1e-6) << i << " " << k;
}

TEST(MajorityVoteReference, CrowdKitToyYsdaMajorityVoteAndWawa) {
  VoteReference ref;
  // toy_labels_result_mv: t1's 2-2 tie goes to "no", the first of the sorted labels.
  ref.labels = {"no", "yes", "no", "yes", "no"};
  ref.skills = {{"w1", 0.6}, {"w2", 0.8}, {"w3", 1.0}, {"w4", 0.4}, {"w5", 0.8}};
  // toy_probas_result_mv / _wawa are printed with columns (yes, no); here (no, yes).
  ref.mv_probas = {{0.5, 0.5}, {0.4, 0.6}, {0.6, 0.4}, {0.0, 1.0}, {0.8, 0.2}};
  ref.wawa_probas = {{0.538462, 0.461538},
                     {0.333333, 0.666667},
                     {0.722222, 0.277778},
                     {0.0, 1.0},
                     {0.833333, 0.166667}};
  ref.wawa_labels = {"no", "yes", "no", "yes", "no"};
  expect_votes(kToy, ref);
}

TEST(MajorityVoteReference, CrowdKitSimpleMajorityVoteAndWawa) {
  VoteReference ref;
  // simple_labels_result_mv is the ground truth; task efd has one vote for each label and
  // goes to chicken, the first in sorted order.
  ref.labels = kSimpleTruth;
  ref.skills = {{"0c3e", 1.0 / 3}, {"0f65", 1.0}, {"a452", 1.0},
                {"b17c", 1.0},     {"bde3", 1.0}, {"e563", 2.0 / 3}};
  ref.mv_probas = {{2.0 / 3, 0, 1.0 / 3},
                   {0.75, 0.25, 0},
                   {0, 0.75, 0.25},
                   {0, 0, 1},
                   {1.0 / 3, 1.0 / 3, 1.0 / 3},
                   {0, 0, 1},
                   {0, 1, 0},
                   {0, 2.0 / 3, 1.0 / 3},
                   {0, 0, 1},
                   {0, 0, 1}};
  // simple_probas_result_wawa (its first row carries the comment "[9/11, 0.0, 2/11] ?"; the
  // printed 0.857143 / 0.142857 are 6/7 and 1/7: two skill-1 votes for chicken against the
  // fraudster's 1/3 for parrot).
  ref.wawa_probas = {{0.857143, 0, 0.142857},
                     {0.818182, 0.181818, 0},
                     {0, 0.9, 0.1},
                     {0, 0, 1},
                     {0.5, 0.333333, 0.166667},
                     {0, 0, 1},
                     {0, 1, 0},
                     {0, 0.857143, 0.142857},
                     {0, 0, 1},
                     {0, 0, 1}};
  ref.wawa_labels = kSimpleTruth;
  expect_votes(kSimple, ref);
}

// test_fit_predict_classification_aggregations_methods, cases "Gold predict ..." with
// data_gold_mv.py: GoldMajorityVote weights each worker by its accuracy on the gold tasks
// (conftest.py toy_gold_df: t1 yes, t2 yes; simple_gold_df: eec goose, efb parrot,
// ee8 chicken) and takes the weighted vote. Skills are our weighted_vote's correct / answered
// for SkillSource::kGold, the vote our majority_vote with those weights.
void expect_gold_votes(const char* csv, const char* gold_csv,
                       const std::vector<std::pair<const char*, double>>& ref_skills,
                       const std::vector<std::vector<double>>& ref_probas,
                       const std::vector<std::string>& ref_labels) {
  auto t = table(csv);
  const int K = t.n_labels();
  auto gold = parse_gold_csv(gold_csv, t);
  ASSERT_TRUE(gold.ok());
  WeightedVoteOptions wo;
  wo.source = SkillSource::kGold;
  wo.gold = *gold;
  auto wv = weighted_vote(t, wo);
  ASSERT_TRUE(wv.ok());
  std::vector<double> skills(static_cast<size_t>(t.n_annotators()));
  for (const auto& [name, skill] : ref_skills) {
    const int32_t a = *t.annotators.find(name);
    skills[a] = static_cast<double>(wv->correct[a]) / static_cast<double>(wv->answered[a]);
    EXPECT_NEAR(skills[a], skill, 1e-6) << name;
  }
  MajorityVoteOptions mo;
  mo.fractions = true;
  mo.weights = skills;
  auto r = majority_vote(t, mo);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(label_names(t, r->labels), ref_labels);
  for (int i = 0; i < t.n_items(); ++i)
    for (int k = 0; k < K; ++k)
      EXPECT_NEAR(r->fractions[i * K + k], ref_probas[i][k], 1e-6) << i << " " << k;
}

TEST(MajorityVoteReference, CrowdKitToyYsdaGoldMajorityVote) {
  // toy_skills_result_gold, toy_probas_result_gold (printed as yes, no; here no, yes) and
  // toy_labels_result_gold (the ground truth: t1's weighted vote is 0.75 for yes).
  expect_gold_votes(
      kToy, "task,label\nt1,yes\nt2,yes\n",
      {{"w1", 0.5}, {"w2", 1.0}, {"w3", 1.0}, {"w4", 0.5}, {"w5", 0.0}},
      {{0.25, 0.75}, {0.166667, 0.833333}, {0.666667, 0.333333}, {0.0, 1.0}, {0.833333, 0.166667}},
      kToyTruth);
}

TEST(MajorityVoteReference, CrowdKitSimpleGoldMajorityVote) {
  // simple_skills_result_gold, simple_probas_result_gold, simple_labels_result_gold.
  expect_gold_votes(
      kSimple, "task,label\neec,goose\nefb,parrot\nee8,chicken\n",
      {{"0c3e", 0.5}, {"0f65", 1.0}, {"a452", 1.0}, {"b17c", 1.0}, {"bde3", 1.0}, {"e563", 0.5}},
      {{0.8, 0.0, 0.2},
       {0.857143, 0.142857, 0.0},
       {0.0, 0.857143, 0.142857},
       {0.0, 0.0, 1.0},
       {0.5, 0.25, 0.25},
       {0.0, 0.0, 1.0},
       {0.0, 1.0, 0.0},
       {0.0, 0.8, 0.2},
       {0.0, 0.0, 1.0},
       {0.0, 0.0, 1.0}},
      kSimpleTruth);
}

// --- GLAD ------------------------------------------------------------------------------------
//
// crowd-kit tests/aggregation/test_glad_aggregation.py, test_aggregate_glad_on_toy_ysda and
// test_aggregate_glad_on_simple with (n_iter, tol) = (100, 0) and (100500, 1e-5): accuracy
// 1.0 against the ground truth. Our stopping rule differs (see glad() in aggregation.h); the
// labels must not.
void expect_glad_labels(const char* csv, const std::vector<std::string>& truth) {
  auto t = table(csv);
  for (int variant = 0; variant < 2; ++variant) {
    GladOptions o;
    if (variant == 0) {
      o.max_iterations = 100;
      o.tolerance = 0;
    } else {
      o.max_iterations = 100500;
      o.tolerance = 1e-5;
    }
    auto r = glad(t, o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(label_names(t, r->labels), truth) << "variant " << variant;
  }
}

// test_glad_aggregation.py, test_glad_e_step: the first E-step (start values alpha = 1,
// log beta = 1, uniform priors) on the answers of the single simple task ...eec (three goose,
// one parrot; labels of that sub-table: goose, parrot) gives probas [[0.995664, 0.004336]]
// (fixture single_task_simple_df_e_step_probas, compared with atol 1e-6). Our max_iterations
// = 0 returns exactly that E-step.
TEST(GladReference, CrowdKitFirstEStepOnOneTask) {
  auto t = table(
      "worker,task,label\nbde3,eec,goose\na452,eec,goose\n0f65,eec,goose\n"
      "0c3e,eec,parrot\n");
  GladOptions o;
  o.max_iterations = 0;
  auto r = glad(t, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->iterations, 0);
  ASSERT_EQ(r->posteriors.size(), 2u);
  EXPECT_NEAR(r->posteriors[0], 0.995664, 1e-6);
  EXPECT_NEAR(r->posteriors[1], 0.004336, 1e-6);
  EXPECT_EQ(label_names(t, r->labels), (std::vector<std::string>{"goose"}));
  for (double a : r->alphas) EXPECT_EQ(a, 1.0);
  EXPECT_EQ(r->betas, (std::vector<double>{1.0}));
}

TEST(GladReference, CrowdKitToyYsdaLabels) { expect_glad_labels(kToy, kToyTruth); }
TEST(GladReference, CrowdKitSimpleLabels) { expect_glad_labels(kSimple, kSimpleTruth); }

// --- MACE ------------------------------------------------------------------------------------
//
// crowd-kit tests/aggregation/test_mace_aggregation.py, test_aggregate_mace_on_toy_ysda and
// test_aggregate_mace_on_simple: MACE(n_restarts=1, n_iter=5, method="vb" | "em"), accuracy
// 1.0 except "em" on simple, where crowd-kit expects 0.9. Our start values come from our own
// seeded generator (crowd-kit's from scipy with random_state 0, uniform on [1, 2.5]), so we
// check the labels for 20 seeds: all give the ground truth, "em" on simple included.
//
// Why crowd-kit's "em" misses one simple task (efd, which it labels goose): its MACE indexes
// workers and labels by order of first appearance (pd.factorize), but its strategy counts come
// from groupby(["worker", "label"]).unstack(), whose rows and columns are sorted; the M-step
// takes those counts by position, so from the first M-step on each worker is given another
// worker's strategy over permuted labels. On toy YSDA both orders coincide (w1..w5; no, yes),
// which is why only the simple data set shows it (first-appearance order bde3, b17c, a452, 0f65,
// 0c3e, e563 and goose, parrot, chicken). Re-enacting crowd-kit's steps from its start values
// reproduces its published thetas_simple (test_thetas_on_simple) to 8 digits and the 0.9; with
// the counts put back in first-appearance order, "em" labels all ten tasks right. That
// published thetas_simple therefore describes the permuted model and is not a reference for
// ours (our strategies are per annotator and label as the paper defines them).
void expect_mace_labels(const char* csv, const std::vector<std::string>& truth, bool vb,
                        uint64_t seed) {
  auto t = table(csv);
  MaceOptions o;
  o.restarts = 1;
  o.max_iterations = 5;
  o.variational = vb;
  o.seed = seed;
  auto r = mace(t, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(label_names(t, r->labels), truth) << (vb ? "vb" : "em") << " seed " << seed;
}

TEST(MaceReference, CrowdKitToyYsdaLabels) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    expect_mace_labels(kToy, kToyTruth, true, seed);
    expect_mace_labels(kToy, kToyTruth, false, seed);
  }
}
TEST(MaceReference, CrowdKitSimpleLabels) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    expect_mace_labels(kSimple, kSimpleTruth, true, seed);
    expect_mace_labels(kSimple, kSimpleTruth, false, seed);
  }
}

}  // namespace
}  // namespace localabel
