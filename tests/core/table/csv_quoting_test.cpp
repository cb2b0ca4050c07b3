// The annotation and gold CSVs share one RFC 4180 reader: quoting works in both, and text
// after a closing quote is an error with its line and column instead of a silent new row.
#include <gtest/gtest.h>

#include "localabel/annotation_table.h"

namespace localabel {
namespace {

TEST(CsvQuoting, TextAfterAClosingQuoteIsAnErrorWithLineAndColumn) {
  // This once read as two rows: (1, ann, cat) and (x, bob, dog).
  auto t = parse_annotations_csv("1,ann,\"cat\"x,bob,dog\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(t.error().path, "line 1, column 12");
  auto later = parse_annotations_csv("item,annotator,label\n1,ann,cat\n2,\"b\nob\" ,dog\n");
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().path, "line 4, column 4");
}

TEST(CsvQuoting, UnterminatedQuoteNamesWhereItOpened) {
  auto t = parse_annotations_csv("1,ann,cat\n2,bob,\"dog\n3,ann,cat\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().path, "line 2, column 7");
}

TEST(CsvQuoting, GoldCsvReadsQuotedFieldsLikeTheAnnotationCsv) {
  auto t = parse_annotations_csv(
      "item,annotator,label\n\"a,1\",ann,\"x,y\"\nb,ann,\"say \"\"hi\"\"\"\nc,bob,z\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto gold = parse_gold_csv("item,label\n\"a,1\",\"x,y\"\n\"b\",\"say \"\"hi\"\"\"\n\nc,z\n", *t);
  ASSERT_TRUE(gold.ok()) << gold.error().message;
  ASSERT_EQ(gold->size(), 3u);
  EXPECT_EQ(t->items.name((*gold)[0].item), "a,1");
  EXPECT_EQ(t->labels.name((*gold)[0].label), "x,y");
  EXPECT_EQ(t->labels.name((*gold)[1].label), "say \"hi\"");
  // Line numbers count the lines of the file, blank ones included.
  auto dup = parse_gold_csv("item,label\nc,z\n\n\"c\",z\n", *t);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(dup.error().path, "line 4");
  auto bad = parse_gold_csv("item,label\nc,\"z\"z\n", *t);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(bad.error().path, "line 2, column 6");
}

TEST(CsvQuoting, NamesThatAreNotUtf8AreRefusedBeforeTheyReachJson) {
  // An annotator named "b\xff" went into the analytics JSON, whose dump aborts on it.
  auto t = parse_annotations_csv("item,annotator,label\n1,ann,cat\n2,b\xff,dog\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(t.error().path, "line 3, column 4");
  auto ok = parse_annotations_csv("item,annotator,label\n1,ann,cat\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(parse_gold_csv("1,\xc3\n", *ok).error().path, "line 1, column 3");
}

}  // namespace
}  // namespace localabel
