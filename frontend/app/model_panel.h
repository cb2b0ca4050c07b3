// The active-learning side of the app: what the page's learner (frontend/web/assist.mjs and
// its worker) reports, the queue order it proposes, and the settings chosen in the Model
// panel. The commands using it are App members implemented in frontend/app/model_panel.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

namespace localabel::app {

/// Orders of the labelling queue the panel offers (ids used in la_model_json).
inline constexpr const char* kQueueStrategies[] = {"entropy", "margin", "least_confidence",
                                                   "random", "hybrid"};

/// State of the Model panel and of the learner as last reported by the page.
struct ModelPanelState {
  bool open = false;
  bool settings_loaded = false;   ///< the saved settings were read (on the first frame)
  float panel[4] = {0, 0, 0, 0};  ///< the panel's window on screen (x, y, w, h); 0 when closed
  /// The strategy combo, then each strategy's item while its list is open (x, y, w, h).
  float strategy_rects[std::size(kQueueStrategies) + 1][4] = {};
  // Settings chosen in the panel; the page reads them through la_model_json.
  std::string strategy = "entropy";
  int retrain_every = 5;          ///< labels between two retrainings (1..100)
  uint64_t settings_version = 0;  ///< bumped by every change of the two above
  // Reported by the page (la_set_model_status).
  std::string phase = "off";  ///< off, loading, waiting, training, ready, error
  std::string message;        ///< what the learner does or needs, for people
  double progress = 0;        ///< of the running training, 0..1
  int labelled = 0;           ///< labelled tasks the learner has seen
  int classes = 0;            ///< classes among them
  int retrains = 0;           ///< trainings finished
  double accuracy = -1;       ///< held-out accuracy estimate; -1 = not estimated yet
  std::string accuracy_method;
  std::string features;  ///< what the learner learns from (task embeddings or TF-IDF, and why)
  double train_ms = 0;   ///< wall time of the last training in the worker
  // The proposed order of the unlabelled tasks (task indices), from la_set_queue_order.
  std::vector<int> queue;
  uint64_t queue_version = 0;
  int predictions = 0;  ///< tasks holding a prediction of the learner
  // Labelling functions: one keyword list per label of the learner's set (comma-separated).
  std::vector<std::array<char, 160>> lf_keywords;
  uint64_t lf_version = 0;  ///< bumped by every change of the keyword lists
  uint64_t lf_apply = 0;    ///< bumped by the "apply the label model" button
  /// Per label: coverage and conflicts (fractions of the texts), accuracy on this annotator's
  /// labels (-1 when it never votes on them); coverage -1 = no function for the label.
  struct LfRow {
    double coverage = -1, conflicts = 0, accuracy = -1;
    int correct = 0, incorrect = 0;
  };
  std::vector<LfRow> lf_rows;
  double lf_coverage = 0, lf_overlap = 0, lf_conflict = 0;
  uint64_t lf_status_version = 0;              ///< lf_version the shown analysis belongs to
  int lf_applied = 0;                          ///< predictions written by the label model
  std::vector<std::array<float, 4>> lf_rects;  ///< keyword inputs on screen (x, y, w, h)
  float lf_apply_rect[4] = {0, 0, 0, 0};       ///< the apply button
  int probe_task = -1;  ///< a task given a prediction by the last set_predictions (index, id)
  std::string probe_id;
};

/// model_version of the predictions the page's learner writes into the project.
inline constexpr const char* kLearnerModelVersion = "localabel-learner";
/// model_version of the predictions of the weak-supervision label model.
inline constexpr const char* kLabelModelVersion = "localabel-label-model";

}  // namespace localabel::app
