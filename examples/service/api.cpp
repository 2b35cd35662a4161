// SPDX-License-Identifier: MIT
#include "api.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <cotation/error.hpp>
#include <cotation/json.hpp>
#include <cotation/json_writer.hpp>
#include <sstream>
#include <string>

#include "pages.hpp"
#include "platform.hpp"
#include "views.hpp"

namespace cotation::service {
namespace {

constexpr std::size_t max_offer_id_length = 64;
constexpr const char* json_type = "application/json; charset=utf-8";

void send_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, json_type);
}

// {"error": {"code": ..., "reason": ..., "where": ...}}
void send_error(httplib::Response& res, int status, std::string_view code, std::string_view reason,
                std::string_view where = {}) {
  std::ostringstream out;
  json_writer j(out);
  j.begin_object().key("error").begin_object().member("code", code).member("reason", reason);
  if (!where.empty()) j.member("where", where);
  j.end_object().end_object().finish();
  send_json(res, status, out.str());
}

void send_outcome(httplib::Response& res, const write_result& w, int applied_status = 200) {
  if (w.result.applied()) {
    std::ostringstream out;
    json_writer j(out);
    j.begin_object()
        .member("applied", true)
        .member("sequence", static_cast<std::int64_t>(w.sequence));
    j.end_object().finish();
    send_json(res, applied_status, out.str());
    return;
  }
  const refusal r = *w.result.refused;
  const int status = r == refusal::unknown_offer || r == refusal::unknown_request ? 404 : 409;
  std::ostringstream out;
  json_writer j(out);
  j.begin_object().key("error").begin_object();
  j.member("code", to_string(r)).member("reason", w.result.reason);
  if (!w.result.failures.empty()) {
    j.key("failures").begin_array();
    for (const eligibility_failure& f : w.result.failures) {
      j.begin_object()
          .member("reason", to_string(f.reason))
          .member("text", describe(f))
          .end_object();
    }
    j.end_array();
  }
  j.end_object().end_object().finish();
  send_json(res, status, out.str());
}

std::string bearer(const httplib::Request& req) {
  const std::string h = req.get_header_value("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (std::string_view(h).substr(0, prefix.size()) == prefix) return h.substr(prefix.size());
  return {};
}

std::string cookie_token(const httplib::Request& req) {
  const std::string cookies = req.get_header_value("Cookie");
  constexpr std::string_view name = "jeton=";
  std::string_view rest = cookies;
  while (!rest.empty()) {
    const std::size_t end = rest.find(';');
    std::string_view item = rest.substr(0, end);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.substr(0, name.size()) == name) return std::string(item.substr(name.size()));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

// The principal behind the request's token, or the answer already sent (401 / 403).
std::optional<principal> require(const platform& p, const httplib::Request& req,
                                 httplib::Response& res, principal::role role) {
  const std::string token = bearer(req);
  if (token.empty()) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "unauthenticated", "an Authorization: Bearer token is required");
    return std::nullopt;
  }
  std::optional<principal> who = p.authenticate(token);
  if (!who) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    send_error(res, 401, "unauthenticated", "unknown token");
    return std::nullopt;
  }
  if (who->kind != role) {
    send_error(res, 403, "forbidden",
               role == principal::role::operator_ ? "an operator token is required"
                                                  : "an applicant token is required");
    return std::nullopt;
  }
  return who;
}

bool refuse_body(const httplib::Request& req, httplib::Response& res) {
  if (req.body.empty()) return false;
  send_error(res, 400, "unexpected_body", "this endpoint takes no body");
  return true;
}

// Reads a path parameter as an offer id; answers 400 when it is not one.
std::optional<offer_id> offer_param(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1].str();
  if (id.empty() || id.size() > max_offer_id_length) {
    send_error(res, 400, "invalid_offer_id",
               fmt::format("an offer id has 1 to {} characters", max_offer_id_length), "offer");
    return std::nullopt;
  }
  return offer_id{id};
}

// Runs `f`; a malformed or invalid body is answered 400 with its place and reason.
template <typename F>
void answering_errors(httplib::Response& res, F f) {
  try {
    f();
  } catch (const document_error& e) {
    send_error(res, 400, "malformed_body", e.reason(), e.where());
  } catch (const cotation::error& e) {
    send_error(res, 400, "invalid", e.reason(), e.where());
  }
}

template <typename Handler>
http_handler guarded(Handler h) {
  return [h](const httplib::Request& req, httplib::Response& res) {
    answering_errors(res, [&] { h(req, res); });
  };
}

// A handler that answers later (`http_later`), guarded the same way.
template <typename Handler>
http_later_handler guarded_later(Handler h) {
  return [h](const httplib::Request& req, http_later later) {
    answering_errors(later.response(), [&] { h(req, later); });
  };
}

// Sends `later` once event `sequence` is committed, from the thread that commits it: no
// thread waits for the disk meanwhile.
void send_when_durable(const platform& p, std::uint64_t sequence, const http_later& later) {
  p.when_durable(sequence, [later] { later.send(); });
}

template <typename Handler>
void add(std::vector<http_route>& routes, std::string method, const char* pattern,
         Handler handler) {
  routes.emplace_back(std::move(method), pattern, std::move(handler));
}

}  // namespace

std::vector<http_route> routes(platform& p) {
  std::vector<http_route> table;

  add(table, "GET", "/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });

  // --- Applicants ----------------------------------------------------------------------

  add(table, "POST", "/api/requests",
      guarded([&p](const httplib::Request& req, httplib::Response& res) {
        applicant a = applicant_from_json(req.body, "request body");
        const request_number n = a.number;
        platform::filing f = p.file_request(std::move(a));
        if (!f.write.result.applied()) return send_outcome(res, f.write);
        std::ostringstream out;
        json_writer j(out);
        j.begin_object().member("request", n.str()).member("token", f.token).end_object().finish();
        send_json(res, 201, out.str());
      }));

  // The dashboard and the two positioning writes, the busiest routes, answer from the thread
  // that commits: they hold no HTTP thread while the disk syncs.
  add(table, "GET", "/api/me", guarded_later([&p](const httplib::Request& req, http_later later) {
        httplib::Response& res = later.response();
        const auto who = require(p, req, res, principal::role::applicant);
        if (!who) return;
        std::optional<std::string> body;
        const std::uint64_t seen = p.read_for_unawaited(
            *who->request,
            [&](const allocation_engine& e) { body = dashboard_json(e, *who->request); });
        if (!body) return send_error(res, 404, "unknown_request", "the request no longer exists");
        send_json(res, 200, *body);
        send_when_durable(p, seen, later);
      }));

  add(table, "POST", "/api/me/renew",
      guarded([&p](const httplib::Request& req, httplib::Response& res) {
        const auto who = require(p, req, res, principal::role::applicant);
        if (!who || refuse_body(req, res)) return;
        send_outcome(res, p.renew(*who->request));
      }));

  add(table, "GET", "/api/offers",
      guarded([&p](const httplib::Request& req, httplib::Response& res) {
        const auto who = require(p, req, res, principal::role::applicant);
        if (!who) return;
        send_json(res, 200, open_offers_json(p.open_offers(who->request), p));
      }));

  const auto positioning = [&p](auto write) {
    return guarded_later([&p, write](const httplib::Request& req, http_later later) {
      httplib::Response& res = later.response();
      const auto who = require(p, req, res, principal::role::applicant);
      if (!who || refuse_body(req, res)) return;
      const std::optional<offer_id> o = offer_param(req, res);
      if (!o) return;
      const write_result w = (p.*write)(*who->request, *o);
      send_outcome(res, w);
      // A refusal waits too: it may rest on events not yet committed.
      send_when_durable(p, w.sequence, later);
    });
  };
  add(table, "PUT", R"(/api/me/positionings/([^/]+))", positioning(&platform::position_unawaited));
  add(table, "DELETE", R"(/api/me/positionings/([^/]+))",
      positioning(&platform::withdraw_unawaited));

  add(table, "POST", R"(/api/me/answers/([^/]+)/([^/]+))",
      guarded([&p](const httplib::Request& req, httplib::Response& res) {
        const auto who = require(p, req, res, principal::role::applicant);
        if (!who || refuse_body(req, res)) return;
        const std::optional<offer_id> o = offer_param(req, res);
        if (!o) return;
        const std::string a = req.matches[2].str();
        if (a != "accept" && a != "refuse") {
          return send_error(res, 400, "invalid_answer", "must be accept or refuse", "answer");
        }
        send_outcome(res, p.answer(*who->request, *o,
                                   a == "accept" ? answer_kind::accept : answer_kind::refuse));
      }));

  // --- Operators -----------------------------------------------------------------------

  add(table, "POST", "/api/operator/events",
      guarded([&p](const httplib::Request& req, httplib::Response& res) {
        if (!require(p, req, res, principal::role::operator_)) return;
        if (req.body.find('\n') != std::string::npos &&
            req.body.find_first_not_of(" \t\r\n", req.body.find('\n')) != std::string::npos) {
          return send_error(res, 400, "malformed_body", "one event per request");
        }
        std::string_view line = req.body;
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
          line.remove_suffix(1);
        }
        send_outcome(res, p.apply(event_from_json_line(line, "request body")));
      }));

  add(table, "POST", R"(/api/operator/requests/([^/]+)/tokens)",
      guarded([&p](const httplib::Request& req, httplib::Response& res) {
        if (!require(p, req, res, principal::role::operator_) || refuse_body(req, res)) {
          return;
        }
        const request_number n = request_number::parse(req.matches[1].str());
        const std::optional<std::string> token = p.issue_token(n);
        if (!token) return send_error(res, 404, "unknown_request", "no such request");
        std::ostringstream out;
        json_writer j(out);
        j.begin_object().member("request", n.str()).member("token", *token).end_object();
        j.finish();
        send_json(res, 201, out.str());
      }));

  add(table, "GET", "/api/operator/digest",
      guarded([&p](const httplib::Request& req, httplib::Response& res) {
        if (!require(p, req, res, principal::role::operator_)) return;
        send_json(res, 200, digest_json(p));
      }));

  add(table, "GET", R"(/api/operator/offers/([^/]+))",
      guarded([&p](const httplib::Request& req, httplib::Response& res) {
        if (!require(p, req, res, principal::role::operator_)) return;
        const std::optional<offer_id> o = offer_param(req, res);
        if (!o) return;
        std::optional<std::string> body = operator_offer_json(p, *o);
        if (!body) return send_error(res, 404, "unknown_offer", "no such offer");
        send_json(res, 200, *body);
      }));

  // --- Pages ---------------------------------------------------------------------------

  add(table, "GET", "/connexion", [&p](const httplib::Request& req, httplib::Response& res) {
    const std::string token = req.get_param_value("jeton");
    const std::optional<principal> who = p.authenticate(token);
    if (!who || who->kind != principal::role::applicant) {
      res.status = 401;
      res.set_content(login_failed_page(), "text/html; charset=utf-8");
      return;
    }
    res.set_header("Set-Cookie", fmt::format("jeton={}; Path=/; HttpOnly; SameSite=Strict", token));
    res.set_redirect("/tableau-de-bord", 303);
  });

  const auto page = [&p](auto render) {
    return [&p, render](const httplib::Request& req, httplib::Response& res) {
      const std::optional<principal> who = p.authenticate(cookie_token(req));
      if (!who || who->kind != principal::role::applicant) {
        res.status = 401;
        res.set_content(login_failed_page(), "text/html; charset=utf-8");
        return;
      }
      res.set_content(render(p, *who->request), "text/html; charset=utf-8");
    };
  };
  add(table, "GET", "/tableau-de-bord", page(dashboard_page));
  add(table, "GET", "/offres", page(offers_page));
  add(table, "GET", "/", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/tableau-de-bord", 303);
  });
  return table;
}

}  // namespace cotation::service
