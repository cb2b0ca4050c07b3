// YOLO (Ultralytics dataset layout), both ways (formats.h).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "format_common.h"
#include "localabel/brush_rle.h"
#include "localabel/coco_rle.h"
#include "localabel/label_studio.h"

namespace localabel {

using namespace formats_detail;

namespace {

const char* yolo_task_name(YoloTask t) {
  switch (t) {
    case YoloTask::kAuto:
      return "auto";
    case YoloTask::kDetect:
      return "detect";
    case YoloTask::kSegment:
      return "segment";
    case YoloTask::kObb:
      return "obb";
    case YoloTask::kPose:
      return "pose";
  }
  return "detect";
}

std::string yaml_quote(const std::string& s) { return Json(s).dump(); }

void append_numbers(std::string& line, std::initializer_list<double> values) {
  for (double v : values) {
    line += ' ';
    line += number_text(v);
  }
}

}  // namespace

Result<YoloTask> parse_yolo_task(std::string_view name) {
  for (YoloTask t :
       {YoloTask::kAuto, YoloTask::kDetect, YoloTask::kSegment, YoloTask::kObb, YoloTask::kPose})
    if (name == yolo_task_name(t)) return t;
  return make_error(ErrorCode::kInvalidArgument, "yolo_task",
                    "unknown YOLO task \"" + std::string(name) +
                        "\" (expected auto, detect, segment, obb or pose)");
}

Result<Exported> export_yolo(const Project& project, const ExportOptions& options) {
  const YoloTask task_kind =
      options.yolo_task == YoloTask::kAuto ? YoloTask::kDetect : options.yolo_task;
  const std::string task_name = yolo_task_name(task_kind);
  Exported out;
  ExportReport& report = out.report;
  std::vector<std::string> classes = image_categories(project);
  std::map<std::string, int> class_id;
  for (size_t i = 0; i < classes.size(); ++i) class_id[classes[i]] = int(i);
  KeypointSchema kp = keypoint_schema(project);

  std::string yaml =
      "path: .\ntrain: images\nval: images\nnc: " + std::to_string(classes.size()) + "\nnames:\n";
  for (size_t i = 0; i < classes.size(); ++i)
    yaml += "  " + std::to_string(i) + ": " + yaml_quote(classes[i]) + "\n";
  if (task_kind == YoloTask::kPose) {
    yaml += "kpt_shape: [" + std::to_string(kp.names.size()) + ", 3]\nkpt_names:\n";
    for (const std::string& n : kp.names) yaml += "  - " + yaml_quote(n) + "\n";
  }
  out.files.push_back(FormatFile{"data.yaml", yaml});

  std::map<std::string, size_t> stems;
  for (size_t ti = 0; ti < project.tasks.size(); ++ti) {
    const Task& task = project.tasks[ti];
    if (task.kind != TaskKind::kImage) {
      report.add("dropped", "tasks that are not images");
      continue;
    }
    const std::string stem = file_stem(image_file_name(task.image));
    if (auto [it, fresh] = stems.emplace(stem, ti); !fresh)
      return make_error(ErrorCode::kDuplicate, "tasks[" + std::to_string(ti) + "].data",
                        "image stem \"" + stem + "\" is used by tasks[" +
                            std::to_string(it->second) + "] too (YOLO names label files by stem)");
    auto [W, H] = task_image_size(task);
    std::string text;
    const Annotation* a = chosen_annotation(task, options, report);
    if (a && (W == 0 || H == 0)) {
      report.add("dropped", "region of an image of unknown size", int64_t(a->regions.size()));
      a = nullptr;
    }
    if (a) {
      const double w = W, h = H;
      std::vector<const Region*> orphans;
      std::vector<std::vector<const Region*>> groups;
      if (task_kind == YoloTask::kPose) {
        groups = group_keypoints(a->regions, &orphans);
        report.add("dropped", "keypoint outside every box", int64_t(orphans.size()));
      }
      for (size_t ri = 0; ri < a->regions.size(); ++ri) {
        const Region& r = a->regions[ri];
        if (r.kind == RegionKind::kKeypoint) {
          if (task_kind != YoloTask::kPose)
            report.add("dropped", "keypoint (YOLO " + task_name + ")");
          continue;
        }
        if (!image_region_with_label(r, report)) continue;
        std::string line = std::to_string(class_id[r.labels[0]]);
        auto write_aabb = [&](const std::array<double, 4>& b) {
          append_numbers(line, {(b[0] + b[2] / 2) / w, (b[1] + b[3] / 2) / h, b[2] / w, b[3] / h});
        };
        switch (task_kind) {
          case YoloTask::kAuto:
          case YoloTask::kDetect:
            if (r.kind == RegionKind::kBox && !is_rotated(r)) {
              write_aabb({r.x, r.y, r.width, r.height});
            } else {
              report.add("approximated",
                         r.kind == RegionKind::kBox ? "rotated box -> axis-aligned bounding box"
                         : r.kind == RegionKind::kPolygon ? "polygon -> bounding box"
                                                          : "brush mask -> bounding box");
              write_aabb(region_aabb(r));
            }
            break;
          case YoloTask::kSegment:
            if (r.kind == RegionKind::kBrush) {
              report.add("dropped", "brush mask (YOLO segment holds polygons only)");
              continue;
            }
            if (r.kind == RegionKind::kBox) {
              report.add("approximated", "box -> 4-corner polygon");
              for (const Point& p : box_corners(r)) append_numbers(line, {p.x / w, p.y / h});
            } else {
              for (const Point& p : r.points) append_numbers(line, {p.x / w, p.y / h});
            }
            break;
          case YoloTask::kObb:
            if (r.kind != RegionKind::kBox) {
              report.add("dropped",
                         std::string(r.kind == RegionKind::kPolygon ? "polygon" : "brush mask") +
                             " (YOLO obb holds boxes only)");
              continue;
            }
            for (const Point& p : box_corners(r)) append_numbers(line, {p.x / w, p.y / h});
            break;
          case YoloTask::kPose: {
            if (r.kind != RegionKind::kBox) {
              report.add("dropped",
                         std::string(r.kind == RegionKind::kPolygon ? "polygon" : "brush mask") +
                             " (YOLO pose holds boxes with keypoints)");
              continue;
            }
            if (is_rotated(r)) {
              report.add("approximated", "rotated box -> axis-aligned bounding box");
              write_aabb(region_aabb(r));
            } else {
              write_aabb({r.x, r.y, r.width, r.height});
            }
            std::vector<double> values(kp.names.size() * 3, 0.0);
            for (const Region* k : groups[ri]) {
              auto it = k->labels.empty()
                            ? kp.names.end()
                            : std::find(kp.names.begin(), kp.names.end(), k->labels[0]);
              if (it == kp.names.end()) {
                report.add("dropped", "keypoint whose label is not a keypoint name");
                continue;
              }
              size_t i = size_t(it - kp.names.begin());
              if (values[3 * i + 2] != 0) {
                report.add("dropped", "second keypoint of one name in one box");
                continue;
              }
              values[3 * i] = k->x / w;
              values[3 * i + 1] = k->y / h;
              values[3 * i + 2] = k->extra.is_object() && k->extra.contains("visibility") &&
                                          k->extra["visibility"] == 1
                                      ? 1
                                      : 2;
              ++report.exported_regions;
            }
            for (double v : values) append_numbers(line, {v});
            break;
          }
        }
        ++report.exported_regions;
        text += line;
        text += '\n';
      }
    }
    out.files.push_back(FormatFile{"labels/" + stem + ".txt", std::move(text)});
  }
  return out;
}

// ---- import -------------------------------------------------------------------------------

namespace {

struct Yaml {
  std::map<std::string, std::string> scalars;
  std::map<std::string, std::vector<std::string>> lists;  // block or flow lists, and maps
  std::map<std::string, std::vector<int64_t>> list_keys;  // map keys of a block map
  std::map<std::string, int64_t> lines;                   // line of each key
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A YAML scalar: plain, 'single' ('' escapes) or "double" (JSON escapes).
Result<std::string> yaml_scalar(std::string_view s, const std::string& where) {
  s = trim(s);
  if (s.size() >= 1 && (s.front() == '"' || s.front() == '\'')) {
    if (s.size() < 2 || s.back() != s.front())
      return make_error(ErrorCode::kInvalidFormat, where, "unterminated quoted string");
    if (s.front() == '"') {
      Json j = Json::parse(s, nullptr, false);
      if (j.is_discarded() || !j.is_string())
        return make_error(ErrorCode::kInvalidFormat, where, "invalid double-quoted string");
      return j.get<std::string>();
    }
    std::string out;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\'') {
        if (i + 2 < s.size() && s[i + 1] == '\'') {
          out += '\'';
          ++i;
          continue;
        }
        return make_error(ErrorCode::kInvalidFormat, where, "stray quote in a quoted string");
      }
      out += s[i];
    }
    return out;
  }
  return std::string(s);
}

// Removes a comment: '#' at the start or after a space, outside quotes.
std::string_view strip_comment(std::string_view line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  }
  return line;
}

// Splits "[a, b, 'c']" into its items.
Result<std::vector<std::string>> flow_list(std::string_view s, const std::string& where) {
  s = trim(s);
  if (s.size() < 2 || s.front() != '[' || s.back() != ']')
    return make_error(ErrorCode::kInvalidFormat, where, "expected a list [a, b, ...]");
  s = s.substr(1, s.size() - 2);
  std::vector<std::string> items;
  if (trim(s).empty()) return items;
  size_t start = 0;
  char quote = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && quote) {
      if (s[i] == quote) quote = 0;
      continue;
    }
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
      quote = s[i];
      continue;
    }
    if (i == s.size() || s[i] == ',') {
      Result<std::string> item = yaml_scalar(s.substr(start, i - start), where);
      if (!item.ok()) return item.error();
      items.push_back(*item);
      start = i + 1;
    }
  }
  if (quote) return make_error(ErrorCode::kInvalidFormat, where, "unterminated quoted string");
  return items;
}

Result<int64_t> parse_int(std::string_view s) {
  if (s.empty() || s.size() > 12) return make_error(ErrorCode::kInvalidFormat, "", "");
  int64_t v = 0;
  size_t i = 0;
  bool neg = s[0] == '-';
  if (neg) i = 1;
  if (i >= s.size()) return make_error(ErrorCode::kInvalidFormat, "", "");
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return make_error(ErrorCode::kInvalidFormat, "", "");
    v = v * 10 + (s[i] - '0');
  }
  return neg ? -v : v;
}

Result<Yaml> read_yaml(std::string_view text, const std::string& file) {
  Yaml y;
  std::vector<std::string_view> lines = split_lines(text);
  std::string block;  // key whose block list or map is being read
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string where = file_line(file, int64_t(i) + 1);
    std::string_view line = strip_comment(lines[i]);
    if (trim(line).empty()) continue;
    if (line.find('\t') != std::string_view::npos)
      return make_error(ErrorCode::kInvalidFormat, where, "tabs are not allowed in YAML");
    const bool indented = line.front() == ' ';
    std::string_view body = trim(line);
    if (indented) {
      if (block.empty())
        return make_error(ErrorCode::kInvalidFormat, where,
                          "indented line outside a block list or map");
      if (body.substr(0, 2) == "- " || body == "-") {
        Result<std::string> item = yaml_scalar(body.substr(1), where);
        if (!item.ok()) return item.error();
        if (!y.list_keys[block].empty())
          return make_error(ErrorCode::kInvalidFormat, where, "list item inside a map");
        y.lists[block].push_back(*item);
        continue;
      }
      size_t colon = body.find(':');
      if (colon == std::string_view::npos)
        return make_error(ErrorCode::kInvalidFormat, where,
                          "expected \"key: value\" or \"- item\"");
      Result<int64_t> key = parse_int(trim(body.substr(0, colon)));
      if (!key.ok())
        return make_error(ErrorCode::kInvalidFormat, where,
                          "map key \"" + std::string(trim(body.substr(0, colon))) +
                              "\" is not an integer class id");
      Result<std::string> value = yaml_scalar(body.substr(colon + 1), where);
      if (!value.ok()) return value.error();
      if (y.list_keys[block].size() != y.lists[block].size())
        return make_error(ErrorCode::kInvalidFormat, where, "map entry inside a list");
      y.list_keys[block].push_back(*key);
      y.lists[block].push_back(*value);
      continue;
    }
    size_t colon = body.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return make_error(ErrorCode::kInvalidFormat, where, "expected \"key: value\"");
    std::string key(trim(body.substr(0, colon)));
    std::string_view value = trim(body.substr(colon + 1));
    if (y.lines.count(key))
      return make_error(ErrorCode::kDuplicate, where, "key \"" + key + "\" is given twice");
    y.lines[key] = int64_t(i) + 1;
    block.clear();
    if (value.empty()) {
      block = key;
      y.lists[key];
    } else if (value.front() == '[') {
      Result<std::vector<std::string>> items = flow_list(value, where);
      if (!items.ok()) return items.error();
      y.lists[key] = std::move(items.value());
    } else if (value.front() == '{') {
      return make_error(ErrorCode::kUnsupported, where, "flow maps {...} are not read");
    } else {
      Result<std::string> v = yaml_scalar(value, where);
      if (!v.ok()) return v.error();
      y.scalars[key] = *v;
    }
  }
  return y;
}

uint32_t be32(const std::string& b, size_t at) {
  return uint32_t(uint8_t(b[at])) << 24 | uint32_t(uint8_t(b[at + 1])) << 16 |
         uint32_t(uint8_t(b[at + 2])) << 8 | uint32_t(uint8_t(b[at + 3]));
}

// Width and height from a PNG or JPEG header; {0, 0} when not recognised.
std::pair<int, int> image_header_size(const std::string& b) {
  if (b.size() >= 24 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 && b.compare(12, 4, "IHDR") == 0)
    return {int(std::min<uint32_t>(be32(b, 16), 1u << 30)),
            int(std::min<uint32_t>(be32(b, 20), 1u << 30))};
  if (b.size() >= 4 && uint8_t(b[0]) == 0xFF && uint8_t(b[1]) == 0xD8) {
    size_t p = 2;
    while (p + 9 < b.size()) {
      if (uint8_t(b[p]) != 0xFF) return {0, 0};
      uint8_t marker = uint8_t(b[p + 1]);
      if (marker == 0xFF) {
        ++p;
        continue;
      }
      size_t len = size_t(uint8_t(b[p + 2])) << 8 | uint8_t(b[p + 3]);
      bool sof =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        int h = int(uint8_t(b[p + 5])) << 8 | uint8_t(b[p + 6]);
        int w = int(uint8_t(b[p + 7])) << 8 | uint8_t(b[p + 8]);
        return {w, h};
      }
      if (len < 2) return {0, 0};
      p += 2 + len;
    }
  }
  return {0, 0};
}

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::char_traits<char>::length(suffix);
  if (s.size() < n) return false;
  for (size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - n + i])) != suffix[i]) return false;
  return true;
}

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Result<double> parse_double(std::string_view s, const std::string& where) {
  std::string copy(s);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(v))
    return make_error(ErrorCode::kInvalidFormat, where, "\"" + copy + "\" is not a finite number");
  return v;
}

}  // namespace

Result<Project> import_yolo(const std::vector<FormatFile>& files, const ImportOptions& options) {
  // data.yaml: the one at the top level (data.yaml preferred).
  const FormatFile* yaml_file = nullptr;
  for (const FormatFile& f : files)
    if (f.path.find('/') == std::string::npos &&
        (ends_with(f.path, ".yaml") || ends_with(f.path, ".yml")))
      if (!yaml_file || f.path == "data.yaml") yaml_file = &f;
  if (!yaml_file)
    return make_error(ErrorCode::kMissingField, "data.yaml",
                      "no data.yaml at the top of the folder");
  Result<Yaml> yaml = read_yaml(yaml_file->bytes, yaml_file->path);
  if (!yaml.ok()) return yaml.error();
  const std::string& yf = yaml_file->path;
  if (!yaml->lists.count("names") && !yaml->scalars.count("names"))
    return make_error(ErrorCode::kMissingField, yf + ":names", "no names in " + yf);
  if (yaml->scalars.count("names"))
    return make_error(ErrorCode::kInvalidFormat, file_line(yf, yaml->lines["names"]),
                      "names must be a list or a map of class ids to names");
  std::vector<std::string> names = yaml->lists["names"];
  const std::vector<int64_t>& keys = yaml->list_keys["names"];
  if (!keys.empty()) {
    // A map: ids must be 0..n-1 (any order).
    std::vector<std::string> ordered(names.size());
    std::vector<bool> seen(names.size(), false);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] < 0 || keys[i] >= int64_t(names.size()) || seen[size_t(keys[i])])
        return make_error(ErrorCode::kInvalidFormat, file_line(yf, yaml->lines["names"]),
                          "names map keys must be the class ids 0.." +
                              std::to_string(names.size() - 1) + " once each");
      seen[size_t(keys[i])] = true;
      ordered[size_t(keys[i])] = names[i];
    }
    names = std::move(ordered);
  }
  if (yaml->scalars.count("nc")) {
    Result<int64_t> nc = parse_int(yaml->scalars["nc"]);
    if (!nc.ok() || *nc != int64_t(names.size()))
      return make_error(ErrorCode::kLengthMismatch, file_line(yf, yaml->lines["nc"]),
                        "nc is " + yaml->scalars["nc"] + " but names lists " +
                            std::to_string(names.size()) + " classes");
  }
  YoloTask task_kind = options.yolo_task;
  int kpt_count = 0, kpt_dims = 3;
  std::vector<std::string> kpt_names;
  if (yaml->lists.count("kpt_shape")) {
    const std::vector<std::string>& ks = yaml->lists["kpt_shape"];
    Result<int64_t> k = ks.size() == 2 ? parse_int(ks[0]) : Result<int64_t>(Error{});
    Result<int64_t> d = ks.size() == 2 ? parse_int(ks[1]) : Result<int64_t>(Error{});
    if (!k.ok() || !d.ok() || *k < 1 || *k > 1000 || (*d != 2 && *d != 3))
      return make_error(ErrorCode::kInvalidFormat, file_line(yf, yaml->lines["kpt_shape"]),
                        "kpt_shape must be [K, 2] or [K, 3] with 1 <= K <= 1000");
    kpt_count = int(*k);
    kpt_dims = int(*d);
    if (task_kind == YoloTask::kAuto) task_kind = YoloTask::kPose;
    kpt_names = yaml->lists["kpt_names"];
    if (!kpt_names.empty() && int(kpt_names.size()) != kpt_count)
      return make_error(ErrorCode::kLengthMismatch, file_line(yf, yaml->lines["kpt_names"]),
                        "kpt_names lists " + std::to_string(kpt_names.size()) +
                            " names for kpt_shape's " + std::to_string(kpt_count));
    for (int i = int(kpt_names.size()); i < kpt_count; ++i)
      kpt_names.push_back("keypoint " + std::to_string(i));
  }
  if (task_kind == YoloTask::kPose && kpt_count == 0)
    return make_error(ErrorCode::kMissingField, yf + ":kpt_shape",
                      "a pose data set needs kpt_shape in " + yf);

  // Image files give their sizes and names.
  std::map<std::string, std::pair<std::string, std::pair<int, int>>> images;  // stem -> path, size
  for (const FormatFile& f : files) {
    if (!(ends_with(f.path, ".png") || ends_with(f.path, ".jpg") || ends_with(f.path, ".jpeg")))
      continue;
    images[file_stem(base_name(f.path))] = {f.path, image_header_size(f.bytes)};
  }

  std::vector<const FormatFile*> labels;
  for (const FormatFile& f : files)
    if (ends_with(f.path, ".txt") &&
        (f.path.rfind("labels/", 0) == 0 || f.path.find("/labels/") != std::string::npos))
      labels.push_back(&f);
  std::sort(labels.begin(), labels.end(),
            [](const FormatFile* a, const FormatFile* b) { return a->path < b->path; });

  Project project;
  bool used[3] = {false, false, false};  // box, polygon, keypoint
  std::map<std::string, std::string> stems;
  for (const FormatFile* f : labels) {
    const std::string stem = file_stem(base_name(f->path));
    if (auto [it, fresh] = stems.emplace(stem, f->path); !fresh)
      return make_error(ErrorCode::kDuplicate, f->path,
                        "label files " + it->second + " and " + f->path + " name one image");
    int W = 0, H = 0;
    std::string image = stem;
    if (auto it = images.find(stem); it != images.end()) {
      image = it->second.first;
      W = it->second.second.first;
      H = it->second.second.second;
    }
    if (auto it = options.image_sizes.find(stem); it != options.image_sizes.end()) {
      W = it->second.first;
      H = it->second.second;
    }
    Task task = make_image_task(std::to_string(project.tasks.size() + 1), IdForm::kNumber, image);
    Annotation ann;
    ann.id_form = IdForm::kAbsent;
    ann.annotator_form = IdForm::kAbsent;
    std::vector<std::string_view> lines = split_lines(f->bytes);
    for (size_t li = 0; li < lines.size(); ++li) {
      const std::string where = file_line(f->path, int64_t(li) + 1);
      std::vector<std::string_view> fields;
      std::string_view line = lines[li];
      size_t p = 0;
      while (p < line.size()) {
        while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
        size_t q = p;
        while (q < line.size() && line[q] != ' ' && line[q] != '\t') ++q;
        if (q > p) fields.push_back(line.substr(p, q - p));
        p = q;
      }
      if (fields.empty()) continue;
      if (W < 1 || H < 1 || W > kMaxImageSide || H > kMaxImageSide)
        return make_error(
            ErrorCode::kMissingField, f->path,
            "no size for image \"" + stem + "\": add the image file or give its size");
      Result<int64_t> cls = parse_int(fields[0]);
      if (!cls.ok())
        return make_error(ErrorCode::kInvalidFormat, where,
                          "class id \"" + std::string(fields[0]) + "\" is not an integer");
      if (*cls < 0 || *cls >= int64_t(names.size()))
        return make_error(ErrorCode::kUnknownReference, where,
                          "class id " + std::to_string(*cls) + " is not in names (0.." +
                              std::to_string(int64_t(names.size()) - 1) + ")");
      std::vector<double> v;
      for (size_t k = 1; k < fields.size(); ++k) {
        Result<double> d = parse_double(fields[k], where);
        if (!d.ok()) return d.error();
        v.push_back(*d);
      }
      const size_t n = v.size();
      YoloTask kind = task_kind;
      if (kind == YoloTask::kAuto) kind = n == 4 ? YoloTask::kDetect : YoloTask::kSegment;
      size_t expected = 0;
      if (kind == YoloTask::kDetect) expected = 4;
      if (kind == YoloTask::kObb) expected = 8;
      if (kind == YoloTask::kPose) expected = 4 + size_t(kpt_count * kpt_dims);
      if ((expected && n != expected) || (kind == YoloTask::kSegment && (n < 6 || n % 2 != 0)))
        return make_error(ErrorCode::kInvalidFormat, where,
                          std::to_string(n + 1) + " values on a " + yolo_task_name(kind) +
                              " line (expected " +
                              (kind == YoloTask::kSegment ? std::string("class and >= 3 points")
                                                          : std::to_string(expected + 1)) +
                              ")");
      for (size_t k = 0; k < n; ++k) {
        bool is_vis = kind == YoloTask::kPose && kpt_dims == 3 && k >= 4 && (k - 4) % 3 == 2;
        if (is_vis) {
          if (v[k] != 0 && v[k] != 1 && v[k] != 2)
            return make_error(ErrorCode::kOutOfRange, where,
                              "value " + std::to_string(k + 2) + ": visibility must be 0, 1 or 2");
          continue;
        }
        if (v[k] < -1e-6 || v[k] > 1 + 1e-6)
          return make_error(ErrorCode::kOutOfRange, where,
                            "value " + std::to_string(k + 2) + " (" + std::string(fields[k + 1]) +
                                ") is outside [0, 1]");
      }
      Region r;
      r.id = "yolo-" + std::to_string(project.tasks.size() + 1) + "-" + std::to_string(li + 1);
      r.to_name = "image";
      r.labels = {names[size_t(*cls)]};
      r.image_width = W;
      r.image_height = H;
      if (kind == YoloTask::kDetect || kind == YoloTask::kPose) {
        r.kind = RegionKind::kBox;
        r.from_name = "label";
        r.width = v[2] * W;
        r.height = v[3] * H;
        r.x = v[0] * W - r.width / 2;
        r.y = v[1] * H - r.height / 2;
        used[0] = true;
      } else if (kind == YoloTask::kSegment) {
        r.kind = RegionKind::kPolygon;
        r.from_name = "polygon";
        for (size_t k = 0; k < n; k += 2) r.points.push_back(Point{v[k] * W, v[k + 1] * H});
        used[1] = true;
      } else {
        r.kind = RegionKind::kBox;
        r.from_name = "label";
        Point c[4];
        for (int k = 0; k < 4; ++k) c[k] = Point{v[size_t(2 * k)] * W, v[size_t(2 * k + 1)] * H};
        r.x = c[0].x;
        r.y = c[0].y;
        r.width = std::hypot(c[1].x - c[0].x, c[1].y - c[0].y);
        r.height = std::hypot(c[3].x - c[0].x, c[3].y - c[0].y);
        double deg = std::atan2(c[1].y - c[0].y, c[1].x - c[0].x) * 180.0 / kPi;
        if (deg < 0) deg += 360;
        if (std::fabs(deg) < 1e-9 || std::fabs(deg - 360) < 1e-9) deg = 0;
        r.rotation = deg;
        r.has_rotation = deg != 0;
        used[0] = true;
      }
      std::string box_id = r.id;
      ann.regions.push_back(std::move(r));
      if (kind == YoloTask::kPose) {
        for (int k = 0; k < kpt_count; ++k) {
          size_t at = 4 + size_t(k * kpt_dims);
          double vis = kpt_dims == 3 ? v[at + 2] : 2;
          if (vis == 0 || (kpt_dims == 2 && v[at] == 0 && v[at + 1] == 0)) continue;
          Region kr;
          kr.id = box_id + "-k" + std::to_string(k);
          kr.kind = RegionKind::kKeypoint;
          kr.from_name = "keypoint";
          kr.to_name = "image";
          kr.labels = {kpt_names[size_t(k)]};
          kr.image_width = W;
          kr.image_height = H;
          kr.x = v[at] * W;
          kr.y = v[at + 1] * H;
          kr.extra = Json::object({{"parentID", box_id}});
          if (vis == 1) kr.extra["visibility"] = 1;
          ann.regions.push_back(std::move(kr));
          used[2] = true;
        }
      }
    }
    if (!ann.regions.empty()) task.annotations.push_back(std::move(ann));
    if (W > 0 && H > 0 && task.annotations.empty()) {
      task.data["width"] = W;
      task.data["height"] = H;
    }
    project.tasks.push_back(std::move(task));
  }
  project.label_sets.push_back(make_label_set("label", "image", RegionKind::kBox, names));
  if (used[1])
    project.label_sets.push_back(make_label_set("polygon", "image", RegionKind::kPolygon, names));
  if (kpt_count > 0)
    project.label_sets.push_back(
        make_label_set("keypoint", "image", RegionKind::kKeypoint, kpt_names));
  return project;
}

}  // namespace localabel
