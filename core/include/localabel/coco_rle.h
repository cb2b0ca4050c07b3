// COCO's run-length mask encoding and polygon rasterisation, as the COCO API defines them
// (cocodataset/cocoapi, common/maskApi.c: rleEncode, rleArea, rleToBbox, rleToString,
// rleFrString, rleFrPoly, rleMerge; PythonAPI/pycocotools/coco.py: annToRLE).
//
// A COCO RLE describes an h x w binary mask in column-major (Fortran) order: counts alternate
// background, foreground, background, ... starting with background (the first count may be
// 0), and add up to h * w. The model's BrushMask is row-major; coco_rle_from_brush_mask and
// brush_mask_from_coco_rle transpose between the two.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// A COCO RLE: `size` [h, w] and column-major counts.
struct CocoRle {
  int height = 0;
  int width = 0;
  std::vector<uint32_t> counts;
};

/// Encodes a row-major mask as COCO's canonical RLE (what rleEncode gives for the same
/// pixels): column-major runs, a first background run that may be 0, no other empty run.
/// The mask must satisfy validate_brush_mask.
CocoRle coco_rle_from_brush_mask(const BrushMask& mask);

/// Decodes a COCO RLE into a row-major mask. Empty runs anywhere are accepted (rleDecode
/// accepts them). Errors: kOutOfRange (height or width not in [1, kMaxImageSide]),
/// kLengthMismatch (counts do not add up to height * width). Paths are relative: "counts".
Result<BrushMask> brush_mask_from_coco_rle(const CocoRle& rle);

/// Foreground pixels: the sum of the odd-indexed counts (rleArea).
int64_t coco_rle_area(const CocoRle& rle);

/// Bounding box [x, y, w, h] of the foreground as rleToBbox computes it from the counts: only
/// an even number of counts is read (a trailing foreground count is ignored), and a mask
/// with fewer than two counts gives [0, 0, 0, 0]. For a canonical RLE this is the tight
/// pixel box of the foreground ([0, 0, 0, 0] when it is empty).
std::array<double, 4> coco_rle_bbox(const CocoRle& rle);

/// COCO's compressed counts string (rleToString): each count, minus the count two places
/// before it from the fourth count on (index > 2), written as 5-bit groups, least
/// significant first, in characters 48 + (group | 0x20 when more groups follow); a group's
/// bit 0x10 is the sign of what remains.
std::string coco_rle_to_string(const std::vector<uint32_t>& counts);

/// Reads a compressed counts string (rleFrString). Errors: kInvalidFormat (a character
/// outside '0'..'o', a string ending inside a count, a count that is negative or above
/// 2^32 - 1 once decoded). Paths are relative: "counts".
Result<std::vector<uint32_t>> coco_rle_from_string(std::string_view text);

/// Rasterises one polygon (x0, y0, x1, y1, ...) in pixel coordinates as rleFrPoly does:
/// vertices scaled by 5 and rounded ((int)(5 v + 0.5)), every edge walked one step per
/// upsampled unit along its longer axis, the crossings of pixel centres' columns kept as
/// the row where the column's inside run starts or ends, then those boundary positions in
/// column-major order sorted into counts. height and width must be in [1, kMaxImageSide];
/// xy must hold an even number (>= 6) of finite values whose upsampled coordinates fit
/// an int (|v| < 4e8), and height * width must fit the 32-bit counts.
CocoRle coco_rle_from_polygon(const std::vector<double>& xy, int height, int width);

/// The union of masks of one size (rleMerge with intersect = 0); `masks` must not be empty
/// and all must have the same size and canonical or rleFrPoly counts.
CocoRle coco_rle_union(const std::vector<CocoRle>& masks);

}  // namespace localabel
