// Feature matrices: embeddings, hashed TF-IDF text features and simple image features.
#include "localabel/features.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

namespace localabel {

Status validate_matrix(const MatrixView& m, const char* what, int64_t min_rows, bool check_finite) {
  if (m.rows < min_rows || m.rows == 0)
    return make_error(ErrorCode::kEmptyInput, what,
                      "needs at least " + std::to_string(min_rows < 1 ? 1 : min_rows) +
                          " rows, has " + std::to_string(m.rows));
  if (m.cols < 1)
    return make_error(ErrorCode::kInvalidArgument, what,
                      "needs at least 1 column, has " + std::to_string(m.cols));
  if (m.data == nullptr) return make_error(ErrorCode::kInvalidArgument, what, "has no data");
  if (check_finite) {
    const int64_t n = m.rows * m.cols;
    for (int64_t i = 0; i < n; ++i) {
      if (!std::isfinite(m.data[i]))
        return make_error(ErrorCode::kOutOfRange,
                          std::string(what) + "[" + std::to_string(i / m.cols) + "][" +
                              std::to_string(i % m.cols) + "]",
                          "expected a finite number");
    }
  }
  return Ok{};
}

Result<FeatureMatrix> features_from_embeddings(const std::vector<std::vector<float>>& embeddings) {
  if (embeddings.empty()) return make_error(ErrorCode::kEmptyInput, "embeddings", "no vectors");
  const size_t d = embeddings[0].size();
  if (d == 0) return make_error(ErrorCode::kEmptyInput, "embeddings[0]", "empty vector");
  FeatureMatrix m;
  m.rows = static_cast<int64_t>(embeddings.size());
  m.cols = static_cast<int64_t>(d);
  m.data.reserve(embeddings.size() * d);
  for (size_t i = 0; i < embeddings.size(); ++i) {
    const auto& e = embeddings[i];
    if (e.size() != d)
      return make_error(
          ErrorCode::kLengthMismatch, "embeddings[" + std::to_string(i) + "]",
          "has " + std::to_string(e.size()) + " values, embeddings[0] has " + std::to_string(d));
    for (size_t j = 0; j < d; ++j) {
      if (!std::isfinite(e[j]))
        return make_error(ErrorCode::kOutOfRange,
                          "embeddings[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                          "expected a finite number");
    }
    m.data.insert(m.data.end(), e.begin(), e.end());
  }
  return m;
}

Result<FeatureMatrix> embeddings_from_tasks(const std::vector<Task>& tasks,
                                            const std::string& field) {
  if (tasks.empty()) return make_error(ErrorCode::kEmptyInput, "tasks", "no tasks");
  FeatureMatrix m;
  m.rows = static_cast<int64_t>(tasks.size());
  for (size_t i = 0; i < tasks.size(); ++i) {
    const std::string path = "tasks[" + std::to_string(i) + "].data." + field;
    const Json& data = tasks[i].data;
    auto it = data.is_object() ? data.find(field) : data.end();
    if (!data.is_object() || it == data.end())
      return make_error(ErrorCode::kMissingField, path,
                        "expected an embedding (an array of numbers)");
    const Json& v = *it;
    if (!v.is_array())
      return make_error(ErrorCode::kWrongType, path,
                        std::string("expected an array of numbers, got ") + v.type_name());
    // Rows are appended as they are checked: reserving tasks x cols from the first row alone
    // would let one long first row ask for memory the other rows never fill.
    if (i == 0) {
      if (v.empty()) return make_error(ErrorCode::kEmptyInput, path, "an empty embedding");
      m.cols = static_cast<int64_t>(v.size());
    } else if (static_cast<int64_t>(v.size()) != m.cols) {
      return make_error(
          ErrorCode::kLengthMismatch, path,
          "has " + std::to_string(v.size()) + " values, tasks[0]'s has " + std::to_string(m.cols));
    }
    for (size_t j = 0; j < v.size(); ++j) {
      const std::string at = path + "[" + std::to_string(j) + "]";
      if (!v[j].is_number())
        return make_error(ErrorCode::kWrongType, at,
                          std::string("expected a number, got ") + v[j].type_name());
      const double x = v[j].get<double>();
      if (!std::isfinite(x) || std::fabs(x) > std::numeric_limits<float>::max())
        return make_error(ErrorCode::kOutOfRange, at, "expected a finite float32 number");
      m.data.push_back(static_cast<float>(x));
    }
  }
  return m;
}

Result<FeatureMatrix> embeddings_from_binary(std::string_view bytes, int64_t rows) {
  if (rows < 1)
    return make_error(ErrorCode::kInvalidArgument, "rows",
                      "expected at least one row, got " + std::to_string(rows));
  if (bytes.empty()) return make_error(ErrorCode::kEmptyInput, "embeddings", "an empty file");
  // rows is checked against the byte count before 4 x rows is formed: 4 x rows wraps for
  // rows >= 2^62, which would let a tiny file pass the multiple check below.
  if (static_cast<uint64_t>(rows) > bytes.size() / 4)
    return make_error(ErrorCode::kInvalidFormat, "embeddings",
                      std::to_string(bytes.size()) + " bytes cannot hold " + std::to_string(rows) +
                          " rows of float32 values (at least 4 bytes per row)");
  const uint64_t row_bytes = 4 * static_cast<uint64_t>(rows);
  if (bytes.size() % row_bytes != 0)
    return make_error(ErrorCode::kInvalidFormat, "embeddings",
                      std::to_string(bytes.size()) + " bytes is not a multiple of 4 x " +
                          std::to_string(rows) + " rows (float32 values, one row per task)");
  FeatureMatrix m;
  m.rows = rows;
  m.cols = static_cast<int64_t>(bytes.size() / row_bytes);
  m.data.resize(bytes.size() / 4);
  for (size_t k = 0; k < m.data.size(); ++k) {
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data() + 4 * k);
    const uint32_t bits = static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 |
                          static_cast<uint32_t>(b[2]) << 16 | static_cast<uint32_t>(b[3]) << 24;
    std::memcpy(&m.data[k], &bits, sizeof bits);  // (emscripten 3.1.6 has no std::bit_cast)
  }
  if (Status finite = validate_matrix(m.view(), "embeddings"); !finite.ok()) return finite.error();
  return m;
}

namespace {

uint32_t fnv1a(const std::string& s, uint32_t seed) {
  uint32_t h = 2166136261u ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string cur;
  for (unsigned char c : text) {
    // Bytes ≥ 0x80 (UTF-8 sequences) are kept inside words so non-ASCII text still hashes.
    if (std::isalnum(c) || c >= 0x80) {
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

}  // namespace

Result<FeatureMatrix> text_features(const std::vector<std::string>& texts,
                                    const TextFeatureOptions& o) {
  if (texts.empty()) return make_error(ErrorCode::kEmptyInput, "texts", "no texts");
  if (o.hash_bits < 8 || o.hash_bits > 20)
    return make_error(ErrorCode::kInvalidArgument, "hash_bits", "expected 8..20");
  if (o.word_ngram_max < 0 || o.word_ngram_max > 5)
    return make_error(ErrorCode::kInvalidArgument, "word_ngram_max", "expected 0..5");
  const bool use_chars = o.char_ngram_max > 0;
  if (use_chars &&
      (o.char_ngram_min < 1 || o.char_ngram_min > o.char_ngram_max || o.char_ngram_max > 10))
    return make_error(ErrorCode::kInvalidArgument, "char_ngram_min",
                      "expected 1 <= char_ngram_min <= char_ngram_max <= 10");
  if (o.word_ngram_max == 0 && !use_chars)
    return make_error(ErrorCode::kInvalidArgument, "word_ngram_max",
                      "word and character n-grams are both disabled");
  const int64_t dim = int64_t{1} << o.hash_bits;
  const uint32_t mask = static_cast<uint32_t>(dim - 1);
  const int64_t n = static_cast<int64_t>(texts.size());
  FeatureMatrix m;
  m.rows = n;
  m.cols = dim;
  m.data.assign(static_cast<size_t>(n * dim), 0.0f);
  std::vector<int64_t> df(static_cast<size_t>(dim), 0);
  std::unordered_map<uint32_t, float> counts;
  for (int64_t i = 0; i < n; ++i) {
    counts.clear();
    std::vector<std::string> words = words_of(texts[static_cast<size_t>(i)]);
    for (int len = 1; len <= o.word_ngram_max; ++len) {
      for (size_t s = 0; s + static_cast<size_t>(len) <= words.size(); ++s) {
        std::string gram = words[s];
        for (int t = 1; t < len; ++t) gram += " " + words[s + static_cast<size_t>(t)];
        counts[fnv1a(gram, 0x9e37u) & mask] += 1.0f;
      }
    }
    if (use_chars) {
      for (const std::string& w : words) {
        const std::string padded = " " + w + " ";
        for (int len = o.char_ngram_min; len <= o.char_ngram_max; ++len) {
          if (static_cast<size_t>(len) > padded.size()) break;
          for (size_t s = 0; s + static_cast<size_t>(len) <= padded.size(); ++s)
            counts[fnv1a(padded.substr(s, static_cast<size_t>(len)), 0x7f4au) & mask] += 1.0f;
        }
      }
    }
    float* row = m.data.data() + i * dim;
    for (const auto& [col, c] : counts) {
      row[col] = o.sublinear_tf ? 1.0f + std::log(c) : c;
      ++df[col];
    }
  }
  std::vector<float> idf(static_cast<size_t>(dim));
  for (int64_t j = 0; j < dim; ++j)
    idf[static_cast<size_t>(j)] =
        static_cast<float>(std::log((1.0 + static_cast<double>(n)) /
                                    (1.0 + static_cast<double>(df[static_cast<size_t>(j)]))) +
                           1.0);
  for (int64_t i = 0; i < n; ++i) {
    float* row = m.data.data() + i * dim;
    double norm2 = 0;
    for (int64_t j = 0; j < dim; ++j) {
      row[j] *= idf[static_cast<size_t>(j)];
      norm2 += static_cast<double>(row[j]) * row[j];
    }
    if (norm2 > 0) {
      const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
      for (int64_t j = 0; j < dim; ++j) row[j] *= inv;
    }
  }
  return m;
}

Result<std::vector<float>> image_features(const std::vector<uint8_t>& rgba, int64_t width,
                                          int64_t height) {
  if (width <= 0 || height <= 0)
    return make_error(ErrorCode::kEmptyInput, "image", "width and height must be positive");
  const int64_t pixels = width * height;
  if (static_cast<int64_t>(rgba.size()) != pixels * 4)
    return make_error(ErrorCode::kLengthMismatch, "image",
                      "expected " + std::to_string(pixels * 4) + " RGBA bytes, got " +
                          std::to_string(rgba.size()));
  std::vector<float> out(static_cast<size_t>(kImageFeatureCount), 0.0f);
  std::vector<double> grey_sum(64, 0.0), grey_area(64, 0.0);
  for (int64_t y = 0; y < height; ++y) {
    const int64_t gy = y * 8 / height;
    for (int64_t x = 0; x < width; ++x) {
      const uint8_t* p = rgba.data() + (y * width + x) * 4;
      const int bin = (p[0] >> 6) * 16 + (p[1] >> 6) * 4 + (p[2] >> 6);
      out[static_cast<size_t>(bin)] += 1.0f;
      const int64_t gx = x * 8 / width;
      const size_t cell = static_cast<size_t>(gy * 8 + gx);
      grey_sum[cell] += (0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]) / 255.0;
      grey_area[cell] += 1.0;
    }
  }
  for (int b = 0; b < 64; ++b) out[static_cast<size_t>(b)] /= static_cast<float>(pixels);
  for (size_t c = 0; c < 64; ++c)
    out[64 + c] = grey_area[c] > 0 ? static_cast<float>(grey_sum[c] / grey_area[c]) : 0.0f;
  // Images smaller than 8 pixels on a side leave some cells empty: copy the nearest filled
  // cell to their left/top so the vector does not depend on a zero fill.
  for (size_t c = 0; c < 64; ++c) {
    if (grey_area[c] == 0) {
      const size_t gy = c / 8, gx = c % 8;
      const size_t py = gy * static_cast<size_t>(height) / 8;
      const size_t px = gx * static_cast<size_t>(width) / 8;
      const size_t src_y = py * 8 / static_cast<size_t>(height);
      const size_t src_x = px * 8 / static_cast<size_t>(width);
      out[64 + c] = out[64 + src_y * 8 + src_x];
    }
  }
  return out;
}

void standardize_columns(FeatureMatrix& m, std::vector<float>* means, std::vector<float>* stds) {
  std::vector<double> mean(static_cast<size_t>(m.cols), 0.0), var(static_cast<size_t>(m.cols), 0.0);
  for (int64_t i = 0; i < m.rows; ++i)
    for (int64_t j = 0; j < m.cols; ++j)
      mean[static_cast<size_t>(j)] += m.data[static_cast<size_t>(i * m.cols + j)];
  for (auto& v : mean) v /= m.rows > 0 ? static_cast<double>(m.rows) : 1.0;
  for (int64_t i = 0; i < m.rows; ++i)
    for (int64_t j = 0; j < m.cols; ++j) {
      const double d = m.data[static_cast<size_t>(i * m.cols + j)] - mean[static_cast<size_t>(j)];
      var[static_cast<size_t>(j)] += d * d;
    }
  std::vector<float> sd(static_cast<size_t>(m.cols));
  for (size_t j = 0; j < sd.size(); ++j) {
    const double s = m.rows > 0 ? std::sqrt(var[j] / static_cast<double>(m.rows)) : 0.0;
    sd[j] = s > 1e-12 ? static_cast<float>(s) : 1.0f;
  }
  for (int64_t i = 0; i < m.rows; ++i)
    for (int64_t j = 0; j < m.cols; ++j) {
      float& v = m.data[static_cast<size_t>(i * m.cols + j)];
      v = static_cast<float>((v - mean[static_cast<size_t>(j)]) / sd[static_cast<size_t>(j)]);
    }
  if (means) {
    means->resize(mean.size());
    for (size_t j = 0; j < mean.size(); ++j) (*means)[j] = static_cast<float>(mean[j]);
  }
  if (stds) *stds = sd;
}

}  // namespace localabel
