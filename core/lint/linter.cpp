#include "core/lint/linter.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <thread>

#include "core/lint/catalog.hpp"
#include "core/lint/suppress.hpp"
#include "core/util/glob.hpp"
#include "core/util/parallel.hpp"
#include "core/util/timing.hpp"

namespace sse {

void NoCheck(const LintContext&, std::vector<Finding>&) {}

namespace {

struct NamedCheck {
  const char* code;
  CheckFn fn;
};

const std::vector<NamedCheck>& AllChecks() {
  static const std::vector<NamedCheck> kChecks = {
#define SSE_RULE(code, name, severity, check, summary) {#code, &check},
#include "core/lint/rules.def"
#undef SSE_RULE
  };
  return kChecks;
}

}  // namespace

Result<Workspace> LoadWorkspace(const std::vector<std::string>& paths, const LintOptions& options) {
  DirListingCache listing_cache;  // detection and the readers list the same folders
  Workspace ws;
  DetectOptions dopt;
  dopt.cwd = options.cwd;
  dopt.tool = options.tool;
  dopt.exclude = options.exclude;
  std::vector<Candidate> candidates;
  std::set<std::pair<std::string, Tool>> seen;
  std::set<fs::path> seen_aux;
  auto add_aux = [&](std::vector<fs::path>& into, const std::vector<fs::path>& from) {
    for (const fs::path& p : from) {
      if (seen_aux.insert(p).second) into.push_back(p);
    }
  };
  for (const std::string& p : paths.empty() ? std::vector<std::string>{"."} : paths) {
    PhaseTimer timer("detect");
    auto det = DetectSets(p, dopt);
    if (!det.ok()) return std::move(det).error();
    fs::path abs = fs::path(p).is_absolute() ? fs::path(p) : options.cwd / p;
    ws.roots.push_back(abs.lexically_normal());
    for (Candidate& c : det->candidates) {
      bool excluded = false;
      for (const std::string& g : options.exclude)
        excluded = excluded || GlobMatchSelfOrParent(g, c.display);
      if (excluded) continue;
      if (seen.insert({c.display, c.tool}).second) candidates.push_back(std::move(c));
    }
    for (Finding& f : det->findings) ws.reader_findings.push_back(std::move(f));
    for (std::string& w : det->warnings) ws.warnings.push_back(std::move(w));
    add_aux(ws.dockerfiles, det->dockerfiles);
    add_aux(ws.dockerignores, det->dockerignores);
    add_aux(ws.sum_files, det->sum_files);
  }
  std::vector<MigrationSet> sets;
  {
    PhaseTimer timer("read");
    sets = ReadSets(candidates, options.cwd);
  }
  PhaseTimer graph_timer("graph");
  ws.sets.reserve(sets.size());
  for (MigrationSet& set : sets) {
    if (!options.dialect.empty()) set.dialect = options.dialect;
    for (Finding& f : set.findings) ws.reader_findings.push_back(std::move(f));
    set.findings.clear();
    SetAnalysis a;
    a.graph = RevisionGraph::Build(set);
    a.set = std::move(set);
    ws.sets.push_back(std::move(a));
  }
  if (options.dialects) {
    PhaseTimer replay_timer("replay");
    ParallelFor(ws.sets.size(), [&](size_t i) {
      SetAnalysis& a = ws.sets[i];
      if (const Replayer* r = options.dialects->ReplayerFor(a.set.dialect))
        a.replay = r->Replay(a.set);
    });
  }
  return ws;
}

std::vector<Finding> RunChecks(const Workspace& ws, const LintOptions& options,
                               const LintConfig* config) {
  LintContext ctx;
  ctx.sets = &ws.sets;
  ctx.cwd = options.cwd;
  ctx.roots = ws.roots;
  ctx.dockerfiles = ws.dockerfiles;
  ctx.dockerignores = ws.dockerignores;
  ctx.sum_files = ws.sum_files;
  PhaseTimer timer("checks");
  std::vector<Finding> findings = ws.reader_findings;
  // The dialects' statement rules read only the workspace: they run on a thread of their own
  // beside the core checks.
  std::vector<Finding> dialect_findings;
  std::thread dialect_thread;
  if (options.dialects) {
    dialect_thread = std::thread([&] {
      PhaseTimer dialect_timer("dialect rules");
      for (const SetAnalysis& a : ws.sets) {
        const RuleProvider* rules = options.dialects->RulesFor(a.set.dialect);
        if (rules && a.replay) rules->Check(a.set, *a.replay, dialect_findings);
      }
    });
  }
  for (const NamedCheck& check : AllChecks()) {
    PhaseTimer check_timer(check.code);
    check.fn(ctx, findings);
  }
  if (dialect_thread.joinable()) dialect_thread.join();
  findings.insert(findings.end(), std::make_move_iterator(dialect_findings.begin()),
                  std::make_move_iterator(dialect_findings.end()));
  // `-- schema:ignore` comments first, so that [rules] can still turn their SCH018 off.
  ApplySuppressions(ws.sets, findings);
  if (config) ApplyConfig(*config, options.cwd, findings);
  std::sort(findings.begin(), findings.end(), Finding::Less);
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const Finding& a, const Finding& b) {
                               return !Finding::Less(a, b) && !Finding::Less(b, a);
                             }),
                 findings.end());
  return findings;
}

}  // namespace sse
