#include "localabel/fatigue.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(SessionFatigue, SplitsSessionsAndComparesHalves) {
  // Annotator 0: a 12-task session (10 s per task for the first 6, 15 s for the last 6;
  // quality 1 for the first 6, then 1 0 1 0 0 1), a 40-minute break, then a 4-task session.
  std::vector<int32_t> who;
  std::vector<double> ts, secs, q;
  double t = 1000;
  for (int i = 0; i < 12; ++i) {
    const double s = i < 6 ? 10 : 15;
    t += s;
    who.push_back(0);
    ts.push_back(t);
    secs.push_back(s);
    q.push_back(i < 6 ? 1 : std::vector<double>{1, 0, 1, 0, 0, 1}[i - 6]);
  }
  t += 2400;
  for (int i = 0; i < 4; ++i) {
    t += 10;
    who.push_back(0);
    ts.push_back(t);
    secs.push_back(10);
    q.push_back(1);
  }
  auto r = session_fatigue(who, ts, secs, q);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->sessions.size(), 2u);
  const auto& s0 = r->sessions[0];
  EXPECT_EQ(s0.tasks, 12);
  EXPECT_EQ(s0.session, 0);
  EXPECT_DOUBLE_EQ(s0.early_seconds, 10);
  EXPECT_DOUBLE_EQ(s0.late_seconds, 15);
  EXPECT_DOUBLE_EQ(s0.early_quality, 1);
  EXPECT_DOUBLE_EQ(s0.late_quality, 0.5);
  EXPECT_TRUE(s0.slower);  // 15 > 1.2 * 10
  EXPECT_TRUE(s0.worse);   // 1 - 0.5 > 0.1
  // Slope of 10 x6 then 15 x6 against positions 0..11: sum dx*dy / sum dx^2 = 90 / 143.
  EXPECT_NEAR(s0.seconds_slope, 90.0 / 143, 1e-12);
  const auto& s1 = r->sessions[1];
  EXPECT_EQ(s1.session, 1);
  EXPECT_EQ(s1.tasks, 4);
  EXPECT_FALSE(s1.slower || s1.worse);  // under min_tasks
  EXPECT_EQ(r->alerts, 1);
  // A larger gap threshold merges the two sessions.
  FatigueOptions o;
  o.session_gap_seconds = 3600;
  EXPECT_EQ(session_fatigue(who, ts, secs, q, o)->sessions.size(), 1u);
  // Higher thresholds silence the alerts.
  o = {};
  o.time_threshold = 0.6;
  o.quality_threshold = 0.5;
  EXPECT_EQ(session_fatigue(who, ts, secs, q, o)->alerts, 0);
}

TEST(SessionFatigue, DurationsFromTimestampsAndUnorderedRows) {
  // Two annotators interleaved and out of order; no seconds column: durations are the time
  // between consecutive ends (unknown for the first task of a session).
  std::vector<int32_t> who{1, 0, 1, 0, 1, 0};
  std::vector<double> ts{30, 5, 10, 20, 20, 10};
  auto r = session_fatigue(who, ts, {}, {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->sessions.size(), 2u);
  EXPECT_EQ(r->sessions[0].annotator, 0);
  EXPECT_EQ(r->sessions[0].rows, (std::vector<int64_t>{1, 5, 3}));  // times 5, 10, 20
  // Early half: position 0 (unknown) -> NaN; late half: position 2 -> 20 - 10 = 10 s.
  EXPECT_TRUE(std::isnan(r->sessions[0].early_seconds));
  EXPECT_DOUBLE_EQ(r->sessions[0].late_seconds, 10);
  EXPECT_TRUE(std::isnan(r->sessions[0].early_quality));
  EXPECT_EQ(r->sessions[1].rows, (std::vector<int64_t>{2, 4, 0}));
}

TEST(SessionFatigue, EdgeCasesAndErrors) {
  auto empty = session_fatigue({}, {}, {}, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->sessions.empty());
  // A constant pace and quality over a long session: no alert, slopes 0.
  std::vector<int32_t> who(30, 0);
  std::vector<double> ts(30), secs(30, 5), q(30, 1);
  for (int i = 0; i < 30; ++i) ts[i] = 5.0 * (i + 1);
  auto c = session_fatigue(who, ts, secs, q);
  ASSERT_EQ(c->sessions.size(), 1u);
  EXPECT_EQ(c->alerts, 0);
  EXPECT_NEAR(c->sessions[0].seconds_slope, 0, 1e-12);
  EXPECT_NEAR(c->sessions[0].quality_slope, 0, 1e-12);
  // Unknown values (NaN) are allowed and skipped.
  q[3] = kNaN;
  secs[4] = kNaN;
  EXPECT_TRUE(session_fatigue(who, ts, secs, q).ok());
  std::vector<double> shorter(29, 1);
  EXPECT_EQ(session_fatigue(who, shorter, {}, {}).error().code, ErrorCode::kLengthMismatch);
  EXPECT_EQ(session_fatigue(who, ts, shorter, {}).error().code, ErrorCode::kLengthMismatch);
  auto bad_ts = ts;
  bad_ts[7] = kNaN;
  auto e = session_fatigue(who, bad_ts, {}, {});
  EXPECT_EQ(e.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(e.error().path, "timestamp[7]");
  auto bad_q = q;
  bad_q[2] = 1.5;
  EXPECT_EQ(session_fatigue(who, ts, {}, bad_q).error().path, "quality[2]");
  auto bad_s = secs;
  bad_s[1] = -1;
  EXPECT_EQ(session_fatigue(who, ts, bad_s, {}).error().path, "seconds[1]");
  auto bad_who = who;
  bad_who[0] = -1;
  EXPECT_EQ(session_fatigue(bad_who, ts, {}, {}).error().code, ErrorCode::kOutOfRange);
  FatigueOptions o;
  o.session_gap_seconds = kNaN;
  EXPECT_EQ(session_fatigue(who, ts, {}, {}, o).error().code, ErrorCode::kInvalidArgument);
  o = {};
  o.min_tasks = 1;
  EXPECT_EQ(session_fatigue(who, ts, {}, {}, o).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace localabel
