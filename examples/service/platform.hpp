// SPDX-License-Identifier: MIT
// The platform behind the example service: one allocation engine, the applicants' and
// operators' tokens, and the rule that makes it safe to share between HTTP threads — many
// readers at once, one writer at a time, and a write acknowledged only once the engine has
// applied it (and journalled it, when the engine has a journal).
//
// The HTTP layer (api.cpp, pages.cpp) only translates: every decision about who may do what
// and on which date is taken here, so that it is tested without a socket.
#pragma once

#include <cotation/dashboard.hpp>
#include <cotation/engine.hpp>
#include <cotation/events.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
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
  /// The folder that holds the platform's state. Created when missing. Today it holds the
  /// tokens (SQLite) and the operator token; the engine's state is in memory and is lost when
  /// the process ends, until the engine restores itself from a journal (issue 12): the service
  /// is not yet durable.
  std::filesystem::path data_dir;
  clock_mode clock = clock_mode::system;
  engine_options engine{};
};

/// An offer as an applicant sees it in the list of open offers: no other applicant appears.
struct open_offer_view {
  const offer_record* record = nullptr;
  date closes_on{};
  std::size_t eligible_count = 0;
  std::size_t candidate_count = 0;
  bool eligible = false;     ///< The viewer may position on it (when the viewer is an applicant).
  bool positioned = false;   ///< The viewer is positioned on it.
  std::vector<eligibility_failure> failures{};  ///< Why the viewer is not eligible.
};

/// The result of a write: applied (and durable), or refused with the engine's reason.
struct write_result {
  outcome result;
  std::uint64_t sequence = 0;  ///< Events applied since the platform started, this one included.
};

/// One platform. Every member function may be called from any thread.
class platform {
 public:
  /// Opens (or creates) the platform in `options.data_dir`. Throws `cotation::error` when the
  /// folder cannot be used, naming it and the reason.
  explicit platform(platform_options options);
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
  /// Events applied since the platform started.
  [[nodiscard]] std::uint64_t sequence() const;

  /// Runs `f` with the engine under the shared (reading) lock: for views this class does not
  /// offer. `f` must not keep references past the call.
  void read(const std::function<void(const allocation_engine&)>& f) const;

  // --- Authentication -------------------------------------------------------------------

  [[nodiscard]] std::optional<principal> authenticate(std::string_view token) const;
  /// The operator token, written once to `<data_dir>/operator.token` (mode 0600) when the
  /// platform is created; only its hash is kept after.
  [[nodiscard]] const std::filesystem::path& operator_token_file() const noexcept;

 private:
  [[nodiscard]] std::optional<date> today_locked() const;
  write_result apply_locked(const event& e);
  /// Applies `make(today)` under the writing lock, the date read under the same lock.
  template <typename Make>
  write_result dated_write(Make make);

  platform_options options_;
  mutable std::shared_mutex mutex_;
  std::unique_ptr<allocation_engine> engine_;
  token_store tokens_;
  std::filesystem::path operator_token_file_;
  std::uint64_t sequence_ = 0;
};

}  // namespace cotation::service
