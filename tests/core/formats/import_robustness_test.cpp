// Mutated Label Studio files never crash the importer (run under ASan/UBSan in the debug
// build), every rejection names its place, and whatever is accepted exports to something that
// is accepted again with the same export.
#include <gtest/gtest.h>

#include <random>

#include "localabel/label_studio.h"
#include "test_util.h"

namespace localabel {
namespace {

const std::string kData = LOCALABEL_TEST_DATA;

// Imports text; returns whether it was accepted.
bool check_import(const std::string& text) {
  Result<Project> p = import_label_studio(text);
  if (!p.ok()) {
    EXPECT_FALSE(p.error().message.empty());
    EXPECT_STRNE(error_code_name(p.error().code), "Unknown");
    return false;
  }
  std::string out = export_label_studio(p.value());
  Result<Project> again = import_label_studio(out);
  EXPECT_TRUE(again.ok()) << again.error().message << "\nexported from:\n" << text.substr(0, 2000);
  if (again.ok()) {
    EXPECT_EQ(export_label_studio(again.value()), out);
  }
  return true;
}

std::vector<Json> replacement_values() {
  return {Json(nullptr),
          Json(true),
          Json(-1),
          Json(0),
          Json(1e308),
          Json(-1e308),
          Json(2.5),
          Json(""),
          Json("x"),
          Json::array(),
          Json::object(),
          Json::array({1, 2}),
          Json(4294967296),
          Json(100.00001),
          Json::array({Json::array({1, 2})}),
          Json("labels"),
          Json("rectanglelabels")};
}

TEST(ImportRobustness, SurvivesValuesOfTheWrongShapeAnywhere) {
  std::mt19937 rng(777);
  std::vector<Json> values = replacement_values();
  int rejected = 0, accepted = 0;
  for (const char* name :
       {"ls_image_regions.json", "ls_text_spans.json", "ls_audio_and_legacy.json",
        "ls_single_task.json", "localabel_project.json"}) {
    Json doc = Json::parse(test::read_file(kData + "/" + name), nullptr, false);
    ASSERT_FALSE(doc.is_discarded());
    Json flat = doc.flatten();
    std::vector<std::string> pointers;
    for (auto it = flat.begin(); it != flat.end(); ++it) {
      std::string p = it.key();
      // Every leaf and every container above it.
      while (!p.empty()) {
        pointers.push_back(p);
        p = p.substr(0, p.rfind('/'));
      }
    }
    for (int trial = 0; trial < 200; ++trial) {
      Json mutated = doc;
      Json::json_pointer ptr(pointers[rng() % pointers.size()]);
      if (rng() % 5 == 0 && !ptr.empty()) {
        Json& parent = mutated[ptr.parent_pointer()];
        if (parent.is_object()) parent.erase(ptr.back());
      } else {
        mutated[ptr] = values[rng() % values.size()];
      }
      (check_import(mutated.dump()) ? accepted : rejected)++;
    }
  }
  EXPECT_GT(rejected, 300);  // the mutations do hit the validation
  EXPECT_GT(accepted, 100);  // and unmodelled fields may take any value
}

TEST(ImportRobustness, SurvivesDamagedBytes) {
  std::mt19937 rng(4242);
  for (const char* name : {"ls_image_regions.json", "ls_single_task.json", "ls_text_spans.json"}) {
    std::string text = test::read_file(kData + "/" + name);
    for (int trial = 0; trial < 60; ++trial) {
      std::string damaged = text;
      int kind = trial % 3;
      if (kind == 0) damaged.resize(rng() % damaged.size());
      for (int k = 0; kind != 0 && k < 1 + static_cast<int>(rng() % 4); ++k) {
        size_t at = rng() % damaged.size();
        if (kind == 1) damaged[at] = static_cast<char>(rng() % 256);
        if (kind == 2) damaged.insert(at, 1, "[]{},:\"\\0e-"[rng() % 12]);
      }
      check_import(damaged);
    }
  }
}

TEST(ImportRobustness, SurvivesDamagedBrushStreams) {
  std::mt19937 rng(99);
  Json doc = Json::parse(test::read_file(kData + "/ls_brush.json"), nullptr, false);
  doc = Json::array({doc[0]});  // the small masks only
  doc[0].erase("predictions");
  Json& rle = doc[0]["annotations"][0]["result"][1]["value"]["rle"];
  ASSERT_TRUE(rle.is_array());
  const Json original = rle;
  int rejected = 0;
  for (int trial = 0; trial < 200; ++trial) {
    rle = original;
    size_t at = rng() % rle.size();
    if (trial % 2 == 0)
      rle[at] = static_cast<int>(rng() % 256);
    else
      rle.erase(at);
    Result<Project> p = import_label_studio(doc.dump());
    if (!p.ok()) {
      ++rejected;
      EXPECT_EQ(p.error().path.rfind("tasks[0].annotations[0].result[1].value.rle", 0), 0u)
          << p.error().message;
    }
  }
  EXPECT_GT(rejected, 50);
}

}  // namespace
}  // namespace localabel
