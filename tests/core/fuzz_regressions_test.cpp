// Replays every input kept under tests/data/fuzz-regressions/<target>/ through the same entry
// point as the libFuzzer target <target>_fuzz (tests/fuzz/targets.cpp). Inputs that once
// crashed, hung or exhausted memory must now run to completion (a broken invariant aborts).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "../fuzz/targets.h"
#include "formats/test_util.h"

namespace localabel {
namespace {

namespace fs = std::filesystem;

const fs::path kRegressions = fs::path(LOCALABEL_TEST_DATA) / "fuzz-regressions";

TEST(FuzzRegressions, EveryFolderNamesATarget) {
  ASSERT_TRUE(fs::is_directory(kRegressions));
  for (const auto& entry : fs::directory_iterator(kRegressions)) {
    ASSERT_TRUE(entry.is_directory()) << entry.path();
    EXPECT_NE(fuzz::find_target(entry.path().filename().string()), nullptr) << entry.path();
  }
}

TEST(FuzzRegressions, EveryKeptInputRunsThroughItsTarget) {
  size_t count = 0;
  const fuzz::Target* all = fuzz::targets(&count);
  size_t replayed = 0;
  for (size_t t = 0; t < count; ++t) {
    const fs::path dir = kRegressions / all[t].name;
    if (!fs::is_directory(dir)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      SCOPED_TRACE(file.string());
      const std::string bytes = test::read_file(file.string());
      all[t].run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  EXPECT_GE(replayed, 19u);
}

TEST(FuzzRegressions, EveryTargetRunsOnEmptyAndTinyInputs) {
  size_t count = 0;
  const fuzz::Target* all = fuzz::targets(&count);
  EXPECT_EQ(count, 11u);
  const uint8_t tiny[] = {0, 1, 0, 1, '[', '{', '"', 0};
  for (size_t t = 0; t < count; ++t) {
    SCOPED_TRACE(all[t].name);
    for (size_t n = 0; n <= sizeof tiny; ++n) all[t].run(tiny, n);
  }
}

}  // namespace
}  // namespace localabel
