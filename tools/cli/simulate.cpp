// `localabel simulate`: replays active learning on a fully labelled data set (the labels act
// as the oracle) and prints the learning curve of each strategy against random sampling.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command.h"
#include "localabel/diversity.h"
#include "localabel/features.h"
#include "localabel/learner.h"
#include "localabel/sampling.h"
#include "simulate_data.h"

namespace localabel::cli {
namespace {

using Json = nlohmann::json;

// SplitMix64: the same shuffles on every platform.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[next() % i]);
  }
};

const char* kHelp =
    "Replays active learning on a fully labelled data set: for every seed the rows are split\n"
    "into a test set and a pool; every strategy starts from the same random labelled rows,\n"
    "fits multinomial logistic regression (L2, C), asks for a batch of labels, and so on until\n"
    "the budget. The curve is the mean test accuracy over seeds at each number of labels.\n"
    "The summary gives, for every strategy, the fewest labels at which its mean accuracy\n"
    "reaches random sampling's accuracy at the reference number of labels, and that ratio.\n\n"
    "data (one of):\n"
    "  --csv FILE            numeric CSV, label in the last column (scikit-learn's bundled CSVs)\n"
    "  --text-files F1,F2,.. one file per class, entries separated by '%' lines (fortunes)\n"
    "  --per-class N         text: at most N entries per file (default 400)\n"
    "options:\n"
    "  --strategies LIST     comma list from: random, least_confidence, margin, entropy,\n"
    "                        kcenter, hybrid, ranked_batch, egl, qbc_vote, qbc_kl,\n"
    "                        balanced_margin (default: all but the qbc ones)\n"
    "  --seeds N (3)  --initial N (10)  --batch N (10)  --budget N (pool size)\n"
    "  --test-fraction F (0.25)  --c C (1)  --hash-bits B (11, text only)\n"
    "  --reference N|half    random's labels to match (default 1000, or half the pool if\n"
    "                        the pool is smaller than 2000)\n"
    "  --format json|table   (json)\n"
    "  --out FILE            (standard output)";

struct Options {
  std::string csv;
  std::vector<std::string> text_files;
  int64_t per_class = 400;
  std::vector<std::string> strategies = {
      "random", "least_confidence", "margin", "entropy",        "kcenter",
      "hybrid", "ranked_batch",     "egl",    "balanced_margin"};
  int seeds = 3;
  int64_t initial = 10, batch = 10, budget = 0;
  double test_fraction = 0.25, c = 1.0;
  int hash_bits = 11;
  std::string reference = "";
  std::string format = "json";
  std::string out = "-";
};

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

const std::vector<std::string> kKnown = {
    "random", "least_confidence", "margin", "entropy",        "kcenter", "hybrid", "ranked_batch",
    "egl",    "qbc_vote",         "qbc_kl", "balanced_margin"};

// Picks `k` more pool rows (indices into the pool) for one strategy.
Result<std::vector<int64_t>> choose(const std::string& strategy, const MatrixView& x,
                                    const std::vector<float>& probs, int64_t n_classes,
                                    const std::vector<uint8_t>& labelled,
                                    const std::vector<int32_t>& labels,
                                    const std::vector<int64_t>& random_order, int64_t k, double c,
                                    uint64_t seed) {
  const int64_t n = x.rows;
  MatrixView p{probs.data(), n, n_classes};
  if (strategy == "random") {
    std::vector<int64_t> out;
    for (int64_t r : random_order) {
      if (static_cast<int64_t>(out.size()) >= k) break;
      if (!labelled[static_cast<size_t>(r)]) out.push_back(r);
    }
    return out;
  }
  if (strategy == "least_confidence")
    return select_uncertain(p, Uncertainty::kLeastConfidence, k, &labelled);
  if (strategy == "margin") return select_uncertain(p, Uncertainty::kMargin, k, &labelled);
  if (strategy == "entropy") return select_uncertain(p, Uncertainty::kEntropy, k, &labelled);
  if (strategy == "kcenter") {
    std::vector<int64_t> centres;
    for (int64_t i = 0; i < n; ++i)
      if (labelled[static_cast<size_t>(i)]) centres.push_back(i);
    auto r = kcenter_greedy(x, k, centres);
    if (!r) return r.error();
    return r->picks;
  }
  if (strategy == "hybrid")
    return select_uncertainty_diversity(p, x, labelled, Uncertainty::kEntropy, k);
  if (strategy == "ranked_batch") return select_ranked_batch(p, x, labelled, k);
  if (strategy == "balanced_margin") {
    auto ranked = select_uncertain(p, Uncertainty::kMargin, 5 * k, &labelled);
    if (!ranked) return ranked.error();
    std::vector<int64_t> counts(static_cast<size_t>(n_classes), 0);
    for (int64_t i = 0; i < n; ++i)
      if (labelled[static_cast<size_t>(i)])
        ++counts[static_cast<size_t>(labels[static_cast<size_t>(i)])];
    return balance_batch(*ranked, argmax_rows(probs, n_classes), counts, k, 5 * k);
  }
  std::vector<float> scores;
  if (strategy == "egl") {
    auto s = expected_gradient_length(p, x);
    if (!s) return s.error();
    scores = std::move(*s);
  } else {  // qbc_vote, qbc_kl: a bootstrap committee of five on the labelled rows
    std::vector<float> sub;
    std::vector<int32_t> sub_labels;
    for (int64_t i = 0; i < n; ++i)
      if (labelled[static_cast<size_t>(i)]) {
        sub.insert(sub.end(), x.row(i), x.row(i) + x.cols);
        sub_labels.push_back(labels[static_cast<size_t>(i)]);
      }
    LogisticRegressionOptions o;
    o.c = c;
    auto committee = fit_bootstrap_committee(
        MatrixView{sub.data(), static_cast<int64_t>(sub_labels.size()), x.cols}, sub_labels,
        n_classes, 5, seed, o);
    if (!committee) return committee.error();
    std::vector<std::vector<float>> member_probs;
    std::vector<MatrixView> views;
    for (const auto& m : *committee) {
      auto pp = predict_proba(m, x);
      if (!pp) return pp.error();
      member_probs.push_back(std::move(*pp));
    }
    for (const auto& mp : member_probs) views.push_back(MatrixView{mp.data(), n, n_classes});
    auto s = committee_disagreement(views, strategy == "qbc_vote"
                                               ? CommitteeDisagreement::kVoteEntropy
                                               : CommitteeDisagreement::kMaxKlDisagreement);
    if (!s) return s.error();
    scores = std::move(*s);
  }
  std::vector<int64_t> rows;
  std::vector<float> kept;
  for (int64_t i = 0; i < n; ++i)
    if (!labelled[static_cast<size_t>(i)]) {
      rows.push_back(i);
      kept.push_back(scores[static_cast<size_t>(i)]);
    }
  std::vector<int64_t> best = top_k_indices(kept, k, true);
  for (auto& b : best) b = rows[static_cast<size_t>(b)];
  return best;
}

int run_simulate(const Args& args, Io& io) {
  Options o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* v) {
      if (i + 1 >= args.size()) return false;
      *v = args[++i];
      return true;
    };
    std::string v;
    bool ok = true;
    if (a == "--csv")
      ok = value(&o.csv);
    else if (a == "--text-files")
      ok = value(&v), o.text_files = split_commas(v);
    else if (a == "--per-class")
      ok = value(&v), o.per_class = std::atoll(v.c_str());
    else if (a == "--strategies")
      ok = value(&v), o.strategies = split_commas(v);
    else if (a == "--seeds")
      ok = value(&v), o.seeds = std::atoi(v.c_str());
    else if (a == "--initial")
      ok = value(&v), o.initial = std::atoll(v.c_str());
    else if (a == "--batch")
      ok = value(&v), o.batch = std::atoll(v.c_str());
    else if (a == "--budget")
      ok = value(&v), o.budget = std::atoll(v.c_str());
    else if (a == "--test-fraction")
      ok = value(&v), o.test_fraction = std::atof(v.c_str());
    else if (a == "--c")
      ok = value(&v), o.c = std::atof(v.c_str());
    else if (a == "--hash-bits")
      ok = value(&v), o.hash_bits = std::atoi(v.c_str());
    else if (a == "--reference")
      ok = value(&o.reference);
    else if (a == "--format")
      ok = value(&o.format);
    else if (a == "--out")
      ok = value(&o.out);
    else {
      std::fprintf(io.err, "localabel simulate: unknown option %s\n", a.c_str());
      return kExitUsage;
    }
    if (!ok) {
      std::fprintf(io.err, "localabel simulate: %s needs a value\n", a.c_str());
      return kExitUsage;
    }
  }
  if (o.csv.empty() == o.text_files.empty()) {
    std::fputs("localabel simulate: give exactly one of --csv or --text-files\n", io.err);
    return kExitUsage;
  }
  if (o.seeds < 1 || o.initial < 1 || o.batch < 1 || o.budget < 0 || !(o.c > 0) ||
      !(o.test_fraction > 0 && o.test_fraction < 1) ||
      (o.format != "json" && o.format != "table")) {
    std::fputs(
        "localabel simulate: --seeds, --initial, --batch must be ≥ 1, --c > 0, "
        "0 < --test-fraction < 1, --format json or table\n",
        io.err);
    return kExitUsage;
  }
  for (const auto& s : o.strategies)
    if (std::find(kKnown.begin(), kKnown.end(), s) == kKnown.end()) {
      std::fprintf(io.err, "localabel simulate: unknown strategy '%s'\n", s.c_str());
      return kExitUsage;
    }
  if (std::find(o.strategies.begin(), o.strategies.end(), "random") == o.strategies.end())
    o.strategies.insert(o.strategies.begin(), "random");

  // Load the data.
  LabelledData data;
  FeatureMatrix x;
  std::string error, dataset;
  if (!o.csv.empty()) {
    std::string text;
    if (!read_input(o.csv, io.in, &text, &error) || !parse_numeric_csv(text, &data, &error)) {
      std::fprintf(io.err, "localabel simulate: %s: %s\n", o.csv.c_str(), error.c_str());
      return kExitInvalidInput;
    }
    x.data = data.features;
    x.rows = data.rows;
    x.cols = data.cols;
    standardize_columns(x);
    dataset = o.csv;
  } else {
    for (size_t c = 0; c < o.text_files.size(); ++c) {
      std::string text;
      if (!read_input(o.text_files[c], io.in, &text, &error)) {
        std::fprintf(io.err, "localabel simulate: %s\n", error.c_str());
        return kExitInvalidInput;
      }
      for (auto& entry : split_fortunes(text, o.per_class)) {
        data.texts.push_back(std::move(entry));
        data.labels.push_back(static_cast<int32_t>(c));
      }
      std::string name = o.text_files[c];
      data.class_names.push_back(name.substr(name.find_last_of('/') + 1));
      dataset += (c ? "," : "") + data.class_names.back();
    }
    TextFeatureOptions to;
    to.hash_bits = o.hash_bits;
    auto f = text_features(data.texts, to);
    if (!f) {
      std::fprintf(io.err, "localabel simulate: %s\n", f.error().message.c_str());
      return kExitInvalidInput;
    }
    x = std::move(*f);
    data.rows = x.rows;
  }
  const int64_t n = x.rows, d = x.cols;
  const int64_t n_classes =
      static_cast<int64_t>(*std::max_element(data.labels.begin(), data.labels.end())) + 1;
  const int64_t n_test =
      std::max<int64_t>(1, static_cast<int64_t>(std::llround(n * o.test_fraction)));
  const int64_t n_pool = n - n_test;
  if (n_classes < 2 || n_pool <= o.initial) {
    std::fputs("localabel simulate: need two classes and a pool larger than --initial\n", io.err);
    return kExitInvalidInput;
  }
  const int64_t budget = o.budget > 0 ? std::min(o.budget, n_pool) : n_pool;
  int64_t reference = n_pool >= 2000 ? 1000 : n_pool / 2;
  if (o.reference == "half")
    reference = n_pool / 2;
  else if (!o.reference.empty())
    reference = std::atoll(o.reference.c_str());
  // Label counts at which the model is evaluated.
  std::vector<int64_t> steps;
  for (int64_t m = o.initial; m < budget; m += o.batch) steps.push_back(m);
  steps.push_back(budget);
  const size_t n_strategies = o.strategies.size();
  std::vector<std::vector<double>> sum(n_strategies, std::vector<double>(steps.size(), 0.0)),
      sum2 = sum;

  for (int seed = 0; seed < o.seeds; ++seed) {
    Rng rng{static_cast<uint64_t>(seed) * 7919 + 1};
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
    rng.shuffle(order);
    std::vector<float> px, tx;
    std::vector<int32_t> py, ty;
    for (int64_t r = 0; r < n; ++r) {
      const int64_t i = order[static_cast<size_t>(r)];
      auto& fx = r < n_test ? tx : px;
      auto& fy = r < n_test ? ty : py;
      fx.insert(fx.end(), x.data.begin() + i * d, x.data.begin() + (i + 1) * d);
      fy.push_back(data.labels[static_cast<size_t>(i)]);
    }
    MatrixView pool{px.data(), n_pool, d}, test{tx.data(), n_test, d};
    std::vector<int64_t> random_order(static_cast<size_t>(n_pool));
    for (int64_t i = 0; i < n_pool; ++i) random_order[static_cast<size_t>(i)] = i;
    rng.shuffle(random_order);
    for (size_t s = 0; s < n_strategies; ++s) {
      std::vector<uint8_t> labelled(static_cast<size_t>(n_pool), 0);
      for (int64_t i = 0; i < o.initial; ++i)
        labelled[static_cast<size_t>(random_order[static_cast<size_t>(i)])] = 1;
      LogisticRegressionModel model;
      bool have_model = false;
      LogisticRegressionOptions lo;
      lo.c = o.c;
      for (size_t step = 0; step < steps.size(); ++step) {
        std::vector<float> lx;
        std::vector<int32_t> ly;
        for (int64_t i = 0; i < n_pool; ++i)
          if (labelled[static_cast<size_t>(i)]) {
            lx.insert(lx.end(), pool.row(i), pool.row(i) + d);
            ly.push_back(py[static_cast<size_t>(i)]);
          }
        auto fit =
            fit_logistic_regression(MatrixView{lx.data(), static_cast<int64_t>(ly.size()), d}, ly,
                                    n_classes, lo, {}, have_model ? &model : nullptr);
        if (!fit) {
          std::fprintf(io.err, "localabel simulate: %s\n", fit.error().message.c_str());
          return kExitInvalidInput;
        }
        model = std::move(*fit);
        have_model = true;
        auto tp = predict_proba(model, test);
        if (!tp) {
          std::fprintf(io.err, "localabel simulate: %s\n", tp.error().message.c_str());
          return kExitInvalidInput;
        }
        std::vector<int32_t> pred = argmax_rows(*tp, n_classes);
        int64_t correct = 0;
        for (int64_t i = 0; i < n_test; ++i)
          correct += pred[static_cast<size_t>(i)] == ty[static_cast<size_t>(i)];
        const double acc = static_cast<double>(correct) / static_cast<double>(n_test);
        sum[s][step] += acc;
        sum2[s][step] += acc * acc;
        if (step + 1 == steps.size()) break;
        const int64_t want = steps[step + 1] - steps[step];
        auto pp = predict_proba(model, pool);
        if (!pp) return kExitInvalidInput;
        auto picks = choose(o.strategies[s], pool, *pp, n_classes, labelled, py, random_order, want,
                            o.c, static_cast<uint64_t>(seed) * 1000 + step);
        if (!picks) {
          std::fprintf(io.err, "localabel simulate: %s\n", picks.error().message.c_str());
          return kExitInvalidInput;
        }
        for (int64_t r : *picks) labelled[static_cast<size_t>(r)] = 1;
        // Top up (a strategy may return fewer rows, e.g. k-center when rows coincide).
        int64_t have = 0;
        for (uint8_t l : labelled) have += l;
        for (int64_t r : random_order) {
          if (have >= steps[step + 1]) break;
          if (!labelled[static_cast<size_t>(r)]) {
            labelled[static_cast<size_t>(r)] = 1;
            ++have;
          }
        }
      }
    }
  }

  // Summaries.
  size_t ref_step = steps.size() - 1;
  for (size_t i = 0; i < steps.size(); ++i)
    if (steps[i] >= reference) {
      ref_step = i;
      break;
    }
  const double target = sum[0][ref_step] / o.seeds;
  Json result = {{"dataset", dataset},
                 {"rows", n},
                 {"features", d},
                 {"classes", n_classes},
                 {"pool", n_pool},
                 {"test", n_test},
                 {"seeds", o.seeds},
                 {"initial", o.initial},
                 {"batch", o.batch},
                 {"c", o.c},
                 {"reference_labels", steps[ref_step]},
                 {"target_accuracy", target},
                 {"labels", steps}};
  Json strategies = Json::array();
  std::string best_name;
  double best_ratio = 1e9;
  for (size_t s = 0; s < n_strategies; ++s) {
    Json mean = Json::array(), sd = Json::array();
    int64_t reach = -1;
    for (size_t i = 0; i < steps.size(); ++i) {
      const double m = sum[s][i] / o.seeds;
      const double var = std::max(0.0, sum2[s][i] / o.seeds - m * m);
      mean.push_back(std::round(m * 1e5) / 1e5);
      sd.push_back(std::round(std::sqrt(var) * 1e5) / 1e5);
      if (reach < 0 && m >= target - 1e-12) reach = steps[i];
    }
    Json entry = {{"name", o.strategies[s]}, {"accuracy", mean}, {"sd", sd}};
    if (reach >= 0) {
      const double ratio = static_cast<double>(reach) / static_cast<double>(steps[ref_step]);
      entry["labels_to_target"] = reach;
      entry["ratio"] = ratio;
      if (s > 0 && ratio < best_ratio) {
        best_ratio = ratio;
        best_name = o.strategies[s];
      }
    } else {
      entry["labels_to_target"] = nullptr;
      entry["ratio"] = nullptr;
    }
    strategies.push_back(entry);
  }
  result["strategies"] = strategies;
  result["best"] = best_name.empty() ? Json(nullptr) : Json(best_name);
  result["best_ratio"] = best_name.empty() ? Json(nullptr) : Json(best_ratio);

  std::string text;
  if (o.format == "json") {
    text = result.dump() + "\n";
  } else {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s: %lld rows, %lld classes, pool %lld, test %lld, %d seeds; random at %lld "
                  "labels: %.4f\n\n",
                  dataset.c_str(), static_cast<long long>(n), static_cast<long long>(n_classes),
                  static_cast<long long>(n_pool), static_cast<long long>(n_test), o.seeds,
                  static_cast<long long>(steps[ref_step]), target);
    text += buf;
    text += "| labels |";
    for (const auto& s : o.strategies) text += " " + s + " |";
    text += "\n|---:|";
    for (size_t s = 0; s < n_strategies; ++s) text += "---:|";
    text += "\n";
    for (size_t i = 0; i < steps.size(); ++i) {
      std::snprintf(buf, sizeof buf, "| %lld |", static_cast<long long>(steps[i]));
      text += buf;
      for (size_t s = 0; s < n_strategies; ++s) {
        std::snprintf(buf, sizeof buf, " %.4f |", sum[s][i] / o.seeds);
        text += buf;
      }
      text += "\n";
    }
    text += "\n| strategy | labels to reach random@" + std::to_string(steps[ref_step]) +
            " | ratio |\n|---|---:|---:|\n";
    for (const auto& e : strategies) {
      if (e["ratio"].is_null()) {
        text += "| " + e["name"].get<std::string>() + " | not reached | - |\n";
      } else {
        std::snprintf(
            buf, sizeof buf, "| %s | %lld | %.3f |\n", e["name"].get<std::string>().c_str(),
            static_cast<long long>(e["labels_to_target"].get<int64_t>()), e["ratio"].get<double>());
        text += buf;
      }
    }
  }
  if (!write_output(o.out, io.out, text, &error)) {
    std::fprintf(io.err, "localabel simulate: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  return kExitOk;
}

}  // namespace

LOCALABEL_CLI_COMMAND(simulate, "simulate (--csv FILE | --text-files F1,F2,...) [OPTIONS]",
                      "Replay active learning on a labelled data set and print learning curves",
                      kHelp, run_simulate);

}  // namespace localabel::cli
