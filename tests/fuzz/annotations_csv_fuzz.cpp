// libFuzzer target: see targets.cpp (annotations_csv).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(annotations_csv)
