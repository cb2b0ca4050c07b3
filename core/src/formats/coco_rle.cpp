// COCO RLE and polygon rasterisation (definitions: cocoapi common/maskApi.c).
#include "localabel/coco_rle.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "localabel/brush_rle.h"

namespace localabel {

namespace {

// Canonical counts of a column-major pixel vector.
std::vector<uint32_t> counts_of_pixels(const std::vector<uint8_t>& pixels) {
  std::vector<uint32_t> counts;
  uint8_t value = 0;
  uint32_t run = 0;
  for (uint8_t p : pixels) {
    uint8_t v = p ? 1 : 0;
    if (v != value) {
      counts.push_back(run);
      run = 0;
      value = v;
    }
    ++run;
  }
  counts.push_back(run);
  return counts;
}

}  // namespace

CocoRle coco_rle_from_brush_mask(const BrushMask& mask) {
  const int w = mask.width, h = mask.height;
  std::vector<uint8_t> rows = brush_mask_to_pixels(mask);
  std::vector<uint8_t> columns(rows.size());
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      columns[size_t(x) * size_t(h) + size_t(y)] = rows[size_t(y) * size_t(w) + size_t(x)];
  return CocoRle{h, w, counts_of_pixels(columns)};
}

Result<BrushMask> brush_mask_from_coco_rle(const CocoRle& rle) {
  if (rle.height < 1 || rle.height > kMaxImageSide || rle.width < 1 || rle.width > kMaxImageSide)
    return make_error(ErrorCode::kOutOfRange, "size",
                      "mask size " + std::to_string(rle.height) + " x " +
                          std::to_string(rle.width) + " is outside 1.." +
                          std::to_string(kMaxImageSide));
  const int64_t total = int64_t{rle.height} * rle.width;
  int64_t sum = 0;
  for (uint32_t c : rle.counts) sum += c;
  if (sum != total)
    return make_error(
        ErrorCode::kLengthMismatch, "counts",
        "counts add up to " + std::to_string(sum) + ", expected h * w = " + std::to_string(total));
  if (total > kMaxRgbaPixels)
    return make_error(ErrorCode::kOutOfRange, "size",
                      "mask of " + std::to_string(total) + " pixels is larger than " +
                          std::to_string(kMaxRgbaPixels));
  const size_t h = size_t(rle.height), w = size_t(rle.width);
  std::vector<uint8_t> rows(size_t(total), 0);
  size_t pos = 0;
  bool fg = false;
  for (uint32_t c : rle.counts) {
    if (fg)
      for (size_t i = pos; i < pos + c; ++i) rows[(i % h) * w + i / h] = 1;
    pos += c;
    fg = !fg;
  }
  return brush_mask_from_pixels(rle.width, rle.height, rows);
}

int64_t coco_rle_area(const CocoRle& rle) {
  int64_t area = 0;
  for (size_t j = 1; j < rle.counts.size(); j += 2) area += rle.counts[j];
  return area;
}

std::array<double, 4> coco_rle_bbox(const CocoRle& rle) {
  const size_t m = rle.counts.size() / 2 * 2;
  if (m == 0 || rle.height <= 0) return {0, 0, 0, 0};
  // Unsigned 32-bit arithmetic as in rleToBbox (a zero first run makes t wrap for j = 1 only
  // when the mask is degenerate; the definition is kept as is).
  const uint32_t h = uint32_t(rle.height), w = uint32_t(rle.width);
  uint32_t xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
  for (size_t j = 0; j < m; ++j) {
    cc += rle.counts[j];
    uint32_t t = cc - uint32_t(j % 2);
    uint32_t y = t % h, x = (t - y) / h;
    if (j % 2 == 0) {
      xp = x;
    } else if (xp < x) {
      // A run that crosses into a later column covers the bottom and top rows.
      ys = 0;
      ye = h - 1;
    }
    xs = std::min(xs, x);
    xe = std::max(xe, x);
    ys = std::min(ys, y);
    ye = std::max(ye, y);
  }
  return {double(xs), double(ys), double(xe) - double(xs) + 1, double(ye) - double(ys) + 1};
}

std::string coco_rle_to_string(const std::vector<uint32_t>& counts) {
  std::string out;
  out.reserve(counts.size() * 2);
  for (size_t i = 0; i < counts.size(); ++i) {
    int64_t x = counts[i];
    if (i > 2) x -= int64_t{counts[i - 2]};
    bool more = true;
    while (more) {
      int c = int(x & 0x1f);
      x >>= 5;  // arithmetic shift: the sign is kept
      more = (c & 0x10) ? x != -1 : x != 0;
      if (more) c |= 0x20;
      out.push_back(char(c + 48));
    }
  }
  return out;
}

Result<std::vector<uint32_t>> coco_rle_from_string(std::string_view text) {
  std::vector<uint32_t> counts;
  size_t p = 0;
  while (p < text.size()) {
    int64_t x = 0;
    int k = 0;
    bool more = true;
    const size_t start = p;
    while (more) {
      if (p >= text.size())
        return make_error(
            ErrorCode::kInvalidFormat, "counts",
            "compressed counts end inside a count (character " + std::to_string(start) + ")");
      int c = int(static_cast<unsigned char>(text[p])) - 48;
      if (c < 0 || c > 63)
        return make_error(
            ErrorCode::kInvalidFormat, "counts",
            "character " + std::to_string(p) + " of the compressed counts is outside '0'..'o'");
      if (k >= 7)
        return make_error(ErrorCode::kInvalidFormat, "counts",
                          "count at character " + std::to_string(start) + " is too long");
      x |= int64_t(c & 0x1f) << (5 * k);
      more = (c & 0x20) != 0;
      ++p;
      ++k;
      if (!more && (c & 0x10)) x |= int64_t(-1) * (int64_t{1} << (5 * k));
    }
    if (counts.size() > 2) x += int64_t{counts[counts.size() - 2]};
    if (x < 0 || x > int64_t{UINT32_MAX})
      return make_error(ErrorCode::kInvalidFormat, "counts",
                        "count " + std::to_string(counts.size()) + " decodes to " +
                            std::to_string(x) + ", outside 0..2^32-1");
    counts.push_back(uint32_t(x));
  }
  return counts;
}

CocoRle coco_rle_from_polygon(const std::vector<double>& xy, int height, int width) {
  constexpr double kScale = 5;
  const size_t k = xy.size() / 2;
  // Upsampled integer vertices, closed.
  std::vector<int> vx(k + 1), vy(k + 1);
  for (size_t j = 0; j < k; ++j) {
    vx[j] = static_cast<int>(kScale * xy[2 * j] + .5);
    vy[j] = static_cast<int>(kScale * xy[2 * j + 1] + .5);
  }
  vx[k] = vx[0];
  vy[k] = vy[0];
  // Dense boundary points, one per unit step along each edge's longer axis.
  std::vector<int> u, v;
  for (size_t j = 0; j < k; ++j) {
    int xs = vx[j], xe = vx[j + 1], ys = vy[j], ye = vy[j + 1];
    const int dx = std::abs(xe - xs), dy = std::abs(ys - ye);
    const bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      std::swap(xs, xe);
      std::swap(ys, ye);
    }
    if (dx >= dy) {
      const double s = dx == 0 ? 0 : double(ye - ys) / dx;
      for (int d = 0; d <= dx; ++d) {
        const int t = flip ? dx - d : d;
        u.push_back(t + xs);
        v.push_back(static_cast<int>(ys + s * t + .5));
      }
    } else {
      const double s = double(xe - xs) / dy;
      for (int d = 0; d <= dy; ++d) {
        const int t = flip ? dy - d : d;
        v.push_back(t + ys);
        u.push_back(static_cast<int>(xs + s * t + .5));
      }
    }
  }
  // Where the boundary crosses a pixel column's centre: the row where the inside toggles.
  std::vector<uint32_t> toggles;
  for (size_t j = 1; j < u.size(); ++j) {
    if (u[j] == u[j - 1]) continue;
    double xd = double(u[j] < u[j - 1] ? u[j] : u[j] - 1);
    xd = (xd + .5) / kScale - .5;
    if (std::floor(xd) != xd || xd < 0 || xd > width - 1) continue;
    double yd = double(v[j] < v[j - 1] ? v[j] : v[j - 1]);
    yd = (yd + .5) / kScale - .5;
    if (yd < 0)
      yd = 0;
    else if (yd > height)
      yd = height;
    yd = std::ceil(yd);
    toggles.push_back(uint32_t(int64_t(xd) * height + int64_t(yd)));
  }
  toggles.push_back(uint32_t(height) * uint32_t(width));
  std::sort(toggles.begin(), toggles.end());
  // Differences of the sorted positions; a zero difference cancels a toggle pair.
  std::vector<uint32_t> diffs(toggles.size());
  uint32_t prev = 0;
  for (size_t j = 0; j < toggles.size(); ++j) {
    diffs[j] = toggles[j] - prev;
    prev = toggles[j];
  }
  CocoRle out{height, width, {}};
  size_t j = 0;
  out.counts.push_back(diffs[j++]);
  while (j < diffs.size()) {
    if (diffs[j] > 0) {
      out.counts.push_back(diffs[j++]);
    } else {
      ++j;
      if (j < diffs.size()) out.counts.back() += diffs[j++];
    }
  }
  return out;
}

CocoRle coco_rle_union(const std::vector<CocoRle>& masks) {
  CocoRle out{masks[0].height, masks[0].width, masks[0].counts};
  for (size_t i = 1; i < masks.size(); ++i) {
    // Walk both run lists together; a run ends where the union's value changes.
    const std::vector<uint32_t>& a = out.counts;
    const std::vector<uint32_t>& b = masks[i].counts;
    std::vector<uint32_t> merged;
    size_t ia = 0, ib = 0;
    uint32_t ra = a.empty() ? 0 : a[0], rb = b.empty() ? 0 : b[0];
    bool va = false, vb = false, value = false;
    uint32_t run = 0;
    ia = ib = 1;
    const uint64_t total = uint64_t(out.height) * uint64_t(out.width);
    uint64_t pos = 0;
    // Skip leading empty runs.
    while (ra == 0 && ia < a.size()) ra = a[ia++], va = !va;
    while (rb == 0 && ib < b.size()) rb = b[ib++], vb = !vb;
    while (pos < total) {
      uint32_t step = std::min(ra, rb);
      if (step == 0) break;  // malformed input (counts short of h * w)
      bool v = va || vb;
      if (v != value) {
        merged.push_back(run);
        run = 0;
        value = v;
      }
      run += step;
      pos += step;
      ra -= step;
      rb -= step;
      while (ra == 0 && ia < a.size()) ra = a[ia++], va = !va;
      while (rb == 0 && ib < b.size()) rb = b[ib++], vb = !vb;
    }
    merged.push_back(run);
    out.counts = std::move(merged);
  }
  return out;
}

}  // namespace localabel
