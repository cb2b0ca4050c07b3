#include "localabel/annotator_stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace localabel {
namespace {

TEST(AnnotatorStatistics, HandComputedValues) {
  auto t = parse_annotations_csv(
      "item,annotator,label,time\n1,ann,cat,3\n1,bob,cat,5\n1,eve,dog,4\n2,ann,dog,2\n"
      "2,bob,dog,6\n2,eve,dog,1\n3,ann,cat,3\n3,bob,dog,8\n");
  ASSERT_TRUE(t.ok());
  auto gold = parse_gold_csv("item,label\n1,cat\n3,cat\n", *t);
  ASSERT_TRUE(gold.ok());
  auto s = annotator_statistics(*t, *gold, 0.5);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->size(), 3u);
  const auto& ann = (*s)[0];
  EXPECT_EQ(ann.tasks, 3);
  EXPECT_NEAR(ann.mean_seconds, 8.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(ann.median_seconds, 3);
  EXPECT_NEAR(ann.tasks_per_hour, 3600 / (8.0 / 3), 1e-9);
  EXPECT_DOUBLE_EQ(ann.cost, 1.5);
  // ann vs the others: item 1 (others cat, dog: tie, cat is among them) agree; item 2 (dog,
  // dog) agree; item 3 (bob: dog) disagree -> 2/3.
  EXPECT_EQ(ann.shared_items, 3);
  EXPECT_NEAR(ann.agreement_with_others, 2.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(ann.gold_accuracy, 1.0);
  const auto& bob = (*s)[1];
  EXPECT_DOUBLE_EQ(bob.median_seconds, 6);
  EXPECT_DOUBLE_EQ(bob.gold_accuracy, 0.5);
  const auto& eve = (*s)[2];
  EXPECT_DOUBLE_EQ(eve.median_seconds, 2.5);  // mean of the two middle values
  EXPECT_EQ(eve.gold_answered, 1);
}

TEST(AnnotatorStatistics, OneAnnotatorNoTimesNoGold) {
  auto t = parse_annotations_csv("item,annotator,label\n1,ann,a\n2,ann,b\n");
  ASSERT_TRUE(t.ok());
  auto s = annotator_statistics(*t, {});
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].tasks, 2);
  EXPECT_TRUE(std::isnan((*s)[0].mean_seconds));
  EXPECT_TRUE(std::isnan((*s)[0].median_seconds));
  EXPECT_TRUE(std::isnan((*s)[0].tasks_per_hour));
  EXPECT_TRUE(std::isnan((*s)[0].agreement_with_others));  // nobody to agree with
  EXPECT_EQ((*s)[0].shared_items, 0);
  EXPECT_TRUE(std::isnan((*s)[0].gold_accuracy));
  EXPECT_EQ((*s)[0].cost, 0);
}

TEST(AnnotatorStatistics, BadInput) {
  auto t = parse_annotations_csv("item,annotator,label\n1,ann,a\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(annotator_statistics(*t, {}, -1).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(annotator_statistics(*t, {}, std::numeric_limits<double>::quiet_NaN()).error().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(annotator_statistics(*t, {{0, 0}, {0, 0}}).error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(annotator_statistics(*t, {{3, 0}}).error().code, ErrorCode::kOutOfRange);
  // A NaN time is refused when the table is built.
  EXPECT_EQ(parse_annotations_csv("item,annotator,label,time\n1,a,x,NaN\n").error().code,
            ErrorCode::kInvalidFormat);
}

}  // namespace
}  // namespace localabel
