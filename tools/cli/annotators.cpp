// localabel annotators FILE: per-annotator statistics.
#include "analytics_input.h"
#include "localabel/annotator_stats.h"

namespace localabel::cli {
namespace {

int run_annotators(const Args& args, Io& io) {
  AnalyticsOptions o;
  o.command = "annotators";
  if (int rc = parse_analytics_args(args, {"--price"}, &o, io)) return rc;
  double price = 0;
  if (!flag_number(o, io, "--price", &price)) return kExitUsage;
  AnalyticsInput in;
  if (int rc = load_analytics_input(o, io, &in)) return rc;
  const AnnotationTable& t = in.table;
  auto stats = annotator_statistics(t, in.gold, price);
  if (!stats) return report_error(o, io, stats.error());
  Json list = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : *stats) {
    list.push_back({{"annotator", t.annotators.name(s.annotator)},
                    {"tasks", s.tasks},
                    {"mean_seconds", number(s.mean_seconds)},
                    {"median_seconds", number(s.median_seconds)},
                    {"tasks_per_hour", number(s.tasks_per_hour)},
                    {"agreement_with_others", number(s.agreement_with_others)},
                    {"shared_items", s.shared_items},
                    {"gold_accuracy", number(s.gold_accuracy)},
                    {"gold_answered", s.gold_answered},
                    {"cost", s.cost}});
    rows.push_back({t.annotators.name(s.annotator), std::to_string(s.tasks),
                    fixed(s.median_seconds, 1), fixed(s.tasks_per_hour, 1),
                    fixed(s.agreement_with_others, 3), fixed(s.gold_accuracy, 3),
                    fixed(s.cost, 2)});
  }
  Json out = {{"price_per_label", price}, {"annotators", list}};
  return emit(
      o, io, out,
      format_table({"annotator", "tasks", "median_s", "per_hour", "agreement", "gold_acc", "cost"},
                   rows));
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    annotators, "annotators FILE [--gold GOLD.csv] [--price P]",
    "Per-annotator statistics: volume, time, agreement, gold accuracy, cost",
    "Reads FILE (long CSV item,annotator,label[,time] or Label Studio JSON) and prints per\n"
    "annotator: tasks done, mean and median seconds per task and tasks per hour (when times\n"
    "are given), agreement with the majority of the other annotators on shared items, gold\n"
    "accuracy (--gold CSV or Label Studio ground truth) and cost (tasks x --price).\n"
    "Options: -o FILE, --format table.",
    run_annotators);

}  // namespace localabel::cli
