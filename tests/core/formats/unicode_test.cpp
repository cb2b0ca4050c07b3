#include "localabel/unicode.h"

#include <gtest/gtest.h>

namespace localabel {
namespace {

// "a😀b": 😀 is U+1F600, 4 bytes in UTF-8 and a surrogate pair (2 units) in UTF-16.
const std::string kEmoji =
    "a\xF0\x9F\x98\x80"
    "b";

TEST(Unicode, CountsCodePointsAndUtf16Units) {
  EXPECT_EQ(utf8_code_point_count(kEmoji), 3);
  EXPECT_EQ(utf8_utf16_length(kEmoji), 4);
  EXPECT_EQ(utf8_code_point_count("M\xC3\xBCnchen"), 7);  // ü is 2 bytes, 1 code point
  EXPECT_EQ(utf8_utf16_length("M\xC3\xBCnchen"), 7);
  EXPECT_EQ(utf8_code_point_count(""), 0);
}

TEST(Unicode, SubstringsByCodePoint) {
  EXPECT_EQ(utf8_substring(kEmoji, 1, 2), "\xF0\x9F\x98\x80");
  EXPECT_EQ(utf8_substring(kEmoji, 2, 3), "b");
  EXPECT_EQ(utf8_substring(kEmoji, 0, 3), kEmoji);
  EXPECT_EQ(utf8_substring(kEmoji, 2, 4), "");  // beyond the end
  EXPECT_EQ(utf8_substring(kEmoji, 2, 1), "");  // reversed
  EXPECT_EQ(utf8_byte_offset(kEmoji, 2), 5u);
  EXPECT_EQ(utf8_byte_offset(kEmoji, 3), 6u);
  EXPECT_EQ(utf8_byte_offset(kEmoji, 4), std::string_view::npos);
  EXPECT_EQ(utf8_byte_offset(kEmoji, -1), std::string_view::npos);
}

TEST(Unicode, ConvertsUtf16OffsetsBothWays) {
  EXPECT_EQ(utf16_to_code_point_offset(kEmoji, 0), 0);
  EXPECT_EQ(utf16_to_code_point_offset(kEmoji, 1), 1);
  EXPECT_EQ(utf16_to_code_point_offset(kEmoji, 2), -1);  // between the surrogates
  EXPECT_EQ(utf16_to_code_point_offset(kEmoji, 3), 2);
  EXPECT_EQ(utf16_to_code_point_offset(kEmoji, 4), 3);
  EXPECT_EQ(utf16_to_code_point_offset(kEmoji, 5), -1);
  EXPECT_EQ(code_point_to_utf16_offset(kEmoji, 2), 3);
  EXPECT_EQ(code_point_to_utf16_offset(kEmoji, 3), 4);
  EXPECT_EQ(code_point_to_utf16_offset(kEmoji, 4), -1);
  EXPECT_EQ(code_point_to_utf16_offset(kEmoji, -2), -1);
}

}  // namespace
}  // namespace localabel
