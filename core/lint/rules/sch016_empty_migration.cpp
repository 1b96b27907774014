// SCH016 empty-migration: a migration with no statements.

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckEmptyMigration(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    for (size_t i = 0; i < a.set.migrations.size(); ++i) {
      const Migration& m = a.set.migrations[i];
      if (!m.file || m.load_failed) continue;
      if (a.set.tool == Tool::kAlembic) {
        int downs = 0;
        for (const ParentRef& p : m.parents) downs += p.kind == ParentRef::Kind::kDownRevision;
        if (!m.empty_upgrade || downs > 1) continue;  // merge revisions are empty by design
        out.push_back(MakeFinding(
            "SCH016", fmt::format("revision {} has an upgrade() that does nothing", Quote(m.id)),
            SourceLoc::Line(m.path, 1), "add the operations, or delete the revision"));
        continue;
      }
      if (!m.statements.empty()) continue;
      std::string message = m.file->text().find("-- Custom SQL migration file") != std::string::npos
                                ? "migration holds only drizzle's custom-migration template"
                                : "migration has no statements";
      out.push_back(
          MakeFinding("SCH016", std::move(message), SourceLoc::Line(m.path, 1),
                      "add the statements, or delete the migration before it is applied"));
    }
  }
}

}  // namespace sse
