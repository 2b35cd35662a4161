// SPDX-License-Identifier: MIT
/// \file
/// The allocation cycle as an embeddable in-memory engine driven by events (SPEC 6).
///
/// Requests are filed, updated, renewed and removed; offers are published for a window, close,
/// are ranked and shortlisted; a commission decides; the applicant answers; a lease is signed.
/// Every operation is an event (`<cotation/events.hpp>`) applied through `apply`, the single
/// entry point that the member functions and `replay` share, so a replayed log cannot diverge
/// from the live engine.
///
/// **Time.** The clock is injected: it is the date of the last event applied, never the
/// system's. An event dated before the clock is refused. An event dated after it first moves
/// the clock to its date, applying day by day what time brings: on each day, in this order,
/// (1) the requests that reach their expiry (one year after filing or last renewal) and still
/// hold a positioning or an attribution end, in request-number order; (2) in offer-id order,
/// conditional attributions whose deadline passed lapse and unanswered offers become refusals
/// (the dwelling passes down); (3) the offers whose window ends that day close, ranked together
/// over one pool at their closing date, and their shortlists are produced.
///
/// **Atomicity.** An operation that is refused (wrong state, ineligible, outside the window,
/// unknown id, in the past) returns the reason and changes nothing, the clock included: what the
/// move of the clock did is rolled back with it.
///
/// **State, kept up to date event by event.** The requests live in one `applicant_pool` (the
/// only copy: `pool()`), changed in place by each event, with the counting indexes the pool
/// keeps (among them the valid requests by company size, the default ALS targets, as counts by
/// last valid day); beside it, per request, its expiry and the offers it positioned on. Nothing is
/// rebuilt when it is queried: a dashboard right after an event reads the same structures as
/// the close. The engine keeps no log of its events: an embedder that needs them durable
/// attaches a journal (`open`, `<cotation/journal.hpp>`) or records what it applies.
///
/// **API changes for the incremental state** (issue 12): `requests()` (a span of applicants)
/// is gone, read `pool()` (index order is filing order); `find_request` returns the request by
/// value (the pool decodes it); `log()` and `write_log` are gone (no event log in memory);
/// `pool()` no longer rebuilds; `digest()` is a sum of per-request and per-offer hashes kept up
/// to date (other values than before).
///
/// **What a snapshot writer reads and a reader gives back** (the seam with the journal):
/// `clock()`, `pool()` (`applicant_pool::save`/`load`), `offers()` and `statistics()` are the
/// whole state; `from_parts` rebuilds an engine from them, deriving the rest (the per-request
/// offers, expiries and counts, the digest's sums) in one pass.
///
/// **Dates of the deadlines** (ours, the SPEC says "within 10 days"): an answer is accepted up
/// to and including `offered + answer_delay_days`; the next day it counts as a refusal dated
/// that day. A suspensive condition may be lifted up to `decision + condition_delay_days`.
///
/// Not thread-safe while an event is applied; the const queries may run concurrently with one
/// another.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cotation/applicant.hpp>
#include <cotation/ceilings.hpp>
#include <cotation/detail/enum_format.hpp>
#include <cotation/eligibility.hpp>
#include <cotation/events.hpp>
#include <cotation/grid.hpp>
#include <cotation/journal.hpp>
#include <cotation/offer.hpp>
#include <cotation/pool.hpp>
#include <cotation/scoring.hpp>
#include <cotation/statistics.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cotation {

/// What the engine applies. Defaults are the values of SPEC 6. The options are configuration,
/// not state: a snapshot or a log is loaded with the options it was made with.
struct engine_options {
  cotation::grid grid = default_grid();
  eligibility_policy eligibility{};
  /// Non-owning; must outlive the engine.
  const ceiling_table* ceilings = &ceiling_table::embedded();
  /// Target share of each company-size category (PME, ETI, GE) for the ALS criterion; by
  /// default each category's share of the valid requests on the closing date.
  std::optional<std::array<basis_points, company_size_count>> als_targets{};
  /// Candidates presented to the commission; by default the offer's `shortlist_size` (3).
  std::optional<int> shortlist_size{};
  /// Days the applicant has to answer an attribution (10, CCH R441-10).
  int answer_delay_days = 10;
  /// Days after the decision to provide the missing document of a conditional attribution
  /// (ours: 10; the commission fixes it in practice).
  int condition_delay_days = 10;
  /// Most positionings a request may hold at once on offers still open; none by default.
  std::optional<int> max_positionings{};
  /// An applicant awaiting an answer (offered a dwelling, or attributed under a condition, or
  /// accepted and not signed yet) is passed over when a shortlist is drawn elsewhere.
  bool exclude_awaiting_answer = true;
  /// Threads that rank a day's closing offers (0: the hardware's). The rankings, hence the
  /// state, are the same for any count, so it is not part of the options a journal records
  /// (`fingerprint`); the threads live only while a close runs, inside `apply`.
  unsigned close_threads = 0;
};

/// Where an offer is in its life.
enum class offer_state : std::uint8_t {
  published,     ///< Open for positionings in `[publication_start, closing_date)`.
  closed,        ///< Ranked and shortlisted; awaiting the commission.
  decided,       ///< The commission attributed it; the dwelling is offered down the list.
  attributed,    ///< The lease is signed.
  unattributed,  ///< Nobody to present, no attribution, or every attributed candidate dropped.
  /// Its ranking failed the published property checks at the close (a defect of the ranking,
  /// `ranking_property_error`; `offer_record::held_because` says which): nobody is presented,
  /// the positionings stay as they were, the day's other offers close as usual. Involves no
  /// request any more; the operators republish the dwelling once the defect is understood.
  held,
};

/// Why a positioning ended before the close.
enum class withdrawal : std::uint8_t {
  by_applicant,     ///< `withdraw`.
  request_expired,  ///< The request was not renewed in time.
  request_removed,  ///< Radiation: `remove_request`, or a lease signed for another dwelling.
};

/// Where one attributed candidate is.
enum class attribution_status : std::uint8_t {
  waiting,             ///< Ranked behind another candidate who holds the dwelling.
  awaiting_condition,  ///< Holds the dwelling; the missing document has not arrived.
  awaiting_answer,     ///< Holds the dwelling; must answer by `answer_deadline`.
  accepted,            ///< Accepted; the lease is to be signed.
  lease_signed,        ///< The tenant.
  refused,             ///< Refused the dwelling (−40 later).
  no_answer,           ///< Did not answer in time: counted as a refusal (−40 later).
  condition_lapsed,    ///< The missing document did not arrive in time.
  withdrawn,           ///< The request ended (removed, expired, or housed elsewhere).
  not_reached,         ///< The dwelling went to a candidate ranked before.
};

[[nodiscard]] std::string_view to_string(offer_state s) noexcept;
[[nodiscard]] std::string_view to_string(withdrawal w) noexcept;
[[nodiscard]] std::string_view to_string(attribution_status s) noexcept;

/// An applicant positioned on an offer.
struct positioning {
  request_number request;
  date on{};                                    ///< Last time it positioned.
  std::optional<date> withdrawn_on{};           ///< Set when the positioning ended.
  withdrawal cause = withdrawal::by_applicant;  ///< Meaningful when withdrawn.
  [[nodiscard]] bool active() const noexcept { return !withdrawn_on; }
  friend bool operator==(const positioning&, const positioning&) = default;
};

/// One eligible candidate as ranked at the close.
struct ranked_entry {
  request_number request;
  std::size_t rank = 0;  ///< 1-based.
  points score{};
  score_card card{};
  friend bool operator==(const ranked_entry&, const ranked_entry&) = default;
};

/// A positioned applicant found ineligible at the close, with the reason codes.
struct ineligible_entry {
  request_number request;
  std::vector<ineligibility> reasons{};
  friend bool operator==(const ineligible_entry&, const ineligible_entry&) = default;
};

/// The ranking of an offer as frozen at its close.
struct offer_closing {
  date on{};                                   ///< The closing date: the reference date of scoring.
  std::size_t eligible_count = 0;              ///< Eligible requests of the whole engine.
  std::size_t candidate_count = 0;             ///< Positioned and eligible.
  std::vector<ranked_entry> ranking{};         ///< In rank order (SPEC 5).
  std::vector<ineligible_entry> ineligible{};  ///< By request number.
  std::vector<request_number> shortlist{};     ///< Presented to the commission, in rank order.
  /// Ranked before the last shortlisted candidate but passed over: awaiting an answer on
  /// another dwelling (`engine_options::exclude_awaiting_answer`).
  std::vector<request_number> passed_over{};
  friend bool operator==(const offer_closing&, const offer_closing&) = default;
};

/// A candidate to whom the commission attributed the dwelling, plainly or under a condition.
struct attribution {
  request_number request;
  int priority = 1;  ///< 1 is offered first.
  bool conditional = false;
  std::optional<date> condition_deadline{};  ///< Last day to lift the condition.
  std::optional<date> condition_lifted{};    ///< The day the missing document arrived.
  attribution_status status = attribution_status::waiting;
  std::optional<date> offered_on{};       ///< The day the dwelling reached this candidate.
  std::optional<date> answer_deadline{};  ///< Last day to answer (when offered, condition met).
  std::optional<date> ended_on{};         ///< Refused, lapsed, withdrawn, signed, not reached.
  /// Holds the dwelling now.
  [[nodiscard]] bool holds() const noexcept {
    return status == attribution_status::awaiting_condition ||
           status == attribution_status::awaiting_answer || status == attribution_status::accepted;
  }
  friend bool operator==(const attribution&, const attribution&) = default;
};

/// Everything the engine knows about one offer.
struct offer_record {
  cotation::offer offer;
  offer_state state = offer_state::published;
  date published_on{};
  std::vector<positioning> positionings{};  ///< In order of first positioning.
  std::optional<offer_closing> closing{};
  std::optional<date> decided_on{};
  std::vector<candidate_decision> decisions{};  ///< As the commission gave them.
  std::vector<attribution> attributions{};      ///< By priority.
  std::optional<date> ended_on{};               ///< Attributed, unattributed or held since.
  /// When `held`: the failed properties and their requests (`ranking_property_error::what()`).
  std::string held_because{};

  [[nodiscard]] const positioning* find_positioning(const request_number& n) const noexcept;
  [[nodiscard]] const attribution* find_attribution(const request_number& n) const noexcept;
  /// The attribution holding the dwelling, if any.
  [[nodiscard]] const attribution* holder() const noexcept;
  /// The decision for a candidate, if the commission decided on them.
  [[nodiscard]] const candidate_decision* find_decision(const request_number& n) const noexcept;
  /// The tenant, once the lease is signed.
  [[nodiscard]] std::optional<request_number> tenant() const;
  friend bool operator==(const offer_record&, const offer_record&) = default;
};

/// Why an operation is refused.
enum class refusal : std::uint8_t {
  not_a_date,   ///< The event's date is not a date.
  in_the_past,  ///< Dated before the engine's clock.
  unknown_request,
  unknown_offer,
  request_exists,      ///< Filing a request number already used (even expired or removed).
  offer_exists,        ///< Publishing an offer id already used.
  invalid_request,     ///< The applicant fails `validate`, or its seniority would change.
  invalid_offer,       ///< The offer fails `validate`, or starts before its publication.
  request_not_active,  ///< Expired or removed.
  ineligible,          ///< Not eligible for the offer on that date (`outcome::failures`).
  outside_window,      ///< Before the window opens, or after the offer closed.
  already_positioned,
  not_positioned,
  too_many_positionings,    ///< `engine_options::max_positionings` reached.
  wrong_offer_state,        ///< E.g. a commission on an offer that is not awaiting one.
  invalid_decisions,        ///< Not one decision per standing shortlisted candidate, priorities.
  wrong_attribution_state,  ///< Not the holder, not awaiting that step, no such attribution.
  already_accepted,         ///< The applicant accepted another dwelling, not signed yet.
  invalid_attributions,     ///< A recorded attribution dated after the event or not a date.
};

[[nodiscard]] std::string_view to_string(refusal r) noexcept;

/// The result of an operation: applied, or refused with a code and a sentence.
struct outcome {
  std::optional<cotation::refusal> refused;
  std::string reason;             ///< Empty when applied.
  eligibility_failures failures;  ///< When refused for eligibility.
  [[nodiscard]] bool applied() const noexcept { return !refused; }
  explicit operator bool() const noexcept { return applied(); }
};

/// A stable 64-bit digest of the engine's state: the same state gives the same digest on any
/// machine, however it was reached (live, replayed, loaded from a snapshot), with builds that
/// write the same binary snapshot version. Printed as 16 hexadecimal digits.
struct state_digest {
  std::uint64_t value = 0;
  friend constexpr auto operator<=>(state_digest, state_digest) noexcept = default;
};

/// The engine. See the file comment for time, atomicity and thread safety.
class allocation_engine {
 public:
  /// Throws `cotation::invalid_argument` naming the option for a delay below 1 day, a shortlist
  /// or positioning limit below 1, no ceilings, and `cotation::grid_error` for an invalid grid.
  explicit allocation_engine(engine_options options = {});
  allocation_engine(const allocation_engine&);
  allocation_engine& operator=(const allocation_engine&);
  allocation_engine(allocation_engine&&) noexcept;
  allocation_engine& operator=(allocation_engine&&) noexcept;
  ~allocation_engine();

  /// Applies one event: the single entry point of every operation and of `replay`. Refused,
  /// it changes nothing. Throws only on a failure of the machine (memory), leaving the state as
  /// it was.
  outcome apply(const event& e);

  outcome file_request(date on, applicant request);
  outcome update_request(date on, applicant request);
  outcome renew_request(date on, const request_number& request);
  outcome remove_request(date on, const request_number& request);
  outcome publish_offer(date on, offer o);
  outcome position(date on, const request_number& request, const offer_id& o);
  outcome withdraw(date on, const request_number& request, const offer_id& o);
  outcome commission(date on, const offer_id& o, std::vector<candidate_decision> decisions);
  outcome lift_condition(date on, const offer_id& o, const request_number& request);
  outcome answer(date on, const offer_id& o, const request_number& request, answer_kind a);
  outcome sign_lease(date on, const offer_id& o, const request_number& request);
  /// Moves the clock to `on` (an `advance` event).
  outcome advance_to(date on);
  /// Adds attributions made outside the engine to its statistics (a `record_attributions`
  /// event); refused when one is not a date or is dated after `on`.
  outcome record_attributions(date on, std::vector<attribution_record> attributions);

  /// The date of the last event applied; nothing before the first.
  [[nodiscard]] std::optional<date> clock() const noexcept { return clock_; }
  [[nodiscard]] const engine_options& options() const noexcept { return options_; }
  [[nodiscard]] const compiled_grid& grid() const noexcept { return *grid_; }

  /// Every request, removed and expired ones included: the engine's store of requests, kept up
  /// to date by every event (never rebuilt). Indexes are in filing order. The requests no
  /// longer valid at the clock (removed, housed or expired) are retired from its counting
  /// groups (`applicant_pool::retire_ended_before`): its counts answer for the clock and later
  /// dates, the only ones an event may bear.
  [[nodiscard]] const applicant_pool& pool() const noexcept { return pool_; }
  /// Every offer, in publication order.
  [[nodiscard]] std::span<const offer_record> offers() const noexcept { return offers_; }
  /// The request `n` as the engine holds it (decoded from the pool), if it was ever filed.
  [[nodiscard]] std::optional<applicant> find_request(const request_number& n) const;
  /// The expiry date of request `i` of `pool()`: one year after filing or the last renewal.
  [[nodiscard]] date expiry(pool_index i) const noexcept { return rows_[i].expiry; }
  /// True when request `i` of `pool()` was removed (radiated, or housed by a lease).
  [[nodiscard]] bool removed(pool_index i) const noexcept { return rows_[i].removed; }
  [[nodiscard]] const offer_record* find_offer(const offer_id& id) const noexcept;
  /// The offers the request positioned on (withdrawn positionings included), by offer id.
  [[nodiscard]] std::vector<const offer_record*> offers_of(const request_number& n) const;
  /// The sequence number of the newest journalled event that may have changed what the engine
  /// tells about request `n` (`dashboard(engine, n)`, `offers_of(n)`): the newest positioning
  /// or withdrawal, by anyone, on one of the offers `n` positioned on, or the newest event of
  /// any other kind (or one that moved the clock), since it may change any request, count or
  /// rank. A positioning or withdrawal on other offers changes nothing of `n`'s view. At most
  /// `sequence()`; 0 for an in-memory engine and for the events replayed by `open` (all of
  /// them in the journal already). A service that shows nothing a crash could take back waits
  /// until this event is committed, rather than every event applied so far.
  [[nodiscard]] std::uint64_t last_change_for(const request_number& n) const noexcept;
  /// Attributions recorded at each lease signature (date, company size): the ALS input.
  [[nodiscard]] const attribution_statistics& statistics() const noexcept { return statistics_; }
  /// Valid (active or expiring) requests on `at` by company size (PME, ETI, GE): the pool's
  /// `active_requests_by_size(at)`, read from the counts it keeps by last valid day (a removed
  /// request's last valid day is the day before its removal; no pass over the requests).
  [[nodiscard]] std::array<std::int64_t, company_size_count> valid_requests_by_size(
      date at) const noexcept;
  /// True when request `n` holds a dwelling somewhere: offered it, attributed it under a
  /// condition, or accepted it and not signed yet (`engine_options::exclude_awaiting_answer`).
  [[nodiscard]] bool holds_dwelling(const request_number& n) const;
  /// The number of requests eligible for offer `id` at `at` (`applicant_pool::count_eligible`
  /// under the engine's eligibility options and ceilings), nothing for an unknown offer. Kept
  /// per offer and date until the requests change (`applicant_pool::version`): the dashboards
  /// of an offer's candidates count the pool once between two changes of the requests, not
  /// once each. May run concurrently with the other const queries (its store has its lock).
  [[nodiscard]] std::optional<std::size_t> eligible_count(const offer_id& id, date at) const;

  /// Reads a JSON-lines log and applies it line by line. On the first line that cannot be read
  /// (malformed, truncated, an invalid event) or that the engine refuses, throws
  /// `cotation::log_error` (`where()` = `<source>:<line>`); the lines before it stay applied,
  /// nothing after it is. Blank lines are faults. Returns the number of events applied.
  std::size_t replay(std::istream& in, std::string_view source = "log");
  /// A new engine with `options`, then `replay(in, source)`.
  [[nodiscard]] static allocation_engine from_log(std::istream& in, engine_options options = {},
                                                  std::string_view source = "log");

  /// An engine holding exactly these parts (what a snapshot holds): the requests (their pool
  /// indexes kept, free ones included, as `applicant_pool::load` gives them back), the offers
  /// in publication order, the statistics and the clock. Derives the rest in one pass. Throws
  /// `cotation::invalid_argument` naming the part (`offers[3].positionings`, ...) when they do not
  /// fit together: an offer id given twice, a request named by an offer that is not in the pool, a
  /// request positioned twice on one offer, a shortlisted or attributed request that is not
  /// positioned.
  [[nodiscard]] static allocation_engine from_parts(engine_options options,
                                                    std::optional<date> clock,
                                                    applicant_pool requests,
                                                    std::vector<offer_record> offers,
                                                    attribution_statistics statistics);

  /// The state as a JSON document (`{"format": "cotation-engine/1", …}`): the clock, every
  /// request (by number), every offer with its positionings, frozen ranking, decisions and
  /// attributions (by id), and the statistics. Deterministic: equal states give equal texts.
  [[nodiscard]] std::string snapshot() const;
  /// Loads a snapshot written by `snapshot()` with the same grid (checked by id). Throws
  /// `cotation::document_error` (`source()` = `source`, `where()` = the JSON pointer of the
  /// fault) for a malformed or inconsistent document.
  [[nodiscard]] static allocation_engine from_snapshot(std::string_view json,
                                                       engine_options options = {},
                                                       std::string_view source = "snapshot");
  /// The clock, the statistics, and the sums of one 64-bit hash per request and per offer,
  /// kept up to date by every event: O(statistics) per call, whatever the number of requests.
  /// Not cryptographic. The hashes read every field of the state but the explanatory facts of
  /// the score cards' lines (their points are read).
  [[nodiscard]] state_digest digest() const;

  // --- durability (<cotation/journal.hpp>) ---------------------------------------------------

  /// Opens the SQLite journal at `path` (created when missing) and returns the engine it holds:
  /// the newest binary snapshot restored, then the events after it replayed. From then on every
  /// accepted event is appended to the journal before the call that applies it returns (see
  /// `<cotation/journal.hpp>` for the order, the rollback of a failed append and what
  /// `journal` risks). A new journal records `options` (their fingerprint and the grid's content
  /// hash); opening it with other options or another grid throws `journal_error`, as does a
  /// corrupt, truncated or future-version journal or snapshot, or an event the engine refuses
  /// on replay (naming its sequence number).
  [[nodiscard]] static allocation_engine open(const std::filesystem::path& path,
                                              engine_options options = {},
                                              journal_options journal = {});
  /// The same over any store.
  [[nodiscard]] static allocation_engine open(std::unique_ptr<event_store> store,
                                              engine_options options = {});
  /// The attached store, or null for an in-memory engine (a copy of a journalled engine is an
  /// in-memory engine: two writers never share a journal).
  [[nodiscard]] event_store* store() const noexcept { return store_.get(); }
  /// The sequence number of the last event journalled (0 for an in-memory engine).
  [[nodiscard]] std::uint64_t sequence() const noexcept;
  /// Commits the journal's open group (group commit) and returns the sequence number of the
  /// last event committed (0 for an in-memory engine). On an engine opened on the SQLite
  /// journal, `flush` may be called on a second thread while one thread applies events (those
  /// join the next group): nothing else of the engine is read. A commit that fails throws
  /// `journal_error`; its events stay in the open group.
  std::uint64_t flush();
  /// Writes a binary snapshot of the state at `sequence()` to the store, streamed block by
  /// block: the pool's arena is written where it lies; the resident memory grows by one block
  /// of offers and the pool's copy of the request numbers (18 bytes a request), not by a copy
  /// of the state. Throws
  /// `cotation::invalid_argument` for an in-memory engine.
  void save_snapshot();
  /// Moves the cold part of the pool's records (what only a whole request's reading needs:
  /// members, contract, salaries, situation, dossier...) to an unnamed file in `folder`
  /// (`applicant_pool::spill_cold`): the resident memory drops by about 16 bytes a request,
  /// counting and ranking do not change, reading a request whole reads the file's pages. Not an
  /// event and not state: no answer, `digest` or snapshot changes, nothing is journalled; the
  /// requests changed afterwards keep theirs in memory until the next call (after a
  /// `save_snapshot`, say). Throws `cotation::error` naming `folder` when the file cannot be
  /// written; the engine is then unchanged.
  void spill_cold(const std::filesystem::path& folder);
  /// Writes the binary snapshot to `out` (the format of `docs/format.md`, "binary snapshot"),
  /// recording `sequence` in its header.
  void write_binary_snapshot(std::ostream& out, std::uint64_t sequence) const;
  /// Reads a binary snapshot written with the same options and grid. Throws `journal_error`
  /// naming `source` and the byte offset for a truncated, corrupt or future-version snapshot or
  /// one made with other options. `sequence_out` receives the header's sequence number.
  [[nodiscard]] static allocation_engine read_binary_snapshot(
      std::istream& in, engine_options options, std::string_view source,
      std::uint64_t* sequence_out = nullptr);
  /// A text naming everything the state depends on (the options, the grid's id and content
  /// hash, the ceilings' content): equal for options that give equal states.
  [[nodiscard]] static std::string fingerprint(const engine_options& options);

 private:
  struct undo;
  struct operations;
  friend struct operations;

  /// What the engine keeps beside the pool for each request (by pool index).
  struct request_row {
    date expiry;           ///< One year after filing or the last renewal.
    bool removed = false;  ///< Removed (or housed): never valid again; or a free pool index.
    company_size size = company_size::pme;
    std::vector<std::uint32_t> offers;  ///< Offers positioned on (indexes in `offers_`).
  };

  // Mutators: every change of an existing request, offer or the statistics goes through them,
  // so that an open undo keeps the first pre-image for a rollback and the commit updates the
  // counts and the digest's sums from the pre- and post-images.
  /// Changes request `i` in place: `change` gets the decoded request; the pool and the row are
  /// updated after it.
  template <typename F>
  void change_request(pool_index i, F&& change);
  std::vector<std::uint32_t>& request_offers_mut(pool_index i);
  offer_record& offer_mut(std::uint32_t i);
  attribution_statistics& statistics_mut();
  void rollback();
  void commit();
  /// The rows and the requests' digest term, derived from the requests one by one.
  struct derived_requests {
    std::vector<request_row> rows;  ///< By pool index; a free index's is `removed`.
    std::uint64_t sum = 0;          ///< Sum of `hash_request`.
    /// Adds request `i` (indexes in increasing order; the ones skipped are free).
    void add(pool_index i, const applicant& a);
  };
  /// `from_parts` with the requests' part already derived (by a load that decoded them).
  static allocation_engine assemble(engine_options options, std::optional<date> clock,
                                    applicant_pool requests, std::vector<offer_record> offers,
                                    attribution_statistics statistics,
                                    std::optional<derived_requests> known);
  /// Rows, offer index and sums from the parts (`from_parts`); the requests' part from `known`
  /// when given.
  void derive(std::optional<derived_requests> known);

  engine_options options_;
  std::shared_ptr<const compiled_grid> grid_;
  std::optional<date> clock_;
  applicant_pool pool_;
  std::vector<request_row> rows_;
  std::vector<offer_record> offers_;
  std::map<offer_id, std::uint32_t> offer_index_;
  attribution_statistics statistics_;
  std::uint64_t request_sum_ = 0;  ///< Sum of `hash_request` over the requests.
  std::uint64_t offer_sum_ = 0;    ///< Sum of `hash_offer` over the offers.
  /// For `last_change_for`: the sequence of the newest event that changed more than offers'
  /// positionings, and by offer index (shorter than `offers_` when the last ones never changed
  /// alone) the newest that changed that offer only.
  std::uint64_t shared_change_ = 0;
  std::vector<std::uint64_t> offer_change_;
  undo* undo_ = nullptr;  ///< Open during `apply` only.

  /// The store; a copy of the engine does not take it.
  struct store_slot {
    std::shared_ptr<event_store> p;
    store_slot() = default;
    store_slot(const store_slot&) noexcept {}
    store_slot& operator=(const store_slot&) noexcept {
      p.reset();
      return *this;
    }
    store_slot(store_slot&&) noexcept = default;
    store_slot& operator=(store_slot&&) noexcept = default;
    ~store_slot() = default;
    [[nodiscard]] event_store* get() const noexcept { return p.get(); }
  };
  store_slot store_;

  /// `eligible_count`'s counts, by offer and date, each with the pool version it was counted
  /// at; a copy of the engine starts with none (defined in src/cycle/engine.cpp).
  struct count_cache;
  struct count_slot {
    std::unique_ptr<count_cache> p;
    count_slot();
    count_slot(const count_slot&) : count_slot() {}
    count_slot& operator=(const count_slot&);
    count_slot(count_slot&&) noexcept;
    count_slot& operator=(count_slot&&) noexcept;
    ~count_slot();
  };
  count_slot counts_;
};

}  // namespace cotation

template <>
struct fmt::formatter<cotation::state_digest> : fmt::formatter<std::string_view> {
  auto format(cotation::state_digest d, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(fmt::format("{:016x}", d.value), ctx);
  }
};

template <>
struct fmt::formatter<cotation::outcome> : fmt::formatter<std::string_view> {
  auto format(const cotation::outcome& o, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(
        o.applied() ? std::string("applied")
                    : fmt::format("refused ({}): {}", *o.refused, o.reason),
        ctx);
  }
};
