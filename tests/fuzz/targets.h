// Fuzz entry points: one function per parser of untrusted input. Each libFuzzer target
// (<name>_fuzz.cpp) calls one of them, and the native regression test replays every kept input
// through the same function, so a fixed crash stays fixed under ASan/UBSan.
//
// A target returns normally for any input the code handles (accepted or refused with an
// Error); a broken invariant (a round trip that changes the project, an export that does not
// import again) calls fuzz_fail, which prints the reason and aborts so that libFuzzer keeps
// the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace localabel::fuzz {

/// A named entry point.
struct Target {
  const char* name;
  void (*run)(const uint8_t* data, size_t size);
};

/// Every target, in a fixed order; the names are the folder names under
/// tests/data/fuzz-regressions/ and the <name>_fuzz binaries.
const Target* targets(size_t* count);

/// The target named `name`, or nullptr.
const Target* find_target(std::string_view name);

/// Reports a broken invariant and aborts.
[[noreturn]] void fuzz_fail(const char* target, const char* what);

}  // namespace localabel::fuzz

/// The body of a <name>_fuzz.cpp file.
#define LOCALABEL_FUZZ_TARGET(name)                                                         \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {                 \
    static const ::localabel::fuzz::Target* target = ::localabel::fuzz::find_target(#name); \
    if (!target) ::localabel::fuzz::fuzz_fail(#name, "no such target");                     \
    target->run(data, size);                                                                \
    return 0;                                                                               \
  }
