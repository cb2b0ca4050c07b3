// spaCy / Prodigy JSON Lines with character-offset spans, both ways (formats.h).
#include <algorithm>

#include "format_common.h"
#include "json_read.h"
#include "localabel/unicode.h"

namespace localabel {

using namespace formats_detail;

namespace {

const LabelSet* first_set(const Project& project, RegionKind kind) {
  for (const LabelSet& s : project.label_sets)
    if (s.kind == kind) return &s;
  return nullptr;
}

}  // namespace

Result<Exported> export_spacy(const Project& project, const ExportOptions& options) {
  Exported out;
  ExportReport& report = out.report;
  const LabelSet* choices = first_set(project, RegionKind::kChoices);
  std::string text_out;
  for (const Task& task : project.tasks) {
    const std::string* text = task_text(task);
    if (!text) {
      report.add("dropped", "tasks that are not texts");
      continue;
    }
    Json line = {{"text", *text}, {"spans", Json::array()}};
    if (choices) {
      Json cats = Json::object();
      for (const Label& l : choices->labels) cats[l.name] = 0.0;
      line["cats"] = std::move(cats);
    }
    const Annotation* a = chosen_annotation(task, options, report);
    for (size_t ri = 0; a && ri < a->regions.size(); ++ri) {
      const Region& r = a->regions[ri];
      if (r.kind == RegionKind::kChoices && choices && r.from_name == choices->name) {
        for (const std::string& l : r.labels) line["cats"][l] = 1.0;
        ++report.exported_regions;
        continue;
      }
      if (r.kind != RegionKind::kSpan) {
        report.add("dropped", "region that is not a span or the first choices set");
        continue;
      }
      if (r.labels.empty()) {
        report.add("dropped", "region without a label");
        continue;
      }
      if (r.labels.size() > 1)
        report.add("approximated", "region with several labels -> first label");
      line["spans"].push_back({{"start", r.start}, {"end", r.end}, {"label", r.labels[0]}});
      ++report.exported_regions;
    }
    text_out += line.dump();
    text_out += '\n';
  }
  out.files.push_back(FormatFile{"data.jsonl", std::move(text_out)});
  return out;
}

Result<Project> import_spacy(std::string_view text) {
  const std::string file = "data.jsonl";
  std::vector<std::string_view> lines = split_lines(text);
  Project project;
  std::vector<std::string> span_labels, cat_labels;
  bool any_cats = false;
  for (size_t li = 0; li < lines.size(); ++li) {
    const std::string where = file_line(file, int64_t(li) + 1);
    std::string_view line = lines[li];
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    Result<TextRecord> record = read_text_record(line, file, int64_t(li) + 1);
    if (!record.ok()) return record.error();
    const Json& j = record->json;
    const std::string* doc = &record->text;
    if (size_t bad = utf8_invalid_offset(*doc); bad != std::string_view::npos)
      return make_error(ErrorCode::kInvalidFormat, where + ":text", "invalid UTF-8");
    const int64_t len = utf8_code_point_count(*doc);
    Task task = make_text_task(std::to_string(project.tasks.size() + 1), *doc);
    Annotation ann;
    ann.id_form = IdForm::kAbsent;
    ann.annotator_form = IdForm::kAbsent;
    const Json* spans = field(j, "spans");
    const char* spans_key = "spans";
    if (!spans) {
      spans = field(j, "ents");
      spans_key = "ents";
    }
    if (spans && !spans->is_null()) {
      if (!spans->is_array()) return in_file(wrong_type(spans_key, "an array", *spans), where);
      for (size_t k = 0; k < spans->size(); ++k) {
        const Json& s = (*spans)[k];
        std::string sp = std::string(spans_key) + "[" + std::to_string(k) + "]";
        if (!s.is_object()) return in_file(wrong_type(sp, "an object", s), where);
        int64_t se[2];
        for (int e = 0; e < 2; ++e) {
          const char* key = e == 0 ? "start" : "end";
          Result<const Json*> v = required(s, key, sp);
          if (!v.ok()) return in_file(v.error(), where);
          Result<int64_t> n = as_int(**v, sp + "." + key, 0, len);
          if (!n.ok()) return in_file(n.error(), where);
          se[e] = *n;
        }
        if (se[0] > se[1])
          return in_file(make_error(ErrorCode::kOutOfRange, sp, "start is after end"), where);
        Result<const Json*> l = required(s, "label", sp);
        if (!l.ok()) return in_file(l.error(), where);
        Result<std::string> label = as_string(**l, sp + ".label");
        if (!label.ok()) return in_file(label.error(), where);
        Region r;
        r.id = "spacy-" + std::to_string(project.tasks.size() + 1) + "-" + std::to_string(k + 1);
        r.kind = RegionKind::kSpan;
        r.from_name = "label";
        r.to_name = "text";
        r.labels = {*label};
        r.start = se[0];
        r.end = se[1];
        r.text = utf8_substring(*doc, se[0], se[1]);
        r.has_text = true;
        ann.regions.push_back(std::move(r));
        if (std::find(span_labels.begin(), span_labels.end(), *label) == span_labels.end())
          span_labels.push_back(*label);
      }
    }
    if (const Json* cats = field(j, "cats"); cats && !cats->is_null()) {
      if (!cats->is_object()) return in_file(wrong_type("cats", "an object", *cats), where);
      any_cats = true;
      Region r;
      r.id = "spacy-" + std::to_string(project.tasks.size() + 1) + "-cats";
      r.kind = RegionKind::kChoices;
      r.from_name = "choice";
      r.to_name = "text";
      for (auto it = cats->begin(); it != cats->end(); ++it) {
        Result<double> v = as_number(it.value(), "cats." + it.key());
        if (!v.ok()) return in_file(v.error(), where);
        if (std::find(cat_labels.begin(), cat_labels.end(), it.key()) == cat_labels.end())
          cat_labels.push_back(it.key());
        if (*v >= 0.5) r.labels.push_back(it.key());
      }
      if (!r.labels.empty()) ann.regions.push_back(std::move(r));
    }
    if (!ann.regions.empty()) task.annotations.push_back(std::move(ann));
    project.tasks.push_back(std::move(task));
  }
  if (project.tasks.empty()) return make_error(ErrorCode::kEmptyInput, file, "no lines");
  if (!span_labels.empty() || !any_cats)
    project.label_sets.push_back(make_label_set("label", "text", RegionKind::kSpan, span_labels));
  if (any_cats)
    project.label_sets.push_back(
        make_label_set("choice", "text", RegionKind::kChoices, cat_labels, true));
  return project;
}

}  // namespace localabel
