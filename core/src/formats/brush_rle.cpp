#include "localabel/brush_rle.h"

#include <algorithm>
#include <string>

namespace localabel {

namespace {

constexpr int kLabelStudioRunSizes[4] = {3, 4, 8, 16};

// Most-significant-bit-first reader over the rle bytes; reads past the end fail.
class BitReader {
 public:
  explicit BitReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  bool read(int bits, uint32_t* out) {
    if (position_ + static_cast<uint64_t>(bits) > bytes_.size() * uint64_t{8}) return false;
    uint32_t v = 0;
    for (int k = 0; k < bits; ++k) {
      uint64_t p = position_ + static_cast<uint64_t>(k);
      uint32_t bit = (bytes_[p >> 3] >> (7 - (p & 7))) & 1u;
      v = (v << 1) | bit;
    }
    position_ += static_cast<uint64_t>(bits);
    *out = v;
    return true;
  }
  uint64_t position() const { return position_; }
  uint64_t size_bits() const { return bytes_.size() * uint64_t{8}; }

 private:
  std::span<const uint8_t> bytes_;
  uint64_t position_ = 0;
};

class BitWriter {
 public:
  void write(uint32_t value, int bits) {
    for (int k = bits - 1; k >= 0; --k) {
      if (fill_ == 0) bytes_.push_back(0);
      uint8_t bit = static_cast<uint8_t>((value >> k) & 1u);
      bytes_.back() = static_cast<uint8_t>(bytes_.back() | (bit << (7 - fill_)));
      fill_ = (fill_ + 1) & 7;
    }
  }
  std::vector<uint8_t> take() { return std::move(bytes_); }

 private:
  std::vector<uint8_t> bytes_;
  int fill_ = 0;  // bits used in the last byte (0 = start a new byte)
};

Status check_sides(int width, int height) {
  if (width < 1 || width > kMaxImageSide || height < 1 || height > kMaxImageSide)
    return make_error(ErrorCode::kOutOfRange, "",
                      "mask size " + std::to_string(width) + "x" + std::to_string(height) +
                          " is outside 1.." + std::to_string(kMaxImageSide) + " pixels a side");
  if (static_cast<uint64_t>(width) * static_cast<uint64_t>(height) * 4 > 0xFFFFFFFFull)
    return make_error(ErrorCode::kOutOfRange, "",
                      "mask size " + std::to_string(width) + "x" + std::to_string(height) +
                          " has more RGBA values than the 32-bit rle count can hold");
  return Ok{};
}

// Walks the tokens of an rle stream. on_repeat(begin, end, value) covers values [begin, end);
// on_literal(index, value) is one value.
template <class Repeat, class Literal>
Status walk_rle(std::span<const uint8_t> rle, uint64_t expected_count, Repeat on_repeat,
                Literal on_literal) {
  BitReader in(rle);
  uint32_t count = 0, word_minus_one = 0;
  uint32_t sizes[4];
  bool header = in.read(32, &count) && in.read(5, &word_minus_one);
  for (uint32_t& s : sizes) {
    header = header && in.read(4, &s);
    s += 1;
  }
  if (!header)
    return make_error(ErrorCode::kInvalidFormat, "rle",
                      "expected a 52-bit header (count, word size, four run sizes), got " +
                          std::to_string(rle.size()) + " bytes");
  int word = static_cast<int>(word_minus_one) + 1;
  if (word > 8)
    return make_error(
        ErrorCode::kInvalidFormat, "rle",
        "word size is " + std::to_string(word) + " bits; RGBA bytes need at most 8 bits a value");
  if (count != expected_count)
    return make_error(ErrorCode::kLengthMismatch, "rle",
                      "the stream holds " + std::to_string(count) +
                          " values; width * height * 4 = " + std::to_string(expected_count));
  uint64_t i = 0;
  while (i < count) {
    uint32_t repeat = 0, which = 0, length_minus_one = 0;
    if (!in.read(1, &repeat) || !in.read(2, &which) ||
        !in.read(static_cast<int>(sizes[which]), &length_minus_one))
      return make_error(ErrorCode::kInvalidFormat, "rle",
                        "the stream ends inside a token header at value " + std::to_string(i) +
                            " of " + std::to_string(count));
    uint64_t end = i + 1 + length_minus_one;
    if (end > count)
      return make_error(ErrorCode::kInvalidFormat, "rle",
                        "a run of " + std::to_string(length_minus_one + 1) + " values at value " +
                            std::to_string(i) + " passes the count " + std::to_string(count));
    if (repeat) {
      uint32_t v = 0;
      if (!in.read(word, &v))
        return make_error(ErrorCode::kInvalidFormat, "rle",
                          "the stream ends inside a repeat token at value " + std::to_string(i));
      on_repeat(i, end, static_cast<uint8_t>(v));
      i = end;
    } else {
      for (; i < end; ++i) {
        uint32_t v = 0;
        if (!in.read(word, &v))
          return make_error(ErrorCode::kInvalidFormat, "rle",
                            "the stream ends inside a literal token at value " + std::to_string(i));
        on_literal(i, static_cast<uint8_t>(v));
      }
    }
  }
  uint64_t used_bytes = (in.position() + 7) / 8;
  if (rle.size() > used_bytes + 1)
    return make_error(ErrorCode::kInvalidFormat, "rle",
                      std::to_string(rle.size() - used_bytes) +
                          " bytes follow the last token; at most 1 byte of padding is allowed");
  return Ok{};
}

// Accumulates pixels in order into alternating background/foreground runs.
class RunBuilder {
 public:
  void push(bool foreground, uint64_t n) {
    if (n == 0) return;
    if (foreground == foreground_) {
      runs_.back() += static_cast<uint32_t>(n);
    } else {
      runs_.push_back(static_cast<uint32_t>(n));
      foreground_ = foreground;
    }
  }
  std::vector<uint32_t> take() { return std::move(runs_); }

 private:
  std::vector<uint32_t> runs_{0};
  bool foreground_ = false;
};

}  // namespace

Status validate_brush_mask(const BrushMask& mask) {
  if (Status s = check_sides(mask.width, mask.height); !s.ok()) return s;
  uint64_t total = 0;
  for (uint32_t r : mask.runs) total += r;
  uint64_t pixels = static_cast<uint64_t>(mask.width) * static_cast<uint64_t>(mask.height);
  if (total != pixels)
    return make_error(ErrorCode::kLengthMismatch, "",
                      "mask runs cover " + std::to_string(total) +
                          " pixels; width * height = " + std::to_string(pixels));
  return Ok{};
}

Result<BrushMask> decode_brush_rle(std::span<const uint8_t> rle, int width, int height) {
  if (Status s = check_sides(width, height); !s.ok()) return s.error();
  uint64_t count = static_cast<uint64_t>(width) * static_cast<uint64_t>(height) * 4;
  RunBuilder runs;
  // Pixel p's alpha is value 4p + 3: values [b, e) hold the alphas of pixels [b/4, e/4).
  Status s = walk_rle(
      rle, count, [&](uint64_t b, uint64_t e, uint8_t v) { runs.push(v != 0, e / 4 - b / 4); },
      [&](uint64_t i, uint8_t v) {
        if ((i & 3) == 3) runs.push(v != 0, 1);
      });
  if (!s.ok()) return s.error();
  return BrushMask{width, height, runs.take()};
}

namespace {

// The limit of every decode that materialises pixels (RGBA or one byte per pixel).
Status check_materialised(int width, int height) {
  if (Status s = check_sides(width, height); !s.ok()) return s.error();
  if (static_cast<int64_t>(width) * height > kMaxRgbaPixels)
    return make_error(ErrorCode::kOutOfRange, "",
                      "mask of " + std::to_string(static_cast<int64_t>(width) * height) +
                          " pixels is above the " + std::to_string(kMaxRgbaPixels) +
                          " pixels a decode to pixels may hold");
  return Ok{};
}

}  // namespace

Result<std::vector<uint8_t>> decode_brush_rle_pixels(std::span<const uint8_t> rle, int width,
                                                     int height) {
  if (Status s = check_materialised(width, height); !s.ok()) return s.error();
  Result<BrushMask> mask = decode_brush_rle(rle, width, height);
  if (!mask.ok()) return mask.error();
  return brush_mask_to_pixels(*mask);
}

Result<std::vector<uint8_t>> decode_brush_rle_rgba(std::span<const uint8_t> rle, int width,
                                                   int height) {
  if (Status s = check_materialised(width, height); !s.ok()) return s.error();
  uint64_t count = static_cast<uint64_t>(width) * static_cast<uint64_t>(height) * 4;
  // Check the whole stream before allocating, so a bad header cannot make us reserve memory.
  Status check = walk_rle(
      rle, count, [](uint64_t, uint64_t, uint8_t) {}, [](uint64_t, uint8_t) {});
  if (!check.ok()) return check.error();
  std::vector<uint8_t> out(count);
  Status s = walk_rle(
      rle, count,
      [&](uint64_t b, uint64_t e, uint8_t v) {
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(b),
                  out.begin() + static_cast<std::ptrdiff_t>(e), v);
      },
      [&](uint64_t i, uint8_t v) { out[i] = v; });
  if (!s.ok()) return s.error();
  return out;
}

std::vector<uint8_t> encode_brush_rle(const BrushMask& mask) {
  BitWriter out;
  uint64_t count = static_cast<uint64_t>(mask.width) * static_cast<uint64_t>(mask.height) * 4;
  out.write(static_cast<uint32_t>(count), 32);
  out.write(8 - 1, 5);
  for (int s : kLabelStudioRunSizes) out.write(static_cast<uint32_t>(s - 1), 4);
  bool foreground = false;
  for (uint32_t run : mask.runs) {
    uint64_t values = uint64_t{run} * 4;
    while (values > 0) {
      uint64_t chunk = std::min<uint64_t>(values, uint64_t{1} << 16);
      uint32_t m = static_cast<uint32_t>(chunk - 1);
      uint32_t which = m < 8 ? 0 : m < 16 ? 1 : m < 256 ? 2 : 3;
      out.write(1, 1);
      out.write(which, 2);
      out.write(m, kLabelStudioRunSizes[which]);
      out.write(foreground ? 255 : 0, 8);
      values -= chunk;
    }
    foreground = !foreground;
  }
  return out.take();
}

Result<BrushMask> brush_mask_from_pixels(int width, int height, std::span<const uint8_t> pixels) {
  if (Status s = check_sides(width, height); !s.ok()) return s.error();
  uint64_t n = static_cast<uint64_t>(width) * static_cast<uint64_t>(height);
  if (pixels.size() != n)
    return make_error(ErrorCode::kLengthMismatch, "",
                      "expected width * height = " + std::to_string(n) + " pixels, got " +
                          std::to_string(pixels.size()));
  RunBuilder runs;
  for (uint8_t p : pixels) runs.push(p != 0, 1);
  return BrushMask{width, height, runs.take()};
}

std::vector<uint8_t> brush_mask_to_pixels(const BrushMask& mask) {
  std::vector<uint8_t> out;
  out.reserve(static_cast<size_t>(mask.width) * static_cast<size_t>(mask.height));
  bool foreground = false;
  for (uint32_t run : mask.runs) {
    out.insert(out.end(), run, foreground ? 1 : 0);
    foreground = !foreground;
  }
  return out;
}

int64_t brush_mask_area(const BrushMask& mask) {
  int64_t area = 0;
  for (size_t i = 1; i < mask.runs.size(); i += 2) area += mask.runs[i];
  return area;
}

}  // namespace localabel
