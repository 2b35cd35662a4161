// SPDX-License-Identifier: MIT
// `cotation aids`: the Action Logement aids one applicant can get for a dwelling (an offer of
// the data set, or one described by options), with amounts, or the reasons when not.
#include <array>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include <cotation/aids.hpp>

#include <cotation/json_writer.hpp>
#include "commands.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

struct aids_options {
  std::string data;
  std::string request;
  std::string offer;
  std::string date;
  std::string rent;
  std::string benefit;
  std::string deposit;
  std::string move_in;
  std::string commune;
  bool ile_de_france = false;
  std::string abc;
  bool student = false;
  std::string job_promise;
  std::string last_mobili_pass;
  std::string mobility_costs;
  std::string format = "table";
};

// The option's names of the ABC zones (`to_string` gives the display names `A bis`, `B1`).
constexpr std::array<std::pair<std::string_view, abc_zone>, 5> abc_names = {
    {{"a_bis", abc_zone::a_bis},
     {"a", abc_zone::a},
     {"b1", abc_zone::b1},
     {"b2", abc_zone::b2},
     {"c", abc_zone::c}}};

std::string_view abc_name(abc_zone z) {
  for (const auto& [name, zone] : abc_names) {
    if (zone == z) return name;
  }
  return "?";
}

// The failure's sentence without its reason code (given apart in JSON).
std::string sentence(const aid_failure& f) {
  std::string text = describe(f);
  const std::string prefix = fmt::format("{}: ", f.reason);
  if (text.starts_with(prefix)) text.erase(0, prefix.size());
  return text;
}

abc_zone parse_abc(const std::string& text) {
  for (const auto& [name, zone] : abc_names) {
    if (name == text) return zone;
  }
  return abc_zone::c;  // the option's check admits the names only
}

/// The aid request from the options, the offer filling what they do not say.
aid_request build_request(const workspace& w, const applicant& a, const aids_options& o) {
  aid_request r;
  const offer* of = o.offer.empty() ? nullptr : &w.find_offer(o.offer);
  if (!o.date.empty()) {
    r.request_date = parse_date(o.date, "--date");
  } else if (of != nullptr) {
    r.request_date = of->closing_date();
  } else {
    throw input_error("--date is required without --offer (the day the aids are asked for)");
  }
  dwelling& d = r.dwelling;
  if (!o.rent.empty()) {
    d.rent_and_charges = parse_money(o.rent, "--rent");
  } else if (of != nullptr) {
    d.rent_and_charges = of->total_rent();
  } else {
    throw input_error("--rent is required without --offer (the dwelling's rent and charges)");
  }
  if (!o.benefit.empty()) {
    d.housing_benefit = parse_money(o.benefit, "--housing-benefit");
  } else if (of != nullptr) {
    d.housing_benefit = a.expected_housing_benefit;
  }
  // In social housing the deposit is one month of rent without charges.
  if (!o.deposit.empty()) {
    d.deposit = parse_money(o.deposit, "--deposit");
  } else if (of != nullptr) {
    d.deposit = of->rent;
  }
  if (!o.commune.empty()) {
    const auto c = commune_code::try_parse(o.commune);
    if (!c)
      throw input_error(fmt::format("--commune: \"{}\" is not an INSEE commune code", o.commune));
    d.location = *c;
  } else if (of != nullptr) {
    d.location = of->commune;
  } else {
    d.location = o.ile_de_france ? dwelling_area::ile_de_france : dwelling_area::elsewhere;
  }
  if (!o.abc.empty()) d.abc_zone = parse_abc(o.abc);
  d.move_in = o.move_in.empty() ? r.request_date : parse_date(o.move_in, "--move-in");
  r.student = o.student;
  if (!o.job_promise.empty()) r.job_promise_start = parse_date(o.job_promise, "--job-promise");
  if (!o.last_mobili_pass.empty()) {
    r.last_mobili_pass = parse_date(o.last_mobili_pass, "--last-mobili-pass");
  }
  if (!o.mobility_costs.empty()) {
    r.mobility_costs = parse_money(o.mobility_costs, "--mobility-costs");
  }
  validate(r);
  return r;
}

std::string location_text(const dwelling& d) {
  if (const auto* c = std::get_if<commune_code>(&d.location)) {
    return fmt::format(
        "commune {} ({})", *c,
        area_of(d) == dwelling_area::ile_de_france ? "Île-de-France" : "outside Île-de-France");
  }
  return area_of(d) == dwelling_area::ile_de_france ? "Île-de-France" : "outside Île-de-France";
}

template <typename G>
void print_aid(std::ostream& out, const aid_result<G>& r) {
  if (const G* g = r.grant()) {
    out << fmt::format("{:<13} eligible: {}\n", G::kind, describe(*g));
    return;
  }
  out << fmt::format("{:<13} not eligible\n", G::kind);
  for (const aid_failure& f : r.failures()) out << "    " << describe(f) << '\n';
}

void print_text(std::ostream& out, const applicant& a, const aid_request& r, const aids_options& o,
                const aids_result& result) {
  const dwelling& d = r.dwelling;
  out << fmt::format("Aids for request {}, asked on {}\n", a.number, r.request_date);
  out << fmt::format("Dwelling: {}{}{}\n",
                     o.offer.empty() ? "" : fmt::format("offer {}, ", o.offer), location_text(d),
                     d.abc_zone ? fmt::format(", zone {}", *d.abc_zone) : std::string());
  out << fmt::format(
      "          rent and charges {}, housing benefit {}, deposit {}, moving in {}\n\n",
      d.rent_and_charges, d.housing_benefit, d.deposit, d.move_in);
  print_aid(out, result.visale);
  print_aid(out, result.loca_pass);
  print_aid(out, result.mobili_jeune);
  print_aid(out, result.mobili_pass);
}

void grant_fields(json_writer& j, const visale_grant& g) {
  j.member("basis", to_string(g.basis))
      .member("rent", g.rent)
      .member("rent_cap", g.rent_cap)
      .member("covered_months", g.covered_months);
}

void grant_fields(json_writer& j, const loca_pass_grant& g) {
  const repayment_schedule& s = g.repayment;
  j.member("basis", to_string(g.basis))
      .member("amount", g.amount)
      .member("advance_date", s.advance)
      .member("first_instalment_month", s.first_month)
      .member("instalments", s.count)
      .member("regular_instalment", s.regular)
      .member("last_instalment", s.last);
}

void grant_fields(json_writer& j, const mobili_jeune_grant& g) {
  j.member("monthly", g.monthly)
      .member("months", g.months)
      .member("total", g.total())
      .member("net_rent", g.net_rent);
}

void grant_fields(json_writer& j, const mobili_pass_grant& g) {
  j.member("zone", abc_name(g.zone)).member("cap", g.cap).member("amount", g.amount);
}

template <typename G>
void aid_json(json_writer& j, std::string_view name, const aid_result<G>& r) {
  j.begin_object().member("aid", name).member("eligible", r.eligible());
  if (const G* g = r.grant()) {
    j.key("grant").begin_object();
    grant_fields(j, *g);
    j.end_object();
    j.member("text", describe(*g));
  } else {
    j.key("reasons").begin_array();
    for (const aid_failure& f : r.failures()) {
      j.begin_object()
          .member("reason", to_string(f.reason))
          .member("text", sentence(f))
          .end_object();
    }
    j.end_array();
  }
  j.end_object();
}

void print_json(std::ostream& out, const applicant& a, const aid_request& r,
                const aids_result& result) {
  const dwelling& d = r.dwelling;
  json_writer j(out);
  j.begin_object().member("request", a.number.str()).member("request_date", r.request_date);
  j.key("dwelling")
      .begin_object()
      .member("rent_and_charges", d.rent_and_charges)
      .member("housing_benefit", d.housing_benefit)
      .member("deposit", d.deposit)
      .member("move_in", d.move_in)
      .member("area", to_string(area_of(d)));
  if (const auto* c = std::get_if<commune_code>(&d.location)) j.member("commune", c->code());
  if (d.abc_zone) j.member("abc_zone", abc_name(*d.abc_zone));
  j.end_object();
  j.key("aids").begin_array();
  aid_json(j, "visale", result.visale);
  aid_json(j, "loca_pass", result.loca_pass);
  aid_json(j, "mobili_jeune", result.mobili_jeune);
  aid_json(j, "mobili_pass", result.mobili_pass);
  j.end_array().end_object().finish();
}

}  // namespace

command add_aids(CLI::App& parent) {
  auto o = std::make_shared<aids_options>();
  CLI::App* app = parent.add_subcommand(
      "aids",
      "The Action Logement aids (Visale, Loca-Pass, Mobili-Jeune, Mobili-Pass) one applicant "
      "can get for a dwelling, with amounts and reasons");
  options::data(*app, o->data);
  app->add_option("--request", o->request, "Request number (NUR/NUD)")
      ->required()
      ->type_name("NUMBER");
  app->add_option("--offer", o->offer,
                  "The dwelling is this offer: rent and charges, commune, deposit of one month "
                  "of rent, the applicant's expected housing benefit, asked on the closing date")
      ->type_name("ID");
  options::date(*app, o->date, "The day the aids are asked for (required without --offer)");
  app->add_option("--rent", o->rent, "Monthly rent and charges, euros")->type_name("EUROS");
  app->add_option("--housing-benefit", o->benefit, "Expected monthly housing benefit, euros")
      ->type_name("EUROS");
  app->add_option("--deposit", o->deposit, "Security deposit asked by the landlord, euros")
      ->type_name("EUROS");
  app->add_option("--move-in", o->move_in, "Moving-in date; default: the request date")
      ->type_name("YYYY-MM-DD");
  app->add_option("--commune", o->commune, "INSEE code of the dwelling's commune")
      ->type_name("CODE");
  app->add_flag("--ile-de-france", o->ile_de_france,
                "Without a commune: the dwelling is in Île-de-France");
  app->add_option("--abc-zone", o->abc, "ABC zone of the dwelling (Mobili-Pass)")
      ->check(CLI::IsMember({"a_bis", "a", "b1", "b2", "c"}).description(""))
      ->type_name("a_bis|a|b1|b2|c");
  app->add_flag("--student", o->student, "The applicant is a student (Visale's rent caps)");
  app->add_option("--job-promise", o->job_promise, "Start of a promised job (Visale)")
      ->type_name("YYYY-MM-DD");
  app->add_option("--last-mobili-pass", o->last_mobili_pass,
                  "Date of the last Mobili-Pass received")
      ->type_name("YYYY-MM-DD");
  app->add_option("--mobility-costs", o->mobility_costs, "Moving costs to cover (Mobili-Pass)")
      ->type_name("EUROS");
  options::format(*app, o->format);
  return {app, [o](const context& ctx) {
            const workspace w(data_inputs{.data = o->data});
            const applicant& a = w.find_applicant(o->request);
            const aid_request r = build_request(w, a, *o);
            const aids_result result = compute_aids(a, r);
            if (parse_format(o->format) == output_format::json) {
              print_json(ctx.out, a, r, result);
            } else {
              print_text(ctx.out, a, r, *o, result);
            }
          }};
}

}  // namespace cotation::cli
