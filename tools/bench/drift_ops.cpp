// Bench op: rolling_drift (window 1000, threshold 0.85) over stream.u8, computed by the core.
#include "bench.h"
#include "localabel/drift.h"

namespace localabel::bench {
namespace {

Json rolling_drift(const Data& data, Timer& timer) {
  Array<uint8_t> stream = data.read_u8("stream");
  const int64_t window = 1000;
  const double threshold = 0.85;
  RollingDrift r;
  auto work = [&] {
    auto result = rolling_mean_alarm(std::span<const uint8_t>(stream.data), window, threshold);
    if (!result.ok()) {
      std::fprintf(stderr, "localabel_bench: %s\n", result.error().message.c_str());
      std::exit(1);
    }
    r = result.value();
  };
  timer.run(work);
  return {{"n", r.n},
          {"window", r.window},
          {"threshold", r.threshold},
          {"first_alarm", r.first_alarm},
          {"mean", r.n_windows ? r.mean : 0.0}};
}

LOCALABEL_BENCH_OP("rolling_drift", rolling_drift);

}  // namespace
}  // namespace localabel::bench
