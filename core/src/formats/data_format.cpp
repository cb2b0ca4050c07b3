// The converter's format table and the any-to-any conversion (formats.h).
#include "format_common.h"
#include "localabel/label_studio.h"
#include "localabel/project_file.h"

namespace localabel {

namespace {
struct FormatName {
  DataFormat format;
  const char* name;
};
constexpr FormatName kFormats[] = {
    {DataFormat::kLabelStudio, "ls"}, {DataFormat::kLocalabel, "localabel"},
    {DataFormat::kCoco, "coco"},      {DataFormat::kYolo, "yolo"},
    {DataFormat::kVoc, "voc"},        {DataFormat::kConll, "conll"},
    {DataFormat::kSpacy, "spacy"},    {DataFormat::kCsv, "csv"},
    {DataFormat::kJsonl, "jsonl"},
};
}  // namespace

Result<DataFormat> parse_data_format(std::string_view name) {
  std::string all;
  for (const FormatName& f : kFormats) {
    if (name == f.name) return f.format;
    all += all.empty() ? "" : ", ";
    all += f.name;
  }
  return make_error(ErrorCode::kInvalidArgument, "format",
                    "unknown format \"" + std::string(name) + "\" (expected one of " + all + ")");
}

const char* data_format_name(DataFormat format) {
  for (const FormatName& f : kFormats)
    if (f.format == format) return f.name;
  return "ls";
}

bool data_format_is_folder(DataFormat format) {
  return format == DataFormat::kYolo || format == DataFormat::kVoc;
}

Result<CocoRleForm> parse_coco_rle_form(std::string_view name) {
  if (name == "compressed") return CocoRleForm::kCompressed;
  if (name == "counts") return CocoRleForm::kCounts;
  return make_error(
      ErrorCode::kInvalidArgument, "rle",
      "unknown RLE form \"" + std::string(name) + "\" (expected compressed or counts)");
}

Result<Project> import_data(DataFormat from, const std::vector<FormatFile>& files,
                            const ImportOptions& options) {
  if (from == DataFormat::kYolo) return import_yolo(files, options);
  if (from == DataFormat::kVoc) return import_voc(files);
  if (files.empty()) return make_error(ErrorCode::kEmptyInput, "", "no input file");
  std::string_view text = files[0].bytes;
  switch (from) {
    case DataFormat::kLabelStudio:
      return import_label_studio(text);
    case DataFormat::kLocalabel:
      return parse_project_file(text);
    case DataFormat::kCoco:
      return import_coco(text);
    case DataFormat::kConll:
      return import_conll(text);
    case DataFormat::kSpacy:
      return import_spacy(text);
    case DataFormat::kCsv:
      return import_csv(text);
    case DataFormat::kJsonl:
      return import_jsonl(text);
    default:
      break;
  }
  return make_error(ErrorCode::kUnsupported, "format", "no reader");
}

Result<Exported> export_data(DataFormat to, const Project& project, const ExportOptions& options) {
  switch (to) {
    case DataFormat::kLabelStudio: {
      Exported out;
      out.files.push_back(FormatFile{"tasks.json", export_label_studio(project)});
      return out;
    }
    case DataFormat::kLocalabel: {
      Exported out;
      out.files.push_back(FormatFile{"project.json", write_project_file(project)});
      return out;
    }
    case DataFormat::kCoco:
      return export_coco(project, options);
    case DataFormat::kYolo:
      return export_yolo(project, options);
    case DataFormat::kVoc:
      return export_voc(project, options);
    case DataFormat::kConll:
      return export_conll(project, options);
    case DataFormat::kSpacy:
      return export_spacy(project, options);
    case DataFormat::kCsv:
      return export_csv(project, options);
    case DataFormat::kJsonl:
      return export_jsonl(project, options);
  }
  return make_error(ErrorCode::kUnsupported, "format", "no writer");
}

Result<Exported> convert_data(DataFormat from, const std::vector<FormatFile>& files, DataFormat to,
                              const ImportOptions& import_options,
                              const ExportOptions& export_options) {
  Result<Project> project = import_data(from, files, import_options);
  if (!project.ok()) return project.error();
  return export_data(to, *project, export_options);
}

}  // namespace localabel
