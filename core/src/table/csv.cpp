// Hand-rolled long-CSV parser: one pass over the bytes, integers parsed in place, text
// values interned by string_view into the input. A column holding only integers is coded by
// numeric order; the first non-integer value switches that column to text and restarts.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <unordered_map>

#include "localabel/annotation_table.h"
#include "localabel/unicode.h"

namespace localabel {
namespace {

enum Role { kItem = 0, kAnnotator = 1, kLabel = 2, kTime = 3, kIgnore = 4 };

bool parse_i32(const char* b, const char* e, int32_t* out) {
  if (b == e) return false;
  bool neg = *b == '-';
  if (neg && ++b == e) return false;
  if (*b == '0' && (e - b > 1 || neg)) return false;  // "007" and "-0" stay text
  if (e - b > 10) return false;
  int64_t v = 0;
  for (; b < e; ++b) {
    unsigned d = static_cast<unsigned>(*b - '0');
    if (d > 9) return false;
    v = v * 10 + d;
  }
  if (neg) v = -v;
  if (v < INT32_MIN || v > INT32_MAX) return false;
  *out = static_cast<int32_t>(v);
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// One coded column while parsing.
struct Column {
  bool text = false;
  int32_t lo = INT32_MAX, hi = INT32_MIN;
  std::unordered_map<std::string_view, int32_t> codes;  // text mode: first-appearance codes
  std::vector<std::string_view> names;
  std::vector<int32_t> values;

  // Returns false when an integer column meets text (the caller restarts in text mode).
  void add_int(int32_t x) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    values.push_back(x);
  }

  bool add(std::string_view v) {
    if (!text) {
      int32_t x;
      if (!parse_i32(v.data(), v.data() + v.size(), &x)) return false;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
      values.push_back(x);
      return true;
    }
    auto [it, inserted] = codes.try_emplace(v, static_cast<int32_t>(names.size()));
    if (inserted) names.push_back(v);
    values.push_back(it->second);
    return true;
  }

  // Recodes values to sorted order and returns the dictionary.
  Dictionary finish() {
    if (text) {
      std::vector<int32_t> order(names.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
      std::sort(order.begin(), order.end(),
                [&](int32_t a, int32_t b) { return names[a] < names[b]; });
      std::vector<int32_t> remap(names.size());
      std::vector<std::string> sorted(names.size());
      for (size_t k = 0; k < order.size(); ++k) {
        remap[order[k]] = static_cast<int32_t>(k);
        sorted[k] = std::string(names[order[k]]);
      }
      for (int32_t& v : values) v = remap[v];
      return Dictionary::from_texts(std::move(sorted));
    }
    if (values.empty()) return Dictionary::from_integers({});
    const int64_t range = static_cast<int64_t>(hi) - lo + 1;
    std::vector<int64_t> distinct;
    if (range <= std::max<int64_t>(4 * static_cast<int64_t>(values.size()), 1 << 20)) {
      std::vector<int32_t> code(static_cast<size_t>(range), 0);
      for (int32_t v : values) code[v - lo] = 1;
      int32_t next = 0;
      for (int64_t k = 0; k < range; ++k) {
        if (code[k]) {
          code[k] = next++;
          distinct.push_back(lo + k);
        }
      }
      if (lo == 0 && next == range) return Dictionary::from_integers(std::move(distinct));
      for (int32_t& v : values) v = code[v - lo];
      return Dictionary::from_integers(std::move(distinct));
    }
    std::vector<int32_t> sorted(values);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (int32_t& v : values)
      v = static_cast<int32_t>(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
    distinct.assign(sorted.begin(), sorted.end());
    return Dictionary::from_integers(std::move(distinct));
  }
};

struct Field {
  std::string_view value;
};

// Where a CSV reader is: the next byte, the end, the 1-based line of the next byte and the
// first byte of that line (for columns in errors).
struct CsvCursor {
  const char* p;
  const char* end;
  int64_t line;
  const char* line_start;
};

// Reads one record (RFC 4180: comma separated, "quoted" fields with "" escapes and line
// breaks inside quotes; LF or CRLF line ends) into `fields`; unquoted values point into the
// input, unquoted copies of quoted values live in `store`. `*blank` tells whether the record
// was an empty line. The one reader of the annotation and gold CSVs. Returns false with
// `*error` set (path "line L, column C") on an unterminated quote or text after a closing
// quote.
bool read_csv_record(CsvCursor& c, std::vector<Field>& fields, std::deque<std::string>& store,
                     bool* blank, Error* error) {
  fields.clear();
  *blank = true;
  for (;;) {
    if (c.p < c.end && *c.p == '"') {
      const int64_t open_line = c.line;
      const int64_t open_column = c.p - c.line_start + 1;
      std::string unq;
      ++c.p;
      for (;;) {
        if (c.p >= c.end) {
          *error = make_error(
              ErrorCode::kInvalidFormat,
              "line " + std::to_string(open_line) + ", column " + std::to_string(open_column),
              "unterminated quoted field");
          return false;
        }
        if (*c.p == '"') {
          if (c.p + 1 < c.end && c.p[1] == '"') {
            unq.push_back('"');
            c.p += 2;
            continue;
          }
          ++c.p;
          break;
        }
        if (*c.p == '\n') {
          ++c.line;
          c.line_start = c.p + 1;
        }
        unq.push_back(*c.p++);
      }
      if (c.p < c.end && *c.p != ',' && *c.p != '\n' && *c.p != '\r') {
        *error = make_error(
            ErrorCode::kInvalidFormat,
            "line " + std::to_string(c.line) + ", column " + std::to_string(c.p - c.line_start + 1),
            "text after a closing quote (expected a comma or the end of the "
            "line; a quote inside a quoted field is written \"\")");
        return false;
      }
      store.push_back(std::move(unq));
      fields.push_back({store.back()});
      *blank = false;
    } else {
      const char* b = c.p;
      while (c.p < c.end && *c.p != ',' && *c.p != '\n' && *c.p != '\r') ++c.p;
      fields.push_back({std::string_view(b, static_cast<size_t>(c.p - b))});
      if (c.p > b) *blank = false;
    }
    if (c.p < c.end && *c.p == ',') {
      ++c.p;
      *blank = false;
      continue;
    }
    if (c.p < c.end && *c.p == '\r') ++c.p;
    if (c.p < c.end && *c.p == '\n') ++c.p;
    return true;
  }
}

class Parser {
 public:
  Parser(std::string_view text, const bool* force_text) : text_(text) {
    for (int c = 0; c < 3; ++c) cols_[c].text = force_text[c];
  }

  // Returns the column (0..2) that must restart as text, -1 when done, -2 on error_.
  int run() {
    const char* p = text_.data();
    const char* end = p + text_.size();
    int64_t line = 0;
    size_t expected_rows = static_cast<size_t>(std::count(p, end, '\n')) + 1;
    for (auto& c : cols_) c.values.reserve(expected_rows);
    bool first = true;
    std::vector<Field> fields;
    while (p < end) {
      ++line;
      if (fast_) {
        // Fast path for the common `int,int,int` line; anything else takes the general path.
        const char* q = p;
        int32_t v[3];
        int k = 0;
        for (; k < 3; ++k) {
          bool neg = q < end && *q == '-';
          const char* d = q + neg;
          const char* e = d;
          uint64_t x = 0;
          while (e < end && static_cast<unsigned>(*e - '0') < 10)
            x = x * 10 + static_cast<unsigned>(*e++ - '0');
          const int64_t len = e - d;
          if (len == 0 || len > 10 || (*d == '0' && (len > 1 || neg))) break;
          const int64_t sx = neg ? -static_cast<int64_t>(x) : static_cast<int64_t>(x);
          if (sx < INT32_MIN || sx > INT32_MAX) break;
          v[k] = static_cast<int32_t>(sx);
          if (k < 2) {
            if (e >= end || *e != ',') break;
            q = e + 1;
          } else {
            if (e < end && *e == '\r') ++e;
            if (e < end && *e != '\n') break;
            q = e < end ? e + 1 : e;
          }
        }
        if (k == 3) {
          if (shifted_) {
            lines_.push_back({rows_, line});
            shifted_ = false;
          }
          for (int c = 0; c < 3; ++c) cols_[roles_[c]].add_int(v[c]);
          ++rows_;
          p = q;
          continue;
        }
      }
      // Split one record into fields.
      bool blank = true;
      CsvCursor cursor{p, end, line, p};
      if (!read_csv_record(cursor, fields, store_, &blank, &error_)) return -2;
      if (cursor.line != line) shifted_ = true;
      p = cursor.p;
      line = cursor.line;
      if (blank) {
        shifted_ = true;
        continue;
      }
      if (first) {
        first = false;
        if (detect_header(fields)) {
          shifted_ = true;
          continue;
        }
        if (fields.size() < 3 || fields.size() > 4) {
          error_ = make_error(ErrorCode::kInvalidFormat, "line " + std::to_string(line),
                              "expected item,annotator,label[,time] (3 or 4 fields), got " +
                                  std::to_string(fields.size()) + " fields");
          return -2;
        }
        n_fields_ = fields.size();
        for (size_t k = 0; k < fields.size(); ++k) roles_[k] = static_cast<Role>(k);
        has_time_ = fields.size() == 4;
      }
      if (fields.size() != n_fields_) {
        error_ = make_error(ErrorCode::kInvalidFormat, "line " + std::to_string(line),
                            "expected " + std::to_string(n_fields_) + " fields, got " +
                                std::to_string(fields.size()));
        return -2;
      }
      if (shifted_) {
        lines_.push_back({rows_, line});
        shifted_ = false;
      }
      fast_ = n_fields_ == 3 && roles_[0] < 3 && roles_[1] < 3 && roles_[2] < 3 && !cols_[0].text &&
              !cols_[1].text && !cols_[2].text;
      for (size_t k = 0; k < n_fields_; ++k) {
        Role r = roles_[k];
        std::string_view v = fields[k].value;
        if (r == kIgnore) continue;
        if (v.empty()) {
          error_ = make_error(ErrorCode::kInvalidFormat, "line " + std::to_string(line),
                              std::string("empty ") + kNames[r]);
          return -2;
        }
        if (r == kTime) {
          char buf[64];
          if (v.size() >= sizeof buf) return bad_time(line, v);
          std::memcpy(buf, v.data(), v.size());
          buf[v.size()] = 0;
          char* e = nullptr;
          double t = std::strtod(buf, &e);
          if (e != buf + v.size() || !(t >= 0 && t < 1e300)) return bad_time(line, v);
          time_.push_back(t);
          continue;
        }
        if (!cols_[r].add(v)) return r;
      }
      ++rows_;
    }
    if (rows_ == 0) {
      error_ = make_error(ErrorCode::kEmptyInput, "", "the CSV has no annotation rows");
      return -2;
    }
    return -1;
  }

  // The 1-based line of a data row.
  int64_t line_of(int64_t row) const {
    auto it = std::upper_bound(
        lines_.begin(), lines_.end(), row,
        [](int64_t r, const std::pair<int64_t, int64_t>& e) { return r < e.first; });
    if (it == lines_.begin()) return row + 1;
    --it;
    return it->second + (row - it->first);
  }

  Error error_;
  Column cols_[3];
  std::vector<double> time_;
  bool has_time_ = false;

 private:
  static constexpr const char* kNames[4] = {"item", "annotator", "label", "time"};

  int bad_time(int64_t line, std::string_view v) {
    error_ = make_error(ErrorCode::kInvalidFormat, "line " + std::to_string(line),
                        "time '" + std::string(v) + "' is not a number of seconds >= 0");
    return -2;
  }

  bool detect_header(const std::vector<Field>& fields) {
    int found[4] = {-1, -1, -1, -1};
    bool any = false;
    for (size_t k = 0; k < fields.size() && k < 16; ++k) {
      std::string n = lower(fields[k].value);
      int role = kIgnore;
      if (n == "item" || n == "task" || n == "item_id" || n == "task_id") role = kItem;
      if (n == "annotator" || n == "worker" || n == "annotator_id" || n == "worker_id")
        role = kAnnotator;
      if (n == "label") role = kLabel;
      if (n == "time" || n == "seconds" || n == "lead_time") role = kTime;
      if (role != kIgnore) {
        any = true;
        found[role] = static_cast<int>(k);
      }
    }
    if (!any) return false;
    if (fields.size() > 16 || found[kItem] < 0 || found[kAnnotator] < 0 || found[kLabel] < 0) {
      error_ = make_error(ErrorCode::kInvalidFormat, "line 1",
                          "header must name the columns item, annotator and label (and "
                          "optionally time)");
      header_error_ = true;
      return true;
    }
    n_fields_ = fields.size();
    for (size_t k = 0; k < n_fields_; ++k) roles_[k] = kIgnore;
    for (int r = 0; r < 4; ++r)
      if (found[r] >= 0) roles_[found[r]] = static_cast<Role>(r);
    has_time_ = found[kTime] >= 0;
    return true;
  }

 public:
  bool header_error_ = false;

 private:
  std::string_view text_;
  std::deque<std::string> store_;
  Role roles_[16] = {};
  size_t n_fields_ = 0;
  int64_t rows_ = 0;
  bool shifted_ = false;
  bool fast_ = false;
  std::vector<std::pair<int64_t, int64_t>> lines_;  // (row, line) after a skipped line
};

// Names read from a CSV end up in JSON (reports, exports), which must be UTF-8: refuse other
// bytes up front, naming the line and column of the first bad byte.
Status check_utf8(std::string_view text) {
  const size_t bad = utf8_invalid_offset(text);
  if (bad == std::string_view::npos) return Ok{};
  const std::string_view before = text.substr(0, bad);
  const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  const size_t nl = before.rfind('\n');
  const size_t column = (nl == std::string_view::npos ? bad : bad - nl - 1) + 1;
  return make_error(ErrorCode::kInvalidFormat,
                    "line " + std::to_string(line) + ", column " + std::to_string(column),
                    "the CSV is not valid UTF-8");
}

}  // namespace

Result<AnnotationTable> parse_annotations_csv(std::string_view text, const CsvOptions& options) {
  if (Status utf8 = check_utf8(text); !utf8.ok()) return utf8.error();
  bool force_text[3] = {false, false, false};
  for (int attempt = 0; attempt < 4; ++attempt) {
    Parser parser(text, force_text);
    int r = parser.run();
    if (parser.header_error_) return parser.error_;
    if (r == -2) return parser.error_;
    if (r >= 0) {
      force_text[r] = true;
      continue;
    }
    Dictionary dicts[3];
    for (int c = 0; c < 3; ++c) dicts[c] = parser.cols_[c].finish();
    std::vector<int32_t>& labels = parser.cols_[kLabel].values;
    if (!options.declared_labels.empty()) {
      const auto& declared = options.declared_labels;
      std::vector<int32_t> remap(static_cast<size_t>(dicts[kLabel].size()), -1);
      for (int32_t c = 0; c < dicts[kLabel].size(); ++c) {
        std::string name = dicts[kLabel].name(c);
        auto it = std::find(declared.begin(), declared.end(), name);
        if (it != declared.end()) remap[c] = static_cast<int32_t>(it - declared.begin());
      }
      for (size_t row = 0; row < labels.size(); ++row) {
        int32_t code = remap[labels[row]];
        if (code < 0)
          return make_error(
              ErrorCode::kUnknownReference,
              "line " + std::to_string(parser.line_of(static_cast<int64_t>(row))),
              "label '" + dicts[kLabel].name(labels[row]) + "' is not in the declared label set");
        labels[row] = code;
      }
      for (size_t k = 1; k < declared.size(); ++k)
        if (std::find(declared.begin(), declared.begin() + k, declared[k]) != declared.begin() + k)
          return make_error(ErrorCode::kDuplicate, "declared labels",
                            "label '" + declared[k] + "' is declared twice");
      dicts[kLabel] = Dictionary::from_declared(declared);
    }
    auto table = make_annotation_table(
        std::move(parser.cols_[kItem].values), std::move(parser.cols_[kAnnotator].values),
        std::move(labels), std::move(parser.time_), std::move(dicts[0]), std::move(dicts[1]),
        std::move(dicts[2]));
    if (!table.ok() && table.error().code == ErrorCode::kDuplicate) {
      // Translate "rows a and b" into file lines.
      const std::string& where = table.error().path;
      int64_t ra = std::atoll(where.c_str() + 5);
      size_t and_pos = where.find(" and ");
      int64_t rb = and_pos == std::string::npos ? ra : std::atoll(where.c_str() + and_pos + 5);
      std::string msg = table.error().message.substr(where.size() + 2);
      return make_error(ErrorCode::kDuplicate,
                        "lines " + std::to_string(parser.line_of(ra)) + " and " +
                            std::to_string(parser.line_of(rb)),
                        msg);
    }
    return table;
  }
  return make_error(ErrorCode::kInvalidFormat, "", "could not determine the column types");
}

Result<std::vector<GoldAnswer>> parse_gold_csv(std::string_view text,
                                               const AnnotationTable& table) {
  if (Status utf8 = check_utf8(text); !utf8.ok()) return utf8.error();
  std::vector<GoldAnswer> out;
  std::vector<int32_t> seen_line(static_cast<size_t>(table.n_items()), 0);
  const char* p = text.data();
  const char* end = p + text.size();
  int64_t line = 0;
  int item_col = 0, label_col = 1;
  std::vector<Field> fields;
  std::deque<std::string> store;
  Error error;
  while (p < end) {
    ++line;
    const int64_t first_line = line;
    CsvCursor cursor{p, end, line, p};
    bool blank = true;
    if (!read_csv_record(cursor, fields, store, &blank, &error)) return error;
    p = cursor.p;
    line = cursor.line;
    if (blank) continue;
    std::vector<std::string_view> f;
    f.reserve(fields.size());
    for (const Field& field : fields) f.push_back(field.value);
    if (out.empty() && first_line == 1) {
      int ic = -1, lc = -1;
      for (size_t k = 0; k < f.size(); ++k) {
        std::string n = lower(f[k]);
        if (n == "item" || n == "task" || n == "item_id" || n == "task_id")
          ic = static_cast<int>(k);
        if (n == "label" || n == "gold" || n == "true_label") lc = static_cast<int>(k);
      }
      if (ic >= 0 || lc >= 0) {
        if (ic < 0 || lc < 0)
          return make_error(ErrorCode::kInvalidFormat, "line 1",
                            "gold header must name the columns item and label");
        item_col = ic;
        label_col = lc;
        continue;
      }
    }
    const std::string where = "line " + std::to_string(first_line);
    if (static_cast<int>(f.size()) <= std::max(item_col, label_col))
      return make_error(ErrorCode::kInvalidFormat, where, "expected item,label");
    auto item = table.items.find(f[item_col]);
    if (!item)
      return make_error(ErrorCode::kUnknownReference, where,
                        "gold item '" + std::string(f[item_col]) + "' has no annotations");
    auto label = table.labels.find(f[label_col]);
    if (!label)
      return make_error(
          ErrorCode::kUnknownReference, where,
          "gold label '" + std::string(f[label_col]) + "' is not among the annotations' labels");
    if (seen_line[*item])
      return make_error(ErrorCode::kDuplicate, where,
                        "gold item '" + std::string(f[item_col]) + "' already given on line " +
                            std::to_string(seen_line[*item]));
    seen_line[*item] = static_cast<int32_t>(first_line);
    out.push_back({*item, *label});
  }
  if (out.empty()) return make_error(ErrorCode::kEmptyInput, "", "the gold CSV has no rows");
  return out;
}

}  // namespace localabel

namespace localabel {

Result<AnnotationTable> annotation_table_from_ids(std::vector<int32_t> item,
                                                  std::vector<int32_t> annotator,
                                                  std::vector<int32_t> label,
                                                  std::vector<double> time) {
  if (item.empty()) return make_error(ErrorCode::kEmptyInput, "", "no annotations");
  if (annotator.size() != item.size() || label.size() != item.size() ||
      (!time.empty() && time.size() != item.size()))
    return make_error(ErrorCode::kLengthMismatch, "",
                      "item, annotator, label (and time) must have equal lengths; got " +
                          std::to_string(item.size()) + ", " + std::to_string(annotator.size()) +
                          ", " + std::to_string(label.size()) + ", " + std::to_string(time.size()));
  Column cols[3];
  std::vector<int32_t>* in[3] = {&item, &annotator, &label};
  Dictionary dicts[3];
  for (int c = 0; c < 3; ++c) {
    cols[c].values = std::move(*in[c]);
    for (int32_t v : cols[c].values) {
      cols[c].lo = std::min(cols[c].lo, v);
      cols[c].hi = std::max(cols[c].hi, v);
    }
    dicts[c] = cols[c].finish();
  }
  return make_annotation_table(std::move(cols[0].values), std::move(cols[1].values),
                               std::move(cols[2].values), std::move(time), std::move(dicts[0]),
                               std::move(dicts[1]), std::move(dicts[2]));
}

}  // namespace localabel
