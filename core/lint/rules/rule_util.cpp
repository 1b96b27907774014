#include "core/lint/rules/rule_util.hpp"

#include <fmt/format.h>

#include "core/util/strings.hpp"

namespace sse::rules {

std::string DescribeRef(const ParentRef& ref) {
  switch (ref.kind) {
    case ParentRef::Kind::kDownRevision:
      return fmt::format("down_revision = {}", Quote(ref.id));
    case ParentRef::Kind::kDependsOn:
      return fmt::format("depends_on = {}", Quote(ref.id));
    case ParentRef::Kind::kImplicit:
      return fmt::format("follows {}", Quote(ref.id));
  }
  return {};
}

const Migration& NodeMigration(const SetAnalysis& a, int node) {
  return a.set.migrations[static_cast<size_t>(a.graph.MigrationIndex(node))];
}

std::string NodeIds(const SetAnalysis& a, const std::vector<int>& nodes) {
  std::vector<std::string> ids;
  for (int n : nodes) ids.push_back(Printable(a.graph.Id(n)));
  return Join(ids, ", ");
}

std::string FileName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string SnapshotName(const std::string& path) {
  std::string name = FileName(path);
  if (name != "snapshot.json" || path.size() <= name.size()) return name;
  return FileName(path.substr(0, path.size() - name.size() - 1)) + "/" + name;
}

std::string FileStem(const std::string& path) {
  std::string name = FileName(path);
  size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

std::string ApplyCommand(Tool tool) {
  switch (tool) {
    case Tool::kAlembic:
      return "alembic upgrade head";
    case Tool::kDrizzle:
      return "drizzle-kit migrate";
    case Tool::kPrisma:
      return "prisma migrate deploy";
    case Tool::kD1:
      return "wrangler d1 migrations apply";
    case Tool::kFlyway:
      return "flyway migrate";
    case Tool::kGolangMigrate:
      return "migrate up";
    case Tool::kDbmate:
      return "dbmate up";
    case Tool::kSql:
      return "the migration runner";
  }
  return {};
}

}  // namespace sse::rules
