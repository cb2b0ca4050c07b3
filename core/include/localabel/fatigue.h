// Fatigue: drift in time per task and in quality within an annotator's working sessions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "localabel/error.h"

namespace localabel {

/// Options of session_fatigue.
struct FatigueOptions {
  /// A new session starts when the annotator was idle for more than this many seconds between
  /// two tasks (default 30 minutes).
  double session_gap_seconds = 1800;
  /// "slower" alert when the late half's mean seconds per task exceeds the early half's by
  /// more than this fraction (default 0.2 = 20 % slower).
  double time_threshold = 0.2;
  /// "worse" alert when the late half's mean quality is lower than the early half's by more
  /// than this (absolute, on the 0..1 quality scale; default 0.1).
  double quality_threshold = 0.1;
  /// Sessions with fewer tasks are reported but never raise an alert (default 10).
  int64_t min_tasks = 10;
};

/// One working session of one annotator.
struct SessionFatigue {
  int32_t annotator = 0;      ///< annotator code (as given)
  int64_t session = 0;        ///< 0-based session number of this annotator
  double start = 0;           ///< timestamp of the first task's end
  double end = 0;             ///< timestamp of the last task's end
  int64_t tasks = 0;          ///< tasks in the session
  std::vector<int64_t> rows;  ///< input rows of the session, in time order
  /// Mean seconds per task of the early half (positions [0, tasks/2)) and of the late half
  /// (positions [ceil(tasks/2), tasks)), over the tasks whose duration is known; NaN when a
  /// half has none (always for a single-task session).
  double early_seconds = 0;
  double late_seconds = 0;
  /// Least-squares slope of seconds per task against the task's position in the session
  /// (seconds per task, per task); NaN with fewer than two known durations.
  double seconds_slope = 0;
  double early_quality = 0;  ///< mean quality of the early half; NaN when none is known
  double late_quality = 0;   ///< mean quality of the late half; NaN when none is known
  double quality_slope = 0;  ///< slope of quality against position; NaN with fewer than two
  bool slower = false;       ///< late_seconds > (1 + time_threshold) * early_seconds
  bool worse = false;        ///< early_quality - late_quality > quality_threshold
};

/// Result of session_fatigue: sessions ordered by annotator code, then time.
struct FatigueReport {
  std::vector<SessionFatigue> sessions;
  int64_t alerts = 0;  ///< sessions with a slower or worse alert
};

/// Fatigue within sessions. Definition: the rows of each annotator are ordered by timestamp
/// (ties keep the input order); `timestamp` is when the task was finished (seconds on any
/// clock). The idle time before row i is (timestamp_i - seconds_i) - timestamp_{i-1}, or
/// timestamp_i - timestamp_{i-1} when seconds_i is unknown; a session ends when it exceeds
/// session_gap_seconds. When `seconds` is empty, a task's duration is the time since the
/// previous task's end in the same session (unknown for a session's first task). Each session
/// is split into an early and a late half (the middle task of an odd session belongs to
/// neither); alerts as in SessionFatigue, only for sessions with at least min_tasks tasks and
/// both means defined (and early_seconds > 0 for "slower").
///
/// Inputs, one entry per row: annotator codes (>= 0), timestamps (finite), seconds spent (empty,
/// or finite >= 0, NaN = unknown), quality (empty, or in [0, 1], NaN = unknown; e.g. 1/0
/// correctness on gold or agreement with the majority). Empty input gives an empty report.
/// Errors: kLengthMismatch (timestamp, or a non-empty seconds/quality, of another length than
/// annotator), kOutOfRange (negative annotator code, non-finite timestamp, negative or
/// infinite seconds, quality outside [0, 1]: path "timestamp[i]" etc.), kInvalidArgument
/// (session_gap_seconds or a threshold negative or NaN, min_tasks < 2).
Result<FatigueReport> session_fatigue(std::span<const int32_t> annotator,
                                      std::span<const double> timestamp,
                                      std::span<const double> seconds,
                                      std::span<const double> quality,
                                      const FatigueOptions& options = {});

}  // namespace localabel
