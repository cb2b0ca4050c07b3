// Embind glue for drift detection on sequences of quality values, label-distribution drift
// and session fatigue.
#include "localabel/drift.h"

#include <emscripten/bind.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "analytics_table.h"
#include "localabel/fatigue.h"

namespace {

using namespace localabel::wasm;  // NOLINT(google-build-using-namespace)

val drift_result(const localabel::Result<localabel::RollingDrift>& r) {
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  o.set("n", static_cast<double>(r->n));
  o.set("window", static_cast<double>(r->window));
  o.set("threshold", r->threshold);
  o.set("firstAlarm", static_cast<double>(r->first_alarm));
  o.set("windows", static_cast<double>(r->n_windows));
  o.set("mean", num(r->mean));
  return ok(o);
}

val rolling_alarm(val values, double window, double threshold) {
  auto v = to_vector<double>(values);
  return drift_result(localabel::rolling_mean_alarm(std::span<const double>(v),
                                                    static_cast<int64_t>(window), threshold));
}

val quality_drop(val values, double window, double drop) {
  auto v = to_vector<double>(values);
  auto r = localabel::rolling_quality_drop(v, static_cast<int64_t>(window), drop);
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  std::vector<double> alarms(r->alarms.begin(), r->alarms.end());
  o.set("alarms", typed_copy("Float64Array", alarms));
  o.set("windowMeans", typed_copy("Float64Array", r->window_means));
  return ok(o);
}

// A count given as a JS number: finite and integral, else an InvalidArgument error.
bool count_arg(double v, const char* name, int64_t* out, val* error) {
  if (!std::isfinite(v) || v != std::floor(v) || std::abs(v) > 9e15) {
    *error = fail(
        localabel::make_error(localabel::ErrorCode::kInvalidArgument, name, "must be an integer"));
    return false;
  }
  *out = static_cast<int64_t>(v);
  return true;
}

val indices(const std::vector<int64_t>& v) {
  return typed_copy("Float64Array", std::vector<double>(v.begin(), v.end()));
}

// mode: "down" | "up" | "both"; an empty mode keeps two_sided's choice.
val page_hinkley(val values, double min_instances, double delta, double threshold, bool two_sided,
                 double alpha, std::string mode) {
  localabel::PageHinkleyOptions o;
  val error = val::null();
  if (!count_arg(min_instances, "minInstances", &o.min_instances, &error)) return error;
  o.delta = delta;
  o.threshold = threshold;
  o.two_sided = two_sided;
  o.alpha = alpha;
  if (!mode.empty()) {
    auto m = localabel::parse_drift_mode(mode);
    if (!m.ok()) return fail(m.error());
    o.mode = *m;
  }
  auto v = to_vector<double>(values);
  auto r = localabel::page_hinkley(v, o);
  if (!r.ok()) return fail(r.error());
  return ok(indices(*r));
}

val cusum(val values, double target, double slack, double threshold, bool two_sided) {
  auto v = to_vector<double>(values);
  auto r = localabel::cusum(v, target, slack, threshold, two_sided);
  if (!r.ok()) return fail(r.error());
  return ok(indices(*r));
}

val cusum_warmup(val values, double min_instances, double slack, double threshold,
                 std::string mode) {
  localabel::CusumOptions o;
  val error = val::null();
  if (!count_arg(min_instances, "minInstances", &o.min_instances, &error)) return error;
  o.slack = slack;
  o.threshold = threshold;
  auto m = localabel::parse_drift_mode(mode);
  if (!m.ok()) return fail(m.error());
  o.mode = *m;
  auto v = to_vector<double>(values);
  auto r = localabel::cusum(v, o);
  if (!r.ok()) return fail(r.error());
  return ok(indices(*r));
}

val adwin(val values, double delta, double clock, double max_buckets, double min_window_length,
          double grace_period) {
  localabel::AdwinOptions o;
  o.delta = delta;
  val error = val::null();
  if (!count_arg(clock, "clock", &o.clock, &error) ||
      !count_arg(max_buckets, "maxBuckets", &o.max_buckets, &error) ||
      !count_arg(min_window_length, "minWindowLength", &o.min_window_length, &error) ||
      !count_arg(grace_period, "gracePeriod", &o.grace_period, &error))
    return error;
  auto v = to_vector<double>(values);
  auto r = localabel::adwin(v, o);
  if (!r.ok()) return fail(r.error());
  val out = val::object();
  out.set("detections", indices(r->detections));
  out.set("width", static_cast<double>(r->width));
  out.set("mean", r->mean);
  out.set("total", r->total);
  out.set("variance", r->variance);
  out.set("varianceInWindow", r->variance_in_window);
  return ok(out);
}

// expected: empty for equal frequencies.
val chi_square_fit(val observed, val expected, double ddof) {
  auto o = to_vector<double>(observed);
  auto e = to_vector<double>(expected);
  int64_t d = 0;
  val error = val::null();
  if (!count_arg(ddof, "ddof", &d, &error)) return error;
  auto r = localabel::chi_square_goodness_of_fit(o, e, d);
  if (!r.ok()) return fail(r.error());
  val out = val::object();
  out.set("statistic", r->statistic);
  out.set("dof", static_cast<double>(r->dof));
  out.set("pValue", num(r->p_value));
  return ok(out);
}

val label_distribution(val reference, val current) {
  auto a = to_vector<double>(reference);
  auto b = to_vector<double>(current);
  auto r = localabel::label_distribution_drift(a, b);
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  o.set("psi", r->psi);
  o.set("jsBits", r->js_bits);
  o.set("chiSquare", r->chi_square);
  o.set("dof", static_cast<double>(r->dof));
  o.set("pValue", num(r->p_value));
  return ok(o);
}

val session_fatigue(val annotator, val timestamp, val seconds, val quality, double gap,
                    double time_threshold, double quality_threshold, double min_tasks) {
  localabel::FatigueOptions o;
  o.session_gap_seconds = gap;
  o.time_threshold = time_threshold;
  o.quality_threshold = quality_threshold;
  val error = val::null();
  if (!count_arg(min_tasks, "minTasks", &o.min_tasks, &error)) return error;
  auto a = to_vector<int32_t>(annotator);
  auto t = to_vector<double>(timestamp);
  auto s = to_vector<double>(seconds);
  auto q = to_vector<double>(quality);
  auto r = localabel::session_fatigue(a, t, s, q, o);
  if (!r.ok()) return fail(r.error());
  val sessions = val::array();
  for (const auto& x : r->sessions) {
    val e = val::object();
    e.set("annotator", x.annotator);
    e.set("session", static_cast<double>(x.session));
    e.set("start", x.start);
    e.set("end", x.end);
    e.set("tasks", static_cast<double>(x.tasks));
    e.set("rows", indices(x.rows));
    e.set("earlySeconds", num(x.early_seconds));
    e.set("lateSeconds", num(x.late_seconds));
    e.set("secondsSlope", num(x.seconds_slope));
    e.set("earlyQuality", num(x.early_quality));
    e.set("lateQuality", num(x.late_quality));
    e.set("qualitySlope", num(x.quality_slope));
    e.set("slower", x.slower);
    e.set("worse", x.worse);
    sessions.call<void>("push", e);
  }
  val out = val::object();
  out.set("sessions", sessions);
  out.set("alerts", static_cast<double>(r->alerts));
  return ok(out);
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_drift) {
  emscripten::function("drift_rolling_mean_alarm", &rolling_alarm);
  emscripten::function("drift_rolling_quality_drop", &quality_drop);
  emscripten::function("drift_page_hinkley", &page_hinkley);
  emscripten::function("drift_cusum", &cusum);
  emscripten::function("drift_cusum_warmup", &cusum_warmup);
  emscripten::function("drift_chi_square_fit", &chi_square_fit);
  emscripten::function("drift_adwin", &adwin);
  emscripten::function("drift_label_distribution", &label_distribution);
  emscripten::function("drift_session_fatigue", &session_fatigue);
}
