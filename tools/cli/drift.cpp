// localabel drift FILE: quality drift per annotator (rolling window, Page-Hinkley, ADWIN,
// CUSUM), label-distribution drift between two parts of the file, and fatigue within sessions.
#include "localabel/drift.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>
#include <string_view>

#include "analytics_input.h"
#include "localabel/aggregation.h"
#include "localabel/fatigue.h"

namespace localabel::cli {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Quality of each row: 1 when the label matches the gold label (gold items) or else the
// item's majority vote (items with at least two answers), 0 when not, NaN without reference.
Result<std::vector<double>> row_quality(const AnalyticsInput& in) {
  const AnnotationTable& t = in.table;
  std::vector<int32_t> reference(static_cast<size_t>(t.n_items()), -1);
  auto mv = majority_vote(t);
  if (!mv) return mv.error();
  for (int32_t i = 0; i < t.n_items(); ++i)
    if (t.item_offsets[i + 1] - t.item_offsets[i] >= 2) reference[i] = mv->labels[i];
  for (const auto& g : in.gold) reference[g.item] = g.label;
  std::vector<double> q(static_cast<size_t>(t.rows()), kNaN);
  for (int64_t r = 0; r < t.rows(); ++r)
    if (reference[t.item[r]] >= 0) q[r] = t.label[r] == reference[t.item[r]] ? 1.0 : 0.0;
  return q;
}

// Splits one CSV line into fields ('"' quoting, "" for a quote).
std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

// The `timestamp` column of a CSV input (seconds), one value per data row; empty when the
// file is not CSV or has no such column. Quoted fields spanning lines are not supported here.
Result<std::vector<double>> timestamp_column(const std::string& path, Io& io) {
  std::string text, error;
  if (!read_input(path, io.in, &text, &error)) return make_error(ErrorCode::kIoError, path, error);
  size_t pos = 0;
  int64_t line_no = 0;
  int column = -1;
  std::vector<double> out;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (line_no == 1) {
      if (line.front() == '[' || line.front() == '{') return out;  // Label Studio JSON
      auto names = split_csv_line(line);
      for (size_t c = 0; c < names.size(); ++c)
        if (names[c] == "timestamp") column = static_cast<int>(c);
      if (column < 0) return out;
      continue;
    }
    auto fields = split_csv_line(line);
    const std::string where = "line " + std::to_string(line_no);
    if (static_cast<int>(fields.size()) <= column)
      return make_error(ErrorCode::kInvalidFormat, where, "no timestamp field");
    char* stop = nullptr;
    const double v = std::strtod(fields[column].c_str(), &stop);
    if (fields[column].empty() || *stop != 0 || !std::isfinite(v))
      return make_error(ErrorCode::kInvalidFormat, where,
                        "timestamp '" + fields[column] + "' is not a finite number of seconds");
    out.push_back(v);
  }
  return out;
}

Json indices(const std::vector<int64_t>& v) {
  Json a = Json::array();
  for (int64_t x : v) a.push_back(x);
  return a;
}

int run_fatigue(const AnalyticsOptions& o, Io& io, const AnalyticsInput& in,
                const std::vector<double>& quality) {
  const AnnotationTable& t = in.table;
  FatigueOptions f;
  double min_tasks = static_cast<double>(f.min_tasks);
  if (!flag_number(o, io, "--session-gap", &f.session_gap_seconds) ||
      !flag_number(o, io, "--time-threshold", &f.time_threshold) ||
      !flag_number(o, io, "--quality-threshold", &f.quality_threshold) ||
      !flag_number(o, io, "--min-tasks", &min_tasks))
    return kExitUsage;
  f.min_tasks = static_cast<int64_t>(min_tasks);
  auto ts = timestamp_column(o.input, io);
  if (!ts) return report_error(o, io, ts.error());
  std::vector<double> timestamp = std::move(ts).value();
  std::string clock = "timestamp column";
  if (timestamp.empty()) {
    if (t.time.empty())
      return report_error(o, io,
                          make_error(ErrorCode::kMissingField, "time",
                                     "fatigue needs a time column (seconds per task) or a "
                                     "timestamp column (seconds when each task was finished)"));
    // Without timestamps each annotator's rows, in file order, are back to back.
    clock = "cumulative time per annotator in file order";
    std::vector<double> elapsed(static_cast<size_t>(t.n_annotators()), 0.0);
    for (int64_t r = 0; r < t.rows(); ++r) {
      elapsed[t.annotator[r]] += t.time[r];
      timestamp.push_back(elapsed[t.annotator[r]]);
    }
  } else if (static_cast<int64_t>(timestamp.size()) != t.rows()) {
    return report_error(o, io,
                        make_error(ErrorCode::kLengthMismatch, "timestamp",
                                   std::to_string(timestamp.size()) + " timestamps for " +
                                       std::to_string(t.rows()) + " rows"));
  }
  auto r = session_fatigue(t.annotator, timestamp, t.time, quality, f);
  if (!r) return report_error(o, io, r.error());
  Json sessions = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : r->sessions) {
    sessions.push_back({{"annotator", t.annotators.name(s.annotator)},
                        {"session", s.session},
                        {"start", s.start},
                        {"end", s.end},
                        {"tasks", s.tasks},
                        {"early_seconds", number(s.early_seconds)},
                        {"late_seconds", number(s.late_seconds)},
                        {"seconds_slope", number(s.seconds_slope)},
                        {"early_quality", number(s.early_quality)},
                        {"late_quality", number(s.late_quality)},
                        {"quality_slope", number(s.quality_slope)},
                        {"slower", s.slower},
                        {"worse", s.worse}});
    rows.push_back({t.annotators.name(s.annotator), std::to_string(s.session),
                    std::to_string(s.tasks), fixed(s.early_seconds, 1), fixed(s.late_seconds, 1),
                    fixed(s.early_quality, 3), fixed(s.late_quality, 3),
                    s.slower && s.worse ? "slower+worse"
                    : s.slower          ? "slower"
                    : s.worse           ? "worse"
                                        : "-"});
  }
  Json out = {{"method", "fatigue"},
              {"clock", clock},
              {"session_gap_seconds", f.session_gap_seconds},
              {"time_threshold", f.time_threshold},
              {"quality_threshold", f.quality_threshold},
              {"min_tasks", f.min_tasks},
              {"alerts", r->alerts},
              {"sessions", sessions}};
  return emit(o, io, out,
              format_table({"annotator", "session", "tasks", "early_s", "late_s", "early_q",
                            "late_q", "alert"},
                           rows));
}

int run_distribution(const AnalyticsOptions& o, Io& io, const AnalyticsInput& in) {
  const AnnotationTable& t = in.table;
  double split = static_cast<double>(t.rows() / 2);
  if (!flag_number(o, io, "--split", &split)) return kExitUsage;
  if (split < 1 || split >= static_cast<double>(t.rows()) || split != std::floor(split))
    return report_error(o, io,
                        make_error(ErrorCode::kInvalidArgument, "--split",
                                   "must be a row number from 1 to " +
                                       std::to_string(t.rows() - 1) + " (both parts non-empty)"));
  const int64_t cut = static_cast<int64_t>(split);
  std::vector<double> ref(static_cast<size_t>(t.n_labels()), 0), cur(ref.size(), 0);
  for (int64_t r = 0; r < t.rows(); ++r) (r < cut ? ref : cur)[t.label[r]] += 1;
  auto d = label_distribution_drift(ref, cur);
  if (!d) return report_error(o, io, d.error());
  Json labels = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (int32_t c = 0; c < t.n_labels(); ++c) {
    labels.push_back({{"label", t.labels.name(c)}, {"reference", ref[c]}, {"current", cur[c]}});
    rows.push_back({t.labels.name(c), fixed(ref[c], 0), fixed(cur[c], 0)});
  }
  Json out = {{"method", "distribution"},
              {"split", cut},
              {"psi", d->psi},
              {"psi_empty_bin_rule", "a proportion of 0 counts as 1e-4"},
              {"js_bits", d->js_bits},
              {"chi_square", d->chi_square},
              {"dof", d->dof},
              {"p_value", number(d->p_value)},
              {"labels", labels}};
  std::string table = format_table({"label", "reference", "current"}, rows);
  table += "PSI " + fixed(d->psi) + "  JS " + fixed(d->js_bits) + " bits  chi2 " +
           fixed(d->chi_square) + " (dof " + std::to_string(d->dof) + ")  p " + fixed(d->p_value) +
           "\n";
  return emit(o, io, out, table);
}

// Label counts of the whole file against --expected weights (label=weight,...; default:
// equal), as scipy.stats.chisquare with --ddof.
int run_goodness_of_fit(const AnalyticsOptions& o, Io& io, const AnalyticsInput& in) {
  const AnnotationTable& t = in.table;
  double ddof = 0;
  if (!flag_number(o, io, "--ddof", &ddof)) return kExitUsage;
  if (ddof < 0 || ddof != std::floor(ddof))
    return report_error(
        o, io, make_error(ErrorCode::kInvalidArgument, "--ddof", "must be an integer >= 0"));
  std::vector<double> observed(static_cast<size_t>(t.n_labels()), 0), expected;
  for (int64_t r = 0; r < t.rows(); ++r) observed[t.label[r]] += 1;
  if (auto it = o.flags.find("--expected"); it != o.flags.end()) {
    expected.assign(observed.size(), kNaN);
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string_view part = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      const size_t eq = part.rfind('=');
      const std::string label(part.substr(0, eq == std::string_view::npos ? 0 : eq));
      const std::string number(eq == std::string_view::npos ? "" : part.substr(eq + 1));
      char* stop = nullptr;
      const double w = std::strtod(number.c_str(), &stop);
      const auto code = t.labels.find(label);
      if (eq == std::string_view::npos || number.empty() || *stop != 0 || !code)
        return report_error(
            o, io,
            make_error(ErrorCode::kInvalidArgument, "--expected",
                       "'" + std::string(part) + "' is not LABEL=WEIGHT with a label of the file"));
      expected[*code] = w;
    }
    double total_w = 0;
    for (int32_t c = 0; c < t.n_labels(); ++c) {
      if (std::isnan(expected[c]))
        return report_error(o, io,
                            make_error(ErrorCode::kMissingField, "--expected",
                                       "no weight for label '" + t.labels.name(c) + "'"));
      total_w += expected[c];
    }
    // Weights are scaled to the observed total (scipy needs equal totals).
    if (total_w > 0)
      for (double& e : expected) e *= static_cast<double>(t.rows()) / total_w;
  }
  auto fit = chi_square_goodness_of_fit(observed, expected, static_cast<int64_t>(ddof));
  if (!fit) return report_error(o, io, fit.error());
  Json labels = Json::array();
  std::vector<std::vector<std::string>> rows;
  const double uniform = static_cast<double>(t.rows()) / static_cast<double>(t.n_labels());
  for (int32_t c = 0; c < t.n_labels(); ++c) {
    const double e = expected.empty() ? uniform : expected[c];
    labels.push_back({{"label", t.labels.name(c)}, {"observed", observed[c]}, {"expected", e}});
    rows.push_back({t.labels.name(c), fixed(observed[c], 0), fixed(e)});
  }
  Json out = {{"method", "goodness-of-fit"},        {"statistic", fit->statistic},
              {"ddof", static_cast<int64_t>(ddof)}, {"dof", fit->dof},
              {"p_value", number(fit->p_value)},    {"labels", labels}};
  std::string table = format_table({"label", "observed", "expected"}, rows);
  table += "chi2 " + fixed(fit->statistic) + " (dof " + std::to_string(fit->dof) + ")  p " +
           fixed(fit->p_value) + "\n";
  return emit(o, io, out, table);
}

int run_drift(const Args& raw, Io& io) {
  AnalyticsOptions o;
  o.command = "drift";
  // Boolean switches are taken out before the shared parser (which only knows value flags).
  Args args;
  bool two_sided = false, fatigue = false;
  for (const auto& a : raw) {
    if (a == "--two-sided")
      two_sided = true;
    else if (a == "--fatigue")
      fatigue = true;
    else
      args.push_back(a);
  }
  if (int rc = parse_analytics_args(args,
                                    {"--method",
                                     "--window",
                                     "--drop",
                                     "--delta",
                                     "--threshold",
                                     "--min-instances",
                                     "--clock",
                                     "--max-buckets",
                                     "--min-window",
                                     "--grace",
                                     "--target",
                                     "--slack",
                                     "--warmup",
                                     "--split",
                                     "--session-gap",
                                     "--time-threshold",
                                     "--quality-threshold",
                                     "--min-tasks",
                                     "--alpha",
                                     "--mode",
                                     "--expected",
                                     "--ddof"},
                                    &o, io))
    return rc;
  std::string method = fatigue ? "fatigue" : "rolling";
  if (auto it = o.flags.find("--method"); it != o.flags.end()) method = it->second;
  static const std::set<std::string> kMethods{"rolling", "page-hinkley",   "adwin",
                                              "cusum",   "cusum-warmup",   "distribution",
                                              "fatigue", "goodness-of-fit"};
  if (!kMethods.count(method) || (fatigue && method != "fatigue")) {
    std::fprintf(io.err,
                 "localabel drift: --method must be rolling, page-hinkley, adwin, cusum, "
                 "cusum-warmup, distribution, goodness-of-fit or fatigue (see 'localabel drift "
                 "--help')\n");
    return kExitUsage;
  }
  AnalyticsInput in;
  if (int rc = load_analytics_input(o, io, &in)) return rc;
  const AnnotationTable& t = in.table;
  if (method == "distribution") return run_distribution(o, io, in);
  if (method == "goodness-of-fit") return run_goodness_of_fit(o, io, in);
  auto quality = row_quality(in);
  if (!quality) return report_error(o, io, quality.error());
  if (method == "fatigue") return run_fatigue(o, io, in, *quality);

  double window = 50, drop = 0.05;
  PageHinkleyOptions ph;
  ph.two_sided = two_sided;
  AdwinOptions ad;
  double min_instances = static_cast<double>(ph.min_instances), clock = 32, max_buckets = 5,
         min_window = 5, grace = 10;
  double target = kNaN, slack = 0.05, cusum_threshold = 5, warmup = 30;
  CusumOptions cw;
  double cw_min_instances = static_cast<double>(cw.min_instances);
  bool flags_ok = flag_number(o, io, "--window", &window) && flag_number(o, io, "--drop", &drop);
  // --mode: down | up | both (page-hinkley, cusum-warmup).
  DriftMode mode = method == "cusum-warmup" ? DriftMode::kBoth : DriftMode::kDown;
  if (auto it = o.flags.find("--mode"); it != o.flags.end()) {
    auto m = parse_drift_mode(it->second, "--mode");
    if (!m) return report_error(o, io, m.error());
    mode = *m;
  }
  if (method == "page-hinkley")
    flags_ok = flags_ok && flag_number(o, io, "--delta", &ph.delta) &&
               flag_number(o, io, "--threshold", &ph.threshold) &&
               flag_number(o, io, "--min-instances", &min_instances) &&
               flag_number(o, io, "--alpha", &ph.alpha);
  if (method == "cusum-warmup")
    flags_ok = flags_ok && flag_number(o, io, "--slack", &cw.slack) &&
               flag_number(o, io, "--threshold", &cw.threshold) &&
               flag_number(o, io, "--min-instances", &cw_min_instances);
  if (method == "adwin")
    flags_ok = flags_ok && flag_number(o, io, "--delta", &ad.delta) &&
               flag_number(o, io, "--clock", &clock) &&
               flag_number(o, io, "--max-buckets", &max_buckets) &&
               flag_number(o, io, "--min-window", &min_window) &&
               flag_number(o, io, "--grace", &grace);
  if (method == "cusum")
    flags_ok = flags_ok && flag_number(o, io, "--target", &target) &&
               flag_number(o, io, "--slack", &slack) &&
               flag_number(o, io, "--threshold", &cusum_threshold) &&
               flag_number(o, io, "--warmup", &warmup);
  if (!flags_ok) return kExitUsage;
  ph.min_instances = static_cast<int64_t>(min_instances);
  if (!ph.two_sided) ph.mode = mode;
  cw.min_instances = static_cast<int64_t>(cw_min_instances);
  cw.mode = mode;
  ad.clock = static_cast<int64_t>(clock);
  ad.max_buckets = static_cast<int64_t>(max_buckets);
  ad.min_window_length = static_cast<int64_t>(min_window);
  ad.grace_period = static_cast<int64_t>(grace);
  if (method == "cusum" && !(warmup >= 1))
    return report_error(o, io, make_error(ErrorCode::kInvalidArgument, "--warmup", "must be >= 1"));

  // Each annotator's scored answers in file order, with the row of each.
  std::vector<std::vector<double>> streams(static_cast<size_t>(t.n_annotators()));
  std::vector<std::vector<int64_t>> stream_rows(streams.size());
  for (int64_t r = 0; r < t.rows(); ++r)
    if (!std::isnan((*quality)[r])) {
      streams[t.annotator[r]].push_back((*quality)[r]);
      stream_rows[t.annotator[r]].push_back(r);
    }
  Json list = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (int32_t a = 0; a < t.n_annotators(); ++a) {
    const auto& s = streams[a];
    Json entry = {{"annotator", t.annotators.name(a)}, {"answers_scored", s.size()}};
    std::vector<int64_t> alarms;
    if (method == "rolling") {
      auto d = rolling_quality_drop(s, static_cast<int64_t>(window), drop);
      if (!d) return report_error(o, io, d.error());
      alarms = d->alarms;
      Json means = Json::array();
      for (double m : d->window_means) means.push_back(m);
      entry["window_means"] = means;
    } else if (method == "page-hinkley") {
      auto d = page_hinkley(s, ph);
      if (!d) return report_error(o, io, d.error());
      alarms = *d;
    } else if (method == "adwin") {
      auto d = adwin(s, ad);
      if (!d) return report_error(o, io, d.error());
      alarms = d->detections;
      entry["final_width"] = d->width;
      entry["final_mean"] = d->mean;
      entry["final_total"] = d->total;
      entry["final_variance"] = d->variance;
      entry["final_variance_in_window"] = d->variance_in_window;
    } else if (method == "cusum-warmup") {
      auto d = cusum(s, cw);
      if (!d) return report_error(o, io, d.error());
      alarms = *d;
    } else {
      double tgt = target;
      if (std::isnan(tgt)) {
        // Target: the mean of the annotator's first --warmup scored answers.
        const size_t w = std::min(s.size(), static_cast<size_t>(warmup));
        tgt = 0;
        for (size_t i = 0; i < w; ++i) tgt += s[i];
        tgt = w ? tgt / static_cast<double>(w) : 0;
      }
      auto d = cusum(s, tgt, slack, cusum_threshold, two_sided);
      if (!d) return report_error(o, io, d.error());
      alarms = *d;
      entry["target"] = tgt;
    }
    Json items = Json::array();
    for (int64_t i : alarms) items.push_back(t.items.name(t.item[stream_rows[a][i]]));
    entry["alarms"] = indices(alarms);
    entry["alarm_items"] = items;
    list.push_back(entry);
    rows.push_back({t.annotators.name(a), std::to_string(s.size()), std::to_string(alarms.size()),
                    alarms.empty() ? "-" : std::to_string(alarms.front()),
                    alarms.empty() ? "-" : t.items.name(t.item[stream_rows[a][alarms.front()]])});
  }
  Json out = {{"method", method},
              {"reference", in.gold.empty() ? "majority vote" : "gold, else majority vote"},
              {"annotators", list}};
  if (method == "rolling") {
    out["window"] = static_cast<int64_t>(window);
    out["drop"] = drop;
  } else if (method == "page-hinkley") {
    out["delta"] = ph.delta;
    out["threshold"] = ph.threshold;
    out["min_instances"] = ph.min_instances;
    out["two_sided"] = ph.two_sided;
    out["alpha"] = ph.alpha;
    out["mode"] = drift_mode_name(ph.two_sided ? DriftMode::kBoth : ph.mode);
  } else if (method == "adwin") {
    out["delta"] = ad.delta;
    out["clock"] = ad.clock;
    out["max_buckets"] = ad.max_buckets;
    out["min_window_length"] = ad.min_window_length;
    out["grace_period"] = ad.grace_period;
  } else if (method == "cusum-warmup") {
    out["min_instances"] = cw.min_instances;
    out["slack"] = cw.slack;
    out["threshold"] = cw.threshold;
    out["mode"] = drift_mode_name(cw.mode);
  } else {
    out["slack"] = slack;
    out["threshold"] = cusum_threshold;
    out["two_sided"] = two_sided;
  }
  return emit(
      o, io, out,
      format_table({"annotator", "scored", "alarms", "first_alarm", "first_alarm_item"}, rows));
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    drift,
    "drift FILE [--method rolling|page-hinkley|adwin|cusum|cusum-warmup|distribution|"
    "goodness-of-fit|fatigue] [--fatigue] "
    "[options]",
    "Quality drift per annotator (rolling, Page-Hinkley, ADWIN, CUSUM), label-distribution "
    "drift, fatigue",
    "Reads FILE (long CSV item,annotator,label[,time][,timestamp] or Label Studio JSON) and\n"
    "optional --gold GOLD.csv. Each answer is scored 1 when it matches the gold label (gold\n"
    "items) or the item's majority vote (items with two or more answers), else 0; the scores\n"
    "of each annotator, in file order, form its quality stream. Alarm indices are positions in\n"
    "that stream; alarm_items names the item at each.\n"
    "\n"
    "--method rolling (default): windows of --window answers (50); alarm at the end of a\n"
    "  window whose mean is more than --drop (0.05 = 5 %) below the previous window's.\n"
    "--method page-hinkley: Page-Hinkley test as river's drift.PageHinkley; --delta 0.005\n"
    "  --threshold 50 --min-instances 30 --alpha 0.9999 (fading factor; 1 = none) (river's\n"
    "  defaults); --mode down (default: drops) | up | both (river's default); --two-sided is\n"
    "  --mode both.\n"
    "--method adwin: ADWIN (Bifet & Gavalda 2007) as current river implements it (every\n"
    "  bucket boundary a cut); --delta 0.002 --clock 32 --max-buckets 5 --min-window 5\n"
    "  --grace 10 (river's defaults); reports the final window's width, mean, total, variance\n"
    "  (river's: sum of squared deviations) and variance_in_window.\n"
    "--method cusum: tabular CUSUM for drops below --target (default: mean of the first\n"
    "  --warmup 30 scores of the annotator) with --slack 0.05 and --threshold 5; --two-sided.\n"
    "--method cusum-warmup: CUSUM as river's drift.CUSUM: mean and standard deviation of the\n"
    "  first --min-instances 30 scores, re-estimated after each alarm; --slack 0.5 and\n"
    "  --threshold 5 in standard deviations; --mode both (default) | up | down.\n"
    "--method goodness-of-fit: chi-square goodness of fit of the file's label counts, as\n"
    "  scipy.stats.chisquare: --expected LABEL=WEIGHT,... (default: equal; weights are scaled\n"
    "  to the number of rows) --ddof 0.\n"
    "--method distribution: label distribution of rows before --split ROW (default: half the\n"
    "  rows) against the rest: PSI (a proportion of 0 counts as 1e-4), Jensen-Shannon\n"
    "  divergence in bits, chi-square with its p-value.\n"
    "--method fatigue (or --fatigue): per annotator, rows ordered by the timestamp column\n"
    "  (seconds when each task was finished; without it, times accumulated in file order)\n"
    "  are cut into sessions at idle gaps over --session-gap seconds (1800). Each session's\n"
    "  early and late halves are compared: 'slower' when late seconds per task exceed early\n"
    "  by more than --time-threshold (0.2 = 20 %), 'worse' when quality falls by more than\n"
    "  --quality-threshold (0.1); only sessions of --min-tasks (10) tasks or more alert.\n"
    "Options: -o FILE, --format table.",
    run_drift);

}  // namespace localabel::cli
