// localabel gold FILE --gold GOLD: annotators against gold answers.
#include "localabel/gold.h"

#include "analytics_input.h"

namespace localabel::cli {
namespace {

int run_gold(const Args& args, Io& io) {
  AnalyticsOptions o;
  o.command = "gold";
  if (int rc =
          parse_analytics_args(args, {"--threshold", "--zero-division", "--report-labels"}, &o, io))
    return rc;
  double threshold = 0.85;
  if (!flag_number(o, io, "--threshold", &threshold)) return kExitUsage;
  ZeroDivision zero_division = ZeroDivision::kZero;
  if (auto it = o.flags.find("--zero-division"); it != o.flags.end()) {
    if (it->second == "1")
      zero_division = ZeroDivision::kOne;
    else if (it->second == "nan")
      zero_division = ZeroDivision::kNaN;
    else if (it->second != "0") {
      std::fprintf(io.err, "localabel gold: --zero-division must be 0, 1 or nan\n");
      return kExitUsage;
    }
  }
  AnalyticsInput in;
  if (int rc = load_analytics_input(o, io, &in)) return rc;
  if (in.gold.empty())
    return report_error(o, io,
                        make_error(ErrorCode::kEmptyInput, "",
                                   "no gold answers: give --gold FILE (CSV item,label) or "
                                   "ground-truth annotations in the Label Studio file"));
  const AnnotationTable& t = in.table;
  ClassificationReportOptions report_options;
  report_options.zero_division = zero_division;
  if (auto it = o.flags.find("--report-labels"); it != o.flags.end()) {
    // Comma-separated label names, reported (and averaged over) in this order.
    size_t start = 0;
    const std::string& list = it->second;
    for (;;) {
      const size_t comma = list.find(',', start);
      const std::string name =
          list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      auto code = t.labels.find(name);
      if (!code)
        return report_error(o, io,
                            make_error(ErrorCode::kUnknownReference, "--report-labels",
                                       "label '" + name + "' does not occur in the file"));
      report_options.labels.push_back(*code);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  auto reports = gold_classification_reports(t, in.gold, report_options);
  if (!reports) return report_error(o, io, reports.error());
  auto averages = [](const AverageScores& a) {
    return Json{
        {"precision", number(a.precision)}, {"recall", number(a.recall)}, {"f1", number(a.f1)}};
  };
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
    const ClassificationReport& rep = (*reports)[a].report;
    Json classes = Json::array();
    for (const auto& c : rep.classes)
      classes.push_back({{"label", t.labels.name(c.label)},
                         {"precision", number(c.precision)},
                         {"recall", number(c.recall)},
                         {"f1", number(c.f1)},
                         {"support", c.support},
                         {"predicted", c.predicted}});
    annotators.push_back({{"annotator", t.annotators.name(a)},
                          {"answered", q->answered},
                          {"correct", q->correct},
                          {"accuracy", number(q->accuracy)},
                          {"passed", q->passed},
                          {"errors", errors},
                          {"classes", classes},
                          {"macro", averages(rep.macro)},
                          {"micro", averages(rep.micro)},
                          {"weighted", averages(rep.weighted)}});
    rows.push_back({t.annotators.name(a), std::to_string(q->answered), std::to_string(q->correct),
                    fixed(q->accuracy), fixed(rep.macro.f1), fixed(rep.weighted.f1),
                    q->passed ? "yes" : "no"});
  }
  Json out = {{"threshold", threshold},
              {"zero_division", zero_division == ZeroDivision::kOne   ? Json(1)
                                : zero_division == ZeroDivision::kNaN ? Json("nan")
                                                                      : Json(0)},
              {"gold_items", in.gold.size()},
              {"annotators", annotators}};
  return emit(o, io, out,
              format_table({"annotator", "answered", "correct", "accuracy", "macro_f1",
                            "weighted_f1", "passed"},
                           rows));
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    gold,
    "gold FILE [--gold GOLD.csv] [--threshold 0.85] [--zero-division 0|1|nan] [--report-labels "
    "A,B]",
    "Annotators against gold answers: accuracy, pass/fail, errors, per-class precision/recall/F1",
    "Reads FILE (long CSV item,annotator,label[,time] or Label Studio JSON) and the gold\n"
    "answers (--gold CSV item,label, or the ground-truth annotations of the Label Studio\n"
    "file). Prints per annotator the gold items answered, correct answers, accuracy, whether\n"
    "it passes the qualification threshold (--threshold, default 0.85) and each error\n"
    "(item, expected, given), and the precision, recall and F1 of each class (gold label =\n"
    "truth) with macro, micro and weighted averages as scikit-learn's\n"
    "precision_recall_fscore_support defines them; a ratio with a zero denominator is\n"
    "--zero-division (0 by default, as scikit-learn; nan leaves it out of the averages).\n"
    "--report-labels A,B,... reports exactly these labels in this order and averages over\n"
    "them (scikit-learn's labels=): a label nobody gave is reported with support 0, labels\n"
    "left out are left out of every average; the accuracy stays over all answers.\n"
    "An annotator without gold answers gets null scores. Options: -o FILE, --format table.",
    run_gold);

}  // namespace localabel::cli
