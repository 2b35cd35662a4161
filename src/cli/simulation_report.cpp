// SPDX-License-Identifier: MIT
// The simulation report. Charts are plain SVG with integer coordinates; every bar and point
// carries a `<title>` (the browser's tooltip) and a class or data attribute naming what it is,
// so that tests can count them.
#include "simulation_report.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "html.hpp"

namespace cotation::cli {

namespace {

using html::escape;
using html::text;

constexpr std::string_view extra_style = R"(dl.counts { flex-wrap: wrap; gap: 0.8em 1.2em; }
svg.chart line.grid { stroke: #e3e3e3; stroke-width: 1; }
svg.chart line.axis { stroke: #333; stroke-width: 1; }
svg.chart polyline.share { fill: none; stroke-width: 2; }
svg.chart path.target { fill: none; stroke-width: 2; stroke-dasharray: 6 4; }
div.wide { overflow-x: auto; }
table.weeks th { font-size: 0.85em; }
tr.total th, tr.total td { font-weight: 600; border-top: 2px solid #999; }
p.empty { color: #555; font-style: italic; }
)";

constexpr std::size_t sizes = company_size_count;

std::string_view size_name(std::size_t k) { return to_string(static_cast<company_size>(k)); }

// Numbers in the reader's language, from integers only.

/// Basis points as a signed percentage with one decimal, rounded half away from zero: `38,5`,
/// `−6.2`; `plus` is the sign of a positive value.
std::string one_decimal(std::int64_t bp, text t, std::string_view plus = "") {
  const std::int64_t tenths = (std::llabs(bp) + 5) / 10;
  const std::string_view sign = tenths == 0 ? "" : bp < 0 ? "−" : plus;
  return fmt::format("{}{}{}{}", sign, tenths / 10, t(",", "."), tenths % 10);
}

/// `38,5 %` / `38.5%`.
std::string percent(std::int64_t bp, text t) {
  return one_decimal(bp, t) + std::string(t(" %", "%"));
}

/// A difference of shares in percentage points: `+1,5` / `−6.2`.
std::string points(std::int64_t bp, text t) { return one_decimal(bp, t, "+"); }

/// `part / whole` in basis points, rounded to the nearest; `whole` > 0.
std::int64_t share(std::size_t part, std::size_t whole) {
  const auto p = static_cast<std::int64_t>(part);
  const auto w = static_cast<std::int64_t>(whole);
  return (p * 10000 + w / 2) / w;
}

/// `412 jours (1,1 an)` / `412 days (1.1 years)`: 365.25 days a year, to one decimal.
std::string days_and_years(int days, text t) {
  const std::int64_t tenths = (static_cast<std::int64_t>(days) * 80 + 1461) / 2922;
  const std::string years = fmt::format("{}{}{}", tenths / 10, t(",", "."), tenths % 10);
  const bool one = t.fr ? tenths < 20 : tenths == 10;
  return fmt::format("{} {} ({} {})", days,
                     t(days < 2 ? "jour" : "jours", days == 1 ? "day" : "days"), years,
                     t(one ? "an" : "ans", one ? "year" : "years"));
}

/// `1 bail`, `3 baux` / `1 lease`, `3 leases`.
std::string leases(std::int64_t n, text t) {
  return fmt::format("{} {}", n, n == 1 ? t("bail", "lease") : t("baux", "leases"));
}

/// The smallest 1, 2 or 5 × 10^k step that cuts [0, max] into at most 5 intervals, and the
/// top of the axis (a multiple of the step, at least one step).
struct value_scale {
  std::int64_t step = 1;
  std::int64_t top = 1;
};

value_scale nice_scale(std::int64_t max) {
  for (std::int64_t base = 1;; base *= 10) {
    for (const std::int64_t m : {1, 2, 5}) {
      const std::int64_t step = m * base;
      if (max <= 5 * step) return {step, std::max<std::int64_t>(1, (max + step - 1) / step) * step};
    }
  }
}

/// A chart of `n` categories (weeks, waiting-time bands) along x and values along y.
struct chart_frame {
  static constexpr std::int64_t left = 72;
  static constexpr std::int64_t top = 16;
  static constexpr std::int64_t height = 220;
  static constexpr std::int64_t bottom = 46;
  static constexpr std::int64_t right = 16;
  std::int64_t plot_width = 720;
  std::int64_t n = 1;  // categories, >= 1
  value_scale scale;

  [[nodiscard]] std::int64_t x0(std::int64_t k) const { return left + k * plot_width / n; }
  [[nodiscard]] std::int64_t x1(std::int64_t k) const { return x0(k + 1); }
  [[nodiscard]] std::int64_t centre(std::int64_t k) const { return (x0(k) + x1(k)) / 2; }
  [[nodiscard]] std::int64_t y(std::int64_t value) const {
    return top + height - value * height / scale.top;
  }
  [[nodiscard]] std::int64_t width() const { return left + plot_width + right; }
  [[nodiscard]] std::int64_t full_height() const { return top + height + bottom; }
  /// A bar of category `k`: 60 % of its band, at least one pixel and at most 64.
  [[nodiscard]] std::int64_t bar_width(std::int64_t k) const {
    return std::clamp<std::int64_t>((x1(k) - x0(k)) * 6 / 10, 1, 64);
  }
};

/// Opens the `<svg>` and draws the grid, the y labels (`label` of each tick value), the axes,
/// the category labels (every `every`-th) and the axis titles.
template <typename Label, typename Category>
void open_chart(std::ostream& out, const chart_frame& f, std::string_view name,
                std::string_view description, Label&& label, Category&& category,
                std::int64_t every, std::string_view y_title, std::string_view x_title) {
  out << fmt::format(
      "<svg class=\"chart\" id=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" "
      "height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n",
      name, f.width(), f.full_height(), f.width(), f.full_height(), escape(description));
  for (std::int64_t v = 0; v <= f.scale.top; v += f.scale.step) {
    out << fmt::format(
        "<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n<text x=\"{}\" y=\"{}\" "
        "text-anchor=\"end\">{}</text>\n",
        chart_frame::left, f.y(v), chart_frame::left + f.plot_width, f.y(v), chart_frame::left - 6,
        f.y(v) + 4, escape(label(v)));
  }
  const std::int64_t base = chart_frame::top + chart_frame::height;
  out << fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
                     chart_frame::left, chart_frame::top, chart_frame::left, base);
  out << fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
                     chart_frame::left, base, chart_frame::left + f.plot_width, base);
  for (std::int64_t k = 0; k < f.n; k += every) {
    out << fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", f.centre(k),
                       base + 16, escape(category(k)));
  }
  out << fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     chart_frame::left + f.plot_width / 2, base + 38, escape(x_title));
  out << fmt::format(
      "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
      chart_frame::top + chart_frame::height / 2, escape(y_title));
}

chart_frame week_frame(std::size_t weeks, value_scale scale) {
  return {.plot_width = 720, .n = static_cast<std::int64_t>(weeks), .scale = scale};
}

/// Week labels every so often so that they do not overlap (about 26 at most).
std::int64_t week_label_every(std::size_t weeks) {
  return static_cast<std::int64_t>((weeks + 25) / 26);
}

void size_legend(std::ostream& out) {
  out << "<ul class=\"legend\">\n";
  for (std::size_t k = 0; k < sizes; ++k) html::legend_item(out, html::colour(k), size_name(k));
  out << "</ul>\n";
}

void empty(std::ostream& out, std::string_view sentence) {
  out << fmt::format("<p class=\"empty\">{}</p>\n", escape(sentence));
}

void write_summary(std::ostream& out, const simulation_result& r, const week_figures& all, text t) {
  if (r.weeks.empty()) {
    out << fmt::format("<p class=\"summary\">{} {} · {}</p>\n", escape(t("Début le", "Starting")),
                       r.start, escape(t("aucune semaine simulée", "no week simulated")));
  } else {
    out << fmt::format("<p class=\"summary\">{} {} {} {} · {} {} · {} {}</p>\n",
                       escape(t("Du", "From")), r.start, escape(t("au", "to")), all.last_day,
                       r.weeks.size(),
                       escape(r.weeks.size() == 1 ? t("semaine", "week") : t("semaines", "weeks")),
                       escape(t("graine", "seed")), r.seed);
  }
  html::begin_counts(out);
  html::count(out, t("Demandes fournies", "Requests given"), r.population);
  html::count(out, t("Valides, déposées", "Valid, filed"), r.filed);
  html::count(out, t("Offres publiées", "Offers published"), all.offers_published);
  html::count(out, t("Positionnements", "Positionings"), all.positionings);
  html::count(out, t("Offres clôturées", "Offers closed"), all.offers_closed);
  html::count(out, t("Baux signés", "Leases signed"), all.leases);
  html::count(out, t("Refus des demandeurs", "Refused by applicants"), all.refused);
  html::count(out, t("Sans réponse", "Unanswered"), all.unanswered);
  html::count(out, t("Refus des commissions", "Refused by commissions"), all.decisions[2]);
  html::count(out, t("Offres non attribuées", "Unattributed offers"), all.unattributed);
  html::end_counts(out);
}

void write_leases_chart(std::ostream& out, const simulation_result& r, text t) {
  std::size_t most = 0;
  for (const week_figures& w : r.weeks) most = std::max(most, w.leases);
  const chart_frame f = week_frame(r.weeks.size(), nice_scale(static_cast<std::int64_t>(most)));
  size_legend(out);
  open_chart(
      out, f, "leases-per-week", t("Baux signés chaque semaine", "Leases signed each week"),
      [](std::int64_t v) { return fmt::format("{}", v); },
      [&](std::int64_t k) { return fmt::format("{}", r.weeks[static_cast<std::size_t>(k)].week); },
      week_label_every(r.weeks.size()), t("Baux signés", "Leases signed"), t("Semaine", "Week"));
  for (std::size_t i = 0; i < r.weeks.size(); ++i) {
    const week_figures& w = r.weeks[i];
    const auto k = static_cast<std::int64_t>(i);
    const std::int64_t bar = f.bar_width(k);
    const std::int64_t x = f.centre(k) - bar / 2;
    out << fmt::format("<g class=\"week-bar\" data-week=\"{}\" data-leases=\"{}\">\n", w.week,
                       w.leases);
    std::int64_t below = 0;  // leases stacked so far
    for (std::size_t s = 0; s < sizes; ++s) {
      const auto n = static_cast<std::int64_t>(w.leases_by_size[s]);
      if (n == 0) continue;
      const std::int64_t y_top = f.y(below + n);
      out << fmt::format(
          "<rect class=\"segment\" data-size=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
          "fill=\"{}\"><title>{}</title></rect>\n",
          size_name(s), x, y_top, bar, f.y(below) - y_top, html::colour(s),
          escape(fmt::format("{} {} ({}) · {}{}{}", t("Semaine", "Week"), w.week, w.first_day,
                             size_name(s), t(" : ", ": "), leases(n, t))));
      below += n;
    }
    out << "</g>\n";
  }
  out << "</svg>\n";
}

std::size_t window_total(const week_figures& w) {
  return w.window_attributions[0] + w.window_attributions[1] + w.window_attributions[2];
}

/// Each size's share of the attributions in the ALS window, week by week (history included:
/// what the criterion compares), against its target.
void write_shares_chart(std::ostream& out, const simulation_result& r, text t) {
  std::int64_t most = 0;
  for (const week_figures& w : r.weeks) {
    for (std::size_t s = 0; s < sizes; ++s) {
      most = std::max(most, w.targets[s].value);
      if (window_total(w) > 0)
        most = std::max(most, share(w.window_attributions[s], window_total(w)));
    }
  }
  const chart_frame f = week_frame(r.weeks.size(), nice_scale(most));
  size_legend(out);
  open_chart(
      out, f, "shares-and-targets",
      t("Part des attributions de la fenêtre ALS et cible de chaque taille d'entreprise",
        "Each company size's share of the attributions in the ALS window and its target"),
      [&](std::int64_t v) { return fmt::format("{}{}", v / 100, t(" %", "%")); },
      [&](std::int64_t k) { return fmt::format("{}", r.weeks[static_cast<std::size_t>(k)].week); },
      week_label_every(r.weeks.size()), t("Part", "Share"), t("Semaine", "Week"));
  for (std::size_t s = 0; s < sizes; ++s) {
    // The target, a dashed step across each week.
    std::string d;
    for (std::size_t i = 0; i < r.weeks.size(); ++i) {
      const auto k = static_cast<std::int64_t>(i);
      const std::int64_t y = f.y(r.weeks[i].targets[s].value);
      d += i == 0 ? fmt::format("M {} {} ", f.x0(k), y) : fmt::format("V {} ", y);
      d += fmt::format("H {}", f.x1(k));
      if (i + 1 < r.weeks.size()) d += ' ';
    }
    out << fmt::format(
        "<path class=\"target\" data-size=\"{}\" stroke=\"{}\" d=\"{}\"><title>{}</title></path>\n",
        size_name(s), html::colour(s), d,
        escape(fmt::format("{} {}", t("Cible", "Target"), size_name(s))));
    // The share in the window at the end of each week that has attributions in it.
    std::string line;
    std::string marks;
    for (std::size_t i = 0; i < r.weeks.size(); ++i) {
      const week_figures& w = r.weeks[i];
      if (window_total(w) == 0) continue;
      const auto k = static_cast<std::int64_t>(i);
      const std::int64_t v = share(w.window_attributions[s], window_total(w));
      line += fmt::format("{}{},{}", line.empty() ? "" : " ", f.centre(k), f.y(v));
      marks += fmt::format(
          "<circle class=\"share-point\" data-size=\"{}\" data-week=\"{}\" cx=\"{}\" cy=\"{}\" "
          "r=\"3.5\" fill=\"{}\"><title>{}</title></circle>\n",
          size_name(s), w.week, f.centre(k), f.y(v), html::colour(s),
          escape(fmt::format(
              "{} {} · {}{}{} {} ({} {} {}) · {} {}", t("Semaine", "Week"), w.week, size_name(s),
              t(" : ", ": "), percent(v, t),
              t("des attributions de la fenêtre ALS", "of the attributions in the ALS window"),
              w.window_attributions[s], t("sur", "of"), window_total(w), t("cible", "target"),
              percent(w.targets[s].value, t))));
    }
    out << fmt::format(
        "<polyline class=\"share\" data-size=\"{}\" stroke=\"{}\" points=\"{}\"/>\n{}",
        size_name(s), html::colour(s), line, marks);
  }
  out << "</svg>\n";
  out << fmt::format(
      "<p>{}</p>\n",
      escape(t("Traits pleins : part de chaque taille d'entreprise dans les attributions de la "
               "fenêtre du critère ALS (12 mois, attributions antérieures à la simulation "
               "comprises) en fin de semaine. Tirets : sa cible, sa part des demandes valides.",
               "Solid lines: each company size's share of the attributions in the ALS criterion's "
               "window (12 months, attributions before the simulation included) at the end of "
               "the week. Dashes: its target, its share of the valid requests.")));
}

void write_shares_table(std::ostream& out, const week_figures& all, text t) {
  out << fmt::format(
      "<table class=\"shares\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th><th>{}</th></tr>\n",
      escape(t("Taille d'entreprise", "Company size")),
      escape(t("Baux de la simulation", "Leases in the simulation")),
      escape(t("Part des baux", "Share of the leases")),
      escape(t("Attributions de la fenêtre ALS", "Attributions in the ALS window")),
      escape(t("Part dans la fenêtre", "Share in the window")), escape(t("Cible", "Target")),
      escape(t("Écart (points)", "Gap (points)")),
      escape(t("Plus de 5 points sous la cible", "More than 5 points below target")));
  const std::size_t in_window = window_total(all);
  for (std::size_t s = 0; s < sizes; ++s) {
    const std::int64_t target = all.targets[s].value;
    const std::string leased =
        all.leases > 0 ? percent(share(all.leases_by_size[s], all.leases), t) : "—";
    std::string got = "—";
    std::string gap = "—";
    bool below = false;
    if (in_window > 0) {
      const std::int64_t v = share(all.window_attributions[s], in_window);
      got = percent(v, t);
      gap = points(v - target, t);
      // Exactly as the ALS criterion compares: share < target − 5 points.
      const auto mine = static_cast<std::int64_t>(all.window_attributions[s]);
      below = mine * 10000 < (target - 500) * static_cast<std::int64_t>(in_window);
    }
    out << fmt::format(
        "<tr data-size=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        size_name(s), size_name(s), all.leases_by_size[s], escape(leased),
        all.window_attributions[s], escape(got), escape(percent(target, t)), escape(gap),
        escape(below ? t("oui : bonus ALS", "yes: ALS bonus") : t("non", "no")));
  }
  out << "</table>\n";
  out << fmt::format(
      "<p>{}</p>\n",
      escape(t("Le critère ALS donne un bonus aux salariés d'une taille d'entreprise dont la part "
               "des attributions de sa fenêtre est à plus de 5 points sous sa cible ; la "
               "simulation part des attributions de l'année précédente.",
               "The ALS criterion gives a bonus to the employees of a company size whose share "
               "of the attributions in its window is more than 5 points below its target; the "
               "simulation starts from the attributions of the year before.")));
}

void write_waiting_times(std::ostream& out, const simulation_result& r, text t) {
  const waiting_time_summary w = waiting_times(r.leases);
  if (w.leases == 0) {
    empty(out, t("Aucun bail signé : pas de délai d'attente à montrer.",
                 "No lease signed: no waiting time to show."));
    return;
  }
  out << fmt::format("<p class=\"summary\">{} · {} {} · p10 {} · p90 {}</p>\n",
                     escape(leases(static_cast<std::int64_t>(w.leases), t)),
                     escape(t("médiane", "median")), escape(days_and_years(w.median_days, t)),
                     escape(days_and_years(w.p10_days, t)), escape(days_and_years(w.p90_days, t)));
  out << fmt::format("<p>{}</p>\n",
                     escape(t("Attente : du dépôt initial de la demande à la signature du bail. "
                              "p10 et p90 : 10 % et 90 % des baux ont attendu au plus autant.",
                              "Wait: from the request's initial filing to the lease signature. "
                              "p10 and p90: 10% and 90% of the leases waited at most as long.")));
  constexpr std::array<std::array<std::string_view, 2>, 6> bands = {{{"< 1 an", "< 1 year"},
                                                                     {"1–2 ans", "1–2 years"},
                                                                     {"2–3 ans", "2–3 years"},
                                                                     {"3–5 ans", "3–5 years"},
                                                                     {"5–10 ans", "5–10 years"},
                                                                     {"≥ 10 ans", "≥ 10 years"}}};
  static_assert(bands.size() == std::tuple_size_v<decltype(w.by_years)>);
  const std::size_t most = *std::max_element(w.by_years.begin(), w.by_years.end());
  const chart_frame f{.plot_width = 480,
                      .n = static_cast<std::int64_t>(bands.size()),
                      .scale = nice_scale(static_cast<std::int64_t>(most))};
  const auto band = [&](std::size_t k) { return t(bands[k][0], bands[k][1]); };
  open_chart(
      out, f, "waiting-times", t("Baux par délai d'attente", "Leases by waiting time"),
      [](std::int64_t v) { return fmt::format("{}", v); },
      [&](std::int64_t k) { return std::string(band(static_cast<std::size_t>(k))); }, 1,
      t("Baux", "Leases"), t("Attente depuis le dépôt initial", "Wait since the initial filing"));
  for (std::size_t i = 0; i < bands.size(); ++i) {
    const auto k = static_cast<std::int64_t>(i);
    const auto n = static_cast<std::int64_t>(w.by_years[i]);
    const std::int64_t bar = f.bar_width(k);
    out << fmt::format("<g class=\"wait-band\" data-band=\"{}\" data-leases=\"{}\">\n", i, n);
    if (n > 0) {
      out << fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
          "fill=\"{}\"><title>{}</title></rect>\n",
          f.centre(k) - bar / 2, f.y(n), bar, f.y(0) - f.y(n), html::colour(0),
          escape(fmt::format("{}{}{} ({})", band(i), t(" : ", ": "), leases(n, t),
                             percent(share(w.by_years[i], w.leases), t))));
    }
    out << fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n</g>\n",
                       f.centre(k), f.y(n) - 4, n);
  }
  out << "</svg>\n";
}

/// A column of the weekly table: its French and English headings and its value.
struct column {
  std::string_view fr;
  std::string_view en;
  std::size_t (*value)(const week_figures&);
};

constexpr auto columns = std::to_array<column>({
    {"Offres publiées", "Offers published",
     [](const week_figures& w) { return w.offers_published; }},
    {"Positionnements", "Positionings", [](const week_figures& w) { return w.positionings; }},
    {"Positionnements refusés", "Positionings refused",
     [](const week_figures& w) { return w.positionings_refused; }},
    {"Offres clôturées", "Offers closed", [](const week_figures& w) { return w.offers_closed; }},
    {"Candidats classés", "Candidates ranked", [](const week_figures& w) { return w.candidates; }},
    {"Présentés", "Shortlisted", [](const week_figures& w) { return w.shortlisted; }},
    {"Commissions", "Commissions", [](const week_figures& w) { return w.commissions; }},
    {"Attributions", "Attributions", [](const week_figures& w) { return w.decisions[0]; }},
    {"Sous condition", "Conditional", [](const week_figures& w) { return w.decisions[1]; }},
    {"Non-attributions", "Non-attributions", [](const week_figures& w) { return w.decisions[2]; }},
    {"Irrecevables", "Inadmissible", [](const week_figures& w) { return w.decisions[3]; }},
    {"Acceptées", "Accepted", [](const week_figures& w) { return w.accepted; }},
    {"Refusées", "Refused", [](const week_figures& w) { return w.refused; }},
    {"Sans réponse", "Unanswered", [](const week_figures& w) { return w.unanswered; }},
    {"Conditions non levées", "Conditions lapsed",
     [](const week_figures& w) { return w.conditions_lapsed; }},
    {"Baux", "Leases", [](const week_figures& w) { return w.leases; }},
    {"Baux PME", "PME leases", [](const week_figures& w) { return w.leases_by_size[0]; }},
    {"Baux ETI", "ETI leases", [](const week_figures& w) { return w.leases_by_size[1]; }},
    {"Baux GE", "GE leases", [](const week_figures& w) { return w.leases_by_size[2]; }},
    {"Non attribuées", "Unattributed", [](const week_figures& w) { return w.unattributed; }},
    {"Renouvellements", "Renewals", [](const week_figures& w) { return w.renewals; }},
    {"Abandons", "Abandonments", [](const week_figures& w) { return w.abandonments; }},
    {"Expirations", "Expiries", [](const week_figures& w) { return w.expiries; }},
    {"Demandes valides", "Valid requests", [](const week_figures& w) { return w.valid_requests; }},
});

void write_week_row(std::ostream& out, std::string_view head, std::string_view from,
                    const week_figures& w, text t, bool total) {
  out << fmt::format("<tr class=\"{}\"><th>{}</th><td>{}</td>", total ? "total" : "week",
                     escape(head), escape(from));
  for (const column& c : columns) {
    out << fmt::format("<td class=\"num\">{}</td>", c.value(w));
  }
  for (std::size_t s = 0; s < sizes; ++s) {
    out << fmt::format("<td class=\"num\">{}</td>", escape(percent(w.targets[s].value, t)));
  }
  out << "</tr>\n";
}

void write_weeks_table(std::ostream& out, const simulation_result& r, const week_figures& all,
                       text t) {
  out << "<div class=\"wide\">\n<table class=\"weeks\">\n<tr>";
  out << fmt::format("<th>{}</th><th>{}</th>", escape(t("Semaine", "Week")),
                     escape(t("Du", "From")));
  for (const column& c : columns) {
    out << fmt::format("<th>{}</th>", escape(t(c.fr, c.en)));
  }
  for (std::size_t s = 0; s < sizes; ++s) {
    out << fmt::format("<th>{} {}</th>", escape(t("Cible", "Target")), size_name(s));
  }
  out << "</tr>\n";
  for (const week_figures& w : r.weeks) {
    write_week_row(out, fmt::format("{}", w.week), fmt::format("{}", w.first_day), w, t, false);
  }
  write_week_row(out, t("Total", "Total"), "", all, t, true);
  out << "</table>\n</div>\n";
  out << fmt::format("<p>{}</p>\n",
                     escape(t("Demandes valides et cibles : en fin de semaine (la ligne Total "
                              "reprend la dernière).",
                              "Valid requests and targets: at the end of the week (the Total row "
                              "repeats the last one).")));
}

}  // namespace

void write_simulation_report(std::ostream& out, const simulation_result& r, language lang) {
  const text t(lang);
  const week_figures all = r.totals();
  const std::string_view title =
      t("Simulation du cycle d'attribution", "Simulation of the allocation cycle");
  html::begin_page(out, lang, title, extra_style);
  out << fmt::format("<h1>{}</h1>\n", escape(title));
  write_summary(out, r, all, t);

  out << fmt::format("<h2>{}</h2>\n",
                     escape(t("Attributions par semaine", "Attributions per week")));
  if (all.leases == 0) {
    empty(out, t("Aucun bail signé pendant la simulation.", "No lease signed in the simulation."));
  } else {
    write_leases_chart(out, r, t);
  }

  out << fmt::format("<h2>{}</h2>\n",
                     escape(t("PME, ETI et GE : parts des attributions et cibles",
                              "PME, ETI and GE: shares of the attributions and targets")));
  if (r.weeks.empty()) {
    empty(out, t("Aucune semaine simulée.", "No week simulated."));
  } else {
    const bool any = std::any_of(r.weeks.begin(), r.weeks.end(),
                                 [](const week_figures& w) { return window_total(w) > 0; });
    if (!any) {
      empty(out, t("Aucune attribution dans la fenêtre ALS : pas de part à comparer aux cibles.",
                   "No attribution in the ALS window: no share to compare with the targets."));
    } else {
      write_shares_chart(out, r, t);
    }
    write_shares_table(out, all, t);
  }

  out << fmt::format("<h2>{}</h2>\n", escape(t("Délais d'attente des demandeurs logés",
                                               "Waiting times of the applicants housed")));
  write_waiting_times(out, r, t);

  out << fmt::format("<h2>{}</h2>\n", escape(t("Chaque semaine", "Week by week")));
  if (r.weeks.empty()) {
    empty(out, t("Aucune semaine simulée.", "No week simulated."));
  } else {
    write_weeks_table(out, r, all, t);
  }
  html::end_page(out, lang);
}

}  // namespace cotation::cli
