// Type conversions shared by the Embind glue: core results become {ok: true, value} or
// {ok: false, code, message, path} objects (the facade's errors.js throws the latter), and
// typed arrays move in and out of wasm memory in one copy.
#pragma once

#include <emscripten/val.h>

#include <string>
#include <vector>

#include "localabel/error.h"

namespace localabel::wasm {

using emscripten::val;

inline val ok(val value) {
  val r = val::object();
  r.set("ok", true);
  r.set("value", value);
  return r;
}

inline val fail(const Error& e) {
  val r = val::object();
  r.set("ok", false);
  r.set("code", std::string(error_code_name(e.code)));
  r.set("message", e.message);
  r.set("path", e.path);
  return r;
}

/// A JS array or typed array of numbers as a vector (empty for null/undefined).
template <class T>
std::vector<T> to_vector(const val& array) {
  if (array.isNull() || array.isUndefined()) return {};
  return emscripten::convertJSArrayToNumberVector<T>(array);
}

/// A copy of v as a new JS typed array of the given constructor name ("Float64Array", ...).
template <class T>
val typed_copy(const char* type, const std::vector<T>& v) {
  return val::global(type).new_(emscripten::typed_memory_view(v.size(), v.data()));
}

/// A JS typed array or array of numbers copied into bytes (one bulk copy for typed arrays).
inline std::vector<uint8_t> bytes_of(const val& array) {
  std::vector<uint8_t> out(array["length"].as<size_t>());
  if (out.empty()) return out;
  val view(emscripten::typed_memory_view(out.size(), out.data()));
  view.call<void>("set", array);
  return out;
}

}  // namespace localabel::wasm
