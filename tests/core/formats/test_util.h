// Helpers for the format tests: file reading and JSON comparison with a float tolerance.
#pragma once

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "localabel/project.h"

namespace localabel::test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// "" when a and b are equal (numbers within 1e-9 relative), else where they differ.
inline std::string json_difference(const Json& a, const Json& b, const std::string& path = "") {
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    if (x == y || std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y))) return "";
    return path + ": " + a.dump() + " != " + b.dump();
  }
  if (a.type() != b.type()) return path + ": " + a.dump() + " vs " + b.dump();
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key())) return path + "." + it.key() + ": missing on the right";
      std::string d = json_difference(it.value(), b[it.key()], path + "." + it.key());
      if (!d.empty()) return d;
    }
    for (auto it = b.begin(); it != b.end(); ++it)
      if (!a.contains(it.key())) return path + "." + it.key() + ": missing on the left";
    return "";
  }
  if (a.is_array()) {
    if (a.size() != b.size())
      return path + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) +
             " elements";
    for (size_t i = 0; i < a.size(); ++i) {
      std::string d = json_difference(a[i], b[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    return "";
  }
  return a == b ? "" : path + ": " + a.dump() + " != " + b.dump();
}

}  // namespace localabel::test
