// Shared input and output of the analytics commands (agree, aggregate, gold, drift,
// annotators): a long CSV `item,annotator,label[,time]` or Label Studio JSON in, JSON or a
// readable table out, progress on standard error for large inputs.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "command.h"
#include "localabel/annotation_table.h"

namespace localabel::cli {

using Json = nlohmann::json;

/// Options every analytics command accepts, plus the command's own.
struct AnalyticsOptions {
  std::string command;                       ///< e.g. "agree", for messages
  std::string input;                         ///< FILE or "-"
  std::string gold;                          ///< --gold FILE (CSV item,label)
  std::string output = "-";                  ///< -o FILE
  std::string format = "json";               ///< --format json|table
  std::string from_name;                     ///< --from-name: Label Studio label set
  std::vector<std::string> labels;           ///< --labels a,b,c: declared order
  std::map<std::string, std::string> flags;  ///< the command's own --flag VALUE options
  bool progress = false;                     ///< --progress (also on for inputs over 8 MB)
};

/// Parses the arguments: common options, then `value_flags` (each takes a value; defaults in
/// options->flags are kept when not given). Returns kExitOk or kExitUsage (message printed).
int parse_analytics_args(const Args& args, const std::vector<std::string>& value_flags,
                         AnalyticsOptions* options, Io& io);

/// The loaded annotations (and gold answers, from --gold or from Label Studio ground truth).
struct AnalyticsInput {
  AnnotationTable table;
  std::vector<GoldAnswer> gold;
};

/// Reads options.input (CSV, or JSON when it starts with '[' or '{') and options.gold.
/// Returns kExitOk, or kExitInvalidInput after printing "localabel CMD: FILE: PATH: message
/// [Code]" to standard error.
int load_analytics_input(const AnalyticsOptions& options, Io& io, AnalyticsInput* input);

/// Prints an error of the core for the command and returns kExitInvalidInput.
int report_error(const AnalyticsOptions& options, Io& io, const Error& error);

/// A number for JSON output: null when NaN or infinite.
Json number(double value);

/// Prints one progress line ("localabel agree: ...") when progress is on.
void progress(const AnalyticsOptions& options, Io& io, const std::string& message);

/// Writes JSON (2-space indent) or the table text to the output.
int emit(const AnalyticsOptions& options, Io& io, const Json& json, const std::string& table);

/// Formats rows as aligned columns under a header.
std::string format_table(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows);

/// A double as short text ("0.7432", "NaN").
std::string fixed(double value, int digits = 4);

/// The value of a flag parsed as a number; false (message printed) when it is not one.
bool flag_number(const AnalyticsOptions& options, Io& io, const std::string& flag, double* out);

}  // namespace localabel::cli
