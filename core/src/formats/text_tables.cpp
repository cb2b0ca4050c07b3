// Text classification as CSV and JSON Lines, both ways (formats.h).
#include <algorithm>

#include "format_common.h"
#include "json_read.h"
#include "localabel/text_import.h"
#include "localabel/unicode.h"

namespace localabel {

using namespace formats_detail;

namespace {

// The first choices label set, or one inferred from the choices regions.
LabelSet choices_set(const Project& project) {
  for (const LabelSet& s : project.label_sets)
    if (s.kind == RegionKind::kChoices) return s;
  LabelSet s = make_label_set("choice", "text", RegionKind::kChoices, {});
  for (const Task& t : project.tasks)
    for (const Annotation& a : t.annotations)
      for (const Region& r : a.regions)
        if (r.kind == RegionKind::kChoices && s.labels.empty()) s.name = r.from_name;
  add_used_labels(project.tasks, s);
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The choices of a task's exported annotation, counting what is left out.
std::vector<std::string> task_choices(const Task& task, const LabelSet& set,
                                      const ExportOptions& options, ExportReport& report) {
  std::vector<std::string> chosen;
  const Annotation* a = chosen_annotation(task, options, report);
  for (size_t ri = 0; a && ri < a->regions.size(); ++ri) {
    const Region& r = a->regions[ri];
    if (r.kind != RegionKind::kChoices || r.from_name != set.name) {
      report.add("dropped", "region that is not a choice of the first choices set");
      continue;
    }
    for (const std::string& l : r.labels)
      if (std::find(chosen.begin(), chosen.end(), l) == chosen.end()) chosen.push_back(l);
    ++report.exported_regions;
  }
  if (!set.multiple && chosen.size() > 1) {
    report.add("approximated", "several choices in a single choice set -> first choice");
    chosen.resize(1);
  }
  return chosen;
}

Result<std::vector<std::string>> header_names(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string> names;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      names.push_back(cur);
      cur.clear();
    } else if (c == '\n' || c == '\r') {
      break;
    } else {
      cur += c;
    }
  }
  names.push_back(cur);
  return names;
}

Project text_project(std::vector<Task> tasks, const std::vector<std::string>& labels,
                     bool multiple) {
  Project p;
  p.tasks = std::move(tasks);
  p.label_sets.push_back(make_label_set("choice", "text", RegionKind::kChoices, labels, multiple));
  return p;
}

void add_choices(Task& task, const std::vector<std::string>& labels) {
  if (labels.empty()) return;
  Region r;
  r.id = "choice-" + task.id;
  r.kind = RegionKind::kChoices;
  r.from_name = "choice";
  r.to_name = "text";
  r.labels = labels;
  Annotation a;
  a.id_form = IdForm::kAbsent;
  a.annotator_form = IdForm::kAbsent;
  a.regions.push_back(std::move(r));
  task.annotations.push_back(std::move(a));
}

}  // namespace

Result<Exported> export_csv(const Project& project, const ExportOptions& options) {
  Exported out;
  LabelSet set = choices_set(project);
  std::string csv = "text";
  if (set.multiple)
    for (const Label& l : set.labels) csv += "," + csv_field(l.name);
  else
    csv += ",label";
  csv += "\n";
  for (const Task& task : project.tasks) {
    const std::string* text = task_text(task);
    if (!text) {
      out.report.add("dropped", "tasks that are not texts");
      continue;
    }
    std::vector<std::string> chosen = task_choices(task, set, options, out.report);
    csv += csv_field(*text);
    if (set.multiple) {
      for (const Label& l : set.labels)
        csv += std::find(chosen.begin(), chosen.end(), l.name) != chosen.end() ? ",1" : ",0";
    } else {
      csv += "," + (chosen.empty() ? std::string() : csv_field(chosen[0]));
    }
    csv += "\n";
  }
  out.files.push_back(FormatFile{"data.csv", std::move(csv)});
  return out;
}

Result<Project> import_csv(std::string_view text) {
  const std::string file = "data.csv";
  TextImportOptions opt;
  opt.format = TextFileFormat::kCsv;
  opt.field = "text";
  opt.file_name = file;
  Result<std::vector<Json>> rows = read_text_tasks(text, opt);
  if (!rows.ok()) {
    // read_text_tasks' message already names the file; the path gets it too.
    Error e = rows.error();
    e.path = e.path.empty() ? file : file + ":" + e.path;
    return e;
  }
  Result<std::vector<std::string>> header = header_names(text);
  if (!header.ok()) return header.error();
  const bool single = std::find(header->begin(), header->end(), "label") != header->end();
  std::vector<std::string> labels;
  if (!single)
    for (const std::string& h : *header)
      if (h != "text") labels.push_back(h);
  if (!single && labels.empty())
    return make_error(ErrorCode::kMissingField, file + ":line 1",
                      "no \"label\" column and no label columns besides \"text\"");
  std::vector<Task> tasks;
  for (size_t i = 0; i < rows->size(); ++i) {
    const Json& row = (*rows)[i];
    const std::string where = file + ":record " + std::to_string(i + 1);
    Task task = make_text_task(std::to_string(i + 1), row["text"].get<std::string>());
    std::vector<std::string> chosen;
    if (single) {
      std::string l = row.contains("label") ? row["label"].get<std::string>() : "";
      if (!l.empty()) {
        chosen.push_back(l);
        if (std::find(labels.begin(), labels.end(), l) == labels.end()) labels.push_back(l);
      }
    } else {
      for (const std::string& l : labels) {
        std::string v = row.contains(l) ? row[l].get<std::string>() : "0";
        if (v == "1")
          chosen.push_back(l);
        else if (v != "0" && !v.empty())
          return make_error(ErrorCode::kInvalidFormat, where,
                            "column \"" + l + "\" must be 0 or 1, got \"" + v + "\"");
      }
    }
    add_choices(task, chosen);
    tasks.push_back(std::move(task));
  }
  return text_project(std::move(tasks), labels, !single);
}

Result<Exported> export_jsonl(const Project& project, const ExportOptions& options) {
  Exported out;
  LabelSet set = choices_set(project);
  std::string text_out;
  for (const Task& task : project.tasks) {
    const std::string* text = task_text(task);
    if (!text) {
      out.report.add("dropped", "tasks that are not texts");
      continue;
    }
    std::vector<std::string> chosen = task_choices(task, set, options, out.report);
    Json line = {{"text", *text}};
    if (set.multiple)
      line["labels"] = chosen;
    else
      line["label"] = chosen.empty() ? Json(nullptr) : Json(chosen[0]);
    text_out += line.dump();
    text_out += '\n';
  }
  out.files.push_back(FormatFile{"data.jsonl", std::move(text_out)});
  return out;
}

Result<Project> import_jsonl(std::string_view text) {
  const std::string file = "data.jsonl";
  std::vector<std::string_view> lines = split_lines(text);
  std::vector<Task> tasks;
  std::vector<std::string> labels;
  bool multiple = false;
  for (size_t li = 0; li < lines.size(); ++li) {
    const std::string where = file_line(file, int64_t(li) + 1);
    std::string_view line = lines[li];
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    Result<TextRecord> record = read_text_record(line, file, int64_t(li) + 1);
    if (!record.ok()) return record.error();
    const Json& j = record->json;
    const std::string* doc = &record->text;
    if (utf8_invalid_offset(*doc) != std::string_view::npos)
      return make_error(ErrorCode::kInvalidFormat, where + ":text", "invalid UTF-8");
    std::vector<std::string> chosen;
    if (const Json* l = field(j, "label")) {
      if (!l->is_null()) {
        Result<std::string> s = as_string(*l, "label");
        if (!s.ok()) return in_file(s.error(), where);
        chosen.push_back(*s);
      }
    } else if (const Json* ls = field(j, "labels")) {
      multiple = true;
      if (!ls->is_array()) return in_file(wrong_type("labels", "an array of strings", *ls), where);
      for (size_t k = 0; k < ls->size(); ++k) {
        Result<std::string> s = as_string((*ls)[k], "labels[" + std::to_string(k) + "]");
        if (!s.ok()) return in_file(s.error(), where);
        if (std::find(chosen.begin(), chosen.end(), *s) == chosen.end()) chosen.push_back(*s);
      }
    } else {
      return make_error(ErrorCode::kMissingField, where + ":label",
                        "no \"label\" or \"labels\" field");
    }
    for (const std::string& l : chosen)
      if (std::find(labels.begin(), labels.end(), l) == labels.end()) labels.push_back(l);
    Task task = make_text_task(std::to_string(tasks.size() + 1), *doc);
    add_choices(task, chosen);
    tasks.push_back(std::move(task));
  }
  if (tasks.empty()) return make_error(ErrorCode::kEmptyInput, file, "no lines");
  return text_project(std::move(tasks), labels, multiple);
}

}  // namespace localabel
