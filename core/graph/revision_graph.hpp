#pragma once
/// RevisionGraph: the parent links of one migration set as a directed graph (child -> parent),
/// stored in a boost::adjacency_list behind this small API. Finds cycles with their whole path
/// (strongly connected components, so a cycle reachable from the base is found too), heads,
/// bases, branch and merge points, missing parents and a deterministic topological order.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/migrations/migration.hpp"

namespace sse {

class RevisionGraph {
 public:
  /// One edge: node `child` names node `parent` through parent reference `ref` of its migration.
  struct Edge {
    int child = -1;
    int parent = -1;
    int ref = -1;  ///< index into the child migration's `parents`
    ParentRef::Kind kind = ParentRef::Kind::kDownRevision;
  };
  /// A parent reference that resolves to no node.
  struct Missing {
    int node = -1;
    int ref = -1;
    std::string id;
  };

  RevisionGraph() = default;
  /// Move-only: the id index refers to the graph's own id strings.
  RevisionGraph(RevisionGraph&&) = default;
  RevisionGraph& operator=(RevisionGraph&&) = default;
  RevisionGraph(const RevisionGraph&) = delete;
  RevisionGraph& operator=(const RevisionGraph&) = delete;

  /// Builds the graph of a set. Nodes are the set's migrations except Flyway repeatables and
  /// Alembic duplicates that a later file with the same id replaces (Alembic keeps the last file
  /// loaded); parent ids resolve through revision ids, then branch labels.
  static RevisionGraph Build(const MigrationSet& set);

  size_t size() const { return node_migration_.size(); }
  /// Index into MigrationSet::migrations of a node.
  int MigrationIndex(int node) const { return node_migration_[static_cast<size_t>(node)]; }
  /// Node of a migration index, or -1 when the migration is not a node.
  int NodeOfMigration(int migration) const;
  /// Node with this revision id or branch label, or -1.
  int Find(std::string_view id) const;
  const std::string& Id(int node) const { return ids_[static_cast<size_t>(node)]; }

  const std::vector<Edge>& edges() const { return edges_; }
  const std::vector<Missing>& missing() const { return missing_; }
  /// Parent nodes of a node (down_revision and depends_on), in reference order.
  std::vector<int> Parents(int node) const;
  /// Child nodes of a node (down_revision and depends_on), in node order.
  std::vector<int> Children(int node) const;

  /// Nodes no other node names as a down_revision (depends_on does not count, as in Alembic).
  std::vector<int> Heads() const;
  /// Nodes with no down_revision (and whose parents the reader could read).
  std::vector<int> Bases() const;
  /// Nodes named as down_revision by more than one node.
  std::vector<int> BranchPoints() const;
  /// Nodes with more than one down_revision.
  std::vector<int> MergePoints() const;
  /// One entry per cycle (strongly connected component with more than one node, or a self
  /// loop): the path start -> ... -> start following parent links, starting at the component's
  /// node that comes first in file order.
  std::vector<std::vector<int>> Cycles() const;
  /// Nodes ordered parents-first, ties broken by file order; nullopt when there is a cycle.
  std::optional<std::vector<int>> TopologicalOrder() const;
  /// Every node reachable from `node` through parent links (not including it).
  std::vector<int> Ancestors(int node) const;
  /// The nearest common branch point of two heads walking down their down_revision chains, or -1.
  int ForkPoint(int head_a, int head_b) const;

 private:
  /// Edge indices leaving (to parents) or entering (from children) a node, in compressed rows.
  struct Adjacency {
    std::vector<int> offsets;  ///< size() + 1 entries
    std::vector<int> edges;
    std::span<const int> Of(int node) const {
      size_t b = static_cast<size_t>(offsets[static_cast<size_t>(node)]);
      size_t e = static_cast<size_t>(offsets[static_cast<size_t>(node) + 1]);
      return {edges.data() + b, e - b};
    }
  };
  void Index();

  std::vector<int> node_migration_;
  std::vector<int> migration_node_;
  std::vector<std::string> ids_;
  /// Views into ids_ (their characters do not move when the graph is moved: std::string
  /// objects keep their place in the vector's buffer).
  std::unordered_map<std::string_view, int> by_id_;
  std::unordered_map<std::string, int> by_label_;
  std::vector<Edge> edges_;
  std::vector<Missing> missing_;
  Adjacency out_;               ///< child -> edges to its parents
  Adjacency in_;                ///< parent -> edges from its children
  std::vector<bool> has_down_;  ///< node has a down_revision (or implicit parent)
  std::vector<bool> parents_known_;
};

}  // namespace sse
