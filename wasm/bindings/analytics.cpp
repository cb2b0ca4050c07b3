// Embind glue for the quality analytics: agreement, aggregation, gold checks, annotator
// statistics and drift. Typed arrays in, plain objects out; every function returns
// {ok: true, value} or {ok: false, code, message, path}. A long table lives in an
// AnalyticsTable handle (freed with .delete()) so that several metrics share one parse.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "convert.h"
#include "localabel/aggregation.h"
#include "localabel/agreement.h"
#include "localabel/annotation_table.h"
#include "localabel/annotator_stats.h"
#include "localabel/drift.h"
#include "localabel/gold.h"
#include "localabel/label_studio.h"

namespace {

using localabel::wasm::bytes_of;
using localabel::wasm::fail;
using localabel::wasm::ok;
using localabel::wasm::to_vector;
using localabel::wasm::typed_copy;

using emscripten::val;
using localabel::Error;
using localabel::ErrorCode;

val num(double v) { return std::isnan(v) ? val(NAN) : val(v); }

val agreement(const localabel::Result<localabel::AgreementResult>& r) {
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  o.set("value", num(r->value));
  o.set("observed", num(r->observed));
  o.set("expected", num(r->expected));
  o.set("units", static_cast<double>(r->n_units));
  o.set("undefinedReason", r->undefined_reason);
  return ok(o);
}

localabel::KappaWeights weights_of(const std::string& w) {
  if (w == "linear") return localabel::KappaWeights::kLinear;
  if (w == "quadratic") return localabel::KappaWeights::kQuadratic;
  return localabel::KappaWeights::kNone;
}

localabel::AlphaLevel level_of(const std::string& l) {
  if (l == "ordinal") return localabel::AlphaLevel::kOrdinal;
  if (l == "interval") return localabel::AlphaLevel::kInterval;
  if (l == "ratio") return localabel::AlphaLevel::kRatio;
  return localabel::AlphaLevel::kNominal;
}

val names(const localabel::Dictionary& d) {
  val a = val::array();
  for (int32_t c = 0; c < d.size(); ++c) a.call<void>("push", d.name(c));
  return a;
}

val cohen(val a, val b, std::string weights) {
  auto va = to_vector<int32_t>(a), vb = to_vector<int32_t>(b);
  return agreement(localabel::cohen_kappa(va, vb, weights_of(weights)));
}
val percent(val a, val b) {
  auto va = to_vector<int32_t>(a), vb = to_vector<int32_t>(b);
  return agreement(localabel::percent_agreement(va, vb));
}
val scott(val a, val b) {
  auto va = to_vector<int32_t>(a), vb = to_vector<int32_t>(b);
  return agreement(localabel::scott_pi(va, vb));
}
val bennett(val a, val b, int n_categories) {
  auto va = to_vector<int32_t>(a), vb = to_vector<int32_t>(b);
  return agreement(localabel::bennett_s(va, vb, n_categories));
}
val fleiss(val counts, double n_items, int n_categories) {
  auto c = to_vector<int32_t>(counts);
  return agreement(localabel::fleiss_kappa(c, static_cast<int64_t>(n_items), n_categories));
}
val alpha(val matrix, double n_annotators, double n_items, std::string level) {
  auto m = to_vector<double>(matrix);
  return agreement(localabel::krippendorff_alpha(m, static_cast<int64_t>(n_annotators),
                                                 static_cast<int64_t>(n_items), level_of(level)));
}

val drift_result(const localabel::Result<localabel::RollingDrift>& r) {
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  o.set("n", static_cast<double>(r->n));
  o.set("window", static_cast<double>(r->window));
  o.set("threshold", r->threshold);
  o.set("firstAlarm", static_cast<double>(r->first_alarm));
  o.set("windows", static_cast<double>(r->n_windows));
  o.set("mean", num(r->mean));
  return ok(o);
}

val rolling_alarm(val values, double window, double threshold) {
  auto v = to_vector<double>(values);
  return drift_result(localabel::rolling_mean_alarm(std::span<const double>(v),
                                                    static_cast<int64_t>(window), threshold));
}

val quality_drop(val values, double window, double drop) {
  auto v = to_vector<double>(values);
  auto r = localabel::rolling_quality_drop(v, static_cast<int64_t>(window), drop);
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  std::vector<double> alarms(r->alarms.begin(), r->alarms.end());
  o.set("alarms", typed_copy("Float64Array", alarms));
  o.set("windowMeans", typed_copy("Float64Array", r->window_means));
  return ok(o);
}

// A parsed long table shared by several calls.
class AnalyticsTable {
 public:
  val load_csv(std::string text, val declared_labels) {
    localabel::CsvOptions o;
    if (!declared_labels.isNull() && !declared_labels.isUndefined())
      o.declared_labels = emscripten::vecFromJSArray<std::string>(declared_labels);
    gold_.clear();  // gold codes belong to the previous table
    return adopt(localabel::parse_annotations_csv(text, o));
  }

  val load_ids(val item, val annotator, val label, val time) {
    gold_.clear();
    return adopt(localabel::annotation_table_from_ids(
        to_vector<int32_t>(item), to_vector<int32_t>(annotator), to_vector<int32_t>(label),
        to_vector<double>(time)));
  }

  val load_label_studio(std::string text, std::string from_name) {
    auto project = localabel::import_label_studio(text);
    if (!project.ok()) return fail(project.error());
    auto pa = localabel::project_annotations(*project, from_name);
    if (!pa.ok()) return fail(pa.error());
    auto r = adopt(std::move(pa->table));
    gold_ = std::move(pa->gold);
    r["value"].set("goldAnswers", static_cast<double>(gold_.size()));
    return r;
  }

  val set_gold_csv(std::string text) {
    if (auto e = need()) return *e;
    auto g = localabel::parse_gold_csv(text, table_);
    if (!g.ok()) return fail(g.error());
    gold_ = std::move(g).value();
    return ok(val(static_cast<double>(gold_.size())));
  }

  val set_gold_codes(val items, val labels) {
    if (auto e = need()) return *e;
    auto i = to_vector<int32_t>(items), l = to_vector<int32_t>(labels);
    if (i.size() != l.size())
      return fail(localabel::make_error(ErrorCode::kLengthMismatch, "gold",
                                        "items and labels differ in length"));
    gold_.clear();
    for (size_t k = 0; k < i.size(); ++k) gold_.push_back({i[k], l[k]});
    return ok(val(static_cast<double>(gold_.size())));
  }

  val cohen_kappa(int a, int b, std::string weights) {
    if (auto e = need()) return *e;
    return agreement(localabel::cohen_kappa(table_, a, b, weights_of(weights)));
  }
  val fleiss_kappa() {
    if (auto e = need()) return *e;
    return agreement(localabel::fleiss_kappa(table_));
  }
  val krippendorff_alpha(std::string level) {
    if (auto e = need()) return *e;
    return agreement(localabel::krippendorff_alpha(table_, level_of(level)));
  }

  val majority_vote(std::string ties, double seed, val weights, bool fractions) {
    if (auto e = need()) return *e;
    localabel::MajorityVoteOptions o;
    o.tie_break = ties == "abstain"  ? localabel::TieBreak::kAbstain
                  : ties == "random" ? localabel::TieBreak::kRandom
                                     : localabel::TieBreak::kSmallest;
    o.seed = static_cast<uint64_t>(seed);
    o.weights = to_vector<double>(weights);
    o.fractions = fractions;
    auto r = localabel::majority_vote(table_, o);
    if (!r.ok()) return fail(r.error());
    val v = val::object();
    v.set("labels", typed_copy("Int32Array", r->labels));
    if (fractions) v.set("fractions", typed_copy("Float64Array", r->fractions));
    v.set("ties", static_cast<double>(r->ties));
    return ok(v);
  }

  val dawid_skene(double max_iterations, double tolerance, bool one_coin) {
    if (auto e = need()) return *e;
    localabel::DawidSkeneOptions o;
    o.max_iterations = static_cast<int>(max_iterations);
    o.tolerance = tolerance;
    o.one_coin = one_coin;
    auto r = localabel::dawid_skene(table_, o);
    if (!r.ok()) return fail(r.error());
    val v = val::object();
    v.set("labels", typed_copy("Int32Array", r->labels));
    v.set("posteriors", typed_copy("Float64Array", r->posteriors));
    v.set("priors", typed_copy("Float64Array", r->priors));
    v.set("confusion", typed_copy("Float64Array", r->confusion));
    v.set("skills", typed_copy("Float64Array", r->skills));
    v.set("iterations", r->iterations);
    v.set("converged", r->converged);
    v.set("logLikelihood", r->log_likelihood);
    return ok(v);
  }

  val gold_accuracy() {
    if (auto e = need()) return *e;
    auto r = localabel::gold_accuracy(table_, gold_);
    if (!r.ok()) return fail(r.error());
    val list = val::array();
    for (const auto& a : *r) {
      val o = val::object();
      o.set("annotator", table_.annotators.name(a.annotator));
      o.set("answered", static_cast<double>(a.answered));
      o.set("correct", static_cast<double>(a.correct));
      o.set("accuracy", num(a.accuracy));
      list.call<void>("push", o);
    }
    return ok(list);
  }

  val qualification_test(int annotator, double threshold) {
    if (auto e = need()) return *e;
    auto q = localabel::qualification_test(table_, gold_, annotator, threshold);
    if (!q.ok()) return fail(q.error());
    val o = val::object();
    o.set("annotator", table_.annotators.name(q->annotator));
    o.set("answered", static_cast<double>(q->answered));
    o.set("correct", static_cast<double>(q->correct));
    o.set("accuracy", num(q->accuracy));
    o.set("passed", q->passed);
    val errors = val::array();
    for (const auto& e : q->errors) {
      val x = val::object();
      x.set("item", table_.items.name(e.item));
      x.set("expected", table_.labels.name(e.expected));
      x.set("given", table_.labels.name(e.given));
      errors.call<void>("push", x);
    }
    o.set("errors", errors);
    return ok(o);
  }

  val annotator_stats(double price) {
    if (auto e = need()) return *e;
    auto r = localabel::annotator_statistics(table_, gold_, price);
    if (!r.ok()) return fail(r.error());
    val list = val::array();
    for (const auto& s : *r) {
      val o = val::object();
      o.set("annotator", table_.annotators.name(s.annotator));
      o.set("tasks", static_cast<double>(s.tasks));
      o.set("meanSeconds", num(s.mean_seconds));
      o.set("medianSeconds", num(s.median_seconds));
      o.set("tasksPerHour", num(s.tasks_per_hour));
      o.set("agreementWithOthers", num(s.agreement_with_others));
      o.set("sharedItems", static_cast<double>(s.shared_items));
      o.set("goldAccuracy", num(s.gold_accuracy));
      o.set("goldAnswered", static_cast<double>(s.gold_answered));
      o.set("cost", s.cost);
      list.call<void>("push", o);
    }
    return ok(list);
  }

  val info() const {
    val o = val::object();
    o.set("rows", static_cast<double>(table_.rows()));
    o.set("items", names(table_.items));
    o.set("annotators", names(table_.annotators));
    o.set("labels", names(table_.labels));
    o.set("hasTime", !table_.time.empty());
    o.set("goldAnswers", static_cast<double>(gold_.size()));
    return o;
  }

 private:
  val adopt(localabel::Result<localabel::AnnotationTable> r) {
    if (!r.ok()) return fail(r.error());
    table_ = std::move(r).value();
    loaded_ = true;
    return ok(info());
  }

  std::unique_ptr<val> need() const {
    if (loaded_) return nullptr;
    return std::make_unique<val>(fail(
        localabel::make_error(ErrorCode::kEmptyInput, "", "no annotations loaded in this table")));
  }

  localabel::AnnotationTable table_;
  std::vector<localabel::GoldAnswer> gold_;
  bool loaded_ = false;
};

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_analytics) {
  emscripten::function("analytics_cohen_kappa", &cohen);
  emscripten::function("analytics_percent_agreement", &percent);
  emscripten::function("analytics_scott_pi", &scott);
  emscripten::function("analytics_bennett_s", &bennett);
  emscripten::function("analytics_fleiss_kappa", &fleiss);
  emscripten::function("analytics_krippendorff_alpha", &alpha);
  emscripten::function("analytics_rolling_mean_alarm", &rolling_alarm);
  emscripten::function("analytics_rolling_quality_drop", &quality_drop);
  emscripten::class_<AnalyticsTable>("AnalyticsTable")
      .constructor<>()
      .function("loadCsv", &AnalyticsTable::load_csv)
      .function("loadIds", &AnalyticsTable::load_ids)
      .function("loadLabelStudio", &AnalyticsTable::load_label_studio)
      .function("setGoldCsv", &AnalyticsTable::set_gold_csv)
      .function("setGoldCodes", &AnalyticsTable::set_gold_codes)
      .function("cohenKappa", &AnalyticsTable::cohen_kappa)
      .function("fleissKappa", &AnalyticsTable::fleiss_kappa)
      .function("krippendorffAlpha", &AnalyticsTable::krippendorff_alpha)
      .function("majorityVote", &AnalyticsTable::majority_vote)
      .function("dawidSkene", &AnalyticsTable::dawid_skene)
      .function("goldAccuracy", &AnalyticsTable::gold_accuracy)
      .function("qualificationTest", &AnalyticsTable::qualification_test)
      .function("annotatorStats", &AnalyticsTable::annotator_stats)
      .function("info", &AnalyticsTable::info);
}
