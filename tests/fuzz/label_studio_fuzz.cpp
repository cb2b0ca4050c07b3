// libFuzzer target: see targets.cpp (label_studio).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(label_studio)
