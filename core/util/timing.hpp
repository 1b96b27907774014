#pragma once
/// Phase timings for performance work: with SSE_TIMING=1 in the environment, each PhaseTimer
/// prints "schema: timing: <phase> <ms>" to stderr when it ends. Off by default (no output).

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace sse {

class PhaseTimer {
 public:
  explicit PhaseTimer(const char* phase)
      : phase_(phase),
        enabled_(std::getenv("SSE_TIMING") != nullptr),
        start_(std::chrono::steady_clock::now()) {}
  ~PhaseTimer() {
    if (!enabled_) return;
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - start_)
                  .count();
    std::fprintf(stderr, "schema: timing: %s %.3f ms\n", phase_, static_cast<double>(us) / 1000.0);
  }
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

 private:
  const char* phase_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace sse
