// Weighted boxes fusion (Solovyev et al. 2021).
#include "localabel/box_fusion.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "localabel/geometric_agreement.h"

namespace localabel {

double box_iou(const AnnotatedBox& a, const AnnotatedBox& b) {
  // Fused boxes are axis-aligned with positive sides: the union is never empty.
  return rotated_box_iou({a.x, a.y, a.width, a.height, 0, a.label},
                         {b.x, b.y, b.width, b.height, 0, b.label});
}

Result<std::vector<FusedBox>> fuse_boxes(const std::vector<AnnotatedBox>& boxes,
                                         const BoxFusionOptions& options) {
  if (!(options.iou_threshold > 0 && options.iou_threshold <= 1))
    return make_error(ErrorCode::kInvalidArgument, "iou_threshold", "must be in (0, 1]");
  if (!(options.skip_threshold >= 0) || !std::isfinite(options.skip_threshold))
    return make_error(ErrorCode::kInvalidArgument, "skip_threshold", "must be finite and >= 0");
  if (options.n_annotators < 0)
    return make_error(ErrorCode::kInvalidArgument, "n_annotators", "must be >= 0");
  const int32_t nw = static_cast<int32_t>(options.weights.size());
  if (nw > 0 && options.n_annotators > 0 && nw != options.n_annotators)
    return make_error(ErrorCode::kInvalidArgument, "weights",
                      "expected one weight per annotator (" + std::to_string(options.n_annotators) +
                          "), got " + std::to_string(nw));
  for (int32_t a = 0; a < nw; ++a)
    if (!(options.weights[a] >= 0) || !std::isfinite(options.weights[a]))
      return make_error(ErrorCode::kOutOfRange, "weights[" + std::to_string(a) + "]",
                        "a weight must be finite and >= 0");
  int32_t T = nw > 0 ? nw : options.n_annotators;
  const bool bounded = T > 0;
  for (size_t i = 0; i < boxes.size(); ++i) {
    const AnnotatedBox& b = boxes[i];
    const std::string p = "boxes[" + std::to_string(i) + "]";
    if (!std::isfinite(b.x) || !std::isfinite(b.y))
      return make_error(ErrorCode::kOutOfRange, p + ".x", "coordinates must be finite");
    if (!(b.width > 0) || !std::isfinite(b.width))
      return make_error(ErrorCode::kOutOfRange, p + ".width", "must be finite and > 0");
    if (!(b.height > 0) || !std::isfinite(b.height))
      return make_error(ErrorCode::kOutOfRange, p + ".height", "must be finite and > 0");
    if (!(b.score >= 0 && b.score <= 1))
      return make_error(ErrorCode::kOutOfRange, p + ".score", "must be in [0, 1]");
    if (b.label < 0) return make_error(ErrorCode::kOutOfRange, p + ".label", "must be >= 0");
    if (b.annotator < 0 || (bounded && b.annotator >= T))
      return make_error(ErrorCode::kOutOfRange, p + ".annotator",
                        "annotator code " + std::to_string(b.annotator) + " is not in [0, " +
                            (bounded ? std::to_string(T) : std::string("inf")) + ")");
    if (!bounded) T = std::max(T, b.annotator + 1);
  }
  std::vector<FusedBox> out;
  if (boxes.empty()) return out;
  auto weight = [&](int32_t a) { return nw > 0 ? options.weights[a] : 1.0; };
  double weight_sum = 0;
  for (int32_t a = 0; a < T; ++a) weight_sum += weight(a);
  if (!(weight_sum > 0))
    return make_error(ErrorCode::kInvalidArgument, "weights", "at least one weight must be > 0");

  std::vector<double> c(boxes.size());
  std::vector<int32_t> order;
  for (size_t i = 0; i < boxes.size(); ++i) {
    c[i] = boxes[i].score * weight(boxes[i].annotator);
    if (c[i] >= options.skip_threshold) order.push_back(static_cast<int32_t>(i));
  }
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return c[a] > c[b]; });

  struct Cluster {
    AnnotatedBox fused;
    double sx1 = 0, sy1 = 0, sx2 = 0, sy2 = 0, sc = 0;  // c-weighted corner sums
    double px1 = 0, py1 = 0, px2 = 0, py2 = 0;          // plain corner sums
    std::vector<int32_t> members;
  };
  std::vector<Cluster> clusters;
  for (int32_t idx : order) {
    const AnnotatedBox& b = boxes[idx];
    int32_t target = -1;
    double best = options.iou_threshold;
    for (size_t k = 0; k < clusters.size(); ++k) {
      if (clusters[k].fused.label != b.label) continue;
      const double iou = box_iou(clusters[k].fused, b);
      if (iou >= best && (target < 0 || iou > best)) {
        best = iou;
        target = static_cast<int32_t>(k);
      }
    }
    if (target < 0) {
      clusters.emplace_back();
      target = static_cast<int32_t>(clusters.size() - 1);
      clusters.back().fused.label = b.label;
    }
    Cluster& k = clusters[target];
    const double w = c[idx];
    k.sx1 += w * b.x;
    k.sy1 += w * b.y;
    k.sx2 += w * (b.x + b.width);
    k.sy2 += w * (b.y + b.height);
    k.sc += w;
    k.px1 += b.x;
    k.py1 += b.y;
    k.px2 += b.x + b.width;
    k.py2 += b.y + b.height;
    k.members.push_back(idx);
    const double n = static_cast<double>(k.members.size());
    double x1, y1, x2, y2;
    if (k.sc > 0) {
      x1 = k.sx1 / k.sc, y1 = k.sy1 / k.sc, x2 = k.sx2 / k.sc, y2 = k.sy2 / k.sc;
    } else {
      x1 = k.px1 / n, y1 = k.py1 / n, x2 = k.px2 / n, y2 = k.py2 / n;
    }
    k.fused.x = x1;
    k.fused.y = y1;
    k.fused.width = x2 - x1;
    k.fused.height = y2 - y1;
  }
  for (Cluster& k : clusters) {
    FusedBox f;
    f.x = k.fused.x;
    f.y = k.fused.y;
    f.width = k.fused.width;
    f.height = k.fused.height;
    f.label = k.fused.label;
    const double n = static_cast<double>(k.members.size());
    f.confidence = (k.sc / n) * std::min(static_cast<double>(T), n) / weight_sum;
    std::vector<int32_t> who;
    for (int32_t m : k.members) who.push_back(boxes[m].annotator);
    std::sort(who.begin(), who.end());
    f.annotators = static_cast<int32_t>(std::unique(who.begin(), who.end()) - who.begin());
    f.members = std::move(k.members);
    out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(), [](const FusedBox& a, const FusedBox& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    if (a.label != b.label) return a.label < b.label;
    return a.members[0] < b.members[0];
  });
  return out;
}

}  // namespace localabel
