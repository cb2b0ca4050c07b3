// libFuzzer target: see targets.cpp (brush_rle).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(brush_rle)
