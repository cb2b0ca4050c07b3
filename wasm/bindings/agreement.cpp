// Embind glue for agreement coefficients: on aligned label vectors, on count tables and
// matrices, and on a loaded AnalyticsTable (first argument: the JS handle): coefficients,
// pairwise matrices, per-class agreement and seeded bootstrap intervals.
#include "localabel/agreement.h"

#include <emscripten/bind.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "analytics_table.h"

namespace {

using namespace localabel::wasm;  // NOLINT(google-build-using-namespace)

val agreement(const localabel::Result<localabel::AgreementResult>& r) {
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  o.set("value", num(r->value));
  o.set("observed", num(r->observed));
  o.set("expected", num(r->expected));
  o.set("units", static_cast<double>(r->n_units));
  o.set("undefinedReason", r->undefined_reason);
  return ok(o);
}

localabel::KappaWeights weights_of(const std::string& w) {
  if (w == "linear") return localabel::KappaWeights::kLinear;
  if (w == "quadratic") return localabel::KappaWeights::kQuadratic;
  return localabel::KappaWeights::kNone;
}

localabel::AlphaLevel level_of(const std::string& l) {
  if (l == "ordinal") return localabel::AlphaLevel::kOrdinal;
  if (l == "interval") return localabel::AlphaLevel::kInterval;
  if (l == "ratio") return localabel::AlphaLevel::kRatio;
  return localabel::AlphaLevel::kNominal;
}

val cohen(val a, val b, std::string weights) {
  auto va = to_vector<int32_t>(a), vb = to_vector<int32_t>(b);
  return agreement(localabel::cohen_kappa(va, vb, weights_of(weights)));
}
val percent(val a, val b) {
  auto va = to_vector<int32_t>(a), vb = to_vector<int32_t>(b);
  return agreement(localabel::percent_agreement(va, vb));
}
val scott(val a, val b) {
  auto va = to_vector<int32_t>(a), vb = to_vector<int32_t>(b);
  return agreement(localabel::scott_pi(va, vb));
}
val bennett(val a, val b, int n_categories) {
  auto va = to_vector<int32_t>(a), vb = to_vector<int32_t>(b);
  return agreement(localabel::bennett_s(va, vb, n_categories));
}
// Counts as doubles: weighted (non-integer) counts are kept, as statsmodels keeps them.
// method: fleiss | randolph | uniform.
val fleiss(val counts, double n_items, int n_categories, std::string method) {
  auto m = localabel::parse_fleiss_method(method);
  if (!m.ok()) return fail(m.error());
  auto c = to_vector<double>(counts);
  return agreement(localabel::fleiss_kappa(std::span<const double>(c),
                                           static_cast<int64_t>(n_items), n_categories, *m));
}
val kappa_inference(val table, int k, std::string weights, val scores, double confidence) {
  auto t = to_vector<double>(table);
  auto sc = to_vector<double>(scores);
  auto r = localabel::cohen_kappa_inference(t, k, weights_of(weights), sc, confidence);
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  o.set("kappa", num(r->kappa));
  o.set("observed", num(r->observed));
  o.set("expected", num(r->expected));
  o.set("ase", num(r->ase));
  o.set("lower", num(r->lower));
  o.set("upper", num(r->upper));
  o.set("ase0", num(r->ase0));
  o.set("z", num(r->z));
  o.set("pOneSided", num(r->p_one_sided));
  o.set("pTwoSided", num(r->p_two_sided));
  o.set("n", r->n);
  o.set("undefinedReason", r->undefined_reason);
  return ok(o);
}
val alpha(val matrix, double n_annotators, double n_items, std::string level) {
  auto m = to_vector<double>(matrix);
  return agreement(localabel::krippendorff_alpha(m, static_cast<int64_t>(n_annotators),
                                                 static_cast<int64_t>(n_items), level_of(level)));
}

val alpha_counts(val counts, double n_units, int n_values, std::string level, val domain,
                 val distance) {
  auto c = to_vector<double>(counts);
  auto d = to_vector<double>(domain);
  auto m = to_vector<double>(distance);
  auto r = localabel::krippendorff_alpha_counts(c, static_cast<int64_t>(n_units), n_values,
                                                level_of(level), d, m);
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  o.set("value", num(r->value));
  o.set("observed", num(r->observed));
  o.set("expected", num(r->expected));
  o.set("units", static_cast<double>(r->n_units));
  o.set("coincidences", typed_copy("Float64Array", r->coincidences));
  o.set("marginals", typed_copy("Float64Array", r->marginals));
  o.set("nPairable", r->n_pairable);
  o.set("distances", typed_copy("Float64Array", r->distances));
  o.set("undefinedReason", r->undefined_reason);
  return ok(o);
}

// Set-valued labels as codes: set c is codes[offsets[c] .. offsets[c + 1]).
val set_distances(val codes, val offsets, std::string distance) {
  auto kind = localabel::parse_set_distance(distance);
  if (!kind.ok()) return fail(kind.error());
  auto flat = to_vector<int32_t>(codes);
  auto off = to_vector<double>(offsets);
  std::vector<std::vector<int32_t>> domain;
  for (size_t c = 0; c + 1 < off.size(); ++c)
    domain.emplace_back(flat.begin() + static_cast<int64_t>(off[c]),
                        flat.begin() + static_cast<int64_t>(off[c + 1]));
  auto r = localabel::set_distance_matrix(domain, *kind);
  if (!r.ok()) return fail(r.error());
  return ok(typed_copy("Float64Array", *r));
}

val table_cohen(const AnalyticsTable& t, int a, int b, std::string weights) {
  if (auto e = t.need()) return *e;
  return agreement(localabel::cohen_kappa(t.table(), a, b, weights_of(weights)));
}
val table_fleiss(const AnalyticsTable& t, std::string method) {
  if (auto e = t.need()) return *e;
  auto m = localabel::parse_fleiss_method(method);
  if (!m.ok()) return fail(m.error());
  return agreement(localabel::fleiss_kappa(t.table(), *m));
}
val table_alpha(const AnalyticsTable& t, std::string level) {
  if (auto e = t.need()) return *e;
  return agreement(localabel::krippendorff_alpha(t.table(), level_of(level)));
}

val per_class(const localabel::Result<std::vector<localabel::ClassAgreement>>& r) {
  if (!r.ok()) return fail(r.error());
  val arr = val::array();
  for (const localabel::ClassAgreement& c : *r) {
    val o = val::object();
    o.set("label", c.label);
    o.set("proportion", num(c.proportion));
    o.set("kappa", num(c.kappa));
    o.set("specific", num(c.specific));
    o.set("assignments", static_cast<double>(c.assignments));
    o.set("undefinedReason", c.undefined_reason);
    arr.call<void>("push", o);
  }
  return ok(arr);
}

val per_class_counts(val counts, double n_items, int n_categories) {
  auto c = to_vector<int32_t>(counts);
  return per_class(localabel::per_class_agreement(c, static_cast<int64_t>(n_items), n_categories));
}

val table_per_class(const AnalyticsTable& t) {
  if (auto e = t.need()) return *e;
  return per_class(localabel::per_class_agreement(t.table()));
}

val table_pairwise(const AnalyticsTable& t, std::string weights) {
  if (auto e = t.need()) return *e;
  auto r = localabel::pairwise_agreement(t.table(), weights_of(weights));
  if (!r.ok()) return fail(r.error());
  std::vector<double> shared(r->shared_items.begin(), r->shared_items.end());
  val o = val::object();
  o.set("n", r->n_annotators);
  o.set("sharedItems", typed_copy("Float64Array", shared));
  o.set("percent", typed_copy("Float64Array", r->percent));
  o.set("kappa", typed_copy("Float64Array", r->kappa));
  val reasons = val::array();
  for (const std::string& s : r->kappa_reason) reasons.call<void>("push", s);
  o.set("kappaReasons", reasons);
  return ok(o);
}

// kind: fleiss | alpha | cohen | percent | scott | bennett (checked by the facade); seed as
// decimal text so that every 64-bit seed passes exactly.
val table_bootstrap(const AnalyticsTable& t, std::string kind, std::string level,
                    std::string weights, int a, int b, int resamples, double confidence,
                    std::string seed) {
  if (auto e = t.need()) return *e;
  using Kind = localabel::CoefficientSpec::Kind;
  localabel::CoefficientSpec spec;
  spec.kind = kind == "fleiss"    ? Kind::kFleissKappa
              : kind == "cohen"   ? Kind::kCohenKappa
              : kind == "percent" ? Kind::kPercentAgreement
              : kind == "scott"   ? Kind::kScottPi
              : kind == "bennett" ? Kind::kBennettS
                                  : Kind::kKrippendorffAlpha;
  spec.level = level_of(level);
  spec.weights = weights_of(weights);
  spec.a = a;
  spec.b = b;
  localabel::BootstrapOptions o;
  o.resamples = resamples;
  o.confidence = confidence;
  char* end = nullptr;
  errno = 0;
  o.seed = std::strtoull(seed.c_str(), &end, 10);
  if (seed.empty() || *end != 0 || seed[0] < '0' || seed[0] > '9' || errno == ERANGE)
    return fail(localabel::make_error(localabel::ErrorCode::kInvalidArgument, "seed",
                                      "must be a whole number from 0 to 2^64-1; got " + seed));
  auto r = localabel::bootstrap_interval(t.table(), spec, o);
  if (!r.ok()) return fail(r.error());
  val v = val::object();
  v.set("estimate", num(r->estimate));
  v.set("lower", num(r->lower));
  v.set("upper", num(r->upper));
  v.set("confidence", r->confidence);
  v.set("resamples", r->resamples);
  v.set("undefined", r->undefined);
  v.set("undefinedReason", r->undefined_reason);
  return ok(v);
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_agreement) {
  emscripten::function("agreement_cohen_kappa", &cohen);
  emscripten::function("agreement_percent", &percent);
  emscripten::function("agreement_scott_pi", &scott);
  emscripten::function("agreement_bennett_s", &bennett);
  emscripten::function("agreement_fleiss_kappa", &fleiss);
  emscripten::function("agreement_cohen_kappa_inference", &kappa_inference);
  emscripten::function("agreement_krippendorff_alpha_counts", &alpha_counts);
  emscripten::function("agreement_set_distances", &set_distances);
  emscripten::function("agreement_krippendorff_alpha", &alpha);
  emscripten::function("agreement_table_cohen_kappa", &table_cohen);
  emscripten::function("agreement_table_fleiss_kappa", &table_fleiss);
  emscripten::function("agreement_table_krippendorff_alpha", &table_alpha);
  emscripten::function("agreement_per_class", &per_class_counts);
  emscripten::function("agreement_table_per_class", &table_per_class);
  emscripten::function("agreement_table_pairwise", &table_pairwise);
  emscripten::function("agreement_table_bootstrap", &table_bootstrap);
}
