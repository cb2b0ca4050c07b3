// The long annotation table: one row per (item, annotator, label[, time]) with dense integer
// codes, the input of every agreement, aggregation, gold and drift metric.
//
// Codes are assigned in sorted order of the original values: numerically when every value of
// a column is an integer, lexicographically (bytewise) otherwise. So label code 0 is the
// smallest label, which is what "ties go to the smallest label" and the weights of Cohen's
// kappa (position in the sorted label set, as scikit-learn does) rely on.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"

namespace localabel {

/// The distinct values of one column, sorted; a value's code is its index here.
class Dictionary {
 public:
  Dictionary() = default;
  /// Integer values, strictly increasing.
  static Dictionary from_integers(std::vector<int64_t> sorted_values);
  /// Text values, strictly increasing (bytewise).
  static Dictionary from_texts(std::vector<std::string> sorted_values);
  /// Text values in a declared order (not necessarily sorted); codes follow that order.
  static Dictionary from_declared(std::vector<std::string> values);
  /// The values 0..n-1 (codes equal values).
  static Dictionary identity(int32_t n);

  int32_t size() const;
  bool is_integer() const { return texts_.empty(); }
  /// The value of a code as text ("17", "cat").
  std::string name(int32_t code) const;
  /// The integer value of a code; only when is_integer().
  int64_t integer(int32_t code) const { return ints_.empty() ? code : ints_[code]; }
  /// The code of a value written as text, or nullopt when it is not in the dictionary.
  std::optional<int32_t> find(std::string_view value) const;

 private:
  std::vector<int64_t> ints_;
  std::vector<std::string> texts_;
  int32_t size_ = 0;
  bool sorted_ = true;
};

/// A long table of annotations with dense codes and an index of the rows of each item.
///
/// Invariants (checked by make_annotation_table): every code is inside its dictionary, and no
/// (item, annotator) pair occurs twice.
struct AnnotationTable {
  std::vector<int32_t> item;       ///< item code per row
  std::vector<int32_t> annotator;  ///< annotator code per row
  std::vector<int32_t> label;      ///< label code per row
  std::vector<double> time;        ///< seconds spent per row; empty when not given
  Dictionary items, annotators, labels;
  /// Rows of item i are item_rows[item_offsets[i] .. item_offsets[i+1]) when item_rows is not
  /// empty, else the row numbers item_offsets[i] .. item_offsets[i+1] themselves (the rows are
  /// already grouped by item in code order, as a sorted file is).
  std::vector<int64_t> item_offsets;
  std::vector<int32_t> item_rows;

  int64_t rows() const { return static_cast<int64_t>(item.size()); }
  int32_t n_items() const { return items.size(); }
  int32_t n_annotators() const { return annotators.size(); }
  int32_t n_labels() const { return labels.size(); }
  /// The row number of the j-th row of item i (0 <= j < item_offsets[i+1]-item_offsets[i]).
  int64_t row_of(int32_t i, int64_t j) const {
    int64_t k = item_offsets[i] + j;
    return item_rows.empty() ? k : item_rows[k];
  }
};

/// Builds a table from code columns (moved in) and dictionaries, checking that the columns
/// have equal lengths (time may be empty), that codes are inside their dictionaries, that
/// times are finite and non-negative, and that no (item, annotator) pair repeats; builds the
/// item index. Errors: kLengthMismatch, kOutOfRange ("row 12: label code 9 ..."), kDuplicate
/// ("rows 3 and 7: annotator 'ann2' labelled item 'x' twice").
Result<AnnotationTable> make_annotation_table(std::vector<int32_t> item,
                                              std::vector<int32_t> annotator,
                                              std::vector<int32_t> label, std::vector<double> time,
                                              Dictionary items, Dictionary annotators,
                                              Dictionary labels);

/// Builds a table from integer ids (any int32 values, coded in numeric order), e.g. typed
/// arrays from JavaScript. Errors: those of make_annotation_table (kLengthMismatch,
/// kOutOfRange for a bad time, kDuplicate), kEmptyInput when there are no rows.
Result<AnnotationTable> annotation_table_from_ids(std::vector<int32_t> item,
                                                  std::vector<int32_t> annotator,
                                                  std::vector<int32_t> label,
                                                  std::vector<double> time = {});

/// Options of parse_annotations_csv.
struct CsvOptions {
  /// When not empty, the label set in its declared order: label codes follow this order (for
  /// ordinal metrics) and a label outside it is an error (kUnknownReference).
  std::vector<std::string> declared_labels;
};

/// Parses a long CSV `item,annotator,label[,time]`. A header line is recognised when its
/// fields are column names (item|task, annotator|worker, label, time|seconds, any order; other
/// columns are ignored); without a header the order item,annotator,label[,time] is assumed.
/// Fields may be quoted with '"' ("" inside quotes is a quote). Blank lines are skipped; CRLF
/// is accepted. Errors name the line (1-based) and column: kInvalidFormat (wrong field count,
/// empty field, bad time, unterminated quote, text after a closing quote such as `"cat"x`,
/// bytes that are not UTF-8: path "line L, column C"), kUnknownReference (label outside the
/// declared set), kDuplicate (an annotator labelling an item twice), kEmptyInput (no data rows).
/// Bounds: one pass per column-type restart (at most 4), memory linear in the input.
Result<AnnotationTable> parse_annotations_csv(std::string_view text,
                                              const CsvOptions& options = {});

/// Parses a gold CSV `item,label` (header optional, recognised by its names) against a table's
/// dictionaries. Records are read by the same RFC 4180 reader as parse_annotations_csv
/// (quoted fields, "" escapes, line breaks inside quotes; same quote and UTF-8 errors). Returns
/// (item code, label code) pairs in file order. Errors (with line): kUnknownReference for an item
/// nobody annotated or a label outside the table's label set, kDuplicate for an item given twice,
/// kInvalidFormat, kEmptyInput.
struct GoldAnswer {
  int32_t item;
  int32_t label;
};
Result<std::vector<GoldAnswer>> parse_gold_csv(std::string_view text, const AnnotationTable& table);

}  // namespace localabel

namespace localabel {

struct Project;

/// Annotations and gold answers of one classification label set of a project.
struct ProjectAnnotations {
  AnnotationTable table;
  std::vector<GoldAnswer> gold;  ///< from annotations marked ground_truth
  std::string from_name;         ///< the label set used
};

/// Builds the long table of a project's classification answers: every submitted annotation
/// (not ground truth, not skipped) with a choices region of label set `from_name` (empty: the
/// first choices label set of the project, or of the results when none is declared) gives one
/// row (task id, annotator, chosen label[, lead time when every row has one]). Label codes
/// follow the label set's declared order when the project declares it. Ground-truth
/// annotations become gold answers. Errors: kEmptyInput (no such answers), kUnknownReference
/// (from_name not found), kUnsupported (a region with several choices: path
/// tasks[i].annotations[j].result[k]), kMissingField (annotation without annotator),
/// kDuplicate (an annotator answering a task twice).
Result<ProjectAnnotations> project_annotations(const Project& project,
                                               const std::string& from_name = "");

}  // namespace localabel
