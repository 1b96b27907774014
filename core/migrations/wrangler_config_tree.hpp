#pragma once
/// Internal to the wrangler config reader: a wrangler.toml / wrangler.json(c) file reduced to a
/// small tree of tables, arrays and strings with the location of every key and value, so that
/// the D1 model (wrangler_config.cpp) is built by one walk whatever the format.

#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"
#include "core/util/source.hpp"

namespace sse {

/// A config value reduced to what the D1 walk needs, with locations.
struct WranglerTree {
  enum class Kind { kTable, kArray, kString, kOther };
  Kind kind = Kind::kOther;
  std::string str;        ///< kString: the value; kOther: a short rendering for messages
  std::string type_name;  ///< "a table", "an integer", ...
  SourceLoc loc;          ///< the value
  struct Member;
  std::vector<Member> members;      ///< kTable, in file order
  std::vector<WranglerTree> items;  ///< kArray

  const WranglerTree* Get(std::string_view key, SourceLoc* key_loc = nullptr) const;
};

struct WranglerTree::Member {
  std::string key;
  SourceLoc key_loc;
  WranglerTree value;
};

/// Parses a config file: TOML with toml++ when `toml`, else JSONC (comments and trailing commas)
/// with ParseJson. A UTF-8 byte-order mark is dropped; UTF-16/UTF-32 marks and syntax errors are
/// ErrorCode::kParse errors located at the line and column. Tables keep their members in file
/// order; nesting deeper than 8 levels is cut off.
Result<WranglerTree> ParseWranglerTree(const SourceFile& file, bool toml);

}  // namespace sse
