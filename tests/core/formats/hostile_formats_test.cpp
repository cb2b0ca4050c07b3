// Importers against hostile files: wide headers, huge masks, values at the edge of what is
// accepted, and many spans over long texts. Each test replays the input that broke.
#include <gtest/gtest.h>

#include <string>

#include "localabel/brush_rle.h"
#include "localabel/label_studio.h"
#include "localabel/project_file.h"
#include "localabel/text_import.h"
#include "localabel/unicode.h"

namespace localabel {
namespace {

TextImportOptions csv_options() {
  TextImportOptions o;
  o.format = TextFileFormat::kCsv;
  return o;
}

TEST(TextImportHostile, ShortRowsAreNotPaddedToAWideHeader) {
  // 2,000 columns then 3,000 one-field rows: padding made 6 million values from 15 KB.
  std::string csv = "text";
  for (int c = 1; c < 2000; ++c) csv += ",c" + std::to_string(c);
  csv += "\n";
  for (int r = 0; r < 3000; ++r) csv += "x\n";
  auto tasks = read_text_tasks(csv, csv_options());
  ASSERT_TRUE(tasks.ok()) << tasks.error().message;
  ASSERT_EQ(tasks->size(), 3000u);
  EXPECT_EQ((*tasks)[0].size(), 1u);  // only the column the row has
  EXPECT_EQ((*tasks)[0]["text"], "x");
}

TEST(TextImportHostile, ShortRowWithoutTheTextColumnIsAnError) {
  auto r = read_text_tasks("id,text\n1,hello\n2\n", csv_options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(r.error().path, "line 3");
}

TEST(TextImportHostile, DuplicateColumnInAHugeHeaderIsFoundWithItsColumn) {
  // 50,000 distinct names then a repeat: the pairwise check took 1.25e9 comparisons.
  std::string csv = "text";
  for (int c = 1; c < 50000; ++c) csv += ",c" + std::to_string(c);
  csv += ",c7\nx\n";
  auto r = read_text_tasks(csv, csv_options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(r.error().path, "line 1, column 50001");
}

TEST(BrushRleHostile, PixelDecodeRefusesAMaskAboveTheLimitBeforeAllocating) {
  // A stream claiming 16384 x 16384 pixels (1 GiB of RGBA): refused whatever follows.
  const std::vector<uint8_t> rle = {0x40, 0, 0, 0, 0x38, 0x8F, 0xFF};
  auto pixels = decode_brush_rle_pixels(rle, 16384, 16384);
  ASSERT_FALSE(pixels.ok());
  EXPECT_EQ(pixels.error().code, ErrorCode::kOutOfRange);
  EXPECT_NE(pixels.error().message.find(std::to_string(kMaxRgbaPixels)), std::string::npos);
  EXPECT_EQ(decode_brush_rle_rgba(rle, 16384, 16384).error().code, ErrorCode::kOutOfRange);
}

TEST(BrushRleHostile, HugeMaskDecodesAsRunsWithoutMaterialisingItsPixels) {
  // 16384 x 16384 pixels of background in 16,384 tokens (55 KB): the runs decode holds one
  // run, the pixel decodes refuse before allocating.
  const BrushMask empty{16384, 16384, {uint32_t{1} << 28}};
  const std::vector<uint8_t> rle = encode_brush_rle(empty);
  EXPECT_LT(rle.size(), 60000u);
  auto mask = decode_brush_rle(rle, 16384, 16384);
  ASSERT_TRUE(mask.ok()) << mask.error().message;
  EXPECT_EQ(mask->runs, empty.runs);
  EXPECT_LE(mask->runs.capacity(), 16u);
  EXPECT_EQ(decode_brush_rle_pixels(rle, 16384, 16384).error().code, ErrorCode::kOutOfRange);
  // A header whose count disagrees with the sides is refused before any token is read.
  auto wrong = decode_brush_rle(rle, 16384, 8192);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kLengthMismatch);
}

TEST(BrushRleHostile, PixelDecodeEqualsTheRunsOfTheMask) {
  BrushMask mask{3, 2, {1, 4, 1}};
  const std::vector<uint8_t> rle = encode_brush_rle(mask);
  auto pixels = decode_brush_rle_pixels(rle, 3, 2);
  ASSERT_TRUE(pixels.ok()) << pixels.error().message;
  EXPECT_EQ(*pixels, (std::vector<uint8_t>{0, 1, 1, 1, 1, 0}));
  EXPECT_EQ(*pixels, brush_mask_to_pixels(mask));
  auto wrong = decode_brush_rle_pixels(rle, 4, 2);  // 32 RGBA bytes, the stream has 24
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kLengthMismatch);
}

const char* kTwoTypesProject = R"({"localabel_project": 1, "tasks": [
  {"id": 1, "data": {"image": "a.png"}, "annotations": [{"result": [
    {"from_name": "label", "to_name": "image", "type": "rectanglelabels",
     "original_width": 10, "original_height": 10,
     "value": {"x": 1, "y": 1, "width": 2, "height": 2, "rectanglelabels": ["cat"]}},
    {"from_name": "label", "to_name": "image", "type": "choices",
     "value": {"choices": ["dog"]}}]}]}]})";

TEST(ProjectFileHostile, FromNameWithTwoTypesIsRefusedWithoutLabelSetsAsItsOwnOutputIs) {
  auto p = parse_project_file(kTwoTypesProject);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidFormat);
  EXPECT_EQ(p.error().path, "tasks[0].annotations[0].result[1].type");
}

TEST(ProjectFileHostile, FileWithoutLabelSetsReadsAgainAfterWriting) {
  const std::string text = R"({"localabel_project": 1, "tasks": [
    {"id": 1, "data": {"text": "hello"}, "annotations": [{"result": [
      {"from_name": "sentiment", "to_name": "text", "type": "choices",
       "value": {"choices": ["pos"]}}]}]}]})";
  auto p = parse_project_file(text);
  ASSERT_TRUE(p.ok()) << p.error().message;
  auto again = parse_project_file(write_project_file(*p));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->label_sets.size(), 1u);
}

std::string box_task(const std::string& x, const std::string& width) {
  return R"([{"id": 1, "data": {"image": "a.png"}, "annotations": [{"result": [
    {"from_name": "label", "to_name": "image", "type": "rectanglelabels",
     "original_width": 3, "original_height": 7,
     "value": {"x": )" +
         x + R"(, "y": 0, "width": )" + width + R"(, "height": 100, "rectanglelabels": ["cat"]}},
    {"from_name": "pt", "to_name": "image", "type": "keypointlabels",
     "original_width": 3, "original_height": 7,
     "value": {"x": 100.0001, "y": -0.0001, "keypointlabels": ["eye"]}}]}]}])";
}

TEST(LabelStudioHostile, ValuesInsideTheSlackAreClampedSoTheirExportImportsAgain) {
  // x = 100.0001 exported as 100.00010000000002, which import refused.
  for (const auto& [x, w] : {std::pair{"100.0001", "0"}, std::pair{"99.99", "0.0101"}}) {
    auto p = import_label_studio(box_task(x, w));
    ASSERT_TRUE(p.ok()) << p.error().message;
    const Region& box = p->tasks[0].annotations[0].regions[0];
    EXPECT_LE(box.x + box.width, 3.0) << x;
    const Region& point = p->tasks[0].annotations[0].regions[1];
    EXPECT_EQ(point.x, 3.0);
    EXPECT_EQ(point.y, 0.0);
    auto again = import_label_studio(export_label_studio(*p));
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_NEAR(again->tasks[0].annotations[0].regions[0].x, box.x, 1e-12);
    auto file = parse_project_file(write_project_file(*p));
    ASSERT_TRUE(file.ok()) << file.error().message;
  }
}

TEST(LabelStudioHostile, ManySpansOverALongTextReadAsTheSlowScanReadThem) {
  // A long text with 1-, 2-, 3- and 4-byte code points, and spans in both offset units: the
  // per-text offset table must give what the per-span scans (utf8_substring,
  // utf16_to_code_point_offset) give.
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "ab\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 ";
  Json task = {{"id", 1}, {"data", {{"text", text}}}};
  Json result = Json::array();
  const int64_t points = utf8_code_point_count(text);
  for (int k = 0; k < 600; ++k) {
    const int64_t start = (k * 37) % (points - 20), end = start + 1 + k % 17;
    Json value = {{"start", start}, {"end", end}, {"labels", {"X"}}};
    if (k % 2 == 0) {
      value["text"] = utf8_substring(text, start, end);
    } else {
      // UTF-16 offsets whose code point reading does not match the text.
      const int64_t s16 = code_point_to_utf16_offset(text, start);
      const int64_t e16 = code_point_to_utf16_offset(text, end);
      value["start"] = s16;
      value["end"] = e16;
      value["text"] = utf8_substring(text, start, end);
    }
    result.push_back({{"from_name", "label"},
                      {"to_name", "text"},
                      {"type", "labels"},
                      {"value", std::move(value)}});
  }
  task["annotations"] = Json::array({{{"result", result}}});
  auto p = import_label_studio(Json::array({task}).dump());
  ASSERT_TRUE(p.ok()) << p.error().message;
  const auto& regions = p->tasks[0].annotations[0].regions;
  ASSERT_EQ(regions.size(), 600u);
  for (size_t k = 0; k < regions.size(); ++k) {
    // The reading rule with the per-span scans: the offsets as code points when they cover
    // the given text, else as UTF-16 units.
    const Json& given = result[k]["value"];
    int64_t start = given["start"], end = given["end"];
    if (utf8_substring(text, start, end) != given["text"]) {
      start = utf16_to_code_point_offset(text, start);
      end = utf16_to_code_point_offset(text, end);
    }
    EXPECT_EQ(regions[k].start, start) << k;
    EXPECT_EQ(regions[k].end, end) << k;
    EXPECT_EQ(utf8_substring(text, regions[k].start, regions[k].end), given["text"]) << k;
  }
  auto back = import_label_studio(export_label_studio(*p));
  ASSERT_TRUE(back.ok()) << back.error().message;
  for (size_t k = 0; k < regions.size(); ++k) {
    EXPECT_EQ(back->tasks[0].annotations[0].regions[k].start, regions[k].start);
    EXPECT_EQ(back->tasks[0].annotations[0].regions[k].end, regions[k].end);
  }
}

TEST(Utf8OffsetsHostile, TableAgreesWithTheScansEverywhere) {
  const std::string text = "a\xC3\xA9\xF0\x9F\x98\x80z\xE2\x82\xAC\xF0\x9F\x98\x80\xFF!";
  Utf8Offsets table(text);
  EXPECT_EQ(table.code_points(), utf8_code_point_count(text));
  for (int64_t a = -1; a <= table.code_points() + 1; ++a) {
    EXPECT_EQ(table.code_point_to_utf16(a), code_point_to_utf16_offset(text, a)) << a;
    for (int64_t b = -1; b <= table.code_points() + 1; ++b)
      EXPECT_EQ(std::string(table.substring(a, b)), utf8_substring(text, a, b)) << a << " " << b;
  }
  for (int64_t u = -1; u <= utf8_utf16_length(text) + 1; ++u)
    EXPECT_EQ(table.utf16_to_code_point(u), utf16_to_code_point_offset(text, u)) << u;
}

}  // namespace
}  // namespace localabel
