// The statement dispatcher, the replay context and PostgresReplayer (a migration set, or a
// plain DDL file, replayed statement by statement into a catalog).

#include "dialects/postgres/replay.hpp"

#include <fmt/format.h>

#include "dialects/postgres/postgres.hpp"

namespace sse::pg {

using model::ChangeOp;
using model::ObjectKind;
using model::StatementKind;

model::Change& ReplayContext::AddChange(ChangeOp op, ObjectKind kind,
                                        const model::QualifiedName& name, std::string member) {
  model::Change c;
  c.op = op;
  c.object.kind = kind;
  c.object.name = name;
  c.object.member = std::move(member);
  out.changes.push_back(std::move(c));
  if (out.kind == StatementKind::kNoop) out.kind = StatementKind::kDdl;
  return out.changes.back();
}

bool ReplayContext::AlreadyExists(ObjectKind kind, const std::string& what) {
  out.problems.push_back(
      {"SCH401",
       fmt::format("{} {} already exists at this point of the migration history; the "
                   "statement fails (\"{} already exists\")",
                   model::ObjectKindName(kind), what,
                   kind == ObjectKind::kColumn ? fmt::format("column {}", what)
                                               : fmt::format("relation {}", what)),
       "remove the statement, or guard it with IF NOT EXISTS if the object may exist",
       std::nullopt});
  if (out.kind == StatementKind::kNoop) out.kind = StatementKind::kDdl;
  return false;
}

bool ReplayContext::DoesNotExist(ObjectKind kind, const std::string& what) {
  if (kind == ObjectKind::kSchema && what.empty()) {
    // CREATE of an unqualified name with nothing usable on the search_path (pg_dump's preamble
    // sets it to '').
    out.problems.push_back({"SCH402",
                            "no schema has been selected to create in: the search_path names no "
                            "existing schema; the statement fails",
                            "qualify the name (public.t), or SET search_path to an existing schema",
                            std::nullopt});
    if (out.kind == StatementKind::kNoop) out.kind = StatementKind::kDdl;
    return false;
  }
  out.problems.push_back(
      {"SCH402",
       fmt::format("{} {} does not exist at this point of the migration history; the "
                   "statement fails",
                   model::ObjectKindName(kind), what),
       "create it in an earlier migration, fix the name, or guard the statement with "
       "IF EXISTS",
       std::nullopt});
  if (out.kind == StatementKind::kNoop) out.kind = StatementKind::kDdl;
  return false;
}

bool ReplayContext::DependencyError(const std::string& pg_error, const std::string& help) {
  out.problems.push_back(
      {"SCH402",
       fmt::format("the statement fails at this point of the migration history: {}", pg_error),
       help, std::nullopt});
  if (out.kind == StatementKind::kNoop) out.kind = StatementKind::kDdl;
  return false;
}

void ReplayContext::Unmodeled(std::string reason) {
  out.kind = StatementKind::kUnmodeled;
  out.unmodeled_reason = std::move(reason);
}

namespace {

/// The command tag of a statement, for messages ("CREATE TABLE").
std::string Tag(const PgQuery__Node* node) {
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return "CREATE TABLE";
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return "ALTER TABLE";
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return "CREATE INDEX";
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return "DROP";
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      return "CREATE VIEW";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      return "CREATE TABLE AS";
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      return "CREATE FUNCTION";
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      return "CREATE TRIGGER";
    case PG_QUERY__NODE__NODE_DO_STMT:
      return "DO";
    case PG_QUERY__NODE__NODE_INSERT_STMT:
      return "INSERT";
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      return "UPDATE";
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return "DELETE";
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      return "SELECT";
    case PG_QUERY__NODE__NODE_RENAME_STMT:
      return "ALTER ... RENAME";
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
      return "CREATE TYPE";
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
      return "ALTER TYPE";
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      return "CREATE SEQUENCE";
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
      return "ALTER SEQUENCE";
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
      return "CREATE SCHEMA";
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
      return "CREATE EXTENSION";
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      return "COMMENT";
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      return "TRUNCATE";
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
      return "CREATE POLICY";
    case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
      return "ALTER POLICY";
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      return "CREATE DOMAIN";
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
      return "ALTER DOMAIN";
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      return "CREATE TYPE";
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      return "SET";
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
      return "TRANSACTION";
    case PG_QUERY__NODE__NODE_CALL_STMT:
      return "CALL";
    case PG_QUERY__NODE__NODE_COPY_STMT:
      return "COPY";
    case PG_QUERY__NODE__NODE_GRANT_STMT:
      return "GRANT";
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
      return "ALTER ... SET SCHEMA";
    case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
      return "ALTER FUNCTION";
    case PG_QUERY__NODE__NODE_RULE_STMT:
      return "CREATE RULE";
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
      return "CREATE (aggregate, operator or base type)";
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
      return "CREATE TYPE ... AS RANGE";
    case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
      return "CREATE EVENT TRIGGER";
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
      return "CREATE FOREIGN TABLE";
    case PG_QUERY__NODE__NODE_CREATE_CAST_STMT:
      return "CREATE CAST";
    case PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT:
      return "CREATE OPERATOR CLASS";
    case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
      return "CREATE STATISTICS";
    case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
      return "CREATE PUBLICATION";
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
      return "REFRESH MATERIALIZED VIEW";
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
      return "ALTER ... OWNER TO";
    default:
      return "statement";
  }
}

void Drop(ReplayContext& ctx, const PgQuery__DropStmt* stmt) {
  for (size_t i = 0; i < stmt->n_objects; ++i) {
    const PgQuery__Node* obj = stmt->objects[i];
    auto list_name = [&](bool (*exists)(const model::Catalog&, const model::QualifiedName&)) {
      if (obj->node_case == PG_QUERY__NODE__NODE_LIST) {
        return ctx.ResolveList(obj->list->items, obj->list->n_items, exists);
      }
      if (obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
        return ctx.ResolveList(obj->type_name->names, obj->type_name->n_names, exists);
      }
      std::string_view s = StringValue(obj);
      return ctx.NameForCreate("", s);
    };
    auto relation = [](const model::Catalog& c, const model::QualifiedName& n) {
      return c.HasRelation(n);
    };
    switch (stmt->remove_type) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        DropTable(ctx, stmt, list_name(relation));
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        DropIndex(ctx, stmt, list_name(relation));
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        DropView(ctx, stmt, list_name(relation), false);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        DropView(ctx, stmt, list_name(relation), true);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        DropSequence(ctx, stmt, list_name(relation));
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        DropType(ctx, stmt, list_name([](const model::Catalog& c, const model::QualifiedName& n) {
                   return c.HasType(n);
                 }),
                 stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        DropSchema(ctx, stmt, std::string(StringValue(obj)));
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
        DropExtension(ctx, stmt, std::string(StringValue(obj)));
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
      case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
        DropFunction(ctx, stmt, obj, stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
        DropTrigger(ctx, stmt, obj);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
        DropPolicy(ctx, stmt, obj);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_ROLE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLESPACE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_PUBLICATION:
      case PG_QUERY__OBJECT_TYPE__OBJECT_SUBSCRIPTION:
        ctx.out.kind = StatementKind::kNoop;  // cluster-level objects: not part of a schema
        break;
      default:
        ctx.Unmodeled("DROP of an object kind the model does not track");
        break;
    }
  }
}

void SetVariable(ReplayContext& ctx, const PgQuery__VariableSetStmt* stmt) {
  ctx.out.kind = StatementKind::kSession;
  std::string name = stmt->name ? stmt->name : "";
  if (name != "search_path") return;
  if (stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT ||
      stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET) {
    ctx.session.search_path = {"$user", "public"};
    return;
  }
  if (stmt->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE) return;
  std::vector<std::string> path;
  for (size_t i = 0; i < stmt->n_args; ++i) {
    const PgQuery__Node* a = stmt->args[i];
    if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
      // SET search_path = 'a, b' arrives as one string.
      std::string v = a->a_const->sval->sval;
      size_t start = 0;
      while (start <= v.size()) {
        size_t comma = v.find(',', start);
        std::string part =
            v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!part.empty() && part.front() == ' ') part.erase(0, 1);
        while (!part.empty() && part.back() == ' ') part.pop_back();
        if (part.size() >= 2 && part.front() == '"' && part.back() == '"')
          part = part.substr(1, part.size() - 2);
        if (!part.empty()) path.push_back(part);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else {
      std::string_view s = StringValue(a);
      if (!s.empty()) path.emplace_back(s);
    }
  }
  ctx.session.search_path = path.empty() ? std::vector<std::string>{""} : path;
}

}  // namespace

void ReplayStatement(ReplayContext& ctx, const PgQuery__Node* node) {
  ctx.out.tag = Tag(node);
  ctx.out.kind = StatementKind::kNoop;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      ReplayCreateTable(ctx, node->create_stmt);
      break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      if (node->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
        ReplayAlterIndex(ctx, node->alter_table_stmt);
      } else if (node->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
        ReplayAlterCompositeType(ctx, node->alter_table_stmt);
      } else if (node->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
                 node->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
        ReplayAlterView(ctx, node->alter_table_stmt);
      } else {
        ReplayAlterTable(ctx, node->alter_table_stmt);
      }
      break;
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
      ReplayReindex(ctx, node->reindex_stmt);
      break;
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      ReplayTruncate(ctx, node->truncate_stmt);
      break;
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      ReplayCreateIndex(ctx, node->index_stmt);
      break;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      ReplayCreateView(ctx, node->view_stmt);
      break;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      ReplayCreateTableAs(ctx, node->create_table_as_stmt);
      break;
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      ReplayCreateFunction(ctx, node->create_function_stmt);
      break;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      ReplayCreateTrigger(ctx, node->create_trig_stmt);
      break;
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
      ReplayCreatePolicy(ctx, node->create_policy_stmt);
      break;
    case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
      ReplayAlterPolicy(ctx, node->alter_policy_stmt);
      break;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
      ReplayCreateEnum(ctx, node->create_enum_stmt);
      break;
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
      ReplayAlterEnum(ctx, node->alter_enum_stmt);
      break;
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      ReplayCreateDomain(ctx, node->create_domain_stmt);
      break;
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
      ReplayAlterDomain(ctx, node->alter_domain_stmt);
      break;
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      ReplayCompositeType(ctx, node->composite_type_stmt);
      break;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      ReplayCreateSequence(ctx, node->create_seq_stmt);
      break;
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
      ReplayAlterSequence(ctx, node->alter_seq_stmt);
      break;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
      ReplayCreateSchema(ctx, node->create_schema_stmt);
      break;
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
      ReplayCreateExtension(ctx, node->create_extension_stmt);
      break;
    case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT:
      ReplayAlterExtension(ctx, node->alter_extension_stmt);
      break;
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      ReplayComment(ctx, node->comment_stmt);
      break;
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
      ReplayAlterObjectSchema(ctx, node->alter_object_schema_stmt);
      break;
    case PG_QUERY__NODE__NODE_DROP_STMT:
      Drop(ctx, node->drop_stmt);
      break;
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
      const PgQuery__RenameStmt* r = node->rename_stmt;
      if (r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
          r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
        RenameTableOrColumn(ctx, r);
      } else {
        ReplayRename(ctx, r);
      }
      break;
    }
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      SetVariable(ctx, node->variable_set_stmt);
      break;
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
      ctx.out.kind = StatementKind::kTransaction;
      break;
    case PG_QUERY__NODE__NODE_DO_STMT:
      ReplayDo(ctx, node->do_stmt);
      break;
    case PG_QUERY__NODE__NODE_CALL_STMT:
      ReplayCall(ctx, node);
      break;
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      if (node->select_stmt && node->select_stmt->into_clause) {
        ReplaySelectInto(ctx, node->select_stmt);
      } else {
        ReplayCall(ctx, node);  // data, unless it calls a function whose body runs DDL
      }
      break;
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
      ReplayRefreshMatView(ctx, node->refresh_mat_view_stmt);
      break;
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
    case PG_QUERY__NODE__NODE_COPY_STMT:
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
      ctx.out.kind = StatementKind::kData;
      break;
    case PG_QUERY__NODE__NODE_GRANT_STMT:
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_ROLE_SET_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_SET_STMT:
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
    case PG_QUERY__NODE__NODE_LOCK_STMT:
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
    case PG_QUERY__NODE__NODE_DISCARD_STMT:
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
    case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT:
    case PG_QUERY__NODE__NODE_SEC_LABEL_STMT:
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
    case PG_QUERY__NODE__NODE_LISTEN_STMT:
    case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
      ctx.out.kind = StatementKind::kNoop;  // privileges, ownership, maintenance: no schema change
      break;
    case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
      ReplayAlterFunction(ctx, node->alter_function_stmt);
      break;
    default:
      ctx.Unmodeled(fmt::format("{} is not modelled", Tag(node)));
      break;
  }
}

}  // namespace sse::pg
