// SPDX-License-Identifier: MIT
#include "platform.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <cotation/error.hpp>
#include <fstream>
#include <limits>
#include <mutex>
#include <system_error>
#include <thread>

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

// The journal's metadata key of a bulk load: "loading <source>" while it runs, "loaded
// <source>" once its snapshot is written.
constexpr std::string_view load_key = "service.load";

}  // namespace

std::filesystem::path journal_file(const std::filesystem::path& data_dir) {
  return data_dir / "journal.sqlite";
}

platform::platform(platform_options options)
    : options_(std::move(options)),
      gate_(std::thread::hardware_concurrency()),
      tokens_(prepared_dir(options_.data_dir) / "tokens.sqlite"),
      engine_(open_engine(serving_journal())),
      operator_token_file_(options_.data_dir / "operator.token") {
  durable_ = engine_->sequence();
  const std::optional<std::string> load = engine_->store()->metadata(load_key);
  if (load && load->starts_with("loading ")) {
    throw error(options_.data_dir.string(),
                fmt::format("the bulk load of {} did not finish (the process stopped during it): "
                            "remove the folder and load it again",
                            load->substr(8)));
  }
  if (!tokens_.has_operator()) write_secret(operator_token_file_, tokens_.issue_operator());
  committer_ = std::thread([this] { commit_loop(); });
}

platform::~platform() {
  {
    const std::lock_guard state(durable_mutex_);
    stopping_ = true;
  }
  commit_wanted_.notify_one();
  committer_.join();
}

journal_options platform::serving_journal() const {
  // The engine never commits on its own: `commit_loop` commits, once for every write applied
  // while the previous commit was running.
  return {.group_size = std::numeric_limits<std::size_t>::max(), .sync = options_.sync};
}

std::unique_ptr<allocation_engine> platform::open_engine(journal_options journal) const {
  auto engine = std::make_unique<allocation_engine>(
      allocation_engine::open(journal_file(options_.data_dir), options_.engine, journal));
  // The requests' cold parts (what only a whole request's reading needs) in an unnamed file of
  // the folder: the process keeps about 16 bytes a request less (docs/performance.md).
  engine->spill_cold(options_.data_dir);
  return engine;
}

void platform::bulk_load(std::string_view source, const std::function<void()>& load) {
  {
    const std::lock_guard committer(commit_mutex_);
    const std::unique_lock lock(mutex_);
    if (engine_->sequence() != 0) {
      throw error(options_.data_dir.string(),
                  fmt::format("{} can only be loaded into a fresh folder: this one holds {} "
                              "events already",
                              source, engine_->sequence()));
    }
    engine_->store()->set_metadata(load_key, fmt::format("loading {}", source));
    engine_.reset();  // one connection to the journal at a time
    engine_ = open_engine({.group_size = bulk_group_size, .sync = options_.sync});
    bulk_ = true;
  }
  const auto back_to_normal = [&] {
    const std::lock_guard committer(commit_mutex_);
    const std::unique_lock lock(mutex_);
    engine_->flush();
    engine_.reset();
    engine_ = open_engine(serving_journal());
    mark_durable(engine_->sequence());
    bulk_ = false;
  };
  try {
    load();
  } catch (...) {
    back_to_normal();  // the mark stays: the next start refuses the folder
    throw;
  }
  {
    const std::unique_lock lock(mutex_);
    engine_->save_snapshot();  // commits the open group first
    engine_->store()->set_metadata(load_key, fmt::format("loaded {}", source));
  }
  back_to_normal();
}

void platform::checkpoint() {
  const std::lock_guard committer(commit_mutex_);
  const std::unique_lock lock(mutex_);
  engine_->save_snapshot();  // commits first
  mark_durable(engine_->sequence());
}

void platform::mark_durable(std::uint64_t sequence) const {
  {
    const std::lock_guard state(durable_mutex_);
    if (sequence > durable_.load()) durable_ = sequence;
  }
  committed_.notify_all();
  commit_wanted_.notify_one();  // runs the `when_durable` calls now due
}

void platform::when_durable(std::uint64_t sequence, std::function<void()> then) const {
  if (bulk_ || durable_.load() >= sequence) return then();
  {
    const std::lock_guard state(durable_mutex_);
    if (durable_.load() < sequence) {
      awaiting_.push_back({sequence, std::move(then)});
      if (sequence > wanted_) wanted_ = sequence;
      commit_wanted_.notify_one();
      return;
    }
  }
  then();  // committed meanwhile
}

void platform::wait_durable(std::uint64_t sequence) const {
  if (bulk_ || durable_.load() >= sequence) return;
  std::unique_lock state(durable_mutex_);
  if (sequence > wanted_) wanted_ = sequence;
  commit_wanted_.notify_one();
  committed_.wait(state, [&] { return durable_.load() >= sequence; });
}

void platform::commit_loop() {
  std::unique_lock state(durable_mutex_);
  const auto due = [&] {
    return std::any_of(awaiting_.begin(), awaiting_.end(),
                       [&](const awaiting& a) { return a.sequence <= durable_.load(); });
  };
  for (;;) {
    commit_wanted_.wait(state, [&] { return stopping_ || wanted_ > durable_.load() || due(); });
    if (wanted_ > durable_.load()) {
      state.unlock();
      std::uint64_t done = 0;
      {
        // Without the engine's lock: the store commits the events appended so far while
        // writers apply the next ones (`allocation_engine::flush`).
        const std::lock_guard committer(commit_mutex_);
        try {
          done = engine_->flush();
        } catch (const std::exception& e) {
          // The engine holds events the journal may not have: stop, and let the restart
          // recover the journal's state (none of those events was acknowledged).
          fmt::print(stderr, "cotation-service: the journal cannot commit, stopping: {}\n",
                     e.what());
          std::abort();
        }
      }
      state.lock();
      if (done > durable_.load()) durable_ = done;
      committed_.notify_all();
    }
    // The calls now due, run without the lock (they may register others).
    std::vector<awaiting> ready;
    const auto not_due =
        std::stable_partition(awaiting_.begin(), awaiting_.end(),
                              [&](const awaiting& a) { return a.sequence > durable_.load(); });
    std::move(not_due, awaiting_.end(), std::back_inserter(ready));
    awaiting_.erase(not_due, awaiting_.end());
    if (!ready.empty()) {
      state.unlock();
      for (awaiting& a : ready) a.then();
      ready.clear();
      state.lock();
    }
    if (stopping_ && awaiting_.empty() && wanted_ <= durable_.load()) return;
  }
}

template <typename Read, typename Seen>
auto platform::reading(Read r, Seen seen) const {
  std::uint64_t depends_on = 0;
  auto result = [&] {
    const std::lock_guard pass(gate_);
    const std::shared_lock lock(mutex_);
    depends_on = seen();
    return r();
  }();
  // Nothing is shown that a crash could still take back.
  wait_durable(depends_on);
  return result;
}

template <typename Read>
auto platform::reading(Read r) const {
  return reading(std::move(r), [this] { return engine_->sequence(); });
}

std::size_t platform::orphan_tokens() const {
  const std::shared_lock lock(mutex_);
  std::size_t n = 0;
  for (const request_number& r : tokens_.applicant_requests()) {
    if (!engine_->pool().find(r)) ++n;
  }
  return n;
}

std::optional<date> platform::today_locked() const {
  if (options_.clock == clock_mode::system) return boost::gregorian::day_clock::universal_day();
  return engine_->clock();
}

std::optional<date> platform::today() const {
  const std::shared_lock lock(mutex_);
  return today_locked();
}

template <typename Make>
write_result platform::dated_write(Make make) {
  const write_result out = dated_apply(std::move(make));
  // Applied and journalled; committed (and synced) before the caller answers. A refusal waits
  // too: it may rest on events not yet committed.
  wait_durable(out.sequence);
  return out;
}

template <typename Make>
write_result platform::dated_apply(Make make) {
  write_result out;
  {
    const std::lock_guard pass(gate_);
    const std::unique_lock lock(mutex_);
    const std::optional<date> on = today_locked();
    if (!on) {
      return {.result = {.refused = refusal::not_a_date,
                         .reason = "the platform has no date yet: an operator must advance it"}};
    }
    out.result = engine_->apply(make(*on));
    out.sequence = engine_->sequence();
  }
  return out;
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
  const write_result out = position_unawaited(n, o);
  wait_durable(out.sequence);
  return out;
}

write_result platform::withdraw(const request_number& n, const offer_id& o) {
  const write_result out = withdraw_unawaited(n, o);
  wait_durable(out.sequence);
  return out;
}

write_result platform::position_unawaited(const request_number& n, const offer_id& o) {
  return dated_apply([&](date on) { return events::position{.on = on, .request = n, .offer = o}; });
}

write_result platform::withdraw_unawaited(const request_number& n, const offer_id& o) {
  return dated_apply([&](date on) { return events::withdraw{.on = on, .request = n, .offer = o}; });
}

write_result platform::answer(const request_number& n, const offer_id& o, answer_kind a) {
  return dated_write(
      [&](date on) { return events::answer{.on = on, .offer = o, .request = n, .response = a}; });
}

write_result platform::apply(const event& e) {
  write_result out;
  {
    const std::lock_guard pass(gate_);
    const std::unique_lock lock(mutex_);
    out.result = engine_->apply(e);
    out.sequence = engine_->sequence();
  }
  wait_durable(out.sequence);
  return out;
}

std::optional<request_dashboard> platform::dashboard(const request_number& n) const {
  // It waits for the events on its offers and the others that may change it, not for the
  // positionings of other applicants on other offers (most of the writes of a busy day).
  return reading([&] { return cotation::dashboard(*engine_, n); },
                 [&] { return engine_->last_change_for(n); });
}

std::vector<open_offer_view> platform::open_offers(
    const std::optional<request_number>& viewer) const {
  return reading([&] { return open_offers_locked(viewer); });
}

std::vector<open_offer_view> platform::open_offers_locked(
    const std::optional<request_number>& viewer) const {
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
  return reading([&] { return engine_->digest(); });
}

std::optional<date> platform::engine_clock() const {
  return reading([&] { return engine_->clock(); });
}

std::uint64_t platform::sequence() const {
  return reading([&] { return engine_->sequence(); });
}

void platform::read(const std::function<void(const allocation_engine&)>& f) const {
  reading([&] {
    f(*engine_);
    return true;
  });
}

std::uint64_t platform::read_for_unawaited(
    const request_number& n, const std::function<void(const allocation_engine&)>& f) const {
  const std::lock_guard pass(gate_);
  const std::shared_lock lock(mutex_);
  f(*engine_);
  return engine_->last_change_for(n);
}

void platform::read_for(const request_number& n,
                        const std::function<void(const allocation_engine&)>& f) const {
  wait_durable(read_for_unawaited(n, f));
}

std::optional<principal> platform::authenticate(std::string_view token) const {
  return tokens_.find(token);
}

const std::filesystem::path& platform::operator_token_file() const noexcept {
  return operator_token_file_;
}

}  // namespace cotation::service
