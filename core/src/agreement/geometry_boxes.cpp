// RotatedBox IoU (axis-aligned and rotated) and the optimal one-to-one matching of two annotators'
// boxes.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "localabel/geometric_agreement.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kMaxBoxes = 4096;

struct P {
  double x, y;
};

double cross(P o, P a, P b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// Corners in order: top-left, top-right, bottom-right, bottom-left (before rotation), turned
// clockwise on screen (y down) around the top-left corner. Counter-clockwise in the
// mathematical orientation of (x, y), which the clipping below relies on.
std::vector<P> corners(const RotatedBox& b) {
  const double t = b.rotation * std::numbers::pi / 180.0;
  const double c = std::cos(t), s = std::sin(t);
  return {{b.x, b.y},
          {b.x + b.width * c, b.y + b.width * s},
          {b.x + b.width * c - b.height * s, b.y + b.width * s + b.height * c},
          {b.x - b.height * s, b.y + b.height * c}};
}

double polygon_area(const std::vector<P>& p) {
  double a = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const P& q = p[i];
    const P& r = p[(i + 1) % p.size()];
    a += q.x * r.y - r.x * q.y;
  }
  return std::abs(a) / 2;
}

// Sutherland-Hodgman: the part of convex polygon `subject` inside convex polygon `clip`
// (both counter-clockwise).
std::vector<P> clip_convex(std::vector<P> subject, const std::vector<P>& clip) {
  for (size_t e = 0; e < clip.size() && !subject.empty(); ++e) {
    const P a = clip[e], b = clip[(e + 1) % clip.size()];
    std::vector<P> out;
    out.reserve(subject.size() + 2);
    for (size_t i = 0; i < subject.size(); ++i) {
      const P cur = subject[i], prev = subject[(i + subject.size() - 1) % subject.size()];
      const double dc = cross(a, b, cur), dp = cross(a, b, prev);
      const bool in_cur = dc >= 0, in_prev = dp >= 0;
      if (in_cur != in_prev) {
        const double t = dp / (dp - dc);
        out.push_back({prev.x + t * (cur.x - prev.x), prev.y + t * (cur.y - prev.y)});
      }
      if (in_cur) out.push_back(cur);
    }
    subject = std::move(out);
  }
  return subject;
}

bool axis_aligned(const RotatedBox& b) { return std::fmod(b.rotation, 360.0) == 0; }

}  // namespace

Status validate_boxes(std::span<const RotatedBox> boxes, const std::string& name) {
  for (size_t i = 0; i < boxes.size(); ++i) {
    const RotatedBox& b = boxes[i];
    const std::string at = name + "[" + std::to_string(i) + "]";
    const struct {
      const char* field;
      double value;
    } fields[] = {
        {"x", b.x}, {"y", b.y}, {"width", b.width}, {"height", b.height}, {"rotation", b.rotation}};
    for (const auto& f : fields)
      if (!std::isfinite(f.value))
        return make_error(ErrorCode::kOutOfRange, at + "." + f.field,
                          "must be a finite number; got " + std::to_string(f.value));
    if (b.width < 0)
      return make_error(ErrorCode::kOutOfRange, at + ".width",
                        "a box cannot have a negative width: " + std::to_string(b.width));
    if (b.height < 0)
      return make_error(ErrorCode::kOutOfRange, at + ".height",
                        "a box cannot have a negative height: " + std::to_string(b.height));
  }
  return Ok{};
}

double rotated_box_iou(const RotatedBox& a, const RotatedBox& b) {
  const double area_a = a.width * a.height, area_b = b.width * b.height;
  double inter = 0;
  if (axis_aligned(a) && axis_aligned(b)) {
    const double w = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
    const double h = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
    inter = w > 0 && h > 0 ? w * h : 0;
  } else if (area_a > 0 && area_b > 0) {
    inter = polygon_area(clip_convex(corners(a), corners(b)));
  }
  const double uni = area_a + area_b - inter;
  if (!(uni > 0)) return kNaN;
  return std::clamp(inter / uni, 0.0, 1.0);
}

Result<BoxAgreement> box_agreement(std::span<const RotatedBox> a, std::span<const RotatedBox> b,
                                   const BoxMatchOptions& options) {
  if (!(options.iou_threshold > 0 && options.iou_threshold <= 1))
    return make_error(ErrorCode::kInvalidArgument, "iou_threshold",
                      "must be in (0, 1]; got " + std::to_string(options.iou_threshold));
  if (auto s = validate_boxes(a, "a"); !s) return s.error();
  if (auto s = validate_boxes(b, "b"); !s) return s.error();
  if (a.size() > kMaxBoxes || b.size() > kMaxBoxes)
    return make_error(ErrorCode::kUnsupported, "",
                      "box matching supports at most " + std::to_string(kMaxBoxes) +
                          " boxes per annotator; got " + std::to_string(a.size()) + " and " +
                          std::to_string(b.size()));
  BoxAgreement out;
  out.n_a = static_cast<int64_t>(a.size());
  out.n_b = static_cast<int64_t>(b.size());
  const int32_t na = static_cast<int32_t>(a.size()), nb = static_cast<int32_t>(b.size());
  std::vector<double> iou(static_cast<size_t>(na) * nb, 0.0), cost(iou.size(), 0.0);
  bool any = false;
  for (int32_t i = 0; i < na; ++i)
    for (int32_t j = 0; j < nb; ++j) {
      if (options.same_label && a[i].label != b[j].label) continue;
      const double v = rotated_box_iou(a[i], b[j]);
      if (!(v >= options.iou_threshold)) continue;
      iou[static_cast<size_t>(i) * nb + j] = v;
      cost[static_cast<size_t>(i) * nb + j] = -v;
      any = true;
    }
  if (any) {
    auto assignment = linear_sum_assignment(cost, na, nb);
    if (!assignment) return assignment.error();
    for (int32_t i = 0; i < na; ++i) {
      const int32_t j = (*assignment)[i];
      if (j >= 0 && iou[static_cast<size_t>(i) * nb + j] > 0)
        out.matches.push_back({i, j, iou[static_cast<size_t>(i) * nb + j]});
    }
  }
  const double m = static_cast<double>(out.matches.size());
  double sum = 0;
  for (const BoxMatch& x : out.matches) sum += x.iou;
  out.mean_iou = out.matches.empty() ? kNaN : sum / m;
  out.precision = nb ? m / nb : kNaN;
  out.recall = na ? m / na : kNaN;
  out.f1 = na + nb ? 2 * m / (na + nb) : kNaN;
  if (na + nb == 0)
    out.undefined_reason = "neither annotator drew a box";
  else if (nb == 0)
    out.undefined_reason = "annotator b drew no box: precision is 0/0";
  else if (na == 0)
    out.undefined_reason = "annotator a drew no box: recall is 0/0";
  else if (out.matches.empty())
    out.undefined_reason = "no pair of boxes reaches the IoU threshold: mean IoU is undefined";
  return out;
}

}  // namespace localabel
