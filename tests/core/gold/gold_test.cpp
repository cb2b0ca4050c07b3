#include "localabel/gold.h"

#include <gtest/gtest.h>

#include <cmath>

namespace localabel {
namespace {

TEST(GoldAccuracy, PerAnnotatorAccuracy) {
  auto t = parse_annotations_csv(
      "item,annotator,label\nq1,ann,cat\nq1,bob,dog\nq2,ann,dog\nq2,bob,dog\nq3,ann,cat\n"
      "q3,eve,cat\n");
  ASSERT_TRUE(t.ok());
  auto gold = parse_gold_csv("item,label\nq1,cat\nq2,dog\n", *t);
  ASSERT_TRUE(gold.ok()) << gold.error().message;
  auto acc = gold_accuracy(*t, *gold);
  ASSERT_TRUE(acc.ok());
  ASSERT_EQ(acc->size(), 3u);
  EXPECT_EQ((*acc)[0].answered, 2);
  EXPECT_DOUBLE_EQ((*acc)[0].accuracy, 1.0);
  EXPECT_DOUBLE_EQ((*acc)[1].accuracy, 0.5);
  EXPECT_TRUE(std::isnan((*acc)[2].accuracy));  // eve answered no gold item
}

TEST(QualificationTest, ListsErrorsAndAppliesThreshold) {
  auto t = parse_annotations_csv(
      "item,annotator,label\n1,a,0\n2,a,1\n3,a,1\n4,a,2\n5,a,2\n6,a,0\n7,a,1\n");
  ASSERT_TRUE(t.ok());
  auto gold = parse_gold_csv("1,0\n2,1\n3,1\n4,2\n5,2\n6,0\n7,2\n", *t);
  ASSERT_TRUE(gold.ok());
  auto q = qualification_test(*t, *gold, 0);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->answered, 7);
  EXPECT_EQ(q->correct, 6);
  EXPECT_NEAR(q->accuracy, 6.0 / 7, 1e-12);
  EXPECT_TRUE(q->passed);  // 6/7 = 0.857 >= the default 0.85
  ASSERT_EQ(q->errors.size(), 1u);
  EXPECT_EQ(t->items.name(q->errors[0].item), "7");
  EXPECT_EQ(t->labels.name(q->errors[0].expected), "2");
  EXPECT_EQ(t->labels.name(q->errors[0].given), "1");
  EXPECT_FALSE(qualification_test(*t, *gold, 0, 0.9)->passed);
  EXPECT_EQ(qualification_test(*t, *gold, 3).error().code, ErrorCode::kUnknownReference);
  EXPECT_EQ(qualification_test(*t, *gold, 0, 1.5).error().code, ErrorCode::kInvalidArgument);
}

TEST(GoldAccuracy, BadGold) {
  auto t = parse_annotations_csv("1,a,0\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(gold_accuracy(*t, {}).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(gold_accuracy(*t, {{5, 0}}).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(gold_accuracy(*t, {{0, 0}, {0, 0}}).error().code, ErrorCode::kDuplicate);
}

}  // namespace
}  // namespace localabel
