#pragma once
/// Catalogs for the snapshot's round-trip, byte-layout and reading tests.

#include <string>
#include <vector>

#include "core/model/catalog.hpp"

namespace sse::testing {

/// Every field of the model away from its default (every object kind, optional fields set).
model::Catalog FullCatalog();
/// Quotes, backslashes, every escaped control character, other control characters, DEL,
/// multi-byte UTF-8, and bytes that are not UTF-8 (the snapshot has U+FFFD for them).
const std::vector<std::string>& OddStrings();
/// Every object kind with every optional field left unset (and the lists empty).
model::Catalog SparseCatalog();
/// FullCatalog with OddStrings in every string field, one after the other.
model::Catalog OddCatalog();

}  // namespace sse::testing
