// SPDX-License-Identifier: MIT
// Shared by the journal tests: a scratch directory removed with everything in it at the end,
// a cycle using every kind of event, and the digests of its prefixes.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cotation/engine.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "engine_support.hpp"

namespace cotation::test {

class scratch_directory {
 public:
  scratch_directory() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("cotation-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  scratch_directory(const scratch_directory&) = delete;
  scratch_directory& operator=(const scratch_directory&) = delete;
  ~scratch_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// Every kind of event, in an order the engine accepts: five requests, an offer, positionings,
/// a withdrawal, the close, a commission, a refusal, an acceptance and a lease, renewals, an
/// update, a removal, outside attributions.
inline std::vector<event> cycle_of_events() {
  std::vector<event> out;
  for (int k = 1; k <= 5; ++k) {
    out.push_back(events::file_request{ymd(2025, 2, 20), request_filed(k, ymd(2024, k, 10))});
  }
  out.push_back(events::record_attributions{
      ymd(2025, 2, 21),
      {{ymd(2024, 6, 1), company_size::eti}, {ymd(2024, 7, 1), company_size::ge}}});
  out.push_back(events::publish_offer{ymd(2025, 3, 1), offer_from("O-1", ymd(2025, 3, 1))});
  for (int k = 1; k <= 5; ++k)
    out.push_back(events::position{ymd(2025, 3, k + 1), number(k), offer_id{"O-1"}});
  out.push_back(events::withdraw{ymd(2025, 3, 7), number(5), offer_id{"O-1"}});
  out.push_back(events::advance{ymd(2025, 3, 8)});  // the window [03-01, 03-08) ended
  out.push_back(events::commission{ymd(2025, 3, 10),
                                   offer_id{"O-1"},
                                   {{number(1), decision_kind::attribution, 1},
                                    {number(2), decision_kind::conditional_attribution, 2},
                                    {number(3), decision_kind::non_attribution, 0}}});
  out.push_back(events::answer{ymd(2025, 3, 11), offer_id{"O-1"}, number(1), answer_kind::refuse});
  out.push_back(events::lift_condition{ymd(2025, 3, 12), offer_id{"O-1"}, number(2)});
  out.push_back(events::answer{ymd(2025, 3, 13), offer_id{"O-1"}, number(2), answer_kind::accept});
  out.push_back(events::sign_lease{ymd(2025, 3, 14), offer_id{"O-1"}, number(2)});
  out.push_back(events::renew_request{ymd(2025, 3, 15), number(3)});
  applicant updated = request_filed(4, ymd(2024, 4, 10));
  updated.monthly_resources = money::euros(3100);
  out.push_back(events::update_request{ymd(2025, 3, 16), updated});
  out.push_back(events::remove_request{ymd(2025, 3, 17), number(5)});
  return out;
}

/// An in-memory engine that applied `events`.
inline allocation_engine applied(const std::vector<event>& events, engine_options options = {}) {
  allocation_engine e(std::move(options));
  for (const event& ev : events) ok(e.apply(ev));
  return e;
}

/// The digest of a fresh engine, then after each event: `[k]` is the state after `k` events.
inline std::vector<state_digest> digests_after_each(const std::vector<event>& events,
                                                    engine_options options = {}) {
  allocation_engine e(std::move(options));
  std::vector<state_digest> out{e.digest()};
  for (const event& ev : events) {
    ok(e.apply(ev));
    out.push_back(e.digest());
  }
  return out;
}

}  // namespace cotation::test
