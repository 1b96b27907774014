#pragma once
/// schema.sum: the chained integrity file written by `schema lock`. Like atlas.sum, each entry's
/// hash covers the file and every entry before it, so edited history is caught:
///
///   h1:<base64 sha256 of every line below>
///   <path relative to schema.sum> h1:<base64 sha256(previous entry's hash "\n" path "\n" text)>
///
/// where text is the file with CRLF line ends read as LF, so a Windows checkout (git autocrlf) of
/// an unchanged file still verifies.
///
/// Because each entry chains over the *recorded* previous hash, every entry can be verified on
/// its own: a mismatch names exactly the edited file, and migrations added after the lock verify
/// nothing and are accepted.

#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"
#include "core/util/source.hpp"

namespace sse {

struct SumEntry {
  std::string path;  ///< relative to the schema.sum folder, '/' separators
  std::string hash;  ///< "h1:..."
  uint32_t line = 0;
};

struct SumFile {
  std::string header;  ///< "h1:..." of the first line
  std::vector<SumEntry> entries;
  bool header_matches = false;  ///< the header hash matches the entry lines
};

/// The chained hash of one entry ("h1:" + base64).
std::string SumChainHash(std::string_view previous_hash, std::string_view path,
                         std::string_view bytes);

/// Renders a schema.sum for files (path relative to the sum file, contents) in lock order.
std::string RenderSumFile(const std::vector<std::pair<std::string, std::string>>& files);

/// Parses a schema.sum; a malformed line is a kParse error naming its line.
Result<SumFile> ParseSumFile(const SourceFile& file);

}  // namespace sse
