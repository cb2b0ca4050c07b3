// Diversity sampling on feature rows (N×D row-major float32): greedy k-center (core-set),
// k-means++ representatives and a cold start by clustering.
#pragma once

#include <cstdint>
#include <vector>

#include "localabel/error.h"
#include "localabel/features.h"

namespace localabel {

/// Result of greedy k-center selection.
struct KCenterResult {
  std::vector<int64_t> picks;  ///< selected rows in pick order
  double radius = 0;  ///< sqrt of the largest squared distance of any row to its nearest centre
};

/// Greedy k-center (Gonzalez 1985; the core-set strategy of Sener & Savarese, ICLR 2018) with
/// squared Euclidean distances in float32. With no `initial_centres` the first pick is row 0;
/// then, k times in all, the row whose squared distance to its nearest centre is largest is
/// picked (ties: lower index). With initial centres (e.g. the labelled rows), all k picks are
/// new rows chosen that way. Stops early when every row is a centre (radius 0).
/// O(N·D) per pick: a min-distance array is updated with each new centre.
/// Errors: kEmptyInput, kInvalidArgument (k < 0), kOutOfRange (non-finite value or an initial
/// centre outside [0, N)).
Result<KCenterResult> kcenter_greedy(const MatrixView& features, int64_t k,
                                     const std::vector<int64_t>& initial_centres = {});

/// Options of k-means.
struct KMeansOptions {
  int64_t k = 10;     ///< number of centres (1..N)
  uint64_t seed = 0;  ///< seeds the k-means++ draws (SplitMix64; same on every platform)
  int max_iter = 20;  ///< Lloyd iterations at most
  double tol = 1e-4;  ///< stop when Σ‖Δcentre‖² ≤ tol · mean column variance (scikit-learn)
  /// Start centres, k × dims row-major (scikit-learn's init=array with n_init=1); empty: the
  /// seeded k-means++ draw.
  std::vector<float> initial_centres;
  /// Per-row weights (size N, finite, ≥ 0) of the centre means and the inertia (scikit-learn's
  /// sample_weight; the tolerance stays unweighted, as there); empty: every row weighs 1.
  std::vector<double> sample_weight;
  /// A cluster left empty by an assignment takes the row farthest from its centre (ties: lower
  /// row; scikit-learn's argpartition leaves their order open), which leaves its old cluster,
  /// as scikit-learn's _relocate_empty_clusters_dense; false: an empty cluster keeps its centre.
  bool relocate_empty_clusters = false;
};

/// Result of k-means with representatives.
struct KMeansResult {
  int64_t k = 0;
  int64_t dims = 0;
  std::vector<float> centres;            ///< k × dims, row-major
  std::vector<int32_t> assignment;       ///< nearest centre of every row
  std::vector<int64_t> representatives;  ///< for every centre, the row nearest to it
  double inertia = 0;  ///< Σ over rows of the squared distance to the nearest final centre
  int iterations = 0;  ///< Lloyd iterations run
};

/// k-means: k-means++ seeding (Arthur & Vassilvitskii 2007: first centre uniform, then rows
/// drawn with probability ∝ D(x)², one candidate per draw), then Lloyd iterations (an empty
/// cluster keeps its centre), then the row nearest each centre (ties: lower index). Distances
/// are exact squared Euclidean distances in float32 (O(N·k·D) per iteration). With
/// initial_centres and relocate_empty_clusters this is scikit-learn's KMeans(init=centres,
/// n_init=1, algorithm="lloyd") (iterations = n_iter_, inertia = inertia_: an iteration whose
/// assignment repeats the last one moves no centre and stops). Errors: kEmptyInput,
/// kInvalidArgument (k outside 1..N, max_iter < 0), kOutOfRange (non-finite value or weight),
/// kLengthMismatch (initial_centres not k × dims, sample_weight not N).
Result<KMeansResult> kmeans_representatives(const MatrixView& features,
                                            const KMeansOptions& options);

/// Cold start by clustering: `k` distinct rows to label first. The k-means representatives
/// (deduplicated, in centre order), topped up by greedy k-center when centres share a row.
/// When `hint_labels` is given (size N, −1 = unknown, else a class guess, e.g. from labelling
/// functions), every hinted class that no pick covers gets its hinted row nearest the class
/// mean, replacing the last pick of the most covered class (so the batch keeps size k when
/// k ≥ number of hinted classes). Errors: as kmeans_representatives; kLengthMismatch for hints.
Result<std::vector<int64_t>> cold_start_by_clustering(
    const MatrixView& features, int64_t k, uint64_t seed,
    const std::vector<int32_t>* hint_labels = nullptr);

/// Squared Euclidean distance of two float32 vectors of length d (eight partial sums).
float squared_distance(const float* a, const float* b, int64_t d);

}  // namespace localabel
