// libFuzzer target: see targets.cpp (sync_bundle).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(sync_bundle)
