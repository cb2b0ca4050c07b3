#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "localabel/agreement.h"

namespace localabel {
namespace {

std::string read_data(const std::string& name) {
  std::ifstream f(std::string(LOCALABEL_TEST_DATA) + "/agreement/" + name);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// tests/data/agreement/pairwise.csv: annotators a, b, c share some items, d shares none.
// Reference values: scikit-learn 1.2.1 cohen_kappa_score on each pair's common items
// (unweighted / weights="linear"), percent agreement by hand.
TEST(PairwiseAgreement, MatchesScikitLearnOnEveryPair) {
  auto t = parse_annotations_csv(read_data("pairwise.csv"));
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto p = pairwise_agreement(*t);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->n_annotators, 4);
  auto at = [&](const std::vector<double>& m, int a, int b) { return m[a * 4 + b]; };
  EXPECT_EQ(p->shared_items[0 * 4 + 1], 7);
  EXPECT_EQ(p->shared_items[0 * 4 + 2], 6);
  EXPECT_EQ(p->shared_items[2 * 4 + 1], 5);  // symmetric
  EXPECT_EQ(p->shared_items[0 * 4 + 0], 8);  // diagonal: items a labelled
  EXPECT_NEAR(at(p->kappa, 0, 1), 0.5333333333333333, 1e-12);
  EXPECT_NEAR(at(p->kappa, 0, 2), 0.75, 1e-12);
  EXPECT_NEAR(at(p->kappa, 1, 2), 0.0625, 1e-12);
  EXPECT_NEAR(at(p->kappa, 2, 1), 0.0625, 1e-12);
  EXPECT_NEAR(at(p->percent, 0, 1), 5.0 / 7, 1e-12);
  EXPECT_NEAR(at(p->percent, 1, 2), 0.4, 1e-12);
  // d shares no item: NaN with a reason, shared 0.
  EXPECT_EQ(p->shared_items[3 * 4 + 0], 0);
  EXPECT_TRUE(std::isnan(at(p->kappa, 3, 0)));
  EXPECT_TRUE(std::isnan(at(p->percent, 0, 3)));
  EXPECT_EQ(p->kappa_reason[0 * 4 + 3], "no item in common");
  EXPECT_TRUE(std::isnan(at(p->kappa, 1, 1)));
  EXPECT_NE(p->kappa_reason[1 * 4 + 1].find("same annotator"), std::string::npos);
  EXPECT_TRUE(p->kappa_reason[0 * 4 + 1].empty());
  auto lin = pairwise_agreement(*t, KappaWeights::kLinear);
  ASSERT_TRUE(lin.ok());
  EXPECT_NEAR(at(lin->kappa, 0, 1), 0.6111111111111112, 1e-12);
  EXPECT_NEAR(at(lin->kappa, 0, 2), 0.8235294117647058, 1e-12);
  EXPECT_NEAR(at(lin->kappa, 1, 2), 0.2857142857142857, 1e-12);
  // Same values as the two-annotator function on the aligned items.
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b)
      EXPECT_DOUBLE_EQ(at(p->kappa, a, b), cohen_kappa(*t, a, b)->value);
}

TEST(PairwiseAgreement, EdgeCases) {
  // One annotator: a 1 x 1 matrix whose only cell is the diagonal.
  auto one = parse_annotations_csv("1,a,x\n2,a,y\n");
  ASSERT_TRUE(one.ok());
  auto p = pairwise_agreement(*one);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->n_annotators, 1);
  EXPECT_TRUE(std::isnan(p->kappa[0]));
  // Perfect agreement on one category: percent 1, kappa NaN with the reason of cohen_kappa.
  auto same = parse_annotations_csv("1,a,x\n1,b,x\n2,a,x\n2,b,x\n");
  ASSERT_TRUE(same.ok());
  auto s = pairwise_agreement(*same);
  ASSERT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s->percent[1], 1.0);
  EXPECT_TRUE(std::isnan(s->kappa[1]));
  EXPECT_NE(s->kappa_reason[1].find("same label"), std::string::npos);
  // Perfect agreement on two categories: kappa 1.
  auto perfect = parse_annotations_csv("1,a,x\n1,b,x\n2,a,y\n2,b,y\n");
  ASSERT_TRUE(perfect.ok());
  EXPECT_DOUBLE_EQ(pairwise_agreement(*perfect)->kappa[1], 1.0);
  // Empty input.
  AnnotationTable empty;
  EXPECT_EQ(pairwise_agreement(empty).error().code, ErrorCode::kEmptyInput);
}

// Fleiss (1971), Table 1 (30 patients, 6 psychiatrists, 5 diagnoses) and the per-category
// kappas of his Table 2: depression .245, personality disorder .245, schizophrenia .520,
// neurosis .471, other .566 (overall kappa .430). Counts as transcribed in
// tests/data/agreement/fleiss1971.csv.
std::vector<int32_t> fleiss1971_counts() {
  std::vector<int32_t> counts;
  std::istringstream in(read_data("fleiss1971.csv"));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream f(line);
    std::string cell;
    std::getline(f, cell, ',');  // item
    while (std::getline(f, cell, ',')) counts.push_back(std::stoi(cell));
  }
  return counts;
}

TEST(PerClassAgreement, Fleiss1971PerCategoryKappas) {
  auto counts = fleiss1971_counts();
  ASSERT_EQ(counts.size(), 150u);
  auto r = per_class_agreement(counts, 30, 5);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const double published[] = {0.245, 0.245, 0.520, 0.471, 0.566};
  for (int j = 0; j < 5; ++j) EXPECT_NEAR((*r)[j].kappa, published[j], 5e-4) << j;
  // p_j = share of the 180 assignments: 26, 26, 30, 55, 43.
  const double assigned[] = {26, 26, 30, 55, 43};
  for (int j = 0; j < 5; ++j) {
    EXPECT_NEAR((*r)[j].proportion, assigned[j] / 180, 1e-12);
    EXPECT_EQ((*r)[j].assignments, static_cast<int64_t>(assigned[j]));
  }
  EXPECT_NEAR(fleiss_kappa(counts, 30, 5)->value, 0.430, 5e-4);
}

TEST(PerClassAgreement, LongTableMatchesCountTable) {
  auto t = parse_annotations_csv(read_data("fleiss1971_long.csv"));
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto r = per_class_agreement(*t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  // Text labels are coded in sorted order: Depression, Neurosis, Other, Personality
  // disorder, Schizophrenia.
  const double published[] = {0.245, 0.471, 0.566, 0.245, 0.520};
  for (int j = 0; j < 5; ++j) EXPECT_NEAR((*r)[j].kappa, published[j], 5e-4) << j;
}

// Wikipedia "Fleiss' kappa" worked example: p_j = 0.143, 0.200, 0.279, 0.150, 0.229.
TEST(PerClassAgreement, WikipediaProportions) {
  const std::vector<int32_t> table{0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3,
                                   9, 2, 0, 2, 2,  8, 1, 1, 7, 7, 0, 0, 0, 3, 2, 6, 3,
                                   0, 2, 5, 3, 2,  2, 6, 5, 2, 1, 0, 0, 2, 2, 3, 7};
  auto r = per_class_agreement(table, 10, 5);
  ASSERT_TRUE(r.ok());
  const double pj[] = {0.143, 0.200, 0.279, 0.150, 0.229};
  for (int j = 0; j < 5; ++j) EXPECT_NEAR((*r)[j].proportion, pj[j], 5e-4);
  // Per-category kappa equals Fleiss' kappa of the two-category table "j" vs "not j".
  for (int j = 0; j < 5; ++j) {
    std::vector<int32_t> binary;
    for (int i = 0; i < 10; ++i) {
      binary.push_back(table[i * 5 + j]);
      binary.push_back(14 - table[i * 5 + j]);
    }
    EXPECT_NEAR((*r)[j].kappa, fleiss_kappa(binary, 10, 2)->value, 1e-12) << j;
  }
}

// Two raters: specific agreement is the positive agreement 2a / (2a + b + c) (Cicchetti &
// Feinstein 1990). Wikipedia's Cohen proposal table: a = 20, b = 5, c = 10, d = 15 gives
// yes 40/55, no 30/45.
TEST(PerClassAgreement, SpecificAgreementOfTwoRaters) {
  std::string csv = "item,annotator,label\n";
  auto add = [&](int from, int n, const char* la, const char* lb) {
    for (int i = from; i < from + n; ++i)
      csv += std::to_string(i) + ",A," + la + "\n" + std::to_string(i) + ",B," + lb + "\n";
  };
  add(0, 20, "yes", "yes");
  add(20, 5, "yes", "no");
  add(25, 10, "no", "yes");
  add(35, 15, "no", "no");
  auto t = parse_annotations_csv(csv);
  ASSERT_TRUE(t.ok());
  auto r = per_class_agreement(*t);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR((*r)[1].specific, 40.0 / 55, 1e-12);  // "yes" (code 1)
  EXPECT_NEAR((*r)[0].specific, 30.0 / 45, 1e-12);  // "no"
}

TEST(PerClassAgreement, UndefinedAndMissing) {
  // A label nobody chose on a pairable item, and a label everybody chose.
  std::vector<int32_t> counts{3, 0, 3, 0};
  auto r = per_class_agreement(counts, 2, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isnan((*r)[0].kappa));
  EXPECT_DOUBLE_EQ((*r)[0].specific, 1.0);
  EXPECT_NE((*r)[0].undefined_reason.find("every answer"), std::string::npos);
  EXPECT_TRUE(std::isnan((*r)[1].kappa));
  EXPECT_TRUE(std::isnan((*r)[1].specific));
  EXPECT_NE((*r)[1].undefined_reason.find("nobody"), std::string::npos);
  // Missing data: items with 3 and 2 answers; an item with one answer is skipped. Hand
  // computed: item 1 {x,x,y}, item 2 {x,y}; M = 5, p_x = 3/5;
  // disagreement_x = 2*1/2 + 1*1/1 = 2, kappa_x = 1 - 2 / (5 * 0.6 * 0.4) = -2/3.
  auto t = parse_annotations_csv("1,a,x\n1,b,x\n1,c,y\n2,a,x\n2,b,y\n3,a,y\n");
  ASSERT_TRUE(t.ok());
  auto m = per_class_agreement(*t);
  ASSERT_TRUE(m.ok());
  EXPECT_NEAR((*m)[0].kappa, -2.0 / 3, 1e-12);
  EXPECT_NEAR((*m)[0].proportion, 0.6, 1e-12);
  // One annotator: no item has two answers.
  auto one = parse_annotations_csv("1,a,x\n2,a,y\n");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(per_class_agreement(*one).error().code, ErrorCode::kEmptyInput);
  std::vector<int32_t> bad{1, -1};
  EXPECT_EQ(per_class_agreement(bad, 1, 2).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(per_class_agreement(bad, 2, 2).error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(per_class_agreement({}, 0, 2).error().code, ErrorCode::kEmptyInput);
}

}  // namespace
}  // namespace localabel
