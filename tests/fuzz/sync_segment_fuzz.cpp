// libFuzzer target: see targets.cpp (sync_segment).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(sync_segment)
