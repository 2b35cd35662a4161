// SPDX-License-Identifier: MIT
// Bearer tokens of the example service: an applicant's token is bound to one request, an
// operator's to the operator role. Tokens are 256 random bits written as 64 hexadecimal
// digits; only their SHA-256 is stored (SQLite, `<data_dir>/tokens.sqlite`), so a copy of the
// folder does not give anyone's access away.
#pragma once

#include <cotation/request_number.hpp>
#include <filesystem>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace cotation::service {

/// Who a token belongs to.
struct principal {
  enum class role { applicant, operator_ } kind = role::applicant;
  std::optional<request_number> request;  ///< The applicant's request.
};

/// Tokens found kept in memory (by hash): every request of the service authenticates, and a
/// look-up in SQLite (under the store's one connection) costs tens of microseconds. Tokens are
/// never revoked, so a found token stays valid; past this many the memory is emptied.
inline constexpr std::size_t token_cache_entries = 100'000;

/// The tokens of one platform. Thread-safe.
class token_store {
 public:
  /// Opens or creates the store. Throws `cotation::error` naming the file on failure.
  explicit token_store(const std::filesystem::path& file);
  ~token_store();
  token_store(const token_store&) = delete;
  token_store& operator=(const token_store&) = delete;

  /// A new token for request `n`, stored (hashed) before it is returned.
  [[nodiscard]] std::string issue_applicant(const request_number& n);
  /// A new operator token; stored (hashed) before it is returned.
  [[nodiscard]] std::string issue_operator();
  /// Whether an operator token was ever issued.
  [[nodiscard]] bool has_operator() const;
  /// The owner of `token`; nothing for an unknown or malformed token.
  [[nodiscard]] std::optional<principal> find(std::string_view token) const;
  /// The requests that hold at least one applicant token, each once.
  [[nodiscard]] std::vector<request_number> applicant_requests() const;

 private:
  std::string issue(std::string_view role, std::string_view request);

  mutable std::mutex mutex_;  ///< The SQLite connection.
  mutable std::shared_mutex cache_mutex_;
  mutable std::unordered_map<std::string, principal> cache_;  ///< By the token's SHA-256.
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

/// SHA-256 of `text`, as 64 lowercase hexadecimal digits.
[[nodiscard]] std::string sha256_hex(std::string_view text);

}  // namespace cotation::service
