// The benchmark tool's op registry and data access. The output contract and the data files
// are described in shared/bench/README.md; each op group lives in its own *_ops.cpp file and
// registers itself with LOCALABEL_BENCH_OP.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace localabel::bench {

using Json = nlohmann::json;

/// A little-endian C-order array from one of the generated binary files.
template <class T>
struct Array {
  std::vector<T> data;
  std::vector<int64_t> shape;
  int64_t rows() const { return shape.empty() ? 0 : shape[0]; }
  int64_t cols() const { return shape.size() < 2 ? 1 : shape[1]; }
};

/// The generated data set of one size; files are read on first use and cached.
class Data {
 public:
  explicit Data(std::string dir);
  const std::string& dir() const { return dir_; }
  const Json& meta() const { return meta_; }
  std::string size_name() const;
  int64_t n_items() const;       ///< meta.N
  int64_t n_annotators() const;  ///< meta.A
  int64_t n_classes() const;     ///< meta.K
  /// A file's raw bytes; aborts the tool with a message when it is missing.
  std::string read_text(const std::string& name) const;
  Array<float> read_f32(const std::string& stem) const;    ///< e.g. "probs"
  Array<int32_t> read_i32(const std::string& stem) const;  ///< e.g. "truth"
  Array<uint8_t> read_u8(const std::string& stem) const;   ///< e.g. "stream"

 private:
  std::vector<int64_t> shape_of(const std::string& file) const;
  std::string dir_;
  Json meta_;
};

/// Times a piece of work: run() calls it `runs` times and keeps the median seconds.
class Timer {
 public:
  explicit Timer(int runs) : runs_(runs) {}
  /// Calls `work` untimed until warm (at least once, then until 0.3 s have passed), then
  /// `runs` timed times; the median of the timed calls is kept.
  void run(const std::function<void()>& work);
  double median_seconds() const { return median_; }
  int runs() const { return runs_; }

 private:
  int runs_;
  double median_ = 0;
};

/// An op: prepares its inputs untimed, calls timer.run() on the timed part, returns the
/// contract's result (an object or a number) from the last run.
using OpFn = std::function<Json(const Data& data, Timer& timer)>;

struct Registrar {
  Registrar(const char* name, OpFn fn);
};

}  // namespace localabel::bench

#define LOCALABEL_BENCH_CAT2(a, b) a##b
#define LOCALABEL_BENCH_CAT(a, b) LOCALABEL_BENCH_CAT2(a, b)
#define LOCALABEL_BENCH_OP(name, fn) \
  static const ::localabel::bench::Registrar LOCALABEL_BENCH_CAT(bench_op_, __LINE__)(name, fn)
