// Pascal VOC XML, both ways (formats.h).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "format_common.h"
#include "localabel/brush_rle.h"
#include "xml_reader.h"

namespace localabel {

using namespace formats_detail;

namespace {

bool meta_flag(const Region& r, const char* key) {
  if (!r.extra.is_object() || !r.extra.contains("meta") || !r.extra["meta"].is_object())
    return false;
  const Json& m = r.extra["meta"];
  if (!m.contains(key)) return false;
  const Json& v = m[key];
  return (v.is_boolean() && v.get<bool>()) || (v.is_number() && v.get<double>() != 0);
}

std::string meta_pose(const Region& r) {
  if (r.extra.is_object() && r.extra.contains("meta") && r.extra["meta"].is_object() &&
      r.extra["meta"].contains("pose") && r.extra["meta"]["pose"].is_string())
    return r.extra["meta"]["pose"].get<std::string>();
  return "Unspecified";
}

}  // namespace

Result<Exported> export_voc(const Project& project, const ExportOptions& options) {
  Exported out;
  ExportReport& report = out.report;
  std::map<std::string, size_t> stems;
  for (size_t ti = 0; ti < project.tasks.size(); ++ti) {
    const Task& task = project.tasks[ti];
    if (task.kind != TaskKind::kImage) {
      report.add("dropped", "tasks that are not images");
      continue;
    }
    const std::string file = image_file_name(task.image);
    const std::string stem = file_stem(file);
    if (auto [it, fresh] = stems.emplace(stem, ti); !fresh)
      return make_error(ErrorCode::kDuplicate, "tasks[" + std::to_string(ti) + "].data",
                        "image stem \"" + stem + "\" is used by tasks[" +
                            std::to_string(it->second) + "] too (VOC names files by stem)");
    auto [W, H] = task_image_size(task);
    if (W == 0) report.add("approximated", "image of unknown size -> width and height 0");
    std::string x = "<annotation>\n  <folder>images</folder>\n  <filename>" + xml_escape(file) +
                    "</filename>\n  <size>\n    <width>" + std::to_string(W) +
                    "</width>\n    <height>" + std::to_string(H) +
                    "</height>\n    <depth>3</depth>\n  </size>\n  <segmented>0</segmented>\n";
    const Annotation* a = chosen_annotation(task, options, report);
    for (size_t ri = 0; a && ri < a->regions.size(); ++ri) {
      const Region& r = a->regions[ri];
      if (r.kind == RegionKind::kKeypoint) {
        report.add("dropped", "keypoint (VOC holds boxes)");
        continue;
      }
      if (!image_region_with_label(r, report)) continue;
      std::array<double, 4> bb{r.x, r.y, r.width, r.height};
      if (r.kind != RegionKind::kBox || is_rotated(r)) {
        report.add("approximated", r.kind == RegionKind::kBox
                                       ? "rotated box -> axis-aligned bounding box"
                                   : r.kind == RegionKind::kPolygon ? "polygon -> bounding box"
                                                                    : "brush mask -> bounding box");
        bb = region_aabb(r);
      }
      double x0 = std::round(bb[0]), y0 = std::round(bb[1]);
      double x1 = std::round(bb[0] + bb[2]), y1 = std::round(bb[1] + bb[3]);
      // Within 1e-6 pixel of a whole pixel counts as whole: Label Studio's percentages turn
      // whole pixels into values like 9.999999999999998.
      auto near = [](double a, double b) { return std::fabs(a - b) <= 1e-6; };
      bool whole =
          near(x0, bb[0]) && near(y0, bb[1]) && near(x1, bb[0] + bb[2]) && near(y1, bb[1] + bb[3]);
      if (x1 < x0 + 1) x1 = x0 + 1, whole = false;
      if (y1 < y0 + 1) y1 = y0 + 1, whole = false;
      if (!whole && r.kind == RegionKind::kBox && !is_rotated(r))
        report.add("approximated", "box not on whole pixels -> rounded");
      x += "  <object>\n    <name>" + xml_escape(r.labels[0]) + "</name>\n    <pose>" +
           xml_escape(meta_pose(r)) + "</pose>\n    <truncated>" +
           (meta_flag(r, "truncated") ? "1" : "0") + "</truncated>\n    <difficult>" +
           (meta_flag(r, "difficult") ? "1" : "0") + "</difficult>\n";
      if (meta_flag(r, "occluded")) x += "    <occluded>1</occluded>\n";
      x += "    <bndbox>\n      <xmin>" + std::to_string(int64_t(x0) + 1) +
           "</xmin>\n      <ymin>" + std::to_string(int64_t(y0) + 1) + "</ymin>\n      <xmax>" +
           std::to_string(int64_t(x1)) + "</xmax>\n      <ymax>" + std::to_string(int64_t(y1)) +
           "</ymax>\n    </bndbox>\n  </object>\n";
      ++report.exported_regions;
    }
    x += "</annotation>\n";
    out.files.push_back(FormatFile{"Annotations/" + stem + ".xml", std::move(x)});
  }
  return out;
}

namespace {

std::string trimmed(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

Result<const XmlElement*> need(const XmlElement& e, const char* name, const std::string& file) {
  const XmlElement* c = e.child(name);
  if (!c)
    return make_error(ErrorCode::kMissingField, file_line(file, e.line),
                      "<" + e.name + "> has no <" + name + ">");
  return c;
}

Result<double> number_of(const XmlElement& e, const std::string& file) {
  std::string t = trimmed(e.text);
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
    return make_error(ErrorCode::kInvalidFormat, file_line(file, e.line),
                      "<" + e.name + "> \"" + t + "\" is not a number");
  return v;
}

Result<int64_t> flag_of(const XmlElement* e, const std::string& file) {
  if (!e) return int64_t{0};
  std::string t = trimmed(e->text);
  if (t == "0" || t.empty()) return int64_t{0};
  if (t == "1") return int64_t{1};
  return make_error(ErrorCode::kInvalidFormat, file_line(file, e->line),
                    "<" + e->name + "> must be 0 or 1, got \"" + t + "\"");
}

}  // namespace

Result<Project> import_voc(const std::vector<FormatFile>& files) {
  std::vector<const FormatFile*> xmls;
  for (const FormatFile& f : files)
    if (f.path.size() > 4 && f.path.compare(f.path.size() - 4, 4, ".xml") == 0) xmls.push_back(&f);
  if (xmls.empty()) return make_error(ErrorCode::kEmptyInput, "", "no .xml files");
  std::sort(xmls.begin(), xmls.end(),
            [](const FormatFile* a, const FormatFile* b) { return a->path < b->path; });
  Project project;
  std::vector<std::string> names;
  for (const FormatFile* f : xmls) {
    const std::string& file = f->path;
    Result<XmlElement> doc = parse_xml(f->bytes, file);
    if (!doc.ok()) return doc.error();
    const XmlElement& root = *doc;
    if (root.name != "annotation")
      return make_error(ErrorCode::kInvalidFormat, file_line(file, root.line),
                        "root element is <" + root.name + ">, expected <annotation>");
    std::string image = file_stem(file.substr(file.find_last_of('/') + 1)) + ".jpg";
    if (const XmlElement* fn = root.child("filename")) image = trimmed(fn->text);
    Result<const XmlElement*> size = need(root, "size", file);
    if (!size.ok()) return size.error();
    int wh[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      Result<const XmlElement*> s = need(**size, k == 0 ? "width" : "height", file);
      if (!s.ok()) return s.error();
      Result<double> v = number_of(**s, file);
      if (!v.ok()) return v.error();
      if (*v != std::floor(*v) || *v < 1 || *v > kMaxImageSide)
        return make_error(
            ErrorCode::kOutOfRange, file_line(file, (*s)->line),
            "<" + (*s)->name + "> must be an integer in 1.." + std::to_string(kMaxImageSide));
      wh[k] = int(*v);
    }
    Task task = make_image_task(std::to_string(project.tasks.size() + 1), IdForm::kNumber, image);
    Annotation ann;
    ann.id_form = IdForm::kAbsent;
    ann.annotator_form = IdForm::kAbsent;
    for (const XmlElement& o : root.children) {
      if (o.name != "object") continue;
      Result<const XmlElement*> name = need(o, "name", file);
      if (!name.ok()) return name.error();
      std::string label = trimmed((*name)->text);
      if (label.empty())
        return make_error(ErrorCode::kMissingField, file_line(file, (*name)->line),
                          "<name> is empty");
      Result<const XmlElement*> box = need(o, "bndbox", file);
      if (!box.ok()) return box.error();
      double v[4];
      const char* keys[4] = {"xmin", "ymin", "xmax", "ymax"};
      for (int k = 0; k < 4; ++k) {
        Result<const XmlElement*> c = need(**box, keys[k], file);
        if (!c.ok()) return c.error();
        Result<double> d = number_of(**c, file);
        if (!d.ok()) return d.error();
        double limit = k % 2 == 0 ? wh[0] : wh[1];
        if (*d < 1 || *d > limit)
          return make_error(ErrorCode::kOutOfRange, file_line(file, (*c)->line),
                            std::string("<") + keys[k] + "> " + Json(*d).dump() +
                                " is outside 1.." + Json(limit).dump());
        v[k] = *d;
      }
      if (v[0] > v[2] || v[1] > v[3])
        return make_error(ErrorCode::kOutOfRange, file_line(file, (*box)->line),
                          "xmin > xmax or ymin > ymax");
      Json meta = Json::object();
      for (const char* key : {"difficult", "truncated", "occluded"}) {
        Result<int64_t> flag = flag_of(o.child(key), file);
        if (!flag.ok()) return flag.error();
        if (*flag) meta[key] = true;
      }
      if (const XmlElement* pose = o.child("pose"); pose && trimmed(pose->text) != "Unspecified")
        meta["pose"] = trimmed(pose->text);
      Region r;
      r.id = "voc-" + std::to_string(project.tasks.size() + 1) + "-" +
             std::to_string(ann.regions.size() + 1);
      r.kind = RegionKind::kBox;
      r.from_name = "label";
      r.to_name = "image";
      r.labels = {label};
      r.image_width = wh[0];
      r.image_height = wh[1];
      r.x = v[0] - 1;
      r.y = v[1] - 1;
      r.width = v[2] - v[0] + 1;
      r.height = v[3] - v[1] + 1;
      if (!meta.empty()) r.extra["meta"] = meta;
      ann.regions.push_back(std::move(r));
      if (std::find(names.begin(), names.end(), label) == names.end()) names.push_back(label);
    }
    if (!ann.regions.empty())
      task.annotations.push_back(std::move(ann));
    else {
      task.data["width"] = wh[0];
      task.data["height"] = wh[1];
    }
    project.tasks.push_back(std::move(task));
  }
  project.label_sets.push_back(make_label_set("label", "image", RegionKind::kBox, names));
  return project;
}

}  // namespace localabel
