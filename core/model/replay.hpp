#pragma once
/// Replay: what applying a migration's statements did to the schema model, statement by
/// statement, in dialect-neutral terms the rules read (SCH1xx-SCH4xx), plus the small interfaces
/// through which the core asks a dialect to replay and check a migration set. The dialects
/// (dialects/<d>/) implement them; the CLI wires them in, so core never depends on a dialect.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/migrations/migration.hpp"
#include "core/model/catalog.hpp"
#include "core/report/finding.hpp"
#include "core/util/result.hpp"

namespace sse::model {

enum class ObjectKind {
  kSchema,
  kTable,
  kColumn,
  kConstraint,
  kIndex,
  kView,
  kMaterializedView,
  kSequence,
  kEnum,
  kDomain,
  kCompositeType,
  kFunction,
  kTrigger,
  kPolicy,
  kExtension,
  kOther,
};
std::string_view ObjectKindName(ObjectKind k);

/// An object a statement touched: kind, schema-qualified name and, for columns, constraints,
/// triggers and policies, the part inside the table.
struct ObjectRef {
  ObjectKind kind = ObjectKind::kOther;
  QualifiedName name;
  std::string member;  ///< column / constraint / trigger / policy name, or "" for the object

  /// "public.users", "public.users.email".
  std::string ToString() const;
};

enum class ChangeOp { kCreate, kDrop, kAlter, kRename, kTruncate, kComment };

/// One effect of a statement on the model. A statement may have several (ALTER TABLE with many
/// subcommands, CREATE TABLE with its serial sequences).
struct Change {
  ChangeOp op = ChangeOp::kAlter;
  ObjectRef object;
  bool guarded = false;  ///< IF [NOT] EXISTS
  bool cascade = false;  ///< DROP ... CASCADE
  /// The object (for columns, constraints and indexes: its table) existed before the migration
  /// that holds this statement started: a lock or a rewrite then hits live data.
  bool on_existing = false;
  std::string new_name;  ///< rename
  // Columns: created, or altered.
  std::optional<TypeRef> old_type;
  std::optional<TypeRef> new_type;
  bool narrowing = false;       ///< the type change can lose data or fail (dialect decides)
  bool rewrites_table = false;  ///< the change rewrites the table (dialect decides)
  bool not_null = false;        ///< created NOT NULL, or SET NOT NULL
  bool has_default = false;
  bool volatile_default = false;  ///< the default is volatile (dialect decides)
  // Constraints and indexes.
  bool unique = false;
  bool not_valid = false;
  std::string constraint_kind;  ///< "FOREIGN KEY", "CHECK", "UNIQUE", "PRIMARY KEY", "EXCLUDE"
};

/// A replay problem that is a finding: SCH401 already-exists, SCH402 does-not-exist,
/// SCH403 syntax-error.
struct ReplayProblem {
  std::string code;
  std::string message;
  std::string help;
  std::optional<uint32_t> offset;  ///< absolute byte offset in the file; nullopt = the statement
  /// A dialect rule's finding about a statement that the replay ran (SCH601-SCH603, ...), not a
  /// failure of the statement: its changes are recorded and the change-based rules still see it.
  bool advisory = false;
  /// True when the statement failed (SCH401, SCH402, SCH403, a refused ALTER TABLE, ...).
  bool Fails() const { return !advisory; }
};

enum class StatementKind {
  kDdl,          ///< changes the schema and is modelled
  kData,         ///< INSERT/UPDATE/DELETE/COPY/SELECT: recognised and ignored
  kSession,      ///< SET, RESET, SET search_path (applied to the replay's session state)
  kTransaction,  ///< BEGIN, COMMIT, SAVEPOINT ...
  kUnmodeled,    ///< changes the schema in a way the model cannot follow (SCH404)
  kNoop,         ///< recognised, no schema effect (GRANT, ANALYZE, comments on unmodelled objects)
  kError,        ///< does not parse (SCH403)
};

struct ReplayedStatement {
  Span span;  ///< bytes of the statement in the migration's file
  StatementKind kind = StatementKind::kNoop;
  std::string tag;  ///< "CREATE TABLE", "ALTER TABLE", "DO" (command tag, for messages)
  std::vector<Change> changes;
  std::vector<ReplayProblem> problems;
  std::string unmodeled_reason;  ///< why the effect cannot be modelled (SCH404)
  /// The statement fails when it is run again after it already succeeded (CREATE without IF NOT
  /// EXISTS, DROP without IF EXISTS, ADD COLUMN without IF NOT EXISTS).
  bool retry_safe = true;
  /// The statement cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM,
  /// ALTER SYSTEM, ...).
  bool no_transaction = false;
  /// The dialect's parse tree of the statement, for its rules (opaque to the core; nullptr when
  /// the dialect keeps none). Owned by ReplayedMigration::trees.
  const void* tree = nullptr;
};

struct ReplayedMigration {
  std::vector<ReplayedStatement> statements;
  /// Keep the statements' parse trees alive (the rules read them instead of parsing again).
  std::vector<std::shared_ptr<const void>> trees;
};

/// A whole set replayed in order: the final catalog and what each migration did.
struct SetReplay {
  Catalog catalog;
  std::vector<ReplayedMigration> migrations;  ///< parallel to MigrationSet::migrations
};

}  // namespace sse::model

namespace sse {

/// Replays migrations of one dialect into the model (static: no database).
class Replayer {
 public:
  virtual ~Replayer() = default;
  /// Replays the set's migrations in order into a fresh catalog; `up_to` (an index into
  /// set.migrations, inclusive) stops early; -1 replays everything.
  virtual model::SetReplay Replay(const MigrationSet& set, int up_to = -1) const = 0;
  /// Loads plain DDL (a schema.sql, `pg_dump --schema-only` output) as one migration: the
  /// catalog and what each statement did. A statement that does not parse is an Error naming the
  /// file and line (the file is not DDL this dialect reads).
  virtual Result<model::SetReplay> LoadDdl(const SourceFile& file) const = 0;
};

/// A dialect's own rules (SCH5xx for PostgreSQL, SCH6xx for SQLite/D1) over a replayed set.
class RuleProvider {
 public:
  virtual ~RuleProvider() = default;
  virtual void Check(const MigrationSet& set, const model::SetReplay& replay,
                     std::vector<Finding>& out) const = 0;
};

/// What the core can ask of the dialects the binary was built with.
class DialectSet {
 public:
  virtual ~DialectSet() = default;
  /// nullptr when no dialect of that name is built in ("" never matches).
  virtual const Replayer* ReplayerFor(std::string_view dialect) const = 0;
  virtual const RuleProvider* RulesFor(std::string_view dialect) const = 0;
};

}  // namespace sse
