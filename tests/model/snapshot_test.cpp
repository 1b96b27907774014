// The canonical snapshot: every field of the model survives a write/read round trip, the bytes
// are stable and sorted, defaults are left out, and bad files are clear errors.

#include "core/model/snapshot.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/full_catalog.hpp"

namespace sse::model {
namespace {

SourceFile File(std::string text) { return SourceFile("snap.json", std::move(text)); }

TEST(Snapshot, RoundTripKeepsEveryField) {
  Catalog c = testing::FullCatalog();
  std::string text = WriteSnapshot(c);
  auto back = ReadSnapshot(File(text));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_TRUE(*back == c);
  // Field by field for a readable failure when the catalogs differ.
  EXPECT_EQ(back->tables, c.tables);
  EXPECT_EQ(back->indexes, c.indexes);
  EXPECT_EQ(back->sequences, c.sequences);
  EXPECT_EQ(back->views, c.views);
  EXPECT_EQ(back->functions, c.functions);
  EXPECT_EQ(back->domains, c.domains);
  EXPECT_EQ(back->composites, c.composites);
  EXPECT_EQ(back->enums, c.enums);
  EXPECT_EQ(back->extensions, c.extensions);
  EXPECT_EQ(back->schemas, c.schemas);
  // And the bytes are stable through a second round.
  EXPECT_EQ(WriteSnapshot(*back), text);
}

TEST(Snapshot, HeaderVersionAndFinalNewline) {
  std::string text = WriteSnapshot(testing::FullCatalog());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  auto j = nlohmann::ordered_json::parse(text);
  auto it = j.begin();
  EXPECT_EQ(it.key(), "format");
  EXPECT_EQ(it.value(), "schema-snapshot");
  EXPECT_EQ(j["version"], kSnapshotVersion);
  EXPECT_EQ(j["dialect"], "postgres");
}

TEST(Snapshot, ListsAreSortedWhateverTheInsertionOrder) {
  Catalog a;
  a.dialect = "postgres";
  Catalog b = a;
  std::vector<std::string> names = {"zeta", "alpha", "mid"};
  for (const std::string& n : names) {
    Table t;
    t.name = {"public", n};
    a.tables[t.name] = t;
  }
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    Table t;
    t.name = {"public", *it};
    b.tables[t.name] = t;
  }
  std::string text = WriteSnapshot(a);
  EXPECT_EQ(text, WriteSnapshot(b));
  EXPECT_LT(text.find("\"alpha\""), text.find("\"mid\""));
  EXPECT_LT(text.find("\"mid\""), text.find("\"zeta\""));
}

TEST(Snapshot, DefaultsAreLeftOut) {
  Catalog c;
  c.dialect = "postgres";
  Table t;
  t.name = {"public", "t"};
  t.columns.push_back(Column{"a",
                             {"integer", {}, 0},
                             false,
                             std::nullopt,
                             Identity::kNone,
                             std::nullopt,
                             std::nullopt,
                             std::nullopt});
  c.tables[t.name] = t;
  std::string text = WriteSnapshot(c);
  EXPECT_EQ(text.find("not_null"), std::string::npos) << text;
  EXPECT_EQ(text.find("identity"), std::string::npos) << text;
  EXPECT_EQ(text.find("comment"), std::string::npos) << text;
  EXPECT_EQ(text.find("rls"), std::string::npos) << text;
  auto back = ReadSnapshot(File(text));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_TRUE(*back == c);
}

TEST(Snapshot, EmptyCatalogRoundTrips) {
  Catalog c;
  c.dialect = "sqlite";
  auto back = ReadSnapshot(File(WriteSnapshot(c)));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_TRUE(*back == c);
}

TEST(Snapshot, NotASnapshot) {
  auto r = ReadSnapshot(File(R"({"id": "x", "prevId": "y"})"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not a schema snapshot"), std::string::npos)
      << r.error().ToString();
  ASSERT_TRUE(r.error().loc.has_value());
  EXPECT_EQ(r.error().loc->path, "snap.json");
}

TEST(Snapshot, NewerVersionIsRefused) {
  auto r =
      ReadSnapshot(File(R"({"format": "schema-snapshot", "version": 99, "dialect": "postgres"})"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("version 99 is not supported"), std::string::npos)
      << r.error().ToString();
}

TEST(Snapshot, SyntaxErrorNamesTheLine) {
  auto r = ReadSnapshot(File("{\n  \"format\": \"schema-snapshot\",\n  \"version\": 1,,\n}\n"));
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(r.error().loc.has_value());
  EXPECT_EQ(r.error().loc->path, "snap.json");
  EXPECT_EQ(r.error().loc->line, 3u) << r.error().ToString();
}

TEST(Snapshot, WrongFieldTypeIsAClearError) {
  auto r = ReadSnapshot(File(
      R"({"format": "schema-snapshot", "version": 1, "dialect": "postgres",
          "tables": [{"schema": "public", "name": "t", "columns": [{"name": "a", "type": {"name": "integer"}, "not_null": "yes"}]}]})"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not_null"), std::string::npos) << r.error().ToString();
}

TEST(Snapshot, EmptyFileIsAnError) {
  auto r = ReadSnapshot(File(""));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().loc.has_value());
}

}  // namespace
}  // namespace sse::model
