#pragma once
/// Static evaluation of Python literal expressions found by the scanner (python_scan.hpp):
/// `None`, strings (implicit concatenation, escapes), tuples and lists of strings, parentheses,
/// and names bound to such literals earlier in the same module. Everything else is reported as
/// not followed, with what it is ("a function call", "an f-string").

#include <string>
#include <string_view>
#include <vector>

#include "core/migrations/python_scan.hpp"

namespace sse::py {

/// A value read statically from an expression.
struct Value {
  enum class Kind { kNone, kString, kSequence, kUnknown };
  Kind kind = Kind::kUnknown;
  std::vector<std::string> items;  ///< kString: one item; kSequence: the elements in order
  bool tuple = false;              ///< kSequence written as a tuple (else a list)
  std::string reason;              ///< kUnknown: what the expression is ("a function call")
};

/// Evaluates the literal expression text[begin, end): None, strings (implicit concatenation),
/// tuples and lists of strings, parentheses. Names are looked up through the module's earlier
/// bindings (`REV = "abc"` then `revision = REV`); anything else is kUnknown with a reason.
Value EvalLiteral(std::string_view text, const Module& module, const Binding& binding);
Value EvalLiteral(std::string_view text, size_t begin, size_t end);

/// The source text of a binding's value on one line, shortened for messages.
std::string ValueSnippet(std::string_view text, const Binding& binding);

}  // namespace sse::py
