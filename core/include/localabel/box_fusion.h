// AnnotatedBox consensus: one box per object from several annotators' boxes on one image.
#pragma once

#include <cstdint>
#include <vector>

#include "localabel/error.h"

namespace localabel {

/// An axis-aligned box drawn by one annotator (or predicted by one model).
struct AnnotatedBox {
  double x = 0, y = 0;           ///< top-left corner (pixels, or any unit shared by all boxes)
  double width = 0, height = 0;  ///< > 0
  int32_t label = 0;             ///< label code (>= 0); boxes fuse only within one label
  int32_t annotator = 0;         ///< annotator code, 0 <= annotator < number of annotators
  double score = 1;              ///< confidence in [0, 1]; 1 for a person's box
};

struct BoxFusionOptions {
  /// Boxes whose IoU with a cluster's fused box is >= this join the cluster; in (0, 1].
  double iou_threshold = 0.55;
  /// Per-annotator weights (finite, >= 0), e.g. skills from weighted_vote; empty: all 1. The
  /// number of annotators T is this size, or (when empty) the largest annotator code + 1
  /// unless n_annotators is set.
  std::vector<double> weights;
  /// Number of annotators who looked at the image (T); 0: from weights or the boxes.
  int32_t n_annotators = 0;
  /// Boxes with score * weight below this are dropped before fusing (>= 0).
  double skip_threshold = 0;
};

/// One fused box.
struct FusedBox {
  double x = 0, y = 0, width = 0, height = 0;
  int32_t label = 0;
  /// mean of the members' score * weight, times min(T, members) / sum of the T weights.
  double confidence = 0;
  std::vector<int32_t> members;  ///< indices of the input boxes fused here, by falling score
  int32_t annotators = 0;        ///< distinct annotators among the members
};

/// Weighted boxes fusion (Solovyev, Wang & Gabruseva 2021, "Weighted boxes fusion: Ensembling
/// boxes from different object detection models", Image and Vision Computing 107), as the
/// authors' ensemble_boxes package computes it with conf_type "avg": every box gets
/// c = score * weight[annotator]; boxes are taken by falling c (ties: input order); a box joins
/// the cluster of the same label whose current fused box has the largest IoU with it, if that
/// IoU >= iou_threshold (ensemble_boxes uses >), else starts a new cluster. A cluster's fused
/// corners are the c-weighted means of its members' corners (the plain mean when every c is
/// 0), recomputed after each join; its confidence is mean(c) * min(T, members) / sum(weights)
/// (with all weights 1: mean score scaled by the share of annotators who drew it, capped by
/// members). Returned by falling confidence (ties: label, then first member).
/// Errors: kOutOfRange (NaN or infinite coordinate, width or height <= 0, score outside
/// [0, 1], negative label, annotator code outside [0, T), negative or non-finite weight:
/// path "boxes[i].field" or "weights[a]"), kInvalidArgument (iou_threshold outside (0, 1],
/// negative skip_threshold, n_annotators < 0 or different from weights' size, all weights 0).
/// An empty list of boxes gives an empty result.
Result<std::vector<FusedBox>> fuse_boxes(const std::vector<AnnotatedBox>& boxes,
                                         const BoxFusionOptions& options = {});

/// Intersection over union of two boxes (0 when they do not overlap).
double box_iou(const AnnotatedBox& a, const AnnotatedBox& b);

}  // namespace localabel
