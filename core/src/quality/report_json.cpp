// quality_report_json and consensus_predictions_json.
#include <cmath>
#include <map>

#include "localabel/quality.h"

namespace localabel {
namespace {

Json num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json nums(const std::vector<double>& v) {
  Json out = Json::array();
  for (double x : v) out.push_back(num(x));
  return out;
}

Json metric_json(const QualityMetric& m) {
  Json j = {{"name", m.name},        {"definition", m.definition}, {"value", num(m.value)},
            {"lower", num(m.lower)}, {"upper", num(m.upper)},      {"units", m.units}};
  if (!m.reason.empty()) j["reason"] = m.reason;
  return j;
}

Json matrix_json(const PairwiseMatrix& m) {
  return {{"measure", m.measure},
          {"annotators", m.annotators},
          {"values", nums(m.values)},
          {"shared", m.shared}};
}

}  // namespace

Json quality_report_json(const QualityReport& r) {
  const QualityOptions& o = r.options;
  Json j;
  j["project"] = r.project_name;
  j["date"] = r.date;
  j["options"] = {{"bootstrap_resamples", o.bootstrap_resamples},
                  {"confidence", o.confidence},
                  {"seed", o.seed},
                  {"iou_threshold", o.iou_threshold},
                  {"keypoint_sigma", o.keypoint_sigma},
                  {"set_distance", set_distance_name(o.set_distance)},
                  {"gold_threshold", o.gold_threshold},
                  {"detector", drift_detector_name(o.detector)},
                  {"drift_window", o.drift_window},
                  {"price_per_task", o.price_per_task},
                  {"consensus", consensus_method_name(o.consensus)},
                  {"low_confidence", o.low_confidence},
                  {"annotations_per_task", o.annotations_per_task},
                  {"queue_limit", o.queue_limit}};
  const ProgressSection& p = r.progress;
  Json pa = Json::array();
  for (const AnnotatorProgress& a : p.annotators)
    pa.push_back({{"annotator", a.annotator},
                  {"submitted", a.submitted},
                  {"skipped", a.skipped},
                  {"tasks_per_hour", num(a.tasks_per_hour)}});
  j["progress"] = {{"tasks", p.tasks},
                   {"done", p.done},
                   {"in_progress", p.in_progress},
                   {"skipped", p.skipped},
                   {"untouched", p.untouched},
                   {"annotations_per_task", p.annotations_per_task},
                   {"tasks_per_hour", num(p.tasks_per_hour)},
                   {"hours_left", num(p.hours_left)},
                   {"rate_source", p.rate_source},
                   {"annotators", pa}};
  Json ag = Json::array();
  for (const LabelSetAgreement& a : r.agreement) {
    Json metrics = Json::array();
    for (const QualityMetric& m : a.metrics) metrics.push_back(metric_json(m));
    Json per = Json::array();
    for (const LabelAgreement& l : a.per_label) {
      Json x = {{"label", l.label},
                {"proportion", num(l.proportion)},
                {"kappa", num(l.kappa)},
                {"specific_agreement", num(l.specific)}};
      if (!l.reason.empty()) x["reason"] = l.reason;
      per.push_back(x);
    }
    ag.push_back({{"label_set", a.label_set},
                  {"kind", a.kind},
                  {"tasks", a.tasks},
                  {"metrics", metrics},
                  {"pairwise", matrix_json(a.pairwise)},
                  {"per_label", per},
                  {"notes", a.notes}});
  }
  j["agreement"] = ag;
  Json q = Json::array();
  for (const DisagreementItem& d : r.queue)
    q.push_back({{"task", d.task_id},
                 {"index", d.task_index},
                 {"label_set", d.label_set},
                 {"disagreement", num(d.disagreement)},
                 {"answers", d.answers}});
  j["disagreement"] = {{"measure", r.queue_measure}, {"tasks", q}};
  Json gold = Json::array();
  for (const GoldSection& g : r.gold) {
    Json as = Json::array();
    for (const AnnotatorGold& a : g.annotators) {
      Json mistakes = Json::array();
      for (const GoldMistake& m : a.mistakes)
        mistakes.push_back({{"task", m.task_id}, {"expected", m.expected}, {"given", m.given}});
      as.push_back({{"annotator", a.annotator},
                    {"answered", a.answered},
                    {"correct", a.correct},
                    {"accuracy", num(a.accuracy)},
                    {"macro_precision", num(a.macro_precision)},
                    {"macro_recall", num(a.macro_recall)},
                    {"macro_f1", num(a.macro_f1)},
                    {"passed", a.passed},
                    {"mistakes", mistakes}});
    }
    gold.push_back({{"label_set", g.label_set},
                    {"gold_tasks", g.gold_tasks},
                    {"threshold", g.threshold},
                    {"annotators", as},
                    {"notes", g.notes}});
  }
  j["gold"] = gold;
  Json dr = Json::array();
  for (const AnnotatorDrift& a : r.drift.annotators)
    dr.push_back({{"annotator", a.annotator},
                  {"tasks", a.task_ids},
                  {"quality", nums(a.quality)},
                  {"rolling", nums(a.rolling)},
                  {"seconds", nums(a.seconds)},
                  {"alarms", a.alarms},
                  {"sessions", a.sessions},
                  {"slower_sessions", a.slower_sessions},
                  {"worse_sessions", a.worse_sessions}});
  j["drift"] = {{"label_set", r.drift.label_set},
                {"detector", r.drift.detector},
                {"order", r.drift.order},
                {"annotators", dr},
                {"notes", r.drift.notes}};
  Json an = Json::array();
  for (const AnnotatorRow& a : r.annotators)
    an.push_back({{"annotator", a.annotator},
                  {"tasks", a.tasks},
                  {"median_seconds", num(a.median_seconds)},
                  {"tasks_per_hour", num(a.tasks_per_hour)},
                  {"agreement_with_others", num(a.agreement_with_others)},
                  {"gold_accuracy", num(a.gold_accuracy)},
                  {"cost", num(a.cost)}});
  j["annotators"] = {{"label_set", r.annotators_label_set}, {"rows", an}};
  Json cs = Json::array();
  for (const ConsensusSection& c : r.consensus) {
    Json items = Json::array();
    for (const ConsensusItem& i : c.items)
      items.push_back({{"task", i.task_id},
                       {"index", i.task_index},
                       {"label", i.label.empty() ? Json(nullptr) : Json(i.label)},
                       {"confidence", num(i.confidence)}});
    cs.push_back({{"label_set", c.label_set},
                  {"to_name", c.to_name},
                  {"method", c.method},
                  {"items", items},
                  {"low_confidence", c.low_confidence},
                  {"notes", c.notes}});
  }
  j["consensus"] = cs;
  Json bc = Json::array();
  for (const BoxConsensusSection& b : r.box_consensus) {
    Json tasks = Json::array();
    for (const FusedTaskBoxes& t : b.tasks) {
      Json boxes = Json::array();
      for (const FusedTaskBoxes::Box& x : t.boxes)
        boxes.push_back({{"x", x.x},
                         {"y", x.y},
                         {"width", x.width},
                         {"height", x.height},
                         {"label", x.label},
                         {"confidence", num(x.confidence)},
                         {"annotators", x.annotators}});
      tasks.push_back({{"task", t.task_id}, {"index", t.task_index}, {"boxes", boxes}});
    }
    bc.push_back({{"label_set", b.label_set}, {"tasks", tasks}, {"notes", b.notes}});
  }
  j["box_consensus"] = bc;
  j["notes"] = r.notes;
  return j;
}

Json consensus_predictions_json(const QualityReport& report) {
  // One prediction per task, with one result item per choices label set.
  std::vector<std::string> order;
  std::map<std::string, Json> by_task;
  std::map<std::string, std::pair<double, int>> score;
  for (const ConsensusSection& c : report.consensus)
    for (const ConsensusItem& i : c.items) {
      if (i.label.empty()) continue;
      auto [it, fresh] = by_task.emplace(i.task_id, Json::array());
      if (fresh) order.push_back(i.task_id);
      it->second.push_back({{"from_name", c.label_set},
                            {"to_name", c.to_name},
                            {"type", "choices"},
                            {"value", {{"choices", {i.label}}}}});
      auto& s = score[i.task_id];
      s.first += std::isfinite(i.confidence) ? i.confidence : 0;
      ++s.second;
    }
  Json out = Json::array();
  for (const std::string& id : order) {
    const auto& s = score[id];
    out.push_back({{"task", id},
                   {"model_version", "localabel-consensus"},
                   {"score", s.first / s.second},
                   {"result", by_task[id]}});
  }
  return out;
}

}  // namespace localabel
