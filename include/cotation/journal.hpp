// SPDX-License-Identifier: MIT
/// \file
/// Durable storage of an engine's events and snapshots (SPEC 6, issue 12).
///
/// An `event_store` is an append-only sequence of events numbered 1, 2, 3… plus snapshots of
/// the engine's state taken at a sequence number, plus a little metadata (what the state depends
/// on: the engine's options and the grid's content hash). `allocation_engine::open` restores the
/// newest snapshot, replays the events after it, and then appends every accepted event to the
/// store before the engine's call returns; refused events are never stored.
///
/// **Order of append and apply.** The engine applies the event first (it has to: whether an
/// event is accepted is only known by applying it) and appends it to the store only when it was
/// accepted, still inside `apply`. If the append throws (disk full, I/O error), the engine rolls
/// the event back from the pre-images it keeps for refusals, and rethrows: a failed append
/// changes nothing in the engine, and the event was not acknowledged. The opposite order
/// (append, then apply) would journal events that the engine then refuses.
///
/// **Durability** (`journal_options`). By default every event is committed and synced to disk
/// (SQLite WAL, `synchronous=FULL`) before the call returns: an acknowledged event survives a
/// crash of the process and a power failure. `sync = false` keeps one commit per event but lets
/// the operating system write it (`synchronous=NORMAL`): an acknowledged event survives a crash
/// of the process, but the last ones may be lost on a power failure or a crash of the machine.
/// `group_size = n > 1` (group commit, for bulk loads) commits every n events: the events of an
/// unfinished group (up to n − 1 acknowledged events) are lost on a crash of the process too;
/// `allocation_engine::flush` commits the group early, and closing the engine commits it. In
/// group mode the SQLite store keeps the open group's events in memory (encoded) and writes
/// them in one transaction at the commit, which may run on another thread while events are
/// appended: the appending thread never waits for the disk (a service commits on the thread
/// of the request that must wait for it, while others apply theirs).
///
/// The SQLite store is one file (plus SQLite's `-wal` and `-shm` while open); its snapshots are
/// files beside it, `<file>.<sequence>.snapshot`, written to a temporary name, synced and then
/// renamed, and recorded in the journal only once complete. The newest two are kept.
#pragma once

#include <cotation/error.hpp>
#include <cotation/events.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cotation {

/// How the journal commits. See the file comment for what each choice risks.
struct journal_options {
  /// Events per commit: 1 commits every event before the call returns; more groups them
  /// (group commit, for bulk loads), and a crash loses the acknowledged events of the open group.
  std::size_t group_size = 1;
  /// Sync every commit to the disk (survives a power failure). False: survives a crash of the
  /// process only.
  bool sync = true;
  friend bool operator==(const journal_options&, const journal_options&) = default;
};

/// A journal or a snapshot that cannot be used: missing or unreadable, truncated, corrupt,
/// written by a newer format, or made with other options or another grid. `where()` is
/// `<file>` followed by the place: `: event <sequence>` or ` at byte <offset>` when known.
/// Loading that fails changes nothing.
class journal_error : public data_error {
 public:
  /// No place inside the file.
  journal_error(std::string file, std::string reason);
  /// `sequence`: the event's sequence number (1-based); `offset`: a byte offset in the file.
  journal_error(std::string file, std::optional<std::uint64_t> sequence,
                std::optional<std::uint64_t> offset, std::string reason);

  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::optional<std::uint64_t> sequence() const noexcept { return sequence_; }
  [[nodiscard]] std::optional<std::uint64_t> offset() const noexcept { return offset_; }

 private:
  std::string file_;
  std::optional<std::uint64_t> sequence_;
  std::optional<std::uint64_t> offset_;
};

/// Where events and snapshots are kept. One writer at a time; not thread-safe, except where a
/// store says so (the SQLite store's `flush`).
class event_store {
 public:
  virtual ~event_store() = default;
  event_store() = default;
  event_store(const event_store&) = delete;
  event_store& operator=(const event_store&) = delete;

  /// The store's file (or name), for messages.
  [[nodiscard]] virtual const std::string& name() const noexcept = 0;
  /// The sequence number of the last event stored; 0 when there is none.
  [[nodiscard]] virtual std::uint64_t last_sequence() const noexcept = 0;
  /// Stores an event as number `last_sequence() + 1` and returns that number; committed as
  /// `journal_options` says when it returns. Throws `journal_error`; then nothing was stored.
  virtual std::uint64_t append(const event& e) = 0;
  /// Calls `f(sequence, event)` for every event numbered `from` or more, in order. Throws
  /// `journal_error` naming the sequence of an event that cannot be read; the calls before it
  /// were made.
  virtual void read(std::uint64_t from,
                    const std::function<void(std::uint64_t, event&&)>& f) const = 0;
  /// Commits the events of an open group and returns the sequence number of the last event
  /// committed (0 when none is). A store that groups commits says whether `flush` may run on a
  /// second thread while events are appended; the SQLite store's may (see
  /// `allocation_engine::flush`).
  virtual std::uint64_t flush() = 0;

  /// A metadata value, or nothing when the key was never set.
  [[nodiscard]] virtual std::optional<std::string> metadata(std::string_view key) const = 0;
  /// Sets a metadata value (committed before it returns).
  virtual void set_metadata(std::string_view key, std::string_view value) = 0;

  /// Writes a snapshot of the state after event `sequence`: `write` streams it to `out`. The
  /// snapshot is recorded only once complete and synced; a failure leaves the older ones.
  virtual void put_snapshot(std::uint64_t sequence,
                            const std::function<void(std::ostream& out)>& write) = 0;
  /// The sequence number of the newest snapshot, if any.
  [[nodiscard]] virtual std::optional<std::uint64_t> newest_snapshot() const = 0;
  /// Calls `read(in, name)` with the snapshot taken after event `sequence`; `name` names it in
  /// messages (its file). Throws `journal_error` when there is no such snapshot.
  virtual void get_snapshot(
      std::uint64_t sequence,
      const std::function<void(std::istream& in, const std::string& name)>& read) const = 0;
};

/// Opens the SQLite journal at `path`, creating it when missing. Throws `journal_error` when the
/// file is not a cotation journal, is corrupt, or was written by a newer format.
[[nodiscard]] std::unique_ptr<event_store> open_sqlite_store(const std::filesystem::path& path,
                                                             journal_options options = {});

}  // namespace cotation
