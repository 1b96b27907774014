#include "core/migrations/tool.hpp"

namespace sse {

std::string_view ToolName(Tool tool) {
  switch (tool) {
    case Tool::kAlembic:
      return "alembic";
    case Tool::kDrizzle:
      return "drizzle";
    case Tool::kPrisma:
      return "prisma";
    case Tool::kD1:
      return "d1";
    case Tool::kFlyway:
      return "flyway";
    case Tool::kGolangMigrate:
      return "golang-migrate";
    case Tool::kDbmate:
      return "dbmate";
    case Tool::kSql:
      return "sql";
  }
  return "sql";
}

const std::vector<Tool>& AllTools() {
  static const std::vector<Tool> kAll = {Tool::kAlembic, Tool::kDrizzle, Tool::kPrisma,
                                         Tool::kD1,      Tool::kFlyway,  Tool::kGolangMigrate,
                                         Tool::kDbmate,  Tool::kSql};
  return kAll;
}

std::optional<Tool> ParseTool(std::string_view name) {
  for (Tool t : AllTools()) {
    if (ToolName(t) == name) return t;
  }
  if (name == "wrangler" || name == "wrangler-d1") return Tool::kD1;
  if (name == "golang_migrate" || name == "migrate") return Tool::kGolangMigrate;
  if (name == "plain" || name == "plain-sql") return Tool::kSql;
  return std::nullopt;
}

Linkage ToolLinkage(Tool tool) {
  return tool == Tool::kAlembic ? Linkage::kExplicit : Linkage::kOrdered;
}

}  // namespace sse
