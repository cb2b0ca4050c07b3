// Honeypots: gold items mixed into an annotator's queue so that accuracy can be measured on
// ordinary work. The placement is a pure function of (seed, annotator, tasks, gold), so every
// client computes the same queue without a coordinator.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"

namespace localabel {

/// An annotator's queue with honeypots placed.
struct HoneypotQueue {
  std::vector<std::string> queue;  ///< task and gold ids in the order they are shown
  std::vector<uint8_t> honeypot;   ///< 1 where queue[i] is a gold item, else 0
  int64_t honeypots = 0;           ///< number of gold items placed
  /// Slots the rule chose for a gold item after every gold item had been used once (no gold
  /// item is ever shown twice to the same annotator, so these slots stay empty).
  int64_t unfilled_slots = 0;
};

/// Places gold items into the queue `tasks` (regular task ids, in the order the annotator will
/// see them; kept in that order) of `annotator`, at rate `rate` (default 0.05: about 5 % of the
/// resulting queue is gold).
///
/// Rule (the honeypot rule of localabel/assignment.h, so assign_queue and this function agree):
/// after the i-th regular task (0-based) a gold item is inserted when
/// unit_hash(seed, "honeypot", annotator, i) < rate / (1 - rate); gold items are taken in the
/// order of stable_hash(seed, "gold", annotator, gold id). The decisions are independent
/// Bernoulli draws, so the gaps between honeypots are geometric (no fixed interval the
/// annotator could learn), the expected share of gold in the queue is `rate`, and another
/// annotator or seed gives other positions and another gold order. Unlike assign_queue, which
/// cycles through the gold items, a gold item is never repeated: once all are used the
/// remaining chosen slots are counted in unfilled_slots. No gold item comes before the first
/// regular task. With no tasks the queue is empty; with no gold ids it is `tasks` unchanged.
///
/// Errors: kOutOfRange (rate outside [0, 1) or NaN), kInvalidArgument (empty annotator id),
/// kDuplicate (a task or gold id given twice, or a gold id that is also a regular task:
/// path "tasks[i]" / "gold[i]").
Result<HoneypotQueue> place_honeypots(std::string_view seed, std::string_view annotator,
                                      const std::vector<std::string>& tasks,
                                      const std::vector<std::string>& gold, double rate = 0.05);

}  // namespace localabel
