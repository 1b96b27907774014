#pragma once
/// MigrationSet and Migration: what a format reader produces. A reader knows the layout, the
/// order, the parents and how its tool sends statements (chunks and transaction shape); it knows
/// nothing about SQL semantics.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/migrations/tool.hpp"
#include "core/report/finding.hpp"
#include "core/util/source.hpp"

namespace sse {

/// A byte range [begin, end) of a migration's file.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const Span&) const = default;
};

/// A parent link as written in the file.
struct ParentRef {
  enum class Kind {
    kDownRevision,  ///< Alembic down_revision
    kDependsOn,     ///< Alembic depends_on (an id or a branch label)
    kImplicit,      ///< the previous migration in the tool's order
  };
  std::string id;
  Kind kind = Kind::kDownRevision;
  SourceLoc loc;   ///< where the link is written (the down_revision line)
  int index = -1;  ///< kImplicit: index of the parent in MigrationSet::migrations
};

/// How the tool sends a migration's statements and whether it wraps them in a transaction.
enum class TxShape {
  kPerMigration,   ///< the whole migration in one transaction (Alembic on PG, Flyway, dbmate)
  kImplicitMulti,  ///< one multi-statement query: PostgreSQL wraps it in an implicit
                   ///< transaction (Prisma, golang-migrate on PostgreSQL)
  kWholeRun,       ///< every pending migration in one transaction (Drizzle migrate())
  kAtomicBatch,    ///< one atomic batch per migration (wrangler D1)
  kPerStatement,   ///< statements sent one by one in autocommit (plain SQL via psql)
  kNone,           ///< no transaction (dbmate transaction:false, Flyway mixed)
};
std::string_view TxShapeName(TxShape shape);

/// One migration: a file (or a directory's migration.sql) with its identity, parents and text.
struct Migration {
  std::string id;       ///< revision id / journal tag / directory / version the tool records
  std::string version;  ///< numeric version or prefix where the tool orders by one ("" if none)
  std::string name;     ///< description ("add users table")
  std::string path;     ///< display path of the file holding the migration
  SourceLoc id_loc;     ///< where the id is declared (the `revision =` line, the journal entry)
  std::vector<ParentRef> parents;
  bool parents_known = true;  ///< false when the reader could not read the parent links
  std::vector<std::string> branch_labels;
  /// Alembic: the docstring "Revises:" value and its line (not authoritative).
  std::optional<std::string> doc_revises;
  SourceLoc doc_revises_loc;
  /// Drizzle: the journal entry's `when` (epoch ms) and idx.
  std::optional<int64_t> when;
  bool repeatable = false;  ///< Flyway R__ migration
  std::string down_path;    ///< golang-migrate / dbmate down part, when present

  SourceFilePtr file;            ///< contents (nullptr when unreadable)
  Span body;                     ///< the part that runs on "up" (dbmate up section)
  std::vector<Span> chunks;      ///< units the tool sends in one call
  std::vector<Span> statements;  ///< lexical statements inside the body
  TxShape tx = TxShape::kPerMigration;
  /// Alembic: the upgrade() body does nothing (only pass, comments, docstrings).
  bool empty_upgrade = false;
  /// The tool refuses to load this migration (an SCH011 error was reported for it); checks that
  /// look at its contents skip it so one problem is reported once.
  bool load_failed = false;
  /// The tool reads this migration but refuses to run it (Flyway with mixed=false and both
  /// transactional and non-transactional statements; SCH011 says so). It is still replayed (the
  /// fix is usually to split it, not to drop it); checks about how it runs skip it.
  bool refused = false;
};

/// A Drizzle snapshot (meta/NNNN_snapshot.json): its id and parent for the chain check.
struct SnapshotInfo {
  std::string path;
  std::string id;
  std::string prev_id;
  std::string prefix;  ///< "0003"
  SourceLoc id_loc;
  SourceLoc prev_loc;
};

/// Wrangler D1 binding that uses a migration folder.
struct D1Binding {
  std::string binding;
  std::string database_name;
  std::string database_id;
  std::string preview_database_id;
  std::string env;  ///< "" = top level
  std::string config_path;
  SourceLoc loc;
};

/// Every migration a tool will see in one folder (or one configured set of folders), in the
/// tool's order.
struct MigrationSet {
  Tool tool = Tool::kSql;
  std::string dialect;             ///< postgres | sqlite | d1 | mysql | "" when unknown
  std::string root;                ///< display path of the (first) migrations folder
  std::vector<std::string> roots;  ///< every folder read (Alembic version_locations)
  std::string config_path;         ///< alembic.ini, drizzle.config.ts, wrangler.toml, lock file
  std::vector<Migration> migrations;
  std::vector<SnapshotInfo> snapshots;  ///< Drizzle
  std::vector<D1Binding> d1_bindings;   ///< wrangler D1
  /// Problems seen while reading (SCH008, SCH009, SCH011, SCH014, SCH017); the linter adds the
  /// rule metadata and applies configuration.
  std::vector<Finding> findings;
  /// Files the tool would pick up that were under this set's roots (for schema.sum and docker
  /// checks), display paths in the tool's order; includes journals and snapshots.
  std::vector<std::string> files;
};

}  // namespace sse
