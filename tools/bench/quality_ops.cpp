// Bench ops of the quality analytics: CSV loading, agreement, aggregation and gold accuracy
// (contract: shared/bench/README.md). The long table is parsed once per process (untimed)
// and shared by the ops that start from it; the "given" inputs are built from it untimed.
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "bench.h"
#include "localabel/aggregation.h"
#include "localabel/agreement.h"
#include "localabel/annotation_table.h"
#include "localabel/gold.h"

namespace localabel::bench {
namespace {

[[noreturn]] void die(const Error& e) {
  std::fprintf(stderr, "localabel_bench: %s\n", e.message.c_str());
  std::exit(1);
}

template <class T>
T take(Result<T> r) {
  if (!r.ok()) die(r.error());
  return std::move(r).value();
}

// Reads a file into a string of exactly its size (one copy of the bytes in memory, which
// matters for the wasm heap with the 50 MB large set).
std::string read_exact(const Data& data, const std::string& name) {
  const std::string path = data.dir() + "/" + name;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) die(make_error(ErrorCode::kIoError, path, "cannot open"));
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  std::string text(static_cast<size_t>(size < 0 ? 0 : size), '\0');
  size_t got = std::fread(text.data(), 1, text.size(), f);
  std::fclose(f);
  if (got != text.size()) die(make_error(ErrorCode::kIoError, path, "short read"));
  return text;
}

// The parsed annotations of the data set, kept between ops.
std::unique_ptr<AnnotationTable>& cached_table() {
  static std::unique_ptr<AnnotationTable> table;
  return table;
}

const AnnotationTable& table_of(const Data& data) {
  auto& t = cached_table();
  if (!t) {
    std::string text = read_exact(data, "annotations.csv");
    t = std::make_unique<AnnotationTable>(take(parse_annotations_csv(text)));
  }
  return *t;
}

double label_value(const AnnotationTable& t, int32_t code) {
  return static_cast<double>(t.labels.integer(code));
}

Json kappa_json(const AgreementResult& r) {
  if (std::isnan(r.value)) return Json(nullptr);
  return r.value;
}

Json load_annotations_csv(const Data& data, Timer& timer) {
  cached_table().reset();  // do not hold two copies of the rows in memory
  std::string text = read_exact(data, "annotations.csv");
  int64_t rows = 0;
  double label_sum = 0;
  timer.run([&] {
    AnnotationTable t = take(parse_annotations_csv(text));
    rows = t.rows();
    int64_t sum = 0;
    if (t.labels.is_integer()) {
      std::vector<int64_t> values(static_cast<size_t>(t.n_labels()));
      for (int32_t c = 0; c < t.n_labels(); ++c) values[c] = t.labels.integer(c);
      for (int32_t l : t.label) sum += values[l];
    }
    label_sum = static_cast<double>(sum);
  });
  return {{"rows", rows}, {"label_sum", static_cast<int64_t>(label_sum)}};
}

AlignedLabels aligned_01(const AnnotationTable& t) {
  auto a = t.annotators.find("0"), b = t.annotators.find("1");
  if (!a || !b) die(make_error(ErrorCode::kUnknownReference, "", "annotators 0 and 1 needed"));
  return take(align_annotators(t, *a, *b));
}

Json cohen_given(const Data& data, Timer& timer, KappaWeights w) {
  AlignedLabels al = aligned_01(table_of(data));
  // The given vectors hold the label values themselves.
  const AnnotationTable& t = table_of(data);
  for (auto& v : al.a) v = static_cast<int32_t>(t.labels.integer(v));
  for (auto& v : al.b) v = static_cast<int32_t>(t.labels.integer(v));
  AgreementResult r;
  timer.run([&] { r = take(cohen_kappa(al.a, al.b, w)); });
  return kappa_json(r);
}

Json cohen_kappa_op(const Data& d, Timer& t) { return cohen_given(d, t, KappaWeights::kNone); }
Json cohen_kappa_quadratic_op(const Data& d, Timer& t) {
  return cohen_given(d, t, KappaWeights::kQuadratic);
}

Json cohen_kappa_from_long(const Data& data, Timer& timer) {
  const AnnotationTable& t = table_of(data);
  auto a = t.annotators.find("0"), b = t.annotators.find("1");
  if (!a || !b) die(make_error(ErrorCode::kUnknownReference, "", "annotators 0 and 1 needed"));
  AgreementResult r;
  timer.run([&] { r = take(cohen_kappa(t, *a, *b)); });
  return kappa_json(r);
}

Json fleiss_kappa_op(const Data& data, Timer& timer) {
  const AnnotationTable& t = table_of(data);
  const int32_t k = t.n_labels();
  std::vector<int32_t> counts(static_cast<size_t>(t.n_items()) * k, 0);
  for (int64_t r = 0; r < t.rows(); ++r) ++counts[static_cast<size_t>(t.item[r]) * k + t.label[r]];
  AgreementResult r;
  timer.run([&] { r = take(fleiss_kappa(counts, t.n_items(), k)); });
  return kappa_json(r);
}

Json fleiss_kappa_from_long(const Data& data, Timer& timer) {
  const AnnotationTable& t = table_of(data);
  AgreementResult r;
  timer.run([&] { r = take(fleiss_kappa(t)); });
  return kappa_json(r);
}

Json alpha_given(const Data& data, Timer& timer, AlphaLevel level) {
  const AnnotationTable& t = table_of(data);
  std::vector<double> m = take(reliability_matrix(t, level));
  AgreementResult r;
  timer.run([&] { r = take(krippendorff_alpha(m, t.n_annotators(), t.n_items(), level)); });
  return kappa_json(r);
}

Json alpha_long(const Data& data, Timer& timer, AlphaLevel level) {
  const AnnotationTable& t = table_of(data);
  AgreementResult r;
  timer.run([&] { r = take(krippendorff_alpha(t, level)); });
  return kappa_json(r);
}

Json alpha_nominal(const Data& d, Timer& t) { return alpha_given(d, t, AlphaLevel::kNominal); }
Json alpha_interval(const Data& d, Timer& t) { return alpha_given(d, t, AlphaLevel::kInterval); }
Json alpha_nominal_long(const Data& d, Timer& t) { return alpha_long(d, t, AlphaLevel::kNominal); }
Json alpha_interval_long(const Data& d, Timer& t) {
  return alpha_long(d, t, AlphaLevel::kInterval);
}

// {n, sum, head, acc_truth} of one label code per item.
Json labels_json(const Data& data, const AnnotationTable& t, const std::vector<int32_t>& labels) {
  Array<int32_t> truth = data.read_i32("truth");
  int64_t sum = 0, right = 0, n = 0;
  Json head = Json::array();
  for (size_t i = 0; i < labels.size(); ++i) {
    int64_t v = labels[i] < 0 ? -1 : static_cast<int64_t>(label_value(t, labels[i]));
    sum += v;
    if (head.size() < 10) head.push_back(v);
    int64_t item = t.items.integer(static_cast<int32_t>(i));
    if (item >= 0 && item < static_cast<int64_t>(truth.data.size())) {
      ++n;
      right += truth.data[item] == v;
    }
  }
  return {{"n", labels.size()},
          {"sum", sum},
          {"head", head},
          {"acc_truth", n ? static_cast<double>(right) / static_cast<double>(n) : 0.0}};
}

Json majority_vote_op(const Data& data, Timer& timer) {
  const AnnotationTable& t = table_of(data);
  MajorityVoteResult r;
  timer.run([&] { r = take(majority_vote(t)); });
  return labels_json(data, t, r.labels);
}

Json dawid_skene_op(const Data& data, Timer& timer) {
  const AnnotationTable& t = table_of(data);
  DawidSkeneOptions options;
  options.per_row = true;  // the contract's stopping rule: gain per row < 1e-5
  DawidSkeneResult r;
  timer.run([&] { r = take(dawid_skene(t, options)); });
  Json out = labels_json(data, t, r.labels);
  out["iters"] = r.iterations;
  return out;
}

Json gold_accuracy_op(const Data& data, Timer& timer) {
  const AnnotationTable& t = table_of(data);
  std::vector<GoldAnswer> gold = take(parse_gold_csv(data.read_text("gold.csv"), t));
  std::vector<AnnotatorGoldAccuracy> acc;
  timer.run([&] { acc = take(gold_accuracy(t, gold)); });
  double sum = 0;
  int64_t n = 0;
  Json first = Json::array();
  for (const auto& a : acc) {
    if (std::isnan(a.accuracy)) continue;
    sum += a.accuracy;
    ++n;
    if (first.size() < 5) first.push_back(a.accuracy);
  }
  return {{"n_annotators", n}, {"mean", n ? sum / static_cast<double>(n) : 0.0}, {"first", first}};
}

LOCALABEL_BENCH_OP("load_annotations_csv", load_annotations_csv);
LOCALABEL_BENCH_OP("cohen_kappa", cohen_kappa_op);
LOCALABEL_BENCH_OP("cohen_kappa_quadratic", cohen_kappa_quadratic_op);
LOCALABEL_BENCH_OP("cohen_kappa_from_long", cohen_kappa_from_long);
LOCALABEL_BENCH_OP("fleiss_kappa", fleiss_kappa_op);
LOCALABEL_BENCH_OP("fleiss_kappa_from_long", fleiss_kappa_from_long);
LOCALABEL_BENCH_OP("krippendorff_alpha_nominal", alpha_nominal);
LOCALABEL_BENCH_OP("krippendorff_alpha_interval", alpha_interval);
LOCALABEL_BENCH_OP("krippendorff_alpha_nominal_from_long", alpha_nominal_long);
LOCALABEL_BENCH_OP("krippendorff_alpha_interval_from_long", alpha_interval_long);
LOCALABEL_BENCH_OP("majority_vote", majority_vote_op);
LOCALABEL_BENCH_OP("dawid_skene", dawid_skene_op);
LOCALABEL_BENCH_OP("gold_accuracy", gold_accuracy_op);

}  // namespace
}  // namespace localabel::bench
