// Embind glue for projects: Label Studio import/export, validation and the brush RLE codec.
// Each function converts its arguments, calls the core and returns {ok: true, value} or
// {ok: false, code, message, path}.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "convert.h"
#include "localabel/brush_rle.h"
#include "localabel/label_studio.h"
#include "localabel/project_file.h"
#include "localabel/text_import.h"

namespace {

using localabel::wasm::bytes_of;
using localabel::wasm::fail;
using localabel::wasm::ok;
using localabel::wasm::to_vector;
using localabel::wasm::typed_copy;

using emscripten::val;

std::string version() { return "0.1.0"; }

val uint8_array(const std::vector<uint8_t>& bytes) {
  return val::global("Uint8Array").new_(emscripten::typed_memory_view(bytes.size(), bytes.data()));
}

// Project file text (label sets, settings, tasks) of any accepted input.
val import_project(const std::string& text) {
  auto r = localabel::import_label_studio(text);
  return r ? ok(val(localabel::write_project_file(*r))) : fail(r.error());
}

val export_label_studio(const std::string& text) {
  auto r = localabel::import_label_studio(text);
  return r ? ok(val(localabel::export_label_studio(*r))) : fail(r.error());
}

val validate_project(const std::string& text) {
  auto r = localabel::import_label_studio(text);
  if (!r) return fail(r.error());
  localabel::ProjectSummary s = localabel::summarize_project(*r);
  val v = val::object();
  v.set("tasks", static_cast<double>(s.tasks));
  v.set("imageTasks", static_cast<double>(s.image_tasks));
  v.set("textTasks", static_cast<double>(s.text_tasks));
  v.set("annotations", static_cast<double>(s.annotations));
  v.set("groundTruth", static_cast<double>(s.ground_truth));
  v.set("skipped", static_cast<double>(s.skipped));
  v.set("predictions", static_cast<double>(s.predictions));
  v.set("regions", static_cast<double>(s.regions));
  val kinds = val::object();
  static const char* const kKinds[7] = {"choices", "span",     "box",  "polygon",
                                        "brush",   "keypoint", "other"};
  for (int k = 0; k < 7; ++k) kinds.set(kKinds[k], static_cast<double>(s.by_kind[k]));
  v.set("regionsByKind", kinds);
  v.set("labelSets", static_cast<double>(s.label_sets));
  v.set("text", localabel::format_summary(s));
  return ok(v);
}

val encode_brush_rle(int width, int height, val mask) {
  std::vector<uint8_t> pixels = bytes_of(mask);
  auto m = localabel::brush_mask_from_pixels(width, height, pixels);
  return m ? ok(uint8_array(localabel::encode_brush_rle(*m))) : fail(m.error());
}

val decode_brush_rle(val rle, int width, int height) {
  std::vector<uint8_t> bytes = bytes_of(rle);
  auto m = localabel::decode_brush_rle_pixels(bytes, width, height);
  return m ? ok(uint8_array(*m)) : fail(m.error());
}

val decode_brush_rle_rgba(val rle, int width, int height) {
  std::vector<uint8_t> bytes = bytes_of(rle);
  auto r = localabel::decode_brush_rle_rgba(bytes, width, height);
  return r ? ok(uint8_array(*r)) : fail(r.error());
}

// Texts of a lines / CSV / JSON Lines / JSON file as task data objects (JSON text of an
// array). `text` arrives as UTF-8 bytes unchanged, so invalid UTF-8 is reported.
val read_text_tasks(const std::string& text, const std::string& format, const std::string& field,
                    const std::string& file_name) {
  localabel::TextImportOptions o;
  o.format = format == "lines"   ? localabel::TextFileFormat::kLines
             : format == "csv"   ? localabel::TextFileFormat::kCsv
             : format == "jsonl" ? localabel::TextFileFormat::kJsonl
             : format == "json"  ? localabel::TextFileFormat::kJson
                                 : localabel::TextFileFormat::kAuto;
  o.field = field;
  o.file_name = file_name;
  auto r = localabel::read_text_tasks(text, o);
  if (!r) return fail(r.error());
  return ok(val(localabel::Json(std::move(r).value()).dump()));
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_project) {
  emscripten::function("version", &version);
  emscripten::function("importProject", &import_project);
  emscripten::function("exportLabelStudio", &export_label_studio);
  emscripten::function("validateProject", &validate_project);
  emscripten::function("readTextTasks", &read_text_tasks);
  emscripten::function("encodeBrushRle", &encode_brush_rle);
  emscripten::function("decodeBrushRle", &decode_brush_rle);
  emscripten::function("decodeBrushRleRgba", &decode_brush_rle_rgba);
}
