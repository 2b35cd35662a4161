// SPDX-License-Identifier: MIT
#include "platform.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <cotation/error.hpp>
#include <fstream>
#include <mutex>
#include <system_error>

namespace cotation::service {
namespace {

std::filesystem::path prepared_dir(const std::filesystem::path& dir) {
  if (dir.empty()) throw error("--data", "no folder given");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw error(dir.string(), ec ? ec.message() : "not a folder");
  }
  return dir;
}

// The operator token is shown once, in a file only its owner can read.
void write_secret(const std::filesystem::path& file, const std::string& token) {
  const mode_t previous = ::umask(077);
  std::ofstream out(file, std::ios::trunc);
  ::umask(previous);
  out << token << '\n';
  out.flush();
  if (!out) throw error(file.string(), "cannot write the operator token");
}

}  // namespace

platform::platform(platform_options options)
    : options_(std::move(options)),
      engine_(std::make_unique<allocation_engine>(options_.engine)),
      tokens_(prepared_dir(options_.data_dir) / "tokens.sqlite"),
      operator_token_file_(options_.data_dir / "operator.token") {
  if (!tokens_.has_operator()) write_secret(operator_token_file_, tokens_.issue_operator());
}

platform::~platform() = default;

std::optional<date> platform::today_locked() const {
  if (options_.clock == clock_mode::system) return boost::gregorian::day_clock::universal_day();
  return engine_->clock();
}

std::optional<date> platform::today() const {
  const std::shared_lock lock(mutex_);
  return today_locked();
}

write_result platform::apply_locked(const event& e) {
  write_result out{.result = engine_->apply(e)};
  if (out.result.applied()) ++sequence_;
  out.sequence = sequence_;
  return out;
}

template <typename Make>
write_result platform::dated_write(Make make) {
  const std::unique_lock lock(mutex_);
  const std::optional<date> on = today_locked();
  if (!on) {
    return {.result = {.refused = refusal::not_a_date,
                       .reason = "the platform has no date yet: an operator must advance it"}};
  }
  return apply_locked(make(*on));
}

platform::filing platform::file_request(applicant request) {
  const request_number n = request.number;
  filing out{.write = dated_write([&](date on) {
    return events::file_request{.on = on, .request = std::move(request)};
  })};
  // Issued after the request is durable: a crash in between leaves a request without a token,
  // which an operator can issue (`issue_token`), never a token without a request.
  if (out.write.result.applied()) out.token = tokens_.issue_applicant(n);
  return out;
}

write_result platform::renew(const request_number& n) {
  return dated_write([&](date on) { return events::renew_request{.on = on, .request = n}; });
}

write_result platform::position(const request_number& n, const offer_id& o) {
  return dated_write(
      [&](date on) { return events::position{.on = on, .request = n, .offer = o}; });
}

write_result platform::withdraw(const request_number& n, const offer_id& o) {
  return dated_write(
      [&](date on) { return events::withdraw{.on = on, .request = n, .offer = o}; });
}

write_result platform::answer(const request_number& n, const offer_id& o, answer_kind a) {
  return dated_write([&](date on) {
    return events::answer{.on = on, .offer = o, .request = n, .response = a};
  });
}

write_result platform::apply(const event& e) {
  const std::unique_lock lock(mutex_);
  return apply_locked(e);
}

std::optional<request_dashboard> platform::dashboard(const request_number& n) const {
  const std::shared_lock lock(mutex_);
  return cotation::dashboard(*engine_, n);
}

std::vector<open_offer_view> platform::open_offers(
    const std::optional<request_number>& viewer) const {
  const std::shared_lock lock(mutex_);
  std::vector<open_offer_view> out;
  const std::optional<date> at = engine_->clock();
  if (!at) return out;
  const applicant_pool& pool = engine_->pool();
  const std::optional<pool_index> me = viewer ? pool.find(*viewer) : std::nullopt;
  const engine_options& opts = engine_->options();
  for (const offer_record& r : engine_->offers()) {
    if (r.state != offer_state::published || *at < r.offer.publication_start) continue;
    open_offer_view v{.record = &r, .closes_on = r.offer.closing_date()};
    v.eligible_count = pool.count_eligible(r.offer, *at, opts.eligibility, *opts.ceilings);
    for (const positioning& p : r.positionings) {
      if (!p.active()) continue;
      ++v.candidate_count;
      if (viewer && p.request == *viewer) v.positioned = true;
    }
    if (me) {
      eligibility_result e = pool.check(*me, r.offer, *at, opts.eligibility, *opts.ceilings);
      v.eligible = e.eligible();
      v.failures = std::move(e.failures);
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<std::string> platform::issue_token(const request_number& n) {
  {
    const std::shared_lock lock(mutex_);
    if (!engine_->find_request(n)) return std::nullopt;
  }
  return tokens_.issue_applicant(n);
}

state_digest platform::digest() const {
  const std::shared_lock lock(mutex_);
  return engine_->digest();
}

std::optional<date> platform::engine_clock() const {
  const std::shared_lock lock(mutex_);
  return engine_->clock();
}

std::uint64_t platform::sequence() const {
  const std::shared_lock lock(mutex_);
  return sequence_;
}

void platform::read(const std::function<void(const allocation_engine&)>& f) const {
  const std::shared_lock lock(mutex_);
  f(*engine_);
}

std::optional<principal> platform::authenticate(std::string_view token) const {
  return tokens_.find(token);
}

const std::filesystem::path& platform::operator_token_file() const noexcept {
  return operator_token_file_;
}

}  // namespace cotation::service
