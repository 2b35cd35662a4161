// SPDX-License-Identifier: MIT
// `cotation generate`: a synthetic, realistic and reproducible data set (requests, offers,
// positionings, attribution statistics) at any scale, from a department to the whole country.
#include <memory>

#include <fmt/format.h>

#include <cotation/csv.hpp>
#include <cotation/generator.hpp>
#include <cotation/json.hpp>

#include "commands.hpp"
#include "progress.hpp"

namespace cotation::cli {

namespace {

struct generate_options {
  std::uint64_t seed = 1;
  std::size_t requests = 100000;
  std::size_t offers = 100;
  std::size_t candidates = 100;
  std::optional<std::size_t> attributions;
  std::string department;
  std::string date = "2026-03-02";
  int days = 1;
  std::string output;
  std::string requests_csv;
};

data_set generate(const generate_options& o, progress_bar& progress) {
  population_options population;
  population.seed = o.seed;
  population.requests = o.requests;
  population.reference = parse_date(o.date, "--date");
  population.only_department = parse_department(o.department, "--department");
  limits::check_positionings(o.offers, o.candidates);

  data_set ds;
  progress.phase(fmt::format("drawing {} requests", o.requests));
  ds.applicants = generate_applicants(population);

  offer_options offers;
  offers.seed = o.seed;
  offers.offers = o.offers;
  offers.publication_start = population.reference;
  offers.publication_days_spread = o.days;
  offers.only_department = population.only_department;
  offers.employers = population.employers;
  ds.offers = generate_offers(offers);

  progress.phase("building the pool");
  const applicant_pool pool(ds.applicants);
  progress.phase("positioning", ds.offers.size());
  ds.positionings.reserve(ds.offers.size());
  for (std::size_t k = 0; k < ds.offers.size(); ++k) {
    const offer& of = ds.offers[k];
    ds.positionings.push_back({of.id, generate_positionings(pool, of, o.candidates, o.seed)});
    progress.update(k + 1);
  }

  attribution_options attributions;
  attributions.seed = o.seed;
  attributions.attributions = o.attributions.value_or(yearly_attributions(o.requests));
  attributions.reference = population.reference;
  ds.attributions = generate_attributions(attributions);
  return ds;
}

}  // namespace

command add_generate(CLI::App& parent) {
  auto o = std::make_shared<generate_options>();
  CLI::App* app = parent.add_subcommand(
      "generate",
      "Write a synthetic, realistic, reproducible data set: requests (household sizes, incomes "
      "around the ceilings, ten years of filings, PME/ETI/GE, departments, wishes), offers, "
      "positionings and attribution statistics. A department is ~100 000 requests, the whole "
      "country 2 700 000");
  options::whole(
      app->add_option("--seed", o->seed, "Seed: the same options give the same document"),
      limits::seed)
      ->capture_default_str();
  options::whole(app->add_option("--requests", o->requests, "Number of requests"),
                 limits::requests)
      ->capture_default_str();
  options::whole(app->add_option("--offers", o->offers, "Number of offers"), limits::offers)
      ->capture_default_str();
  options::whole(app->add_option("--candidates", o->candidates,
                                 "Requests positioned per offer, about 15 % of them not eligible "
                                 "(fewer when the department runs short)"),
                 limits::candidates)
      ->capture_default_str();
  options::whole(
      app->add_option("--attributions", o->attributions,
                      "Attributions over the last year (default: 70 000 per 2.7 million requests)"),
      limits::attributions);
  app->add_option("--department", o->department,
                  "Draw every request and offer in this department (e.g. 092); default: the "
                  "national mix")
      ->type_name("CODE");
  app->add_option("--date", o->date,
                  "Reference date: filings and events before it, offers published from it")
      ->capture_default_str()
      ->type_name("YYYY-MM-DD");
  options::whole(
      app->add_option("--days", o->days, "Spread the offers' publication over this many days"),
      limits::days)
      ->capture_default_str();
  app->add_option("-o,--output", o->output, "Output file; default: standard output")
      ->type_name("FILE");
  app->add_option("--requests-csv", o->requests_csv,
                  "Also write the requests as a CSV pool (docs/format.md) to this file")
      ->type_name("FILE");
  return {app, [o](const context& ctx) {
            check_writable(o->output);
            check_writable(o->requests_csv);
            progress_bar progress(ctx.err, ctx.env.progress);
            const data_set ds = generate(*o, progress);
            const std::size_t items = ds.applicants.size() + ds.offers.size() +
                                      ds.positionings.size() + ds.attributions.size();
            progress.phase("writing", items);
            write_output(o->output, ctx.out, [&](std::ostream& file) {
              write_data_set(ds, file,
                             [&](std::size_t done, std::size_t) { progress.update(done); });
            });
            if (!o->requests_csv.empty()) {
              write_output(o->requests_csv, ctx.out,
                           [&](std::ostream& file) { write_applicants_csv(ds.applicants, file); });
            }
            progress.finish();
          }};
}

}  // namespace cotation::cli
