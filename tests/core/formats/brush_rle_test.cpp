#include "localabel/brush_rle.h"

#include <gtest/gtest.h>

#include <random>

namespace localabel {
namespace {

std::vector<uint8_t> rgba_of(const std::vector<uint8_t>& pixels) {
  std::vector<uint8_t> out;
  for (uint8_t p : pixels)
    for (int c = 0; c < 4; ++c) out.push_back(p ? 255 : 0);
  return out;
}

TEST(BrushRle, DecodesBytesWrittenByRlePack) {
  // @thi.ng/rle-pack 3.2.12: encode([255,0,0,255, 0,0,0,0, 0,0,0,0], 12) with its defaults
  // (word size 8, run sizes 3, 4, 8, 16), the call Label Studio's editor makes.
  const std::vector<uint8_t> rle = {0, 0, 0, 12, 57, 27, 248, 31, 240, 128, 1, 255, 56, 0};
  Result<std::vector<uint8_t>> rgba = decode_brush_rle_rgba(rle, 3, 1);
  ASSERT_TRUE(rgba.ok()) << rgba.error().message;
  EXPECT_EQ(rgba.value(), (std::vector<uint8_t>{255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0}));
  Result<BrushMask> mask = decode_brush_rle(rle, 3, 1);
  ASSERT_TRUE(mask.ok());
  EXPECT_EQ(mask->runs, (std::vector<uint32_t>{0, 1, 2}));
  // A 64x1 strip with pixels 20..29 set, all channels 255 (rle-pack output again).
  const std::vector<uint8_t> strip = {0, 0, 1, 0, 57, 27, 254, 79, 0, 196, 255, 250, 28, 0};
  Result<BrushMask> s = decode_brush_rle(strip, 64, 1);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->runs, (std::vector<uint32_t>{20, 10, 34}));
  EXPECT_EQ(brush_mask_area(s.value()), 10);
}

TEST(BrushRle, DecodesTheConverterStyleWithPadding) {
  // Label Studio's brush.py writes a 1x1 mask pixel as a repeat of 4 x 255 and pads with 1 to
  // 8 zero bits: 52 + 14 = 66 bits -> 9 bytes (with 6 bits of padding).
  BrushMask one{1, 1, {0, 1}};
  std::vector<uint8_t> ours = encode_brush_rle(one);
  EXPECT_EQ(ours.size(), 9u);
  std::vector<uint8_t> padded = ours;
  padded.push_back(0);  // a whole byte of padding, as brush.py writes when the bits end a byte
  for (const auto& bytes : {ours, padded}) {
    Result<BrushMask> m = decode_brush_rle(bytes, 1, 1);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->runs, one.runs);
  }
}

TEST(BrushRle, RoundTripsRandomMasksIncludingEmptyAndFull) {
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 300; ++trial) {
    int w = 1 + static_cast<int>(rng() % 97), h = 1 + static_cast<int>(rng() % 61);
    std::vector<uint8_t> pixels(static_cast<size_t>(w) * h);
    int mode = trial % 5;
    for (size_t i = 0; i < pixels.size(); ++i) {
      if (mode == 0)
        pixels[i] = 0;
      else if (mode == 1)
        pixels[i] = 1;
      else if (mode == 2)
        pixels[i] = rng() % 2;
      else
        pixels[i] = (i / (1 + rng() % 40)) % 2;  // longer runs
    }
    Result<BrushMask> mask = brush_mask_from_pixels(w, h, pixels);
    ASSERT_TRUE(mask.ok());
    ASSERT_TRUE(validate_brush_mask(mask.value()).ok());
    std::vector<uint8_t> rle = encode_brush_rle(mask.value());
    Result<BrushMask> back = decode_brush_rle(rle, w, h);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->runs, mask->runs);
    EXPECT_EQ(brush_mask_to_pixels(back.value()), pixels);
    Result<std::vector<uint8_t>> rgba = decode_brush_rle_rgba(rle, w, h);
    ASSERT_TRUE(rgba.ok());
    EXPECT_EQ(rgba.value(), rgba_of(pixels));
  }
}

TEST(BrushRle, SplitsRunsLongerThan65536Values) {
  BrushMask big{400, 300, {0, 400 * 300}};  // 480,000 values in one run
  std::vector<uint8_t> rle = encode_brush_rle(big);
  Result<BrushMask> back = decode_brush_rle(rle, 400, 300);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->runs, big.runs);
}

TEST(BrushRle, RejectsBadStreams) {
  std::vector<uint8_t> good = encode_brush_rle(BrushMask{2, 2, {1, 2, 1}});
  auto code_of = [](std::span<const uint8_t> rle, int w, int h) {
    Result<BrushMask> m = decode_brush_rle(rle, w, h);
    return m.ok() ? std::string("ok") : std::string(error_code_name(m.error().code));
  };
  EXPECT_EQ(code_of(good, 2, 2), "ok");
  EXPECT_EQ(code_of(std::span(good).first(good.size() - 2), 2, 2), "InvalidFormat");
  EXPECT_EQ(code_of(std::span(good).first(5), 2, 2), "InvalidFormat");
  EXPECT_EQ(code_of({}, 2, 2), "InvalidFormat");
  EXPECT_EQ(code_of(good, 4, 1), "ok");  // same count, other shape
  EXPECT_EQ(code_of(good, 3, 2), "LengthMismatch");
  EXPECT_EQ(code_of(good, 0, 2), "OutOfRange");
  EXPECT_EQ(code_of(good, 1 << 21, 1), "OutOfRange");
  EXPECT_EQ(code_of(good, 1 << 20, 1 << 20), "OutOfRange");  // count beyond 32 bits
  std::vector<uint8_t> trailing = good;
  trailing.insert(trailing.end(), {0, 0});
  EXPECT_EQ(code_of(trailing, 2, 2), "InvalidFormat");
  std::vector<uint8_t> wide = good;
  wide[4] |= 0x78;  // word size field (bits 32..36) -> 16 bits or more
  EXPECT_EQ(code_of(wide, 2, 2), "InvalidFormat");
  Result<std::vector<uint8_t>> huge = decode_brush_rle_rgba(good, 1 << 14, 1 << 13);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, ErrorCode::kOutOfRange);
}

TEST(BrushRle, ChecksMaskInvariants) {
  EXPECT_TRUE(validate_brush_mask(BrushMask{2, 2, {4}}).ok());
  EXPECT_EQ(validate_brush_mask(BrushMask{2, 2, {3}}).error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(validate_brush_mask(BrushMask{-1, 2, {}}).error().code, ErrorCode::kOutOfRange);
  std::vector<uint8_t> three(3, 1);
  EXPECT_EQ(brush_mask_from_pixels(2, 2, three).error().code, ErrorCode::kLengthMismatch);
}

}  // namespace
}  // namespace localabel
