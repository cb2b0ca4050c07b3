// Embind glue for drift detection on a sequence of quality values.
#include "localabel/drift.h"

#include <emscripten/bind.h>

#include <span>
#include <vector>

#include "analytics_table.h"

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

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_drift) {
  emscripten::function("drift_rolling_mean_alarm", &rolling_alarm);
  emscripten::function("drift_rolling_quality_drop", &quality_drop);
}
