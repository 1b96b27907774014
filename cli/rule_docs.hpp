#pragma once
/// The docs/rules/*.md pages, embedded at build time (cli/embed_docs.cmake).

#include <string_view>
#include <utility>
#include <vector>

namespace sse::cli {

/// (code, markdown page) for every page in docs/rules, sorted by code.
const std::vector<std::pair<std::string_view, std::string_view>>& RuleDocs();

}  // namespace sse::cli
