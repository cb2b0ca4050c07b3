// Bench op: rolling_drift (window 1000, threshold 0.85) over stream.u8.
#include "bench.h"

namespace localabel::bench {
namespace {

Json rolling_drift(const Data& data, Timer& timer) {
  Array<uint8_t> stream = data.read_u8("stream");
  const int64_t window = 1000;
  const double threshold = 0.85;
  int64_t first_alarm = -1;
  double mean_sum = 0;
  int64_t n_windows = 0;
  timer.run([&] {
    const auto& bits = stream.data;
    const int64_t n = static_cast<int64_t>(bits.size());
    first_alarm = -1;
    mean_sum = 0;
    n_windows = 0;
    int64_t sum = 0;
    for (int64_t i = 0; i < n; ++i) {
      sum += bits[i];
      if (i >= window) sum -= bits[i - window];
      if (i >= window - 1) {
        double mean = static_cast<double>(sum) / window;
        mean_sum += mean;
        ++n_windows;
        if (first_alarm < 0 && mean < threshold) first_alarm = i;
      }
    }
  });
  return {{"n", stream.data.size()},
          {"window", window},
          {"threshold", threshold},
          {"first_alarm", first_alarm},
          {"mean", n_windows ? mean_sum / n_windows : 0.0}};
}

LOCALABEL_BENCH_OP("rolling_drift", rolling_drift);

}  // namespace
}  // namespace localabel::bench
