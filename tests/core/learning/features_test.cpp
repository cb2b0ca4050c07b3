// Text, image and embedding features.
#include "localabel/features.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace localabel {
namespace {

TEST(TextFeatures, RowsAreUnitLengthAndSimilarTextsAreCloser) {
  auto m = text_features({"the cat sat on the mat", "the cat sat on a mat", "stock prices fell"});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->cols, 4096);
  auto dot = [&](int a, int b) {
    double s = 0;
    for (int64_t j = 0; j < m->cols; ++j)
      s += double(m->data[a * m->cols + j]) * m->data[b * m->cols + j];
    return s;
  };
  EXPECT_NEAR(dot(0, 0), 1.0, 1e-5);
  EXPECT_GT(dot(0, 1), dot(0, 2) + 0.3);
}

TEST(TextFeatures, RejectsBadOptions) {
  TextFeatureOptions o;
  o.hash_bits = 30;
  EXPECT_EQ(text_features({"a"}, o).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(text_features({}).error().code, ErrorCode::kEmptyInput);
}

TEST(ImageFeatures, HistogramAndGreyGrid) {
  // 2×1 image: one red pixel, one white pixel.
  std::vector<uint8_t> rgba = {255, 0, 0, 255, 255, 255, 255, 255};
  auto f = image_features(rgba, 2, 1);
  ASSERT_TRUE(f);
  ASSERT_EQ(static_cast<int64_t>(f->size()), kImageFeatureCount);
  EXPECT_FLOAT_EQ((*f)[3 * 16], 0.5f);              // red bin (3, 0, 0)
  EXPECT_FLOAT_EQ((*f)[3 * 16 + 3 * 4 + 3], 0.5f);  // white bin (3, 3, 3)
  EXPECT_NEAR((*f)[64], 0.299, 1e-6);               // top-left grey cell: the red pixel
  EXPECT_NEAR((*f)[64 + 7], 1.0, 1e-6);             // top-right: the white pixel
  EXPECT_EQ(image_features(rgba, 3, 1).error().code, ErrorCode::kLengthMismatch);
}

TEST(Embeddings, MustShareLength) {
  auto ok = features_from_embeddings({{1, 2}, {3, 4}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->cols, 2);
  auto bad = features_from_embeddings({{1, 2}, {3}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "embeddings[1]");
}

std::vector<Task> tasks_with(const std::vector<Json>& data) {
  std::vector<Task> tasks;
  for (const Json& d : data) {
    Task t;
    t.data = d;
    tasks.push_back(std::move(t));
  }
  return tasks;
}

TEST(Embeddings, ReadFromTheTasksData) {
  auto m = embeddings_from_tasks(tasks_with({Json{{"text", "a"}, {"embedding", {0.5, -1, 2}}},
                                             Json{{"text", "b"}, {"embedding", {1, 0, 0.25}}}}));
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m.value().rows, 2);
  EXPECT_EQ(m.value().cols, 3);
  EXPECT_EQ(m.value().data, (std::vector<float>{0.5f, -1, 2, 1, 0, 0.25f}));
  auto vec = embeddings_from_tasks(tasks_with({Json{{"vec", {1, 2}}}}), "vec");
  ASSERT_TRUE(vec.ok());
  EXPECT_EQ(vec.value().cols, 2);
}

TEST(Embeddings, TaskDataErrorsNameThePlace) {
  auto missing =
      embeddings_from_tasks(tasks_with({Json{{"embedding", {1, 2}}}, Json{{"text", "x"}}}));
  EXPECT_EQ(missing.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(missing.error().path, "tasks[1].data.embedding");
  auto length =
      embeddings_from_tasks(tasks_with({Json{{"embedding", {1, 2}}}, Json{{"embedding", {1}}}}));
  EXPECT_EQ(length.error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(length.error().path, "tasks[1].data.embedding");
  auto text = embeddings_from_tasks(tasks_with({Json{{"embedding", {1, "2"}}}}));
  EXPECT_EQ(text.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(text.error().path, "tasks[0].data.embedding[1]");
  auto huge = embeddings_from_tasks(tasks_with({Json{{"embedding", {1e300}}}}));
  EXPECT_EQ(huge.error().code, ErrorCode::kOutOfRange);
  auto not_array = embeddings_from_tasks(tasks_with({Json{{"embedding", "1,2"}}}));
  EXPECT_EQ(not_array.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(embeddings_from_tasks(tasks_with({Json{{"embedding", Json::array()}}})).error().code,
            ErrorCode::kEmptyInput);
  EXPECT_EQ(embeddings_from_tasks({}).error().code, ErrorCode::kEmptyInput);
}

std::string float32_le(const std::vector<float>& values) {
  std::string out;
  for (float v : values) {
    const uint32_t bits = std::bit_cast<uint32_t>(v);
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((bits >> (8 * k)) & 0xFF));
  }
  return out;
}

TEST(Embeddings, ReadFromASidecarFile) {
  auto m = embeddings_from_binary(float32_le({1, 2, 3, -4.5f, 0, 6}), 2);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m.value().rows, 2);
  EXPECT_EQ(m.value().cols, 3);
  EXPECT_EQ(m.value().data, (std::vector<float>{1, 2, 3, -4.5f, 0, 6}));
  // Little-endian whatever the host: 1.0f is 00 00 80 3F.
  EXPECT_EQ(embeddings_from_binary(std::string("\x00\x00\x80\x3F", 4), 1).value().data[0], 1.0f);
}

TEST(Embeddings, SidecarErrorsSayWhatIsWrong) {
  auto size = embeddings_from_binary(float32_le({1, 2, 3}), 2);
  EXPECT_EQ(size.error().code, ErrorCode::kInvalidFormat);
  EXPECT_NE(size.error().message.find("12 bytes"), std::string::npos) << size.error().message;
  auto nan = embeddings_from_binary(float32_le({1, 2, std::nanf(""), 4}), 2);
  EXPECT_EQ(nan.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(nan.error().path, "embeddings[1][0]");
  EXPECT_EQ(embeddings_from_binary("", 1).error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(embeddings_from_binary(float32_le({1}), 0).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace localabel

namespace localabel {
namespace {

TEST(EmbeddingsHostile, SidecarRowCountAbove2To62IsRefusedNotReadOutOfBounds) {
  // 4 x rows wrapped to 0 (a division by zero) or to a small multiple of the file size.
  const std::string bytes(16, '\0');
  for (int64_t rows : {int64_t{1} << 62, (int64_t{1} << 62) + 1, (int64_t{1} << 62) + 4,
                       std::numeric_limits<int64_t>::max(), int64_t{5}}) {
    auto m = embeddings_from_binary(bytes, rows);
    ASSERT_FALSE(m.ok()) << rows;
    EXPECT_EQ(m.error().code, ErrorCode::kInvalidFormat) << rows;
  }
  EXPECT_TRUE(embeddings_from_binary(bytes, 4).ok());
}

TEST(EmbeddingsHostile, LongFirstEmbeddingDoesNotReserveForEveryTask) {
  // tasks[0] with 100,000 values and 9,999 more tasks once reserved 4 GB before tasks[1]
  // was found to differ.
  std::vector<Task> tasks(10000);
  Json first = Json::array();
  for (int j = 0; j < 100000; ++j) first.push_back(0.5);
  tasks[0].data = {{"embedding", first}};
  for (size_t i = 1; i < tasks.size(); ++i) tasks[i].data = {{"embedding", {1.0}}};
  auto m = embeddings_from_tasks(tasks);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(m.error().path, "tasks[1].data.embedding");
  // A valid matrix holds no more than it grew to.
  std::vector<Task> ok(3);
  for (Task& t : ok) t.data = {{"embedding", {1.0, 2.0}}};
  auto good = embeddings_from_tasks(ok);
  ASSERT_TRUE(good.ok());
  EXPECT_LE(good->data.capacity(), 2 * good->data.size());
}

}  // namespace
}  // namespace localabel
