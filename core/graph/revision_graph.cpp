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
  bool explicit_links = ToolLinkage(set.tool) == Linkage::kExplicit;
  // The last file with an id wins (Alembic's map_[rev.revision] = rev in load order).
  std::unordered_map<std::string_view, int> last_with_id;
  if (explicit_links) {
    last_with_id.reserve(ms.size());
    for (size_t i = 0; i < ms.size(); ++i) last_with_id[ms[i].id] = static_cast<int>(i);
  }
  g.node_migration_.reserve(ms.size());
  g.ids_.reserve(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) {
    if (ms[i].repeatable) continue;
    if (explicit_links && last_with_id[ms[i].id] != static_cast<int>(i)) continue;
    g.migration_node_[i] = static_cast<int>(g.node_migration_.size());
    g.node_migration_.push_back(static_cast<int>(i));
    g.ids_.push_back(ms[i].id);
  }
  size_t n_nodes = g.size();
  g.by_id_.reserve(n_nodes);
  for (size_t n = 0; n < n_nodes; ++n) g.by_id_.emplace(g.ids_[n], static_cast<int>(n));
  for (size_t n = 0; n < n_nodes; ++n) {
    for (const std::string& label : ms[static_cast<size_t>(g.node_migration_[n])].branch_labels) {
      g.by_label_.emplace(label, static_cast<int>(n));
    }
  }
  g.has_down_.assign(n_nodes, false);
  g.parents_known_.assign(n_nodes, true);
  g.edges_.reserve(n_nodes);
  for (size_t n = 0; n < n_nodes; ++n) {
    const Migration& m = ms[static_cast<size_t>(g.node_migration_[n])];
    g.parents_known_[n] = m.parents_known;
    for (size_t r = 0; r < m.parents.size(); ++r) {
      const ParentRef& p = m.parents[r];
      if (IsDown(p.kind)) g.has_down_[n] = true;
      int parent = p.kind == ParentRef::Kind::kImplicit && p.index >= 0
                       ? g.migration_node_[static_cast<size_t>(p.index)]
                       : g.Find(p.id);
      if (parent < 0) {
        g.missing_.push_back({static_cast<int>(n), static_cast<int>(r), p.id});
        continue;
      }
      g.edges_.push_back({static_cast<int>(n), parent, static_cast<int>(r), p.kind});
    }
  }
  g.Index();
  return g;
}

void RevisionGraph::Index() {
  // Counting sort of edge indices by child (out_) and by parent (in_), in edge order.
  size_t n = size();
  out_.offsets.assign(n + 1, 0);
  in_.offsets.assign(n + 1, 0);
  for (const Edge& e : edges_) {
    ++out_.offsets[static_cast<size_t>(e.child) + 1];
    ++in_.offsets[static_cast<size_t>(e.parent) + 1];
  }
  for (size_t i = 0; i < n; ++i) {
    out_.offsets[i + 1] += out_.offsets[i];
    in_.offsets[i + 1] += in_.offsets[i];
  }
  out_.edges.resize(edges_.size());
  in_.edges.resize(edges_.size());
  std::vector<int> out_fill(out_.offsets.begin(), out_.offsets.end() - 1);
  std::vector<int> in_fill(in_.offsets.begin(), in_.offsets.end() - 1);
  for (size_t e = 0; e < edges_.size(); ++e) {
    out_.edges[static_cast<size_t>(out_fill[static_cast<size_t>(edges_[e].child)]++)] =
        static_cast<int>(e);
    in_.edges[static_cast<size_t>(in_fill[static_cast<size_t>(edges_[e].parent)]++)] =
        static_cast<int>(e);
  }
}

int RevisionGraph::NodeOfMigration(int migration) const {
  if (migration < 0 || static_cast<size_t>(migration) >= migration_node_.size()) return -1;
  return migration_node_[static_cast<size_t>(migration)];
}

int RevisionGraph::Find(std::string_view id) const {
  if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
  if (by_label_.empty()) return -1;
  // "label@head" names the head of a branch label; resolve the label itself.
  std::string key(id.substr(0, id.find('@')));
  if (auto it = by_label_.find(key); it != by_label_.end()) return it->second;
  return -1;
}

std::vector<int> RevisionGraph::Parents(int node) const {
  std::vector<int> out;
  for (int e : out_.Of(node)) out.push_back(edges_[static_cast<size_t>(e)].parent);
  return out;
}

std::vector<int> RevisionGraph::Children(int node) const {
  std::vector<int> out;
  for (int e : in_.Of(node)) out.push_back(edges_[static_cast<size_t>(e)].child);
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
    for (int e : in_.Of(static_cast<int>(n))) {
      if (IsDown(edges_[static_cast<size_t>(e)].kind))
        kids.push_back(edges_[static_cast<size_t>(e)].child);
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
    for (int e : out_.Of(static_cast<int>(n))) {
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
  for (size_t v = 0; v < n; ++v)
    members[static_cast<size_t>(component[v])].push_back(static_cast<int>(v));
  std::vector<std::vector<int>> cycles;
  for (auto& comp : members) {
    if (comp.empty()) continue;
    int start = *std::min_element(comp.begin(), comp.end());
    if (comp.size() == 1) {
      if (!self_loop_seen) continue;
      bool loop = false;
      for (int e : out_.Of(start)) {
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
      for (int e : out_.Of(v)) {
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
    for (int e : in_.Of(v)) {
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
    for (int e : out_.Of(v)) {
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
    for (int e : in_.Of(c)) {
      int child = edges_[static_cast<size_t>(e)].child;
      if (std::binary_search(common.begin(), common.end(), child)) below_other = true;
    }
    if (!below_other && (best < 0 || c > best)) best = c;
  }
  return best;
}

}  // namespace sse
