// Bench ops: uncertainty top-k, k-means++ representatives, greedy k-center, logistic
// regression fit (contract: shared/bench/README.md).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "bench.h"
#include "localabel/diversity.h"
#include "localabel/learner.h"
#include "localabel/sampling.h"

namespace localabel::bench {
namespace {

[[noreturn]] void die(const Error& e) {
  std::fprintf(stderr, "localabel_bench: %s\n", e.message.c_str());
  std::exit(1);
}

MatrixView view_of(const Array<float>& a) { return MatrixView{a.data.data(), a.rows(), a.cols()}; }

Json topk_op(const Data& data, Timer& timer, Uncertainty measure) {
  Array<float> probs = data.read_f32("probs");
  const int64_t n = probs.rows();
  const int64_t k = std::max<int64_t>(10, n / 100);
  std::vector<int64_t> picked;
  timer.run([&] {
    auto r = select_uncertain(view_of(probs), measure, k);
    if (!r) die(r.error());
    picked = std::move(*r);
  });
  auto scores = uncertainty_scores(view_of(probs), measure);
  if (!scores) die(scores.error());
  int64_t idx_sum = 0;
  double score_sum = 0;
  for (int64_t i : picked) {
    idx_sum += i;
    score_sum += (*scores)[static_cast<size_t>(i)];
  }
  std::vector<int64_t> sorted(picked);
  std::sort(sorted.begin(), sorted.end());
  sorted.resize(std::min<size_t>(5, sorted.size()));
  return {{"k", picked.size()}, {"idx_sum", idx_sum}, {"head", sorted}, {"score_sum", score_sum}};
}

Json entropy_topk(const Data& d, Timer& t) { return topk_op(d, t, Uncertainty::kEntropy); }
Json margin_topk(const Data& d, Timer& t) { return topk_op(d, t, Uncertainty::kMargin); }
Json least_confidence_topk(const Data& d, Timer& t) {
  return topk_op(d, t, Uncertainty::kLeastConfidence);
}

int64_t k_repr(int64_t n) { return std::min<int64_t>(100, std::max<int64_t>(10, n / 20)); }

Json kcenter(const Data& data, Timer& timer) {
  Array<float> emb = data.read_f32("emb");
  const int64_t k = k_repr(emb.rows());
  KCenterResult result;
  timer.run([&] {
    auto r = kcenter_greedy(view_of(emb), k);
    if (!r) die(r.error());
    result = std::move(*r);
  });
  int64_t idx_sum = 0;
  for (int64_t i : result.picks) idx_sum += i;
  std::vector<int64_t> head(result.picks.begin(),
                            result.picks.begin() + std::min<size_t>(8, result.picks.size()));
  return {
      {"k", result.picks.size()}, {"head", head}, {"idx_sum", idx_sum}, {"radius", result.radius}};
}

Json kmeanspp(const Data& data, Timer& timer) {
  Array<float> emb = data.read_f32("emb");
  KMeansOptions o;
  o.k = k_repr(emb.rows());
  o.seed = 0;
  o.max_iter = 10;
  KMeansResult result;
  timer.run([&] {
    auto r = kmeans_representatives(view_of(emb), o);
    if (!r) die(r.error());
    result = std::move(*r);
  });
  std::set<int64_t> unique(result.representatives.begin(), result.representatives.end());
  return {{"k", result.k},
          {"unique_reps", unique.size()},
          {"inertia", result.inertia},
          {"iterations", result.iterations}};
}

Json logreg_fit(const Data& data, Timer& timer) {
  Array<float> emb = data.read_f32("emb");
  Array<int32_t> truth = data.read_i32("truth");
  const int64_t k = data.n_classes();
  std::vector<int32_t> labels(truth.data.begin(), truth.data.end());
  LogisticRegressionModel model;
  timer.run([&] {
    auto r = fit_logistic_regression(view_of(emb), labels, k);
    if (!r) die(r.error());
    model = std::move(*r);
  });
  auto probs = predict_proba(model, view_of(emb));
  if (!probs) die(probs.error());
  std::vector<int32_t> pred = argmax_rows(*probs, k);
  int64_t correct = 0;
  for (size_t i = 0; i < pred.size(); ++i) correct += pred[i] == labels[i];
  return {{"n_iter", model.n_iter},
          {"train_acc", static_cast<double>(correct) / static_cast<double>(labels.size())},
          {"converged", model.converged},
          {"n_evals", model.n_evals}};
}

LOCALABEL_BENCH_OP("select_entropy_topk", entropy_topk);
LOCALABEL_BENCH_OP("select_margin_topk", margin_topk);
LOCALABEL_BENCH_OP("select_least_confidence_topk", least_confidence_topk);
LOCALABEL_BENCH_OP("select_kcenter_greedy", kcenter);
LOCALABEL_BENCH_OP("select_kmeanspp", kmeanspp);
LOCALABEL_BENCH_OP("logreg_fit", logreg_fit);

}  // namespace
}  // namespace localabel::bench
