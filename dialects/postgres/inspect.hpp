#pragma once
/// PostgreSQL introspection: a live database -> the neutral model, read-only.
///
/// One READ ONLY REPEATABLE READ transaction (one consistent snapshot), with statement_timeout,
/// lock_timeout, idle_in_transaction_session_timeout and application_name = 'schema' set, and a
/// fixed number of batched pg_catalog queries whatever the size of the schema (one per object
/// kind). System schemas (pg_catalog, information_schema, pg_toast*, pg_temp_*) and objects that
/// belong to an extension (pg_depend deptype 'e') are left out; the extension itself is reported.
/// Expressions come from pg_get_expr / pg_get_viewdef / pg_get_indexdef / pg_get_triggerdef with
/// an empty search_path (every non-system name schema-qualified, as pg_dump prints them), parsed
/// and deparsed by libpg_query so they read like the static replay's (docs/dialects/postgres.md,
/// "Model conventions"); the casts PostgreSQL adds stay, the normalizer folds them when comparing.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/model/catalog.hpp"
#include "core/util/result.hpp"

namespace sse::pg {

/// What an inspection did and saw beyond the catalog (for drift's SCH804 and -v output).
struct InspectReport {
  int round_trips = 0;         ///< statements sent to the server, BEGIN and COMMIT included
  std::string server_version;  ///< server_version_num, "150018"
  int plain_indexes = 0;       ///< indexes built from pg_index's columns (IndexesQuery)
  /// Objects of kinds the model does not cover, in the schemas read, sorted:
  /// "aggregate public.total(integer)", "rule archive on public.t", "range type public.span",
  /// "foreign table public.remote", "operator public.===", "event trigger audit" ...
  std::vector<std::string> unmodeled;
};

/// Rows of a query as text (nullopt for NULL), and a function running one in a transaction.
using QueryRows = std::vector<std::vector<std::optional<std::string>>>;
using TxQuery = std::function<Result<QueryRows>(const std::string& sql)>;

struct InspectOptions {
  /// Schemas to read (glob patterns, "app_*"); empty = every schema that is not a system schema.
  std::vector<std::string> include_schemas;
  /// Schemas to leave out (glob patterns), applied after include_schemas.
  std::vector<std::string> exclude_schemas;
  int connect_timeout_s = 10;
  /// Connection attempts before giving up (a server restarting, a pooler at its limit): the
  /// waits between them double from `retry_delay_ms`. Errors after connecting are not retried.
  int connect_attempts = 3;
  int retry_delay_ms = 250;
  int statement_timeout_ms = 30000;
  int lock_timeout_ms = 5000;
  int idle_in_transaction_timeout_ms = 60000;
  /// Plain btree indexes built from pg_index's columns rather than from pg_get_indexdef's text
  /// (the same model, a third less server time for the indexes). Off only to check that claim.
  bool plain_indexes_from_catalog = true;
  /// When set, filled with what the inspection did and the objects it could not model.
  InspectReport* report = nullptr;
  /// When set, called inside the inspection's read-only transaction once the catalog is read,
  /// with a function that runs one more query there (same snapshot, same timeouts): how the
  /// migration tools' ledgers are read. The query must not fail (a failed query ends the
  /// transaction): look the tables and columns up first.
  std::function<Status(const TxQuery&)> in_transaction;
};

/// Reads the schema of the database at `url` (a postgres:// URL or a libpq keyword string; libpq
/// environment variables, service files and .pgpass apply). Errors: kConnection naming the host
/// and port with libpq's reason (never the password), kTimeout when a timeout expired, kQuery
/// for other failures.
Result<model::Catalog> InspectPostgres(const std::string& url, const InspectOptions& options = {});

/// `url` as a libpq keyword string for database `dbname` (empty: the URL's own), with
/// application_name and connect_timeout set as the inspector sets them. kInvalidArgument when
/// libpq cannot parse the URL.
Result<std::string> ConnectionString(const std::string& url, const std::string& dbname,
                                     int connect_timeout_s);

/// `message` with the URL's password masked (libpq does not print it; be sure anyway).
std::string ScrubPassword(std::string message, const std::string& url);

/// "host:port" of a connection string as libpq would resolve it (environment and defaults
/// applied), for messages. Never includes a password.
std::string DescribeConnectionTarget(const std::string& url);

}  // namespace sse::pg
