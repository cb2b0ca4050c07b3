#include "localabel/assignment.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace localabel {
namespace {

AssignmentConfig config(size_t tasks, size_t gold, std::vector<std::string> annotators) {
  AssignmentConfig c;
  c.seed = "project-42";
  for (size_t i = 0; i < tasks; ++i) c.tasks.push_back("task-" + std::to_string(i));
  for (size_t i = 0; i < gold; ++i) c.gold_tasks.push_back("gold-" + std::to_string(i));
  c.annotators = std::move(annotators);
  return c;
}

TEST(StableHash, IsFixedAcrossPlatformsAndSeparatesParts) {
  EXPECT_EQ(stable_hash({"a", "bc"}), stable_hash({"a", "bc"}));
  EXPECT_NE(stable_hash({"a", "bc"}), stable_hash({"ab", "c"}));
  double u = unit_hash({"x"});
  EXPECT_GE(u, 0.0);
  EXPECT_LT(u, 1.0);
}

TEST(Assignment, EveryTaskOnceExceptTheOverlapShare) {
  AssignmentConfig c = config(2000, 0, {"ann", "bea", "cy", "dan"});
  std::map<std::string, int> count;
  std::map<std::string, std::set<std::string>> who;
  for (const std::string& a : c.annotators) {
    auto q = assign_queue(c, a);
    ASSERT_TRUE(q.ok()) << q.error().message;
    for (const QueueItem& item : *q) {
      ++count[item.task];
      who[item.task].insert(a);
      if (!item.partner.empty()) {
        EXPECT_NE(item.partner, a);
      }
    }
  }
  ASSERT_EQ(count.size(), 2000u);
  int doubled = 0;
  for (const auto& [task, n] : count) {
    ASSERT_GE(n, 1);
    ASSERT_LE(n, 2);
    doubled += n == 2;
  }
  // Default overlap 10 % of 2000; a binomial(2000, 0.1) has sd 13.4, so +-60 is > 4 sd.
  EXPECT_NEAR(doubled, 200, 60);
}

TEST(Assignment, PartnersAgreeOnEachOther) {
  AssignmentConfig c = config(500, 0, {"ann", "bea", "cy"});
  c.overlap_share = 0.3;
  std::map<std::pair<std::string, std::string>, std::string> partner;
  for (const std::string& a : c.annotators) {
    auto q = assign_queue(c, a);
    ASSERT_TRUE(q.ok());
    for (const QueueItem& item : *q) partner[{item.task, a}] = item.partner;
  }
  int overlaps = 0;
  for (const auto& [key, p] : partner) {
    if (p.empty()) continue;
    ++overlaps;
    EXPECT_EQ((partner.at({key.first, p})), key.second);
  }
  EXPECT_GT(overlaps, 0);
}

TEST(Assignment, IsDeterministicAndStableWhenAnAnnotatorJoins) {
  AssignmentConfig c = config(1000, 0, {"ann", "bea", "cy"});
  c.overlap_share = 0;
  auto before = *assign_queue(c, "ann");
  auto again = *assign_queue(c, "ann");
  ASSERT_EQ(before.size(), again.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i].task, again[i].task);
  c.annotators.push_back("dan");
  auto after = *assign_queue(c, "ann");
  std::set<std::string> kept;
  for (const auto& item : after) kept.insert(item.task);
  // Rendezvous hashing: ann only loses tasks (to dan), never gains any.
  for (const auto& item : after) {
    bool had = false;
    for (const auto& b : before) had |= b.task == item.task;
    EXPECT_TRUE(had) << item.task;
  }
  EXPECT_LT(after.size(), before.size());
  EXPECT_GT(after.size(), before.size() / 2);
}

TEST(Assignment, HoneypotsAppearAtTheConfiguredRate) {
  AssignmentConfig c = config(4000, 20, {"ann", "bea"});
  c.honeypot_rate = 0.05;
  auto q = assign_queue(c, "bea");
  ASSERT_TRUE(q.ok());
  size_t honeypots = 0;
  std::set<std::string> gold_seen;
  for (const QueueItem& item : *q) {
    if (!item.honeypot) {
      EXPECT_EQ(item.task.rfind("gold-", 0), std::string::npos);
      continue;
    }
    ++honeypots;
    gold_seen.insert(item.task);
  }
  double share = double(honeypots) / double(q->size());
  EXPECT_NEAR(share, 0.05, 0.015);
  EXPECT_EQ(gold_seen.size(), 20u);  // gold tasks cycle through all of them
  EXPECT_FALSE((*q)[0].task.empty());
}

TEST(Assignment, ReadsProjectJsonAndReportsErrors) {
  Json p = Json::parse(
      R"({"id":"p1","annotators":["ann","bea"],"tasks":[{"id":1},{"id":"x","gold":true}],)"
      R"("settings":{"overlap_share":0.5,"honeypot_rate":0.2}})",
      nullptr, false);
  auto c = assignment_config_from_json(p);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->tasks, std::vector<std::string>{"1"});
  EXPECT_EQ(c->gold_tasks, std::vector<std::string>{"x"});
  EXPECT_DOUBLE_EQ(c->overlap_share, 0.5);

  struct Case {
    const char* json;
    ErrorCode code;
    const char* path;
  };
  const Case cases[] = {
      {R"({"annotators":["a"]})", ErrorCode::kMissingField, "id"},
      {R"({"id":"p","annotators":[]})", ErrorCode::kEmptyInput, "annotators"},
      {R"({"id":"p","annotators":["a","a"]})", ErrorCode::kDuplicate, "annotators[1]"},
      {R"({"id":"p","annotators":["a/b"]})", ErrorCode::kInvalidArgument, "annotators[0]"},
      {R"({"id":"p","annotators":["a"],"tasks":[{"id":1},{"id":1}]})", ErrorCode::kDuplicate,
       "tasks[1]"},
      {R"({"id":"p","annotators":["a"],"tasks":[{"id":1.5}]})", ErrorCode::kWrongType,
       "tasks[0].id"},
      {R"({"id":"p","annotators":["a"],"settings":{"overlap_share":1.5}})", ErrorCode::kOutOfRange,
       "settings.overlap_share"},
      {R"({"id":"p","annotators":["a"],"settings":{"honeypot_rate":1}})", ErrorCode::kOutOfRange,
       "settings.honeypot_rate"},
  };
  for (const Case& k : cases) {
    auto r = assignment_config_from_json(Json::parse(k.json, nullptr, false));
    ASSERT_FALSE(r.ok()) << k.json;
    EXPECT_EQ(r.error().code, k.code) << k.json << ": " << r.error().message;
    EXPECT_EQ(r.error().path, k.path) << k.json;
  }
  auto unknown = assign_queue(*c, "eve");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnknownReference);
}

}  // namespace
}  // namespace localabel
