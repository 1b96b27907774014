// SCH010 snapshot-fork: Drizzle snapshots that share a prevId, or a broken id/prevId chain.

#include <map>

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckSnapshotFork(const LintContext& ctx, std::vector<Finding>& out) {
  static const std::string kOrigin = "00000000-0000-0000-0000-000000000000";
  for (const SetAnalysis& a : *ctx.sets) {
    const auto& snaps = a.set.snapshots;
    if (snaps.empty()) continue;
    // Duplicate ids.
    std::map<std::string, const SnapshotInfo*> by_id;
    for (const SnapshotInfo& s : snaps) {
      if (s.id.empty()) continue;
      auto [it, inserted] = by_id.emplace(s.id, &s);
      if (!inserted) {
        out.push_back(MakeFinding("SCH010",
                                  fmt::format("snapshots {} and {} have the same id {}",
                                              rules::SnapshotName(it->second->path),
                                              rules::SnapshotName(s.path), Quote(s.id)),
                                  s.id_loc,
                                  "regenerate the later migration with drizzle-kit generate",
                                  {{it->second->id_loc, "same id"}}));
      }
    }
    // Collisions: several snapshots with one prevId (drizzle-kit check fails).
    std::map<std::string, std::vector<const SnapshotInfo*>> by_prev;
    for (const SnapshotInfo& s : snaps) by_prev[s.prev_id].push_back(&s);
    for (const auto& [prev, group] : by_prev) {
      if (group.size() < 2 || prev.empty()) continue;
      std::vector<std::string> names;
      for (const SnapshotInfo* s : group) names.push_back(rules::SnapshotName(s->path));
      std::vector<Related> related;
      for (size_t i = 0; i + 1 < group.size(); ++i)
        related.push_back({group[i]->prev_loc, "same prevId"});
      std::string message =
          prev == kOrigin
              ? fmt::format("{} snapshots start a new chain (prevId is the origin id): {}",
                            group.size(), Join(names, ", "))
              : fmt::format(
                    "[{}] are pointing to a parent snapshot {}: drizzle-kit reports a collision "
                    "(two branches generated migrations from the same snapshot)",
                    Join(names, ", "), Quote(prev));
      out.push_back(
          MakeFinding("SCH010", std::move(message), group.back()->prev_loc,
                      "drop the later migration (drizzle-kit drop) and generate it again on top "
                      "of the other branch",
                      std::move(related)));
    }
    // The chain in file order: each snapshot's prevId should be the previous snapshot's id.
    for (size_t i = 1; i < snaps.size(); ++i) {
      const SnapshotInfo& s = snaps[i];
      const SnapshotInfo& prev = snaps[i - 1];
      if (s.prev_id.empty() || prev.id.empty() || s.prev_id == prev.id) continue;
      if (by_prev[s.prev_id].size() > 1) continue;  // already a collision
      auto parent = by_id.find(s.prev_id);
      if (parent == by_id.end()) continue;  // a prevId that names nothing is SCH003
      out.push_back(MakeFinding(
          "SCH010",
          fmt::format(
              "snapshot {} follows {} (its prevId), not {} which precedes it: the id/prevId "
              "chain is broken",
              rules::SnapshotName(s.path), rules::SnapshotName(parent->second->path),
              rules::SnapshotName(prev.path)),
          s.prev_loc, "regenerate the snapshots in order with drizzle-kit generate",
          {{parent->second->id_loc, "the snapshot its prevId names"}}));
    }
  }
}

}  // namespace sse
