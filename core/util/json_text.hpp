#pragma once
/// JSON and JSONC (comments and trailing commas, as wrangler.jsonc allows) parsed into
/// nlohmann::json, keeping the byte offset of each value by JSON pointer so that findings can
/// point at the journal entry or config key. nlohmann::json 3.11 keeps no positions and rejects
/// trailing commas, hence this small parser.

#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/util/result.hpp"
#include "core/util/source.hpp"

namespace sse {

struct JsonDocument {
  nlohmann::json value;
  /// JSON pointer ("/entries/3/when") -> byte offset of the value's first character. Values are
  /// recorded down to the depth asked for.
  std::unordered_map<std::string, size_t> offsets;
  /// JSON pointer of an object member -> byte offset of its key.
  std::unordered_map<std::string, size_t> key_offsets;

  /// Offset of the value at `pointer`, else of its nearest recorded ancestor, else 0.
  size_t OffsetOf(const std::string& pointer) const;
  /// Offset of the member key at `pointer` (falls back to OffsetOf).
  size_t KeyOffsetOf(const std::string& pointer) const;
};

struct JsonOptions {
  bool allow_comments = false;         ///< JSONC: // and /* */ comments
  bool allow_trailing_commas = false;  ///< JSONC: [1,2,] and {"a":1,}
  int record_depth = 4;                ///< record offsets of values nested up to this depth
};

/// Parses `file`; a syntax error is an ErrorCode::kParse with the file, line and column.
Result<JsonDocument> ParseJson(const SourceFile& file, const JsonOptions& options = {});

/// What DecodeJsonEscape found.
enum class JsonEscape { kOk, kBadEscape, kBadUnicode, kBadSurrogatePair, kLoneSurrogate };

/// One escape of a JSON string, `text[pos]` being the character after its backslash (the caller
/// checks there is one): appends what it stands for to `out` (UTF-8; a \uD8xx\uDCxx pair joined)
/// and moves `pos` past it. On kBadEscape `pos` is left on the escaped character, on kBadUnicode
/// and kBadSurrogatePair on the hex digits that are not; a lone surrogate appends nothing. Shared
/// by ParseJson and the snapshot reader (core/model/snapshot_read.cpp).
JsonEscape DecodeJsonEscape(std::string_view text, size_t& pos, std::string& out);

/// Escapes one JSON-pointer reference token (~ -> ~0, / -> ~1).
std::string JsonPointerToken(std::string_view token);

}  // namespace sse
