// quality_report: chooses the core metric that fits each label set and collects the results.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "localabel/aggregation.h"
#include "localabel/annotator_stats.h"
#include "localabel/box_fusion.h"
#include "localabel/drift.h"
#include "localabel/fatigue.h"
#include "localabel/geometric_agreement.h"
#include "localabel/gold.h"
#include "localabel/quality.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct SetInfo {
  std::string name, to_name;
  RegionKind kind = RegionKind::kOther;
  bool multiple = false;
  std::vector<std::string> labels;
};

bool counted(const Annotation& a) {
  return a.status == AnnotationStatus::kSubmitted && !a.ground_truth && !a.annotator.empty();
}

std::vector<SetInfo> label_sets_of(const Project& project) {
  std::vector<SetInfo> out;
  for (const LabelSet& ls : project.label_sets) {
    SetInfo s{ls.name, ls.to_name, ls.kind, ls.multiple, {}};
    for (const Label& l : ls.labels) s.labels.push_back(l.name);
    out.push_back(std::move(s));
  }
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < out.size(); ++i) seen[out[i].name] = i;
  const bool declared = !out.empty();
  for (const Task& t : project.tasks)
    for (const Annotation& a : t.annotations)
      for (const Region& r : a.regions) {
        if (r.kind == RegionKind::kOther) continue;
        auto it = seen.find(r.from_name);
        if (it == seen.end()) {
          if (declared) continue;
          seen[r.from_name] = out.size();
          out.push_back({r.from_name, r.to_name, r.kind, false, {}});
          it = seen.find(r.from_name);
        }
        SetInfo& s = out[it->second];
        if (r.kind == RegionKind::kChoices && r.labels.size() > 1) s.multiple = true;
        if (!declared)
          for (const std::string& l : r.labels)
            if (std::find(s.labels.begin(), s.labels.end(), l) == s.labels.end())
              s.labels.push_back(l);
      }
  return out;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// The coefficient over all tasks plus its percentile bootstrap interval.
QualityMetric make_metric(
    const std::string& name, const std::string& definition, const AnnotationTable& table,
    const std::function<Result<AgreementResult>(const AnnotationTable&)>& coefficient,
    const QualityOptions& o) {
  QualityMetric m{name, definition, kNaN, kNaN, kNaN, 0, ""};
  auto whole = coefficient(table);
  if (!whole) {
    m.reason = whole.error().message;
    return m;
  }
  m.value = whole->value;
  m.units = whole->n_units;
  m.reason = whole->undefined_reason;
  if (std::isnan(m.value)) return m;
  BootstrapOptions bo;
  bo.resamples = o.bootstrap_resamples;
  bo.confidence = o.confidence;
  bo.seed = o.seed;
  auto bi = bootstrap_interval(table, coefficient, bo);
  if (!bi) {
    m.reason = "no interval: " + bi.error().message;
  } else {
    m.lower = bi->lower;
    m.upper = bi->upper;
    if (!bi->undefined_reason.empty()) m.reason = "no interval: " + bi->undefined_reason;
  }
  return m;
}

// A mean over units (tasks) of per-unit values, with a bootstrap over the units. The units
// become the items of a one-annotator table whose label code is the unit's index, so the
// core's bootstrap (and its seeded generator) draws them.
QualityMetric mean_metric(const std::string& name, const std::string& definition,
                          const std::vector<double>& per_unit, const std::string& empty_reason,
                          const QualityOptions& o) {
  std::vector<double> values;
  for (double v : per_unit)
    if (!std::isnan(v)) values.push_back(v);
  if (values.empty()) return {name, definition, kNaN, kNaN, kNaN, 0, empty_reason};
  std::vector<int32_t> ids(values.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int32_t>(i);
  auto table = annotation_table_from_ids(ids, std::vector<int32_t>(ids.size(), 0), ids);
  if (!table) return {name, definition, kNaN, kNaN, kNaN, 0, table.error().message};
  auto coefficient = [&values](const AnnotationTable& t) -> Result<AgreementResult> {
    double sum = 0;
    for (int64_t r = 0; r < t.rows(); ++r) sum += values[static_cast<size_t>(t.label[r])];
    AgreementResult a;
    a.value = sum / static_cast<double>(t.rows());
    a.n_units = t.rows();
    return a;
  };
  return make_metric(name, definition, *table, coefficient, o);
}

struct Context {
  const Project& project;
  const QualityOptions& o;
  std::unordered_map<std::string, int64_t> task_index;
  std::vector<SetInfo> sets;
  // Per task, per label set: disagreement values for the queue.
  std::vector<DisagreementItem> queue;
};

int64_t index_of(const Context& c, const std::string& task_id) {
  auto it = c.task_index.find(task_id);
  return it == c.task_index.end() ? -1 : it->second;
}

// --- progress ------------------------------------------------------------------------------

ProgressSection progress_section(const Context& c) {
  ProgressSection p;
  const Project& project = c.project;
  p.tasks = static_cast<int64_t>(project.tasks.size());
  int32_t target = c.o.annotations_per_task;
  if (target == 0) {
    for (const Task& t : project.tasks) {
      std::set<std::string> who;
      for (const Annotation& a : t.annotations)
        if (counted(a)) who.insert(a.annotator);
      target = std::max(target, static_cast<int32_t>(who.size()));
    }
    target = std::max(target, 1);
  }
  p.annotations_per_task = target;
  struct Acc {
    int64_t submitted = 0, skipped = 0, timed = 0, stamped = 0;
    double lead = 0, first = 1e300, last = -1e300;
  };
  std::map<std::string, Acc> acc;
  int64_t needed = 0, all_submitted = 0, all_stamped = 0, all_timed = 0;
  for (const Task& t : project.tasks) {
    int64_t sub = 0, skip = 0;
    for (const Annotation& a : t.annotations) {
      if (a.ground_truth || a.annotator.empty()) continue;
      Acc& x = acc[a.annotator];
      if (a.status == AnnotationStatus::kSkipped) {
        ++skip;
        ++x.skipped;
        continue;
      }
      ++sub;
      ++x.submitted;
      ++all_submitted;
      if (a.has_lead_time) {
        ++x.timed;
        ++all_timed;
        x.lead += a.lead_time;
      }
      double at = annotation_time(a);
      if (!std::isnan(at)) {
        ++x.stamped;
        ++all_stamped;
        x.first = std::min(x.first, at);
        x.last = std::max(x.last, at);
      }
    }
    if (sub >= target)
      ++p.done;
    else if (sub > 0)
      ++p.in_progress;
    else if (skip > 0)
      ++p.skipped;
    else
      ++p.untouched;
    if (sub < target) needed += target - sub;
  }
  // Lead times measure the work itself; event times also hold the breaks between sessions,
  // so they are the fallback.
  const bool by_lead = all_submitted > 0 && all_timed == all_submitted;
  const bool by_events = !by_lead && all_submitted > 0 && all_stamped == all_submitted;
  p.rate_source = by_lead ? "lead times" : by_events ? "event times" : "none";
  double total_rate = 0;
  bool rate_known = by_events || by_lead;
  for (const auto& [name, x] : acc) {
    AnnotatorProgress ap{name, x.submitted, x.skipped, kNaN};
    if (by_lead && x.timed > 0 && x.lead > 0)
      ap.tasks_per_hour = 3600.0 * static_cast<double>(x.timed) / x.lead;
    else if (by_events && x.submitted >= 2 && x.last > x.first)
      ap.tasks_per_hour = static_cast<double>(x.submitted - 1) * 3600.0 / (x.last - x.first);
    if (!std::isnan(ap.tasks_per_hour)) total_rate += ap.tasks_per_hour;
    p.annotators.push_back(ap);
  }
  p.tasks_per_hour = rate_known && total_rate > 0 ? total_rate : kNaN;
  p.hours_left = std::isnan(p.tasks_per_hour) ? (needed == 0 ? 0.0 : kNaN)
                                              : static_cast<double>(needed) / p.tasks_per_hour;
  return p;
}

// --- choices -------------------------------------------------------------------------------

PairwiseMatrix pairwise_matrix(const AnnotationTable& t, const PairwiseAgreement& pw,
                               const std::string& measure, bool kappa) {
  PairwiseMatrix m;
  m.measure = measure;
  for (int32_t a = 0; a < t.n_annotators(); ++a) m.annotators.push_back(t.annotators.name(a));
  m.values = kappa ? pw.kappa : pw.percent;
  m.shared = pw.shared_items;
  return m;
}

Result<AgreementResult> percent_of_pairs(const AnnotationTable& t) {
  auto pw = pairwise_agreement(t);
  if (!pw) return pw.error();
  const int32_t n = pw->n_annotators;
  double agree = 0, pairs = 0;
  for (int32_t a = 0; a < n; ++a)
    for (int32_t b = a + 1; b < n; ++b) {
      const int64_t s = pw->shared_items[a * n + b];
      if (s == 0) continue;
      agree += pw->percent[a * n + b] * static_cast<double>(s);
      pairs += static_cast<double>(s);
    }
  AgreementResult r;
  r.value = pairs > 0 ? agree / pairs : kNaN;
  r.observed = r.value;
  if (pairs == 0) r.undefined_reason = "no task was answered by two annotators";
  for (int32_t i = 0; i < t.n_items(); ++i)
    if (t.item_offsets[i + 1] - t.item_offsets[i] >= 2) ++r.n_units;
  return r;
}

void queue_from_counts(Context& c, const AnnotationTable& t, const std::string& set) {
  std::vector<int32_t> counts(static_cast<size_t>(t.n_labels()));
  for (int32_t i = 0; i < t.n_items(); ++i) {
    const int64_t m = t.item_offsets[i + 1] - t.item_offsets[i];
    if (m < 2) continue;
    std::fill(counts.begin(), counts.end(), 0);
    for (int64_t j = 0; j < m; ++j) ++counts[static_cast<size_t>(t.label[t.row_of(i, j)])];
    double agreeing = 0;
    for (int32_t n : counts) agreeing += static_cast<double>(n) * (n - 1);
    const double d = 1 - agreeing / (static_cast<double>(m) * static_cast<double>(m - 1));
    if (d <= 0) continue;
    const std::string id = t.items.name(i);
    c.queue.push_back({id, index_of(c, id), set, d, m});
  }
}

struct ChoiceData {
  std::string set, to_name;
  ProjectAnnotations pa;
};

void choice_agreement(Context& c, const SetInfo& s, const ProjectAnnotations& pa,
                      LabelSetAgreement* out) {
  const AnnotationTable& t = pa.table;
  for (int32_t i = 0; i < t.n_items(); ++i)
    if (t.item_offsets[i + 1] - t.item_offsets[i] >= 2) ++out->tasks;
  out->metrics.push_back(make_metric(
      "krippendorff_alpha_nominal",
      "Krippendorff's alpha, nominal distance: 1 - D_o / D_e from the coincidence matrix "
      "(Krippendorff 2011); tasks with one answer do not count.",
      t, [](const AnnotationTable& x) { return krippendorff_alpha(x, AlphaLevel::kNominal); },
      c.o));
  int64_t lo = -1, hi = -1;
  for (int32_t i = 0; i < t.n_items(); ++i) {
    const int64_t m = t.item_offsets[i + 1] - t.item_offsets[i];
    lo = lo < 0 ? m : std::min(lo, m);
    hi = std::max(hi, m);
  }
  const std::string fleiss_def =
      "Fleiss' kappa (Fleiss 1971): (mean P_i - sum p_k^2) / (1 - sum p_k^2); needs the same "
      "number of answers on every task.";
  if (lo == hi && lo >= 2) {
    out->metrics.push_back(make_metric(
        "fleiss_kappa", fleiss_def, t,
        [](const AnnotationTable& x) { return fleiss_kappa(x, FleissMethod::kFleiss); }, c.o));
  } else {
    out->metrics.push_back(
        {"fleiss_kappa", fleiss_def, kNaN, kNaN, kNaN, 0,
         lo == hi ? "every task has one answer: have two or more annotators answer each task"
                  : "tasks have " + std::to_string(lo) + " to " + std::to_string(hi) +
                        " answers: Fleiss' kappa needs the same number on every task "
                        "(Krippendorff's alpha above allows different numbers)"});
  }
  out->metrics.push_back(make_metric(
      "percent_agreement",
      "Share of agreeing pairs of answers over all pairs of annotators on their shared tasks.", t,
      percent_of_pairs, c.o));
  auto pw = pairwise_agreement(t);
  if (pw)
    out->pairwise = pairwise_matrix(t, *pw, "cohen_kappa", true);
  else
    out->notes.push_back("pairwise: " + pw.error().message);
  auto pc = per_class_agreement(t);
  if (pc) {
    for (const ClassAgreement& ca : *pc)
      out->per_label.push_back(
          {t.labels.name(ca.label), ca.proportion, ca.kappa, ca.specific, ca.undefined_reason});
  } else {
    out->notes.push_back("per label: " + pc.error().message);
  }
  queue_from_counts(c, t, s.name);
}

// Multiple choice: each answer is a set of labels, a value of Krippendorff's alpha whose
// distance between two sets is the chosen set distance.
void multiple_choice_agreement(Context& c, const SetInfo& s, LabelSetAgreement* out) {
  std::map<std::string, int32_t> label_code, annotator_code;
  for (const std::string& l : s.labels)
    label_code.emplace(l, static_cast<int32_t>(label_code.size()));
  std::map<std::vector<int32_t>, int32_t> domain;
  std::vector<std::vector<int32_t>> values;
  std::vector<int32_t> items, annotators, labels;
  for (size_t ti = 0; ti < c.project.tasks.size(); ++ti) {
    std::set<std::string> seen;
    for (const Annotation& a : c.project.tasks[ti].annotations) {
      if (!counted(a) || !seen.insert(a.annotator).second) continue;
      std::set<int32_t> chosen;
      bool any = false;
      for (const Region& r : a.regions) {
        if (r.kind != RegionKind::kChoices || r.from_name != s.name) continue;
        any = true;
        for (const std::string& l : r.labels)
          chosen.insert(
              label_code.emplace(l, static_cast<int32_t>(label_code.size())).first->second);
      }
      if (!any) continue;
      std::vector<int32_t> v(chosen.begin(), chosen.end());
      auto d = domain.emplace(v, static_cast<int32_t>(values.size()));
      if (d.second) values.push_back(v);
      items.push_back(static_cast<int32_t>(ti));
      annotators.push_back(
          annotator_code.emplace(a.annotator, static_cast<int32_t>(annotator_code.size()))
              .first->second);
      labels.push_back(d.first->second);
    }
  }
  const std::string def = std::string("Krippendorff's alpha with the ") +
                          set_distance_name(c.o.set_distance) +
                          " distance between the sets of labels (Passonneau 2006 for MASI).";
  auto dist = set_distance_matrix(values, c.o.set_distance);
  auto table = annotation_table_from_ids(items, annotators, labels);
  if (!dist || !table) {
    out->notes.push_back("no answers of this label set");
    out->metrics.push_back({"krippendorff_alpha_set", def, kNaN, kNaN, kNaN, 0,
                            "no answers: answer this label set on some tasks"});
    return;
  }
  for (int32_t i = 0; i < table->n_items(); ++i)
    if (table->item_offsets[i + 1] - table->item_offsets[i] >= 2) ++out->tasks;
  const auto& d = *dist;
  const int32_t V = static_cast<int32_t>(values.size());
  auto coefficient = [&d, V](const AnnotationTable& t) -> Result<AgreementResult> {
    std::vector<double> counts(static_cast<size_t>(t.n_items()) * static_cast<size_t>(V));
    for (int64_t r = 0; r < t.rows(); ++r)
      counts[static_cast<size_t>(t.item[r]) * V + static_cast<size_t>(t.label[r])] += 1;
    auto a = krippendorff_alpha_counts(counts, t.n_items(), V, AlphaLevel::kNominal, {}, d);
    if (!a) return a.error();
    return AgreementResult{a->value, a->observed, a->expected, a->n_units, a->undefined_reason};
  };
  out->metrics.push_back(make_metric("krippendorff_alpha_set", def, *table, coefficient, c.o));
}

// --- geometry ------------------------------------------------------------------------------

struct PairKey {
  std::string a, b;
  bool operator<(const PairKey& o) const { return a != o.a ? a < o.a : b < o.b; }
};

PairwiseMatrix matrix_of(const std::string& measure,
                         const std::map<PairKey, std::pair<double, int64_t>>& sums) {
  PairwiseMatrix m;
  m.measure = measure;
  std::set<std::string> names;
  for (const auto& [k, v] : sums) {
    names.insert(k.a);
    names.insert(k.b);
  }
  m.annotators.assign(names.begin(), names.end());
  const size_t n = m.annotators.size();
  m.values.assign(n * n, kNaN);
  m.shared.assign(n * n, 0);
  auto pos = [&m](const std::string& s) {
    return static_cast<size_t>(std::find(m.annotators.begin(), m.annotators.end(), s) -
                               m.annotators.begin());
  };
  for (const auto& [k, v] : sums) {
    const size_t i = pos(k.a), j = pos(k.b);
    const double mean = v.second > 0 ? v.first / static_cast<double>(v.second) : kNaN;
    m.values[i * n + j] = m.values[j * n + i] = mean;
    m.shared[i * n + j] = m.shared[j * n + i] = v.second;
  }
  return m;
}

// Per task: the mean of the pairs' defined values (NaN when none), for the bootstrap over
// tasks, the queue and the pairwise matrix.
struct PerTask {
  std::map<std::string, std::pair<double, int64_t>> task;  // task id -> (sum, n)
  std::map<PairKey, std::pair<double, int64_t>> pairs;
  void add(const std::string& task_id, const std::string& a, const std::string& b, double v) {
    if (std::isnan(v)) return;
    auto& t = task[task_id];
    t.first += v;
    ++t.second;
    auto& p = pairs[{a, b}];
    p.first += v;
    ++p.second;
  }
  std::vector<double> means() const {
    std::vector<double> out;
    for (const auto& [id, v] : task) out.push_back(v.first / static_cast<double>(v.second));
    return out;
  }
  void to_queue(Context& c, const std::string& set) const {
    for (const auto& [id, v] : task) {
      const double d = 1 - v.first / static_cast<double>(v.second);
      if (d > 0) c.queue.push_back({id, index_of(c, id), set, d, v.second});
    }
  }
};

void geometric_agreement(Context& c, const SetInfo& s, const Result<ProjectGeometricAgreement>& g,
                         LabelSetAgreement* out) {
  if (!g) {
    out->notes.push_back("geometric agreement: " + g.error().message);
    return;
  }
  PerTask first, second;
  std::string n1, n2, d1, d2, pair_measure;
  for (const TaskPairGeometry& p : g->pairs) {
    if (s.kind == RegionKind::kBox && p.has_boxes) {
      first.add(p.task_id, p.annotator_a, p.annotator_b, p.boxes.f1);
      second.add(p.task_id, p.annotator_a, p.annotator_b, p.boxes.mean_iou);
    } else if (s.kind == RegionKind::kSpan && p.has_spans) {
      first.add(p.task_id, p.annotator_a, p.annotator_b, p.spans_exact.f1);
      second.add(p.task_id, p.annotator_a, p.annotator_b, p.spans_overlap.f1);
    } else if (s.kind == RegionKind::kBrush && p.has_masks) {
      first.add(p.task_id, p.annotator_a, p.annotator_b, p.mask_iou);
      second.add(p.task_id, p.annotator_a, p.annotator_b, p.mask_dice);
    }
  }
  const std::string thr = fmt(c.o.iou_threshold);
  if (s.kind == RegionKind::kBox) {
    n1 = "box_f1";
    d1 = "Mean over tasks of the pairs' F1 = 2 matches / (n_a + n_b), boxes of the same label "
         "matched one to one by optimal assignment with IoU >= " +
         thr + ".";
    n2 = "box_mean_iou";
    d2 = "Mean over tasks of the mean IoU of the matched boxes (IoU >= " + thr + ").";
  } else if (s.kind == RegionKind::kSpan) {
    n1 = "span_f1_exact";
    d1 = "Mean over tasks of the pairs' span F1, a match being the same start, end and label "
         "(CoNLL-2003 / seqeval).";
    n2 = "span_f1_overlap";
    d2 = "Mean over tasks of the pairs' span F1, a match being the same label and any "
         "overlap, one to one (SemEval-2013 9.1 'type').";
  } else {
    n1 = "mask_iou";
    d1 = "Mean over tasks of the IoU of the pairs' masks, per label.";
    n2 = "mask_dice";
    d2 = "Mean over tasks of the Dice coefficient of the pairs' masks, per label.";
  }
  const std::string none =
      "no task has this kind of region from two annotators: have a second annotator label some "
      "of the same tasks";
  out->tasks = static_cast<int64_t>(first.task.size());
  out->metrics.push_back(mean_metric(n1, d1, first.means(), none, c.o));
  out->metrics.push_back(mean_metric(n2, d2, second.means(), none, c.o));
  out->pairwise = matrix_of(s.kind == RegionKind::kSpan ? n2 : n1,
                            s.kind == RegionKind::kSpan ? second.pairs : first.pairs);
  (s.kind == RegionKind::kSpan ? second : first).to_queue(c, s.name);
  if (!g->pairs.empty() && s.kind == RegionKind::kBox)
    out->notes.push_back("boxes of every rectangle label set are compared together");
}

void keypoint_agreement(Context& c, const SetInfo& s, LabelSetAgreement* out) {
  PerTask per;
  for (const Task& t : c.project.tasks) {
    std::map<std::string, std::vector<const Region*>> by;
    for (const Annotation& a : t.annotations) {
      if (!counted(a) || by.count(a.annotator)) continue;
      auto& v = by[a.annotator];
      for (const Region& r : a.regions)
        if (r.kind == RegionKind::kKeypoint && r.from_name == s.name) v.push_back(&r);
    }
    for (auto i = by.begin(); i != by.end(); ++i)
      for (auto j = std::next(i); j != by.end(); ++j)
        per.add(t.id, i->first, j->first,
                keypoint_similarity(i->second, j->second, c.o.keypoint_sigma));
  }
  out->tasks = static_cast<int64_t>(per.task.size());
  out->metrics.push_back(mean_metric(
      "keypoint_oks",
      "Mean over tasks of an OKS-like similarity: points of the same label matched one to one "
      "(optimal assignment) on exp(-d^2 / (2 (sigma s)^2)), s = image diagonal, sigma = " +
          fmt(c.o.keypoint_sigma) + "; summed and divided by the larger number of points.",
      per.means(),
      "no task has keypoints from two annotators: have a second annotator label some of the "
      "same tasks",
      c.o));
  out->pairwise = matrix_of("keypoint_oks", per.pairs);
  per.to_queue(c, s.name);
}

const char* kind_name(const SetInfo& s) {
  switch (s.kind) {
    case RegionKind::kChoices:
      return s.multiple ? "multiple-choices" : "choices";
    case RegionKind::kSpan:
      return "spans";
    case RegionKind::kBox:
      return "boxes";
    case RegionKind::kPolygon:
      return "polygons";
    case RegionKind::kBrush:
      return "masks";
    case RegionKind::kKeypoint:
      return "keypoints";
    default:
      return "other";
  }
}

// --- gold, consensus, drift, annotators ------------------------------------------------------

GoldSection gold_section(const Context& c, const ChoiceData& d) {
  GoldSection g;
  g.label_set = d.set;
  g.threshold = c.o.gold_threshold;
  const AnnotationTable& t = d.pa.table;
  g.gold_tasks = static_cast<int64_t>(d.pa.gold.size());
  if (d.pa.gold.empty()) {
    g.notes.push_back(
        "no gold: mark a reviewed annotation of some tasks as ground truth to score annotators");
    return g;
  }
  auto reports = gold_classification_reports(t, d.pa.gold);
  if (!reports) {
    g.notes.push_back(reports.error().message);
    return g;
  }
  for (const AnnotatorGoldReport& r : *reports) {
    AnnotatorGold a;
    a.annotator = t.annotators.name(r.annotator);
    a.macro_precision = r.report.macro.precision;
    a.macro_recall = r.report.macro.recall;
    a.macro_f1 = r.report.macro.f1;
    auto q = qualification_test(t, d.pa.gold, r.annotator, c.o.gold_threshold);
    if (q) {
      a.answered = q->answered;
      a.correct = q->correct;
      a.accuracy = q->accuracy;
      a.passed = q->passed;
      for (const GoldError& e : q->errors)
        a.mistakes.push_back(
            {t.items.name(e.item), t.labels.name(e.expected), t.labels.name(e.given)});
    } else {
      a.accuracy = kNaN;
      g.notes.push_back(a.annotator + ": " + q.error().message);
    }
    if (a.answered == 0) g.notes.push_back(a.annotator + " answered no gold task");
    g.annotators.push_back(std::move(a));
  }
  return g;
}

ConsensusSection consensus_section(const Context& c, const ChoiceData& d,
                                   std::vector<int32_t>* labels_out) {
  ConsensusSection s;
  s.label_set = d.set;
  s.to_name = d.to_name;
  s.method = consensus_method_name(c.o.consensus);
  const AnnotationTable& t = d.pa.table;
  std::vector<int32_t> labels;
  std::vector<double> conf(static_cast<size_t>(t.n_items()), kNaN);
  if (c.o.consensus == ConsensusMethod::kMajorityVote) {
    MajorityVoteOptions mo;
    mo.fractions = true;
    auto mv = majority_vote(t, mo);
    if (!mv) {
      s.notes.push_back(mv.error().message);
      return s;
    }
    labels = mv->labels;
    for (int32_t i = 0; i < t.n_items(); ++i)
      if (labels[i] >= 0)
        conf[i] = mv->fractions[static_cast<size_t>(i) * t.n_labels() + labels[i]];
  } else {
    auto ds = dawid_skene(t);
    if (!ds) {
      s.notes.push_back(ds.error().message);
      return s;
    }
    labels = ds->labels;
    for (int32_t i = 0; i < t.n_items(); ++i)
      if (labels[i] >= 0)
        conf[i] = ds->posteriors[static_cast<size_t>(i) * t.n_labels() + labels[i]];
    if (!ds->converged) s.notes.push_back("Dawid-Skene stopped before converging");
  }
  for (int32_t i = 0; i < t.n_items(); ++i) {
    const std::string id = t.items.name(i);
    s.items.push_back(
        {id, index_of(c, id), labels[i] >= 0 ? t.labels.name(labels[i]) : "", conf[i]});
    if (labels[i] < 0 || conf[i] < c.o.low_confidence) s.low_confidence.push_back(i);
  }
  std::stable_sort(s.low_confidence.begin(), s.low_confidence.end(), [&](int64_t a, int64_t b) {
    const double x = std::isnan(conf[a]) ? -1 : conf[a], y = std::isnan(conf[b]) ? -1 : conf[b];
    return x < y;
  });
  if (labels_out) *labels_out = labels;
  return s;
}

DriftSection drift_section(const Context& c, const ChoiceData& d,
                           const std::vector<int32_t>& consensus) {
  DriftSection s;
  s.label_set = d.set;
  s.detector = drift_detector_name(c.o.detector);
  const AnnotationTable& t = d.pa.table;
  std::vector<int32_t> gold(static_cast<size_t>(t.n_items()), -1);
  for (const GoldAnswer& g : d.pa.gold) gold[static_cast<size_t>(g.item)] = g.label;
  // Event time and lead time of each (task, annotator) answer of this label set.
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> when;
  bool all_stamped = true;
  for (const Task& task : c.project.tasks)
    for (const Annotation& a : task.annotations) {
      if (!counted(a)) continue;
      const double at = annotation_time(a);
      if (std::isnan(at)) all_stamped = false;
      when[{task.id, a.annotator}] = {at, a.has_lead_time ? a.lead_time : kNaN};
    }
  s.order = all_stamped ? "event times" : "task order";
  struct Row {
    double key;
    int64_t row;
  };
  std::vector<std::vector<Row>> rows(static_cast<size_t>(t.n_annotators()));
  for (int64_t r = 0; r < t.rows(); ++r) {
    const std::string id = t.items.name(t.item[r]);
    auto w = when.find({id, t.annotators.name(t.annotator[r])});
    double key =
        all_stamped && w != when.end() ? w->second.first : static_cast<double>(index_of(c, id));
    rows[static_cast<size_t>(t.annotator[r])].push_back({key, r});
  }
  std::vector<int32_t> fa;
  std::vector<double> fts, fsec, fq;
  for (int32_t a = 0; a < t.n_annotators(); ++a) {
    auto& list = rows[static_cast<size_t>(a)];
    std::stable_sort(list.begin(), list.end(),
                     [](const Row& x, const Row& y) { return x.key < y.key; });
    AnnotatorDrift ad;
    ad.annotator = t.annotators.name(a);
    double clock = 0;
    for (const Row& rw : list) {
      const int32_t item = t.item[rw.row];
      const int32_t ref = gold[item] >= 0     ? gold[item]
                          : consensus.empty() ? -1
                                              : consensus[static_cast<size_t>(item)];
      if (ref < 0) continue;
      const std::string id = t.items.name(item);
      auto w = when.find({id, ad.annotator});
      const double sec = w == when.end() ? kNaN : w->second.second;
      ad.task_ids.push_back(id);
      ad.quality.push_back(t.label[rw.row] == ref ? 1.0 : 0.0);
      ad.seconds.push_back(sec);
      clock += std::isnan(sec) ? 1 : sec;
      fa.push_back(a);
      fts.push_back(all_stamped ? rw.key : clock);
      fsec.push_back(std::isnan(sec) ? 0 : sec);
      fq.push_back(ad.quality.back());
    }
    const size_t n = ad.quality.size();
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
      sum += ad.quality[i];
      if (i >= static_cast<size_t>(c.o.drift_window)) sum -= ad.quality[i - c.o.drift_window];
      ad.rolling.push_back(sum / static_cast<double>(std::min<size_t>(i + 1, c.o.drift_window)));
    }
    if (n > 0) {
      if (c.o.detector == DriftDetector::kPageHinkley) {
        PageHinkleyOptions po;
        po.min_instances = std::max<int64_t>(10, c.o.drift_window);
        po.threshold = 5;
        po.mode = DriftMode::kDown;
        auto ph = page_hinkley(ad.quality, po);
        if (ph) ad.alarms = *ph;
      } else {
        auto aw = adwin(ad.quality);
        if (aw) ad.alarms = aw->detections;
      }
    }
    s.annotators.push_back(std::move(ad));
  }
  if (!fa.empty()) {
    auto f = session_fatigue(fa, fts, fsec, fq);
    if (f) {
      for (const SessionFatigue& sf : f->sessions) {
        AnnotatorDrift& ad = s.annotators[static_cast<size_t>(sf.annotator)];
        ++ad.sessions;
        if (sf.slower) ++ad.slower_sessions;
        if (sf.worse) ++ad.worse_sessions;
      }
    } else {
      s.notes.push_back("fatigue: " + f.error().message);
    }
  }
  if (d.pa.gold.empty()) s.notes.push_back("no gold: quality is agreement with the consensus");
  return s;
}

BoxConsensusSection box_consensus(const Context& c, const SetInfo& s) {
  BoxConsensusSection out;
  out.label_set = s.name;
  bool rotated = false;
  for (size_t ti = 0; ti < c.project.tasks.size(); ++ti) {
    const Task& t = c.project.tasks[ti];
    std::vector<AnnotatedBox> boxes;
    std::map<std::string, int32_t> who;
    std::vector<std::string> label_names;
    for (const Annotation& a : t.annotations) {
      if (!counted(a) || who.count(a.annotator)) continue;
      const int32_t code = static_cast<int32_t>(who.size());
      who[a.annotator] = code;
      for (const Region& r : a.regions) {
        if (r.kind != RegionKind::kBox || r.from_name != s.name || r.labels.empty()) continue;
        if (r.rotation != 0) rotated = true;
        auto it = std::find(label_names.begin(), label_names.end(), r.labels[0]);
        if (it == label_names.end()) label_names.push_back(r.labels[0]);
        const int32_t lc = static_cast<int32_t>(
            std::find(label_names.begin(), label_names.end(), r.labels[0]) - label_names.begin());
        boxes.push_back({r.x, r.y, r.width, r.height, lc, code, 1.0});
      }
    }
    if (who.size() < 2 || boxes.empty()) continue;
    BoxFusionOptions bo;
    bo.n_annotators = static_cast<int32_t>(who.size());
    auto fused = fuse_boxes(boxes, bo);
    if (!fused) {
      out.notes.push_back("task " + t.id + ": " + fused.error().message);
      continue;
    }
    FusedTaskBoxes ft{t.id, static_cast<int64_t>(ti), {}};
    for (const FusedBox& f : *fused)
      ft.boxes.push_back({f.x, f.y, f.width, f.height, f.confidence,
                          label_names[static_cast<size_t>(f.label)], f.annotators});
    out.tasks.push_back(std::move(ft));
  }
  if (rotated)
    out.notes.push_back("rotated boxes are fused by their unrotated extent (rotation ignored)");
  if (out.tasks.empty()) out.notes.push_back("no task has boxes from two annotators");
  return out;
}

}  // namespace

const char* consensus_method_name(ConsensusMethod method) {
  return method == ConsensusMethod::kDawidSkene ? "dawid-skene" : "majority";
}

Result<ConsensusMethod> parse_consensus_method(std::string_view name, const std::string& where) {
  if (name == "majority") return ConsensusMethod::kMajorityVote;
  if (name == "dawid-skene") return ConsensusMethod::kDawidSkene;
  return make_error(ErrorCode::kInvalidArgument, where,
                    "'" + std::string(name) + "' is not one of majority, dawid-skene");
}

const char* drift_detector_name(DriftDetector detector) {
  return detector == DriftDetector::kAdwin ? "adwin" : "page-hinkley";
}

Result<DriftDetector> parse_drift_detector(std::string_view name, const std::string& where) {
  if (name == "page-hinkley") return DriftDetector::kPageHinkley;
  if (name == "adwin") return DriftDetector::kAdwin;
  return make_error(ErrorCode::kInvalidArgument, where,
                    "'" + std::string(name) + "' is not one of page-hinkley, adwin");
}

Status validate_quality_options(const QualityOptions& o) {
  auto bad = [](const char* name, const std::string& what) {
    return make_error(ErrorCode::kInvalidArgument, name, what);
  };
  if (o.bootstrap_resamples < 1 || o.bootstrap_resamples > 1000000)
    return bad("bootstrap_resamples", "must be in 1..1000000");
  if (!(o.confidence > 0 && o.confidence < 1)) return bad("confidence", "must be in (0, 1)");
  if (!(o.iou_threshold > 0 && o.iou_threshold <= 1))
    return bad("iou_threshold", "must be in (0, 1]");
  if (!(o.keypoint_sigma > 0) || !std::isfinite(o.keypoint_sigma))
    return bad("keypoint_sigma", "must be a positive number");
  if (!(o.gold_threshold >= 0 && o.gold_threshold <= 1))
    return bad("gold_threshold", "must be in [0, 1]");
  if (!(o.low_confidence >= 0 && o.low_confidence <= 1))
    return bad("low_confidence", "must be in [0, 1]");
  if (o.drift_window < 1) return bad("drift_window", "must be at least 1");
  if (!(o.price_per_task >= 0) || !std::isfinite(o.price_per_task))
    return bad("price_per_task", "must be a finite number >= 0");
  if (o.annotations_per_task < 0) return bad("annotations_per_task", "must be >= 0");
  if (o.queue_limit < 0) return bad("queue_limit", "must be >= 0");
  return Ok{};
}

Result<QualityReport> quality_report(const Project& project, const QualityOptions& options) {
  if (auto st = validate_quality_options(options); !st) return st.error();
  QualityReport report;
  report.project_name = project.name;
  report.date = options.date;
  report.options = options;
  Context c{project, options, {}, label_sets_of(project), {}};
  for (size_t i = 0; i < project.tasks.size(); ++i)
    c.task_index.emplace(project.tasks[i].id, static_cast<int64_t>(i));
  report.progress = progress_section(c);

  std::vector<ChoiceData> choices;
  const bool needs_geometry = std::any_of(c.sets.begin(), c.sets.end(), [](const SetInfo& s) {
    return s.kind == RegionKind::kBox || s.kind == RegionKind::kSpan ||
           s.kind == RegionKind::kBrush;
  });
  Result<ProjectGeometricAgreement> geometry =
      make_error(ErrorCode::kEmptyInput, "tasks", "no geometric label set");
  if (needs_geometry) {
    GeometricOptions go;
    go.iou_threshold = options.iou_threshold;
    geometry = project_geometric_agreement(project, go);
  }
  for (const SetInfo& s : c.sets) {
    LabelSetAgreement la;
    la.label_set = s.name;
    la.kind = kind_name(s);
    if (s.kind == RegionKind::kChoices && !s.multiple) {
      auto pa = project_annotations(project, s.name);
      if (!pa) {
        la.notes.push_back(pa.error().message);
      } else {
        choice_agreement(c, s, *pa, &la);
        choices.push_back({s.name, s.to_name, std::move(pa).value()});
      }
    } else if (s.kind == RegionKind::kChoices) {
      multiple_choice_agreement(c, s, &la);
    } else if (s.kind == RegionKind::kBox || s.kind == RegionKind::kSpan ||
               s.kind == RegionKind::kBrush) {
      geometric_agreement(c, s, geometry, &la);
      if (s.kind == RegionKind::kBox) report.box_consensus.push_back(box_consensus(c, s));
    } else if (s.kind == RegionKind::kKeypoint) {
      keypoint_agreement(c, s, &la);
    } else {
      la.notes.push_back(std::string("no agreement measure for ") + kind_name(s) +
                         " in this report (polygons would need polygon IoU)");
    }
    report.agreement.push_back(std::move(la));
  }

  report.queue_measure =
      "1 - agreement on the task: for choices the share of disagreeing pairs of answers "
      "(1 - Fleiss' P_i); boxes 1 - mean matched F1 of the pairs; spans 1 - mean overlap F1; "
      "masks 1 - mean IoU; keypoints 1 - mean OKS-like similarity";
  std::stable_sort(c.queue.begin(), c.queue.end(),
                   [](const DisagreementItem& a, const DisagreementItem& b) {
                     if (a.disagreement != b.disagreement) return a.disagreement > b.disagreement;
                     return a.task_index < b.task_index;
                   });
  if (options.queue_limit > 0 && c.queue.size() > static_cast<size_t>(options.queue_limit))
    c.queue.resize(static_cast<size_t>(options.queue_limit));
  report.queue = std::move(c.queue);

  // The main choices label set (the most answers) carries drift and the annotators table.
  const ChoiceData* main_set = nullptr;
  std::vector<int32_t> main_labels;
  for (const ChoiceData& d : choices) {
    report.gold.push_back(gold_section(c, d));
    std::vector<int32_t> labels;
    report.consensus.push_back(consensus_section(c, d, &labels));
    if (!main_set || d.pa.table.rows() > main_set->pa.table.rows()) {
      main_set = &d;
      main_labels = std::move(labels);
    }
  }
  if (main_set) {
    const std::vector<int32_t>& labels = main_labels;
    report.drift = drift_section(c, *main_set, labels);
    report.annotators_label_set = main_set->set;
    const AnnotationTable& t = main_set->pa.table;
    auto stats = annotator_statistics(t, main_set->pa.gold, options.price_per_task);
    if (stats) {
      for (const AnnotatorStats& s : *stats)
        report.annotators.push_back({t.annotators.name(s.annotator), s.tasks, s.median_seconds,
                                     s.tasks_per_hour, s.agreement_with_others, s.gold_accuracy,
                                     s.cost});
    } else {
      report.notes.push_back("annotators: " + stats.error().message);
    }
  } else {
    report.notes.push_back(
        "no single-choice label set with answers: gold, drift, the annotators table and the "
        "consensus need one");
  }
  return report;
}

}  // namespace localabel
