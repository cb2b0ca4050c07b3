// Embind glue for gold checks and per-annotator statistics on a loaded AnalyticsTable
// (first argument: the JS handle).
#include "localabel/gold.h"

#include <emscripten/bind.h>

#include "analytics_table.h"
#include "localabel/annotator_stats.h"

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

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_gold) {
  emscripten::function("gold_accuracy", &gold_accuracy);
  emscripten::function("gold_qualification_test", &qualification_test);
  emscripten::function("gold_annotator_stats", &annotator_stats);
}
