#include "dialects/postgres/parse.hpp"

#include <cstring>
#include <unordered_map>

#include "core/migrations/sql_split.hpp"

namespace sse::pg {

ParseResult::~ParseResult() {
  if (result_) pg_query__parse_result__free_unpacked(result_, nullptr);
}

namespace {

/// Copies text[range) with psql meta-command lines blanked out (same length, so offsets hold).
std::string PrepareText(std::string_view text, Span range) {
  std::string sql(text.substr(range.begin, range.end - range.begin));
  size_t pos = 0;
  while (pos < sql.size()) {
    size_t line_end = sql.find('\n', pos);
    if (line_end == std::string::npos) line_end = sql.size();
    size_t first = pos;
    while (first < line_end && (sql[first] == ' ' || sql[first] == '\t')) ++first;
    if (first < line_end && sql[first] == '\\') {
      for (size_t i = first; i < line_end; ++i) {
        if (sql[i] != '\r') sql[i] = ' ';
      }
    }
    pos = line_end + 1;
  }
  return sql;
}

/// Skips whitespace and comments forward from `pos` (statement spans start at their first
/// token, so findings and suppression comments line up).
size_t SkipTrivia(std::string_view s, size_t pos, size_t end) {
  while (pos < end) {
    char c = s[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos;
    } else if (c == '-' && pos + 1 < end && s[pos + 1] == '-') {
      while (pos < end && s[pos] != '\n') ++pos;
    } else if (c == '/' && pos + 1 < end && s[pos + 1] == '*') {
      int depth = 0;
      while (pos < end) {
        if (s.compare(pos, 2, "/*") == 0) {
          ++depth;
          pos += 2;
        } else if (s.compare(pos, 2, "*/") == 0) {
          pos += 2;
          if (--depth == 0) break;
        } else {
          ++pos;
        }
      }
    } else {
      break;
    }
  }
  return pos;
}

/// Trims trailing whitespace and the statement's own ';'.
size_t TrimEnd(std::string_view s, size_t begin, size_t end) {
  while (end > begin && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' ||
                         s[end - 1] == '\r' || s[end - 1] == ';')) {
    --end;
  }
  return end;
}

struct RawParse {
  std::shared_ptr<ParseResult> result;
  std::string error;
  int cursor = 0;  ///< 1-based cursor of the error, 0 when unknown
};

RawParse ParseProtobuf(const std::string& sql) {
  RawParse out;
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql.c_str());
  if (r.error) {
    out.error = r.error->message ? r.error->message : "syntax error";
    out.cursor = r.error->cursorpos;
  } else {
    PgQuery__ParseResult* unpacked = pg_query__parse_result__unpack(
        nullptr, r.parse_tree.len, reinterpret_cast<const uint8_t*>(r.parse_tree.data));
    if (unpacked) {
      out.result = std::make_shared<ParseResult>(unpacked);
    } else {
      out.error = "libpg_query returned a parse tree that could not be read";
    }
  }
  pg_query_free_protobuf_parse_result(r);
  return out;
}

/// `prepared` is the parsed text (meta-commands blanked); `offset` maps its positions to the
/// file's (file position = offset + position in prepared).
void AddStatements(const RawParse& parse, std::string_view prepared, size_t offset, size_t base,
                   size_t chunk_len, ParsedText& out) {
  const PgQuery__ParseResult* pr = parse.result->get();
  for (size_t i = 0; i < pr->n_stmts; ++i) {
    const PgQuery__RawStmt* raw = pr->stmts[i];
    size_t begin = base + static_cast<size_t>(raw->stmt_location);
    size_t end = raw->stmt_len ? begin + static_cast<size_t>(raw->stmt_len) : base + chunk_len;
    begin = SkipTrivia(prepared, begin, end);
    end = TrimEnd(prepared, begin, end);
    Statement st;
    st.span = {static_cast<uint32_t>(offset + begin), static_cast<uint32_t>(offset + end)};
    st.node = raw->stmt;
    out.statements.push_back(st);
  }
  out.owners.push_back(parse.result);
}

}  // namespace

ParsedText ParseStatements(std::string_view text, Span range) {
  ParsedText out;
  range.end = std::min<uint32_t>(range.end, static_cast<uint32_t>(text.size()));
  if (range.begin >= range.end) return out;
  std::string sql = PrepareText(text, range);
  RawParse whole = ParseProtobuf(sql);
  if (whole.result) {
    AddStatements(whole, sql, range.begin, 0, sql.size(), out);
    return out;
  }
  // A syntax error somewhere: split with the scanner (which needs no valid grammar) and parse
  // each statement alone, so the error points at its statement and the others are replayed.
  PgQuerySplitResult split = pg_query_split_with_scanner(sql.c_str());
  std::vector<std::pair<size_t, size_t>> pieces;
  if (!split.error) {
    for (int i = 0; i < split.n_stmts; ++i) {
      pieces.emplace_back(static_cast<size_t>(split.stmts[i]->stmt_location),
                          static_cast<size_t>(split.stmts[i]->stmt_len));
    }
  }
  pg_query_free_split_result(split);
  if (pieces.empty()) {
    // The scanner failed too (an unterminated string or comment): one statement, one error.
    Statement st;
    size_t begin = SkipTrivia(sql, 0, sql.size());
    st.span = {static_cast<uint32_t>(range.begin + begin),
               static_cast<uint32_t>(range.begin + TrimEnd(sql, begin, sql.size()))};
    st.error = whole.error;
    st.error_offset = range.begin + static_cast<uint32_t>(whole.cursor > 0 ? whole.cursor - 1 : 0);
    if (st.span.end > st.span.begin) out.statements.push_back(st);
    return out;
  }
  for (const auto& [loc, len] : pieces) {
    size_t piece_len = len ? len : sql.size() - loc;
    std::string piece = sql.substr(loc, piece_len);
    RawParse one = ParseProtobuf(piece);
    if (one.result) {
      AddStatements(one, sql, range.begin, loc, piece.size(), out);
      continue;
    }
    Statement st;
    size_t begin = SkipTrivia(sql, loc, loc + piece_len);
    st.span = {static_cast<uint32_t>(range.begin + begin),
               static_cast<uint32_t>(range.begin + TrimEnd(sql, begin, loc + piece_len))};
    st.error = one.error;
    st.error_offset = static_cast<uint32_t>(
        range.begin + loc + static_cast<size_t>(one.cursor > 0 ? one.cursor - 1 : 0));
    if (st.span.end > st.span.begin) out.statements.push_back(st);
  }
  return out;
}

ParsedText ParseSql(std::string_view sql) {
  return ParseStatements(sql, {0, static_cast<uint32_t>(sql.size())});
}

namespace {

std::string DeparseParseResult(PgQuery__ParseResult* pr) {
  size_t len = pg_query__parse_result__get_packed_size(pr);
  std::string buf(len, '\0');
  pg_query__parse_result__pack(pr, reinterpret_cast<uint8_t*>(buf.data()));
  PgQueryProtobuf pb;
  pb.len = len;
  pb.data = buf.data();
  PgQueryDeparseResult r = pg_query_deparse_protobuf(pb);
  std::string out;
  if (!r.error && r.query) out = r.query;
  pg_query_free_deparse_result(r);
  return out;
}

std::string DeparseRaw(PgQuery__Node* stmt) {
  PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
  raw.stmt = stmt;
  PgQuery__RawStmt* raws[1] = {&raw};
  PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
  pr.version = PG_VERSION_NUM;
  pr.n_stmts = 1;
  pr.stmts = raws;
  return DeparseParseResult(&pr);
}

}  // namespace

std::string DeparseExprWithLibrary(const PgQuery__Node* expr) {
  if (!expr) return {};
  PgQuery__ResTarget target = PG_QUERY__RES_TARGET__INIT;
  target.val = const_cast<PgQuery__Node*>(expr);
  PgQuery__Node target_node = PG_QUERY__NODE__INIT;
  target_node.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
  target_node.res_target = &target;
  PgQuery__Node* targets[1] = {&target_node};
  PgQuery__SelectStmt select = PG_QUERY__SELECT_STMT__INIT;
  select.n_target_list = 1;
  select.target_list = targets;
  select.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
  select.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
  PgQuery__Node select_node = PG_QUERY__NODE__INIT;
  select_node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
  select_node.select_stmt = &select;
  std::string sql = DeparseRaw(&select_node);
  if (sql.rfind("SELECT ", 0) == 0) sql.erase(0, 7);
  return sql;
}

namespace {

/// quote_identifier (ruleutils.c) as the deparser applies it, asked of the library once per
/// name (whether a name needs quotes depends on PostgreSQL's keyword list).
const std::string& QuotedIdentifier(const char* name) {
  thread_local std::unordered_map<std::string, std::string> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  PgQuery__String str = PG_QUERY__STRING__INIT;
  str.sval = const_cast<char*>(name);
  PgQuery__Node field = PG_QUERY__NODE__INIT;
  field.node_case = PG_QUERY__NODE__NODE_STRING;
  field.string = &str;
  PgQuery__Node* fields[1] = {&field};
  PgQuery__ColumnRef ref = PG_QUERY__COLUMN_REF__INIT;
  ref.n_fields = 1;
  ref.fields = fields;
  PgQuery__Node node = PG_QUERY__NODE__INIT;
  node.node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
  node.column_ref = &ref;
  return cache.emplace(name, DeparseExprWithLibrary(&node)).first->second;
}

/// Dotted names ("public.f", "t.col"), each part quoted; false when a part is not a String.
bool AppendQualified(PgQuery__Node* const* parts, size_t n, std::string& out) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; ++i) {
    if (parts[i]->node_case != PG_QUERY__NODE__NODE_STRING || !parts[i]->string ||
        !parts[i]->string->sval) {
      return false;
    }
    if (i) out += '.';
    out += QuotedIdentifier(parts[i]->string->sval);
  }
  return true;
}

/// The most frequent expressions of migrations (constants, column references, calls without
/// arguments such as now()), written as libpg_query's deparser writes them, without its
/// protobuf round trip. False for anything else: the library deparses it.
/// tests/dialects/postgres/deparse_test.cpp holds both paths to the same output.
bool AppendSimpleExpr(const PgQuery__Node* n, std::string& out) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST: {
      const PgQuery__AConst* c = n->a_const;
      if (c->isnull) {
        out += "NULL";
        return true;
      }
      switch (c->val_case) {
        case PG_QUERY__A__CONST__VAL_IVAL:
          out += std::to_string(c->ival ? c->ival->ival : 0);
          return true;
        case PG_QUERY__A__CONST__VAL_FVAL:
          if (!c->fval || !c->fval->fval) return false;
          out += c->fval->fval;
          return true;
        case PG_QUERY__A__CONST__VAL_BOOLVAL:
          out += c->boolval && c->boolval->boolval ? "true" : "false";
          return true;
        case PG_QUERY__A__CONST__VAL_SVAL: {
          if (!c->sval || !c->sval->sval) return false;
          std::string_view v = c->sval->sval;
          if (v.find('\\') != std::string_view::npos) out += 'E';  // ESCAPE_STRING_SYNTAX
          out += '\'';
          for (char ch : v) {
            if (ch == '\'' || ch == '\\') out += ch;  // SQL_STR_DOUBLE
            out += ch;
          }
          out += '\'';
          return true;
        }
        default:
          return false;
      }
    }
    case PG_QUERY__NODE__NODE_COLUMN_REF:
      return AppendQualified(n->column_ref->fields, n->column_ref->n_fields, out);
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
      const PgQuery__FuncCall* f = n->func_call;
      if (f->n_args || f->n_agg_order || f->agg_filter || f->over || f->agg_within_group ||
          f->agg_star || f->agg_distinct || f->func_variadic ||
          f->funcformat != PG_QUERY__COERCION_FORM__COERCE_EXPLICIT_CALL) {
        return false;
      }
      if (!AppendQualified(f->funcname, f->n_funcname, out)) return false;
      out += "()";
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

std::string DeparseExpr(const PgQuery__Node* expr) {
  if (!expr) return {};
  std::string out;
  if (AppendSimpleExpr(expr, out)) return out;
  return DeparseExprWithLibrary(expr);
}

std::string DeparseStatement(const PgQuery__Node* stmt) {
  if (!stmt) return {};
  return DeparseRaw(const_cast<PgQuery__Node*>(stmt));
}

std::string_view StringValue(const PgQuery__Node* node) {
  if (node && node->node_case == PG_QUERY__NODE__NODE_STRING && node->string &&
      node->string->sval) {
    return node->string->sval;
  }
  return {};
}

}  // namespace sse::pg
