#include "localabel/honeypots.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "localabel/assignment.h"

namespace localabel {
namespace {

std::vector<std::string> ids(const std::string& prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

std::vector<int64_t> positions(const HoneypotQueue& q) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < q.honeypot.size(); ++i)
    if (q.honeypot[i]) out.push_back(static_cast<int64_t>(i));
  return out;
}

TEST(Honeypots, RateWithinTolerance) {
  // 20000 tasks at 5 %: the number of honeypots is Binomial(20000, p) with p = 0.05 / 0.95, so
  // the share of gold in the queue is 0.05 with a standard deviation of about 0.0015; allow
  // four of them.
  const auto tasks = ids("t", 20000), gold = ids("g", 3000);
  for (const char* who : {"ann", "bob", "eve"}) {
    auto q = place_honeypots("project-1", who, tasks, gold);
    ASSERT_TRUE(q.ok()) << q.error().message;
    const double share = static_cast<double>(q->honeypots) / static_cast<double>(q->queue.size());
    EXPECT_NEAR(share, 0.05, 0.006) << who;
    EXPECT_EQ(q->unfilled_slots, 0);
    EXPECT_EQ(q->queue.size(), tasks.size() + static_cast<size_t>(q->honeypots));
  }
  // At 20 % about 5000 gold items are needed.
  auto q20 = place_honeypots("project-1", "ann", tasks, ids("g", 6000), 0.2);
  EXPECT_EQ(q20->unfilled_slots, 0);
  EXPECT_NEAR(static_cast<double>(q20->honeypots) / static_cast<double>(q20->queue.size()), 0.2,
              0.012);
  auto none = place_honeypots("project-1", "ann", tasks, gold, 0.0);
  EXPECT_EQ(none->honeypots, 0);
  EXPECT_EQ(none->queue, tasks);
}

TEST(Honeypots, DeterministicAndDifferentPerAnnotatorAndSeed) {
  const auto tasks = ids("t", 2000), gold = ids("g", 200);
  auto a1 = place_honeypots("p", "ann", tasks, gold);
  auto a2 = place_honeypots("p", "ann", tasks, gold);
  auto b = place_honeypots("p", "bob", tasks, gold);
  auto other_seed = place_honeypots("q", "ann", tasks, gold);
  ASSERT_TRUE(a1.ok() && a2.ok() && b.ok() && other_seed.ok());
  EXPECT_EQ(a1->queue, a2->queue);
  EXPECT_EQ(a1->honeypot, a2->honeypot);
  EXPECT_NE(positions(*a1), positions(*b));
  EXPECT_NE(positions(*a1), positions(*other_seed));
  // The order of gold items also differs between annotators.
  std::vector<std::string> ga, gb;
  for (size_t i = 0; i < a1->queue.size(); ++i)
    if (a1->honeypot[i]) ga.push_back(a1->queue[i]);
  for (size_t i = 0; i < b->queue.size(); ++i)
    if (b->honeypot[i]) gb.push_back(b->queue[i]);
  EXPECT_NE(ga, gb);
}

TEST(Honeypots, PositionsAreSpreadNotPeriodic) {
  auto q = place_honeypots("p", "ann", ids("t", 20000), ids("g", 3000));
  ASSERT_TRUE(q.ok());
  auto pos = positions(*q);
  ASSERT_GT(pos.size(), 100u);
  std::vector<double> gaps;
  std::set<int64_t> distinct;
  for (size_t i = 1; i < pos.size(); ++i) {
    gaps.push_back(static_cast<double>(pos[i] - pos[i - 1]));
    distinct.insert(pos[i] - pos[i - 1]);
  }
  double mean = 0, var = 0;
  for (double g : gaps) mean += g / static_cast<double>(gaps.size());
  for (double g : gaps) var += (g - mean) * (g - mean) / static_cast<double>(gaps.size());
  // Geometric gaps have a coefficient of variation close to 1; fixed intervals have 0.
  EXPECT_GT(std::sqrt(var) / mean, 0.7);
  EXPECT_GT(distinct.size(), 30u);
  // Honeypots are spread over the whole queue, not bunched at one end.
  EXPECT_LT(pos.front(), static_cast<int64_t>(q->queue.size() / 10));
  EXPECT_GT(pos.back(), static_cast<int64_t>(q->queue.size() * 9 / 10));
}

TEST(Honeypots, NoDuplicatesAndTaskOrderKept) {
  const auto tasks = ids("t", 5000), gold = ids("g", 50);  // fewer gold than slots
  auto q = place_honeypots("p", "ann", tasks, gold);
  ASSERT_TRUE(q.ok());
  std::set<std::string> seen(q->queue.begin(), q->queue.end());
  EXPECT_EQ(seen.size(), q->queue.size());
  EXPECT_EQ(q->honeypots, 50);
  EXPECT_GT(q->unfilled_slots, 0);
  std::vector<std::string> regular;
  for (size_t i = 0; i < q->queue.size(); ++i)
    if (!q->honeypot[i]) regular.push_back(q->queue[i]);
  EXPECT_EQ(regular, tasks);
  EXPECT_EQ(q->honeypot.front(), 0);  // never before the first regular task
}

TEST(Honeypots, AgreesWithTheSyncAssignment) {
  // assign_queue (localabel/assignment.h) places honeypots by the same rule: given its regular
  // tasks in its order, place_honeypots rebuilds the same queue while gold items last.
  AssignmentConfig c;
  c.seed = "proj";
  c.tasks = ids("t", 3000);
  c.gold_tasks = ids("g", 400);
  c.annotators = {"ann", "bob", "eve"};
  c.honeypot_rate = 0.05;
  for (const std::string& who : c.annotators) {
    auto expected = assign_queue(c, who);
    ASSERT_TRUE(expected.ok());
    std::vector<std::string> regular, want;
    for (const auto& item : *expected) {
      if (!item.honeypot) regular.push_back(item.task);
      want.push_back(item.task);
    }
    auto q = place_honeypots(c.seed, who, regular, c.gold_tasks, c.honeypot_rate);
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->queue, want) << who;
  }
}

TEST(Honeypots, EdgeCasesAndErrors) {
  auto empty = place_honeypots("p", "ann", {}, ids("g", 3));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->queue.empty());
  auto no_gold = place_honeypots("p", "ann", ids("t", 10), {});
  EXPECT_EQ(no_gold->queue, ids("t", 10));
  EXPECT_EQ(no_gold->honeypots, 0);
  EXPECT_EQ(place_honeypots("p", "ann", ids("t", 3), ids("g", 3), 1.0).error().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(place_honeypots("p", "ann", ids("t", 3), ids("g", 3), NAN).error().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(place_honeypots("p", "", ids("t", 3), ids("g", 3)).error().code,
            ErrorCode::kInvalidArgument);
  auto dup = place_honeypots("p", "ann", {"a", "b", "a"}, {});
  EXPECT_EQ(dup.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(dup.error().path, "tasks[2]");
  auto both = place_honeypots("p", "ann", {"a", "b"}, {"c", "b"});
  EXPECT_EQ(both.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(both.error().path, "gold[1]");
}

}  // namespace
}  // namespace localabel
