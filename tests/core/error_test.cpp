#include "localabel/error.h"

#include <gtest/gtest.h>

namespace localabel {
namespace {

TEST(Error, MessageNamesThePath) {
  Error e = make_error(ErrorCode::kWrongType, "tasks[3].data", "expected an object");
  EXPECT_EQ(e.message, "tasks[3].data: expected an object");
  EXPECT_EQ(e.path, "tasks[3].data");
  EXPECT_STREQ(error_code_name(e.code), "WrongType");
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 3;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  Result<int> bad = make_error(ErrorCode::kEmptyInput, "", "nothing given");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(bad.error().message, "nothing given");
}

}  // namespace
}  // namespace localabel
