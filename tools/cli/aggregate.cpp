// localabel aggregate FILE: one label per item, or (--boxes) one box per object per image.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analytics_input.h"
#include "localabel/aggregation.h"
#include "localabel/box_fusion.h"
#include "localabel/label_studio.h"
#include "localabel/project.h"

namespace localabel::cli {
namespace {

int usage(Io& io, const std::string& message) {
  std::fprintf(io.err, "localabel aggregate: %s (see 'localabel aggregate --help')\n",
               message.c_str());
  return kExitUsage;
}

// --weights "ann=2,bob=0.5": per annotator name; annotators not named weigh 1.
bool parse_weights(const AnalyticsOptions& o, Io& io, const std::vector<std::string>& annotators,
                   std::vector<double>* weights, int* rc) {
  auto it = o.flags.find("--weights");
  if (it == o.flags.end()) return true;
  weights->assign(annotators.size(), 1.0);
  std::set<std::string> seen;
  size_t start = 0;
  const std::string& v = it->second;
  for (;;) {
    size_t comma = v.find(',', start);
    std::string part = v.substr(start, comma == std::string::npos ? comma : comma - start);
    size_t eq = part.rfind('=');
    char* end = nullptr;
    double w = eq == std::string::npos ? NAN : std::strtod(part.c_str() + eq + 1, &end);
    if (eq == std::string::npos || eq + 1 == part.size() || *end != 0) {
      *rc = usage(io, "--weights expects NAME=NUMBER[,NAME=NUMBER...], got '" + part + "'");
      return false;
    }
    const std::string name = part.substr(0, eq);
    auto pos = std::find(annotators.begin(), annotators.end(), name);
    if (pos == annotators.end()) {
      *rc = report_error(o, io,
                         make_error(ErrorCode::kUnknownReference, "--weights",
                                    "annotator '" + name + "' did not annotate anything here"));
      return false;
    }
    if (!seen.insert(name).second) {
      *rc = report_error(o, io,
                         make_error(ErrorCode::kDuplicate, "--weights",
                                    "annotator '" + name + "' is given two weights"));
      return false;
    }
    if (!(w >= 0) || !std::isfinite(w)) {
      *rc = report_error(o, io,
                         make_error(ErrorCode::kOutOfRange, "--weights",
                                    "the weight of '" + name + "' must be finite and >= 0"));
      return false;
    }
    (*weights)[pos - annotators.begin()] = w;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

std::vector<std::string> names_of(const Dictionary& d) {
  std::vector<std::string> out;
  for (int32_t c = 0; c < d.size(); ++c) out.push_back(d.name(c));
  return out;
}

int run_boxes(AnalyticsOptions& o, Io& io) {
  double iou = 0.55;
  if (!flag_number(o, io, "--iou", &iou)) return kExitUsage;
  std::string text, error;
  if (!read_input(o.input, io.in, &text, &error)) {
    std::fprintf(io.err, "localabel aggregate: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  auto project = import_label_studio(text);
  if (!project) return report_error(o, io, project.error());
  // Annotators and labels of every box region, in sorted order.
  std::set<std::string> ann_set, label_set;
  for (size_t ti = 0; ti < project->tasks.size(); ++ti) {
    const Task& task = project->tasks[ti];
    for (size_t ai = 0; ai < task.annotations.size(); ++ai) {
      const Annotation& a = task.annotations[ai];
      if (a.ground_truth || a.status != AnnotationStatus::kSubmitted) continue;
      for (size_t ri = 0; ri < a.regions.size(); ++ri) {
        const Region& r = a.regions[ri];
        if (r.kind != RegionKind::kBox || (!o.from_name.empty() && r.from_name != o.from_name))
          continue;
        const std::string path = "tasks[" + std::to_string(ti) + "].annotations[" +
                                 std::to_string(ai) + "].result[" + std::to_string(ri) + "]";
        if (r.labels.size() != 1)
          return report_error(o, io,
                              make_error(ErrorCode::kUnsupported, path,
                                         "a box needs exactly one label to be fused, it has " +
                                             std::to_string(r.labels.size())));
        if (r.rotation != 0)
          return report_error(
              o, io,
              make_error(ErrorCode::kUnsupported, path + ".value.rotation",
                         "rotated boxes cannot be fused (weighted boxes fusion is axis-aligned)"));
        ann_set.insert(a.annotator);
        label_set.insert(r.labels[0]);
      }
    }
  }
  if (ann_set.empty())
    return report_error(
        o, io,
        make_error(ErrorCode::kEmptyInput, "",
                   o.from_name.empty() ? "no submitted box (rectanglelabels) regions"
                                       : "no submitted box regions of '" + o.from_name + "'"));
  const std::vector<std::string> annotators(ann_set.begin(), ann_set.end());
  const std::vector<std::string> labels(label_set.begin(), label_set.end());
  std::vector<double> weights;
  int rc = kExitOk;
  if (!parse_weights(o, io, annotators, &weights, &rc)) return rc;
  if (weights.empty()) weights.assign(annotators.size(), 1.0);

  Json tasks = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (const Task& task : project->tasks) {
    // Annotators of this task (T of the confidence rescaling) and their boxes.
    std::vector<int32_t> local_of(annotators.size(), -1);
    std::vector<std::string> task_annotators;
    std::vector<double> task_weights;
    std::vector<AnnotatedBox> boxes;
    std::vector<std::string> region_ids;
    for (const Annotation& a : task.annotations) {
      if (a.ground_truth || a.status != AnnotationStatus::kSubmitted) continue;
      const int32_t g = static_cast<int32_t>(
          std::find(annotators.begin(), annotators.end(), a.annotator) - annotators.begin());
      for (const Region& r : a.regions) {
        if (r.kind != RegionKind::kBox || (!o.from_name.empty() && r.from_name != o.from_name))
          continue;
        if (local_of[g] < 0) {
          local_of[g] = static_cast<int32_t>(task_annotators.size());
          task_annotators.push_back(annotators[g]);
          task_weights.push_back(weights[g]);
        }
        AnnotatedBox b;
        b.x = r.x;
        b.y = r.y;
        b.width = r.width;
        b.height = r.height;
        b.annotator = local_of[g];
        b.label = static_cast<int32_t>(std::find(labels.begin(), labels.end(), r.labels[0]) -
                                       labels.begin());
        b.score = r.score >= 0 && r.score <= 1 ? r.score : 1.0;
        boxes.push_back(b);
        region_ids.push_back(r.id);
      }
    }
    if (boxes.empty()) continue;
    BoxFusionOptions bo;
    bo.iou_threshold = iou;
    bo.weights = task_weights;
    auto fused = fuse_boxes(boxes, bo);
    if (!fused) {
      Error e = fused.error();
      e.message = "task " + task.id + ": " + e.message;
      return report_error(o, io, e);
    }
    Json out_boxes = Json::array();
    for (const FusedBox& f : *fused) {
      Json members = Json::array();
      for (int32_t m : f.members)
        members.push_back(
            {{"annotator", task_annotators[boxes[m].annotator]}, {"region", region_ids[m]}});
      out_boxes.push_back({{"label", labels[f.label]},
                           {"x", f.x},
                           {"y", f.y},
                           {"width", f.width},
                           {"height", f.height},
                           {"confidence", number(f.confidence)},
                           {"annotators", f.annotators},
                           {"members", members}});
      rows.push_back({task.id, labels[f.label], fixed(f.x, 1), fixed(f.y, 1), fixed(f.width, 1),
                      fixed(f.height, 1), fixed(f.confidence, 3),
                      std::to_string(f.annotators) + "/" + std::to_string(task_annotators.size())});
    }
    tasks.push_back(
        {{"task", task.id}, {"annotators", task_annotators}, {"boxes", std::move(out_boxes)}});
  }
  Json out = {{"method", "weighted-boxes-fusion"}, {"iou_threshold", iou}, {"tasks", tasks}};
  return emit(
      o, io, out,
      format_table({"task", "label", "x", "y", "width", "height", "confidence", "drawn by"}, rows));
}

// --repeated-ratings: Dawid-Skene over a CSV whose (item, annotator) pairs may repeat.
int run_ratings(const AnalyticsOptions& o, Io& io, const DawidSkeneOptions& d,
                const std::string& method) {
  std::string text, error;
  if (!read_input(o.input, io.in, &text, &error)) {
    std::fprintf(io.err, "localabel aggregate: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  auto t = parse_ratings_csv(text);
  if (!t) return report_error(o, io, t.error());
  progress(o, io, "running Dawid-Skene EM over repeated ratings");
  auto ds =
      dawid_skene_ratings(t->ratings, t->items.size(), t->annotators.size(), t->labels.size(), d);
  if (!ds) return report_error(o, io, ds.error());
  const int32_t K = t->labels.size();
  Json out = {{"method", method},
              {"ratings", t->ratings.size()},
              {"iterations", ds->iterations},
              {"converged", ds->converged},
              {"log_likelihood", number(ds->log_likelihood)}};
  Json ann = Json::array();
  std::vector<std::vector<std::string>> ann_rows, rows;
  for (int32_t a = 0; a < t->annotators.size(); ++a) {
    ann.push_back({{"annotator", t->annotators.name(a)}, {"skill", number(ds->skills[a])}});
    ann_rows.push_back({t->annotators.name(a), fixed(ds->skills[a])});
  }
  out["annotators"] = ann;
  Json items = Json::array();
  for (int32_t i = 0; i < t->items.size(); ++i) {
    const int32_t l = ds->labels[i];
    const double confidence = ds->posteriors[static_cast<size_t>(i) * K + l];
    items.push_back({{"item", t->items.name(i)},
                     {"label", t->labels.name(l)},
                     {"confidence", number(confidence)}});
    rows.push_back({t->items.name(i), t->labels.name(l), fixed(confidence, 3)});
  }
  out["items"] = std::move(items);
  return emit(o, io, out,
              format_table({"item", "label", "confidence"}, rows) + "\n" +
                  format_table({"annotator", "skill"}, ann_rows));
}

int run_aggregate(const Args& raw_args, Io& io) {
  AnalyticsOptions o;
  o.command = "aggregate";
  o.flags["--method"] = "dawid-skene";
  o.flags["--ties"] = "smallest";
  o.flags["--skill"] = "majority";
  Args args;
  bool boxes = false, refit = false, repeated = false;
  for (const std::string& a : raw_args) {
    if (a == "--boxes")
      boxes = true;
    else if (a == "--refit-after-last-e-step")
      refit = true;
    else if (a == "--repeated-ratings")
      repeated = true;
    else
      args.push_back(a);
  }
  if (int rc =
          parse_analytics_args(args,
                               {"--method", "--ties", "--seed", "--max-iterations", "--tolerance",
                                "--skill", "--prior-strength", "--restarts", "--weights", "--iou"},
                               &o, io))
    return rc;
  if (boxes) return run_boxes(o, io);
  std::string method = o.flags["--method"];
  if (method == "mv") method = "majority";
  if (method == "ds") method = "dawid-skene";
  static const std::set<std::string> kMethods{"majority", "wmv",  "dawid-skene",
                                              "one-coin", "glad", "mace"};
  if (!kMethods.count(method))
    return usage(io,
                 "--method must be mv (majority), wmv, ds (dawid-skene), one-coin, glad or mace");
  const std::string skill = o.flags["--skill"];
  if (skill != "gold" && skill != "majority") return usage(io, "--skill must be gold or majority");
  if (o.flags.count("--weights") && method != "majority")
    return usage(io, "--weights applies to --method mv only");
  double seed = 0, max_it = method == "mace" ? 50 : 100, tol = method == "mace" ? 0 : 1e-5;
  double prior_strength = 2, restarts = 10;
  if (!flag_number(o, io, "--seed", &seed) || !flag_number(o, io, "--max-iterations", &max_it) ||
      !flag_number(o, io, "--tolerance", &tol) ||
      !flag_number(o, io, "--prior-strength", &prior_strength) ||
      !flag_number(o, io, "--restarts", &restarts))
    return kExitUsage;
  if (seed < 0 || seed != std::floor(seed)) return usage(io, "--seed must be an integer >= 0");
  // 0 returns the start state (Dawid-Skene, one-coin, GLAD); MACE needs an iteration.
  const double min_it = method == "mace" ? 1 : 0;
  if (max_it < min_it || max_it > 1e6 || max_it != std::floor(max_it))
    return usage(io, "--max-iterations must be an integer in " +
                         std::to_string(static_cast<int>(min_it)) + "..1000000");
  if (refit && method != "dawid-skene" && method != "one-coin")
    return usage(io, "--refit-after-last-e-step applies to --method ds or one-coin only");
  if (repeated) {
    if (method != "dawid-skene" && method != "one-coin")
      return usage(io, "--repeated-ratings applies to --method ds or one-coin only");
    DawidSkeneOptions d;
    d.one_coin = method == "one-coin";
    d.max_iterations = static_cast<int>(max_it);
    d.tolerance = tol;
    d.refit_after_last_e_step = refit;
    return run_ratings(o, io, d, method);
  }
  if (restarts < 1 || restarts > 1e4 || restarts != std::floor(restarts))
    return usage(io, "--restarts must be an integer in 1..10000");
  AnalyticsInput in;
  if (int rc = load_analytics_input(o, io, &in)) return rc;
  const AnnotationTable& t = in.table;
  Json out = {{"method", method}};
  std::vector<int32_t> labels;
  std::vector<double> confidence;
  const int32_t K = t.n_labels();
  auto from_rows = [&](const std::vector<double>& posteriors) {
    for (int32_t i = 0; i < t.n_items(); ++i)
      confidence.push_back(posteriors[static_cast<size_t>(i) * K + labels[i]]);
  };
  Json ann = Json::array();
  std::vector<std::string> ann_header;
  std::vector<std::vector<std::string>> ann_rows;
  if (method == "majority") {
    MajorityVoteOptions mo;
    const std::string ties = o.flags["--ties"];
    if (ties == "abstain")
      mo.tie_break = TieBreak::kAbstain;
    else if (ties == "random")
      mo.tie_break = TieBreak::kRandom;
    else if (ties == "cleanlab")
      mo.tie_break = TieBreak::kCleanlab;
    else if (ties != "smallest")
      return usage(io, "--ties must be smallest, abstain, random or cleanlab");
    int rc = kExitOk;
    if (!parse_weights(o, io, names_of(t.annotators), &mo.weights, &rc)) return rc;
    mo.seed = static_cast<uint64_t>(seed);
    mo.fractions = true;
    auto mv = majority_vote(t, mo);
    if (!mv) return report_error(o, io, mv.error());
    labels = mv->labels;
    for (int32_t i = 0; i < t.n_items(); ++i)
      confidence.push_back(labels[i] < 0 ? NAN
                                         : mv->fractions[static_cast<size_t>(i) * K + labels[i]]);
    out["ties"] = mv->ties;
  } else if (method == "wmv") {
    WeightedVoteOptions wo;
    wo.source = skill == "gold" ? SkillSource::kGold : SkillSource::kMajority;
    wo.gold = in.gold;
    wo.prior_strength = prior_strength;
    auto r = weighted_vote(t, wo);
    if (!r) return report_error(o, io, r.error());
    labels = r->labels;
    from_rows(r->posteriors);
    out["skill_source"] = skill;
    out["prior_strength"] = prior_strength;
    out["ties"] = r->ties;
    ann_header = {"annotator", "answered", "correct", "skill", "weight"};
    for (int32_t a = 0; a < t.n_annotators(); ++a) {
      ann.push_back({{"annotator", t.annotators.name(a)},
                     {"answered", r->answered[a]},
                     {"correct", r->correct[a]},
                     {"skill", number(r->skills[a])},
                     {"weight", number(r->weights[a])}});
      ann_rows.push_back({t.annotators.name(a), std::to_string(r->answered[a]),
                          std::to_string(r->correct[a]), fixed(r->skills[a]),
                          fixed(r->weights[a])});
    }
  } else if (method == "glad") {
    GladOptions go;
    go.max_iterations = static_cast<int>(max_it);
    go.tolerance = tol;
    progress(o, io, "running GLAD EM");
    auto r = glad(t, go);
    if (!r) return report_error(o, io, r.error());
    labels = r->labels;
    from_rows(r->posteriors);
    out["iterations"] = r->iterations;
    out["converged"] = r->converged;
    out["objective"] = number(r->objective);
    ann_header = {"annotator", "alpha"};
    for (int32_t a = 0; a < t.n_annotators(); ++a) {
      ann.push_back({{"annotator", t.annotators.name(a)}, {"alpha", number(r->alphas[a])}});
      ann_rows.push_back({t.annotators.name(a), fixed(r->alphas[a])});
    }
    Json betas = Json::object();
    for (int32_t i = 0; i < t.n_items(); ++i) betas[t.items.name(i)] = number(r->betas[i]);
    out["log_betas"] = betas;
  } else if (method == "mace") {
    MaceOptions mo;
    mo.max_iterations = static_cast<int>(max_it);
    mo.tolerance = tol;
    mo.restarts = static_cast<int>(restarts);
    mo.seed = static_cast<uint64_t>(seed);
    progress(o, io, "running MACE with " + std::to_string(mo.restarts) + " restarts");
    auto r = mace(t, mo);
    if (!r) return report_error(o, io, r.error());
    labels = r->labels;
    from_rows(r->posteriors);
    out["iterations"] = r->iterations;
    out["best_restart"] = r->best_restart;
    out["log_likelihood"] = number(r->log_likelihood);
    ann_header = {"annotator", "competence"};
    for (int32_t a = 0; a < t.n_annotators(); ++a) {
      Json strategy = Json::object();
      for (int32_t l = 0; l < K; ++l)
        strategy[t.labels.name(l)] = number(r->strategies[static_cast<size_t>(a) * K + l]);
      ann.push_back({{"annotator", t.annotators.name(a)},
                     {"competence", number(r->competence[a])},
                     {"strategy", strategy}});
      ann_rows.push_back({t.annotators.name(a), fixed(r->competence[a])});
    }
  } else {
    DawidSkeneOptions d;
    d.one_coin = method == "one-coin";
    d.max_iterations = static_cast<int>(max_it);
    d.tolerance = tol;
    d.refit_after_last_e_step = refit;
    progress(o, io, "running Dawid-Skene EM");
    auto ds = dawid_skene(t, d);
    if (!ds) return report_error(o, io, ds.error());
    labels = ds->labels;
    from_rows(ds->posteriors);
    out["iterations"] = ds->iterations;
    out["converged"] = ds->converged;
    out["log_likelihood"] = number(ds->log_likelihood);
    ann_header = {"annotator", "skill"};
    for (int32_t a = 0; a < t.n_annotators(); ++a) {
      ann.push_back({{"annotator", t.annotators.name(a)}, {"skill", number(ds->skills[a])}});
      ann_rows.push_back({t.annotators.name(a), fixed(ds->skills[a])});
    }
  }
  if (!ann.empty()) out["annotators"] = ann;
  Json items = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (int32_t i = 0; i < t.n_items(); ++i) {
    Json label = labels[i] < 0 ? Json(nullptr) : Json(t.labels.name(labels[i]));
    items.push_back(
        {{"item", t.items.name(i)}, {"label", label}, {"confidence", number(confidence[i])}});
    rows.push_back({t.items.name(i), labels[i] < 0 ? "(tie)" : t.labels.name(labels[i]),
                    fixed(confidence[i], 3)});
  }
  out["items"] = std::move(items);
  std::string table = format_table({"item", "label", "confidence"}, rows);
  if (!ann_header.empty()) table += "\n" + format_table(ann_header, ann_rows);
  return emit(o, io, out, table);
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    aggregate,
    "aggregate FILE [--method mv|wmv|ds|one-coin|glad|mace] [--skill gold|majority] [--boxes]",
    "One label per item from several annotators (vote, Dawid-Skene, GLAD, MACE), or fused boxes",
    "Reads FILE (long CSV item,annotator,label[,time] or Label Studio JSON) and prints, per\n"
    "item, the aggregated label and its confidence (vote share or posterior).\n"
    "  --method mv (or majority): majority vote; --ties smallest|abstain|random|cleanlab\n"
    "      (cleanlab: the label more frequent overall, then the one given by annotators who\n"
    "      agree more with the majority elsewhere, then random, as cleanlab), --seed N,\n"
    "      --weights NAME=W,... per-annotator vote weights (others weigh 1).\n"
    "  --method wmv: vote weighted by log-odds of skill, log((K-1) s / (1-s)); --skill\n"
    "      majority (agreement with the majority vote, default) or gold (accuracy on --gold\n"
    "      FILE or Label Studio ground truth); --prior-strength M (2) smooths skills towards\n"
    "      the pooled skill. Prints each annotator's skill and weight.\n"
    "  --method ds (dawid-skene, default) or one-coin: Dawid-Skene EM; --max-iterations 100\n"
    "      (0: the start state, vote fractions and the parameters estimated from them),\n"
    "      --tolerance 1e-5 (log-likelihood gain per item), --refit-after-last-e-step\n"
    "      (report the parameters re-estimated from the final posteriors, as crowd-kit),\n"
    "      --repeated-ratings (FILE is a CSV item,annotator,label where an annotator may rate\n"
    "      an item several times; every rating counts, as Dawid & Skene 1979).\n"
    "      Prints skills.\n"
    "  --method glad: GLAD (Whitehill et al. 2009); --max-iterations 100 (0: the posteriors\n"
    "      of the start values); prints alphas (ability) and log betas.\n"
    "  --method mace: MACE (Hovy et al. 2013); --restarts 10, --max-iterations 50, --seed N;\n"
    "      prints competence (probability of not spamming) and spamming strategies.\n"
    "  --boxes: weighted boxes fusion (Solovyev et al. 2021) of the rectanglelabels boxes of\n"
    "      each task of a Label Studio FILE (--from-name NAME to pick one control); --iou T\n"
    "      (0.55) clusters boxes of one label; --weights NAME=W,... annotator weights (e.g.\n"
    "      skills). Confidence = mean(score * weight) * min(T, boxes) / sum of the weights of\n"
    "      the T annotators of the task.\n"
    "Options: -o FILE, --format json|table, --progress. Exit 1 on invalid input, 2 on usage.",
    run_aggregate);

}  // namespace localabel::cli
