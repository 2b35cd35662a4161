// SPDX-License-Identifier: MIT
// `cotation simulate`: weeks of the allocation cycle over a generated population (or the
// requests of a data set): publication, positionings, ranking, commissions with refusals,
// answers, leases, renewals and abandonments, with the figures of each week.
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include <cotation/engine.hpp>
#include <cotation/generator.hpp>
#include <cotation/json.hpp>
#include <cotation/simulation.hpp>

#include "commands.hpp"
#include "progress.hpp"

namespace cotation::cli {

namespace {

struct simulate_options {
  std::string data;
  std::vector<std::string> ceilings;
  std::uint64_t seed = 1;
  std::size_t requests = 100000;
  std::string department;
  std::string start = "2026-03-02";
  int weeks = 4;
  std::size_t offers_per_week = 0;
  std::size_t candidates = 100;
  std::optional<std::size_t> attributions;
  std::string grid;
  std::string format = "table";
  std::string output;
  std::string document;
  std::string journal;
};

/// The requests simulated and the attributions of the year before: the data set's, or drawn.
std::vector<applicant> population(const simulate_options& o, simulation_options& sim,
                                  progress_bar& progress) {
  if (!o.data.empty()) {
    progress.phase("reading the requests");
    data_set d = read_data_set_file(o.data);
    sim.prior_attributions = std::move(d.attributions);
    return std::move(d.applicants);
  }
  population_options p;
  p.seed = sim.seed;
  p.requests = o.requests;
  p.reference = sim.start;
  p.only_department = sim.only_department;
  progress.phase(fmt::format("drawing {} requests", o.requests));
  attribution_options history;
  history.seed = sim.seed;
  history.attributions = o.attributions.value_or(yearly_attributions(o.requests));
  history.reference = sim.start;
  sim.prior_attributions = generate_attributions(history);
  return generate_applicants(p);
}

/// `PME 41,2 % (target 45 %)`, for the three sizes.
std::string shares_line(const std::array<basis_points, company_size_count>& shares,
                        const week_figures& t) {
  std::string line;
  for (std::size_t k = 0; k < company_size_count; ++k) {
    line += fmt::format("{}{} {} (target {})", k == 0 ? "" : ", ", static_cast<company_size>(k),
                        shares[k], t.targets[k]);
  }
  return line;
}

std::string summary(const simulation_result& r) {
  const week_figures t = r.totals();
  const waiting_time_summary w = waiting_times(r.leases);
  std::string out = describe(r);
  out += fmt::format(
      "\n{} leases signed over {} offers published; {} refusals by applicants, {} unanswered, "
      "{} by commissions; {} offers unattributed\n",
      t.leases, t.offers_published, t.refused, t.unanswered,
      t.decisions[static_cast<std::size_t>(decision_kind::non_attribution)], t.unattributed);
  if (t.leases != 0) {
    out += fmt::format("Leases by company size: {}\n", shares_line(t.lease_shares(), t));
    out += fmt::format("Waiting time from filing to lease: median {} days, p10 {}, p90 {}\n",
                       w.median_days, w.p10_days, w.p90_days);
  }
  if (t.window_attributions != decltype(t.window_attributions){}) {
    out += fmt::format("Attributions in the ALS window (history included): {}\n",
                       shares_line(t.window_shares(), t));
  }
  if (t.offers_refinanced != 0) {
    out += fmt::format(
        "{} offers drawn under a financing without published ceilings for their year were "
        "published as PLUS\n",
        t.offers_refinanced);
  }
  return out;
}

}  // namespace

command add_simulate(CLI::App& parent) {
  auto o = std::make_shared<simulate_options>();
  CLI::App* app = parent.add_subcommand(
      "simulate",
      "Run weeks of the allocation cycle over a generated population (or the requests of a "
      "data set): offers published on working days, positionings, closings and rankings, "
      "commissions with refusals, answers, leases, renewals and abandonments; prints the figures "
      "of each week");
  app->add_option("--data", o->data,
                  "Simulate the requests of this data set instead of generated ones")
      ->type_name("FILE");
  options::whole(app->add_option("--seed", o->seed, "Seed of the population and of every behaviour"),
                 limits::seed)
      ->capture_default_str();
  options::whole(app->add_option("--requests", o->requests, "Number of requests generated"),
                 limits::requests)
      ->capture_default_str();
  app->add_option("--department", o->department,
                  "Requests and offers in this department (e.g. 092); default: the national mix")
      ->type_name("CODE");
  app->add_option("--start", o->start, "First day; the population is filed on it")
      ->capture_default_str()
      ->type_name("YYYY-MM-DD");
  options::whole(app->add_option("--weeks", o->weeks, "Weeks to simulate"), limits::weeks)
      ->capture_default_str();
  options::whole(app->add_option("--offers-per-week", o->offers_per_week,
                                 "Offers published a week (default: 1 200 a working day for 2.7 "
                                 "million requests, scaled to the population)"),
                 limits::offers_per_week);
  options::whole(
      app->add_option("--candidates", o->candidates, "Requests interested in each offer"),
      limits::simulated_candidates)
      ->capture_default_str();
  options::whole(app->add_option("--attributions", o->attributions,
                                 "Attributions of the year before the start, the history of the "
                                 "ALS criterion (default: 70 000 per 2.7 million requests; with "
                                 "--data: the data set's)"),
                 limits::attributions);
  options::grid(*app, o->grid);
  options::ceilings(*app, o->ceilings);
  options::format(*app, o->format);
  app->add_option("-o,--output", o->output, "Output file; default: standard output")
      ->type_name("FILE");
  app->add_option("--document", o->document,
                  "Also write the simulation document (JSON, the input of `report "
                  "--simulation`) to this file")
      ->type_name("FILE");
  app->add_option("--journal", o->journal,
                  "Journal every event of the simulation in this new SQLite journal (group "
                  "commit: committed by groups of 4 096 events, all before the end) and print "
                  "the final digest, which `journal verify` prints too")
      ->type_name("FILE");
  return {app, [o](const context& ctx) {
            simulation_options sim;
            sim.seed = o->seed;
            sim.start = parse_date(o->start, "--start");
            sim.weeks = o->weeks;
            sim.offers_per_week = o->offers_per_week;
            sim.behaviour.positionings_per_offer = o->candidates;
            sim.only_department = parse_department(o->department, "--department");
            engine_options eo;
            if (!o->grid.empty()) eo.grid = load_grid(o->grid).source();
            const ceiling_table ceilings = load_ceilings(o->ceilings);
            eo.ceilings = &ceilings;
            const output_format format = parse_format(o->format);
            check_writable(o->output);
            check_writable(o->document);
            if (!o->journal.empty() && std::filesystem::exists(o->journal)) {
              throw input_error(fmt::format(
                  "--journal: {} already exists (a simulation starts a new journal)", o->journal));
            }

            progress_bar progress(ctx.err, ctx.env.progress);
            const std::vector<applicant> people = population(*o, sim, progress);
            allocation_engine engine =
                o->journal.empty()
                    ? allocation_engine(std::move(eo))
                    : allocation_engine::open(o->journal, std::move(eo),
                                              journal_options{.group_size = 4096, .sync = false});
            progress.phase(fmt::format("simulating {} weeks", sim.weeks),
                           static_cast<std::size_t>(sim.weeks) * 7U);
            const simulation_result r = simulate(engine, people, sim, [&](int done, int) {
              progress.update(static_cast<std::size_t>(done));
            });
            progress.finish();
            if (!o->document.empty()) {
              write_output(o->document, ctx.out, [&](std::ostream& file) { file << to_json(r); });
            }
            write_output(o->output, ctx.out, [&](std::ostream& file) {
              file << (format == output_format::json ? to_json(r) : summary(r));
            });
            if (!o->journal.empty()) {
              engine.flush();
              // Beside the summary, or on stderr when standard output carries the JSON.
              std::ostream& where =
                  format == output_format::json && o->output.empty() ? ctx.err : ctx.out;
              where << fmt::format("journal {}: {} events, digest {}\n", o->journal,
                                   engine.sequence(), engine.digest());
            }
          }};
}

}  // namespace cotation::cli
