#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>
#include <random>
#include <sstream>

#include "localabel/geometric_agreement.h"
#include "localabel/label_studio.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(BoxIou, AxisAligned) {
  // Overlap 5 x 5 = 25, union 100 + 100 - 25 = 175.
  EXPECT_NEAR(rotated_box_iou({0, 0, 10, 10}, {5, 5, 10, 10}), 25.0 / 175, 1e-12);
  EXPECT_DOUBLE_EQ(rotated_box_iou({0, 0, 10, 10}, {0, 0, 10, 10}), 1.0);
  EXPECT_DOUBLE_EQ(rotated_box_iou({0, 0, 10, 10}, {10, 0, 10, 10}), 0.0);  // touching edges
  EXPECT_DOUBLE_EQ(rotated_box_iou({0, 0, 0, 10}, {0, 0, 10, 10}), 0.0);    // degenerate box
  EXPECT_TRUE(std::isnan(rotated_box_iou({0, 0, 0, 0}, {1, 1, 0, 0})));     // 0/0
}

// Rotation is clockwise around the top-left corner: the box whose centre stays at (cx, cy).
RotatedBox centred(double cx, double cy, double side, double degrees) {
  const double t = degrees * M_PI / 180, h = side / 2;
  // centre = top-left + R (h, h) with R the clockwise (y down) rotation.
  return {cx - (h * std::cos(t) - h * std::sin(t)), cy - (h * std::sin(t) + h * std::cos(t)), side,
          side, degrees};
}

TEST(BoxIou, Rotated) {
  // Two unit squares with the same centre, one turned 45 degrees: the intersection is a
  // regular octagon of area 2 (sqrt 2 - 1), so IoU = 1 / sqrt 2.
  EXPECT_NEAR(rotated_box_iou(centred(5, 5, 1, 0), centred(5, 5, 1, 45)), 1 / std::sqrt(2.0),
              1e-12);
  EXPECT_NEAR(rotated_box_iou(centred(5, 5, 4, 30), centred(5, 5, 4, 30)), 1.0, 1e-12);
  // Turned 90 degrees around its top-left corner, a square moves to the left of it.
  EXPECT_NEAR(rotated_box_iou({0, 0, 10, 10, 90}, {0, 0, 10, 10}), 0.0, 1e-12);
  // Turned 180 degrees: (10, 10, 4, 6) covers [6, 10] x [4, 10], same as the plain box.
  const RotatedBox r{10, 10, 4, 6, 180}, plain{6, 4, 4, 6}, other{5, 5, 4, 4};
  EXPECT_NEAR(rotated_box_iou(r, other), rotated_box_iou(plain, other), 1e-12);
  EXPECT_NEAR(rotated_box_iou(r, plain), 1.0, 1e-12);
}

// scipy.optimize.linear_sum_assignment documentation example: cost [[4, 1, 3], [2, 0, 5],
// [3, 2, 2]] gives columns [1, 0, 2], total cost 5.
TEST(LinearSumAssignment, ScipyExample) {
  const std::vector<double> cost{4, 1, 3, 2, 0, 5, 3, 2, 2};
  auto r = linear_sum_assignment(cost, 3, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<int32_t>{1, 0, 2}));
}

double total(const std::vector<double>& c, int cols, const std::vector<int32_t>& col_of) {
  double s = 0;
  for (size_t i = 0; i < col_of.size(); ++i)
    if (col_of[i] >= 0) s += c[i * cols + col_of[i]];
  return s;
}

// Brute force over all injective assignments of random matrices (square and rectangular).
TEST(LinearSumAssignment, MatchesBruteForce) {
  std::mt19937 rng(11);  // only the test data; the values are checked, not compared to files
  for (auto [rows, cols] : {std::pair{5, 5}, {3, 6}, {6, 3}, {1, 4}, {4, 1}, {6, 6}}) {
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<double> c(static_cast<size_t>(rows * cols));
      for (double& v : c) v = static_cast<double>(rng() % 1000) / 10.0 - 30;
      auto r = linear_sum_assignment(c, rows, cols);
      ASSERT_TRUE(r.ok());
      // Check the assignment is injective and complete on the smaller side.
      std::vector<int32_t> used;
      for (int32_t j : *r)
        if (j >= 0) used.push_back(j);
      std::sort(used.begin(), used.end());
      EXPECT_EQ(std::adjacent_find(used.begin(), used.end()), used.end());
      EXPECT_EQ(static_cast<int>(used.size()), std::min(rows, cols));
      // Brute force: permutations of the larger side.
      double best = std::numeric_limits<double>::infinity();
      const int big = std::max(rows, cols), small = std::min(rows, cols);
      std::vector<int> perm(static_cast<size_t>(big));
      std::iota(perm.begin(), perm.end(), 0);
      do {
        double s = 0;
        for (int k = 0; k < small; ++k)
          s += rows <= cols ? c[k * cols + perm[k]] : c[perm[k] * cols + k];
        best = std::min(best, s);
      } while (std::next_permutation(perm.begin(), perm.end()));
      EXPECT_NEAR(total(c, cols, *r), best, 1e-9) << rows << "x" << cols << " trial " << trial;
    }
  }
}

TEST(LinearSumAssignment, BadInput) {
  const std::vector<double> c{1, 2, 3};
  EXPECT_EQ(linear_sum_assignment(c, 2, 2).error().code, ErrorCode::kLengthMismatch);
  const std::vector<double> n{1, kNaN};
  auto e = linear_sum_assignment(n, 1, 2);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(e.error().path, "cost[0][1]");
  EXPECT_EQ(linear_sum_assignment({}, -1, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(linear_sum_assignment({}, 0, 3)->size(), 0u);
}

TEST(BoxAgreement, OptimalNotGreedyMatching) {
  // Height 10 everywhere, so IoU is the overlap of the x intervals. a0-b0 0.818 is the best
  // single pair, but taking it leaves a1-b1 (0.333 < 0.5) unmatched; the optimal assignment
  // takes a0-b1 (8/12) and a1-b0 (8/12): two matches.
  const std::vector<RotatedBox> a{{0, 0, 10, 10}, {3, 0, 10, 10}};
  const std::vector<RotatedBox> b{{1, 0, 10, 10}, {-2, 0, 10, 10}};
  auto r = box_agreement(a, b);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->matches.size(), 2u);
  EXPECT_EQ(r->matches[0].a, 0);
  EXPECT_EQ(r->matches[0].b, 1);
  EXPECT_NEAR(r->mean_iou, 8.0 / 12, 1e-12);
  EXPECT_DOUBLE_EQ(r->precision, 1.0);
  EXPECT_DOUBLE_EQ(r->recall, 1.0);
  EXPECT_DOUBLE_EQ(r->f1, 1.0);
  EXPECT_TRUE(r->undefined_reason.empty());
}

TEST(BoxAgreement, ThresholdAndLabels) {
  const std::vector<RotatedBox> a{{0, 0, 10, 10, 0, 0}, {20, 0, 10, 10, 0, 1}};
  const std::vector<RotatedBox> b{{0, 0, 10, 10, 0, 1}, {25, 0, 10, 10, 0, 1}};
  // Labels differ on the identical pair; the other pair has IoU 50/150 = 1/3.
  auto r = box_agreement(a, b);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->matches.empty());
  EXPECT_TRUE(std::isnan(r->mean_iou));
  EXPECT_DOUBLE_EQ(r->f1, 0.0);
  EXPECT_NE(r->undefined_reason.find("threshold"), std::string::npos);
  BoxMatchOptions o;
  o.same_label = false;
  o.iou_threshold = 1.0 / 3;  // a pair at exactly the threshold counts
  r = box_agreement(a, b, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->matches.size(), 2u);
  EXPECT_NEAR(r->mean_iou, (1 + 1.0 / 3) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(r->precision, 1.0);
}

TEST(BoxAgreement, EmptySidesAndBadBoxes) {
  const std::vector<RotatedBox> a{{0, 0, 10, 10}};
  auto none = box_agreement({}, {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(std::isnan(none->f1));
  EXPECT_TRUE(std::isnan(none->precision));
  EXPECT_NE(none->undefined_reason.find("neither"), std::string::npos);
  auto only_a = box_agreement(a, {});
  ASSERT_TRUE(only_a.ok());
  EXPECT_TRUE(std::isnan(only_a->precision));
  EXPECT_DOUBLE_EQ(only_a->recall, 0.0);
  EXPECT_DOUBLE_EQ(only_a->f1, 0.0);
  const std::vector<RotatedBox> bad{{0, 0, 1, 1}, {0, 0, -3, 1}};
  auto e = box_agreement(a, bad);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(e.error().path, "b[1].width");
  const std::vector<RotatedBox> nan{{kNaN, 0, 1, 1}};
  EXPECT_EQ(box_agreement(nan, a).error().path, "a[0].x");
  BoxMatchOptions o;
  o.iou_threshold = 0;
  EXPECT_EQ(box_agreement(a, a, o).error().code, ErrorCode::kInvalidArgument);
  o.iou_threshold = kNaN;
  EXPECT_EQ(box_agreement(a, a, o).error().code, ErrorCode::kInvalidArgument);
}

// scikit-learn jaccard_score documentation: y_true [0, 1, 1], y_pred [1, 1, 1] -> 0.6667;
// Dice = 2 * 2 / (2 + 3) = 0.8 (= f1_score of the same vectors).
TEST(MaskAgreement, IouAndDice) {
  const std::vector<uint8_t> a{0, 1, 1}, b{1, 1, 1};
  auto m = mask_agreement(a, b, 3, 1);
  ASSERT_TRUE(m.ok());
  EXPECT_NEAR(m->iou, 2.0 / 3, 1e-12);
  EXPECT_NEAR(m->dice, 0.8, 1e-12);
  EXPECT_EQ(m->intersection, 2);
  const std::vector<uint8_t> z(6, 0);
  auto e = mask_agreement(z, z, 3, 2);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(std::isnan(e->iou));
  EXPECT_TRUE(std::isnan(e->dice));
  EXPECT_NE(e->undefined_reason.find("empty"), std::string::npos);
  auto same = mask_agreement(b, b, 3, 1);
  EXPECT_DOUBLE_EQ(same->iou, 1.0);
  EXPECT_EQ(mask_agreement(a, z, 3, 1).error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(mask_agreement(a, b, -3, -1).error().code, ErrorCode::kInvalidArgument);
}

BrushMask runs_of(const std::vector<uint8_t>& bits, int w, int h) {
  BrushMask m{w, h, {}};
  uint8_t cur = 0;
  uint32_t run = 0;
  for (uint8_t v : bits) {
    if ((v != 0) != (cur != 0)) {
      m.runs.push_back(run);
      run = 0;
      cur = v != 0;
    }
    ++run;
  }
  m.runs.push_back(run);
  return m;
}

TEST(MaskAgreement, RunsGiveTheSameAsBytes) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 50; ++trial) {
    const int w = 1 + static_cast<int>(rng() % 17), h = 1 + static_cast<int>(rng() % 9);
    std::vector<uint8_t> a(static_cast<size_t>(w * h)), b(a.size());
    for (size_t k = 0; k < a.size(); ++k) {
      a[k] = rng() % 3 == 0;
      b[k] = rng() % 2 == 0;
    }
    auto x = mask_agreement(a, b, w, h);
    auto y = mask_agreement(runs_of(a, w, h), runs_of(b, w, h));
    ASSERT_TRUE(x.ok() && y.ok());
    EXPECT_EQ(x->intersection, y->intersection);
    EXPECT_EQ(x->area_a, y->area_a);
    EXPECT_EQ(x->area_b, y->area_b);
    if (!std::isnan(x->iou)) {
      EXPECT_DOUBLE_EQ(x->iou, y->iou);
    }
  }
  BrushMask small{2, 2, {4}}, big{3, 2, {6}};
  auto e = mask_agreement(small, big);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kLengthMismatch);
  EXPECT_NE(e.error().message.find("different sizes"), std::string::npos);
  BrushMask broken{2, 2, {1, 1}};
  EXPECT_EQ(mask_agreement(broken, small).error().code, ErrorCode::kLengthMismatch);
  auto empty = mask_agreement(small, small);
  EXPECT_TRUE(std::isnan(empty->iou));
}

// seqeval README: y_true [O O O B-MISC I-MISC I-MISC O] [B-PER I-PER O], y_pred
// [O O B-MISC I-MISC I-MISC I-MISC O] [B-PER I-PER O]: f1_score 0.50 (entity level, exact).
// As code-point spans of the two sentences joined (offset 7): true MISC [3,6), PER [7,9);
// predicted MISC [2,6), PER [7,9). With overlap matching the MISC spans match too: F1 1.
TEST(SpanAgreement, SeqevalExample) {
  const std::vector<TextSpan> truth{{3, 6, 0}, {7, 9, 1}}, pred{{2, 6, 0}, {7, 9, 1}};
  auto e = span_agreement(truth, pred, 10, SpanMatch::kExact);
  ASSERT_TRUE(e.ok());
  EXPECT_DOUBLE_EQ(e->f1, 0.5);
  EXPECT_DOUBLE_EQ(e->precision, 0.5);
  EXPECT_DOUBLE_EQ(e->recall, 0.5);
  auto o = span_agreement(truth, pred, 10, SpanMatch::kOverlap);
  ASSERT_TRUE(o.ok());
  EXPECT_DOUBLE_EQ(o->f1, 1.0);
}

TEST(SpanAgreement, OverlapIsOneToOneAndMaximal) {
  // One long span against two short ones inside it: only one of them can match it.
  const std::vector<TextSpan> a{{0, 10, 0}}, b{{0, 4, 0}, {5, 9, 0}};
  auto o = span_agreement(a, b, -1, SpanMatch::kOverlap);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->matched, 1);
  EXPECT_NEAR(o->f1, 2.0 / 3, 1e-12);
  // a0 overlaps b0 and b1, a1 only b0: the maximal matching pairs a0-b1 and a1-b0.
  const std::vector<TextSpan> c{{0, 10, 0}, {8, 12, 0}}, d{{9, 11, 0}, {1, 2, 0}};
  EXPECT_EQ(span_agreement(c, d, -1, SpanMatch::kOverlap)->matched, 2);
  // Other label: no match.
  const std::vector<TextSpan> e{{0, 10, 1}};
  EXPECT_EQ(span_agreement(a, e, -1, SpanMatch::kOverlap)->matched, 0);
  EXPECT_DOUBLE_EQ(span_agreement(a, a, -1, SpanMatch::kExact)->f1, 1.0);
}

TEST(SpanAgreement, EdgeCasesAndBadSpans) {
  auto none = span_agreement({}, {}, 5, SpanMatch::kExact);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(std::isnan(none->f1));
  EXPECT_FALSE(none->undefined_reason.empty());
  const std::vector<TextSpan> a{{0, 3, 0}};
  auto only_a = span_agreement(a, {}, 5, SpanMatch::kOverlap);
  EXPECT_DOUBLE_EQ(only_a->f1, 0.0);
  EXPECT_TRUE(std::isnan(only_a->precision));
  const std::vector<TextSpan> past{{2, 6, 0}};
  auto e = span_agreement(a, past, 5, SpanMatch::kExact);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(e.error().path, "b[0].end");
  const std::vector<TextSpan> negative{{-1, 2, 0}}, reversed{{3, 3, 0}};
  EXPECT_EQ(span_agreement(negative, a, 5, SpanMatch::kExact).error().path, "a[0].start");
  EXPECT_EQ(span_agreement(reversed, a, 5, SpanMatch::kExact).error().code, ErrorCode::kOutOfRange);
  const std::vector<TextSpan> twice{{0, 3, 0}, {0, 3, 0}};
  EXPECT_EQ(span_agreement(a, twice, 5, SpanMatch::kOverlap).error().code, ErrorCode::kDuplicate);
  // Offsets are code points: "añ🌸" is 3 code points (6 bytes).
  EXPECT_EQ(count_code_points("a\xc3\xb1\xf0\x9f\x8c\xb8"), 3);
}

std::string read_data(const std::string& name) {
  std::ifstream f(std::string(LOCALABEL_TEST_DATA) + "/agreement/" + name);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// tests/data/agreement/geometry_ls.json (values in its README).
TEST(ProjectGeometricAgreement, LabelStudioProject) {
  auto p = import_label_studio(read_data("geometry_ls.json"));
  ASSERT_TRUE(p.ok()) << p.error().message;
  auto g = project_geometric_agreement(*p);
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->tasks, 3);  // task 3 has one annotator; ground truth is not an annotator
  ASSERT_EQ(g->pairs.size(), 3u);
  const TaskPairGeometry& t1 = g->pairs[0];
  EXPECT_EQ(t1.task_id, "1");
  EXPECT_EQ(t1.annotator_a, "1");
  EXPECT_EQ(t1.annotator_b, "2");
  ASSERT_TRUE(t1.has_boxes);
  EXPECT_NEAR(t1.boxes.mean_iou, 360.0 / 440, 1e-9);
  EXPECT_DOUBLE_EQ(t1.boxes.f1, 0.5);
  EXPECT_DOUBLE_EQ(g->pairs[1].boxes.mean_iou, 1.0);
  EXPECT_EQ(g->box_pairs, 2);
  EXPECT_NEAR(g->mean_box_iou, (360.0 / 440 + 1) / 2, 1e-9);
  EXPECT_NEAR(g->mean_box_f1, 0.75, 1e-12);
  const TaskPairGeometry& t4 = g->pairs[2];
  ASSERT_TRUE(t4.has_spans);
  EXPECT_DOUBLE_EQ(t4.spans_exact.f1, 0.5);
  EXPECT_DOUBLE_EQ(t4.spans_overlap.f1, 1.0);
  EXPECT_DOUBLE_EQ(g->mean_span_f1_overlap, 1.0);
  EXPECT_EQ(g->mask_pairs, 0);
  EXPECT_TRUE(std::isnan(g->mean_mask_iou));
  EXPECT_FALSE(g->undefined_reason.empty());
  // Without labels the Person boxes still do not overlap; a lower threshold changes nothing.
  GeometricOptions o;
  o.same_label = false;
  o.iou_threshold = 0.1;
  auto u = project_geometric_agreement(*p, o);
  ASSERT_TRUE(u.ok());
  EXPECT_DOUBLE_EQ(u->pairs[0].boxes.f1, 0.5);
}

Annotation brush_annotation(const std::string who, std::vector<uint8_t> bits, const char* label) {
  Annotation a;
  a.annotator = who;
  Region r;
  r.kind = RegionKind::kBrush;
  r.labels = {label};
  r.mask = runs_of(bits, 4, 1);
  a.regions.push_back(r);
  return a;
}

TEST(ProjectGeometricAgreement, MasksDuplicatesAndSizes) {
  Project p;
  Task t;
  t.id = "img";
  t.kind = TaskKind::kImage;
  t.annotations.push_back(brush_annotation("x", {1, 1, 0, 0}, "sky"));
  t.annotations.push_back(brush_annotation("y", {0, 1, 1, 0}, "sky"));
  p.tasks.push_back(t);
  auto g = project_geometric_agreement(p);
  ASSERT_TRUE(g.ok()) << g.error().message;
  ASSERT_EQ(g->pairs.size(), 1u);
  EXPECT_TRUE(g->pairs[0].has_masks);
  EXPECT_NEAR(g->mean_mask_iou, 1.0 / 3, 1e-12);
  EXPECT_NEAR(g->mean_mask_dice, 0.5, 1e-12);
  // Different labels: each label's IoU is 0 (painted by one annotator only).
  p.tasks[0].annotations[1].regions[0].labels = {"road"};
  EXPECT_DOUBLE_EQ(project_geometric_agreement(p)->mean_mask_iou, 0.0);
  // Masks of different sizes.
  p.tasks[0].annotations[1].regions[0].mask = BrushMask{2, 2, {4}};
  auto e = project_geometric_agreement(p);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(e.error().path, "tasks[0]");
  // The same annotator twice on one task.
  p.tasks[0].annotations[1] = brush_annotation("x", {0, 1, 1, 0}, "sky");
  auto d = project_geometric_agreement(p);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(d.error().path, "tasks[0].annotations[1]");
  // A box with a negative size names its region.
  Annotation neg;
  neg.annotator = "z";
  Region r;
  r.kind = RegionKind::kBox;
  r.width = -1;
  neg.regions.push_back(r);
  p.tasks[0].annotations[1] = neg;
  auto b = project_geometric_agreement(p);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().path, "tasks[0].annotations[1].result[0].value.width");
  EXPECT_NE(b.error().message.find("negative width"), std::string::npos);
  GeometricOptions o;
  o.iou_threshold = 2;
  EXPECT_EQ(project_geometric_agreement(p, o).error().code, ErrorCode::kInvalidArgument);
  // Empty project: no task to compare, means NaN with a reason.
  auto none = project_geometric_agreement(Project{});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->tasks, 0);
  EXPECT_TRUE(std::isnan(none->mean_box_f1));
  EXPECT_NE(none->undefined_reason.find("no task"), std::string::npos);
}

}  // namespace
}  // namespace localabel
