#include <gtest/gtest.h>

#include <cmath>

#include "localabel/agreement.h"
#include "localabel/quality.h"

namespace localabel {
namespace {

Region choice(const std::string& set, std::vector<std::string> labels) {
  Region r;
  r.kind = RegionKind::kChoices;
  r.from_name = set;
  r.to_name = "text";
  r.labels = std::move(labels);
  return r;
}

Annotation answer(const std::string& who, std::vector<Region> regions, double lead = 10) {
  Annotation a;
  a.annotator = who;
  a.regions = std::move(regions);
  a.lead_time = lead;
  a.has_lead_time = true;
  return a;
}

// Tasks x annotators answers of one choices set "cat"; "" = no answer.
Project choices_project(const std::vector<std::vector<std::string>>& answers) {
  Project p;
  p.name = "test";
  LabelSet ls;
  ls.name = "cat";
  ls.to_name = "text";
  ls.kind = RegionKind::kChoices;
  for (const char* l : {"a", "b", "c"}) ls.labels.push_back({l, "", "", "", {}, Json::object()});
  p.label_sets.push_back(ls);
  for (size_t t = 0; t < answers.size(); ++t) {
    Task task;
    task.id = std::to_string(t + 1);
    for (size_t a = 0; a < answers[t].size(); ++a)
      if (!answers[t][a].empty())
        task.annotations.push_back(
            answer("ann" + std::to_string(a + 1), {choice("cat", {answers[t][a]})}));
    p.tasks.push_back(task);
  }
  return p;
}

const QualityMetric* metric(const QualityReport& r, const std::string& name) {
  for (const auto& a : r.agreement)
    for (const auto& m : a.metrics)
      if (m.name == name) return &m;
  return nullptr;
}

TEST(QualityReport, ChoicesUseTheCoreCoefficients) {
  Project p = choices_project({{"a", "a", "a"},
                               {"a", "b", "a"},
                               {"b", "b", "b"},
                               {"c", "c", "b"},
                               {"a", "a", "b"},
                               {"c", "c", "c"}});
  auto r = quality_report(p, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto pa = project_annotations(p, "cat");
  ASSERT_TRUE(pa.ok());
  auto alpha = krippendorff_alpha(pa->table, AlphaLevel::kNominal);
  auto fleiss = fleiss_kappa(pa->table);
  ASSERT_TRUE(alpha.ok() && fleiss.ok());
  const QualityMetric* a = metric(*r, "krippendorff_alpha_nominal");
  const QualityMetric* f = metric(*r, "fleiss_kappa");
  const QualityMetric* pct = metric(*r, "percent_agreement");
  ASSERT_TRUE(a && f && pct);
  EXPECT_DOUBLE_EQ(a->value, alpha->value);
  EXPECT_DOUBLE_EQ(f->value, fleiss->value);
  // Agreeing pairs: 3 + 1 + 3 + 1 + 1 + 3 = 12 of 18.
  EXPECT_DOUBLE_EQ(pct->value, 12.0 / 18.0);
  EXPECT_EQ(a->units, 6);
  EXPECT_LE(a->lower, a->value);
  EXPECT_GE(a->upper, a->value);
  EXPECT_EQ(r->agreement[0].pairwise.annotators.size(), 3u);
  EXPECT_EQ(r->agreement[0].per_label.size(), 3u);
  // Every task with a disagreement is queued, the most disagreed (2 of 3 pairs) first.
  ASSERT_EQ(r->queue.size(), 3u);
  EXPECT_NEAR(r->queue[0].disagreement, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(r->queue[0].task_id, "2");
}

TEST(QualityReport, SameSeedSameInterval) {
  Project p = choices_project({{"a", "a", "b"},
                               {"b", "b", "b"},
                               {"c", "a", "c"},
                               {"a", "a", "a"},
                               {"b", "c", "b"},
                               {"c", "c", "c"}});
  QualityOptions o;
  o.seed = 7;
  auto r1 = quality_report(p, o);
  auto r2 = quality_report(p, o);
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_EQ(quality_report_json(*r1).dump(), quality_report_json(*r2).dump());
}

TEST(QualityReport, FleissNeedsEqualAnswerCounts) {
  Project p = choices_project({{"a", "a", "a"}, {"a", "b", ""}, {"b", "b", "b"}});
  auto r = quality_report(p, {});
  ASSERT_TRUE(r.ok());
  const QualityMetric* f = metric(*r, "fleiss_kappa");
  ASSERT_TRUE(f);
  EXPECT_TRUE(std::isnan(f->value));
  EXPECT_NE(f->reason.find("same number"), std::string::npos);
  EXPECT_FALSE(std::isnan(metric(*r, "krippendorff_alpha_nominal")->value));
}

TEST(QualityReport, OneAnnotatorGivesReasonsNotErrors) {
  Project p = choices_project({{"a"}, {"b"}, {"c"}});
  auto r = quality_report(p, {});
  ASSERT_TRUE(r.ok());
  const QualityMetric* a = metric(*r, "krippendorff_alpha_nominal");
  ASSERT_TRUE(a);
  EXPECT_TRUE(std::isnan(a->value));
  EXPECT_FALSE(a->reason.empty());
  EXPECT_FALSE(r->gold.empty());
  EXPECT_FALSE(r->gold[0].notes.empty());  // no gold
}

TEST(QualityReport, BadLabelSetIsANoteInItsSection) {
  Project p = choices_project({{"a", "a"}, {"b", "b"}});
  // A span past the end of its text: the span section gets the core's message as a note, the
  // choices section is still computed.
  Region span;
  span.kind = RegionKind::kSpan;
  span.from_name = "ner";
  span.to_name = "text";
  span.labels = {"Person"};
  span.start = 0;
  span.end = 100;
  p.tasks[0].text = "abc";
  p.tasks[0].kind = TaskKind::kText;
  p.tasks[0].annotations[0].regions.push_back(span);
  p.tasks[0].annotations[1].regions.push_back(span);
  p.label_sets.push_back({"ner", "text", RegionKind::kSpan, false, {}, Json::object()});
  auto r = quality_report(p, {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->agreement.size(), 2u);
  ASSERT_FALSE(r->agreement[1].notes.empty());
  EXPECT_NE(r->agreement[1].notes[0].find("past the end of the text"), std::string::npos)
      << r->agreement[1].notes[0];
  EXPECT_DOUBLE_EQ(metric(*r, "krippendorff_alpha_nominal")->value, 1.0);
}

TEST(QualityReport, TwoChoicesInASingleChoiceSetAreScoredAsSets) {
  Project p = choices_project({{"a", "a"}, {"b", "b"}});
  p.tasks[0].annotations[0].regions[0].labels = {"a", "b"};
  auto r = quality_report(p, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->agreement[0].kind, "multiple-choices");
  EXPECT_NE(metric(*r, "krippendorff_alpha_set"), nullptr);
}

TEST(QualityReport, GoldFromGroundTruthAnnotations) {
  Project p = choices_project({{"a", "a"}, {"b", "a"}, {"c", "c"}, {"a", "b"}});
  const std::vector<std::string> truth = {"a", "b", "c", "a"};
  for (size_t t = 0; t < truth.size(); ++t) {
    Annotation g = answer("reviewer", {choice("cat", {truth[t]})});
    g.ground_truth = true;
    p.tasks[t].annotations.push_back(g);
  }
  QualityOptions o;
  o.gold_threshold = 0.8;
  auto r = quality_report(p, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->gold.size(), 1u);
  const GoldSection& g = r->gold[0];
  EXPECT_EQ(g.gold_tasks, 4);
  ASSERT_EQ(g.annotators.size(), 2u);  // the reviewer is not an annotator
  EXPECT_EQ(g.annotators[0].annotator, "ann1");
  EXPECT_DOUBLE_EQ(g.annotators[0].accuracy, 1.0);
  EXPECT_TRUE(g.annotators[0].passed);
  EXPECT_DOUBLE_EQ(g.annotators[1].accuracy, 0.5);
  EXPECT_FALSE(g.annotators[1].passed);
  ASSERT_EQ(g.annotators[1].mistakes.size(), 2u);
  EXPECT_EQ(g.annotators[1].mistakes[0].task_id, "2");
  EXPECT_EQ(g.annotators[1].mistakes[0].expected, "b");
  EXPECT_EQ(g.annotators[1].mistakes[0].given, "a");
  // Macro F1 of ann2 (truth a b c a, given a a c b): a P 1/2 R 1/2, b 0, c 1 -> (0.5+0+1)/3.
  EXPECT_NEAR(g.annotators[1].macro_f1, 0.5, 1e-12);
  ASSERT_EQ(r->annotators.size(), 2u);
  EXPECT_DOUBLE_EQ(r->annotators[1].gold_accuracy, 0.5);
  // Drift: quality against gold on every task, in task order.
  ASSERT_EQ(r->drift.annotators.size(), 2u);
  EXPECT_EQ(r->drift.annotators[1].quality, (std::vector<double>{1, 0, 1, 0}));
}

TEST(QualityReport, ProgressCountsTasksAndRate) {
  Project p = choices_project({{"a", "a"}, {"b", ""}, {"", ""}, {"c", "c"}});
  Annotation skip;
  skip.annotator = "ann1";
  skip.status = AnnotationStatus::kSkipped;
  p.tasks[2].annotations.push_back(skip);
  p.tasks.push_back(Task{});
  p.tasks.back().id = "5";
  auto r = quality_report(p, {});
  ASSERT_TRUE(r.ok());
  const ProgressSection& s = r->progress;
  EXPECT_EQ(s.tasks, 5);
  EXPECT_EQ(s.annotations_per_task, 2);
  EXPECT_EQ(s.done, 2);
  EXPECT_EQ(s.in_progress, 1);
  EXPECT_EQ(s.skipped, 1);
  EXPECT_EQ(s.untouched, 1);
  EXPECT_EQ(s.rate_source, "lead times");
  // Each annotator: 3600 / 10 s = 360 answers per hour; 1 + 2 + 2 answers missing.
  EXPECT_DOUBLE_EQ(s.tasks_per_hour, 720);
  EXPECT_DOUBLE_EQ(s.hours_left, 5.0 / 720);
}

TEST(QualityReport, ConsensusAndPredictions) {
  Project p = choices_project({{"a", "a", "b"}, {"c", "c", "c"}});
  QualityOptions o;
  o.low_confidence = 0.9;
  auto r = quality_report(p, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->consensus.size(), 1u);
  const ConsensusSection& c = r->consensus[0];
  EXPECT_EQ(c.items[0].label, "a");
  EXPECT_NEAR(c.items[0].confidence, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(c.low_confidence, (std::vector<int64_t>{0}));
  Json pred = consensus_predictions_json(*r);
  ASSERT_EQ(pred.size(), 2u);
  EXPECT_EQ(pred[0]["model_version"], "localabel-consensus");
  EXPECT_EQ(pred[1]["result"][0]["value"]["choices"][0], "c");
  EXPECT_EQ(pred[1]["result"][0]["from_name"], "cat");
}

TEST(QualityReport, MultipleChoiceUsesSetDistance) {
  Project p = choices_project({});
  p.label_sets[0].multiple = true;
  const std::vector<std::vector<std::vector<std::string>>> answers = {
      {{"a", "b"}, {"a", "b"}}, {{"a"}, {"a", "c"}}, {{"c"}, {"b"}}, {{"b", "c"}, {"b", "c"}}};
  for (size_t t = 0; t < answers.size(); ++t) {
    Task task;
    task.id = std::to_string(t + 1);
    for (size_t a = 0; a < answers[t].size(); ++a)
      task.annotations.push_back(answer("ann" + std::to_string(a), {choice("cat", answers[t][a])}));
    p.tasks.push_back(task);
  }
  auto r = quality_report(p, {});
  ASSERT_TRUE(r.ok());
  const QualityMetric* m = metric(*r, "krippendorff_alpha_set");
  ASSERT_TRUE(m);
  EXPECT_EQ(r->agreement[0].kind, "multiple-choices");
  EXPECT_NE(m->definition.find("masi"), std::string::npos);
  // Reference: the core's alpha on the same 4 x 5 count table with the MASI matrix.
  // Domain in first-appearance order: {a,b}, {a}, {a,c}, {c}, {b}, {b,c} (codes a0 b1 c2).
  const std::vector<std::vector<int32_t>> domain = {{0, 1}, {0}, {0, 2}, {2}, {1}, {1, 2}};
  auto d = set_distance_matrix(domain, SetDistance::kMasi);
  ASSERT_TRUE(d.ok());
  std::vector<double> counts(4 * 6, 0);
  counts[0 * 6 + 0] = 2;
  counts[1 * 6 + 1] = counts[1 * 6 + 2] = 1;
  counts[2 * 6 + 3] = counts[2 * 6 + 4] = 1;
  counts[3 * 6 + 5] = 2;
  auto ref = krippendorff_alpha_counts(counts, 4, 6, AlphaLevel::kNominal, {}, *d);
  ASSERT_TRUE(ref.ok());
  EXPECT_NEAR(m->value, ref->value, 1e-12);
}

Region box(double x, double y, double w, double h, const std::string& label) {
  Region r;
  r.kind = RegionKind::kBox;
  r.from_name = "label";
  r.to_name = "image";
  r.labels = {label};
  r.x = x, r.y = y, r.width = w, r.height = h;
  r.image_width = r.image_height = 100;
  return r;
}

TEST(QualityReport, BoxesAgreementAndFusion) {
  Project p;
  Task t;
  t.id = "img";
  t.kind = TaskKind::kImage;
  t.annotations.push_back(answer("u1", {box(0, 0, 10, 10, "A"), box(50, 50, 10, 10, "B")}));
  // Same first box; the second one shifted to IoU 1/3 (below 0.5): 1 match of 2 + 2.
  t.annotations.push_back(answer("u2", {box(0, 0, 10, 10, "A"), box(55, 50, 10, 10, "B")}));
  p.tasks.push_back(t);
  auto r = quality_report(p, {});
  ASSERT_TRUE(r.ok());
  const QualityMetric* f1 = metric(*r, "box_f1");
  const QualityMetric* iou = metric(*r, "box_mean_iou");
  ASSERT_TRUE(f1 && iou);
  EXPECT_DOUBLE_EQ(f1->value, 0.5);
  EXPECT_DOUBLE_EQ(iou->value, 1.0);
  ASSERT_EQ(r->box_consensus.size(), 1u);
  ASSERT_EQ(r->box_consensus[0].tasks.size(), 1u);
  // Weighted box fusion (IoU 0.55): A fuses, the two B boxes (IoU 1/3) stay apart.
  EXPECT_EQ(r->box_consensus[0].tasks[0].boxes.size(), 3u);
  ASSERT_EQ(r->queue.size(), 1u);
  EXPECT_DOUBLE_EQ(r->queue[0].disagreement, 0.5);
}

TEST(KeypointSimilarity, GaussianOfDistanceOverDiagonal) {
  Region a;
  a.kind = RegionKind::kKeypoint;
  a.labels = {"Eye"};
  a.image_width = 30;
  a.image_height = 40;  // diagonal 50
  a.x = 10;
  a.y = 10;
  Region b = a;
  b.x += 2.5;  // d = sigma * diagonal with sigma 0.05
  EXPECT_NEAR(keypoint_similarity({&a}, {&b}, 0.05), std::exp(-0.5), 1e-12);
  EXPECT_DOUBLE_EQ(keypoint_similarity({&a}, {&a}, 0.05), 1.0);
  Region c = a;
  c.labels = {"Nose"};
  // Different labels never match; the larger count (2) divides.
  EXPECT_DOUBLE_EQ(keypoint_similarity({&a, &c}, {&a}, 0.05), 0.5);
  EXPECT_TRUE(std::isnan(keypoint_similarity({}, {}, 0.05)));
}

TEST(QualityReport, HtmlIsSelfContained) {
  Project p = choices_project({{"a", "a", "b"}, {"c", "c", "c"}, {"a", "b", "b"}});
  QualityOptions o;
  o.date = "2026-12-07";
  auto r = quality_report(p, o);
  ASSERT_TRUE(r.ok());
  std::string html = quality_report_html(*r);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("2026-12-07"), std::string::npos);
  EXPECT_NE(html.find("krippendorff_alpha_nominal"), std::string::npos);
  EXPECT_NE(html.find("Krippendorff 2011"), std::string::npos);
}

TEST(QualityReport, InvalidOptionsAreErrors) {
  Project p = choices_project({{"a", "a"}});
  QualityOptions o;
  o.iou_threshold = 0;
  auto r = quality_report(p, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("iou_threshold"), std::string::npos);
  o = {};
  o.bootstrap_resamples = 0;
  EXPECT_FALSE(quality_report(p, o).ok());
  EXPECT_FALSE(parse_consensus_method("mode").ok());
  EXPECT_EQ(parse_drift_detector("adwin").value(), DriftDetector::kAdwin);
}

TEST(IsoTime, ParsesLabelStudioTimes) {
  EXPECT_DOUBLE_EQ(parse_iso_time("1970-01-02T00:00:00Z"), 86400);
  // 2024-03-01 is day 19783 since 1970-01-01.
  EXPECT_DOUBLE_EQ(parse_iso_time("2024-03-01T09:07:00.500000Z"), 19783 * 86400.0 + 32820.5);
  EXPECT_DOUBLE_EQ(parse_iso_time("2024-03-01T10:07:00+01:00"), 19783 * 86400.0 + 32820);
  EXPECT_TRUE(std::isnan(parse_iso_time("yesterday")));
  EXPECT_TRUE(std::isnan(parse_iso_time("2024-13-01T00:00:00Z")));
}

}  // namespace
}  // namespace localabel
