// SPDX-License-Identifier: MIT
// The events of the allocation cycle: their names, dates and one-line descriptions. Their
// JSON-lines encoding is a document format and lives in io/events_json.cpp.
#include <cotation/events.hpp>

#include <fmt/format.h>

#include "cycle/cycle_names.hpp"

namespace cotation {

std::string_view to_string(decision_kind k) noexcept { return detail::name_of(k); }
std::string_view to_string(answer_kind k) noexcept { return detail::name_of(k); }

date date_of(const event& e) noexcept {
  return std::visit([](const auto& x) { return x.on; }, e);
}

std::string_view name_of(const event& e) noexcept { return detail::event_names[e.index()]; }

std::string describe(const event& e) {
  const std::string head = fmt::format("{} {}", date_of(e), name_of(e));
  return std::visit(
      [&](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, events::file_request> ||
                      std::is_same_v<T, events::update_request>) {
          return fmt::format("{} {}", head, x.request.number);
        } else if constexpr (std::is_same_v<T, events::renew_request> ||
                             std::is_same_v<T, events::remove_request>) {
          return fmt::format("{} {}", head, x.request);
        } else if constexpr (std::is_same_v<T, events::publish_offer>) {
          return fmt::format("{} {}", head, x.offer.id);
        } else if constexpr (std::is_same_v<T, events::position> ||
                             std::is_same_v<T, events::withdraw>) {
          return fmt::format("{} {} on {}", head, x.request, x.offer);
        } else if constexpr (std::is_same_v<T, events::commission>) {
          std::string s = fmt::format("{} {}:", head, x.offer);
          for (const candidate_decision& d : x.decisions) {
            s += fmt::format(" {} {}", d.request, d.decision);
            if (d.priority != 0) s += fmt::format(" #{}", d.priority);
            s += ';';
          }
          if (!x.decisions.empty()) s.pop_back();
          return s;
        } else if constexpr (std::is_same_v<T, events::answer>) {
          return fmt::format("{} {} {} {}", head, x.offer, x.request, x.response);
        } else if constexpr (std::is_same_v<T, events::lift_condition> ||
                             std::is_same_v<T, events::sign_lease>) {
          return fmt::format("{} {} {}", head, x.offer, x.request);
        } else {
          return head;
        }
      },
      e);
}

}  // namespace cotation
