// SCH004 duplicate-revision: two files with the same revision id or version number.

#include <algorithm>

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/util/strings.hpp"

namespace sse {

namespace {

/// The key under which a tool tells migrations apart, or "" when it cannot collide here.
std::string_view DuplicateKey(const MigrationSet& set, const Migration& m) {
  switch (set.tool) {
    case Tool::kAlembic:
      return m.id;
    case Tool::kFlyway:
      return m.repeatable ? "" : std::string_view(m.id);
    case Tool::kD1:
    case Tool::kSql: {
      std::string_view v = m.version;
      while (v.size() > 1 && v[0] == '0') v.remove_prefix(1);
      return v;
    }
    case Tool::kDbmate:
      return m.version;
    case Tool::kDrizzle:  // journal layout only (v1 folders: SCH006)
      return m.when ? std::string_view(m.version) : std::string_view();
    case Tool::kPrisma:
    case Tool::kGolangMigrate:
      return "";  // folder names are unique; the reader reports the rest
  }
  return "";
}

std::string Message(const MigrationSet& set, std::string_view key,
                    const std::vector<const Migration*>& group, Severity& severity) {
  std::vector<std::string> names;
  for (const Migration* m : group)
    names.push_back(set.tool == Tool::kDrizzle ? m->id : rules::FileName(m->path));
  std::string files = Join(names, ", ");
  severity = Severity::kError;
  switch (set.tool) {
    case Tool::kAlembic:
      return fmt::format(
          "revision id {} is defined in {} files ({}); alembic warns \"Revision {} is present more "
          "than once\", keeps the last file loaded and reports the other as an extra head",
          Quote(key), group.size(), files, Printable(key));
    case Tool::kFlyway:
      return fmt::format(
          "version {} is defined by {} files ({}); flyway fails with \"Found more than "
          "one migration with version {}\"",
          key, group.size(), files, key);
    case Tool::kD1:
      return fmt::format(
          "{} migrations are numbered {} ({}); their order depends on the wrangler "
          "version, and before wrangler 4.80 on the file system",
          group.size(), LeadingDigits(rules::FileName(group.front()->path)), files);
    case Tool::kDbmate:
      return fmt::format(
          "version {} is used by {} files ({}); dbmate records only the version, so "
          "once one is applied the others never run",
          Quote(key), group.size(), files);
    case Tool::kDrizzle:
      severity = Severity::kWarning;
      return fmt::format(
          "journal entries {} share the prefix {}, so they share one snapshot file "
          "meta/{}_snapshot.json",
          files, key, key);
    default:
      severity = Severity::kWarning;
      return fmt::format(
          "{} files share the number {} ({}); only their names decide which runs first",
          group.size(), group.front()->version, files);
  }
}

}  // namespace

void CheckDuplicateRevision(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    // Sort (key, file order) pairs and look at runs of equal keys: no per-key allocation, which
    // matters at 100,000 migrations.
    std::vector<std::pair<std::string_view, size_t>> keys;
    keys.reserve(a.set.migrations.size());
    for (size_t i = 0; i < a.set.migrations.size(); ++i) {
      std::string_view key = DuplicateKey(a.set, a.set.migrations[i]);
      if (!key.empty()) keys.emplace_back(key, i);
    }
    std::sort(keys.begin(), keys.end());
    for (size_t run = 0; run < keys.size();) {
      size_t end = run + 1;
      while (end < keys.size() && keys[end].first == keys[run].first) ++end;
      std::vector<const Migration*> group;
      for (size_t k = run; k < end; ++k) {
        const Migration& m = a.set.migrations[keys[k].second];
        // Drizzle: the same tag twice is the reader's finding; only distinct tags collide here.
        bool same_tag = false;
        for (const Migration* o : group)
          same_tag = same_tag || (a.set.tool == Tool::kDrizzle && o->id == m.id);
        if (!same_tag) group.push_back(&m);
      }
      std::string_view key = keys[run].first;
      run = end;
      if (group.size() < 2) continue;
      Severity severity;
      std::string message = Message(a.set, key, group, severity);
      std::vector<Related> related;
      for (size_t i = 0; i + 1 < group.size(); ++i) {
        related.push_back({group[i]->id_loc, "also defined here"});
      }
      Finding f = MakeFinding("SCH004", std::move(message), group.back()->id_loc,
                              a.set.tool == Tool::kAlembic
                                  ? "give one of them a new revision id (and fix its children)"
                                  : "give one of them the next free number",
                              std::move(related));
      f.severity = severity;
      out.push_back(std::move(f));
    }
  }
}

}  // namespace sse
