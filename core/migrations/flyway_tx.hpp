#pragma once
/// Which statements Flyway runs outside a transaction. Flyway's parser builds a "simplified
/// statement" from the first keywords at parenthesis depth 0 and asks the database's parser
/// whether it can run in a transaction (PostgreSQLParser / SQLiteParser
/// detectCanExecuteInTransaction). A migration holding one such statement runs without a
/// transaction; mixing both kinds is refused unless `mixed` is true.

#include <string>
#include <string_view>

namespace sse::flyway {

/// The upper-cased keywords Flyway sees at the start of a statement, at parenthesis depth 0,
/// separated by single spaces ("CREATE UNIQUE INDEX CONCURRENTLY"), at most `max_keywords`.
std::string SimplifiedStatement(std::string_view statement, size_t max_keywords = 10);

/// True when Flyway's parser for `dialect` marks the statement non-transactional:
/// PostgreSQL CREATE/DROP DATABASE|TABLESPACE|SUBSCRIPTION, ALTER SYSTEM, CREATE/DROP [UNIQUE]
/// INDEX CONCURRENTLY, REINDEX [VERBOSE] SCHEMA|DATABASE|SYSTEM, VACUUM, DISCARD ALL;
/// SQLite PRAGMA foreign_keys. (ALTER TYPE ... ADD VALUE only counts before PostgreSQL 12, which
/// is assumed not to be the target.)
bool IsNonTransactional(std::string_view statement, std::string_view dialect);

}  // namespace sse::flyway
