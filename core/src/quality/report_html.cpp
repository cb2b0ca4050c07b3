// quality_report_html: one self-contained page (inline CSS and SVG, no script).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "formats/xml_reader.h"
#include "localabel/quality.h"

namespace localabel {
namespace {

// The page's text and attribute values are escaped as the VOC writer escapes its XML.
std::string esc(const std::string& s) { return formats_detail::xml_escape(s); }

std::string f3(double v) {
  if (!std::isfinite(v)) return "&ndash;";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

std::string f1(double v) {
  if (!std::isfinite(v)) return "&ndash;";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string table(const std::vector<std::string>& head,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string h = "<table><tr>";
  for (const std::string& c : head) h += "<th>" + esc(c) + "</th>";
  h += "</tr>";
  for (const auto& r : rows) {
    h += "<tr>";
    for (const std::string& c : r) h += "<td>" + c + "</td>";
    h += "</tr>";
  }
  return h + "</table>\n";
}

std::string notes(const std::vector<std::string>& n) {
  std::string h;
  for (const std::string& s : n) h += "<p class=\"note\">" + esc(s) + "</p>\n";
  return h;
}

// A heatmap of an annotators x annotators matrix with values in [-1, 1] (blue high).
std::string heatmap(const PairwiseMatrix& m) {
  const size_t n = m.annotators.size();
  if (n == 0) return "";
  const int cell = 44, left = 90, top = 24;
  const int w = left + cell * static_cast<int>(n) + 10, h = top + cell * static_cast<int>(n) + 10;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                "role=\"img\" aria-label=\"pairwise %s\">",
                w, h, esc(m.measure).c_str());
  std::string s = buf;
  for (size_t i = 0; i < n; ++i) {
    const std::string name = esc(m.annotators[i]);
    std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", 4,
                  top + cell * static_cast<int>(i) + cell / 2 + 4, name.c_str());
    s += buf;
    std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
                  left + cell * static_cast<int>(i) + 4, top - 8, name.c_str());
    s += buf;
    for (size_t j = 0; j < n; ++j) {
      const double v = m.values[i * n + j];
      std::string fill = "#eeeeee";
      if (std::isfinite(v)) {
        const double t = std::clamp(v, 0.0, 1.0);
        std::snprintf(buf, sizeof buf, "rgb(%d,%d,%d)", static_cast<int>(255 - 200 * t),
                      static_cast<int>(255 - 130 * t), 255);
        fill = buf;
      }
      std::snprintf(buf, sizeof buf,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                    "stroke=\"#fff\"/><text x=\"%d\" y=\"%d\" font-size=\"10\" "
                    "text-anchor=\"middle\">%s</text>",
                    left + cell * static_cast<int>(j), top + cell * static_cast<int>(i), cell, cell,
                    fill.c_str(), left + cell * static_cast<int>(j) + cell / 2,
                    top + cell * static_cast<int>(i) + cell / 2 + 4,
                    std::isfinite(v) ? f3(v).c_str() : "");
      s += buf;
    }
  }
  return s + "</svg>\n";
}

// Lines of the annotators' series (values in [0, 1]) with their alarms as red circles.
std::string series_plot(const std::vector<AnnotatorDrift>& drift, bool seconds) {
  size_t longest = 0;
  double top = 1;
  for (const AnnotatorDrift& a : drift) {
    longest = std::max(longest, a.rolling.size());
    if (seconds)
      for (double v : a.seconds)
        if (std::isfinite(v)) top = std::max(top, v);
  }
  if (longest < 2) return "";
  const double W = 640, H = 200, L = 40, B = 20;
  auto X = [&](size_t i) { return L + (W - L - 10) * static_cast<double>(i) / (longest - 1); };
  auto Y = [&](double v) { return (H - B) - (H - B - 10) * v / top; };
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                "role=\"img\" aria-label=\"%s\">",
                W, H + 20 * static_cast<double>(drift.size()),
                seconds ? "seconds per task" : "rolling quality");
  std::string s = buf;
  std::snprintf(buf, sizeof buf,
                "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#999\"/>"
                "<line x1=\"%.0f\" y1=\"10\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#999\"/>"
                "<text x=\"2\" y=\"14\" font-size=\"10\">%s</text>"
                "<text x=\"2\" y=\"%.0f\" font-size=\"10\">0</text>",
                L, H - B, W - 10, H - B, L, L, H - B, f1(top).c_str(), H - B);
  s += buf;
  for (size_t k = 0; k < drift.size(); ++k) {
    const AnnotatorDrift& a = drift[k];
    const char* colour = kColours[k % 10];
    const std::vector<double>& v = seconds ? a.seconds : a.rolling;
    std::string pts;
    for (size_t i = 0; i < v.size(); ++i) {
      if (!std::isfinite(v[i])) continue;
      std::snprintf(buf, sizeof buf, "%.1f,%.1f ", X(i), Y(v[i]));
      pts += buf;
    }
    s += "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" + std::string(colour) +
         "\" points=\"" + pts + "\"/>";
    if (!seconds)
      for (int64_t i : a.alarms)
        if (i >= 0 && static_cast<size_t>(i) < v.size()) {
          std::snprintf(buf, sizeof buf,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"none\" stroke=\"red\"/>",
                        X(static_cast<size_t>(i)), Y(v[static_cast<size_t>(i)]));
          s += buf;
        }
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                  "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">",
                  L, H + 20 * static_cast<double>(k) + 2, colour, L + 18,
                  H + 20 * static_cast<double>(k) + 8);
    s += buf + esc(a.annotator) + "</text>";
  }
  return s + "</svg>\n";
}

}  // namespace

std::string quality_report_html(const QualityReport& r) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Quality "
      "report: " +
      esc(r.project_name) +
      "</title>\n<style>body{font:14px/1.4 sans-serif;margin:2em;max-width:60em;color:#222}"
      "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px "
      "6px;text-align:left}th{background:#f4f4f4}.note{color:#8a5a00}dt{font-weight:bold}"
      "h2{border-bottom:1px solid #ccc}</style></head><body>\n";
  h += "<h1>Quality report: " + esc(r.project_name.empty() ? "(unnamed project)" : r.project_name) +
       "</h1>\n<p>Date: " + esc(r.date.empty() ? "not given" : r.date) + "</p>\n";

  const ProgressSection& p = r.progress;
  h += "<h2>Progress</h2>\n" +
       table({"tasks", "done", "in progress", "skipped", "untouched", "answers per task",
              "answers per hour", "hours left", "rate from"},
             {{std::to_string(p.tasks), std::to_string(p.done), std::to_string(p.in_progress),
               std::to_string(p.skipped), std::to_string(p.untouched),
               std::to_string(p.annotations_per_task), f1(p.tasks_per_hour), f1(p.hours_left),
               esc(p.rate_source)}});
  std::vector<std::vector<std::string>> rows;
  for (const AnnotatorProgress& a : p.annotators)
    rows.push_back({esc(a.annotator), std::to_string(a.submitted), std::to_string(a.skipped),
                    f1(a.tasks_per_hour)});
  h += table({"annotator", "submitted", "skipped", "answers per hour"}, rows);

  h += "<h2>Agreement</h2>\n";
  std::vector<std::pair<std::string, std::string>> definitions;
  for (const LabelSetAgreement& a : r.agreement) {
    h += "<h3>" + esc(a.label_set) + " (" + esc(a.kind) + ", " + std::to_string(a.tasks) +
         " tasks with two or more annotators)</h3>\n";
    rows.clear();
    for (const QualityMetric& m : a.metrics) {
      rows.push_back({esc(m.name), f3(m.value), "[" + f3(m.lower) + ", " + f3(m.upper) + "]",
                      std::to_string(m.units), esc(m.reason)});
      if (std::none_of(definitions.begin(), definitions.end(),
                       [&](const auto& d) { return d.first == m.name; }))
        definitions.push_back({m.name, m.definition});
    }
    if (!rows.empty())
      h += table(
          {"metric", "value",
           std::to_string(static_cast<int>(std::lround(r.options.confidence * 100))) + "% interval",
           "units", "note"},
          rows);
    if (!a.pairwise.annotators.empty())
      h += "<p>Pairwise " + esc(a.pairwise.measure) + ":</p>\n" + heatmap(a.pairwise);
    if (!a.per_label.empty()) {
      rows.clear();
      for (const LabelAgreement& l : a.per_label)
        rows.push_back(
            {esc(l.label), f3(l.proportion), f3(l.kappa), f3(l.specific), esc(l.reason)});
      h += table({"label", "share", "Fleiss kappa_j", "specific agreement", "note"}, rows);
    }
    h += notes(a.notes);
  }

  h += "<h2>Disagreement queue</h2>\n<p>Measure: " + esc(r.queue_measure) + ".</p>\n";
  rows.clear();
  for (const DisagreementItem& d : r.queue)
    rows.push_back({esc(d.task_id), std::to_string(d.task_index), esc(d.label_set),
                    f3(d.disagreement), std::to_string(d.answers)});
  h += rows.empty() ? "<p>No task with disagreement.</p>\n"
                    : table({"task", "index", "label set", "disagreement", "answers"}, rows);

  h += "<h2>Gold</h2>\n";
  for (const GoldSection& g : r.gold) {
    h += "<h3>" + esc(g.label_set) + " (" + std::to_string(g.gold_tasks) +
         " gold tasks, pass at accuracy &ge; " + f3(g.threshold) + ")</h3>\n";
    rows.clear();
    std::vector<std::vector<std::string>> errors;
    for (const AnnotatorGold& a : g.annotators) {
      rows.push_back({esc(a.annotator), std::to_string(a.answered), f3(a.accuracy),
                      f3(a.macro_precision), f3(a.macro_recall), f3(a.macro_f1),
                      a.answered == 0 ? "&ndash;"
                      : a.passed      ? "pass"
                                      : "fail"});
      for (const GoldMistake& m : a.mistakes)
        errors.push_back({esc(a.annotator), esc(m.task_id), esc(m.expected), esc(m.given)});
    }
    if (!rows.empty())
      h += table({"annotator", "answered", "accuracy", "macro precision", "macro recall",
                  "macro F1", "qualification"},
                 rows);
    if (!errors.empty()) h += table({"annotator", "task", "expected", "given"}, errors);
    h += notes(g.notes);
  }
  if (r.gold.empty()) h += "<p class=\"note\">No single-choice label set to score.</p>\n";

  h += "<h2>Drift</h2>\n";
  if (!r.drift.annotators.empty()) {
    h += "<p>Label set " + esc(r.drift.label_set) + ", answers in " + esc(r.drift.order) +
         ". Quality is 1 when an answer equals the gold answer (gold tasks) or the consensus "
         "(other tasks), shown as a trailing mean over " +
         std::to_string(r.options.drift_window) + " answers; red circles are " +
         esc(r.drift.detector) + " alarms.</p>\n" + series_plot(r.drift.annotators, false) +
         "<p>Seconds per task over the same sequence:</p>\n" +
         series_plot(r.drift.annotators, true);
    rows.clear();
    for (const AnnotatorDrift& a : r.drift.annotators) {
      std::string alarms;
      for (int64_t i : a.alarms) alarms += (alarms.empty() ? "" : ", ") + std::to_string(i);
      rows.push_back({esc(a.annotator), std::to_string(a.quality.size()),
                      alarms.empty() ? "none" : alarms, std::to_string(a.sessions),
                      std::to_string(a.slower_sessions), std::to_string(a.worse_sessions)});
    }
    h += table({"annotator", "answers", "alarms at", "sessions", "slower", "worse"}, rows);
  }
  h += notes(r.drift.notes);

  h += "<h2>Annotators</h2>\n";
  rows.clear();
  for (const AnnotatorRow& a : r.annotators)
    rows.push_back({esc(a.annotator), std::to_string(a.tasks), f1(a.median_seconds),
                    f1(a.tasks_per_hour), f3(a.agreement_with_others), f3(a.gold_accuracy),
                    f3(a.cost)});
  if (!rows.empty())
    h += "<p>Label set " + esc(r.annotators_label_set) + ".</p>\n" +
         table({"annotator", "tasks", "median seconds", "per hour", "agreement with others",
                "gold accuracy", "cost"},
               rows);

  h += "<h2>Consensus</h2>\n";
  for (const ConsensusSection& c : r.consensus) {
    h += "<h3>" + esc(c.label_set) + " (" + esc(c.method) + ", " +
         std::to_string(c.low_confidence.size()) + " of " + std::to_string(c.items.size()) +
         " below " + f3(r.options.low_confidence) + ")</h3>\n";
    rows.clear();
    for (int64_t i : c.low_confidence) {
      const ConsensusItem& it = c.items[static_cast<size_t>(i)];
      rows.push_back({esc(it.task_id), std::to_string(it.task_index),
                      it.label.empty() ? "(tie)" : esc(it.label), f3(it.confidence)});
    }
    if (!rows.empty()) h += table({"task", "index", "label", "confidence"}, rows);
    h += notes(c.notes);
  }
  for (const BoxConsensusSection& b : r.box_consensus) {
    size_t boxes = 0;
    for (const FusedTaskBoxes& t : b.tasks) boxes += t.boxes.size();
    h += "<p>Boxes of " + esc(b.label_set) + ": weighted box fusion gives " +
         std::to_string(boxes) + " boxes on " + std::to_string(b.tasks.size()) + " tasks.</p>\n" +
         notes(b.notes);
  }
  h += notes(r.notes);

  h += "<h2>Definitions</h2>\n<dl>\n";
  for (const auto& [name, def] : definitions)
    h += "<dt>" + esc(name) + "</dt><dd>" + esc(def) + "</dd>\n";
  h += "<dt>interval</dt><dd>Percentile bootstrap (Efron &amp; Tibshirani 1993) with " +
       std::to_string(r.options.bootstrap_resamples) + " resamples of the tasks, seed " +
       std::to_string(r.options.seed) + ".</dd>\n";
  h += "<dt>cohen_kappa</dt><dd>Cohen's kappa (Cohen 1960) of two annotators on their shared "
       "tasks.</dd>\n<dt>Fleiss kappa_j, specific agreement</dt><dd>Per-label kappa (Fleiss "
       "1971) and the proportion of specific agreement (Uebersax 1982).</dd>\n"
       "<dt>gold</dt><dd>Accuracy and macro precision, recall and F1 (scikit-learn's "
       "definitions) of each annotator's answers on the tasks with a ground-truth "
       "annotation.</dd>\n<dt>drift</dt><dd>Page-Hinkley test (Page 1954) on the quality "
       "series (downward, 10+ answers, threshold 5) or ADWIN (Bifet &amp; Gavalda 2007); "
       "fatigue: late-session seconds or quality against early (sessions split at 30 minutes "
       "idle).</dd>\n<dt>consensus</dt><dd>Majority vote (confidence = share of the answers) "
       "or Dawid-Skene (1979) (confidence = posterior); boxes by weighted box fusion "
       "(Solovyev et al. 2021).</dd>\n</dl>\n</body></html>\n";
  return h;
}

}  // namespace localabel
