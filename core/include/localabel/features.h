// Feature matrices for the in-browser learner and the sampling strategies.
//
// Every learner and sampler works on a dense row-major float32 matrix: one row per task.
// Rows come from a task's own embedding when the project provides one, from hashed word and
// character n-grams with TF-IDF for text, or from colour histograms and a downsampled grey
// image for pictures.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// A read-only view of a row-major float32 matrix (rows × cols). The caller owns the data.
struct MatrixView {
  const float* data = nullptr;
  int64_t rows = 0;
  int64_t cols = 0;
  const float* row(int64_t i) const { return data + i * cols; }
};

/// A dense row-major float32 matrix that owns its data.
struct FeatureMatrix {
  std::vector<float> data;
  int64_t rows = 0;
  int64_t cols = 0;
  MatrixView view() const { return MatrixView{data.data(), rows, cols}; }
};

/// Checks a view's shape: rows ≥ min_rows, cols ≥ 1, data non-null when non-empty, and
/// (when check_finite) every entry finite. `what` names the input in the error
/// ("probs", "features"); a non-finite entry is reported as `what[row][col]`.
/// Errors: kEmptyInput, kInvalidArgument, kOutOfRange.
Status validate_matrix(const MatrixView& m, const char* what, int64_t min_rows = 1,
                       bool check_finite = true);

/// Copies per-task embedding vectors into a matrix. All vectors must have the same non-zero
/// length and finite entries. Errors: kEmptyInput (no vectors or an empty one),
/// kLengthMismatch (`embeddings[i]` differs in length from embeddings[0]), kOutOfRange.
Result<FeatureMatrix> features_from_embeddings(const std::vector<std::vector<float>>& embeddings);

/// Task embeddings given in the project: tasks[i].data[field] is an array of numbers, the same
/// non-zero length for every task (stored as float32). Errors name the place, e.g.
/// `tasks[3].data.embedding[7]`: kEmptyInput (no tasks, or an empty array), kMissingField (a
/// task without the field), kWrongType (not an array, or an entry not a number),
/// kLengthMismatch (a length other than tasks[0]'s), kOutOfRange (an entry that is not a
/// finite float32). Bounds: memory grows with the values read (never reserved ahead from
/// one task's length), so it is at most a fixed multiple of the project's size.
Result<FeatureMatrix> embeddings_from_tasks(const std::vector<Task>& tasks,
                                            const std::string& field = "embedding");

/// Task embeddings in a sidecar file: float32 values, little-endian, row-major, one row per
/// task in task order, no header; the dimension is bytes / (4 × rows). Errors:
/// kInvalidArgument (rows < 1), kEmptyInput (no bytes), kInvalidFormat (the size is not a
/// multiple of 4 × rows, or rows > bytes / 4: the message gives both), kOutOfRange
/// (`embeddings[i][j]` not finite). Bounds: any rows up to INT64_MAX is safe (no overflow);
/// the matrix takes exactly bytes.size() bytes of floats.
Result<FeatureMatrix> embeddings_from_binary(std::string_view bytes, int64_t rows);

/// Options of the hashed TF-IDF text features.
struct TextFeatureOptions {
  int hash_bits = 12;        ///< 2^hash_bits columns (8..20)
  int word_ngram_max = 2;    ///< word n-grams 1..word_ngram_max (0 disables words)
  int char_ngram_min = 3;    ///< character n-grams inside word boundaries (char_wb),
  int char_ngram_max = 5;    ///< char_ngram_min..char_ngram_max (0 disables characters)
  bool sublinear_tf = true;  ///< tf -> 1 + ln(tf)
};

/// Text features: lower-cased (ASCII) words of letters/digits, word n-grams and character
/// n-grams of " word " (scikit-learn's char_wb analyser), each hashed with 32-bit FNV-1a
/// into 2^hash_bits columns (the hashing trick, Weinberger et al. 2009; signs are not used).
/// Weights are tf × idf with scikit-learn's smooth idf, idf = ln((1 + n) / (1 + df)) + 1,
/// then each row is scaled to unit L2 norm (an all-zero row stays zero).
/// Errors: kEmptyInput (no texts), kInvalidArgument (options out of range).
Result<FeatureMatrix> text_features(const std::vector<std::string>& texts,
                                    const TextFeatureOptions& options = {});

/// Number of columns of image_features(): a 4×4×4 RGB histogram (64) + an 8×8 grey image (64).
constexpr int64_t kImageFeatureCount = 128;

/// Image features of one RGBA8 image (width × height × 4 bytes, row-major): a 4×4×4 joint
/// RGB colour histogram as fractions of the pixels (alpha ignored), then the image averaged
/// into an 8×8 grid of grey values (0.299 R + 0.587 G + 0.114 B) / 255 by area (box filter).
/// Errors: kEmptyInput (width or height 0), kLengthMismatch (rgba.size() != w·h·4).
Result<std::vector<float>> image_features(const std::vector<uint8_t>& rgba, int64_t width,
                                          int64_t height);

/// Scales each column to zero mean and unit variance (population variance); a constant column
/// becomes 0. Returns the means and standard deviations used (std 1 for constant columns).
void standardize_columns(FeatureMatrix& m, std::vector<float>* means = nullptr,
                         std::vector<float>* stds = nullptr);

}  // namespace localabel
