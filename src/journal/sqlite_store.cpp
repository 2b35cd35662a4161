// SPDX-License-Identifier: MIT
// The SQLite event store: one table of events (sequence, binary event, checksum), one of
// metadata, one naming the snapshot files. WAL mode; see <cotation/journal.hpp> for commits.
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cotation/journal.hpp>
#include <fstream>
#include <mutex>
#include <utility>
#include <vector>

#include "journal/binary_codec.hpp"

namespace cotation {

namespace {

std::string place(const std::string& file, std::optional<std::uint64_t> sequence,
                  std::optional<std::uint64_t> offset) {
  std::string out = file;
  if (sequence) out += fmt::format(": event {}", *sequence);
  if (offset) out += fmt::format(" at byte {}", *offset);
  return out;
}

}  // namespace

journal_error::journal_error(std::string file, std::string reason)
    : journal_error(std::move(file), std::nullopt, std::nullopt, std::move(reason)) {}

journal_error::journal_error(std::string file, std::optional<std::uint64_t> sequence,
                             std::optional<std::uint64_t> offset, std::string reason)
    : data_error(place(file, sequence, offset), std::move(reason)),
      file_(std::move(file)),
      sequence_(sequence),
      offset_(offset) {}

namespace {

constexpr std::string_view format_name = "cotation-journal";

/// Syncs a file or a directory to the disk.
void sync_path(const std::filesystem::path& p, const std::string& name) {
  const int fd = ::open(p.c_str(), O_RDONLY);
  if (fd < 0) throw journal_error(name, fmt::format("cannot open {} to sync it", p.string()));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw journal_error(name, fmt::format("cannot sync {}", p.string()));
}

class statement {
 public:
  statement() = default;
  statement(sqlite3* db, std::string_view sql, const std::string& name) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &s_, nullptr) != SQLITE_OK) {
      throw journal_error(name, sqlite3_errmsg(db));
    }
  }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  statement(statement&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  statement& operator=(statement&& o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~statement() { sqlite3_finalize(s_); }
  [[nodiscard]] sqlite3_stmt* get() const noexcept { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
};

/// Resets a statement when the scope ends, whatever happens.
struct reset_on_exit {
  sqlite3_stmt* s;
  ~reset_on_exit() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

class sqlite_store final : public event_store {
 public:
  sqlite_store(const std::filesystem::path& path, journal_options options)
      : path_(path), name_(path.string()), options_(options) {
    if (options_.group_size == 0) throw invalid_argument("group_size", "must be at least 1");
    if (sqlite3_open_v2(name_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw journal_error(name_, fmt::format("cannot be opened: {}", why));
    }
    try {
      setup();
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }

  ~sqlite_store() override {
    try {
      flush();
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor cannot report it
    }
    const std::lock_guard sql(sql_mutex_);
    insert_ = statement();
    read_ = statement();
    sqlite3_close(db_);
  }

  [[nodiscard]] const std::string& name() const noexcept override { return name_; }
  [[nodiscard]] std::uint64_t last_sequence() const noexcept override { return last_; }

  std::uint64_t append(const event& e) override {
    const std::uint64_t seq = last_ + 1;
    encoded_.clear();
    detail::byte_writer w(encoded_);
    detail::encode(w, e);
    if (options_.group_size == 1) {
      const std::lock_guard sql(sql_mutex_);
      insert(seq, encoded_, detail::checksum64(encoded_));
      last_ = seq;
      committed_ = seq;
      return seq;
    }
    // Group commit: the event waits in memory for the commit, which may run on another thread
    // meanwhile (`flush`): appending never waits for the disk.
    std::size_t waiting = 0;
    {
      const std::lock_guard lock(pending_mutex_);
      pending_.push_back(pending_event{seq, pending_bytes_.size(), encoded_.size(),
                                       detail::checksum64(encoded_)});
      pending_bytes_ += encoded_;
      waiting = pending_.size();
    }
    last_ = seq;
    if (waiting >= options_.group_size) flush();
    return seq;
  }

  void read(std::uint64_t from,
            const std::function<void(std::uint64_t, event&&)>& f) const override {
    const std::lock_guard sql(sql_mutex_);
    sqlite3_stmt* s = read_.get();
    reset_on_exit reset{s};
    from = std::max<std::uint64_t>(from, 1);
    sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(from));
    std::uint64_t expected = from;
    // The events of the open group after the stored ones (copied: `f` may take long).
    std::vector<pending_event> waiting;
    std::string waiting_bytes;
    {
      const std::lock_guard lock(pending_mutex_);
      waiting = pending_;
      waiting_bytes = pending_bytes_;
    }
    for (;;) {
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(expected, "cannot be read");
      const auto seq = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
      if (seq != expected) {
        throw journal_error(name_, expected, std::nullopt,
                            fmt::format("missing (the next event stored is {})", seq));
      }
      const auto* data = static_cast<const char*>(sqlite3_column_blob(s, 1));
      const std::string_view body(data != nullptr ? data : "",
                                  static_cast<std::size_t>(sqlite3_column_bytes(s, 1)));
      if (static_cast<std::uint64_t>(sqlite3_column_int64(s, 2)) != detail::checksum64(body)) {
        throw journal_error(name_, seq, std::nullopt,
                            "corrupt: its checksum does not match its bytes");
      }
      std::optional<event> e;
      try {
        e.emplace(detail::decode_event(body));
      } catch (const detail::binary_fault& fault) {
        throw journal_error(name_, seq, std::nullopt,
                            fmt::format("cannot be decoded at byte {} of the event: {}",
                                        fault.offset, fault.what()));
      }
      f(seq, std::move(*e));
      ++expected;
    }
    for (const pending_event& p : waiting) {
      if (p.seq < expected) continue;
      f(p.seq, detail::decode_event(std::string_view(waiting_bytes).substr(p.offset, p.size)));
      ++expected;
    }
  }

  std::uint64_t flush() override {
    const std::lock_guard sql(sql_mutex_);
    commit_pending();
    return committed_;
  }

  [[nodiscard]] std::optional<std::string> metadata(std::string_view key) const override {
    const std::lock_guard sql(sql_mutex_);
    return metadata_locked(key);
  }

  void set_metadata(std::string_view key, std::string_view value) override {
    const std::lock_guard sql(sql_mutex_);
    commit_pending();
    statement s(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", name_);
    sqlite3_bind_text(s.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    sqlite3_bind_blob(s.get(), 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    if (sqlite3_step(s.get()) != SQLITE_DONE) {
      fail(std::nullopt, fmt::format("metadata \"{}\" cannot be written", key));
    }
  }

  void put_snapshot(std::uint64_t sequence,
                    const std::function<void(std::ostream&)>& write) override {
    const std::lock_guard sql(sql_mutex_);
    // The events up to the snapshot are committed first: a snapshot is never ahead of the
    // journal.
    commit_pending();
    put_snapshot_locked(sequence, write);
  }

  void get_snapshot(
      std::uint64_t sequence,
      const std::function<void(std::istream&, const std::string&)>& read) const override {
    const std::lock_guard sql(sql_mutex_);
    get_snapshot_locked(sequence, read);
  }

  [[nodiscard]] std::optional<std::uint64_t> newest_snapshot() const override {
    const std::lock_guard sql(sql_mutex_);
    statement s(db_, "SELECT max(seq) FROM snapshots", name_);
    if (sqlite3_step(s.get()) != SQLITE_ROW || sqlite3_column_type(s.get(), 0) == SQLITE_NULL) {
      return std::nullopt;
    }
    return static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0));
  }

 private:
  /// An event appended in group mode and not committed yet: its bytes in `pending_bytes_`.
  struct pending_event {
    std::uint64_t seq;
    std::size_t offset;
    std::size_t size;
    std::uint64_t sum;
  };

  /// Stores one event (in the open transaction, if any). Under `sql_mutex_`.
  void insert(std::uint64_t seq, std::string_view body, std::uint64_t sum) {
    sqlite3_stmt* s = insert_.get();
    reset_on_exit reset{s};
    sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(seq));
    sqlite3_bind_blob(s, 2, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, static_cast<sqlite3_int64>(sum));
    if (sqlite3_step(s) != SQLITE_DONE) fail(seq, "cannot be appended");
  }

  /// Commits the events appended since the last commit, in one transaction. Under
  /// `sql_mutex_`; appends go on meanwhile (into the next group). On a failure nothing is
  /// committed and the events wait for the next commit, in order.
  void commit_pending() {
    {
      const std::lock_guard lock(pending_mutex_);
      if (pending_.empty()) return;
      batch_.swap(pending_);
      batch_bytes_.swap(pending_bytes_);
    }
    try {
      exec("BEGIN");
      for (const pending_event& p : batch_) {
        insert(p.seq, std::string_view(batch_bytes_).substr(p.offset, p.size), p.sum);
      }
      exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      const std::lock_guard lock(pending_mutex_);
      for (pending_event& p : pending_) p.offset += batch_bytes_.size();
      batch_.insert(batch_.end(), pending_.begin(), pending_.end());
      batch_bytes_ += pending_bytes_;
      pending_.swap(batch_);
      pending_bytes_.swap(batch_bytes_);
      batch_.clear();
      batch_bytes_.clear();
      throw;
    }
    committed_ = batch_.back().seq;
    batch_.clear();
    batch_bytes_.clear();
  }

  [[nodiscard]] std::optional<std::string> metadata_locked(std::string_view key) const {
    statement s(db_, "SELECT value FROM meta WHERE key = ?1", name_);
    sqlite3_bind_text(s.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(s.get());
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) fail(std::nullopt, fmt::format("metadata \"{}\" cannot be read", key));
    const auto* data = static_cast<const char*>(sqlite3_column_blob(s.get(), 0));
    return std::string(data != nullptr ? data : "",
                       static_cast<std::size_t>(sqlite3_column_bytes(s.get(), 0)));
  }

  void put_snapshot_locked(std::uint64_t sequence,
                           const std::function<void(std::ostream&)>& write) {
    const std::string file = snapshot_file(sequence);
    const std::filesystem::path final_path = path_.parent_path() / file;
    const std::filesystem::path temporary = final_path.string() + ".tmp";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      std::vector<char> buffer(1 << 20);
      out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      if (!out) throw journal_error(temporary.string(), "cannot be created");
      write(out);
      out.flush();
      if (!out) {
        std::filesystem::remove(temporary);
        throw journal_error(temporary.string(), "cannot be written");
      }
    }
    sync_path(temporary, name_);
    std::filesystem::rename(temporary, final_path);
    sync_path(final_path.parent_path().empty() ? "." : final_path.parent_path(), name_);
    {
      statement s(db_, "INSERT OR REPLACE INTO snapshots(seq, file) VALUES (?1, ?2)", name_);
      sqlite3_bind_int64(s.get(), 1, static_cast<sqlite3_int64>(sequence));
      sqlite3_bind_text(s.get(), 2, file.data(), static_cast<int>(file.size()), SQLITE_STATIC);
      if (sqlite3_step(s.get()) != SQLITE_DONE)
        fail(std::nullopt, "the snapshot cannot be recorded");
    }
    // Keep the newest two.
    std::vector<std::pair<std::uint64_t, std::string>> old;
    {
      statement s(db_, "SELECT seq, file FROM snapshots ORDER BY seq DESC LIMIT -1 OFFSET 2",
                  name_);
      while (sqlite3_step(s.get()) == SQLITE_ROW) {
        old.emplace_back(static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0)),
                         reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 1)));
      }
    }
    for (const auto& [seq, f] : old) {
      statement s(db_, "DELETE FROM snapshots WHERE seq = ?1", name_);
      sqlite3_bind_int64(s.get(), 1, static_cast<sqlite3_int64>(seq));
      if (sqlite3_step(s.get()) == SQLITE_DONE) {
        std::error_code ignored;
        std::filesystem::remove(path_.parent_path() / f, ignored);
      }
    }
  }

  void get_snapshot_locked(
      std::uint64_t sequence,
      const std::function<void(std::istream&, const std::string&)>& read) const {
    statement s(db_, "SELECT file FROM snapshots WHERE seq = ?1", name_);
    sqlite3_bind_int64(s.get(), 1, static_cast<sqlite3_int64>(sequence));
    if (sqlite3_step(s.get()) != SQLITE_ROW) {
      throw journal_error(name_, fmt::format("no snapshot after event {}", sequence));
    }
    const std::filesystem::path file =
        path_.parent_path() / reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      throw journal_error(file.string(),
                          "missing: the journal records it, but it cannot be opened");
    }
    read(in, file.string());
  }

  [[noreturn]] void fail(std::optional<std::uint64_t> seq, std::string_view what) const {
    const int code = sqlite3_errcode(db_);
    const std::string detail = sqlite3_errmsg(db_);
    if (code == SQLITE_NOTADB) {
      throw journal_error(name_, seq, std::nullopt,
                          fmt::format("{}: not a cotation journal ({})", what, detail));
    }
    if (code == SQLITE_CORRUPT) {
      throw journal_error(name_, seq, std::nullopt, fmt::format("{}: corrupt ({})", what, detail));
    }
    throw journal_error(name_, seq, std::nullopt, fmt::format("{}: {}", what, detail));
  }

  void exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string why = message != nullptr ? message : "unknown failure";
      sqlite3_free(message);
      const int code = sqlite3_errcode(db_);
      throw journal_error(name_, code == SQLITE_NOTADB
                                     ? fmt::format("not a cotation journal ({})", why)
                                 : code == SQLITE_CORRUPT ? fmt::format("corrupt ({})", why)
                                                          : why);
    }
  }

  [[nodiscard]] std::string snapshot_file(std::uint64_t sequence) const {
    return fmt::format("{}.{}.snapshot", path_.filename().string(), sequence);
  }

  void setup() {
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA journal_mode=WAL");
    exec(options_.sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    {
      statement s(db_, "SELECT count(*) FROM sqlite_master WHERE name = 'meta'", name_);
      if (sqlite3_step(s.get()) != SQLITE_ROW) fail(std::nullopt, "cannot be read");
      if (sqlite3_column_int(s.get(), 0) == 0) {
        statement any(db_, "SELECT count(*) FROM sqlite_master", name_);
        if (sqlite3_step(any.get()) != SQLITE_ROW) fail(std::nullopt, "cannot be read");
        if (sqlite3_column_int(any.get(), 0) != 0) {
          throw journal_error(name_, "not a cotation journal (a database with other tables)");
        }
        exec("BEGIN");
        exec("CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL)");
        exec(
            "CREATE TABLE events(seq INTEGER PRIMARY KEY, body BLOB NOT NULL, sum INTEGER NOT "
            "NULL)");
        exec("CREATE TABLE snapshots(seq INTEGER PRIMARY KEY, file TEXT NOT NULL)");
        exec(fmt::format("INSERT INTO meta VALUES ('format', '{}'), ('version', '{}')", format_name,
                         detail::binary_format_version)
                 .c_str());
        exec("COMMIT");
      }
    }
    const auto format = metadata_locked("format");
    if (format != format_name) throw journal_error(name_, "not a cotation journal (no format)");
    const std::string version = metadata_locked("version").value_or("(none)");
    if (version != std::to_string(detail::binary_format_version)) {
      const bool newer = std::all_of(version.begin(), version.end(),
                                     [](char c) { return c >= '0' && c <= '9'; }) &&
                         version.size() < 10 && std::stoul(version) > detail::binary_format_version;
      throw journal_error(name_, fmt::format("format version {} is {} this build reads ({})",
                                             version, newer ? "newer than the one" : "not the one",
                                             detail::binary_format_version));
    }
    insert_ = statement(db_, "INSERT INTO events(seq, body, sum) VALUES (?1, ?2, ?3)", name_);
    read_ = statement(db_, "SELECT seq, body, sum FROM events WHERE seq >= ?1 ORDER BY seq", name_);
    statement s(db_, "SELECT max(seq) FROM events", name_);
    if (sqlite3_step(s.get()) != SQLITE_ROW) fail(std::nullopt, "cannot be read");
    last_ = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0));
    committed_ = last_;
  }

  std::filesystem::path path_;
  std::string name_;
  journal_options options_;
  sqlite3* db_ = nullptr;
  statement insert_;
  statement read_;
  /// Every use of the connection, and `committed_`.
  mutable std::mutex sql_mutex_;
  std::uint64_t last_ = 0;       ///< written by `append` only (one appending thread)
  std::uint64_t committed_ = 0;  ///< the last event committed
  std::string encoded_;          ///< `append`'s scratch
  /// Group mode: the events appended and not committed yet, and their bytes.
  mutable std::mutex pending_mutex_;
  std::vector<pending_event> pending_;
  std::string pending_bytes_;
  /// The group being committed (under `sql_mutex_`); kept to reuse its room.
  std::vector<pending_event> batch_;
  std::string batch_bytes_;
};

}  // namespace

std::unique_ptr<event_store> open_sqlite_store(const std::filesystem::path& path,
                                               journal_options options) {
  return std::make_unique<sqlite_store>(path, options);
}

}  // namespace cotation
