// The PostgreSQL inspector on hand-written schemas applied to the test server: every object
// kind, the model conventions (format_type names, typmods, implicit names, serial defaults),
// what is left out (system schemas, extension members), a fixed number of round trips, and
// connection errors without the password.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dialects/postgres/inspect.hpp"
#include "tests/support/pg_server.hpp"

namespace sse::pg {
namespace {

using model::QualifiedName;

constexpr const char* kSchema = R"SQL(
CREATE EXTENSION pg_trgm;
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the application';
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
CREATE DOMAIN app.positive AS numeric(10,2) NOT NULL DEFAULT 1 CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE TYPE app.pair AS (a integer, b character varying(20) COLLATE "C");
CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  name text COLLATE "C",
  price numeric(10, 2) DEFAULT 0 CHECK (price >= 0),
  created timestamptz(3) NOT NULL DEFAULT now(),
  tags text[] DEFAULT '{}',
  feeling mood DEFAULT 'ok',
  amount app.positive,
  big bigint GENERATED ALWAYS AS IDENTITY,
  total numeric GENERATED ALWAYS AS (price * 2) STORED,
  "Quoted" boolean DEFAULT false
);
COMMENT ON TABLE users IS 'people';
COMMENT ON COLUMN users.email IS 'login';
CREATE TABLE app.orders (
  id bigserial,
  user_id integer REFERENCES users ON DELETE CASCADE,
  during tsrange,
  status varchar(20) NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'paid')),
  CONSTRAINT orders_pk PRIMARY KEY (id) INCLUDE (status),
  CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) WHERE (status = 'paid'),
  UNIQUE NULLS NOT DISTINCT (user_id, during) DEFERRABLE INITIALLY DEFERRED
);
ALTER TABLE app.orders ADD CONSTRAINT orders_user_fk2 FOREIGN KEY (user_id) REFERENCES users (id) MATCH FULL NOT VALID;
CREATE INDEX users_lower_email ON users (lower(email) text_pattern_ops DESC NULLS LAST) WHERE name IS NOT NULL;
CREATE INDEX ON users USING gin (name gin_trgm_ops);
CREATE UNIQUE INDEX users_name_inc ON users (name COLLATE "POSIX") INCLUDE (price);
COMMENT ON INDEX users_name_inc IS 'by name';
CREATE SEQUENCE app.counter AS integer INCREMENT BY -2 MAXVALUE 100 START 100 CACHE 5 CYCLE;
CREATE VIEW active_users AS SELECT id, email FROM users WHERE name IS NOT NULL WITH CASCADED CHECK OPTION;
CREATE MATERIALIZED VIEW app.order_counts AS SELECT user_id, count(*) FROM app.orders GROUP BY user_id;
CREATE INDEX order_counts_user ON app.order_counts (user_id);
CREATE FUNCTION app.add(a integer, b integer DEFAULT 1, OUT result integer) LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT a + b $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN NEW.name := coalesce(NEW.name, 'x'); RETURN NEW; END $$;
COMMENT ON FUNCTION touch() IS 'touches';
CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE OF name ON users FOR EACH ROW
  WHEN (NEW.name IS NULL) EXECUTE FUNCTION touch('a', 'b');
CREATE PROCEDURE app.noop() LANGUAGE sql AS $$ SELECT 1 $$;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON users FOR SELECT TO PUBLIC USING (email = current_user);
CREATE UNLOGGED TABLE scratch (k int);
CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE child (extra int) INHERITS (scratch);
CREATE TEMP TABLE temporary_one (x int);
)SQL";

class PgInspect : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::CreatePgDatabase(testing::PgTestDatabaseName());
    ASSERT_TRUE(db.ok()) << "PostgreSQL test server: " << db.error().ToString();
    url_ = db.value();
  }
  model::Catalog Inspect(const std::string& sql, InspectOptions options = {}) {
    Status st = testing::ExecPg(url_, sql);
    EXPECT_TRUE(st.ok()) << st.error().ToString();
    auto cat = InspectPostgres(url_, options);
    EXPECT_TRUE(cat.ok()) << cat.error().ToString();
    return cat.ok() ? cat.value() : model::Catalog{};
  }
  std::string url_;
};

const model::Column& Col(const model::Catalog& cat, const QualifiedName& table,
                         const std::string& column) {
  static const model::Column kNone;
  auto it = cat.tables.find(table);
  if (it == cat.tables.end()) {
    ADD_FAILURE() << "no table " << table.ToString();
    return kNone;
  }
  const model::Column* c = it->second.FindColumn(column);
  if (!c) {
    ADD_FAILURE() << "no column " << table.ToString() << "." << column;
    return kNone;
  }
  return *c;
}

TEST_F(PgInspect, TablesAndColumnsFollowTheModelConventions) {
  model::Catalog cat = Inspect(kSchema);
  EXPECT_EQ(cat.dialect, "postgres");
  QualifiedName users{"public", "users"};
  ASSERT_TRUE(cat.tables.count(users));
  const model::Table& t = cat.tables.at(users);
  std::vector<std::string> names;
  for (const model::Column& c : t.columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "email", "name", "price", "created", "tags",
                                             "feeling", "amount", "big", "total", "Quoted"}));
  EXPECT_EQ(t.comment, "people");
  EXPECT_TRUE(t.rls_enabled);
  EXPECT_FALSE(t.rls_forced);

  const model::Column& id = Col(cat, users, "id");
  EXPECT_EQ(id.type.ToString(), "integer");
  EXPECT_TRUE(id.not_null);
  EXPECT_EQ(id.default_expr, "nextval('public.users_id_seq'::regclass)");
  const model::Column& email = Col(cat, users, "email");
  EXPECT_EQ(email.type.name, "character varying");
  EXPECT_EQ(email.type.modifiers, (std::vector<std::string>{"255"}));
  EXPECT_EQ(email.comment, "login");
  EXPECT_EQ(Col(cat, users, "name").collation, "C");
  const model::Column& price = Col(cat, users, "price");
  EXPECT_EQ(price.type.modifiers, (std::vector<std::string>{"10", "2"}));
  EXPECT_EQ(price.default_expr, "0");
  const model::Column& created = Col(cat, users, "created");
  EXPECT_EQ(created.type.name, "timestamp with time zone");
  EXPECT_EQ(created.type.ToString(), "timestamp(3) with time zone");
  EXPECT_EQ(created.default_expr, "now()");
  const model::Column& tags = Col(cat, users, "tags");
  EXPECT_EQ(tags.type.name, "text");
  EXPECT_EQ(tags.type.array_dims, 1);
  EXPECT_EQ(tags.default_expr, "'{}'::text[]");
  const model::Column& feeling = Col(cat, users, "feeling");
  EXPECT_EQ(feeling.type.name, "public.mood");
  EXPECT_EQ(feeling.default_expr, "'ok'::public.mood");
  EXPECT_EQ(Col(cat, users, "amount").type.name, "app.positive");
  const model::Column& big = Col(cat, users, "big");
  EXPECT_EQ(big.identity, model::Identity::kAlways);
  EXPECT_FALSE(big.default_expr);
  EXPECT_TRUE(big.not_null);
  const model::Column& total = Col(cat, users, "total");
  EXPECT_EQ(total.generated, "price * 2::numeric");
  EXPECT_FALSE(total.default_expr);

  QualifiedName orders{"app", "orders"};
  EXPECT_EQ(Col(cat, orders, "id").type.name, "bigint");
  EXPECT_EQ(Col(cat, orders, "id").default_expr, "nextval('app.orders_id_seq'::regclass)");
  EXPECT_EQ(Col(cat, orders, "status").default_expr, "'new'::varchar");

  EXPECT_EQ(cat.tables.at({"public", "scratch"}).persistence, model::Persistence::kUnlogged);
  const model::Table& events = cat.tables.at({"public", "events"});
  EXPECT_EQ(events.partition_by, "RANGE (at)");
  const model::Table& e2020 = cat.tables.at({"public", "events_2020"});
  EXPECT_EQ(e2020.partition_of, (QualifiedName{"public", "events"}));
  EXPECT_EQ(e2020.partition_bound, "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
  EXPECT_EQ(cat.tables.at({"public", "child"}).inherits,
            (std::vector<QualifiedName>{{"public", "scratch"}}));
  EXPECT_EQ(cat.tables.at({"public", "child"}).columns.size(), 2u);
  for (const auto& [name, table] : cat.tables)
    EXPECT_NE(name.schema.rfind("pg_", 0), 0u) << name.ToString();
}

TEST_F(PgInspect, ConstraintsIndexesAndSequences) {
  model::Catalog cat = Inspect(kSchema);
  const model::Table& users = cat.tables.at({"public", "users"});
  ASSERT_TRUE(users.constraints.count("users_pkey"));
  EXPECT_EQ(users.constraints.at("users_pkey").kind, model::ConstraintKind::kPrimaryKey);
  EXPECT_EQ(users.constraints.at("users_pkey").columns, (std::vector<std::string>{"id"}));
  ASSERT_TRUE(users.constraints.count("users_email_key"));
  EXPECT_EQ(users.constraints.at("users_email_key").kind, model::ConstraintKind::kUnique);
  ASSERT_TRUE(users.constraints.count("users_price_check"));
  EXPECT_EQ(users.constraints.at("users_price_check").expression, "price >= 0::numeric");

  const model::Table& orders = cat.tables.at({"app", "orders"});
  const model::Constraint& pk = orders.constraints.at("orders_pk");
  EXPECT_EQ(pk.include, (std::vector<std::string>{"status"}));
  const model::Constraint& fk = orders.constraints.at("orders_user_id_fkey");
  EXPECT_EQ(fk.kind, model::ConstraintKind::kForeignKey);
  EXPECT_EQ(fk.ref_table, (QualifiedName{"public", "users"}));
  EXPECT_EQ(fk.ref_columns, (std::vector<std::string>{"id"}));
  EXPECT_EQ(fk.on_delete, model::RefAction::kCascade);
  EXPECT_EQ(fk.on_update, model::RefAction::kNoAction);
  const model::Constraint& fk2 = orders.constraints.at("orders_user_fk2");
  EXPECT_EQ(fk2.match, "FULL");
  EXPECT_TRUE(fk2.not_valid);
  const model::Constraint& uq = orders.constraints.at("orders_user_id_during_key");
  EXPECT_TRUE(uq.nulls_not_distinct);
  EXPECT_TRUE(uq.deferrable);
  EXPECT_TRUE(uq.initially_deferred);
  const model::Constraint& ex = orders.constraints.at("no_overlap");
  EXPECT_EQ(ex.kind, model::ConstraintKind::kExclusion);
  EXPECT_EQ(ex.using_method, "gist");
  ASSERT_EQ(ex.elements.size(), 1u);
  EXPECT_EQ(ex.elements[0].expression, "during");
  EXPECT_EQ(ex.elements[0].op, "&&");
  EXPECT_EQ(ex.where, "status::text = 'paid'::text");
  EXPECT_EQ(orders.constraints.at("orders_status_check").expression,
            "status::text = ANY(ARRAY['new'::varchar, 'paid'::varchar]::text[])");

  // Indexes, with the ones backing constraints.
  ASSERT_TRUE(cat.indexes.count({"public", "users_pkey"}));
  EXPECT_TRUE(cat.indexes.at({"public", "users_pkey"}).backs_constraint);
  EXPECT_TRUE(cat.indexes.at({"public", "users_pkey"}).unique);
  EXPECT_TRUE(cat.indexes.at({"app", "no_overlap"}).backs_constraint);
  const model::Index& lower = cat.indexes.at({"public", "users_lower_email"});
  EXPECT_FALSE(lower.backs_constraint);
  ASSERT_EQ(lower.keys.size(), 1u);
  EXPECT_TRUE(lower.keys[0].is_expression);
  EXPECT_EQ(lower.keys[0].expression, "lower(email::text)");
  EXPECT_EQ(lower.keys[0].opclass, "text_pattern_ops");
  EXPECT_TRUE(lower.keys[0].descending);
  EXPECT_EQ(lower.keys[0].nulls_first, false);
  EXPECT_EQ(lower.predicate, "name IS NOT NULL");
  const model::Index& trgm = cat.indexes.at({"public", "users_name_idx"});
  EXPECT_EQ(trgm.method, "gin");
  EXPECT_EQ(trgm.keys[0].opclass, "public.gin_trgm_ops");
  const model::Index& inc = cat.indexes.at({"public", "users_name_inc"});
  EXPECT_TRUE(inc.unique);
  EXPECT_EQ(inc.keys[0].collation, "POSIX");
  EXPECT_EQ(inc.include, (std::vector<std::string>{"price"}));
  EXPECT_EQ(inc.comment, "by name");
  EXPECT_EQ(cat.indexes.at({"app", "order_counts_user"}).table,
            (QualifiedName{"app", "order_counts"}));
  // Partitioned tables' indexes exist on the partitions too, as PostgreSQL keeps them.
  EXPECT_TRUE(cat.indexes.count({"app", "orders_pk"}));

  // Sequences: serial ones owned by their column, identity ones left out.
  const model::Sequence& seq = cat.sequences.at({"public", "users_id_seq"});
  EXPECT_EQ(seq.type, "integer");
  EXPECT_EQ(seq.owned_by_table, (QualifiedName{"public", "users"}));
  EXPECT_EQ(seq.owned_by_column, "id");
  EXPECT_FALSE(seq.min_value);
  EXPECT_FALSE(seq.max_value);
  EXPECT_FALSE(cat.sequences.count({"public", "users_big_seq"}));
  const model::Sequence& counter = cat.sequences.at({"app", "counter"});
  EXPECT_EQ(counter.increment, -2);
  EXPECT_EQ(counter.start, 100);
  EXPECT_EQ(counter.max_value, 100);
  EXPECT_FALSE(counter.min_value);
  EXPECT_EQ(counter.cache, 5);
  EXPECT_TRUE(counter.cycle);
  EXPECT_FALSE(counter.owned_by_table);
}

TEST_F(PgInspect, TypesViewsFunctionsTriggersPoliciesExtensions) {
  model::Catalog cat = Inspect(kSchema);
  EXPECT_EQ(cat.enums.at({"public", "mood"}).values,
            (std::vector<std::string>{"sad", "meh", "ok", "happy"}));
  const model::Domain& d = cat.domains.at({"app", "positive"});
  EXPECT_EQ(d.base.ToString(), "numeric(10,2)");
  EXPECT_TRUE(d.not_null);
  EXPECT_EQ(d.default_expr, "1");
  ASSERT_EQ(d.checks.size(), 1u);
  EXPECT_EQ(d.checks[0].name, "positive_check");
  EXPECT_EQ(d.checks[0].expression, "value > 0::numeric");
  const model::CompositeType& pair = cat.composites.at({"app", "pair"});
  ASSERT_EQ(pair.attributes.size(), 2u);
  EXPECT_EQ(pair.attributes[1].type.ToString(), "character varying(20)");
  EXPECT_EQ(pair.attributes[1].collation, "C");

  const model::View& v = cat.views.at({"public", "active_users"});
  EXPECT_FALSE(v.materialized);
  EXPECT_EQ(v.check_option, "CASCADED");
  EXPECT_EQ(v.definition,
            "SELECT users.id, users.email FROM public.users WHERE users.name IS NOT NULL");
  EXPECT_TRUE(cat.views.at({"app", "order_counts"}).materialized);

  const model::Function& add = cat.functions.at("app.add(integer, integer)");
  EXPECT_EQ(add.language, "sql");
  EXPECT_EQ(add.volatility, "IMMUTABLE");
  EXPECT_TRUE(add.strict);
  EXPECT_EQ(add.returns, "integer");
  ASSERT_EQ(add.args.size(), 3u);
  EXPECT_EQ(add.args[1].default_expr, "1");
  EXPECT_EQ(add.args[2].mode, "OUT");
  EXPECT_EQ(add.body, " SELECT a + b ");
  const model::Function& touch = cat.functions.at("public.touch()");
  EXPECT_EQ(touch.returns, "trigger");
  EXPECT_TRUE(touch.security_definer);
  EXPECT_EQ(touch.comment, "touches");
  EXPECT_TRUE(cat.functions.at("app.noop()").procedure);
  for (const auto& [sig, f] : cat.functions) {
    EXPECT_EQ(sig.find("similarity"), std::string::npos)
        << "pg_trgm's functions belong to the extension";
  }

  const model::Trigger& trg = cat.tables.at({"public", "users"}).triggers.at("users_touch");
  EXPECT_EQ(trg.timing, model::TriggerTiming::kBefore);
  EXPECT_EQ(trg.events, (std::vector<std::string>{"INSERT", "UPDATE"}));
  EXPECT_EQ(trg.update_of, (std::vector<std::string>{"name"}));
  EXPECT_TRUE(trg.for_each_row);
  EXPECT_EQ(trg.when, "new.name IS NULL");
  EXPECT_EQ(trg.function, (QualifiedName{"public", "touch"}));
  EXPECT_EQ(trg.arguments, (std::vector<std::string>{"a", "b"}));

  const model::Policy& pol = cat.tables.at({"public", "users"}).policies.at("own");
  EXPECT_EQ(pol.command, "SELECT");
  EXPECT_TRUE(pol.permissive);
  EXPECT_EQ(pol.roles, (std::vector<std::string>{"public"}));
  EXPECT_EQ(pol.using_expr, "email::text = current_user");

  ASSERT_TRUE(cat.extensions.count("pg_trgm"));
  EXPECT_EQ(cat.extensions.at("pg_trgm").schema, "public");
  EXPECT_FALSE(cat.extensions.at("pg_trgm").version.empty());
  EXPECT_TRUE(cat.schemas.count("public"));
  EXPECT_EQ(cat.schemas.at("app").comment, "the application");
  EXPECT_FALSE(cat.schemas.count("pg_catalog"));
  EXPECT_FALSE(cat.schemas.count("information_schema"));
}

TEST_F(PgInspect, ReportsObjectsTheModelDoesNotCover) {
  InspectReport report;
  InspectOptions options;
  options.report = &report;
  Inspect(R"SQL(
CREATE EXTENSION pg_trgm;
CREATE TABLE t (id int);
CREATE RULE no_delete AS ON DELETE TO t DO INSTEAD NOTHING;
CREATE AGGREGATE total(integer) (sfunc = int4pl, stype = integer);
CREATE TYPE span AS RANGE (subtype = float8);
CREATE FUNCTION eq3(integer, integer) RETURNS boolean LANGUAGE sql AS 'SELECT $1 = $2';
CREATE OPERATOR === (leftarg = integer, rightarg = integer, function = eq3);
CREATE STATISTICS t_stats ON id, (id + 1) FROM t;
)SQL",
          options);
  EXPECT_EQ(report.unmodeled,
            (std::vector<std::string>{
                "aggregate public.total(integer)", "operator public.===", "range type public.span",
                "rule no_delete on public.t", "statistics object public.t_stats"}));
}

TEST_F(PgInspect, SchemaFilters) {
  InspectOptions only_app;
  only_app.include_schemas = {"app"};
  model::Catalog cat = Inspect(kSchema, only_app);
  EXPECT_EQ(cat.schemas.size(), 1u);
  EXPECT_TRUE(cat.tables.count({"app", "orders"}));
  EXPECT_FALSE(cat.tables.count({"public", "users"}));
  InspectOptions no_app;
  no_app.exclude_schemas = {"a*"};
  auto other = InspectPostgres(url_, no_app);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other.value().tables.count({"app", "orders"}));
  EXPECT_TRUE(other.value().tables.count({"public", "users"}));
}

TEST_F(PgInspect, FixedNumberOfRoundTrips) {
  InspectReport small, large;
  InspectOptions options;
  options.report = &small;
  Inspect("CREATE TABLE one (id int PRIMARY KEY)", options);
  std::string many;
  for (int i = 0; i < 60; ++i) {
    many += fmt::format(
        "CREATE TABLE t{0} (id serial PRIMARY KEY, v text CHECK (v <> ''), o int REFERENCES one);"
        "CREATE INDEX ON t{0} (v); CREATE VIEW v{0} AS SELECT * FROM t{0};",
        i);
  }
  options.report = &large;
  model::Catalog cat = Inspect(many, options);
  EXPECT_EQ(cat.tables.size(), 61u);
  EXPECT_EQ(small.round_trips, large.round_trips);
  EXPECT_LE(large.round_trips, 15);
  EXPECT_EQ(large.server_version.substr(0, 2), "15");
}

TEST_F(PgInspect, PlainIndexesFromTheCatalogEqualTheServersDefinitions) {
  // Plain btree indexes are built from pg_index's columns instead of pg_get_indexdef's text; the
  // inspection with every definition printed by the server is the reference. The variants: every
  // ASC/DESC x NULLS combination, unique, multicolumn, quoted, keyword and odd names, a
  // materialized view, and each thing that must go through the server's text (a non-default or
  // merely compatible operator class, a collation, an expression, a predicate, INCLUDE, storage
  // options, NULLS NOT DISTINCT, another method, a domain, an array, an enum, a partitioned table).
  std::string sql = R"SQL(
CREATE DOMAIN small AS integer;
CREATE TYPE colour AS ENUM ('red', 'blue');
CREATE TABLE "Odd ""t""" (
  id integer PRIMARY KEY, "Mixed Case" text, "order" bigint, "select" date, v varchar(20),
  c char(3), n numeric(8,2), ts timestamptz, b boolean, u uuid, j jsonb, arr int[],
  d small, e colour, "tab	name" text, x text COLLATE "C", y text, z text,
  UNIQUE ("order", "select")
);
CREATE INDEX i_asc ON "Odd ""t""" ("order");
CREATE INDEX i_desc ON "Odd ""t""" ("order" DESC);
CREATE INDEX i_asc_nf ON "Odd ""t""" ("order" NULLS FIRST);
CREATE INDEX i_asc_nl ON "Odd ""t""" ("order" ASC NULLS LAST);
CREATE INDEX i_desc_nf ON "Odd ""t""" ("order" DESC NULLS FIRST);
CREATE INDEX i_desc_nl ON "Odd ""t""" ("order" DESC NULLS LAST);
CREATE UNIQUE INDEX "I Multi" ON "Odd ""t""" ("Mixed Case", "select" DESC, ts, b, u);
CREATE INDEX i_tab ON "Odd ""t""" ("tab	name", n, c);
CREATE INDEX i_varchar ON "Odd ""t""" (v);
CREATE INDEX i_pattern ON "Odd ""t""" (y text_pattern_ops);
CREATE INDEX i_coll_col ON "Odd ""t""" (x);
CREATE INDEX i_coll_idx ON "Odd ""t""" (y COLLATE "C");
CREATE INDEX i_coll_same ON "Odd ""t""" (x COLLATE "C");
CREATE INDEX i_expr ON "Odd ""t""" (lower(y));
CREATE INDEX i_partial ON "Odd ""t""" (z) WHERE b;
CREATE INDEX i_include ON "Odd ""t""" (z) INCLUDE (y);
CREATE INDEX i_fill ON "Odd ""t""" (z) WITH (fillfactor = 70);
CREATE UNIQUE INDEX i_nnd ON "Odd ""t""" (z) NULLS NOT DISTINCT;
CREATE INDEX i_hash ON "Odd ""t""" USING hash (z);
CREATE INDEX i_gin ON "Odd ""t""" USING gin (j);
CREATE INDEX i_domain ON "Odd ""t""" (d);
CREATE INDEX i_array ON "Odd ""t""" (arr);
CREATE INDEX i_enum ON "Odd ""t""" (e);
CREATE INDEX i_jsonb ON "Odd ""t""" (j);
CREATE TABLE parted (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE INDEX parted_at ON parted (at);
CREATE MATERIALIZED VIEW mv AS SELECT id, "order" FROM "Odd ""t""";
CREATE UNIQUE INDEX mv_id ON mv (id DESC NULLS LAST);
)SQL";
  InspectReport fast_report, server_report;
  InspectOptions fast;
  fast.report = &fast_report;
  model::Catalog from_catalog = Inspect(sql, fast);
  InspectOptions server;
  server.plain_indexes_from_catalog = false;
  server.report = &server_report;
  auto printed = InspectPostgres(url_, server);
  ASSERT_TRUE(printed.ok()) << printed.error().ToString();
  ASSERT_EQ(from_catalog.indexes.size(), printed->indexes.size());
  for (const auto& [name, idx] : printed->indexes) {
    auto it = from_catalog.indexes.find(name);
    ASSERT_NE(it, from_catalog.indexes.end()) << name.ToString();
    EXPECT_TRUE(it->second == idx) << name.ToString();
  }
  EXPECT_TRUE(from_catalog == *printed);
  EXPECT_EQ(server_report.plain_indexes, 0);
  // The plain ones: the primary key, the unique constraint, the six orderings, "I Multi", i_tab,
  // i_coll_col (the column's own collation), i_jsonb, parted_1's partition of parted_at, mv_id.
  EXPECT_EQ(fast_report.plain_indexes, 15);
  EXPECT_EQ(fast_report.round_trips, server_report.round_trips);
}

TEST_F(PgInspect, TextOfEveryKindSurvivesTheStreamedColumns) {
  // The relations query is read as COPY text (tabs between fields, \N for null, backslash
  // escapes): names and comments that hold those characters, non-ASCII text and the text "\N"
  // must come back as they are.
  model::Catalog cat = Inspect(R"SQL(
CREATE TABLE "tab	and ""quote""" (
  "new
line" text DEFAULT E'a\tb\\c\nd\re',
  plain text DEFAULT '\N',
  "café" text COLLATE "C" DEFAULT 'déjà vu €'
);
COMMENT ON TABLE "tab	and ""quote""" IS E'table\tcomment\\with\nbreaks\r\x01';
COMMENT ON COLUMN "tab	and ""quote""".plain IS '\N';
COMMENT ON COLUMN "tab	and ""quote"""."new
line" IS E'back\\slash\\N';
CREATE VIEW "view\with" AS SELECT 1 AS "v	col";
COMMENT ON VIEW "view\with" IS 'ünïcödé';
)SQL");
  QualifiedName t{"public", "tab\tand \"quote\""};
  ASSERT_TRUE(cat.tables.count(t));
  EXPECT_EQ(cat.tables.at(t).comment, "table\tcomment\\with\nbreaks\r\x01");
  std::vector<std::string> names;
  for (const model::Column& c : cat.tables.at(t).columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"new\nline", "plain", "café"}));
  const model::Column& nl = Col(cat, t, "new\nline");
  EXPECT_TRUE(nl.default_expr.has_value());
  EXPECT_EQ(nl.comment, "back\\slash\\N");
  const model::Column& plain = Col(cat, t, "plain");
  EXPECT_TRUE(plain.default_expr.has_value());
  EXPECT_EQ(plain.comment, "\\N");
  const model::Column& cafe = Col(cat, t, "café");
  EXPECT_EQ(cafe.default_expr, "'déjà vu €'::text");
  EXPECT_EQ(cafe.collation, "C");
  EXPECT_EQ(cafe.comment, std::nullopt);
  QualifiedName v{"public", "view\\with"};
  ASSERT_TRUE(cat.views.count(v));
  EXPECT_EQ(cat.views.at(v).comment, "ünïcödé");
  EXPECT_FALSE(cat.views.at(v).definition.empty());
}

TEST_F(PgInspect, ConnectionErrorNamesHostAndPortButNotThePassword) {
  auto server = testing::PgServer::Get();
  ASSERT_TRUE(server.ok());
  std::string dir = server.value()->socket_dir().string();
  std::string bad = fmt::format("postgresql://someone:s3cr3t-pw@/nodb?host={}&port=1", dir);
  auto r = InspectPostgres(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConnection);
  EXPECT_NE(r.error().message.find(dir + ":1"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("s3cr3t-pw"), std::string::npos) << r.error().message;
  // The right server, a wrong database: libpq's reason is kept.
  auto missing = InspectPostgres(
      fmt::format("host={} port={} dbname=does_not_exist user=postgres password=hunter22", dir,
                  server.value()->port()));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("does_not_exist"), std::string::npos)
      << missing.error().message;
  EXPECT_EQ(missing.error().message.find("hunter22"), std::string::npos);
  EXPECT_EQ(DescribeConnectionTarget("postgresql://u:pw@db.example:6543/x"), "db.example:6543");
}

TEST_F(PgInspect, AWriteInsideTheInspectionTransactionFails) {
  // The inspector's transaction is READ ONLY: a write attempted in it (through the hook that
  // reads the ledgers) is refused by the server, and the whole inspection fails with the reason.
  ASSERT_TRUE(testing::ExecPg(url_, "CREATE TABLE t (id int)").ok());
  std::string setting;
  InspectOptions options;
  options.in_transaction = [&](const TxQuery& query) -> Status {
    SSE_TRY(QueryRows ro, query("SHOW transaction_read_only"));
    SSE_TRY(QueryRows iso, query("SHOW transaction_isolation"));
    SSE_TRY(QueryRows st, query("SHOW statement_timeout"));
    SSE_TRY(QueryRows app, query("SHOW application_name"));
    setting = fmt::format("{} {} {} {}", ro.at(0).at(0).value_or(""), iso.at(0).at(0).value_or(""),
                          st.at(0).at(0).value_or(""), app.at(0).at(0).value_or(""));
    SSE_TRY(QueryRows written, query("INSERT INTO public.t VALUES (1)"));
    return {};
  };
  auto r = InspectPostgres(url_, options);
  EXPECT_EQ(setting, "on repeatable read 30s schema");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("read-only transaction"), std::string::npos)
      << r.error().message;
  auto rows = testing::PgConnection::Open(url_).value()->Query("SELECT count(*) FROM t");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->at(0).at(0), "0");
}

}  // namespace
}  // namespace sse::pg
