// Literal evaluation for the static Python scanner (see alembic_literal.hpp).

#include "core/migrations/alembic_literal.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/util/strings.hpp"

namespace sse::py {
namespace {

class Evaluator {
 public:
  Evaluator(std::string_view text, const Module* module, size_t before, int depth)
      : text_(text), module_(module), before_(before), depth_(depth) {}

  Value Run(size_t begin, size_t end) {
    toks_.reserve(8);
    Lexer lx(text_, begin, end);
    for (;;) {
      Token t = lx.Next();
      if (t.kind == TokKind::kEnd) break;
      if (t.kind == TokKind::kNewline) continue;
      toks_.push_back(t);
    }
    if (toks_.empty()) return Fail("an empty expression");
    Value v = Atom();
    if (v.kind == Value::Kind::kUnknown) return v;
    if (i_ < toks_.size() && IsOp(i_, ",")) {
      // A bare tuple: `down_revision = "a", "b"`.
      Value seq;
      seq.kind = Value::Kind::kSequence;
      seq.tuple = true;
      if (v.kind == Value::Kind::kSequence) return Fail("a nested tuple");
      if (!AddItem(seq, v)) return Fail("a tuple holding None");
      while (i_ < toks_.size() && IsOp(i_, ",")) {
        ++i_;
        if (i_ >= toks_.size()) break;
        Value e = Atom();
        if (e.kind == Value::Kind::kUnknown) return e;
        if (e.kind == Value::Kind::kSequence) return Fail("a nested tuple");
        if (!AddItem(seq, e)) return Fail("a tuple holding None");
      }
      v = std::move(seq);
    }
    if (i_ < toks_.size()) return Trailing();
    return v;
  }

 private:
  std::string_view Text(const Token& t) const { return text_.substr(t.begin, t.end - t.begin); }
  bool IsOp(size_t i, std::string_view w) const {
    return i < toks_.size() && toks_[i].kind == TokKind::kOp && Text(toks_[i]) == w;
  }
  static Value Fail(std::string reason) {
    Value v;
    v.kind = Value::Kind::kUnknown;
    v.reason = std::move(reason);
    return v;
  }
  static bool AddItem(Value& seq, const Value& e) {
    if (e.kind == Value::Kind::kNone) return false;
    if (!e.items.empty()) seq.items.push_back(e.items.front());
    return true;
  }

  Value Trailing() const {
    if (IsOp(i_, "(")) return Fail("a function call");
    if (IsOp(i_, ".")) return Fail("an attribute access");
    if (IsOp(i_, "[")) return Fail("a subscript");
    if (IsOp(i_, "%")) return Fail("%-formatting");
    if (IsOp(i_, "+")) return Fail("a concatenation with +");
    if (toks_[i_].kind == TokKind::kName && Text(toks_[i_]) == "if") {
      return Fail("a conditional expression");
    }
    return Fail("an expression");
  }

  Value Atom() {
    if (i_ >= toks_.size()) return Fail("an incomplete expression");
    const Token& t = toks_[i_];
    switch (t.kind) {
      case TokKind::kName: {
        std::string_view w = Text(t);
        ++i_;
        if (w == "None") {
          Value v;
          v.kind = Value::Kind::kNone;
          return v;
        }
        if (w == "True" || w == "False") return Fail("a boolean");
        if (IsOp(i_, "(")) return Fail("a function call");
        if (IsOp(i_, ".")) return Fail("an attribute access");
        if (IsOp(i_, "[")) return Fail("a subscript");
        return Resolve(w);
      }
      case TokKind::kString: {
        Value v;
        v.kind = Value::Kind::kString;
        std::string s;
        while (i_ < toks_.size() && toks_[i_].kind == TokKind::kString) {
          if (toks_[i_].fstring()) return Fail("an f-string");
          s += DecodeString(text_, toks_[i_]);
          ++i_;
        }
        v.items.push_back(std::move(s));
        return v;
      }
      case TokKind::kNumber:
        return Fail("a number");
      case TokKind::kOp:
        if (IsOp(i_, "(") || IsOp(i_, "[")) return Sequence();
        return Fail("an expression");
      default:
        return Fail("an expression");
    }
  }

  Value Sequence() {
    if (++nesting_ > 32) return Fail("deeply nested brackets");
    bool paren = IsOp(i_, "(");
    std::string_view close = paren ? ")" : "]";
    ++i_;
    Value seq;
    seq.kind = Value::Kind::kSequence;
    seq.tuple = paren;
    Value single;
    size_t count = 0;
    bool comma = false, none = false;
    for (;;) {
      if (i_ >= toks_.size()) return Fail("an unclosed bracket");
      if (IsOp(i_, close)) {
        ++i_;
        break;
      }
      Value e = Atom();
      if (e.kind == Value::Kind::kUnknown) return e;
      if (e.kind == Value::Kind::kSequence) {
        if (paren && count == 0 && IsOp(i_, close)) {  // redundant parentheses around a tuple
          ++i_;
          return e;
        }
        return Fail("a nested tuple");
      }
      ++count;
      if (e.kind == Value::Kind::kNone) {
        none = true;
      } else {
        if (!e.items.empty()) seq.items.push_back(e.items.front());
      }
      single = std::move(e);
      if (IsOp(i_, ",")) {
        comma = true;
        ++i_;
        continue;
      }
      if (IsOp(i_, close)) {
        ++i_;
        break;
      }
      if (i_ < toks_.size()) return Trailing();
    }
    if (paren && count == 1 && !comma) return single;  // parenthesised expression
    if (none) {
      if (count == 1) {
        Value v;  // (None,) -> tuple_rev_as_scalar -> None
        v.kind = Value::Kind::kNone;
        return v;
      }
      return Fail(paren ? "a tuple holding None" : "a list holding None");
    }
    return seq;
  }

  Value Resolve(std::string_view name) {
    std::string quoted = fmt::format("the name {}", Printable(name));
    if (!module_) return Fail(quoted);
    const Binding* b = module_->Find(name, before_);
    if (!b) {
      if (module_->Find("*", before_)) return Fail(quoted + ", which may come from a star import");
      return Fail(quoted + ", which is not assigned earlier at module level");
    }
    if (b->kind == Binding::Kind::kImport) return Fail(quoted + ", imported from another module");
    if (b->kind != Binding::Kind::kAssign) return Fail(quoted + ", bound by unpacking or +=");
    if (depth_ >= 8) return Fail(quoted + ", through too many names");
    Evaluator inner(text_, module_, b->stmt_begin, depth_ + 1);
    Value v = inner.Run(b->value_begin, b->value_end);
    if (v.kind == Value::Kind::kUnknown) v.reason = quoted + ", bound to " + v.reason;
    return v;
  }

  std::string_view text_;
  const Module* module_;
  size_t before_;
  int depth_;
  std::vector<Token> toks_;
  size_t i_ = 0;
  int nesting_ = 0;  ///< brackets entered (bounds the recursion on hostile input)
};

}  // namespace

Value EvalLiteral(std::string_view text, const Module& module, const Binding& binding) {
  return Evaluator(text, &module, binding.stmt_begin, 0)
      .Run(binding.value_begin, binding.value_end);
}

Value EvalLiteral(std::string_view text, size_t begin, size_t end) {
  return Evaluator(text, nullptr, 0, 0).Run(begin, end);
}

std::string ValueSnippet(std::string_view text, const Binding& binding) {
  size_t b = std::min<size_t>(binding.value_begin, text.size());
  size_t e = std::min<size_t>(std::max(binding.value_end, binding.value_begin), text.size());
  std::string out;
  bool space = false;
  size_t i = b;
  for (; i < e && out.size() < 60; ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  bool cut = false;
  for (; i < e && !cut; ++i) {
    char c = text[i];
    cut = !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f');
  }
  out = Printable(out);
  if (cut) out += "...";
  return out;
}

}  // namespace sse::py
