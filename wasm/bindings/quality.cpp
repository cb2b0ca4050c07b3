// Embind glue for the quality report: project JSON text and an options object in, the report
// as JSON text (or the HTML page) out. The facade (wasm/js/quality.js) checks the options'
// types; the core checks their ranges.
#include "localabel/quality.h"

#include <emscripten/bind.h>

#include <string>

#include "convert.h"
#include "localabel/label_studio.h"

namespace {

using namespace localabel::wasm;  // NOLINT(google-build-using-namespace)
using localabel::Error;
using localabel::QualityOptions;

// Copies the defined fields of a JS options object; enum names go through the core's parsers.
// Returns an error object when a name is not known, else undefined.
val read_options(const val& js, QualityOptions* o) {
  if (js.isNull() || js.isUndefined()) return val::undefined();
  auto has = [&js](const char* key) {
    val v = js[key];
    return !v.isUndefined() && !v.isNull();
  };
  if (has("bootstrapResamples")) o->bootstrap_resamples = js["bootstrapResamples"].as<int32_t>();
  if (has("confidence")) o->confidence = js["confidence"].as<double>();
  if (has("seed")) o->seed = static_cast<uint64_t>(js["seed"].as<double>());
  if (has("iouThreshold")) o->iou_threshold = js["iouThreshold"].as<double>();
  if (has("keypointSigma")) o->keypoint_sigma = js["keypointSigma"].as<double>();
  if (has("goldThreshold")) o->gold_threshold = js["goldThreshold"].as<double>();
  if (has("driftWindow")) o->drift_window = js["driftWindow"].as<int32_t>();
  if (has("pricePerTask")) o->price_per_task = js["pricePerTask"].as<double>();
  if (has("lowConfidence")) o->low_confidence = js["lowConfidence"].as<double>();
  if (has("annotationsPerTask")) o->annotations_per_task = js["annotationsPerTask"].as<int32_t>();
  if (has("queueLimit")) o->queue_limit = js["queueLimit"].as<int32_t>();
  if (has("date")) o->date = js["date"].as<std::string>();
  if (has("setDistance")) {
    auto d = localabel::parse_set_distance(js["setDistance"].as<std::string>(), "setDistance");
    if (!d) return fail(d.error());
    o->set_distance = *d;
  }
  if (has("detector")) {
    auto d = localabel::parse_drift_detector(js["detector"].as<std::string>(), "detector");
    if (!d) return fail(d.error());
    o->detector = *d;
  }
  if (has("consensus")) {
    auto d = localabel::parse_consensus_method(js["consensus"].as<std::string>(), "consensus");
    if (!d) return fail(d.error());
    o->consensus = *d;
  }
  return val::undefined();
}

val report(const std::string& project_text, const val& options, bool html) {
  QualityOptions o;
  val bad = read_options(options, &o);
  if (!bad.isUndefined()) return bad;
  auto project = localabel::import_label_studio(project_text);
  if (!project) return fail(project.error());
  auto r = localabel::quality_report(*project, o);
  if (!r) return fail(r.error());
  return ok(
      val(html ? localabel::quality_report_html(*r) : localabel::quality_report_json(*r).dump()));
}

val quality_report_json(const std::string& text, const val& options) {
  return report(text, options, false);
}

val quality_report_html(const std::string& text, const val& options) {
  return report(text, options, true);
}

val consensus_predictions(const std::string& text, const val& options) {
  QualityOptions o;
  val bad = read_options(options, &o);
  if (!bad.isUndefined()) return bad;
  auto project = localabel::import_label_studio(text);
  if (!project) return fail(project.error());
  auto r = localabel::quality_report(*project, o);
  if (!r) return fail(r.error());
  return ok(val(localabel::consensus_predictions_json(*r).dump()));
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_quality) {
  emscripten::function("qualityReportJson", &quality_report_json);
  emscripten::function("qualityReportHtml", &quality_report_html);
  emscripten::function("consensusPredictions", &consensus_predictions);
}
