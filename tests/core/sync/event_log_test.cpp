#include "localabel/event_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace localabel {
namespace {

Event ev(const std::string& annotator, uint64_t seq, EventType type, const std::string& task,
         const std::string& region = "", Json value = nullptr) {
  Event e;
  e.annotator = annotator;
  e.seq = seq;
  e.type = type;
  e.task = task;
  e.region = region;
  e.value = std::move(value);
  return e;
}

StoredObject stored(const std::vector<Event>& events) {
  Segment s{events.front().annotator, events.front().seq, events};
  return {segment_key(s.annotator, s.first_seq), *segment_to_text(s)};
}

TEST(EventLog, EditsAndDeletesKeepHistory) {
  auto state = fold_events({
      ev("alice", 1, EventType::kCreateRegion, "t1", "r1", {{"x", 1}}),
      ev("alice", 2, EventType::kChangeRegion, "t1", "r1", {{"x", 2}}),
      ev("alice", 3, EventType::kCreateRegion, "t1", "r2", {{"x", 9}}),
      ev("alice", 4, EventType::kDeleteRegion, "t1", "r2"),
      ev("alice", 5, EventType::kSubmit, "t1"),
  });
  ASSERT_EQ(state.annotations.size(), 1u);
  const AnnotationState& a = state.annotations[0];
  EXPECT_EQ(a.progress, AnnotationProgress::kSubmitted);
  EXPECT_EQ(a.history, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  ASSERT_EQ(a.regions.size(), 2u);
  EXPECT_EQ(a.regions[0].value, Json({{"x", 2}}));
  EXPECT_EQ(a.regions[0].versions, (std::vector<uint64_t>{1, 2}));
  EXPECT_TRUE(a.regions[1].deleted);
  EXPECT_EQ(a.regions[1].deleted_seq, 4u);
  EXPECT_EQ(a.regions[1].value, Json({{"x", 9}}));
  EXPECT_TRUE(state.issues.empty());
}

TEST(EventLog, ConcurrentEditsOfOneTaskAreTwoAnnotations) {
  // alice and bob both draw region "r1" on task t1 at the same time.
  auto state = merge_segments({
      stored({ev("bob", 1, EventType::kCreateRegion, "t1", "r1", {{"label", "cat"}}),
              ev("bob", 2, EventType::kSubmit, "t1")}),
      stored({ev("alice", 1, EventType::kCreateRegion, "t1", "r1", {{"label", "dog"}}),
              ev("alice", 2, EventType::kSubmit, "t1")}),
  });
  ASSERT_EQ(state.annotations.size(), 2u);
  EXPECT_EQ(state.annotations[0].annotator, "alice");
  EXPECT_EQ(state.annotations[0].regions[0].value["label"], "dog");
  EXPECT_EQ(state.annotations[1].annotator, "bob");
  EXPECT_EQ(state.annotations[1].regions[0].value["label"], "cat");
  EXPECT_TRUE(state.rejected.empty());
}

TEST(EventLog, MergeIsIndependentOfListingOrderAndDuplicates) {
  std::vector<StoredObject> objects;
  for (const char* who : {"ann", "bea", "cy"}) {
    for (uint64_t first = 1; first <= 10; first += 2) {
      objects.push_back(
          stored({ev(who, first, EventType::kCreateRegion, "t" + std::to_string(first % 3),
                     "r" + std::to_string(first), {{"n", first}}),
                  ev(who, first + 1, EventType::kSubmit, "t" + std::to_string(first % 3))}));
    }
  }
  std::string reference = merged_export(merge_segments(objects));
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    std::vector<StoredObject> shuffled = objects;
    shuffled.push_back(objects[size_t(round)]);  // a key listed twice
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    EXPECT_EQ(merged_export(merge_segments(shuffled)), reference);
  }
  auto state = merge_segments(objects);
  EXPECT_EQ(state.events, 30u);
  ASSERT_EQ(state.annotators.size(), 3u);
  EXPECT_EQ(state.annotators[1].annotator, "bea");
  EXPECT_EQ(state.annotators[1].max_seq, 10u);
  EXPECT_EQ(state.annotators[1].missing, 0u);
}

TEST(EventLog, SameEventInTwoSegmentsCountsOnce) {
  // A segment re-sealed after a crash could hold an event again under another key.
  auto state = merge_segments({
      stored({ev("ann", 1, EventType::kCreateRegion, "t", "r", {{"x", 1}}),
              ev("ann", 2, EventType::kSubmit, "t")}),
      stored({ev("ann", 2, EventType::kSubmit, "t"), ev("ann", 3, EventType::kSkip, "u")}),
  });
  EXPECT_EQ(state.events, 3u);
  EXPECT_EQ(state.duplicates, 1u);
  EXPECT_TRUE(state.rejected.empty());
}

TEST(EventLog, ConflictingCopyIsReportedAndFirstKeyWins) {
  auto state = merge_segments({
      stored({ev("ann", 2, EventType::kSkip, "t")}),
      stored({ev("ann", 1, EventType::kCreateRegion, "t", "r", {{"x", 1}}),
              ev("ann", 2, EventType::kSubmit, "t")}),
  });
  ASSERT_EQ(state.annotations.size(), 1u);
  EXPECT_EQ(state.annotations[0].progress, AnnotationProgress::kSubmitted);
  ASSERT_EQ(state.rejected.size(), 1u);
  EXPECT_EQ(state.rejected[0].seq, 2u);
}

TEST(EventLog, BadSegmentsAreRejectedWithoutHidingOthers) {
  auto good = stored({ev("ann", 1, EventType::kSubmit, "t")});
  auto state = merge_segments({
      good,
      {"events/bob/000000000001.json", "not json"},
      {"events/bob/notakey.json", "{}"},
      {"project.json", "{\"name\": \"p\"}"},
  });
  EXPECT_EQ(state.events, 1u);
  ASSERT_EQ(state.rejected.size(), 2u);
  EXPECT_EQ(state.rejected[0].key, "events/bob/000000000001.json");
  EXPECT_EQ(state.rejected[0].annotator, "bob");
  EXPECT_NE(state.rejected[1].message.find("not a segment key"), std::string::npos);
}

TEST(EventLog, MissingSeqsAndInvalidEditsAreReported) {
  auto state = fold_events({
      ev("ann", 1, EventType::kChangeRegion, "t", "ghost", {{"x", 1}}),
      ev("ann", 4, EventType::kDeleteRegion, "t", "ghost"),
      ev("ann", 5, EventType::kCreateRegion, "t", "r", {{"x", 1}}),
      ev("ann", 6, EventType::kCreateRegion, "t", "r", {{"x", 2}}),
  });
  EXPECT_EQ(state.annotators[0].missing, 2u);  // seqs 2 and 3
  ASSERT_EQ(state.issues.size(), 3u);
  EXPECT_EQ(state.issues[2].seq, 6u);
  EXPECT_EQ(state.annotations[0].regions[0].versions, (std::vector<uint64_t>{5, 6}));
  EXPECT_EQ(state.annotations[0].progress, AnnotationProgress::kDraft);
}

TEST(EventLog, ExportIsCanonicalJson) {
  Event submit = ev("ann", 2, EventType::kSubmit, "t");
  submit.lead_time = 1.25;
  auto state = fold_events(
      {ev("ann", 1, EventType::kCreateRegion, "t", "r", {{"b", 1}, {"a", 0.1}}), submit});
  EXPECT_EQ(
      merged_export(state),
      R"({"annotations":[{"annotator":"ann","history":[1,2],"lead_time":1.25,)"
      R"("regions":[{"id":"r","value":{"a":0.1,"b":1},"versions":[1]}],"status":"submitted",)"
      R"("task":"t"}],"annotators":[{"annotator":"ann","events":2,"max_seq":2,"missing":0}],)"
      R"("duplicates":0,"events":2,"format":"localabel-merged/1","issues":[],"rejected":[]})");
}

}  // namespace
}  // namespace localabel
