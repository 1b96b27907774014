// PostgreSQL introspection through libpqxx: a fixed set of pg_catalog queries in one read-only
// repeatable-read transaction, turned into the neutral model under the conventions of
// docs/dialects/postgres.md.

#include "dialects/postgres/inspect.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <future>
#include <thread>

#include <libpq-fe.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/util/glob.hpp"
#include "dialects/postgres/parse.hpp"

namespace sse::pg {

namespace {

using model::QualifiedName;
using nlohmann::json;

// ---- Connection strings ------------------------------------------------------------------

struct ConnInfo {
  std::map<std::string, std::string> values;  ///< the options given, as libpq parsed them
  std::string error;                          ///< libpq's complaint about the string
};

ConnInfo ParseConnInfo(const std::string& url) {
  ConnInfo out;
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    out.error = err ? err : "invalid connection string";
    if (err) PQfreemem(err);
    while (!out.error.empty() && (out.error.back() == '\n' || out.error.back() == ' '))
      out.error.pop_back();
    return out;
  }
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (o->val && *o->val) out.values[o->keyword] = o->val;
  }
  PQconninfoFree(opts);
  return out;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

/// host and port as libpq resolves them: the string, then PGHOST/PGPORT, then the defaults.
std::string TargetOf(const ConnInfo& ci) {
  auto get = [&](const char* key, const char* env) {
    auto it = ci.values.find(key);
    if (it != ci.values.end()) return it->second;
    return Env(env);
  };
  std::string host = get("host", "PGHOST");
  if (host.empty()) host = get("hostaddr", "PGHOSTADDR");
  if (host.empty()) host = "the default Unix socket";
  std::string port = get("port", "PGPORT");
  if (port.empty()) port = "5432";
  return fmt::format("{}:{}", host, port);
}

/// A libpq keyword string with the user's options and ours (application_name, connect_timeout).
std::string KeywordString(const ConnInfo& ci, const InspectOptions& options) {
  std::map<std::string, std::string> values = ci.values;
  values["application_name"] = "schema";
  if (!values.count("connect_timeout"))
    values["connect_timeout"] = std::to_string(options.connect_timeout_s);
  std::string out;
  for (const auto& [k, v] : values) {
    if (!out.empty()) out += ' ';
    out += k + "='";
    for (char c : v) {
      if (c == '\'' || c == '\\') out += '\\';
      out += c;
    }
    out += '\'';
  }
  return out;
}

/// libpq's message without the password (libpq does not print it, but be sure) and without the
/// trailing newline.
std::string Scrub(std::string message, const ConnInfo& ci) {
  auto it = ci.values.find("password");
  if (it != ci.values.end() && it->second.size() >= 3) {
    for (size_t pos; (pos = message.find(it->second)) != std::string::npos;)
      message.replace(pos, it->second.size(), "***");
  }
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

// ---- Reading results ---------------------------------------------------------------------

std::string Str(const pqxx::field& f) {
  return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
}
std::optional<std::string> OptStr(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return std::string(f.c_str(), f.size());
}
bool Bool(const pqxx::field& f) { return !f.is_null() && f.c_str()[0] == 't'; }
int64_t Int(const pqxx::field& f) { return f.is_null() ? 0 : std::strtoll(f.c_str(), nullptr, 10); }
json Json(const pqxx::field& f) {
  if (f.is_null()) return json::array();
  json j = json::parse(f.c_str(), nullptr, false);
  return j.is_discarded() ? json::array() : j;
}
std::vector<std::string> Strings(const json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const json& v : j) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

// ---- Streamed results --------------------------------------------------------------------
//
// The relations query has a row per column (150,000 at 10,000 tables); held whole by libpq, its
// result was about 100 MB (16 bytes per field besides the text), the inspection's peak. It is
// read instead as COPY (query) TO STDOUT, one row at a time: still one statement.

/// One field of a row read from COPY ... TO STDOUT: its text, or null.
struct CopyField {
  std::string_view text;
  bool null = true;
  bool is_null() const { return null; }
};

std::string Str(const CopyField& f) { return std::string(f.text); }
std::optional<std::string> OptStr(const CopyField& f) {
  if (f.null) return std::nullopt;
  return std::string(f.text);
}
bool Bool(const CopyField& f) { return !f.null && !f.text.empty() && f.text[0] == 't'; }
int64_t Int(const CopyField& f) {
  int64_t v = 0;
  std::from_chars(f.text.data(), f.text.data() + f.text.size(), v);
  return v;
}
json Json(const CopyField& f) {
  if (f.null) return json::array();
  json j = json::parse(f.text.begin(), f.text.end(), nullptr, false);
  return j.is_discarded() ? json::array() : j;
}

/// A row of COPY's text format, decoded: fields separated by tabs, \N for null, backslash
/// escapes (PostgreSQL's documentation of COPY, "Text Format").
class CopyRow {
 public:
  /// Decodes one line (with or without its final newline).
  void Parse(std::string_view line) {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    text_.clear();
    text_.reserve(line.size());  // the decoded text is never longer
    spans_.clear();
    for (size_t start = 0;;) {
      size_t end = line.find('\t', start);
      std::string_view raw = line.substr(start, end == std::string_view::npos ? end : end - start);
      if (raw == "\\N") {
        spans_.push_back({0, 0, true});
      } else {
        size_t at = text_.size();
        Unescape(raw);
        spans_.push_back({at, text_.size() - at, false});
      }
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
    fields_.resize(spans_.size());
    for (size_t i = 0; i < spans_.size(); ++i)
      fields_[i] = {std::string_view(text_).substr(spans_[i].at, spans_[i].size), spans_[i].null};
  }
  /// The field at `i`; null past the end.
  const CopyField& operator[](size_t i) const {
    static const CopyField kNull;
    return i < fields_.size() ? fields_[i] : kNull;
  }

 private:
  struct Span {
    size_t at;
    size_t size;
    bool null;
  };

  void Unescape(std::string_view raw) {
    size_t run = 0;  // start of the bytes copied as they are
    for (size_t i = raw.find('\\'); i != std::string_view::npos && i + 1 < raw.size();
         i = raw.find('\\', run)) {
      text_.append(raw.substr(run, i - run));
      char e = raw[i + 1];
      run = i + 2;
      switch (e) {
        case 'b':
          text_ += '\b';
          break;
        case 'f':
          text_ += '\f';
          break;
        case 'n':
          text_ += '\n';
          break;
        case 'r':
          text_ += '\r';
          break;
        case 't':
          text_ += '\t';
          break;
        case 'v':
          text_ += '\v';
          break;
        default:
          if (e >= '0' && e <= '7') {  // \ooo, which COPY TO does not write but may
            int v = e - '0';
            for (int n = 1; n < 3 && run < raw.size() && raw[run] >= '0' && raw[run] <= '7'; ++n)
              v = v * 8 + (raw[run++] - '0');
            text_ += static_cast<char>(v);
          } else {
            text_ += e;  // "\\", and any other character escaped stands for itself
          }
      }
    }
    text_.append(raw.substr(run));
  }

  std::string text_;
  std::vector<Span> spans_;
  std::vector<CopyField> fields_;
};

/// Runs `query` as COPY (query) TO STDOUT and calls `fn` with each row as it arrives.
template <typename Fn>
void ForEachCopyRow(pqxx::transaction_base& tx, const std::string& query, Fn fn) {
  // libpqxx 6's stream_from sends "COPY <table> TO STDOUT" with the name as it is given, so a
  // parenthesised query goes through. libpqxx 7 quotes the name: it needs tx.stream() instead.
  static_assert(PQXX_VERSION_MAJOR == 6, "ForEachCopyRow relies on libpqxx 6's stream_from");
  pqxx::stream_from stream(tx, "(" + query + ")");
  std::string line;
  CopyRow row;
  while (stream.get_raw_line(line)) {
    row.Parse(line);
    fn(row);
  }
  stream.complete();
}

// ---- Expressions -------------------------------------------------------------------------

/// protobuf-c leaves unset strings empty, not null.
bool Has(const char* s) { return s && *s; }

/// An expression as PostgreSQL printed it, re-deparsed by libpg_query (same spelling as the
/// static replay); the text as printed when it does not parse on its own.
std::string CanonicalExpr(const std::string& text) {
  if (text.empty()) return text;
  ParsedText parsed = ParseSql("SELECT " + text);
  if (parsed.statements.size() == 1 && parsed.statements[0].node &&
      parsed.statements[0].node->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
    const PgQuery__SelectStmt* s = parsed.statements[0].node->select_stmt;
    if (s->n_target_list == 1 && s->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
        !Has(s->target_list[0]->res_target->name)) {
      std::string out = DeparseExpr(s->target_list[0]->res_target->val);
      if (!out.empty()) return out;
    }
  }
  return text;
}

/// CanonicalExpr with a memory: the same default or check comes back in table after table
/// ("0", "now()", "'{}'::jsonb", "(amount >= (0)::numeric)"), and parsing and deparsing each
/// one again was the largest part of the inspection's own time.
class ExprCache {
 public:
  const std::string& Canonical(const std::string& text) {
    auto [it, fresh] = memo_.try_emplace(text);
    if (fresh) it->second = CanonicalExpr(text);
    return it->second;
  }

 private:
  std::unordered_map<std::string, std::string> memo_;
};

/// Puts `items` in the order of their attnums `nums` (one each).
template <typename T>
void SortByAttnum(std::vector<T>& items, const std::vector<int64_t>& nums) {
  if (items.size() != nums.size() || std::is_sorted(nums.begin(), nums.end())) return;
  std::vector<size_t> order(nums.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return nums[a] < nums[b]; });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (size_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

/// The expressions of a comma-separated list ("1, 'x'::text"), canonical.
std::vector<std::string> CanonicalExprList(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  ParsedText parsed = ParseSql("SELECT " + text);
  if (parsed.statements.size() != 1 || !parsed.statements[0].node ||
      parsed.statements[0].node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
    return out;
  }
  const PgQuery__SelectStmt* s = parsed.statements[0].node->select_stmt;
  for (size_t i = 0; i < s->n_target_list; ++i) {
    if (s->target_list[i]->node_case == PG_QUERY__NODE__NODE_RES_TARGET) {
      out.push_back(DeparseExpr(s->target_list[i]->res_target->val));
    }
  }
  return out;
}

/// A whole statement (a view's query) re-deparsed; the text as printed when it does not parse.
std::string CanonicalQuery(std::string text) {
  while (!text.empty() && (text.back() == ';' || text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  ParsedText parsed = ParseSql(text);
  if (parsed.statements.size() == 1 && parsed.statements[0].node) {
    std::string out = DeparseStatement(parsed.statements[0].node);
    if (!out.empty()) return out;
  }
  size_t first = text.find_first_not_of(" \n");
  return first == std::string::npos ? text : text.substr(first);
}

/// "name" for objects in pg_catalog, "schema.name" elsewhere (as the replay keeps collations
/// and operator classes).
std::string QualifiedUnlessCatalog(PgQuery__Node* const* names, size_t n) {
  if (n == 0) return {};
  std::string last(StringValue(names[n - 1]));
  if (n >= 2) {
    std::string schema(StringValue(names[n - 2]));
    if (schema != "pg_catalog") return schema + "." + last;
  }
  return last;
}

std::string DefElemText(const PgQuery__DefElem* d) {
  if (!d->arg) return {};
  const PgQuery__Node* a = d->arg;
  switch (a->node_case) {
    case PG_QUERY__NODE__NODE_STRING:
      return std::string(StringValue(a));
    case PG_QUERY__NODE__NODE_INTEGER:
      return std::to_string(a->integer->ival);
    case PG_QUERY__NODE__NODE_FLOAT:
      return a->float_->fval ? a->float_->fval : "";
    case PG_QUERY__NODE__NODE_A_CONST:
      if (a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) return a->a_const->sval->sval;
      if (a->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
        return std::to_string(a->a_const->ival->ival);
      if (a->a_const->val_case == PG_QUERY__A__CONST__VAL_FVAL) return a->a_const->fval->fval;
      return DeparseExpr(a);
    default:
      return DeparseExpr(a);
  }
}

/// One key of an index as pg_get_indexdef shows it.
model::IndexKey IndexKeyOf(const PgQuery__IndexElem* e) {
  model::IndexKey k;
  if (Has(e->name)) {
    k.expression = e->name;
  } else {
    const PgQuery__Node* expr = e->expr;
    // pg_get_indexdef prints "(expr COLLATE x)" for an expression with a collation.
    if (expr && expr->node_case == PG_QUERY__NODE__NODE_COLLATE_CLAUSE &&
        expr->collate_clause->arg) {
      k.collation =
          QualifiedUnlessCatalog(expr->collate_clause->collname, expr->collate_clause->n_collname);
      expr = expr->collate_clause->arg;
    }
    if (expr && expr->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
        expr->column_ref->n_fields == 1 && !StringValue(expr->column_ref->fields[0]).empty()) {
      k.expression = std::string(StringValue(expr->column_ref->fields[0]));
    } else {
      k.expression = DeparseExpr(expr);
      k.is_expression = true;
    }
  }
  if (e->n_collation > 0) k.collation = QualifiedUnlessCatalog(e->collation, e->n_collation);
  k.opclass = QualifiedUnlessCatalog(e->opclass, e->n_opclass);
  if (!k.opclass.empty() && e->n_opclassopts > 0) {
    std::string opts;
    for (size_t i = 0; i < e->n_opclassopts; ++i) {
      const PgQuery__Node* o = e->opclassopts[i];
      if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
      if (!opts.empty()) opts += ", ";
      opts += fmt::format("{}='{}'", o->def_elem->defname ? o->def_elem->defname : "",
                          DefElemText(o->def_elem));
    }
    k.opclass += " (" + opts + ")";
  }
  k.descending = e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
  // pg_get_indexdef prints a NULLS order only where it differs from the direction's default.
  if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST && !k.descending)
    k.nulls_first = true;
  if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && k.descending)
    k.nulls_first = false;
  return k;
}

std::string IndexElemName(const PgQuery__Node* n) {
  if (n->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM && Has(n->index_elem->name))
    return n->index_elem->name;
  if (n->node_case == PG_QUERY__NODE__NODE_STRING) return std::string(StringValue(n));
  return {};
}

/// Fills an index from its pg_get_indexdef text. False when the text does not parse.
bool ReadIndexDef(const std::string& def, model::Index& idx) {
  ParsedText parsed = ParseSql(def);
  if (parsed.statements.size() != 1 || !parsed.statements[0].node ||
      parsed.statements[0].node->node_case != PG_QUERY__NODE__NODE_INDEX_STMT) {
    return false;
  }
  const PgQuery__IndexStmt* s = parsed.statements[0].node->index_stmt;
  idx.unique = s->unique;
  idx.nulls_not_distinct = s->nulls_not_distinct;
  idx.method = Has(s->access_method) ? s->access_method : "btree";
  for (size_t i = 0; i < s->n_index_params; ++i) {
    if (s->index_params[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM) {
      idx.keys.push_back(IndexKeyOf(s->index_params[i]->index_elem));
    }
  }
  for (size_t i = 0; i < s->n_index_including_params; ++i) {
    idx.include.push_back(IndexElemName(s->index_including_params[i]));
  }
  if (s->where_clause) idx.predicate = DeparseExpr(s->where_clause);
  return true;
}

/// Fills the exclusion parts of a constraint from its pg_get_constraintdef text
/// ("EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (...)").
void ReadExclusionDef(const std::string& def, model::Constraint& con) {
  ParsedText parsed = ParseSql("ALTER TABLE t ADD " + def);
  if (parsed.statements.size() != 1 || !parsed.statements[0].node ||
      parsed.statements[0].node->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) {
    return;
  }
  const PgQuery__AlterTableStmt* alter = parsed.statements[0].node->alter_table_stmt;
  if (alter->n_cmds != 1 || alter->cmds[0]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
    return;
  const PgQuery__Node* def_node = alter->cmds[0]->alter_table_cmd->def;
  if (!def_node || def_node->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) return;
  const PgQuery__Constraint* c = def_node->constraint;
  con.using_method = Has(c->access_method) ? c->access_method : "btree";
  for (size_t i = 0; i < c->n_exclusions; ++i) {
    const PgQuery__Node* pair = c->exclusions[i];
    if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items != 2) continue;
    const PgQuery__Node* elem = pair->list->items[0];
    const PgQuery__Node* ops = pair->list->items[1];
    model::ExclusionElement el;
    if (elem->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM) {
      model::IndexKey k = IndexKeyOf(elem->index_elem);
      el.expression = k.expression;
    }
    if (ops->node_case == PG_QUERY__NODE__NODE_LIST && ops->list->n_items > 0) {
      el.op = std::string(StringValue(ops->list->items[ops->list->n_items - 1]));
    }
    con.elements.push_back(std::move(el));
  }
  if (c->where_clause) con.where = DeparseExpr(c->where_clause);
  for (size_t i = 0; i < c->n_including; ++i)
    con.include.push_back(std::string(StringValue(c->including[i])));
}

/// Fills a trigger from its pg_get_triggerdef text. False when the text does not parse.
bool ReadTriggerDef(const std::string& def, model::Trigger& trg) {
  ParsedText parsed = ParseSql(def);
  if (parsed.statements.size() != 1 || !parsed.statements[0].node ||
      parsed.statements[0].node->node_case != PG_QUERY__NODE__NODE_CREATE_TRIG_STMT) {
    return false;
  }
  const PgQuery__CreateTrigStmt* s = parsed.statements[0].node->create_trig_stmt;
  // TRIGGER_TYPE_* bits of src/include/catalog/pg_trigger.h.
  constexpr int kBefore = 1 << 1, kInsert = 1 << 2, kDelete = 1 << 3, kUpdate = 1 << 4,
                kTruncate = 1 << 5, kInstead = 1 << 6;
  trg.timing = (s->timing & kInstead)  ? model::TriggerTiming::kInsteadOf
               : (s->timing & kBefore) ? model::TriggerTiming::kBefore
                                       : model::TriggerTiming::kAfter;
  if (s->events & kDelete) trg.events.push_back("DELETE");
  if (s->events & kInsert) trg.events.push_back("INSERT");
  if (s->events & kTruncate) trg.events.push_back("TRUNCATE");
  if (s->events & kUpdate) trg.events.push_back("UPDATE");
  for (size_t i = 0; i < s->n_columns; ++i)
    trg.update_of.push_back(std::string(StringValue(s->columns[i])));
  trg.for_each_row = s->row;
  if (s->when_clause) trg.when = DeparseExpr(s->when_clause);
  if (s->n_funcname >= 2) {
    trg.function = {std::string(StringValue(s->funcname[s->n_funcname - 2])),
                    std::string(StringValue(s->funcname[s->n_funcname - 1]))};
  } else if (s->n_funcname == 1) {
    trg.function = {"pg_catalog", std::string(StringValue(s->funcname[0]))};
  }
  for (size_t i = 0; i < s->n_args; ++i)
    trg.arguments.push_back(std::string(StringValue(s->args[i])));
  trg.constraint = s->isconstraint;
  trg.deferrable = s->deferrable;
  trg.initially_deferred = s->initdeferred;
  return true;
}

// ---- Types -------------------------------------------------------------------------------

/// Splits "10,2" / "Point,4326" (the inside of a format_type typmod) into modifiers.
std::vector<std::string> SplitModifiers(std::string_view inside) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= inside.size()) {
    size_t comma = inside.find(',', start);
    std::string part(inside.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    while (!part.empty() && part.back() == ' ') part.pop_back();
    out.push_back(part);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

/// A type from the columns every type-bearing query returns: the element type's schema, name
/// and format_type(elem, NULL), format_type(elem, typmod) when a typmod is set, and whether the
/// declared type is an array of it.
model::TypeRef TypeOf(const std::string& schema, const std::string& name,
                      const std::string& formatted, const std::optional<std::string>& with_typmod,
                      bool is_array) {
  model::TypeRef t;
  t.name = schema == "pg_catalog" ? formatted : schema + "." + name;
  t.array_dims = is_array ? 1 : 0;
  if (with_typmod) {
    // "character varying(255)", "timestamp(3) with time zone", "numeric(10,2)".
    size_t open = with_typmod->find('(');
    size_t close = open == std::string::npos ? std::string::npos : with_typmod->find(')', open);
    if (close != std::string::npos)
      t.modifiers =
          SplitModifiers(std::string_view(*with_typmod).substr(open + 1, close - open - 1));
  }
  return t;
}

/// SQL pieces that resolve a type oid column to its element type: FROM-clause joins giving
/// `<p>et` (element pg_type), `<p>en` (its namespace) and `<p>arr` (the declared type is an array).
std::string TypeJoins(const std::string& oid_expr, const std::string& p) {
  return fmt::format(
      " LEFT JOIN pg_catalog.pg_type {p}t ON {p}t.oid = {oid}"
      " LEFT JOIN LATERAL (SELECT CASE WHEN {p}t.typelem <> 0 AND {p}t.typlen = -1 AND "
      "{p}t.typsubscript = "
      "'pg_catalog.array_subscript_handler'::pg_catalog.regproc THEN {p}t.typelem ELSE {p}t.oid "
      "END AS oid) {p}e ON true"
      " LEFT JOIN pg_catalog.pg_type {p}et ON {p}et.oid = {p}e.oid"
      " LEFT JOIN pg_catalog.pg_namespace {p}en ON {p}en.oid = {p}et.typnamespace",
      fmt::arg("p", p), fmt::arg("oid", oid_expr));
}

/// The select-list columns that go with TypeJoins (5 columns: schema, name, format, format with
/// typmod, is_array).
std::string TypeColumns(const std::string& typmod_expr, const std::string& p) {
  return fmt::format(
      "{p}en.nspname, {p}et.typname, pg_catalog.format_type({p}et.oid, NULL), CASE WHEN {tm} >= 0 "
      "THEN "
      "pg_catalog.format_type({p}et.oid, {tm}) END, ({p}t.oid <> {p}et.oid)",
      fmt::arg("p", p), fmt::arg("tm", typmod_expr));
}

template <typename Row>
model::TypeRef TypeAt(const Row& r, int i) {
  return TypeOf(Str(r[i]), Str(r[i + 1]), Str(r[i + 2]), OptStr(r[i + 3]), Bool(r[i + 4]));
}

std::string CollationName(const std::string& schema, const std::string& name) {
  return schema == "pg_catalog" ? name : schema + "." + name;
}

model::RefAction RefActionOf(char c) {
  switch (c) {
    case 'r':
      return model::RefAction::kRestrict;
    case 'c':
      return model::RefAction::kCascade;
    case 'n':
      return model::RefAction::kSetNull;
    case 'd':
      return model::RefAction::kSetDefault;
    default:
      return model::RefAction::kNoAction;
  }
}

/// "NOT pg_catalog.EXISTS (extension membership)" for an object of `catalog` with oid `oid`.
std::string NotExtensionMember(const std::string& catalog, const std::string& oid) {
  return fmt::format(
      "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = "
      "'pg_catalog.{}'::pg_catalog.regclass "
      "AND xd.objid = {} AND xd.deptype = 'e')",
      catalog, oid);
}

// ---- The queries ---------------------------------------------------------------------------

constexpr const char* kSchemasQuery = R"SQL(
SELECT n.oid, n.nspname, pg_catalog.obj_description(n.oid, 'pg_namespace'),
       pg_catalog.current_setting('server_version_num'),
       EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
               AND d.objid = n.oid AND d.deptype = 'e')
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
  AND n.nspname !~ '^pg_temp_'
ORDER BY n.nspname)SQL";

/// "LEFT JOIN pg_description <alias> ON ..." for the comment of the object `oid` of `catalog`
/// (sub-object `subid`): a join, not obj_description() / col_description() per row, which run a
/// query each (a third of the relations query's time at 2,000 tables).
std::string DescriptionJoin(const std::string& alias, const std::string& oid,
                            const std::string& catalog, const std::string& subid = "0") {
  return fmt::format(
      " LEFT JOIN pg_catalog.pg_description {a} ON {a}.objoid = {oid} AND {a}.classoid = {cat} "
      "AND {a}.objsubid = {sub}",
      fmt::arg("a", alias), fmt::arg("oid", oid), fmt::arg("cat", catalog), fmt::arg("sub", subid));
}

/// One row per column (tables and composite types) or per view. The per-relation values are
/// computed once per relation (a materialized CTE), not once per column. Rows come in no
/// particular order: ReadRelations puts the columns in attnum order (at 10,000 tables the server
/// sorted 150,000 wide rows on disk). Defaults are printed with relid 0 (they cannot refer to
/// columns): pg_get_expr with a relid opens and locks the table; generated columns need it.
std::string RelationsQuery(const std::string& nsps) {
  return fmt::format(
      R"SQL(
WITH c AS MATERIALIZED (
SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity,
       td.description,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partkey,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partbound,
       c.relispartition,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(pn.nspname, pc.relname) ORDER BY i.inhseqno)
          FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
          JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid) AS parents,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS viewdef,
       (SELECT o.option_value FROM pg_catalog.pg_options_to_table(c.reloptions) o WHERE o.option_name = 'check_option')
         AS check_option
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
{}
WHERE c.relnamespace = ANY ({}) AND c.relkind IN ('r', 'p', 'v', 'm', 'c')
  AND {} AND (c.relkind <> 'c' OR {}))
SELECT c.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity,
       c.description, c.partkey, c.partbound, c.relispartition, c.parents, c.viewdef, c.check_option,
       a.attnum, a.attname, a.attnotnull, a.attidentity, a.attgenerated,
       pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END),
       con.nspname, co.collname,
       cd.description,
       {}
FROM c
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     AND c.relkind IN ('r', 'p', 'c')
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
{}
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> ct.typcollation
LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
{})SQL",
      DescriptionJoin("td", "CASE WHEN c.relkind = 'c' THEN c.reltype ELSE c.oid END",
                      "CASE WHEN c.relkind = 'c' THEN 'pg_catalog.pg_type'::pg_catalog.regclass "
                      "ELSE 'pg_catalog.pg_class'::pg_catalog.regclass END"),
      nsps, NotExtensionMember("pg_class", "c.oid"), NotExtensionMember("pg_type", "c.reltype"),
      TypeColumns("a.atttypmod", "c"), TypeJoins("a.atttypid", "c"),
      DescriptionJoin("cd", "a.attrelid", "'pg_catalog.pg_class'::pg_catalog.regclass",
                      "a.attnum"));
}

/// Key columns are looked up one by one (an index probe each), not by joining all of the
/// table's attributes.
std::string ConstraintsQuery(const std::string& nsps) {
  return fmt::format(
      R"SQL(
SELECT n.nspname, c.relname, k.conname, k.contype, k.condeferrable, k.condeferred, k.convalidated, k.connoinherit,
       (SELECT pg_catalog.json_agg((SELECT a.attname FROM pg_catalog.pg_attribute a
                                     WHERE a.attrelid = k.conrelid AND a.attnum = u.num) ORDER BY u.ord)
          FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY u(num, ord) WHERE u.num > 0),
       fn.nspname, fc.relname,
       (SELECT pg_catalog.json_agg((SELECT a.attname FROM pg_catalog.pg_attribute a
                                     WHERE a.attrelid = k.confrelid AND a.attnum = u.num) ORDER BY u.ord)
          FROM pg_catalog.unnest(k.confkey) WITH ORDINALITY u(num, ord) WHERE u.num > 0),
       k.confupdtype, k.confdeltype, k.confmatchtype,
       CASE WHEN k.contype = 'c' THEN pg_catalog.pg_get_expr(k.conbin, k.conrelid) END,
       CASE WHEN k.contype = 'x' THEN pg_catalog.pg_get_constraintdef(k.oid) END,
       CASE WHEN k.contype IN ('p', 'u') THEN ix.indnullsnotdistinct END,
       CASE WHEN k.contype IN ('p', 'u') THEN
         (SELECT pg_catalog.json_agg(a.attname ORDER BY u.ord)
            FROM pg_catalog.unnest(ix.indkey::pg_catalog.int2[]) WITH ORDINALITY u(num, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = u.num
           WHERE u.ord > ix.indnkeyatts) END,
       kd.description
FROM pg_catalog.pg_constraint k
JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = k.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_catalog.pg_index ix ON ix.indexrelid = k.conindid AND k.contype IN ('p', 'u')
{}
WHERE c.relnamespace = ANY ({}) AND c.relkind IN ('r', 'p') AND k.contype IN ('p', 'u', 'f', 'c', 'x')
  AND {}
ORDER BY n.nspname, c.relname, k.conname)SQL",
      DescriptionJoin("kd", "k.oid", "'pg_catalog.pg_constraint'::pg_catalog.regclass"), nsps,
      NotExtensionMember("pg_class", "c.oid"));
}

/// The indexes. pg_get_indexdef is most of this query's server time (for every key column it
/// looks for the type's default operator class by scanning pg_opclass), so a plain btree index
/// (key columns only, no expression, predicate, INCLUDE, storage options, NULLS NOT DISTINCT or
/// parent-only index; every column with its own collation and with the type's one exact default
/// operator class, the case where pg_get_indexdef prints neither) comes back as its column names
/// and options instead, and is built exactly as the parsed definition would be (ReadIndexes). Any
/// other index, or all with `plain_from_catalog` false, is printed by the server. 403 is btree's
/// access method oid, fixed in PostgreSQL's initial catalog (BTREE_AM_OID).
std::string IndexesQuery(const std::string& nsps, bool plain_from_catalog) {
  return fmt::format(
      R"SQL(
WITH dflt AS MATERIALIZED (
  SELECT oc.opcintype, CASE WHEN pg_catalog.count(*) = 1 THEN pg_catalog.min(oc.oid) END AS opc
  FROM pg_catalog.pg_opclass oc WHERE oc.opcmethod = 403 AND oc.opcdefault GROUP BY oc.opcintype)
SELECT n.nspname, t.relname, i.relname,
       CASE WHEN pk.names IS NULL THEN pg_catalog.pg_get_indexdef(i.oid) END,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.oid AND k.conrelid = t.oid
               AND k.contype IN ('p', 'u', 'x')),
       id.description, x.indisunique, pk.names, pk.options
FROM pg_catalog.pg_index x
JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN LATERAL (
  SELECT pg_catalog.json_agg(a.attname ORDER BY k.ord) AS names,
         pg_catalog.json_agg(k.opt ORDER BY k.ord) AS options
  FROM ROWS FROM (pg_catalog.unnest(x.indkey::pg_catalog.int2[]),
                  pg_catalog.unnest(x.indclass::pg_catalog.oid[]),
                  pg_catalog.unnest(x.indcollation::pg_catalog.oid[]),
                  pg_catalog.unnest(x.indoption::pg_catalog.int2[]))
         WITH ORDINALITY AS k(attnum, opclass, coll, opt, ord)
  JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
  JOIN dflt d ON d.opcintype = a.atttypid AND d.opc = k.opclass
  WHERE {} AND i.relam = 403 AND x.indnkeyatts = x.indnatts AND x.indexprs IS NULL
    AND x.indpred IS NULL AND i.reloptions IS NULL AND NOT x.indnullsnotdistinct
    AND t.relkind <> 'p' AND (k.coll = 0 OR k.coll = a.attcollation)
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute ia
                    WHERE ia.attrelid = x.indexrelid AND ia.attoptions IS NOT NULL)
  HAVING pg_catalog.count(*) = x.indnatts) pk ON true
{}
WHERE t.relnamespace = ANY ({}) AND t.relkind IN ('r', 'p', 'm') AND {}
ORDER BY n.nspname, i.relname)SQL",
      plain_from_catalog ? "true" : "false",
      DescriptionJoin("id", "i.oid", "'pg_catalog.pg_class'::pg_catalog.regclass"), nsps,
      NotExtensionMember("pg_class", "t.oid"));
}

std::string SequencesQuery(const std::string& nsps) {
  return fmt::format(
      R"SQL(
SELECT n.nspname, c.relname, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
       s.seqmax, s.seqcache, s.seqcycle, own.nspname, own.relname, own.attname, own.deptype,
       sd.description
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
{}
LEFT JOIN LATERAL (
  SELECT tn.nspname, tc.relname, a.attname, d.deptype
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
  LIMIT 1) own ON true
WHERE c.relnamespace = ANY ({}) AND {}
ORDER BY n.nspname, c.relname)SQL",
      DescriptionJoin("sd", "c.oid", "'pg_catalog.pg_class'::pg_catalog.regclass"), nsps,
      NotExtensionMember("pg_class", "c.oid"));
}

std::string TypesQuery(const std::string& nsps) {
  return fmt::format(
      R"SQL(
SELECT n.nspname, y.typname, y.typtype,
       (SELECT pg_catalog.json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e
         WHERE e.enumtypid = y.oid),
       y.typnotnull, pg_catalog.pg_get_expr(y.typdefaultbin, 0),
       con.nspname, co.collname,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(k.conname, pg_catalog.pg_get_expr(k.conbin, 0),
                                                               k.convalidated) ORDER BY k.conname)
          FROM pg_catalog.pg_constraint k WHERE k.contypid = y.oid AND k.contype = 'c'),
       pg_catalog.obj_description(y.oid, 'pg_type'),
       {}
FROM pg_catalog.pg_type y
JOIN pg_catalog.pg_namespace n ON n.oid = y.typnamespace
{}
LEFT JOIN pg_catalog.pg_collation co ON co.oid = y.typcollation AND y.typcollation <> bt.typcollation
LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
WHERE y.typnamespace = ANY ({}) AND y.typtype IN ('e', 'd') AND {}
ORDER BY n.nspname, y.typname)SQL",
      TypeColumns("y.typtypmod", "b"), TypeJoins("y.typbasetype", "b"), nsps,
      NotExtensionMember("pg_type", "y.oid"));
}

std::string FunctionsQuery(const std::string& nsps) {
  return fmt::format(
      R"SQL(
SELECT n.nspname, p.proname, p.prokind, l.lanname, p.prosrc,
       CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) END,
       p.provolatile, p.proisstrict, p.prosecdef, pg_catalog.pg_get_function_result(p.oid),
       p.pronargdefaults, pg_catalog.pg_get_expr(p.proargdefaults, 0),
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(
                 COALESCE(p.proargnames[u.ord], ''), COALESCE(p.proargmodes[u.ord], 'i'),
                 an.nspname, aet.typname, pg_catalog.format_type(aet.oid, NULL), at.oid <> aet.oid) ORDER BY u.ord)
          FROM pg_catalog.unnest(COALESCE(p.proallargtypes, p.proargtypes::pg_catalog.oid[])) WITH ORDINALITY u(typ, ord)
          JOIN pg_catalog.pg_type at ON at.oid = u.typ
          JOIN LATERAL (SELECT CASE WHEN at.typelem <> 0 AND at.typlen = -1 AND at.typsubscript =
                        'pg_catalog.array_subscript_handler'::pg_catalog.regproc THEN at.typelem ELSE at.oid END AS oid) ae ON true
          JOIN pg_catalog.pg_type aet ON aet.oid = ae.oid
          JOIN pg_catalog.pg_namespace an ON an.oid = aet.typnamespace),
       pg_catalog.obj_description(p.oid, 'pg_proc')
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = ANY ({}) AND p.prokind IN ('f', 'p') AND {}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend id WHERE id.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                  AND id.objid = p.oid AND id.deptype = 'i')
ORDER BY n.nspname, p.proname, p.oid)SQL",
      nsps, NotExtensionMember("pg_proc", "p.oid"));
}

std::string TriggersQuery(const std::string& nsps) {
  return fmt::format(
      R"SQL(
SELECT n.nspname, c.relname, c.relkind, g.tgname, pg_catalog.pg_get_triggerdef(g.oid),
       gd.description
FROM pg_catalog.pg_trigger g
JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
{}
WHERE c.relnamespace = ANY ({}) AND NOT g.tgisinternal AND {}
ORDER BY n.nspname, c.relname, g.tgname)SQL",
      DescriptionJoin("gd", "g.oid", "'pg_catalog.pg_trigger'::pg_catalog.regclass"), nsps,
      NotExtensionMember("pg_class", "c.oid"));
}

std::string PoliciesQuery(const std::string& nsps) {
  return fmt::format(
      R"SQL(
SELECT n.nspname, c.relname, p.polname, p.polpermissive, p.polcmd,
       CASE WHEN p.polroles = '{{0}}'::pg_catalog.oid[] THEN '["public"]'::pg_catalog.json
            ELSE (SELECT pg_catalog.json_agg(r.rolname ORDER BY r.rolname) FROM pg_catalog.pg_roles r
                   WHERE r.oid = ANY (p.polroles)) END,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid),
       pg_catalog.obj_description(p.oid, 'pg_policy')
FROM pg_catalog.pg_policy p
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY ({}) AND {}
ORDER BY n.nspname, c.relname, p.polname)SQL",
      nsps, NotExtensionMember("pg_class", "c.oid"));
}

/// One row per object of a kind the model does not cover, described for a message.
std::string UnmodeledQuery(const std::string& nsps) {
  return fmt::format(
      R"SQL(
SELECT d FROM (
  SELECT CASE p.prokind WHEN 'a' THEN 'aggregate ' ELSE 'window function ' END || n.nspname || '.' || p.proname
         || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS d
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE p.pronamespace = ANY ({0}) AND p.prokind IN ('a', 'w') AND {1}
  UNION ALL
  SELECT 'rule ' || r.rulename || ' on ' || n.nspname || '.' || c.relname
  FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relnamespace = ANY ({0}) AND r.rulename <> '_RETURN' AND {2}
  UNION ALL
  SELECT CASE c.relkind WHEN 'f' THEN 'foreign table ' ELSE 'relation ' END || n.nspname || '.' || c.relname
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relnamespace = ANY ({0}) AND c.relkind = 'f' AND {2}
  UNION ALL
  SELECT CASE y.typtype WHEN 'r' THEN 'range type ' WHEN 'b' THEN 'base type ' ELSE 'pseudo-type ' END
         || n.nspname || '.' || y.typname
  FROM pg_catalog.pg_type y JOIN pg_catalog.pg_namespace n ON n.oid = y.typnamespace
  WHERE y.typnamespace = ANY ({0}) AND (y.typtype IN ('r', 'p') OR (y.typtype = 'b' AND y.typelem = 0
        AND y.typarray <> 0)) AND {3}
  UNION ALL
  SELECT 'operator ' || n.nspname || '.' || o.oprname
  FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
  WHERE o.oprnamespace = ANY ({0}) AND {4}
  UNION ALL
  SELECT 'statistics object ' || n.nspname || '.' || s.stxname
  FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
  WHERE s.stxnamespace = ANY ({0})
  UNION ALL
  SELECT 'collation ' || n.nspname || '.' || co.collname
  FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
  WHERE co.collnamespace = ANY ({0}) AND {5}
  UNION ALL
  SELECT 'event trigger ' || e.evtname FROM pg_catalog.pg_event_trigger e
  WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid =
                    'pg_catalog.pg_event_trigger'::pg_catalog.regclass AND xd.objid = e.oid AND xd.deptype = 'e')
) o ORDER BY d)SQL",
      nsps, NotExtensionMember("pg_proc", "p.oid"), NotExtensionMember("pg_class", "c.oid"),
      NotExtensionMember("pg_type", "y.oid"), NotExtensionMember("pg_operator", "o.oid"),
      NotExtensionMember("pg_collation", "co.oid"));
}

constexpr const char* kExtensionsQuery = R"SQL(
SELECT e.extname, n.nspname, e.extversion, pg_catalog.obj_description(e.oid, 'pg_extension')
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
ORDER BY e.extname)SQL";

// ---- Building the model --------------------------------------------------------------------

bool SchemaSelected(const std::string& name, const InspectOptions& options) {
  if (!options.include_schemas.empty()) {
    bool in = false;
    for (const std::string& g : options.include_schemas) in = in || GlobMatch(g, name);
    if (!in) return false;
  }
  for (const std::string& g : options.exclude_schemas) {
    if (GlobMatch(g, name)) return false;
  }
  return true;
}

/// Reads the rows of RelationsQuery; `for_each_row(fn)` calls `fn` with each row (a pqxx::row
/// or a CopyRow).
template <typename ForEachRow>
void ReadRelations(ForEachRow for_each_row, model::Catalog& cat, ExprCache& exprs) {
  // The rows come in no particular order: the attnums of each relation's columns, to sort them.
  std::unordered_map<model::Table*, std::vector<int64_t>> table_attnums;
  std::unordered_map<model::CompositeType*, std::vector<int64_t>> type_attnums;
  for_each_row([&](const auto& r) {
    QualifiedName name{Str(r[0]), Str(r[1])};
    char kind = Str(r[2]).c_str()[0];
    std::optional<std::string> comment = OptStr(r[6]);
    if (kind == 'v' || kind == 'm') {
      model::View& v = cat.views[name];
      v.name = name;
      v.materialized = kind == 'm';
      v.definition = CanonicalQuery(Str(r[11]));
      std::string check = Str(r[12]);
      for (char& ch : check) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      v.check_option = check;
      v.comment = comment;
      return;
    }
    bool has_column = !r[13].is_null();
    if (kind == 'c') {
      model::CompositeType& ct = cat.composites[name];
      ct.name = name;
      ct.comment = comment;
      if (has_column) {
        model::CompositeAttribute at;
        at.name = Str(r[14]);
        at.type = TypeAt(r, 22);
        if (!r[20].is_null()) at.collation = CollationName(Str(r[19]), Str(r[20]));
        ct.attributes.push_back(std::move(at));
        type_attnums[&ct].push_back(Int(r[13]));
      }
      return;
    }
    auto [it, fresh] = cat.tables.try_emplace(name);
    model::Table& t = it->second;
    if (fresh) {
      t.name = name;
      std::string persistence = Str(r[3]);
      t.persistence = persistence == "u"   ? model::Persistence::kUnlogged
                      : persistence == "t" ? model::Persistence::kTemporary
                                           : model::Persistence::kPermanent;
      t.rls_enabled = Bool(r[4]);
      t.rls_forced = Bool(r[5]);
      t.comment = comment;
      t.partition_by = Str(r[7]);
      t.partition_bound = Str(r[8]);
      bool is_partition = Bool(r[9]);
      for (const json& p : Json(r[10])) {
        if (!p.is_array() || p.size() != 2) continue;
        QualifiedName parent{p[0].get<std::string>(), p[1].get<std::string>()};
        if (is_partition) {
          t.partition_of = parent;
        } else {
          t.inherits.push_back(parent);
        }
      }
    }
    if (!has_column) return;
    model::Column col;
    col.name = Str(r[14]);
    col.not_null = Bool(r[15]);
    std::string identity = Str(r[16]);
    col.identity = identity == "a"   ? model::Identity::kAlways
                   : identity == "d" ? model::Identity::kByDefault
                                     : model::Identity::kNone;
    std::optional<std::string> expr = OptStr(r[18]);
    if (expr) {
      if (Str(r[17]) == "s") {
        col.generated = exprs.Canonical(*expr);
      } else {
        col.default_expr = exprs.Canonical(*expr);
      }
    }
    if (!r[20].is_null()) col.collation = CollationName(Str(r[19]), Str(r[20]));
    col.comment = OptStr(r[21]);
    col.type = TypeAt(r, 22);
    t.columns.push_back(std::move(col));
    table_attnums[&t].push_back(Int(r[13]));
  });
  for (auto& [t, nums] : table_attnums) SortByAttnum(t->columns, nums);
  for (auto& [ct, nums] : type_attnums) SortByAttnum(ct->attributes, nums);
}

void ReadConstraints(const pqxx::result& rows, model::Catalog& cat, ExprCache& exprs) {
  for (const pqxx::row& r : rows) {
    auto it = cat.tables.find({Str(r[0]), Str(r[1])});
    if (it == cat.tables.end()) continue;
    model::Constraint con;
    con.name = Str(r[2]);
    char type = Str(r[3]).c_str()[0];
    con.deferrable = Bool(r[4]);
    con.initially_deferred = Bool(r[5]);
    con.not_valid = !Bool(r[6]);
    con.no_inherit = Bool(r[7]);
    std::vector<std::string> columns = Strings(Json(r[8]));
    switch (type) {
      case 'p':
      case 'u':
        con.kind =
            type == 'p' ? model::ConstraintKind::kPrimaryKey : model::ConstraintKind::kUnique;
        con.columns = columns;
        con.nulls_not_distinct = Bool(r[17]);
        con.include = Strings(Json(r[18]));
        break;
      case 'f':
        con.kind = model::ConstraintKind::kForeignKey;
        con.columns = columns;
        con.ref_table = {Str(r[9]), Str(r[10])};
        con.ref_columns = Strings(Json(r[11]));
        con.on_update = RefActionOf(Str(r[12]).c_str()[0]);
        con.on_delete = RefActionOf(Str(r[13]).c_str()[0]);
        {
          std::string m = Str(r[14]);
          con.match = m == "f" ? "FULL" : m == "p" ? "PARTIAL" : "";
        }
        break;
      case 'c':
        con.kind = model::ConstraintKind::kCheck;
        con.expression = exprs.Canonical(Str(r[15]));
        break;
      case 'x':
        con.kind = model::ConstraintKind::kExclusion;
        ReadExclusionDef(Str(r[16]), con);
        break;
      default:
        continue;
    }
    con.comment = OptStr(r[19]);
    it->second.constraints[con.name] = std::move(con);
  }
}

/// A plain btree index from its column names and pg_index.indoption values (see IndexesQuery):
/// what parsing the definition pg_get_indexdef prints for it gives. False on a malformed row.
bool ReadPlainIndex(const json& names, const json& options, bool unique, model::Index& idx) {
  if (!names.is_array() || !options.is_array() || names.size() != options.size() || names.empty())
    return false;
  idx.unique = unique;
  idx.method = "btree";
  for (size_t i = 0; i < names.size(); ++i) {
    if (!names[i].is_string() || !options[i].is_number_integer()) return false;
    int64_t opt = options[i].get<int64_t>();
    bool desc = opt & 1, nulls_first = opt & 2;  // INDOPTION_DESC, INDOPTION_NULLS_FIRST
    model::IndexKey k;
    k.expression = names[i].get<std::string>();
    k.descending = desc;
    // pg_get_indexdef prints a NULLS order only where it differs from the direction's default.
    if (nulls_first && !desc) k.nulls_first = true;
    if (!nulls_first && desc) k.nulls_first = false;
    idx.keys.push_back(std::move(k));
  }
  return true;
}

void ReadIndexes(const pqxx::result& rows, model::Catalog& cat, int& plain) {
  for (const pqxx::row& r : rows) {
    model::Index idx;
    idx.table = {Str(r[0]), Str(r[1])};
    idx.name = {Str(r[0]), Str(r[2])};
    bool read = r[3].is_null() ? ReadPlainIndex(Json(r[7]), Json(r[8]), Bool(r[6]), idx)
                               : ReadIndexDef(Str(r[3]), idx);
    if (!read) continue;
    if (r[3].is_null()) ++plain;
    idx.backs_constraint = Bool(r[4]);
    idx.comment = OptStr(r[5]);
    cat.indexes[idx.name] = std::move(idx);
  }
}

/// The default bounds of a sequence of `type` (PostgreSQL's, for CREATE SEQUENCE without
/// MINVALUE / MAXVALUE).
std::pair<int64_t, int64_t> DefaultBounds(const std::string& type, int64_t increment) {
  int64_t max = type == "smallint" ? 32767 : type == "integer" ? 2147483647 : INT64_MAX;
  int64_t min = type == "smallint" ? -32768 : type == "integer" ? -2147483648LL : INT64_MIN;
  if (increment > 0) return {1, max};
  return {min, -1};
}

void ReadSequences(const pqxx::result& rows, model::Catalog& cat) {
  for (const pqxx::row& r : rows) {
    if (Str(r[12]) == "i") continue;  // an identity column's sequence is part of the column
    model::Sequence s;
    s.name = {Str(r[0]), Str(r[1])};
    s.type = Str(r[2]);
    s.start = Int(r[3]);
    s.increment = Int(r[4]);
    auto [dmin, dmax] = DefaultBounds(s.type, s.increment);
    int64_t min = Int(r[5]), max = Int(r[6]);
    if (min != dmin) s.min_value = min;
    if (max != dmax) s.max_value = max;
    s.cache = Int(r[7]);
    s.cycle = Bool(r[8]);
    if (!r[9].is_null()) {
      s.owned_by_table = QualifiedName{Str(r[9]), Str(r[10])};
      s.owned_by_column = Str(r[11]);
    }
    s.comment = OptStr(r[13]);
    cat.sequences[s.name] = std::move(s);
  }
}

void ReadTypes(const pqxx::result& rows, model::Catalog& cat) {
  for (const pqxx::row& r : rows) {
    QualifiedName name{Str(r[0]), Str(r[1])};
    std::string kind = Str(r[2]);
    if (kind == "e") {
      model::EnumType e;
      e.name = name;
      e.values = Strings(Json(r[3]));
      e.comment = OptStr(r[9]);
      cat.enums[name] = std::move(e);
      continue;
    }
    model::Domain d;
    d.name = name;
    d.base = TypeAt(r, 10);
    d.not_null = Bool(r[4]);
    if (std::optional<std::string> def = OptStr(r[5])) d.default_expr = CanonicalExpr(*def);
    if (!r[7].is_null()) d.collation = CollationName(Str(r[6]), Str(r[7]));
    for (const json& c : Json(r[8])) {
      if (!c.is_array() || c.size() != 3) continue;
      model::DomainCheck check;
      check.name = c[0].get<std::string>();
      check.expression = c[1].is_string() ? CanonicalExpr(c[1].get<std::string>()) : "";
      check.not_valid = c[2].is_boolean() && !c[2].get<bool>();
      d.checks.push_back(std::move(check));
    }
    d.comment = OptStr(r[9]);
    cat.domains[name] = std::move(d);
  }
}

void ReadFunctions(const pqxx::result& rows, model::Catalog& cat) {
  for (const pqxx::row& r : rows) {
    model::Function f;
    f.name = {Str(r[0]), Str(r[1])};
    f.procedure = Str(r[2]) == "p";
    f.language = Str(r[3]);
    std::optional<std::string> sql_body = OptStr(r[5]);
    f.body = sql_body ? *sql_body : Str(r[4]);
    std::string vol = Str(r[6]);
    f.volatility = vol == "i" ? "IMMUTABLE" : vol == "s" ? "STABLE" : "VOLATILE";
    f.strict = Bool(r[7]);
    f.security_definer = Bool(r[8]);
    f.returns = f.procedure ? "" : Str(r[9]);
    for (const json& a : Json(r[12])) {
      if (!a.is_array() || a.size() != 6) continue;
      model::FunctionArg arg;
      arg.name = a[0].get<std::string>();
      std::string mode = a[1].get<std::string>();
      arg.mode = mode == "o"   ? "OUT"
                 : mode == "b" ? "INOUT"
                 : mode == "v" ? "VARIADIC"
                 : mode == "t" ? "TABLE"
                               : "IN";
      arg.type = TypeOf(a[2].get<std::string>(), a[3].get<std::string>(), a[4].get<std::string>(),
                        std::nullopt, a[5].get<bool>());
      f.args.push_back(std::move(arg));
    }
    // Defaults belong to the last pronargdefaults input arguments.
    std::vector<std::string> defaults = CanonicalExprList(Str(r[11]));
    size_t next = defaults.size();
    for (auto it = f.args.rbegin(); it != f.args.rend() && next > 0; ++it) {
      if (it->mode == "OUT" || it->mode == "TABLE") continue;
      it->default_expr = defaults[--next];
    }
    f.comment = OptStr(r[13]);
    cat.functions[f.Signature()] = std::move(f);
  }
}

void ReadTriggers(const pqxx::result& rows, model::Catalog& cat) {
  for (const pqxx::row& r : rows) {
    QualifiedName rel{Str(r[0]), Str(r[1])};
    model::Trigger trg;
    trg.name = Str(r[3]);
    if (!ReadTriggerDef(Str(r[4]), trg)) continue;
    trg.comment = OptStr(r[5]);
    if (auto t = cat.tables.find(rel); t != cat.tables.end()) {
      t->second.triggers[trg.name] = std::move(trg);
    } else if (auto v = cat.views.find(rel); v != cat.views.end()) {
      v->second.triggers[trg.name] = std::move(trg);
    }
  }
}

void ReadPolicies(const pqxx::result& rows, model::Catalog& cat) {
  for (const pqxx::row& r : rows) {
    auto t = cat.tables.find({Str(r[0]), Str(r[1])});
    if (t == cat.tables.end()) continue;
    model::Policy p;
    p.name = Str(r[2]);
    p.permissive = Bool(r[3]);
    std::string cmd = Str(r[4]);
    p.command = cmd == "r"   ? "SELECT"
                : cmd == "a" ? "INSERT"
                : cmd == "w" ? "UPDATE"
                : cmd == "d" ? "DELETE"
                             : "ALL";
    p.roles = Strings(Json(r[5]));
    p.using_expr = CanonicalExpr(Str(r[6]));
    p.check_expr = CanonicalExpr(Str(r[7]));
    p.comment = OptStr(r[8]);
    t->second.policies[p.name] = std::move(p);
  }
}

/// The error for a failed query: a timeout is kTimeout, anything else kQuery.
Error QueryError(const pqxx::sql_error& e, std::string_view what) {
  std::string message = e.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const std::string& state = e.sqlstate();
  if (state == "57014" || state == "55P03" || state == "25P03") {
    return Error(ErrorCode::kTimeout, fmt::format("reading {} timed out: {}", what, message));
  }
  return Error(ErrorCode::kQuery, fmt::format("reading {} failed: {}", what, message));
}

}  // namespace

Result<std::string> ConnectionString(const std::string& url, const std::string& dbname,
                                     int connect_timeout_s) {
  ConnInfo ci = ParseConnInfo(url);
  if (!ci.error.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("invalid PostgreSQL connection string: {}", Scrub(ci.error, ci)));
  }
  if (!dbname.empty()) ci.values["dbname"] = dbname;
  InspectOptions options;
  options.connect_timeout_s = connect_timeout_s;
  return KeywordString(ci, options);
}

std::string ScrubPassword(std::string message, const std::string& url) {
  return Scrub(std::move(message), ParseConnInfo(url));
}

std::string DescribeConnectionTarget(const std::string& url) {
  return TargetOf(ParseConnInfo(url));
}

Result<model::Catalog> InspectPostgres(const std::string& url, const InspectOptions& options) {
  ConnInfo ci = ParseConnInfo(url);
  if (!ci.error.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("invalid PostgreSQL connection string: {}", Scrub(ci.error, ci)));
  }
  std::string target = TargetOf(ci);
  InspectReport local_report;
  InspectReport& stats = options.report ? *options.report : local_report;
  stats = InspectReport{};

  std::unique_ptr<pqxx::connection> conn;
  int attempts = std::max(1, options.connect_attempts);
  for (int attempt = 1;; ++attempt) {
    try {
      conn = std::make_unique<pqxx::connection>(KeywordString(ci, options));
      break;
    } catch (const std::exception& e) {
      std::string reason = Scrub(e.what(), ci);
      // A refused password or a missing database will not change by waiting.
      bool final = reason.find("authentication failed") != std::string::npos ||
                   reason.find("does not exist") != std::string::npos ||
                   reason.find("no password supplied") != std::string::npos;
      if (final || attempt >= attempts) {
        return Error(
            ErrorCode::kConnection,
            fmt::format("cannot connect to PostgreSQL at {}{}: {}", target,
                        attempt > 1 ? fmt::format(" ({} attempts)", attempt) : "", reason));
      }
      std::this_thread::sleep_for(
          std::chrono::milliseconds(options.retry_delay_ms << (attempt - 1)));
    }
  }

  model::Catalog cat;
  cat.dialect = "postgres";
  std::string step = "the schemas";
  try {
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*conn);
    ++stats.round_trips;  // BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY

    // Settings and the schema list in one round trip (a multi-statement query returns the last
    // result). An empty search_path makes every non-system name print schema-qualified; UTC and
    // ISO dates make stored constants print the same whatever the server's defaults (as pg_dump).
    // No JIT: the catalog queries of a big schema pass jit_above_cost, and compiling them took
    // longer than running them (0.4 s of the relations query at 10,000 tables).
    std::string setup = fmt::format(
        "SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = {}; "
        "SET LOCAL idle_in_transaction_session_timeout = {}; SET LOCAL application_name = "
        "'schema'; "
        "SET LOCAL search_path = ''; SET LOCAL timezone = 'UTC'; SET LOCAL datestyle = 'ISO, YMD'; "
        "SET LOCAL intervalstyle = 'postgres'; SET LOCAL extra_float_digits = 3; "
        "SET LOCAL jit = off; {}",
        options.statement_timeout_ms, options.lock_timeout_ms,
        options.idle_in_transaction_timeout_ms, kSchemasQuery);
    pqxx::result schemas = tx.exec(setup);
    ++stats.round_trips;
    std::string oids;
    for (const pqxx::row& r : schemas) {
      if (stats.server_version.empty()) stats.server_version = Str(r[3]);
      std::string name = Str(r[1]);
      if (Bool(r[4]) || !SchemaSelected(name, options))
        continue;  // extension-owned or filtered out
      cat.schemas[name] = model::Schema{name, OptStr(r[2])};
      oids += (oids.empty() ? "" : ",") + Str(r[0]);
    }
    std::string nsps = fmt::format("'{{{}}}'::pg_catalog.oid[]", oids);

    // The relations (a row per column) are streamed and read into the model as they arrive,
    // never held whole (see ForEachCopyRow).
    ExprCache exprs;
    step = "tables, views and composite types";
    ReadRelations([&](auto fn) { ForEachCopyRow(tx, RelationsQuery(nsps), fn); }, cat, exprs);
    ++stats.round_trips;

    // The other catalog queries run one after the other here while a second thread reads the
    // results already back into the model: the server works on the next query meanwhile
    // (reading the results was a fifth of the inspection's time at 10,000 tables). The results
    // are allocated on this thread, so the memory they leave behind when the reader drops them
    // is reused here afterwards (the snapshot's JSON) rather than kept in the reader's malloc
    // arena. A failed query ends both; the reader's own errors are rethrown once it is joined.
    {
      struct Query {
        const char* what;
        std::string sql;
        std::promise<pqxx::result> result;
      };
      std::vector<Query> queries;
      queries.reserve(9);
      queries.push_back({"indexes", IndexesQuery(nsps, options.plain_indexes_from_catalog), {}});
      queries.push_back({"constraints", ConstraintsQuery(nsps), {}});
      queries.push_back({"sequences", SequencesQuery(nsps), {}});
      queries.push_back({"enums and domains", TypesQuery(nsps), {}});
      queries.push_back({"functions", FunctionsQuery(nsps), {}});
      queries.push_back({"triggers", TriggersQuery(nsps), {}});
      queries.push_back({"policies", PoliciesQuery(nsps), {}});
      queries.push_back({"extensions", kExtensionsQuery, {}});
      queries.push_back({"objects the model does not cover", UnmodeledQuery(nsps), {}});
      std::vector<std::future<pqxx::result>> results;
      for (Query& q : queries) results.push_back(q.result.get_future());
      std::exception_ptr read_error;
      size_t reading = 0;  // the query whose rows the reader is on
      std::thread reader([&] {
        try {
          auto next_result = [&]() { return results[reading++].get(); };
          ReadIndexes(next_result(), cat, stats.plain_indexes);
          ReadConstraints(next_result(), cat, exprs);
          ReadSequences(next_result(), cat);
          ReadTypes(next_result(), cat);
          ReadFunctions(next_result(), cat);
          ReadTriggers(next_result(), cat);
          ReadPolicies(next_result(), cat);
          for (const pqxx::row& r : next_result()) {
            model::Extension e;
            e.name = Str(r[0]);
            e.schema = Str(r[1]);
            e.version = Str(r[2]);
            e.comment = OptStr(r[3]);
            cat.extensions[e.name] = std::move(e);
          }
          for (const pqxx::row& r : next_result()) stats.unmodeled.push_back(Str(r[0]));
        } catch (...) {
          read_error = std::current_exception();
        }
      });
      struct Joiner {
        std::thread& t;
        ~Joiner() {
          if (t.joinable()) t.join();
        }
      } joiner{reader};
      for (Query& q : queries) {
        step = q.what;
        try {
          q.result.set_value(tx.exec(q.sql));
        } catch (...) {
          q.result.set_exception(std::current_exception());  // the reader stops there
          throw;
        }
        ++stats.round_trips;
      }
      reader.join();
      if (read_error) {
        step = queries[reading > 0 ? reading - 1 : 0].what;
        std::rethrow_exception(read_error);
      }
    }
    auto run = [&](const std::string& what, const std::string& sql) {
      step = what;
      pqxx::result r = tx.exec(sql);
      ++stats.round_trips;
      return r;
    };
    if (options.in_transaction) {
      TxQuery query = [&](const std::string& sql) -> Result<QueryRows> {
        QueryRows out;
        for (const pqxx::row& r : run("the migration history tables", sql)) {
          std::vector<std::optional<std::string>>& row = out.emplace_back();
          for (const pqxx::field& f : r) row.push_back(OptStr(f));
        }
        return out;
      };
      SSE_TRY_STATUS(options.in_transaction(query));
    }
    tx.commit();
    ++stats.round_trips;
  } catch (const pqxx::sql_error& e) {
    return QueryError(e, step);
  } catch (const pqxx::broken_connection& e) {
    return Error(ErrorCode::kConnection,
                 fmt::format("lost the connection to PostgreSQL at {} while reading {}: {}", target,
                             step, Scrub(e.what(), ci)));
  } catch (const std::exception& e) {
    return Error(ErrorCode::kQuery, fmt::format("reading {} from PostgreSQL at {} failed: {}", step,
                                                target, Scrub(e.what(), ci)));
  }
  return cat;
}

}  // namespace sse::pg
