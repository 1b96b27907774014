#pragma once
/// ParallelFor: runs fn(i) for i in [0, n) on the machine's cores. Used by readers to read and
/// parse many files at once (100,000 Alembic revisions must lint in under a second).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <thread>
#include <vector>

namespace sse {

/// What the items are. kCpu: computation, a thread per core. kFiles: opening, reading and
/// parsing small files, where each item's system calls leave a core idle now and then; two
/// threads per core keep the cores busy (2,000 Alembic revisions on 2 cores: 15.2 -> 13.5 ms).
enum class Work { kCpu, kFiles };

template <typename Fn>
void ParallelFor(size_t n, Fn&& fn, Work work = Work::kCpu) {
  if (n < 64) {  // not worth a thread
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  size_t cores = std::max(1u, std::thread::hardware_concurrency());
  size_t threads = std::getenv("SSE_THREADS")
                       ? std::strtoul(std::getenv("SSE_THREADS"), nullptr, 10)
                       : std::min<size_t>(work == Work::kFiles ? 2 * cores : cores, 8);
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (;;) {
      size_t begin = next.fetch_add(32);
      if (begin >= n) return;
      size_t end = std::min(n, begin + 32);
      for (size_t i = begin; i < end; ++i) fn(i);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();
}

}  // namespace sse
