// libFuzzer target: see targets.cpp (project_file).
#include "targets.h"

LOCALABEL_FUZZ_TARGET(project_file)
