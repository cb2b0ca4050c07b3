// Edit events and the immutable segments that carry them to shared storage.
//
// Everything an annotator does is an Event: create / change / delete a region, submit or
// skip a task. Each event carries the annotator id and that annotator's sequence number
// (1, 2, 3, ... with no reuse), so (annotator, seq) identifies an edit everywhere.
//
// Events travel in segments stored under `events/<annotator>/<first_seq>.json`, where
// <first_seq> is the sequence number of the segment's first event written with 12 digits
// (zero-padded, so that a plain listing sorts in order). A segment is written once and never
// changed: an annotator only ever creates new keys of its own.
//
// JSON form of an event (fields not listed are rejected so typos do not pass silently):
//   {"annotator": "alice", "seq": 7, "type": "create_region", "task": "t12",
//    "region": "r3", "value": {...}, "time": 1700000000000}
//   type       one of create_region, change_region, delete_region, submit, skip
//   region     region id; required for the three region types, absent otherwise
//   value      object (the region as a Label Studio result item); required for
//              create_region and change_region, absent otherwise
//   lead_time  seconds spent, optional, submit and skip only (>= 0)
//   time       client clock in milliseconds since 1970, optional and informational only:
//              merging never orders by time, because clients' clocks disagree.
// JSON form of a segment:
//   {"format": "localabel-events/1", "annotator": "alice", "first_seq": 7, "events": [...]}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// The kinds of edit.
enum class EventType { kCreateRegion, kChangeRegion, kDeleteRegion, kSubmit, kSkip };

/// The JSON name of a type: "create_region", "change_region", "delete_region", "submit",
/// "skip".
const char* event_type_name(EventType type);

/// Largest sequence number: keys hold 12 digits.
constexpr uint64_t kMaxEventSeq = 999'999'999'999ULL;

/// The segment format tag written in every segment.
constexpr const char* kSegmentFormat = "localabel-events/1";

/// One edit by one annotator.
struct Event {
  std::string annotator;
  uint64_t seq = 0;  ///< 1..kMaxEventSeq, unique per annotator
  EventType type = EventType::kSubmit;
  std::string task;
  std::string region;     ///< region id (region events only)
  Json value = nullptr;   ///< the region (create/change only), else null
  double lead_time = -1;  ///< seconds (submit/skip), -1 when absent
  int64_t time_ms = -1;   ///< client clock, -1 when absent; never used for ordering
  bool operator==(const Event& other) const = default;
};

/// True when `id` can name an annotator in storage keys: 1 to 64 characters from
/// [A-Za-z0-9._-], not starting with '.'.
bool is_valid_annotator_id(std::string_view id);

/// Reads one event. `path` prefixes error messages (e.g. "events[3]"). Errors: kWrongType
/// (not an object, wrong field type), kMissingField, kOutOfRange (seq outside
/// 1..kMaxEventSeq, negative or non-finite lead_time or time), kInvalidArgument (unknown
/// type, unknown field, field not allowed for the type, invalid annotator id, empty task or
/// region id).
Result<Event> event_from_json(const Json& json, const std::string& path = "");

/// The JSON form of an event (absent optional fields are omitted). Inverse of
/// event_from_json for valid events.
Json event_to_json(const Event& event);

/// A run of consecutive events of one annotator, stored as one immutable object.
struct Segment {
  std::string annotator;
  uint64_t first_seq = 0;
  std::vector<Event> events;  ///< seqs first_seq, first_seq + 1, ...
};

/// The storage key of a segment: "events/<annotator>/<first_seq as 12 digits>.json".
std::string segment_key(const std::string& annotator, uint64_t first_seq);

/// Splits a key made by segment_key. Errors: kInvalidFormat naming the key when it does
/// not have that shape (wrong prefix, invalid annotator id, not exactly 12 digits, sequence
/// 0, no ".json").
Result<Segment> parse_segment_key(std::string_view key);

/// Checks a segment: annotator id valid, at least one event, every event by the segment's
/// annotator, seqs consecutive from first_seq and at most kMaxEventSeq. Errors:
/// kEmptyInput, kInvalidArgument (wrong annotator or seq, path "events[i]"), kOutOfRange.
Status validate_segment(const Segment& segment);

/// Reads a segment's text and checks it against its key (annotator and first_seq must agree
/// with the key). The JSON is read by parse_json_text (at most kMaxJsonDepth levels: deeper
/// is kOutOfRange), so time and stack are bounded whatever the text. Errors: kInvalidJson
/// (path "<key>: line L, column C"), kWrongType, kMissingField, kInvalidFormat (format
/// tag or key), kInvalidArgument, and those of event_from_json and validate_segment. Every
/// message begins with the key.
Result<Segment> segment_from_text(std::string_view key, std::string_view text);

/// The canonical text of a valid segment (compact JSON, keys sorted). Same segment, same
/// bytes, on every platform: a retried upload rewrites identical content. Errors: those
/// of validate_segment.
Result<std::string> segment_to_text(const Segment& segment);

/// A stored object: its key and its text, as a transport listed and fetched it.
struct StoredObject {
  std::string key;
  std::string text;
};

/// Reads one event from JSON text and returns its canonical text (compact, keys sorted), so
/// that a client stores exactly what segments will hold. Parsed by parse_json_text. Errors:
/// kInvalidJson (path "line L, column C"), kOutOfRange (nested deeper than kMaxJsonDepth),
/// and those of event_from_json.
Result<std::string> canonical_event_text(std::string_view json_text);

/// Builds one segment from a JSON array of events (one annotator, consecutive seqs) and
/// returns its key and canonical text. Parsed by parse_json_text. Errors: kInvalidJson (path
/// "line L, column C"), kOutOfRange (too deep), kWrongType (not an array), those
/// of event_from_json (path "[i]...") and validate_segment.
Result<StoredObject> encode_segment(std::string_view events_json_text);

/// Groups one annotator's events (already in seq order, consecutive) into segments of at
/// most `max_events` events. Errors: kInvalidArgument when max_events is 0, and those of
/// validate_segment.
Result<std::vector<Segment>> make_segments(const std::vector<Event>& events, size_t max_events);

}  // namespace localabel
