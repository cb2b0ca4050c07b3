#include "localabel/event.h"

#include <gtest/gtest.h>

namespace localabel {
namespace {

Json parse(const char* text) { return Json::parse(text, nullptr, false); }

Event box_event(const std::string& annotator, uint64_t seq) {
  Event e;
  e.annotator = annotator;
  e.seq = seq;
  e.type = EventType::kCreateRegion;
  e.task = "t1";
  e.region = "r" + std::to_string(seq);
  e.value = {{"type", "rectanglelabels"}, {"value", {{"x", 1.5}, {"y", 2}}}};
  return e;
}

TEST(Event, RoundTripsThroughJson) {
  Json j =
      parse(R"({"annotator":"alice","seq":7,"type":"create_region","task":"t12","region":"r3",)"
            R"("value":{"x":1},"time":1700000000000})");
  auto e = event_from_json(j);
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->type, EventType::kCreateRegion);
  EXPECT_EQ(e->seq, 7u);
  EXPECT_EQ(e->time_ms, 1700000000000);
  EXPECT_EQ(event_to_json(*e), j);

  Json submit = parse(R"({"annotator":"bob","seq":1,"type":"submit","task":"t","lead_time":3.5})");
  auto s = event_from_json(submit);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_DOUBLE_EQ(s->lead_time, 3.5);
  EXPECT_EQ(event_to_json(*s), submit);
}

TEST(Event, RejectsBadFieldsNamingThePath) {
  struct Case {
    const char* json;
    ErrorCode code;
    const char* path;
  };
  const Case cases[] = {
      {R"([1])", ErrorCode::kWrongType, "e"},
      {R"({"seq":1,"type":"skip","task":"t"})", ErrorCode::kMissingField, "e.annotator"},
      {R"({"annotator":"a b","seq":1,"type":"skip","task":"t"})", ErrorCode::kInvalidArgument,
       "e.annotator"},
      {R"({"annotator":"a","seq":0,"type":"skip","task":"t"})", ErrorCode::kOutOfRange, "e.seq"},
      {R"({"annotator":"a","seq":-3,"type":"skip","task":"t"})", ErrorCode::kOutOfRange, "e.seq"},
      {R"({"annotator":"a","seq":"1","type":"skip","task":"t"})", ErrorCode::kWrongType, "e.seq"},
      {R"({"annotator":"a","seq":1,"type":"erase","task":"t"})", ErrorCode::kInvalidArgument,
       "e.type"},
      {R"({"annotator":"a","seq":1,"type":"skip","task":""})", ErrorCode::kInvalidArgument,
       "e.task"},
      {R"({"annotator":"a","seq":1,"type":"skip","task":"t","region":"r"})",
       ErrorCode::kInvalidArgument, "e.region"},
      {R"({"annotator":"a","seq":1,"type":"delete_region","task":"t"})", ErrorCode::kMissingField,
       "e.region"},
      {R"({"annotator":"a","seq":1,"type":"change_region","task":"t","region":"r"})",
       ErrorCode::kMissingField, "e.value"},
      {R"({"annotator":"a","seq":1,"type":"change_region","task":"t","region":"r","value":3})",
       ErrorCode::kWrongType, "e.value"},
      {R"({"annotator":"a","seq":1,"type":"submit","task":"t","lead_time":-1})",
       ErrorCode::kOutOfRange, "e.lead_time"},
      {R"({"annotator":"a","seq":1,"type":"submit","task":"t","colour":1})",
       ErrorCode::kInvalidArgument, "e.colour"},
      {R"({"annotator":"a","seq":1,"type":"submit","task":"t","time":-5})", ErrorCode::kOutOfRange,
       "e.time"},
  };
  for (const Case& c : cases) {
    auto r = event_from_json(parse(c.json), "e");
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().code, c.code) << c.json << " -> " << r.error().message;
    EXPECT_EQ(r.error().path, c.path) << c.json;
  }
}

TEST(Event, AnnotatorIdsAreSafeInKeys) {
  EXPECT_TRUE(is_valid_annotator_id("alice.b-2_x"));
  EXPECT_FALSE(is_valid_annotator_id(""));
  EXPECT_FALSE(is_valid_annotator_id(".."));
  EXPECT_FALSE(is_valid_annotator_id("a/b"));
  EXPECT_FALSE(is_valid_annotator_id(std::string(65, 'a')));
}

TEST(Segment, KeyHasTwelveDigitsAndParsesBack) {
  EXPECT_EQ(segment_key("alice", 42), "events/alice/000000000042.json");
  auto k = parse_segment_key("events/alice/000000000042.json");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->annotator, "alice");
  EXPECT_EQ(k->first_seq, 42u);
  for (const char* bad : {"project.json", "events/alice/42.json", "events/alice/000000000000.json",
                          "events/a b/000000000001.json", "events/alice/00000000000x.json",
                          "events/000000000001.json"}) {
    auto r = parse_segment_key(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidFormat);
  }
}

TEST(Segment, TextIsCanonicalAndRoundTrips) {
  auto segments = make_segments({box_event("bob", 3), box_event("bob", 4), box_event("bob", 5)}, 2);
  ASSERT_TRUE(segments.ok()) << segments.error().message;
  ASSERT_EQ(segments->size(), 2u);
  EXPECT_EQ((*segments)[1].first_seq, 5u);
  auto text = segment_to_text((*segments)[0]);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->rfind(R"({"annotator":"bob","events":[{"annotator":"bob",)", 0), 0u) << *text;
  auto back = segment_from_text(segment_key("bob", 3), *text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->events.size(), 2u);
  EXPECT_EQ(back->events[1], box_event("bob", 4));
  EXPECT_EQ(*segment_to_text(*back), *text);
}

TEST(Segment, RejectsTextThatDisagreesWithItsKey) {
  auto seg = make_segments({box_event("bob", 3)}, 10);
  std::string text = *segment_to_text((*seg)[0]);
  auto wrong_seq = segment_from_text("events/bob/000000000004.json", text);
  ASSERT_FALSE(wrong_seq.ok());
  EXPECT_EQ(wrong_seq.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(wrong_seq.error().message.find("events/bob/000000000004.json"), std::string::npos);
  auto wrong_annotator = segment_from_text("events/eve/000000000003.json", text);
  ASSERT_FALSE(wrong_annotator.ok());
  EXPECT_EQ(wrong_annotator.error().code, ErrorCode::kInvalidArgument);
  auto not_json = segment_from_text("events/bob/000000000003.json", "{\"format\":");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().code, ErrorCode::kInvalidJson);
  auto bad_event = segment_from_text(
      "events/bob/000000000003.json",
      R"({"format":"localabel-events/1","annotator":"bob","first_seq":3,"events":[{"seq":3}]})");
  ASSERT_FALSE(bad_event.ok());
  EXPECT_EQ(bad_event.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(bad_event.error().path, "events[0].annotator");
  auto wrong_format =
      segment_from_text("events/bob/000000000003.json",
                        R"({"format":"other","annotator":"bob","first_seq":3,"events":[]})");
  ASSERT_FALSE(wrong_format.ok());
  EXPECT_EQ(wrong_format.error().code, ErrorCode::kInvalidFormat);
}

TEST(Segment, ValidationCatchesGapsForeignEventsAndEmptySegments) {
  Segment s{"bob", 3, {box_event("bob", 3), box_event("bob", 5)}};
  auto gap = validate_segment(s);
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().path, "events[1].seq");
  s.events[1] = box_event("eve", 4);
  auto foreign = validate_segment(s);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().path, "events[1].annotator");
  auto empty = segment_to_text(Segment{"bob", 1, {}});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kEmptyInput);
  auto zero = make_segments({box_event("bob", 1)}, 0);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
  auto too_far = validate_segment(Segment{"bob", kMaxEventSeq + 1, {box_event("bob", 1)}});
  ASSERT_FALSE(too_far.ok());
  EXPECT_EQ(too_far.error().code, ErrorCode::kOutOfRange);
}

}  // namespace
}  // namespace localabel

namespace localabel {
namespace {

TEST(Segment, EncodesFromEventsJson) {
  auto obj = encode_segment(R"([{"annotator":"cy","seq":9,"type":"skip","task":"t"},)"
                            R"({"task":"u","type":"submit","seq":10,"annotator":"cy"}])");
  ASSERT_TRUE(obj.ok()) << obj.error().message;
  EXPECT_EQ(obj->key, "events/cy/000000000009.json");
  auto back = segment_from_text(obj->key, obj->text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->events.size(), 2u);
  EXPECT_EQ(encode_segment("[]").error().code, ErrorCode::kEmptyInput);
  EXPECT_EQ(encode_segment("{}").error().code, ErrorCode::kWrongType);
  EXPECT_EQ(encode_segment("[").error().code, ErrorCode::kInvalidJson);
  auto gap = encode_segment(R"([{"annotator":"cy","seq":9,"type":"skip","task":"t"},)"
                            R"({"annotator":"cy","seq":11,"type":"skip","task":"t"}])");
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().path, "events[1].seq");
}

TEST(Event, CanonicalTextSortsKeys) {
  auto t = canonical_event_text(R"({"type":"skip","task":"t","seq":2,"annotator":"a"})");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, R"({"annotator":"a","seq":2,"task":"t","type":"skip"})");
  EXPECT_EQ(canonical_event_text("nope").error().code, ErrorCode::kInvalidJson);
}

}  // namespace
}  // namespace localabel
