// libFuzzer target: see targets.cpp (gold_csv).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(gold_csv)
