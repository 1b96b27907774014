// Static reading of one Alembic revision file (see alembic_revision.hpp).

#include "core/migrations/alembic_revision.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/alembic_literal.hpp"
#include "core/migrations/python_scan.hpp"
#include "core/util/strings.hpp"
#include "core/util/utf8.hpp"

namespace sse {
namespace {

constexpr size_t kMaxFileBytes = size_t{1} << 30;  // offsets are 32-bit; no revision is this big
constexpr size_t kVersionNumLength = 32;           // alembic_version.version_num VARCHAR(32)
constexpr std::string_view kLiteralHelp =
    "assign a string literal (or None) to it at the top level of the file";

/// PEP 263: a `coding[:=]name` comment on line 1 or 2 that names something other than UTF-8.
bool DeclaresOtherEncoding(std::string_view text) {
  size_t pos = HasUtf8Bom(text) ? 3 : 0;
  for (int n = 0; n < 2 && pos < text.size(); ++n) {
    size_t end = text.find_first_of("\r\n", pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    std::string_view t = TrimLeft(line);
    if (!t.starts_with("#")) {
      if (!t.empty()) return false;  // a cookie on line 2 counts only after a comment/blank line
    } else {
      size_t c = t.find("coding");
      if (c != std::string_view::npos && c + 6 < t.size() && (t[c + 6] == ':' || t[c + 6] == '=')) {
        std::string_view name = TrimLeft(t.substr(c + 7));
        size_t e = 0;
        while (e < name.size() && (std::isalnum(static_cast<unsigned char>(name[e])) ||
                                   name[e] == '-' || name[e] == '_' || name[e] == '.')) {
          ++e;
        }
        std::string enc = ToLower(name.substr(0, e));
        std::replace(enc.begin(), enc.end(), '_', '-');
        return !(enc == "utf-8" || enc == "utf8" || enc.starts_with("utf-8-") ||
                 enc.starts_with("utf8-"));
      }
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
    if (text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
  }
  return false;
}

/// True when no byte has its high bit set (8 bytes at a time).
bool IsAscii(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ull) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) & 0x80) return false;
  }
  return true;
}

std::string BindingWhy(const py::Binding& b) {
  switch (b.kind) {
    case py::Binding::Kind::kImport:
      return fmt::format("it is imported from another module at line {}", b.line);
    case py::Binding::Kind::kStarImport:
      return fmt::format("it may come from the star import at line {}", b.line);
    case py::Binding::Kind::kComplex:
      return fmt::format("it is bound by unpacking or augmented assignment at line {}", b.line);
    case py::Binding::Kind::kAssign:
      break;
  }
  return "it is not a literal";
}

class RevisionReader {
 public:
  RevisionReader(const SourceFilePtr& file, std::string_view file_name)
      : file_(file), path_(file->path()), text_(file->text()), name_(file_name) {}

  AlembicRevision Run() {
    if (text_.size() >= kMaxFileBytes) {
      Error(fmt::format("schema does not read revision files of {} bytes or more; '{}' is left "
                        "out of the revision graph",
                        kMaxFileBytes, name_),
            SourceLoc::File(path_), "keep revision files small");
      return std::move(out_);
    }
    if (!IsAscii(text_) && !DeclaresOtherEncoding(text_)) {
      if (auto bad = FindInvalidUtf8(text_)) {
        Error(fmt::format("alembic cannot import '{}': invalid UTF-8 (byte 0x{:02x}) and no "
                          "encoding declaration (SyntaxError: Non-UTF-8 code)",
                          name_, static_cast<unsigned char>(text_[*bad])),
              SourceLoc::At(*file_, *bad), "re-encode the file as UTF-8");
        broken_ = true;
      }
    }
    mod_ = py::ScanModule(text_);
    if (mod_.syntax_error && !broken_) {
      Error(fmt::format("alembic cannot import '{}': {} (SyntaxError)", name_,
                        mod_.syntax_error->message),
            Line(mod_.syntax_error->line),
            "fix the Python syntax; alembic imports every revision file and stops at the first "
            "that fails");
      broken_ = true;
    }
    star_ = mod_.Find("*");
    if (!ReadId()) return std::move(out_);
    Migration& m = *out_.migration;
    ReadParents(m);
    ReadLabels(m);
    ReadDocstring(m);
    const py::Function* up = mod_.FindFunction("upgrade");
    m.empty_upgrade = up && up->trivial;
    // Report in line order: pair each finding with its line, sort, move back.
    std::vector<std::pair<uint32_t, size_t>> order;
    for (size_t i = 0; i < out_.findings.size(); ++i) {
      const std::optional<SourceLoc>& loc = out_.findings[i].loc;
      order.emplace_back(loc.has_value() ? loc.value().line : 0u, i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Finding> sorted;
    for (const auto& [line, i] : order) sorted.push_back(std::move(out_.findings[i]));
    out_.findings = std::move(sorted);
    return std::move(out_);
  }

 private:
  SourceLoc Line(uint32_t line) const { return SourceLoc::Line(path_, line); }

  void Error(std::string msg, SourceLoc loc, std::string_view help) {
    out_.findings.push_back(
        MakeFinding("SCH011", std::move(msg), std::move(loc), std::string(help)));
  }
  void Warn(std::string msg, SourceLoc loc, std::string_view help) {
    Finding f = MakeFinding("SCH011", std::move(msg), std::move(loc), std::string(help));
    f.severity = Severity::kWarning;
    out_.findings.push_back(std::move(f));
  }

  /// What a value that cannot be read costs (built into the message only when one is needed).
  enum class Consequence { kLeftOut, kParents, kLabels };
  std::string Say(Consequence c) const {
    std::string id = out_.migration ? Quote(out_.migration->id) : std::string("the file");
    switch (c) {
      case Consequence::kLeftOut:
        return "the file is left out of the revision graph";
      case Consequence::kParents:
        return fmt::format("the parents of {} are unknown", id);
      case Consequence::kLabels:
        return fmt::format("the branch labels of {} are unknown", id);
    }
    return {};
  }

  /// A warning for a value the scanner cannot follow.
  void NotFollowed(std::string_view var, const py::Binding& b, const std::string& reason,
                   Consequence consequence) {
    std::string what =
        b.kind == py::Binding::Kind::kAssign
            ? fmt::format("{} = {} statically: it is {}", var, py::ValueSnippet(text_, b), reason)
            : fmt::format("{} statically: {}", var, BindingWhy(b));
    Warn(fmt::format("schema cannot read {}; {}", what, Say(consequence)), Line(b.line),
         kLiteralHelp);
  }

  /// Evaluates a binding of `var`; kUnknown values are reported with `consequence`.
  py::Value Eval(std::string_view var, const py::Binding& b, Consequence consequence) {
    if (b.kind != py::Binding::Kind::kAssign) {
      NotFollowed(var, b, "", consequence);
      py::Value v;
      return v;
    }
    py::Value v = py::EvalLiteral(text_, mod_, b);
    if (v.kind == py::Value::Kind::kUnknown) NotFollowed(var, b, v.reason, consequence);
    return v;
  }

  bool ReadId() {
    const py::Binding* b = mod_.Find("revision");
    std::string id;
    SourceLoc loc;
    if (!b) {
      std::string_view stem = name_.ends_with(".py") ? name_.substr(0, name_.size() - 3) : "";
      bool hex = !stem.empty() && std::all_of(stem.begin(), stem.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      });
      if (star_ && !hex) {
        Warn(fmt::format("schema cannot read revision statically: {}; the file is left out of "
                         "the revision graph",
                         BindingWhy(*star_)),
             Line(star_->line), kLiteralHelp);
        return false;
      }
      if (!hex) {
        if (!broken_) {
          Error(fmt::format("alembic cannot load '{}': could not determine revision id from "
                            "filename {}; the file assigns no module-level revision",
                            name_, name_),
                SourceLoc::File(path_), "add `revision = \"<id>\"` at the top level of the file");
        }
        return false;
      }
      id = std::string(stem);  // legacy: the id is the hex file name
      loc = SourceLoc::File(path_);
    } else {
      py::Value v = Eval("revision", *b, Consequence::kLeftOut);
      if (v.kind == py::Value::Kind::kUnknown) return false;
      if (v.kind != py::Value::Kind::kString || v.items[0].empty()) {
        Error(fmt::format("alembic cannot load '{}': revision = {} is not a revision id", name_,
                          py::ValueSnippet(text_, *b)),
              Line(b->line), "set revision to the file's id, a non-empty string");
        return false;
      }
      id = v.items[0];
      loc = Line(b->line);
    }
    Migration m;
    m.id = id;
    m.path = path_;
    m.id_loc = loc;
    m.file = file_;
    m.tx = TxShape::kPerMigration;
    std::string bad;
    for (char c : std::string_view("+-:@")) {
      if (id.find(c) != std::string::npos)
        bad += bad.empty() ? std::string(1, c) : fmt::format(", {}", c);
    }
    if (!bad.empty()) {
      Error(fmt::format("alembic rejects revision id {}: Character(s) '{}' not allowed in revision "
                        "identifier '{}'",
                        Quote(id), bad, Printable(id)),
            loc, "use only letters, digits and underscores in revision ids");
    }
    if (CountCodePoints(id) > kVersionNumLength) {
      Warn(fmt::format("revision id {} is {} characters; alembic_version.version_num is "
                       "VARCHAR(32), so the database cannot store it",
                       Quote(id), CountCodePoints(id)),
           loc, "use an id of at most 32 characters (alembic generates 12 hex digits)");
    }
    out_.migration = std::move(m);
    return true;
  }

  void AddParents(Migration& m, const py::Value& v, ParentRef::Kind kind, const SourceLoc& loc) {
    for (const std::string& id : v.items) {
      ParentRef p;
      p.id = id;
      p.kind = kind;
      p.loc = loc;
      m.parents.push_back(std::move(p));
    }
  }

  void ReadParents(Migration& m) {
    const py::Binding* down = mod_.Find("down_revision");
    if (!down) {
      m.parents_known = false;
      if (star_) {
        Warn(fmt::format("schema cannot read down_revision statically: {}; {}", BindingWhy(*star_),
                         Say(Consequence::kParents)),
             Line(star_->line), kLiteralHelp);
      } else if (!broken_) {
        Error(fmt::format("alembic cannot load '{}': the module has no down_revision "
                          "(AttributeError)",
                          name_),
              m.id_loc, "add `down_revision = None` for a base revision, or the parent's id");
      }
    } else {
      py::Value v = Eval("down_revision", *down, Consequence::kParents);
      if (v.kind == py::Value::Kind::kUnknown) {
        m.parents_known = false;
      } else {
        AddParents(m, v, ParentRef::Kind::kDownRevision, Line(down->line));
        if (std::find(v.items.begin(), v.items.end(), "") != v.items.end()) {
          Error(fmt::format("alembic cannot load '{}': down_revision = {} is not a base; it names "
                            "the empty revision id",
                            name_, py::ValueSnippet(text_, *down)),
                Line(down->line),
                "write down_revision = None for a base revision, or the parent's id");
        }
      }
    }
    if (const py::Binding* dep = mod_.Find("depends_on")) {
      py::Value v = Eval("depends_on", *dep, Consequence::kParents);
      if (v.kind == py::Value::Kind::kUnknown) {
        m.parents_known = false;
      } else {
        AddParents(m, v, ParentRef::Kind::kDependsOn, Line(dep->line));
      }
    }
  }

  void ReadLabels(Migration& m) {
    const py::Binding* b = mod_.Find("branch_labels");
    if (!b) return;
    py::Value v = Eval("branch_labels", *b, Consequence::kLabels);
    if (v.kind == py::Value::Kind::kString || v.kind == py::Value::Kind::kSequence) {
      m.branch_labels = v.items;
    }
  }

  void ReadDocstring(Migration& m) {
    if (!mod_.docstring) return;
    std::string doc;
    for (const py::Token& t : mod_.docstring->tokens) doc += py::DecodeString(text_, t);
    std::string_view d = Trim(doc);
    m.name = std::string(TrimRight(d.substr(0, d.find_first_of("\r\n"))));
    for (const py::Token& t : mod_.docstring->tokens) {
      std::string_view body = py::StringBody(text_, t);
      uint32_t line = t.line;
      size_t pos = 0;
      while (pos <= body.size()) {
        size_t end = body.find_first_of("\r\n", pos);
        std::string_view l = TrimLeft(
            body.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        if (l.starts_with("Revises:")) {
          m.doc_revises = std::string(Trim(l.substr(8)));
          m.doc_revises_loc = Line(line);
          return;
        }
        if (end == std::string_view::npos) break;
        pos = end + 1;
        if (body[end] == '\r' && pos < body.size() && body[pos] == '\n') ++pos;
        ++line;
      }
    }
  }

  SourceFilePtr file_;
  std::string path_;
  std::string_view text_;
  std::string_view name_;
  py::Module mod_;
  const py::Binding* star_ = nullptr;
  bool broken_ = false;
  AlembicRevision out_;
};

}  // namespace

AlembicRevision ReadAlembicRevision(const SourceFilePtr& file, std::string_view file_name) {
  return RevisionReader(file, file_name).Run();
}

bool LooksLikeAlembicRevision(std::string_view text) {
  if (text.size() >= kMaxFileBytes) return false;
  py::Module mod = py::ScanModule(text);
  const py::Binding* rev = mod.Find("revision");
  const py::Binding* down = mod.Find("down_revision");
  return rev && down && rev->kind == py::Binding::Kind::kAssign &&
         down->kind == py::Binding::Kind::kAssign;
}

bool IsAlembicScriptName(std::string_view name, bool sourceless) {
  if (name.starts_with(".#") || name.starts_with("__init__")) return false;
  if (name.find('\n') != std::string_view::npos) return false;
  if (name.ends_with(".py")) return true;
  return sourceless && (name.ends_with(".pyc") || name.ends_with(".pyo"));
}

}  // namespace sse
