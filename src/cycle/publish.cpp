// SPDX-License-Identifier: MIT
// Publishing an offer.
#include "cycle/operations.hpp"

namespace cotation {

outcome allocation_engine::operations::run(const events::publish_offer& x) {
  const cotation::offer& o = x.offer;
  if (offer(o.id)) {
    return refuse(refusal::offer_exists, fmt::format("offer id \"{}\" is already used", o.id));
  }
  try {
    validate(o);
  } catch (const invalid_argument& err) {
    return refuse(refusal::invalid_offer, err.what());
  }
  if (o.publication_start.is_special() || o.publication_start < x.on) {
    return refuse(refusal::invalid_offer,
                  fmt::format("the window of offer \"{}\" starts on {}, before its publication "
                              "on {}",
                              o.id, o.publication_start, x.on));
  }
  const auto i = static_cast<std::uint32_t>(e.offers_.size());
  e.offers_.push_back(
      offer_record{.offer = o, .state = offer_state::published, .published_on = x.on});
  e.offer_index_.emplace(o.id, i);
  return applied();
}

}  // namespace cotation
