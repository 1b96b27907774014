#pragma once
/// Configuration checks of the D1 reader (SCH014): what in a wrangler config makes
/// `wrangler d1 migrations apply` fail, pick another database than meant, or diverge between
/// local and remote. Split from wrangler_d1.cpp so that each finding has one home.

#include <vector>

#include "core/migrations/wrangler_config.hpp"
#include "core/report/finding.hpp"

namespace sse {

/// Findings about the config as a whole: shape problems not tied to one entry, an env.X without
/// d1_databases while the top level has some (not inherited), and config files in the same
/// folder that wrangler ignores because another name wins. Reported once per config.
void CheckWranglerConfig(const WranglerConfig& cfg, std::vector<Finding>& out);

/// Findings about one d1_databases entry: its own shape problems, a migrations_pattern wrangler
/// refuses, a preview_database_id (local and remote state diverge), a binding defined twice in
/// one list, and a binding equal to another entry's database_name (or the other way round), so
/// that `wrangler d1 migrations apply NAME` resolves to another entry than meant.
void CheckWranglerD1Entry(const WranglerConfig& cfg, const WranglerD1Database& db,
                          std::vector<Finding>& out);

}  // namespace sse
