// SPDX-License-Identifier: MIT
// `cotation verify`: every ranking of a data set re-checked by the plain implementation of SPEC
// 3-5 and by the runtime property checks.
#include <memory>

#include <fmt/format.h>

#include <cotation/verification.hpp>

#include <cotation/json_writer.hpp>
#include "commands.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

struct verify_options {
  std::string data;
  std::string grid;
  std::string format = "table";
  unsigned threads = 0;
};

std::string joined(const std::vector<request_number>& numbers) {
  std::string s;
  for (const request_number& n : numbers) s += fmt::format("{}{}", s.empty() ? "" : " ", n);
  return s;
}

void print_table(std::ostream& out, const compiled_grid& g, const verification_report& r) {
  out << fmt::format(
      "Verified {} offers ({} positioned requests, {} candidates) under grid {} against the plain "
      "implementation of SPEC 3-5 and the runtime property checks.\n",
      r.offers, r.positioned, r.candidates, g.source().id);
  if (r.passed()) {
    out << "No difference: every ranking agrees.\n";
    return;
  }
  if (!r.failures.empty()) {
    out << fmt::format("\nOffers whose ranking failed ({}):\n", r.failures.size());
    for (const auto& [id, message] : r.failures) out << fmt::format("  {}: {}\n", id, message);
  }
  if (!r.differences.empty()) {
    out << fmt::format("\nDifferences ({}):\n", r.differences.size());
    text_table t({{"offer", text_table::align::left, 0},
                  {"kind", text_table::align::left, 0},
                  {"requests", text_table::align::left, 0},
                  {"detail", text_table::align::left, 0}});
    for (const ranking_difference& d : r.differences) {
      t.add_row({d.offer.value, std::string(to_string(d.kind)), joined(d.requests), d.detail});
    }
    t.print(out);
  }
}

void print_json(std::ostream& out, const compiled_grid& g, const verification_report& r) {
  json_writer j(out);
  j.begin_object()
      .member("grid", g.source().id)
      .member("offers", r.offers)
      .member("positioned", r.positioned)
      .member("candidates", r.candidates)
      .member("passed", r.passed());
  j.key("differences").begin_array();
  for (const ranking_difference& d : r.differences) {
    j.begin_object().member("offer", d.offer.value).member("kind", to_string(d.kind));
    j.key("requests").begin_array(true);
    for (const request_number& n : d.requests) j.value(n.str());
    j.end_array().member("detail", d.detail).end_object();
  }
  j.end_array();
  j.key("failures").begin_array();
  for (const auto& [id, message] : r.failures) {
    j.begin_object().member("offer", id.value).member("error", message).end_object();
  }
  j.end_array().end_object().finish();
}

}  // namespace

command add_verify(CLI::App& parent) {
  auto o = std::make_shared<verify_options>();
  CLI::App* app = parent.add_subcommand(
      "verify",
      "Re-check every ranking of a data set with a second, plain implementation of SPEC 3-5 "
      "(eligibility, scoring, order) and the runtime property checks; list every difference. "
      "Exit code 3 when a difference is found");
  options::data(*app, o->data);
  options::grid(*app, o->grid);
  options::whole(app->add_option("--threads", o->threads, "Threads (0: the machine's)"),
                 limits::threads)
      ->type_name("N");
  options::format(*app, o->format);
  return {app, [o](const context& ctx) {
            const workspace w(data_inputs{.data = o->data});
            const compiled_grid g = load_grid(o->grid);
            const verification_report r = verify_rankings(w.data(), w.pool(), g, o->threads);
            if (parse_format(o->format) == output_format::json) {
              print_json(ctx.out, g, r);
            } else {
              print_table(ctx.out, g, r);
            }
            if (!r.passed()) {
              throw findings(fmt::format("{} difference(s) and {} failed offer(s) in {}",
                                         r.differences.size(), r.failures.size(), w.source()));
            }
          }};
}

}  // namespace cotation::cli
