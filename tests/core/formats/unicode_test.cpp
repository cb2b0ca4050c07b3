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

TEST(Unicode, ListsTheByteOffsetOfEveryCodePoint) {
  EXPECT_EQ(utf8_code_point_offsets(kEmoji), (std::vector<size_t>{0, 1, 5, 6}));
  EXPECT_EQ(utf8_code_point_offsets(""), (std::vector<size_t>{0}));
  // A stray continuation byte counts as one code point, as utf8_code_point_count counts it.
  const std::string stray = "a\x80\xC3\xBC";
  EXPECT_EQ(utf8_code_point_offsets(stray), (std::vector<size_t>{0, 1, 2, 4}));
  EXPECT_EQ(static_cast<int64_t>(utf8_code_point_offsets(stray).size()),
            utf8_code_point_count(stray) + 1);
  for (int64_t k = 0; k <= utf8_code_point_count(kEmoji); ++k)
    EXPECT_EQ(utf8_code_point_offsets(kEmoji)[k], utf8_byte_offset(kEmoji, k));
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

// Malformed sequences from the Unicode Standard 15, section 3.9 (Table 3-7, well-formed
// byte sequences) and the classic Markus Kuhn UTF-8 decoder test cases.
TEST(Unicode, FindsTheFirstInvalidUtf8Byte) {
  EXPECT_EQ(utf8_invalid_offset(""), std::string_view::npos);
  EXPECT_EQ(utf8_invalid_offset(kEmoji), std::string_view::npos);
  EXPECT_EQ(utf8_invalid_offset("\xD0\x9F\xD1\x80\xCE\xB1 \xE4\xB8\xAD"), std::string_view::npos);
  EXPECT_EQ(utf8_invalid_offset("\xF4\x8F\xBF\xBF"), std::string_view::npos);  // U+10FFFF
  EXPECT_EQ(utf8_invalid_offset("ab\x80"), 2u);            // stray continuation byte
  EXPECT_EQ(utf8_invalid_offset("a\xC0\xAF"), 1u);         // overlong '/'
  EXPECT_EQ(utf8_invalid_offset("\xE0\x80\xAF"), 0u);      // overlong, 3 bytes
  EXPECT_EQ(utf8_invalid_offset("\xF0\x80\x80\xAF"), 0u);  // overlong, 4 bytes
  EXPECT_EQ(utf8_invalid_offset("x\xED\xA0\x80"), 1u);     // UTF-16 surrogate U+D800
  EXPECT_EQ(utf8_invalid_offset("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(utf8_invalid_offset("ok\xF0\x9F\x98"), 2u);    // cut short at the end
  EXPECT_EQ(utf8_invalid_offset("\xE2\x82x"), 0u);         // continuation missing
  EXPECT_EQ(utf8_invalid_offset("\xFF"), 0u);
}

}  // namespace
}  // namespace localabel
