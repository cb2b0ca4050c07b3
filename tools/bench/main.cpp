// localabel_bench: times core operations on the generated benchmark data and prints one JSON
// line per op (contract: shared/bench/README.md). The same source builds natively and to
// wasm (run under Node with direct file access), so both time the same code on the same data.
//
//   localabel_bench --data DIR [--ops a,b,...] [--runs R] [--list]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "bench.h"

#ifdef __EMSCRIPTEN__
constexpr const char* kImpl = "localabel-wasm";
#else
constexpr const char* kImpl = "localabel-native";
#endif

namespace localabel::bench {

namespace {
std::map<std::string, OpFn>& registry() {
  static std::map<std::string, OpFn> ops;
  return ops;
}

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "localabel_bench: %s\n", message.c_str());
  std::exit(1);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) fail("cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}
}  // namespace

Registrar::Registrar(const char* name, OpFn fn) { registry()[name] = std::move(fn); }

Data::Data(std::string dir) : dir_(std::move(dir)) {
  meta_ = Json::parse(slurp(dir_ + "/meta.json"), nullptr, false);
  if (meta_.is_discarded() || !meta_.is_object()) fail(dir_ + "/meta.json: not a JSON object");
}

std::string Data::size_name() const { return meta_.value("size", std::string("unknown")); }

static int64_t meta_int(const Json& meta, const char* key) {
  if (meta.contains(key) && meta[key].is_number_integer()) return meta[key].get<int64_t>();
  if (meta.contains("params") && meta["params"].is_object() && meta["params"].contains(key) &&
      meta["params"][key].is_number_integer())
    return meta["params"][key].get<int64_t>();
  fail(std::string("meta.json has no integer ") + key);
}

int64_t Data::n_items() const { return meta_int(meta_, "n_items"); }
int64_t Data::n_annotators() const { return meta_int(meta_, "annotators"); }
int64_t Data::n_classes() const { return meta_int(meta_, "classes"); }

std::string Data::read_text(const std::string& name) const { return slurp(dir_ + "/" + name); }

std::vector<int64_t> Data::shape_of(const std::string& file) const {
  Json side = Json::parse(slurp(dir_ + "/" + file + ".json"), nullptr, false);
  if (side.is_discarded() || !side.contains("shape") || !side["shape"].is_array())
    fail(dir_ + "/" + file + ".json: no shape");
  std::vector<int64_t> shape;
  for (const auto& v : side["shape"]) shape.push_back(v.get<int64_t>());
  return shape;
}

template <class T>
static Array<T> load_array(const Data& d, const std::string& file, std::vector<int64_t> shape) {
  std::string bytes = d.read_text(file);
  int64_t count = 1;
  for (int64_t s : shape) count *= s;
  if (static_cast<int64_t>(bytes.size()) != count * static_cast<int64_t>(sizeof(T)))
    fail(file + ": size does not match its shape");
  Array<T> a;
  a.shape = std::move(shape);
  a.data.resize(static_cast<size_t>(count));
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(a.data.data()));
  return a;
}

Array<float> Data::read_f32(const std::string& stem) const {
  return load_array<float>(*this, stem + ".f32", shape_of(stem + ".f32"));
}
Array<int32_t> Data::read_i32(const std::string& stem) const {
  return load_array<int32_t>(*this, stem + ".i32", shape_of(stem + ".i32"));
}
Array<uint8_t> Data::read_u8(const std::string& stem) const {
  return load_array<uint8_t>(*this, stem + ".u8", shape_of(stem + ".u8"));
}

void Timer::run(const std::function<void()>& work) {
  // Untimed warm-up, on both builds alike: at least one call, and more until 0.3 s have
  // passed (at most 1000 calls). The wasm engine first runs a function compiled by its
  // baseline tier and swaps in optimised code compiled in the background; a few fast calls
  // would otherwise time the baseline code.
  const auto warm_start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {
    work();
    if (std::chrono::steady_clock::now() - warm_start > std::chrono::milliseconds(300)) break;
  }
  std::vector<double> times;
  for (int i = 0; i < runs_; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    work();
    auto t1 = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double>(t1 - t0).count());
  }
  std::sort(times.begin(), times.end());
  size_t n = times.size();
  median_ = n == 0 ? 0 : (n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]));
}

}  // namespace localabel::bench

int main(int argc, char** argv) {
  using namespace localabel::bench;
  std::string dir;
  std::vector<std::string> only;
  int runs = 5;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) fail(a + " needs a value");
      return argv[++i];
    };
    if (a == "--data") {
      dir = next();
    } else if (a == "--runs") {
      runs = std::atoi(next().c_str());
      if (runs < 1) fail("--runs must be at least 1");
    } else if (a == "--ops") {
      std::stringstream s(next());
      std::string op;
      while (std::getline(s, op, ',')) only.push_back(op);
    } else if (a == "--list") {
      for (const auto& [name, fn] : registry()) std::puts(name.c_str());
      return 0;
    } else if (a == "--help") {
      std::puts(
          "usage: localabel_bench --data DIR [--ops a,b,...] [--runs R] [--list]\n"
          "Times each op on data written by shared/bench/gen.py and prints one JSON line per op.");
      return 0;
    } else {
      std::fprintf(stderr, "localabel_bench: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (dir.empty()) {
    std::fputs("localabel_bench: --data DIR is required (see --help)\n", stderr);
    return 2;
  }
  for (const auto& op : only)
    if (!registry().count(op)) fail("unknown op " + op + " (see --list)");
  Data data(dir);
  for (const auto& [name, fn] : registry()) {
    if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
    Timer timer(runs);
    Json result = fn(data, timer);
    Json line = {{"op", name},
                 {"impl", kImpl},
                 {"size", data.size_name()},
                 {"seconds", timer.median_seconds()},
                 {"result", result},
                 {"runs", timer.runs()},
                 {"threads", 1}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
#ifdef __EMSCRIPTEN__
  Json mem = {{"op", "peak_wasm_heap_bytes"},
              {"impl", kImpl},
              {"size", data.size_name()},
              {"result", static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0}};
  std::printf("%s\n", mem.dump().c_str());
#endif
  return 0;
}
