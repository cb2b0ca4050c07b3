// Labelling functions, the label matrix and LF analysis.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>

#include "localabel/regex.h"
#include "localabel/weak_supervision.h"

namespace localabel {

namespace {

char fold(char c, bool case_sensitive) {
  return case_sensitive ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool is_word_char(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80;
}

// Whole-word (or phrase) occurrence.
bool contains_word(const std::string& text, const std::string& word, bool case_sensitive) {
  if (word.empty() || word.size() > text.size()) return false;
  for (size_t s = 0; s + word.size() <= text.size(); ++s) {
    size_t k = 0;
    while (k < word.size() && fold(text[s + k], case_sensitive) == fold(word[k], case_sensitive))
      ++k;
    if (k != word.size()) continue;
    const bool left = s == 0 || !is_word_char(text[s - 1]);
    const bool right = s + word.size() == text.size() || !is_word_char(text[s + word.size()]);
    if (left && right) return true;
  }
  return false;
}

// Pattern tokens: literal characters, '*' (any run) and '?' (one character).
struct Token {
  enum Kind { kLiteral, kStar, kAny } kind;
  char c;
};

std::vector<Token> tokenize(const std::string& pattern, bool case_sensitive) {
  std::vector<Token> t;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      t.push_back({Token::kLiteral, fold(pattern[++i], case_sensitive)});
    } else if (c == '*') {
      if (t.empty() || t.back().kind != Token::kStar) t.push_back({Token::kStar, 0});
    } else if (c == '?') {
      t.push_back({Token::kAny, 0});
    } else {
      t.push_back({Token::kLiteral, fold(c, case_sensitive)});
    }
  }
  return t;
}

}  // namespace

bool wildcard_search(const std::string& pattern, const std::string& text, bool case_sensitive) {
  // A search is a full match of "*pattern*"; iterative matching with one backtrack point
  // (the last star) is linear-time in practice and never recurses.
  std::vector<Token> t = tokenize(pattern, case_sensitive);
  if (t.empty() || t.front().kind != Token::kStar) t.insert(t.begin(), {Token::kStar, 0});
  if (t.back().kind != Token::kStar) t.push_back({Token::kStar, 0});
  size_t ti = 0, si = 0, star = std::string::npos, star_s = 0;
  while (si < text.size()) {
    if (ti < t.size() && t[ti].kind == Token::kStar) {
      star = ti++;
      star_s = si;
    } else if (ti < t.size() &&
               (t[ti].kind == Token::kAny || t[ti].c == fold(text[si], case_sensitive))) {
      ++ti;
      ++si;
    } else if (star != std::string::npos) {
      ti = star + 1;
      si = ++star_s;
    } else {
      return false;
    }
  }
  while (ti < t.size() && t[ti].kind == Token::kStar) ++ti;
  return ti == t.size();
}

Result<LabelMatrix> apply_labelling_functions(
    const std::vector<LabellingFunction>& lfs, const std::vector<std::string>& texts,
    const std::vector<std::map<std::string, double>>* metadata, const MatrixView* model_probs) {
  if (lfs.empty()) return make_error(ErrorCode::kEmptyInput, "lfs", "no labelling functions");
  if (texts.empty()) return make_error(ErrorCode::kEmptyInput, "texts", "no points");
  const int64_t n = static_cast<int64_t>(texts.size());
  if (metadata && static_cast<int64_t>(metadata->size()) != n)
    return make_error(
        ErrorCode::kLengthMismatch, "metadata",
        "has " + std::to_string(metadata->size()) + " entries, texts has " + std::to_string(n));
  if (model_probs) {
    Status s = validate_matrix(*model_probs, "model_probs");
    if (!s) return s.error();
    if (model_probs->rows != n)
      return make_error(
          ErrorCode::kLengthMismatch, "model_probs",
          "has " + std::to_string(model_probs->rows) + " rows, texts has " + std::to_string(n));
  }
  for (size_t j = 0; j < lfs.size(); ++j) {
    const LabellingFunction& lf = lfs[j];
    const std::string path = "lfs[" + std::to_string(j) + "]";
    if (lf.kind != LfKind::kModel && lf.label < 0)
      return make_error(ErrorCode::kInvalidArgument, path + ".label", "must be a class ≥ 0");
    if (lf.kind == LfKind::kKeywords &&
        (lf.keywords.empty() ||
         std::any_of(lf.keywords.begin(), lf.keywords.end(), [](auto& k) { return k.empty(); })))
      return make_error(ErrorCode::kInvalidArgument, path + ".keywords",
                        "needs at least one non-empty keyword");
    if ((lf.kind == LfKind::kPattern || lf.kind == LfKind::kRegex) && lf.pattern.empty())
      return make_error(ErrorCode::kInvalidArgument, path + ".pattern", "must not be empty");
    if (lf.kind == LfKind::kThreshold && (!std::isfinite(lf.threshold) || lf.field.empty()))
      return make_error(ErrorCode::kInvalidArgument, path + ".threshold",
                        "needs a field name and a finite threshold");
    if (lf.kind == LfKind::kModel) {
      if (!(lf.min_confidence >= 0 && lf.min_confidence <= 1))
        return make_error(ErrorCode::kInvalidArgument, path + ".min_confidence",
                          "expected a value in [0, 1]");
      if (!model_probs)
        return make_error(ErrorCode::kInvalidArgument, path,
                          "a model labelling function needs model predictions");
    }
  }
  // Regular expressions are compiled once; a bad one is reported with its LF's path.
  std::vector<Regex> regexes(lfs.size());
  for (size_t j = 0; j < lfs.size(); ++j) {
    if (lfs[j].kind != LfKind::kRegex) continue;
    auto re = Regex::compile(lfs[j].pattern, lfs[j].case_sensitive);
    if (!re) {
      Error e = re.error();
      e.path = "lfs[" + std::to_string(j) + "].pattern";
      e.message = e.path + e.message.substr(std::string("pattern").size());
      return e;
    }
    regexes[j] = std::move(*re);
  }
  LabelMatrix m;
  m.n_points = n;
  m.n_lfs = static_cast<int64_t>(lfs.size());
  m.votes.assign(static_cast<size_t>(n * m.n_lfs), kAbstain);
  for (int64_t i = 0; i < n; ++i) {
    const std::string& text = texts[static_cast<size_t>(i)];
    for (size_t j = 0; j < lfs.size(); ++j) {
      const LabellingFunction& lf = lfs[j];
      int32_t vote = kAbstain;
      switch (lf.kind) {
        case LfKind::kKeywords:
          for (const std::string& k : lf.keywords)
            if (contains_word(text, k, lf.case_sensitive)) {
              vote = lf.label;
              break;
            }
          break;
        case LfKind::kPattern:
          if (wildcard_search(lf.pattern, text, lf.case_sensitive)) vote = lf.label;
          break;
        case LfKind::kRegex:
          if (regexes[j].search(text)) vote = lf.label;
          break;
        case LfKind::kThreshold:
          if (metadata) {
            const auto& md = (*metadata)[static_cast<size_t>(i)];
            auto it = md.find(lf.field);
            if (it != md.end() && std::isfinite(it->second) &&
                (lf.above ? it->second > lf.threshold : it->second < lf.threshold))
              vote = lf.label;
          }
          break;
        case LfKind::kModel: {
          const float* p = model_probs->row(i);
          const int64_t best = std::max_element(p, p + model_probs->cols) - p;
          if (p[best] >= lf.min_confidence) vote = static_cast<int32_t>(best);
          break;
        }
      }
      m.votes[static_cast<size_t>(i * m.n_lfs) + j] = vote;
    }
  }
  return m;
}

Result<LfAnalysis> analyse_labelling_functions(const LabelMatrix& votes,
                                               const std::vector<int32_t>* gold,
                                               const LfAnalysisOptions& options) {
  if (votes.n_points < 1 || votes.n_lfs < 1)
    return make_error(ErrorCode::kEmptyInput, "votes", "no points or no labelling functions");
  if (static_cast<int64_t>(votes.votes.size()) != votes.n_points * votes.n_lfs)
    return make_error(ErrorCode::kLengthMismatch, "votes", "size is not n_points × n_lfs");
  if (gold && static_cast<int64_t>(gold->size()) != votes.n_points)
    return make_error(ErrorCode::kLengthMismatch, "gold",
                      "has " + std::to_string(gold->size()) + " entries, expected " +
                          std::to_string(votes.n_points));
  if (options.n_classes < 0)
    return make_error(ErrorCode::kInvalidArgument, "n_classes", "expected a count ≥ 0");
  const int64_t n = votes.n_points, m = votes.n_lfs;
  LfAnalysis a;
  a.lfs.resize(static_cast<size_t>(m));
  std::vector<int64_t> cov(static_cast<size_t>(m)), ovl(static_cast<size_t>(m)),
      con(static_cast<size_t>(m));
  std::vector<std::set<int32_t>> pol(static_cast<size_t>(m));
  int64_t any = 0, two = 0, conflict = 0;
  int32_t largest = -1;
  for (int64_t i = 0; i < n; ++i) {
    int64_t count = 0;
    std::set<int32_t> distinct;
    for (int64_t j = 0; j < m; ++j)
      if (votes.at(i, j) != kAbstain) {
        ++count;
        distinct.insert(votes.at(i, j));
        largest = std::max(largest, votes.at(i, j));
      }
    if (gold) largest = std::max(largest, (*gold)[static_cast<size_t>(i)]);
    any += count > 0;
    two += count > 1;
    conflict += distinct.size() > 1;
    for (int64_t j = 0; j < m; ++j) {
      const int32_t v = votes.at(i, j);
      if (v == kAbstain) continue;
      pol[static_cast<size_t>(j)].insert(v);
      ++cov[static_cast<size_t>(j)];
      if (count > 1) ++ovl[static_cast<size_t>(j)];
      // Another LF voted a different class: the distinct set holds more than this vote.
      if (distinct.size() > 1) ++con[static_cast<size_t>(j)];
      if (gold && (*gold)[static_cast<size_t>(i)] >= 0) {
        if (v == (*gold)[static_cast<size_t>(i)])
          ++a.lfs[static_cast<size_t>(j)].correct;
        else
          ++a.lfs[static_cast<size_t>(j)].incorrect;
      }
    }
  }
  const double dn = static_cast<double>(n);
  for (int64_t j = 0; j < m; ++j) {
    LfSummary& s = a.lfs[static_cast<size_t>(j)];
    s.polarity.assign(pol[static_cast<size_t>(j)].begin(), pol[static_cast<size_t>(j)].end());
    s.coverage = static_cast<double>(cov[static_cast<size_t>(j)]) / dn;
    s.overlaps = static_cast<double>(ovl[static_cast<size_t>(j)]) / dn;
    s.conflicts = static_cast<double>(con[static_cast<size_t>(j)]) / dn;
    // Snorkel divides the fractions, then maps 0/0 to 0 (nan_to_num).
    s.overlaps_normalized = s.coverage > 0 ? s.overlaps / s.coverage : 0.0;
    s.conflicts_normalized = s.overlaps > 0 ? s.conflicts / s.overlaps : 0.0;
    const int64_t judged = s.correct + s.incorrect;
    s.empirical_accuracy = judged > 0 ? static_cast<double>(s.correct) / static_cast<double>(judged)
                                      : (!gold || options.undefined_accuracy_nan
                                             ? std::numeric_limits<double>::quiet_NaN()
                                             : 0.0);
  }
  a.label_coverage = static_cast<double>(any) / dn;
  a.label_overlap = static_cast<double>(two) / dn;
  a.label_conflict = static_cast<double>(conflict) / dn;
  if (gold) {
    const int64_t k = options.n_classes > 0 ? options.n_classes : largest + 1;
    if (largest >= k)
      return make_error(
          ErrorCode::kInvalidArgument, "n_classes",
          std::to_string(k) + " classes, but gold or votes hold class " + std::to_string(largest));
    a.n_classes = k;
    std::vector<int64_t> per_class(static_cast<size_t>(k), 0);
    for (int32_t y : *gold)
      if (y >= 0) ++per_class[static_cast<size_t>(y)];
    for (int64_t j = 0; j < m; ++j) {
      std::vector<double>& p = a.lfs[static_cast<size_t>(j)].empirical_probs;
      p.assign(static_cast<size_t>((k + 1) * k), 0.0);
      for (int64_t i = 0; i < n; ++i) {
        const int32_t y = (*gold)[static_cast<size_t>(i)];
        if (y < 0) continue;
        p[static_cast<size_t>((votes.at(i, j) + 1) * k + y)] += 1.0;
      }
      for (int64_t l = 0; l <= k; ++l)
        for (int64_t y = 0; y < k; ++y)
          p[static_cast<size_t>(l * k + y)] =
              per_class[static_cast<size_t>(y)] > 0
                  ? p[static_cast<size_t>(l * k + y)] /
                        static_cast<double>(per_class[static_cast<size_t>(y)])
                  : std::numeric_limits<double>::quiet_NaN();
    }
  }
  return a;
}

}  // namespace localabel
