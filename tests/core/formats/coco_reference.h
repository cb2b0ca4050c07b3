// An independent, deliberately simple reference for COCO's mask definitions, used to check
// the production code (core/src/formats/coco_rle.cpp) on seeded random masks and polygons.
//
// How the reference vectors are produced: pycocotools cannot be installed here, so each
// definition of cocodataset/cocoapi common/maskApi.c is re-stated below in its plainest form,
// working pixel by pixel instead of on runs:
//   - encode: walk the column-major pixels and count runs (rleEncode);
//   - area: count foreground pixels (rleArea on a canonical RLE);
//   - bbox: min / max column and row of the foreground pixels (rleToBbox on a canonical RLE);
//   - string: each count minus the count two before it (from the fourth on), cut into 5-bit
//     groups by floor division, least significant first (rleToString);
//   - polygon: the upsample-by-5 edge walk of rleFrPoly, whose column crossings flip every
//     pixel from that position on (parity, instead of rleFrPoly's sort and difference), then
//     encode.
// The tests compare production results against these on 1,000+ seeded cases each, and both
// against published strings from pycocotools-checked test suites.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace localabel::coco_reference {

/// Column-major pixels (index x * h + y) to counts, starting with background.
inline std::vector<uint32_t> encode(const std::vector<uint8_t>& col_major) {
  std::vector<uint32_t> counts;
  int current = 0;
  uint32_t run = 0;
  for (uint8_t p : col_major) {
    int v = p ? 1 : 0;
    if (v == current) {
      ++run;
    } else {
      counts.push_back(run);
      current = v;
      run = 1;
    }
  }
  counts.push_back(run);
  return counts;
}

inline int64_t area(const std::vector<uint8_t>& col_major) {
  int64_t n = 0;
  for (uint8_t p : col_major) n += p ? 1 : 0;
  return n;
}

/// [x, y, w, h] of the foreground; zeros when empty.
inline std::vector<double> bbox(const std::vector<uint8_t>& col_major, int h, int w) {
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int x = 0; x < w; ++x)
    for (int y = 0; y < h; ++y)
      if (col_major[size_t(x) * size_t(h) + size_t(y)]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  if (x1 < 0) return {0, 0, 0, 0};
  return {double(x0), double(y0), double(x1 - x0 + 1), double(y1 - y0 + 1)};
}

inline int64_t floor_div32(int64_t v) { return v >= 0 ? v / 32 : -((-v + 31) / 32); }

inline std::string to_string(const std::vector<uint32_t>& counts) {
  std::string s;
  for (size_t i = 0; i < counts.size(); ++i) {
    int64_t value = counts[i];
    if (i >= 3) value -= counts[i - 2];
    for (;;) {
      int64_t group = value - 32 * floor_div32(value);  // 0..31
      value = floor_div32(value);
      bool sign = group >= 16;
      bool last = (value == 0 && !sign) || (value == -1 && sign);
      s += char(48 + group + (last ? 0 : 32));
      if (last) break;
    }
  }
  return s;
}

/// Column-major mask of one polygon, as rleFrPoly rasterises it.
inline std::vector<uint8_t> polygon_mask(const std::vector<double>& xy, int h, int w) {
  const size_t k = xy.size() / 2;
  std::vector<int> px, py;
  for (size_t j = 0; j < k; ++j) {
    px.push_back(int(5 * xy[2 * j] + 0.5));
    py.push_back(int(5 * xy[2 * j + 1] + 0.5));
  }
  // Points along each edge, from its first vertex to its second; the sample positions are
  // taken from the endpoint with the smaller coordinate on the longer axis.
  std::vector<int> u, v;
  for (size_t j = 0; j < k; ++j) {
    int ax = px[j], ay = py[j], bx = px[(j + 1) % k], by = py[(j + 1) % k];
    int dx = std::abs(bx - ax), dy = std::abs(by - ay);
    std::vector<int> eu, ev;
    if (dx >= dy) {
      bool flip = ax > bx;
      int lx = flip ? bx : ax, ly = flip ? by : ay, hy = flip ? ay : by;
      double slope = dx == 0 ? 0 : double(hy - ly) / dx;
      for (int t = 0; t <= dx; ++t) {
        eu.push_back(lx + t);
        ev.push_back(int(ly + slope * t + 0.5));
      }
      if (flip) {
        std::vector<int> ru(eu.rbegin(), eu.rend()), rv(ev.rbegin(), ev.rend());
        eu = ru;
        ev = rv;
      }
    } else {
      bool flip = ay > by;
      int ly = flip ? by : ay, lx = flip ? bx : ax, hx = flip ? ax : bx;
      double slope = double(hx - lx) / dy;
      for (int t = 0; t <= dy; ++t) {
        ev.push_back(ly + t);
        eu.push_back(int(lx + slope * t + 0.5));
      }
      if (flip) {
        std::vector<int> ru(eu.rbegin(), eu.rend()), rv(ev.rbegin(), ev.rend());
        eu = ru;
        ev = rv;
      }
    }
    u.insert(u.end(), eu.begin(), eu.end());
    v.insert(v.end(), ev.begin(), ev.end());
  }
  // Each crossing of a pixel column's centre flips the pixels from its position to the end.
  std::vector<uint8_t> flips(size_t(h) * size_t(w) + 1, 0);
  for (size_t j = 1; j < u.size(); ++j) {
    if (u[j] == u[j - 1]) continue;
    double xd = ((u[j] < u[j - 1] ? u[j] : u[j] - 1) + 0.5) / 5 - 0.5;
    if (std::floor(xd) != xd || xd < 0 || xd > w - 1) continue;
    double yd = ((v[j] < v[j - 1] ? v[j] : v[j - 1]) + 0.5) / 5 - 0.5;
    yd = std::ceil(yd < 0 ? 0 : yd > h ? h : yd);
    flips[size_t(xd) * size_t(h) + size_t(yd)] ^= 1;
  }
  std::vector<uint8_t> mask(size_t(h) * size_t(w));
  uint8_t inside = 0;
  for (size_t i = 0; i < mask.size(); ++i) {
    inside ^= flips[i];
    mask[i] = inside;
  }
  return mask;
}

}  // namespace localabel::coco_reference
