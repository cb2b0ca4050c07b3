// Internal: checked reads of JSON fields for the training-format importers. Each returns an
// Error naming the JSON path when the field is missing or has the wrong type or range.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel::formats_detail {

inline std::string json_type_name(const Json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

inline Error wrong_type(const std::string& path, const std::string& expected, const Json& got) {
  return make_error(ErrorCode::kWrongType, path,
                    "expected " + expected + ", got " + json_type_name(got));
}

/// obj[key] or null when absent; the caller has checked obj is an object.
inline const Json* field(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

inline Result<const Json*> required(const Json& obj, const char* key, const std::string& path) {
  const Json* f = field(obj, key);
  if (!f)
    return make_error(ErrorCode::kMissingField, path.empty() ? key : path + "." + key,
                      "missing field");
  return f;
}

/// An integer (a JSON integer, or a float with an integral value) in [lo, hi].
inline Result<int64_t> as_int(const Json& j, const std::string& path, int64_t lo, int64_t hi) {
  if (!j.is_number()) return wrong_type(path, "an integer", j);
  double d = j.get<double>();
  if (!j.is_number_integer() && (!std::isfinite(d) || std::floor(d) != d))
    return wrong_type(path, "an integer", j);
  int64_t v = j.is_number_unsigned()
                  ? (j.get<uint64_t>() > uint64_t(INT64_MAX) ? INT64_MAX : j.get<int64_t>())
              : j.is_number_integer()
                  ? j.get<int64_t>()
                  : (std::fabs(d) < 9e18 ? int64_t(d) : (d < 0 ? INT64_MIN : INT64_MAX));
  if (v < lo || v > hi)
    return make_error(
        ErrorCode::kOutOfRange, path,
        std::to_string(v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
  return v;
}

/// A finite number.
inline Result<double> as_number(const Json& j, const std::string& path) {
  if (!j.is_number()) return wrong_type(path, "a number", j);
  double d = j.get<double>();
  if (!std::isfinite(d)) return make_error(ErrorCode::kOutOfRange, path, "not a finite number");
  return d;
}

inline Result<std::string> as_string(const Json& j, const std::string& path) {
  if (!j.is_string()) return wrong_type(path, "a string", j);
  return j.get<std::string>();
}

}  // namespace localabel::formats_detail
