// ReadSnapshot reads the snapshot's text straight into the catalog, without a JSON document. It
// must read what the document-based reader it replaced read (kept below as the reference), from
// the writer's text and from any other spelling of the same JSON (members in another order,
// unknown members, escapes, repeated members), and fail where it failed: a syntax error with the
// same message at the same place (invalid UTF-8: at the bad byte now, not the string's end), a
// wrong shape with the same message and now its line. Where it says more than the reference
// said (a missing type, a number out of range, a non-object where an object belongs), the tests
// say so.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/model/snapshot.hpp"
#include "core/util/json_text.hpp"
#include "tests/support/full_catalog.hpp"

namespace sse::model {
namespace {

// ---- The reference: the reader before it read the text directly --------------------------------

namespace reference {

using J = nlohmann::json;

/// Reads a snapshot value; throws SnapshotError with a JSON-pointer-ish path on a wrong shape.
struct SnapshotError {
  std::string message;
};

std::string Str(const J& j, const char* key, std::string def = {}) {
  if (!j.contains(key)) return def;
  if (!j[key].is_string()) throw SnapshotError{fmt::format("'{}' must be a string", key)};
  return j[key].get<std::string>();
}
std::optional<std::string> OptStr(const J& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return Str(j, key);
}
bool Bool(const J& j, const char* key, bool def = false) {
  if (!j.contains(key)) return def;
  if (!j[key].is_boolean()) throw SnapshotError{fmt::format("'{}' must be true or false", key)};
  return j[key].get<bool>();
}
int64_t Int(const J& j, const char* key, int64_t def = 0) {
  if (!j.contains(key)) return def;
  if (!j[key].is_number_integer()) throw SnapshotError{fmt::format("'{}' must be an integer", key)};
  return j[key].get<int64_t>();
}
std::vector<std::string> List(const J& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  if (!j[key].is_array()) throw SnapshotError{fmt::format("'{}' must be a list", key)};
  for (const J& v : j[key]) {
    if (!v.is_string()) throw SnapshotError{fmt::format("'{}' must hold strings", key)};
    out.push_back(v.get<std::string>());
  }
  return out;
}
const J& Array(const J& j, const char* key) {
  static const J kEmpty = J::array();
  if (!j.contains(key)) return kEmpty;
  if (!j[key].is_array()) throw SnapshotError{fmt::format("'{}' must be a list", key)};
  return j[key];
}
QualifiedName Name(const J& j) { return {Str(j, "schema"), Str(j, "name")}; }
TypeRef Type(const J& j) {
  if (!j.is_object()) throw SnapshotError{"a type must be an object with a name"};
  TypeRef t;
  t.name = Str(j, "name");
  t.modifiers = List(j, "modifiers");
  t.array_dims = static_cast<int>(Int(j, "array_dims"));
  return t;
}
RefAction Action(const std::string& s) {
  if (s == "RESTRICT") return RefAction::kRestrict;
  if (s == "CASCADE") return RefAction::kCascade;
  if (s == "SET NULL") return RefAction::kSetNull;
  if (s == "SET DEFAULT") return RefAction::kSetDefault;
  return RefAction::kNoAction;
}

void ReadTriggers(const J& j, std::map<std::string, Trigger>& out) {
  for (const J& tj : Array(j, "triggers")) {
    Trigger tr;
    tr.name = Str(tj, "name");
    std::string timing = Str(tj, "timing");
    tr.timing = timing == "BEFORE"       ? TriggerTiming::kBefore
                : timing == "INSTEAD OF" ? TriggerTiming::kInsteadOf
                                         : TriggerTiming::kAfter;
    tr.events = List(tj, "events");
    tr.update_of = List(tj, "update_of");
    tr.for_each_row = Bool(tj, "for_each_row");
    tr.when = Str(tj, "when");
    if (tj.contains("function")) tr.function = Name(tj["function"]);
    tr.arguments = List(tj, "arguments");
    tr.body = Str(tj, "body");
    tr.constraint = Bool(tj, "constraint");
    tr.deferrable = Bool(tj, "deferrable");
    tr.initially_deferred = Bool(tj, "initially_deferred");
    tr.comment = OptStr(tj, "comment");
    out[tr.name] = std::move(tr);
  }
}

Table ReadTable(const J& j) {
  Table t;
  t.name = Name(j);
  for (const J& cj : Array(j, "columns")) {
    Column c;
    c.name = Str(cj, "name");
    c.type = Type(cj.at("type"));
    c.not_null = Bool(cj, "not_null");
    c.default_expr = OptStr(cj, "default");
    std::string id = Str(cj, "identity");
    c.identity = id == "always"       ? Identity::kAlways
                 : id == "by default" ? Identity::kByDefault
                                      : Identity::kNone;
    c.generated = OptStr(cj, "generated");
    c.collation = OptStr(cj, "collation");
    c.comment = OptStr(cj, "comment");
    t.columns.push_back(std::move(c));
  }
  for (const J& cj : Array(j, "constraints")) {
    Constraint c;
    c.name = Str(cj, "name");
    std::string kind = Str(cj, "kind");
    c.kind = kind == "primary_key"   ? ConstraintKind::kPrimaryKey
             : kind == "unique"      ? ConstraintKind::kUnique
             : kind == "foreign_key" ? ConstraintKind::kForeignKey
             : kind == "exclusion"   ? ConstraintKind::kExclusion
                                     : ConstraintKind::kCheck;
    c.columns = List(cj, "columns");
    c.expression = Str(cj, "expression");
    if (cj.contains("references")) {
      c.ref_table = Name(cj["references"]);
      c.ref_columns = List(cj["references"], "columns");
    }
    c.on_delete = Action(Str(cj, "on_delete"));
    c.on_update = Action(Str(cj, "on_update"));
    c.match = Str(cj, "match");
    c.using_method = Str(cj, "using");
    for (const J& e : Array(cj, "elements"))
      c.elements.push_back({Str(e, "expression"), Str(e, "operator")});
    c.where = Str(cj, "where");
    c.deferrable = Bool(cj, "deferrable");
    c.initially_deferred = Bool(cj, "initially_deferred");
    c.not_valid = Bool(cj, "not_valid");
    c.no_inherit = Bool(cj, "no_inherit");
    c.nulls_not_distinct = Bool(cj, "nulls_not_distinct");
    c.include = List(cj, "include");
    c.comment = OptStr(cj, "comment");
    t.constraints[c.name] = std::move(c);
  }
  ReadTriggers(j, t.triggers);
  for (const J& pj : Array(j, "policies")) {
    Policy p;
    p.name = Str(pj, "name");
    p.permissive = Bool(pj, "permissive", true);
    p.command = Str(pj, "command", "ALL");
    p.roles = List(pj, "roles");
    p.using_expr = Str(pj, "using");
    p.check_expr = Str(pj, "with_check");
    p.comment = OptStr(pj, "comment");
    t.policies[p.name] = std::move(p);
  }
  std::string persistence = Str(j, "persistence");
  t.persistence = persistence == "unlogged"    ? Persistence::kUnlogged
                  : persistence == "temporary" ? Persistence::kTemporary
                                               : Persistence::kPermanent;
  t.partition_by = Str(j, "partition_by");
  if (j.contains("partition_of")) t.partition_of = Name(j["partition_of"]);
  t.partition_bound = Str(j, "partition_bound");
  for (const J& ij : Array(j, "inherits")) t.inherits.push_back(Name(ij));
  t.rls_enabled = Bool(j, "rls_enabled");
  t.rls_forced = Bool(j, "rls_forced");
  t.options = List(j, "options");
  t.module = Str(j, "module");
  t.comment = OptStr(j, "comment");
  return t;
}

Catalog ReadCatalog(const J& j) {
  Catalog c;
  c.dialect = Str(j, "dialect");
  for (const J& sj : Array(j, "schemas")) {
    Schema s{Str(sj, "name"), OptStr(sj, "comment")};
    c.schemas[s.name] = s;
  }
  for (const J& ej : Array(j, "extensions")) {
    Extension e{Str(ej, "name"), Str(ej, "schema"), Str(ej, "version"), OptStr(ej, "comment")};
    c.extensions[e.name] = e;
  }
  for (const J& tj : Array(j, "tables")) {
    Table t = ReadTable(tj);
    QualifiedName key = t.name;
    c.tables[key] = std::move(t);
  }
  for (const J& vj : Array(j, "views")) {
    View v;
    v.name = Name(vj);
    v.materialized = Bool(vj, "materialized");
    v.definition = Str(vj, "definition");
    v.columns = List(vj, "columns");
    v.check_option = Str(vj, "check_option");
    v.comment = OptStr(vj, "comment");
    ReadTriggers(vj, v.triggers);
    c.views[v.name] = std::move(v);
  }
  for (const J& ij : Array(j, "indexes")) {
    Index i;
    i.name = Name(ij);
    if (ij.contains("table")) i.table = Name(ij["table"]);
    i.unique = Bool(ij, "unique");
    i.nulls_not_distinct = Bool(ij, "nulls_not_distinct");
    i.method = Str(ij, "method", "btree");
    for (const J& kj : Array(ij, "keys")) {
      IndexKey k;
      k.is_expression = kj.contains("expression");
      k.expression = Str(kj, k.is_expression ? "expression" : "column");
      k.opclass = Str(kj, "opclass");
      k.collation = Str(kj, "collation");
      k.descending = Bool(kj, "descending");
      if (kj.contains("nulls_first")) k.nulls_first = Bool(kj, "nulls_first");
      i.keys.push_back(std::move(k));
    }
    i.include = List(ij, "include");
    i.predicate = Str(ij, "predicate");
    i.backs_constraint = Bool(ij, "backs_constraint");
    i.comment = OptStr(ij, "comment");
    c.indexes[i.name] = std::move(i);
  }
  for (const J& sj : Array(j, "sequences")) {
    Sequence s;
    s.name = Name(sj);
    s.type = Str(sj, "type", "bigint");
    s.start = Int(sj, "start", 1);
    s.increment = Int(sj, "increment", 1);
    if (sj.contains("min_value")) s.min_value = Int(sj, "min_value");
    if (sj.contains("max_value")) s.max_value = Int(sj, "max_value");
    s.cache = Int(sj, "cache", 1);
    s.cycle = Bool(sj, "cycle");
    if (sj.contains("owned_by")) {
      s.owned_by_table = Name(sj["owned_by"]);
      s.owned_by_column = Str(sj["owned_by"], "column");
    }
    s.comment = OptStr(sj, "comment");
    c.sequences[s.name] = std::move(s);
  }
  for (const J& ej : Array(j, "enums")) {
    EnumType e{Name(ej), List(ej, "values"), OptStr(ej, "comment")};
    c.enums[e.name] = std::move(e);
  }
  for (const J& dj : Array(j, "domains")) {
    Domain d;
    d.name = Name(dj);
    d.base = Type(dj.at("type"));
    d.not_null = Bool(dj, "not_null");
    d.default_expr = OptStr(dj, "default");
    d.collation = OptStr(dj, "collation");
    for (const J& ch : Array(dj, "checks"))
      d.checks.push_back({Str(ch, "name"), Str(ch, "expression"), Bool(ch, "not_valid")});
    d.comment = OptStr(dj, "comment");
    c.domains[d.name] = std::move(d);
  }
  for (const J& tj : Array(j, "composite_types")) {
    CompositeType t;
    t.name = Name(tj);
    for (const J& aj : Array(tj, "attributes"))
      t.attributes.push_back({Str(aj, "name"), Type(aj.at("type")), OptStr(aj, "collation")});
    t.comment = OptStr(tj, "comment");
    c.composites[t.name] = std::move(t);
  }
  for (const J& fj : Array(j, "functions")) {
    Function f;
    f.name = Name(fj);
    f.procedure = Bool(fj, "procedure");
    for (const J& aj : Array(fj, "arguments")) {
      FunctionArg a;
      a.name = Str(aj, "name");
      a.type = Type(aj.at("type"));
      a.mode = Str(aj, "mode", "IN");
      a.default_expr = OptStr(aj, "default");
      f.args.push_back(std::move(a));
    }
    f.returns = Str(fj, "returns");
    f.language = Str(fj, "language");
    f.body = Str(fj, "body");
    f.volatility = Str(fj, "volatility", "VOLATILE");
    f.strict = Bool(fj, "strict");
    f.security_definer = Bool(fj, "security_definer");
    f.comment = OptStr(fj, "comment");
    c.functions[f.Signature()] = std::move(f);
  }
  return c;
}

Result<Catalog> ReadSnapshot(const SourceFile& file) {
  auto doc = ParseJson(file, JsonOptions{false, false, 0});
  if (!doc.ok()) return std::move(doc).error();
  const J& j = doc->value;
  if (!IsSnapshot(j)) {
    return Error(ErrorCode::kParse, "not a schema snapshot (no \"format\": \"schema-snapshot\")",
                 SourceLoc::File(file.path()));
  }
  int64_t version =
      j.contains("version") && j["version"].is_number_integer() ? j["version"].get<int64_t>() : 0;
  if (version < 1 || version > kSnapshotVersion) {
    return Error(ErrorCode::kParse,
                 fmt::format("snapshot version {} is not supported (this schema reads version {})",
                             version, kSnapshotVersion),
                 SourceLoc::File(file.path()));
  }
  try {
    return ReadCatalog(j);
  } catch (const SnapshotError& e) {
    return Error(ErrorCode::kParse, "malformed snapshot: " + e.message,
                 SourceLoc::File(file.path()));
  } catch (const nlohmann::json::exception& e) {
    return Error(ErrorCode::kParse, std::string("malformed snapshot: ") + e.what(),
                 SourceLoc::File(file.path()));
  }
}

}  // namespace reference

// ---- Helpers ------------------------------------------------------------------------------------

using Json = nlohmann::ordered_json;

SourceFile File(std::string text) { return SourceFile("snap.json", std::move(text)); }

/// Both readers read `text` into the same catalog, which is returned.
Catalog ExpectSameCatalog(const std::string& text) {
  auto want = reference::ReadSnapshot(File(text));
  auto got = ReadSnapshot(File(text));
  EXPECT_TRUE(want.ok()) << want.error().ToString();
  EXPECT_TRUE(got.ok()) << got.error().ToString();
  if (!want.ok() || !got.ok()) return {};
  EXPECT_TRUE(*got == *want);
  EXPECT_EQ(WriteSnapshot(*got), WriteSnapshot(*want));  // where they differ, readably
  return *got;
}

/// Both readers fail on `text` with the same message, at the same line and column.
void ExpectSameError(const std::string& text) {
  auto want = reference::ReadSnapshot(File(text));
  auto got = ReadSnapshot(File(text));
  ASSERT_FALSE(want.ok()) << "the reference read it";
  ASSERT_FALSE(got.ok()) << "read";
  EXPECT_EQ(got.error().code, ErrorCode::kParse);
  EXPECT_EQ(got.error().message, want.error().message);
  ASSERT_TRUE(got.error().loc.has_value());
  ASSERT_TRUE(want.error().loc.has_value());
  EXPECT_EQ(got.error().loc->path, "snap.json");
  EXPECT_EQ(got.error().loc->line, want.error().loc->line) << got.error().ToString();
  EXPECT_EQ(got.error().loc->column, want.error().loc->column) << got.error().ToString();
}

/// The new reader's error for `text`; fails the test when it reads it.
Error ErrorOf(const std::string& text) {
  auto r = ReadSnapshot(File(text));
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? Error() : r.error();
}

/// A snapshot of version 1 with `members` (a line of JSON members) on its line 3.
std::string Snapshot(std::string_view members) {
  return fmt::format(
      "{{\"format\": \"schema-snapshot\", \"version\": 1,\n \"dialect\": \"postgres\",\n"
      " {}\n}}\n",
      members);
}

/// The object members of `j`, at every depth, shuffled (arrays keep their order: columns and
/// index keys are ordered).
Json Shuffled(const Json& j, std::mt19937& rng) {
  if (j.is_array()) {
    Json out = Json::array();
    for (const Json& v : j) out.push_back(Shuffled(v, rng));
    return out;
  }
  if (!j.is_object()) return j;
  std::vector<std::pair<std::string, Json>> members;
  for (auto it = j.begin(); it != j.end(); ++it) members.emplace_back(it.key(), it.value());
  std::shuffle(members.begin(), members.end(), rng);
  Json out = Json::object();
  for (auto& [k, v] : members) out[k] = Shuffled(v, rng);
  return out;
}

/// Unknown members' values, JSON that nlohmann would not keep as it is written.
constexpr std::string_view kUnknownValue =
    R"({"name": 5, "columns": {"type": null}, "tables": [[], {}, [[{"a": [true, false]}]]],
        "n": [-0, 1e400, -1.5E-7, 123456789012345678901234567890, 0.5, 0, 1E+2],
        "s": ["\u00e9\ud83d\ude00", "\"\\\/\b\f\n\r\t\u0001", "café"]})";

/// `j` with unknown members of every kind before and after the known ones in every object.
/// Dump it, then put kUnknownValue in with WithUnknownValues.
Json WithUnknownMembers(const Json& j) {
  if (j.is_array()) {
    Json out = Json::array();
    for (const Json& v : j) out.push_back(WithUnknownMembers(v));
    return out;
  }
  if (!j.is_object()) return j;
  Json out = Json::object();
  out["x_first"] = "@unknown@";
  out["x_list"] = Json::parse(R"([1, "two", null, {"format": "other"}, []])");
  for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = WithUnknownMembers(it.value());
  out["x_number"] = -12.5e3;
  out["x_null"] = nullptr;
  out["x_last"] = "@unknown@";
  return out;
}
std::string WithUnknownValues(std::string text) {
  const std::string placeholder = "\"@unknown@\"";
  for (size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + kUnknownValue.size())) {
    text.replace(at, placeholder.size(), kUnknownValue);
  }
  return text;
}

/// The writer's text of `c` as other JSON writers could have spelled it.
std::vector<std::string> Spellings(const Catalog& c) {
  std::string text = WriteSnapshot(c);
  Json j = Json::parse(text);
  std::mt19937 rng(20240607);
  return {
      text,
      j.dump(),                                          // no whitespace
      j.dump(1, '\t', true),                             // tabs, \u escapes, surrogate pairs
      Shuffled(j, rng).dump(2),                          // members in another order
      Shuffled(j, rng).dump(-1, ' ', true),              // and another, escaped
      WithUnknownValues(WithUnknownMembers(j).dump(2)),  // unknown members everywhere
      "\xEF\xBB\xBF\r\n" + text + "\r\n\t ",             // a byte-order mark, CRLF, trailing space
  };
}

// ---- Reading what the writer wrote -------------------------------------------------------------

TEST(SnapshotRead, FullCatalogRoundTripsToTheSameBytes) {
  Catalog c = testing::FullCatalog();
  std::string text = WriteSnapshot(c);
  auto back = ReadSnapshot(File(text));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_TRUE(*back == c);
  EXPECT_EQ(WriteSnapshot(*back), text);
}

/// OddCatalog as it reads back: under the names its objects have, with U+FFFD for invalid UTF-8.
Catalog OddCatalogAsRead() {
  auto c = reference::ReadSnapshot(File(WriteSnapshot(testing::OddCatalog())));
  EXPECT_TRUE(c.ok());
  return c.ok() ? *c : Catalog{};
}

TEST(SnapshotRead, OddStringsRoundTripToTheSameBytes) {
  Catalog c = OddCatalogAsRead();
  ASSERT_EQ(c.tables.size(), testing::OddCatalog().tables.size());
  std::string text = WriteSnapshot(c);
  auto back = ReadSnapshot(File(text));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_TRUE(*back == c);
  EXPECT_EQ(WriteSnapshot(*back), text);
}

// ---- The same catalog as the reference ---------------------------------------------------------

TEST(SnapshotRead, SameAsTheReferenceForEverySpelling) {
  std::vector<std::pair<const char*, Catalog>> catalogs = {
      {"full", testing::FullCatalog()},
      {"sparse", testing::SparseCatalog()},
      {"odd strings", OddCatalogAsRead()},
      {"empty", Catalog{}},
  };
  for (const auto& [what, c] : catalogs) {
    std::vector<std::string> spellings = Spellings(c);
    for (size_t i = 0; i < spellings.size(); ++i) {
      SCOPED_TRACE(fmt::format("{} catalog, spelling {}", what, i));
      EXPECT_TRUE(ExpectSameCatalog(spellings[i]) == c);
    }
  }
}

TEST(SnapshotRead, SameAsTheReferenceForLongStringsAndManyTables) {
  Catalog c = testing::FullCatalog();
  Table base = c.tables.begin()->second;
  std::string long_text;
  for (int n = 0; n < 20000; ++n) long_text += n % 97 ? "abc\xc3\xa9 " : "\"\\\n\x01\t";
  base.comment = long_text;
  base.columns.front().default_expr = std::string(100000, 'x');
  for (int n = 0; n < 300; ++n) {
    Table t = base;
    t.name = {"bulk", fmt::format("t{:04}", n)};
    c.tables[t.name] = t;
  }
  std::string text = WriteSnapshot(c);
  Catalog read = ExpectSameCatalog(text);
  EXPECT_TRUE(read == c);
  EXPECT_EQ(WriteSnapshot(read), text);
}

/// `text` with each `from` replaced by `to`.
std::string Replaced(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

TEST(SnapshotRead, EscapedKeysAndStrings) {
  std::string text = WriteSnapshot(testing::FullCatalog());
  text = Replaced(text, "\"name\":", "\"n\\u0061me\":");
  text = Replaced(text, "\"columns\":", "\"col\\u0075mns\":");
  text = Replaced(text, "\"format\":", "\"\\u0066ormat\":");
  text = Replaced(text, "public", "p\\u0075blic");
  EXPECT_TRUE(ExpectSameCatalog(text) == testing::FullCatalog());
  Catalog read = ExpectSameCatalog(Replaced(text, "billing", "bil\\/ling"));
  EXPECT_EQ(read.schemas.count("bil/ling"), 1u);
}

TEST(SnapshotRead, RepeatedMembersKeepTheLast) {
  std::string text = Snapshot(R"js(
 "dialect": "sqlite", "schemas": [{"name": "x"}], "schemas": [{"name": "main", "name": "m2"}],
 "tables": [{"schema": "s", "name": "gone"}],
 "tables": [{"schema": "s", "name": "t", "comment": "one", "comment": "two",
   "columns": 5, "columns": [{"name": "a", "type": {"name": "int"}}],
   "columns": [{"name": "b", "type": {"name": "text"}, "type": {"name": "int", "array_dims": 2},
                "not_null": true, "not_null": false, "comment": 5, "comment": "ok",
                "default": "x", "default": null, "default": "y"},
               {"name": "c", "type": "int", "type": {"name": "int"}}],
   "constraints": [{"name": "c", "kind": "unique"}], "constraints": [],
   "triggers": [{"name": "tr", "function": {"schema": "s", "name": "f"},
                 "function": {"name": "g"}}],
   "partition_of": {"schema": "s", "name": "p"}, "partition_of": {"name": "q"}},
  {"schema": "s", "name": "u", "comment": "first"},
  {"schema": "s", "name": "u", "comment": "same name: the later table"}],
 "indexes": [{"schema": "s", "name": "i", "table": {"schema": "s", "name": "t"},
   "keys": [{"expression": "lower(a)", "column": "a"}, {"column": "a", "expression": "b"},
            {"column": "x", "column": "y"}, {"nulls_first": true, "nulls_first": false},
            {"column": 5, "expression": "e"}, {"expression": 5, "expression": "e2"}]
}],
 "sequences": [{"schema": "s", "name": "q", "start": 5, "start": 7,
   "owned_by": {"schema": "s", "name": "t", "column": "a"}, "owned_by": {"name": "u"},
   "min_value": 1, "min_value": 2, "cache": 1.5, "cache": 3}],
 "constraints_elsewhere": 1,
 "functions": [{"schema": "s", "name": "f", "arguments": [{"type": {"name": "int"}}],
   "arguments": [{"type": {"name": "text"}, "mode": "OUT", "mode": "INOUT"}]}],
 "format": "schema-snapshot", "version": 1)js");
  Catalog read = ExpectSameCatalog(text);
  ASSERT_EQ(read.tables.size(), 2u);
  EXPECT_EQ(read.tables.rbegin()->second.comment, "same name: the later table");
  EXPECT_EQ(read.tables.begin()->second.comment, "two");
  EXPECT_EQ(read.dialect, "sqlite");
  ASSERT_EQ(read.indexes.size(), 1u);
  const Index& i = read.indexes.begin()->second;
  ASSERT_EQ(i.keys.size(), 6u);
  EXPECT_EQ(i.keys[0].expression, "lower(a)");
  EXPECT_TRUE(i.keys[0].is_expression);
  EXPECT_EQ(i.keys[2].expression, "y");
  EXPECT_EQ(i.keys[3].nulls_first, std::optional<bool>(false));
  EXPECT_EQ(i.keys[4].expression, "e");  // a "column" beside an "expression" is not read
}

TEST(SnapshotRead, HeaderMembersInAnyOrder) {
  Catalog read = ExpectSameCatalog(
      R"({"tables": [{"schema": "main", "name": "t"}], "dialect": "sqlite", "version": 1,
          "format": "schema-snapshot"})");
  EXPECT_EQ(read.dialect, "sqlite");
  EXPECT_EQ(read.tables.size(), 1u);
  // A repeated header member keeps its last value, as the other members do.
  ExpectSameError(R"({"format": "schema-snapshot", "version": 1, "format": "snapshot"})");
  ExpectSameError(R"({"format": "other", "version": 1, "format": "schema-snapshot",
                      "version": 2})");
  ExpectSameCatalog(R"({"version": 7, "format": 1, "format": "schema-snapshot", "version": 1})");
}

// ---- Errors ------------------------------------------------------------------------------------

TEST(SnapshotRead, NotASnapshotOrAnotherVersion) {
  for (const char* text : {
           "[]",
           "5",
           "null",
           "\"schema-snapshot\"",
           R"({"id": "x"})",
           R"({"format": ["schema-snapshot"], "version": 1})",
           R"({"format": "schema-snapshot"})",
           R"({"format": "schema-snapshot", "version": "1"})",
           R"({"format": "schema-snapshot", "version": 1.0})",
           R"({"format": "schema-snapshot", "version": 0})",
           R"({"format": "schema-snapshot", "version": -1})",
           R"({"format": "schema-snapshot", "version": 2})",
           R"({"format": "schema-snapshot", "version": 99999999999999999999})",
       }) {
    SCOPED_TRACE(text);
    auto want = reference::ReadSnapshot(File(text));
    auto got = ReadSnapshot(File(text));
    ASSERT_FALSE(got.ok());
    ASSERT_FALSE(want.ok());
    EXPECT_EQ(got.error().message, want.error().message);
    EXPECT_EQ(got.error().loc, want.error().loc);  // the file, no line
  }
}

TEST(SnapshotRead, ShapeErrorsNameTheirLine) {
  struct Case {
    const char* members;  // on line 3
    const char* message;
    bool same_as_reference;  // else the reference said it otherwise, or read it
  };
  const Case cases[] = {
      {R"("dialect": 5)", "'dialect' must be a string", true},
      {R"("tables": [{"name": "t", "comment": null}])", "'comment' must be a string", true},
      {R"("tables": [{"name": "t", "rls_enabled": 1}])", "'rls_enabled' must be true or false",
       true},
      {R"("tables": [{"name": "t", "columns": [{"name": "a", "type": {"name": "int"}, "not_null": "yes"}]}])",
       "'not_null' must be true or false", true},
      {R"("tables": [{"name": "t", "options": "STRICT"}])", "'options' must be a list", true},
      {R"("tables": [{"name": "t", "options": ["STRICT", 1]}])", "'options' must hold strings",
       true},
      {R"("tables": {"t": {}})", "'tables' must be a list", true},
      {R"("tables": [{"name": "t", "columns": [{"name": "a", "type": "int"}]}])",
       "a type must be an object with a name", true},
      {R"("tables": [{"name": "t", "columns": [{"name": "a", "type": {"name": "int", "modifiers": [1]}}]}])",
       "'modifiers' must hold strings", true},
      {R"("indexes": [{"name": "i", "keys": [{"column": 5}]}])", "'column' must be a string", true},
      {R"("sequences": [{"name": "s", "start": 1.5}])", "'start' must be an integer", true},
      {R"("sequences": [{"name": "s", "cache": 1e2}])", "'cache' must be an integer", true},
      {R"("sequences": [{"name": "s", "min_value": "1"}])", "'min_value' must be an integer", true},
      {R"("sequences": [{"name": "s", "max_value": true}])", "'max_value' must be an integer",
       true},
      {R"("functions": [{"name": "f", "arguments": [{"type": {"name": "int", "array_dims": 0.0}}]}])",
       "'array_dims' must be an integer", true},
      // Said otherwise by the reference (nlohmann's exception text).
      {R"("tables": [{"name": "t", "columns": [{"name": "a"}]}])",
       "'type' is missing (a type must be an object with a name)", false},
      {R"("domains": [{"name": "d"}])", "'type' is missing (a type must be an object with a name)",
       false},
      // Out of the 64-bit range: the reference failed on the negative side and wrapped the
      // positive side around.
      {R"("sequences": [{"name": "s", "start": 9223372036854775808}])",
       "'start' is out of range (a 64-bit integer)", false},
      {R"("sequences": [{"name": "s", "start": -9223372036854775809}])",
       "'start' is out of range (a 64-bit integer)", false},
      {R"("sequences": [{"name": "s", "start": 18446744073709551616}])",
       "'start' is out of range (a 64-bit integer)", false},
      // Read by the reference as objects of empty names and default fields.
      {R"("tables": [5])", "'tables' must hold objects", false},
      {R"("tables": [{"name": "t", "triggers": [{"name": "tr", "function": "f"}]}])",
       "'function' must be an object", false},
      {R"("tables": [{"name": "t", "constraints": [{"name": "c", "references": null}]}])",
       "'references' must be an object", false},
      {R"("sequences": [{"name": "s", "owned_by": []}])", "'owned_by' must be an object", false},
  };
  for (const Case& c : cases) {
    std::string text = Snapshot(c.members);
    SCOPED_TRACE(text);
    Error e = ErrorOf(text);
    EXPECT_EQ(e.code, ErrorCode::kParse);
    EXPECT_EQ(e.message, std::string("malformed snapshot: ") + c.message);
    ASSERT_TRUE(e.loc.has_value());
    EXPECT_EQ(e.loc->path, "snap.json");
    EXPECT_EQ(e.loc->line, 3u);
    EXPECT_GT(e.loc->column, 1u);
    auto want = reference::ReadSnapshot(File(text));
    if (c.same_as_reference) {
      ASSERT_FALSE(want.ok());
      EXPECT_EQ(want.error().message, e.message);
    }
  }
}

TEST(SnapshotRead, TheShapeErrorPointsAtTheValue) {
  std::string members = R"("tables": [{"name": "t",  "comment": 5}])";
  Error e = ErrorOf(Snapshot(members));
  ASSERT_TRUE(e.loc.has_value());
  EXPECT_EQ(e.loc->line, 3u);
  EXPECT_EQ(e.loc->column, members.find('5') + 2);  // line 3 starts with a space
}

TEST(SnapshotRead, IntegersAtTheEndsOfTheRange) {
  Catalog read = ExpectSameCatalog(Snapshot(
      R"("sequences": [{"name": "s", "start": -9223372036854775808, "increment": -0,
          "max_value": 9223372036854775807, "cache": 0}])"));
  const Sequence& s = read.sequences.begin()->second;
  EXPECT_EQ(s.start, INT64_MIN);
  EXPECT_EQ(s.increment, 0);
  EXPECT_EQ(s.max_value, INT64_MAX);
  EXPECT_EQ(s.cache, 0);
}

TEST(SnapshotRead, SyntaxErrorsAsTheReferenceSaidThem) {
  for (const std::string& text : std::vector<std::string>{
           "",
           " \n\t",
           "\xEF\xBB\xBF",
           "{",
           "{}x",
           "{} {}",
           "{\"format\": \"schema-snapshot\",}",
           "{\"format\" \"schema-snapshot\"}",
           "{\"format\": \"schema-snapshot\" \"version\": 1}",
           "{format: 1}",
           "{\"a\": [1, 2,]}",
           "{\"a\": [1 2]}",
           "{\"a\": tru}",
           "{\"a\": nul}",
           "{\"a\": -}",
           "{\"a\": 1.5e}",
           "{\"a\": +1}",
           "{\"a\": .5}",
           "{\"a\": \"\\x\"}",
           "{\"a\": \"\\u12g4\"}",
           "{\"a\": \"\\ud83d\\u0041\"}",
           "{\"a\": \"\\ud83d\\uzz\"}",
           "{\"a\": \"tab\there\"}",
           std::string("{\"a\": \"nul\0here\"}", 17),
           std::string("{\"a\": 1}\0", 9),
           "{\"a\": \"unterminated",
           "{\"a\": \"\\",
           "\n\n   {\"format\": \"schema-snapshot\",\n  \"version\": 1,,\n}\n",
           "{\"tables\": 5, \"x\": [1,}",  // a wrong shape first, a syntax error later
           "{\"format\": \"schema-snapshot\", \"version\": 1, \"tables\": [{\"name\": 5}], \"x\": "
           "}",
       }) {
    SCOPED_TRACE(::testing::PrintToString(text));
    ExpectSameError(text);
  }
}

TEST(SnapshotRead, InvalidUtf8InTheFileIsAnError) {
  // The reference said where the string ended; this reader says where the bad byte is.
  for (const char* bad : {"\xff", "caf\xc3", "\xc0\xaf", "\xed\xa0\x80", "ok \xf4\x90\x80\x80"}) {
    std::string text =
        Snapshot(fmt::format(R"("tables": [{{"name": "t", "comment": "{}x"}}])", bad));
    SCOPED_TRACE(::testing::PrintToString(text));
    Error e = ErrorOf(text);
    EXPECT_EQ(e.message, "string is not valid UTF-8");
    ASSERT_TRUE(e.loc.has_value());
    EXPECT_EQ(e.loc->line, 3u);
    auto want = reference::ReadSnapshot(File(text));
    ASSERT_FALSE(want.ok());
    EXPECT_EQ(want.error().message, e.message);
  }
  // A lone surrogate escape is no UTF-8 either.
  for (const char* lone : {R"(\ud800)", R"(\udc00 x)", R"(x \udbff)"}) {
    std::string text =
        Snapshot(fmt::format(R"("tables": [{{"name": "t", "comment": "{}"}}])", lone));
    SCOPED_TRACE(text);
    Error e = ErrorOf(text);
    EXPECT_EQ(e.message, "string is not valid UTF-8 (a lone surrogate escape)");
    ASSERT_TRUE(e.loc.has_value());
    EXPECT_EQ(e.loc->line, 3u);
    EXPECT_FALSE(reference::ReadSnapshot(File(text)).ok());
  }
}

TEST(SnapshotRead, PrecedenceOfErrorsIsTheReferences) {
  // A wrong shape in a file that is no snapshot, or of another version: that is the error.
  ExpectSameError(R"({"id": "x", "tables": {"t": 1}})");
  ExpectSameError(R"({"tables": {"t": 1}, "format": "schema-snapshot", "version": 2})");
  // A syntax error after a wrong shape: the syntax error.
  ExpectSameError(R"({"format": "schema-snapshot", "version": 1, "tables": [5], "x": [}})");
}

TEST(SnapshotRead, TruncatedAnywhereIsTheReferencesError) {
  std::string text = WriteSnapshot(testing::FullCatalog());
  ASSERT_EQ(text.substr(text.size() - 2), "}\n");
  // Every prefix but the whole document (with or without its final newline).
  for (size_t n = 0; n + 1 < text.size(); ++n) {
    std::string prefix = text.substr(0, n);
    SCOPED_TRACE(fmt::format("the first {} bytes", n));
    ExpectSameError(prefix);
    if (::testing::Test::HasFailure()) break;  // one prefix's report is enough
  }
}

TEST(SnapshotRead, DeepNestingIsAnErrorNotACrash) {
  std::string arrays(100000, '[');
  ExpectSameError(arrays);
  ExpectSameError(R"({"format": "schema-snapshot", "version": 1, "x": )" + arrays);
  std::string objects;
  for (int n = 0; n < 100000; ++n) objects += "{\"a\": ";
  ExpectSameError(objects);
  EXPECT_EQ(ErrorOf(arrays).message, "JSON nested too deeply");
  // As deep as ParseJson went is fine.
  std::string deep = R"({"format": "schema-snapshot", "version": 1, "x": )" +
                     std::string(511, '[') + std::string(511, ']') + "}";
  ExpectSameCatalog(deep);
}

}  // namespace
}  // namespace sse::model
