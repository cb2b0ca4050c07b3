#include "localabel/label_studio.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "localabel/brush_rle.h"
#include "localabel/project_file.h"
#include "localabel/unicode.h"
#include "test_util.h"

namespace localabel {
namespace {

namespace fs = std::filesystem;
using test::json_difference;
using test::read_file;

const std::string kData = LOCALABEL_TEST_DATA;

Project load(const std::string& name) {
  Result<Project> p = import_label_studio(read_file(kData + "/" + name));
  EXPECT_TRUE(p.ok()) << name << ": " << (p.ok() ? "" : p.error().message);
  return p.ok() ? std::move(p.value()) : Project{};
}

const Region* find_region(const Project& p, const std::string& id) {
  for (const Task& t : p.tasks)
    for (const Annotation& a : t.annotations)
      for (const Region& r : a.regions)
        if (r.id == id) return &r;
  return nullptr;
}

// Every Label Studio file in tests/data and examples/**/project*.json.
std::vector<fs::path> round_trip_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kData))
    if (e.path().extension() == ".json") files.push_back(e.path());
  fs::path examples = fs::path(LOCALABEL_SOURCE_DIR) / "examples";
  if (fs::exists(examples))
    for (const auto& e : fs::recursive_directory_iterator(examples))
      if (e.path().extension() == ".json" && e.path().filename().string().rfind("project", 0) == 0)
        files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(LabelStudio, EveryDataFileRoundTripsToEqualJson) {
  std::vector<fs::path> files = round_trip_files();
  ASSERT_GE(files.size(), 6u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    std::string text = read_file(file.string());
    Result<Json> input = parse_json_text(text);
    ASSERT_TRUE(input.ok());
    Result<Project> project = import_label_studio(text);
    ASSERT_TRUE(project.ok()) << project.error().message;
    bool ours = input->is_object() && input->contains("localabel_project");
    Json expected = input.value();
    if (expected.is_object() && !ours) expected = Json::array({expected});
    Json exported = ours ? project_to_json(project.value()) : label_studio_tasks_json(*project);
    EXPECT_EQ(json_difference(expected, exported), "");
    // Exporting what was exported gives the same bytes.
    std::string once = ours ? write_project_file(*project) : export_label_studio(*project);
    Result<Project> again = import_label_studio(once);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(ours ? write_project_file(*again) : export_label_studio(*again), once);
  }
}

TEST(LabelStudio, ConvertsPercentToPixelsAndKeepsRotation) {
  Project p = load("ls_image_regions.json");
  const Region* person = find_region(p, "r1");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->kind, RegionKind::kBox);
  EXPECT_EQ(person->image_width, 512);
  EXPECT_DOUBLE_EQ(person->x, 64.0);         // 12.5 % of 512
  EXPECT_DOUBLE_EQ(person->y, 42.24);        // 8.25 % of 512
  EXPECT_DOUBLE_EQ(person->width, 205.44);   // 40.125 % of 512
  EXPECT_DOUBLE_EQ(person->height, 309.76);  // 60.5 % of 512
  const Region* flag = find_region(p, "r2");
  ASSERT_NE(flag, nullptr);
  EXPECT_DOUBLE_EQ(flag->rotation, 33.5);
  const Region* cup = find_region(p, "c1");  // 600 x 400 image
  ASSERT_NE(cup, nullptr);
  EXPECT_DOUBLE_EQ(cup->x, 108.0);
  EXPECT_DOUBLE_EQ(cup->y, 120.0);
  const Region* eye = find_region(p, "k1");
  ASSERT_NE(eye, nullptr);
  EXPECT_EQ(eye->kind, RegionKind::kKeypoint);
  EXPECT_TRUE(eye->has_size);
  EXPECT_NEAR(eye->width, 3.072, 1e-12);  // 0.6 % of 512
  const Region* poly = find_region(p, "cp");
  ASSERT_NE(poly, nullptr);
  ASSERT_EQ(poly->points.size(), 3u);
  EXPECT_DOUBLE_EQ(poly->points[2].x, 90.75);  // 15.125 % of 600
  EXPECT_DOUBLE_EQ(poly->points[2].y, 91.0);   // 22.75 % of 400
  // Predictions keep model version and scores.
  ASSERT_EQ(p.tasks[0].predictions.size(), 1u);
  EXPECT_EQ(p.tasks[0].predictions[0].model_version, "yolo-v8n-2024-02");
  EXPECT_DOUBLE_EQ(p.tasks[0].predictions[0].score, 0.87);
  EXPECT_DOUBLE_EQ(p.tasks[0].predictions[0].regions[1].score, 0.42);
  EXPECT_TRUE(p.tasks[0].annotations[0].ground_truth);
  EXPECT_EQ(p.tasks[2].annotations[0].status, AnnotationStatus::kSkipped);
  EXPECT_DOUBLE_EQ(p.tasks[0].annotations[0].lead_time, 42.731);
}

TEST(LabelStudio, SpanOffsetsAreCodePointsAfterEmoji) {
  Project p = load("ls_text_spans.json");
  ASSERT_EQ(p.tasks[0].kind, TaskKind::kText);
  // "Paris 🇫🇷 is lovely in 🌸 spring; ...": the flag is 2 code points (4 UTF-16 units), the
  // blossom 1 (2 units), so "spring" starts at code point 24 (UTF-16 unit 27).
  const Region* spring = find_region(p, "n2");
  ASSERT_NE(spring, nullptr);
  EXPECT_EQ(spring->start, 24);
  EXPECT_EQ(spring->end, 30);
  EXPECT_FALSE(spring->utf16_offsets);
  int spans = 0;
  for (const Task& t : p.tasks)
    for (const Annotation& a : t.annotations)
      for (const Region& r : a.regions) {
        if (r.kind != RegionKind::kSpan || !r.has_text) continue;
        EXPECT_EQ(utf8_substring(t.text, r.start, r.end), r.text) << r.id;
        ++spans;
      }
  EXPECT_GE(spans, 8);
  const Region* math = find_region(p, "x2");  // mathematical fraktur letters, all non-BMP
  ASSERT_NE(math, nullptr);
  EXPECT_EQ(math->end - math->start, 4);
}

TEST(LabelStudio, ConvertsLegacyUtf16OffsetsAndWritesThemBack) {
  Project p = load("ls_audio_and_legacy.json");
  // Audio segments use `labels` with seconds: kept verbatim.
  EXPECT_EQ(p.tasks[0].annotations[0].regions[0].kind, RegionKind::kOther);
  const Region* hello = find_region(p, "u1");
  ASSERT_NE(hello, nullptr);
  EXPECT_TRUE(hello->utf16_offsets);
  EXPECT_EQ(hello->start, 2);  // "😀 Hello": UTF-16 unit 3 is code point 2
  EXPECT_EQ(hello->end, 7);
  const Region* again = find_region(p, "u2");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->start, 16);  // two emoji before it: 18 - 2
  Json out = label_studio_tasks_json(p);
  EXPECT_EQ(out[1]["annotations"][0]["result"][0]["value"]["start"], 3);
  EXPECT_EQ(out[1]["annotations"][0]["result"][1]["value"]["end"], 23);
}

TEST(LabelStudio, KeepsUnknownFieldsAndResultTypes) {
  Project p = load("ls_image_regions.json");
  const Task& t = p.tasks[0];
  EXPECT_EQ(t.extra["meta"]["batch"], 3);
  EXPECT_EQ(t.annotations[0].extra["unique_id"], "a1b2");
  EXPECT_TRUE(t.annotations[0].extra["draft_created_at"].is_null());
  const Region* person = find_region(p, "r1");
  EXPECT_EQ(person->extra["origin"], "manual");
  EXPECT_EQ(person->extra["image_rotation"], 0);
  EXPECT_EQ(find_region(p, "p1")->extra["value"]["closed"], true);
  int other = 0;
  for (const Region& r : t.annotations[0].regions)
    if (r.kind == RegionKind::kOther) ++other;
  EXPECT_EQ(other, 2);  // textarea and rating
  Json out = label_studio_tasks_json(p);
  EXPECT_EQ(out[0]["annotations"][0]["result"][5]["value"]["rating"], 4);
}

TEST(LabelStudio, InfersLabelSetsWithStableColours) {
  Project p = load("ls_image_regions.json");
  ASSERT_EQ(p.label_sets.size(), 4u);
  EXPECT_EQ(p.label_sets[0].name, "kp");
  const LabelSet& boxes = p.label_sets[1];
  EXPECT_EQ(boxes.name, "label");
  EXPECT_EQ(boxes.to_name, "image");
  EXPECT_EQ(boxes.kind, RegionKind::kBox);
  ASSERT_EQ(boxes.labels.size(), 4u);
  EXPECT_EQ(boxes.labels[0].name, "Cup");
  EXPECT_EQ(boxes.labels[0].color, "#e6194b");
  EXPECT_EQ(boxes.labels[3].name, "Saucer");
  EXPECT_EQ(boxes.labels[3].color, "#4363d8");
  EXPECT_EQ(p.label_sets[3].name, "scene");
  EXPECT_TRUE(p.label_sets[3].multiple);
}

int disk_area() {
  int n = 0;
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 64; ++x) n += (x - 20) * (x - 20) + (y - 20) * (y - 20) < 150;
  return n;
}

TEST(LabelStudio, ReadsBrushMasksFromBothEncoders) {
  Project p = load("ls_brush.json");
  const Region* editor = find_region(p, "b1");  // rle-pack over coloured RGBA
  ASSERT_NE(editor, nullptr);
  const Region& converter = p.tasks[0].predictions[0].regions[0];  // brush.py style
  EXPECT_EQ(brush_mask_area(editor->mask), disk_area());
  EXPECT_EQ(editor->mask.runs, converter.mask.runs);
  EXPECT_EQ(brush_mask_area(find_region(p, "b4")->mask), 0);
  EXPECT_EQ(brush_mask_area(find_region(p, "b5")->mask), 64 * 48);
  EXPECT_EQ(find_region(p, "b3")->mask.width, 120);
}

TEST(LabelStudio, KeepsUnchangedRleAndReencodesChangedMasks) {
  Project p = load("ls_brush.json");
  Json before = label_studio_tasks_json(p);
  Region& r = p.tasks[0].annotations[0].regions[0];
  std::vector<uint8_t> original = r.rle;
  EXPECT_EQ(before[0]["annotations"][0]["result"][0]["value"]["rle"], Json(original));
  std::vector<uint8_t> pixels = brush_mask_to_pixels(r.mask);
  pixels[0] = 1;  // paint the top-left pixel
  r.mask = brush_mask_from_pixels(64, 48, pixels).value();
  Json after = label_studio_tasks_json(p);
  std::vector<uint8_t> rle = after[0]["annotations"][0]["result"][0]["value"]["rle"];
  EXPECT_NE(rle, original);
  Result<BrushMask> decoded = decode_brush_rle(rle, 64, 48);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->runs, r.mask.runs);
  EXPECT_EQ(brush_mask_area(decoded.value()), disk_area() + 1);
}

TEST(LabelStudio, KeepsIdFormsAndNumbersTasksWithoutIds) {
  Project p = load("ls_brush.json");
  EXPECT_EQ(p.tasks[0].id, "img-1");
  EXPECT_EQ(p.tasks[0].id_form, IdForm::kString);
  Project q = load("ls_image_regions.json");
  EXPECT_EQ(q.tasks[0].id, "101");
  EXPECT_EQ(q.tasks[0].id_form, IdForm::kNumber);
  Json out = label_studio_tasks_json(q);
  EXPECT_TRUE(out[0]["id"].is_number_integer());
  Result<Project> r = import_label_studio(R"([{"data": {"text": "a"}}, {"data": {"text": "b"}}])");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tasks[1].id, "2");
  EXPECT_FALSE(label_studio_tasks_json(*r)[1].contains("id"));
}

TEST(LabelStudio, ExportIsDeterministicWithSortedKeys) {
  Project p = load("ls_text_spans.json");
  std::string a = export_label_studio(p);
  std::string b = export_label_studio(p);
  EXPECT_EQ(a, b);
  EXPECT_LT(a.find("\"annotations\""), a.find("\"data\""));
  EXPECT_NE(a.find("Anne Hidalgo"), std::string::npos);  // UTF-8 kept, not \u-escaped
  EXPECT_EQ(a.back(), '\n');
}

TEST(LabelStudio, ProjectFileRoundTripsLabelSetsAndSettings) {
  Project p = load("ls_image_regions.json");
  p.name = "Photos";
  p.settings.honeypot_rate = 0.2;
  p.label_sets[1].labels[0].hotkey = "c";
  p.label_sets[1].labels[0].description = "A drinking vessel";
  p.label_sets[1].labels[0].examples = {"mugs count", "glasses do not"};
  std::string file = write_project_file(p);
  Result<Project> back = parse_project_file(file);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->name, "Photos");
  EXPECT_DOUBLE_EQ(back->settings.honeypot_rate, 0.2);
  EXPECT_EQ(back->label_sets[1].labels[0].examples.size(), 2u);
  EXPECT_EQ(back->label_sets[1].labels[0].hotkey, "c");
  EXPECT_EQ(write_project_file(*back), file);
  EXPECT_EQ(export_label_studio(*back), export_label_studio(p));
  // import_label_studio recognises the project file too.
  Result<Project> via_import = import_label_studio(file);
  ASSERT_TRUE(via_import.ok());
  EXPECT_EQ(via_import->name, "Photos");
}

TEST(LabelStudio, EveryBadInputGivesItsCodeAndPath) {
  std::string dir = kData + "/bad";
  Result<Json> manifest = parse_json_text(read_file(dir + "/expected.json"));
  ASSERT_TRUE(manifest.ok());
  ASSERT_GE(manifest->size(), 45u);
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "expected.json") ++files;
  EXPECT_EQ(files, manifest->size()) << "every bad input has an entry in expected.json";
  for (auto it = manifest->begin(); it != manifest->end(); ++it) {
    SCOPED_TRACE(it.key());
    Result<Project> p = import_label_studio(read_file(dir + "/" + it.key()));
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(error_code_name(p.error().code), it.value()["code"].get<std::string>());
    EXPECT_EQ(p.error().path, it.value()["path"].get<std::string>());
    if (!p.error().path.empty()) {
      EXPECT_EQ(p.error().message.rfind(p.error().path + ": ", 0), 0u);
    }
    EXPECT_GT(p.error().message.size(), p.error().path.size() + 10) << "says what was expected";
  }
}

TEST(LabelStudio, ReportsJsonSyntaxErrorsWithLineAndColumn) {
  Result<Project> p = import_label_studio("[\n  {\"data\": {}},\n  {\"data\": }\n]");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidJson);
  EXPECT_EQ(p.error().path, "line 3, column 12");
}

TEST(LabelStudio, SummarisesProjects) {
  Project p = load("ls_image_regions.json");
  ProjectSummary s = summarize_project(p);
  EXPECT_EQ(s.tasks, 3);
  EXPECT_EQ(s.annotations, 4);
  EXPECT_EQ(s.predictions, 2);
  EXPECT_EQ(s.by_kind[static_cast<int>(RegionKind::kBox)], 8);
  EXPECT_EQ(s.ground_truth, 1);
  EXPECT_NE(format_summary(s).find("3 tasks (3 image, 0 text)"), std::string::npos);
}

}  // namespace
}  // namespace localabel
