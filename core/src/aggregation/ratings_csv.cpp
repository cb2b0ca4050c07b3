// The long CSV of ratings for dawid_skene_ratings: like the annotation table's CSV, but an
// (item, annotator) pair may repeat.
#include <algorithm>
#include <charconv>
#include <map>
#include <string>

#include "localabel/aggregation.h"

namespace localabel {
namespace {

// Splits one CSV line into fields ("..." quotes a field, "" inside is a quote).
Result<std::vector<std::string>> split_line(std::string_view line, int64_t number) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        fields.back() += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted)
    return make_error(ErrorCode::kInvalidFormat, "line " + std::to_string(number),
                      "a quoted field does not end on its line");
  return fields;
}

bool is_integer(const std::string& s, int64_t* out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

// Codes in sorted order: numeric when every value is an integer, else bytewise.
Dictionary dictionary_of(const std::vector<std::string>& values,
                         std::map<std::string, int32_t>* code) {
  std::vector<std::string> unique(values);
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::vector<int64_t> ints(unique.size());
  bool all_int = true;
  for (size_t j = 0; j < unique.size() && all_int; ++j) all_int = is_integer(unique[j], &ints[j]);
  if (all_int) {
    std::vector<size_t> order(unique.size());
    for (size_t j = 0; j < order.size(); ++j) order[j] = j;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ints[a] < ints[b]; });
    std::vector<int64_t> sorted;
    for (size_t j = 0; j < order.size(); ++j) {
      // "01" and "1" are one value: keep the first spelling's code for both.
      if (!sorted.empty() && sorted.back() == ints[order[j]]) {
        (*code)[unique[order[j]]] = static_cast<int32_t>(sorted.size() - 1);
        continue;
      }
      sorted.push_back(ints[order[j]]);
      (*code)[unique[order[j]]] = static_cast<int32_t>(sorted.size() - 1);
    }
    return Dictionary::from_integers(std::move(sorted));
  }
  for (size_t j = 0; j < unique.size(); ++j) (*code)[unique[j]] = static_cast<int32_t>(j);
  return Dictionary::from_texts(std::move(unique));
}

}  // namespace

Result<RatingsTable> parse_ratings_csv(std::string_view text) {
  std::vector<std::string> columns[3];
  int column_of[3] = {-1, -1, -1};
  static const char* kNames[3] = {"item", "annotator", "label"};
  int64_t number = 0;
  size_t start = 0;
  bool header = true;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    auto fields = split_line(line, number);
    if (!fields) return fields.error();
    if (header) {
      header = false;
      for (int c = 0; c < 3; ++c) {
        auto at = std::find(fields->begin(), fields->end(), kNames[c]);
        if (at == fields->end())
          return make_error(ErrorCode::kMissingField, "line 1",
                            std::string("no '") + kNames[c] +
                                "' column (expected a header item,annotator,label)");
        column_of[c] = static_cast<int>(at - fields->begin());
      }
      continue;
    }
    for (int c = 0; c < 3; ++c) {
      if (column_of[c] >= static_cast<int>(fields->size()) ||
          (*fields)[static_cast<size_t>(column_of[c])].empty())
        return make_error(ErrorCode::kMissingField, "line " + std::to_string(number),
                          std::string("no ") + kNames[c]);
      columns[c].push_back((*fields)[static_cast<size_t>(column_of[c])]);
    }
  }
  if (columns[0].empty()) return make_error(ErrorCode::kEmptyInput, "", "no ratings");
  RatingsTable t;
  std::map<std::string, int32_t> codes[3];
  t.items = dictionary_of(columns[0], &codes[0]);
  t.annotators = dictionary_of(columns[1], &codes[1]);
  t.labels = dictionary_of(columns[2], &codes[2]);
  t.ratings.resize(columns[0].size());
  for (size_t r = 0; r < t.ratings.size(); ++r)
    t.ratings[r] = {codes[0][columns[0][r]], codes[1][columns[1][r]], codes[2][columns[2][r]]};
  return t;
}

}  // namespace localabel
