// The linear sum assignment problem by shortest augmenting paths with dual potentials
// (Hungarian method in the form of Jonker & Volgenant): one row is added at a time and the
// cheapest augmenting path to a free column is found with a Dijkstra-like scan.
#include <algorithm>
#include <cmath>
#include <limits>

#include "localabel/geometric_agreement.h"

namespace localabel {
namespace {

// rows <= cols; cost(i, j) = c[i * stride_i + j * stride_j]. Returns the column of each row.
std::vector<int32_t> solve(const double* c, int32_t rows, int32_t cols, int64_t stride_i,
                           int64_t stride_j) {
  const double inf = std::numeric_limits<double>::infinity();
  // 1-based potentials and matches; column 0 is the virtual start of each search.
  std::vector<double> u(static_cast<size_t>(rows) + 1, 0), v(static_cast<size_t>(cols) + 1, 0);
  std::vector<int32_t> row_of(static_cast<size_t>(cols) + 1, 0), way(static_cast<size_t>(cols) + 1);
  std::vector<double> dist(static_cast<size_t>(cols) + 1);
  std::vector<char> done(static_cast<size_t>(cols) + 1);
  for (int32_t i = 1; i <= rows; ++i) {
    row_of[0] = i;
    int32_t j0 = 0;
    std::fill(dist.begin(), dist.end(), inf);
    std::fill(done.begin(), done.end(), 0);
    do {
      done[j0] = 1;
      const int32_t i0 = row_of[j0];
      double delta = inf;
      int32_t j1 = 0;
      for (int32_t j = 1; j <= cols; ++j) {
        if (done[j]) continue;
        const double reduced = c[(i0 - 1) * stride_i + (j - 1) * stride_j] - u[i0] - v[j];
        if (reduced < dist[j]) {
          dist[j] = reduced;
          way[j] = j0;
        }
        if (dist[j] < delta) {
          delta = dist[j];
          j1 = j;
        }
      }
      for (int32_t j = 0; j <= cols; ++j) {
        if (done[j]) {
          u[row_of[j]] += delta;
          v[j] -= delta;
        } else {
          dist[j] -= delta;
        }
      }
      j0 = j1;
    } while (row_of[j0] != 0);
    // Flip the augmenting path back to the start.
    do {
      const int32_t j1 = way[j0];
      row_of[j0] = row_of[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int32_t> col_of(static_cast<size_t>(rows), -1);
  for (int32_t j = 1; j <= cols; ++j)
    if (row_of[j] > 0) col_of[row_of[j] - 1] = j - 1;
  return col_of;
}

}  // namespace

Result<std::vector<int32_t>> linear_sum_assignment(std::span<const double> cost, int32_t rows,
                                                   int32_t cols) {
  if (rows < 0 || cols < 0)
    return make_error(ErrorCode::kInvalidArgument, "",
                      "the cost matrix cannot have a negative size: " + std::to_string(rows) +
                          " x " + std::to_string(cols));
  if (static_cast<int64_t>(cost.size()) != static_cast<int64_t>(rows) * cols)
    return make_error(ErrorCode::kLengthMismatch, "",
                      "cost matrix has " + std::to_string(cost.size()) + " values, expected " +
                          std::to_string(rows) + " x " + std::to_string(cols));
  for (size_t k = 0; k < cost.size(); ++k)
    if (!std::isfinite(cost[k]))
      return make_error(ErrorCode::kOutOfRange,
                        "cost[" + std::to_string(k / static_cast<size_t>(cols)) + "][" +
                            std::to_string(k % static_cast<size_t>(cols)) + "]",
                        "a cost must be a finite number");
  if (rows == 0 || cols == 0) return std::vector<int32_t>(static_cast<size_t>(rows), -1);
  if (rows <= cols) return solve(cost.data(), rows, cols, cols, 1);
  // More rows than columns: solve the transpose, then invert the matching.
  std::vector<int32_t> row_of_col = solve(cost.data(), cols, rows, 1, cols);
  std::vector<int32_t> col_of(static_cast<size_t>(rows), -1);
  for (int32_t j = 0; j < cols; ++j) col_of[row_of_col[j]] = j;
  return col_of;
}

}  // namespace localabel
