// SCH003 missing-parent: a parent id (down_revision, depends_on, prevId) that no file defines.

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckMissingParent(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    for (const RevisionGraph::Missing& m : a.graph.missing()) {
      const Migration& child = rules::NodeMigration(a, m.node);
      const ParentRef& ref = child.parents[static_cast<size_t>(m.ref)];
      if (ref.id.empty()) continue;  // down_revision = "": the reader reports it (SCH011)
      std::string what = ref.kind == ParentRef::Kind::kDependsOn ? "depends_on" : "down_revision";
      std::string message = fmt::format("{} {} of revision {} is not defined by any file", what,
                                        Quote(ref.id), Quote(child.id));
      if (a.set.tool == Tool::kAlembic)
        message += fmt::format("; alembic fails with KeyError: {}", Quote(ref.id));
      std::string help = "point it at the revision id of the migration it follows";
      std::vector<Related> related;
      // The classic mistake: the file name written instead of the revision id inside it.
      for (const Migration& other : a.set.migrations) {
        if (rules::FileStem(other.path) == ref.id || rules::FileName(other.path) == ref.id) {
          help = fmt::format("{} is a file name; the revision id in that file is {}", Quote(ref.id),
                             Quote(other.id));
          related.push_back({other.id_loc, fmt::format("revision = {}", Quote(other.id))});
          break;
        }
      }
      out.push_back(
          MakeFinding("SCH003", std::move(message), ref.loc, std::move(help), std::move(related)));
    }
    // Drizzle snapshots: a prevId that names no snapshot.
    if (a.set.snapshots.empty()) continue;
    static const std::string kOrigin = "00000000-0000-0000-0000-000000000000";
    for (const SnapshotInfo& s : a.set.snapshots) {
      if (s.prev_id.empty() || s.prev_id == kOrigin) continue;
      bool found = false;
      for (const SnapshotInfo& o : a.set.snapshots) {
        if (o.id == s.prev_id) found = true;
      }
      if (found) continue;
      out.push_back(MakeFinding(
          "SCH003",
          fmt::format("prevId {} of snapshot {} is the id of no snapshot", Quote(s.prev_id),
                      rules::SnapshotName(s.path)),
          s.prev_loc, "run drizzle-kit generate on the merged branch to rebuild the chain"));
    }
  }
}

}  // namespace sse
