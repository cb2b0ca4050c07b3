// Parsing of the data sets replayed by `localabel simulate`.
#include "simulate_data.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace localabel::cli {

namespace {

std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

bool to_number(const std::string& s, double* v) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  *v = std::strtod(s.c_str(), &end);
  while (end && *end == ' ') ++end;
  return end && *end == '\0' && errno == 0 && std::isfinite(*v);
}

}  // namespace

bool parse_numeric_csv(const std::string& text, LabelledData* out, std::string* error) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.size() < 2) {
    *error = "needs at least two data lines";
    return false;
  }
  size_t first = 0;
  {
    std::vector<std::string> a = split_line(lines[0]), b = split_line(lines[1]);
    bool numeric = true;
    double v;
    for (const auto& f : a) numeric = numeric && to_number(f, &v);
    if (!numeric || a.size() != b.size()) first = 1;
  }
  std::vector<double> raw_labels;
  out->features.clear();
  out->cols = 0;
  for (size_t i = first; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    std::vector<std::string> f = split_line(lines[i]);
    if (f.size() < 2) {
      *error = "line " + std::to_string(i + 1) + ": expected features and a label";
      return false;
    }
    if (out->cols == 0) out->cols = static_cast<int64_t>(f.size()) - 1;
    if (static_cast<int64_t>(f.size()) - 1 != out->cols) {
      *error = "line " + std::to_string(i + 1) + ": expected " + std::to_string(out->cols + 1) +
               " fields, found " + std::to_string(f.size());
      return false;
    }
    for (size_t j = 0; j < f.size(); ++j) {
      double v;
      if (!to_number(f[j], &v)) {
        *error = "line " + std::to_string(i + 1) + ", field " + std::to_string(j + 1) +
                 ": expected a number, found '" + f[j] + "'";
        return false;
      }
      if (j + 1 < f.size())
        out->features.push_back(static_cast<float>(v));
      else
        raw_labels.push_back(v);
    }
  }
  out->rows = static_cast<int64_t>(raw_labels.size());
  std::map<double, int32_t> ids;
  for (double v : raw_labels) ids.emplace(v, 0);
  int32_t next = 0;
  out->class_names.clear();
  for (auto& [v, id] : ids) {
    id = next++;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    out->class_names.push_back(buf);
  }
  out->labels.clear();
  for (double v : raw_labels) out->labels.push_back(ids[v]);
  return true;
}

std::vector<std::string> split_fortunes(const std::string& text, int64_t limit) {
  std::vector<std::string> out;
  std::string cur;
  size_t start = 0;
  auto flush = [&] {
    bool blank =
        std::all_of(cur.begin(), cur.end(), [](unsigned char c) { return std::isspace(c); });
    if (!blank) out.push_back(cur);
    cur.clear();
  };
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line == "%") {
      flush();
      if (limit > 0 && static_cast<int64_t>(out.size()) >= limit) return out;
    } else {
      cur += line;
      cur += '\n';
    }
    start = end + 1;
  }
  flush();
  if (limit > 0 && static_cast<int64_t>(out.size()) > limit) out.resize(static_cast<size_t>(limit));
  return out;
}

}  // namespace localabel::cli
