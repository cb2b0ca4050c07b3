// Project-level geometric agreement: every pair of annotators on every task that two or more
// annotators answered, compared on boxes, brush masks and text spans, then averaged.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "localabel/geometric_agreement.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One annotator's regions on one task, ready for comparison.
struct Regions {
  std::string annotator;
  std::vector<RotatedBox> boxes;
  std::vector<TextSpan> spans;
  std::map<int32_t, std::vector<uint8_t>> masks;  // label -> union of its brush masks
  int mask_width = -1, mask_height = -1;
};

std::string region_path(size_t t, size_t a, size_t r) {
  return "tasks[" + std::to_string(t) + "].annotations[" + std::to_string(a) + "].result[" +
         std::to_string(r) + "]";
}

Error at(const std::string& path, const Error& e) {
  return make_error(e.code, path + (e.path.empty() ? "" : "." + e.path), e.message);
}

Result<Regions> collect(const Annotation& ann, size_t t, size_t ai, bool same_label,
                        std::map<std::string, int32_t>& label_codes) {
  Regions out;
  out.annotator = ann.annotator;
  for (size_t k = 0; k < ann.regions.size(); ++k) {
    const Region& r = ann.regions[k];
    int32_t label = 0;
    if (same_label) {
      const std::string name = r.labels.empty() ? std::string() : r.labels[0];
      auto it = label_codes.emplace(name, static_cast<int32_t>(label_codes.size())).first;
      label = it->second;
    }
    if (r.kind == RegionKind::kBox) {
      RotatedBox b{r.x, r.y, r.width, r.height, r.rotation, label};
      if (auto s = validate_boxes(std::span<const RotatedBox>(&b, 1), "box"); !s) {
        // "box[0].width: what" becomes "tasks[t].annotations[a].result[k].value.width: what".
        const Error& e = s.error();
        return make_error(e.code, region_path(t, ai, k) + ".value" + e.path.substr(6),
                          e.message.substr(e.path.size() + 2));
      }
      out.boxes.push_back(b);
    } else if (r.kind == RegionKind::kSpan) {
      out.spans.push_back({r.start, r.end, label});
    } else if (r.kind == RegionKind::kBrush) {
      const BrushMask& m = r.mask;
      uint64_t total = 0;
      for (uint32_t run : m.runs) total += run;
      if (m.width < 0 || m.height < 0 ||
          total != static_cast<uint64_t>(m.width) * static_cast<uint64_t>(m.height))
        return make_error(ErrorCode::kLengthMismatch, region_path(t, ai, k),
                          "brush mask runs add up to " + std::to_string(total) +
                              " pixels, not its size " + std::to_string(m.width) + "x" +
                              std::to_string(m.height));
      if (out.mask_width >= 0 && (m.width != out.mask_width || m.height != out.mask_height))
        return make_error(ErrorCode::kLengthMismatch, region_path(t, ai, k),
                          "masks of different sizes in one annotation: " + std::to_string(m.width) +
                              "x" + std::to_string(m.height) + " and " +
                              std::to_string(out.mask_width) + "x" +
                              std::to_string(out.mask_height));
      out.mask_width = m.width;
      out.mask_height = m.height;
      std::vector<uint8_t>& bits = out.masks[label];
      bits.resize(static_cast<size_t>(total), 0);
      size_t pos = 0;
      for (size_t q = 0; q < m.runs.size(); ++q) {
        if (q & 1) std::fill(bits.begin() + pos, bits.begin() + pos + m.runs[q], uint8_t{1});
        pos += m.runs[q];
      }
    }
  }
  return out;
}

// Mean of the defined values of a field over pairs; counts defined ones in *n.
template <class F>
double mean_of(const std::vector<TaskPairGeometry>& pairs, F value) {
  double sum = 0;
  int64_t n = 0;
  for (const TaskPairGeometry& p : pairs) {
    const double v = value(p);
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n ? sum / static_cast<double>(n) : kNaN;
}

}  // namespace

Result<ProjectGeometricAgreement> project_geometric_agreement(const Project& project,
                                                              const GeometricOptions& options) {
  if (!(options.iou_threshold > 0 && options.iou_threshold <= 1))
    return make_error(ErrorCode::kInvalidArgument, "iou_threshold",
                      "must be in (0, 1]; got " + std::to_string(options.iou_threshold));
  ProjectGeometricAgreement out;
  std::map<std::string, int32_t> label_codes;
  BoxMatchOptions box_options{options.iou_threshold, options.same_label};
  for (size_t t = 0; t < project.tasks.size(); ++t) {
    const Task& task = project.tasks[t];
    std::vector<Regions> people;
    std::map<std::string, size_t> seen;
    for (size_t a = 0; a < task.annotations.size(); ++a) {
      const Annotation& ann = task.annotations[a];
      if (ann.ground_truth || ann.status != AnnotationStatus::kSubmitted) continue;
      const std::string path =
          "tasks[" + std::to_string(t) + "].annotations[" + std::to_string(a) + "]";
      if (ann.annotator.empty())
        return make_error(ErrorCode::kMissingField, path + ".completed_by",
                          "an annotation without annotator cannot be compared");
      if (auto [it, fresh] = seen.emplace(ann.annotator, a); !fresh)
        return make_error(ErrorCode::kDuplicate, path,
                          "annotator '" + ann.annotator + "' already answered this task in " +
                              "annotations[" + std::to_string(it->second) + "]");
      auto regions = collect(ann, t, a, options.same_label, label_codes);
      if (!regions) return regions.error();
      people.push_back(std::move(*regions));
    }
    if (people.size() < 2) continue;
    ++out.tasks;
    std::sort(people.begin(), people.end(),
              [](const Regions& x, const Regions& y) { return x.annotator < y.annotator; });
    const int64_t text_length = task.kind == TaskKind::kText ? count_code_points(task.text) : -1;
    const std::string task_path = "tasks[" + std::to_string(t) + "]";
    for (size_t i = 0; i < people.size(); ++i)
      for (size_t j = i + 1; j < people.size(); ++j) {
        const Regions &x = people[i], &y = people[j];
        TaskPairGeometry p;
        p.task_id = task.id;
        p.annotator_a = x.annotator;
        p.annotator_b = y.annotator;
        if (!x.boxes.empty() || !y.boxes.empty()) {
          p.has_boxes = true;
          auto r = box_agreement(x.boxes, y.boxes, box_options);
          if (!r) return at(task_path, r.error());
          p.boxes = std::move(*r);
          ++out.box_pairs;
        }
        if (!x.masks.empty() || !y.masks.empty()) {
          p.has_masks = true;
          ++out.mask_pairs;
          const int w = x.mask_width >= 0 ? x.mask_width : y.mask_width;
          const int h = x.mask_width >= 0 ? x.mask_height : y.mask_height;
          if (x.mask_width >= 0 && y.mask_width >= 0 &&
              (x.mask_width != y.mask_width || x.mask_height != y.mask_height))
            return make_error(ErrorCode::kLengthMismatch, task_path,
                              "masks of different sizes: '" + x.annotator + "' painted " +
                                  std::to_string(x.mask_width) + "x" +
                                  std::to_string(x.mask_height) + ", '" + y.annotator + "' " +
                                  std::to_string(y.mask_width) + "x" +
                                  std::to_string(y.mask_height));
          std::map<int32_t, int> labels;
          for (const auto& kv : x.masks) labels[kv.first] = 1;
          for (const auto& kv : y.masks) labels[kv.first] = 1;
          const std::vector<uint8_t> empty(static_cast<size_t>(w) * static_cast<size_t>(h), 0);
          double iou = 0, dice = 0;
          int n = 0;
          for (const auto& kv : labels) {
            auto fx = x.masks.find(kv.first);
            auto fy = y.masks.find(kv.first);
            auto m = mask_agreement(fx == x.masks.end() ? empty : fx->second,
                                    fy == y.masks.end() ? empty : fy->second, w, h);
            if (!m) return at(task_path, m.error());
            if (std::isnan(m->iou)) continue;
            iou += m->iou;
            dice += m->dice;
            ++n;
          }
          p.mask_iou = n ? iou / n : kNaN;
          p.mask_dice = n ? dice / n : kNaN;
        }
        if (!x.spans.empty() || !y.spans.empty()) {
          p.has_spans = true;
          ++out.span_pairs;
          auto e = span_agreement(x.spans, y.spans, text_length, SpanMatch::kExact);
          if (!e) return at(task_path, e.error());
          auto o = span_agreement(x.spans, y.spans, text_length, SpanMatch::kOverlap);
          if (!o) return at(task_path, o.error());
          p.spans_exact = std::move(*e);
          p.spans_overlap = std::move(*o);
        }
        out.pairs.push_back(std::move(p));
      }
  }
  out.mean_box_iou = mean_of(
      out.pairs, [](const TaskPairGeometry& p) { return p.has_boxes ? p.boxes.mean_iou : kNaN; });
  out.mean_box_precision = mean_of(
      out.pairs, [](const TaskPairGeometry& p) { return p.has_boxes ? p.boxes.precision : kNaN; });
  out.mean_box_recall = mean_of(
      out.pairs, [](const TaskPairGeometry& p) { return p.has_boxes ? p.boxes.recall : kNaN; });
  out.mean_box_f1 =
      mean_of(out.pairs, [](const TaskPairGeometry& p) { return p.has_boxes ? p.boxes.f1 : kNaN; });
  out.mean_mask_iou =
      mean_of(out.pairs, [](const TaskPairGeometry& p) { return p.has_masks ? p.mask_iou : kNaN; });
  out.mean_mask_dice = mean_of(
      out.pairs, [](const TaskPairGeometry& p) { return p.has_masks ? p.mask_dice : kNaN; });
  out.mean_span_f1_exact = mean_of(
      out.pairs, [](const TaskPairGeometry& p) { return p.has_spans ? p.spans_exact.f1 : kNaN; });
  out.mean_span_f1_overlap = mean_of(
      out.pairs, [](const TaskPairGeometry& p) { return p.has_spans ? p.spans_overlap.f1 : kNaN; });
  if (out.tasks == 0)
    out.undefined_reason = "no task has submitted annotations of two or more annotators";
  else if (std::isnan(out.mean_box_f1) || std::isnan(out.mean_mask_iou) ||
           std::isnan(out.mean_span_f1_exact))
    out.undefined_reason =
        "a mean is NaN when no annotator pair has that kind of region (or it is undefined on "
        "every pair)";
  return out;
}

}  // namespace localabel
