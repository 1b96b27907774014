#!/usr/bin/python3
"""Generates a plain ordered SQL migration folder of PostgreSQL 15 DDL for a growing schema.

  gen_pg_history.py --migrations N --tables M --seed S --out DIR

writes DIR/0001_create_users.sql ... DIR/<N>_....sql (numbers zero padded to at least 4 digits),
applied in name order by `psql -X -v ON_ERROR_STOP=1 -f FILE` to an empty database. Every file
applies cleanly to a real PostgreSQL 15 (the tables stay empty, so NOT NULL, UNIQUE and CHECK
changes cannot fail on data). The same arguments give byte-identical files.

M is the number of CREATE TABLE statements; tables are created at an even pace over the N files,
the other files alter what exists. Forms (all of them appear even at small sizes such as
--migrations 60 --tables 30; the order of the first uses is fixed, later choices are weighted):

  CREATE TABLE [IF NOT EXISTS] with integer, bigint, smallint, serial/bigserial, uuid (DEFAULT
    gen_random_uuid()), text, varchar(n), numeric(p,s), boolean, date, timestamptz (DEFAULT
    now()), jsonb, text[], integer[] and enum columns; PRIMARY KEY inline, table-level or
    composite (join tables); UNIQUE inline or table-level; CHECK inline, named or implicit;
    FOREIGN KEY to earlier tables, inline or as named constraints, ON DELETE CASCADE / SET NULL /
    RESTRICT / NO ACTION
  CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON t [USING gin] (...) with one
    or several columns, DESC, expressions (lower(email), (payload ->> 'kind')), WHERE predicates
  DROP INDEX [CONCURRENTLY] [IF EXISTS]
  ALTER TABLE ... ADD COLUMN [IF NOT EXISTS] (nullable, constant default, NOT NULL DEFAULT,
    volatile default, NOT NULL without default, with REFERENCES); ALTER COLUMN SET DEFAULT /
    DROP DEFAULT / SET NOT NULL / DROP NOT NULL / TYPE (widening: integer -> bigint,
    varchar(n) -> varchar(2n) or text, numeric(p,s) -> numeric(p+2,s)); ADD CONSTRAINT CHECK /
    FOREIGN KEY / UNIQUE [NOT VALID]; VALIDATE CONSTRAINT; DROP COLUMN [IF EXISTS];
    RENAME COLUMN; RENAME TO; DROP TABLE [IF EXISTS] (a few tables without dependents)
  CREATE TYPE ... AS ENUM; ALTER TYPE ... ADD VALUE [IF NOT EXISTS] [BEFORE | AFTER]
  CREATE [OR REPLACE] VIEW ... AS SELECT ... FROM <one table> [WHERE ...]
  SET lock_timeout / statement_timeout in some files, BEGIN; ... COMMIT; around some files

Python 3 standard library only (run with /usr/bin/python3). Prints one summary line.
"""
import argparse
import os
import random
import re
import sys

NAMEDATALEN = 63

# ----------------------------------------------------------------------------------------------
# Vocabulary

DOMAINS = ["billing", "catalog", "crm", "shipping", "inventory", "support", "marketing", "auth",
           "analytics", "hr", "finance", "content", "social", "payments", "search", "audit",
           "partner", "loyalty", "booking", "media", "ops", "sales", "legal", "fleet"]
NOUNS = ["accounts", "orders", "items", "invoices", "events", "notes", "tickets", "messages",
         "documents", "products", "prices", "addresses", "contacts", "sessions", "tokens",
         "payments", "refunds", "shipments", "warehouses", "suppliers", "reviews", "tags",
         "campaigns", "coupons", "subscriptions", "plans", "teams", "projects", "tasks",
         "comments", "attachments", "vehicles", "routes", "reports", "settings", "webhooks",
         "exports", "imports", "locations", "schedules", "rates", "ledgers", "entries",
         "budgets", "contracts", "licenses", "devices", "alerts", "rules", "snapshots"]
CORE_TABLES = ["users", "organizations", "orders", "products", "customers", "invoices",
               "payments", "categories", "employees", "projects"]

COLUMNS = {
    "integer": ["quantity", "position", "attempts", "priority", "rank", "version", "retry_count",
                "sort_order", "level", "capacity", "duration_min", "seats"],
    "bigint": ["external_id", "size_bytes", "views_count", "total_cents", "sequence_no",
               "amount_cents", "file_size"],
    "smallint": ["weekday", "month_no", "rating", "flags"],
    "text": ["name", "title", "description", "notes", "body", "summary", "label", "remarks",
             "address_line", "reason", "subject"],
    "varchar": ["email", "code", "sku", "phone", "country_code", "slug", "currency", "reference",
                "locale", "username", "iban", "zip_code"],
    "numeric": ["amount", "price", "balance", "tax_rate", "weight_kg", "discount", "score",
                "cost", "latitude", "longitude"],
    "boolean": ["is_active", "archived", "verified", "is_default", "enabled", "is_public",
                "flagged", "is_primary"],
    "timestamptz": ["created_at", "updated_at", "deleted_at", "expires_at", "published_at",
                    "starts_at", "ends_at", "last_seen_at", "confirmed_at"],
    "date": ["birth_date", "due_on", "valid_from", "valid_until"],
    "jsonb": ["metadata", "payload", "settings", "attributes", "preferences", "context"],
    "uuid": ["public_id", "token", "request_id", "correlation_id", "idempotency_key"],
    "text[]": ["tags", "aliases", "keywords", "labels"],
    "integer[]": ["slots", "weekdays_open", "bucket_ids"],
}
TYPE_KINDS = list(COLUMNS)
VARCHAR_LENGTHS = [16, 32, 64, 120, 255]
NUMERIC_SHAPES = [(10, 2), (12, 2), (6, 4), (8, 3), (14, 4)]

ENUM_SUFFIXES = ["status", "kind", "state", "visibility", "tier"]
ENUM_VALUES = {
    "status": ["draft", "pending", "active", "suspended", "archived", "cancelled", "completed",
               "failed", "refunded", "expired", "on_hold", "closed"],
    "kind": ["standard", "express", "internal", "external", "manual", "automatic", "trial",
             "bulk", "recurring", "one_off"],
    "state": ["new", "open", "in_progress", "blocked", "review", "done", "reopened", "wontfix"],
    "visibility": ["private", "team", "organization", "public", "unlisted", "restricted"],
    "tier": ["free", "basic", "pro", "business", "enterprise", "legacy", "partner"],
}


def singular(name):
    base = name.split("_")[-1]
    if base.endswith("ies"):
        base = base[:-3] + "y"
    elif base.endswith("sses") or base.endswith("shes") or base.endswith("xes"):
        base = base[:-2]
    elif base.endswith("s") and not base.endswith("ss"):
        base = base[:-1]
    return base


# ----------------------------------------------------------------------------------------------
# Model of the schema as the migrations build it (tables stay empty)

class Col:
    def __init__(self, name, kind, sqltype, nullable=True, default=None):
        self.name = name
        self.kind = kind            # key of COLUMNS, "pk", "fk" or "enum"
        self.sqltype = sqltype
        self.nullable = nullable
        self.default = default
        self.deps = 0               # indexes, constraints, views, foreign keys using it
        self.in_view = False
        self.pk = False
        self.fk = False
        self.enum = None            # Enum for enum columns
        self.dropped = False


class Table:
    def __init__(self, name, join=False):
        self.name = name
        self.cols = []
        self.join = join
        self.pk_type = None         # type a foreign key to this table's id uses
        self.referenced_by = 0      # live foreign keys from other (or this) tables
        self.views = 0
        self.indexes = []           # Index objects created by CREATE INDEX (droppable)
        self.fks_out = []           # tables this one references
        self.not_valid = []         # (constraint name) added NOT VALID, not yet validated
        self.dropped = False
        self.used_names = set()     # every column name it ever had (never reused)

    def live(self):
        return [c for c in self.cols if not c.dropped]

    def col(self, name):
        for c in self.cols:
            if not c.dropped and c.name == name:
                return c
        return None


class Index:
    def __init__(self, name, table, cols):
        self.name = name
        self.table = table
        self.cols = cols


class Enum:
    def __init__(self, name, suffix, values):
        self.name = name
        self.suffix = suffix
        self.values = values


class Gen:
    def __init__(self, rnd, n_migrations, n_tables):
        self.r = rnd
        self.n_migrations = n_migrations
        self.n_tables = n_tables
        self.tables = []            # in creation order, dropped ones kept (flagged)
        self.enums = []
        self.names = set()          # relation and type names ever used (never reused)
        self.name_pool = self._name_pool()
        self.views = 0
        self.created = 0
        self.stats = {}
        # Forms every history exercises, in the order of their first use.
        self.table_features = ["pk_serial", "fk_cascade", "unique_inline", "check_inline",
                               "enum_col", "pk_uuid", "fk_set_null", "check_named",
                               "unique_table", "pk_table_level", "fk_restrict", "join",
                               "fk_named", "check_implicit_table", "if_not_exists",
                               "fk_no_action", "index_implicit_name"]
        self.types_unused = list(TYPE_KINDS)
        self.alter_required = [
            "add_column", "create_index", "set_not_null", "add_column_default",
            "create_index_unique_expr", "type_widen_int", "add_check", "set_default",
            "create_enum", "create_view", "drop_column", "rename_column", "add_fk",
            "create_index_partial", "alter_enum", "type_widen_varchar", "add_unique",
            "add_column_not_null_default", "create_index_multi", "add_check_not_valid", "validate",
            "add_column_volatile", "drop_default", "type_widen_numeric", "create_index_gin",
            "add_fk_not_valid", "add_column_not_null", "drop_index", "alter_enum_position",
            "add_column_fk", "create_index_concurrently", "drop_not_null", "rename_table",
            "create_view_replace", "type_widen_text", "drop_table",
        ]

    # -- names ---------------------------------------------------------------------------------

    def _name_pool(self):
        pool = []
        for d in DOMAINS:
            for n in NOUNS:
                pool.append("%s_%s" % (d, n))
        self.r.shuffle(pool)
        rest = [n for n in NOUNS]
        self.r.shuffle(rest)
        return CORE_TABLES + rest + pool

    def fresh_table_name(self):
        while self.name_pool:
            n = self.name_pool.pop(0)
            if n not in self.names:
                return n
        i = 1
        while "table_%d" % i in self.names:
            i += 1
        return "table_%d" % i

    def reserve(self, name):
        assert len(name) <= NAMEDATALEN, name
        assert name not in self.names, name
        self.names.add(name)
        return name

    def free(self, name):
        return len(name) <= NAMEDATALEN and name not in self.names

    def unique_name(self, base):
        base = base[:NAMEDATALEN]
        if self.free(base):
            return self.reserve(base)
        i = 2
        while True:
            cand = "%s_%d" % (base[:NAMEDATALEN - 1 - len(str(i))], i)
            if self.free(cand):
                return self.reserve(cand)
            i += 1

    def col_name(self, t, kind):
        options = [n for n in COLUMNS[kind] if n not in t.used_names] if kind in COLUMNS else []
        if options:
            name = self.r.choice(options)
        else:
            base = self.r.choice(COLUMNS[kind])
            i = 2
            while "%s_%d" % (base, i) in t.used_names:
                i += 1
            name = "%s_%d" % (base, i)
        t.used_names.add(name)
        return name

    # -- picking -------------------------------------------------------------------------------

    def live_tables(self):
        return [t for t in self.tables if not t.dropped]

    def pick_table(self, pred=None):
        cands = [t for t in self.live_tables() if pred is None or pred(t)]
        if not cands:
            return None
        # Recent tables change more often than old ones, old ones still do.
        if self.r.random() < 0.6:
            cands = cands[-12:]
        return self.r.choice(cands)

    def pick_col(self, t, pred):
        cands = [c for c in t.live() if pred(c)]
        return self.r.choice(cands) if cands else None

    def pick_table_col(self, pred, table_pred=None):
        for _ in range(30):
            t = self.pick_table(lambda t: (table_pred is None or table_pred(t)) and
                                any(pred(c) for c in t.live()))
            if t is None:
                return None, None
            return t, self.pick_col(t, pred)
        return None, None

    def fk_target(self):
        cands = [t for t in self.live_tables() if not t.join and t.pk_type]
        if not cands:
            return None
        if self.r.random() < 0.35:
            core = [t for t in cands if t.name in CORE_TABLES]
            if core:
                return self.r.choice(core)
        if self.r.random() < 0.5:
            cands = cands[-15:]
        return self.r.choice(cands)

    # -- column types --------------------------------------------------------------------------

    def sqltype(self, kind):
        if kind == "varchar":
            return "varchar(%d)" % self.r.choice(VARCHAR_LENGTHS)
        if kind == "numeric":
            return "numeric(%d,%d)" % self.r.choice(NUMERIC_SHAPES)
        return kind

    def default_for(self, c, volatile=False):
        k = c.kind
        if k == "timestamptz":
            return "clock_timestamp()" if volatile else "now()"
        if k == "uuid":
            return "gen_random_uuid()"
        if k in ("integer", "bigint", "smallint", "numeric"):
            return "0"
        if k == "boolean":
            return self.r.choice(["false", "true"])
        if k in ("text", "varchar"):
            return "''"
        if k == "jsonb":
            return "'{}'::jsonb"
        if k in ("text[]", "integer[]"):
            return "'{}'"
        if k == "date":
            return "CURRENT_DATE"
        if k == "enum":
            return "'%s'" % c.enum.values[0]
        return None

    def new_col(self, t, kind, nullable=None):
        name = self.col_name(t, kind)
        c = Col(name, kind, self.sqltype(kind))
        c.nullable = self.r.random() < 0.6 if nullable is None else nullable
        return c

    # -- CREATE TYPE ... AS ENUM ---------------------------------------------------------------

    def create_enum(self, hint=None):
        suffix = self.r.choice(ENUM_SUFFIXES)
        base = singular(hint) if hint else self.r.choice(["order", "user", "task", "ticket",
                                                            "account", "job", "document"])
        name = "%s_%s" % (base, suffix)
        if not self.free(name):
            name = self.unique_name(name)
        else:
            self.reserve(name)
        values = ENUM_VALUES[suffix][:self.r.randint(2, 4)]
        e = Enum(name, suffix, list(values))
        self.enums.append(e)
        sql = "CREATE TYPE %s AS ENUM (%s);" % (name, ", ".join("'%s'" % v for v in values))
        self.count("CREATE TYPE AS ENUM")
        return e, sql

    # -- CREATE TABLE --------------------------------------------------------------------------

    def count(self, form):
        self.stats[form] = self.stats.get(form, 0) + 1

    def create_table(self):
        feats = set()
        while self.table_features and len(feats) < 3:
            feats.add(self.table_features.pop(0))
        if not self.table_features and self.created < 6:
            pass
        r = self.r
        join = "join" in feats or (self.created > 10 and r.random() < 0.08)
        pre = []                    # statements before CREATE TABLE (enum types)
        post = []                   # statements after it (indexes)
        targets = [t for t in self.live_tables() if not t.join and t.pk_type]
        if join and len(targets) < 2:
            join = False
            if "join" in feats:
                self.table_features.insert(0, "join")
        name = self.fresh_table_name()
        if join:
            a, b = r.sample(targets[-20:] if len(targets) > 20 else targets, 2)
            name = "%s_%s" % (singular(a.name), b.name.split("_")[-1])
            if not self.free(name):
                name = self.fresh_table_name()
        t = Table(self.reserve(name), join=join)
        lines = []
        tail = []                   # table-level constraints

        # Primary key
        if join:
            cols = []
            for ref in (a, b):
                cname = "%s_id" % singular(ref.name)
                if cname in t.used_names:
                    cname = "%s_%s_id" % (ref.name.split("_")[0], singular(ref.name))
                t.used_names.add(cname)
                c = Col(cname, "fk", ref.pk_type, nullable=False)
                c.fk = True
                c.pk = True
                c.deps += 2
                t.cols.append(c)
                cols.append(c)
                lines.append("%s %s NOT NULL REFERENCES %s (id) ON DELETE CASCADE" %
                             (cname, ref.pk_type, ref.name))
                self.reserve("%s_%s_fkey" % (t.name, cname))
                ref.referenced_by += 1
                t.fks_out.append(ref)
            tail.append("PRIMARY KEY (%s, %s)" % (cols[0].name, cols[1].name))
            self.reserve("%s_pkey" % t.name)
            self.count("composite PRIMARY KEY")
        else:
            if "pk_serial" in feats:
                pk = "serial"
            elif "pk_uuid" in feats:
                pk = "uuid"
            else:
                pk = r.choices(["bigserial", "serial", "uuid"], [6, 2, 2])[0]
            t.used_names.add("id")
            c = Col("id", "pk", {"bigserial": "bigint", "serial": "integer",
                                 "uuid": "uuid"}[pk], nullable=False)
            c.pk = True
            c.deps += 1
            t.cols.append(c)
            t.pk_type = c.sqltype
            decl = "id %s" % pk
            if pk == "uuid":
                decl += " DEFAULT gen_random_uuid()"
            else:
                self.reserve("%s_id_seq" % t.name)
            self.reserve("%s_pkey" % t.name)
            if "pk_table_level" in feats or r.random() < 0.1:
                decl += " NOT NULL"
                tail.insert(0, "CONSTRAINT %s_pkey PRIMARY KEY (id)" % t.name)
                self.count("table-level PRIMARY KEY")
            else:
                decl += " PRIMARY KEY"
                self.count("inline PRIMARY KEY")
            lines.append(decl)
            self.count("PK " + pk)

            # Foreign keys to earlier tables
            n_fk = r.choices([0, 1, 2, 3], [3, 5, 3, 1])[0]
            if any(f.startswith("fk_") for f in feats):
                n_fk = max(n_fk, 1)
            fk_feats = [f for f in ["fk_cascade", "fk_set_null", "fk_restrict", "fk_no_action",
                                    "fk_named"] if f in feats]
            seen = set()
            for i in range(n_fk):
                ref = self.fk_target()
                if ref is None or ref.name in seen:
                    continue
                seen.add(ref.name)
                cname = "%s_id" % singular(ref.name)
                if cname in t.used_names:
                    cname = "%s_%s_id" % (ref.name.split("_")[0], singular(ref.name))
                    if cname in t.used_names:
                        continue
                t.used_names.add(cname)
                action = None
                named = False
                if fk_feats:
                    f = fk_feats.pop(0)
                    if f == "fk_named":
                        named = True
                    else:
                        action = {"fk_cascade": "CASCADE", "fk_set_null": "SET NULL",
                                  "fk_restrict": "RESTRICT", "fk_no_action": "NO ACTION"}[f]
                if action is None:
                    action = r.choices(["CASCADE", "SET NULL", "RESTRICT", "NO ACTION", None],
                                       [4, 3, 2, 1, 2])[0]
                named = named or r.random() < 0.25
                nullable = action == "SET NULL" or r.random() < 0.3
                c = Col(cname, "fk", ref.pk_type, nullable=nullable)
                c.fk = True
                c.deps += 1
                t.cols.append(c)
                ondel = " ON DELETE %s" % action if action else ""
                if named:
                    cn = self.unique_name("fk_%s_%s" % (t.name, ref.name))
                    lines.append("%s %s%s" % (cname, ref.pk_type, "" if nullable else " NOT NULL"))
                    tail.append("CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)%s" %
                                (cn, cname, ref.name, ondel))
                    self.count("FOREIGN KEY named constraint")
                else:
                    self.reserve("%s_%s_fkey" % (t.name, cname))
                    lines.append("%s %s%s REFERENCES %s (id)%s" %
                                 (cname, ref.pk_type, "" if nullable else " NOT NULL", ref.name, ondel))
                    self.count("FOREIGN KEY inline")
                self.count("ON DELETE %s" % (action or "(default)"))
                ref.referenced_by += 1
                t.fks_out.append(ref)
                # Index the foreign key most of the time, as real schemas do.
                if r.random() < 0.6:
                    post.append(self.index_stmt(t, [c], in_create=True,
                                                implicit="index_implicit_name" in feats))
                    feats.discard("index_implicit_name")

        # Data columns
        n_data = r.randint(2, 7) if not join else r.randint(0, 2)
        kinds = []
        if self.types_unused:
            kinds.append(self.types_unused.pop(0))
            if self.types_unused and not join:
                kinds.append(self.types_unused.pop(0))
        while len(kinds) < n_data:
            kinds.append(r.choices(TYPE_KINDS, [6, 3, 1, 6, 6, 4, 4, 2, 1, 2, 2, 1, 1])[0])
        if "unique_inline" in feats and "varchar" not in kinds:
            kinds.append("varchar")
        for kind in ("unique_table", "check_named", "check_inline", "check_implicit_table"):
            if kind in feats and "integer" not in kinds:
                kinds.append("integer")
        if "check_named" in feats and "numeric" not in kinds:
            kinds.append("numeric")
        data = []
        for kind in kinds:
            c = self.new_col(t, kind)
            decl = "%s %s" % (c.name, c.sqltype)
            if kind == "timestamptz" and c.name in ("created_at", "updated_at"):
                c.nullable = False
                c.default = "now()"
            elif kind == "boolean" and r.random() < 0.7:
                c.nullable = False
                c.default = r.choice(["false", "true"])
            elif kind in ("jsonb", "text[]") and r.random() < 0.5:
                c.nullable = False
                c.default = self.default_for(c)
            elif kind in ("integer", "numeric") and r.random() < 0.3:
                c.default = "0"
            elif kind == "uuid" and r.random() < 0.4:
                c.nullable = False
                c.default = "gen_random_uuid()"
            if not c.nullable:
                decl += " NOT NULL"
            if c.default is not None:
                decl += " DEFAULT %s" % c.default
                self.count("column DEFAULT")
            if kind == "varchar" and ("unique_inline" in feats or r.random() < 0.15):
                if self.free("%s_%s_key" % (t.name, c.name)):
                    feats.discard("unique_inline")
                    self.reserve("%s_%s_key" % (t.name, c.name))
                    decl += " UNIQUE"
                    c.deps += 1
                    self.count("UNIQUE inline")
            if kind in ("integer", "numeric", "smallint") and (
                    "check_inline" in feats or r.random() < 0.2):
                # Inline CHECK gets the implicit name <table>_<column>_check.
                if self.free("%s_%s_check" % (t.name, c.name)):
                    feats.discard("check_inline")
                    self.reserve("%s_%s_check" % (t.name, c.name))
                    decl += " CHECK (%s >= 0)" % c.name
                    c.deps += 1
                    self.count("CHECK inline")
            t.cols.append(c)
            data.append(c)
            lines.append(decl)

        if "enum_col" in feats or (self.created > 3 and r.random() < 0.12):
            if self.enums and r.random() < 0.4:
                e = r.choice(self.enums)
            else:
                e, sql = self.create_enum(t.name)
                pre.append(sql)
            c = Col(self.enum_col_name(t, e), "enum", e.name, nullable=False)
            c.enum = e
            c.default = "'%s'" % e.values[0]
            t.cols.append(c)
            data.append(c)
            lines.append("%s %s NOT NULL DEFAULT %s" % (c.name, e.name, c.default))
            self.count("enum column")

        if not join and r.random() < 0.8 and "created_at" not in t.used_names:
            t.used_names.add("created_at")
            c = Col("created_at", "timestamptz", "timestamptz", nullable=False, default="now()")
            t.cols.append(c)
            lines.append("created_at timestamptz NOT NULL DEFAULT now()")
            if r.random() < 0.6 and "updated_at" not in t.used_names:
                t.used_names.add("updated_at")
                c = Col("updated_at", "timestamptz", "timestamptz", nullable=False, default="now()")
                t.cols.append(c)
                lines.append("updated_at timestamptz NOT NULL DEFAULT now()")

        ints = [c for c in data if c.kind in ("integer", "numeric", "smallint", "bigint")]
        if ints and ("check_named" in feats or r.random() < 0.15):
            c = r.choice(ints)
            cn = self.unique_name("chk_%s_%s" % (t.name, c.name))
            tail.append("CONSTRAINT %s CHECK (%s >= 0)" % (cn, c.name))
            c.deps += 1
            self.count("CHECK named")
        if len(ints) >= 2 and ("check_implicit_table" in feats or r.random() < 0.1):
            # A CHECK over two columns without a name: PostgreSQL calls it <table>_check.
            if self.free("%s_check" % t.name):
                self.reserve("%s_check" % t.name)
                a_, b_ = ints[0], ints[1]
                tail.append("CHECK (%s <= %s OR %s IS NULL)" % (a_.name, b_.name, b_.name))
                a_.deps += 1
                b_.deps += 1
                self.count("CHECK implicit table-level")
        elif "check_implicit_table" in feats:
            self.table_features.insert(0, "check_implicit_table")
        uniq = [c for c in data if c.kind in ("varchar", "text", "integer", "uuid")]
        if len(uniq) >= 2 and ("unique_table" in feats or r.random() < 0.1):
            a_, b_ = uniq[0], uniq[1]
            nm = "%s_%s_%s_key" % (t.name, a_.name, b_.name)
            if self.free(nm):
                self.reserve(nm)
                tail.append("UNIQUE (%s, %s)" % (a_.name, b_.name))
            else:
                cn = self.unique_name("uq_%s_%s" % (t.name, a_.name))
                tail.append("CONSTRAINT %s UNIQUE (%s, %s)" % (cn, a_.name, b_.name))
            a_.deps += 1
            b_.deps += 1
            self.count("UNIQUE table-level")
        elif "unique_table" in feats:
            self.table_features.insert(0, "unique_table")

        ine = "if_not_exists" in feats or r.random() < 0.1
        if ine:
            self.count("CREATE TABLE IF NOT EXISTS")
        body = ",\n    ".join(lines + tail)
        sql = "CREATE TABLE %s%s (\n    %s\n);" % ("IF NOT EXISTS " if ine else "", t.name, body)
        self.tables.append(t)
        self.created += 1
        self.count("CREATE TABLE")

        # Indexes that come with a new table
        for c in data:
            if c.kind == "varchar" and c.name in ("email", "username") and r.random() < 0.6:
                post.append(self.index_stmt(t, [c], in_create=True, expr="lower", unique=True))
            elif c.kind in ("jsonb", "text[]") and r.random() < 0.2:
                post.append(self.index_stmt(t, [c], in_create=True, gin=True))
            elif c.kind == "timestamptz" and r.random() < 0.15:
                post.append(self.index_stmt(t, [c], in_create=True, desc=True))
        return t, pre + [sql] + post

    def enum_col_name(self, t, e):
        name = e.suffix if e.suffix not in t.used_names else e.name
        if name in t.used_names:
            i = 2
            while "%s_%d" % (name, i) in t.used_names:
                i += 1
            name = "%s_%d" % (name, i)
        t.used_names.add(name)
        return name

    # -- CREATE INDEX --------------------------------------------------------------------------

    def index_stmt(self, t, cols, in_create=False, unique=False, expr=None, where=None,
                   gin=False, desc=False, concurrently=False, if_not_exists=False,
                   implicit=False):
        r = self.r
        if implicit and if_not_exists:
            implicit = False        # IF NOT EXISTS needs a name
        if implicit:
            # CREATE INDEX ON t (a, b): PostgreSQL names it <table>_<a>_<b>_idx.
            nm = "%s_%s_idx" % (t.name, "_".join(c.name for c in cols))
            if not self.free(nm):
                implicit = False
        if implicit:
            name = self.reserve(nm)
            self.count("CREATE INDEX without a name")
        else:
            prefix = "uq" if unique else "idx"
            name = self.unique_name("%s_%s_%s" % (prefix, t.name, "_".join(c.name for c in cols)))
        parts = []
        for c in cols:
            if expr == "lower":
                parts.append("lower(%s)" % c.name)
            elif expr == "jsonb":
                parts.append("(%s ->> 'kind')" % c.name)
            elif desc and c is cols[-1]:
                parts.append("%s DESC" % c.name)
            else:
                parts.append(c.name)
            c.deps += 1
        if where is not None:
            where[0].deps += 1
        idx = Index(name, t, cols + ([where[0]] if where is not None else []))
        t.indexes.append(idx)
        sql = "CREATE %sINDEX %s%s%s ON %s%s (%s)%s;" % (
            "UNIQUE " if unique else "",
            "CONCURRENTLY " if concurrently else "",
            "IF NOT EXISTS " if if_not_exists else "",
            "" if implicit else name + " ",
            t.name,
            " USING gin" if gin else "",
            ", ".join(parts),
            " WHERE %s" % where[1] if where is not None else "")
        sql = sql.replace("  ", " ")
        self.count("CREATE INDEX")
        if unique:
            self.count("CREATE UNIQUE INDEX")
        if expr:
            self.count("CREATE INDEX on an expression")
        if where is not None:
            self.count("CREATE INDEX partial")
        if len(cols) > 1:
            self.count("CREATE INDEX multicolumn")
        if gin:
            self.count("CREATE INDEX USING gin")
        if concurrently:
            self.count("CREATE INDEX CONCURRENTLY")
        return sql

    def predicate(self, t, exclude):
        """A partial-index predicate on a column of t: (column, SQL) or None."""
        r = self.r
        cands = [c for c in t.live() if c not in exclude and
                 (c.kind == "boolean" or (c.kind == "timestamptz" and c.nullable) or
                  c.kind == "enum" or (c.kind in ("integer", "numeric") and not c.pk))]
        if not cands:
            return None
        c = r.choice(cands)
        if c.kind == "boolean":
            return c, ("%s" % c.name) if r.random() < 0.5 else ("NOT %s" % c.name)
        if c.kind == "timestamptz":
            return c, "%s IS NULL" % c.name
        if c.kind == "enum":
            return c, "%s = '%s'" % (c.name, c.enum.values[0])
        return c, "%s > 0" % c.name

    # -- alterations ---------------------------------------------------------------------------

    def alter(self, kind):
        """Statements for one alteration of kind, or None when nothing fits it now."""
        r = self.r
        m = getattr(self, "op_" + kind)
        return m()

    def op_add_column(self, not_null=False, default=False, volatile=False, ine=None):
        r = self.r
        t = self.pick_table(lambda t: not t.join or r.random() < 0.2)
        if t is None:
            return None
        if volatile:
            kind = r.choice(["uuid", "timestamptz"])
        else:
            kind = r.choices(TYPE_KINDS, [5, 2, 1, 5, 5, 3, 4, 4, 1, 3, 1, 1, 1])[0]
        c = self.new_col(t, kind, nullable=not not_null)
        decl = "%s %s" % (c.name, c.sqltype)
        if not_null:
            decl += " NOT NULL"
        if volatile:
            c.default = self.default_for(c, volatile=True)
        elif default:
            c.default = self.default_for(c)
            if c.default in ("now()", "gen_random_uuid()", "CURRENT_DATE"):
                c.default = {"now()": "'2024-01-01 00:00:00+00'", "gen_random_uuid()":
                             "'00000000-0000-0000-0000-000000000000'",
                             "CURRENT_DATE": "'2024-01-01'"}[c.default]
        if c.default is not None:
            decl += " DEFAULT %s" % c.default
        t.cols.append(c)
        if ine is None:
            ine = r.random() < 0.15
        if ine:
            self.count("ADD COLUMN IF NOT EXISTS")
        self.count("ADD COLUMN")
        if not_null and c.default is None:
            self.count("ADD COLUMN NOT NULL without default")
        if volatile:
            self.count("ADD COLUMN volatile default")
        slug = "add_%s_to_%s" % (c.name, t.name)
        return slug, ["ALTER TABLE %s ADD COLUMN %s%s;" % (t.name, "IF NOT EXISTS " if ine else "",
                                                           decl)]

    def op_add_column_default(self):
        return self.op_add_column(default=True)

    def op_add_column_not_null_default(self):
        return self.op_add_column(not_null=True, default=True)

    def op_add_column_not_null(self):
        return self.op_add_column(not_null=True)

    def op_add_column_volatile(self):
        return self.op_add_column(volatile=True)

    def op_add_column_fk(self):
        r = self.r
        t = self.pick_table(lambda t: not t.join)
        ref = self.fk_target()
        if t is None or ref is None:
            return None
        cname = "%s_id" % singular(ref.name)
        if cname in t.used_names:
            cname = "%s_%s_id" % (ref.name.split("_")[0], singular(ref.name))
            if cname in t.used_names:
                return None
        if not self.free("%s_%s_fkey" % (t.name, cname)):
            return None
        t.used_names.add(cname)
        self.reserve("%s_%s_fkey" % (t.name, cname))
        c = Col(cname, "fk", ref.pk_type)
        c.fk = True
        c.deps += 1
        t.cols.append(c)
        ref.referenced_by += 1
        t.fks_out.append(ref)
        action = r.choice(["SET NULL", "CASCADE", "NO ACTION"])
        self.count("ADD COLUMN REFERENCES")
        self.count("ON DELETE %s" % action)
        return "add_%s_to_%s" % (cname, t.name), [
            "ALTER TABLE %s ADD COLUMN %s %s REFERENCES %s (id) ON DELETE %s;" %
            (t.name, cname, ref.pk_type, ref.name, action)]

    def op_add_fk(self, not_valid=None):
        r = self.r
        t = self.pick_table(lambda t: not t.join)
        ref = self.fk_target()
        if t is None or ref is None:
            return None
        cname = "%s_id" % singular(ref.name)
        if cname in t.used_names:
            cname = "%s_%s_id" % (ref.name.split("_")[0], singular(ref.name))
            if cname in t.used_names:
                return None
        t.used_names.add(cname)
        c = Col(cname, "fk", ref.pk_type)
        c.fk = True
        c.deps += 1
        t.cols.append(c)
        ref.referenced_by += 1
        t.fks_out.append(ref)
        cn = self.unique_name("fk_%s_%s" % (t.name, ref.name))
        if not_valid is None:
            not_valid = r.random() < 0.4
        action = r.choice(["CASCADE", "SET NULL", "RESTRICT"])
        stmts = ["ALTER TABLE %s ADD COLUMN %s %s;" % (t.name, cname, ref.pk_type),
                 "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id) "
                 "ON DELETE %s%s;" % (t.name, cn, cname, ref.name, action,
                                      " NOT VALID" if not_valid else "")]
        self.count("ADD COLUMN")
        self.count("ADD CONSTRAINT FOREIGN KEY")
        self.count("ON DELETE %s" % action)
        if not_valid:
            self.count("ADD CONSTRAINT ... NOT VALID")
            t.not_valid.append(cn)
        return "add_%s_to_%s" % (cname, t.name), stmts

    def op_add_fk_not_valid(self):
        return self.op_add_fk(not_valid=True)

    def op_add_check(self, not_valid=None):
        r = self.r
        t, c = self.pick_table_col(lambda c: c.kind in ("integer", "numeric", "bigint",
                                                         "smallint") and not c.pk and not c.fk)
        if t is None:
            return None
        cn = self.unique_name("chk_%s_%s_positive" % (t.name, c.name))
        if not_valid is None:
            not_valid = r.random() < 0.4
        c.deps += 1
        self.count("ADD CONSTRAINT CHECK")
        if not_valid:
            self.count("ADD CONSTRAINT ... NOT VALID")
            t.not_valid.append(cn)
        return "add_%s_check" % c.name, [
            "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s >= 0)%s;" %
            (t.name, cn, c.name, " NOT VALID" if not_valid else "")]

    def op_add_check_not_valid(self):
        return self.op_add_check(not_valid=True)

    def op_validate(self):
        t = self.pick_table(lambda t: bool(t.not_valid))
        if t is None:
            return None
        cn = t.not_valid.pop(0)
        self.count("VALIDATE CONSTRAINT")
        return "validate_%s" % cn, ["ALTER TABLE %s VALIDATE CONSTRAINT %s;" % (t.name, cn)]

    def op_add_unique(self):
        t, c = self.pick_table_col(lambda c: c.kind in ("varchar", "uuid", "text", "integer",
                                                         "bigint") and not c.pk)
        if t is None:
            return None
        cn = self.unique_name("uq_%s_%s" % (t.name, c.name))
        c.deps += 1
        self.count("ADD CONSTRAINT UNIQUE")
        return "add_unique_%s_%s" % (t.name, c.name), [
            "ALTER TABLE %s ADD CONSTRAINT %s UNIQUE (%s);" % (t.name, cn, c.name)]

    def op_set_default(self):
        t, c = self.pick_table_col(lambda c: not c.pk and not c.fk and c.default is None and
                                   c.kind not in ("integer[]",))
        if t is None:
            return None
        d = self.default_for(c)
        c.default = d
        self.count("ALTER COLUMN SET DEFAULT")
        return "set_%s_%s_default" % (t.name, c.name), [
            "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;" % (t.name, c.name, d)]

    def op_drop_default(self):
        t, c = self.pick_table_col(lambda c: not c.pk and c.default is not None)
        if t is None:
            return None
        c.default = None
        self.count("ALTER COLUMN DROP DEFAULT")
        return "drop_%s_%s_default" % (t.name, c.name), [
            "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;" % (t.name, c.name)]

    def op_set_not_null(self):
        t, c = self.pick_table_col(lambda c: c.nullable and not c.pk)
        if t is None:
            return None
        c.nullable = False
        self.count("ALTER COLUMN SET NOT NULL")
        return "set_%s_%s_not_null" % (t.name, c.name), [
            "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;" % (t.name, c.name)]

    def op_drop_not_null(self):
        t, c = self.pick_table_col(lambda c: not c.nullable and not c.pk)
        if t is None:
            return None
        c.nullable = True
        self.count("ALTER COLUMN DROP NOT NULL")
        return "drop_%s_%s_not_null" % (t.name, c.name), [
            "ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL;" % (t.name, c.name)]

    def _widen(self, kinds, new_type):
        t, c = self.pick_table_col(lambda c: c.kind in kinds and not c.in_view and not c.pk
                                   and not c.fk)
        if t is None:
            return None
        old = c.sqltype
        nt = new_type(c)
        c.sqltype = nt
        if nt == "bigint":
            c.kind = "bigint"
        elif nt == "text":
            c.kind = "text"
        self.count("ALTER COLUMN TYPE")
        return "change_%s_%s_type" % (t.name, c.name), [
            "ALTER TABLE %s ALTER COLUMN %s TYPE %s;" % (t.name, c.name, nt)]

    def op_type_widen_int(self):
        return self._widen(("integer", "smallint"), lambda c: "bigint")

    def op_type_widen_varchar(self):
        def wider(c):
            n = int(re.search(r"\d+", c.sqltype).group(0))
            return "varchar(%d)" % (n * 2)
        return self._widen(("varchar",), wider)

    def op_type_widen_text(self):
        return self._widen(("varchar",), lambda c: "text")

    def op_type_widen_numeric(self):
        def wider(c):
            p, s = [int(x) for x in re.findall(r"\d+", c.sqltype)]
            return "numeric(%d,%d)" % (p + 2, s)
        return self._widen(("numeric",), wider)

    def op_drop_column(self):
        r = self.r
        t, c = self.pick_table_col(lambda c: c.deps == 0 and not c.pk and not c.in_view,
                                   table_pred=lambda t: len(t.live()) > 2)
        if t is None:
            return None
        c.dropped = True
        ie = r.random() < 0.2
        self.count("DROP COLUMN")
        return "drop_%s_from_%s" % (c.name, t.name), [
            "ALTER TABLE %s DROP COLUMN %s%s;" % (t.name, "IF EXISTS " if ie else "", c.name)]

    def op_rename_column(self):
        r = self.r
        t, c = self.pick_table_col(lambda c: not c.pk and c.kind != "fk")
        if t is None:
            return None
        base = {"name": "display_name", "title": "headline", "notes": "internal_notes",
                "email": "email_address", "code": "short_code", "amount": "amount_total",
                "is_active": "active", "description": "details"}.get(c.name, c.name + "_new")
        new = base
        i = 2
        while new in t.used_names:
            new = "%s_%d" % (base, i)
            i += 1
        t.used_names.add(new)
        old = c.name
        c.name = new
        self.count("RENAME COLUMN")
        return "rename_%s_%s" % (t.name, old), [
            "ALTER TABLE %s RENAME COLUMN %s TO %s;" % (t.name, old, new)]

    def op_rename_table(self):
        t = self.pick_table(lambda t: not t.join and t.name not in CORE_TABLES)
        if t is None:
            return None
        new = self.fresh_table_name()
        self.reserve(new)
        old = t.name
        t.name = new
        self.count("RENAME TABLE")
        return "rename_%s" % old, ["ALTER TABLE %s RENAME TO %s;" % (old, new)]

    def op_drop_table(self):
        r = self.r
        t = self.pick_table(lambda t: t.referenced_by == 0 and t.views == 0 and
                            t.name not in CORE_TABLES)
        if t is None or len(self.live_tables()) < 4:
            return None
        t.dropped = True
        for ref in t.fks_out:
            ref.referenced_by -= 1
        ie = r.random() < 0.5
        self.count("DROP TABLE")
        return "drop_%s" % t.name, ["DROP TABLE %s%s;" % ("IF EXISTS " if ie else "", t.name)]

    def _index(self, **kw):
        r = self.r
        conc = kw.pop("concurrently", r.random() < 0.3)
        ine = kw.pop("if_not_exists", r.random() < 0.15)
        pred = kw.pop("colpred")
        t, c = self.pick_table_col(pred)
        if t is None:
            return None
        cols = [c]
        if kw.pop("multi", False):
            others = [o for o in t.live() if o is not c and not o.kind.endswith("[]") and
                      o.kind not in ("jsonb",)]
            if not others:
                return None
            cols.append(r.choice(others))
            kw["desc"] = cols[-1].kind == "timestamptz"
        where = None
        if kw.pop("partial", False):
            where = self.predicate(t, cols)
            if where is None:
                return None
        sql = self.index_stmt(t, cols, concurrently=conc, if_not_exists=ine, where=where, **kw)
        return "index_%s_%s" % (t.name, cols[0].name), [sql]

    def op_create_index(self):
        return self._index(colpred=lambda c: c.kind in ("integer", "bigint", "varchar", "text",
                                                         "timestamptz", "date", "fk", "uuid",
                                                         "enum", "numeric"),
                           implicit=self.r.random() < 0.2)

    def op_create_index_concurrently(self):
        return self._index(colpred=lambda c: c.kind in ("integer", "bigint", "varchar", "fk",
                                                         "timestamptz"), concurrently=True)

    def op_create_index_unique_expr(self):
        return self._index(colpred=lambda c: c.kind in ("varchar", "text"), unique=True,
                           expr="lower")

    def op_create_index_partial(self):
        return self._index(colpred=lambda c: c.kind in ("integer", "bigint", "varchar", "fk",
                                                         "timestamptz", "uuid"), partial=True,
                           unique=self.r.random() < 0.3)

    def op_create_index_multi(self):
        return self._index(colpred=lambda c: c.kind in ("fk", "integer", "varchar", "enum"),
                           multi=True)

    def op_create_index_gin(self):
        r = self.r
        if r.random() < 0.3:
            return self._index(colpred=lambda c: c.kind == "jsonb", expr="jsonb")
        return self._index(colpred=lambda c: c.kind in ("jsonb", "text[]", "integer[]"), gin=True)

    def op_drop_index(self):
        r = self.r
        t = self.pick_table(lambda t: bool(t.indexes))
        if t is None:
            return None
        idx = r.choice(t.indexes)
        t.indexes.remove(idx)
        for c in idx.cols:
            c.deps -= 1
        conc = r.random() < 0.4
        ie = r.random() < 0.5
        self.count("DROP INDEX")
        return "drop_%s" % idx.name, ["DROP INDEX %s%s%s;" % ("CONCURRENTLY " if conc else "",
                                                               "IF EXISTS " if ie else "",
                                                               idx.name)]

    def op_create_enum(self):
        r = self.r
        t = self.pick_table(lambda t: not t.join)
        if t is None:
            return None
        e, sql = self.create_enum(t.name)
        c = Col(self.enum_col_name(t, e), "enum", e.name, nullable=r.random() < 0.5)
        c.enum = e
        t.cols.append(c)
        self.count("ADD COLUMN")
        return "add_%s_%s" % (t.name, c.name), [
            sql, "ALTER TABLE %s ADD COLUMN %s %s%s;" %
            (t.name, c.name, e.name, "" if c.nullable else
             " NOT NULL DEFAULT '%s'" % e.values[0])]

    def op_alter_enum(self, position=False):
        r = self.r
        cands = [e for e in self.enums if len(e.values) < len(ENUM_VALUES[e.suffix])]
        if not cands:
            return None
        e = r.choice(cands)
        v = [x for x in ENUM_VALUES[e.suffix] if x not in e.values][0]
        clause = ""
        if position or r.random() < 0.3:
            anchor = r.choice(e.values)
            if r.random() < 0.5:
                clause = " BEFORE '%s'" % anchor
                e.values.insert(e.values.index(anchor), v)
            else:
                clause = " AFTER '%s'" % anchor
                e.values.insert(e.values.index(anchor) + 1, v)
            self.count("ALTER TYPE ADD VALUE BEFORE/AFTER")
        else:
            e.values.append(v)
        ine = r.random() < 0.3
        self.count("ALTER TYPE ADD VALUE")
        return "add_%s_to_%s" % (v, e.name), [
            "ALTER TYPE %s ADD VALUE %s'%s'%s;" % (e.name, "IF NOT EXISTS " if ine else "", v,
                                                   clause)]

    def op_alter_enum_position(self):
        return self.op_alter_enum(position=True)

    def op_create_view(self, replace=False):
        r = self.r
        t = self.pick_table(lambda t: not t.join and len(t.live()) >= 3)
        if t is None:
            return None
        others = [c for c in t.live() if not c.pk]
        cols = [t.cols[0]] + r.sample(others, min(len(others), r.randint(2, 4)))
        where = self.predicate(t, [])
        name = self.unique_name("%s_%s" % (t.name, r.choice(["overview", "summary", "active",
                                                                  "recent", "report"])) if
                                len(t.name) < 50 else "v_%s" % t.name[:40])
        for c in cols:
            c.in_view = True
            c.deps += 1
        if where is not None:
            where[0].in_view = True
            where[0].deps += 1
        t.views += 1
        self.views += 1
        self.count("CREATE VIEW")
        if replace:
            self.count("CREATE OR REPLACE VIEW")
        return "create_view_%s" % name, [
            "CREATE %sVIEW %s AS\n    SELECT %s\n    FROM %s%s;" % (
                "OR REPLACE " if replace else "", name, ", ".join(c.name for c in cols), t.name,
                "\n    WHERE %s" % where[1] if where is not None else "")]

    def op_create_view_replace(self):
        return self.op_create_view(replace=True)

    WEIGHTS = [("add_column", 14), ("add_column_default", 6), ("add_column_not_null_default", 4),
               ("add_column_not_null", 2), ("add_column_volatile", 2), ("add_column_fk", 3),
               ("add_fk", 3), ("add_check", 3), ("add_unique", 2), ("validate", 2),
               ("set_default", 5), ("drop_default", 2), ("set_not_null", 5),
               ("drop_not_null", 1), ("type_widen_int", 2), ("type_widen_varchar", 2),
               ("type_widen_text", 1), ("type_widen_numeric", 2), ("drop_column", 4),
               ("rename_column", 3), ("rename_table", 1), ("drop_table", 1),
               ("create_index", 9), ("create_index_concurrently", 3),
               ("create_index_unique_expr", 2), ("create_index_partial", 3),
               ("create_index_multi", 3), ("create_index_gin", 2), ("drop_index", 2),
               ("create_enum", 2), ("alter_enum", 3), ("alter_enum_position", 1),
               ("create_view", 2), ("create_view_replace", 1)]

    def random_alter(self):
        kinds = [k for k, _ in self.WEIGHTS]
        weights = [w for _, w in self.WEIGHTS]
        for _ in range(50):
            k = self.r.choices(kinds, weights)[0]
            if k == "drop_table" and self.stats.get("DROP TABLE", 0) * 100 > self.created + 100:
                continue            # a few tables only
            out = self.alter(k)
            if out is not None:
                return out
        return self.alter("add_column")

    def required_alter(self):
        for i, k in enumerate(self.alter_required):
            out = self.alter(k)
            if out is not None:
                del self.alter_required[i]
                return out
        return None


# ----------------------------------------------------------------------------------------------

def slugify(s):
    s = re.sub(r"[^a-z0-9_]+", "_", s.lower()).strip("_")
    return s[:60].rstrip("_")


def generate(n, m, seed):
    """[(file name, text)] for n migrations and m tables."""
    r = random.Random(seed)
    g = Gen(r, n, m)
    width = max(4, len(str(n)))
    files = []

    def creations(i):       # tables created by file i (0-based): even pace, file 0 creates one
        return -(-m * (i + 1) // n) - (-(-m * i // n))
    alter_slots_left = sum(1 for i in range(n) if creations(i) == 0)

    for i in range(n):
        stmts = []
        slug = None
        k = creations(i) if m > 0 else 0
        if i == 0 and k == 0:
            k = 1 if m > 0 else 0
        txn_ok = True
        for _ in range(k):
            t, s = g.create_table()
            stmts.extend(s)
            slug = slug or "create_%s" % t.name
        if k == 0 and g.live_tables():
            alter_slots_left -= 1
            n_ops = r.choices([1, 2, 3], [6, 3, 1])[0]
            for j in range(n_ops):
                out = g.required_alter() if g.alter_required else None
                if out is None:
                    out = g.random_alter()
                s, sts = out
                slug = slug or s
                stmts.extend(sts)
        elif k > 0 and g.alter_required and len(g.live_tables()) >= 3:
            # Few alteration-only files left (or none: fewer migrations than tables): creation
            # files take the forms not used yet, so that small histories still have them all.
            need = len(g.alter_required) - alter_slots_left
            creation_files_left = sum(1 for j in range(i, n) if creations(j) > 0)
            for _ in range(max(0, -(-need // max(1, creation_files_left)))):
                out = g.required_alter()
                if out is None:
                    break
                stmts.extend(out[1])
        if not stmts:       # no table yet (m == 0): a harmless statement
            stmts.append("SELECT 1;")
            slug = "noop"
        if any("CONCURRENTLY" in s or "ADD VALUE" in s for s in stmts):
            txn_ok = False
        head = []
        alters = any(s.startswith(("ALTER", "CREATE INDEX", "CREATE UNIQUE", "DROP")) for s in stmts)
        if alters and r.random() < 0.3:
            head.append("SET lock_timeout = '%ds';" % r.choice([2, 5, 10]))
            g.count("SET lock_timeout")
            if r.random() < 0.3:
                head.append("SET statement_timeout = '%ds';" % r.choice([30, 60, 300]))
                g.count("SET statement_timeout")
        body = head + stmts
        if txn_ok and r.random() < 0.2:
            body = ["BEGIN;"] + body + ["COMMIT;"]
            g.count("BEGIN/COMMIT")
        name = "%0*d_%s.sql" % (width, i + 1, slugify(slug))
        text = "-- %s\n\n%s\n" % (name[:-4].replace("_", " ", 1), "\n\n".join(body))
        files.append((name, text))
    return files, g


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--migrations", type=int, required=True, help="number of files (N)")
    ap.add_argument("--tables", type=int, required=True, help="number of CREATE TABLE (M)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="folder to write (created; earlier "
                    "NNNN_*.sql files in it are removed)")
    ap.add_argument("--stats", action="store_true", help="print how often each form occurs")
    args = ap.parse_args()
    if args.migrations < 1 or args.tables < 0:
        sys.exit("gen_pg_history.py: --migrations must be >= 1 and --tables >= 0")
    files, g = generate(args.migrations, args.tables, args.seed)
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if re.match(r"^\d{4,}_[a-z0-9_]*\.sql$", f):
            os.remove(os.path.join(args.out, f))
    n_stmts = 0
    for name, text in files:
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        n_stmts += text.count(";\n")
    print("wrote %d migrations, %d tables created (%d dropped), %d statements to %s" % (
        len(files), g.created, g.stats.get("DROP TABLE", 0), n_stmts, args.out))
    if args.stats:
        for k in sorted(g.stats):
            print("  %6d  %s" % (g.stats[k], k))
        if g.alter_required:
            print("  forms not reached (too few migrations): %s" % ", ".join(g.alter_required))
        if g.table_features:
            print("  table forms not reached: %s" % ", ".join(g.table_features))


if __name__ == "__main__":
    main()
