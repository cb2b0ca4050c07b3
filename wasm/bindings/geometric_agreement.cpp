// Embind glue for geometric agreement: boxes (flat [x, y, width, height, rotation] per box
// plus label codes), masks (bytes), spans (flat [start, end] per span plus label codes), the
// optimal assignment, and a whole Label Studio project given as JSON text.
#include "localabel/geometric_agreement.h"

#include <emscripten/bind.h>

#include <cmath>
#include <string>

#include "analytics_table.h"
#include "localabel/label_studio.h"

namespace {

using namespace localabel::wasm;  // NOLINT(google-build-using-namespace)
using localabel::ErrorCode;
using localabel::make_error;

// Boxes from a flat array of 5 numbers per box and a label code per box (or none: all 0).
localabel::Result<std::vector<localabel::RotatedBox>> boxes_of(val flat, val labels,
                                                               const char* name) {
  auto v = to_vector<double>(flat);
  auto l = to_vector<int32_t>(labels);
  if (v.size() % 5 != 0)
    return make_error(ErrorCode::kLengthMismatch, name,
                      "expected 5 numbers per box (x, y, width, height, rotation); got " +
                          std::to_string(v.size()));
  const size_t n = v.size() / 5;
  if (!l.empty() && l.size() != n)
    return make_error(ErrorCode::kLengthMismatch, std::string(name) + " labels",
                      std::to_string(l.size()) + " labels for " + std::to_string(n) + " boxes");
  std::vector<localabel::RotatedBox> out(n);
  for (size_t i = 0; i < n; ++i)
    out[i] = {v[5 * i],     v[5 * i + 1], v[5 * i + 2],
              v[5 * i + 3], v[5 * i + 4], l.empty() ? 0 : l[i]};
  return out;
}

localabel::Result<std::vector<localabel::TextSpan>> spans_of(val flat, val labels,
                                                             const char* name) {
  auto v = to_vector<double>(flat);
  auto l = to_vector<int32_t>(labels);
  if (v.size() % 2 != 0)
    return make_error(ErrorCode::kLengthMismatch, name,
                      "expected 2 numbers per span (start, end); got " + std::to_string(v.size()));
  const size_t n = v.size() / 2;
  if (!l.empty() && l.size() != n)
    return make_error(ErrorCode::kLengthMismatch, std::string(name) + " labels",
                      std::to_string(l.size()) + " labels for " + std::to_string(n) + " spans");
  std::vector<localabel::TextSpan> out(n);
  for (size_t i = 0; i < n; ++i) {
    for (int k = 0; k < 2; ++k) {
      const double x = v[2 * i + k];
      if (!(x == std::floor(x)) || std::abs(x) > 9.0e15)
        return make_error(ErrorCode::kOutOfRange,
                          std::string(name) + "[" + std::to_string(i) + (k ? "].end" : "].start"),
                          "an offset must be a whole number of code points");
    }
    out[i] = {static_cast<int64_t>(v[2 * i]), static_cast<int64_t>(v[2 * i + 1]),
              l.empty() ? 0 : l[i]};
  }
  return out;
}

val box_agreement_js(const localabel::BoxAgreement& r) {
  val o = val::object();
  val matches = val::array();
  for (const localabel::BoxMatch& m : r.matches) {
    val x = val::object();
    x.set("a", m.a);
    x.set("b", m.b);
    x.set("iou", m.iou);
    matches.call<void>("push", x);
  }
  o.set("matches", matches);
  o.set("boxesA", static_cast<double>(r.n_a));
  o.set("boxesB", static_cast<double>(r.n_b));
  o.set("meanIou", num(r.mean_iou));
  o.set("precision", num(r.precision));
  o.set("recall", num(r.recall));
  o.set("f1", num(r.f1));
  o.set("undefinedReason", r.undefined_reason);
  return o;
}

val span_agreement_js(const localabel::SpanAgreement& r) {
  val o = val::object();
  o.set("spansA", static_cast<double>(r.n_a));
  o.set("spansB", static_cast<double>(r.n_b));
  o.set("matched", static_cast<double>(r.matched));
  o.set("precision", num(r.precision));
  o.set("recall", num(r.recall));
  o.set("f1", num(r.f1));
  o.set("undefinedReason", r.undefined_reason);
  return o;
}

val rotated_box_iou(val a, val b) {
  auto x = boxes_of(a, val::null(), "a");
  if (!x.ok()) return fail(x.error());
  auto y = boxes_of(b, val::null(), "b");
  if (!y.ok()) return fail(y.error());
  if (x->size() != 1 || y->size() != 1)
    return fail(
        make_error(ErrorCode::kLengthMismatch, "", "rotated_box_iou takes one box on each side"));
  if (auto s = localabel::validate_boxes(*x, "a"); !s) return fail(s.error());
  if (auto s = localabel::validate_boxes(*y, "b"); !s) return fail(s.error());
  return ok(num(localabel::rotated_box_iou((*x)[0], (*y)[0])));
}

val boxes(val a, val labels_a, val b, val labels_b, double threshold, bool same_label) {
  auto x = boxes_of(a, labels_a, "a");
  if (!x.ok()) return fail(x.error());
  auto y = boxes_of(b, labels_b, "b");
  if (!y.ok()) return fail(y.error());
  auto r = localabel::box_agreement(*x, *y, {threshold, same_label});
  if (!r.ok()) return fail(r.error());
  return ok(box_agreement_js(*r));
}

val masks(val a, val b, int width, int height) {
  auto x = bytes_of(a), y = bytes_of(b);
  auto r = localabel::mask_agreement(x, y, width, height);
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  o.set("iou", num(r->iou));
  o.set("dice", num(r->dice));
  o.set("intersection", static_cast<double>(r->intersection));
  o.set("areaA", static_cast<double>(r->area_a));
  o.set("areaB", static_cast<double>(r->area_b));
  o.set("undefinedReason", r->undefined_reason);
  return ok(o);
}

val spans(val a, val labels_a, val b, val labels_b, double text_length, std::string mode) {
  auto x = spans_of(a, labels_a, "a");
  if (!x.ok()) return fail(x.error());
  auto y = spans_of(b, labels_b, "b");
  if (!y.ok()) return fail(y.error());
  auto r = localabel::span_agreement(
      *x, *y, static_cast<int64_t>(text_length),
      mode == "overlap" ? localabel::SpanMatch::kOverlap : localabel::SpanMatch::kExact);
  if (!r.ok()) return fail(r.error());
  return ok(span_agreement_js(*r));
}

val assignment(val cost, int rows, int cols) {
  auto c = to_vector<double>(cost);
  auto r = localabel::linear_sum_assignment(c, rows, cols);
  if (!r.ok()) return fail(r.error());
  return ok(typed_copy("Int32Array", *r));
}

val project_geometry(std::string json_text, double threshold, bool same_label) {
  auto p = localabel::import_label_studio(json_text);
  if (!p.ok()) return fail(p.error());
  auto r = localabel::project_geometric_agreement(*p, {threshold, same_label});
  if (!r.ok()) return fail(r.error());
  val pairs = val::array();
  for (const localabel::TaskPairGeometry& g : r->pairs) {
    val o = val::object();
    o.set("task", g.task_id);
    o.set("a", g.annotator_a);
    o.set("b", g.annotator_b);
    o.set("boxes", g.has_boxes ? box_agreement_js(g.boxes) : val::null());
    if (g.has_masks) {
      val m = val::object();
      m.set("iou", num(g.mask_iou));
      m.set("dice", num(g.mask_dice));
      o.set("masks", m);
    } else {
      o.set("masks", val::null());
    }
    o.set("spansExact", g.has_spans ? span_agreement_js(g.spans_exact) : val::null());
    o.set("spansOverlap", g.has_spans ? span_agreement_js(g.spans_overlap) : val::null());
    pairs.call<void>("push", o);
  }
  val o = val::object();
  o.set("pairs", pairs);
  o.set("tasks", static_cast<double>(r->tasks));
  o.set("boxPairs", static_cast<double>(r->box_pairs));
  o.set("maskPairs", static_cast<double>(r->mask_pairs));
  o.set("spanPairs", static_cast<double>(r->span_pairs));
  o.set("meanBoxIou", num(r->mean_box_iou));
  o.set("meanBoxPrecision", num(r->mean_box_precision));
  o.set("meanBoxRecall", num(r->mean_box_recall));
  o.set("meanBoxF1", num(r->mean_box_f1));
  o.set("meanMaskIou", num(r->mean_mask_iou));
  o.set("meanMaskDice", num(r->mean_mask_dice));
  o.set("meanSpanF1Exact", num(r->mean_span_f1_exact));
  o.set("meanSpanF1Overlap", num(r->mean_span_f1_overlap));
  o.set("undefinedReason", r->undefined_reason);
  return ok(o);
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_geometric_agreement) {
  emscripten::function("agreement_box_iou", &rotated_box_iou);
  emscripten::function("agreement_boxes", &boxes);
  emscripten::function("agreement_masks", &masks);
  emscripten::function("agreement_spans", &spans);
  emscripten::function("agreement_assignment", &assignment);
  emscripten::function("agreement_project_geometry", &project_geometry);
}
