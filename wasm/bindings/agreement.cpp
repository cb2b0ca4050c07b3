// Embind glue for agreement coefficients: on aligned label vectors, on count tables and
// matrices, and on a loaded AnalyticsTable (first argument: the JS handle).
#include "localabel/agreement.h"

#include <emscripten/bind.h>

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
val fleiss(val counts, double n_items, int n_categories) {
  auto c = to_vector<int32_t>(counts);
  return agreement(localabel::fleiss_kappa(c, static_cast<int64_t>(n_items), n_categories));
}
val alpha(val matrix, double n_annotators, double n_items, std::string level) {
  auto m = to_vector<double>(matrix);
  return agreement(localabel::krippendorff_alpha(m, static_cast<int64_t>(n_annotators),
                                                 static_cast<int64_t>(n_items), level_of(level)));
}

val table_cohen(const AnalyticsTable& t, int a, int b, std::string weights) {
  if (auto e = t.need()) return *e;
  return agreement(localabel::cohen_kappa(t.table(), a, b, weights_of(weights)));
}
val table_fleiss(const AnalyticsTable& t) {
  if (auto e = t.need()) return *e;
  return agreement(localabel::fleiss_kappa(t.table()));
}
val table_alpha(const AnalyticsTable& t, std::string level) {
  if (auto e = t.need()) return *e;
  return agreement(localabel::krippendorff_alpha(t.table(), level_of(level)));
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_agreement) {
  emscripten::function("agreement_cohen_kappa", &cohen);
  emscripten::function("agreement_percent", &percent);
  emscripten::function("agreement_scott_pi", &scott);
  emscripten::function("agreement_bennett_s", &bennett);
  emscripten::function("agreement_fleiss_kappa", &fleiss);
  emscripten::function("agreement_krippendorff_alpha", &alpha);
  emscripten::function("agreement_table_cohen_kappa", &table_cohen);
  emscripten::function("agreement_table_fleiss_kappa", &table_fleiss);
  emscripten::function("agreement_table_krippendorff_alpha", &table_alpha);
}
