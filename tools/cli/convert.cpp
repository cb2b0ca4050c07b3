// localabel convert --from FORMAT --to FORMAT [OPTIONS] IN OUT
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "command.h"
#include "localabel/error.h"
#include "localabel/formats.h"

namespace localabel::cli {
namespace {

namespace fs = std::filesystem;

int usage(Io& io, const std::string& what) {
  std::fprintf(io.err, "localabel convert: %s (see 'localabel convert --help')\n", what.c_str());
  return kExitUsage;
}

// Every regular file under `dir`, with paths relative to it ('/' separated), sorted.
bool read_folder(const std::string& dir, std::vector<FormatFile>* files, std::string* error) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    *error = dir + ": not a folder";
    return false;
  }
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    FormatFile f;
    f.path = fs::relative(it->path(), dir).generic_string();
    if (!read_input(it->path().string(), nullptr, &f.bytes, error)) return false;
    files->push_back(std::move(f));
  }
  if (ec) {
    *error = dir + ": " + ec.message();
    return false;
  }
  std::sort(files->begin(), files->end(),
            [](const FormatFile& a, const FormatFile& b) { return a.path < b.path; });
  return true;
}

bool write_folder(const std::string& dir, const std::vector<FormatFile>& files,
                  std::string* error) {
  for (const FormatFile& f : files) {
    fs::path p = fs::path(dir) / f.path;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) {
      *error = p.parent_path().string() + ": " + ec.message();
      return false;
    }
    if (!write_output(p.string(), nullptr, f.bytes, error)) return false;
  }
  return true;
}

bool parse_size(const std::string& text, std::string* stem, std::pair<int, int>* size) {
  size_t eq = text.rfind('='), x = text.rfind('x');
  if (eq == std::string::npos || x == std::string::npos || x < eq) return false;
  *stem = text.substr(0, eq);
  char* end = nullptr;
  long w = std::strtol(text.c_str() + eq + 1, &end, 10);
  if (end != text.c_str() + x) return false;
  long h = std::strtol(text.c_str() + x + 1, &end, 10);
  if (*end != '\0' || w < 1 || h < 1 || w > (1 << 20) || h > (1 << 20)) return false;
  *size = {int(w), int(h)};
  return !stem->empty();
}

int run_convert(const Args& args, Io& io) {
  std::string from_name, to_name;
  std::vector<std::string> files;
  ImportOptions import_options;
  ExportOptions export_options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    std::string v;
    if (a == "--from" || a == "--to") {
      if (!value(&v)) return usage(io, a + " needs a format");
      (a == "--from" ? from_name : to_name) = v;
    } else if (a == "--rle") {
      if (!value(&v)) return usage(io, "--rle needs compressed or counts");
      Result<CocoRleForm> form = parse_coco_rle_form(v);
      if (!form.ok()) return usage(io, form.error().message);
      export_options.coco_rle = *form;
    } else if (a == "--iscrowd") {
      if (!value(&v) || (v != "0" && v != "1")) return usage(io, "--iscrowd needs 0 or 1");
      export_options.coco_mask_iscrowd = v == "1";
    } else if (a == "--yolo-task") {
      if (!value(&v)) return usage(io, "--yolo-task needs a task");
      Result<YoloTask> task = parse_yolo_task(v);
      if (!task.ok()) return usage(io, task.error().message);
      export_options.yolo_task = *task;
      import_options.yolo_task = *task;
    } else if (a == "--annotator") {
      if (!value(&v)) return usage(io, "--annotator needs a name");
      export_options.annotator = v;
    } else if (a == "--image-size") {
      std::string stem;
      std::pair<int, int> size;
      if (!value(&v) || !parse_size(v, &stem, &size))
        return usage(io, "--image-size needs STEM=WIDTHxHEIGHT");
      import_options.image_sizes[stem] = size;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage(io, "unknown option '" + a + "'");
    } else {
      files.push_back(a);
    }
  }
  if (from_name.empty() || to_name.empty()) return usage(io, "--from and --to are required");
  Result<DataFormat> from = parse_data_format(from_name);
  if (!from.ok()) return usage(io, "unknown input format '" + from_name + "'");
  Result<DataFormat> to = parse_data_format(to_name);
  if (!to.ok()) return usage(io, "unknown output format '" + to_name + "'");
  if (files.size() != 2) return usage(io, "expected IN and OUT");

  std::vector<FormatFile> input;
  std::string error;
  bool read_ok = true;
  if (data_format_is_folder(*from)) {
    read_ok = read_folder(files[0], &input, &error);
  } else {
    FormatFile f{fs::path(files[0]).filename().string(), ""};
    read_ok = read_input(files[0], io.in, &f.bytes, &error);
    input.push_back(std::move(f));
  }
  if (!read_ok) {
    std::fprintf(io.err, "localabel convert: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  Result<Exported> out = convert_data(*from, input, *to, import_options, export_options);
  if (!out.ok()) {
    const Error& e = out.error();
    std::string name = files[0] == "-" ? "standard input" : files[0];
    std::fprintf(io.err, "invalid: %s: %s [%s]\n", name.c_str(), e.message.c_str(),
                 error_code_name(e.code));
    return kExitInvalidInput;
  }
  bool write_ok = data_format_is_folder(*to)
                      ? write_folder(files[1], out->files, &error)
                      : write_output(files[1], io.out, out->files.at(0).bytes, &error);
  if (!write_ok) {
    std::fprintf(io.err, "localabel convert: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  // What the output format could not hold: one JSON line on standard error (standard output
  // may be the converted file).
  if (*to != DataFormat::kLabelStudio && *to != DataFormat::kLocalabel)
    std::fprintf(io.err, "%s\n", Json({{"report", out->report.to_json()}}).dump().c_str());
  return kExitOk;
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    convert, "convert --from FORMAT --to FORMAT IN OUT",
    "Convert between project and training formats",
    "Reads IN and writes OUT ('-' for standard input / output; a folder for yolo and voc).\n"
    "Formats:\n"
    "  ls         Label Studio JSON: a task list (or one task) on input; a task list on output.\n"
    "             As input, a Localabel project file is accepted too.\n"
    "  localabel  Localabel project file (label sets, settings and Label Studio tasks).\n"
    "  coco       COCO instances JSON (boxes, polygons, RLE masks, keypoints).\n"
    "  yolo       Ultralytics folder: data.yaml and labels/<image stem>.txt.\n"
    "  voc        Pascal VOC folder: Annotations/<image stem>.xml.\n"
    "  conll      CoNLL-2003 style 'token TAG' lines, BIO (IOB2) tags, for text spans.\n"
    "  spacy      JSON Lines {text, spans: [{start, end, label}], cats} (code-point offsets).\n"
    "  csv        Text classification table: text,label (or one 0/1 column per label).\n"
    "  jsonl      Text classification lines: {text, label} or {text, labels}.\n"
    "Options:\n"
    "  --rle compressed|counts   COCO masks as compressed strings or count lists (counts).\n"
    "  --iscrowd 0|1             iscrowd written for COCO masks (1).\n"
    "  --yolo-task detect|segment|obb|pose   what YOLO labels hold (detect; on input: from\n"
    "                            data.yaml and each line's length).\n"
    "  --annotator NAME          export this annotator's annotation of each task (default: the\n"
    "                            ground truth, else the first submitted one).\n"
    "  --image-size STEM=WxH     size of a YOLO image that is not in the folder (repeatable).\n"
    "Training formats hold one annotation per task; what an output format cannot hold is\n"
    "approximated or left out and listed, with counts, in one JSON line on standard error:\n"
    "{\"report\": {\"exported_regions\": N, \"approximated\": {...}, \"dropped\": {...}}}.\n"
    "The output is deterministic. Exit codes: 0 written, 1 invalid input or unwritable output,\n"
    "2 usage error.",
    run_convert);

}  // namespace localabel::cli
