// The in-browser learner: multinomial logistic regression with L2, fitted by L-BFGS, warm
// started as labels arrive, and a bootstrap committee for query-by-committee.
#pragma once

#include <cstdint>
#include <vector>

#include "localabel/error.h"
#include "localabel/features.h"
#include "localabel/label_errors.h"

namespace localabel {

/// Options of logistic regression. The defaults match scikit-learn's
/// LogisticRegression(C=1.0, fit_intercept=True, tol=1e-4, max_iter=100) with lbfgs.
struct LogisticRegressionOptions {
  double c = 1.0;             ///< inverse L2 strength (> 0)
  bool fit_intercept = true;  ///< one unpenalised intercept per class
  int max_iter = 100;         ///< L-BFGS iterations at most
  double tol = 1e-4;  ///< stop when max |gradient| of the per-example-mean objective ≤ tol
  int history = 10;   ///< L-BFGS memory (pairs kept)
};

/// A fitted multinomial logistic regression model.
struct LogisticRegressionModel {
  int64_t n_features = 0;
  int64_t n_classes = 0;
  std::vector<double> weights;    ///< n_classes × n_features, row-major (class k's row)
  std::vector<double> intercept;  ///< n_classes (zeros when fit_intercept is off)
  int n_iter = 0;                 ///< L-BFGS iterations of the last fit
  int n_evals = 0;                ///< objective and gradient evaluations of the last fit
  bool converged = false;         ///< the gradient tolerance was reached
  double objective = 0;           ///< 0.5‖W‖² + C Σ_i w_i (−ln p_i,y_i) at the solution
};

/// Fits multinomial (softmax) logistic regression by minimising
///   0.5 ‖W‖²_F + C · Σ_i s_i · (−ln softmax(W x_i + b)_{y_i})
/// (the intercepts b are not penalised), as scikit-learn's LogisticRegression with
/// multi_class="multinomial" and penalty="l2". The optimiser is L-BFGS (Nocedal 1980) with
/// a backtracking Armijo line search; the stopping test is on the gradient of the objective
/// divided by Σ s_i (scale-free, like scikit-learn's pgtol). With K = 2 the softmax model is
/// kept (not the one-weight-vector binomial form; the probabilities differ slightly from
/// scikit-learn's binary fit, which uses a single vector).
/// `sample_weight` (size N, ≥ 0; empty = all 1) gives bootstrap counts. `warm_start`, when
/// it has the same shape, is the starting point (else zeros).
/// Arithmetic is double when N·D·K ≤ 2^22; larger problems use float32 vector kernels for the
/// logits and gradient (accumulated in double per 4096 rows); parameters are always double.
/// Errors: kEmptyInput, kLengthMismatch (labels or weights vs rows), kOutOfRange (a label
/// outside [0, n_classes), a negative weight, a non-finite feature), kInvalidArgument (C ≤ 0,
/// n_classes < 2, max_iter < 0).
Result<LogisticRegressionModel> fit_logistic_regression(
    const MatrixView& features, const std::vector<int32_t>& labels, int64_t n_classes,
    const LogisticRegressionOptions& options = {}, const std::vector<float>& sample_weight = {},
    const LogisticRegressionModel* warm_start = nullptr);

/// Class probabilities (N × n_classes row-major float32) of every row: softmax(W x + b),
/// computed with the maximum subtracted. Errors: kLengthMismatch (feature count differs from
/// the model's), kEmptyInput, kOutOfRange.
Result<std::vector<float>> predict_proba(const LogisticRegressionModel& model,
                                         const MatrixView& features);

/// predict_proba on float64 features (MatrixView64 of label_errors.h), all in double:
/// softmax(W x + b) with the maximum subtracted, as scikit-learn's predict_proba of the
/// multinomial model on a float64 array. Errors as the float32 overload.
Result<std::vector<double>> predict_proba(const LogisticRegressionModel& model,
                                          const MatrixView64& features);

/// Argmax of each row of an N×K probability matrix (first maximum on ties).
std::vector<int32_t> argmax_rows(const std::vector<float>& probs, int64_t n_classes);

/// A committee of models trained on bootstrap resamples of the labelled rows (Breiman's
/// bagging; query-by-bagging, Abe & Mamitsuka 1998). Member m draws N rows with replacement
/// using SplitMix64 seeded with seed + m, expressed as sample weights.
/// Errors: as fit_logistic_regression; kInvalidArgument for members < 1.
Result<std::vector<LogisticRegressionModel>> fit_bootstrap_committee(
    const MatrixView& features, const std::vector<int32_t>& labels, int64_t n_classes, int members,
    uint64_t seed, const LogisticRegressionOptions& options = {});

}  // namespace localabel
