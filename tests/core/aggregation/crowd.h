// Helpers shared by the aggregation tests: a table read from CSV text, and the share of
// labels that agree with the truth.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "localabel/annotation_table.h"

namespace localabel::test {

/// The annotation table of CSV text (item, annotator, label columns); a parse error fails the
/// calling test and gives an empty table.
inline AnnotationTable table(const std::string& csv) {
  auto t = parse_annotations_csv(csv);
  EXPECT_TRUE(t.ok()) << t.error().message;
  return t.ok() ? std::move(t).value() : AnnotationTable{};
}

/// Fraction of positions where a and b hold the same label (a and b of equal length > 0).
inline double accuracy(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  int right = 0;
  for (size_t i = 0; i < a.size(); ++i) right += a[i] == b[i];
  return static_cast<double>(right) / static_cast<double>(a.size());
}

}  // namespace localabel::test
