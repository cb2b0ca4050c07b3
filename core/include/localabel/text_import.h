// Texts to label, read from the files people have: one text per line, CSV (RFC 4180) with a
// text column, JSON Lines, or a JSON array. Each text becomes the `data` object of a new task
// (Label Studio's task format): {"text": ...} plus the record's other columns or fields, kept
// as they are so that metadata (ids, sources, dates) travels with the task.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// How a text file lists its texts.
enum class TextFileFormat {
  kAuto,   ///< from the file name's extension, else from the content (see read_text_tasks)
  kLines,  ///< one text per non-blank line
  kCsv,    ///< RFC 4180: header row, comma separated, "quoted" fields with "" escapes and line
           ///< breaks inside quotes
  kJsonl,  ///< one JSON object (or string) per non-blank line
  kJson,   ///< one JSON array of objects or strings
};

struct TextImportOptions {
  TextFileFormat format = TextFileFormat::kAuto;
  /// Column (CSV) or field (JSON) holding the text. Empty: "text", else the only column, else
  /// the first of "text", "sentence", "content", "body", "review", "comment" present.
  std::string field;
  /// Shown in error messages and used by kAuto (".csv", ".jsonl"/".ndjson", ".json", other).
  std::string file_name;
};

/// The tasks' data objects of a text file, in file order. The text goes under the key
/// "text"; other CSV columns / JSON fields are kept under their own names (CSV values as
/// strings; a CSV row shorter than the header keeps only the columns it has). A UTF-8 byte
/// order mark is skipped; CRLF and LF line ends are both accepted.
/// kAuto picks by extension, else: a first non-blank character '[' means kJson, '{' kJsonl,
/// a first line that starts with a quote, or whose comma-separated names include the text
/// field (or one of the default names), kCsv; else kLines.
/// Errors (message starts with the file name and "line N", path is "line N" or "line N,
/// column C"): kEmptyInput (no text at all), kInvalidFormat (invalid UTF-8; unterminated
/// quote; a CSV row with more fields than the header; an empty text), kMissingField (no
/// text column/field; the message lists the ones present), kWrongType (a JSON line that is
/// not an object or a string; a text field that is not a string), kInvalidJson (a line or
/// the file that is not JSON), kDuplicate (a CSV header naming a column twice).
/// Bounds: time and memory are linear in the input's size (the header's duplicate check is
/// O(c log c), rows are never padded to the header's width); JSON nests at most kMaxJsonDepth.
Result<std::vector<Json>> read_text_tasks(std::string_view bytes,
                                          const TextImportOptions& options = {});

}  // namespace localabel
