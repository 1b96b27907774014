// Config files to WranglerTree: TOML through toml++, JSON and JSONC through ParseJson (wrangler
// parses both .json and .jsonc with jsonc-parser, allowTrailingComma: true).

#include "core/migrations/wrangler_config_tree.hpp"

#include <algorithm>
#include <exception>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/util/json_text.hpp"
#include "core/util/utf8.hpp"

namespace sse {
namespace {

bool LocBefore(const SourceLoc& a, const SourceLoc& b) {
  return std::tie(a.line, a.column) < std::tie(b.line, b.column);
}

// ---- TOML -------------------------------------------------------------------------------------

constexpr int kMaxDepth = 8;

using Member = WranglerTree::Member;

struct TomlConv {
  const std::string& path;
  bool bom;

  SourceLoc Loc(const toml::source_region& r) const {
    if (r.begin.line == 0) return SourceLoc::File(path);
    uint32_t col = r.begin.column + (bom && r.begin.line == 1 ? 1 : 0);
    return SourceLoc::Line(path, r.begin.line, col);
  }

  WranglerTree Convert(const toml::node& n, int depth) const {
    WranglerTree out;
    out.loc = Loc(n.source());
    if (const toml::table* t = n.as_table()) {
      out.kind = WranglerTree::Kind::kTable;
      out.type_name = "a table";
      if (depth >= kMaxDepth) return out;
      for (auto&& [k, v] : *t) {
        out.members.push_back({std::string(k.str()), Loc(k.source()), Convert(v, depth + 1)});
      }
      // toml::table is ordered by key; put the members back in file order.
      std::stable_sort(
          out.members.begin(), out.members.end(),
          [](const Member& a, const Member& b) { return LocBefore(a.key_loc, b.key_loc); });
    } else if (const toml::array* a = n.as_array()) {
      out.kind = WranglerTree::Kind::kArray;
      out.type_name = "an array";
      if (depth >= kMaxDepth) return out;
      for (const toml::node& item : *a) out.items.push_back(Convert(item, depth + 1));
    } else if (const toml::value<std::string>* s = n.as_string()) {
      out.kind = WranglerTree::Kind::kString;
      out.type_name = "a string";
      out.str = s->get();
    } else if (const auto* i = n.as_integer()) {
      out.type_name = "an integer";
      out.str = std::to_string(i->get());
    } else if (const auto* f = n.as_floating_point()) {
      out.type_name = "a number";
      out.str = fmt::format("{}", f->get());
    } else if (const auto* b = n.as_boolean()) {
      out.type_name = "a boolean";
      out.str = b->get() ? "true" : "false";
    } else {
      out.type_name = "a date or time";
    }
    return out;
  }
};

// ---- JSON -------------------------------------------------------------------------------------

struct JsonConv {
  const SourceFile& file;
  const JsonDocument& doc;

  WranglerTree Convert(const nlohmann::json& v, const std::string& ptr, int depth) const {
    WranglerTree out;
    out.loc = SourceLoc::At(file, doc.OffsetOf(ptr));
    if (v.is_object()) {
      out.kind = WranglerTree::Kind::kTable;
      out.type_name = "an object";
      if (depth >= kMaxDepth) return out;
      std::vector<std::pair<size_t, Member>> members;
      for (auto it = v.cbegin(); it != v.cend(); ++it) {
        std::string child = ptr + "/" + JsonPointerToken(it.key());
        size_t key_off = doc.KeyOffsetOf(child);
        members.push_back(
            {key_off,
             {it.key(), SourceLoc::At(file, key_off), Convert(it.value(), child, depth + 1)}});
      }
      // nlohmann::json orders members by name; put them back in file order.
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (auto& m : members) out.members.push_back(std::move(m.second));
    } else if (v.is_array()) {
      out.kind = WranglerTree::Kind::kArray;
      out.type_name = "an array";
      if (depth >= kMaxDepth) return out;
      for (size_t i = 0; i < v.size(); ++i) {
        out.items.push_back(Convert(v[i], ptr + "/" + std::to_string(i), depth + 1));
      }
    } else if (v.is_string()) {
      out.kind = WranglerTree::Kind::kString;
      out.type_name = "a string";
      out.str = v.get<std::string>();
    } else {
      out.type_name = v.is_null() ? "null" : v.is_boolean() ? "a boolean" : "a number";
      out.str = v.dump();
    }
    return out;
  }
};

struct Bom {
  std::string_view bytes;
  std::string_view encoding;
};

}  // namespace

const WranglerTree* WranglerTree::Get(std::string_view key, SourceLoc* key_loc) const {
  for (const Member& m : members) {
    if (m.key == key) {
      if (key_loc) *key_loc = m.key_loc;
      return &m.value;
    }
  }
  return nullptr;
}

Result<WranglerTree> ParseWranglerTree(const SourceFile& file, bool toml) {
  std::string_view text = file.text();
  // removeBOMAndValidate (workers-utils parse.ts): UTF-16/32 marks are refused, UTF-8 dropped.
  static constexpr Bom kBoms[] = {{std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32 BE"},
                                  {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32 LE"},
                                  {std::string_view("\xFE\xFF", 2), "UTF-16 BE"},
                                  {std::string_view("\xFF\xFE", 2), "UTF-16 LE"}};
  for (const Bom& bom : kBoms) {
    if (text.substr(0, bom.bytes.size()) == bom.bytes) {
      return Error(ErrorCode::kParse,
                   fmt::format("configuration file contains a {} byte-order mark: wrangler "
                               "refuses it",
                               bom.encoding),
                   SourceLoc::Line(file.path(), 1, 1));
    }
  }
  WranglerTree root;
  if (toml) {
    bool bom = HasUtf8Bom(text);
    if (bom) text.remove_prefix(3);
    TomlConv conv{file.path(), bom};
    try {
      toml::table table = toml::parse(text, file.path());
      root = conv.Convert(table, 0);
    } catch (const toml::parse_error& e) {
      return Error(ErrorCode::kParse, std::string(e.description()), conv.Loc(e.source()));
    } catch (const std::exception& e) {
      return Error(ErrorCode::kParse, e.what(), SourceLoc::File(file.path()));
    }
  } else {
    JsonOptions opt;
    opt.allow_comments = true;
    opt.allow_trailing_commas = true;
    opt.record_depth = kMaxDepth;
    auto doc = ParseJson(file, opt);
    if (!doc.ok()) return std::move(doc).error();
    root = JsonConv{file, *doc}.Convert(doc->value, "", 0);
  }
  return root;
}

}  // namespace sse
