// Label Studio's brush mask encoding ("format": "rle").
//
// Label Studio stores a brush mask as the RGBA bytes of the whole image (width * height * 4
// values, row-major, 4 channels per pixel) packed with the binary run-length format of the
// @thi.ng/rle-pack package, written as a JSON array of byte values. The bit stream is
// most-significant-bit first:
//   32 bits  number of values
//    5 bits  word size - 1 (bits per value; Label Studio uses 8)
//   4 x 4 bits  run-size field widths - 1 (Label Studio uses 3, 4, 8, 16)
// then tokens until all values are read:
//    1 bit   1 = repeat (one value repeated), 0 = literal (a list of values)
//    2 bits  which run-size field width follows
//    n bits  run length - 1
//   then one value (repeat) or run-length values (literal), each word-size bits.
// The editor's encoder (rle-pack) writes the stroke colour and alpha in all four channels;
// Label Studio's Python converter (brush.py) writes the mask value (0 or 255) into all four
// channels and pads the stream with 1 to 8 zero bits. Both are read here: a pixel belongs to
// the mask when its alpha byte is non-zero (what the Python converter reads back).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// Largest image (width * height pixels) whose pixels a decode materialises:
/// decode_brush_rle_rgba (256 MiB of RGBA) and decode_brush_rle_pixels (64 MiB) both refuse
/// more than 2^26 pixels. decode_brush_rle works on runs and has no such limit: its memory is
/// at most 4 bytes per run, and a run costs at least 9 bits of stream (about 4 x the input).
constexpr int64_t kMaxRgbaPixels = int64_t{1} << 26;

/// Largest image side accepted for masks, in pixels.
constexpr int kMaxImageSide = 1 << 20;

/// Decodes an rle stream into the mask of pixels whose alpha byte is non-zero.
/// Errors: kOutOfRange (width or height not in [1, kMaxImageSide], or width * height * 4 not
/// representable in the 32-bit count), kLengthMismatch (the stream's count is not
/// width * height * 4), kInvalidFormat (stream shorter than its header or its tokens, word
/// size above 8 bits, a run passing the declared count, or more than one byte of padding
/// after the last token). Error paths are relative: "rle".
Result<BrushMask> decode_brush_rle(std::span<const uint8_t> rle, int width, int height);

/// Decodes an rle stream into its width * height * 4 RGBA bytes. Same errors as
/// decode_brush_rle, plus kOutOfRange when width * height exceeds kMaxRgbaPixels.
Result<std::vector<uint8_t>> decode_brush_rle_rgba(std::span<const uint8_t> rle, int width,
                                                   int height);

/// Decodes an rle stream into one byte per pixel (1 = in the mask, 0 = not), row-major: what
/// brush_mask_to_pixels gives for decode_brush_rle's mask. Same errors as decode_brush_rle,
/// plus kOutOfRange when width * height exceeds kMaxRgbaPixels (checked before decoding, so a
/// small stream can never ask for a large buffer).
Result<std::vector<uint8_t>> decode_brush_rle_pixels(std::span<const uint8_t> rle, int width,
                                                     int height);

/// Encodes a mask as Label Studio rle bytes: mask pixels become (255, 255, 255, 255), others
/// (0, 0, 0, 0); word size 8, run-size fields 3, 4, 8, 16 (the values Label Studio uses).
/// The mask must satisfy validate_brush_mask (its runs are trusted otherwise).
std::vector<uint8_t> encode_brush_rle(const BrushMask& mask);

/// Checks a mask's invariants: width and height in [1, kMaxImageSide], width * height * 4 fits
/// the 32-bit count, and the runs add up to width * height. Errors: kOutOfRange,
/// kLengthMismatch.
Status validate_brush_mask(const BrushMask& mask);

/// Builds a mask from one byte per pixel (row-major; non-zero = in the mask).
/// Errors: kOutOfRange (sides), kLengthMismatch (pixels.size() != width * height).
Result<BrushMask> brush_mask_from_pixels(int width, int height, std::span<const uint8_t> pixels);

/// One byte per pixel (1 = in the mask, 0 = not), row-major. The mask must be valid.
std::vector<uint8_t> brush_mask_to_pixels(const BrushMask& mask);

/// Number of pixels in the mask (sum of the foreground runs).
int64_t brush_mask_area(const BrushMask& mask);

}  // namespace localabel
