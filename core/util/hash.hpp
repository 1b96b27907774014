#pragma once
/// Hashing through OpenSSL: SHA-256 (Prisma, Drizzle and schema.sum), HMAC-SHA256 (the wrangler
/// local-state file name) and CRC32 as Flyway computes it.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sse {

using Sha256Digest = std::array<unsigned char, 32>;

Sha256Digest Sha256(std::string_view data);
/// Incremental SHA-256.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::string_view data);
  Sha256Digest Final();

 private:
  void* ctx_;
};

Sha256Digest HmacSha256(std::string_view key, std::string_view data);
std::string HexLower(const unsigned char* data, size_t n);
inline std::string HexLower(const Sha256Digest& d) { return HexLower(d.data(), d.size()); }
std::string Base64(const unsigned char* data, size_t n);
inline std::string Base64(const Sha256Digest& d) { return Base64(d.data(), d.size()); }

}  // namespace sse
