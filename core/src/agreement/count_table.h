// Internal: the shape check every function taking an items x categories count table makes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "localabel/error.h"

namespace localabel::agreement_detail {

/// Ok when `cells` is n_items x n_categories with both positive. Errors: kEmptyInput (no items
/// or categories), kLengthMismatch (the cell count differs).
inline Status check_count_table(size_t cells, int64_t n_items, int32_t n_categories) {
  if (n_items <= 0 || n_categories <= 0)
    return make_error(ErrorCode::kEmptyInput, "", "the count table has no items or categories");
  if (static_cast<int64_t>(cells) != n_items * n_categories)
    return make_error(ErrorCode::kLengthMismatch, "",
                      "count table has " + std::to_string(cells) + " cells, expected " +
                          std::to_string(n_items) + " x " + std::to_string(n_categories));
  return Ok{};
}

}  // namespace localabel::agreement_detail
