#include "localabel/unicode.h"

#include <algorithm>

namespace localabel {

namespace {

// Length in bytes of the UTF-8 sequence starting with lead byte b (1 for invalid bytes, so
// that a scan always advances).
size_t sequence_length(unsigned char b) {
  if (b < 0x80) return 1;
  if ((b & 0xE0) == 0xC0) return 2;
  if ((b & 0xF0) == 0xE0) return 3;
  if ((b & 0xF8) == 0xF0) return 4;
  return 1;
}

// Calls fn(byte_offset, utf16_units) for each code point; stops when fn returns false.
template <class Fn>
void for_each_code_point(std::string_view text, Fn fn) {
  size_t i = 0;
  while (i < text.size()) {
    size_t n = sequence_length(static_cast<unsigned char>(text[i]));
    if (i + n > text.size()) n = text.size() - i;
    if (!fn(i, n == 4 ? 2 : 1)) return;
    i += n;
  }
}

}  // namespace

int64_t utf8_code_point_count(std::string_view text) {
  int64_t count = 0;
  for_each_code_point(text, [&](size_t, int) {
    ++count;
    return true;
  });
  return count;
}

int64_t utf8_utf16_length(std::string_view text) {
  int64_t units = 0;
  for_each_code_point(text, [&](size_t, int u) {
    units += u;
    return true;
  });
  return units;
}

size_t utf8_byte_offset(std::string_view text, int64_t index) {
  if (index < 0) return std::string_view::npos;
  int64_t seen = 0;
  size_t found = std::string_view::npos;
  for_each_code_point(text, [&](size_t offset, int) {
    if (seen == index) {
      found = offset;
      return false;
    }
    ++seen;
    return true;
  });
  if (found != std::string_view::npos) return found;
  return seen == index ? text.size() : std::string_view::npos;
}

std::vector<size_t> utf8_code_point_offsets(std::string_view text) {
  std::vector<size_t> offsets;
  offsets.reserve(text.size() + 1);
  for_each_code_point(text, [&](size_t offset, int) {
    offsets.push_back(offset);
    return true;
  });
  offsets.push_back(text.size());
  return offsets;
}

Utf8Offsets::Utf8Offsets(std::string_view text) : text_(text) {
  int64_t units = 0;
  for_each_code_point(text, [&](size_t offset, int u) {
    bytes_.push_back(offset);
    units_.push_back(units);
    units += u;
    return true;
  });
  bytes_.push_back(text.size());
  units_.push_back(units);
}

std::string_view Utf8Offsets::substring(int64_t start, int64_t end) const {
  if (start < 0 || end < start || end > code_points()) return {};
  const size_t a = bytes_[static_cast<size_t>(start)], b = bytes_[static_cast<size_t>(end)];
  return text_.substr(a, b - a);
}

int64_t Utf8Offsets::utf16_to_code_point(int64_t utf16_offset) const {
  if (utf16_offset < 0) return -1;
  auto it = std::lower_bound(units_.begin(), units_.end(), utf16_offset);
  if (it == units_.end() || *it != utf16_offset) return -1;  // beyond, or inside a pair
  return it - units_.begin();
}

int64_t Utf8Offsets::code_point_to_utf16(int64_t code_point_offset) const {
  if (code_point_offset < 0 || code_point_offset > code_points()) return -1;
  return units_[static_cast<size_t>(code_point_offset)];
}

std::string utf8_substring(std::string_view text, int64_t start, int64_t end) {
  if (start < 0 || end < start) return {};
  size_t a = utf8_byte_offset(text, start);
  size_t b = utf8_byte_offset(text, end);
  if (a == std::string_view::npos || b == std::string_view::npos) return {};
  return std::string(text.substr(a, b - a));
}

int64_t utf16_to_code_point_offset(std::string_view text, int64_t utf16_offset) {
  if (utf16_offset < 0) return -1;
  int64_t units = 0;
  int64_t points = 0;
  int64_t result = -1;
  bool done = false;
  for_each_code_point(text, [&](size_t, int u) {
    if (units == utf16_offset) {
      result = points;
      done = true;
      return false;
    }
    if (units > utf16_offset) {  // inside a surrogate pair
      done = true;
      return false;
    }
    units += u;
    ++points;
    return true;
  });
  if (done) return result;
  return units == utf16_offset ? points : -1;
}

int64_t code_point_to_utf16_offset(std::string_view text, int64_t code_point_offset) {
  if (code_point_offset < 0) return -1;
  int64_t units = 0;
  int64_t points = 0;
  for_each_code_point(text, [&](size_t, int u) {
    if (points == code_point_offset) return false;
    units += u;
    ++points;
    return true;
  });
  return points == code_point_offset ? units : -1;
}

}  // namespace localabel

namespace localabel {

size_t utf8_invalid_offset(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      cp = b & 0x07;
    } else {
      return i;  // continuation byte, overlong lead (C0, C1) or F5..FF
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace localabel
