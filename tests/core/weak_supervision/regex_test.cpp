// Regular expressions for labelling functions. Expected results are those of Python's `re`
// module (re.search(pattern, text) is not None; re.IGNORECASE for the case-insensitive ones)
// and its documented error cases (re.error "nothing to repeat", "multiple repeat",
// "missing ), unterminated subpattern", "unbalanced parenthesis", "bad character range").
#include "localabel/regex.h"

#include <gtest/gtest.h>

#include <string>

namespace localabel {
namespace {

bool search(const std::string& pattern, const std::string& text, bool case_sensitive = true) {
  auto re = Regex::compile(pattern, case_sensitive);
  EXPECT_TRUE(re) << pattern << ": " << (re ? "" : re.error().message);
  return re && re->search(text);
}

std::string compile_error(const std::string& pattern) {
  auto re = Regex::compile(pattern);
  if (re) return "";
  EXPECT_EQ(re.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(re.error().path, "pattern");
  // The message starts with the path; the rest says where in the pattern and what is wrong.
  const std::string& m = re.error().message;
  EXPECT_EQ(m.rfind("pattern: ", 0), 0u) << m;
  return m.substr(std::string("pattern: ").size());
}

TEST(Regex, LiteralsQuantifiersAndAlternation) {
  EXPECT_TRUE(search("colou?r", "the color red"));
  EXPECT_TRUE(search("colou?r", "the colour red"));
  EXPECT_FALSE(search("colou?r", "the colouur red"));
  EXPECT_TRUE(search("^(?:cat|dog)s?$", "dogs"));
  EXPECT_FALSE(search("^(?:cat|dog)s?$", "hotdogs"));
  EXPECT_TRUE(search("ab+c", "xxabbbcxx"));
  EXPECT_FALSE(search("ab+c", "xxacxx"));
  EXPECT_TRUE(search("ab*c", "xxacxx"));
  EXPECT_TRUE(search("^a{2,3}$", "aaa"));
  EXPECT_FALSE(search("^a{2,3}$", "aaaa"));
  EXPECT_FALSE(search("^a{2,3}$", "a"));
  EXPECT_TRUE(search("^(?:ab){2,}$", "ababab"));
  EXPECT_FALSE(search("^(?:ab){2,}$", "ab"));
  EXPECT_TRUE(search("^x{2}$", "xx"));
  EXPECT_TRUE(search("a{b", "a{b"));  // not a counted repetition: '{' is a literal
  EXPECT_TRUE(search("a{,2}", "a{,2}"));
  EXPECT_TRUE(search("a.c", "abc"));
  EXPECT_FALSE(search("a.c", "a\nc"));  // '.' does not match a newline
  EXPECT_TRUE(search("(a|b|)c", "c"));  // an empty alternative
  EXPECT_TRUE(search("a+?b", "aaab"));  // lazy quantifiers match the same texts
  EXPECT_TRUE(search("end$", "the end"));
  EXPECT_FALSE(search("end$", "the end."));
  EXPECT_FALSE(search("^start", "a start"));
}

TEST(Regex, ClassesAndEscapes) {
  EXPECT_TRUE(search("[0-9]{3}-[0-9]{4}", "call 555-1234 now"));
  EXPECT_FALSE(search("^[^a-z]+$", "abc"));
  EXPECT_TRUE(search("^[^a-z]+$", "ABC 123"));
  EXPECT_TRUE(search("[]a]", "]"));  // ']' first in a class is a literal
  EXPECT_TRUE(search("[a-]", "-"));
  EXPECT_TRUE(search("[\\d.]+%", "up 12.5% today"));
  EXPECT_TRUE(search("^\\d+$", "2024"));
  EXPECT_FALSE(search("^\\d+$", "20x4"));
  EXPECT_TRUE(search("\\D", "12a"));
  EXPECT_TRUE(search("a\\sb", "a\tb"));
  EXPECT_TRUE(search("a\\sb",
                     "a\xC2\xA0"
                     "b"));  // no-break space is whitespace
  EXPECT_TRUE(search("^\\S+$", "abc"));
  EXPECT_FALSE(search("a\\.b", "axb"));
  EXPECT_TRUE(search("a\\.b", "a.b"));
  EXPECT_TRUE(search("\\x41", "A"));
  EXPECT_TRUE(search("caf\\u00e9", "café"));
  EXPECT_TRUE(search("\\u{1F600}", "smile 😀"));
  EXPECT_TRUE(search("[\\u{1F600}-\\u{1F64F}]", "ok 🙏"));
  EXPECT_TRUE(search("\\(\\d\\)", "item (3)"));
  EXPECT_TRUE(search("[\\w]+@[\\w.]+", "mail bob@example.org"));
}

TEST(Regex, WordBoundariesAndUnicodeWords) {
  EXPECT_FALSE(search("\\bcat\\b", "concatenate"));
  EXPECT_TRUE(search("\\bcat\\b", "a cat."));
  EXPECT_TRUE(search("\\Bcat", "concatenate"));
  EXPECT_TRUE(search("^\\w+$", "привет"));
  EXPECT_TRUE(search("^\\w+$", "naïve"));
  EXPECT_TRUE(search("^\\w+$", "λόγος"));
  EXPECT_FALSE(search("^\\w+$", "a-b"));
  EXPECT_TRUE(search("\\bмир\\b", "Миру мир!"));
  EXPECT_FALSE(search("\\bмир\\b", "Миру мирный"));
}

TEST(Regex, CodePointsNotBytes) {
  EXPECT_TRUE(search("^.$", "😀"));  // one code point, four bytes
  EXPECT_TRUE(search("^.{3}$", "aé😀"));
  EXPECT_TRUE(search("😀+!", "hi 😀😀!"));
  EXPECT_TRUE(search("^[^a]$", "é"));
}

TEST(Regex, CaseInsensitive) {
  EXPECT_TRUE(search("refund", "REFUND please", false));
  EXPECT_FALSE(search("refund", "REFUND please", true));
  EXPECT_TRUE(search("[a-z]+ed", "DELAYED", false));
  EXPECT_TRUE(search("[A-Z]{3}", "abc", false));
  EXPECT_TRUE(search("école", "ÉCOLE", false));
  EXPECT_TRUE(search("СРОЧНО", "срочно", false));
  EXPECT_TRUE(search("ΣΟΦΙΑ", "σοφια", false));
  EXPECT_TRUE(search("λόγος", "ΛΌΓΟΣ", false));
  EXPECT_TRUE(search("ŁÓDŹ", "łódź", false));
}

// Patterns that make backtracking engines take exponential time run in linear time here.
TEST(Regex, PathologicalPatternsStayLinear) {
  const std::string as(5000, 'a');
  EXPECT_FALSE(search("(a*)*b", as));
  EXPECT_FALSE(search("^(a|aa)+$", as + "b"));
  EXPECT_TRUE(search("(x+x+)+y", std::string(3000, 'x') + "y"));
  EXPECT_FALSE(search("(?:a?){30}a{30}", std::string(29, 'a')));
  EXPECT_TRUE(search("(?:a?){30}a{30}", std::string(30, 'a')));
}

TEST(Regex, ErrorsNameThePlaceAndTheProblem) {
  EXPECT_EQ(compile_error("(abc"), "at character 0: '(' without a closing ')'");
  EXPECT_EQ(compile_error("abc)"), "at character 3: unmatched ')'");
  EXPECT_EQ(compile_error("*a"), "at character 0: nothing to repeat");
  EXPECT_EQ(compile_error("a|?"), "at character 2: nothing to repeat");
  EXPECT_EQ(compile_error("^*"), "at character 1: nothing to repeat");
  EXPECT_NE(compile_error("a**").find("at character 1: multiple repeat"), std::string::npos);
  EXPECT_EQ(compile_error("[z-a]"), "at character 1: a range whose end is before its start");
  EXPECT_EQ(compile_error("[abc"), "at character 0: '[' without a closing ']'");
  EXPECT_EQ(compile_error("(a)\\1"), "at character 3: back-references are not supported");
  EXPECT_EQ(compile_error("(?=a)"), "at character 0: look-around is not supported");
  EXPECT_EQ(compile_error("(?<!a)b"), "at character 0: look-around is not supported");
  EXPECT_NE(compile_error("(?P<x>a)").find("named groups"), std::string::npos);
  EXPECT_EQ(compile_error("a{3,2}"), "at character 1: {n,m} needs n <= m");
  EXPECT_EQ(compile_error("a{1001}"), "at character 1: a counted repetition above 1000");
  EXPECT_EQ(compile_error("\\q"), "at character 0: unknown escape \\q");
  EXPECT_EQ(compile_error("ab\\"), "at character 2: a pattern cannot end with '\\'");
  EXPECT_EQ(compile_error("\\xZZ"), "at character 0: \\x needs two hex digits");
  EXPECT_EQ(compile_error("a++"), "at character 2: possessive quantifiers are not supported");
  EXPECT_EQ(compile_error(""), "must not be empty");
  EXPECT_EQ(compile_error("ab\xFF"), "at character 2: invalid UTF-8");
  EXPECT_NE(compile_error("(?:a{1000}){1000}").find("too large"), std::string::npos);
  EXPECT_EQ(compile_error(std::string(300, '(') + "a" + std::string(300, ')')),
            "at character 200: groups nested too deeply");
}

TEST(Regex, InvalidUtf8InTextIsOneReplacementCharacter) {
  EXPECT_TRUE(search("^a.b$",
                     "a\xFF"
                     "b"));
  EXPECT_TRUE(search("\\u{FFFD}", "x\xC3"));
}

}  // namespace
}  // namespace localabel

namespace localabel {
namespace {

TEST(RegexHostile, NestedCountedRepetitionOfAnEmptyGroupIsRefusedInsteadOfHanging) {
  // Emitted nothing, so the instruction budget never ran out: 999^4 expansion steps.
  auto re = Regex::compile("((((){999}){999}){999}){999}");
  ASSERT_FALSE(re.ok());
  EXPECT_EQ(re.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(re.error().message.find("too large"), std::string::npos) << re.error().message;
  EXPECT_FALSE(Regex::compile("(?:(?:){1000}){1000}").ok());
  EXPECT_FALSE(Regex::compile("(|){1000}((|){300}){300}").ok());  // 1 + 3,001 + 270,901 steps
  // Under the budget (about 46,000 steps) it compiles and matches the empty string.
  auto fits = Regex::compile("(|){1000}(|){1000}(){1000}((){100}){100}((){100}){100}");
  ASSERT_TRUE(fits.ok()) << fits.error().message;
  EXPECT_TRUE(fits->search(""));
}

TEST(RegexHostile, ProgramSizeStaysWithinTheStatedBound) {
  auto big = Regex::compile("a{1000}b{1000}");
  ASSERT_TRUE(big.ok());
  EXPECT_LE(big->program_size(), 50000u);
  EXPECT_GE(big->program_size(), 2000u);
  EXPECT_FALSE(Regex::compile("(a{1000}){60}").ok());
  // A repetition nested under the bound still compiles and matches.
  auto nested = Regex::compile("((a|b){3}){100}c");
  ASSERT_TRUE(nested.ok());
  EXPECT_TRUE(nested->search(std::string(300, 'a') + "c"));
  EXPECT_FALSE(nested->search(std::string(299, 'a') + "c"));
}

}  // namespace
}  // namespace localabel
