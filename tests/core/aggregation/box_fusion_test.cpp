#include "localabel/box_fusion.h"

#include <gtest/gtest.h>

#include <cmath>

namespace localabel {
namespace {

AnnotatedBox box(double x1, double y1, double x2, double y2, int32_t annotator, double score = 1,
                 int32_t label = 0) {
  return AnnotatedBox{x1, y1, x2 - x1, y2 - y1, label, annotator, score};
}

TEST(BoxIou, OverlapAndDisjoint) {
  EXPECT_NEAR(box_iou(box(0, 0, 10, 10, 0), box(2, 0, 12, 10, 1)), 80.0 / 120, 1e-12);
  EXPECT_EQ(box_iou(box(0, 0, 1, 1, 0), box(1, 0, 2, 1, 1)), 0.0);  // touching edges
}

// Hand computation with the rules of Solovyev et al. (2021), ensemble_boxes conf_type "avg".
TEST(BoxFusion, ConfidenceWeightedCornersAndRescaledConfidence) {
  std::vector<AnnotatedBox> boxes{box(0, 0, 10, 10, 0, 0.9), box(2, 0, 12, 10, 1, 0.6),
                                  box(50, 50, 60, 60, 2, 1.0, 1), box(0, 0, 10, 10, 2, 0.8, 1)};
  BoxFusionOptions o;
  o.n_annotators = 3;
  auto r = fuse_boxes(boxes, o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  // Label 1 boxes do not fuse with label 0 ones. Confidence 1 * min(3, 1) / 3, then 0.8 / 3.
  const FusedBox& lone = (*r)[1];
  EXPECT_EQ(lone.label, 1);
  EXPECT_NEAR(lone.confidence, 1.0 / 3, 1e-12);
  // Label 0: IoU 0.667 >= 0.55: x1 = (0.9*0 + 0.6*2) / 1.5 = 0.8, x2 = (9 + 7.2) / 1.5 = 10.8;
  // confidence mean(0.9, 0.6) * min(3, 2) / 3 = 0.5.
  const FusedBox& f = (*r)[0];
  EXPECT_EQ(f.label, 0);
  EXPECT_NEAR(f.x, 0.8, 1e-12);
  EXPECT_NEAR(f.x + f.width, 10.8, 1e-12);
  EXPECT_NEAR(f.y, 0, 1e-12);
  EXPECT_NEAR(f.height, 10, 1e-12);
  EXPECT_NEAR(f.confidence, 0.5, 1e-12);
  EXPECT_EQ(f.members, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(f.annotators, 2);
  EXPECT_NEAR((*r)[2].confidence, 0.8 / 3, 1e-12);
}

TEST(BoxFusion, AnnotatorWeightsAndThreshold) {
  std::vector<AnnotatedBox> boxes{box(0, 0, 10, 10, 0, 0.9), box(2, 0, 12, 10, 1, 0.6)};
  BoxFusionOptions o;
  o.weights = {2, 1, 1};
  auto r = fuse_boxes(boxes, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  // c = 1.8 and 0.6: x1 = 1.2 / 2.4 = 0.5; confidence mean(1.2) * min(3, 2) / (2 + 1 + 1).
  EXPECT_NEAR((*r)[0].x, 0.5, 1e-12);
  EXPECT_NEAR((*r)[0].confidence, 0.6, 1e-12);
  o.iou_threshold = 0.7;  // 0.667 < 0.7: two clusters
  EXPECT_EQ(fuse_boxes(boxes, o)->size(), 2u);
  o.iou_threshold = 80.0 / 120;  // equal to the IoU: joins (>=)
  EXPECT_EQ(fuse_boxes(boxes, o)->size(), 1u);
}

TEST(BoxFusion, ThreeAnnotatorsAgreeingGiveFullConfidence) {
  std::vector<AnnotatedBox> boxes{box(10, 10, 20, 20, 0), box(11, 10, 21, 20, 1),
                                  box(10, 11, 20, 21, 2)};
  auto r = fuse_boxes(boxes);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_NEAR((*r)[0].x, 31.0 / 3, 1e-12);
  EXPECT_NEAR((*r)[0].y, 31.0 / 3, 1e-12);
  EXPECT_NEAR((*r)[0].confidence, 1.0, 1e-12);
  EXPECT_TRUE(fuse_boxes({})->empty());
}

TEST(BoxFusion, BadInput) {
  BoxFusionOptions o;
  auto code = [&](std::vector<AnnotatedBox> b) { return fuse_boxes(b, o).error(); };
  EXPECT_EQ(code({box(NAN, 0, 1, 1, 0)}).code, ErrorCode::kOutOfRange);
  Error e = code({box(0, 0, 1, 1, 0), box(0, 0, 0, 1, 0)});
  EXPECT_EQ(e.code, ErrorCode::kOutOfRange);
  EXPECT_EQ(e.path, "boxes[1].width");
  EXPECT_EQ(code({box(0, 0, 1, 1, 0, 1.5)}).path, "boxes[0].score");
  EXPECT_EQ(code({box(0, 0, 1, 1, -1)}).path, "boxes[0].annotator");
  o.weights = {1, 1};
  EXPECT_EQ(code({box(0, 0, 1, 1, 2)}).path, "boxes[0].annotator");
  o.weights = {1, NAN};
  EXPECT_EQ(code({box(0, 0, 1, 1, 0)}).code, ErrorCode::kOutOfRange);
  o.weights = {0, 0};
  EXPECT_EQ(code({box(0, 0, 1, 1, 0)}).code, ErrorCode::kInvalidArgument);
  o = {};
  o.iou_threshold = 0;
  EXPECT_EQ(code({box(0, 0, 1, 1, 0)}).code, ErrorCode::kInvalidArgument);
  o = {};
  o.n_annotators = 2;
  o.weights = {1, 1, 1};
  EXPECT_EQ(code({box(0, 0, 1, 1, 0)}).code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace localabel
