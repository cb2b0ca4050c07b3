// Round trips through the training formats keep every region the format can hold, and the
// export reports count what it approximates or leaves out.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "localabel/brush_rle.h"
#include "localabel/coco_rle.h"
#include "localabel/formats.h"
#include "localabel/label_studio.h"
#include "localabel/project_file.h"
#include "test_util.h"

namespace localabel {
namespace {

bool close(double a, double b) {
  return a == b || std::fabs(a - b) <= 1e-6 * std::max(std::fabs(a), std::fabs(b));
}

Region image_region(RegionKind kind, const std::string& from, const std::string& label, int w,
                    int h) {
  Region r;
  r.kind = kind;
  r.from_name = from;
  r.to_name = "image";
  r.labels = {label};
  r.image_width = w;
  r.image_height = h;
  return r;
}

Region box(const std::string& label, double x, double y, double bw, double bh, int w = 640,
           int h = 480, double rotation = 0) {
  Region r = image_region(RegionKind::kBox, "label", label, w, h);
  r.x = x;
  r.y = y;
  r.width = bw;
  r.height = bh;
  r.rotation = rotation;
  r.has_rotation = rotation != 0;
  return r;
}

Region polygon(const std::string& label, std::vector<Point> points) {
  Region r = image_region(RegionKind::kPolygon, "polygon", label, 640, 480);
  r.points = std::move(points);
  return r;
}

Region keypoint(const std::string& name, double x, double y) {
  Region r = image_region(RegionKind::kKeypoint, "keypoint", name, 640, 480);
  r.x = x;
  r.y = y;
  return r;
}

Region brush(const std::string& label) {
  Region r = image_region(RegionKind::kBrush, "brush", label, 640, 480);
  std::vector<uint8_t> px(640 * 480, 0);
  for (int y = 100; y < 300; ++y)
    for (int x = 50 + y / 3; x < 400; ++x) px[size_t(y * 640 + x)] = 1;
  r.mask = brush_mask_from_pixels(640, 480, px).value();
  return r;
}

Task image_task(const std::string& id, const std::string& url, std::vector<Region> regions) {
  Task t;
  t.id = id;
  t.id_form = IdForm::kNumber;
  t.kind = TaskKind::kImage;
  t.image = url;
  t.data_key = "image";
  t.data = {{"image", url}};
  Annotation a;
  a.id = id + "1";
  a.annotator = "ann";
  a.regions = std::move(regions);
  t.annotations.push_back(std::move(a));
  return t;
}

LabelSet label_set(const std::string& name, RegionKind kind, std::vector<std::string> labels) {
  LabelSet s;
  s.name = name;
  s.to_name = "image";
  s.kind = kind;
  for (const std::string& l : labels) {
    Label x;
    x.name = l;
    x.color = "#e6194b";
    s.labels.push_back(x);
  }
  return s;
}

// Image project: integer and fractional boxes, a polygon, keypoints inside a box.
Project image_project() {
  Project p;
  p.label_sets = {label_set("label", RegionKind::kBox, {"cat", "dog", "person"}),
                  label_set("polygon", RegionKind::kPolygon, {"cat", "dog", "person"}),
                  label_set("keypoint", RegionKind::kKeypoint, {"nose", "tail"})};
  p.label_sets[2].extra["skeleton"] = Json::array({Json::array({1, 2})});
  p.tasks.push_back(
      image_task("1", "/data/upload/3/abc-cat.jpg?x=1",
                 {box("cat", 10, 20, 100, 50), box("dog", 10.25, 20.5, 33.125, 7.75),
                  polygon("dog", {{100, 100}, {200.5, 110}, {150, 220.25}, {90, 180}}),
                  box("person", 300, 100, 200, 300), keypoint("nose", 350, 150),
                  keypoint("tail", 420.5, 390)}));
  p.tasks.push_back(image_task("2", "https://host/images/empty.png", {}));
  p.tasks[1].annotations.clear();
  p.tasks[1].data["width"] = 800;
  p.tasks[1].data["height"] = 600;
  return p;
}

std::vector<const Region*> regions_of(const Task& t, RegionKind kind) {
  std::vector<const Region*> out;
  if (t.annotations.empty()) return out;
  for (const Region& r : t.annotations[0].regions)
    if (r.kind == kind) out.push_back(&r);
  return out;
}

void expect_same_box(const Region& a, const Region& b) {
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_TRUE(close(a.x, b.x)) << a.x << " vs " << b.x;
  EXPECT_TRUE(close(a.y, b.y)) << a.y << " vs " << b.y;
  EXPECT_TRUE(close(a.width, b.width)) << a.width << " vs " << b.width;
  EXPECT_TRUE(close(a.height, b.height)) << a.height << " vs " << b.height;
  EXPECT_TRUE(close(a.rotation, b.rotation)) << a.rotation << " vs " << b.rotation;
  EXPECT_EQ(a.image_width, b.image_width);
  EXPECT_EQ(a.image_height, b.image_height);
}

void expect_same_points(const Region& a, const Region& b) {
  EXPECT_EQ(a.labels, b.labels);
  ASSERT_EQ(a.points.size(), b.points.size());
  for (size_t i = 0; i < a.points.size(); ++i) {
    EXPECT_TRUE(close(a.points[i].x, b.points[i].x));
    EXPECT_TRUE(close(a.points[i].y, b.points[i].y));
  }
}

// Through Label Studio JSON first, as a project arrives from a file.
Project via_label_studio(const Project& p) {
  Result<Project> back = parse_project_file(write_project_file(p));
  EXPECT_TRUE(back.ok()) << (back.ok() ? "" : back.error().message);
  return back.ok() ? back.value() : Project{};
}

TEST(FormatsRoundTrip, LabelStudioToCocoAndBack) {
  Project ls = via_label_studio(image_project());
  ls.tasks[0].annotations[0].regions.push_back(brush("cat"));
  Result<Exported> coco = export_coco(ls);
  ASSERT_TRUE(coco.ok());
  ASSERT_EQ(coco->files.size(), 1u);
  Json doc = Json::parse(coco->files[0].bytes);
  EXPECT_EQ(doc["images"][0]["file_name"], "abc-cat.jpg");
  EXPECT_EQ(doc["images"][1]["file_name"], "empty.png");
  EXPECT_EQ(doc["images"][1]["width"], 800);
  EXPECT_EQ(doc["categories"][0]["name"], "cat");
  EXPECT_EQ(doc["categories"][2]["id"], 3);
  EXPECT_EQ(doc["categories"][0]["keypoints"], Json({"nose", "tail"}));
  EXPECT_EQ(doc["categories"][0]["skeleton"], Json::parse("[[1, 2]]"));
  // The person box holds both keypoints, in the category's keypoint order.
  EXPECT_EQ(doc["annotations"][3]["keypoints"], Json::parse("[350.0, 150.0, 2, 420.5, 390.0, 2]"));
  EXPECT_EQ(doc["annotations"][3]["num_keypoints"], 2);
  EXPECT_TRUE(coco->report.entries.empty()) << coco->report.to_json().dump();
  EXPECT_EQ(coco->report.exported_regions, 7);

  Result<Project> back = import_coco(coco->files[0].bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->tasks.size(), 2u);
  const Task& t = back->tasks[0];
  std::vector<const Region*> boxes = regions_of(t, RegionKind::kBox);
  ASSERT_EQ(boxes.size(), 3u);
  const std::vector<Region>& orig = ls.tasks[0].annotations[0].regions;
  expect_same_box(*boxes[0], orig[0]);
  expect_same_box(*boxes[1], orig[1]);
  expect_same_box(*boxes[2], orig[3]);
  std::vector<const Region*> polys = regions_of(t, RegionKind::kPolygon);
  ASSERT_EQ(polys.size(), 1u);
  expect_same_points(*polys[0], orig[2]);
  std::vector<const Region*> kps = regions_of(t, RegionKind::kKeypoint);
  ASSERT_EQ(kps.size(), 2u);
  EXPECT_EQ(kps[0]->labels[0], "nose");
  EXPECT_EQ(kps[0]->x, 350);
  EXPECT_EQ(kps[1]->y, 390);
  std::vector<const Region*> masks = regions_of(t, RegionKind::kBrush);
  ASSERT_EQ(masks.size(), 1u);
  EXPECT_EQ(masks[0]->mask.runs, orig[6].mask.runs);
  // And back to Label Studio JSON, which must read.
  Result<Project> again = import_label_studio(export_label_studio(*back));
  ASSERT_TRUE(again.ok()) << again.error().message;
}

TEST(FormatsRoundTrip, CocoMaskFormsAreBothReadable) {
  Project p = via_label_studio(image_project());
  p.tasks[0].annotations[0].regions = {brush("cat")};
  for (CocoRleForm form : {CocoRleForm::kCompressed, CocoRleForm::kCounts}) {
    ExportOptions o;
    o.coco_rle = form;
    o.coco_mask_iscrowd = form == CocoRleForm::kCounts;
    Result<Exported> coco = export_coco(p, o);
    ASSERT_TRUE(coco.ok());
    Json ann = Json::parse(coco->files[0].bytes)["annotations"][0];
    EXPECT_EQ(ann["segmentation"]["counts"].is_string(), form == CocoRleForm::kCompressed);
    EXPECT_EQ(ann["iscrowd"], form == CocoRleForm::kCounts ? 1 : 0);
    EXPECT_EQ(ann["segmentation"]["size"], Json::parse("[480, 640]"));
    EXPECT_EQ(ann["area"], brush_mask_area(p.tasks[0].annotations[0].regions[0].mask));
    Result<Project> back = import_coco(coco->files[0].bytes);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->tasks[0].annotations[0].regions[0].mask.runs,
              p.tasks[0].annotations[0].regions[0].mask.runs);
  }
}

TEST(FormatsRoundTrip, CocoPolygonAreaIsThePycocotoolsRasterArea) {
  Project p = via_label_studio(image_project());
  Result<Exported> coco = export_coco(p);
  Json ann = Json::parse(coco->files[0].bytes)["annotations"][2];
  CocoRle rle = coco_rle_from_polygon({100, 100, 200.5, 110, 150, 220.25, 90, 180}, 480, 640);
  EXPECT_EQ(ann["area"], coco_rle_area(rle));
  std::array<double, 4> bb = coco_rle_bbox(rle);
  EXPECT_EQ(ann["bbox"], Json(std::vector<double>(bb.begin(), bb.end())));
}

TEST(FormatsRoundTrip, RotatedBoxesAreReportedAsApproximated) {
  Project p = via_label_studio(image_project());
  p.tasks[0].annotations[0].regions = {box("cat", 100, 100, 40, 20, 640, 480, 90)};
  for (auto exporter : {export_coco, export_voc}) {
    Result<Exported> out = exporter(p, {});
    ASSERT_TRUE(out.ok());
    Json report = out->report.to_json();
    EXPECT_EQ(report["approximated"]["rotated box -> axis-aligned bounding box"], 1)
        << report.dump();
  }
  Result<Exported> coco = export_coco(p);
  Json bbox = Json::parse(coco->files[0].bytes)["annotations"][0]["bbox"];
  // 90 degrees clockwise around (100, 100): corners (100,100), (100,140), (80,140), (80,100).
  EXPECT_NEAR(bbox[0].get<double>(), 80, 1e-9);
  EXPECT_NEAR(bbox[1].get<double>(), 100, 1e-9);
  EXPECT_NEAR(bbox[2].get<double>(), 20, 1e-9);
  EXPECT_NEAR(bbox[3].get<double>(), 40, 1e-9);
}

ImportOptions sizes_for(const Project& p) {
  ImportOptions o;
  o.image_sizes["abc-cat"] = {640, 480};
  o.image_sizes["empty"] = {800, 600};
  (void)p;
  return o;
}

TEST(FormatsRoundTrip, LabelStudioToYoloDetectAndBack) {
  Project ls = via_label_studio(image_project());
  Result<Exported> yolo = export_yolo(ls);
  ASSERT_TRUE(yolo.ok());
  ASSERT_EQ(yolo->files.size(), 3u);
  EXPECT_EQ(yolo->files[0].path, "data.yaml");
  EXPECT_EQ(yolo->files[1].path, "labels/abc-cat.txt");
  EXPECT_EQ(yolo->files[2].path, "labels/empty.txt");
  EXPECT_EQ(yolo->files[2].bytes, "");
  // Box (10, 20, 100, 50) on 640 x 480: centre (60, 45) -> 0.09375 0.09375, size 0.15625
  // 0.10416666666666667.
  EXPECT_EQ(yolo->files[1].bytes.substr(0, yolo->files[1].bytes.find('\n')),
            "0 0.09375 0.09375 0.15625 0.10416666666666667");
  Json report = yolo->report.to_json();
  EXPECT_EQ(report["approximated"]["polygon -> bounding box"], 1);
  EXPECT_EQ(report["dropped"]["keypoint (YOLO detect)"], 2);
  Result<Project> back = import_yolo(yolo->files, sizes_for(ls));
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->tasks.size(), 2u);
  std::vector<const Region*> boxes = regions_of(back->tasks[0], RegionKind::kBox);
  ASSERT_EQ(boxes.size(), 4u);
  const std::vector<Region>& orig = ls.tasks[0].annotations[0].regions;
  expect_same_box(*boxes[0], orig[0]);
  expect_same_box(*boxes[1], orig[1]);
  expect_same_box(*boxes[3], orig[3]);
  EXPECT_TRUE(back->tasks[1].annotations.empty());
}

TEST(FormatsRoundTrip, LabelStudioToYoloSegmentObbPoseAndBack) {
  Project ls = via_label_studio(image_project());
  ls.tasks[0].annotations[0].regions.push_back(box("cat", 200, 150, 80, 40, 640, 480, 30));
  const std::vector<Region>& orig = ls.tasks[0].annotations[0].regions;
  for (YoloTask task : {YoloTask::kSegment, YoloTask::kObb, YoloTask::kPose}) {
    ExportOptions o;
    o.yolo_task = task;
    Result<Exported> yolo = export_yolo(ls, o);
    ASSERT_TRUE(yolo.ok());
    ImportOptions io = sizes_for(ls);
    io.yolo_task = task;
    Result<Project> back = import_yolo(yolo->files, io);
    ASSERT_TRUE(back.ok()) << back.error().message;
    const Task& t = back->tasks[0];
    Json report = yolo->report.to_json();
    if (task == YoloTask::kSegment) {
      std::vector<const Region*> polys = regions_of(t, RegionKind::kPolygon);
      ASSERT_EQ(polys.size(), 5u);
      expect_same_points(*polys[2], orig[2]);
      EXPECT_EQ(report["approximated"]["box -> 4-corner polygon"], 4);
    } else if (task == YoloTask::kObb) {
      std::vector<const Region*> boxes = regions_of(t, RegionKind::kBox);
      ASSERT_EQ(boxes.size(), 4u);
      expect_same_box(*boxes[0], orig[0]);
      expect_same_box(*boxes[3], orig[6]);  // the 30 degree box, exactly
      EXPECT_EQ(report["dropped"]["polygon (YOLO obb holds boxes only)"], 1);
    } else {
      std::vector<const Region*> kps = regions_of(t, RegionKind::kKeypoint);
      ASSERT_EQ(kps.size(), 2u);
      EXPECT_EQ(kps[0]->labels[0], "nose");
      EXPECT_TRUE(close(kps[0]->x, 350));
      EXPECT_TRUE(close(kps[1]->y, 390));
      EXPECT_EQ(report["approximated"]["rotated box -> axis-aligned bounding box"], 1);
    }
  }
}

TEST(FormatsRoundTrip, YoloObbCornersOnAWideImageMatchAHandComputation) {
  // A 400 x 300 box at (300, 200) rotated 30 degrees clockwise on a 1920 x 1080 image.
  // cos 30 = 0.8660254037844386, sin 30 = 0.5; with y down, a clockwise turn maps an offset
  // (dx, dy) from the top-left corner to (dx cos - dy sin, dx sin + dy cos):
  //   top-left     (300, 200)
  //   top-right    (300 + 400 cos, 200 + 400 sin)  = (646.4101615137754, 400)
  //   bottom-right (646.41... - 300 sin, 400 + 300 cos) = (496.4101615137754, 659.8076211353316)
  //   bottom-left  (300 - 300 sin, 200 + 300 cos)  = (150, 459.8076211353316)
  // normalised by 1920 and 1080:
  //   0.15625 0.18518518518518517  0.33667195912175806 0.37037037037037035
  //   0.25854695912175806 0.6109329825327144  0.078125 0.42574779734752926
  Project p;
  p.label_sets = {label_set("label", RegionKind::kBox, {"plane"})};
  p.tasks.push_back(
      image_task("1", "wide.jpg", {box("plane", 300, 200, 400, 300, 1920, 1080, 30)}));
  ExportOptions o;
  o.yolo_task = YoloTask::kObb;
  Result<Exported> yolo = export_yolo(p, o);
  ASSERT_TRUE(yolo.ok());
  std::istringstream line(yolo->files[1].bytes);
  int cls;
  double v[8];
  line >> cls;
  for (double& x : v) line >> x;
  EXPECT_EQ(cls, 0);
  const double expected[8] = {0.15625,
                              0.18518518518518517,
                              0.33667195912175806,
                              0.37037037037037035,
                              0.25854695912175806,
                              0.6109329825327144,
                              0.078125,
                              0.42574779734752926};
  for (int i = 0; i < 8; ++i) EXPECT_NEAR(v[i], expected[i], 1e-12) << i;
  // In normalised units the edge is no longer at 30 degrees (the image is not square): the
  // rotation was applied in pixels.
  double normalised_angle = std::atan2(v[3] - v[1], v[2] - v[0]) * 180 / 3.14159265358979323846;
  EXPECT_GT(std::fabs(normalised_angle - 30), 10);
  EXPECT_TRUE(yolo->report.entries.empty());
}

TEST(FormatsRoundTrip, YoloReadsImageSizesFromPngHeaders) {
  Project ls = via_label_studio(image_project());
  Result<Exported> yolo = export_yolo(ls);
  std::vector<FormatFile> files = yolo->files;
  // A PNG signature and IHDR chunk for 640 x 480 (big-endian width and height).
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x02\x80\0\0\x01\xe0", 24);
  files.push_back(FormatFile{"images/abc-cat.png", png});
  Result<Project> back = import_yolo(files);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->tasks[0].image, "images/abc-cat.png");
  expect_same_box(*regions_of(back->tasks[0], RegionKind::kBox)[0],
                  ls.tasks[0].annotations[0].regions[0]);
}

TEST(FormatsRoundTrip, LabelStudioToVocAndBack) {
  Project ls = via_label_studio(image_project());
  ls.tasks[0].annotations[0].regions[0].extra["meta"] = {{"difficult", true}};
  Result<Exported> voc = export_voc(ls);
  ASSERT_TRUE(voc.ok());
  ASSERT_EQ(voc->files.size(), 2u);
  EXPECT_EQ(voc->files[0].path, "Annotations/abc-cat.xml");
  // (10, 20, 100, 50): pixels 10..109 and 20..69 -> 1-based 11..110, 21..70.
  EXPECT_NE(voc->files[0].bytes.find("<xmin>11</xmin>"), std::string::npos);
  EXPECT_NE(voc->files[0].bytes.find("<xmax>110</xmax>"), std::string::npos);
  EXPECT_NE(voc->files[0].bytes.find("<ymax>70</ymax>"), std::string::npos);
  EXPECT_NE(voc->files[0].bytes.find("<difficult>1</difficult>"), std::string::npos);
  Json report = voc->report.to_json();
  EXPECT_EQ(report["approximated"]["box not on whole pixels -> rounded"], 1);
  EXPECT_EQ(report["approximated"]["polygon -> bounding box"], 1);
  EXPECT_EQ(report["dropped"]["keypoint (VOC holds boxes)"], 2);
  Result<Project> back = import_voc(voc->files);
  ASSERT_TRUE(back.ok()) << back.error().message;
  std::vector<const Region*> boxes = regions_of(back->tasks[0], RegionKind::kBox);
  ASSERT_EQ(boxes.size(), 4u);
  const std::vector<Region>& orig = ls.tasks[0].annotations[0].regions;
  expect_same_box(*boxes[0], orig[0]);  // whole pixels: exact
  expect_same_box(*boxes[3], orig[3]);
  EXPECT_EQ(boxes[0]->extra["meta"]["difficult"], true);
  EXPECT_EQ(back->tasks[1].data["width"], 800);
}

Project text_project() {
  Project p;
  LabelSet spans;
  spans.name = "label";
  spans.to_name = "text";
  spans.kind = RegionKind::kSpan;
  for (const char* l : {"PER", "LOC"}) spans.labels.push_back(Label{l, "#e6194b", "", "", {}, {}});
  p.label_sets = {spans};
  auto task = [&](const std::string& id, const std::string& text,
                  std::vector<std::tuple<int, int, std::string>> ss) {
    Task t;
    t.id = id;
    t.id_form = IdForm::kNumber;
    t.kind = TaskKind::kText;
    t.text = text;
    t.data_key = "text";
    t.data = {{"text", text}};
    Annotation a;
    for (auto& [s, e, l] : ss) {
      Region r;
      r.kind = RegionKind::kSpan;
      r.from_name = "label";
      r.to_name = "text";
      r.labels = {l};
      r.start = s;
      r.end = e;
      a.regions.push_back(r);
    }
    t.annotations.push_back(a);
    p.tasks.push_back(t);
  };
  // Code points: "Zoë 🙂 visited New York" — the emoji is one code point (two UTF-16 units).
  task("1", "Zoë 🙂 visited New York", {{0, 3, "PER"}, {14, 22, "LOC"}});
  task("2", "nothing here", {});
  return p;
}

std::vector<std::tuple<int64_t, int64_t, std::string>> spans_of(const Task& t) {
  std::vector<std::tuple<int64_t, int64_t, std::string>> out;
  for (const Annotation& a : t.annotations)
    for (const Region& r : a.regions)
      if (r.kind == RegionKind::kSpan) out.emplace_back(r.start, r.end, r.labels[0]);
  return out;
}

TEST(FormatsRoundTrip, SpansToConllAndBack) {
  Project p = text_project();
  Result<Exported> conll = export_conll(p);
  ASSERT_TRUE(conll.ok());
  EXPECT_EQ(conll->files[0].bytes,
            "Zoë B-PER\n🙂 O\nvisited O\nNew B-LOC\nYork I-LOC\n\nnothing O\nhere O\n\n");
  EXPECT_TRUE(conll->report.entries.empty());
  Result<Project> back = import_conll(conll->files[0].bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->tasks.size(), 2u);
  EXPECT_EQ(back->tasks[0].text, p.tasks[0].text);  // single spaces: the same text
  EXPECT_EQ(spans_of(back->tasks[0]), spans_of(p.tasks[0]));
  EXPECT_EQ(back->tasks[0].annotations[0].regions[1].text, "New York");
}

TEST(FormatsRoundTrip, ConllReportsOverlapsAndPartialTokens) {
  Project p = text_project();
  Region overlap = p.tasks[0].annotations[0].regions[1];
  overlap.start = 18;  // "York", inside the LOC span
  overlap.labels = {"PER"};
  Region partial = overlap;
  partial.start = 6;  // "visi" of "visited"
  partial.end = 10;
  p.tasks[0].annotations[0].regions.push_back(overlap);
  p.tasks[0].annotations[0].regions.push_back(partial);
  Result<Exported> conll = export_conll(p);
  Json report = conll->report.to_json();
  EXPECT_EQ(report["dropped"]["span overlapping an earlier span"], 1) << report.dump();
  EXPECT_EQ(report["approximated"]["span not on token boundaries -> whole tokens"], 1);
  EXPECT_NE(conll->files[0].bytes.find("visited B-PER"), std::string::npos);
}

TEST(FormatsRoundTrip, SpansToSpacyAndBack) {
  Project p = text_project();
  Result<Exported> spacy = export_spacy(p);
  ASSERT_TRUE(spacy.ok());
  // Offsets are code points, as Python's str indices: text[14:22] == "New York".
  EXPECT_NE(spacy->files[0].bytes.find("{\"end\":22,\"label\":\"LOC\",\"start\":14}"),
            std::string::npos);
  Result<Project> back = import_spacy(spacy->files[0].bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->tasks[0].text, p.tasks[0].text);
  EXPECT_EQ(spans_of(back->tasks[0]), spans_of(p.tasks[0]));
  EXPECT_EQ(back->tasks[0].annotations[0].regions[1].text, "New York");
}

Project classification_project(bool multiple) {
  Project p;
  LabelSet set;
  set.name = "sentiment";
  set.to_name = "text";
  set.kind = RegionKind::kChoices;
  set.multiple = multiple;
  for (const char* l : {"pos", "neg", "mixed, odd"})
    set.labels.push_back(Label{l, "#e6194b", "", "", {}, {}});
  p.label_sets = {set};
  std::vector<std::vector<std::string>> picks = {{"pos"}, {"neg", "mixed, odd"}, {}};
  std::vector<std::string> texts = {"good", "bad, \"really\"\nbad", "meh"};
  for (size_t i = 0; i < texts.size(); ++i) {
    Task t;
    t.id = std::to_string(i + 1);
    t.kind = TaskKind::kText;
    t.text = texts[i];
    t.data_key = "text";
    t.data = {{"text", texts[i]}};
    Annotation a;
    if (!picks[i].empty()) {
      Region r;
      r.kind = RegionKind::kChoices;
      r.from_name = "sentiment";
      r.to_name = "text";
      r.labels = multiple ? picks[i] : std::vector<std::string>{picks[i][0]};
      a.regions.push_back(r);
    }
    t.annotations.push_back(a);
    p.tasks.push_back(t);
  }
  return p;
}

std::vector<std::vector<std::string>> choices_of(const Project& p) {
  std::vector<std::vector<std::string>> out;
  for (const Task& t : p.tasks) {
    std::vector<std::string> c;
    for (const Annotation& a : t.annotations)
      for (const Region& r : a.regions) c.insert(c.end(), r.labels.begin(), r.labels.end());
    out.push_back(c);
  }
  return out;
}

TEST(FormatsRoundTrip, ClassificationThroughCsvAndJsonl) {
  for (bool multiple : {false, true}) {
    Project p = classification_project(multiple);
    using Exporter = Result<Exported> (*)(const Project&, const ExportOptions&);
    using Importer = Result<Project> (*)(std::string_view);
    for (auto [exporter, importer] : {std::pair<Exporter, Importer>{export_csv, import_csv},
                                      std::pair<Exporter, Importer>{export_jsonl, import_jsonl}}) {
      Result<Exported> out = exporter(p, {});
      ASSERT_TRUE(out.ok());
      Result<Project> back = importer(out->files[0].bytes);
      ASSERT_TRUE(back.ok()) << back.error().message << "\n" << out->files[0].bytes;
      EXPECT_EQ(choices_of(*back), choices_of(p)) << out->files[0].bytes;
      EXPECT_EQ(back->tasks[1].text, p.tasks[1].text);
      EXPECT_EQ(back->label_sets[0].multiple, multiple);
    }
  }
}

TEST(FormatsRoundTrip, OneAnnotationPerTaskAndTheOthersAreCounted) {
  Project p = via_label_studio(image_project());
  Annotation second = p.tasks[0].annotations[0];
  second.annotator = "other";
  second.regions.resize(1);
  second.regions[0].x = 1;
  p.tasks[0].annotations.push_back(second);
  ExportOptions o;
  o.annotator = "other";
  Result<Exported> coco = export_coco(p, o);
  Json doc = Json::parse(coco->files[0].bytes);
  ASSERT_EQ(doc["annotations"].size(), 1u);
  EXPECT_EQ(doc["annotations"][0]["bbox"][0], 1.0);
  EXPECT_EQ(coco->report.to_json()["dropped"]["annotations of other annotators (one per task)"], 1);
}

TEST(FormatsRoundTrip, ConvertDataGoesThroughAnyPair) {
  Project ls = via_label_studio(image_project());
  std::vector<FormatFile> in = {FormatFile{"tasks.json", export_label_studio(ls)}};
  Result<Exported> coco = convert_data(DataFormat::kLabelStudio, in, DataFormat::kCoco);
  ASSERT_TRUE(coco.ok());
  Result<Exported> voc = convert_data(DataFormat::kCoco, coco->files, DataFormat::kVoc);
  ASSERT_TRUE(voc.ok()) << voc.error().message;
  EXPECT_EQ(voc->files.size(), 2u);
  EXPECT_FALSE(parse_data_format("xml").ok());
  EXPECT_EQ(parse_data_format("xml").error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(data_format_is_folder(DataFormat::kYolo));
  EXPECT_FALSE(data_format_is_folder(DataFormat::kCoco));
}

TEST(FormatsRoundTrip, ExportsAreDeterministic) {
  Project ls = via_label_studio(image_project());
  for (auto exporter : {export_coco, export_yolo, export_voc}) {
    Result<Exported> a = exporter(ls, {});
    Result<Exported> b = exporter(ls, {});
    ASSERT_EQ(a->files.size(), b->files.size());
    for (size_t i = 0; i < a->files.size(); ++i) EXPECT_EQ(a->files[i].bytes, b->files[i].bytes);
  }
}

}  // namespace
}  // namespace localabel
