// Embind glue for the long table the analytics share (see analytics_table.h): loading from
// CSV, integer ids or a Label Studio export, attaching gold answers, and its summary.
#include "analytics_table.h"

#include <emscripten/bind.h>

#include <cmath>
#include <utility>

#include "localabel/label_studio.h"
#include "localabel/project_file.h"

namespace localabel::wasm {

val num(double v) { return std::isnan(v) ? val(NAN) : val(v); }

val names(const Dictionary& d) {
  val a = val::array();
  for (int32_t c = 0; c < d.size(); ++c) a.call<void>("push", d.name(c));
  return a;
}

val AnalyticsTable::load_csv(std::string text, val declared_labels) {
  CsvOptions o;
  if (!declared_labels.isNull() && !declared_labels.isUndefined())
    o.declared_labels = emscripten::vecFromJSArray<std::string>(declared_labels);
  gold_.clear();  // gold codes belong to the previous table
  return adopt(parse_annotations_csv(text, o));
}

val AnalyticsTable::load_ids(val item, val annotator, val label, val time) {
  gold_.clear();
  return adopt(annotation_table_from_ids(to_vector<int32_t>(item), to_vector<int32_t>(annotator),
                                         to_vector<int32_t>(label), to_vector<double>(time)));
}

val AnalyticsTable::load_label_studio(std::string text, std::string from_name) {
  auto project = import_label_studio(text);
  if (!project.ok()) return fail(project.error());
  return adopt_project(*project, from_name);
}

val AnalyticsTable::load_project(std::string text, std::string from_name) {
  auto project = parse_project_file(text);
  if (!project.ok()) return fail(project.error());
  return adopt_project(*project, from_name);
}

val AnalyticsTable::adopt_project(const Project& project, const std::string& from_name) {
  auto pa = project_annotations(project, from_name);
  if (!pa.ok()) return fail(pa.error());
  auto r = adopt(std::move(pa->table));
  gold_ = std::move(pa->gold);
  r["value"].set("goldAnswers", static_cast<double>(gold_.size()));
  return r;
}

val AnalyticsTable::set_gold_csv(std::string text) {
  if (auto e = need()) return *e;
  auto g = parse_gold_csv(text, table_);
  if (!g.ok()) return fail(g.error());
  gold_ = std::move(g).value();
  return ok(val(static_cast<double>(gold_.size())));
}

val AnalyticsTable::set_gold_codes(val items, val labels) {
  if (auto e = need()) return *e;
  auto i = to_vector<int32_t>(items), l = to_vector<int32_t>(labels);
  if (i.size() != l.size())
    return fail(
        make_error(ErrorCode::kLengthMismatch, "gold", "items and labels differ in length"));
  gold_.clear();
  for (size_t k = 0; k < i.size(); ++k) gold_.push_back({i[k], l[k]});
  return ok(val(static_cast<double>(gold_.size())));
}

val AnalyticsTable::info() const {
  val o = val::object();
  o.set("rows", static_cast<double>(table_.rows()));
  o.set("items", names(table_.items));
  o.set("annotators", names(table_.annotators));
  o.set("labels", names(table_.labels));
  o.set("hasTime", !table_.time.empty());
  o.set("goldAnswers", static_cast<double>(gold_.size()));
  return o;
}

std::unique_ptr<val> AnalyticsTable::need() const {
  if (loaded_) return nullptr;
  return std::make_unique<val>(
      fail(make_error(ErrorCode::kEmptyInput, "", "no annotations loaded in this table")));
}

val AnalyticsTable::adopt(Result<AnnotationTable> r) {
  if (!r.ok()) return fail(r.error());
  table_ = std::move(r).value();
  loaded_ = true;
  return ok(info());
}

}  // namespace localabel::wasm

EMSCRIPTEN_BINDINGS(localabel_analytics_table) {
  using localabel::wasm::AnalyticsTable;
  emscripten::class_<AnalyticsTable>("AnalyticsTable")
      .constructor<>()
      .function("loadCsv", &AnalyticsTable::load_csv)
      .function("loadIds", &AnalyticsTable::load_ids)
      .function("loadLabelStudio", &AnalyticsTable::load_label_studio)
      .function("loadProject", &AnalyticsTable::load_project)
      .function("setGoldCsv", &AnalyticsTable::set_gold_csv)
      .function("setGoldCodes", &AnalyticsTable::set_gold_codes)
      .function("info", &AnalyticsTable::info);
}
