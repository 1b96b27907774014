#pragma once
/// Result<T>: a value or an Error. Operational failures (unreadable file, malformed config,
/// connection refused) travel as values; findings are data (core/report) and exceptions are for
/// broken invariants only (SSE_ASSERT).

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/util/source.hpp"

namespace sse {

/// What kind of operational failure an Error is; the CLI maps it to an exit code.
enum class ErrorCode {
  kInvalidArgument,  ///< bad flag or argument (exit 2)
  kNotFound,         ///< a path or object that does not exist (exit 2)
  kIo,               ///< read or write failed (exit 2)
  kParse,            ///< malformed input file (exit 2 when it stops the run)
  kConfig,           ///< broken configuration (exit 2)
  kUnsupported,      ///< a feature this build does not handle (exit 2)
  kConnection,       ///< database unreachable (exit 3)
  kQuery,            ///< a query failed (exit 3)
  kTimeout,          ///< a timeout expired (exit 3)
  kInternal,         ///< a bug (exit 3)
};

/// An operational failure: code, message, optional location and a context chain that each layer
/// adds to on the way up ("reading alembic.ini: ...").
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::optional<SourceLoc> loc;
  std::vector<std::string> context;  ///< outermost last

  Error() = default;
  Error(ErrorCode c, std::string msg) : code(c), message(std::move(msg)) {}
  Error(ErrorCode c, std::string msg, SourceLoc l)
      : code(c), message(std::move(msg)), loc(std::move(l)) {}

  /// Adds a layer of context ("scanning app/migrations").
  Error&& With(std::string ctx) && {
    context.push_back(std::move(ctx));
    return std::move(*this);
  }
  /// "ctx2: ctx1: path:line:col: message".
  std::string ToString() const;
  /// The process exit code this error maps to (2 for input/usage, 3 for operational).
  int ExitCode() const;
};

/// A value of type T or an Error (std::expected is C++23; this is the small subset we use).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

/// Result<void>.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : e_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return *e_; }
  Error&& error() && { return std::move(*e_); }

 private:
  std::optional<Error> e_;
};

using Status = Result<void>;

}  // namespace sse

#define SSE_CONCAT_INNER(a, b) a##b
#define SSE_CONCAT(a, b) SSE_CONCAT_INNER(a, b)

/// SSE_TRY(auto x, Expr()) assigns the value or returns the error from the enclosing function.
#define SSE_TRY(decl, expr) SSE_TRY_IMPL(SSE_CONCAT(sse_try_, __LINE__), decl, expr)
#define SSE_TRY_IMPL(tmp, decl, expr)           \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()

/// SSE_TRY_STATUS(Expr()) returns the error of a Status-returning expression.
#define SSE_TRY_STATUS(expr)                                              \
  do {                                                                    \
    auto sse_try_status_ = (expr);                                        \
    if (!sse_try_status_.ok()) return std::move(sse_try_status_).error(); \
  } while (0)

/// A broken invariant: a bug in schema, never bad user input.
#define SSE_ASSERT(cond)                                                                       \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "schema: internal error: %s:%d: assertion '%s' failed\n", __FILE__, \
                   __LINE__, #cond);                                                           \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)
