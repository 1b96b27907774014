// Functions and procedures: CREATE [OR REPLACE] FUNCTION / PROCEDURE, ALTER FUNCTION /
// PROCEDURE / ROUTINE (attributes), DROP FUNCTION / PROCEDURE / ROUTINE (CASCADE drops the
// triggers that call it); the statements that run code: SELECT f() / CALL p() (unmodelled when
// the function's body runs DDL or dynamic SQL) and DO blocks.
//
// A function is keyed by Function::Signature() (schema, name, input argument types): overloads
// are distinct functions, OR REPLACE of the same identity replaces it. Argument and result types
// are stored without type modifiers (PostgreSQL drops them: f(varchar(10)) is f(character
// varying)). `body` is prosrc: the text of AS '...' / $$...$$ as written, the link symbol of a C
// function; an SQL-standard body (BEGIN ATOMIC ... END, RETURN expr) is deparsed.

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "dialects/postgres/replay.hpp"

namespace sse::pg {

using model::ChangeOp;
using model::ObjectKind;
using model::QualifiedName;
using model::StatementKind;

namespace {

bool IsCascade(const PgQuery__DropStmt* stmt) {
  return stmt && stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

/// A statement failure that is neither "already exists" nor "does not exist" in the helpers'
/// wording (an incompatible OR REPLACE, a dependent object): SCH401 or SCH402 with
/// PostgreSQL's own message.
void Fails(ReplayContext& ctx, std::string code, std::string message, std::string help) {
  ctx.out.problems.push_back({std::move(code), std::move(message), std::move(help), std::nullopt});
  if (ctx.out.kind == StatementKind::kNoop) ctx.out.kind = StatementKind::kDdl;
}

/// created_here holds relations; functions are entered under their signature (schema +
/// "name(args)"), a name no relation can clash with in practice.
QualifiedName CreatedKey(const model::Function& f) {
  model::Function bare = f;
  bare.name.schema.clear();
  return {f.name.schema, bare.Signature()};
}

std::vector<std::string> Names(PgQuery__Node* const* items, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.emplace_back(StringValue(items[i]));
  return out;
}

/// Schemas an unqualified function name is looked up in, in order.
std::vector<std::string> SearchSchemas(const ReplayContext& ctx) {
  std::vector<std::string> out;
  for (const std::string& s : ctx.session.search_path) {
    if (s == "$user" || s.empty()) continue;
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

/// ctx.Type(), with the pseudo-types the model's list of built-ins lacks (format_type spells
/// "any" quoted).
model::TypeRef PlainType(const ReplayContext& ctx, const PgQuery__TypeName* tn) {
  model::TypeRef t = ctx.Type(tn);
  static const std::set<std::string> kPseudo = {"any", "anycompatiblenonarray",
                                                "anycompatiblerange", "anycompatiblemultirange",
                                                "pg_ddl_command"};
  std::string last = tn->n_names > 0 ? std::string(StringValue(tn->names[tn->n_names - 1])) : "";
  bool unqualified =
      tn->n_names == 1 || (tn->n_names == 2 && StringValue(tn->names[0]) == "pg_catalog");
  size_t dot = t.name.find('.');
  if (unqualified && kPseudo.count(last) &&
      (dot == std::string::npos ||
       !ctx.catalog.HasType({t.name.substr(0, dot), t.name.substr(dot + 1)}))) {
    t.name = last == "any" ? "\"any\"" : last;
  }
  return t;
}

/// The type of a function argument or result: canonical, without type modifiers (PostgreSQL
/// ignores them), at most one array dimension. `%TYPE` references take the column's type;
/// nullopt (reported) when the column does not exist.
std::optional<model::TypeRef> RoutineType(ReplayContext& ctx, const PgQuery__TypeName* tn,
                                          bool report) {
  if (!tn) return model::TypeRef{};
  model::TypeRef t;
  if (tn->pct_type) {
    std::vector<std::string> parts = Names(tn->names, tn->n_names);
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    std::string column = TruncateIdentifier(parts.back());
    QualifiedName table =
        ctx.ResolveRelation(parts.size() == 3 ? parts[0] : "", parts[parts.size() - 2]);
    const model::Column* col = nullptr;
    if (auto it = ctx.catalog.tables.find(table); it != ctx.catalog.tables.end()) {
      col = it->second.FindColumn(column);
    }
    if (!col) {
      if (report)
        ctx.DoesNotExist(ObjectKind::kColumn, fmt::format("{}.{}", table.ToString(), column));
      return std::nullopt;
    }
    t = col->type;
    if (tn->n_array_bounds > 0) t.array_dims = 1;
  } else {
    t = PlainType(ctx, tn);
  }
  t.modifiers.clear();
  t.array_dims = std::min(t.array_dims, 1);
  return t;
}

/// The text of a DefElem's String or Integer argument.
std::string DefString(const PgQuery__DefElem* d) {
  if (!d || !d->arg) return {};
  if (d->arg->node_case == PG_QUERY__NODE__NODE_STRING) return std::string(StringValue(d->arg));
  if (d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER && d->arg->integer) {
    return std::to_string(d->arg->integer->ival);
  }
  return {};
}

bool DefBool(const PgQuery__DefElem* d) {
  if (!d || !d->arg) return true;
  if (d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && d->arg->boolean)
    return d->arg->boolean->boolval;
  if (d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER && d->arg->integer)
    return d->arg->integer->ival != 0;
  return true;
}

/// Deparsed SQL-standard body: "RETURN expr" or "BEGIN ATOMIC stmt; ... END".
std::string SqlStandardBody(const PgQuery__Node* body) {
  if (!body) return {};
  if (body->node_case == PG_QUERY__NODE__NODE_RETURN_STMT && body->return_stmt) {
    return "RETURN " + DeparseExpr(body->return_stmt->returnval);
  }
  if (body->node_case != PG_QUERY__NODE__NODE_LIST || !body->list) return {};
  // BEGIN ATOMIC: a list holding the list of statements.
  std::string out = "BEGIN ATOMIC ";
  for (size_t i = 0; i < body->list->n_items; ++i) {
    const PgQuery__Node* inner = body->list->items[i];
    if (inner->node_case != PG_QUERY__NODE__NODE_LIST || !inner->list) continue;
    for (size_t k = 0; k < inner->list->n_items; ++k) {
      const PgQuery__Node* st = inner->list->items[k];
      std::string sql = st->node_case == PG_QUERY__NODE__NODE_RETURN_STMT && st->return_stmt
                            ? "RETURN " + DeparseExpr(st->return_stmt->returnval)
                            : DeparseStatement(st);
      out += sql + "; ";
    }
  }
  return out + "END";
}

/// The result PostgreSQL shows for a function (pg_get_function_result): "integer",
/// "SETOF public.users", "TABLE(id integer, name text)", "record" for several OUT arguments;
/// "" for a procedure.
std::string ResultOf(const model::Function& f, const std::optional<model::TypeRef>& declared,
                     bool setof) {
  if (f.procedure) return {};
  std::vector<const model::FunctionArg*> outs;
  bool table = false;
  for (const model::FunctionArg& a : f.args) {
    if (a.mode == "TABLE") table = true;
    if (a.mode == "OUT" || a.mode == "INOUT" || a.mode == "TABLE") outs.push_back(&a);
  }
  if (table) {
    std::vector<std::string> cols;
    for (const model::FunctionArg* a : outs) {
      if (a->mode == "TABLE") cols.push_back(a->name + " " + a->type.ToString());
    }
    return "TABLE(" + Join(cols, ", ") + ")";
  }
  std::string type;
  if (outs.size() == 1) {
    type = outs[0]->type.ToString();
  } else if (outs.size() > 1) {
    type = "record";
  } else if (declared) {
    type = declared->ToString();
  }
  if (type.empty()) return {};
  return (setof ? "SETOF " : "") + type;
}

std::string ModeName(PgQuery__FunctionParameterMode m) {
  switch (m) {
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
      return "OUT";
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
      return "INOUT";
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
      return "VARIADIC";
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
      return "TABLE";
    default:
      return "IN";
  }
}

bool IsInput(const model::FunctionArg& a) {
  return a.mode == "IN" || a.mode == "INOUT" || a.mode == "VARIADIC";
}

/// Types PostgreSQL knows without the model (pseudo-types, built-ins), or user types in the
/// catalog; with an extension installed, unknown names are given the benefit of the doubt.
bool CheckType(ReplayContext& ctx, const model::TypeRef& t) {
  if (t.name.empty() || ctx.TypeExists(t) || t.name == "\"any\"" ||
      t.name.find('.') == std::string::npos) {
    return true;
  }
  ctx.DoesNotExist(ObjectKind::kEnum, t.name);
  return false;
}

const std::set<std::string>& BuiltinLanguages() {
  static const std::set<std::string> kLanguages = {"sql", "plpgsql", "c", "internal"};
  return kLanguages;
}

// ---- Lookup --------------------------------------------------------------------------------

struct ArgList {
  bool given = false;               ///< an argument list was written (f() included)
  std::vector<std::string> inputs;  ///< types of the arguments not marked OUT
  std::vector<std::string> all;     ///< types of every argument written
  bool has_out = false;
  bool resolved = true;  ///< every type could be resolved
};

ArgList ArgsOf(const ReplayContext& ctx, const PgQuery__ObjectWithArgs* func) {
  ArgList out;
  if (!func || func->args_unspecified) return out;
  out.given = true;
  auto type_of = [&](const PgQuery__TypeName* tn) {
    // %TYPE in a reference: resolved read-only (no report).
    model::TypeRef t = tn ? PlainType(ctx, tn) : model::TypeRef{};
    if (tn && tn->pct_type) {
      std::vector<std::string> parts = Names(tn->names, tn->n_names);
      out.resolved = false;
      if (parts.size() >= 2) {
        QualifiedName table =
            ctx.ResolveRelation(parts.size() == 3 ? parts[0] : "", parts[parts.size() - 2]);
        if (auto it = ctx.catalog.tables.find(table); it != ctx.catalog.tables.end()) {
          if (const model::Column* c = it->second.FindColumn(TruncateIdentifier(parts.back()))) {
            t = c->type;
            out.resolved = true;
          }
        }
      }
    }
    t.modifiers.clear();
    t.array_dims = std::min(t.array_dims, 1);
    return t.ToString();
  };
  if (func->n_objfuncargs > 0) {
    for (size_t i = 0; i < func->n_objfuncargs; ++i) {
      const PgQuery__Node* n = func->objfuncargs[i];
      if (n->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER || !n->function_parameter)
        continue;
      const PgQuery__FunctionParameter* p = n->function_parameter;
      std::string t = type_of(p->arg_type);
      out.all.push_back(t);
      if (p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT ||
          p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE) {
        out.has_out = true;
      } else {
        out.inputs.push_back(t);
      }
    }
  } else {
    for (size_t i = 0; i < func->n_objargs; ++i) {
      const PgQuery__Node* n = func->objargs[i];
      if (n->node_case != PG_QUERY__NODE__NODE_TYPE_NAME) continue;
      std::string t = type_of(n->type_name);
      out.all.push_back(t);
      out.inputs.push_back(t);
    }
  }
  return out;
}

std::vector<std::string> InputTypes(const model::Function& f) {
  std::vector<std::string> out;
  for (const model::FunctionArg& a : f.args) {
    if (IsInput(a)) out.push_back(a.type.ToString());
  }
  return out;
}

std::vector<std::string> AllTypes(const model::Function& f) {
  std::vector<std::string> out;
  for (const model::FunctionArg& a : f.args) {
    if (a.mode != "TABLE") out.push_back(a.type.ToString());
  }
  return out;
}

/// Functions named `name` in `schema`.
std::vector<const model::Function*> Named(const model::Catalog& c, const std::string& schema,
                                          const std::string& name) {
  std::vector<const model::Function*> out;
  for (const auto& [key, f] : c.functions) {
    if (f.name.schema == schema && f.name.name == name) out.push_back(&f);
  }
  return out;
}

/// The schemas a (possibly qualified) routine name is searched in.
std::vector<std::string> SchemasFor(const ReplayContext& ctx,
                                    const std::vector<std::string>& parts) {
  if (parts.size() >= 2) return {parts[parts.size() - 2]};
  return SearchSchemas(ctx);
}

// ---- What a body runs ----------------------------------------------------------------------

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c & 0x80);
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$'; }

/// The code of a body with string literals, quoted identifiers and comments blanked out, so
/// that keywords inside them ('drop me', "create") do not count. Dollar-quoted strings inside
/// the body are blanked as well; EXECUTE before them still shows.
std::string CodeOnly(std::string_view s) {
  std::string out(s);
  size_t i = 0;
  auto blank = [&](size_t from, size_t to) {
    for (size_t k = from; k < to && k < out.size(); ++k) {
      if (out[k] != '\n') out[k] = ' ';
    }
  };
  while (i < s.size()) {
    char c = s[i];
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      size_t end = s.find('\n', i);
      if (end == std::string_view::npos) end = s.size();
      blank(i, end);
      i = end;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      end = end == std::string_view::npos ? s.size() : end + 2;
      blank(i, end);
      i = end;
    } else if (c == '\'') {
      bool escapes =
          i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') && (i < 2 || !IsIdentChar(s[i - 2]));
      size_t k = i + 1;
      while (k < s.size()) {
        if (escapes && s[k] == '\\') {
          k += 2;
          continue;
        }
        if (s[k] == '\'') {
          if (k + 1 < s.size() && s[k + 1] == '\'') {
            k += 2;
            continue;
          }
          break;
        }
        ++k;
      }
      size_t end = std::min(k + 1, s.size());
      blank(i, end);
      i = end;
    } else if (c == '"') {
      size_t k = i + 1;
      while (k < s.size()) {
        if (s[k] == '"') {
          if (k + 1 < s.size() && s[k + 1] == '"') {
            k += 2;
            continue;
          }
          break;
        }
        ++k;
      }
      size_t end = std::min(k + 1, s.size());
      blank(i, end);
      i = end;
    } else if (c == '$' && (i == 0 || !IsIdentChar(s[i - 1]))) {
      size_t k = i + 1;
      while (k < s.size() && IsIdentChar(s[k]) && s[k] != '$') ++k;
      if (k < s.size() && s[k] == '$' && (k == i + 1 || !(s[i + 1] >= '0' && s[i + 1] <= '9'))) {
        std::string tag(s.substr(i, k - i + 1));
        size_t close = s.find(tag, k + 1);
        size_t end = close == std::string_view::npos ? s.size() : close + tag.size();
        blank(i, end);
        i = end;
      } else {
        ++i;
      }
    } else if (IsIdentStart(c)) {
      while (i < s.size() && IsIdentChar(s[i])) ++i;
    } else {
      ++i;
    }
  }
  return out;
}

struct Word {
  std::string text;  ///< upper-cased
  size_t begin = 0;
  size_t end = 0;
};

std::vector<Word> Words(std::string_view code) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < code.size()) {
    if (IsIdentStart(code[i]) && (i == 0 || !IsIdentChar(code[i - 1]))) {
      size_t b = i;
      while (i < code.size() && IsIdentChar(code[i])) ++i;
      out.push_back({Upper(std::string(code.substr(b, i - b))), b, i});
    } else {
      ++i;
    }
  }
  return out;
}

/// The DDL a body's code appears to run, in order of appearance: "CREATE TABLE", "ALTER TABLE",
/// "DROP INDEX", "COMMENT ON", "EXECUTE (dynamic SQL)".
std::vector<std::string> DdlKeywords(std::string_view body) {
  std::string code = CodeOnly(body);
  std::vector<Word> words = Words(code);
  static const std::set<std::string> kSkip = {
      "OR",    "REPLACE", "UNIQUE",     "TEMP",    "TEMPORARY",  "UNLOGGED", "GLOBAL",
      "LOCAL", "TRUSTED", "PROCEDURAL", "DEFAULT", "CONSTRAINT", "RECURSIVE"};
  static const std::set<std::string> kTwoWords = {"MATERIALIZED", "FOREIGN", "EVENT",   "TEXT",
                                                  "ACCESS",       "USER",    "OPERATOR"};
  std::vector<std::string> out;
  auto add = [&](std::string what) {
    if (std::find(out.begin(), out.end(), what) == out.end()) out.push_back(std::move(what));
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i].text;
    // Part of a qualified name or a field ("x.create"): not a keyword.
    if (words[i].begin > 0 && code[words[i].begin - 1] == '.') continue;
    std::string next = i + 1 < words.size() ? words[i + 1].text : "";
    if (w == "CREATE" || w == "ALTER" || w == "DROP") {
      size_t k = i + 1;
      while (k < words.size() && kSkip.count(words[k].text)) ++k;
      std::string what = w;
      if (k < words.size()) {
        what += " " + words[k].text;
        if (kTwoWords.count(words[k].text) && k + 1 < words.size()) what += " " + words[k + 1].text;
      }
      add(what);
    } else if (w == "COMMENT" && next == "ON") {
      add("COMMENT ON");
    } else if (w == "EXECUTE" && next != "FUNCTION" && next != "PROCEDURE") {
      add("EXECUTE (dynamic SQL)");
    }
  }
  return out;
}

/// Names called in a body's code: identifiers (possibly qualified) followed by "(".
std::vector<std::vector<std::string>> CalledNames(std::string_view body) {
  std::string code = CodeOnly(body);
  std::vector<std::vector<std::string>> out;
  size_t i = 0;
  while (i < code.size()) {
    if (!IsIdentStart(code[i]) || (i > 0 && (IsIdentChar(code[i - 1]) || code[i - 1] == '.'))) {
      ++i;
      continue;
    }
    std::vector<std::string> parts;
    size_t k = i;
    while (true) {
      size_t b = k;
      while (k < code.size() && IsIdentChar(code[k])) ++k;
      parts.push_back(Lower(std::string(code.substr(b, k - b))));
      if (k + 1 < code.size() && code[k] == '.' && IsIdentStart(code[k + 1])) {
        ++k;
        continue;
      }
      break;
    }
    size_t p = k;
    while (p < code.size() &&
           (code[p] == ' ' || code[p] == '\t' || code[p] == '\n' || code[p] == '\r'))
      ++p;
    if (p < code.size() && code[p] == '(') out.push_back(parts);
    i = k;
  }
  return out;
}

/// What a function's body runs that the model cannot follow (DDL, dynamic SQL, calls of
/// functions that do); empty when nothing. `seen` guards recursion.
std::vector<std::string> BodyDdl(const ReplayContext& ctx, const model::Function& f,
                                 std::set<std::string>& seen);

/// The catalog functions a call by these name parts may reach (every overload: the model does
/// not resolve argument types).
std::vector<const model::Function*> Callees(const ReplayContext& ctx,
                                            const std::vector<std::string>& parts,
                                            const std::string& own_schema) {
  std::vector<const model::Function*> out;
  if (parts.empty()) return out;
  std::string name = TruncateIdentifier(parts.back());
  if (parts.size() >= 2) return Named(ctx.catalog, parts[parts.size() - 2], name);
  std::vector<std::string> schemas = SearchSchemas(ctx);
  if (!own_schema.empty() &&
      std::find(schemas.begin(), schemas.end(), own_schema) == schemas.end()) {
    schemas.push_back(own_schema);
  }
  for (const std::string& s : schemas) {
    std::vector<const model::Function*> found = Named(ctx.catalog, s, name);
    if (!found.empty()) return found;
  }
  return out;
}

/// Transitive part: the DDL-running functions a body calls, as "calls public.g() (DROP TABLE)".
std::vector<std::string> CalledDdl(const ReplayContext& ctx, std::string_view body,
                                   const std::string& own_schema, std::set<std::string>& seen) {
  std::vector<std::string> out;
  for (const std::vector<std::string>& parts : CalledNames(body)) {
    for (const model::Function* g : Callees(ctx, parts, own_schema)) {
      std::vector<std::string> inner = BodyDdl(ctx, *g, seen);
      if (inner.empty()) continue;
      std::string what = fmt::format("calls {}, which runs {}", g->Signature(), Join(inner, ", "));
      if (std::find(out.begin(), out.end(), what) == out.end()) out.push_back(std::move(what));
    }
  }
  return out;
}

std::vector<std::string> BodyDdl(const ReplayContext& ctx, const model::Function& f,
                                 std::set<std::string>& seen) {
  if (!seen.insert(f.Signature()).second) return {};
  // C and internal functions name a symbol: what they do is not visible.
  if (f.language == "c" || f.language == "internal") return {};
  std::vector<std::string> out = DdlKeywords(f.body);
  for (std::string& s : CalledDdl(ctx, f.body, f.name.schema, seen)) out.push_back(std::move(s));
  return out;
}

/// SELECT pg_catalog.set_config('search_path', 'a, b', is_local): the session's search_path.
bool ApplySetConfig(ReplayContext& ctx, const PgQuery__FuncCall* fc) {
  std::vector<std::string> parts = Names(fc->funcname, fc->n_funcname);
  if (parts.empty() || parts.back() != "set_config" ||
      (parts.size() == 2 && parts[0] != "pg_catalog") || parts.size() > 2 || fc->n_args != 3) {
    return false;
  }
  auto literal = [](const PgQuery__Node* n) -> std::optional<std::string> {
    if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && n->a_const->sval) {
      return std::string(n->a_const->sval->sval);
    }
    return std::nullopt;
  };
  std::optional<std::string> name = literal(fc->args[0]);
  std::optional<std::string> value = literal(fc->args[1]);
  if (!name || Lower(*name) != "search_path" || !value) return false;
  std::vector<std::string> path;
  size_t start = 0;
  while (start <= value->size()) {
    size_t comma = value->find(',', start);
    std::string part =
        value->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
      part = part.substr(1, part.size() - 2);
    } else {
      part = Lower(part);
    }
    if (!part.empty()) path.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  ctx.session.search_path = path.empty() ? std::vector<std::string>{""} : path;
  return true;
}

/// Functions of the catalog a call can reach by name and argument count.
std::vector<const model::Function*> CallTargets(const ReplayContext& ctx,
                                                const PgQuery__FuncCall* fc, bool procedure) {
  std::vector<std::string> parts = Names(fc->funcname, fc->n_funcname);
  std::vector<const model::Function*> out;
  for (const model::Function* f : Callees(ctx, parts, "")) {
    if (f->procedure != procedure) continue;
    size_t inputs = 0, defaults = 0;
    bool variadic = false;
    for (const model::FunctionArg& a : f->args) {
      if (procedure ? a.mode != "TABLE" : IsInput(a)) ++inputs;
      if (a.default_expr) ++defaults;
      if (a.mode == "VARIADIC") variadic = true;
    }
    size_t n = fc->n_args;
    bool fits = n <= inputs ? n + defaults >= inputs : variadic;
    if (variadic && n + 1 >= inputs) fits = true;
    if (fits || fc->agg_star) out.push_back(f);
  }
  return out;
}

/// What CREATE OR REPLACE may not change: whether the result is a set, and its type (the type
/// of a single OUT argument, "record" for several; RETURNS TABLE (x int) is SETOF integer).
std::pair<bool, std::string> ResultKey(const model::Function& f) {
  std::vector<const model::FunctionArg*> outs;
  for (const model::FunctionArg& a : f.args) {
    if (a.mode == "OUT" || a.mode == "INOUT" || a.mode == "TABLE") outs.push_back(&a);
  }
  bool setof = f.returns.rfind("SETOF ", 0) == 0 || f.returns.rfind("TABLE(", 0) == 0;
  if (outs.size() == 1) return {setof, outs[0]->type.ToString()};
  if (outs.size() > 1) return {setof, "record"};
  return {setof, setof ? f.returns.substr(6) : f.returns};
}

/// The row several OUT arguments define (names and types); empty for one or none.
std::vector<std::pair<std::string, std::string>> OutRow(const model::Function& f) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const model::FunctionArg& a : f.args) {
    if (a.mode == "OUT" || a.mode == "INOUT" || a.mode == "TABLE")
      out.emplace_back(a.name, a.type.ToString());
  }
  if (out.size() < 2) out.clear();
  return out;
}

// ---- What depends on a function -------------------------------------------------------------

/// An object whose definition calls a function: DROP FUNCTION fails while it exists, and
/// CASCADE drops it (a column default is dropped, the column stays).
struct Dependent {
  enum Kind { kTrigger, kView, kDefault, kGenerated, kConstraint, kIndex, kPolicy } kind = kTrigger;
  QualifiedName relation;  ///< the table or view (the index for kIndex)
  std::string member;      ///< trigger, column, constraint or policy name
  bool on_view = false;    ///< a trigger on a view

  std::string What() const {
    switch (kind) {
      case kTrigger:
        return fmt::format("trigger {} on {}", member, relation.ToString());
      case kView:
        return fmt::format("view {}", relation.ToString());
      case kDefault:
        return fmt::format("default value for column {} of table {}", member, relation.ToString());
      case kGenerated:
        return fmt::format("column {} of table {}", member, relation.ToString());
      case kConstraint:
        return fmt::format("constraint {} on table {}", member, relation.ToString());
      case kIndex:
        return fmt::format("index {}", relation.ToString());
      case kPolicy:
        return fmt::format("policy {} on table {}", member, relation.ToString());
    }
    return {};
  }
};

/// True when `sql` (a statement) calls `f`: by its qualified name, or unqualified when no other
/// function of the model has that name (an overload or a namesake could be the one called).
bool SqlCalls(const ReplayContext& ctx, std::string_view sql, const model::Function& f,
              bool unique_name) {
  ParsedText parsed = ParseSql(sql);
  bool calls = false;
  for (const Statement& st : parsed.statements) {
    if (!st.node) continue;
    VisitMessages(&st.node->base, [&](const ProtobufCMessage* m) {
      if (calls || m->descriptor != &pg_query__func_call__descriptor) return;
      const auto* fc = reinterpret_cast<const PgQuery__FuncCall*>(m);
      std::vector<std::string> parts = Names(fc->funcname, fc->n_funcname);
      if (parts.empty() || TruncateIdentifier(parts.back()) != f.name.name) return;
      if (parts.size() >= 2) {
        calls = parts[parts.size() - 2] == f.name.schema && unique_name;
        return;
      }
      std::vector<std::string> path = SearchSchemas(ctx);
      calls = unique_name && std::find(path.begin(), path.end(), f.name.schema) != path.end();
    });
  }
  return calls;
}

bool ExprCalls(const ReplayContext& ctx, const std::string& expr, const model::Function& f,
               bool unique_name) {
  return !expr.empty() && SqlCalls(ctx, "SELECT " + expr, f, unique_name);
}

std::vector<Dependent> DependentsOf(const ReplayContext& ctx, const model::Function& f) {
  std::vector<Dependent> out;
  const model::Catalog& c = ctx.catalog;
  // Triggers name their function (no arguments, returns trigger).
  if (!f.procedure && InputTypes(f).empty()) {
    for (const auto& [key, table] : c.tables) {
      for (const auto& [tname, trig] : table.triggers) {
        if (trig.function == f.name) out.push_back({Dependent::kTrigger, key, tname, false});
      }
    }
    for (const auto& [key, view] : c.views) {
      for (const auto& [tname, trig] : view.triggers) {
        if (trig.function == f.name) out.push_back({Dependent::kTrigger, key, tname, true});
      }
    }
  }
  if (f.procedure) return out;
  // Expressions calling it: only followed when the name is unambiguous in the model.
  size_t namesakes = 0;
  for (const auto& [key, g] : c.functions) namesakes += g.name.name == f.name.name;
  bool unique_name = namesakes == 1;
  if (!unique_name) return out;
  for (const auto& [key, view] : c.views) {
    if (SqlCalls(ctx, view.definition, f, true)) out.push_back({Dependent::kView, key, "", false});
  }
  for (const auto& [key, table] : c.tables) {
    for (const model::Column& col : table.columns) {
      if (col.default_expr && ExprCalls(ctx, *col.default_expr, f, true)) {
        out.push_back({Dependent::kDefault, key, col.name, false});
      }
      if (col.generated && ExprCalls(ctx, *col.generated, f, true)) {
        out.push_back({Dependent::kGenerated, key, col.name, false});
      }
    }
    for (const auto& [cname, con] : table.constraints) {
      if (ExprCalls(ctx, con.expression, f, true) || ExprCalls(ctx, con.where, f, true)) {
        out.push_back({Dependent::kConstraint, key, cname, false});
      }
    }
    for (const auto& [pname, pol] : table.policies) {
      if (ExprCalls(ctx, pol.using_expr, f, true) || ExprCalls(ctx, pol.check_expr, f, true)) {
        out.push_back({Dependent::kPolicy, key, pname, false});
      }
    }
  }
  for (const auto& [key, index] : c.indexes) {
    if (index.backs_constraint) continue;
    bool uses = ExprCalls(ctx, index.predicate, f, true);
    for (const model::IndexKey& k : index.keys)
      uses = uses || (k.is_expression && ExprCalls(ctx, k.expression, f, true));
    if (uses) out.push_back({Dependent::kIndex, key, "", false});
  }
  return out;
}

/// DROP FUNCTION ... CASCADE: removes one dependent, recording it.
void DropDependent(ReplayContext& ctx, const Dependent& d) {
  model::Catalog& c = ctx.catalog;
  auto record = [&](ChangeOp op, ObjectKind kind, const QualifiedName& name,
                    std::string member) -> model::Change& {
    model::Change& ch = ctx.AddChange(op, kind, name, std::move(member));
    ch.cascade = true;
    ch.on_existing = ctx.ExistedBefore(name);
    return ch;
  };
  switch (d.kind) {
    case Dependent::kTrigger: {
      if (d.on_view) {
        if (auto v = c.views.find(d.relation);
            v != c.views.end() && v->second.triggers.erase(d.member)) {
          record(ChangeOp::kDrop, ObjectKind::kTrigger, d.relation, d.member);
        }
      } else if (auto t = c.tables.find(d.relation);
                 t != c.tables.end() && t->second.triggers.erase(d.member)) {
        record(ChangeOp::kDrop, ObjectKind::kTrigger, d.relation, d.member);
      }
      return;
    }
    case Dependent::kView: {
      auto v = c.views.find(d.relation);
      if (v == c.views.end()) return;  // already dropped with another one
      bool materialized = v->second.materialized;
      record(ChangeOp::kDrop, materialized ? ObjectKind::kMaterializedView : ObjectKind::kView,
             d.relation, "");
      DropDependentViews(ctx, d.relation);
      c.views.erase(d.relation);
      for (auto it = c.indexes.begin(); it != c.indexes.end();) {
        it = it->second.table == d.relation ? c.indexes.erase(it) : std::next(it);
      }
      return;
    }
    case Dependent::kDefault: {
      auto t = c.tables.find(d.relation);
      if (t == c.tables.end()) return;
      if (model::Column* col = t->second.FindColumn(d.member)) {
        col->default_expr.reset();
        record(ChangeOp::kAlter, ObjectKind::kColumn, d.relation, d.member);
      }
      return;
    }
    case Dependent::kGenerated: {
      auto t = c.tables.find(d.relation);
      if (t == c.tables.end() || !t->second.FindColumn(d.member)) return;
      model::Table& table = t->second;
      record(ChangeOp::kDrop, ObjectKind::kColumn, d.relation, d.member);
      std::erase_if(table.columns, [&](const model::Column& col) { return col.name == d.member; });
      // What the column's own drop takes along: its indexes and the constraints on it.
      for (auto it = c.indexes.begin(); it != c.indexes.end();) {
        bool on_column = it->second.table == d.relation &&
                         std::any_of(it->second.keys.begin(), it->second.keys.end(),
                                     [&](const model::IndexKey& k) {
                                       return !k.is_expression && k.expression == d.member;
                                     });
        it = on_column ? c.indexes.erase(it) : std::next(it);
      }
      std::erase_if(table.constraints, [&](const auto& entry) {
        const std::vector<std::string>& cols = entry.second.columns;
        return std::find(cols.begin(), cols.end(), d.member) != cols.end();
      });
      return;
    }
    case Dependent::kConstraint: {
      auto t = c.tables.find(d.relation);
      if (t == c.tables.end() || !t->second.constraints.erase(d.member)) return;
      model::Change& ch = record(ChangeOp::kDrop, ObjectKind::kConstraint, d.relation, d.member);
      ch.constraint_kind = "CHECK";
      return;
    }
    case Dependent::kIndex: {
      auto it = c.indexes.find(d.relation);
      if (it == c.indexes.end()) return;
      QualifiedName table = it->second.table;
      c.indexes.erase(it);
      model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kIndex, d.relation);
      ch.cascade = true;
      ch.on_existing = ctx.ExistedBefore(table);
      return;
    }
    case Dependent::kPolicy: {
      auto t = c.tables.find(d.relation);
      if (t != c.tables.end() && t->second.policies.erase(d.member)) {
        record(ChangeOp::kDrop, ObjectKind::kPolicy, d.relation, d.member);
      }
      return;
    }
  }
}

}  // namespace

// ---- Lookup (shared) -------------------------------------------------------------------------

std::vector<std::string> LookupFunctions(const ReplayContext& ctx,
                                         const PgQuery__ObjectWithArgs* func,
                                         PgQuery__ObjectType objtype) {
  std::vector<std::string> out;
  if (!func) return out;
  std::vector<std::string> parts = Names(func->objname, func->n_objname);
  if (parts.empty()) return out;
  std::string name = TruncateIdentifier(parts.back());
  ArgList args = ArgsOf(ctx, func);
  bool want_procedure = objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE;
  bool kind_filter = objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ||
                     objtype == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION;
  std::vector<std::vector<std::string>> seen_inputs;  // overloads masked by an earlier schema
  for (const std::string& schema : SchemasFor(ctx, parts)) {
    for (const model::Function* f : Named(ctx.catalog, schema, name)) {
      if (!args.given) {
        if (kind_filter && f->procedure != want_procedure) continue;
        std::vector<std::string> in = InputTypes(*f);
        if (std::find(seen_inputs.begin(), seen_inputs.end(), in) != seen_inputs.end()) continue;
        seen_inputs.push_back(in);
        out.push_back(f->Signature());
        continue;
      }
      if (InputTypes(*f) == args.inputs) {
        return {f->Signature()};
      }
    }
    if (args.given) {
      // A procedure may also be named by all its arguments, OUT ones included.
      if (objtype != PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION) {
        for (const model::Function* f : Named(ctx.catalog, schema, name)) {
          if (f->procedure && AllTypes(*f) == args.all) return {f->Signature()};
        }
      }
    }
  }
  return out;
}

std::string FunctionRefText(const ReplayContext& ctx, const PgQuery__ObjectWithArgs* func) {
  if (!func) return {};
  std::vector<std::string> parts = Names(func->objname, func->n_objname);
  if (parts.empty()) return {};
  std::string name = TruncateIdentifier(parts.back());
  std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : ctx.CreationSchema();
  if (parts.size() < 2) {
    for (const std::string& s : SearchSchemas(ctx)) {
      if (!Named(ctx.catalog, s, name).empty()) {
        schema = s;
        break;
      }
    }
  }
  std::string out = QualifiedName{schema, name}.ToString();
  ArgList args = ArgsOf(ctx, func);
  if (args.given) out += "(" + Join(args.inputs, ", ") + ")";
  return out;
}

// ---- CREATE FUNCTION / PROCEDURE -------------------------------------------------------------

void ReplayCreateFunction(ReplayContext& ctx, const PgQuery__CreateFunctionStmt* stmt) {
  if (!stmt) return;
  ctx.out.tag = stmt->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION";
  std::vector<std::string> parts = Names(stmt->funcname, stmt->n_funcname);
  if (parts.empty()) return;
  if (!stmt->replace) ctx.NotRetrySafe();

  model::Function f;
  f.name = ctx.NameForCreate(parts.size() >= 2 ? parts[parts.size() - 2] : "", parts.back());
  f.procedure = stmt->is_procedure;
  if (parts.size() >= 2 && !ctx.catalog.schemas.count(f.name.schema) &&
      f.name.schema != "pg_catalog" && f.name.schema.rfind("pg_temp", 0) != 0 &&
      ctx.catalog.extensions.empty()) {
    ctx.DoesNotExist(ObjectKind::kSchema, f.name.schema);
    return;
  }

  bool types_ok = true;
  for (size_t i = 0; i < stmt->n_parameters; ++i) {
    const PgQuery__Node* n = stmt->parameters[i];
    if (n->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER || !n->function_parameter) continue;
    const PgQuery__FunctionParameter* p = n->function_parameter;
    model::FunctionArg a;
    a.name = TruncateIdentifier(p->name ? p->name : "");
    a.mode = ModeName(p->mode);
    std::optional<model::TypeRef> t = RoutineType(ctx, p->arg_type, true);
    if (!t) {
      types_ok = false;
      continue;
    }
    a.type = *t;
    if (!CheckType(ctx, a.type)) types_ok = false;
    if (p->defexpr) a.default_expr = ctx.Expr(p->defexpr);
    f.args.push_back(std::move(a));
  }

  std::string language;
  const PgQuery__DefElem* as = nullptr;
  for (size_t i = 0; i < stmt->n_options; ++i) {
    const PgQuery__Node* n = stmt->options[i];
    if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !n->def_elem) continue;
    const PgQuery__DefElem* d = n->def_elem;
    std::string_view opt = d->defname ? d->defname : "";
    if (opt == "language") {
      language = DefString(d);
    } else if (opt == "as") {
      as = d;
    } else if (opt == "volatility") {
      f.volatility = Upper(DefString(d));
    } else if (opt == "strict") {
      f.strict = DefBool(d);
    } else if (opt == "security") {
      f.security_definer = DefBool(d);
    }
  }
  if (language.empty() && stmt->sql_body) language = "sql";
  f.language = language;
  if (stmt->sql_body) {
    f.body = SqlStandardBody(stmt->sql_body);
  } else if (as && as->arg && as->arg->node_case == PG_QUERY__NODE__NODE_LIST && as->arg->list) {
    const PgQuery__List* l = as->arg->list;
    if (l->n_items >= 2) {
      f.body = std::string(StringValue(l->items[1]));  // AS 'obj_file', 'link_symbol'
    } else if (l->n_items == 1) {
      f.body = std::string(StringValue(l->items[0]));
      if (language == "c") f.body = f.name.name;  // the link symbol defaults to the function's name
    }
  } else if (as && as->arg && as->arg->node_case == PG_QUERY__NODE__NODE_STRING) {
    f.body = std::string(StringValue(as->arg));
  }

  std::optional<model::TypeRef> declared;
  if (stmt->return_type) {
    declared = RoutineType(ctx, stmt->return_type, true);
    if (!declared) {
      types_ok = false;
    } else if (language != "c" && language != "internal" && !CheckType(ctx, *declared)) {
      types_ok = false;  // (C functions get a shell type for an unknown result type)
    }
  }
  if (!types_ok) return;
  if (!language.empty() && !BuiltinLanguages().count(language) && ctx.catalog.extensions.empty()) {
    Fails(ctx, "SCH402",
          fmt::format("language {} does not exist at this point of the migration history; the "
                      "statement fails "
                      "(\"language {} does not exist\")",
                      language, language),
          "install it first (CREATE EXTENSION), or fix the LANGUAGE clause");
    return;
  }
  f.returns = ResultOf(f, declared, stmt->return_type && stmt->return_type->setof);

  std::string key = f.Signature();
  auto existing = ctx.catalog.functions.find(key);
  bool replacing = existing != ctx.catalog.functions.end();
  if (replacing) {
    const model::Function& old = existing->second;
    if (!stmt->replace) {
      Fails(ctx, "SCH401",
            fmt::format("function {} already exists at this point of the migration history; the "
                        "statement fails "
                        "(\"function {} already exists with same argument types\")",
                        key, f.name.name),
            "use CREATE OR REPLACE, or remove the statement");
      return;
    }
    std::string failure;
    if (old.procedure != f.procedure) {
      failure = fmt::format("cannot change routine kind ({} is a {})", f.name.name,
                            old.procedure ? "procedure" : "function");
    } else if (ResultKey(old) != ResultKey(f) || OutRow(old) != OutRow(f)) {
      // The result (set-ness and type; for several OUT arguments, the row they define).
      failure = "cannot change return type of existing function";
    } else {
      // Input arguments: names may not change, defaults may not be removed.
      std::vector<const model::FunctionArg*> oin, nin;
      for (const model::FunctionArg& a : old.args) {
        if (IsInput(a)) oin.push_back(&a);
      }
      for (const model::FunctionArg& a : f.args) {
        if (IsInput(a)) nin.push_back(&a);
      }
      size_t odefaults = 0, ndefaults = 0;
      for (size_t i = 0; i < oin.size() && i < nin.size(); ++i) {
        if (!oin[i]->name.empty() && oin[i]->name != nin[i]->name && failure.empty()) {
          failure = fmt::format("cannot change name of input parameter {}", oin[i]->name);
        }
        if (oin[i]->default_expr) ++odefaults;
        if (nin[i]->default_expr) ++ndefaults;
      }
      if (failure.empty() && ndefaults < odefaults) {
        failure = "cannot remove parameter defaults from existing function";
      }
    }
    if (!failure.empty()) {
      Fails(
          ctx, "SCH401",
          fmt::format(
              "{} {} already exists with another signature at this point of the migration history; "
              "CREATE OR REPLACE fails (\"{}\")",
              old.procedure ? "procedure" : "function", key, failure),
          fmt::format("DROP {} {} first, then create it again",
                      old.procedure ? "PROCEDURE" : "FUNCTION", key));
      return;
    }
    f.comment = old.comment;
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kCreate, ObjectKind::kFunction, f.name);
  ch.on_existing = replacing && !ctx.created_here.count(CreatedKey(f));
  if (!replacing) ctx.MarkCreated(CreatedKey(f));
  ctx.catalog.functions[key] = std::move(f);
}

// ---- ALTER FUNCTION / PROCEDURE / ROUTINE ----------------------------------------------------

void ReplayAlterFunction(ReplayContext& ctx, const PgQuery__AlterFunctionStmt* stmt) {
  if (!stmt || !stmt->func) return;
  std::vector<std::string> keys = LookupFunctions(ctx, stmt->func, stmt->objtype);
  std::string what = FunctionRefText(ctx, stmt->func);
  if (keys.empty()) {
    ctx.DoesNotExist(ObjectKind::kFunction, what);
    return;
  }
  if (keys.size() > 1) {
    Fails(ctx, "SCH401",
          fmt::format("function name {} is not unique at this point of the migration history ({}); "
                      "the statement "
                      "fails (\"function name {} is not unique\")",
                      what, Join(keys, ", "),
                      StringValue(stmt->func->objname[stmt->func->n_objname - 1])),
          "specify the argument list to select the function");
    return;
  }
  model::Function& f = ctx.catalog.functions[keys[0]];
  bool is_procedure_stmt = stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE;
  if (stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE && f.procedure != is_procedure_stmt) {
    Fails(ctx, "SCH402",
          fmt::format("{} {} does not exist at this point of the migration history ({} is a {}); "
                      "the statement "
                      "fails",
                      is_procedure_stmt ? "procedure" : "function", keys[0], keys[0],
                      f.procedure ? "procedure" : "function"),
          fmt::format("use ALTER {}", f.procedure ? "PROCEDURE" : "FUNCTION"));
    return;
  }
  for (size_t i = 0; i < stmt->n_actions; ++i) {
    const PgQuery__Node* n = stmt->actions[i];
    if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !n->def_elem) continue;
    const PgQuery__DefElem* d = n->def_elem;
    std::string_view opt = d->defname ? d->defname : "";
    if (opt == "volatility") {
      f.volatility = Upper(DefString(d));
    } else if (opt == "strict") {
      f.strict = DefBool(d);
    } else if (opt == "security") {
      f.security_definer = DefBool(d);
    }
    // SET / RESET of configuration, LEAKPROOF, PARALLEL, COST, ROWS, SUPPORT: not in the model.
  }
  model::Change& ch = ctx.AddChange(ChangeOp::kAlter, ObjectKind::kFunction, f.name);
  ch.on_existing = !ctx.created_here.count(CreatedKey(f));
}

// ---- DROP FUNCTION / PROCEDURE / ROUTINE -----------------------------------------------------

void DropFunction(ReplayContext& ctx, const PgQuery__DropStmt* stmt, const PgQuery__Node* object,
                  bool procedure) {
  if (!stmt || !object) return;
  if (!stmt->missing_ok) ctx.NotRetrySafe();
  if (object->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS || !object->object_with_args) {
    ctx.Unmodeled("DROP of a routine named in a form the model does not read");
    return;
  }
  const PgQuery__ObjectWithArgs* func = object->object_with_args;
  PgQuery__ObjectType objtype = stmt->remove_type;
  if (objtype != PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE) {
    objtype = procedure ? PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE
                        : PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION;
  }
  const char* kind_word = objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ? "procedure"
                          : objtype == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE ? "routine"
                                                                             : "function";
  std::vector<std::string> keys = LookupFunctions(ctx, func, objtype);
  std::string what = FunctionRefText(ctx, func);
  if (keys.empty()) {
    if (stmt->missing_ok) return;  // NOTICE, skipped
    ctx.DoesNotExist(ObjectKind::kFunction, what);
    return;
  }
  if (keys.size() > 1) {
    Fails(ctx, "SCH401",
          fmt::format("{} name {} is not unique at this point of the migration history ({}); the "
                      "statement fails "
                      "(\"function name {} is not unique\")",
                      kind_word, what, Join(keys, ", "),
                      StringValue(func->objname[func->n_objname - 1])),
          "specify the argument list to select the function");
    return;
  }
  const model::Function& f = ctx.catalog.functions[keys[0]];
  if (objtype != PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE &&
      f.procedure != (objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE)) {
    // Even with IF EXISTS: "f() is not a procedure".
    Fails(ctx, "SCH402",
          fmt::format("{} {} does not exist at this point of the migration history ({} is a {}); "
                      "the statement "
                      "fails (\"{} is not a {}\")",
                      kind_word, keys[0], keys[0], f.procedure ? "procedure" : "function", keys[0],
                      kind_word),
          fmt::format("use DROP {}", f.procedure ? "PROCEDURE" : "FUNCTION"));
    return;
  }
  std::vector<Dependent> dependents = DependentsOf(ctx, f);
  if (!dependents.empty() && !IsCascade(stmt)) {
    std::vector<std::string> list;
    for (const Dependent& d : dependents) list.push_back(d.What());
    Fails(ctx, "SCH401",
          fmt::format(
              "{} still exists and depends on {} {}; DROP {} fails without CASCADE (\"cannot drop "
              "function {} because other objects depend on it\")",
              Join(list, ", "), f.procedure ? "procedure" : "function", keys[0], Upper(kind_word),
              keys[0]),
          "drop or change the dependent objects first, or use CASCADE");
    return;
  }
  QualifiedName name = f.name;
  bool on_existing = !ctx.created_here.count(CreatedKey(f));
  model::Change& ch = ctx.AddChange(ChangeOp::kDrop, ObjectKind::kFunction, name);
  ch.guarded = stmt->missing_ok;
  ch.cascade = IsCascade(stmt);
  ch.on_existing = on_existing;
  ctx.catalog.functions.erase(keys[0]);
  for (const Dependent& d : dependents) DropDependent(ctx, d);
}

// ---- Running code: SELECT f() / CALL p() / DO --------------------------------------------------

void ReplayCall(ReplayContext& ctx, const PgQuery__Node* stmt) {
  if (!stmt) return;
  ctx.out.kind = StatementKind::kData;
  bool call = stmt->node_case == PG_QUERY__NODE__NODE_CALL_STMT;
  std::vector<const PgQuery__FuncCall*> calls;
  if (call) {
    if (stmt->call_stmt && stmt->call_stmt->funccall) calls.push_back(stmt->call_stmt->funccall);
  } else {
    VisitMessages(&stmt->base, [&](const ProtobufCMessage* m) {
      if (m->descriptor == &pg_query__func_call__descriptor)
        calls.push_back(reinterpret_cast<const PgQuery__FuncCall*>(m));
    });
  }
  std::vector<std::string> reasons;
  bool session = false;
  for (size_t i = 0; i < calls.size(); ++i) {
    const PgQuery__FuncCall* fc = calls[i];
    bool is_call_target = call && i == 0;
    if (!is_call_target && ApplySetConfig(ctx, fc)) {
      session = true;
      continue;
    }
    std::vector<const model::Function*> targets = CallTargets(ctx, fc, is_call_target);
    if (is_call_target && targets.empty()) {
      std::vector<std::string> parts = Names(fc->funcname, fc->n_funcname);
      bool system = parts.size() >= 2 && parts[parts.size() - 2] == "pg_catalog";
      if (!system && ctx.catalog.extensions.empty() && !parts.empty()) {
        bool any = false;
        for (const model::Function* f : Callees(ctx, parts, "")) any = any || f->procedure;
        if (!any) {
          std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : ctx.CreationSchema();
          ctx.DoesNotExist(
              ObjectKind::kFunction,
              fmt::format("procedure {}",
                          QualifiedName{schema, TruncateIdentifier(parts.back())}.ToString()));
        }
      }
      continue;
    }
    for (const model::Function* f : targets) {
      std::set<std::string> seen;
      std::vector<std::string> ddl = BodyDdl(ctx, *f, seen);
      if (ddl.empty()) continue;
      std::string reason =
          fmt::format("{} {} whose body runs {}", call ? "calls procedure" : "calls function",
                      f->Signature(), Join(ddl, ", "));
      if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end())
        reasons.push_back(std::move(reason));
    }
  }
  if (!reasons.empty()) {
    ctx.Unmodeled(fmt::format("{}; its effect on the schema is not modelled", Join(reasons, "; ")));
    return;
  }
  if (session && ctx.out.kind == StatementKind::kData) ctx.out.kind = StatementKind::kSession;
}

void ReplayDo(ReplayContext& ctx, const PgQuery__DoStmt* stmt) {
  if (!stmt) return;
  std::string body, language = "plpgsql";
  for (size_t i = 0; i < stmt->n_args; ++i) {
    const PgQuery__Node* n = stmt->args[i];
    if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !n->def_elem) continue;
    std::string_view opt = n->def_elem->defname ? n->def_elem->defname : "";
    if (opt == "as") body = DefString(n->def_elem);
    if (opt == "language") language = DefString(n->def_elem);
  }
  std::vector<std::string> ddl = DdlKeywords(body);
  std::set<std::string> seen;
  for (std::string& s : CalledDdl(ctx, body, "", seen)) ddl.push_back(std::move(s));
  if (!ddl.empty()) {
    ctx.Unmodeled(
        fmt::format("DO block: its effect on the schema is not modelled (its {} body runs {})",
                    language, Join(ddl, ", ")));
    return;
  }
  // No DDL-looking text (only RAISE, INSERT, UPDATE, PERFORM of functions without DDL...).
  ctx.out.kind = StatementKind::kData;
  ctx.out.unmodeled_reason =
      "DO block without CREATE, ALTER, DROP, COMMENT ON or EXECUTE in its body and without calls "
      "of functions that "
      "run DDL: treated as data";
}

}  // namespace sse::pg
