// SPDX-License-Identifier: MIT
#include "tokens.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <array>
#include <cotation/error.hpp>

namespace cotation::service {
namespace {

constexpr std::size_t token_bytes = 32;

std::string hex(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) fmt::format_to(std::back_inserter(out), "{:02x}", data[i]);
  return out;
}

bool is_token_shape(std::string_view token) {
  if (token.size() != token_bytes * 2) return false;
  for (char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// One prepared statement, finalised on every path.
class statement {
 public:
  statement(sqlite3* db, const char* sql, const std::filesystem::path& file) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw error(file.string(), fmt::format("SQLite: {}", sqlite3_errmsg(db)));
    }
  }
  ~statement() { sqlite3_finalize(stmt_); }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  void bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  int step() { return sqlite3_step(stmt_); }
  [[nodiscard]] std::string_view column(int i) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
                : std::string_view();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw error("token", "SHA-256 is not available");
  }
  return hex(digest.data(), size);
}

token_store::token_store(const std::filesystem::path& file) : file_(file) {
  if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "cannot open";
    sqlite3_close(db_);
    throw error(file.string(), fmt::format("SQLite: {}", why));
  }
  char* message = nullptr;
  if (sqlite3_exec(db_,
                   "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                   "CREATE TABLE IF NOT EXISTS tokens(hash TEXT PRIMARY KEY, role TEXT NOT NULL,"
                   " request TEXT NOT NULL) WITHOUT ROWID;",
                   nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string why = message ? message : "cannot create the table";
    sqlite3_free(message);
    sqlite3_close(db_);
    throw error(file.string(), fmt::format("SQLite: {}", why));
  }
}

token_store::~token_store() { sqlite3_close(db_); }

std::string token_store::issue(std::string_view role, std::string_view request) {
  std::array<unsigned char, token_bytes> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    throw error("token", "the system's random generator failed");
  }
  std::string token = hex(random.data(), random.size());
  const std::string hash = sha256_hex(token);
  const std::lock_guard lock(mutex_);
  statement insert(db_, "INSERT INTO tokens(hash, role, request) VALUES(?1, ?2, ?3)", file_);
  insert.bind(1, hash);
  insert.bind(2, role);
  insert.bind(3, request);
  if (insert.step() != SQLITE_DONE) {
    throw error(file_.string(), fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
  }
  return token;
}

std::string token_store::issue_applicant(const request_number& n) {
  return issue("applicant", n.str());
}

std::string token_store::issue_operator() { return issue("operator", ""); }

bool token_store::has_operator() const {
  const std::lock_guard lock(mutex_);
  statement query(db_, "SELECT 1 FROM tokens WHERE role = 'operator' LIMIT 1", file_);
  return query.step() == SQLITE_ROW;
}

std::optional<principal> token_store::find(std::string_view token) const {
  if (!is_token_shape(token)) return std::nullopt;
  std::string hash = sha256_hex(token);
  {
    const std::shared_lock cached(cache_mutex_);
    if (const auto it = cache_.find(hash); it != cache_.end()) return it->second;
  }
  principal found;
  {
    const std::lock_guard lock(mutex_);
    statement query(db_, "SELECT role, request FROM tokens WHERE hash = ?1", file_);
    query.bind(1, hash);
    if (query.step() != SQLITE_ROW) return std::nullopt;
    found = query.column(0) == "operator"
                ? principal{.kind = principal::role::operator_}
                : principal{.kind = principal::role::applicant,
                            .request = request_number::parse(query.column(1))};
  }
  const std::unique_lock cached(cache_mutex_);
  if (cache_.size() >= token_cache_entries) cache_.clear();
  cache_.emplace(std::move(hash), found);
  return found;
}

std::vector<request_number> token_store::applicant_requests() const {
  const std::lock_guard lock(mutex_);
  statement query(db_, "SELECT DISTINCT request FROM tokens WHERE role = 'applicant'", file_);
  std::vector<request_number> out;
  int rc = 0;
  while ((rc = query.step()) == SQLITE_ROW) out.push_back(request_number::parse(query.column(0)));
  if (rc != SQLITE_DONE)
    throw error(file_.string(), fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
  return out;
}

}  // namespace cotation::service
