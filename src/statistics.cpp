// SPDX-License-Identifier: MIT
#include <cotation/statistics.hpp>

namespace cotation {

attribution_shares attribution_shares::from(
    std::span<const attribution_record> records, date reference, int window_months,
    const std::array<basis_points, company_size_count>& target) {
  attribution_shares s;
  s.target = target;
  const date since = add_months(reference, -window_months);
  for (const attribution_record& r : records) {
    if (r.on >= since && r.on <= reference) ++s.attributions_in_window[index_of(r.size)];
  }
  return s;
}

std::optional<basis_points> attribution_shares::share(company_size s) const noexcept {
  const std::int64_t all = total();
  if (all <= 0) return std::nullopt;
  return basis_points{attributions_in_window[index_of(s)] * 10000 / all};
}

std::array<basis_points, company_size_count> default_targets(
    const std::array<std::int64_t, company_size_count>& active_requests) noexcept {
  std::array<basis_points, company_size_count> t{};
  const std::int64_t all = active_requests[0] + active_requests[1] + active_requests[2];
  if (all <= 0) return t;
  for (std::size_t i = 0; i < company_size_count; ++i) {
    t[i] = basis_points{active_requests[i] * 10000 / all};
  }
  return t;
}

}  // namespace cotation
