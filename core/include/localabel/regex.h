// Regular expressions for labelling functions: a compiled pattern searched in UTF-8 text in
// time linear in the text (a Pike VM over the pattern's Thompson automaton, no backtracking),
// so that no pattern can hang the page. std::regex is not used: it throws on bad patterns and
// backtracks exponentially, and the core runs without exceptions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"

namespace localabel {

/// A compiled regular expression. Syntax (the ECMAScript / Python subset that needs no
/// backtracking), over Unicode code points:
///   literals; `.` (any code point but \n); `[...]` and `[^...]` with ranges and escapes;
///   `\d \D \w \W \s \S`; `\b \B` (word boundaries); `^ $` (start and end of the text);
///   `( )` and `(?: )` groups; `|`; `* + ? {n} {n,} {n,m}` (a trailing `?` for lazy is
///   accepted: it does not change whether the text matches); escapes `\t \n \r \f \v \0`,
///   `\xHH`, `\uHHHH`, `\u{H…}` and `\` before any punctuation.
///   `\w` is a letter or digit of the Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic,
///   Devanagari, CJK, kana or Hangul blocks, or `_` (as Python's Unicode \w for those scripts);
///   `\d` is 0-9.
/// Case-insensitive matching folds ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic
/// letters (simple one-to-one case pairs).
/// Not supported, with an error naming the offset: back-references, look-around, named
/// groups, possessive quantifiers, a quantifier right after another ("multiple repeat", as
/// Python says). Counted repetitions are limited to 1000, group nesting to 200 levels and the
/// compiled program to 50000 instructions.
/// Bounds: compiling expands repetitions in at most 200000 steps (a repeated empty group
/// counts, although it emits nothing: `((((){999}){999}){999}){999}` is an error, not a
/// hang), so compile time is O(pattern + 200000); search visits each instruction at most
/// twice per code point of text, so it is O(|text| x 50000) at worst and never backtracks.
class Regex {
 public:
  /// Compiles `pattern`. Errors: kInvalidArgument with the path "pattern" and a message
  /// naming the code point offset and what was expected (unbalanced parenthesis, bad range,
  /// nothing to repeat, unsupported syntax, pattern too large); invalid UTF-8 too.
  static Result<Regex> compile(std::string_view pattern, bool case_sensitive = true);

  /// True when the pattern matches somewhere in `text` (UTF-8; an invalid byte counts as one
  /// code point U+FFFD). O(|text| · program size).
  bool search(std::string_view text) const;

  /// Instructions in the compiled program (at most 50000): search's work per code point.
  size_t program_size() const;

  struct Range {
    char32_t lo, hi;
  };
  struct Inst {
    enum Op : uint8_t { kChar, kAny, kClass, kSplit, kJmp, kMatch, kBegin, kEnd, kWord, kNotWord };
    Op op;
    bool negate = false;   ///< kClass: [^...]
    char32_t c = 0;        ///< kChar (folded when case-insensitive)
    int32_t x = 0, y = 0;  ///< kSplit: both targets; kJmp: x; kClass: x = class index
  };

 private:
  std::vector<Inst> program_;
  std::vector<std::vector<Range>> classes_;
  bool case_sensitive_ = true;
  friend class RegexCompiler;
};

}  // namespace localabel
