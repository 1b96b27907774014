// RenderJson writes the report directly; its bytes must be those of the JSON document the
// contract describes, dumped by nlohmann with indent 2 (what scripts and golden files see),
// whatever the strings hold.

#include <gtest/gtest.h>

#include <sstream>

#include "core/report/report.hpp"

namespace sse {
namespace {

nlohmann::ordered_json LineOrNull(uint32_t v) {
  return v ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

/// A finding as a JSON document (CONTRACT.md's "findings" entries).
nlohmann::ordered_json FindingJson(const Finding& f) {
  nlohmann::ordered_json j;
  j["code"] = f.code;
  j["rule"] = f.rule;
  j["severity"] = std::string(SeverityName(f.severity));
  j["message"] = f.message;
  j["path"] = f.loc && !f.loc->path.empty() ? nlohmann::ordered_json(f.loc->path)
                                            : nlohmann::ordered_json(nullptr);
  j["line"] = LineOrNull(f.loc ? f.loc->line : 0);
  j["column"] = LineOrNull(f.loc ? f.loc->column : 0);
  nlohmann::ordered_json related = nlohmann::ordered_json::array();
  for (const Related& r : f.related) {
    nlohmann::ordered_json rj;
    rj["path"] =
        r.loc.path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.loc.path);
    rj["line"] = LineOrNull(r.loc.line);
    rj["message"] = r.message;
    related.push_back(std::move(rj));
  }
  j["related"] = std::move(related);
  j["help"] = f.help;
  return j;
}

/// The report as a document, dumped by nlohmann: the reference layout.
std::string ReferenceJson(const Report& report) {
  nlohmann::ordered_json j;
  j["schema_version"] = 1;
  j["command"] = report.command;
  nlohmann::ordered_json sets = nlohmann::ordered_json::array();
  for (const SetSummary& s : report.sets) {
    nlohmann::ordered_json sj;
    sj["tool"] = s.tool;
    sj["dialect"] =
        s.dialect.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s.dialect);
    sj["path"] = s.path;
    sj["migrations"] = s.migrations;
    sj["heads"] = s.heads;
    sj["bases"] = s.bases;
    sets.push_back(std::move(sj));
  }
  j["sets"] = std::move(sets);
  for (const auto& [key, value] : report.extra.items()) j[key] = value;
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : report.findings) findings.push_back(FindingJson(f));
  j["findings"] = std::move(findings);
  Summary s = report.Totals();
  j["summary"] = {{"error", s.error}, {"warning", s.warning}, {"info", s.info}};
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string Rendered(const Report& report) {
  std::ostringstream out;
  RenderJson(report, out);
  return out.str();
}

TEST(RenderJson, EmptyReport) {
  Report r;
  r.command = "lint";
  EXPECT_EQ(Rendered(r), ReferenceJson(r));
}

TEST(RenderJson, StringsOfEveryKindAndNestedMembers) {
  Report r;
  r.command = "drift";
  r.sets.push_back({"alembic", "", "db/migrations", 3, {"a1"}, {}});
  r.sets.push_back({"sql", "postgres", "sql \"quoted\"", 0, {}, {"b", "c"}});
  r.extra["graph"] = nlohmann::ordered_json::array();
  r.extra["drift"] = {{"expected", "migrations"},
                      {"changes", {{{"op", "missing"}, {"path", "public.t"}, {"old", nullptr}}}},
                      {"empty", nlohmann::ordered_json::object()},
                      {"text", "line\nbreak\ttab"}};
  Finding plain;
  plain.code = "SCH001";
  plain.rule = "revision-cycle";
  plain.message = "cycle: a -> b -> a";
  plain.loc = SourceLoc::Line("versions/a.py", 3, 17);
  plain.related.push_back({SourceLoc::Line("versions/b.py", 4), "the other side"});
  plain.related.push_back({SourceLoc{}, "no file"});
  plain.help = "merge";
  r.findings.push_back(plain);
  Finding odd;
  odd.code = "SCH403";
  odd.rule = "syntax-error";
  odd.severity = Severity::kWarning;
  // Quotes, backslashes, every escaped control character, DEL, multi-byte UTF-8, and bytes that
  // are not UTF-8 (replaced by U+FFFD).
  odd.message = std::string("q\" b\\ \b\f\n\r\t \x01\x1f \x7f caf\xc3\xa9 \xe2\x82\xac ") +
                "\xff\xfe bad \xc3 end";
  odd.loc = SourceLoc::File("dir/\xe6\x97\xa5\xe6\x9c\xac.sql");
  odd.help = "";
  r.findings.push_back(odd);
  Finding nowhere;
  nowhere.code = "SCH804";
  nowhere.rule = "uncompared-object";
  nowhere.severity = Severity::kInfo;
  nowhere.message = "m";
  r.findings.push_back(nowhere);
  EXPECT_EQ(Rendered(r), ReferenceJson(r));
  // And the output is JSON that reads back.
  EXPECT_EQ(nlohmann::json::parse(Rendered(r))["findings"].size(), 3u);
}

}  // namespace
}  // namespace sse
