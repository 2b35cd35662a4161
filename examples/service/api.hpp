// SPDX-License-Identifier: MIT
// The HTTP face of the example service: the JSON API and the applicant pages over one
// `platform`, as routes for the service's HTTP server (http_server.hpp).
//
// JSON API (bodies and answers in JSON; `Authorization: Bearer TOKEN`):
//
//   POST   /api/requests                     file a request (body: an applicant object, the
//                                            data set's format): 201 {request, token}
//   GET    /api/me                           the applicant's dashboard
//   POST   /api/me/renew                     renew the request
//   GET    /api/offers                       open offers, counts, may I position
//   PUT    /api/me/positionings/{offer}      position on an open offer
//   DELETE /api/me/positionings/{offer}      withdraw
//   POST   /api/me/answers/{offer}/{accept|refuse}   answer an attribution
//   POST   /api/operator/events              any event of the cycle (body: one event, the
//                                            events' JSON-lines format): publish, close by
//                                            advancing, commission, lift_condition, sign_lease
//   POST   /api/operator/requests/{number}/tokens    a new applicant token
//   GET    /api/operator/digest              the state's digest, clock and events applied
//   GET    /api/operator/offers/{offer}      an offer with its ranking (operators only)
//
// Pages (French, server-rendered, usable on a phone): GET /connexion?jeton=TOKEN (sets a
// cookie), GET /offres, GET /tableau-de-bord.
//
// Answers: 200/201 applied; 400 malformed body (the JSON pointer and the reason); 401 no or
// unknown token; 403 a token of the wrong kind; 404 unknown offer or request; 409 refused by the
// engine (its code and sentence); 413 body over the limit. Nothing is changed by a refused or
// malformed request. A write is answered only once the engine has applied (and journalled) it.
#pragma once

#include <cstddef>
#include <vector>

#include "http_server.hpp"

namespace cotation::service {

class platform;

/// Largest request body accepted (bytes): an applicant object is a few kilobytes.
inline constexpr std::size_t max_body_bytes = 64 * 1024;

/// The routes of the API and the pages over `p`, which must outlive them. Serve them with
/// `http_server` and `max_body_bytes` as its body limit.
[[nodiscard]] std::vector<http_route> routes(platform& p);

}  // namespace cotation::service
