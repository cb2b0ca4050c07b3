// The parsed long table (item, annotator, label[, time]) plus gold answers that the
// analytics bindings share: one parse, many metrics. Binding files of each analytics area
// take an `AnalyticsTable&` as their first argument (JS passes the handle).
#pragma once

#include <emscripten/val.h>

#include <memory>
#include <string>
#include <vector>

#include "convert.h"
#include "localabel/annotation_table.h"
#include "localabel/gold.h"
#include "localabel/project.h"

namespace localabel::wasm {

/// NaN stays NaN in JS; other numbers pass through.
val num(double v);

/// The names of a dictionary in code order, as a JS array of strings.
val names(const Dictionary& d);

class AnalyticsTable {
 public:
  val load_csv(std::string text, val declared_labels);
  val load_ids(val item, val annotator, val label, val time);
  val load_label_studio(std::string text, std::string from_name);
  /// A project in Localabel's own file format (what the facade's importProject returns).
  val load_project(std::string text, std::string from_name);
  val set_gold_csv(std::string text);
  val set_gold_codes(val items, val labels);
  val info() const;

  /// An error result when nothing is loaded yet, else null.
  std::unique_ptr<val> need() const;

  const AnnotationTable& table() const { return table_; }
  const std::vector<GoldAnswer>& gold() const { return gold_; }

 private:
  val adopt(Result<AnnotationTable> r);
  val adopt_project(const Project& project, const std::string& from_name);

  AnnotationTable table_;
  std::vector<GoldAnswer> gold_;
  bool loaded_ = false;
};

}  // namespace localabel::wasm
