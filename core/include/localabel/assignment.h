// Task assignment without a coordinator: who labels which task, which tasks two annotators
// share for agreement, and where honeypots (gold tasks) appear in a queue, all computed from
// the project and the annotator id alone. Every client computes the same answer.
//
// Rule (rendezvous, or highest-random-weight, hashing: Thaler & Ravishankar, "Using
// name-based mappings to increase hit rates", IEEE/ACM Trans. Networking 6(1), 1998):
//   - weight(task, annotator) = stable_hash(seed, "task", task, annotator); the annotator
//     with the highest weight labels the task. Adding or removing one annotator moves only
//     the tasks it wins or held.
//   - A task overlaps when unit_hash(seed, "overlap", task) < overlap_share and there are at
//     least two annotators; the annotator with the second highest weight labels it too.
//   - An annotator's queue is its tasks sorted by stable_hash(seed, "order", annotator, task)
//     (a stable shuffle, so annotators do not all start on the same region of the data).
//   - Honeypots: after the i-th regular item, a gold task is inserted when
//     unit_hash(seed, "honeypot", annotator, i) < honeypot_rate / (1 - honeypot_rate), so that
//     about honeypot_rate of the queue is gold; gold tasks cycle in the order of
//     stable_hash(seed, "gold", annotator, task). Gold tasks are never assigned as regular
//     tasks.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// 64-bit hash of the parts, each followed by a 0xff separator byte (FNV-1a over the bytes,
/// then the SplitMix64 finaliser for avalanche). Platform independent.
uint64_t stable_hash(std::initializer_list<std::string_view> parts);

/// stable_hash mapped to [0, 1) with 53 bits of resolution.
double unit_hash(std::initializer_list<std::string_view> parts);

/// What assignment depends on.
struct AssignmentConfig {
  std::string seed;                ///< project id (or name): different projects shuffle differently
  std::vector<std::string> tasks;  ///< regular task ids
  std::vector<std::string> gold_tasks;  ///< honeypot task ids
  std::vector<std::string> annotators;  ///< everyone who labels
  double overlap_share = 0.10;          ///< [0, 1]
  /// [0, 1). At most one honeypot follows each task, so the share of gold in a queue
  /// saturates at 1/2 (rates >= 0.5) and a queue never holds more than twice its tasks.
  double honeypot_rate = 0.05;
};

/// Reads the assignment inputs from a project.json object:
///   "id" (string, else "name" is used as seed; one of them is required),
///   "annotators": [string...] (required, non-empty, valid annotator ids),
///   "tasks": [{"id": string or integer, "gold": bool (optional)}...],
///   "settings": {"overlap_share": number, "honeypot_rate": number} (optional; defaults
///   0.10 and 0.05).
/// Errors: kWrongType, kMissingField, kEmptyInput (no annotators), kOutOfRange (shares),
/// kDuplicate (task or annotator id given twice), kInvalidArgument (annotator id), each
/// naming the JSON path.
Result<AssignmentConfig> assignment_config_from_json(const Json& project);

/// One entry of an annotator's queue.
struct QueueItem {
  std::string task;
  bool honeypot = false;
  std::string partner;  ///< the other annotator of an overlapping task; empty otherwise
};

/// The queue of `annotator`, by the rule above. Errors: kUnknownReference (annotator not in
/// config.annotators), kEmptyInput (no annotators), kOutOfRange (overlap_share outside
/// [0, 1] or honeypot_rate outside [0, 1)), kDuplicate (task, gold or annotator id repeated).
Result<std::vector<QueueItem>> assign_queue(const AssignmentConfig& config,
                                            const std::string& annotator);

/// assign_queue for the project in `project_json` (project.json text) read with
/// assignment_config_from_json, parsed by parse_json_text (at most kMaxJsonDepth levels).
/// Errors: kInvalidJson (path "line L, column C"), kOutOfRange (too deep), and those of both
/// functions.
Result<std::vector<QueueItem>> assign_queue_from_json_text(std::string_view project_json,
                                                           const std::string& annotator);

}  // namespace localabel
