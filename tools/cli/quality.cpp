// localabel quality FILE: the project's quality report (the page's quality dashboard).
#include "localabel/quality.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <map>

#include "command.h"
#include "localabel/label_studio.h"
#include "localabel/project_file.h"

namespace localabel::cli {
namespace {

std::string fixed(double v, int digits) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string pad(std::string s, size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s + "  ";
}

std::string table_text(const QualityReport& r) {
  std::string t;
  const ProgressSection& p = r.progress;
  t += "Quality report: " + (r.project_name.empty() ? std::string("(unnamed)") : r.project_name) +
       (r.date.empty() ? "" : "  " + r.date) + "\n\n";
  t += "Progress: " + std::to_string(p.tasks) + " tasks, " + std::to_string(p.done) + " done, " +
       std::to_string(p.in_progress) + " in progress, " + std::to_string(p.skipped) + " skipped, " +
       std::to_string(p.untouched) + " untouched (" + std::to_string(p.annotations_per_task) +
       " answers per task); " + fixed(p.tasks_per_hour, 1) + " answers/hour (" + p.rate_source +
       "), " + fixed(p.hours_left, 1) + " hours left\n\nAgreement\n";
  for (const LabelSetAgreement& a : r.agreement) {
    t += "  " + a.label_set + " (" + a.kind + ", " + std::to_string(a.tasks) + " tasks)\n";
    for (const QualityMetric& m : a.metrics)
      t += "    " + pad(m.name, 28) + pad(fixed(m.value, 4), 8) + "[" + fixed(m.lower, 4) + ", " +
           fixed(m.upper, 4) + "]  n=" + std::to_string(m.units) +
           (m.reason.empty() ? "" : "  (" + m.reason + ")") + "\n";
    for (const std::string& n : a.notes) t += "    note: " + n + "\n";
  }
  t += "\nMost disagreed tasks (" + r.queue_measure + ")\n";
  for (size_t i = 0; i < r.queue.size() && i < 10; ++i)
    t += "  task " + pad(r.queue[i].task_id, 6) + pad(r.queue[i].label_set, 10) +
         fixed(r.queue[i].disagreement, 3) + "\n";
  for (const GoldSection& g : r.gold) {
    t += "\nGold: " + g.label_set + " (" + std::to_string(g.gold_tasks) + " gold tasks)\n";
    for (const AnnotatorGold& a : g.annotators)
      t += "  " + pad(a.annotator, 10) + "answered " + pad(std::to_string(a.answered), 4) +
           "accuracy " + pad(fixed(a.accuracy, 3), 6) + "macro F1 " + pad(fixed(a.macro_f1, 3), 6) +
           (a.answered == 0 ? "-"
            : a.passed      ? "pass"
                            : "fail") +
           "\n";
    for (const std::string& n : g.notes) t += "  note: " + n + "\n";
  }
  if (!r.drift.annotators.empty()) {
    t += "\nDrift: " + r.drift.label_set + " (" + r.drift.detector + ", " + r.drift.order + ")\n";
    for (const AnnotatorDrift& a : r.drift.annotators) {
      double first = NAN, last = NAN;
      if (!a.rolling.empty()) {
        first = a.rolling[std::min<size_t>(a.rolling.size() - 1,
                                           static_cast<size_t>(r.options.drift_window - 1))];
        last = a.rolling.back();
      }
      t += "  " + pad(a.annotator, 10) + "rolling quality " + fixed(first, 2) + " -> " +
           fixed(last, 2) + ", alarms " + std::to_string(a.alarms.size()) + ", slower sessions " +
           std::to_string(a.slower_sessions) + "\n";
    }
  }
  if (!r.annotators.empty()) {
    t += "\nAnnotators: " + r.annotators_label_set + "\n  " + pad("annotator", 10) +
         pad("tasks", 6) + pad("median_s", 9) + pad("per_hour", 9) + pad("agreement", 9) +
         pad("gold_acc", 8) + "cost\n";
    for (const AnnotatorRow& a : r.annotators)
      t += "  " + pad(a.annotator, 10) + pad(std::to_string(a.tasks), 6) +
           pad(fixed(a.median_seconds, 1), 9) + pad(fixed(a.tasks_per_hour, 1), 9) +
           pad(fixed(a.agreement_with_others, 3), 9) + pad(fixed(a.gold_accuracy, 3), 8) +
           fixed(a.cost, 2) + "\n";
  }
  for (const ConsensusSection& c : r.consensus)
    t += "\nConsensus: " + c.label_set + " (" + c.method +
         "): " + std::to_string(c.low_confidence.size()) + " of " + std::to_string(c.items.size()) +
         " tasks below confidence " + fixed(r.options.low_confidence, 2) + "\n";
  for (const std::string& n : r.notes) t += "note: " + n + "\n";
  return t;
}

int usage(Io& io, const std::string& what) {
  std::fprintf(io.err, "localabel quality: %s (see 'localabel quality --help')\n", what.c_str());
  return kExitUsage;
}

int run_quality(const Args& args, Io& io) {
  QualityOptions o;
  std::string file, config, format = "json", output = "-", predictions;
  std::map<std::string, std::string> values;
  const std::vector<std::string> value_flags = {
      "--format",     "-o",       "--config", "--bootstrap",  "--seed",
      "--confidence", "--iou",    "--sigma",  "--distance",   "--gold-threshold",
      "--detector",   "--window", "--price",  "--consensus",  "--low-confidence",
      "--per-task",   "--queue",  "--date",   "--predictions"};
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 1 && a[0] == '-') {
      if (std::find(value_flags.begin(), value_flags.end(), a) == value_flags.end())
        return usage(io, "unknown option '" + a + "'");
      if (i + 1 >= args.size()) return usage(io, a + " needs a value");
      values[a] = args[++i];
    } else if (file.empty()) {
      file = a;
    } else {
      return usage(io, "one FILE only");
    }
  }
  if (file.empty()) return usage(io, "missing FILE");
  auto number = [&](const char* flag, double* out) {
    auto it = values.find(flag);
    if (it == values.end()) return true;
    char* end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str() || *end != '\0' || !std::isfinite(v)) return false;
    *out = v;
    return true;
  };
  double b = o.bootstrap_resamples, seed = 0, window = static_cast<double>(o.drift_window),
         per_task = 0, queue = o.queue_limit;
  for (auto [flag, target] :
       std::vector<std::pair<const char*, double*>>{{"--bootstrap", &b},
                                                    {"--seed", &seed},
                                                    {"--confidence", &o.confidence},
                                                    {"--iou", &o.iou_threshold},
                                                    {"--sigma", &o.keypoint_sigma},
                                                    {"--gold-threshold", &o.gold_threshold},
                                                    {"--window", &window},
                                                    {"--price", &o.price_per_task},
                                                    {"--low-confidence", &o.low_confidence},
                                                    {"--per-task", &per_task},
                                                    {"--queue", &queue}})
    if (!number(flag, target)) return usage(io, std::string(flag) + " needs a number");
  for (double v : {b, seed, window, per_task, queue})
    if (v != std::floor(v) || v < 0 || v > 1e9) return usage(io, "integer options need 0..1e9");
  o.bootstrap_resamples = static_cast<int32_t>(b);
  o.seed = static_cast<uint64_t>(seed);
  o.drift_window = static_cast<int64_t>(window);
  o.annotations_per_task = static_cast<int32_t>(per_task);
  o.queue_limit = static_cast<int32_t>(queue);
  if (values.count("--distance")) {
    auto d = parse_set_distance(values["--distance"], "--distance");
    if (!d) return usage(io, d.error().message);
    o.set_distance = *d;
  }
  if (values.count("--detector")) {
    auto d = parse_drift_detector(values["--detector"], "--detector");
    if (!d) return usage(io, d.error().message);
    o.detector = *d;
  }
  if (values.count("--consensus")) {
    auto d = parse_consensus_method(values["--consensus"], "--consensus");
    if (!d) return usage(io, d.error().message);
    o.consensus = *d;
  }
  if (values.count("--format")) format = values["--format"];
  if (format != "json" && format != "table" && format != "html")
    return usage(io, "--format must be json, table or html");
  if (values.count("-o")) output = values["-o"];
  if (values.count("--predictions")) predictions = values["--predictions"];
  if (values.count("--date")) {
    o.date = values["--date"];
  } else {
    std::time_t now = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    o.date = buf;
  }
  if (auto st = validate_quality_options(o); !st) return usage(io, st.error().message);

  std::string text, error;
  if (!read_input(file, io.in, &text, &error)) {
    std::fprintf(io.err, "localabel quality: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  auto project = import_label_studio(text);
  if (!project) {
    std::fprintf(io.err, "localabel quality: %s: %s [%s]\n", file.c_str(),
                 project.error().message.c_str(), error_code_name(project.error().code));
    return kExitInvalidInput;
  }
  if (values.count("--config")) {
    config = values["--config"];
    std::string ctext;
    if (!read_input(config, io.in, &ctext, &error)) {
      std::fprintf(io.err, "localabel quality: %s\n", error.c_str());
      return kExitInvalidInput;
    }
    auto cfg = parse_project_file(ctext);
    if (!cfg) {
      std::fprintf(io.err, "localabel quality: %s: %s [%s]\n", config.c_str(),
                   cfg.error().message.c_str(), error_code_name(cfg.error().code));
      return kExitInvalidInput;
    }
    project->label_sets = cfg->label_sets;
    if (project->name.empty()) project->name = cfg->name;
  }
  auto report = quality_report(*project, o);
  if (!report) {
    std::fprintf(io.err, "localabel quality: %s [%s]\n", report.error().message.c_str(),
                 error_code_name(report.error().code));
    return kExitInvalidInput;
  }
  std::string out = format == "html"    ? quality_report_html(*report)
                    : format == "table" ? table_text(*report)
                                        : quality_report_json(*report).dump(2) + "\n";
  if (!write_output(output, io.out, out, &error) ||
      (!predictions.empty() &&
       !write_output(predictions, io.out, consensus_predictions_json(*report).dump(1) + "\n",
                     &error))) {
    std::fprintf(io.err, "localabel quality: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  return kExitOk;
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    quality, "quality FILE [--format json|table|html] [-o OUT] [options]",
    "Quality report: progress, agreement, gold, drift, annotators, consensus",
    "Reads FILE (Label Studio JSON or a Localabel project file) and prints the quality report:\n"
    "progress and rate, agreement per label set with the metric of its kind and a bootstrap\n"
    "interval, pairwise and per-label agreement, the most disagreed tasks, gold accuracy and\n"
    "qualification, drift and fatigue per annotator, the annotators table and the consensus.\n"
    "--format html writes one self-contained page (inline SVG plots, no script).\n"
    "Options:\n"
    "  --config FILE          label sets (and name) from a Localabel project file\n"
    "  --format json|table|html  output form (default json); -o OUT output file\n"
    "  --bootstrap B          bootstrap resamples (default 200); --seed N (default 0)\n"
    "  --confidence C         interval level (default 0.95)\n"
    "  --iou T                box matching IoU threshold (default 0.5)\n"
    "  --sigma S              keypoint similarity sigma, share of the diagonal (default 0.05)\n"
    "  --distance D           multiple-choice alpha distance: masi, masi-exact, jaccard\n"
    "  --gold-threshold A     qualification accuracy (default 0.85)\n"
    "  --detector D           drift detector: page-hinkley (default) or adwin\n"
    "  --window N             rolling quality window in answers (default 10)\n"
    "  --price P              cost of one answer (default 0)\n"
    "  --consensus M          majority (default) or dawid-skene\n"
    "  --low-confidence C     list consensus answers below C (default 0.7)\n"
    "  --per-task N           answers a task needs to be done (default: the most seen)\n"
    "  --queue N              longest disagreement queue (default 100; 0: all)\n"
    "  --date TEXT            date shown in the report (default: now, UTC)\n"
    "  --predictions OUT      also write the consensus as Label Studio predictions\n"
    "                         (model_version localabel-consensus)",
    run_quality);

}  // namespace localabel::cli
