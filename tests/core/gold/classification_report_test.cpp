#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "localabel/gold.h"

namespace localabel {
namespace {

TEST(ClassificationReport, ScikitLearnPrecisionRecallFscoreSupportExample) {
  // scikit-learn documentation, sklearn.metrics.precision_recall_fscore_support, Examples:
  // y_true = [cat, dog, pig, cat, dog, pig], y_pred = [cat, pig, dog, cat, cat, dog];
  // macro (0.22..., 0.33..., 0.26...), micro (0.33..., 0.33..., 0.33...), weighted
  // (0.22..., 0.33..., 0.26...); per class (labels pig, dog, cat) precision [0, 0, 0.667],
  // recall [0, 0, 1], F [0, 0, 0.8], support [2, 2, 2]. Codes: cat 0, dog 1, pig 2.
  std::vector<int32_t> truth{0, 1, 2, 0, 1, 2}, pred{0, 2, 1, 0, 0, 1};
  auto r = classification_report(truth, pred, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->macro.precision, 2.0 / 9, 1e-12);
  EXPECT_NEAR(r->macro.recall, 1.0 / 3, 1e-12);
  EXPECT_NEAR(r->macro.f1, 0.8 / 3, 1e-12);
  EXPECT_NEAR(r->micro.precision, 1.0 / 3, 1e-12);
  EXPECT_NEAR(r->micro.recall, 1.0 / 3, 1e-12);
  EXPECT_NEAR(r->micro.f1, 1.0 / 3, 1e-12);
  EXPECT_NEAR(r->weighted.precision, 2.0 / 9, 1e-12);
  EXPECT_NEAR(r->weighted.recall, 1.0 / 3, 1e-12);
  EXPECT_NEAR(r->weighted.f1, 0.8 / 3, 1e-12);
  ASSERT_EQ(r->classes.size(), 3u);
  EXPECT_NEAR(r->classes[0].precision, 2.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(r->classes[0].recall, 1.0);
  EXPECT_NEAR(r->classes[0].f1, 0.8, 1e-12);
  for (int c : {1, 2}) {
    EXPECT_EQ(r->classes[c].precision, 0.0);
    EXPECT_EQ(r->classes[c].recall, 0.0);
    EXPECT_EQ(r->classes[c].f1, 0.0);
  }
  for (const auto& c : r->classes) EXPECT_EQ(c.support, 2);
}

TEST(ClassificationReport, ScikitLearnClassificationReportExample) {
  // scikit-learn documentation, sklearn.metrics.classification_report, Examples:
  // y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]:
  //   class 0: 0.50 1.00 0.67 (1); class 1: 0.00 0.00 0.00 (1); class 2: 1.00 0.67 0.80 (3)
  //   accuracy 0.60; macro avg 0.50 0.56 0.49; weighted avg 0.70 0.60 0.61.
  std::vector<int32_t> truth{0, 1, 2, 2, 2}, pred{0, 0, 2, 2, 1};
  auto r = classification_report(truth, pred, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->classes[0].precision, 0.5, 1e-12);
  EXPECT_NEAR(r->classes[0].f1, 2.0 / 3, 1e-12);
  EXPECT_NEAR(r->classes[2].recall, 2.0 / 3, 1e-12);
  EXPECT_NEAR(r->classes[2].f1, 0.8, 1e-12);
  EXPECT_NEAR(r->accuracy, 0.6, 1e-12);
  EXPECT_NEAR(r->macro.precision, 0.5, 1e-12);
  EXPECT_NEAR(r->macro.recall, 5.0 / 9, 1e-12);          // 0.56
  EXPECT_NEAR(r->macro.f1, (2.0 / 3 + 0.8) / 3, 1e-12);  // 0.49
  EXPECT_NEAR(r->weighted.precision, 0.7, 1e-12);
  EXPECT_NEAR(r->weighted.recall, 0.6, 1e-12);
  EXPECT_NEAR(r->weighted.f1, (2.0 / 3 + 3 * 0.8) / 5, 1e-12);  // 0.61
}

TEST(ClassificationReport, ZeroDivision) {
  // Class 1 is predicted but never true (recall undefined); scikit-learn 1.2.1 with
  // zero_division=1 on y_true = [0, 0, 0], y_pred = [0, 1, 1] gives precision [1, 0], recall
  // [1/3, 1], F [0.5, 0]; macro (0.5, 2/3, 0.25), weighted (1, 1/3, 0.5).
  std::vector<int32_t> truth{0, 0, 0}, pred{0, 1, 1};
  auto one = classification_report(truth, pred, 2, ZeroDivision::kOne);
  ASSERT_TRUE(one.ok());
  EXPECT_DOUBLE_EQ(one->classes[1].recall, 1.0);
  EXPECT_DOUBLE_EQ(one->classes[1].f1, 0.0);
  EXPECT_NEAR(one->macro.precision, 0.5, 1e-12);
  EXPECT_NEAR(one->macro.recall, 2.0 / 3, 1e-12);
  EXPECT_NEAR(one->macro.f1, 0.25, 1e-12);
  EXPECT_NEAR(one->weighted.precision, 1.0, 1e-12);
  EXPECT_NEAR(one->weighted.recall, 1.0 / 3, 1e-12);
  EXPECT_NEAR(one->weighted.f1, 0.5, 1e-12);
  auto zero = classification_report(truth, pred, 2);
  EXPECT_DOUBLE_EQ(zero->classes[1].recall, 0.0);
  EXPECT_NEAR(zero->macro.recall, 1.0 / 6, 1e-12);
  // NaN: the undefined recall is NaN and left out of the macro average.
  auto nan = classification_report(truth, pred, 2, ZeroDivision::kNaN);
  EXPECT_TRUE(std::isnan(nan->classes[1].recall));
  EXPECT_NEAR(nan->macro.recall, 1.0 / 3, 1e-12);
  // Labels never seen are not reported (scikit-learn's default label set).
  auto r = classification_report(truth, pred, 5);
  EXPECT_EQ(r->classes.size(), 2u);
}

TEST(ClassificationReport, PerfectAndSingleClassAndErrors) {
  std::vector<int32_t> same{2, 2, 2};
  auto r = classification_report(same, same, 3);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->classes.size(), 1u);
  EXPECT_EQ(r->macro.f1, 1.0);
  EXPECT_EQ(r->accuracy, 1.0);
  std::vector<int32_t> a{0, 1}, b{0}, bad{0, 3}, none;
  EXPECT_EQ(classification_report(a, b, 2).error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(classification_report(none, none, 2).error().code, ErrorCode::kEmptyInput);
  auto e = classification_report(a, bad, 2);
  EXPECT_EQ(e.error().code, ErrorCode::kUnknownReference);
  EXPECT_EQ(e.error().path, "predicted[1]");
  EXPECT_EQ(classification_report(a, a, 0).error().code, ErrorCode::kInvalidArgument);
}

TEST(GoldClassificationReports, PerAnnotatorAgainstGold) {
  auto t = parse_annotations_csv(
      "item,annotator,label\n1,ann,cat\n1,bob,cat\n2,ann,dog\n2,bob,cat\n3,ann,cat\n3,bob,dog\n"
      "4,eve,dog\n");
  ASSERT_TRUE(t.ok());
  auto gold = parse_gold_csv("item,label\n1,cat\n2,dog\n3,dog\n", *t);
  ASSERT_TRUE(gold.ok());
  auto reports = gold_classification_reports(*t, *gold);
  ASSERT_TRUE(reports.ok());
  ASSERT_EQ(reports->size(), 3u);
  // ann: truth cat dog dog, given cat dog cat -> cat P 1/2 R 1, dog P 1 R 1/2.
  const auto& ann = (*reports)[0].report;
  EXPECT_EQ(ann.n, 3);
  EXPECT_NEAR(ann.accuracy, 2.0 / 3, 1e-12);
  EXPECT_NEAR(ann.macro.precision, 0.75, 1e-12);
  EXPECT_NEAR(ann.macro.recall, 0.75, 1e-12);
  // bob: given cat cat dog -> cat P 1/2 R 1, dog P 1 R 1/2, same as ann.
  EXPECT_NEAR((*reports)[1].report.macro.f1, ann.macro.f1, 1e-12);
  // eve answered no gold item: undefined, not an error.
  const auto& eve = (*reports)[2].report;
  EXPECT_EQ(eve.n, 0);
  EXPECT_TRUE(eve.classes.empty());
  EXPECT_TRUE(std::isnan(eve.accuracy));
  EXPECT_TRUE(std::isnan(eve.macro.f1));
  EXPECT_EQ(gold_classification_reports(*t, {}).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(gold_classification_reports(*t, {{0, 9}}).error().code, ErrorCode::kOutOfRange);
}

// scikit-learn sklearn/metrics/tests/test_classification.py,
// test_precision_recall_f_extra_labels: labels not present in the data are "assigned" 0 samples
// (recall = zero_division 0) and change only the macro average.
TEST(ClassificationReportLabels, ScikitLearnExtraLabels) {
  const std::vector<int32_t> y_true = {1, 3, 3, 2}, y_pred = {1, 1, 3, 2};
  ClassificationReportOptions o;
  o.labels = {0, 1, 2, 3, 4};
  auto r = classification_report(y_true, y_pred, 5, o);
  ASSERT_TRUE(r.ok());
  const double recall[] = {0.0, 1.0, 1.0, 0.5, 0.0};
  ASSERT_EQ(r->classes.size(), 5u);
  for (size_t c = 0; c < 5; ++c) EXPECT_NEAR(r->classes[c].recall, recall[c], 1e-12) << c;
  EXPECT_NEAR(r->macro.recall, 0.5, 1e-12);
  auto all = classification_report(y_true, y_pred, 5);
  EXPECT_NEAR(r->micro.recall, all->micro.recall, 1e-12);
  EXPECT_NEAR(r->weighted.recall, all->weighted.recall, 1e-12);
  EXPECT_NE(r->macro.recall, all->macro.recall);
}

// test_precision_recall_f_ignored_labels: a subset of the labels.
TEST(ClassificationReportLabels, ScikitLearnIgnoredLabels) {
  const std::vector<int32_t> y_true = {1, 1, 2, 3}, y_pred = {1, 3, 3, 3};
  ClassificationReportOptions o;
  o.labels = {1, 3};
  auto r = classification_report(y_true, y_pred, 5, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->classes.size(), 2u);
  EXPECT_NEAR(r->classes[0].recall, 0.5, 1e-12);
  EXPECT_NEAR(r->classes[1].recall, 1.0, 1e-12);
  EXPECT_NEAR(r->macro.recall, (0.5 + 1.0) / 2, 1e-12);
  EXPECT_NEAR(r->weighted.recall, (0.5 * 2 + 1.0 * 1) / 3, 1e-12);
  EXPECT_NEAR(r->micro.recall, 2.0 / 3, 1e-12);
  // "ensure the above were meaningful tests": every average differs from labels=None.
  auto all = classification_report(y_true, y_pred, 5);
  EXPECT_NE(r->macro.recall, all->macro.recall);
  EXPECT_NE(r->weighted.recall, all->weighted.recall);
  EXPECT_NE(r->micro.recall, all->micro.recall);
  // Over a subset micro precision and recall differ: sum tp 2 / sum predicted 4 (rows
  // predicted 1 or 3).
  EXPECT_NEAR(r->micro.precision, 2.0 / 4, 1e-12);
  EXPECT_EQ(r->accuracy, all->accuracy);  // accuracy is over every pair
}

// sklearn.metrics.precision_recall_fscore_support docstring: labels=['pig', 'dog', 'cat'] (codes
// cat 0, dog 1, pig 2) gives precision (0, 0, 2/3), recall (0, 0, 1), F (0, 0, 0.8), support
// (2, 2, 2), in that order.
TEST(ClassificationReportLabels, ScikitLearnDocstringLabelOrder) {
  const std::vector<int32_t> y_true = {0, 1, 2, 0, 1, 2}, y_pred = {0, 2, 1, 0, 0, 1};
  ClassificationReportOptions o;
  o.labels = {2, 1, 0};
  auto r = classification_report(y_true, y_pred, 3, o);
  ASSERT_TRUE(r.ok());
  const double p[] = {0, 0, 2.0 / 3}, rec[] = {0, 0, 1}, f[] = {0, 0, 0.8};
  for (size_t c = 0; c < 3; ++c) {
    EXPECT_EQ(r->classes[c].label, o.labels[c]);
    EXPECT_NEAR(r->classes[c].precision, p[c], 1e-12);
    EXPECT_NEAR(r->classes[c].recall, rec[c], 1e-12);
    EXPECT_NEAR(r->classes[c].f1, f[c], 1e-12);
    EXPECT_EQ(r->classes[c].support, 2);
  }
}

TEST(ClassificationReportLabels, AbsentLabelsFollowZeroDivisionAndNanAverage) {
  // Only absent labels: every score is zero_division; with NaN the averages are NaN.
  const std::vector<int32_t> y = {0, 0};
  ClassificationReportOptions o;
  o.labels = {1};
  o.zero_division = ZeroDivision::kOne;
  auto one = classification_report(y, y, 2, o);
  EXPECT_EQ(one->classes[0].precision, 1.0);
  EXPECT_EQ(one->classes[0].f1, 1.0);
  // Weights (supports) sum to 0: scikit-learn's _nanaverage falls back to the plain mean.
  EXPECT_EQ(one->weighted.recall, 1.0);
  EXPECT_EQ(one->micro.precision, 1.0);
  o.zero_division = ZeroDivision::kNaN;
  auto nan = classification_report(y, y, 2, o);
  EXPECT_TRUE(std::isnan(nan->macro.f1));
  EXPECT_TRUE(std::isnan(nan->weighted.f1));
  o.labels = {1, 1};
  auto twice = classification_report(y, y, 2, o);
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(twice.error().path, "labels[1]");
  o.labels = {2};
  EXPECT_EQ(classification_report(y, y, 2, o).error().code, ErrorCode::kUnknownReference);
}

TEST(GoldClassificationReports, RestrictedToLabels) {
  auto t =
      parse_annotations_csv("item,annotator,label\n1,ann,cat\n2,ann,dog\n3,ann,cat\n4,eve,dog\n");
  ASSERT_TRUE(t.ok());
  auto gold = parse_gold_csv("item,label\n1,cat\n2,dog\n3,dog\n", *t);
  ASSERT_TRUE(gold.ok());
  ClassificationReportOptions o;
  o.labels = {*t->labels.find("dog")};
  auto reports = gold_classification_reports(*t, *gold, o);
  ASSERT_TRUE(reports.ok());
  // ann, class dog: truth cat dog dog, given cat dog cat -> P 1, R 1/2, F 2/3; the accuracy
  // stays 2/3 over all three answers.
  const auto& ann = (*reports)[0].report;
  ASSERT_EQ(ann.classes.size(), 1u);
  EXPECT_NEAR(ann.macro.precision, 1.0, 1e-12);
  EXPECT_NEAR(ann.macro.recall, 0.5, 1e-12);
  EXPECT_NEAR(ann.micro.f1, 2.0 / 3, 1e-12);
  EXPECT_NEAR(ann.accuracy, 2.0 / 3, 1e-12);
  EXPECT_TRUE(std::isnan((*reports)[1].report.macro.f1));  // eve: no gold answer
  o.labels = {7};
  EXPECT_EQ(gold_classification_reports(*t, *gold, o).error().path, "labels[0]");
}

}  // namespace
}  // namespace localabel
