// Every malformed file of tests/data/bad/formats/ (written by make_cases.py there) must fail
// with the code and place that expected.json lists for it.
#include <gtest/gtest.h>

#include <filesystem>

#include "localabel/formats.h"
#include "localabel/label_studio.h"
#include "test_util.h"

namespace localabel {
namespace {

namespace fs = std::filesystem;

const std::string kBad = std::string(LOCALABEL_TEST_DATA) + "/bad/formats";

// A folder's files with paths relative to it, or one file.
std::vector<FormatFile> load_input(const std::string& rel) {
  std::vector<FormatFile> files;
  fs::path p = kBad + "/" + rel;
  if (fs::is_directory(p)) {
    for (const auto& e : fs::recursive_directory_iterator(p))
      if (e.is_regular_file())
        files.push_back(FormatFile{fs::relative(e.path(), p).generic_string(),
                                   test::read_file(e.path().string())});
  } else {
    files.push_back(FormatFile{p.filename().string(), test::read_file(p.string())});
  }
  return files;
}

TEST(FormatsBadFiles, EachFailsWithItsCodeAndPlace) {
  Result<Json> manifest = parse_json_text(test::read_file(kBad + "/expected.json"));
  ASSERT_TRUE(manifest.ok());
  ASSERT_GE(manifest->size(), 120u);
  std::map<std::string, int> per_format;
  for (const Json& c : *manifest) {
    const std::string file = c["file"].get<std::string>();
    SCOPED_TRACE(file);
    Result<DataFormat> format = parse_data_format(c["format"].get<std::string>());
    ASSERT_TRUE(format.ok());
    ImportOptions options;
    if (c.contains("yolo_task"))
      options.yolo_task = *parse_yolo_task(c["yolo_task"].get<std::string>());
    if (c.contains("image_sizes"))
      for (auto it = c["image_sizes"].begin(); it != c["image_sizes"].end(); ++it)
        options.image_sizes[it.key()] = {it.value()[0].get<int>(), it.value()[1].get<int>()};
    std::vector<FormatFile> files = load_input(file);
    ASSERT_FALSE(files.empty());
    Result<Project> project = import_data(*format, files, options);
    ASSERT_FALSE(project.ok()) << "accepted";
    EXPECT_STREQ(error_code_name(project.error().code), c["code"].get<std::string>().c_str())
        << project.error().message;
    EXPECT_EQ(project.error().path, c["place"].get<std::string>()) << project.error().message;
    ++per_format[c["format"].get<std::string>()];
  }
  // Every new format has its share of bad files.
  for (const char* f : {"coco", "yolo", "voc", "conll", "spacy", "csv", "jsonl"})
    EXPECT_GE(per_format[f], 6) << f;
}

}  // namespace
}  // namespace localabel
