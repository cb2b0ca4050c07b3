// localabel agree FILE: agreement between annotators.
#include "analytics_input.h"
#include "localabel/agreement.h"

namespace localabel::cli {
namespace {

Json coefficient(const Result<AgreementResult>& r) {
  if (!r.ok()) return {{"error", r.error().message}, {"code", error_code_name(r.error().code)}};
  Json j = {{"value", number(r->value)},
            {"observed", number(r->observed)},
            {"expected", number(r->expected)},
            {"units", r->n_units}};
  if (!r->undefined_reason.empty()) j["undefined_reason"] = r->undefined_reason;
  return j;
}

std::string cell(const Json& j) {
  if (j.contains("error")) return "error: " + j["error"].get<std::string>();
  if (j["value"].is_null())
    return "NaN (" + j.value("undefined_reason", std::string("undefined")) + ")";
  return fixed(j["value"].get<double>());
}

int run_agree(const Args& args, Io& io) {
  AnalyticsOptions o;
  o.command = "agree";
  o.flags["--level"] = "nominal";
  o.flags["--weights"] = "none";
  if (int rc = parse_analytics_args(args, {"--level", "--weights"}, &o, io)) return rc;
  const std::string level_name = o.flags["--level"], weights_name = o.flags["--weights"];
  AlphaLevel level;
  if (level_name == "nominal")
    level = AlphaLevel::kNominal;
  else if (level_name == "ordinal")
    level = AlphaLevel::kOrdinal;
  else if (level_name == "interval")
    level = AlphaLevel::kInterval;
  else if (level_name == "ratio")
    level = AlphaLevel::kRatio;
  else {
    std::fputs("localabel agree: --level must be nominal, ordinal, interval or ratio\n", io.err);
    return kExitUsage;
  }
  KappaWeights weights;
  if (weights_name == "none")
    weights = KappaWeights::kNone;
  else if (weights_name == "linear")
    weights = KappaWeights::kLinear;
  else if (weights_name == "quadratic")
    weights = KappaWeights::kQuadratic;
  else {
    std::fputs("localabel agree: --weights must be none, linear or quadratic\n", io.err);
    return kExitUsage;
  }
  AnalyticsInput in;
  if (int rc = load_analytics_input(o, io, &in)) return rc;
  const AnnotationTable& t = in.table;
  Json out = {{"items", t.n_items()}, {"annotators", t.n_annotators()}, {"rows", t.rows()}};
  progress(o, io, "computing Fleiss' kappa and Krippendorff's alpha");
  out["fleiss_kappa"] = coefficient(fleiss_kappa(t));
  out["krippendorff_alpha"] = coefficient(krippendorff_alpha(t, level));
  out["krippendorff_alpha"]["level"] = level_name;
  Json pairs = Json::array();
  std::vector<std::vector<std::string>> rows;
  if (t.n_annotators() <= 200) {
    progress(o, io, "computing pairwise agreement");
    for (int32_t a = 0; a < t.n_annotators(); ++a)
      for (int32_t b = a + 1; b < t.n_annotators(); ++b) {
        auto al = align_annotators(t, a, b);
        if (!al.ok() || al->a.empty()) continue;
        Json p = {
            {"a", t.annotators.name(a)}, {"b", t.annotators.name(b)}, {"items", al->a.size()}};
        p["percent_agreement"] = coefficient(percent_agreement(al->a, al->b))["value"];
        p["cohen_kappa"] = coefficient(cohen_kappa(al->a, al->b, weights));
        p["cohen_kappa"]["weights"] = weights_name;
        p["scott_pi"] = coefficient(scott_pi(al->a, al->b));
        p["bennett_s"] = coefficient(bennett_s(al->a, al->b, t.n_labels() > 1 ? t.n_labels() : 0));
        rows.push_back(
            {p["a"], p["b"], std::to_string(al->a.size()),
             fixed(p["percent_agreement"].is_null() ? NAN : p["percent_agreement"].get<double>()),
             cell(p["cohen_kappa"]), cell(p["scott_pi"])});
        pairs.push_back(std::move(p));
      }
  }
  out["pairs"] = pairs;
  std::string table =
      "items " + std::to_string(t.n_items()) + ", annotators " + std::to_string(t.n_annotators()) +
      ", annotations " + std::to_string(t.rows()) + "\n" +
      "Fleiss' kappa: " + cell(out["fleiss_kappa"]) + "\n" + "Krippendorff's alpha (" + level_name +
      "): " + cell(out["krippendorff_alpha"]) + "\n\n" +
      format_table({"a", "b", "items", "percent", "cohen_kappa", "scott_pi"}, rows);
  return emit(o, io, out, table);
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    agree, "agree FILE [--level L] [--weights W] [--labels a,b,..] [--format json|table]",
    "Agreement between annotators (Fleiss, Krippendorff, pairwise Cohen/Scott/Bennett)",
    "Reads FILE ('-' for standard input): a long CSV item,annotator,label[,time] or Label\n"
    "Studio JSON (classification answers; --from-name NAME picks the label set). Prints JSON:\n"
    "Fleiss' kappa (an error entry when items have unequal numbers of answers),\n"
    "Krippendorff's alpha (--level nominal|ordinal|interval|ratio; ordinal on text labels\n"
    "uses --labels low,mid,high as the order), and for every annotator pair with common\n"
    "items: percent agreement, Cohen's kappa (--weights none|linear|quadratic), Scott's pi,\n"
    "Bennett's S. An undefined coefficient is null with an undefined_reason.\n"
    "Options: -o FILE, --format table, --progress. Exit 1 on invalid input, 2 on usage.",
    run_agree);

}  // namespace localabel::cli
