// SCH006 ambiguous-order: order that depends on the sort method or the tool version (unpadded
// numbers, equal timestamps).

#include <algorithm>

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/util/strings.hpp"

namespace sse {

namespace {

/// Numbered files whose text order and numeric order disagree (9_b.sql vs 10_c.sql).
void UnpaddedNumbers(const SetAnalysis& a, std::vector<Finding>& out) {
  const auto& ms = a.set.migrations;
  for (size_t i = 0; i < ms.size(); ++i) {
    for (size_t j = i + 1; j < ms.size(); ++j) {
      const std::string& vi = ms[i].version;
      const std::string& vj = ms[j].version;
      if (vi.empty() || vj.empty() || vi.size() == vj.size()) continue;
      int numeric = CompareDigitStrings(vi, vj);
      std::string ni = rules::FileName(ms[i].path), nj = rules::FileName(ms[j].path);
      if (ms[i].id.find('/') != std::string::npos) ni = ms[i].id;
      if (ms[j].id.find('/') != std::string::npos) nj = ms[j].id;
      int text = ni < nj ? -1 : (ni > nj ? 1 : 0);
      if (numeric == 0 || text == 0 || (numeric < 0) == (text < 0)) continue;
      const Migration& lo = numeric < 0 ? ms[i] : ms[j];
      const Migration& hi = numeric < 0 ? ms[j] : ms[i];
      std::string message;
      switch (a.set.tool) {
        case Tool::kD1:
          message = fmt::format(
              "numbers of different widths: wrangler 4.98 and later run {} before {}, earlier "
              "versions sort the names as text and run {} first",
              rules::FileName(lo.path), rules::FileName(hi.path), rules::FileName(hi.path));
          break;
        case Tool::kDbmate:
          message = fmt::format(
              "numbers of different widths: dbmate sorts names as text and runs {} before {}",
              rules::FileName(hi.path), rules::FileName(lo.path));
          break;
        default:
          message = fmt::format("numbers of different widths: sorted as text, {} runs before {}",
                                rules::FileName(hi.path), rules::FileName(lo.path));
      }
      out.push_back(MakeFinding("SCH006", std::move(message), hi.id_loc,
                                "pad the numbers to one width (0009_, 0010_)",
                                {{lo.id_loc, fmt::format("number {}", lo.version)}}));
      return;  // one finding per set: the first pair says it all
    }
  }
}

/// Prisma and Drizzle's folder format: folders that share a 14-digit timestamp.
void EqualTimestamps(const SetAnalysis& a, std::vector<Finding>& out) {
  const auto& ms = a.set.migrations;
  for (size_t i = 1; i < ms.size(); ++i) {
    if (ms[i].version.empty() || ms[i].version != ms[i - 1].version) continue;
    const char* how = a.set.tool == Tool::kPrisma
                          ? "prisma's CLI orders them with localeCompare, older engines by bytes"
                          : "drizzle orders the folders with localeCompare";
    out.push_back(MakeFinding("SCH006",
                              fmt::format("{} and {} share the timestamp {}: {}", ms[i - 1].id,
                                          ms[i].id, ms[i].version, how),
                              ms[i].id_loc, "rename one folder to a later timestamp",
                              {{ms[i - 1].id_loc, "same timestamp"}}));
  }
}

/// Drizzle: consecutive journal entries with the same `when`.
void EqualWhen(const SetAnalysis& a, std::vector<Finding>& out) {
  const auto& ms = a.set.migrations;
  for (size_t i = 1; i < ms.size(); ++i) {
    if (!ms[i].when || !ms[i - 1].when || *ms[i].when != *ms[i - 1].when) continue;
    Finding f = MakeFinding(
        "SCH006",
        fmt::format(
            "journal entries {} and {} have the same when ({}); if only the first is applied "
            "in one run, drizzle's migrator skips the second forever",
            ms[i - 1].id, ms[i].id, *ms[i].when),
        ms[i].id_loc, "give the later entry a larger when", {{ms[i - 1].id_loc, "same when"}});
    f.severity = Severity::kError;
    out.push_back(std::move(f));
  }
}

}  // namespace

void CheckAmbiguousOrder(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    switch (a.set.tool) {
      case Tool::kD1:
      case Tool::kDbmate:
      case Tool::kSql:
        UnpaddedNumbers(a, out);
        break;
      case Tool::kPrisma:
        EqualTimestamps(a, out);
        break;
      case Tool::kDrizzle:
        if (!a.set.migrations.empty() && !a.set.migrations.front().when) {
          EqualTimestamps(a, out);  // folder-per-migration layout: no journal, no `when`
        } else {
          EqualWhen(a, out);
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace sse
