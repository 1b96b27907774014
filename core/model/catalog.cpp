#include "core/model/catalog.hpp"

namespace sse::model {

std::string TypeRef::ToString() const {
  std::string out = name;
  // format_type() puts the precision of time types after the first word:
  // "timestamp(3) with time zone".
  size_t space = name.find(' ');
  if (!modifiers.empty() && space != std::string::npos &&
      (name.rfind("timestamp ", 0) == 0 || name.rfind("time ", 0) == 0)) {
    std::string mods = "(" + modifiers.front() + ")";
    out = name.substr(0, space) + mods + name.substr(space);
    for (int i = 0; i < array_dims; ++i) out += "[]";
    return out;
  }
  if (!modifiers.empty()) {
    out += '(';
    for (size_t i = 0; i < modifiers.size(); ++i) {
      if (i) out += ',';
      out += modifiers[i];
    }
    out += ')';
  }
  for (int i = 0; i < array_dims; ++i) out += "[]";
  return out;
}

const Column* Table::FindColumn(const std::string& column) const {
  for (const Column& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

Column* Table::FindColumn(const std::string& column) {
  for (Column& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

std::string Function::Signature() const {
  std::string out = name.ToString() + "(";
  bool first = true;
  for (const FunctionArg& a : args) {
    if (a.mode == "OUT" || a.mode == "TABLE") continue;
    if (!first) out += ", ";
    first = false;
    out += a.type.ToString();
  }
  return out + ")";
}

bool Catalog::HasRelation(const QualifiedName& name) const {
  return tables.count(name) || views.count(name) || indexes.count(name) || sequences.count(name) ||
         composites.count(name);
}

bool Catalog::HasType(const QualifiedName& name) const {
  return enums.count(name) || domains.count(name) || composites.count(name) || tables.count(name) ||
         views.count(name);
}

void Catalog::EraseTable(const QualifiedName& table) {
  tables.erase(table);
  std::erase_if(indexes, [&](const auto& kv) { return kv.second.table == table; });
  std::erase_if(sequences, [&](const auto& kv) { return kv.second.owned_by_table == table; });
}

std::vector<const Index*> Catalog::IndexesOf(const QualifiedName& table) const {
  std::vector<const Index*> out;
  // An index lives in its table's schema, and the map keeps a schema's indexes together.
  for (auto it = indexes.lower_bound({table.schema, ""});
       it != indexes.end() && it->first.schema == table.schema; ++it) {
    if (it->second.table.name == table.name) out.push_back(&it->second);
  }
  return out;
}

std::string_view RefActionSql(RefAction a) {
  switch (a) {
    case RefAction::kNoAction:
      return "NO ACTION";
    case RefAction::kRestrict:
      return "RESTRICT";
    case RefAction::kCascade:
      return "CASCADE";
    case RefAction::kSetNull:
      return "SET NULL";
    case RefAction::kSetDefault:
      return "SET DEFAULT";
  }
  return "NO ACTION";
}

std::string_view ConstraintKindSql(ConstraintKind k) {
  switch (k) {
    case ConstraintKind::kPrimaryKey:
      return "PRIMARY KEY";
    case ConstraintKind::kUnique:
      return "UNIQUE";
    case ConstraintKind::kCheck:
      return "CHECK";
    case ConstraintKind::kForeignKey:
      return "FOREIGN KEY";
    case ConstraintKind::kExclusion:
      return "EXCLUDE";
  }
  return "CHECK";
}

std::string_view ConstraintKindName(ConstraintKind k) {
  switch (k) {
    case ConstraintKind::kPrimaryKey:
      return "primary key";
    case ConstraintKind::kUnique:
      return "unique";
    case ConstraintKind::kCheck:
      return "check";
    case ConstraintKind::kForeignKey:
      return "foreign key";
    case ConstraintKind::kExclusion:
      return "exclusion";
  }
  return "check";
}

std::string_view TriggerTimingSql(TriggerTiming t) {
  switch (t) {
    case TriggerTiming::kBefore:
      return "BEFORE";
    case TriggerTiming::kAfter:
      return "AFTER";
    case TriggerTiming::kInsteadOf:
      return "INSTEAD OF";
  }
  return "AFTER";
}

}  // namespace sse::model
