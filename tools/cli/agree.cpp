// localabel agree FILE: agreement between annotators (coefficients, pairwise matrices,
// per-class agreement, bootstrap intervals, geometric agreement of a Label Studio project).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>

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
  bool pairwise = false, per_class = false, geometry = false, any_label = false,
       coincidences = false;
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
    else if (a == "--coincidences")
      s->coincidences = true;
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

// Cohen's kappa of a pair with SAS/irr inference, on the table of the labels either annotator
// used (irr's convention), ordered by score (--scores LABEL=SCORE,...) or else by label code,
// with positions as scores.
Json kappa_inference_json(const AnnotationTable& t, const AlignedLabels& al, KappaWeights weights,
                          const std::vector<double>& label_scores, double confidence) {
  std::vector<int32_t> used;
  std::vector<char> seen(static_cast<size_t>(t.n_labels()), 0);
  for (size_t i = 0; i < al.a.size(); ++i) seen[al.a[i]] = seen[al.b[i]] = 1;
  for (int32_t c = 0; c < t.n_labels(); ++c)
    if (seen[c]) used.push_back(c);
  if (!label_scores.empty())
    std::stable_sort(used.begin(), used.end(),
                     [&](int32_t x, int32_t y) { return label_scores[x] < label_scores[y]; });
  const size_t k = used.size();
  std::vector<int32_t> slot(static_cast<size_t>(t.n_labels()), -1);
  std::vector<double> scores;
  for (size_t i = 0; i < k; ++i) {
    slot[used[i]] = static_cast<int32_t>(i);
    if (!label_scores.empty()) scores.push_back(label_scores[used[i]]);
  }
  std::vector<double> table(k * k, 0.0);
  for (size_t i = 0; i < al.a.size(); ++i) table[slot[al.a[i]] * k + slot[al.b[i]]] += 1;
  auto r = cohen_kappa_inference(table, static_cast<int32_t>(k), weights, scores, confidence);
  if (!r.ok()) return {{"error", r.error().message}, {"code", error_code_name(r.error().code)}};
  Json j = {{"kappa", number(r->kappa)},
            {"ase", number(r->ase)},
            {"lower", number(r->lower)},
            {"upper", number(r->upper)},
            {"ase0", number(r->ase0)},
            {"z", number(r->z)},
            {"p_one_sided", number(r->p_one_sided)},
            {"p_two_sided", number(r->p_two_sided)},
            {"confidence", confidence}};
  if (!r->undefined_reason.empty()) j["undefined_reason"] = r->undefined_reason;
  return j;
}

// Krippendorff's alpha through the items x labels count table: with --coincidences the
// coincidence matrix of the alpha at `level`, with --distance the alpha of set-valued labels
// (each label split at --set-separator into a set; MASI or Jaccard distances between sets).
Result<Json> alpha_counts_json(const AnnotationTable& t, AlphaLevel level,
                               const std::string& distance_name, const std::string& separator) {
  const int32_t v = t.n_labels();
  std::vector<double> counts(static_cast<size_t>(t.n_items()) * v, 0.0);
  for (int64_t r = 0; r < t.rows(); ++r)
    counts[static_cast<size_t>(t.item[r]) * v + t.label[r]] += 1;
  std::vector<double> domain(static_cast<size_t>(v), 0.0), distance;
  Json out = Json::object();
  if (distance_name.empty()) {
    // Each label's value as krippendorff_alpha(table) uses it, read off the reliability matrix.
    auto m = reliability_matrix(t, level);
    if (!m) return m.error();
    for (int64_t r = 0; r < t.rows(); ++r)
      domain[t.label[r]] = (*m)[static_cast<size_t>(t.annotator[r]) * t.n_items() + t.item[r]];
  } else {
    auto kind = parse_set_distance(distance_name, "--distance");
    if (!kind) return kind.error();
    std::vector<std::string> atoms;
    std::vector<std::vector<int32_t>> sets;
    for (int32_t c = 0; c < v; ++c) {
      std::vector<int32_t> set;
      const std::string name = t.labels.name(c);
      std::string_view rest = name;
      while (true) {
        const size_t cut = separator.empty() ? std::string_view::npos : rest.find(separator);
        const std::string atom(rest.substr(0, cut));
        if (!atom.empty()) {
          auto it = std::find(atoms.begin(), atoms.end(), atom);
          if (it == atoms.end()) it = atoms.insert(atoms.end(), atom);
          set.push_back(static_cast<int32_t>(it - atoms.begin()));
        }
        if (cut == std::string_view::npos) break;
        rest = rest.substr(cut + separator.size());
      }
      sets.push_back(std::move(set));
    }
    auto d = set_distance_matrix(sets, *kind);
    if (!d) return d.error();
    distance = std::move(d).value();
    for (int32_t c = 0; c < v; ++c) domain[c] = c;
    out["distance"] = set_distance_name(*kind);
  }
  auto r = krippendorff_alpha_counts(counts, t.n_items(), v, level, domain, distance);
  if (!r) return r.error();
  Json values = Json::array(), matrix = Json::array(), marginals = Json::array();
  for (int32_t c = 0; c < v; ++c) {
    values.push_back(t.labels.name(c));
    Json row = Json::array();
    for (int32_t k = 0; k < v; ++k) row.push_back(r->coincidences[c * v + k]);
    matrix.push_back(row);
    marginals.push_back(r->marginals[c]);
  }
  out["value"] = number(r->value);
  out["observed"] = number(r->observed);
  out["expected"] = number(r->expected);
  out["units"] = r->n_units;
  out["values"] = values;
  out["coincidences"] = matrix;
  out["marginals"] = marginals;
  out["n_pairable"] = r->n_pairable;
  if (!r->undefined_reason.empty()) out["undefined_reason"] = r->undefined_reason;
  return out;
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
  o.flags["--fleiss-method"] = "fleiss";
  if (int rc =
          parse_analytics_args(args,
                               {"--level", "--weights", "--bootstrap", "--seed", "--confidence",
                                "--coefficient", "--pair", "--iou-threshold", "--fleiss-method",
                                "--scores", "--distance", "--set-separator"},
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
  auto fleiss_method = parse_fleiss_method(o.flags["--fleiss-method"], "--fleiss-method");
  if (!fleiss_method) return usage_error(io, "--fleiss-method must be fleiss, randolph or uniform");
  double kappa_confidence = 0.95;
  if (!flag_number(o, io, "--confidence", &kappa_confidence)) return kExitUsage;
  if (!(kappa_confidence > 0 && kappa_confidence < 1))
    return usage_error(io, "--confidence must be strictly between 0 and 1");
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
  out["fleiss_kappa"] = coefficient(fleiss_kappa(t, *fleiss_method));
  out["fleiss_kappa"]["method"] = fleiss_method_name(*fleiss_method);
  out["krippendorff_alpha"] = coefficient(krippendorff_alpha(t, level));
  out["krippendorff_alpha"]["level"] = level_name;
  if (sw.coincidences) {
    auto c = alpha_counts_json(t, level, "", "");
    if (!c) return report_error(o, io, c.error());
    out["krippendorff_alpha"]["coincidences"] = *c;
  }
  if (auto it = o.flags.find("--distance"); it != o.flags.end()) {
    const auto sep = o.flags.find("--set-separator");
    auto c = alpha_counts_json(t, level, it->second, sep == o.flags.end() ? ";" : sep->second);
    if (!c) return report_error(o, io, c.error());
    out["krippendorff_alpha_sets"] = *c;
  }
  // --scores LABEL=SCORE,...: category scores of the weighted kappa's inference.
  std::vector<double> label_scores;
  if (auto it = o.flags.find("--scores"); it != o.flags.end()) {
    label_scores.assign(static_cast<size_t>(t.n_labels()), std::nan(""));
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view part = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      const size_t eq = part.rfind('=');
      const std::string number_text(eq == std::string_view::npos ? "" : part.substr(eq + 1));
      char* stop = nullptr;
      const double v = std::strtod(number_text.c_str(), &stop);
      const auto code = eq == std::string_view::npos
                            ? std::nullopt
                            : t.labels.find(std::string(part.substr(0, eq)));
      if (!code || number_text.empty() || *stop != 0 || !std::isfinite(v))
        return report_error(
            o, io,
            make_error(ErrorCode::kInvalidArgument, "--scores",
                       "'" + std::string(part) + "' is not LABEL=SCORE with a label of the file"));
      label_scores[*code] = v;
    }
    for (int32_t c = 0; c < t.n_labels(); ++c)
      if (std::isnan(label_scores[c]))
        return report_error(o, io,
                            make_error(ErrorCode::kMissingField, "--scores",
                                       "no score for label '" + t.labels.name(c) + "'"));
  }
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
        p["cohen_kappa_inference"] =
            kappa_inference_json(t, *al, weights, label_scores, kappa_confidence);
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
    "agree FILE [--level L] [--weights W] [--scores L=S,..] [--fleiss-method M] [--pairwise]"
    " [--per-class] [--coincidences] [--distance D [--set-separator S]]"
    " [--bootstrap B [--seed S]"
    " [--confidence C] [--coefficient K] [--pair A,B]] [--geometry [--iou-threshold T]"
    " [--any-label]] [--labels a,b,..] [--format json|table]",
    "Agreement between annotators (Fleiss, Krippendorff, pairwise Cohen/Scott/Bennett, per "
    "class, bootstrap intervals, boxes/masks/spans)",
    "Reads FILE ('-' for standard input): a long CSV item,annotator,label[,time] or Label\n"
    "Studio JSON (classification answers; --from-name NAME picks the label set). Prints JSON:\n"
    "Fleiss' kappa (an error entry when items have unequal numbers of answers;\n"
    "--fleiss-method fleiss (default) | randolph | uniform: Randolph's free-marginal kappa,\n"
    "chance agreement 1/K, as statsmodels' fleiss_kappa method),\n"
    "Krippendorff's alpha (--level nominal|ordinal|interval|ratio; ordinal on text labels\n"
    "uses --labels low,mid,high as the order), and for every annotator pair with common\n"
    "items: percent agreement, Cohen's kappa (--weights none|linear|quadratic), Scott's pi,\n"
    "Bennett's S, and cohen_kappa_inference: the kappa's asymptotic standard error (ase),\n"
    "--confidence interval (0.95), ase under H0, z and one- and two-sided p-values as SAS\n"
    "PROC FREQ and R irr::kappa2 report them, on the labels the pair used, weighted on\n"
    "--scores LABEL=SCORE,... (default: label positions). An undefined coefficient is null\n"
    "with an undefined_reason.\n"
    "\n"
    "  --coincidences    also the coincidence matrix of the alpha (values, o_ck, marginals\n"
    "                    n_c, n), as the krippendorff package computes it from value counts\n"
    "  --distance D      alpha of set-valued labels: each label is split at --set-separator\n"
    "                    (default ';') into a set; D = masi (NLTK's masi_distance, m 0.67 /\n"
    "                    0.33), masi-exact (Passonneau's 2/3 / 1/3) or jaccard\n"
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
