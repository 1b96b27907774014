#pragma once
/// SOURCE arguments of `schema snapshot` / `schema diff` / `schema drift` (CONTRACT.md
/// "Sources"): a migration folder (replayed to its head, or `DIR@REV`), a `.json` snapshot, a
/// `.sql` DDL file, or a live database (cli/databases.hpp).

#include <future>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "cli/databases.hpp"
#include "cli/options.hpp"
#include "core/model/catalog.hpp"

namespace sse::cli {

/// What a source resolved to.
struct ResolvedSource {
  model::Catalog catalog;
  std::string description;  ///< "migrations db/migrations (golang-migrate) at 0042", "schema.sql"
  std::vector<Finding> findings;  ///< replay problems found on the way (SCH401/402/403)
  /// Statements whose effect the replay does not model (SCH404): the comparison cannot cover
  /// what they did. `first_unmodeled` locates the first of them.
  int unmodeled = 0;
  std::optional<SourceLoc> first_unmodeled;
  std::string first_unmodeled_reason;
};

Result<ResolvedSource> ResolveSource(Context& ctx, const std::string& spec,
                                     const DatabaseOptions& db_options = {});

/// A loaded migration set replayed to its head (`last` = nullopt), to migration index `last`, or
/// to nothing (`last` = -1: the dialect's empty schema); `label` is appended to the description.
Result<ResolvedSource> ReplaySet(const SetAnalysis& a, std::optional<int> last,
                                 const std::string& label, const DatabaseOptions& db_options);

/// A source resolved on a thread of its own while the command does other work: drift inspects the
/// database meanwhile, diff resolves its other side (a 2,000-table snapshot takes about as long to
/// read as the database to inspect). What the source would print is buffered and printed by
/// Get(), so the output is the same as resolving it in place after the other work.
class BackgroundSource {
 public:
  BackgroundSource(Context& ctx, std::string spec, DatabaseOptions db_options);
  ~BackgroundSource();  ///< waits for the thread (a command that fails first still joins it)
  BackgroundSource(const BackgroundSource&) = delete;
  BackgroundSource& operator=(const BackgroundSource&) = delete;

  /// Waits for the source and prints what it buffered; call once. An exception thrown on the
  /// thread is thrown here.
  Result<ResolvedSource> Get();

 private:
  Context& ctx_;
  std::ostringstream out_, err_;
  Context own_;
  std::future<Result<ResolvedSource>> result_;
};

/// Prints a source's replay problems to stderr as warnings (unless --quiet): the source is
/// still compared, but a snapshot of a history that does not replay cleanly says so.
void WarnSourceFindings(Context& ctx, const ResolvedSource& source);

/// Prints one finding to stderr as "schema: warning: path:line: CODE message" (unless --quiet).
void WarnFinding(Context& ctx, const Finding& f);

/// SCH804 when a source holds statements the replay does not model: the comparison does not
/// cover what they did. nullopt when there are none.
std::optional<Finding> UnmodeledFinding(const ResolvedSource& source);

}  // namespace sse::cli
