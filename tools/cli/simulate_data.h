// Data sets for `localabel simulate`: numeric CSV (features + a label column) or text files,
// one per class, whose entries are separated by lines holding only "%" (fortune files).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace localabel::cli {

struct LabelledData {
  std::vector<float> features;  ///< rows × cols, row-major (empty for text)
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<std::string> texts;  ///< one per row for text data
  std::vector<int32_t> labels;     ///< class index of every row
  std::vector<std::string> class_names;
};

/// Parses a numeric CSV. The label is the last column; its distinct values (sorted as
/// numbers) become classes 0..K−1. A first line that is not all numbers, or whose field count
/// differs from the second line's (scikit-learn's "n_samples,n_features,names..." line), is
/// skipped. False and a message naming the line on bad input.
bool parse_numeric_csv(const std::string& text, LabelledData* out, std::string* error);

/// Splits a fortune-format file (entries separated by lines that are exactly "%") into
/// non-empty entries, at most `limit` of them (0 = all).
std::vector<std::string> split_fortunes(const std::string& text, int64_t limit);

}  // namespace localabel::cli
