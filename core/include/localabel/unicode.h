// Text offsets: Unicode code points (the model's unit) versus UTF-16 code units (what
// JavaScript's String.length counts) versus UTF-8 bytes (how std::string stores text).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace localabel {

/// Number of Unicode code points in UTF-8 text. Invalid UTF-8 bytes count as one code point
/// each (the JSON parser has already rejected invalid UTF-8 in strings).
int64_t utf8_code_point_count(std::string_view text);

/// Number of UTF-16 code units of UTF-8 text: code points above U+FFFF count two (a surrogate
/// pair), all others one.
int64_t utf8_utf16_length(std::string_view text);

/// Byte offset in UTF-8 text of code point `index` (0 <= index <= code point count). Returns
/// std::string_view::npos when index is negative or beyond the end.
size_t utf8_byte_offset(std::string_view text, int64_t index);

/// Byte offset in UTF-8 text of every code point, then text.size(): utf8_code_point_count + 1
/// entries, counted as utf8_code_point_count counts (so entry k is utf8_byte_offset(text, k)).
std::vector<size_t> utf8_code_point_offsets(std::string_view text);

/// The substring covering code points [start, end); empty when the range is invalid
/// (negative, start > end, or beyond the text).
std::string utf8_substring(std::string_view text, int64_t start, int64_t end);

/// Converts a UTF-16 code unit offset into a code point offset. Returns -1 when the offset is
/// negative, beyond the text, or falls between the two halves of a surrogate pair.
int64_t utf16_to_code_point_offset(std::string_view text, int64_t utf16_offset);

/// Converts a code point offset into a UTF-16 code unit offset. Returns -1 when the offset is
/// negative or beyond the text.
int64_t code_point_to_utf16_offset(std::string_view text, int64_t code_point_offset);

/// Offset tables of one text, built in one pass, for many conversions over the same text
/// (spans of a long text): each query is O(1) or O(log n) instead of a scan of the text.
/// Counts code points and UTF-16 units exactly as the free functions above, whose results
/// every member matches. Memory: 16 bytes per code point. Keeps a view of `text`, which must
/// outlive it.
class Utf8Offsets {
 public:
  explicit Utf8Offsets(std::string_view text);
  /// utf8_code_point_count(text).
  int64_t code_points() const { return static_cast<int64_t>(bytes_.size()) - 1; }
  /// utf8_substring(text, start, end), as a view into the text.
  std::string_view substring(int64_t start, int64_t end) const;
  /// utf16_to_code_point_offset(text, utf16_offset).
  int64_t utf16_to_code_point(int64_t utf16_offset) const;
  /// code_point_to_utf16_offset(text, code_point_offset).
  int64_t code_point_to_utf16(int64_t code_point_offset) const;

 private:
  std::string_view text_;
  std::vector<size_t> bytes_;   // byte offset of each code point, then text.size()
  std::vector<int64_t> units_;  // UTF-16 offset of each code point, then the total
};

/// Byte offset of the first byte that does not start a valid UTF-8 sequence (stray
/// continuation bytes, overlong forms, surrogates, code points above U+10FFFF, a sequence cut
/// short); std::string_view::npos when the whole text is valid UTF-8.
size_t utf8_invalid_offset(std::string_view text);

}  // namespace localabel
