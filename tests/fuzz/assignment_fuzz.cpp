// libFuzzer target: see targets.cpp (assignment).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(assignment)
