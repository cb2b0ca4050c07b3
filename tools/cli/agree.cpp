// localabel agree FILE: agreement between annotators (coefficients, pairwise matrices,
// per-class agreement, bootstrap intervals, geometric agreement of a Label Studio project).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "analytics_input.h"
#include "localabel/agreement.h"
#include "localabel/geometric_agreement.h"
#include "localabel/label_studio.h"

namespace localabel::cli {
namespace {

Json coefficient(const Result<AgreementResult>& r) {
  if (!r.ok()) return {{"error", r.error().message}, {"code", error_code_name(r.error().code)}};
  Json j = {{"value", number(r->value)},
            {"observed", number(r->observed)},
            {"expected", number(r->expected)},
            {"units", r->n_units}};
  if (!r->undefined_reason.empty()) j["undefined_reason"] = r->undefined_reason;
  return j;
}

std::string cell(const Json& j) {
  if (j.contains("error")) return "error: " + j["error"].get<std::string>();
  if (j["value"].is_null())
    return "NaN (" + j.value("undefined_reason", std::string("undefined")) + ")";
  return fixed(j["value"].get<double>());
}

std::string num_text(const Json& j) { return j.is_null() ? "NaN" : fixed(j.get<double>()); }

int usage_error(Io& io, const std::string& message) {
  std::fprintf(io.err, "localabel agree: %s (see 'localabel agree --help')\n", message.c_str());
  return kExitUsage;
}

// Switches without a value, taken out before the shared option parser sees the arguments.
struct Switches {
  bool pairwise = false, per_class = false, geometry = false, any_label = false;
};

Args take_switches(const Args& args, Switches* s) {
  Args rest;
  for (const std::string& a : args) {
    if (a == "--pairwise")
      s->pairwise = true;
    else if (a == "--per-class")
      s->per_class = true;
    else if (a == "--geometry")
      s->geometry = true;
    else if (a == "--any-label")
      s->any_label = true;
    else
      rest.push_back(a);
  }
  return rest;
}

bool parse_seed(const std::string& text, uint64_t* out) {
  if (text.empty() || text.size() > 20 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  char* end = nullptr;
  *out = std::strtoull(text.c_str(), &end, 10);
  return *end == 0 && !(text.size() == 20 && text > "18446744073709551615");
}

int run_geometry(const AnalyticsOptions& o, const Switches& s, Io& io) {
  double threshold = 0.5;
  if (!flag_number(o, io, "--iou-threshold", &threshold)) return kExitUsage;
  std::string text, error;
  if (!read_input(o.input, io.in, &text, &error)) {
    std::fprintf(io.err, "localabel agree: %s\n", error.c_str());
    return kExitInvalidInput;
  }
  progress(o, io, "reading the Label Studio project");
  auto project = import_label_studio(text);
  if (!project) return report_error(o, io, project.error());
  GeometricOptions g;
  g.iou_threshold = threshold;
  g.same_label = !s.any_label;
  progress(o, io, "comparing annotators' regions task by task");
  auto r = project_geometric_agreement(*project, g);
  if (!r) return report_error(o, io, r.error());
  Json pairs = Json::array();
  std::vector<std::vector<std::string>> rows;
  for (const TaskPairGeometry& p : r->pairs) {
    Json j = {{"task", p.task_id}, {"a", p.annotator_a}, {"b", p.annotator_b}};
    std::vector<std::string> row{p.task_id, p.annotator_a, p.annotator_b, "", "", "", "", ""};
    if (p.has_boxes) {
      Json matches = Json::array();
      for (const BoxMatch& m : p.boxes.matches)
        matches.push_back({{"a", m.a}, {"b", m.b}, {"iou", number(m.iou)}});
      j["boxes"] = {{"boxes_a", p.boxes.n_a},
                    {"boxes_b", p.boxes.n_b},
                    {"matches", matches},
                    {"mean_iou", number(p.boxes.mean_iou)},
                    {"precision", number(p.boxes.precision)},
                    {"recall", number(p.boxes.recall)},
                    {"f1", number(p.boxes.f1)}};
      if (!p.boxes.undefined_reason.empty())
        j["boxes"]["undefined_reason"] = p.boxes.undefined_reason;
      row[3] = fixed(p.boxes.mean_iou);
      row[4] = fixed(p.boxes.f1);
    }
    if (p.has_masks) {
      j["masks"] = {{"iou", number(p.mask_iou)}, {"dice", number(p.mask_dice)}};
      row[5] = fixed(p.mask_iou);
      row[6] = fixed(p.mask_dice);
    }
    if (p.has_spans) {
      auto spans = [](const SpanAgreement& x) {
        Json sj = {{"spans_a", x.n_a},           {"spans_b", x.n_b},
                   {"matched", x.matched},       {"precision", number(x.precision)},
                   {"recall", number(x.recall)}, {"f1", number(x.f1)}};
        if (!x.undefined_reason.empty()) sj["undefined_reason"] = x.undefined_reason;
        return sj;
      };
      j["spans_exact"] = spans(p.spans_exact);
      j["spans_overlap"] = spans(p.spans_overlap);
      row[7] = fixed(p.spans_exact.f1) + " / " + fixed(p.spans_overlap.f1);
    }
    pairs.push_back(std::move(j));
    rows.push_back(std::move(row));
  }
  Json out = {{"mode", "geometry"},
              {"iou_threshold", threshold},
              {"same_label", g.same_label},
              {"tasks", r->tasks},
              {"box_pairs", r->box_pairs},
              {"mask_pairs", r->mask_pairs},
              {"span_pairs", r->span_pairs},
              {"mean_box_iou", number(r->mean_box_iou)},
              {"mean_box_precision", number(r->mean_box_precision)},
              {"mean_box_recall", number(r->mean_box_recall)},
              {"mean_box_f1", number(r->mean_box_f1)},
              {"mean_mask_iou", number(r->mean_mask_iou)},
              {"mean_mask_dice", number(r->mean_mask_dice)},
              {"mean_span_f1_exact", number(r->mean_span_f1_exact)},
              {"mean_span_f1_overlap", number(r->mean_span_f1_overlap)},
              {"pairs", pairs}};
  if (!r->undefined_reason.empty()) out["undefined_reason"] = r->undefined_reason;
  std::string table =
      "tasks with two or more annotators: " + std::to_string(r->tasks) + "\n" + "boxes (" +
      std::to_string(r->box_pairs) + " pairs): mean IoU " + fixed(r->mean_box_iou) +
      ", precision " + fixed(r->mean_box_precision) + ", recall " + fixed(r->mean_box_recall) +
      ", F1 " + fixed(r->mean_box_f1) + "\n" + "masks (" + std::to_string(r->mask_pairs) +
      " pairs): IoU " + fixed(r->mean_mask_iou) + ", Dice " + fixed(r->mean_mask_dice) + "\n" +
      "spans (" + std::to_string(r->span_pairs) + " pairs): F1 exact " +
      fixed(r->mean_span_f1_exact) + ", overlap " + fixed(r->mean_span_f1_overlap) + "\n\n" +
      format_table(
          {"task", "a", "b", "box_iou", "box_f1", "mask_iou", "mask_dice", "span_f1 exact/overlap"},
          rows);
  return emit(o, io, out, table);
}

// The annotator code of an id given on the command line.
std::optional<int32_t> annotator_code(const AnnotationTable& t, const std::string& id) {
  return t.annotators.find(id);
}

int run_agree(const Args& all_args, Io& io) {
  Switches sw;
  const Args args = take_switches(all_args, &sw);
  AnalyticsOptions o;
  o.command = "agree";
  o.flags["--level"] = "nominal";
  o.flags["--weights"] = "none";
  o.flags["--coefficient"] = "alpha";
  o.flags["--confidence"] = "0.95";
  o.flags["--seed"] = "0";
  if (int rc = parse_analytics_args(args,
                                    {"--level", "--weights", "--bootstrap", "--seed",
                                     "--confidence", "--coefficient", "--pair", "--iou-threshold"},
                                    &o, io))
    return rc;
  if (sw.geometry) return run_geometry(o, sw, io);
  const std::string level_name = o.flags["--level"], weights_name = o.flags["--weights"];
  AlphaLevel level;
  if (level_name == "nominal")
    level = AlphaLevel::kNominal;
  else if (level_name == "ordinal")
    level = AlphaLevel::kOrdinal;
  else if (level_name == "interval")
    level = AlphaLevel::kInterval;
  else if (level_name == "ratio")
    level = AlphaLevel::kRatio;
  else
    return usage_error(io, "--level must be nominal, ordinal, interval or ratio");
  KappaWeights weights;
  if (weights_name == "none")
    weights = KappaWeights::kNone;
  else if (weights_name == "linear")
    weights = KappaWeights::kLinear;
  else if (weights_name == "quadratic")
    weights = KappaWeights::kQuadratic;
  else
    return usage_error(io, "--weights must be none, linear or quadratic");
  // Bootstrap options are checked before the input is read.
  const bool bootstrap = o.flags.count("--bootstrap") > 0;
  double resamples = 1000, confidence = 0.95;
  uint64_t seed = 0;
  CoefficientSpec spec;
  const std::string coef = o.flags["--coefficient"];
  if (bootstrap) {
    if (!flag_number(o, io, "--bootstrap", &resamples)) return kExitUsage;
    if (resamples != std::floor(resamples) || resamples < 1 || resamples > 1e6)
      return usage_error(io, "--bootstrap must be a whole number of resamples, 1 to 1000000");
    if (!flag_number(o, io, "--confidence", &confidence)) return kExitUsage;
    if (!(confidence > 0 && confidence < 1))
      return usage_error(io, "--confidence must be strictly between 0 and 1");
    if (!parse_seed(o.flags["--seed"], &seed))
      return usage_error(io, "--seed must be a whole number from 0 to 2^64-1");
    spec.level = level;
    spec.weights = weights;
    if (coef == "fleiss")
      spec.kind = CoefficientSpec::Kind::kFleissKappa;
    else if (coef == "alpha")
      spec.kind = CoefficientSpec::Kind::kKrippendorffAlpha;
    else if (coef == "cohen")
      spec.kind = CoefficientSpec::Kind::kCohenKappa;
    else if (coef == "percent")
      spec.kind = CoefficientSpec::Kind::kPercentAgreement;
    else if (coef == "scott")
      spec.kind = CoefficientSpec::Kind::kScottPi;
    else if (coef == "bennett")
      spec.kind = CoefficientSpec::Kind::kBennettS;
    else
      return usage_error(io,
                         "--coefficient must be fleiss, alpha, cohen, percent, scott or bennett");
  }
  AnalyticsInput in;
  if (int rc = load_analytics_input(o, io, &in)) return rc;
  const AnnotationTable& t = in.table;
  Json out = {{"items", t.n_items()}, {"annotators", t.n_annotators()}, {"rows", t.rows()}};
  progress(o, io, "computing Fleiss' kappa and Krippendorff's alpha");
  out["fleiss_kappa"] = coefficient(fleiss_kappa(t));
  out["krippendorff_alpha"] = coefficient(krippendorff_alpha(t, level));
  out["krippendorff_alpha"]["level"] = level_name;
  Json pairs = Json::array();
  std::vector<std::vector<std::string>> rows;
  if (t.n_annotators() <= 200) {
    progress(o, io, "computing pairwise agreement");
    for (int32_t a = 0; a < t.n_annotators(); ++a)
      for (int32_t b = a + 1; b < t.n_annotators(); ++b) {
        auto al = align_annotators(t, a, b);
        if (!al.ok() || al->a.empty()) continue;
        Json p = {
            {"a", t.annotators.name(a)}, {"b", t.annotators.name(b)}, {"items", al->a.size()}};
        p["percent_agreement"] = coefficient(percent_agreement(al->a, al->b))["value"];
        p["cohen_kappa"] = coefficient(cohen_kappa(al->a, al->b, weights));
        p["cohen_kappa"]["weights"] = weights_name;
        p["scott_pi"] = coefficient(scott_pi(al->a, al->b));
        p["bennett_s"] = coefficient(bennett_s(al->a, al->b, t.n_labels() > 1 ? t.n_labels() : 0));
        rows.push_back(
            {p["a"], p["b"], std::to_string(al->a.size()),
             fixed(p["percent_agreement"].is_null() ? NAN : p["percent_agreement"].get<double>()),
             cell(p["cohen_kappa"]), cell(p["scott_pi"])});
        pairs.push_back(std::move(p));
      }
  }
  out["pairs"] = pairs;
  std::string table =
      "items " + std::to_string(t.n_items()) + ", annotators " + std::to_string(t.n_annotators()) +
      ", annotations " + std::to_string(t.rows()) + "\n" +
      "Fleiss' kappa: " + cell(out["fleiss_kappa"]) + "\n" + "Krippendorff's alpha (" + level_name +
      "): " + cell(out["krippendorff_alpha"]) + "\n\n" +
      format_table({"a", "b", "items", "percent", "cohen_kappa", "scott_pi"}, rows);

  if (sw.pairwise) {
    progress(o, io, "computing the pairwise matrices");
    auto pw = pairwise_agreement(t, weights);
    if (!pw) return report_error(o, io, pw.error());
    const int32_t n = pw->n_annotators;
    Json names = Json::array(), shared = Json::array(), percent = Json::array(),
         kappa = Json::array(), reasons = Json::array();
    std::vector<std::vector<std::string>> krows;
    std::vector<std::string> header{"kappa"};
    for (int32_t a = 0; a < n; ++a) {
      names.push_back(t.annotators.name(a));
      header.push_back(t.annotators.name(a));
      Json s = Json::array(), p = Json::array(), k = Json::array(), r = Json::array();
      std::vector<std::string> krow{t.annotators.name(a)};
      for (int32_t b = 0; b < n; ++b) {
        const size_t c = static_cast<size_t>(a) * n + b;
        s.push_back(pw->shared_items[c]);
        p.push_back(number(pw->percent[c]));
        k.push_back(number(pw->kappa[c]));
        r.push_back(pw->kappa_reason[c].empty() ? Json(nullptr) : Json(pw->kappa_reason[c]));
        krow.push_back(a == b ? "-" : pw->shared_items[c] == 0 ? "none" : fixed(pw->kappa[c]));
      }
      shared.push_back(s);
      percent.push_back(p);
      kappa.push_back(k);
      reasons.push_back(r);
      krows.push_back(std::move(krow));
    }
    out["pairwise"] = {{"annotators", names},    {"weights", weights_name},
                       {"shared_items", shared}, {"percent_agreement", percent},
                       {"cohen_kappa", kappa},   {"cohen_kappa_undefined_reason", reasons}};
    table += "\nCohen's kappa (" + weights_name + " weights) of every pair:\n" +
             format_table(header, krows);
  }
  if (sw.per_class) {
    progress(o, io, "computing per-class agreement");
    auto pc = per_class_agreement(t);
    if (!pc) {
      out["per_class"] = {{"error", pc.error().message},
                          {"code", error_code_name(pc.error().code)}};
      table += "\nper-class agreement: error: " + pc.error().message + "\n";
    } else {
      Json classes = Json::array();
      std::vector<std::vector<std::string>> crows;
      for (const ClassAgreement& c : *pc) {
        Json j = {{"label", t.labels.name(c.label)},
                  {"proportion", number(c.proportion)},
                  {"kappa", number(c.kappa)},
                  {"specific_agreement", number(c.specific)},
                  {"assignments", c.assignments}};
        if (!c.undefined_reason.empty()) j["undefined_reason"] = c.undefined_reason;
        classes.push_back(j);
        crows.push_back({t.labels.name(c.label), fixed(c.proportion), fixed(c.kappa),
                         fixed(c.specific), std::to_string(c.assignments)});
      }
      out["per_class"] = classes;
      table += "\nper-class agreement (one vs rest):\n" +
               format_table({"label", "p_j", "kappa_j", "specific", "answers"}, crows);
    }
  }
  if (bootstrap) {
    if (spec.kind == CoefficientSpec::Kind::kCohenKappa ||
        spec.kind == CoefficientSpec::Kind::kPercentAgreement ||
        spec.kind == CoefficientSpec::Kind::kScottPi ||
        spec.kind == CoefficientSpec::Kind::kBennettS) {
      std::string pair = o.flags.count("--pair") ? o.flags["--pair"] : "";
      if (pair.empty()) {
        if (t.n_annotators() < 2)
          return report_error(o, io,
                              make_error(ErrorCode::kInvalidArgument, "--coefficient " + coef,
                                         "needs two annotators; the input has one"));
        spec.a = 0;
        spec.b = 1;
      } else {
        const size_t comma = pair.find(',');
        if (comma == std::string::npos) return usage_error(io, "--pair expects two ids: A,B");
        for (int side = 0; side < 2; ++side) {
          const std::string id = side ? pair.substr(comma + 1) : pair.substr(0, comma);
          auto code = annotator_code(t, id);
          if (!code)
            return report_error(o, io,
                                make_error(ErrorCode::kUnknownReference, "--pair",
                                           "annotator '" + id + "' is not in the input"));
          (side ? spec.b : spec.a) = *code;
        }
      }
    }
    progress(
        o, io,
        "bootstrap: " + std::to_string(static_cast<int64_t>(resamples)) + " resamples of " + coef);
    BootstrapOptions bo;
    bo.resamples = static_cast<int32_t>(resamples);
    bo.confidence = confidence;
    bo.seed = seed;
    auto bi = bootstrap_interval(t, spec, bo);
    if (!bi) return report_error(o, io, bi.error());
    Json b = {{"coefficient", coef},          {"estimate", number(bi->estimate)},
              {"lower", number(bi->lower)},   {"upper", number(bi->upper)},
              {"confidence", bi->confidence}, {"resamples", bi->resamples},
              {"undefined", bi->undefined},   {"seed", seed}};
    if (spec.kind == CoefficientSpec::Kind::kKrippendorffAlpha) b["level"] = level_name;
    if (spec.kind == CoefficientSpec::Kind::kCohenKappa) b["weights"] = weights_name;
    if (spec.kind != CoefficientSpec::Kind::kKrippendorffAlpha &&
        spec.kind != CoefficientSpec::Kind::kFleissKappa)
      b["pair"] = {t.annotators.name(spec.a), t.annotators.name(spec.b)};
    if (!bi->undefined_reason.empty()) b["undefined_reason"] = bi->undefined_reason;
    out["bootstrap"] = b;
    table += "\nbootstrap " + coef + ": " + num_text(b["estimate"]) + " [" + num_text(b["lower"]) +
             ", " + num_text(b["upper"]) + "] at " + fixed(confidence * 100, 1) + " %, " +
             std::to_string(bi->resamples) + " resamples (" + std::to_string(bi->undefined) +
             " undefined), seed " + std::to_string(seed) + "\n";
  }
  return emit(o, io, out, table);
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    agree,
    "agree FILE [--level L] [--weights W] [--pairwise] [--per-class] [--bootstrap B [--seed S]"
    " [--confidence C] [--coefficient K] [--pair A,B]] [--geometry [--iou-threshold T]"
    " [--any-label]] [--labels a,b,..] [--format json|table]",
    "Agreement between annotators (Fleiss, Krippendorff, pairwise Cohen/Scott/Bennett, per "
    "class, bootstrap intervals, boxes/masks/spans)",
    "Reads FILE ('-' for standard input): a long CSV item,annotator,label[,time] or Label\n"
    "Studio JSON (classification answers; --from-name NAME picks the label set). Prints JSON:\n"
    "Fleiss' kappa (an error entry when items have unequal numbers of answers),\n"
    "Krippendorff's alpha (--level nominal|ordinal|interval|ratio; ordinal on text labels\n"
    "uses --labels low,mid,high as the order), and for every annotator pair with common\n"
    "items: percent agreement, Cohen's kappa (--weights none|linear|quadratic), Scott's pi,\n"
    "Bennett's S. An undefined coefficient is null with an undefined_reason.\n"
    "\n"
    "  --pairwise        annotator x annotator matrices: shared items, percent agreement,\n"
    "                    Cohen's kappa (null + reason where undefined or no shared item)\n"
    "  --per-class       per label: share of answers p_j, Fleiss' (1971) per-category kappa\n"
    "                    (one vs rest) and the proportion of specific agreement\n"
    "  --bootstrap B     percentile bootstrap interval from B resamples of the items\n"
    "    --coefficient K alpha (default, at --level), fleiss, cohen, percent, scott, bennett\n"
    "    --pair A,B      the two annotators of cohen/percent/scott/bennett (default: the\n"
    "                    first two in sorted order)\n"
    "    --seed S        0..2^64-1 (default 0); the same seed gives the same interval\n"
    "                    natively and in the browser\n"
    "    --confidence C  level of the interval (default 0.95)\n"
    "  --geometry        FILE is a Label Studio project: for every task with two or more\n"
    "                    annotators, every pair compared on boxes (optimal IoU matching,\n"
    "                    mean matched IoU, precision/recall/F1), brush masks (IoU, Dice)\n"
    "                    and text spans (F1 exact and overlapping), then averaged\n"
    "    --iou-threshold T  a box pair matches when IoU >= T (default 0.5)\n"
    "    --any-label     compare regions regardless of their labels\n"
    "Options: -o FILE, --format table, --progress. Exit 1 on invalid input, 2 on usage.",
    run_agree);

}  // namespace localabel::cli
