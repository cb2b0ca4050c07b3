// COCO RLE, area, bbox and polygon rasterisation against the pixel-by-pixel reference
// (coco_reference.h) on seeded random cases, and against published pycocotools values.
#include "localabel/coco_rle.h"

#include <gtest/gtest.h>

#include <random>

#include "coco_reference.h"
#include "localabel/brush_rle.h"

namespace localabel {
namespace {

namespace ref = coco_reference;

// A random column-major mask: a few rectangles and discs, with some salt noise.
std::vector<uint8_t> random_mask(std::mt19937& rng, int h, int w) {
  std::vector<uint8_t> m(size_t(h) * size_t(w), 0);
  std::uniform_int_distribution<int> shapes(0, 4);
  int n = shapes(rng);
  for (int s = 0; s < n; ++s) {
    int cx = std::uniform_int_distribution<int>(0, w - 1)(rng);
    int cy = std::uniform_int_distribution<int>(0, h - 1)(rng);
    int r = std::uniform_int_distribution<int>(0, std::max(h, w) / 2)(rng);
    bool disc = rng() % 2;
    for (int x = 0; x < w; ++x)
      for (int y = 0; y < h; ++y) {
        bool in = disc ? (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r
                       : std::abs(x - cx) <= r && std::abs(y - cy) <= r / 2;
        if (in) m[size_t(x) * size_t(h) + size_t(y)] = 1;
      }
  }
  int noise = std::uniform_int_distribution<int>(0, 6)(rng);
  for (int i = 0; i < noise; ++i) m[rng() % m.size()] ^= 1;
  if (rng() % 50 == 0) std::fill(m.begin(), m.end(), 1);
  return m;
}

BrushMask row_major_mask(const std::vector<uint8_t>& col, int h, int w) {
  std::vector<uint8_t> rows(col.size());
  for (int x = 0; x < w; ++x)
    for (int y = 0; y < h; ++y)
      rows[size_t(y) * size_t(w) + size_t(x)] = col[size_t(x) * size_t(h) + size_t(y)];
  Result<BrushMask> m = brush_mask_from_pixels(w, h, rows);
  EXPECT_TRUE(m.ok());
  return m.ok() ? m.value() : BrushMask{};
}

TEST(CocoRle, MasksMatchTheReferenceOnTwoThousandRandomCases) {
  std::mt19937 rng(20261207);
  for (int c = 0; c < 2000; ++c) {
    int h = std::uniform_int_distribution<int>(1, 40)(rng);
    int w = std::uniform_int_distribution<int>(1, 40)(rng);
    std::vector<uint8_t> col = random_mask(rng, h, w);
    CocoRle rle = coco_rle_from_brush_mask(row_major_mask(col, h, w));
    std::vector<uint32_t> expected = ref::encode(col);
    ASSERT_EQ(rle.counts, expected) << "case " << c;
    ASSERT_EQ(rle.height, h);
    ASSERT_EQ(rle.width, w);
    ASSERT_EQ(coco_rle_area(rle), ref::area(col)) << "case " << c;
    std::array<double, 4> bb = coco_rle_bbox(rle);
    ASSERT_EQ(std::vector<double>(bb.begin(), bb.end()), ref::bbox(col, h, w)) << "case " << c;
    // Both string forms.
    std::string s = coco_rle_to_string(rle.counts);
    ASSERT_EQ(s, ref::to_string(expected)) << "case " << c;
    Result<std::vector<uint32_t>> back = coco_rle_from_string(s);
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back.value(), expected);
    Result<BrushMask> decoded = brush_mask_from_coco_rle(rle);
    ASSERT_TRUE(decoded.ok());
    ASSERT_EQ(brush_mask_to_pixels(*decoded), brush_mask_to_pixels(row_major_mask(col, h, w)));
  }
}

TEST(CocoRle, PolygonsMatchTheReferenceOnTwoThousandRandomCases) {
  std::mt19937 rng(7);
  for (int c = 0; c < 2000; ++c) {
    int h = std::uniform_int_distribution<int>(1, 50)(rng);
    int w = std::uniform_int_distribution<int>(1, 50)(rng);
    int k = std::uniform_int_distribution<int>(3, 12)(rng);
    std::vector<double> xy;
    for (int j = 0; j < k; ++j) {
      // Mix of whole, half and arbitrary coordinates, some outside the image.
      for (int side : {w, h}) {
        double v = std::uniform_real_distribution<double>(-3, side + 3)(rng);
        int form = int(rng() % 3);
        if (form == 0) v = std::round(v);
        if (form == 1) v = std::round(v * 2) / 2;
        xy.push_back(v);
      }
    }
    std::vector<uint8_t> mask = ref::polygon_mask(xy, h, w);
    CocoRle rle = coco_rle_from_polygon(xy, h, w);
    ASSERT_EQ(rle.counts, ref::encode(mask)) << "case " << c;
    ASSERT_EQ(coco_rle_area(rle), ref::area(mask)) << "case " << c;
    std::array<double, 4> bb = coco_rle_bbox(rle);
    ASSERT_EQ(std::vector<double>(bb.begin(), bb.end()), ref::bbox(mask, h, w)) << "case " << c;
  }
}

TEST(CocoRle, UnionOfPolygonsMatchesTheReferencePixelUnion) {
  // pycocotools' annToRLE merges the polygons of one annotation (rleMerge, intersect = 0).
  std::mt19937 rng(99);
  for (int c = 0; c < 1000; ++c) {
    int h = std::uniform_int_distribution<int>(1, 30)(rng);
    int w = std::uniform_int_distribution<int>(1, 30)(rng);
    int parts = std::uniform_int_distribution<int>(1, 3)(rng);
    std::vector<CocoRle> rles;
    std::vector<uint8_t> pixels(size_t(h) * size_t(w), 0);
    for (int p = 0; p < parts; ++p) {
      std::vector<double> xy;
      for (int j = 0; j < 4; ++j) {
        xy.push_back(std::uniform_real_distribution<double>(0, w)(rng));
        xy.push_back(std::uniform_real_distribution<double>(0, h)(rng));
      }
      rles.push_back(coco_rle_from_polygon(xy, h, w));
      std::vector<uint8_t> m = ref::polygon_mask(xy, h, w);
      for (size_t i = 0; i < m.size(); ++i) pixels[i] |= m[i];
    }
    CocoRle merged = coco_rle_union(rles);
    ASSERT_EQ(merged.counts, ref::encode(pixels)) << "case " << c;
  }
}

// Published values. pytorchcocotools' test suite (tests/mask_api, RleFrBboxCases and
// RleToStringCases; its cases are the strings pycocotools returns) lists, on a 25 x 25 image:
// rleFrBbox([10, 10, 10, 10]) = "T8:?00000000000000000c3", rleFrBbox([5, 5, 10, 10]) =
// "R4:?00000000000000000e7", rleFrBbox([15, 15, 5, 5]) = "V<5d00000000^3", and the encoded
// squares [0,5)^2 = "05d00000000d?", [5,10)^2 = "R45d00000000b;", [20,25)^2 =
// "X`05d00000000", the full image "0ac0". rleFrBbox is rleFrPoly of the corners
// (xs, ys), (xs, ye), (xe, ye), (xe, ys).
std::vector<double> box_polygon(double x, double y, double w, double h) {
  return {x, y, x, y + h, x + w, y + h, x + w, y};
}

TEST(CocoRle, MatchesPublishedBoxStrings) {
  EXPECT_EQ(coco_rle_to_string(coco_rle_from_polygon(box_polygon(10, 10, 10, 10), 25, 25).counts),
            "T8:?00000000000000000c3");
  EXPECT_EQ(coco_rle_to_string(coco_rle_from_polygon(box_polygon(5, 5, 10, 10), 25, 25).counts),
            "R4:?00000000000000000e7");
  EXPECT_EQ(coco_rle_to_string(coco_rle_from_polygon(box_polygon(15, 15, 5, 5), 25, 25).counts),
            "V<5d00000000^3");
}

TEST(CocoRle, MatchesPublishedSquareStrings) {
  auto square = [](int lo, int hi) {
    std::vector<uint8_t> rows(25 * 25, 0);
    for (int y = lo; y < hi; ++y)
      for (int x = lo; x < hi; ++x) rows[size_t(y * 25 + x)] = 1;
    Result<BrushMask> m = brush_mask_from_pixels(25, 25, rows);
    return coco_rle_to_string(coco_rle_from_brush_mask(m.value()).counts);
  };
  EXPECT_EQ(square(0, 5), "05d00000000d?");
  EXPECT_EQ(square(5, 10), "R45d00000000b;");
  EXPECT_EQ(square(20, 25), "X`05d00000000");
  EXPECT_EQ(square(0, 25), "0ac0");
}

TEST(CocoRle, FullImageAreaAndBboxAsPycocotoolsTests) {
  // pycocotools' tests (test_area / test_toBbox): a 10 x 10 mask of ones has area 100 and
  // bbox [0, 0, 10, 10].
  Result<BrushMask> m = brush_mask_from_pixels(10, 10, std::vector<uint8_t>(100, 1));
  CocoRle rle = coco_rle_from_brush_mask(m.value());
  EXPECT_EQ(coco_rle_area(rle), 100);
  EXPECT_EQ(coco_rle_bbox(rle), (std::array<double, 4>{0, 0, 10, 10}));
  // Hand-checked: the polygon (0,0),(0,10),(10,10),(10,0) on 10 x 10 covers every pixel
  // centre (pycocotools' test_frPyObjects compares it with the full mask).
  CocoRle poly = coco_rle_from_polygon({0, 0, 0, 10, 10, 10, 10, 0}, 10, 10);
  EXPECT_EQ(poly.counts, rle.counts);
}

TEST(CocoRle, StringDecodingErrors) {
  Result<std::vector<uint32_t>> bad = coco_rle_from_string("0a~");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(bad.error().path, "counts");
  Result<std::vector<uint32_t>> cut = coco_rle_from_string("0a");  // 'a' says more follows
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, ErrorCode::kInvalidFormat);
  // A negative count: "0" then "O" (group 31, sign set, no more) decodes to -1.
  Result<std::vector<uint32_t>> negative = coco_rle_from_string("0O");
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidFormat);
}

TEST(CocoRle, DecodingChecksTheCountsSum) {
  Result<BrushMask> m = brush_mask_from_coco_rle(CocoRle{2, 2, {1, 2}});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(m.error().path, "counts");
}

}  // namespace
}  // namespace localabel
