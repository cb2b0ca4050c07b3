#include <emscripten/bind.h>

#include <string>

namespace {
std::string version() { return "0.1.0"; }
}  // namespace

EMSCRIPTEN_BINDINGS(localabel_project) { emscripten::function("version", &version); }
