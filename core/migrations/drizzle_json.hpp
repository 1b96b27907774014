#pragma once
/// A fast, non-allocating strict-JSON validator that keeps only the top-level members of an
/// object: Drizzle snapshots are large (100 KB to several MB each, one per migration) and the
/// reader needs only `id`, `prevId`/`prevIds` and `dialect`. On a syntax error the caller
/// re-parses with ParseJson (core/util/json_text.hpp) for the message.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sse {

/// One member of the top-level object.
struct JsonTopMember {
  enum class Kind { kString, kArray, kObject, kOther };
  Kind kind = Kind::kOther;
  size_t offset = 0;  ///< byte offset of the value
  std::string str;    ///< kString: the unescaped value
  /// kArray: the first element, when it is a string.
  std::optional<std::string> first;
  size_t first_offset = 0;
};

struct JsonTopLevel {
  bool is_object = false;                        ///< the document is an object
  std::map<std::string, JsonTopMember> members;  ///< a repeated key keeps the last (JSON.parse)
};

/// Validates `text` as JSON.parse would (whitespace = space, tab, CR, LF; no BOM, comments or
/// trailing commas; strict numbers). Returns nullopt on a syntax error and sets `error_at` to its
/// offset.
std::optional<JsonTopLevel> ScanJsonTopLevel(std::string_view text, size_t& error_at);

}  // namespace sse
