// Embind glue for label aggregation on a loaded AnalyticsTable (first argument: the JS handle)
// and for box fusion on typed arrays.
#include "localabel/aggregation.h"

#include <emscripten/bind.h>

#include <cmath>
#include <string>

#include "analytics_table.h"
#include "localabel/box_fusion.h"

namespace {

using namespace localabel::wasm;  // NOLINT(google-build-using-namespace)
using localabel::ErrorCode;
using localabel::make_error;

// A JS number that must be an integer in [lo, hi] (casting NaN or a huge double is undefined
// behaviour, so it is checked here rather than in the core).
bool integer_in(double v, double lo, double hi) {
  return std::isfinite(v) && v == std::floor(v) && v >= lo && v <= hi;
}

val bad_integer(const char* name, double lo, double hi) {
  return fail(make_error(ErrorCode::kInvalidArgument, name,
                         "must be an integer in [" + std::to_string(static_cast<int64_t>(lo)) +
                             ", " + std::to_string(static_cast<int64_t>(hi)) + "]"));
}

constexpr double kMaxSafe = 9007199254740991.0;  // 2^53 - 1
constexpr double kMaxInt = 2147483647.0;

val majority_vote(const AnalyticsTable& t, std::string ties, double seed, val weights,
                  bool fractions, val pred_probs) {
  if (auto e = t.need()) return *e;
  if (!integer_in(seed, 0, kMaxSafe)) return bad_integer("seed", 0, kMaxSafe);
  localabel::MajorityVoteOptions o;
  o.tie_break = ties == "abstain"    ? localabel::TieBreak::kAbstain
                : ties == "random"   ? localabel::TieBreak::kRandom
                : ties == "cleanlab" ? localabel::TieBreak::kCleanlab
                                     : localabel::TieBreak::kSmallest;
  o.pred_probs = to_vector<double>(pred_probs);
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

val dawid_skene_to_js(const localabel::DawidSkeneResult& r) {
  val v = val::object();
  v.set("labels", typed_copy("Int32Array", r.labels));
  v.set("posteriors", typed_copy("Float64Array", r.posteriors));
  v.set("priors", typed_copy("Float64Array", r.priors));
  v.set("confusion", typed_copy("Float64Array", r.confusion));
  v.set("skills", typed_copy("Float64Array", r.skills));
  v.set("iterations", r.iterations);
  v.set("converged", r.converged);
  v.set("logLikelihood", r.log_likelihood);
  return v;
}

val dawid_skene(const AnalyticsTable& t, double max_iterations, double tolerance, bool one_coin,
                bool refit_after_last_e_step) {
  if (auto e = t.need()) return *e;
  if (!integer_in(max_iterations, 0, kMaxInt)) return bad_integer("maxIterations", 0, kMaxInt);
  localabel::DawidSkeneOptions o;
  o.max_iterations = static_cast<int>(max_iterations);
  o.tolerance = tolerance;
  o.one_coin = one_coin;
  o.refit_after_last_e_step = refit_after_last_e_step;
  auto r = localabel::dawid_skene(t.table(), o);
  if (!r.ok()) return fail(r.error());
  return ok(dawid_skene_to_js(*r));
}

val dawid_skene_ratings(val item, val annotator, val label, double n_items, double n_annotators,
                        double n_labels, double max_iterations, double tolerance, bool one_coin,
                        bool refit_after_last_e_step) {
  const std::vector<int32_t> vi = to_vector<int32_t>(item), va = to_vector<int32_t>(annotator),
                             vl = to_vector<int32_t>(label);
  const size_t n = vi.size();
  if (va.size() != n || vl.size() != n)
    return fail(make_error(ErrorCode::kLengthMismatch,
                           va.size() != n ? "ratings.annotator" : "ratings.label",
                           "has " + std::to_string(va.size() != n ? va.size() : vl.size()) +
                               " entries, ratings.item has " + std::to_string(n)));
  if (!integer_in(n_items, 0, kMaxInt)) return bad_integer("items", 0, kMaxInt);
  if (!integer_in(n_annotators, 0, kMaxInt)) return bad_integer("annotators", 0, kMaxInt);
  if (!integer_in(n_labels, 0, kMaxInt)) return bad_integer("labels", 0, kMaxInt);
  if (!integer_in(max_iterations, 0, kMaxInt)) return bad_integer("maxIterations", 0, kMaxInt);
  std::vector<localabel::Rating> ratings(n);
  for (size_t r = 0; r < n; ++r) ratings[r] = {vi[r], va[r], vl[r]};
  localabel::DawidSkeneOptions o;
  o.max_iterations = static_cast<int>(max_iterations);
  o.tolerance = tolerance;
  o.one_coin = one_coin;
  o.refit_after_last_e_step = refit_after_last_e_step;
  auto r = localabel::dawid_skene_ratings(ratings, static_cast<int32_t>(n_items),
                                          static_cast<int32_t>(n_annotators),
                                          static_cast<int32_t>(n_labels), o);
  if (!r.ok()) return fail(r.error());
  return ok(dawid_skene_to_js(*r));
}

val weighted_vote(const AnalyticsTable& t, std::string skill, double prior_strength) {
  if (auto e = t.need()) return *e;
  localabel::WeightedVoteOptions o;
  o.source = skill == "gold" ? localabel::SkillSource::kGold : localabel::SkillSource::kMajority;
  o.gold = t.gold();
  o.prior_strength = prior_strength;
  auto r = localabel::weighted_vote(t.table(), o);
  if (!r.ok()) return fail(r.error());
  val v = val::object();
  v.set("labels", typed_copy("Int32Array", r->labels));
  v.set("posteriors", typed_copy("Float64Array", r->posteriors));
  v.set("skills", typed_copy("Float64Array", r->skills));
  v.set("weights", typed_copy("Float64Array", r->weights));
  std::vector<double> answered(r->answered.begin(), r->answered.end());
  std::vector<double> correct(r->correct.begin(), r->correct.end());
  v.set("answered", typed_copy("Float64Array", answered));
  v.set("correct", typed_copy("Float64Array", correct));
  v.set("ties", static_cast<double>(r->ties));
  return ok(v);
}

val glad(const AnalyticsTable& t, double max_iterations, double tolerance, double m_step_iterations,
         double alpha_prior_mean, double beta_prior_mean, val class_priors) {
  if (auto e = t.need()) return *e;
  if (!integer_in(max_iterations, 0, kMaxInt)) return bad_integer("maxIterations", 0, kMaxInt);
  if (!integer_in(m_step_iterations, 1, kMaxInt)) return bad_integer("mStepIterations", 1, kMaxInt);
  localabel::GladOptions o;
  o.max_iterations = static_cast<int>(max_iterations);
  o.tolerance = tolerance;
  o.m_step_iterations = static_cast<int>(m_step_iterations);
  o.alpha_prior_mean = alpha_prior_mean;
  o.beta_prior_mean = beta_prior_mean;
  o.class_priors = to_vector<double>(class_priors);
  auto r = localabel::glad(t.table(), o);
  if (!r.ok()) return fail(r.error());
  val v = val::object();
  v.set("labels", typed_copy("Int32Array", r->labels));
  v.set("posteriors", typed_copy("Float64Array", r->posteriors));
  v.set("alphas", typed_copy("Float64Array", r->alphas));
  v.set("logBetas", typed_copy("Float64Array", r->betas));
  v.set("iterations", r->iterations);
  v.set("converged", r->converged);
  v.set("objective", r->objective);
  return ok(v);
}

val mace(const AnalyticsTable& t, double restarts, double max_iterations, double tolerance,
         bool variational, double seed, double default_noise, double alpha, double beta,
         double strategy_prior, double smoothing) {
  if (auto e = t.need()) return *e;
  if (!integer_in(restarts, 1, kMaxInt)) return bad_integer("restarts", 1, kMaxInt);
  if (!integer_in(max_iterations, 1, kMaxInt)) return bad_integer("maxIterations", 1, kMaxInt);
  if (!integer_in(seed, 0, kMaxSafe)) return bad_integer("seed", 0, kMaxSafe);
  localabel::MaceOptions o;
  o.restarts = static_cast<int>(restarts);
  o.max_iterations = static_cast<int>(max_iterations);
  o.tolerance = tolerance;
  o.variational = variational;
  o.seed = static_cast<uint64_t>(seed);
  o.default_noise = default_noise;
  o.alpha = alpha;
  o.beta = beta;
  o.strategy_prior = strategy_prior;
  o.smoothing = smoothing;
  auto r = localabel::mace(t.table(), o);
  if (!r.ok()) return fail(r.error());
  val v = val::object();
  v.set("labels", typed_copy("Int32Array", r->labels));
  v.set("posteriors", typed_copy("Float64Array", r->posteriors));
  v.set("competence", typed_copy("Float64Array", r->competence));
  v.set("strategies", typed_copy("Float64Array", r->strategies));
  v.set("logLikelihood", r->log_likelihood);
  v.set("iterations", r->iterations);
  v.set("bestRestart", r->best_restart);
  return ok(v);
}

val fuse_boxes(val x, val y, val width, val height, val label, val annotator, val score,
               double iou_threshold, val weights, double n_annotators, double skip_threshold) {
  const std::vector<double> vx = to_vector<double>(x), vy = to_vector<double>(y),
                            vw = to_vector<double>(width), vh = to_vector<double>(height),
                            vs = to_vector<double>(score);
  const std::vector<int32_t> vl = to_vector<int32_t>(label), va = to_vector<int32_t>(annotator);
  const size_t n = vx.size();
  const std::pair<const char*, size_t> sizes[] = {{"y", vy.size()},
                                                  {"width", vw.size()},
                                                  {"height", vh.size()},
                                                  {"label", vl.size()},
                                                  {"annotator", va.size()}};
  for (const auto& [name, size] : sizes)
    if (size != n)
      return fail(
          make_error(ErrorCode::kLengthMismatch, name,
                     "has " + std::to_string(size) + " entries, x has " + std::to_string(n)));
  if (!vs.empty() && vs.size() != n)
    return fail(
        make_error(ErrorCode::kLengthMismatch, "score",
                   "has " + std::to_string(vs.size()) + " entries, x has " + std::to_string(n)));
  if (!integer_in(n_annotators, 0, kMaxInt)) return bad_integer("annotators", 0, kMaxInt);
  std::vector<localabel::AnnotatedBox> boxes(n);
  for (size_t i = 0; i < n; ++i)
    boxes[i] = {vx[i], vy[i], vw[i], vh[i], vl[i], va[i], vs.empty() ? 1.0 : vs[i]};
  localabel::BoxFusionOptions o;
  o.iou_threshold = iou_threshold;
  o.weights = to_vector<double>(weights);
  o.n_annotators = static_cast<int32_t>(n_annotators);
  o.skip_threshold = skip_threshold;
  auto r = localabel::fuse_boxes(boxes, o);
  if (!r.ok()) return fail(r.error());
  const size_t m = r->size();
  std::vector<double> fx(m), fy(m), fw(m), fh(m), fc(m);
  std::vector<int32_t> fl(m), fa(m);
  val members = val::array();
  for (size_t i = 0; i < m; ++i) {
    const localabel::FusedBox& f = (*r)[i];
    fx[i] = f.x;
    fy[i] = f.y;
    fw[i] = f.width;
    fh[i] = f.height;
    fc[i] = f.confidence;
    fl[i] = f.label;
    fa[i] = f.annotators;
    members.call<void>("push", typed_copy("Int32Array", f.members));
  }
  val v = val::object();
  v.set("x", typed_copy("Float64Array", fx));
  v.set("y", typed_copy("Float64Array", fy));
  v.set("width", typed_copy("Float64Array", fw));
  v.set("height", typed_copy("Float64Array", fh));
  v.set("label", typed_copy("Int32Array", fl));
  v.set("confidence", typed_copy("Float64Array", fc));
  v.set("annotators", typed_copy("Int32Array", fa));
  v.set("members", members);
  return ok(v);
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_aggregation) {
  emscripten::function("aggregation_majority_vote", &majority_vote);
  emscripten::function("aggregation_dawid_skene", &dawid_skene);
  emscripten::function("aggregation_dawid_skene_ratings", &dawid_skene_ratings);
  emscripten::function("aggregation_weighted_vote", &weighted_vote);
  emscripten::function("aggregation_glad", &glad);
  emscripten::function("aggregation_mace", &mace);
  emscripten::function("aggregation_fuse_boxes", &fuse_boxes);
}
