// The normalizer: parse trees rewritten in place (in an arena, so dropped nodes cost nothing)
// and deparsed back to a comparison form.

#include "dialects/postgres/normalize.hpp"

#include <cctype>
#include <cstring>
#include <memory_resource>
#include <optional>
#include <set>

#include "dialects/postgres/parse.hpp"
#include "dialects/postgres/replay.hpp"

namespace sse::pg {

namespace {

/// Memory for one normalisation: protobuf-c unpacks into it, rewrites allocate from it, and it
/// is released all at once.
class Arena {
 public:
  Arena() {
    allocator_.alloc = &Arena::Alloc;
    allocator_.free = &Arena::Free;
    allocator_.allocator_data = this;
  }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  ProtobufCAllocator* allocator() { return &allocator_; }

  template <typename T>
  T* New() {
    void* p = resource_.allocate(sizeof(T), alignof(T));
    std::memset(p, 0, sizeof(T));
    return static_cast<T*>(p);
  }
  char* Strdup(std::string_view s) {
    char* p = static_cast<char*>(resource_.allocate(s.size() + 1, 1));
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
  }
  template <typename T>
  T** Array(size_t n) {
    void* p = resource_.allocate(sizeof(T*) * (n ? n : 1), alignof(T*));
    return static_cast<T**>(p);
  }

 private:
  static void* Alloc(void* data, size_t size) {
    return static_cast<Arena*>(data)->resource_.allocate(size ? size : 1,
                                                         alignof(std::max_align_t));
  }
  static void Free(void*, void*) {}

  std::pmr::monotonic_buffer_resource resource_{4096};
  ProtobufCAllocator allocator_{};
};

/// Parses `sql` into the arena; nullptr when it does not parse.
PgQuery__ParseResult* ParseInto(Arena& arena, const std::string& sql) {
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql.c_str());
  PgQuery__ParseResult* out = nullptr;
  if (!r.error) {
    out = pg_query__parse_result__unpack(arena.allocator(), r.parse_tree.len,
                                         reinterpret_cast<const uint8_t*>(r.parse_tree.data));
  }
  pg_query_free_protobuf_parse_result(r);
  return out;
}

// ---- Small tree helpers --------------------------------------------------------------------

PgQuery__Node* NewNode(Arena& a) {
  auto* n = a.New<PgQuery__Node>();
  pg_query__node__init(n);
  return n;
}

PgQuery__Node* StringNode(Arena& a, std::string_view s) {
  auto* str = a.New<PgQuery__String>();
  pg_query__string__init(str);
  str->sval = a.Strdup(s);
  PgQuery__Node* n = NewNode(a);
  n->node_case = PG_QUERY__NODE__NODE_STRING;
  n->string = str;
  return n;
}

PgQuery__Node* OpExpr(Arena& a, std::string_view op, PgQuery__Node* l, PgQuery__Node* r) {
  auto* e = a.New<PgQuery__AExpr>();
  pg_query__a__expr__init(e);
  e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
  e->n_name = 1;
  e->name = a.Array<PgQuery__Node>(1);
  e->name[0] = StringNode(a, op);
  e->lexpr = l;
  e->rexpr = r;
  PgQuery__Node* n = NewNode(a);
  n->node_case = PG_QUERY__NODE__NODE_A_EXPR;
  n->a_expr = e;
  return n;
}

std::string_view Str(const PgQuery__Node* n) { return StringValue(n); }

/// Drops a leading "public" or "pg_catalog" from a two-part name list.
void StripDefaultSchema(size_t& n, PgQuery__Node**& names) {
  if (n == 2 && (Str(names[0]) == "pg_catalog" || Str(names[0]) == "public")) {
    ++names;
    n = 1;
  }
}

/// "public.x" -> "x", "pg_catalog.x" -> "x" (opclasses, collations, regclass literals);
/// double quotes dropped.
std::string StripDefaultSchemaText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '"') out += c;
  }
  for (std::string_view prefix : {"public.", "pg_catalog."}) {
    if (out.rfind(prefix, 0) == 0) return out.substr(prefix.size());
  }
  return out;
}

/// The text of a constant ("-1", "1.5", "true", "x"); nullopt for NULL.
std::optional<std::string> ConstText(const PgQuery__AConst* c) {
  if (c->isnull) return std::nullopt;
  switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
      return std::to_string(c->ival ? c->ival->ival : 0);
    case PG_QUERY__A__CONST__VAL_FVAL:
      return std::string(c->fval && c->fval->fval ? c->fval->fval : "");
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      return std::string(c->boolval && c->boolval->boolval ? "true" : "false");
    case PG_QUERY__A__CONST__VAL_SVAL:
      return std::string(c->sval && c->sval->sval ? c->sval->sval : "");
    case PG_QUERY__A__CONST__VAL_BSVAL:
      return std::string(c->bsval && c->bsval->bsval ? c->bsval->bsval : "");
    default:
      return std::nullopt;
  }
}

bool IsEpoch(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.size() != 5) return false;
  for (size_t i = 0; i < 5; ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != "epoch"[i]) return false;
  }
  return true;
}

bool IsNullConst(const PgQuery__Node* n) {
  return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->isnull;
}

/// The name PostgreSQL gives an output column with no alias (FigureColname, parse_target.c).
std::string OutputColumnName(const PgQuery__Node* n) {
  int strength = 0;
  std::string name = FigureColname(n, strength);
  return name.empty() ? "?column?" : name;
}

// ---- The rewriter --------------------------------------------------------------------------

class Normalizer {
 public:
  Normalizer(Arena& arena, const model::Catalog* context) : arena_(arena), context_(context) {}

  /// Normalises the tree below `root` and `root` itself.
  void Run(PgQuery__Node* root) {
    Walk(&root->base);
    Rewrite(root);
  }

 private:
  /// Visits every message below `msg`: SELECT statements before their contents (naming and
  /// star expansion need the FROM clause as written), every Node after its contents.
  void Walk(ProtobufCMessage* msg) {
    if (!msg) return;
    if (msg->descriptor == &pg_query__select_stmt__descriptor) {
      PrepareSelect(reinterpret_cast<PgQuery__SelectStmt*>(msg));
    }
    const ProtobufCMessageDescriptor* d = msg->descriptor;
    for (unsigned i = 0; i < d->n_fields; ++i) {
      const ProtobufCFieldDescriptor& f = d->fields[i];
      if (f.type != PROTOBUF_C_TYPE_MESSAGE) continue;
      char* base = reinterpret_cast<char*>(msg);
      if (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
        if (*reinterpret_cast<uint32_t*>(base + f.quantifier_offset) != f.id) continue;
      }
      auto visit = [&](ProtobufCMessage* child) {
        if (!child) return;
        Walk(child);
        if (child->descriptor == &pg_query__node__descriptor)
          Rewrite(reinterpret_cast<PgQuery__Node*>(child));
      };
      if (f.label == PROTOBUF_C_LABEL_REPEATED) {
        size_t n = *reinterpret_cast<size_t*>(base + f.quantifier_offset);
        ProtobufCMessage** items = *reinterpret_cast<ProtobufCMessage***>(base + f.offset);
        for (size_t k = 0; k < n; ++k) visit(items[k]);
      } else {
        visit(*reinterpret_cast<ProtobufCMessage**>(base + f.offset));
      }
    }
  }

  // ---- SELECT statements -------------------------------------------------------------------

  /// The columns of a relation of the FROM clause, when the catalog knows it as a table.
  const model::Table* TableOf(const PgQuery__RangeVar* rv) const {
    if (!context_ || !rv || !rv->relname) return nullptr;
    std::string schema = rv->schemaname && *rv->schemaname ? rv->schemaname : "public";
    auto it = context_->tables.find({schema, rv->relname});
    return it == context_->tables.end() ? nullptr : &it->second;
  }

  void PrepareSelect(PgQuery__SelectStmt* s) {
    bool name_targets = !unnamed_.count(s);
    if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
      // Only the leftmost branch of a set operation names the output columns.
      if (s->rarg) MarkUnnamed(s->rarg);
      if (!name_targets && s->larg) MarkUnnamed(s->larg);
      return;
    }
    ExpandStars(s);
    for (size_t i = 0; i < s->n_target_list; ++i) {
      PgQuery__Node* t = s->target_list[i];
      if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET) continue;
      PgQuery__ResTarget* rt = t->res_target;
      if (!name_targets) {
        rt->name = const_cast<char*>("");
      } else if (!rt->name || !*rt->name) {
        rt->name = arena_.Strdup(OutputColumnName(rt->val));
      }
    }
    for (size_t i = 0; i < s->n_from_clause; ++i) StripRangeVarSchemas(s->from_clause[i]);
  }

  void MarkUnnamed(PgQuery__SelectStmt* s) {
    unnamed_.insert(s);
    if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
      if (s->larg) MarkUnnamed(s->larg);
      if (s->rarg) MarkUnnamed(s->rarg);
    }
  }

  void StripRangeVarSchemas(PgQuery__Node* n) {
    if (!n) return;
    if (n->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
      PgQuery__RangeVar* rv = n->range_var;
      if (rv->schemaname && (std::string_view(rv->schemaname) == "public" ||
                             std::string_view(rv->schemaname) == "pg_catalog")) {
        rv->schemaname = const_cast<char*>("");
      }
    } else if (n->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR) {
      StripRangeVarSchemas(n->join_expr->larg);
      StripRangeVarSchemas(n->join_expr->rarg);
    }
  }

  /// `*` and `t.*` over a single table the catalog knows become its columns.
  void ExpandStars(PgQuery__SelectStmt* s) {
    if (s->n_from_clause != 1 || s->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
      return;
    const PgQuery__RangeVar* rv = s->from_clause[0]->range_var;
    const model::Table* table = TableOf(rv);
    if (!table) return;
    std::string alias = rv->alias && rv->alias->aliasname ? rv->alias->aliasname : rv->relname;
    std::vector<PgQuery__Node*> targets;
    bool changed = false;
    for (size_t i = 0; i < s->n_target_list; ++i) {
      PgQuery__Node* t = s->target_list[i];
      const PgQuery__ColumnRef* star = nullptr;
      if (t->node_case == PG_QUERY__NODE__NODE_RES_TARGET && t->res_target->val &&
          t->res_target->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
        const PgQuery__ColumnRef* c = t->res_target->val->column_ref;
        if (c->n_fields > 0 &&
            c->fields[c->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR &&
            (c->n_fields == 1 || (c->n_fields == 2 && Str(c->fields[0]) == alias))) {
          star = c;
        }
      }
      if (!star) {
        targets.push_back(t);
        continue;
      }
      changed = true;
      for (const model::Column& col : table->columns) {
        auto* ref = arena_.New<PgQuery__ColumnRef>();
        pg_query__column_ref__init(ref);
        ref->n_fields = 1;
        ref->fields = arena_.Array<PgQuery__Node>(1);
        ref->fields[0] = StringNode(arena_, col.name);
        PgQuery__Node* val = NewNode(arena_);
        val->node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
        val->column_ref = ref;
        auto* rt = arena_.New<PgQuery__ResTarget>();
        pg_query__res_target__init(rt);
        rt->val = val;
        PgQuery__Node* tn = NewNode(arena_);
        tn->node_case = PG_QUERY__NODE__NODE_RES_TARGET;
        tn->res_target = rt;
        targets.push_back(tn);
      }
    }
    if (!changed) return;
    s->n_target_list = targets.size();
    s->target_list = arena_.Array<PgQuery__Node>(targets.size());
    for (size_t i = 0; i < targets.size(); ++i) s->target_list[i] = targets[i];
  }

  // ---- Nodes -------------------------------------------------------------------------------

  void Rewrite(PgQuery__Node* n) {
    for (int guard = 0; guard < 8 && RewriteOnce(n); ++guard) {
    }
  }

  /// One rewrite step on `n`; true when `n` changed (and may need another).
  bool RewriteOnce(PgQuery__Node* n) {
    switch (n->node_case) {
      case PG_QUERY__NODE__NODE_TYPE_CAST:
        return FoldCast(n);
      case PG_QUERY__NODE__NODE_A_CONST:
        return CanonicalConst(n->a_const);
      case PG_QUERY__NODE__NODE_A_EXPR:
        return RewriteAExpr(n);
      case PG_QUERY__NODE__NODE_BOOL_EXPR:
        return FlattenBool(n->bool_expr);
      case PG_QUERY__NODE__NODE_COLUMN_REF:
        return StripQualifier(n->column_ref);
      case PG_QUERY__NODE__NODE_FUNC_CALL: {
        PgQuery__FuncCall* f = n->func_call;
        size_t before = f->n_funcname;
        StripDefaultSchema(f->n_funcname, f->funcname);
        CanonicalRegclassArg(f);
        return f->n_funcname != before;
      }
      case PG_QUERY__NODE__NODE_TYPE_NAME:
        return CanonicalTypeName(n->type_name);
      case PG_QUERY__NODE__NODE_CASE_EXPR:
        if (IsNullConst(n->case_expr->defresult)) {
          n->case_expr->defresult = nullptr;
          return true;
        }
        return false;
      case PG_QUERY__NODE__NODE_RANGE_VAR: {
        PgQuery__RangeVar* rv = n->range_var;
        if (rv->schemaname && (std::string_view(rv->schemaname) == "public" ||
                               std::string_view(rv->schemaname) == "pg_catalog")) {
          rv->schemaname = const_cast<char*>("");
          return true;
        }
        return false;
      }
      default:
        return false;
    }
  }

  /// TypeNames are messages inside TypeCast / ColumnDef, not Nodes: canonicalised where met.
  bool CanonicalTypeName(PgQuery__TypeName* tn) {
    if (!tn) return false;
    size_t before = tn->n_names;
    StripDefaultSchema(tn->n_names, tn->names);
    return tn->n_names != before;
  }

  /// A cast of a constant, a column, an array or another cast is folded into its argument;
  /// other casts stay, with their type name canonical.
  bool FoldCast(PgQuery__Node* n) {
    PgQuery__TypeCast* tc = n->type_cast;
    PgQuery__Node* arg = tc->arg;
    if (!arg) return false;
    // 'users_id_seq'::regclass: the relation name compares without public / quotes.
    if (tc->type_name && tc->type_name->n_names > 0 &&
        Str(tc->type_name->names[tc->type_name->n_names - 1]) == "regclass" &&
        arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
      arg->a_const->sval->sval = arena_.Strdup(StripDefaultSchemaText(arg->a_const->sval->sval));
    }
    // 'epoch' is stored as the instant it names (printed in UTC, as the inspector reads).
    if (tc->type_name && tc->type_name->n_names > 0 &&
        arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
        IsEpoch(arg->a_const->sval->sval)) {
      std::string_view type = Str(tc->type_name->names[tc->type_name->n_names - 1]);
      const char* value = type == "timestamptz" ? "1970-01-01 00:00:00+00"
                          : type == "timestamp" ? "1970-01-01 00:00:00"
                          : type == "date"      ? "1970-01-01"
                                                : nullptr;
      if (value) arg->a_const->sval->sval = const_cast<char*>(value);
    }
    switch (arg->node_case) {
      case PG_QUERY__NODE__NODE_A_CONST:
      case PG_QUERY__NODE__NODE_COLUMN_REF:
      case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      case PG_QUERY__NODE__NODE_TYPE_CAST:
      case PG_QUERY__NODE__NODE_PARAM_REF:
        *n = *arg;
        return true;
      default:
        CanonicalTypeName(tc->type_name);
        return false;
    }
  }

  /// nextval('public.s'), currval(...), setval(...): the sequence name compares like a
  /// regclass literal.
  void CanonicalRegclassArg(PgQuery__FuncCall* f) {
    if (f->n_funcname != 1 || f->n_args == 0) return;
    std::string_view name = Str(f->funcname[0]);
    if (name != "nextval" && name != "currval" && name != "setval") return;
    PgQuery__Node* a = f->args[0];
    if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
      a->a_const->sval->sval = arena_.Strdup(StripDefaultSchemaText(a->a_const->sval->sval));
    }
  }

  /// Every constant becomes a string constant of its text.
  bool CanonicalConst(PgQuery__AConst* c) {
    if (c->isnull || c->val_case == PG_QUERY__A__CONST__VAL_SVAL) return false;
    std::optional<std::string> text = ConstText(c);
    if (!text) return false;
    auto* s = arena_.New<PgQuery__String>();
    pg_query__string__init(s);
    s->sval = arena_.Strdup(*text);
    c->val_case = PG_QUERY__A__CONST__VAL_SVAL;
    c->sval = s;
    return true;
  }

  bool RewriteAExpr(PgQuery__Node* n) {
    PgQuery__AExpr* e = n->a_expr;
    size_t before = e->n_name;
    StripDefaultSchema(e->n_name, e->name);
    bool changed = e->n_name != before;
    std::string_view op = e->n_name > 0 ? Str(e->name[e->n_name - 1]) : "";
    switch (e->kind) {
      case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        // x IN (a, b) -> x = ANY (ARRAY[a, b]); x NOT IN (...) -> x <> ALL (ARRAY[...]).
        if (e->rexpr && e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST) {
          auto* arr = arena_.New<PgQuery__AArrayExpr>();
          pg_query__a__array_expr__init(arr);
          arr->n_elements = e->rexpr->list->n_items;
          arr->elements = e->rexpr->list->items;
          PgQuery__Node* an = NewNode(arena_);
          an->node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
          an->a_array_expr = arr;
          e->rexpr = an;
          e->kind = op == "<>" ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL
                               : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
          return true;
        }
        return changed;
      case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
      case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
        // LIKE is stored as the ~~ operator (ILIKE ~~*, NOT LIKE !~~).
        if (e->rexpr && e->rexpr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
          return changed;  // ESCAPE
        e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
        return true;
      case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
      case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN: {
        if (!e->rexpr || e->rexpr->node_case != PG_QUERY__NODE__NODE_LIST ||
            e->rexpr->list->n_items != 2) {
          return changed;
        }
        bool negated = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
        PgQuery__Node* lo = e->rexpr->list->items[0];
        PgQuery__Node* hi = e->rexpr->list->items[1];
        auto* b = arena_.New<PgQuery__BoolExpr>();
        pg_query__bool_expr__init(b);
        b->boolop =
            negated ? PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR : PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;
        b->n_args = 2;
        b->args = arena_.Array<PgQuery__Node>(2);
        b->args[0] = OpExpr(arena_, negated ? "<" : ">=", e->lexpr, lo);
        b->args[1] = OpExpr(arena_, negated ? ">" : "<=", e->lexpr, hi);
        n->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
        n->bool_expr = b;
        return true;
      }
      default:
        return changed;
    }
  }

  /// (a AND b) AND c -> a AND b AND c.
  bool FlattenBool(PgQuery__BoolExpr* b) {
    if (b->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR) return false;
    bool nested = false;
    for (size_t i = 0; i < b->n_args; ++i) {
      const PgQuery__Node* a = b->args[i];
      if (a->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && a->bool_expr->boolop == b->boolop)
        nested = true;
    }
    if (!nested) return false;
    std::vector<PgQuery__Node*> args;
    for (size_t i = 0; i < b->n_args; ++i) {
      PgQuery__Node* a = b->args[i];
      if (a->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && a->bool_expr->boolop == b->boolop) {
        for (size_t k = 0; k < a->bool_expr->n_args; ++k) args.push_back(a->bool_expr->args[k]);
      } else {
        args.push_back(a);
      }
    }
    b->n_args = args.size();
    b->args = arena_.Array<PgQuery__Node>(args.size());
    for (size_t i = 0; i < args.size(); ++i) b->args[i] = args[i];
    return true;
  }

  /// t.col -> col (OLD.col and NEW.col are kept: they are different rows).
  bool StripQualifier(PgQuery__ColumnRef* c) {
    if (c->n_fields < 2) return false;
    PgQuery__Node* last = c->fields[c->n_fields - 1];
    if (last->node_case != PG_QUERY__NODE__NODE_STRING) return false;
    std::string_view q = Str(c->fields[c->n_fields - 2]);
    if (c->n_fields == 2 && (q == "old" || q == "new")) return false;
    c->fields = c->fields + (c->n_fields - 1);
    c->n_fields = 1;
    return true;
  }

  Arena& arena_;
  const model::Catalog* context_;
  std::set<const PgQuery__SelectStmt*> unnamed_;
};

/// The first statement of a parse, or nullptr.
PgQuery__Node* FirstStatement(PgQuery__ParseResult* pr) {
  if (!pr || pr->n_stmts != 1 || !pr->stmts[0]->stmt) return nullptr;
  return pr->stmts[0]->stmt;
}

/// The leftmost SELECT of a set operation.
PgQuery__SelectStmt* Leftmost(PgQuery__SelectStmt* s) {
  while (s && s->op != PG_QUERY__SET_OPERATION__SETOP_NONE && s->larg) s = s->larg;
  return s;
}

}  // namespace

std::string NormalizeExpression(std::string_view expr) {
  if (expr.empty()) return std::string(expr);
  Arena arena;
  PgQuery__Node* stmt = FirstStatement(ParseInto(arena, "SELECT " + std::string(expr)));
  if (!stmt || stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return std::string(expr);
  PgQuery__SelectStmt* s = stmt->select_stmt;
  if (s->n_target_list != 1 || s->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET ||
      (s->target_list[0]->res_target->name && *s->target_list[0]->res_target->name) ||
      s->n_from_clause > 0) {
    return std::string(expr);
  }
  PgQuery__Node* val = s->target_list[0]->res_target->val;
  Normalizer(arena, nullptr).Run(val);
  std::string out = DeparseExpr(val);
  return out.empty() ? std::string(expr) : out;
}

std::string NormalizeQuery(std::string_view query, const model::Catalog& context,
                           const std::vector<std::string>& columns) {
  std::string text(query);
  while (!text.empty() && (text.back() == ';' || text.back() == ' ' || text.back() == '\n'))
    text.pop_back();
  if (text.empty()) return text;
  Arena arena;
  PgQuery__Node* stmt = FirstStatement(ParseInto(arena, text));
  if (!stmt) return text;
  Normalizer(arena, &context).Run(stmt);
  if (!columns.empty() && stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
    PgQuery__SelectStmt* s = Leftmost(stmt->select_stmt);
    for (size_t i = 0; s && i < s->n_target_list && i < columns.size(); ++i) {
      if (s->target_list[i]->node_case == PG_QUERY__NODE__NODE_RES_TARGET) {
        s->target_list[i]->res_target->name = arena.Strdup(columns[i]);
      }
    }
  }
  std::string out = DeparseStatement(stmt);
  return out.empty() ? text : out;
}

bool EquivalentExpressions(std::string_view a, std::string_view b) {
  return a == b || NormalizeExpression(a) == NormalizeExpression(b);
}

namespace {

void NormalizeOpt(std::optional<std::string>& e) {
  if (e) e = NormalizeExpression(*e);
}
void NormalizeStr(std::string& e) {
  if (!e.empty()) e = NormalizeExpression(e);
}

void NormalizeTrigger(model::Trigger& t) { NormalizeStr(t.when); }

}  // namespace

model::Catalog NormalizeForCompare(model::Catalog catalog) {
  // A new database already has these; migrations do not create them.
  if (auto it = catalog.extensions.find("plpgsql");
      it != catalog.extensions.end() && it->second.schema == "pg_catalog") {
    catalog.extensions.erase(it);
  }
  if (auto it = catalog.schemas.find("public");
      it != catalog.schemas.end() &&
      it->second.comment == std::optional<std::string>("standard public schema")) {
    it->second.comment.reset();
  }
  const model::Catalog context = catalog;
  for (auto& [name, table] : catalog.tables) {
    for (model::Column& c : table.columns) {
      NormalizeOpt(c.default_expr);
      NormalizeOpt(c.generated);
      if (c.collation) c.collation = StripDefaultSchemaText(*c.collation);
    }
    for (auto& [cname, con] : table.constraints) {
      NormalizeStr(con.expression);
      NormalizeStr(con.where);
      for (model::ExclusionElement& el : con.elements) NormalizeStr(el.expression);
    }
    for (auto& [tname, trg] : table.triggers) NormalizeTrigger(trg);
    for (auto& [pname, pol] : table.policies) {
      NormalizeStr(pol.using_expr);
      NormalizeStr(pol.check_expr);
    }
  }
  for (auto& [name, view] : catalog.views) {
    view.definition = NormalizeQuery(view.definition, context, view.columns);
    view.columns.clear();
    for (auto& [tname, trg] : view.triggers) NormalizeTrigger(trg);
  }
  for (auto& [name, index] : catalog.indexes) {
    for (model::IndexKey& k : index.keys) {
      if (k.is_expression) k.expression = NormalizeExpression(k.expression);
      if (!k.opclass.empty()) k.opclass = StripDefaultSchemaText(k.opclass);
      if (!k.collation.empty()) k.collation = StripDefaultSchemaText(k.collation);
      if (k.nulls_first && *k.nulls_first == k.descending) k.nulls_first.reset();
    }
    NormalizeStr(index.predicate);
  }
  for (auto& [name, domain] : catalog.domains) {
    NormalizeOpt(domain.default_expr);
    for (model::DomainCheck& c : domain.checks) NormalizeStr(c.expression);
  }
  for (auto& [sig, fn] : catalog.functions) {
    for (model::FunctionArg& a : fn.args) NormalizeOpt(a.default_expr);
  }
  return catalog;
}

}  // namespace sse::pg
