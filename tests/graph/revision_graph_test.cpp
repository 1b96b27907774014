#include "core/graph/revision_graph.hpp"

#include <gtest/gtest.h>

namespace sse {
namespace {

/// Builds an explicit (Alembic-like) set from "id:parent1,parent2" specs.
MigrationSet Explicit(const std::vector<std::string>& specs) {
  MigrationSet set;
  set.tool = Tool::kAlembic;
  for (const std::string& spec : specs) {
    Migration m;
    size_t colon = spec.find(':');
    m.id = spec.substr(0, colon);
    m.path = m.id + ".py";
    if (colon != std::string::npos) {
      std::string rest = spec.substr(colon + 1);
      size_t start = 0;
      while (start <= rest.size()) {
        size_t comma = rest.find(',', start);
        std::string p =
            rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!p.empty()) {
          ParentRef ref;
          ref.id = p;
          if (p[0] == '~') {  // ~x: depends_on x
            ref.id = p.substr(1);
            ref.kind = ParentRef::Kind::kDependsOn;
          }
          m.parents.push_back(ref);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    set.migrations.push_back(m);
  }
  return set;
}

std::vector<std::string> Ids(const RevisionGraph& g, const std::vector<int>& nodes) {
  std::vector<std::string> out;
  for (int n : nodes) out.push_back(g.Id(n));
  return out;
}

using Strings = std::vector<std::string>;

TEST(RevisionGraph, LinearHistoryHasOneHeadOneBaseAndParentsFirstOrder) {
  auto g = RevisionGraph::Build(Explicit({"c:b", "a", "b:a"}));
  EXPECT_EQ(Ids(g, g.Heads()), Strings({"c"}));
  EXPECT_EQ(Ids(g, g.Bases()), Strings({"a"}));
  ASSERT_TRUE(g.TopologicalOrder());
  EXPECT_EQ(Ids(g, *g.TopologicalOrder()), Strings({"a", "b", "c"}));
  EXPECT_TRUE(g.Cycles().empty());
  EXPECT_TRUE(g.missing().empty());
}

TEST(RevisionGraph, ForkHasTwoHeadsAndABranchPoint) {
  auto g = RevisionGraph::Build(Explicit({"a", "b:a", "c:a", "d:b"}));
  EXPECT_EQ(Ids(g, g.Heads()), Strings({"c", "d"}));
  EXPECT_EQ(Ids(g, g.BranchPoints()), Strings({"a"}));
  EXPECT_EQ(g.Id(g.ForkPoint(g.Find("c"), g.Find("d"))), "a");
}

TEST(RevisionGraph, MergeJoinsHeads) {
  auto g = RevisionGraph::Build(Explicit({"a", "b:a", "c:a", "m:b,c"}));
  EXPECT_EQ(Ids(g, g.Heads()), Strings({"m"}));
  EXPECT_EQ(Ids(g, g.MergePoints()), Strings({"m"}));
}

TEST(RevisionGraph, TwoNodeCycleReportsTheWholePath) {
  // The seed incident: a004 and add_self_service_dining point at each other, with a chain below
  // and a child above (the cycle is reachable from the base, so Alembic's check misses parts).
  auto g = RevisionGraph::Build(
      Explicit({"a001", "a002:a001", "a003:a002", "a004:add_self_service_dining",
                "add_self_service_dining:a004", "a005:a004"}));
  auto cycles = g.Cycles();
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(Ids(g, cycles[0]), Strings({"a004", "add_self_service_dining", "a004"}));
  EXPECT_FALSE(g.TopologicalOrder());
}

TEST(RevisionGraph, LongCycleAndSelfLoop) {
  auto g = RevisionGraph::Build(Explicit({"a:c", "b:a", "c:b", "s:s"}));
  auto cycles = g.Cycles();
  ASSERT_EQ(cycles.size(), 2u);
  EXPECT_EQ(Ids(g, cycles[0]), Strings({"a", "c", "b", "a"}));
  EXPECT_EQ(Ids(g, cycles[1]), Strings({"s", "s"}));
}

TEST(RevisionGraph, MissingParentIsRecordedNotLinked) {
  auto g = RevisionGraph::Build(Explicit({"a", "b:a_initial.py"}));
  ASSERT_EQ(g.missing().size(), 1u);
  EXPECT_EQ(g.missing()[0].id, "a_initial.py");
  EXPECT_EQ(g.Id(g.missing()[0].node), "b");
}

TEST(RevisionGraph, DependsOnResolvesBranchLabelsAndDoesNotRemoveHeads) {
  MigrationSet set = Explicit({"a", "b:a", "x", "y:x,~auth"});
  set.migrations[2].branch_labels = {"auth"};
  auto g = RevisionGraph::Build(set);
  EXPECT_TRUE(g.missing().empty());
  // x is named by y's down_revision, so it is not a head; b and y are.
  EXPECT_EQ(Ids(g, g.Heads()), Strings({"b", "y"}));
}

TEST(RevisionGraph, DuplicateIdKeepsTheLastFileLikeAlembic) {
  MigrationSet set = Explicit({"a", "b:a", "b:a"});
  set.migrations[1].path = "first.py";
  set.migrations[2].path = "second.py";
  auto g = RevisionGraph::Build(set);
  EXPECT_EQ(g.size(), 2u);
  EXPECT_EQ(g.MigrationIndex(g.Find("b")), 2);
  EXPECT_EQ(g.NodeOfMigration(1), -1);
}

TEST(RevisionGraph, ImplicitOrderLinksByIndex) {
  MigrationSet set;
  set.tool = Tool::kFlyway;
  for (const char* id : {"1", "2", "2", "10"}) {
    Migration m;
    m.id = id;
    set.migrations.push_back(m);
  }
  for (size_t i = 1; i < set.migrations.size(); ++i) {
    ParentRef p;
    p.kind = ParentRef::Kind::kImplicit;
    p.index = static_cast<int>(i - 1);
    p.id = set.migrations[i - 1].id;
    set.migrations[i].parents.push_back(p);
  }
  auto g = RevisionGraph::Build(set);
  EXPECT_EQ(g.size(), 4u);  // duplicates stay nodes: the tool orders by index
  EXPECT_EQ(Ids(g, g.Heads()), Strings({"10"}));
  EXPECT_EQ(g.Bases().size(), 1u);
}

TEST(RevisionGraph, HundredThousandNodeChainIsFast) {
  MigrationSet set;
  set.tool = Tool::kAlembic;
  set.migrations.resize(100000);
  for (size_t i = 0; i < set.migrations.size(); ++i) {
    set.migrations[i].id = "r" + std::to_string(i);
    if (i)
      set.migrations[i].parents.push_back(
          {"r" + std::to_string(i - 1), ParentRef::Kind::kDownRevision, {}, -1});
  }
  auto g = RevisionGraph::Build(set);
  EXPECT_EQ(g.Heads().size(), 1u);
  EXPECT_TRUE(g.Cycles().empty());
  ASSERT_TRUE(g.TopologicalOrder());
  EXPECT_EQ(g.TopologicalOrder()->back(), 99999);
}

}  // namespace
}  // namespace sse
