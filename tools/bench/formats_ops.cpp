// Training-format ops: export and import of COCO and YOLO on a seeded synthetic project of
// 20,000 images x 3 annotators x 10 boxes (the same project natively and in wasm; the data
// folder's files are not used). Each result has the bytes written or read and MB/s over the
// median time.
#include <random>

#include "bench.h"
#include "localabel/formats.h"

namespace localabel::bench {
namespace {

constexpr int kImages = 20000;
constexpr int kAnnotators = 3;
constexpr int kBoxes = 10;

Project synthetic_project() {
  std::mt19937 rng(2026);
  std::uniform_real_distribution<double> unit(0, 1);
  Project p;
  LabelSet set;
  set.name = "label";
  set.to_name = "image";
  set.kind = RegionKind::kBox;
  for (const char* n : {"car", "person", "bike", "dog", "cat"})
    set.labels.push_back(Label{n, "#e6194b", "", "", {}, {}});
  p.label_sets.push_back(set);
  for (int i = 0; i < kImages; ++i) {
    Task t;
    t.id = std::to_string(i + 1);
    t.id_form = IdForm::kNumber;
    t.kind = TaskKind::kImage;
    t.image = "/data/upload/1/img_" + std::to_string(i) + ".jpg";
    t.data_key = "image";
    t.data = {{"image", t.image}};
    for (int a = 0; a < kAnnotators; ++a) {
      Annotation an;
      an.annotator = std::to_string(a + 1);
      for (int b = 0; b < kBoxes; ++b) {
        Region r;
        r.kind = RegionKind::kBox;
        r.from_name = "label";
        r.to_name = "image";
        r.labels = {set.labels[rng() % 5].name};
        r.image_width = 1920;
        r.image_height = 1080;
        r.width = 10 + unit(rng) * 300;
        r.height = 10 + unit(rng) * 200;
        r.x = unit(rng) * (1920 - r.width);
        r.y = unit(rng) * (1080 - r.height);
        an.regions.push_back(std::move(r));
      }
      t.annotations.push_back(std::move(an));
    }
    p.tasks.push_back(std::move(t));
  }
  return p;
}

int64_t total_bytes(const std::vector<FormatFile>& files) {
  int64_t n = 0;
  for (const FormatFile& f : files) n += int64_t(f.bytes.size()) + int64_t(f.path.size());
  return n;
}

Json result(const Project& p, int64_t regions, int64_t bytes, const Timer& timer) {
  double s = timer.median_seconds();
  return {{"images", int64_t(p.tasks.size())},
          {"regions", regions},
          {"bytes", bytes},
          {"mb_per_s", s > 0 ? double(bytes) / s / 1e6 : 0.0}};
}

Json export_op(DataFormat format, Timer& timer) {
  Project p = synthetic_project();
  Result<Exported> out = Error{};
  timer.run([&] { out = export_data(format, p); });
  if (!out.ok()) return {{"error", out.error().message}};
  return result(p, out->report.exported_regions, total_bytes(out->files), timer);
}

Json import_op(DataFormat format, Timer& timer) {
  Project source = synthetic_project();
  Result<Exported> files = export_data(format, source);
  if (!files.ok()) return {{"error", files.error().message}};
  ImportOptions options;
  for (int i = 0; i < kImages; ++i) options.image_sizes["img_" + std::to_string(i)] = {1920, 1080};
  Result<Project> back = Error{};
  timer.run([&] { back = import_data(format, files->files, options); });
  if (!back.ok()) return {{"error", back.error().message}};
  int64_t regions = 0;
  for (const Task& t : back->tasks)
    for (const Annotation& a : t.annotations) regions += int64_t(a.regions.size());
  return result(*back, regions, total_bytes(files->files), timer);
}

LOCALABEL_BENCH_OP("formats_coco_export",
                   [](const Data&, Timer& t) { return export_op(DataFormat::kCoco, t); });
LOCALABEL_BENCH_OP("formats_coco_import",
                   [](const Data&, Timer& t) { return import_op(DataFormat::kCoco, t); });
LOCALABEL_BENCH_OP("formats_yolo_export",
                   [](const Data&, Timer& t) { return export_op(DataFormat::kYolo, t); });
LOCALABEL_BENCH_OP("formats_yolo_import",
                   [](const Data&, Timer& t) { return import_op(DataFormat::kYolo, t); });

}  // namespace
}  // namespace localabel::bench
