// SPDX-License-Identifier: MIT
// The platform behind the example service: one journalled allocation engine, the applicants'
// and operators' tokens, and the rule that makes it safe to share between HTTP threads — many
// readers at once, one writer at a time, and a write acknowledged only once the engine has
// applied it and committed it to the journal.
//
// Commits: a write is applied under the writing lock (and appended to the journal's open
// transaction), then the lock is released and its answer waits until a commit covers it. The
// platform's committing thread commits (SQLite COMMIT, synced by default) every event applied
// so far whenever an answer waits for one, so that concurrent writes share one sync instead of
// queueing one sync each — group commit across requests, with the same promise: no answer
// before its event is committed. Reads wait the same way for the events they saw, so that
// nothing is shown that a crash could take back (a dashboard for the events that may change it
// only: `allocation_engine::last_change_for`). The answer waits either in its thread
// (`position`, `dashboard`...: the call returns once committed) or without one
// (`position_unawaited`, `read_for_unawaited`, then `when_durable`: the committing thread runs
// what sends it). The HTTP threads enter the engine through a gate as wide as the machine has
// cores (`work_gate`).
//
// The folder (`platform_options::data_dir`) holds everything: `journal.sqlite` (the engine's
// events, SQLite, with its binary snapshots `journal.sqlite.<sequence>.snapshot` beside it),
// `tokens.sqlite` (the tokens' hashes) and `operator.token`. Opening a folder again restores
// the engine (the newest snapshot, then the events after it): a restart, even after a SIGKILL,
// finds every write that was acknowledged.
//
// The HTTP layer (api.cpp, pages.cpp) only translates: every decision about who may do what
// and on which date is taken here, so that it is tested without a socket.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cotation/dashboard.hpp>
#include <cotation/engine.hpp>
#include <cotation/events.hpp>
#include <cotation/journal.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tokens.hpp"

namespace cotation::service {

/// Which date the platform's operations carry.
enum class clock_mode {
  /// Today's date (UTC) for every applicant action and operator operation: the service of a
  /// real platform.
  system,
  /// The engine's own date: an applicant's action is dated the engine's clock, and only an
  /// operator's `advance` event moves it (tests, demonstrations, replays of a past period).
  engine,
};

/// How to start a platform.
struct platform_options {
  /// The folder that holds the platform's state (journal, snapshots, tokens). Created when
  /// missing; a fresh folder is an empty platform.
  std::filesystem::path data_dir;
  clock_mode clock = clock_mode::system;
  /// The engine's options; recorded in the journal when it is created, and a folder opened
  /// with other options is refused (`journal_error`).
  engine_options engine{};
  /// Each commit synced to the disk before the answer (the default): an acknowledged write
  /// survives a crash of the process and of the machine. False: committed before the answer,
  /// written to the disk by the operating system — survives a crash of the process only.
  bool sync = true;
};

/// The journal's file in a platform's folder.
[[nodiscard]] std::filesystem::path journal_file(const std::filesystem::path& data_dir);

/// Events per commit while `platform::bulk_load` runs.
inline constexpr std::size_t bulk_group_size = 8192;

/// An offer as an applicant sees it in the list of open offers: no other applicant appears.
struct open_offer_view {
  const offer_record* record = nullptr;
  date closes_on{};
  std::size_t eligible_count = 0;
  std::size_t candidate_count = 0;
  bool eligible = false;    ///< The viewer may position on it (when the viewer is an applicant).
  bool positioned = false;  ///< The viewer is positioned on it.
  eligibility_failures failures{};  ///< Why the viewer is not eligible.
};

/// The result of a write: applied (and durable), or refused with the engine's reason.
struct write_result {
  outcome result;
  std::uint64_t sequence = 0;  ///< The journal's last sequence number: this event's when applied.
};

/// A reader-writer lock that lets a waiting writer in before the readers that come after it.
/// (`std::shared_mutex` on glibc prefers readers: under a steady stream of dashboard reads, a
/// write would wait as long as the stream lasts.) Meets the SharedMutex requirements used by
/// `std::unique_lock` and `std::shared_lock`.
class writer_first_mutex {
 public:
  void lock() {
    const std::lock_guard turn(turnstile_);  // new readers wait at the turnstile
    rw_.lock();
  }
  void unlock() { rw_.unlock(); }
  void lock_shared() {
    { const std::lock_guard turn(turnstile_); }
    rw_.lock_shared();
  }
  void unlock_shared() { rw_.unlock_shared(); }

 private:
  std::mutex turnstile_;
  std::shared_mutex rw_;
};

/// At most a few threads at once past it (as many as the machine has cores), the others
/// asleep until one leaves. Let many threads into the engine at once, and the scheduler
/// shares the cores among as many runnable threads, pre-empting readers that hold the engine's
/// lock; a writer then waits for them, and every new reader for the writer (a convoy). Behind
/// the gate, the threads in the engine are few and run to the end of their turn. (With 64
/// HTTP threads, 2026-12-06: a gate 64 wide gave 3 641 reads/s where 2 and 4 gave 4 110–4 125.)
///
/// (A mutex and a condition variable rather than `std::counting_semaphore`, whose wait in
/// libstdc++ 12 spins on `sched_yield` before it sleeps: 6 % of the service's time under load.)
class work_gate {
 public:
  explicit work_gate(unsigned width) : free_(std::max(1U, width)) {}
  /// Waits for a place; `unlock` gives it back (BasicLockable: held with `std::lock_guard`).
  void lock() {
    std::unique_lock held(m_);
    while (free_ == 0) freed_.wait(held);
    --free_;
  }
  void unlock() {
    {
      const std::lock_guard held(m_);
      ++free_;
    }
    freed_.notify_one();
  }

 private:
  std::mutex m_;
  std::condition_variable freed_;
  unsigned free_;
};

/// One platform. Every member function may be called from any thread.
class platform {
 public:
  /// Opens (or creates) the platform in `options.data_dir` and restores its engine from the
  /// journal. Throws `cotation::error` when the folder cannot be used, naming it and the
  /// reason: `journal_error` for a corrupt journal or one made with other options, and when a
  /// bulk load into the folder was interrupted (the folder must be removed and loaded again).
  explicit platform(platform_options options);
  /// Closes the journal (its last events are committed already).
  ~platform();
  platform(const platform&) = delete;
  platform& operator=(const platform&) = delete;

  /// The date an operation made now carries (see `clock_mode`); nothing when the engine has no
  /// date yet in `clock_mode::engine`.
  [[nodiscard]] std::optional<date> today() const;

  // --- Applicants -----------------------------------------------------------------------

  /// Files a new request dated `today()` and issues its applicant token (returned once, stored
  /// hashed). Refused like `allocation_engine::file_request`.
  struct filing {
    write_result write;
    std::string token;  ///< Empty when refused.
  };
  filing file_request(applicant request);
  write_result renew(const request_number& n);
  write_result position(const request_number& n, const offer_id& o);
  write_result withdraw(const request_number& n, const offer_id& o);
  write_result answer(const request_number& n, const offer_id& o, answer_kind a);
  /// `position` and `withdraw` without their wait, for a server that answers from the thread
  /// that commits (`when_durable`) rather than holding a thread until then: the event is
  /// applied and appended to the journal's open group, perhaps not committed yet. The result
  /// (applied or refused) must not be shown before `when_durable(result.sequence, ...)` runs.
  [[nodiscard]] write_result position_unawaited(const request_number& n, const offer_id& o);
  [[nodiscard]] write_result withdraw_unawaited(const request_number& n, const offer_id& o);

  /// The request's dashboard, nothing for an unknown request.
  [[nodiscard]] std::optional<request_dashboard> dashboard(const request_number& n) const;
  /// The open offers with their counts; for an applicant viewer, whether they may position.
  [[nodiscard]] std::vector<open_offer_view> open_offers(
      const std::optional<request_number>& viewer) const;

  // --- Operators ------------------------------------------------------------------------

  /// Applies any event of the cycle (`<cotation/events.hpp>`), as given.
  write_result apply(const event& e);
  /// A new applicant token for an existing request (the previous ones stay valid).
  [[nodiscard]] std::optional<std::string> issue_token(const request_number& n);
  [[nodiscard]] state_digest digest() const;
  [[nodiscard]] std::optional<date> engine_clock() const;
  /// The journal's last sequence number: events applied since the folder was created.
  [[nodiscard]] std::uint64_t sequence() const;

  // --- Durability -----------------------------------------------------------------------

  /// Runs `load` — which applies events through this platform, from this thread, before it
  /// serves anyone — with the journal in group commit (`bulk_group_size` events per commit, a
  /// write answered before its commit), then writes a snapshot and returns to committing every
  /// write before it is answered. Only a fresh
  /// folder (no event yet) may be bulk loaded: `cotation::error` otherwise. The folder is marked
  /// as loading first and as loaded once the snapshot is written; a load that stops half-way (a
  /// crash, which may lose the last open group, or an exception from `load`, rethrown) leaves
  /// the mark, and the folder is then refused at the next start.
  void bulk_load(std::string_view source, const std::function<void()>& load);
  /// Writes a snapshot of the engine (under the writing lock) so that the next start replays
  /// only the events after it. Done at a clean stop; safe at any time.
  void checkpoint();
  /// Tokens whose request the engine does not know. Zero unless the folder's files were
  /// replaced one by one (the journal restored from an older copy than the tokens).
  [[nodiscard]] std::size_t orphan_tokens() const;

  /// Runs `f` with the engine under the shared (reading) lock: for views this class does not
  /// offer. `f` must not keep references past the call.
  void read(const std::function<void(const allocation_engine&)>& f) const;
  /// `read` for a view of request `n` only (its dashboard, its page): answered once the events
  /// that may have changed that view are committed (`allocation_engine::last_change_for`), not
  /// every event applied so far.
  void read_for(const request_number& n,
                const std::function<void(const allocation_engine&)>& f) const;
  /// `read_for` without its wait: returns the event the view depends on; what `f` saw must
  /// not be shown before `when_durable` of it runs.
  [[nodiscard]] std::uint64_t read_for_unawaited(
      const request_number& n, const std::function<void(const allocation_engine&)>& f) const;
  /// Runs `then` once event `sequence` is committed: at once on this thread when it is
  /// already, else on the platform's committing thread, right after the commit. `then` must be
  /// short (it delays the next commit) and must not wait for a commit.
  void when_durable(std::uint64_t sequence, std::function<void()> then) const;

  // --- Authentication -------------------------------------------------------------------

  [[nodiscard]] std::optional<principal> authenticate(std::string_view token) const;
  /// The operator token, written once to `<data_dir>/operator.token` (mode 0600) when the
  /// platform is created; only its hash is kept after.
  [[nodiscard]] const std::filesystem::path& operator_token_file() const noexcept;

 private:
  [[nodiscard]] std::optional<date> today_locked() const;
  [[nodiscard]] std::vector<open_offer_view> open_offers_locked(
      const std::optional<request_number>& viewer) const;
  /// Returns once the journal has committed event `sequence` (`when_durable`).
  void wait_durable(std::uint64_t sequence) const;
  /// The committing thread: whenever a waiter needs an event committed, commits every event
  /// applied so far in one transaction (the writes that arrived meanwhile share it: group
  /// commit), then runs the `when_durable` calls it made due and wakes the waiters. The commit
  /// does not hold the engine's lock: writers apply the next group while the disk syncs this
  /// one. A commit that fails stops the process (`std::abort`): the engine then holds events
  /// the journal may not, and the restart recovers the journal's (acknowledged) state.
  void commit_loop();
  /// Records that the journal holds every event up to `sequence` (a snapshot, a load).
  void mark_durable(std::uint64_t sequence) const;
  /// `r()` under the reading lock, answered once what it saw is committed: the events up to
  /// `seen()`, read under the same lock (by default every event applied so far). The engine's
  /// const queries may run concurrently (its pool is kept up to date by each event, never
  /// rebuilt by a query).
  template <typename Read, typename Seen>
  auto reading(Read r, Seen seen) const;
  template <typename Read>
  auto reading(Read r) const;
  [[nodiscard]] journal_options serving_journal() const;
  [[nodiscard]] std::unique_ptr<allocation_engine> open_engine(journal_options journal) const;
  /// Applies `make(today)` under the writing lock, the date read under the same lock.
  template <typename Make>
  write_result dated_write(Make make);
  /// `dated_write` without the wait.
  template <typename Make>
  write_result dated_apply(Make make);

  platform_options options_;
  /// Taken before `mutex_` by the reads and writes of the HTTP threads, released with it.
  mutable work_gate gate_;
  mutable writer_first_mutex mutex_;
  /// Held by the thread that commits, without `mutex_` (writers go on applying meanwhile),
  /// and by whatever replaces the engine (taken before `mutex_`).
  mutable std::mutex commit_mutex_;
  /// `wanted_`, `awaiting_`, `stopping_`; the waiters of `committed_` and `commit_wanted_`.
  mutable std::mutex durable_mutex_;
  mutable std::condition_variable committed_;      ///< A commit is done.
  mutable std::condition_variable commit_wanted_;  ///< Wakes the committing thread.
  mutable std::uint64_t wanted_ = 0;               ///< The newest event a waiter needs.
  struct awaiting {
    std::uint64_t sequence;
    std::function<void()> then;
  };
  mutable std::vector<awaiting> awaiting_;  ///< `when_durable` calls not due yet.
  bool stopping_ = false;
  mutable std::atomic<std::uint64_t> durable_{0};  ///< The last event committed.
  std::atomic<bool> bulk_{false};                  ///< In `bulk_load`: writes are not awaited.
  token_store tokens_;
  std::unique_ptr<allocation_engine> engine_;
  std::filesystem::path operator_token_file_;
  std::thread committer_;  ///< `commit_loop`; started last, stopped first.
};

}  // namespace cotation::service
