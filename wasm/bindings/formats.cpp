// Embind glue for the training formats: one conversion between any two formats (formats.h).
// Files cross as {path, bytes} with bytes a Uint8Array (or a string); the result is
// {ok: true, value: {files, report}} or {ok: false, code, message, path}.
#include "localabel/formats.h"

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "convert.h"

namespace {

using emscripten::val;
using localabel::wasm::bytes_of;
using localabel::wasm::fail;
using localabel::wasm::ok;

val uint8_array(const std::string& bytes) {
  return val::global("Uint8Array")
      .new_(emscripten::typed_memory_view(bytes.size(),
                                          reinterpret_cast<const uint8_t*>(bytes.data())));
}

// files: [{path, bytes}]; options: {rle, iscrowd, yoloTask, annotator, imageSizes: [[stem, w,
// h], ...]} with names already checked by the facade (integers included).
val convert_data(const std::string& from_name, val files, const std::string& to_name, val options) {
  auto from = localabel::parse_data_format(from_name);
  if (!from) return fail(from.error());
  auto to = localabel::parse_data_format(to_name);
  if (!to) return fail(to.error());
  std::vector<localabel::FormatFile> input;
  const size_t n = files["length"].as<size_t>();
  for (size_t i = 0; i < n; ++i) {
    val f = files[i];
    localabel::FormatFile file;
    file.path = f["path"].as<std::string>();
    val bytes = f["bytes"];
    if (bytes.isString()) {
      file.bytes = bytes.as<std::string>();
    } else {
      std::vector<uint8_t> b = bytes_of(bytes);
      file.bytes.assign(b.begin(), b.end());
    }
    input.push_back(std::move(file));
  }
  localabel::ImportOptions io;
  localabel::ExportOptions eo;
  if (options["rle"].isString()) {
    auto form = localabel::parse_coco_rle_form(options["rle"].as<std::string>());
    if (!form) return fail(form.error());
    eo.coco_rle = *form;
  }
  if (options["iscrowd"].isTrue() || options["iscrowd"].isFalse())
    eo.coco_mask_iscrowd = options["iscrowd"].as<bool>();
  if (options["yoloTask"].isString()) {
    auto task = localabel::parse_yolo_task(options["yoloTask"].as<std::string>());
    if (!task) return fail(task.error());
    eo.yolo_task = *task;
    io.yolo_task = *task;
  }
  if (options["annotator"].isString()) eo.annotator = options["annotator"].as<std::string>();
  val sizes = options["imageSizes"];
  if (!sizes.isUndefined() && !sizes.isNull()) {
    const size_t m = sizes["length"].as<size_t>();
    for (size_t i = 0; i < m; ++i)
      io.image_sizes[sizes[i][0].as<std::string>()] = {sizes[i][1].as<int>(),
                                                       sizes[i][2].as<int>()};
  }
  auto r = localabel::convert_data(*from, input, *to, io, eo);
  if (!r) return fail(r.error());
  val out = val::array();
  for (const localabel::FormatFile& f : r->files) {
    val file = val::object();
    file.set("path", f.path);
    file.set("bytes", uint8_array(f.bytes));
    out.call<void>("push", file);
  }
  val value = val::object();
  value.set("files", out);
  value.set("report", r->report.to_json().dump());
  return ok(value);
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_formats) { emscripten::function("convertData", &convert_data); }
