// Helpers shared by the training-format readers and writers.
#include "format_common.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "json_read.h"
#include "localabel/brush_rle.h"
#include "localabel/coco_rle.h"
#include "localabel/label_studio.h"
#include "ls_detail.h"

namespace localabel {

void ExportReport::add(const std::string& action, const std::string& what, int64_t n) {
  if (n == 0) return;
  for (ReportEntry& e : entries)
    if (e.action == action && e.what == what) {
      e.count += n;
      return;
    }
  entries.push_back(ReportEntry{action, what, n});
  std::sort(entries.begin(), entries.end(), [](const ReportEntry& a, const ReportEntry& b) {
    return std::tie(a.action, a.what) < std::tie(b.action, b.what);
  });
}

Json ExportReport::to_json() const {
  Json out = {{"exported_regions", exported_regions},
              {"approximated", Json::object()},
              {"dropped", Json::object()}};
  for (const ReportEntry& e : entries) out[e.action][e.what] = e.count;
  return out;
}

namespace formats_detail {

const Annotation* chosen_annotation(const Task& task, const ExportOptions& options,
                                    ExportReport& report) {
  const Annotation* chosen = nullptr;
  for (const Annotation& a : task.annotations) {
    if (!options.annotator.empty()) {
      if (a.annotator == options.annotator && !chosen) chosen = &a;
      continue;
    }
    if (a.status == AnnotationStatus::kSkipped) continue;
    if (a.ground_truth) {
      chosen = &a;
      break;
    }
    if (!chosen) chosen = &a;
  }
  int64_t others = int64_t(task.annotations.size()) - (chosen ? 1 : 0);
  report.add("dropped", "annotations of other annotators (one per task)", others);
  return chosen;
}

std::string image_file_name(const std::string& url) {
  std::string s = url.substr(0, url.find_first_of("?#"));
  size_t slash = s.find_last_of("/\\");
  if (slash != std::string::npos) s = s.substr(slash + 1);
  return s.empty() ? "image" : s;
}

std::string file_stem(const std::string& name) {
  size_t dot = name.find_last_of('.');
  if (dot == std::string::npos || dot == 0) return name;
  return name.substr(0, dot);
}

std::pair<int, int> task_image_size(const Task& task) {
  auto from = [](const std::vector<Region>& regions) -> std::pair<int, int> {
    for (const Region& r : regions)
      if (r.image_width > 0 && r.image_height > 0) return {r.image_width, r.image_height};
    return {0, 0};
  };
  for (const Annotation& a : task.annotations)
    if (auto s = from(a.regions); s.first > 0) return s;
  for (const Prediction& p : task.predictions)
    if (auto s = from(p.regions); s.first > 0) return s;
  const Json& d = task.data;
  if (d.is_object() && d.contains("width") && d.contains("height") &&
      d["width"].is_number_integer() && d["height"].is_number_integer()) {
    int64_t w = d["width"].get<int64_t>(), h = d["height"].get<int64_t>();
    if (w > 0 && h > 0 && w <= kMaxImageSide && h <= kMaxImageSide) return {int(w), int(h)};
  }
  return {0, 0};
}

namespace {
bool is_category_kind(RegionKind k) {
  return k == RegionKind::kBox || k == RegionKind::kPolygon || k == RegionKind::kBrush;
}
void push_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}
}  // namespace

std::vector<std::string> image_categories(const Project& project) {
  std::vector<std::string> names;
  for (const LabelSet& set : project.label_sets)
    if (is_category_kind(set.kind))
      for (const Label& l : set.labels) push_unique(names, l.name);
  for (const Task& t : project.tasks)
    for (const Annotation& a : t.annotations)
      for (const Region& r : a.regions)
        if (is_category_kind(r.kind))
          for (const std::string& l : r.labels) push_unique(names, l);
  return names;
}

KeypointSchema keypoint_schema(const Project& project) {
  KeypointSchema s;
  for (const LabelSet& set : project.label_sets) {
    if (set.kind != RegionKind::kKeypoint) continue;
    for (const Label& l : set.labels) push_unique(s.names, l.name);
    if (set.extra.is_object() && set.extra.contains("skeleton") && set.extra["skeleton"].is_array())
      s.skeleton = set.extra["skeleton"];
    break;
  }
  if (s.names.empty()) {
    for (const Task& t : project.tasks)
      for (const Annotation& a : t.annotations)
        for (const Region& r : a.regions)
          if (r.kind == RegionKind::kKeypoint)
            for (const std::string& l : r.labels) push_unique(s.names, l);
  }
  return s;
}

bool is_rotated(const Region& r) { return r.kind == RegionKind::kBox && r.rotation != 0; }

std::array<Point, 4> box_corners(const Region& r) {
  if (r.rotation == 0)
    return {Point{r.x, r.y}, Point{r.x + r.width, r.y}, Point{r.x + r.width, r.y + r.height},
            Point{r.x, r.y + r.height}};
  const double a = r.rotation * kPi / 180.0;
  const double c = std::cos(a), s = std::sin(a);
  // Clockwise on screen is counter-clockwise in y-up terms: with y down, (dx, dy) turns to
  // (dx cos - dy sin, dx sin + dy cos).
  auto at = [&](double dx, double dy) {
    return Point{r.x + dx * c - dy * s, r.y + dx * s + dy * c};
  };
  return {at(0, 0), at(r.width, 0), at(r.width, r.height), at(0, r.height)};
}

std::array<double, 4> region_aabb(const Region& r) {
  auto of_points = [](const auto& pts) -> std::array<double, 4> {
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (const Point& p : pts) {
      x0 = std::min(x0, p.x);
      y0 = std::min(y0, p.y);
      x1 = std::max(x1, p.x);
      y1 = std::max(y1, p.y);
    }
    if (x0 > x1) return {0, 0, 0, 0};
    return {x0, y0, x1 - x0, y1 - y0};
  };
  switch (r.kind) {
    case RegionKind::kBox:
      return of_points(box_corners(r));
    case RegionKind::kPolygon:
      return of_points(r.points);
    case RegionKind::kBrush:
      return coco_rle_bbox(coco_rle_from_brush_mask(r.mask));
    default:
      return {r.x, r.y, 0, 0};
  }
}

std::vector<std::vector<const Region*>> group_keypoints(const std::vector<Region>& regions,
                                                        std::vector<const Region*>* orphans) {
  std::vector<std::vector<const Region*>> groups(regions.size());
  for (const Region& k : regions) {
    if (k.kind != RegionKind::kKeypoint) continue;
    int best = -1;
    double best_area = INFINITY;
    std::string parent;
    if (k.extra.is_object() && k.extra.contains("parentID") && k.extra["parentID"].is_string())
      parent = k.extra["parentID"].get<std::string>();
    for (size_t i = 0; i < regions.size(); ++i) {
      const Region& b = regions[i];
      if (b.kind != RegionKind::kBox) continue;
      if (!parent.empty()) {
        if (b.id == parent) {
          best = int(i);
          break;
        }
        continue;
      }
      std::array<double, 4> bb = region_aabb(b);
      bool inside = k.x >= bb[0] && k.x <= bb[0] + bb[2] && k.y >= bb[1] && k.y <= bb[1] + bb[3];
      if (inside && bb[2] * bb[3] < best_area) {
        best = int(i);
        best_area = bb[2] * bb[3];
      }
    }
    if (best < 0)
      orphans->push_back(&k);
    else
      groups[size_t(best)].push_back(&k);
  }
  return groups;
}

std::string number_text(double value) {
  if (value == 0) return "0";  // no "-0.0"
  return Json(value).dump();
}

Result<TextRecord> read_text_record(std::string_view line, const std::string& file,
                                    int64_t line_number) {
  const std::string where = file_line(file, line_number);
  Result<Json> parsed = parse_json_text(line);
  if (!parsed.ok()) {
    // The place stays "<file>:<line>"; the message adds the column parse_json_text gives.
    Error e = parsed.error();
    e.message = where + ": " + e.message + (e.path.empty() ? "" : " (" + e.path + ")");
    e.path = where;
    return e;
  }
  Json j = std::move(parsed).value();
  if (!j.is_object()) return in_file(wrong_type("", "an object", j), where);
  Result<const Json*> t = required(j, "text", "");
  if (!t.ok()) return in_file(t.error(), where);
  Result<std::string> text = as_string(**t, "text");
  if (!text.ok()) return in_file(text.error(), where);
  return TextRecord{std::move(j), std::move(text).value()};
}

bool image_region_with_label(const Region& r, ExportReport& report) {
  if (r.kind != RegionKind::kBox && r.kind != RegionKind::kPolygon &&
      r.kind != RegionKind::kBrush) {
    report.add("dropped", "region that is not an image region");
    return false;
  }
  if (r.labels.empty()) {
    report.add("dropped", "region without a label");
    return false;
  }
  if (r.labels.size() > 1) report.add("approximated", "region with several labels -> first label");
  return true;
}

std::string file_line(const std::string& file, int64_t line) {
  return file + ":" + std::to_string(line);
}

Error in_file(const Error& error, const std::string& prefix) {
  Error e = error;
  e.path = error.path.empty() ? prefix : prefix + ":" + error.path;
  e.message = prefix + ": " + error.message;
  return e;
}

LabelSet make_label_set(const std::string& name, const std::string& to_name, RegionKind kind,
                        const std::vector<std::string>& labels, bool multiple) {
  LabelSet set;
  set.name = name;
  set.to_name = to_name;
  set.kind = kind;
  set.multiple = multiple;
  for (size_t i = 0; i < labels.size(); ++i) {
    Label l;
    l.name = labels[i];
    l.color = ls_detail::palette_color(i);
    set.labels.push_back(std::move(l));
  }
  return set;
}

Task make_image_task(const std::string& id, IdForm id_form, const std::string& image) {
  Task t;
  t.id = id;
  t.id_form = id_form;
  t.kind = TaskKind::kImage;
  t.image = image;
  t.data = Json::object({{"image", image}});
  t.data_key = "image";
  return t;
}

Task make_text_task(const std::string& id, const std::string& text) {
  Task t;
  t.id = id;
  t.id_form = IdForm::kNumber;
  t.kind = TaskKind::kText;
  t.text = text;
  t.data = Json::object({{"text", text}});
  t.data_key = "text";
  return t;
}

void add_used_labels(const std::vector<Task>& tasks, LabelSet& set) {
  for (const Task& t : tasks)
    for (const Annotation& a : t.annotations)
      for (const Region& r : a.regions)
        if (r.kind == set.kind && r.from_name == set.name)
          for (const std::string& l : r.labels) {
            bool known = false;
            for (const Label& x : set.labels) known = known || x.name == l;
            if (!known) {
              Label nl;
              nl.name = l;
              nl.color = ls_detail::palette_color(set.labels.size());
              set.labels.push_back(std::move(nl));
            }
          }
}

const std::string* task_text(const Task& task) {
  return task.kind == TaskKind::kText ? &task.text : nullptr;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines;
}

}  // namespace formats_detail
}  // namespace localabel

namespace localabel::formats_detail {
Error nested(const Error& error, const std::string& prefix) {
  std::string path = error.path.empty() ? prefix : prefix + "." + error.path;
  std::string what = error.message;
  if (!error.path.empty() && what.rfind(error.path + ": ", 0) == 0)
    what = what.substr(error.path.size() + 2);
  return make_error(error.code, path, what);
}
}  // namespace localabel::formats_detail
