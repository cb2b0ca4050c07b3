// libFuzzer target: see targets.cpp (text_import).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(text_import)
