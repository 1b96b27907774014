// dbmate's migration grammar, FORMATS.md section 7 (amacneil/dbmate pkg/dbmate/migration.go).

#include "core/migrations/dbmate_parse.hpp"

#include <algorithm>

#include "core/util/utf8.hpp"

namespace sse::dbmate {
namespace {

constexpr std::string_view kMissingUp =
    "dbmate requires each migration to define an up block with '-- migrate:up'";
constexpr std::string_view kMissingDown =
    "dbmate requires each migration to define a down block with '-- migrate:down'";
constexpr std::string_view kWrongOrder =
    "dbmate requires '-- migrate:up' to appear before '-- migrate:down'";
constexpr std::string_view kUnexpectedStmt =
    "dbmate does not support statements preceding the '-- migrate:up' block";

/// Go regexp `\s`: [\t\n\f\r ].
bool GoSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

/// `^\s*$` or `^\s*--` on one line (split on '\n').
bool BlankOrComment(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && GoSpace(line[i])) ++i;
  return i == line.size() || line.compare(i, 2, "--") == 0;
}

}  // namespace

bool MarkerAt(std::string_view text, size_t pos, std::string_view kind) {
  if (pos + 2 > text.size() || text.compare(pos, 2, "--") != 0) return false;
  size_t p = pos + 2;
  while (p < text.size() && GoSpace(text[p])) ++p;
  constexpr std::string_view kMigrate = "migrate:";
  if (text.compare(p, kMigrate.size(), kMigrate) != 0) return false;
  p += kMigrate.size();
  if (text.compare(p, kind.size(), kind) != 0) return false;
  size_t q = p + kind.size();
  // (\s*$ | \s+\S+): spaces up to a line end or the end of text, or at least one space and then
  // something.
  size_t r = q;
  while (r < text.size() && GoSpace(text[r]) && text[r] != '\n') ++r;
  if (r == text.size() || text[r] == '\n') return true;
  return r > q;
}

std::vector<size_t> FindMarkers(std::string_view text, std::string_view kind) {
  std::vector<size_t> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    if (MarkerAt(text, pos, kind)) out.push_back(pos);
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> MarkerOptions(std::string_view text,
                                                               size_t marker) {
  std::vector<std::pair<std::string, std::string>> out;
  // The first line of the block, without the "--\s*migrate:(up|down)" directive.
  std::string_view line = text.substr(marker);
  line = line.substr(0, line.find('\n'));
  size_t p = 0;
  if (line.compare(0, 2, "--") == 0) {
    p = 2;
    while (p < line.size() && GoSpace(line[p])) ++p;
    if (line.compare(p, 10, "migrate:up") == 0) {
      line = line.substr(p + 10);
    } else if (line.compare(p, 12, "migrate:down") == 0) {
      line = line.substr(p + 12);
    }
  }
  // Split on whitespace; keep well-formed key:value pairs (exactly one ':').
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && GoSpace(line[i])) ++i;
    size_t b = i;
    while (i < line.size() && !GoSpace(line[i])) ++i;
    if (i == b) break;
    std::string_view pair = line.substr(b, i - b);
    size_t colon = pair.find(':');
    if (colon != std::string_view::npos && pair.find(':', colon + 1) == std::string_view::npos) {
      out.emplace_back(std::string(pair.substr(0, colon)), std::string(pair.substr(colon + 1)));
    }
  }
  return out;
}

bool Parsed::ok() const {
  return std::all_of(problems.begin(), problems.end(),
                     [](const ParseProblem& p) { return p.warning; });
}

Parsed Parse(std::string_view text) {
  Parsed out;
  std::vector<size_t> ups = FindMarkers(text, "up");
  std::vector<size_t> downs = FindMarkers(text, "down");
  if (ups.empty()) {
    ParseProblem p;
    p.message = std::string(kMissingUp);
    if (HasUtf8Bom(text) && MarkerAt(text, 3, "up")) {
      p.offset = 0;
      p.help = "save the file without a byte-order mark: dbmate does not see a marker after it";
    } else if (!downs.empty()) {
      p.offset = downs.front();
      p.help = "add a '-- migrate:up' line before this down block";
    } else {
      p.help = "start the file with '-- migrate:up' and add a '-- migrate:down' block";
    }
    out.problems.push_back(std::move(p));
    return out;
  }
  // Only blank lines and '--' comments may precede the first up marker.
  size_t line_start = 0;
  while (line_start < ups.front()) {
    size_t nl = text.find('\n', line_start);
    size_t line_end = std::min(nl == std::string_view::npos ? text.size() : nl, ups.front());
    if (!BlankOrComment(text.substr(line_start, line_end - line_start))) {
      ParseProblem p;
      p.offset = line_start;
      p.message = std::string(kUnexpectedStmt);
      p.help = "move this statement below '-- migrate:up'";
      p.related = ups.front();
      p.related_message = "first '-- migrate:up'";
      out.problems.push_back(std::move(p));
      break;
    }
    if (nl == std::string_view::npos) break;
    line_start = nl + 1;
  }
  if (out.problems.empty() && !downs.empty() && downs.front() < ups.front()) {
    ParseProblem p;
    p.offset = downs.front();
    p.warning = true;
    p.message = std::string(
                    "'-- migrate:down' before the first '-- migrate:up': current dbmate reads it "
                    "as a comment, "
                    "dbmate before multi-section support fails with \"") +
                std::string(kWrongOrder) + "\"";
    p.help = "remove this marker or move the down block after the up block";
    p.related = ups.front();
    p.related_message = "first '-- migrate:up'";
    out.problems.push_back(std::move(p));
  }
  size_t next_down = 0;  // markers are sorted: walk both lists once
  for (size_t i = 0; i < ups.size(); ++i) {
    Section s;
    s.up = ups[i];
    s.end = i + 1 < ups.size() ? ups[i + 1] : text.size();
    while (next_down < downs.size() && downs[next_down] <= s.up) ++next_down;
    std::vector<size_t> section_downs;
    while (next_down < downs.size() && downs[next_down] < s.end) {
      section_downs.push_back(downs[next_down++]);
    }
    if (section_downs.size() > 1) {
      ParseProblem p;
      p.offset = section_downs[1];
      p.message = std::string(kMissingUp);
      p.help = "add a '-- migrate:up' line before this second down block, or merge the two";
      p.related = section_downs[0];
      p.related_message = "the section's first '-- migrate:down'";
      out.problems.push_back(std::move(p));
    } else if (section_downs.empty()) {
      ParseProblem p;
      p.offset = s.up;
      p.message = std::string(kMissingDown);
      p.help = "add a '-- migrate:down' block after this up block (it may be empty)";
      out.problems.push_back(std::move(p));
    }
    if (!section_downs.empty()) s.down = section_downs.front();
    s.up_end = s.down ? *s.down : s.end;
    for (auto& [k, v] : MarkerOptions(text, s.up)) {
      if (k == "transaction") s.transaction = v != "false";
    }
    if (s.down) {
      for (auto& [k, v] : MarkerOptions(text, *s.down)) {
        if (k == "transaction") s.down_transaction = v != "false";
      }
    }
    out.sections.push_back(s);
  }
  return out;
}

bool HasUpMarker(std::string_view text) {
  if (HasUtf8Bom(text) && MarkerAt(text, 3, "up")) return true;
  return !FindMarkers(text, "up").empty();
}

}  // namespace sse::dbmate
