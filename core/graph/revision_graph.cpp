#include "core/graph/revision_graph.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <iterator>
#include <queue>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

namespace sse {

namespace {
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

bool IsDown(ParentRef::Kind k) { return k != ParentRef::Kind::kDependsOn; }
}  // namespace

RevisionGraph RevisionGraph::Build(const MigrationSet& set) {
  RevisionGraph g;
  const auto& ms = set.migrations;
  g.migration_node_.assign(ms.size(), -1);
  // The last file with an id wins (Alembic's map_[rev.revision] = rev in load order).
  std::unordered_map<std::string, int> last_with_id;
  if (ToolLinkage(set.tool) == Linkage::kExplicit) {
    for (size_t i = 0; i < ms.size(); ++i) last_with_id[ms[i].id] = static_cast<int>(i);
  }
  for (size_t i = 0; i < ms.size(); ++i) {
    if (ms[i].repeatable) continue;
    if (!last_with_id.empty() && last_with_id[ms[i].id] != static_cast<int>(i)) continue;
    int node = static_cast<int>(g.node_migration_.size());
    g.node_migration_.push_back(static_cast<int>(i));
    g.migration_node_[i] = node;
    g.ids_.push_back(ms[i].id);
    g.by_id_.emplace(ms[i].id, node);
  }
  for (size_t n = 0; n < g.size(); ++n) {
    for (const std::string& label : ms[static_cast<size_t>(g.node_migration_[n])].branch_labels) {
      g.by_label_.emplace(label, static_cast<int>(n));
    }
  }
  size_t n_nodes = g.size();
  g.out_.assign(n_nodes, {});
  g.in_.assign(n_nodes, {});
  g.has_down_.assign(n_nodes, false);
  g.parents_known_.assign(n_nodes, true);
  for (size_t n = 0; n < n_nodes; ++n) {
    const Migration& m = ms[static_cast<size_t>(g.node_migration_[n])];
    g.parents_known_[n] = m.parents_known;
    for (size_t r = 0; r < m.parents.size(); ++r) {
      const ParentRef& p = m.parents[r];
      if (IsDown(p.kind)) g.has_down_[n] = true;
      int parent = -1;
      if (p.kind == ParentRef::Kind::kImplicit && p.index >= 0) {
        parent = g.migration_node_[static_cast<size_t>(p.index)];
      } else {
        parent = g.Find(p.id);
      }
      if (parent < 0) {
        g.missing_.push_back({static_cast<int>(n), static_cast<int>(r), p.id});
        continue;
      }
      int e = static_cast<int>(g.edges_.size());
      g.edges_.push_back({static_cast<int>(n), parent, static_cast<int>(r), p.kind});
      g.out_[n].push_back(e);
      g.in_[static_cast<size_t>(parent)].push_back(e);
    }
  }
  return g;
}

int RevisionGraph::NodeOfMigration(int migration) const {
  if (migration < 0 || static_cast<size_t>(migration) >= migration_node_.size()) return -1;
  return migration_node_[static_cast<size_t>(migration)];
}

int RevisionGraph::Find(std::string_view id) const {
  std::string key(id);
  if (auto it = by_id_.find(key); it != by_id_.end()) return it->second;
  // "label@head" names the head of a branch label; resolve the label itself.
  if (size_t at = key.find('@'); at != std::string::npos) key.resize(at);
  if (auto it = by_label_.find(key); it != by_label_.end()) return it->second;
  return -1;
}

std::vector<int> RevisionGraph::Parents(int node) const {
  std::vector<int> out;
  for (int e : out_[static_cast<size_t>(node)]) out.push_back(edges_[static_cast<size_t>(e)].parent);
  return out;
}

std::vector<int> RevisionGraph::Children(int node) const {
  std::vector<int> out;
  for (int e : in_[static_cast<size_t>(node)]) out.push_back(edges_[static_cast<size_t>(e)].child);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<int> RevisionGraph::Heads() const {
  std::vector<bool> named(size(), false);
  for (const Edge& e : edges_) {
    if (IsDown(e.kind)) named[static_cast<size_t>(e.parent)] = true;
  }
  std::vector<int> out;
  for (size_t n = 0; n < size(); ++n) {
    if (!named[n]) out.push_back(static_cast<int>(n));
  }
  return out;
}

std::vector<int> RevisionGraph::Bases() const {
  std::vector<int> out;
  for (size_t n = 0; n < size(); ++n) {
    if (!has_down_[n] && parents_known_[n]) out.push_back(static_cast<int>(n));
  }
  return out;
}

std::vector<int> RevisionGraph::BranchPoints() const {
  std::vector<int> out;
  for (size_t n = 0; n < size(); ++n) {
    std::vector<int> kids;
    for (int e : in_[n]) {
      if (IsDown(edges_[static_cast<size_t>(e)].kind)) kids.push_back(edges_[static_cast<size_t>(e)].child);
    }
    std::sort(kids.begin(), kids.end());
    kids.erase(std::unique(kids.begin(), kids.end()), kids.end());
    if (kids.size() > 1) out.push_back(static_cast<int>(n));
  }
  return out;
}

std::vector<int> RevisionGraph::MergePoints() const {
  std::vector<int> out;
  for (size_t n = 0; n < size(); ++n) {
    int downs = 0;
    for (int e : out_[n]) {
      if (IsDown(edges_[static_cast<size_t>(e)].kind)) ++downs;
    }
    if (downs > 1) out.push_back(static_cast<int>(n));
  }
  return out;
}

std::vector<std::vector<int>> RevisionGraph::Cycles() const {
  size_t n = size();
  BoostGraph bg(n);
  bool self_loop_seen = false;
  for (const Edge& e : edges_) {
    boost::add_edge(static_cast<size_t>(e.child), static_cast<size_t>(e.parent), bg);
    if (e.child == e.parent) self_loop_seen = true;
  }
  std::vector<int> component(n, 0);
  int count = n ? static_cast<int>(boost::strong_components(
                      bg, boost::make_iterator_property_map(component.begin(),
                                                            boost::get(boost::vertex_index, bg))))
                : 0;
  std::vector<std::vector<int>> members(static_cast<size_t>(count));
  for (size_t v = 0; v < n; ++v) members[static_cast<size_t>(component[v])].push_back(static_cast<int>(v));
  std::vector<std::vector<int>> cycles;
  for (auto& comp : members) {
    if (comp.empty()) continue;
    int start = *std::min_element(comp.begin(), comp.end());
    if (comp.size() == 1) {
      if (!self_loop_seen) continue;
      bool loop = false;
      for (int e : out_[static_cast<size_t>(start)]) {
        if (edges_[static_cast<size_t>(e)].parent == start) loop = true;
      }
      if (loop) cycles.push_back({start, start});
      continue;
    }
    // Shortest path start -> ... -> start inside the component (BFS over parent links).
    int cid = component[static_cast<size_t>(start)];
    std::vector<int> prev(n, -1);
    std::vector<bool> seen(n, false);
    std::deque<int> queue = {start};
    seen[static_cast<size_t>(start)] = true;
    int last = -1;
    while (!queue.empty() && last < 0) {
      int v = queue.front();
      queue.pop_front();
      for (int e : out_[static_cast<size_t>(v)]) {
        int p = edges_[static_cast<size_t>(e)].parent;
        if (p == start) {
          last = v;
          break;
        }
        if (component[static_cast<size_t>(p)] != cid || seen[static_cast<size_t>(p)]) continue;
        seen[static_cast<size_t>(p)] = true;
        prev[static_cast<size_t>(p)] = v;
        queue.push_back(p);
      }
    }
    std::vector<int> path;
    for (int v = last; v >= 0 && v != start; v = prev[static_cast<size_t>(v)]) path.push_back(v);
    path.push_back(start);
    std::reverse(path.begin(), path.end());
    path.push_back(start);
    cycles.push_back(std::move(path));
  }
  std::sort(cycles.begin(), cycles.end());
  return cycles;
}

std::optional<std::vector<int>> RevisionGraph::TopologicalOrder() const {
  // Kahn's algorithm, parents first, the earliest file first among ready nodes.
  std::vector<int> pending(size(), 0);
  for (const Edge& e : edges_) ++pending[static_cast<size_t>(e.child)];
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (size_t v = 0; v < size(); ++v) {
    if (pending[v] == 0) ready.push(static_cast<int>(v));
  }
  std::vector<int> order;
  order.reserve(size());
  while (!ready.empty()) {
    int v = ready.top();
    ready.pop();
    order.push_back(v);
    for (int e : in_[static_cast<size_t>(v)]) {
      int c = edges_[static_cast<size_t>(e)].child;
      if (--pending[static_cast<size_t>(c)] == 0) ready.push(c);
    }
  }
  if (order.size() != size()) return std::nullopt;
  return order;
}

std::vector<int> RevisionGraph::Ancestors(int node) const {
  std::vector<bool> seen(size(), false);
  std::vector<int> stack = {node};
  std::vector<int> out;
  while (!stack.empty()) {
    int v = stack.back();
    stack.pop_back();
    for (int e : out_[static_cast<size_t>(v)]) {
      int p = edges_[static_cast<size_t>(e)].parent;
      if (seen[static_cast<size_t>(p)]) continue;
      seen[static_cast<size_t>(p)] = true;
      out.push_back(p);
      stack.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

int RevisionGraph::ForkPoint(int head_a, int head_b) const {
  std::vector<int> a = Ancestors(head_a);
  std::vector<int> b = Ancestors(head_b);
  std::vector<int> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  // The nearest common ancestor: one that is not an ancestor of another common one.
  int best = -1;
  for (int c : common) {
    bool below_other = false;
    for (int e : in_[static_cast<size_t>(c)]) {
      int child = edges_[static_cast<size_t>(e)].child;
      if (std::binary_search(common.begin(), common.end(), child)) below_other = true;
    }
    if (!below_other && (best < 0 || c > best)) best = c;
  }
  return best;
}

}  // namespace sse
