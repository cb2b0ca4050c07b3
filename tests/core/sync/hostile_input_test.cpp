// Sync readers meet bytes from shared storage that anyone with write access can change: every
// one of them must refuse bad input with an error, never crash, abort or exhaust memory.
#include <gtest/gtest.h>

#include <string>

#include "localabel/assignment.h"
#include "localabel/event.h"
#include "localabel/event_log.h"
#include "localabel/label_studio.h"

namespace localabel {
namespace {

const char* kKey = "events/ann/000000000001.json";

// A segment whose one event's value nests `depth` arrays (400 KB for 200,000 levels).
std::string deep_segment(size_t depth) {
  return R"({"format":"localabel-events/1","annotator":"ann","first_seq":1,"events":[)"
         R"({"annotator":"ann","seq":1,"type":"create_region","task":"t","region":"r",)"
         R"("value":{"x":)" +
         std::string(depth, '[') + std::string(depth, ']') + "}}]}";
}

TEST(SyncHostileInput, DeeplyNestedSegmentIsRefusedInsteadOfOverflowingTheStack) {
  const std::string text = deep_segment(200000);
  auto s = segment_from_text(kKey, text);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kOutOfRange);
  EXPECT_NE(s.error().message.find("512"), std::string::npos) << s.error().message;
  MergedState merged = merge_segments({{kKey, text}});
  ASSERT_EQ(merged.rejected.size(), 1u);
  EXPECT_EQ(merged.rejected[0].key, kKey);
  EXPECT_EQ(merged.events, 0u);
  // The same limit in every sync reader.
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  EXPECT_EQ(canonical_event_text(deep).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(encode_segment(deep).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(assign_queue_from_json_text(deep, "a").error().code, ErrorCode::kOutOfRange);
}

TEST(SyncHostileInput, NestingUpToTheLimitIsStillRead) {
  // 512 levels in all: the segment object, events array, event object, value object, and
  // 508 arrays.
  auto s = segment_from_text(kKey, deep_segment(kMaxJsonDepth - 4));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_FALSE(segment_from_text(kKey, deep_segment(kMaxJsonDepth - 3)).ok());
}

TEST(SyncHostileInput, JsonSyntaxErrorsNameLineColumnAndKey) {
  auto s = segment_from_text(kKey, "{\"format\":\n  \"localabel-events/1\",,}");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidJson);
  EXPECT_EQ(s.error().path, std::string(kKey) + ": line 2, column 24");
  EXPECT_EQ(s.error().message.rfind(std::string(kKey) + ": line 2, column 24: segment is not "
                                                        "valid JSON: ",
                                    0),
            0u)
      << s.error().message;
  auto e = canonical_event_text("{\"annotator\": tru}");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidJson);
  EXPECT_EQ(e.error().path, "line 1, column 18");
  EXPECT_NE(e.error().message.find("event is not valid JSON"), std::string::npos);
  auto g = encode_segment("[\n{]");
  EXPECT_EQ(g.error().path, "line 2, column 2");
  auto q = assign_queue_from_json_text("{\"id\": }", "a");
  EXPECT_EQ(q.error().path, "line 1, column 8");
  EXPECT_EQ(q.error().message.rfind("project.json: line 1, column 8", 0), 0u) << q.error().message;
}

TEST(SyncHostileInput, StorageKeyThatIsNotUtf8IsRejectedInsteadOfAbortingTheExport) {
  MergedState merged =
      merge_segments({{"events/\xff", "{}"}, {"events/a\xc3/000000000001.json", "x"}});
  ASSERT_EQ(merged.rejected.size(), 2u);  // in key order
  EXPECT_EQ(merged.rejected[0].key, "events/a\\xc3/000000000001.json");
  EXPECT_EQ(merged.rejected[1].key, "events/\\xff");
  EXPECT_NE(merged.rejected[1].message.find("not valid UTF-8"), std::string::npos);
  const std::string exported = merged_export(merged);
  auto back = parse_json_text(exported);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ((*back)["rejected"][1]["key"], "events/\\xff");
}

TEST(SyncHostileInput, HandBuiltStateWithInvalidUtf8ExportsWithReplacementCharacters) {
  MergedState state;
  state.issues.push_back({"k\xfe", "a", 1, "m"});
  auto back = parse_json_text(merged_export(state));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)["issues"][0]["key"], "k\xEF\xBF\xBD");  // U+FFFD
}

TEST(SyncHostileInput, EscapeNonUtf8KeepsValidTextAndEscapesEachBadByte) {
  EXPECT_EQ(escape_non_utf8("events/caf\xC3\xA9"), "events/caf\xC3\xA9");
  EXPECT_EQ(escape_non_utf8("a\x80\xff"
                            "b"),
            "a\\x80\\xffb");
  EXPECT_EQ(escape_non_utf8("\xE2\x82"), "\\xe2\\x82");  // cut-short sequence
}

TEST(SyncHostileInput, HoneypotRateNearOneReservesAtMostTwiceTheQueue) {
  // The 132-byte project.json that asked for 6.5e17 bytes.
  const std::string project =
      R"({"id":"p","annotators":["a"],"tasks":[{"id":"t1"},{"id":"t2"},{"id":"g","gold":true}],)"
      R"("settings":{"honeypot_rate":0.9999999999999999}})";
  auto q = assign_queue_from_json_text(project, "a");
  ASSERT_TRUE(q.ok()) << q.error().message;
  // Each task is followed by at most one honeypot, and the memory follows.
  EXPECT_LE(q->size(), 4u);
  EXPECT_LE(q->capacity(), 4u);
  size_t honeypots = 0;
  for (const QueueItem& item : *q) honeypots += item.honeypot;
  EXPECT_EQ(honeypots, 2u);  // threshold above 1: every task gets one
}

}  // namespace
}  // namespace localabel
