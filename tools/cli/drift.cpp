// localabel drift FILE: quality drift per annotator, in file order.
#include "localabel/drift.h"

#include "analytics_input.h"
#include "localabel/aggregation.h"

namespace localabel::cli {
namespace {

int run_drift(const Args& args, Io& io) {
  AnalyticsOptions o;
  o.command = "drift";
  if (int rc = parse_analytics_args(args, {"--window", "--drop"}, &o, io)) return rc;
  double window = 50, drop = 0.05;
  if (!flag_number(o, io, "--window", &window) || !flag_number(o, io, "--drop", &drop))
    return kExitUsage;
  AnalyticsInput in;
  if (int rc = load_analytics_input(o, io, &in)) return rc;
  const AnnotationTable& t = in.table;
  // Quality of an answer: 1 when it matches the gold label (when the item is gold) or else
  // the majority vote of the item; items with a single answer carry no signal.
  std::vector<int32_t> reference(static_cast<size_t>(t.n_items()), -1);
  auto mv = majority_vote(t);
  if (!mv) return report_error(o, io, mv.error());
  for (int32_t i = 0; i < t.n_items(); ++i)
    if (t.item_offsets[i + 1] - t.item_offsets[i] >= 2) reference[i] = mv->labels[i];
  for (const auto& g : in.gold) reference[g.item] = g.label;
  std::vector<std::vector<double>> streams(static_cast<size_t>(t.n_annotators()));
  for (int64_t r = 0; r < t.rows(); ++r)
    if (reference[t.item[r]] >= 0)
      streams[t.annotator[r]].push_back(t.label[r] == reference[t.item[r]] ? 1.0 : 0.0);
  Json list = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (int32_t a = 0; a < t.n_annotators(); ++a) {
    auto d = rolling_quality_drop(streams[a], static_cast<int64_t>(window), drop);
    if (!d) return report_error(o, io, d.error());
    Json means = Json::array();
    for (double m : d->window_means) means.push_back(m);
    list.push_back({{"annotator", t.annotators.name(a)},
                    {"answers_scored", streams[a].size()},
                    {"window_means", means},
                    {"alarms", d->alarms}});
    rows.push_back({t.annotators.name(a), std::to_string(streams[a].size()),
                    std::to_string(d->window_means.size()), std::to_string(d->alarms.size()),
                    d->alarms.empty() ? "-" : std::to_string(d->alarms.front())});
  }
  Json out = {{"window", static_cast<int64_t>(window)},
              {"drop", drop},
              {"reference", in.gold.empty() ? "majority vote" : "gold, else majority vote"},
              {"annotators", list}};
  return emit(o, io, out,
              format_table({"annotator", "scored", "windows", "alarms", "first_alarm"}, rows));
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    drift, "drift FILE [--window 50] [--drop 0.05] [--gold GOLD.csv]",
    "Quality drift per annotator: windowed quality falling below the previous window",
    "Reads FILE (long CSV item,annotator,label[,time] or Label Studio JSON). Each answer is\n"
    "scored 1 when it matches the gold label (gold items) or the item's majority vote, else\n"
    "0, in file order per annotator. The scores are cut into windows of --window answers; an\n"
    "alarm is raised at the end of a window whose mean is more than --drop (default 0.05 =\n"
    "5 %) below the previous window's. Options: -o FILE, --format table.",
    run_drift);

}  // namespace localabel::cli
