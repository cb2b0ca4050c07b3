// A small, strict XML reader for Pascal VOC annotation files.
#include "xml_reader.h"

#include <cstdint>

#include "format_common.h"

namespace localabel::formats_detail {

const XmlElement* XmlElement::child(std::string_view n) const {
  for (const XmlElement& c : children)
    if (c.name == n) return &c;
  return nullptr;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

constexpr int kMaxDepth = 64;

class Parser {
 public:
  Parser(std::string_view text, const std::string& file) : s_(text), file_(file) {}

  Result<XmlElement> document() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    if (s_.substr(pos_, 5) == "<?xml") {
      size_t end = s_.find("?>", pos_);
      if (end == std::string_view::npos) return fail("unterminated XML declaration");
      advance_to(end + 2);
    }
    LOCALABEL_FMT_TRY(misc());
    if (pos_ >= s_.size()) return make_error(ErrorCode::kEmptyInput, file_, "no root element");
    if (s_[pos_] != '<') return fail("text before the root element");
    XmlElement root;
    LOCALABEL_FMT_TRY(element(root, 0));
    LOCALABEL_FMT_TRY(misc());
    if (pos_ < s_.size()) return fail("content after the root element");
    return root;
  }

 private:
  Error fail(const std::string& what) const {
    return make_error(ErrorCode::kInvalidFormat, file_line(file_, line_), what);
  }

  void advance_to(size_t p) {
    for (; pos_ < p && pos_ < s_.size(); ++pos_)
      if (s_[pos_] == '\n') ++line_;
  }

  static bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  static bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
  }

  void skip_space() {
    while (pos_ < s_.size() && space(s_[pos_])) advance_to(pos_ + 1);
  }

  // Whitespace, comments; rejects what this reader does not support.
  Status misc() {
    for (;;) {
      skip_space();
      if (s_.substr(pos_, 4) == "<!--") {
        LOCALABEL_FMT_TRY(comment());
        continue;
      }
      if (s_.substr(pos_, 2) == "<!" || s_.substr(pos_, 2) == "<?")
        return make_error(ErrorCode::kUnsupported, file_line(file_, line_),
                          "DTDs, CDATA and processing instructions are not supported");
      return Ok{};
    }
  }

  Status comment() {
    size_t end = s_.find("-->", pos_ + 4);
    if (end == std::string_view::npos) return fail("unterminated comment");
    advance_to(end + 3);
    return Ok{};
  }

  Result<std::string> name() {
    size_t start = pos_;
    while (pos_ < s_.size() && name_char(s_[pos_])) ++pos_;
    if (pos_ == start) return fail("expected a name");
    return std::string(s_.substr(start, pos_ - start));
  }

  Status text_into(std::string& out, size_t end) {
    while (pos_ < end) {
      char c = s_[pos_];
      if (c == '&') {
        size_t semi = s_.find(';', pos_);
        if (semi == std::string_view::npos || semi > end || semi - pos_ > 10)
          return fail("unterminated entity reference");
        std::string_view ent = s_.substr(pos_ + 1, semi - pos_ - 1);
        if (ent == "lt")
          out += '<';
        else if (ent == "gt")
          out += '>';
        else if (ent == "amp")
          out += '&';
        else if (ent == "quot")
          out += '"';
        else if (ent == "apos")
          out += '\'';
        else if (ent.size() > 1 && ent[0] == '#') {
          uint32_t cp = 0;
          bool hex = ent[1] == 'x';
          std::string_view digits = ent.substr(hex ? 2 : 1);
          if (digits.empty()) return fail("empty character reference");
          for (char d : digits) {
            int v = d >= '0' && d <= '9'          ? d - '0'
                    : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                    : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                  : -1;
            if (v < 0) return fail("bad character reference &" + std::string(ent) + ";");
            cp = cp * (hex ? 16 : 10) + uint32_t(v);
            if (cp > 0x10FFFF) return fail("character reference beyond U+10FFFF");
          }
          if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return fail("invalid character reference");
          if (cp < 0x80) {
            out += char(cp);
          } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
          } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
          } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
          }
        } else {
          return fail("unknown entity &" + std::string(ent) + ";");
        }
        advance_to(semi + 1);
        continue;
      }
      if (c == '>') return fail("'>' in text must be written &gt;");
      out += c;
      advance_to(pos_ + 1);
    }
    return Ok{};
  }

  Status element(XmlElement& e, int depth) {
    if (depth >= kMaxDepth) return fail("elements nested deeper than 64");
    e.line = line_;
    ++pos_;  // '<'
    Result<std::string> n = name();
    if (!n.ok()) return n.error();
    e.name = *n;
    // Attributes: checked, not kept.
    for (;;) {
      size_t before = pos_;
      skip_space();
      if (pos_ >= s_.size()) return fail("truncated: start tag <" + e.name + "> is not closed");
      if (s_[pos_] == '/') {
        if (s_.substr(pos_, 2) != "/>") return fail("expected '/>'");
        advance_to(pos_ + 2);
        return Ok{};
      }
      if (s_[pos_] == '>') {
        advance_to(pos_ + 1);
        break;
      }
      if (pos_ == before) return fail("expected a space before an attribute");
      Result<std::string> attr = name();
      if (!attr.ok()) return attr.error();
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '=') return fail("expected '=' after " + *attr);
      advance_to(pos_ + 1);
      skip_space();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
        return fail("attribute value must be quoted");
      size_t close = s_.find(s_[pos_], pos_ + 1);
      if (close == std::string_view::npos) return fail("unterminated attribute value");
      std::string ignored;
      advance_to(pos_ + 1);
      LOCALABEL_FMT_TRY(text_into(ignored, close));
      advance_to(close + 1);
    }
    // Content.
    for (;;) {
      size_t lt = s_.find('<', pos_);
      if (lt == std::string_view::npos) {
        advance_to(s_.size());
        return fail("truncated: <" + e.name + "> opened at line " + std::to_string(e.line) +
                    " is not closed");
      }
      LOCALABEL_FMT_TRY(text_into(e.text, lt));
      if (s_.substr(pos_, 4) == "<!--") {
        LOCALABEL_FMT_TRY(comment());
        continue;
      }
      if (s_.substr(pos_, 2) == "<!" || s_.substr(pos_, 2) == "<?")
        return make_error(ErrorCode::kUnsupported, file_line(file_, line_),
                          "CDATA and processing instructions are not supported");
      if (s_.substr(pos_, 2) == "</") {
        advance_to(pos_ + 2);
        Result<std::string> end = name();
        if (!end.ok()) return end.error();
        if (*end != e.name)
          return fail("</" + *end + "> closes <" + e.name + "> opened at line " +
                      std::to_string(e.line));
        skip_space();
        if (pos_ >= s_.size() || s_[pos_] != '>') return fail("expected '>' after </" + *end);
        advance_to(pos_ + 1);
        return Ok{};
      }
      XmlElement c;
      LOCALABEL_FMT_TRY(element(c, depth + 1));
      e.children.push_back(std::move(c));
    }
  }

  std::string_view s_;
  const std::string& file_;
  size_t pos_ = 0;
  int64_t line_ = 1;
};

}  // namespace

Result<XmlElement> parse_xml(std::string_view text, const std::string& file) {
  Parser p(text, file);
  return p.document();
}

}  // namespace localabel::formats_detail
