// Edge cases of the agreement coefficients that the per-metric tests do not cover: one
// annotator, perfect agreement, a single category, missing data and empty input on every
// entry point, and the bad inputs of the long table that agreement relies on.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "localabel/agreement.h"

namespace localabel {
namespace {

TEST(AgreementEdgeCases, OneAnnotator) {
  auto t = parse_annotations_csv("1,a,x\n2,a,y\n3,a,x\n");
  ASSERT_TRUE(t.ok());
  // Cohen needs a second annotator: the code 1 is unknown.
  EXPECT_EQ(cohen_kappa(*t, 0, 1).error().code, ErrorCode::kUnknownReference);
  // Fleiss needs two raters per item.
  auto f = fleiss_kappa(*t);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
  // Alpha: nothing pairable, NaN with a reason (not an error).
  auto a = krippendorff_alpha(*t, AlphaLevel::kNominal);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(std::isnan(a->value));
  EXPECT_FALSE(a->undefined_reason.empty());
}

TEST(AgreementEdgeCases, PerfectAgreement) {
  std::vector<int32_t> a{0, 1, 2, 0};
  EXPECT_DOUBLE_EQ(percent_agreement(a, a)->value, 1.0);
  EXPECT_DOUBLE_EQ(scott_pi(a, a)->value, 1.0);
  EXPECT_DOUBLE_EQ(bennett_s(a, a)->value, 1.0);
  for (auto w : {KappaWeights::kNone, KappaWeights::kLinear, KappaWeights::kQuadratic})
    EXPECT_DOUBLE_EQ(cohen_kappa(a, a, w)->value, 1.0);
  auto t = parse_annotations_csv("1,a,x\n1,b,x\n1,c,x\n2,a,y\n2,b,y\n2,c,y\n");
  ASSERT_TRUE(t.ok());
  EXPECT_DOUBLE_EQ(fleiss_kappa(*t)->value, 1.0);
  EXPECT_DOUBLE_EQ(krippendorff_alpha(*t, AlphaLevel::kNominal)->value, 1.0);
  EXPECT_DOUBLE_EQ(krippendorff_alpha(*t, AlphaLevel::kOrdinal)->value, 1.0);
}

TEST(AgreementEdgeCases, SingleCategoryFromLongTable) {
  auto t = parse_annotations_csv("1,a,x\n1,b,x\n2,a,x\n2,b,x\n");
  ASSERT_TRUE(t.ok());
  for (auto r : {fleiss_kappa(*t), krippendorff_alpha(*t, AlphaLevel::kNominal),
                 cohen_kappa(*t, 0, 1, KappaWeights::kQuadratic)}) {
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(std::isnan(r->value));
    EXPECT_FALSE(r->undefined_reason.empty());
  }
  // Scott's pi and Bennett's S on one label are undefined too; declaring 2 categories makes S
  // defined: (1 - 1/2) / (1 - 1/2) = 1.
  std::vector<int32_t> one{4, 4, 4};
  EXPECT_TRUE(std::isnan(scott_pi(one, one)->value));
  EXPECT_DOUBLE_EQ(bennett_s(one, one, 2)->value, 1.0);
}

TEST(AgreementEdgeCases, MissingData) {
  // b skipped item 2, c skipped item 1: Cohen aligns the common items, Fleiss refuses and
  // points to alpha, alpha uses every pairable value.
  auto t = parse_annotations_csv("1,a,x\n1,b,x\n2,a,y\n2,c,y\n3,a,x\n3,b,y\n3,c,x\n");
  ASSERT_TRUE(t.ok());
  auto k = cohen_kappa(*t, 0, 1);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->n_units, 2);
  auto f = fleiss_kappa(*t);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("Krippendorff"), std::string::npos);
  auto a = krippendorff_alpha(*t, AlphaLevel::kNominal);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->n_units, 3);
}

TEST(AgreementEdgeCases, EmptyInput) {
  AnnotationTable empty;
  EXPECT_EQ(fleiss_kappa(empty).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(krippendorff_alpha(empty, AlphaLevel::kNominal).error().code, ErrorCode::kEmptyInput);
  std::vector<int32_t> none;
  EXPECT_EQ(percent_agreement(none, none).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(scott_pi(none, none).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(bennett_s(none, none).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(parse_annotations_csv("").error().code, ErrorCode::kEmptyInput);
}

TEST(AgreementEdgeCases, BadTableInput) {
  // Duplicate (annotator, item): an error, never counted twice.
  auto dup = parse_annotations_csv("item,annotator,label\n1,a,x\n1,a,y\n");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(annotation_table_from_ids({1, 1}, {7, 7}, {0, 1}).error().code, ErrorCode::kDuplicate);
  // A label outside the declared set.
  CsvOptions o;
  o.declared_labels = {"low", "high"};
  auto unknown = parse_annotations_csv("1,a,mid\n", o);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnknownReference);
  // Mismatched lengths.
  EXPECT_EQ(annotation_table_from_ids({1, 2}, {1}, {0, 0}).error().code,
            ErrorCode::kLengthMismatch);
  // NaN: not a time, and not a value of a count table; infinite alpha values are refused
  // while NaN marks a missing value.
  EXPECT_FALSE(
      annotation_table_from_ids({1}, {1}, {0}, {std::numeric_limits<double>::quiet_NaN()}).ok());
  std::vector<int32_t> a{0, 1}, b{0, 1, 1};
  EXPECT_EQ(scott_pi(a, b).error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(bennett_s(a, b).error().code, ErrorCode::kLengthMismatch);
  // Unknown annotator codes, negative too.
  auto t = parse_annotations_csv("1,a,x\n1,b,y\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(cohen_kappa(*t, -1, 0).error().code, ErrorCode::kUnknownReference);
  EXPECT_EQ(align_annotators(*t, 0, 5).error().code, ErrorCode::kUnknownReference);
}

}  // namespace
}  // namespace localabel
