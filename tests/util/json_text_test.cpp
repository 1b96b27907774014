// ParseJson's strings and the escape decoder it shares with the snapshot reader.

#include <gtest/gtest.h>

#include "core/util/json_text.hpp"

namespace sse {
namespace {

struct Decoded {
  JsonEscape result;
  std::string out;
  size_t pos;
};

Decoded Decode(std::string_view text) {  // `text` starts after the backslash
  Decoded d{JsonEscape::kOk, "", 0};
  d.result = DecodeJsonEscape(text, d.pos, d.out);
  return d;
}

TEST(JsonEscape, EveryKind) {
  for (auto [text, want] :
       std::vector<std::pair<std::string, std::string>>{{"\"", "\""},
                                                        {"\\", "\\"},
                                                        {"/", "/"},
                                                        {"b", "\b"},
                                                        {"f", "\f"},
                                                        {"n", "\n"},
                                                        {"r", "\r"},
                                                        {"t", "\t"},
                                                        {"u0041", "A"},
                                                        {"u00e9", "\xC3\xA9"},
                                                        {"u20AC", "\xE2\x82\xAC"},
                                                        {"uD83D\\uDE00", "\xF0\x9F\x98\x80"}}) {
    Decoded d = Decode(text);
    EXPECT_EQ(d.result, JsonEscape::kOk) << text;
    EXPECT_EQ(d.out, want) << text;
    EXPECT_EQ(d.pos, text.size()) << text;
  }
}

TEST(JsonEscape, ErrorsAndWhereTheyLeaveThePosition) {
  Decoded d = Decode("x");
  EXPECT_EQ(d.result, JsonEscape::kBadEscape);
  EXPECT_EQ(d.pos, 0u);  // on the escaped character
  d = Decode("u12G4");
  EXPECT_EQ(d.result, JsonEscape::kBadUnicode);
  EXPECT_EQ(d.pos, 1u);  // on the digits
  d = Decode("u12");     // cut short
  EXPECT_EQ(d.result, JsonEscape::kBadUnicode);
  d = Decode("uD83D\\u0041");
  EXPECT_EQ(d.result, JsonEscape::kBadSurrogatePair);
  d = Decode("uDE00");
  EXPECT_EQ(d.result, JsonEscape::kLoneSurrogate);
  EXPECT_TRUE(d.out.empty());
  d = Decode("uD83Dx");
  EXPECT_EQ(d.result, JsonEscape::kLoneSurrogate);
  EXPECT_TRUE(d.out.empty());
}

Result<JsonDocument> Parse(const std::string& text) {
  return ParseJson(SourceFile("x.json", text));
}

TEST(ParseJson, StringsWithEscapes) {
  auto doc = Parse(R"({"a": "x\u00e9\ud83d\ude00\n\"y"})");
  ASSERT_TRUE(doc.ok()) << doc.error().ToString();
  EXPECT_EQ(doc->value["a"], "x\xC3\xA9\xF0\x9F\x98\x80\n\"y");
}

TEST(ParseJson, BadStringsAreErrorsWithTheirLine) {
  struct Case {
    std::string text, message;
  };
  for (const Case& c : std::vector<Case>{{"{\n\"a\": \"\\q\"}", "bad escape '\\q'"},
                                         {"{\n\"a\": \"\\u12\"}", "bad \\u escape"},
                                         {"{\n\"a\": \"\\ud83d\\u0041\"}", "bad surrogate pair"},
                                         {"{\n\"a\": \"\\ude00 and more\"}", "not valid UTF-8"},
                                         {"{\n\"a\": \"caf\xE9\"}", "not valid UTF-8"},
                                         {"{\n\"a\": \"open", "unterminated string"}}) {
    auto doc = Parse(c.text);
    ASSERT_FALSE(doc.ok()) << c.text;
    EXPECT_NE(doc.error().message.find(c.message), std::string::npos)
        << c.text << ": " << doc.error().message;
    ASSERT_TRUE(doc.error().loc.has_value()) << c.text;
    EXPECT_EQ(doc.error().loc->line, 2u) << c.text;
  }
}

}  // namespace
}  // namespace sse
