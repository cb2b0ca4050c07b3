// Text, image and embedding features.
#include "localabel/features.h"

#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace
}  // namespace localabel
