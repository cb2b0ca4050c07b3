#include "localabel/annotation_table.h"

#include <algorithm>
#include <charconv>

namespace localabel {

Dictionary Dictionary::from_integers(std::vector<int64_t> sorted_values) {
  Dictionary d;
  d.size_ = static_cast<int32_t>(sorted_values.size());
  bool identity = true;
  for (size_t i = 0; i < sorted_values.size() && identity; ++i)
    identity = sorted_values[i] == static_cast<int64_t>(i);
  if (!identity) d.ints_ = std::move(sorted_values);
  return d;
}

Dictionary Dictionary::from_texts(std::vector<std::string> sorted_values) {
  Dictionary d;
  d.size_ = static_cast<int32_t>(sorted_values.size());
  d.texts_ = std::move(sorted_values);
  return d;
}

Dictionary Dictionary::from_declared(std::vector<std::string> values) {
  Dictionary d = from_texts(std::move(values));
  d.sorted_ = std::is_sorted(d.texts_.begin(), d.texts_.end());
  return d;
}

Dictionary Dictionary::identity(int32_t n) {
  Dictionary d;
  d.size_ = n;
  return d;
}

int32_t Dictionary::size() const { return size_; }

std::string Dictionary::name(int32_t code) const {
  if (!texts_.empty()) return texts_[code];
  return std::to_string(integer(code));
}

std::optional<int32_t> Dictionary::find(std::string_view value) const {
  if (!texts_.empty() && !sorted_) {
    auto it = std::find(texts_.begin(), texts_.end(), value);
    if (it == texts_.end()) return std::nullopt;
    return static_cast<int32_t>(it - texts_.begin());
  }
  if (!texts_.empty()) {
    auto it = std::lower_bound(texts_.begin(), texts_.end(), value,
                               [](const std::string& a, std::string_view b) { return a < b; });
    if (it == texts_.end() || *it != value) return std::nullopt;
    return static_cast<int32_t>(it - texts_.begin());
  }
  int64_t v = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size() || value.empty()) return std::nullopt;
  // "007" is not the integer value 7's spelling.
  if (value.size() > 1 && (value[0] == '0' || (value[0] == '-' && value[1] == '0')))
    return std::nullopt;
  if (ints_.empty()) {
    if (v < 0 || v >= size_) return std::nullopt;
    return static_cast<int32_t>(v);
  }
  auto it = std::lower_bound(ints_.begin(), ints_.end(), v);
  if (it == ints_.end() || *it != v) return std::nullopt;
  return static_cast<int32_t>(it - ints_.begin());
}

Result<AnnotationTable> make_annotation_table(std::vector<int32_t> item,
                                              std::vector<int32_t> annotator,
                                              std::vector<int32_t> label, std::vector<double> time,
                                              Dictionary items, Dictionary annotators,
                                              Dictionary labels) {
  const size_t n = item.size();
  if (annotator.size() != n || label.size() != n || (!time.empty() && time.size() != n))
    return make_error(ErrorCode::kLengthMismatch, "",
                      "item, annotator, label (and time) columns must have equal lengths; got " +
                          std::to_string(n) + ", " + std::to_string(annotator.size()) + ", " +
                          std::to_string(label.size()) + ", " + std::to_string(time.size()));
  if (n > static_cast<size_t>(INT32_MAX))
    return make_error(ErrorCode::kOutOfRange, "", "more than 2^31-1 rows");
  const int32_t ni = items.size(), na = annotators.size(), nl = labels.size();
  auto bad = [](const char* what, size_t row, int32_t code, int32_t size) {
    return make_error(ErrorCode::kOutOfRange, "row " + std::to_string(row),
                      std::string(what) + " code " + std::to_string(code) + " is outside 0.." +
                          std::to_string(size - 1));
  };
  bool grouped = true;
  int32_t prev = 0;
  std::vector<int64_t> offsets(static_cast<size_t>(ni) + 1, 0);
  for (size_t r = 0; r < n; ++r) {
    if (static_cast<uint32_t>(item[r]) >= static_cast<uint32_t>(ni))
      return bad("item", r, item[r], ni);
    if (static_cast<uint32_t>(annotator[r]) >= static_cast<uint32_t>(na))
      return bad("annotator", r, annotator[r], na);
    if (static_cast<uint32_t>(label[r]) >= static_cast<uint32_t>(nl))
      return bad("label", r, label[r], nl);
    if (!time.empty() && !(time[r] >= 0 && time[r] < 1e300))
      return make_error(ErrorCode::kOutOfRange, "row " + std::to_string(r),
                        "time must be a finite number of seconds >= 0");
    if (item[r] < prev) grouped = false;
    prev = item[r];
    ++offsets[item[r] + 1];
  }
  for (int32_t i = 0; i < ni; ++i) offsets[i + 1] += offsets[i];
  std::vector<int32_t> rows;
  if (!grouped) {
    rows.resize(n);
    std::vector<int64_t> fill(offsets.begin(), offsets.end() - 1);
    for (size_t r = 0; r < n; ++r) rows[fill[item[r]]++] = static_cast<int32_t>(r);
  }
  // Duplicate (item, annotator) pairs: stamp each annotator with the last item it was seen on.
  std::vector<int32_t> seen_item(static_cast<size_t>(na), -1);
  std::vector<int32_t> seen_row(static_cast<size_t>(na), -1);
  for (int32_t i = 0; i < ni; ++i) {
    for (int64_t k = offsets[i]; k < offsets[i + 1]; ++k) {
      int32_t r = grouped ? static_cast<int32_t>(k) : rows[k];
      int32_t a = annotator[r];
      if (seen_item[a] == i)
        return make_error(
            ErrorCode::kDuplicate,
            "rows " + std::to_string(seen_row[a]) + " and " + std::to_string(r),
            "annotator '" + annotators.name(a) + "' labelled item '" + items.name(i) + "' twice");
      seen_item[a] = i;
      seen_row[a] = r;
    }
  }
  AnnotationTable t;
  t.item = std::move(item);
  t.annotator = std::move(annotator);
  t.label = std::move(label);
  t.time = std::move(time);
  t.items = std::move(items);
  t.annotators = std::move(annotators);
  t.labels = std::move(labels);
  t.item_offsets = std::move(offsets);
  t.item_rows = std::move(rows);
  return t;
}

}  // namespace localabel
