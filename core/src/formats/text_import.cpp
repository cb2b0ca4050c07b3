// Reading texts to label from line, CSV, JSON Lines and JSON files (see text_import.h).
#include "localabel/text_import.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <set>

#include "localabel/label_studio.h"
#include "localabel/unicode.h"

namespace localabel {
namespace {

constexpr std::array<std::string_view, 6> kTextNames = {"text", "sentence", "content",
                                                        "body", "review",   "comment"};

// Builds errors whose message starts with the file name and the place ("line N", "line N,
// column C" or a JSON path) and whose path is that place.
struct Where {
  std::string file;

  Error place(ErrorCode code, const std::string& where, const std::string& what) const {
    std::string message = file;
    if (!where.empty()) message += (message.empty() ? "" : ", ") + where;
    message += (message.empty() ? "" : ": ") + what;
    return Error{code, std::move(message), where};
  }
  Error at(ErrorCode code, int64_t line, const std::string& what) const {
    return place(code, "line " + std::to_string(line), what);
  }
  Error at(ErrorCode code, int64_t line, int64_t column, const std::string& what) const {
    return place(code, "line " + std::to_string(line) + ", column " + std::to_string(column), what);
  }
};

// The message of a parse_json_text error without its "line L, column C: " prefix.
std::string bare_message(const Error& e) {
  if (!e.path.empty() && e.message.rfind(e.path + ": ", 0) == 0)
    return e.message.substr(e.path.size() + 2);
  return e.message;
}

// The column of a "line 1, column C" path of a one-line parse; 0 when absent.
int64_t column_of(const std::string& path) {
  const size_t at = path.find("column ");
  return at == std::string::npos ? 0 : std::atoll(path.c_str() + at + 7);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

// Splits into lines (LF or CRLF), calling fn(line_number, line) until it returns false.
template <class Fn>
void for_each_line(std::string_view text, Fn fn) {
  int64_t line = 1;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(start, end - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (!fn(line, l)) return;
    ++line;
    start = end + 1;
  }
}

// Picks the text field among the names present; empty when none fits.
std::string pick_field(const std::vector<std::string>& present, const std::string& wanted) {
  if (!wanted.empty())
    return std::find(present.begin(), present.end(), wanted) != present.end() ? wanted : "";
  if (present.size() == 1) return present.front();
  for (std::string_view name : kTextNames)
    if (std::find(present.begin(), present.end(), name) != present.end()) return std::string(name);
  return "";
}

std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
  return out.empty() ? "none" : out;
}

Result<Json> text_data(Json data, const std::string& field, const Where& where,
                       const std::string& place) {
  const std::string& text = data[field].get_ref<const std::string&>();
  if (blank(text)) return where.place(ErrorCode::kInvalidFormat, place, "the text is empty");
  if (field != "text") {
    Json value = std::move(data[field]);
    data.erase(field);
    if (data.contains("text"))
      data["text_" + field] = std::move(data["text"]);  // keep a column that was named text
    data["text"] = std::move(value);
  }
  return data;
}

Result<std::vector<Json>> read_lines(std::string_view text) {
  std::vector<Json> out;
  for_each_line(text, [&](int64_t, std::string_view l) {
    if (!blank(l)) out.push_back(Json{{"text", std::string(l)}});
    return true;
  });
  return out;
}

// One parsed CSV record with the line where it starts.
struct CsvRecord {
  int64_t line = 0;
  std::vector<std::string> fields;
};

Result<std::vector<CsvRecord>> csv_records(std::string_view text, const Where& where) {
  std::vector<CsvRecord> out;
  size_t i = 0;
  int64_t line = 1;
  const size_t n = text.size();
  while (i < n) {
    CsvRecord rec;
    rec.line = line;
    std::string field;
    bool done = false;
    while (!done) {
      field.clear();
      if (i < n && text[i] == '"') {
        const int64_t quote_line = line;
        const size_t quote_at = i;
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = text[i++];
          if (c == '"') {
            if (i < n && text[i] == '"') {
              field += '"';
              ++i;
            } else {
              closed = true;
              break;
            }
          } else {
            if (c == '\n') ++line;
            field += c;
          }
        }
        if (!closed)
          return where.at(
              ErrorCode::kInvalidFormat, quote_line,
              "a quoted field opened here (byte " + std::to_string(quote_at) + ") is never closed");
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          return where.at(ErrorCode::kInvalidFormat, line,
                          "expected a comma or the end of the line after a closing quote");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n') field += text[i++];
        if (!field.empty() && field.back() == '\r' && (i == n || text[i] == '\n')) field.pop_back();
      }
      if (i < n && text[i] == '\r') ++i;
      rec.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
      } else {
        if (i < n && text[i] == '\n') {
          ++i;
          ++line;
        }
        done = true;
      }
    }
    if (!(rec.fields.size() == 1 && blank(rec.fields[0]))) out.push_back(std::move(rec));
  }
  return out;
}

Result<std::vector<Json>> read_csv(std::string_view text, const TextImportOptions& options,
                                   const Where& where) {
  auto records = csv_records(text, where);
  if (!records) return records.error();
  if (records->empty()) return where.at(ErrorCode::kEmptyInput, 1, "no header row");
  const std::vector<std::string>& header = records->front().fields;
  std::set<std::string_view> names;
  for (size_t c = 0; c < header.size(); ++c)
    if (!names.insert(header[c]).second)
      return where.at(ErrorCode::kDuplicate, 1, static_cast<int64_t>(c + 1),
                      "the header names column \"" + header[c] + "\" twice");
  const std::string field = pick_field(header, options.field);
  if (field.empty())
    return where.at(ErrorCode::kMissingField, 1,
                    (options.field.empty() ? std::string("no text column")
                                           : "no column \"" + options.field + "\"") +
                        " in the header; columns: " + list_names(header));
  std::vector<Json> out;
  out.reserve(records->size() - 1);
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& rec = (*records)[r];
    if (rec.fields.size() > header.size())
      return where.at(ErrorCode::kInvalidFormat, rec.line,
                      "this row has " + std::to_string(rec.fields.size()) +
                          " fields, the header has " + std::to_string(header.size()));
    // A short row keeps only the fields it has: padding every row to the header's width
    // would let a wide header and many short rows take memory quadratic in the file size.
    Json data = Json::object();
    for (size_t c = 0; c < rec.fields.size(); ++c) data[header[c]] = rec.fields[c];
    if (!data.contains(field))
      return where.at(ErrorCode::kInvalidFormat, rec.line,
                      "the text is empty (this row has no \"" + field + "\" column)");
    auto d = text_data(std::move(data), field, where, "line " + std::to_string(rec.line));
    if (!d) return d.error();
    out.push_back(std::move(d).value());
  }
  return out;
}

// One JSON value (a line of JSON Lines, or an element of a JSON array, at `place`) as task
// data.
Result<Json> json_record(Json value, const TextImportOptions& options, const Where& where,
                         const std::string& place) {
  if (value.is_string()) {
    if (blank(value.get_ref<const std::string&>()))
      return where.place(ErrorCode::kInvalidFormat, place, "the text is empty");
    return Json{{"text", std::move(value)}};
  }
  if (!value.is_object())
    return where.place(ErrorCode::kWrongType, place,
                       "expected an object with a text field, or a string; found " +
                           std::string(value.type_name()));
  std::vector<std::string> keys;
  for (auto it = value.begin(); it != value.end(); ++it) keys.push_back(it.key());
  const std::string field = pick_field(keys, options.field);
  if (field.empty())
    return where.place(ErrorCode::kMissingField, place,
                       (options.field.empty() ? std::string("no text field")
                                              : "no field \"" + options.field + "\"") +
                           "; fields: " + list_names(keys));
  if (!value[field].is_string())
    return where.place(
        ErrorCode::kWrongType, place,
        "field \"" + field + "\" must be a string, it is " + std::string(value[field].type_name()));
  return text_data(std::move(value), field, where, place);
}

Result<std::vector<Json>> read_jsonl(std::string_view text, const TextImportOptions& options,
                                     const Where& where) {
  std::vector<Json> out;
  Error error{ErrorCode::kEmptyInput, "", ""};
  bool failed = false;
  for_each_line(text, [&](int64_t line, std::string_view l) {
    if (blank(l)) return true;
    auto value = parse_json_text(l);
    if (!value) {
      const int64_t column = column_of(value.error().path);
      error = column > 0 ? where.at(value.error().code, line, column, bare_message(value.error()))
                         : where.at(value.error().code, line, bare_message(value.error()));
      failed = true;
      return false;
    }
    auto d = json_record(std::move(value).value(), options, where, "line " + std::to_string(line));
    if (!d) {
      error = d.error();
      failed = true;
      return false;
    }
    out.push_back(std::move(d).value());
    return true;
  });
  if (failed) return error;
  return out;
}

// The line of byte offset `at` (1-based).
int64_t line_of(std::string_view text, size_t at) {
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
}

Result<std::vector<Json>> read_json(std::string_view text, const TextImportOptions& options,
                                    const Where& where) {
  auto value = parse_json_text(text);
  if (!value)
    return where.place(value.error().code, value.error().path, bare_message(value.error()));
  if (!value->is_array())
    return where.place(ErrorCode::kWrongType, "", "expected a JSON array of texts or objects");
  std::vector<Json> out;
  out.reserve(value->size());
  for (size_t k = 0; k < value->size(); ++k) {
    auto d = json_record(std::move((*value)[k]), options, where, "[" + std::to_string(k) + "]");
    if (!d) return d.error();
    out.push_back(std::move(d).value());
  }
  return out;
}

TextFileFormat sniff(std::string_view text, const TextImportOptions& options) {
  const std::string& name = options.file_name;
  if (ends_with(name, ".csv")) return TextFileFormat::kCsv;
  if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson")) return TextFileFormat::kJsonl;
  if (ends_with(name, ".json")) return TextFileFormat::kJson;
  if (ends_with(name, ".txt")) return TextFileFormat::kLines;
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return TextFileFormat::kLines;
  if (text[first] == '[') return TextFileFormat::kJson;
  if (text[first] == '{') return TextFileFormat::kJsonl;
  const size_t eol = text.find('\n', first);
  const std::string_view head =
      text.substr(first, eol == std::string_view::npos ? eol : eol - first);
  if (text[first] == '"') return TextFileFormat::kCsv;
  if (head.find(',') != std::string_view::npos) {
    // A header row: one of its comma-separated names is a text column name.
    size_t b = 0;
    while (b <= head.size()) {
      size_t e = head.find(',', b);
      if (e == std::string_view::npos) e = head.size();
      std::string_view name = head.substr(b, e - b);
      while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.remove_suffix(1);
      while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
      if (!options.field.empty()
              ? name == options.field
              : std::find(kTextNames.begin(), kTextNames.end(), name) != kTextNames.end())
        return TextFileFormat::kCsv;
      b = e + 1;
    }
  }
  return TextFileFormat::kLines;
}

}  // namespace

Result<std::vector<Json>> read_text_tasks(std::string_view bytes,
                                          const TextImportOptions& options) {
  const Where where{options.file_name};
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  const size_t bad = utf8_invalid_offset(bytes);
  if (bad != std::string_view::npos) {
    const int64_t line = line_of(bytes, bad);
    const size_t line_start = bytes.rfind('\n', bad == 0 ? 0 : bad - 1);
    const int64_t column =
        static_cast<int64_t>(
            bad - (line_start == std::string_view::npos || bad == 0 ? 0 : line_start + 1)) +
        1;
    return where.at(ErrorCode::kInvalidFormat, line, column,
                    "invalid UTF-8 at byte " + std::to_string(bad) + " (save the file as UTF-8)");
  }
  if (blank(bytes)) return where.at(ErrorCode::kEmptyInput, 1, "the file holds no text");
  TextFileFormat format = options.format;
  if (format == TextFileFormat::kAuto) format = sniff(bytes, options);
  Result<std::vector<Json>> out = std::vector<Json>{};
  switch (format) {
    case TextFileFormat::kCsv:
      out = read_csv(bytes, options, where);
      break;
    case TextFileFormat::kJsonl:
      out = read_jsonl(bytes, options, where);
      break;
    case TextFileFormat::kJson:
      out = read_json(bytes, options, where);
      break;
    default:
      out = read_lines(bytes);
      break;
  }
  if (out && out->empty()) return where.at(ErrorCode::kEmptyInput, 1, "the file holds no text");
  return out;
}

}  // namespace localabel
