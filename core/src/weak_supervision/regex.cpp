// Regular expressions without backtracking: a recursive-descent parser builds a syntax tree,
// Thompson's construction turns it into a program, and a Pike VM (Pike 1987; Cox, "Regular
// Expression Matching: the Virtual Machine Approach", 2009) runs every thread of the program in
// lock step over the text's code points, so a search costs O(|text| · |program|) whatever the
// pattern.
#include "localabel/regex.h"

#include <algorithm>
#include <memory>

namespace localabel {

namespace {

using Range = Regex::Range;
using Inst = Regex::Inst;
constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr int kMaxRepeat = 1000;
constexpr size_t kMaxProgram = 50000;
constexpr int kMaxDepth = 200;
// Calls of emit_node a compile may make; each emits at most two instructions, so this also
// bounds the program's size before kMaxProgram is checked.
constexpr uint64_t kMaxEmitCalls = 4 * kMaxProgram;

// Decodes UTF-8 into code points; an invalid byte becomes U+FFFD. Sets *bad_at to the code
// point index of the first invalid byte (or leaves it).
std::vector<char32_t> decode(std::string_view s, int64_t* bad_at = nullptr) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = len > 0 && i + static_cast<size_t>(len) <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      const unsigned char t = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      ok = (t >> 6) == 2;
      c = (c << 6) | (t & 0x3F);
    }
    // Overlong forms, surrogates and values above U+10FFFF are invalid too.
    if (ok && ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
               (c >= 0xD800 && c <= 0xDFFF) || c > kMaxCodePoint))
      ok = false;
    if (!ok) {
      if (bad_at && *bad_at < 0) *bad_at = static_cast<int64_t>(out.size());
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(c);
    i += static_cast<size_t>(len);
  }
  return out;
}

// Simple one-to-one case pairs of ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic.
char32_t to_lower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x178) return 0xFF;
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 0x25;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 0x3F;
  if (c == 0x3C2) return 0x3C3;  // final sigma folds with sigma
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) return (c % 2 == 0) ? c + 1 : c;
  return c;
}

char32_t to_upper(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F) {
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return (c % 2 == 0 && c != 0x138) ? c - 1 : c;
    if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    return (c % 2 == 1) ? c - 1 : c;
  }
  if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) return c - 0x20;
  if (c == 0x3C2) return 0x3A3;
  if (c == 0x3AC) return 0x386;
  if (c >= 0x3AD && c <= 0x3AF) return c - 0x25;
  if (c == 0x3CC) return 0x38C;
  if (c == 0x3CD || c == 0x3CE) return c - 0x3F;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) return (c % 2 == 1) ? c - 1 : c;
  return c;
}

// Letters and digits of the scripts listed in regex.h, and '_'.
const std::vector<Range>& word_ranges() {
  static const std::vector<Range> r = {
      {'0', '9'},       {'A', 'Z'},       {'_', '_'},       {'a', 'z'},       {0xAA, 0xAA},
      {0xB5, 0xB5},     {0xBA, 0xBA},     {0xC0, 0xD6},     {0xD8, 0xF6},     {0xF8, 0x24F},
      {0x370, 0x373},   {0x376, 0x377},   {0x37B, 0x37D},   {0x37F, 0x37F},   {0x386, 0x386},
      {0x388, 0x3FF},   {0x400, 0x481},   {0x48A, 0x52F},   {0x531, 0x556},   {0x561, 0x587},
      {0x5D0, 0x5EA},   {0x620, 0x64A},   {0x660, 0x669},   {0x671, 0x6D3},   {0x904, 0x939},
      {0x966, 0x96F},   {0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
      {0xAC00, 0xD7A3},
  };
  return r;
}

const std::vector<Range>& space_ranges() {
  static const std::vector<Range> r = {
      {0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
      {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
  return r;
}

const std::vector<Range>& digit_ranges() {
  static const std::vector<Range> r = {{'0', '9'}};
  return r;
}

bool in_ranges(const std::vector<Range>& ranges, char32_t c) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
                             [](char32_t v, const Range& r) { return v < r.lo; });
  return it != ranges.begin() && c <= std::prev(it)->hi;
}

bool is_word(char32_t c) { return in_ranges(word_ranges(), c); }

// Sorts and merges overlapping or adjacent ranges.
std::vector<Range> normalise(std::vector<Range> r) {
  std::sort(r.begin(), r.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<Range> out;
  for (const Range& x : r) {
    if (!out.empty() && x.lo <= out.back().hi + 1)
      out.back().hi = std::max(out.back().hi, x.hi);
    else
      out.push_back(x);
  }
  return out;
}

std::vector<Range> complement(const std::vector<Range>& sorted) {
  std::vector<Range> out;
  char32_t next = 0;
  for (const Range& r : sorted) {
    if (r.lo > next) out.push_back({next, r.lo - 1});
    next = r.hi + 1;
  }
  if (next <= kMaxCodePoint) out.push_back({next, kMaxCodePoint});
  return out;
}

struct Node {
  enum Kind { kEmpty, kChar, kAny, kClass, kBegin, kEnd, kWord, kNotWord, kConcat, kAlt, kRepeat };
  Kind kind = kEmpty;
  char32_t c = 0;
  int32_t cls = 0;
  bool negate = false;
  int min = 0, max = -1;  // kRepeat; max −1 = unbounded
  std::vector<std::unique_ptr<Node>> kids;
};

using NodePtr = std::unique_ptr<Node>;

NodePtr make(Node::Kind kind) {
  auto n = std::make_unique<Node>();
  n->kind = kind;
  return n;
}

}  // namespace

class RegexCompiler {
 public:
  RegexCompiler(std::vector<char32_t> p, bool case_sensitive)
      : p_(std::move(p)), case_sensitive_(case_sensitive) {}

  Result<Regex> run() {
    NodePtr root = parse_alt();
    if (failed_) return error_;
    if (i_ < p_.size()) return fail(i_, "unmatched ')'");
    Regex re;
    re.case_sensitive_ = case_sensitive_;
    re.classes_ = std::move(classes_);
    // The emission's work is the number of emit_node calls, not the instructions it leaves:
    // a repeated empty group emits nothing yet `((){999}){999}` would call emit_node 10^6
    // times. Bound the calls before emitting anything.
    if (emit_calls(*root) > kMaxEmitCalls)
      return fail(0, "is too large (more than " + std::to_string(kMaxEmitCalls) +
                         " steps to expand its repetitions)");
    program_ = &re.program_;
    emit_node(*root);
    program_->push_back(Inst{Inst::kMatch});
    if (program_->size() > kMaxProgram)
      return fail(0, "is too large (more than " + std::to_string(kMaxProgram) +
                         " instructions after expanding repetitions)");
    return re;
  }

 private:
  Error fail(size_t at, const std::string& what) {
    if (!failed_) {
      failed_ = true;
      error_ = make_error(ErrorCode::kInvalidArgument, "pattern",
                          "at character " + std::to_string(at) + ": " + what);
    }
    return error_;
  }

  bool more() const { return i_ < p_.size(); }
  char32_t peek(size_t ahead = 0) const {
    return i_ + ahead < p_.size() ? p_[i_ + ahead] : char32_t(0xFFFFFFFF);
  }

  NodePtr parse_alt() {
    NodePtr first = parse_concat();
    if (peek() != '|') return first;
    NodePtr alt = make(Node::kAlt);
    alt->kids.push_back(std::move(first));
    while (!failed_ && peek() == '|') {
      ++i_;
      alt->kids.push_back(parse_concat());
    }
    return alt;
  }

  NodePtr parse_concat() {
    NodePtr cat = make(Node::kConcat);
    while (!failed_ && more() && peek() != '|' && peek() != ')')
      cat->kids.push_back(parse_repeat());
    return cat;
  }

  // Reads {n}, {n,} or {n,m} at the current '{'; false (position unchanged) when the text is
  // not a counted repetition, which makes '{' a literal as in Python and ECMAScript.
  bool read_count(int* lo, int* hi) {
    size_t j = i_ + 1;
    auto number = [&](int* out) {
      const size_t start = j;
      long v = 0;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9' && v <= kMaxRepeat * 10)
        v = v * 10 + static_cast<long>(p_[j++] - '0');
      *out = static_cast<int>(std::min<long>(v, kMaxRepeat + 1));
      return j > start;
    };
    if (!number(lo)) return false;
    *hi = *lo;
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      if (!number(hi)) *hi = -1;
    }
    if (j >= p_.size() || p_[j] != '}') return false;
    i_ = j + 1;
    return true;
  }

  NodePtr parse_repeat() {
    NodePtr atom = parse_atom();
    if (failed_ || !more()) return atom;
    const size_t q_at = i_;
    int lo = 0, hi = -1;
    const char32_t c = peek();
    if (c == '*') {
      ++i_;
    } else if (c == '+') {
      lo = 1;
      ++i_;
    } else if (c == '?') {
      hi = 1;
      ++i_;
    } else if (c == '{' && read_count(&lo, &hi)) {
      if (lo > kMaxRepeat || hi > kMaxRepeat)
        return fail(q_at, "a counted repetition above " + std::to_string(kMaxRepeat)), nullptr;
      if (hi >= 0 && hi < lo) return fail(q_at, "{n,m} needs n <= m"), nullptr;
    } else {
      return atom;
    }
    if (atom->kind == Node::kBegin || atom->kind == Node::kEnd || atom->kind == Node::kWord ||
        atom->kind == Node::kNotWord)
      return fail(q_at, "nothing to repeat"), nullptr;
    if (peek() == '?') ++i_;  // lazy: the same set of matching texts
    if (peek() == '+') return fail(i_, "possessive quantifiers are not supported"), nullptr;
    int unused_lo, unused_hi;
    if (peek() == '*' || peek() == '?' || (peek() == '{' && read_count(&unused_lo, &unused_hi)))
      return fail(q_at, "multiple repeat: put the repeated part in (?:...) first"), nullptr;
    NodePtr rep = make(Node::kRepeat);
    rep->min = lo;
    rep->max = hi;
    rep->kids.push_back(std::move(atom));
    return rep;
  }

  NodePtr char_node(char32_t c) {
    NodePtr n = make(Node::kChar);
    n->c = case_sensitive_ ? c : to_lower(c);
    return n;
  }

  NodePtr class_node(std::vector<Range> ranges, bool negate) {
    NodePtr n = make(Node::kClass);
    n->cls = static_cast<int32_t>(classes_.size());
    n->negate = negate;
    classes_.push_back(normalise(std::move(ranges)));
    return n;
  }

  // Reads hex digits for \x, \u: exactly `count`, or up to '}' when braced.
  bool read_hex(size_t count, bool braced, char32_t* out) {
    char32_t v = 0;
    size_t digits = 0;
    while (more() && (braced ? peek() != '}' : digits < count)) {
      const char32_t h = peek();
      int d = (h >= '0' && h <= '9')   ? static_cast<int>(h - '0')
              : (h >= 'a' && h <= 'f') ? static_cast<int>(h - 'a' + 10)
              : (h >= 'A' && h <= 'F') ? static_cast<int>(h - 'A' + 10)
                                       : -1;
      if (d < 0 || digits >= 6) return false;
      v = v * 16 + static_cast<char32_t>(d);
      ++digits;
      ++i_;
    }
    if (braced) {
      if (peek() != '}' || digits == 0) return false;
      ++i_;
    } else if (digits != count) {
      return false;
    }
    if (v > kMaxCodePoint) return false;
    *out = v;
    return true;
  }

  // An escape after '\' (at i_, the backslash already consumed). Sets either *c (a code point)
  // or *ranges + *negate (a class escape), or *node_kind for \b \B outside classes. Returns
  // false after fail().
  enum class Esc { kChar, kClass, kAssert };
  bool read_escape(bool in_class, Esc* kind, char32_t* c, std::vector<Range>* ranges, bool* negate,
                   Node::Kind* assert_kind) {
    const size_t at = i_ - 1;
    if (!more()) return fail(at, "a pattern cannot end with '\\'"), false;
    const char32_t e = p_[i_++];
    *kind = Esc::kChar;
    switch (e) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        *kind = Esc::kClass;
        *ranges = (e == 'd' || e == 'D')   ? digit_ranges()
                  : (e == 'w' || e == 'W') ? word_ranges()
                                           : space_ranges();
        *negate = e == 'D' || e == 'W' || e == 'S';
        return true;
      case 'b':
        if (in_class) {
          *c = 0x08;
          return true;
        }
        *kind = Esc::kAssert;
        *assert_kind = Node::kWord;
        return true;
      case 'B':
        if (in_class) return fail(at, "\\B inside a character class"), false;
        *kind = Esc::kAssert;
        *assert_kind = Node::kNotWord;
        return true;
      case 't':
        *c = '\t';
        return true;
      case 'n':
        *c = '\n';
        return true;
      case 'r':
        *c = '\r';
        return true;
      case 'f':
        *c = '\f';
        return true;
      case 'v':
        *c = '\v';
        return true;
      case '0':
        if (peek() >= '0' && peek() <= '9')
          return fail(at, "octal escapes are not supported"), false;
        *c = 0;
        return true;
      case 'x':
        if (!read_hex(2, false, c)) return fail(at, "\\x needs two hex digits"), false;
        return true;
      case 'u':
        if (peek() == '{') {
          ++i_;
          if (!read_hex(0, true, c))
            return fail(at, "\\u{...} needs 1 to 6 hex digits up to 10FFFF"), false;
          return true;
        }
        if (!read_hex(4, false, c)) return fail(at, "\\u needs four hex digits"), false;
        return true;
      default:
        break;
    }
    if (e >= '1' && e <= '9') return fail(at, "back-references are not supported"), false;
    if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z'))
      return fail(at, std::string("unknown escape \\") + static_cast<char>(e)), false;
    *c = e;  // escaped punctuation or any other code point stands for itself
    return true;
  }

  NodePtr parse_class() {
    const size_t open_at = i_ - 1;
    bool negate = false;
    if (peek() == '^') {
      negate = true;
      ++i_;
    }
    std::vector<Range> ranges;
    bool first = true;
    while (true) {
      if (!more()) return fail(open_at, "'[' without a closing ']'"), nullptr;
      if (peek() == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      // One member: a code point (possibly the start of a range) or a class escape.
      auto member = [&](char32_t* c, bool* is_class, std::vector<Range>* r, bool* neg) {
        *is_class = false;
        if (peek() == '\\') {
          ++i_;
          Esc kind;
          Node::Kind unused;
          if (!read_escape(true, &kind, c, r, neg, &unused)) return false;
          *is_class = kind == Esc::kClass;
          return true;
        }
        *c = p_[i_++];
        return true;
      };
      const size_t member_at = i_;
      char32_t lo = 0;
      bool is_class = false, neg = false;
      std::vector<Range> r;
      if (!member(&lo, &is_class, &r, &neg)) return nullptr;
      if (is_class) {
        const std::vector<Range> add = neg ? complement(normalise(r)) : r;
        ranges.insert(ranges.end(), add.begin(), add.end());
        continue;
      }
      if (peek() == '-' && peek(1) != ']' && i_ + 1 < p_.size()) {
        ++i_;
        char32_t hi = 0;
        if (!member(&hi, &is_class, &r, &neg)) return nullptr;
        if (is_class) return fail(member_at, "a range cannot end in a class escape"), nullptr;
        if (hi < lo) return fail(member_at, "a range whose end is before its start"), nullptr;
        ranges.push_back({lo, hi});
      } else {
        ranges.push_back({lo, lo});
      }
    }
    return class_node(std::move(ranges), negate);
  }

  NodePtr parse_atom() {
    const size_t at = i_;
    const char32_t c = p_[i_++];
    switch (c) {
      case '(': {
        if (++depth_ > kMaxDepth) return fail(at, "groups nested too deeply"), nullptr;
        if (peek() == '?') {
          if (peek(1) == ':') {
            i_ += 2;
          } else if (peek(1) == '=' || peek(1) == '!' ||
                     (peek(1) == '<' && (peek(2) == '=' || peek(2) == '!'))) {
            return fail(at, "look-around is not supported"), nullptr;
          } else if (peek(1) == 'P' || peek(1) == '<') {
            return fail(at, "named groups are not supported; use (?:...) or (...)"), nullptr;
          } else {
            return fail(at, "unknown group syntax after '(?'"), nullptr;
          }
        }
        NodePtr inner = parse_alt();
        if (failed_) return nullptr;
        if (peek() != ')') return fail(at, "'(' without a closing ')'"), nullptr;
        ++i_;
        --depth_;
        return inner;
      }
      case '[':
        return parse_class();
      case '.':
        return make(Node::kAny);
      case '^':
        return make(Node::kBegin);
      case '$':
        return make(Node::kEnd);
      case '*':
      case '+':
      case '?':
        return fail(at, "nothing to repeat"), nullptr;
      case '{': {
        int lo, hi;
        --i_;
        if (read_count(&lo, &hi)) return fail(at, "nothing to repeat"), nullptr;
        ++i_;
        return char_node('{');
      }
      case '\\': {
        Esc kind;
        char32_t v = 0;
        std::vector<Range> r;
        bool neg = false;
        Node::Kind assert_kind = Node::kEmpty;
        if (!read_escape(false, &kind, &v, &r, &neg, &assert_kind)) return nullptr;
        if (kind == Esc::kClass) return class_node(std::move(r), neg);
        if (kind == Esc::kAssert) return make(assert_kind);
        return char_node(v);
      }
      default:
        return char_node(c);
    }
  }

  // The calls emit_node(n) makes, itself included, saturated just above kMaxEmitCalls.
  static uint64_t emit_calls(const Node& n) {
    constexpr uint64_t kCap = kMaxEmitCalls + 1;
    uint64_t calls = 1;
    switch (n.kind) {
      case Node::kConcat:
      case Node::kAlt:
        for (const auto& k : n.kids) calls = std::min(kCap, calls + emit_calls(*k));
        return calls;
      case Node::kRepeat: {
        const uint64_t copies =
            static_cast<uint64_t>(n.min) + (n.max < 0 ? 1 : static_cast<uint64_t>(n.max - n.min));
        return std::min(kCap, calls + copies * emit_calls(*n.kids[0]));  // both <= 2^32
      }
      default:
        return calls;
    }
  }

  int32_t pc() const { return static_cast<int32_t>(program_->size()); }
  void push(Inst in) {
    if (program_->size() <= kMaxProgram) program_->push_back(in);
  }

  void emit_node(const Node& n) {
    if (program_->size() > kMaxProgram) return;
    switch (n.kind) {
      case Node::kEmpty:
        return;
      case Node::kChar: {
        Inst in{Inst::kChar};
        in.c = n.c;
        push(in);
        return;
      }
      case Node::kAny:
        push(Inst{Inst::kAny});
        return;
      case Node::kClass: {
        Inst in{Inst::kClass};
        in.x = n.cls;
        in.negate = n.negate;
        push(in);
        return;
      }
      case Node::kBegin:
        push(Inst{Inst::kBegin});
        return;
      case Node::kEnd:
        push(Inst{Inst::kEnd});
        return;
      case Node::kWord:
        push(Inst{Inst::kWord});
        return;
      case Node::kNotWord:
        push(Inst{Inst::kNotWord});
        return;
      case Node::kConcat:
        for (const auto& k : n.kids) emit_node(*k);
        return;
      case Node::kAlt: {
        // split L1, next; L1: a; jmp end; next: split L2, next2; ... last alternative.
        std::vector<size_t> jumps;
        for (size_t k = 0; k + 1 < n.kids.size(); ++k) {
          const size_t split = program_->size();
          push(Inst{Inst::kSplit});
          if (program_->size() > kMaxProgram) return;
          (*program_)[split].x = pc();
          emit_node(*n.kids[k]);
          jumps.push_back(program_->size());
          push(Inst{Inst::kJmp});
          if (program_->size() > kMaxProgram) return;
          (*program_)[split].y = pc();
        }
        emit_node(*n.kids.back());
        if (program_->size() > kMaxProgram) return;
        for (size_t j : jumps) (*program_)[j].x = pc();
        return;
      }
      case Node::kRepeat: {
        const Node& e = *n.kids[0];
        for (int k = 0; k < n.min; ++k) emit_node(e);
        if (n.max < 0) {
          // L: split body, end; body: e; jmp L.
          const int32_t loop = pc();
          push(Inst{Inst::kSplit});
          if (program_->size() > kMaxProgram) return;
          (*program_)[static_cast<size_t>(loop)].x = pc();
          emit_node(e);
          Inst back{Inst::kJmp};
          back.x = loop;
          push(back);
          if (program_->size() > kMaxProgram) return;
          (*program_)[static_cast<size_t>(loop)].y = pc();
          return;
        }
        // Optional copies: split body, end; body: e; (next optional copy) ... end.
        std::vector<size_t> splits;
        for (int k = n.min; k < n.max; ++k) {
          splits.push_back(program_->size());
          push(Inst{Inst::kSplit});
          if (program_->size() > kMaxProgram) return;
          (*program_)[splits.back()].x = pc();
          emit_node(e);
          if (program_->size() > kMaxProgram) return;
        }
        for (size_t s : splits) (*program_)[s].y = pc();
        return;
      }
    }
  }

  std::vector<char32_t> p_;
  bool case_sensitive_;
  size_t i_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  Error error_;
  std::vector<std::vector<Range>> classes_;
  std::vector<Inst>* program_ = nullptr;
};

Result<Regex> Regex::compile(std::string_view pattern, bool case_sensitive) {
  int64_t bad = -1;
  std::vector<char32_t> p = decode(pattern, &bad);
  if (bad >= 0)
    return make_error(ErrorCode::kInvalidArgument, "pattern",
                      "at character " + std::to_string(bad) + ": invalid UTF-8");
  if (p.empty()) return make_error(ErrorCode::kInvalidArgument, "pattern", "must not be empty");
  return RegexCompiler(std::move(p), case_sensitive).run();
}

size_t Regex::program_size() const { return program_.size(); }

bool Regex::search(std::string_view text_bytes) const {
  const std::vector<char32_t> text = decode(text_bytes);
  const size_t n = text.size(), m = program_.size();
  // Sparse sets of program counters (Briggs & Torczon): O(1) insert, membership and clear.
  struct Set {
    std::vector<int32_t> dense, sparse;
    size_t size = 0;
    explicit Set(size_t m) : dense(m), sparse(m) {}
    bool has(int32_t pc) const {
      const size_t s = static_cast<size_t>(sparse[static_cast<size_t>(pc)]);
      return s < size && dense[s] == pc;
    }
    void add(int32_t pc) {
      sparse[static_cast<size_t>(pc)] = static_cast<int32_t>(size);
      dense[size++] = pc;
    }
  };
  Set cur(m), next(m);
  std::vector<int32_t> stack;
  bool matched = false;
  // Follows the jumps, splits and assertions from pc at text position pos into `set`.
  auto add_thread = [&](Set& set, int32_t start, size_t pos) {
    stack.push_back(start);
    while (!stack.empty()) {
      const int32_t pc = stack.back();
      stack.pop_back();
      if (set.has(pc)) continue;
      set.add(pc);
      const Inst& in = program_[static_cast<size_t>(pc)];
      switch (in.op) {
        case Inst::kJmp:
          stack.push_back(in.x);
          break;
        case Inst::kSplit:
          stack.push_back(in.y);
          stack.push_back(in.x);
          break;
        case Inst::kMatch:
          matched = true;
          break;
        case Inst::kBegin:
          if (pos == 0) stack.push_back(pc + 1);
          break;
        case Inst::kEnd:
          if (pos == n) stack.push_back(pc + 1);
          break;
        case Inst::kWord:
        case Inst::kNotWord: {
          const bool before = pos > 0 && is_word(text[pos - 1]);
          const bool after = pos < n && is_word(text[pos]);
          if ((before != after) == (in.op == Inst::kWord)) stack.push_back(pc + 1);
          break;
        }
        default:
          break;  // consuming instructions wait for the next code point
      }
    }
  };
  auto consumes = [&](const Inst& in, char32_t c) {
    switch (in.op) {
      case Inst::kChar:
        return (case_sensitive_ ? c : to_lower(c)) == in.c;
      case Inst::kAny:
        return c != '\n';
      case Inst::kClass: {
        const auto& r = classes_[static_cast<size_t>(in.x)];
        bool hit = in_ranges(r, c);
        if (!hit && !case_sensitive_) hit = in_ranges(r, to_lower(c)) || in_ranges(r, to_upper(c));
        return hit != in.negate;
      }
      default:
        return false;
    }
  };
  for (size_t pos = 0;; ++pos) {
    add_thread(cur, 0, pos);  // a match may start at every position
    if (matched) return true;
    if (pos == n) return false;
    next.size = 0;
    for (size_t t = 0; t < cur.size; ++t) {
      const int32_t pc = cur.dense[t];
      if (consumes(program_[static_cast<size_t>(pc)], text[pos])) add_thread(next, pc + 1, pos + 1);
      if (matched) return true;
    }
    std::swap(cur, next);
  }
}

}  // namespace localabel
