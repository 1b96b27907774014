// SCH005 multiple-bases: more than one root where the tool expects one.

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckMultipleBases(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    if (ToolLinkage(a.set.tool) != Linkage::kExplicit) continue;
    std::vector<int> bases = a.graph.Bases();
    // Independent branches are legal in Alembic when they carry branch labels.
    std::vector<int> unlabelled;
    for (int b : bases) {
      if (rules::NodeMigration(a, b).branch_labels.empty()) unlabelled.push_back(b);
    }
    if (bases.size() < 2 || unlabelled.size() < 2) continue;
    int extra = unlabelled.back();
    std::vector<Related> related;
    for (int b : bases) {
      if (b != extra)
        related.push_back(
            {rules::NodeMigration(a, b).id_loc, fmt::format("base {}", Quote(a.graph.Id(b)))});
    }
    const Migration& m = rules::NodeMigration(a, extra);
    SourceLoc loc = m.id_loc;
    for (const ParentRef& p : m.parents) {
      if (p.kind == ParentRef::Kind::kDownRevision) loc = p.loc;
    }
    out.push_back(MakeFinding(
        "SCH005",
        fmt::format("{} base revisions (down_revision = None) without branch labels: {}",
                    bases.size(), rules::NodeIds(a, bases)),
        loc,
        "point the extra base at the revision it follows, or give each independent branch a "
        "branch_labels entry",
        std::move(related)));
  }
}

}  // namespace sse
