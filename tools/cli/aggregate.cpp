// localabel aggregate FILE: one label per item.
#include "analytics_input.h"
#include "localabel/aggregation.h"

namespace localabel::cli {
namespace {

int run_aggregate(const Args& args, Io& io) {
  AnalyticsOptions o;
  o.command = "aggregate";
  o.flags["--method"] = "dawid-skene";
  o.flags["--ties"] = "smallest";
  if (int rc = parse_analytics_args(
          args, {"--method", "--ties", "--seed", "--max-iterations", "--tolerance"}, &o, io))
    return rc;
  const std::string method = o.flags["--method"];
  if (method != "majority" && method != "dawid-skene" && method != "one-coin") {
    std::fputs("localabel aggregate: --method must be majority, dawid-skene or one-coin\n", io.err);
    return kExitUsage;
  }
  double seed = 0, max_it = 100, tol = 1e-5;
  if (!flag_number(o, io, "--seed", &seed) || !flag_number(o, io, "--max-iterations", &max_it) ||
      !flag_number(o, io, "--tolerance", &tol))
    return kExitUsage;
  AnalyticsInput in;
  if (int rc = load_analytics_input(o, io, &in)) return rc;
  const AnnotationTable& t = in.table;
  Json out = {{"method", method}};
  std::vector<int32_t> labels;
  std::vector<double> confidence;
  const int32_t K = t.n_labels();
  if (method == "majority") {
    MajorityVoteOptions mo;
    const std::string ties = o.flags["--ties"];
    if (ties == "abstain")
      mo.tie_break = TieBreak::kAbstain;
    else if (ties == "random")
      mo.tie_break = TieBreak::kRandom;
    else if (ties != "smallest") {
      std::fputs("localabel aggregate: --ties must be smallest, abstain or random\n", io.err);
      return kExitUsage;
    }
    mo.seed = static_cast<uint64_t>(seed);
    mo.fractions = true;
    auto mv = majority_vote(t, mo);
    if (!mv) return report_error(o, io, mv.error());
    labels = mv->labels;
    for (int32_t i = 0; i < t.n_items(); ++i)
      confidence.push_back(labels[i] < 0 ? NAN
                                         : mv->fractions[static_cast<size_t>(i) * K + labels[i]]);
    out["ties"] = mv->ties;
  } else {
    DawidSkeneOptions d;
    d.one_coin = method == "one-coin";
    d.max_iterations = static_cast<int>(max_it);
    d.tolerance = tol;
    progress(o, io, "running Dawid-Skene EM");
    auto ds = dawid_skene(t, d);
    if (!ds) return report_error(o, io, ds.error());
    labels = ds->labels;
    for (int32_t i = 0; i < t.n_items(); ++i)
      confidence.push_back(ds->posteriors[static_cast<size_t>(i) * K + labels[i]]);
    out["iterations"] = ds->iterations;
    out["converged"] = ds->converged;
    out["log_likelihood"] = number(ds->log_likelihood);
    Json ann = Json::array();
    for (int32_t a = 0; a < t.n_annotators(); ++a)
      ann.push_back({{"annotator", t.annotators.name(a)}, {"skill", number(ds->skills[a])}});
    out["annotators"] = ann;
  }
  Json items = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (int32_t i = 0; i < t.n_items(); ++i) {
    Json label = labels[i] < 0 ? Json(nullptr) : Json(t.labels.name(labels[i]));
    items.push_back(
        {{"item", t.items.name(i)}, {"label", label}, {"confidence", number(confidence[i])}});
    rows.push_back({t.items.name(i), labels[i] < 0 ? "(tie)" : t.labels.name(labels[i]),
                    fixed(confidence[i], 3)});
  }
  out["items"] = std::move(items);
  return emit(o, io, out, format_table({"item", "label", "confidence"}, rows));
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    aggregate, "aggregate FILE [--method majority|dawid-skene|one-coin] [--ties T] [--seed N]",
    "One label per item from several annotators (majority vote, Dawid-Skene)",
    "Reads FILE (long CSV item,annotator,label[,time] or Label Studio JSON) and prints, per\n"
    "item, the aggregated label and its confidence (vote share or posterior). --method\n"
    "majority (--ties smallest|abstain|random, --seed N), dawid-skene (default;\n"
    "--max-iterations 100, --tolerance 1e-5 log-likelihood gain per item) or one-coin.\n"
    "Dawid-Skene also prints iterations, convergence and each annotator's skill.\n"
    "Options: -o FILE, --format table, --progress. Exit 1 on invalid input, 2 on usage.",
    run_aggregate);

}  // namespace localabel::cli
