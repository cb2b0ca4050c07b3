#include "app/hit_test.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

namespace localabel::app {

Point box_to_image(const Region& box, double u, double v) {
  const double a = box.rotation * std::numbers::pi / 180.0;
  const double c = std::cos(a), s = std::sin(a);
  return {box.x + u * c - v * s, box.y + u * s + v * c};
}

Point image_to_box(const Region& box, double x, double y) {
  const double a = box.rotation * std::numbers::pi / 180.0;
  const double c = std::cos(a), s = std::sin(a);
  const double dx = x - box.x, dy = y - box.y;
  return {dx * c + dy * s, -dx * s + dy * c};
}

std::array<Point, 4> box_corners(const Region& box) {
  return {box_to_image(box, 0, 0), box_to_image(box, box.width, 0),
          box_to_image(box, box.width, box.height), box_to_image(box, 0, box.height)};
}

bool box_contains(const Region& box, double x, double y) {
  const Point p = image_to_box(box, x, y);
  return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
}

bool polygon_contains(const Region& polygon, double x, double y) {
  const std::vector<Point>& p = polygon.points;
  bool inside = false;
  for (size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
    if ((p[i].y > y) != (p[j].y > y) &&
        x < (p[j].x - p[i].x) * (y - p[i].y) / (p[j].y - p[i].y) + p[i].x)
      inside = !inside;
  }
  return inside;
}

bool mask_contains(const Region& brush, double x, double y) {
  const BrushMask& m = brush.mask;
  if (x < 0 || y < 0 || x >= m.width || y >= m.height) return false;
  const int64_t index = static_cast<int64_t>(y) * m.width + static_cast<int64_t>(x);
  int64_t pos = 0;
  bool foreground = false;
  for (uint32_t run : m.runs) {
    if (index < pos + run) return foreground;
    pos += run;
    foreground = !foreground;
  }
  return false;
}

namespace {

double polygon_area(const std::vector<Point>& p) {
  double a = 0;
  for (size_t i = 0, j = p.size() - 1; i < p.size(); j = i++)
    a += p[j].x * p[i].y - p[i].x * p[j].y;
  return std::abs(a) / 2;
}

}  // namespace

double segment_distance2(double x, double y, Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((x - a.x) * dx + (y - a.y) * dy) / len2 : 0.0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const double ex = x - a.x - t * dx, ey = y - a.y - t * dy;
  return ex * ex + ey * ey;
}

int region_at(const std::vector<Region>& regions, double x, double y, double keypoint_radius,
              const std::vector<uint8_t>* excluded) {
  int best = -1;
  int best_rank = -1;
  double best_size = std::numeric_limits<double>::infinity();
  for (int i = 0; i < static_cast<int>(regions.size()); ++i) {
    const Region& r = regions[i];
    if (excluded != nullptr && i < static_cast<int>(excluded->size()) && (*excluded)[i] != 0)
      continue;
    int rank = -1;
    double size = 0;
    switch (r.kind) {
      case RegionKind::kKeypoint:
        if (std::hypot(x - r.x, y - r.y) <= keypoint_radius) {
          rank = 3;
          size = std::hypot(x - r.x, y - r.y);
        }
        break;
      case RegionKind::kBox:
        if (box_contains(r, x, y)) {
          rank = 2;
          size = r.width * r.height;
        }
        break;
      case RegionKind::kPolygon:
        if (r.points.size() >= 3 && polygon_contains(r, x, y)) {
          rank = 1;
          size = polygon_area(r.points);
        }
        break;
      case RegionKind::kBrush:
        if (mask_contains(r, x, y)) rank = 0;
        break;
      default:
        break;
    }
    if (rank > best_rank || (rank == best_rank && rank >= 0 && size < best_size)) {
      best = rank >= 0 ? i : best;
      if (rank >= 0) {
        best_rank = rank;
        best_size = size;
      }
    }
  }
  return best;
}

}  // namespace localabel::app
