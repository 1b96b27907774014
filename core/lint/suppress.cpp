#include "core/lint/suppress.hpp"

#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/sql_split.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

constexpr std::string_view kIgnore = "schema:ignore";
constexpr std::string_view kIgnoreFile = "schema:ignore-file";

/// A `--` comment: where its text starts (after the dashes) and ends (end of line).
struct LineComment {
  size_t dashes = 0;
  size_t begin = 0;
  size_t end = 0;
};

/// The `--` comments of a SQL text, skipping strings, quoted identifiers, dollar quotes and
/// block comments (so a `-- schema:ignore` inside a function body is not a suppression).
std::vector<LineComment> LineComments(std::string_view t) {
  std::vector<LineComment> out;
  size_t i = 0, n = t.size();
  auto ident_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (i < n) {
    char c = t[i];
    if (c == '-' && i + 1 < n && t[i + 1] == '-') {
      size_t end = t.find('\n', i);
      if (end == std::string_view::npos) end = n;
      size_t text_end = end > i && t[end - 1] == '\r' ? end - 1 : end;
      out.push_back({i, i + 2, std::max(i + 2, text_end)});
      i = end;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      int depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (t[i] == '/' && i + 1 < n && t[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (t[i] == '*' && i + 1 < n && t[i + 1] == '/') {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
    } else if (c == '\'') {
      bool escapes =
          i > 0 && (t[i - 1] == 'E' || t[i - 1] == 'e') && (i < 2 || !ident_char(t[i - 2]));
      ++i;
      while (i < n) {
        if (escapes && t[i] == '\\') {
          i += 2;
        } else if (t[i] == '\'') {
          if (i + 1 < n && t[i + 1] == '\'') {
            i += 2;
          } else {
            ++i;
            break;
          }
        } else {
          ++i;
        }
      }
    } else if (c == '"' || c == '`') {
      size_t close = t.find(c, i + 1);
      i = close == std::string_view::npos ? n : close + 1;
    } else if (c == '$' && (i == 0 || !ident_char(t[i - 1])) &&
               !(i + 1 < n && std::isdigit(static_cast<unsigned char>(t[i + 1])))) {
      // $tag$ ... $tag$ (a $1 parameter is not a quote).
      size_t j = i + 1;
      while (j < n && ident_char(t[j])) ++j;
      if (j < n && t[j] == '$') {
        std::string_view tag = t.substr(i, j - i + 1);
        size_t close = t.find(tag, j + 1);
        i = close == std::string_view::npos ? n : close + tag.size();
      } else {
        ++i;
      }
    } else {
      ++i;
    }
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// The rule a name in a comment refers to: a code (any case) or a rule name.
const RuleInfo* Resolve(std::string_view written) {
  if (const RuleInfo* r = FindRule(written)) return r;
  std::string upper;
  for (char c : written) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (const RuleInfo* r = FindRule(upper)) return r;
  return FindRule(ToLower(written));
}

/// Lines [first, last] of a statement span.
std::pair<uint32_t, uint32_t> StatementLines(const SourceFile& file, const Span& s) {
  const LineIndex& idx = file.lines();
  uint32_t first = idx.Line(s.begin);
  uint32_t last = idx.Line(s.end > s.begin ? s.end - 1 : s.begin);
  return {first, last};
}

}  // namespace

std::vector<Suppression> ParseSuppressions(const SourceFile& file,
                                           const std::vector<Span>& statements) {
  std::vector<Suppression> out;
  std::string_view t = file.text();
  if (t.find(kIgnore) == std::string_view::npos) return out;
  const LineIndex& idx = file.lines();
  for (const LineComment& lc : LineComments(t)) {
    std::string_view body = t.substr(lc.begin, lc.end - lc.begin);
    size_t lead = 0;
    while (lead < body.size() && (body[lead] == ' ' || body[lead] == '\t')) ++lead;
    std::string_view rest = body.substr(lead);
    bool file_wide = false;
    size_t keyword = 0;
    if (rest.substr(0, kIgnoreFile.size()) == kIgnoreFile) {
      file_wide = true;
      keyword = kIgnoreFile.size();
    } else if (rest.substr(0, kIgnore.size()) == kIgnore) {
      keyword = kIgnore.size();
    } else {
      continue;
    }
    if (keyword < rest.size() && !IsSpace(rest[keyword])) continue;  // "schema:ignored", ...
    size_t list_at = lc.begin + lead + keyword;

    // Which statement a statement-level comment applies to.
    uint32_t first = 0, last = 0;
    if (!file_wide) {
      uint32_t line = idx.Line(lc.dashes);
      size_t line_start = idx.LineStart(line);
      bool trailing =
          !IsBlankSql(t, {static_cast<uint32_t>(line_start), static_cast<uint32_t>(lc.dashes)});
      const Span* target = nullptr;
      for (const Span& s : statements) {
        if (s.begin < lc.dashes && lc.dashes < s.end) target = &s;  // inside a statement
      }
      if (!target && trailing) {
        // The statement on this line that the comment follows (or sits inside).
        for (const Span& s : statements) {
          if (s.begin >= lc.dashes) break;
          auto [f, l] = StatementLines(file, s);
          if (f <= line && line <= l) target = &s;
        }
      } else if (!target) {
        for (const Span& s : statements) {
          if (s.begin < lc.end) continue;
          if (IsBlankSql(t, {static_cast<uint32_t>(lc.end), s.begin})) target = &s;
          break;
        }
      }
      if (target) std::tie(first, last) = StatementLines(file, *target);
    }

    // The rule names: separated by commas and blanks, up to the end or a " -- " reason.
    std::string_view list = t.substr(list_at, lc.end - list_at);
    size_t reason = list.find("--");
    if (reason != std::string_view::npos) list = list.substr(0, reason);
    bool any = false;
    size_t i = 0;
    while (i < list.size()) {
      while (i < list.size() && (IsSpace(list[i]) || list[i] == ',')) ++i;
      size_t start = i;
      while (i < list.size() && !IsSpace(list[i]) && list[i] != ',') ++i;
      if (i == start) break;
      std::string_view name = list.substr(start, i - start);
      size_t at = list_at + start;
      Suppression s;
      s.loc = SourceLoc::Span(file, at, at + name.size());
      s.written = std::string(name);
      const RuleInfo* rule = Resolve(name);
      s.code = rule ? std::string(rule->code) : "";
      s.file_wide = file_wide;
      s.first_line = first;
      s.last_line = last;
      out.push_back(std::move(s));
      any = true;
    }
    if (!any) {
      Suppression s;
      s.loc = SourceLoc::Span(file, lc.dashes, lc.end);
      s.written = std::string(file_wide ? kIgnoreFile : kIgnore);
      s.file_wide = file_wide;
      s.no_codes = true;
      out.push_back(std::move(s));
    }
  }
  return out;
}

void ApplySuppressions(const std::vector<SetAnalysis>& sets, std::vector<Finding>& findings) {
  std::vector<Suppression> all;
  std::set<std::string> seen;
  for (const SetAnalysis& a : sets) {
    if (a.set.tool == Tool::kAlembic) continue;  // Python files: no SQL comments
    for (const Migration& m : a.set.migrations) {
      if (!m.file || !seen.insert(m.file->path()).second) continue;
      std::vector<Suppression> s = ParseSuppressions(*m.file, m.statements);
      all.insert(all.end(), std::make_move_iterator(s.begin()), std::make_move_iterator(s.end()));
    }
  }
  if (all.empty()) return;

  std::map<std::string, std::vector<size_t>> by_path;
  for (size_t i = 0; i < all.size(); ++i) by_path[all[i].loc.path].push_back(i);
  std::vector<bool> used(all.size(), false);
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (Finding& f : findings) {
    bool suppressed = false;
    if (f.loc && f.code != "SCH018") {
      auto it = by_path.find(f.loc->path);
      if (it != by_path.end()) {
        for (size_t i : it->second) {
          const Suppression& s = all[i];
          if (s.code.empty() || s.code != f.code) continue;
          bool covers = s.file_wide || (s.first_line > 0 && f.loc->line >= s.first_line &&
                                        f.loc->line <= s.last_line);
          if (!covers) continue;
          used[i] = true;
          suppressed = true;
        }
      }
    }
    if (!suppressed) kept.push_back(std::move(f));
  }
  for (size_t i = 0; i < all.size(); ++i) {
    if (used[i]) continue;
    const Suppression& s = all[i];
    std::string comment = s.file_wide ? std::string(kIgnoreFile) : std::string(kIgnore);
    if (s.no_codes) {
      kept.push_back(MakeFinding(
          "SCH018", fmt::format("'{}' names no rule, so it suppresses nothing", comment), s.loc,
          "name the rules to ignore: -- schema:ignore SCH405 (or a rule name)"));
    } else if (s.code.empty()) {
      kept.push_back(
          MakeFinding("SCH018",
                      fmt::format("{} names {}, which is no rule: it suppresses nothing", comment,
                                  Quote(Printable(s.written))),
                      s.loc,
                      "use a rule code or name (`schema rules` lists them); write a reason after "
                      "\" -- \""));
    } else if (s.code == "SCH018") {
      kept.push_back(MakeFinding(
          "SCH018",
          fmt::format("{} {}: unused-suppression findings cannot be suppressed by a comment",
                      comment, s.code),
          s.loc, "remove the stale comment instead, or set [rules] SCH018 = \"off\""));
    } else if (!s.file_wide && s.first_line == 0) {
      kept.push_back(
          MakeFinding("SCH018",
                      fmt::format("{} {} is followed by no statement, so it suppresses nothing",
                                  comment, s.code),
                      s.loc,
                      "put the comment on the line before the statement, or at the end of the "
                      "statement's first line"));
    } else {
      kept.push_back(MakeFinding(
          "SCH018",
          fmt::format("{} {} suppresses nothing: {} reports nothing {}", comment, s.code, s.code,
                      s.file_wide ? "in this file" : "for this statement"),
          s.loc, "remove the stale comment"));
    }
  }
  findings = std::move(kept);
}

}  // namespace sse
