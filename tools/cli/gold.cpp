// localabel gold FILE --gold GOLD: annotators against gold answers.
#include "localabel/gold.h"

#include "analytics_input.h"

namespace localabel::cli {
namespace {

int run_gold(const Args& args, Io& io) {
  AnalyticsOptions o;
  o.command = "gold";
  if (int rc = parse_analytics_args(args, {"--threshold"}, &o, io)) return rc;
  double threshold = 0.85;
  if (!flag_number(o, io, "--threshold", &threshold)) return kExitUsage;
  AnalyticsInput in;
  if (int rc = load_analytics_input(o, io, &in)) return rc;
  if (in.gold.empty())
    return report_error(o, io,
                        make_error(ErrorCode::kEmptyInput, "",
                                   "no gold answers: give --gold FILE (CSV item,label) or "
                                   "ground-truth annotations in the Label Studio file"));
  const AnnotationTable& t = in.table;
  Json annotators = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (int32_t a = 0; a < t.n_annotators(); ++a) {
    auto q = qualification_test(t, in.gold, a, threshold);
    if (!q) return report_error(o, io, q.error());
    Json errors = Json::array();
    for (const auto& e : q->errors)
      errors.push_back({{"item", t.items.name(e.item)},
                        {"expected", t.labels.name(e.expected)},
                        {"given", t.labels.name(e.given)}});
    annotators.push_back({{"annotator", t.annotators.name(a)},
                          {"answered", q->answered},
                          {"correct", q->correct},
                          {"accuracy", number(q->accuracy)},
                          {"passed", q->passed},
                          {"errors", errors}});
    rows.push_back({t.annotators.name(a), std::to_string(q->answered), std::to_string(q->correct),
                    fixed(q->accuracy), q->passed ? "yes" : "no"});
  }
  Json out = {{"threshold", threshold}, {"gold_items", in.gold.size()}, {"annotators", annotators}};
  return emit(o, io, out,
              format_table({"annotator", "answered", "correct", "accuracy", "passed"}, rows));
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    gold, "gold FILE [--gold GOLD.csv] [--threshold 0.85]",
    "Annotators against gold answers: accuracy, pass/fail, list of errors",
    "Reads FILE (long CSV item,annotator,label[,time] or Label Studio JSON) and the gold\n"
    "answers (--gold CSV item,label, or the ground-truth annotations of the Label Studio\n"
    "file). Prints per annotator the gold items answered, correct answers, accuracy, whether\n"
    "it passes the qualification threshold (--threshold, default 0.85) and each error\n"
    "(item, expected, given). Options: -o FILE, --format table.",
    run_gold);

}  // namespace localabel::cli
