#include "analytics_input.h"

#include <chrono>
#include <cmath>
#include <cstdlib>

#include "localabel/label_studio.h"

namespace localabel::cli {

int parse_analytics_args(const Args& args, const std::vector<std::string>& value_flags,
                         AnalyticsOptions* o, Io& io) {
  auto usage = [&](const std::string& message) {
    std::fprintf(io.err, "localabel %s: %s (see 'localabel %s --help')\n", o->command.c_str(),
                 message.c_str(), o->command.c_str());
    return kExitUsage;
  };
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    std::string v;
    if (a == "--progress") {
      o->progress = true;
    } else if (a == "--gold" || a == "-o" || a == "--format" || a == "--from-name" ||
               a == "--labels") {
      if (!value(&v)) return usage(a + " needs a value");
      if (a == "--gold") o->gold = v;
      if (a == "-o") o->output = v;
      if (a == "--format") o->format = v;
      if (a == "--from-name") o->from_name = v;
      if (a == "--labels") {
        size_t start = 0;
        for (;;) {
          size_t c = v.find(',', start);
          o->labels.push_back(v.substr(start, c == std::string::npos ? c : c - start));
          if (c == std::string::npos) break;
          start = c + 1;
        }
      }
    } else if (a.size() > 2 && a.rfind("--", 0) == 0 &&
               std::find(value_flags.begin(), value_flags.end(), a) != value_flags.end()) {
      if (!value(&v)) return usage(a + " needs a value");
      o->flags[a] = v;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      files.push_back(a);
    }
  }
  if (files.size() != 1) return usage("expected one input FILE");
  if (o->format != "json" && o->format != "table") return usage("--format must be json or table");
  o->input = files[0];
  return kExitOk;
}

int report_error(const AnalyticsOptions& o, Io& io, const Error& e) {
  std::string name = o.input == "-" ? "standard input" : o.input;
  std::fprintf(io.err, "localabel %s: %s: %s [%s]\n", o.command.c_str(), name.c_str(),
               e.message.c_str(), error_code_name(e.code));
  return kExitInvalidInput;
}

void progress(const AnalyticsOptions& o, Io& io, const std::string& message) {
  if (o.progress) {
    std::fprintf(io.err, "localabel %s: %s\n", o.command.c_str(), message.c_str());
    std::fflush(io.err);
  }
}

int load_analytics_input(const AnalyticsOptions& options, Io& io, AnalyticsInput* input) {
  AnalyticsOptions& o = const_cast<AnalyticsOptions&>(options);
  std::string text, error;
  if (!read_input(o.input, io.in, &text, &error)) {
    std::fprintf(io.err, "localabel %s: %s\n", o.command.c_str(), error.c_str());
    return kExitInvalidInput;
  }
  if (text.size() > (8u << 20)) o.progress = true;
  auto t0 = std::chrono::steady_clock::now();
  size_t first = text.find_first_not_of(" \t\r\n");
  const bool json = first != std::string::npos && (text[first] == '[' || text[first] == '{');
  progress(o, io,
           "read " + std::to_string(text.size()) + " bytes; parsing " +
               (json ? "Label Studio JSON" : "CSV"));
  if (json) {
    auto project = import_label_studio(text);
    if (!project) return report_error(o, io, project.error());
    auto pa = project_annotations(*project, o.from_name);
    if (!pa) return report_error(o, io, pa.error());
    if (!o.labels.empty()) {
      for (int32_t c = 0; c < pa->table.n_labels(); ++c)
        if (std::find(o.labels.begin(), o.labels.end(), pa->table.labels.name(c)) == o.labels.end())
          return report_error(
              o, io,
              make_error(ErrorCode::kUnknownReference, "label '" + pa->table.labels.name(c) + "'",
                         "is not in --labels"));
    }
    input->table = std::move(pa->table);
    input->gold = std::move(pa->gold);
  } else {
    CsvOptions csv;
    csv.declared_labels = o.labels;
    auto table = parse_annotations_csv(text, csv);
    if (!table) return report_error(o, io, table.error());
    input->table = std::move(table).value();
  }
  text.clear();
  text.shrink_to_fit();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  progress(o, io,
           "parsed " + std::to_string(input->table.rows()) + " annotations (" +
               std::to_string(input->table.n_items()) + " items, " +
               std::to_string(input->table.n_annotators()) + " annotators) in " + fixed(secs, 3) +
               " s");
  if (!o.gold.empty()) {
    std::string gold_text;
    if (!read_input(o.gold, io.in, &gold_text, &error)) {
      std::fprintf(io.err, "localabel %s: %s\n", o.command.c_str(), error.c_str());
      return kExitInvalidInput;
    }
    auto gold = parse_gold_csv(gold_text, input->table);
    if (!gold) {
      std::fprintf(io.err, "localabel %s: %s: %s [%s]\n", o.command.c_str(), o.gold.c_str(),
                   gold.error().message.c_str(), error_code_name(gold.error().code));
      return kExitInvalidInput;
    }
    input->gold = std::move(gold).value();
  }
  return kExitOk;
}

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "NaN";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

bool flag_number(const AnalyticsOptions& o, Io& io, const std::string& flag, double* out) {
  auto it = o.flags.find(flag);
  if (it == o.flags.end()) return true;
  char* end = nullptr;
  double v = std::strtod(it->second.c_str(), &end);
  if (it->second.empty() || *end != 0 || !std::isfinite(v)) {
    std::fprintf(io.err, "localabel %s: %s expects a number, got '%s'\n", o.command.c_str(),
                 flag.c_str(), it->second.c_str());
    return false;
  }
  *out = v;
  return true;
}

std::string format_table(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size() && c < width.size(); ++c)
      width[c] = std::max(width[c], r[c].size());
  std::string out;
  auto line = [&](const std::vector<std::string>& r) {
    for (size_t c = 0; c < width.size(); ++c) {
      std::string cell = c < r.size() ? r[c] : "";
      out += cell;
      if (c + 1 < width.size()) out += std::string(width[c] - cell.size() + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& r : rows) line(r);
  return out;
}

int emit(const AnalyticsOptions& o, Io& io, const Json& json, const std::string& table) {
  std::string text = o.format == "table" ? table : json.dump(2) + "\n";
  std::string error;
  if (!write_output(o.output, io.out, text, &error)) {
    std::fprintf(io.err, "localabel %s: %s\n", o.command.c_str(), error.c_str());
    return kExitInvalidInput;
  }
  return kExitOk;
}

}  // namespace localabel::cli
