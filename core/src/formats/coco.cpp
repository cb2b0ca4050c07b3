// COCO instances, both ways (formats.h).
#include <algorithm>
#include <cmath>
#include <map>

#include "format_common.h"
#include "json_read.h"
#include "localabel/brush_rle.h"
#include "localabel/coco_rle.h"
#include "localabel/label_studio.h"

namespace localabel {

using namespace formats_detail;

namespace {

Json bbox_json(const std::array<double, 4>& b) { return Json::array({b[0], b[1], b[2], b[3]}); }

// The first label of a region, counting regions without one or with several.
const std::string* region_label(const Region& r, ExportReport& report) {
  if (r.labels.empty()) {
    report.add("dropped", "region without a label");
    return nullptr;
  }
  if (r.labels.size() > 1) report.add("approximated", "region with several labels -> first label");
  return &r.labels[0];
}

}  // namespace

Result<Exported> export_coco(const Project& project, const ExportOptions& options) {
  Exported out;
  ExportReport& report = out.report;
  std::vector<std::string> categories = image_categories(project);
  std::map<std::string, int> category_id;
  for (size_t i = 0; i < categories.size(); ++i) category_id[categories[i]] = int(i) + 1;
  KeypointSchema kp = keypoint_schema(project);

  Json cats = Json::array();
  for (size_t i = 0; i < categories.size(); ++i) {
    Json c = {{"id", int(i) + 1}, {"name", categories[i]}, {"supercategory", ""}};
    if (!kp.names.empty()) {
      c["keypoints"] = kp.names;
      c["skeleton"] = kp.skeleton;
    }
    cats.push_back(std::move(c));
  }

  Json images = Json::array();
  Json annotations = Json::array();
  int64_t next_annotation = 1;
  int64_t image_id = 0;
  for (const Task& task : project.tasks) {
    if (task.kind != TaskKind::kImage) {
      report.add("dropped", "tasks that are not images");
      continue;
    }
    ++image_id;
    auto [w, h] = task_image_size(task);
    if (w == 0) report.add("approximated", "image of unknown size -> width and height 0");
    images.push_back({{"id", image_id},
                      {"file_name", image_file_name(task.image)},
                      {"width", w},
                      {"height", h}});
    const Annotation* a = chosen_annotation(task, options, report);
    if (!a) continue;
    std::vector<const Region*> orphans;
    std::vector<std::vector<const Region*>> groups = group_keypoints(a->regions, &orphans);
    report.add("dropped", "keypoint outside every box", int64_t(orphans.size()));
    for (size_t ri = 0; ri < a->regions.size(); ++ri) {
      const Region& r = a->regions[ri];
      if (r.kind == RegionKind::kKeypoint) continue;  // written with their box
      if (r.kind != RegionKind::kBox && r.kind != RegionKind::kPolygon &&
          r.kind != RegionKind::kBrush) {
        report.add("dropped",
                   std::string("region that is not an image region (") +
                       (r.kind == RegionKind::kOther ? "other" : region_kind_ls_type(r.kind)) +
                       ")");
        continue;
      }
      const std::string* label = region_label(r, report);
      if (!label) {
        report.add("dropped", "keypoint of a dropped box", int64_t(groups[ri].size()));
        continue;
      }
      if (r.kind == RegionKind::kBrush && (r.mask.width != w || r.mask.height != h)) {
        report.add("dropped", "brush mask whose size differs from its image's");
        continue;
      }
      Json ann = {{"id", next_annotation++},
                  {"image_id", image_id},
                  {"category_id", category_id[*label]},
                  {"iscrowd", 0}};
      if (r.kind == RegionKind::kBox) {
        std::array<double, 4> bb{r.x, r.y, r.width, r.height};
        if (is_rotated(r)) {
          report.add("approximated", "rotated box -> axis-aligned bounding box");
          bb = region_aabb(r);
        }
        ann["bbox"] = bbox_json(bb);
        ann["area"] = bb[2] * bb[3];
        ann["segmentation"] = Json::array();
        if (!groups[ri].empty() && !kp.names.empty()) {
          std::vector<double> values(kp.names.size() * 3, 0.0);
          int64_t n = 0;
          for (const Region* k : groups[ri]) {
            auto it = k->labels.empty() ? kp.names.end()
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
            int v = 2;
            if (k->extra.is_object() && k->extra.contains("visibility") &&
                k->extra["visibility"] == 1)
              v = 1;
            values[3 * i] = k->x;
            values[3 * i + 1] = k->y;
            values[3 * i + 2] = v;
            ++n;
            ++report.exported_regions;
          }
          Json list = Json::array();
          for (size_t i = 0; i < values.size(); ++i) {
            if (i % 3 == 2)
              list.push_back(int(values[i]));
            else
              list.push_back(values[i]);
          }
          ann["keypoints"] = std::move(list);
          ann["num_keypoints"] = n;
        }
      } else if (r.kind == RegionKind::kPolygon) {
        std::vector<double> xy;
        for (const Point& p : r.points) {
          xy.push_back(p.x);
          xy.push_back(p.y);
        }
        // COCO's counts are 32-bit: larger images cannot be rasterised as pycocotools does.
        const bool fits = int64_t{w} * h <= int64_t{UINT32_MAX};
        if (!fits) report.add("approximated", "polygon on an image over 2^32 pixels -> area 0");
        if (w > 0 && h > 0 && xy.size() >= 6 && fits) {
          CocoRle rle = coco_rle_from_polygon(xy, h, w);
          ann["area"] = coco_rle_area(rle);
          ann["bbox"] = bbox_json(coco_rle_bbox(rle));
        } else {
          ann["area"] = 0;
          ann["bbox"] = bbox_json(region_aabb(r));
        }
        ann["segmentation"] = Json::array({xy});
      } else {
        CocoRle rle = coco_rle_from_brush_mask(r.mask);
        ann["area"] = coco_rle_area(rle);
        ann["bbox"] = bbox_json(coco_rle_bbox(rle));
        Json counts;
        if (options.coco_rle == CocoRleForm::kCompressed)
          counts = coco_rle_to_string(rle.counts);
        else
          counts = rle.counts;
        ann["segmentation"] = {{"size", {rle.height, rle.width}}, {"counts", std::move(counts)}};
        ann["iscrowd"] = options.coco_mask_iscrowd ? 1 : 0;
      }
      ++report.exported_regions;
      annotations.push_back(std::move(ann));
    }
  }
  Json root = {{"info", {{"description", project.name}}},
               {"images", std::move(images)},
               {"categories", std::move(cats)},
               {"annotations", std::move(annotations)}};
  out.files.push_back(FormatFile{"annotations.json", root.dump() + "\n"});
  return out;
}

namespace {

struct CocoImage {
  size_t task = 0;
  int width = 0, height = 0;
};

struct CocoCategory {
  std::string name;
  std::vector<std::string> keypoints;
};

Result<std::vector<double>> number_list(const Json& j, const std::string& path) {
  if (!j.is_array()) return wrong_type(path, "an array of numbers", j);
  std::vector<double> v;
  v.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    Result<double> d = as_number(j[i], path + "[" + std::to_string(i) + "]");
    if (!d.ok()) return d.error();
    v.push_back(*d);
  }
  return v;
}

Status check_coordinate(double v, int size, const std::string& path) {
  if (v < -1 || v > size + 1.0)
    return make_error(ErrorCode::kOutOfRange, path,
                      Json(v).dump() + " is outside the image (0.." + std::to_string(size) + ")");
  return Ok{};
}

}  // namespace

Result<Project> import_coco(std::string_view json_text) {
  Result<Json> parsed = parse_json_text(json_text);
  if (!parsed.ok()) return parsed.error();
  const Json& root = *parsed;
  if (!root.is_object()) return wrong_type("", "a COCO object", root);
  Project project;

  // Categories.
  Result<const Json*> cats_j = required(root, "categories", "");
  if (!cats_j.ok()) return cats_j.error();
  if (!(*cats_j)->is_array()) return wrong_type("categories", "an array", **cats_j);
  std::map<int64_t, CocoCategory> categories;
  std::vector<std::string> category_names;
  std::vector<std::string> keypoint_names;
  Json skeleton = Json::array();
  for (size_t i = 0; i < (*cats_j)->size(); ++i) {
    const Json& c = (**cats_j)[i];
    std::string path = "categories[" + std::to_string(i) + "]";
    if (!c.is_object()) return wrong_type(path, "an object", c);
    Result<const Json*> id_j = required(c, "id", path);
    if (!id_j.ok()) return id_j.error();
    Result<int64_t> id = as_int(**id_j, path + ".id", INT64_MIN, INT64_MAX);
    if (!id.ok()) return id.error();
    Result<const Json*> name_j = required(c, "name", path);
    if (!name_j.ok()) return name_j.error();
    Result<std::string> name = as_string(**name_j, path + ".name");
    if (!name.ok()) return name.error();
    CocoCategory cat{*name, {}};
    if (const Json* kps = field(c, "keypoints")) {
      if (!kps->is_array()) return wrong_type(path + ".keypoints", "an array of names", *kps);
      for (size_t k = 0; k < kps->size(); ++k) {
        Result<std::string> kn =
            as_string((*kps)[k], path + ".keypoints[" + std::to_string(k) + "]");
        if (!kn.ok()) return kn.error();
        cat.keypoints.push_back(*kn);
        if (std::find(keypoint_names.begin(), keypoint_names.end(), *kn) == keypoint_names.end())
          keypoint_names.push_back(*kn);
      }
      if (const Json* sk = field(c, "skeleton"); sk && sk->is_array() && skeleton.empty())
        skeleton = *sk;
    }
    if (!categories.emplace(*id, cat).second)
      return make_error(ErrorCode::kDuplicate, path + ".id",
                        "category id " + std::to_string(*id) + " is given twice");
    if (std::find(category_names.begin(), category_names.end(), *name) == category_names.end())
      category_names.push_back(*name);
  }

  // Images.
  Result<const Json*> images_j = required(root, "images", "");
  if (!images_j.ok()) return images_j.error();
  if (!(*images_j)->is_array()) return wrong_type("images", "an array", **images_j);
  std::map<int64_t, CocoImage> images;
  for (size_t i = 0; i < (*images_j)->size(); ++i) {
    const Json& im = (**images_j)[i];
    std::string path = "images[" + std::to_string(i) + "]";
    if (!im.is_object()) return wrong_type(path, "an object", im);
    Result<const Json*> id_j = required(im, "id", path);
    if (!id_j.ok()) return id_j.error();
    Result<int64_t> id = as_int(**id_j, path + ".id", INT64_MIN, INT64_MAX);
    if (!id.ok()) return id.error();
    Result<const Json*> fn_j = required(im, "file_name", path);
    if (!fn_j.ok()) return fn_j.error();
    Result<std::string> fn = as_string(**fn_j, path + ".file_name");
    if (!fn.ok()) return fn.error();
    CocoImage info;
    for (const char* key : {"width", "height"}) {
      Result<const Json*> s_j = required(im, key, path);
      if (!s_j.ok()) return s_j.error();
      Result<int64_t> s = as_int(**s_j, path + "." + key, 1, kMaxImageSide);
      if (!s.ok()) return s.error();
      (key[0] == 'w' ? info.width : info.height) = int(*s);
    }
    info.task = project.tasks.size();
    if (!images.emplace(*id, info).second)
      return make_error(ErrorCode::kDuplicate, path + ".id",
                        "image id " + std::to_string(*id) + " is given twice");
    project.tasks.push_back(make_image_task(std::to_string(*id), IdForm::kNumber, *fn));
  }

  // Annotations.
  const Json* anns = field(root, "annotations");
  if (anns && !anns->is_array()) return wrong_type("annotations", "an array", *anns);
  std::map<int64_t, bool> seen_ids;
  bool used[4] = {false, false, false, false};  // box, polygon, brush, keypoint
  for (size_t i = 0; anns && i < anns->size(); ++i) {
    const Json& a = (*anns)[i];
    std::string path = "annotations[" + std::to_string(i) + "]";
    if (!a.is_object()) return wrong_type(path, "an object", a);
    Result<const Json*> id_j = required(a, "id", path);
    if (!id_j.ok()) return id_j.error();
    Result<int64_t> id = as_int(**id_j, path + ".id", INT64_MIN, INT64_MAX);
    if (!id.ok()) return id.error();
    if (!seen_ids.emplace(*id, true).second)
      return make_error(ErrorCode::kDuplicate, path + ".id",
                        "annotation id " + std::to_string(*id) + " is given twice");
    Result<const Json*> im_j = required(a, "image_id", path);
    if (!im_j.ok()) return im_j.error();
    Result<int64_t> image_id = as_int(**im_j, path + ".image_id", INT64_MIN, INT64_MAX);
    if (!image_id.ok()) return image_id.error();
    auto im = images.find(*image_id);
    if (im == images.end())
      return make_error(ErrorCode::kUnknownReference, path + ".image_id",
                        "image " + std::to_string(*image_id) + " is not in images");
    Result<const Json*> cat_j = required(a, "category_id", path);
    if (!cat_j.ok()) return cat_j.error();
    Result<int64_t> cat_id = as_int(**cat_j, path + ".category_id", INT64_MIN, INT64_MAX);
    if (!cat_id.ok()) return cat_id.error();
    auto cat = categories.find(*cat_id);
    if (cat == categories.end())
      return make_error(ErrorCode::kUnknownReference, path + ".category_id",
                        "category " + std::to_string(*cat_id) + " is not in categories");
    const int W = im->second.width, H = im->second.height;
    Task& task = project.tasks[im->second.task];
    if (task.annotations.empty()) {
      Annotation ann;
      ann.id_form = IdForm::kAbsent;
      ann.annotator_form = IdForm::kAbsent;
      task.annotations.push_back(std::move(ann));
    }
    std::vector<Region>& regions = task.annotations[0].regions;
    const std::string rid = "coco-" + std::to_string(*id);
    auto base = [&](RegionKind kind, const char* from, const std::string& id_text) {
      Region r;
      r.id = id_text;
      r.kind = kind;
      r.from_name = from;
      r.to_name = "image";
      r.labels = {cat->second.name};
      r.image_width = W;
      r.image_height = H;
      return r;
    };

    // Segmentation: polygons or RLE.
    bool has_segmentation = false;
    if (const Json* seg = field(a, "segmentation"); seg && !seg->is_null()) {
      std::string sp = path + ".segmentation";
      if (seg->is_array()) {
        for (size_t k = 0; k < seg->size(); ++k) {
          std::string pp = sp + "[" + std::to_string(k) + "]";
          Result<std::vector<double>> xy = number_list((*seg)[k], pp);
          if (!xy.ok()) return xy.error();
          if (xy->size() % 2 != 0 || xy->size() < 6)
            return make_error(ErrorCode::kInvalidFormat, pp,
                              "a polygon needs an even number (>= 6) of values, got " +
                                  std::to_string(xy->size()));
          Region r = base(RegionKind::kPolygon, "polygon",
                          seg->size() == 1 ? rid : rid + "-" + std::to_string(k));
          for (size_t v = 0; v < xy->size(); v += 2) {
            LOCALABEL_FMT_TRY(check_coordinate((*xy)[v], W, pp + "[" + std::to_string(v) + "]"));
            LOCALABEL_FMT_TRY(
                check_coordinate((*xy)[v + 1], H, pp + "[" + std::to_string(v + 1) + "]"));
            r.points.push_back(Point{(*xy)[v], (*xy)[v + 1]});
          }
          regions.push_back(std::move(r));
          used[1] = true;
          has_segmentation = true;
        }
      } else if (seg->is_object()) {
        Result<const Json*> size_j = required(*seg, "size", sp);
        if (!size_j.ok()) return size_j.error();
        const Json& size = **size_j;
        if (!size.is_array() || size.size() != 2)
          return wrong_type(sp + ".size", "an array [height, width]", size);
        Result<int64_t> sh = as_int(size[0], sp + ".size[0]", 1, kMaxImageSide);
        if (!sh.ok()) return sh.error();
        Result<int64_t> sw = as_int(size[1], sp + ".size[1]", 1, kMaxImageSide);
        if (!sw.ok()) return sw.error();
        if (*sh != H || *sw != W)
          return make_error(ErrorCode::kLengthMismatch, sp + ".size",
                            "mask size [" + std::to_string(*sh) + ", " + std::to_string(*sw) +
                                "] differs from the image's [" + std::to_string(H) + ", " +
                                std::to_string(W) + "]");
        Result<const Json*> counts_j = required(*seg, "counts", sp);
        if (!counts_j.ok()) return counts_j.error();
        CocoRle rle{H, W, {}};
        const Json& counts = **counts_j;
        if (counts.is_string()) {
          Result<std::vector<uint32_t>> c = coco_rle_from_string(counts.get<std::string>());
          if (!c.ok()) return nested(c.error(), sp);
          rle.counts = std::move(c.value());
        } else if (counts.is_array()) {
          for (size_t k = 0; k < counts.size(); ++k) {
            Result<int64_t> c =
                as_int(counts[k], sp + ".counts[" + std::to_string(k) + "]", 0, UINT32_MAX);
            if (!c.ok()) return c.error();
            rle.counts.push_back(uint32_t(*c));
          }
        } else {
          return wrong_type(sp + ".counts", "a string or an array of counts", counts);
        }
        Result<BrushMask> mask = brush_mask_from_coco_rle(rle);
        if (!mask.ok()) return nested(mask.error(), sp);
        Region r = base(RegionKind::kBrush, "brush", rid);
        r.mask = std::move(mask.value());
        regions.push_back(std::move(r));
        used[2] = true;
        has_segmentation = true;
      } else {
        return wrong_type(sp, "an array of polygons or an RLE object", *seg);
      }
    }

    // Keypoints.
    const Json* kps = field(a, "keypoints");
    bool has_keypoints = false;
    std::vector<double> kv;
    if (kps && !kps->is_null()) {
      Result<std::vector<double>> v = number_list(*kps, path + ".keypoints");
      if (!v.ok()) return v.error();
      if (v->size() != 3 * cat->second.keypoints.size())
        return make_error(ErrorCode::kLengthMismatch, path + ".keypoints",
                          std::to_string(v->size()) + " values for " +
                              std::to_string(cat->second.keypoints.size()) +
                              " keypoints of category \"" + cat->second.name +
                              "\" (3 per keypoint)");
      kv = std::move(v.value());
      for (size_t k = 2; k < kv.size(); k += 3) has_keypoints = has_keypoints || kv[k] > 0;
    }

    // Box: from bbox when there is no segmentation, or to hold keypoints.
    const Json* bbox = field(a, "bbox");
    if (!has_segmentation || has_keypoints) {
      if (!bbox)
        return make_error(ErrorCode::kMissingField, path + ".bbox",
                          "missing field (no segmentation either)");
      Result<std::vector<double>> b = number_list(*bbox, path + ".bbox");
      if (!b.ok()) return b.error();
      if (b->size() != 4)
        return make_error(
            ErrorCode::kLengthMismatch, path + ".bbox",
            "expected [x, y, width, height], got " + std::to_string(b->size()) + " values");
      const std::vector<double>& bb = *b;
      for (int k = 2; k < 4; ++k)
        if (bb[size_t(k)] < 0)
          return make_error(ErrorCode::kOutOfRange, path + ".bbox[" + std::to_string(k) + "]",
                            "negative size");
      LOCALABEL_FMT_TRY(check_coordinate(bb[0], W, path + ".bbox[0]"));
      LOCALABEL_FMT_TRY(check_coordinate(bb[1], H, path + ".bbox[1]"));
      LOCALABEL_FMT_TRY(check_coordinate(bb[0] + bb[2], W, path + ".bbox[2]"));
      LOCALABEL_FMT_TRY(check_coordinate(bb[1] + bb[3], H, path + ".bbox[3]"));
      Region r = base(RegionKind::kBox, "label", rid + (has_segmentation ? "-box" : ""));
      r.x = bb[0];
      r.y = bb[1];
      r.width = bb[2];
      r.height = bb[3];
      std::string box_id = r.id;
      regions.push_back(std::move(r));
      used[0] = true;
      for (size_t k = 0; has_keypoints && k < cat->second.keypoints.size(); ++k) {
        double x = kv[3 * k], y = kv[3 * k + 1], v = kv[3 * k + 2];
        std::string kp = path + ".keypoints[" + std::to_string(3 * k + 2) + "]";
        if (v != 0 && v != 1 && v != 2)
          return make_error(ErrorCode::kOutOfRange, kp, "visibility must be 0, 1 or 2");
        if (v == 0) continue;
        LOCALABEL_FMT_TRY(
            check_coordinate(x, W, path + ".keypoints[" + std::to_string(3 * k) + "]"));
        LOCALABEL_FMT_TRY(
            check_coordinate(y, H, path + ".keypoints[" + std::to_string(3 * k + 1) + "]"));
        Region p = base(RegionKind::kKeypoint, "keypoint", box_id + "-k" + std::to_string(k));
        p.labels = {cat->second.keypoints[k]};
        p.x = x;
        p.y = y;
        p.extra = Json::object({{"parentID", box_id}});
        if (v == 1) p.extra["visibility"] = 1;
        regions.push_back(std::move(p));
        used[3] = true;
      }
    }
  }
  if (used[0] || category_names.empty() == false)
    project.label_sets.push_back(
        make_label_set("label", "image", RegionKind::kBox, category_names));
  if (used[1])
    project.label_sets.push_back(
        make_label_set("polygon", "image", RegionKind::kPolygon, category_names));
  if (used[2])
    project.label_sets.push_back(
        make_label_set("brush", "image", RegionKind::kBrush, category_names));
  if (used[3] || !keypoint_names.empty()) {
    LabelSet set = make_label_set("keypoint", "image", RegionKind::kKeypoint, keypoint_names);
    if (!skeleton.empty()) set.extra["skeleton"] = skeleton;
    project.label_sets.push_back(std::move(set));
  }
  return project;
}

}  // namespace localabel
