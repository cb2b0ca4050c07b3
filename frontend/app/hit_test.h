// Which region lies under a point of the image: the geometry behind selecting by click.
#pragma once

#include <array>
#include <vector>

#include "localabel/project.h"

namespace localabel::app {

/// A box's own frame: u along its top edge, v down its left edge, origin at its top-left
/// corner, the box turned by box.rotation degrees clockwise (y down) around that corner. The
/// image point (pixels of the region's original image) of frame point (u, v).
Point box_to_image(const Region& box, double u, double v);
/// The inverse: frame point (u, v), returned as {u, v}, of image point (x, y).
Point image_to_box(const Region& box, double x, double y);
/// The box's corners in image pixels, in drawing order: top-left, top-right, bottom-right,
/// bottom-left (of the unturned box).
std::array<Point, 4> box_corners(const Region& box);

/// True when image point (x, y) (pixels of the region's original image) is inside the box,
/// rotated by region.rotation degrees clockwise around its top-left corner.
bool box_contains(const Region& box, double x, double y);

/// True when (x, y) is inside the polygon (even-odd rule).
bool polygon_contains(const Region& polygon, double x, double y);

/// True when the mask pixel containing (x, y) is set.
bool mask_contains(const Region& brush, double x, double y);

/// Index of the region of `regions` under image point (x, y), or -1. Keypoints count within
/// `keypoint_radius` image pixels. When several match, keypoints win over boxes, boxes over
/// polygons, polygons over masks, and within a kind the smaller region wins (so a region
/// inside another can be picked). Choices and unmodelled results are never hit, nor regions
/// whose entry in `excluded` (when given, one byte per region) is non-zero.
int region_at(const std::vector<Region>& regions, double x, double y, double keypoint_radius,
              const std::vector<uint8_t>* excluded = nullptr);

/// Squared distance from (x, y) to the segment from a to b.
double segment_distance2(double x, double y, Point a, Point b);

}  // namespace localabel::app
