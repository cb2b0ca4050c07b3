#include <gtest/gtest.h>

#include "localabel/annotation_table.h"

namespace localabel {
namespace {

TEST(AnnotationCsv, ParsesIntegersWithHeaderInSortedCodeOrder) {
  auto t = parse_annotations_csv("item,annotator,label\n10,7,3\n10,2,1\n4,7,3\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->rows(), 3);
  EXPECT_EQ(t->n_items(), 2);
  EXPECT_EQ(t->items.name(0), "4");
  EXPECT_EQ(t->items.name(1), "10");
  EXPECT_EQ(t->annotators.name(0), "2");
  EXPECT_EQ(t->labels.integer(1), 3);
  EXPECT_EQ(t->item, (std::vector<int32_t>{1, 1, 0}));
  EXPECT_EQ(t->label, (std::vector<int32_t>{1, 0, 1}));
  // Not grouped by item: an index is built.
  ASSERT_FALSE(t->item_rows.empty());
  EXPECT_EQ(t->row_of(0, 0), 2);
}

TEST(AnnotationCsv, TextColumnsQuotesTimeAndCrlf) {
  auto t = parse_annotations_csv(
      "task,worker,label,time\r\n\"img,1\",ann,cat,1.5\r\nimg2,ann,\"do\"\"g\",2\r\n\r\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->rows(), 2);
  EXPECT_FALSE(t->labels.is_integer());
  EXPECT_EQ(t->labels.name(0), "cat");
  EXPECT_EQ(t->labels.name(1), "do\"g");
  EXPECT_EQ(t->items.name(0), "img,1");
  EXPECT_EQ(t->time, (std::vector<double>{1.5, 2}));
  EXPECT_EQ(*t->labels.find("do\"g"), 1);
}

TEST(AnnotationCsv, MixedColumnSwitchesToText) {
  auto t = parse_annotations_csv("1,a,5\n2,a,x\n3,a,10\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_FALSE(t->labels.is_integer());
  // Bytewise order: "10" < "5" < "x".
  EXPECT_EQ(t->labels.name(0), "10");
  EXPECT_EQ(t->label, (std::vector<int32_t>{1, 2, 0}));
  EXPECT_TRUE(t->items.is_integer());
}

TEST(AnnotationCsv, DeclaredLabelOrderAndUnknownLabel) {
  CsvOptions o;
  o.declared_labels = {"low", "mid", "high"};
  auto t = parse_annotations_csv("item,annotator,label\n1,a,high\n1,b,low\n", o);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->label, (std::vector<int32_t>{2, 0}));
  EXPECT_EQ(t->labels.name(2), "high");
  EXPECT_EQ(*t->labels.find("mid"), 1);
  auto bad = parse_annotations_csv("item,annotator,label\n1,a,high\n\n1,b,huge\n", o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kUnknownReference);
  EXPECT_EQ(bad.error().path, "line 4");
}

TEST(AnnotationCsv, DuplicatePairIsAnErrorWithLines) {
  auto t = parse_annotations_csv("item,annotator,label\n1,a,x\n2,a,y\n1,a,y\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(t.error().path, "lines 2 and 4");
  EXPECT_NE(t.error().message.find("twice"), std::string::npos);
}

TEST(AnnotationCsv, BadInputsNameTheLine) {
  auto fields = parse_annotations_csv("item,annotator,label\n1,a,x\n2,a\n");
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.error().code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(fields.error().path, "line 3");
  auto empty_field = parse_annotations_csv("1,,x\n");
  ASSERT_FALSE(empty_field.ok());
  EXPECT_EQ(empty_field.error().path, "line 1");
  auto time = parse_annotations_csv("1,a,x,NaN\n");
  ASSERT_FALSE(time.ok());
  EXPECT_EQ(time.error().code, ErrorCode::kInvalidFormat);
  auto negative = parse_annotations_csv("1,a,x,-2\n");
  ASSERT_FALSE(negative.ok());
  auto quote = parse_annotations_csv("1,a,\"x\n");
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.error().code, ErrorCode::kInvalidFormat);
  auto header = parse_annotations_csv("item,label\n1,x\n");
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().code, ErrorCode::kInvalidFormat);
}

TEST(AnnotationCsv, EmptyInput) {
  for (const char* text : {"", "\n\n", "item,annotator,label\n"}) {
    auto t = parse_annotations_csv(text);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, ErrorCode::kEmptyInput);
  }
}

TEST(AnnotationCsv, LeadingZerosStayText) {
  auto t = parse_annotations_csv("007,a,1\n7,a,1\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->n_items(), 2);
  EXPECT_FALSE(t->items.is_integer());
}

TEST(AnnotationTable, RejectsCodesOutsideDictionaries) {
  auto t = make_annotation_table({0, 1}, {0, 0}, {0, 5}, {}, Dictionary::identity(2),
                                 Dictionary::identity(1), Dictionary::identity(2));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(t.error().path, "row 1");
  auto len = make_annotation_table({0, 1}, {0}, {0, 1}, {}, Dictionary::identity(2),
                                   Dictionary::identity(1), Dictionary::identity(2));
  ASSERT_FALSE(len.ok());
  EXPECT_EQ(len.error().code, ErrorCode::kLengthMismatch);
}

TEST(GoldCsv, ParsesAgainstTheTable) {
  auto t = parse_annotations_csv("item,annotator,label\na,x,cat\nb,x,dog\n");
  ASSERT_TRUE(t.ok());
  auto g = parse_gold_csv("item,label\nb,cat\n", *t);
  ASSERT_TRUE(g.ok()) << g.error().message;
  ASSERT_EQ(g->size(), 1u);
  EXPECT_EQ((*g)[0].item, 1);
  EXPECT_EQ((*g)[0].label, 0);
  auto unknown = parse_gold_csv("item,label\nc,cat\n", *t);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnknownReference);
  EXPECT_EQ(unknown.error().path, "line 2");
  auto label = parse_gold_csv("a,cow\n", *t);
  ASSERT_FALSE(label.ok());
  EXPECT_EQ(label.error().code, ErrorCode::kUnknownReference);
  auto dup = parse_gold_csv("a,cat\na,dog\n", *t);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kDuplicate);
}

}  // namespace
}  // namespace localabel
