// SCH002 multiple-heads: more than one head (an unmerged fork): each head and the branch point.

#include <algorithm>

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckMultipleHeads(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    if (ToolLinkage(a.set.tool) != Linkage::kExplicit) continue;
    std::vector<int> bases = a.graph.Bases();
    std::vector<int> heads;
    for (int h : a.graph.Heads()) {
      // A head whose history never reaches a base hangs off a missing parent or a cycle: that is
      // reported (SCH003/SCH001) and alembic fails on it before it counts heads.
      std::vector<int> below = a.graph.Ancestors(h);
      below.push_back(h);
      bool grounded = false;
      for (int b : bases)
        grounded = grounded || std::find(below.begin(), below.end(), b) != below.end();
      if (grounded) heads.push_back(h);
    }
    if (heads.size() < 2) continue;
    // Report at the newest head (last in file order); the others and the fork are related.
    int newest = heads.back();
    std::vector<Related> related;
    for (int h : heads) {
      if (h == newest) continue;
      related.push_back(
          {rules::NodeMigration(a, h).id_loc, fmt::format("head {}", Quote(a.graph.Id(h)))});
    }
    int fork = a.graph.ForkPoint(heads[0], newest);
    if (fork >= 0) {
      related.push_back({rules::NodeMigration(a, fork).id_loc,
                         fmt::format("branch point {}", Quote(a.graph.Id(fork)))});
    }
    std::string message =
        fmt::format("{} heads: {}; `{}` fails with \"Multiple head revisions are present\"",
                    heads.size(), rules::NodeIds(a, heads), rules::ApplyCommand(a.set.tool));
    std::vector<std::string> ids;
    for (int h : heads) ids.push_back(a.graph.Id(h));
    std::string help =
        fmt::format("merge the heads: alembic merge -m \"merge heads\" {}", Join(ids, " "));
    out.push_back(MakeFinding("SCH002", std::move(message), rules::NodeMigration(a, newest).id_loc,
                              std::move(help), std::move(related)));
  }
}

}  // namespace sse
