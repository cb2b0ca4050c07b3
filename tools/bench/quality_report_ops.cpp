// Bench op: quality_report on a seeded project of N tasks (N = meta n_items; 100,000 for the
// medium data) x 3 annotators, each answer one choice of 5 labels and 10 boxes. The project is
// built untimed; the whole report (every section, bootstrap B = 200) is timed. A second op,
// quality_report_edit, changes one answer and recomputes (the report is not incremental: an
// edit costs a full recompute).
#include <cmath>
#include <random>

#include "bench.h"
#include "localabel/quality.h"

namespace localabel::bench {
namespace {

Project seeded_project(int64_t n_tasks) {
  std::mt19937_64 rng(20261207);
  std::uniform_real_distribution<double> u(0, 1);
  Project p;
  p.name = "bench";
  LabelSet scene{"scene", "image", RegionKind::kChoices, false, {}, Json::object()};
  LabelSet boxes{"label", "image", RegionKind::kBox, false, {}, Json::object()};
  for (const char* l : {"a", "b", "c", "d", "e"}) {
    scene.labels.push_back({l, "", "", "", {}, Json::object()});
    boxes.labels.push_back({l, "", "", "", {}, Json::object()});
  }
  p.label_sets = {scene, boxes};
  p.tasks.resize(static_cast<size_t>(n_tasks));
  for (int64_t t = 0; t < n_tasks; ++t) {
    Task& task = p.tasks[static_cast<size_t>(t)];
    task.id = std::to_string(t + 1);
    task.kind = TaskKind::kImage;
    const int truth = static_cast<int>(u(rng) * 5);
    double bx[10][4];
    for (auto& b : bx) {
      b[0] = u(rng) * 900;
      b[1] = u(rng) * 700;
      b[2] = 20 + u(rng) * 80;
      b[3] = 20 + u(rng) * 80;
    }
    for (int a = 0; a < 3; ++a) {
      Annotation ann;
      ann.annotator = std::to_string(a + 1);
      ann.lead_time = 5 + u(rng) * 20;
      ann.has_lead_time = true;
      Region c;
      c.kind = RegionKind::kChoices;
      c.from_name = "scene";
      c.to_name = "image";
      const int label = u(rng) < 0.8 - 0.1 * a ? truth : static_cast<int>(u(rng) * 5);
      c.labels = {std::string(1, static_cast<char>('a' + label))};
      ann.regions.push_back(c);
      for (int k = 0; k < 10; ++k) {
        Region r;
        r.kind = RegionKind::kBox;
        r.from_name = "label";
        r.to_name = "image";
        r.labels = {std::string(1, static_cast<char>('a' + k % 5))};
        r.image_width = 1000;
        r.image_height = 800;
        r.x = bx[k][0] + u(rng) * 6 - 3;
        r.y = bx[k][1] + u(rng) * 6 - 3;
        r.width = bx[k][2];
        r.height = bx[k][3];
        ann.regions.push_back(r);
      }
      task.annotations.push_back(std::move(ann));
    }
  }
  return p;
}

Json summary(const QualityReport& r) {
  Json j = {{"tasks", r.progress.tasks}};
  for (const auto& a : r.agreement)
    for (const auto& m : a.metrics) j[m.name] = std::isfinite(m.value) ? Json(m.value) : Json();
  return j;
}

Json run_report(Project& p, Timer& timer, bool edit) {
  QualityOptions o;
  QualityReport report;
  int flip = 0;
  auto work = [&] {
    if (edit) {
      // One edit: annotator 1 changes the answer of task 1.
      p.tasks[0].annotations[0].regions[0].labels = {std::string(1, "ab"[flip ^= 1])};
    }
    auto r = quality_report(p, o);
    if (!r.ok()) {
      std::fprintf(stderr, "localabel_bench: %s\n", r.error().message.c_str());
      std::exit(1);
    }
    report = std::move(r).value();
  };
  timer.run(work);
  return summary(report);
}

Json quality_report_op(const Data& data, Timer& timer) {
  Project p = seeded_project(data.n_items());
  return run_report(p, timer, false);
}

Json quality_report_edit_op(const Data& data, Timer& timer) {
  Project p = seeded_project(data.n_items());
  return run_report(p, timer, true);
}

LOCALABEL_BENCH_OP("quality_report", quality_report_op);
LOCALABEL_BENCH_OP("quality_report_edit", quality_report_edit_op);

}  // namespace
}  // namespace localabel::bench
