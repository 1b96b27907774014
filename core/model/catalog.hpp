#pragma once
/// The neutral schema model: what a database's schema is, whatever produced it (a static replay
/// of migrations, a migration set executed on a scratch database, an introspected live database,
/// a snapshot file). A value type with name-based references (a foreign key names its table; no
/// pointers), so a catalog is cheap to copy and two catalogs compare field by field.
///
/// Expressions (defaults, checks, predicates, view bodies) are kept as canonical SQL text: the
/// dialect deparses them from a parse tree, so the same expression written two ways reads the
/// same. Names are stored as the database stores them (PostgreSQL folds unquoted identifiers to
/// lower case; the dialect does that before they reach the model).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sse::model {

/// schema.name. An empty schema means "not qualified" and never reaches a catalog: the dialect
/// resolves names through its search_path first.
struct QualifiedName {
  std::string schema;
  std::string name;

  std::string ToString() const { return schema.empty() ? name : schema + "." + name; }
  auto operator<=>(const QualifiedName&) const = default;
  bool operator==(const QualifiedName&) const = default;
};

/// A column or attribute type: canonical name ("integer", "character varying",
/// "timestamp with time zone", "public.mood"), type modifiers and array dimensions.
struct TypeRef {
  std::string name;
  std::vector<std::string> modifiers;  ///< ("255"), ("10", "2")
  int array_dims = 0;

  /// "character varying(255)[]".
  std::string ToString() const;
  bool operator==(const TypeRef&) const = default;
};

enum class Identity { kNone, kAlways, kByDefault };

struct Column {
  std::string name;
  TypeRef type;
  bool not_null = false;
  std::optional<std::string> default_expr;  ///< canonical SQL
  Identity identity = Identity::kNone;
  std::optional<std::string> generated;  ///< GENERATED ALWAYS AS (expr) STORED: the expression
  std::optional<std::string> collation;
  std::optional<std::string> comment;
  bool operator==(const Column&) const = default;
};

enum class ConstraintKind { kPrimaryKey, kUnique, kCheck, kForeignKey, kExclusion };

/// ON DELETE / ON UPDATE actions as written in SQL.
enum class RefAction { kNoAction, kRestrict, kCascade, kSetNull, kSetDefault };

struct ExclusionElement {
  std::string expression;  ///< column name or canonical expression
  std::string op;          ///< "&&", "="
  bool operator==(const ExclusionElement&) const = default;
};

struct Constraint {
  std::string name;
  ConstraintKind kind = ConstraintKind::kCheck;
  std::vector<std::string> columns;  ///< PK, unique, FK (local side)
  std::string expression;            ///< check: canonical boolean expression
  // Foreign keys.
  QualifiedName ref_table;
  std::vector<std::string> ref_columns;
  RefAction on_delete = RefAction::kNoAction;
  RefAction on_update = RefAction::kNoAction;
  std::string match;  ///< "" (simple), "FULL", "PARTIAL"
  // Exclusion.
  std::string using_method;  ///< "gist"
  std::vector<ExclusionElement> elements;
  std::string where;  ///< exclusion predicate
  // Common.
  bool deferrable = false;
  bool initially_deferred = false;
  bool not_valid = false;
  bool no_inherit = false;
  bool nulls_not_distinct = false;
  std::vector<std::string> include;
  std::optional<std::string> comment;
  bool operator==(const Constraint&) const = default;
};

struct IndexKey {
  std::string expression;  ///< a column name, or a canonical expression when is_expression
  bool is_expression = false;
  std::string opclass;    ///< "" = default
  std::string collation;  ///< "" = default
  bool descending = false;
  std::optional<bool> nulls_first;  ///< nullopt = default for the direction
  bool operator==(const IndexKey&) const = default;
};

struct Index {
  QualifiedName name;  ///< indexes live in their table's schema
  QualifiedName table;
  bool unique = false;
  bool nulls_not_distinct = false;
  std::string method = "btree";
  std::vector<IndexKey> keys;
  std::vector<std::string> include;
  std::string predicate;  ///< partial index WHERE, canonical
  /// The index backs a PRIMARY KEY / UNIQUE / EXCLUDE constraint of the same name.
  bool backs_constraint = false;
  std::optional<std::string> comment;
  bool operator==(const Index&) const = default;
};

enum class TriggerTiming { kBefore, kAfter, kInsteadOf };

struct Trigger {
  std::string name;
  TriggerTiming timing = TriggerTiming::kAfter;
  std::vector<std::string> events;     ///< "INSERT", "UPDATE", "DELETE", "TRUNCATE" (sorted)
  std::vector<std::string> update_of;  ///< UPDATE OF columns
  bool for_each_row = false;
  std::string when;  ///< canonical condition
  QualifiedName function;
  std::vector<std::string> arguments;
  /// SQLite: the statements between BEGIN and END, canonical, each ending with ';'.
  std::string body;
  bool constraint = false;
  bool deferrable = false;
  bool initially_deferred = false;
  std::optional<std::string> comment;
  bool operator==(const Trigger&) const = default;
};

struct Policy {
  std::string name;
  bool permissive = true;
  std::string command = "ALL";     ///< ALL, SELECT, INSERT, UPDATE, DELETE
  std::vector<std::string> roles;  ///< sorted; "public" when none given
  std::string using_expr;
  std::string check_expr;
  std::optional<std::string> comment;
  bool operator==(const Policy&) const = default;
};

enum class Persistence { kPermanent, kUnlogged, kTemporary };

struct Table {
  QualifiedName name;
  std::vector<Column> columns;                    ///< in column order
  std::map<std::string, Constraint> constraints;  ///< by name
  std::map<std::string, Trigger> triggers;
  std::map<std::string, Policy> policies;
  Persistence persistence = Persistence::kPermanent;
  std::string partition_by;  ///< "RANGE (created_at)" for a partitioned table
  std::optional<QualifiedName> partition_of;
  std::string partition_bound;  ///< "FOR VALUES FROM (...) TO (...)", "DEFAULT"
  std::vector<QualifiedName> inherits;
  bool rls_enabled = false;
  bool rls_forced = false;
  /// Table options as canonical SQL, in the order written by the engine: SQLite "STRICT",
  /// "WITHOUT ROWID".
  std::vector<std::string> options;
  /// A virtual table: its module and arguments, canonical ("fts5(title, body)"); "" for an
  /// ordinary table.
  std::string module;
  std::optional<std::string> comment;

  const Column* FindColumn(const std::string& column) const;
  Column* FindColumn(const std::string& column);
  bool operator==(const Table&) const = default;
};

struct Sequence {
  QualifiedName name;
  std::string type = "bigint";
  int64_t start = 1;
  int64_t increment = 1;
  std::optional<int64_t> min_value;  ///< nullopt = the type's default
  std::optional<int64_t> max_value;
  int64_t cache = 1;
  bool cycle = false;
  std::optional<QualifiedName> owned_by_table;
  std::string owned_by_column;
  std::optional<std::string> comment;
  bool operator==(const Sequence&) const = default;
};

struct EnumType {
  QualifiedName name;
  std::vector<std::string> values;  ///< in sort order
  std::optional<std::string> comment;
  bool operator==(const EnumType&) const = default;
};

struct DomainCheck {
  std::string name;
  std::string expression;
  bool not_valid = false;
  bool operator==(const DomainCheck&) const = default;
};

struct Domain {
  QualifiedName name;
  TypeRef base;
  bool not_null = false;
  std::optional<std::string> default_expr;
  std::optional<std::string> collation;
  std::vector<DomainCheck> checks;  ///< sorted by name
  std::optional<std::string> comment;
  bool operator==(const Domain&) const = default;
};

struct CompositeAttribute {
  std::string name;
  TypeRef type;
  std::optional<std::string> collation;
  bool operator==(const CompositeAttribute&) const = default;
};

struct CompositeType {
  QualifiedName name;
  std::vector<CompositeAttribute> attributes;
  std::optional<std::string> comment;
  bool operator==(const CompositeType&) const = default;
};

struct View {
  QualifiedName name;
  bool materialized = false;
  std::string definition;                   ///< canonical SELECT
  std::vector<std::string> columns;         ///< explicit column names, if any
  std::string check_option;                 ///< "", "LOCAL", "CASCADED"
  std::map<std::string, Trigger> triggers;  ///< INSTEAD OF (and statement-level) triggers
  std::optional<std::string> comment;
  bool operator==(const View&) const = default;
};

struct FunctionArg {
  std::string name;
  TypeRef type;
  std::string mode = "IN";  ///< IN, OUT, INOUT, VARIADIC, TABLE
  std::optional<std::string> default_expr;
  bool operator==(const FunctionArg&) const = default;
};

struct Function {
  QualifiedName name;
  bool procedure = false;
  std::vector<FunctionArg> args;
  std::string
      returns;  ///< "integer", "SETOF users", "TABLE(id integer)", "trigger", "" (procedures)
  std::string language;
  std::string body;  ///< the source as stored (prosrc); SQL-standard bodies deparsed
  std::string volatility = "VOLATILE";  ///< IMMUTABLE, STABLE, VOLATILE
  bool strict = false;
  bool security_definer = false;
  std::optional<std::string> comment;

  /// "public.touch(integer, text)": the identity PostgreSQL uses (name + IN argument types).
  std::string Signature() const;
  bool operator==(const Function&) const = default;
};

struct Extension {
  std::string name;
  std::string schema;
  std::string version;  ///< "" when not pinned (replay cannot know the installed version)
  std::optional<std::string> comment;
  bool operator==(const Extension&) const = default;
};

struct Schema {
  std::string name;
  std::optional<std::string> comment;
  bool operator==(const Schema&) const = default;
};

/// A whole database schema.
struct Catalog {
  std::string dialect;  ///< postgres | sqlite | d1
  std::map<std::string, Schema> schemas;
  std::map<std::string, Extension> extensions;
  std::map<QualifiedName, Table> tables;
  std::map<QualifiedName, View> views;
  std::map<QualifiedName, Index> indexes;
  std::map<QualifiedName, Sequence> sequences;
  std::map<QualifiedName, EnumType> enums;
  std::map<QualifiedName, Domain> domains;
  std::map<QualifiedName, CompositeType> composites;
  std::map<std::string, Function> functions;  ///< by Signature()

  /// True when a relation-like object (table, view, index, sequence, composite type) of this
  /// name exists: they share one namespace per schema in PostgreSQL.
  bool HasRelation(const QualifiedName& name) const;
  /// True when a type (enum, domain, composite, table row type) of this name exists.
  bool HasType(const QualifiedName& name) const;
  /// Indexes of a table, by name (looked up among the indexes of the table's schema: an index
  /// lives in its table's schema).
  std::vector<const Index*> IndexesOf(const QualifiedName& table) const;
  /// Removes a table with what hangs off it: its indexes and the sequences it owns.
  void EraseTable(const QualifiedName& table);
  bool operator==(const Catalog&) const = default;
};

std::string_view RefActionSql(RefAction a);
std::string_view ConstraintKindName(ConstraintKind k);
/// The constraint kind as SQL spells it ("PRIMARY KEY", "FOREIGN KEY", "EXCLUDE", ...).
std::string_view ConstraintKindSql(ConstraintKind k);
std::string_view TriggerTimingSql(TriggerTiming t);

}  // namespace sse::model
