#pragma once
/// The dialect plugin contract. A Dialect composes small parts (Atlas's shape): a Replayer
/// (statements -> model, static), a RuleProvider (the dialect's own rules), and later an
/// Inspector (live database -> model) and a Normalizer. The parts' interfaces live in core
/// (core/model/replay.hpp) so that core can call them without depending on a dialect; this
/// header registers the dialects built into the binary, explicitly (no static-init magic).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/replay.hpp"

namespace sse {

/// One SQL engine.
struct Dialect {
  std::string name;  ///< "postgres", "sqlite", "d1"
  bool transactional_ddl = false;
  std::unique_ptr<Replayer> replayer;
  std::unique_ptr<RuleProvider> rules;
};

/// Every dialect built in, as the DialectSet the core consumes.
class BuiltinDialects final : public DialectSet {
 public:
  BuiltinDialects();
  const Replayer* ReplayerFor(std::string_view dialect) const override;
  const RuleProvider* RulesFor(std::string_view dialect) const override;
  const Dialect* Find(std::string_view dialect) const;

 private:
  std::vector<Dialect> dialects_;
};

/// The process-wide registry (built on first use).
const BuiltinDialects& Dialects();

}  // namespace sse
