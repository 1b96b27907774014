#include "core/graph/graph_render.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/util/strings.hpp"

namespace sse {

namespace {

/// Nodes in display order: topological when acyclic, else file order.
std::vector<int> DisplayOrder(const RevisionGraph& g) {
  if (auto order = g.TopologicalOrder()) return *order;
  std::vector<int> all(g.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  return all;
}

struct NodeFlags {
  std::vector<std::vector<std::string>> flags;
};

NodeFlags Flags(const RevisionGraph& g) {
  NodeFlags f;
  f.flags.assign(g.size(), {});
  for (int n : g.Bases()) f.flags[static_cast<size_t>(n)].push_back("base");
  for (int n : g.BranchPoints()) f.flags[static_cast<size_t>(n)].push_back("branch point");
  for (int n : g.MergePoints()) f.flags[static_cast<size_t>(n)].push_back("merge");
  for (int n : g.Heads()) f.flags[static_cast<size_t>(n)].push_back("head");
  for (const auto& cycle : g.Cycles()) {
    std::set<int> members(cycle.begin(), cycle.end());
    for (int n : members) f.flags[static_cast<size_t>(n)].push_back("cycle");
  }
  for (const auto& m : g.missing())
    f.flags[static_cast<size_t>(m.node)].push_back("missing parent " + Quote(m.id));
  return f;
}

std::string DotEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string MermaidText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"')
      out += "#quot;";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string GraphText(const SetAnalysis& a) {
  const RevisionGraph& g = a.graph;
  std::string out =
      fmt::format("{} {} ({}{} migrations)\n", ToolName(a.set.tool), a.set.root,
                  a.set.dialect.empty() ? "" : a.set.dialect + ", ", a.set.migrations.size());
  NodeFlags flags = Flags(g);
  size_t width = 0;
  for (size_t n = 0; n < g.size(); ++n)
    width = std::max(width, Printable(g.Id(static_cast<int>(n))).size());
  for (const Migration& m : a.set.migrations) {
    if (m.repeatable) width = std::max(width, Printable(m.id).size());
  }
  for (int n : DisplayOrder(g)) {
    const Migration& m = a.set.migrations[static_cast<size_t>(g.MigrationIndex(n))];
    std::vector<std::string> parents;
    for (int p : g.Parents(n)) parents.push_back(Printable(g.Id(p)));
    std::string left = fmt::format("  {:<{}}", Printable(g.Id(n)), width);
    std::string arrow = parents.empty() ? "" : "  <- " + Join(parents, ", ");
    std::string f = flags.flags[static_cast<size_t>(n)].empty()
                        ? ""
                        : "  [" + Join(flags.flags[static_cast<size_t>(n)], ", ") + "]";
    std::string name = m.name.empty() ? "" : "  " + Printable(m.name);
    out += left + arrow + f + name + "\n";
  }
  // Flyway repeatables are not in the graph: they run after every versioned migration.
  for (const Migration& m : a.set.migrations) {
    if (!m.repeatable) continue;
    out += fmt::format("  {:<{}}  [repeatable]{}\n", Printable(m.id), width,
                       m.name.empty() ? "" : "  " + Printable(m.name));
  }
  return out;
}

std::string GraphDot(const std::vector<SetAnalysis>& sets) {
  std::string out =
      "digraph migrations {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n";
  for (size_t s = 0; s < sets.size(); ++s) {
    const SetAnalysis& a = sets[s];
    const RevisionGraph& g = a.graph;
    out += fmt::format("  subgraph cluster_{} {{\n    label=\"{} {}\";\n", s, ToolName(a.set.tool),
                       DotEscape(a.set.root));
    NodeFlags flags = Flags(g);
    for (int n : DisplayOrder(g)) {
      const auto& fl = flags.flags[static_cast<size_t>(n)];
      bool cycle = std::find(fl.begin(), fl.end(), "cycle") != fl.end();
      bool head = std::find(fl.begin(), fl.end(), "head") != fl.end();
      out += fmt::format("    \"s{}_{}\" [label=\"{}\"{}];\n", s, n, DotEscape(g.Id(n)),
                         cycle  ? ", color=red"
                         : head ? ", style=bold"
                                : "");
    }
    for (size_t i = 0; i < a.set.migrations.size(); ++i) {
      if (!a.set.migrations[i].repeatable) continue;
      out += fmt::format("    \"s{}_r{}\" [label=\"{}\", style=dashed];\n", s, i,
                         DotEscape(a.set.migrations[i].id));
    }
    for (const auto& e : g.edges()) {
      out += fmt::format("    \"s{}_{}\" -> \"s{}_{}\"{};\n", s, e.child, s, e.parent,
                         e.kind == ParentRef::Kind::kDependsOn ? " [style=dashed]" : "");
    }
    out += "  }\n";
  }
  out += "}\n";
  return out;
}

std::string GraphMermaid(const std::vector<SetAnalysis>& sets) {
  std::string out = "graph BT\n";
  for (size_t s = 0; s < sets.size(); ++s) {
    const SetAnalysis& a = sets[s];
    const RevisionGraph& g = a.graph;
    out += fmt::format("  subgraph set{}[\"{} {}\"]\n", s, ToolName(a.set.tool),
                       MermaidText(a.set.root));
    for (int n : DisplayOrder(g))
      out += fmt::format("    s{}_{}[\"{}\"]\n", s, n, MermaidText(g.Id(n)));
    for (size_t i = 0; i < a.set.migrations.size(); ++i) {
      if (a.set.migrations[i].repeatable) {
        out += fmt::format("    s{}_r{}([\"{}\"])\n", s, i, MermaidText(a.set.migrations[i].id));
      }
    }
    out += "  end\n";
    for (const auto& e : g.edges()) {
      out += fmt::format("  s{}_{} {} s{}_{}\n", s, e.child,
                         e.kind == ParentRef::Kind::kDependsOn ? "-.->" : "-->", s, e.parent);
    }
  }
  return out;
}

nlohmann::ordered_json GraphJson(const SetAnalysis& a) {
  const RevisionGraph& g = a.graph;
  NodeFlags flags = Flags(g);
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (int n : DisplayOrder(g)) {
    const Migration& m = a.set.migrations[static_cast<size_t>(g.MigrationIndex(n))];
    nlohmann::ordered_json j;
    j["id"] = g.Id(n);
    j["path"] = m.path;
    j["name"] = m.name;
    std::vector<std::string> parents;
    for (int p : g.Parents(n)) parents.push_back(g.Id(p));
    j["parents"] = parents;
    j["flags"] = flags.flags[static_cast<size_t>(n)];
    nodes.push_back(std::move(j));
  }
  for (const Migration& m : a.set.migrations) {
    if (!m.repeatable) continue;
    nlohmann::ordered_json j;
    j["id"] = m.id;
    j["path"] = m.path;
    j["name"] = m.name;
    j["parents"] = nlohmann::ordered_json::array();
    j["flags"] = {"repeatable"};
    nodes.push_back(std::move(j));
  }
  nlohmann::ordered_json out;
  out["tool"] = std::string(ToolName(a.set.tool));
  out["path"] = a.set.root;
  out["nodes"] = std::move(nodes);
  nlohmann::ordered_json cycles = nlohmann::ordered_json::array();
  for (const auto& c : g.Cycles()) {
    std::vector<std::string> ids;
    for (int n : c) ids.push_back(g.Id(n));
    cycles.push_back(ids);
  }
  out["cycles"] = std::move(cycles);
  return out;
}

}  // namespace sse
