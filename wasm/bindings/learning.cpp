// Embind glue for active learning: features, logistic regression, sampling and diversity.
// Typed arrays in, plain objects out; every function returns {ok: true, value} or
// {ok: false, code, message, path}. Matrices travel as a flat Float32Array plus rows and cols.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "convert.h"
#include "localabel/diversity.h"
#include "localabel/features.h"
#include "localabel/label_errors.h"
#include "localabel/learner.h"
#include "localabel/sampling.h"
#include "localabel/weak_supervision.h"

namespace {

using localabel::wasm::bytes_of;
using localabel::wasm::fail;
using localabel::wasm::ok;
using localabel::wasm::to_vector;
using localabel::wasm::typed_copy;

using emscripten::val;
using localabel::Error;
using localabel::ErrorCode;
using localabel::MatrixView;

val index_array(const std::vector<int64_t>& v) {
  std::vector<int32_t> out(v.begin(), v.end());
  return typed_copy("Int32Array", out);
}

// Checks that a flat matrix has rows × cols values before a view is made of it.
bool shape_ok(const std::vector<float>& data, double rows, double cols, const char* what,
              val* error) {
  if (!(rows >= 0) || !(cols >= 0) || static_cast<double>(data.size()) != rows * cols) {
    *error = fail(localabel::make_error(
        ErrorCode::kLengthMismatch, what,
        "has " + std::to_string(data.size()) +
            " values, expected rows × cols = " + std::to_string(static_cast<long long>(rows)) +
            " × " + std::to_string(static_cast<long long>(cols))));
    return false;
  }
  return true;
}

MatrixView view(const std::vector<float>& data, double rows, double cols) {
  return MatrixView{data.data(), static_cast<int64_t>(rows), static_cast<int64_t>(cols)};
}

bool shape_ok64(const std::vector<double>& data, double rows, double cols, val* error,
                const char* what = "probs") {
  if (!(rows >= 0) || !(cols >= 0) || static_cast<double>(data.size()) != rows * cols) {
    *error = fail(localabel::make_error(
        ErrorCode::kLengthMismatch, what,
        "has " + std::to_string(data.size()) +
            " values, expected rows × cols = " + std::to_string(static_cast<long long>(rows)) +
            " × " + std::to_string(static_cast<long long>(cols))));
    return false;
  }
  return true;
}

localabel::MatrixView64 view64(const std::vector<double>& data, double rows, double cols) {
  return localabel::MatrixView64{data.data(), static_cast<int64_t>(rows),
                                 static_cast<int64_t>(cols)};
}

bool parse_uncertainty(const std::string& name, localabel::Uncertainty* out) {
  if (name == "leastConfidence")
    *out = localabel::Uncertainty::kLeastConfidence;
  else if (name == "margin")
    *out = localabel::Uncertainty::kMargin;
  else if (name == "entropy")
    *out = localabel::Uncertainty::kEntropy;
  else
    return false;
  return true;
}

val bad_measure(const std::string& name) {
  return fail(localabel::make_error(ErrorCode::kInvalidArgument, "measure",
                                    "unknown measure '" + name + "'"));
}

val learning_uncertainty_scores(val probs_js, double rows, double cols, std::string measure) {
  // A Float64Array takes the float64 path (Float64Array scores); anything else float32.
  const bool f64 = probs_js.instanceof (val::global("Float64Array"));
  auto probs = f64 ? std::vector<float>() : to_vector<float>(probs_js);
  auto probs64 = f64 ? to_vector<double>(probs_js) : std::vector<double>();
  val error = val::null();
  if (!f64 && !shape_ok(probs, rows, cols, "probs", &error)) return error;
  if (f64 && !shape_ok64(probs64, rows, cols, &error)) return error;
  localabel::Uncertainty m;
  if (!parse_uncertainty(measure, &m)) return bad_measure(measure);
  if (f64) {
    auto r = localabel::uncertainty_scores(view64(probs64, rows, cols), m);
    return r ? ok(typed_copy("Float64Array", *r)) : fail(r.error());
  }
  auto r = localabel::uncertainty_scores(view(probs, rows, cols), m);
  return r ? ok(typed_copy("Float32Array", *r)) : fail(r.error());
}

val learning_select_uncertain(val probs_js, double rows, double cols, std::string measure, double k,
                              val exclude_js) {
  auto probs = to_vector<float>(probs_js);
  val error = val::null();
  if (!shape_ok(probs, rows, cols, "probs", &error)) return error;
  localabel::Uncertainty m;
  if (!parse_uncertainty(measure, &m)) return bad_measure(measure);
  auto exclude = to_vector<uint8_t>(exclude_js);
  auto r = localabel::select_uncertain(
      view(probs, rows, cols), m, static_cast<int64_t>(k),
      exclude_js.isNull() || exclude_js.isUndefined() ? nullptr : &exclude);
  return r ? ok(index_array(*r)) : fail(r.error());
}

val learning_committee_disagreement(val members_js, double rows, double cols, std::string measure) {
  localabel::CommitteeDisagreement m;
  if (measure == "voteEntropy")
    m = localabel::CommitteeDisagreement::kVoteEntropy;
  else if (measure == "consensusEntropy")
    m = localabel::CommitteeDisagreement::kConsensusEntropy;
  else if (measure == "maxKl")
    m = localabel::CommitteeDisagreement::kMaxKlDisagreement;
  else if (measure == "meanKl")
    m = localabel::CommitteeDisagreement::kMeanKlDisagreement;
  else
    return bad_measure(measure);
  const unsigned n = members_js["length"].as<unsigned>();
  std::vector<std::vector<float>> members(n);
  std::vector<MatrixView> views;
  for (unsigned i = 0; i < n; ++i) {
    members[i] = to_vector<float>(members_js[i]);
    val error = val::null();
    const std::string what = "members[" + std::to_string(i) + "]";
    if (!shape_ok(members[i], rows, cols, what.c_str(), &error)) return error;
    views.push_back(view(members[i], rows, cols));
  }
  auto r = localabel::committee_disagreement(views, m);
  return r ? ok(typed_copy("Float32Array", *r)) : fail(r.error());
}

val learning_expected_gradient_length(val probs_js, val features_js, double rows, double n_classes,
                                      double dims) {
  auto probs = to_vector<float>(probs_js);
  auto features = to_vector<float>(features_js);
  val error = val::null();
  if (!shape_ok(probs, rows, n_classes, "probs", &error)) return error;
  if (!shape_ok(features, rows, dims, "features", &error)) return error;
  auto r =
      localabel::expected_gradient_length(view(probs, rows, n_classes), view(features, rows, dims));
  return r ? ok(typed_copy("Float32Array", *r)) : fail(r.error());
}

val learning_kcenter_greedy(val features_js, double rows, double cols, double k, val initial_js) {
  auto features = to_vector<float>(features_js);
  val error = val::null();
  if (!shape_ok(features, rows, cols, "features", &error)) return error;
  auto initial32 = to_vector<int32_t>(initial_js);
  std::vector<int64_t> initial(initial32.begin(), initial32.end());
  auto r = localabel::kcenter_greedy(view(features, rows, cols), static_cast<int64_t>(k), initial);
  if (!r) return fail(r.error());
  val v = val::object();
  v.set("picks", index_array(r->picks));
  v.set("radius", r->radius);
  return ok(v);
}

val learning_kmeans(val features_js, double rows, double cols, double k, double seed,
                    double max_iter, val initial_centres, val sample_weight,
                    bool relocate_empty_clusters, double tol) {
  auto features = to_vector<float>(features_js);
  val error = val::null();
  if (!shape_ok(features, rows, cols, "features", &error)) return error;
  localabel::KMeansOptions o;
  o.k = static_cast<int64_t>(k);
  o.seed = static_cast<uint64_t>(seed);
  o.max_iter = static_cast<int>(max_iter);
  o.initial_centres = to_vector<float>(initial_centres);
  o.sample_weight = to_vector<double>(sample_weight);
  o.relocate_empty_clusters = relocate_empty_clusters;
  if (!(tol >= 0) || !std::isfinite(tol))
    return fail(
        localabel::make_error(ErrorCode::kInvalidArgument, "tol", "must be finite and >= 0"));
  o.tol = tol;
  auto r = localabel::kmeans_representatives(view(features, rows, cols), o);
  if (!r) return fail(r.error());
  val v = val::object();
  v.set("representatives", index_array(r->representatives));
  v.set("assignment", typed_copy("Int32Array", r->assignment));
  v.set("centres", typed_copy("Float32Array", r->centres));
  v.set("inertia", r->inertia);
  v.set("iterations", r->iterations);
  return ok(v);
}

val learning_cold_start(val features_js, double rows, double cols, double k, double seed,
                        val hints_js) {
  auto features = to_vector<float>(features_js);
  val error = val::null();
  if (!shape_ok(features, rows, cols, "features", &error)) return error;
  auto hints = to_vector<int32_t>(hints_js);
  const bool has_hints = !(hints_js.isNull() || hints_js.isUndefined());
  auto r = localabel::cold_start_by_clustering(view(features, rows, cols), static_cast<int64_t>(k),
                                               static_cast<uint64_t>(seed),
                                               has_hints ? &hints : nullptr);
  return r ? ok(index_array(*r)) : fail(r.error());
}

val learning_ranked_batch(val probs_js, val features_js, double rows, double n_classes, double dims,
                          val labelled_js, double k) {
  auto probs = to_vector<float>(probs_js);
  auto features = to_vector<float>(features_js);
  val error = val::null();
  if (!shape_ok(probs, rows, n_classes, "probs", &error)) return error;
  if (!shape_ok(features, rows, dims, "features", &error)) return error;
  auto labelled = to_vector<uint8_t>(labelled_js);
  auto r = localabel::select_ranked_batch(view(probs, rows, n_classes), view(features, rows, dims),
                                          labelled, static_cast<int64_t>(k));
  return r ? ok(index_array(*r)) : fail(r.error());
}

val learning_uncertainty_diversity(val probs_js, val features_js, double rows, double n_classes,
                                   double dims, val labelled_js, std::string measure, double k) {
  auto probs = to_vector<float>(probs_js);
  auto features = to_vector<float>(features_js);
  val error = val::null();
  if (!shape_ok(probs, rows, n_classes, "probs", &error)) return error;
  if (!shape_ok(features, rows, dims, "features", &error)) return error;
  localabel::Uncertainty m;
  if (!parse_uncertainty(measure, &m)) return bad_measure(measure);
  auto labelled = to_vector<uint8_t>(labelled_js);
  auto r = localabel::select_uncertainty_diversity(view(probs, rows, n_classes),
                                                   view(features, rows, dims), labelled, m,
                                                   static_cast<int64_t>(k));
  return r ? ok(index_array(*r)) : fail(r.error());
}

val model_to_js(const localabel::LogisticRegressionModel& m) {
  val v = val::object();
  v.set("nFeatures", static_cast<double>(m.n_features));
  v.set("nClasses", static_cast<double>(m.n_classes));
  v.set("weights", typed_copy("Float64Array", m.weights));
  v.set("intercept", typed_copy("Float64Array", m.intercept));
  v.set("nIter", m.n_iter);
  v.set("converged", m.converged);
  v.set("objective", m.objective);
  return v;
}

bool model_from_js(const val& js, localabel::LogisticRegressionModel* m, val* error) {
  m->n_features = static_cast<int64_t>(js["nFeatures"].as<double>());
  m->n_classes = static_cast<int64_t>(js["nClasses"].as<double>());
  m->weights = to_vector<double>(js["weights"]);
  m->intercept = to_vector<double>(js["intercept"]);
  if (m->n_features < 1 || m->n_classes < 2 ||
      static_cast<int64_t>(m->weights.size()) != m->n_features * m->n_classes ||
      static_cast<int64_t>(m->intercept.size()) != m->n_classes) {
    *error = fail(localabel::make_error(ErrorCode::kLengthMismatch, "model",
                                        "weights must hold nClasses × nFeatures values and "
                                        "intercept nClasses"));
    return false;
  }
  return true;
}

val learning_fit_logistic_regression(val features_js, double rows, double cols, val labels_js,
                                     double n_classes, val options, val warm_js) {
  auto features = to_vector<float>(features_js);
  val error = val::null();
  if (!shape_ok(features, rows, cols, "features", &error)) return error;
  auto labels = to_vector<int32_t>(labels_js);
  localabel::LogisticRegressionOptions o;
  if (!options.isUndefined() && !options.isNull()) {
    if (!options["c"].isUndefined()) o.c = options["c"].as<double>();
    if (!options["maxIter"].isUndefined()) o.max_iter = options["maxIter"].as<int>();
    if (!options["tol"].isUndefined()) o.tol = options["tol"].as<double>();
    if (!options["fitIntercept"].isUndefined())
      o.fit_intercept = options["fitIntercept"].as<bool>();
  }
  localabel::LogisticRegressionModel warm;
  const bool has_warm = !(warm_js.isNull() || warm_js.isUndefined());
  if (has_warm && !model_from_js(warm_js, &warm, &error)) return error;
  auto r = localabel::fit_logistic_regression(view(features, rows, cols), labels,
                                              static_cast<int64_t>(n_classes), o, {},
                                              has_warm ? &warm : nullptr);
  return r ? ok(model_to_js(*r)) : fail(r.error());
}

val learning_predict_proba(val model_js, val features_js, double rows, double cols) {
  localabel::LogisticRegressionModel m;
  val error = val::null();
  if (!model_from_js(model_js, &m, &error)) return error;
  // A Float64Array takes the float64 path (Float64Array probabilities); anything else float32.
  if (features_js.instanceof (val::global("Float64Array"))) {
    auto features = to_vector<double>(features_js);
    if (!shape_ok64(features, rows, cols, &error, "features")) return error;
    auto r = localabel::predict_proba(m, view64(features, rows, cols));
    return r ? ok(typed_copy("Float64Array", *r)) : fail(r.error());
  }
  auto features = to_vector<float>(features_js);
  if (!shape_ok(features, rows, cols, "features", &error)) return error;
  auto r = localabel::predict_proba(m, view(features, rows, cols));
  return r ? ok(typed_copy("Float32Array", *r)) : fail(r.error());
}

// A feature matrix as {data: Float32Array, rows, cols}, or the error.
val matrix_result(const localabel::Result<localabel::FeatureMatrix>& r) {
  if (!r) return fail(r.error());
  val v = val::object();
  v.set("data", typed_copy("Float32Array", r->data));
  v.set("rows", static_cast<double>(r->rows));
  v.set("cols", static_cast<double>(r->cols));
  return ok(v);
}

val learning_text_features(val texts_js, double hash_bits) {
  const unsigned n = texts_js["length"].as<unsigned>();
  std::vector<std::string> texts;
  texts.reserve(n);
  for (unsigned i = 0; i < n; ++i) texts.push_back(texts_js[i].as<std::string>());
  localabel::TextFeatureOptions o;
  o.hash_bits = static_cast<int>(hash_bits);
  return matrix_result(localabel::text_features(texts, o));
}

val learning_embeddings_from_binary(val bytes_js, double rows) {
  const std::vector<uint8_t> bytes = to_vector<uint8_t>(bytes_js);
  auto r = localabel::embeddings_from_binary(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
      static_cast<int64_t>(rows));
  return matrix_result(r);
}

val learning_image_features(val rgba_js, double width, double height) {
  auto rgba = to_vector<uint8_t>(rgba_js);
  auto r =
      localabel::image_features(rgba, static_cast<int64_t>(width), static_cast<int64_t>(height));
  return r ? ok(typed_copy("Float32Array", *r)) : fail(r.error());
}

bool lf_from_js(const val& js, size_t index, localabel::LabellingFunction* lf, val* error) {
  const std::string path = "lfs[" + std::to_string(index) + "]";
  const std::string kind = js["kind"].isString() ? js["kind"].as<std::string>() : "";
  if (kind == "keywords")
    lf->kind = localabel::LfKind::kKeywords;
  else if (kind == "pattern")
    lf->kind = localabel::LfKind::kPattern;
  else if (kind == "regex")
    lf->kind = localabel::LfKind::kRegex;
  else if (kind == "threshold")
    lf->kind = localabel::LfKind::kThreshold;
  else if (kind == "model")
    lf->kind = localabel::LfKind::kModel;
  else {
    *error = fail(localabel::make_error(ErrorCode::kInvalidArgument, path + ".kind",
                                        "expected keywords, pattern, regex, threshold or model"));
    return false;
  }
  if (js["name"].isString()) lf->name = js["name"].as<std::string>();
  if (js["label"].isNumber()) lf->label = js["label"].as<int32_t>();
  if (!js["keywords"].isUndefined() && !js["keywords"].isNull()) {
    const unsigned n = js["keywords"]["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) lf->keywords.push_back(js["keywords"][i].as<std::string>());
  }
  if (js["pattern"].isString()) lf->pattern = js["pattern"].as<std::string>();
  if (!js["caseSensitive"].isUndefined()) lf->case_sensitive = js["caseSensitive"].as<bool>();
  if (js["field"].isString()) lf->field = js["field"].as<std::string>();
  if (js["threshold"].isNumber()) lf->threshold = js["threshold"].as<double>();
  if (!js["above"].isUndefined()) lf->above = js["above"].as<bool>();
  if (js["minConfidence"].isNumber()) lf->min_confidence = js["minConfidence"].as<double>();
  return true;
}

val label_matrix_to_js(const localabel::LabelMatrix& m) {
  val v = val::object();
  v.set("votes", typed_copy("Int32Array", m.votes));
  v.set("nPoints", static_cast<double>(m.n_points));
  v.set("nLfs", static_cast<double>(m.n_lfs));
  return v;
}

val learning_apply_lfs(val lfs_js, val texts_js, val metadata_js, val probs_js, double cols) {
  std::vector<localabel::LabellingFunction> lfs(lfs_js["length"].as<unsigned>());
  val error = val::null();
  for (size_t j = 0; j < lfs.size(); ++j)
    if (!lf_from_js(lfs_js[j], j, &lfs[j], &error)) return error;
  const unsigned n = texts_js["length"].as<unsigned>();
  std::vector<std::string> texts;
  for (unsigned i = 0; i < n; ++i) texts.push_back(texts_js[i].as<std::string>());
  std::vector<std::map<std::string, double>> metadata;
  const bool has_md = !(metadata_js.isNull() || metadata_js.isUndefined());
  if (has_md) {
    const unsigned m = metadata_js["length"].as<unsigned>();
    for (unsigned i = 0; i < m; ++i) {
      std::map<std::string, double> row;
      val obj = metadata_js[i];
      if (obj.isNull() || obj.isUndefined()) {
        metadata.push_back(row);
        continue;
      }
      val keys = val::global("Object").call<val>("keys", obj);
      const unsigned nk = keys["length"].as<unsigned>();
      for (unsigned t = 0; t < nk; ++t) {
        const std::string key = keys[t].as<std::string>();
        if (obj[key].isNumber()) row[key] = obj[key].as<double>();
      }
      metadata.push_back(std::move(row));
    }
  }
  std::vector<float> probs;
  MatrixView pv;
  const bool has_probs = !(probs_js.isNull() || probs_js.isUndefined());
  if (has_probs) {
    probs = to_vector<float>(probs_js);
    if (!shape_ok(probs, n, cols, "modelProbs", &error)) return error;
    pv = view(probs, n, cols);
  }
  auto r = localabel::apply_labelling_functions(lfs, texts, has_md ? &metadata : nullptr,
                                                has_probs ? &pv : nullptr);
  return r ? ok(label_matrix_to_js(*r)) : fail(r.error());
}

bool votes_from_js(const val& votes_js, double n_points, localabel::LabelMatrix* m, val* error) {
  m->votes = to_vector<int32_t>(votes_js);
  m->n_points = static_cast<int64_t>(n_points);
  if (m->n_points <= 0 || m->votes.empty() || m->votes.size() % m->n_points != 0) {
    *error = fail(localabel::make_error(ErrorCode::kLengthMismatch, "votes",
                                        "expected nPoints × nLfs values"));
    return false;
  }
  m->n_lfs = static_cast<int64_t>(m->votes.size()) / m->n_points;
  return true;
}

// A whole number in [0, 2^53) from JS, or an InvalidArgument error naming `what`.
bool count_from_js(double x, const char* what, int64_t* out, val* error) {
  if (!(x >= 0 && x < 9007199254740992.0) || x != static_cast<double>(static_cast<int64_t>(x))) {
    *error = fail(
        localabel::make_error(ErrorCode::kInvalidArgument, what, "expected a whole number ≥ 0"));
    return false;
  }
  *out = static_cast<int64_t>(x);
  return true;
}

val learning_analyse_lfs(val votes_js, double n_points, val gold_js, double n_classes,
                         bool undefined_accuracy_nan) {
  localabel::LabelMatrix m;
  val error = val::null();
  if (!votes_from_js(votes_js, n_points, &m, &error)) return error;
  auto gold = to_vector<int32_t>(gold_js);
  const bool has_gold = !(gold_js.isNull() || gold_js.isUndefined());
  localabel::LfAnalysisOptions options;
  if (!count_from_js(n_classes, "nClasses", &options.n_classes, &error)) return error;
  options.undefined_accuracy_nan = undefined_accuracy_nan;
  auto r = localabel::analyse_labelling_functions(m, has_gold ? &gold : nullptr, options);
  if (!r) return fail(r.error());
  val lfs = val::array();
  for (const auto& s : r->lfs) {
    val o = val::object();
    o.set("polarity", typed_copy("Int32Array", s.polarity));
    o.set("coverage", s.coverage);
    o.set("overlaps", s.overlaps);
    o.set("conflicts", s.conflicts);
    o.set("correct", static_cast<double>(s.correct));
    o.set("incorrect", static_cast<double>(s.incorrect));
    o.set("empiricalAccuracy", s.empirical_accuracy);
    o.set("overlapsNormalized", s.overlaps_normalized);
    o.set("conflictsNormalized", s.conflicts_normalized);
    if (has_gold) o.set("empiricalProbs", typed_copy("Float64Array", s.empirical_probs));
    lfs.call<void>("push", o);
  }
  val v = val::object();
  v.set("lfs", lfs);
  v.set("labelCoverage", r->label_coverage);
  v.set("labelOverlap", r->label_overlap);
  v.set("labelConflict", r->label_conflict);
  v.set("nClasses", static_cast<double>(r->n_classes));
  return ok(v);
}

val learning_majority_label_voter(val votes_js, double n_points, double cardinality) {
  localabel::LabelMatrix m;
  val error = val::null();
  if (!votes_from_js(votes_js, n_points, &m, &error)) return error;
  int64_t k = 0;
  if (!count_from_js(cardinality, "cardinality", &k, &error)) return error;
  auto r = localabel::majority_label_voter_proba(m, k);
  return r ? ok(typed_copy("Float64Array", *r)) : fail(r.error());
}

val learning_fit_label_model(val votes_js, double n_points, double n_classes, double max_iter,
                             double tol) {
  localabel::LabelMatrix m;
  val error = val::null();
  if (!votes_from_js(votes_js, n_points, &m, &error)) return error;
  localabel::LabelModelOptions o;
  o.max_iter = static_cast<int>(max_iter);
  o.tol = tol;
  auto r = localabel::fit_label_model(m, static_cast<int64_t>(n_classes), o);
  if (!r) return fail(r.error());
  std::vector<float> probs(r->probs.begin(), r->probs.end());
  val v = val::object();
  v.set("probs", typed_copy("Float32Array", probs));
  v.set("accuracies", typed_copy("Float64Array", r->accuracies));
  v.set("classPrior", typed_copy("Float64Array", r->class_prior));
  v.set("iterations", r->iterations);
  v.set("logLikelihood", r->log_likelihood);
  return ok(v);
}

val learning_find_label_issues(val probs_js, double rows, double cols, val labels_js,
                               std::string filter_by, std::string rank_by, double frac_noise,
                               double min_examples_per_class) {
  // A Float64Array keeps its precision (the float64 path); anything else is read as float32.
  const bool f64 = probs_js.instanceof (val::global("Float64Array"));
  auto probs = f64 ? std::vector<float>() : to_vector<float>(probs_js);
  auto probs64 = f64 ? to_vector<double>(probs_js) : std::vector<double>();
  val error = val::null();
  if (!f64 && !shape_ok(probs, rows, cols, "probs", &error)) return error;
  if (f64 && !shape_ok64(probs64, rows, cols, &error)) return error;
  auto labels = to_vector<int32_t>(labels_js);
  localabel::LabelIssueOptions o;
  auto f = localabel::parse_label_issue_filter(filter_by);
  if (!f) return fail(f.error());
  o.filter_by = *f;
  auto rank = localabel::parse_label_quality_score(rank_by);
  if (!rank) return fail(rank.error());
  o.rank_by = *rank;
  o.frac_noise = frac_noise;
  if (!count_from_js(min_examples_per_class, "minExamplesPerClass", &o.min_examples_per_class,
                     &error))
    return error;
  auto r = f64 ? localabel::find_label_issues(view64(probs64, rows, cols), labels, o)
               : localabel::find_label_issues(view(probs, rows, cols), labels, o);
  if (!r) return fail(r.error());
  val v = val::object();
  v.set("issues", index_array(r->issues));
  v.set("isIssue", typed_copy("Uint8Array", r->is_issue));
  v.set("thresholds", typed_copy("Float64Array", r->thresholds));
  std::vector<double> joint(r->confident_joint.begin(), r->confident_joint.end());
  v.set("confidentJoint", typed_copy("Float64Array", joint));
  std::vector<double> raw(r->confident_joint_raw.begin(), r->confident_joint_raw.end());
  v.set("confidentJointRaw", typed_copy("Float64Array", raw));
  v.set("selfConfidence", typed_copy("Float64Array", r->self_confidence));
  v.set("quality", typed_copy("Float64Array", r->quality));
  v.set("numLabelIssues", static_cast<double>(r->num_label_issues));
  return ok(v);
}

val learning_label_quality_scores(val probs_js, double rows, double cols, val labels_js,
                                  std::string method, bool adjust_pred_probs) {
  const bool f64 = probs_js.instanceof (val::global("Float64Array"));
  auto probs = f64 ? std::vector<float>() : to_vector<float>(probs_js);
  auto probs64 = f64 ? to_vector<double>(probs_js) : std::vector<double>();
  val error = val::null();
  if (!f64 && !shape_ok(probs, rows, cols, "probs", &error)) return error;
  if (f64 && !shape_ok64(probs64, rows, cols, &error)) return error;
  auto labels = to_vector<int32_t>(labels_js);
  auto m = localabel::parse_label_quality_score(method);
  if (!m) return fail(m.error());
  auto r =
      f64 ? localabel::label_quality_scores(view64(probs64, rows, cols), labels, *m,
                                            adjust_pred_probs)
          : localabel::label_quality_scores(view(probs, rows, cols), labels, *m, adjust_pred_probs);
  return r ? ok(typed_copy("Float64Array", *r)) : fail(r.error());
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_learning) {
  using emscripten::function;
  function("learning_uncertainty_scores", &learning_uncertainty_scores);
  function("learning_select_uncertain", &learning_select_uncertain);
  function("learning_committee_disagreement", &learning_committee_disagreement);
  function("learning_expected_gradient_length", &learning_expected_gradient_length);
  function("learning_kcenter_greedy", &learning_kcenter_greedy);
  function("learning_kmeans", &learning_kmeans);
  function("learning_cold_start", &learning_cold_start);
  function("learning_ranked_batch", &learning_ranked_batch);
  function("learning_uncertainty_diversity", &learning_uncertainty_diversity);
  function("learning_fit_logistic_regression", &learning_fit_logistic_regression);
  function("learning_predict_proba", &learning_predict_proba);
  function("learning_text_features", &learning_text_features);
  function("learning_image_features", &learning_image_features);
  function("learning_embeddings_from_binary", &learning_embeddings_from_binary);
  function("learning_apply_lfs", &learning_apply_lfs);
  function("learning_analyse_lfs", &learning_analyse_lfs);
  function("learning_fit_label_model", &learning_fit_label_model);
  function("learning_majority_label_voter", &learning_majority_label_voter);
  function("learning_find_label_issues", &learning_find_label_issues);
  function("learning_label_quality_scores", &learning_label_quality_scores);
}
