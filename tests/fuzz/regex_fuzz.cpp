// libFuzzer target: see targets.cpp (regex).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(regex)
