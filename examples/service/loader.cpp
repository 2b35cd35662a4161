// SPDX-License-Identifier: MIT
#include "loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cotation/error.hpp>
#include <map>

#include "platform.hpp"

namespace cotation::service {
namespace {

void check(const write_result& w, std::string where) {
  if (!w.result.applied()) throw invalid_argument(std::move(where), w.result.reason);
}

load_summary load_events(platform& p, const data_set& d) {
  // Everything is filed on the first publication day (or on the latest renewal when the data
  // set has no offer), so that every later event is in date order.
  std::vector<const offer*> offers;
  for (const offer& o : d.offers) offers.push_back(&o);
  std::stable_sort(offers.begin(), offers.end(), [](const offer* a, const offer* b) {
    return a->publication_start < b->publication_start;
  });
  date start = offers.empty() ? date() : offers.front()->publication_start;
  for (const applicant& a : d.applicants) {
    const date latest = a.last_renewal.value_or(a.initial_filing);
    if (start.is_special() || latest > start) start = latest;
  }
  std::map<offer_id, const positioning_list*> lists;
  for (const positioning_list& l : d.positionings) lists[l.offer] = &l;

  load_summary s;
  if (!d.attributions.empty()) {
    check(p.apply(events::record_attributions{.on = start, .attributions = d.attributions}),
          "attributions");
  }
  for (std::size_t i = 0; i < d.applicants.size(); ++i) {
    // A data set keeps the requests that expired or were removed (their history matters to
    // statistics); the platform starts with the valid ones.
    if (!is_valid(state_at(d.applicants[i], start))) {
      ++s.skipped;
      continue;
    }
    check(p.apply(events::file_request{.on = start, .request = d.applicants[i]}),
          fmt::format("applicants[{}]", i));
    ++s.requests;
  }
  for (const offer* o : offers) {
    const date on = std::max(start, o->publication_start);
    check(p.apply(events::publish_offer{.on = on, .offer = *o}), fmt::format("offer {}", o->id));
    ++s.offers;
    const auto l = lists.find(o->id);
    if (l == lists.end()) continue;
    for (const request_number& n : l->second->requests) {
      // A positioning the engine refuses (the request is not eligible on that day) is skipped:
      // a data set records who positioned, not who was eligible.
      if (p.apply(events::position{.on = on, .request = n, .offer = o->id}).result.applied()) {
        ++s.positionings;
      }
    }
  }
  return s;
}

}  // namespace

load_summary load_data_set(platform& p, const data_set& d, std::string_view source) {
  load_summary s;
  p.bulk_load(source, [&] { s = load_events(p, d); });
  return s;
}

}  // namespace cotation::service
