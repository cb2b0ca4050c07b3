// Embind glue for label aggregation on a loaded AnalyticsTable (first argument: the JS handle).
#include "localabel/aggregation.h"

#include <emscripten/bind.h>

#include <string>

#include "analytics_table.h"

namespace {

using namespace localabel::wasm;  // NOLINT(google-build-using-namespace)

val majority_vote(const AnalyticsTable& t, std::string ties, double seed, val weights,
                  bool fractions) {
  if (auto e = t.need()) return *e;
  localabel::MajorityVoteOptions o;
  o.tie_break = ties == "abstain"  ? localabel::TieBreak::kAbstain
                : ties == "random" ? localabel::TieBreak::kRandom
                                   : localabel::TieBreak::kSmallest;
  o.seed = static_cast<uint64_t>(seed);
  o.weights = to_vector<double>(weights);
  o.fractions = fractions;
  auto r = localabel::majority_vote(t.table(), o);
  if (!r.ok()) return fail(r.error());
  val v = val::object();
  v.set("labels", typed_copy("Int32Array", r->labels));
  if (fractions) v.set("fractions", typed_copy("Float64Array", r->fractions));
  v.set("ties", static_cast<double>(r->ties));
  return ok(v);
}

val dawid_skene(const AnalyticsTable& t, double max_iterations, double tolerance, bool one_coin) {
  if (auto e = t.need()) return *e;
  localabel::DawidSkeneOptions o;
  o.max_iterations = static_cast<int>(max_iterations);
  o.tolerance = tolerance;
  o.one_coin = one_coin;
  auto r = localabel::dawid_skene(t.table(), o);
  if (!r.ok()) return fail(r.error());
  val v = val::object();
  v.set("labels", typed_copy("Int32Array", r->labels));
  v.set("posteriors", typed_copy("Float64Array", r->posteriors));
  v.set("priors", typed_copy("Float64Array", r->priors));
  v.set("confusion", typed_copy("Float64Array", r->confusion));
  v.set("skills", typed_copy("Float64Array", r->skills));
  v.set("iterations", r->iterations);
  v.set("converged", r->converged);
  v.set("logLikelihood", r->log_likelihood);
  return ok(v);
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_aggregation) {
  emscripten::function("aggregation_majority_vote", &majority_vote);
  emscripten::function("aggregation_dawid_skene", &dawid_skene);
}
