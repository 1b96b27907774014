#pragma once
/// The eight migration tools schema reads, and what each one's identity and order rules are.

#include <optional>
#include <string_view>
#include <vector>

namespace sse {

enum class Tool { kAlembic, kDrizzle, kPrisma, kD1, kFlyway, kGolangMigrate, kDbmate, kSql };

/// Name used on the command line and in reports: alembic, drizzle, prisma, d1, flyway,
/// golang-migrate, dbmate, sql.
std::string_view ToolName(Tool tool);
std::optional<Tool> ParseTool(std::string_view name);
const std::vector<Tool>& AllTools();

/// How a tool links migrations into a history.
enum class Linkage {
  kExplicit,  ///< each file names its parents (Alembic down_revision / depends_on)
  kOrdered,   ///< implicit linear parents in the tool's file order (all the others)
};
Linkage ToolLinkage(Tool tool);

}  // namespace sse
