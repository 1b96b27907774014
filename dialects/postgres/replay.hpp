#pragma once
/// Static replay of PostgreSQL statements into the neutral model. Internal header shared by the
/// replay handlers (replay_<kind>.cpp): the context a handler works in and the handler
/// declarations. The public entry point is PostgresReplayer (dialects/postgres/postgres.hpp).
///
/// A handler reads one parse-tree node, changes `ctx.catalog` exactly as PostgreSQL would, and
/// records in `ctx.out` what it did (Changes the rules read), what failed (SCH401
/// already-exists, SCH402 does-not-exist) and whether the statement is safe to run twice.

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/catalog.hpp"
#include "core/model/replay.hpp"
#include "dialects/postgres/parse.hpp"

namespace sse::pg {

/// Session state that lives across statements of one replay (search_path, settings).
struct Session {
  std::vector<std::string> search_path = {"public"};
};

/// What a handler works with for one statement.
class ReplayContext {
 public:
  ReplayContext(model::Catalog& catalog, Session& session,
                std::set<model::QualifiedName>& created_here, model::ReplayedStatement& out)
      : catalog(catalog), session(session), created_here(created_here), out(out) {}

  model::Catalog& catalog;
  Session& session;
  /// Relations and types created by the migration being replayed (a table created earlier in
  /// the same migration is new: indexing it locks nothing that serves traffic).
  std::set<model::QualifiedName>& created_here;
  model::ReplayedStatement& out;

  // ---- Names -------------------------------------------------------------------------------
  /// The schema an unqualified CREATE puts an object in (first schema of search_path).
  std::string CreationSchema() const;
  /// Name for an object being created: the given schema, or the creation schema.
  model::QualifiedName NameForCreate(const PgQuery__RangeVar* rv) const;
  model::QualifiedName NameForCreate(std::string_view schema, std::string_view name) const;
  /// Resolves an existing relation (table, view, index, sequence) through search_path; when none
  /// exists, returns the name in the first schema that would have been searched.
  model::QualifiedName ResolveRelation(const PgQuery__RangeVar* rv) const;
  model::QualifiedName ResolveRelation(std::string_view schema, std::string_view name) const;
  /// Resolves a list of String nodes (["public", "mood"] or ["mood"]) naming a type, function or
  /// other schema object; `exists` tells whether a candidate exists in a schema.
  model::QualifiedName ResolveList(PgQuery__Node* const* names, size_t n,
                                   bool (*exists)(const model::Catalog&,
                                                  const model::QualifiedName&)) const;
  /// Canonical type of a TypeName ("varchar(255)" -> character varying(255); user types
  /// resolved to their schema). serial types map to their integer type (callers check IsSerial).
  model::TypeRef Type(const PgQuery__TypeName* tn) const;
  /// True when a type of this name exists at this point: a built-in type, a type in the catalog,
  /// or (when any extension is installed) a name an extension may provide.
  bool TypeExists(const model::TypeRef& type) const;
  /// "serial", "bigserial", "smallserial" (any schema qualification), else "".
  static std::string_view SerialKind(const PgQuery__TypeName* tn);

  // ---- Expressions -------------------------------------------------------------------------
  std::string Expr(const PgQuery__Node* node) const { return DeparseExpr(node); }

  // ---- Effects -----------------------------------------------------------------------------
  model::Change& AddChange(model::ChangeOp op, model::ObjectKind kind,
                           const model::QualifiedName& name, std::string member = {});
  /// SCH401: the object already exists (the statement fails). Returns false so handlers can
  /// `return ctx.AlreadyExists(...)`.
  bool AlreadyExists(model::ObjectKind kind, const std::string& what);
  /// SCH402: the statement references something that does not exist.
  bool DoesNotExist(model::ObjectKind kind, const std::string& what);
  /// The statement fails because of the objects around the one it changes (PostgreSQL's
  /// "cannot drop index x because constraint x on table t requires it", "cannot drop schema s
  /// because other objects depend on it"): reported as SCH402 with PostgreSQL's error and a
  /// hint. Use only where the model shows the dependency for certain.
  bool DependencyError(const std::string& pg_error, const std::string& help);
  /// SCH404: the statement changes the schema in a way the model does not follow.
  void Unmodeled(std::string reason);
  /// The statement fails when run a second time (no IF [NOT] EXISTS).
  void NotRetrySafe() { out.retry_safe = false; }
  void MarkCreated(const model::QualifiedName& name) { created_here.insert(name); }
  /// True when the relation exists and was not created by the current migration.
  bool ExistedBefore(const model::QualifiedName& name) const {
    return catalog.HasRelation(name) && !created_here.count(name);
  }
};

/// PostgreSQL's identifier limit: names are truncated to 63 bytes (NAMEDATALEN - 1), on a
/// character boundary.
std::string TruncateIdentifier(std::string_view name);

/// PostgreSQL's makeObjectName + ChooseRelationName: "<name1>_<name2>_<label>" truncated to fit
/// 63 bytes (the longer part is shortened first), then "<label>1", "<label>2"... until no
/// relation of that name exists in `schema` and, for the index of a constraint
/// (`is_constraint`), no constraint of that name either.
std::string ChooseRelationName(const model::Catalog& catalog, const std::string& schema,
                               std::string_view name1, std::string_view name2,
                               std::string_view label, bool is_constraint);
/// A constraint of this name exists in the schema, on a table or a domain (ConstraintNameExists,
/// pg_constraint.c: what ChooseRelationName and ChooseConstraintName avoid).
bool ConstraintNameExists(const model::Catalog& catalog, const std::string& schema,
                          const std::string& name);
/// makeObjectName alone (no collision check).
std::string MakeObjectName(std::string_view name1, std::string_view name2, std::string_view label);
/// FigureColnameInternal (parse_target.c): the name PostgreSQL derives from an expression for an
/// output or index column, "" when it has none; `strength` is 2 for a column or function name, 1
/// for a type name or CASE, 0 for none.
std::string FigureColname(const PgQuery__Node* n, int& strength);
/// ChooseIndexColumnNames (indexcmds.c): the names of an index's columns (keys, then INCLUDE),
/// numbered ("a", "a1", ...) when they repeat.
std::vector<std::string> NumberIndexColumnNames(const std::vector<std::string>& names);
/// ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: names joined by "_", cut
/// once the result reaches NAMEDATALEN.
std::string NameAddition(const std::vector<std::string>& names);

// ---- Handlers (one group per file) ---------------------------------------------------------

// replay_table.cpp
void ReplayCreateTable(ReplayContext& ctx, const PgQuery__CreateStmt* stmt);
void ReplayAlterTable(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt);
void ReplayTruncate(ReplayContext& ctx, const PgQuery__TruncateStmt* stmt);
void DropTable(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const model::QualifiedName& name);
void RenameTableOrColumn(ReplayContext& ctx, const PgQuery__RenameStmt* stmt);

// replay_sequence.cpp
void ReplayCreateSequence(ReplayContext& ctx, const PgQuery__CreateSeqStmt* stmt);
void ReplayAlterSequence(ReplayContext& ctx, const PgQuery__AlterSeqStmt* stmt);
void DropSequence(ReplayContext& ctx, const PgQuery__DropStmt* stmt,
                  const model::QualifiedName& name);

// replay_type.cpp
void ReplayCreateEnum(ReplayContext& ctx, const PgQuery__CreateEnumStmt* stmt);
void ReplayAlterEnum(ReplayContext& ctx, const PgQuery__AlterEnumStmt* stmt);
void ReplayCreateDomain(ReplayContext& ctx, const PgQuery__CreateDomainStmt* stmt);
void ReplayAlterDomain(ReplayContext& ctx, const PgQuery__AlterDomainStmt* stmt);
void ReplayCompositeType(ReplayContext& ctx, const PgQuery__CompositeTypeStmt* stmt);
void DropType(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const model::QualifiedName& name,
              bool domain);
/// ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE (an AlterTableStmt with objtype TYPE).
void ReplayAlterCompositeType(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt);
/// Every reference to type `from` ("public.mood": columns, composite attributes, domain bases,
/// function arguments and results) now names `to` (a type renamed or moved).
void RetargetTypeRefs(model::Catalog& catalog, const std::string& from, const std::string& to);
/// A column goes away through a dependency (DROP TYPE ... CASCADE, DROP SCHEMA ... CASCADE):
/// removes it with what depends on it (its indexes, constraints, owned sequences, views that
/// read it) and records each drop with cascade = true.
void CascadeDropColumn(ReplayContext& ctx, const model::QualifiedName& table,
                       const std::string& column);
/// A type (enum, domain, composite) goes through a dependency (DROP SCHEMA ... CASCADE): drops
/// it with its dependents, recording each drop with cascade = true.
void CascadeDropType(ReplayContext& ctx, const model::QualifiedName& name);
/// A function goes through a dependency: drops it with the triggers that run it.
void CascadeDropFunction(ReplayContext& ctx, const std::string& signature);

// replay_schema.cpp
void ReplayCreateSchema(ReplayContext& ctx, const PgQuery__CreateSchemaStmt* stmt);
void ReplayCreateExtension(ReplayContext& ctx, const PgQuery__CreateExtensionStmt* stmt);
void ReplayAlterExtension(ReplayContext& ctx, const PgQuery__AlterExtensionStmt* stmt);
void DropSchema(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const std::string& name);
void DropExtension(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const std::string& name);
void ReplayComment(ReplayContext& ctx, const PgQuery__CommentStmt* stmt);
void ReplayAlterObjectSchema(ReplayContext& ctx, const PgQuery__AlterObjectSchemaStmt* stmt);

// replay_index.cpp
void ReplayCreateIndex(ReplayContext& ctx, const PgQuery__IndexStmt* stmt);
void DropIndex(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const model::QualifiedName& name);
/// ALTER INDEX ... SET / RESET / SET TABLESPACE / ATTACH PARTITION (AlterTableStmt, objtype INDEX).
void ReplayAlterIndex(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt);
/// REINDEX: no schema effect; CONCURRENTLY, SCHEMA, SYSTEM and DATABASE cannot run in a
/// transaction block.
void ReplayReindex(ReplayContext& ctx, const PgQuery__ReindexStmt* stmt);

// replay_view.cpp
void ReplayCreateView(ReplayContext& ctx, const PgQuery__ViewStmt* stmt);
void ReplayCreateTableAs(ReplayContext& ctx, const PgQuery__CreateTableAsStmt* stmt);
void DropView(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const model::QualifiedName& name,
              bool materialized);
/// REFRESH MATERIALIZED VIEW [CONCURRENTLY]: data (no schema change); reports a missing
/// materialized view and CONCURRENTLY without a usable unique index.
void ReplayRefreshMatView(ReplayContext& ctx, const PgQuery__RefreshMatViewStmt* stmt);
/// Views whose definition reads `relation`, directly (for DROP ... RESTRICT checks).
std::vector<model::QualifiedName> DependentViews(const ReplayContext& ctx,
                                                 const model::QualifiedName& relation);
/// SELECT ... INTO t (the raw parse tree keeps it a SelectStmt with into_clause): CREATE TABLE AS.
void ReplaySelectInto(ReplayContext& ctx, const PgQuery__SelectStmt* stmt);
/// ALTER VIEW / ALTER MATERIALIZED VIEW (AlterTableStmt with objtype VIEW / MATVIEW, or TABLE
/// naming a view): column defaults, check_option, owner and storage settings.
void ReplayAlterView(ReplayContext& ctx, const PgQuery__AlterTableStmt* stmt);
/// DROP ... CASCADE of a relation: drops, recursively, the views whose definition reads it
/// (recording each drop with cascade = true).
void DropDependentViews(ReplayContext& ctx, const model::QualifiedName& relation);
/// Calls `visit` on every protobuf message of a parse tree, depth first, the root included.
void VisitMessages(const ProtobufCMessage* root,
                   const std::function<void(const ProtobufCMessage*)>& visit);

// replay_function.cpp
void ReplayCreateFunction(ReplayContext& ctx, const PgQuery__CreateFunctionStmt* stmt);
void ReplayAlterFunction(ReplayContext& ctx, const PgQuery__AlterFunctionStmt* stmt);
void DropFunction(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const PgQuery__Node* object,
                  bool procedure);
/// SELECT f() / CALL p(): unmodelled when the called function's body runs DDL or EXECUTE.
void ReplayCall(ReplayContext& ctx, const PgQuery__Node* stmt);
/// DO: unmodelled when its body holds DDL-looking text (CREATE/ALTER/DROP/COMMENT ON/EXECUTE)
/// or calls a function that runs DDL; data otherwise.
void ReplayDo(ReplayContext& ctx, const PgQuery__DoStmt* stmt);
/// The keys (Function::Signature()) in ctx.catalog.functions of the routines a reference names
/// (ALTER/DROP/COMMENT ON FUNCTION f(integer), or f alone), resolved as PostgreSQL's
/// LookupFuncWithArgs does: empty when none matches, several when a name without an argument
/// list is not unique. `objtype` OBJECT_FUNCTION / OBJECT_PROCEDURE keeps only that kind when no
/// argument list is given; OBJECT_ROUTINE (or anything else) keeps both.
std::vector<std::string> LookupFunctions(const ReplayContext& ctx,
                                         const PgQuery__ObjectWithArgs* func,
                                         PgQuery__ObjectType objtype);
/// "public.f(integer)" (or "public.f" without an argument list), for messages.
std::string FunctionRefText(const ReplayContext& ctx, const PgQuery__ObjectWithArgs* func);
// Functions created by the current migration are in ReplayContext::created_here as
// {schema, "name(argument types)"} (Signature() without the schema), for Change::on_existing:
// a rename or SET SCHEMA moves that entry along.

// replay_trigger.cpp
void ReplayCreateTrigger(ReplayContext& ctx, const PgQuery__CreateTrigStmt* stmt);
void DropTrigger(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const PgQuery__Node* object);

// replay_policy.cpp
void ReplayCreatePolicy(ReplayContext& ctx, const PgQuery__CreatePolicyStmt* stmt);
void ReplayAlterPolicy(ReplayContext& ctx, const PgQuery__AlterPolicyStmt* stmt);
void DropPolicy(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const PgQuery__Node* object);

// replay_rename.cpp: RENAME of indexes, views, sequences, types, constraints, triggers,
// policies, schemas, functions (tables and columns go to RenameTableOrColumn).
void ReplayRename(ReplayContext& ctx, const PgQuery__RenameStmt* stmt);
/// Renames or moves a relation (table, view, index, sequence, composite type) from `from` to
/// `to` and every reference to it: its indexes (moved with a table to another schema), the
/// constraint an index backs, owned sequences (moved with their table), foreign keys,
/// partition/inheritance parents, row-type references, sequence names in column defaults and
/// view definitions that read it. Checks nothing: callers report conflicts first.
void MoveRelationTo(ReplayContext& ctx, const model::QualifiedName& from,
                    const model::QualifiedName& to);
/// The signature (Catalog::functions key) of the function an ObjectWithArgs names, resolved
/// through search_path with argument types compared without modifiers; "" when none matches.
/// `ambiguous` is set when a name given without arguments matches several functions.
std::string LookupFunction(const ReplayContext& ctx, const PgQuery__ObjectWithArgs* owa,
                           bool* ambiguous = nullptr);

/// Applies one parsed statement (the dispatcher, replay.cpp).
void ReplayStatement(ReplayContext& ctx, const PgQuery__Node* node);

}  // namespace sse::pg
