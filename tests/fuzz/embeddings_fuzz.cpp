// libFuzzer target: see targets.cpp (embeddings).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(embeddings)
