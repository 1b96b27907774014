#pragma once
/// A catalog with every field of the model away from its default (every object kind, optional
/// fields set), for the snapshot's round-trip and byte-layout tests.

#include "core/model/catalog.hpp"

namespace sse::testing {

model::Catalog FullCatalog();

}  // namespace sse::testing
