// SPDX-License-Identifier: MIT
#include <cotation/statistics.hpp>

#include <algorithm>

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

attribution_statistics::attribution_statistics(std::vector<attribution_record> records)
    : records_(std::move(records)) {
  std::stable_sort(
      records_.begin(), records_.end(),
      [](const attribution_record& a, const attribution_record& b) { return a.on < b.on; });
  rebuild_from(0);
}

void attribution_statistics::add(const attribution_record& r) {
  const auto pos = std::upper_bound(records_.begin(), records_.end(), r.on,
                                    [](date d, const attribution_record& x) { return d < x.on; });
  const auto first = static_cast<std::size_t>(pos - records_.begin());
  records_.insert(pos, r);
  rebuild_from(first);
}

void attribution_statistics::rebuild_from(std::size_t first) {
  running_.resize(records_.size() + 1);
  for (std::size_t k = first; k < records_.size(); ++k) {
    running_[k + 1] = running_[k];
    ++running_[k + 1][index_of(records_[k].size)];
  }
}

std::array<std::int64_t, company_size_count> attribution_statistics::count(date from,
                                                                           date to) const noexcept {
  const auto by_date = [](const attribution_record& x, date d) { return x.on < d; };
  const auto lo = static_cast<std::size_t>(
      std::lower_bound(records_.begin(), records_.end(), from, by_date) - records_.begin());
  const auto hi = static_cast<std::size_t>(
      std::upper_bound(records_.begin(), records_.end(), to,
                       [](date d, const attribution_record& x) { return d < x.on; }) -
      records_.begin());
  std::array<std::int64_t, company_size_count> out{};
  if (hi <= lo) return out;
  for (std::size_t c = 0; c < company_size_count; ++c) out[c] = running_[hi][c] - running_[lo][c];
  return out;
}

attribution_shares attribution_statistics::shares(
    date reference, int window_months,
    const std::array<basis_points, company_size_count>& target) const {
  attribution_shares s;
  s.attributions_in_window = count(add_months(reference, -window_months), reference);
  s.target = target;
  return s;
}

}  // namespace cotation
