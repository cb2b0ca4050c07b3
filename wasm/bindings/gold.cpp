// Embind glue for gold checks and per-annotator statistics on a loaded AnalyticsTable
// (first argument: the JS handle).
#include "localabel/gold.h"

#include <emscripten/bind.h>

#include <string>
#include <vector>

#include "analytics_table.h"
#include "localabel/annotator_stats.h"
#include "localabel/honeypots.h"

namespace {

using namespace localabel::wasm;  // NOLINT(google-build-using-namespace)

val gold_accuracy(const AnalyticsTable& t) {
  if (auto e = t.need()) return *e;
  auto r = localabel::gold_accuracy(t.table(), t.gold());
  if (!r.ok()) return fail(r.error());
  val list = val::array();
  for (const auto& a : *r) {
    val o = val::object();
    o.set("annotator", t.table().annotators.name(a.annotator));
    o.set("answered", static_cast<double>(a.answered));
    o.set("correct", static_cast<double>(a.correct));
    o.set("accuracy", num(a.accuracy));
    list.call<void>("push", o);
  }
  return ok(list);
}

val qualification_test(const AnalyticsTable& t, int annotator, double threshold) {
  if (auto e = t.need()) return *e;
  auto q = localabel::qualification_test(t.table(), t.gold(), annotator, threshold);
  if (!q.ok()) return fail(q.error());
  val o = val::object();
  o.set("annotator", t.table().annotators.name(q->annotator));
  o.set("answered", static_cast<double>(q->answered));
  o.set("correct", static_cast<double>(q->correct));
  o.set("accuracy", num(q->accuracy));
  o.set("passed", q->passed);
  val errors = val::array();
  for (const auto& e : q->errors) {
    val x = val::object();
    x.set("item", t.table().items.name(e.item));
    x.set("expected", t.table().labels.name(e.expected));
    x.set("given", t.table().labels.name(e.given));
    errors.call<void>("push", x);
  }
  o.set("errors", errors);
  return ok(o);
}

val annotator_stats(const AnalyticsTable& t, double price) {
  if (auto e = t.need()) return *e;
  auto r = localabel::annotator_statistics(t.table(), t.gold(), price);
  if (!r.ok()) return fail(r.error());
  val list = val::array();
  for (const auto& s : *r) {
    val o = val::object();
    o.set("annotator", t.table().annotators.name(s.annotator));
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

// "0", "1" or "nan" (checked by the facade; anything else is 0).
localabel::ZeroDivision zero_division(const std::string& s) {
  return s == "1"     ? localabel::ZeroDivision::kOne
         : s == "nan" ? localabel::ZeroDivision::kNaN
                      : localabel::ZeroDivision::kZero;
}

val averages(const localabel::AverageScores& a) {
  val o = val::object();
  o.set("precision", num(a.precision));
  o.set("recall", num(a.recall));
  o.set("f1", num(a.f1));
  return o;
}

// Class labels are codes, or names when a dictionary is given.
val report_object(const localabel::ClassificationReport& r, const localabel::Dictionary* labels) {
  val o = val::object();
  o.set("n", static_cast<double>(r.n));
  val classes = val::array();
  for (const auto& c : r.classes) {
    val x = val::object();
    if (labels)
      x.set("label", labels->name(c.label));
    else
      x.set("label", c.label);
    x.set("precision", num(c.precision));
    x.set("recall", num(c.recall));
    x.set("f1", num(c.f1));
    x.set("support", static_cast<double>(c.support));
    x.set("predicted", static_cast<double>(c.predicted));
    x.set("truePositives", static_cast<double>(c.true_positives));
    classes.call<void>("push", x);
  }
  o.set("classes", classes);
  o.set("macro", averages(r.macro));
  o.set("micro", averages(r.micro));
  o.set("weighted", averages(r.weighted));
  o.set("accuracy", num(r.accuracy));
  return o;
}

val classification_report(val truth, val predicted, int n_labels, std::string zd,
                          val report_labels) {
  auto a = to_vector<int32_t>(truth);
  auto b = to_vector<int32_t>(predicted);
  localabel::ClassificationReportOptions options;
  options.zero_division = zero_division(zd);
  options.labels = to_vector<int32_t>(report_labels);
  auto r = localabel::classification_report(a, b, n_labels, options);
  if (!r.ok()) return fail(r.error());
  return ok(report_object(*r, nullptr));
}

val gold_reports(const AnalyticsTable& t, std::string zd, val report_labels) {
  if (auto e = t.need()) return *e;
  localabel::ClassificationReportOptions options;
  options.zero_division = zero_division(zd);
  options.labels = to_vector<int32_t>(report_labels);
  auto r = localabel::gold_classification_reports(t.table(), t.gold(), options);
  if (!r.ok()) return fail(r.error());
  val list = val::array();
  for (const auto& a : *r) {
    val o = report_object(a.report, &t.table().labels);
    o.set("annotator", t.table().annotators.name(a.annotator));
    list.call<void>("push", o);
  }
  return ok(list);
}

val place_honeypots(std::string seed, std::string annotator, val tasks, val gold, double rate) {
  auto tv = emscripten::vecFromJSArray<std::string>(tasks);
  auto gv = emscripten::vecFromJSArray<std::string>(gold);
  auto r = localabel::place_honeypots(seed, annotator, tv, gv, rate);
  if (!r.ok()) return fail(r.error());
  val o = val::object();
  val queue = val::array();
  for (const auto& id : r->queue) queue.call<void>("push", id);
  o.set("queue", queue);
  o.set("honeypot", typed_copy("Uint8Array", r->honeypot));
  o.set("honeypots", static_cast<double>(r->honeypots));
  o.set("unfilledSlots", static_cast<double>(r->unfilled_slots));
  return ok(o);
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_gold) {
  emscripten::function("gold_accuracy", &gold_accuracy);
  emscripten::function("gold_qualification_test", &qualification_test);
  emscripten::function("gold_annotator_stats", &annotator_stats);
  emscripten::function("gold_classification_report", &classification_report);
  emscripten::function("gold_reports", &gold_reports);
  emscripten::function("gold_place_honeypots", &place_honeypots);
}
