#include "localabel/text_import.h"

#include <gtest/gtest.h>

namespace localabel {
namespace {

std::vector<Json> ok(std::string_view bytes, TextImportOptions o = {}) {
  auto r = read_text_tasks(bytes, o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : std::vector<Json>{};
}

Error bad(std::string_view bytes, TextImportOptions o = {}) {
  auto r = read_text_tasks(bytes, o);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

TextImportOptions named(std::string name, std::string field = "") {
  TextImportOptions o;
  o.file_name = std::move(name);
  o.field = std::move(field);
  return o;
}

TEST(TextImport, LinesSkipBlankLinesCrLfAndTheByteOrderMark) {
  auto t =
      ok("\xEF\xBB\xBF"
         "first\r\n\r\n  \nsecond \xF0\x9F\x98\x80\nthird",
         named("a.txt"));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], (Json{{"text", "first"}}));
  EXPECT_EQ(t[1]["text"], "second \xF0\x9F\x98\x80");
  EXPECT_EQ(t[2]["text"], "third");
}

TEST(TextImport, CsvFollowsRfc4180AndKeepsTheOtherColumns) {
  // RFC 4180 section 2: quoted fields, "" for a quote, line breaks inside quotes.
  const std::string csv =
      "id,text,source\r\n"
      "1,\"Hello, world\",web\r\n"
      "2,\"She said \"\"hi\"\"\",mail\r\n"
      "3,\"two\nlines\",\r\n"
      "4,\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82,x";
  auto t = ok(csv, named("texts.csv"));
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0], (Json{{"id", "1"}, {"text", "Hello, world"}, {"source", "web"}}));
  EXPECT_EQ(t[1]["text"], "She said \"hi\"");
  EXPECT_EQ(t[2]["text"], "two\nlines");
  EXPECT_EQ(t[2]["source"], "");
  EXPECT_EQ(t[3]["text"], "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");  // Привет
}

TEST(TextImport, CsvTextColumnByNameOrByOption) {
  auto t = ok("review,stars\ngood,5\nbad,1\n", named("r.csv"));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1], (Json{{"text", "bad"}, {"stars", "1"}}));
  auto u = ok("text,body\nshort,the long body\n", named("r.csv", "body"));
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0]["text"], "the long body");
  EXPECT_EQ(u[0]["text_body"], "short");  // the column that was called text is kept
}

TEST(TextImport, CsvErrorsNameTheFileAndTheLine) {
  Error e = bad("id,title\n1,x\n", named("a.csv"));
  EXPECT_EQ(e.code, ErrorCode::kMissingField);
  EXPECT_EQ(e.path, "line 1");
  EXPECT_NE(e.message.find("a.csv, line 1"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("\"id\", \"title\""), std::string::npos) << e.message;

  e = bad("id,text\n1,\"multi\nline\"\n2,\"never closed\n3,x\n", named("a.csv"));
  EXPECT_EQ(e.code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(e.path, "line 4");  // the quote opens on line 4, after a two-line record

  e = bad("id,text\n1,a\n2,b,extra\n", named("a.csv"));
  EXPECT_EQ(e.code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(e.path, "line 3");

  e = bad("text,text\na,b\n", named("a.csv"));
  EXPECT_EQ(e.code, ErrorCode::kDuplicate);
  EXPECT_EQ(e.path, "line 1, column 2");

  e = bad("id,text\n1,\"a\"b\n", named("a.csv"));
  EXPECT_EQ(e.code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(e.path, "line 2");

  e = bad("id,text\n1,   \n", named("a.csv"));
  EXPECT_EQ(e.code, ErrorCode::kInvalidFormat);
  EXPECT_NE(e.message.find("empty"), std::string::npos);
}

TEST(TextImport, JsonLinesObjectsAndStrings) {
  auto t = ok("{\"text\": \"a\", \"meta\": {\"n\": 1}}\n\n\"b\"\n{\"content\": \"c\"}\n",
              named("t.jsonl"));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], (Json{{"text", "a"}, {"meta", {{"n", 1}}}}));
  EXPECT_EQ(t[1], (Json{{"text", "b"}}));
  EXPECT_EQ(t[2], (Json{{"text", "c"}}));
}

TEST(TextImport, JsonLinesErrorsNameLineAndColumn) {
  Error e = bad("{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"c\",}\n", named("t.jsonl"));
  EXPECT_EQ(e.code, ErrorCode::kInvalidJson);
  EXPECT_EQ(e.path.rfind("line 3, column ", 0), 0u) << e.path;
  EXPECT_EQ(e.message.rfind("t.jsonl, line 3, column ", 0), 0u) << e.message;

  e = bad("{\"text\": \"a\"}\n42\n", named("t.jsonl"));
  EXPECT_EQ(e.code, ErrorCode::kWrongType);
  EXPECT_EQ(e.path, "line 2");

  e = bad("{\"text\": 7}\n", named("t.jsonl"));
  EXPECT_EQ(e.code, ErrorCode::kWrongType);
  EXPECT_NE(e.message.find("must be a string"), std::string::npos);

  e = bad("{\"a\": \"x\", \"b\": \"y\"}\n", named("t.jsonl"));
  EXPECT_EQ(e.code, ErrorCode::kMissingField);
  EXPECT_NE(e.message.find("\"a\", \"b\""), std::string::npos) << e.message;
}

TEST(TextImport, JsonArrayWithElementPaths) {
  auto t = ok("[\"one\", {\"text\": \"two\", \"id\": 2}]", named("t.json"));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1], (Json{{"text", "two"}, {"id", 2}}));
  Error e = bad("[\"one\", null]", named("t.json"));
  EXPECT_EQ(e.code, ErrorCode::kWrongType);
  EXPECT_EQ(e.path, "[1]");
  e = bad("{\"text\": \"x\"}", [] {
    TextImportOptions o;
    o.format = TextFileFormat::kJson;
    return o;
  }());
  EXPECT_EQ(e.code, ErrorCode::kWrongType);
}

TEST(TextImport, InvalidUtf8IsReportedWithLineAndColumn) {
  Error e = bad("fine\nab\xC3(\n", named("x.txt"));
  EXPECT_EQ(e.code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(e.path, "line 2, column 3");
  EXPECT_NE(e.message.find("UTF-8"), std::string::npos);
}

TEST(TextImport, EmptyInputs) {
  EXPECT_EQ(bad("").code, ErrorCode::kEmptyInput);
  EXPECT_EQ(bad(" \n\r\n\t").code, ErrorCode::kEmptyInput);
  EXPECT_EQ(bad("text\n", named("h.csv")).code, ErrorCode::kEmptyInput);  // header only
  EXPECT_EQ(bad("[]", named("e.json")).code, ErrorCode::kEmptyInput);
}

TEST(TextImport, AutoDetectsTheFormatFromTheContent) {
  EXPECT_EQ(ok("[\"a\"]")[0]["text"], "a");
  EXPECT_EQ(ok("{\"text\": \"a\"}\n{\"text\": \"b\"}").size(), 2u);
  auto csv = ok("id,text\n1,a\n");
  ASSERT_EQ(csv.size(), 1u);
  EXPECT_EQ(csv[0]["id"], "1");
  auto lines = ok("a sentence, with a comma\nanother one\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["text"], "a sentence, with a comma");
}

}  // namespace
}  // namespace localabel
