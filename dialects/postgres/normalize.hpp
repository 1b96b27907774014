#pragma once
/// The PostgreSQL normalizer: brings catalogs from different producers (static replay,
/// introspection, snapshots) to one comparison form, so that the same schema compares equal
/// however it was written or stored.
///
/// Expressions and view queries are compared as libpg_query parse trees, locations ignored, with
/// what PostgreSQL does when it stores an expression undone on both sides:
///   - casts of constants, column references and arrays are folded (`'x'::character varying`,
///     `(status)::text`, `ARRAY['a'::text]::text[]`), and constants compare by their text
///     (`'-1'::integer` is `-1`);
///   - `x IN (a, b)` is `x = ANY (ARRAY[a, b])` (NOT IN: `<> ALL`), LIKE / ILIKE are the `~~` /
///     `~~*` operators, BETWEEN is the pair of comparisons, nested AND / OR are flattened,
///     `CASE ... ELSE NULL` is `CASE ...`;
///   - names in `public` and `pg_catalog` compare unqualified (functions, operators, types,
///     relations, operator classes, collations and `'seq'::regclass` literals); type aliases
///     compare by their internal name (`integer` is `int4`);
///   - column references compare without their table qualifier (OLD. and NEW. are kept);
///   - in view queries, output columns are named the way PostgreSQL names them (so
///     pg_get_viewdef's `AS count` matches a bare `count(*)`), a view's explicit column list is
///     applied to them, and `*` is expanded from the catalog's table columns.
/// The comparison form is the deparsed normalised tree: readable SQL, but not meant to be run.
///
/// Catalog-level: the parts of a new database that migrations do not create (the `plpgsql`
/// extension, the public schema's default comment) are left out, index keys keep a NULLS order
/// only where it is not the default for their direction.

#include <string>
#include <string_view>
#include <vector>

#include "core/model/catalog.hpp"

namespace sse::pg {

/// The comparison form of one expression (a default, a check, an index key or predicate, a
/// policy or trigger condition); the text unchanged when it does not parse.
std::string NormalizeExpression(std::string_view expr);

/// The comparison form of a view's query. `context` gives the tables whose columns `*` expands
/// to; `columns` is the view's explicit column list (may be empty).
std::string NormalizeQuery(std::string_view query, const model::Catalog& context,
                           const std::vector<std::string>& columns = {});

/// True when the two expressions are the same once normalised.
bool EquivalentExpressions(std::string_view a, std::string_view b);

/// The catalog in comparison form: every expression and view definition normalised (views
/// lose their explicit column list, folded into the definition), the new-database defaults
/// left out. Compare two normalised catalogs with diff::Compare.
model::Catalog NormalizeForCompare(model::Catalog catalog);

}  // namespace sse::pg
