// The fold of edit events into annotations, and the deterministic merge of the event
// segments that many annotators wrote to shared storage.
//
// Merge rule (every client computes the same bytes from the same set of objects):
//   1. Segments are read in ascending key order; a segment whose text or key is invalid is
//      skipped and reported in `rejected` (one bad upload never hides everyone's work).
//   2. Events are identified by (annotator, seq). A second copy of an event is dropped; when
//      the copy differs from the first one kept (in key order), it is reported as a conflict
//      in `rejected`. Thus a retried upload never counts an edit twice.
//   3. Events are applied in ascending (annotator, seq) order. Client clocks are never used.
//   4. An annotation is the pair (task, annotator): two annotators editing the same task make
//      two annotations, never one overwriting the other.
//   5. Region events: create_region adds a region (creating an id that exists and is not
//      deleted is treated as a change and reported as an issue); change_region replaces the
//      value of a live region; delete_region marks it deleted. Deleted regions stay in the
//      state with the seq that deleted them, and every region keeps the seqs of all its
//      versions, so edits and deletions keep their history. A change or delete of an unknown
//      or deleted region is an issue and changes nothing.
//   6. submit and skip set the status (the last one wins) and, when given, the lead time.
//      Region edits after a submit keep the status.
//   7. Annotations are listed by (task, annotator) in byte order; regions in the order of
//      their creation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "localabel/event.h"

namespace localabel {

/// A region as folded from its events.
struct RegionState {
  std::string id;
  Json value;                      ///< last value (the value before deletion when deleted)
  std::vector<uint64_t> versions;  ///< seqs of the create and every change, in order
  bool deleted = false;
  uint64_t deleted_seq = 0;  ///< seq of the delete_region event; 0 when live
};

enum class AnnotationProgress { kDraft, kSubmitted, kSkipped };

/// One annotator's annotation of one task.
struct AnnotationState {
  std::string task;
  std::string annotator;
  AnnotationProgress progress = AnnotationProgress::kDraft;
  double lead_time = -1;  ///< seconds from the last submit/skip that gave it; -1 when none
  std::vector<RegionState> regions;  ///< live and deleted, in creation order
  std::vector<uint64_t> history;     ///< seqs of every event applied to this annotation
};

/// An event or segment that did not take part in the merge (or took part with a warning).
struct MergeIssue {
  std::string key;        ///< object key where it was found (may be empty for fold issues)
  std::string annotator;  ///< may be empty when the key itself is invalid
  uint64_t seq = 0;       ///< 0 when the whole segment is concerned
  std::string message;
};

/// Per-annotator summary of the merged log.
struct AnnotatorLog {
  std::string annotator;
  uint64_t events = 0;   ///< distinct events
  uint64_t max_seq = 0;  ///< highest seq seen
  uint64_t missing = 0;  ///< seqs in 1..max_seq not seen (not yet uploaded or lost)
};

/// The merged state of a project's events.
struct MergedState {
  std::vector<AnnotationState> annotations;  ///< sorted by (task, annotator)
  std::vector<AnnotatorLog> annotators;      ///< sorted by annotator
  std::vector<MergeIssue> rejected;          ///< invalid segments and conflicting copies
  std::vector<MergeIssue> issues;            ///< events that applied with a warning or not at all
  uint64_t events = 0;                       ///< distinct events applied
  uint64_t duplicates = 0;                   ///< identical copies dropped
};

/// Folds events (any order, possibly with duplicates) into the merged state, following the
/// merge rule above (steps 2 to 7). Never fails.
MergedState fold_events(std::vector<Event> events);

/// Reads every segment in `objects` (keys not under "events/" are ignored; keys under it
/// that are not segment keys are rejected; a key that is not valid UTF-8 is rejected with
/// the key shown through escape_non_utf8) and folds their events (steps 1 to 7). Never
/// fails: problems are listed in `rejected` and `issues`. The result does not depend on the
/// order of `objects`.
MergedState merge_segments(std::vector<StoredObject> objects);

/// `text` with every byte that does not start a valid UTF-8 sequence written as "\xNN"
/// (valid text is returned unchanged). Used for storage keys, which are untrusted bytes.
std::string escape_non_utf8(std::string_view text);

/// The name of a progress value: "draft", "submitted", "skipped".
const char* annotation_progress_name(AnnotationProgress progress);

/// The merged state as JSON:
///   {"format": "localabel-merged/1", "events": n, "duplicates": n,
///    "annotators": [{"annotator", "events", "max_seq", "missing"}],
///    "annotations": [{"task", "annotator", "status", "lead_time"?, "history": [seq...],
///                     "regions": [{"id", "value", "versions": [seq...],
///                                  "deleted_seq"?}]}],
///    "rejected": [{"key", "annotator", "seq", "message"}], "issues": [...]}
Json merged_state_to_json(const MergedState& state);

/// The canonical export: merged_state_to_json dumped compactly with sorted keys. Identical
/// bytes natively and in WebAssembly for the same stored objects. Never aborts: a string
/// that is not UTF-8 (only possible in a hand-built state) is dumped with U+FFFD in place of
/// its invalid bytes.
std::string merged_export(const MergedState& state);

}  // namespace localabel
