// SPDX-License-Identifier: MIT
// The command line: CLI11 declares the subcommands; `run` parses, dispatches and turns every
// failure into a message on `err` and an exit code.
#include <charconv>
#include <exception>
#include <memory>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include <cotation/error.hpp>
#include <cotation/version.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "text_table.hpp"

namespace cotation::cli {

namespace {

constexpr std::size_t help_width = 100;
constexpr std::size_t help_column = 32;

/// `text` wrapped at `width` columns (existing line breaks kept).
std::string wrap(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t line = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(" \n", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (!word.empty()) {
      const std::size_t w = display_width(word);
      if (line != 0 && line + 1 + w > width) {
        out += '\n';
        line = 0;
      } else if (line != 0) {
        out += ' ';
        ++line;
      }
      out += word;
      line += w;
    }
    if (end < text.size() && text[end] == '\n') {
      out += '\n';
      line = 0;
    }
    start = end + 1;
  }
  return out;
}

/// CLI11's help, wrapped to 100 columns.
class help_formatter : public CLI::Formatter {
 public:
  help_formatter() { column_width(help_column); }
  std::string make_option_desc(const CLI::Option* opt) const override {
    return wrap(CLI::Formatter::make_option_desc(opt), help_width - help_column);
  }
  std::string make_subcommand(const CLI::App* sub) const override {
    std::stringstream out;
    CLI::detail::format_help(out, sub->get_display_name(true),
                             wrap(sub->get_description(), help_width - help_column), help_column);
    return out.str();
  }
  std::string make_description(const CLI::App* app) const override {
    return wrap(CLI::Formatter::make_description(app), help_width) + "\n";
  }
  std::string make_footer(const CLI::App* app) const override {
    const std::string footer = CLI::Formatter::make_footer(app);
    return footer.empty() ? footer : wrap(footer, help_width) + "\n";
  }
};

}  // namespace

namespace options {

void data(CLI::App& app, std::string& path, bool required) {
  app.add_option("data", path, "Data set document (JSON, docs/format.md)")
      ->required(required)
      ->type_name("FILE");
}

void inputs(CLI::App& app, data_inputs& in, bool required) {
  data(app, in.data, required);
  app.add_option("--requests", in.requests,
                 "The requests as a CSV pool (docs/format.md), for a document without "
                 "applicants (offers, positionings, statistics)")
      ->type_name("FILE");
  app.add_option("--positionings", in.positionings,
                 "Positionings (CSV: offer,request, docs/format.md), instead of the document's")
      ->type_name("FILE");
  ceilings(app, in.ceilings);
}

void ceilings(CLI::App& app, std::vector<std::string>& paths) {
  app.add_option("--ceilings", paths,
                 "Income ceiling table (one year, data/ceilings/ format) over the built-in ones, "
                 "e.g. another year's PLAI (repeatable)")
      ->allow_extra_args(false)
      ->type_name("FILE");
}

void grid(CLI::App& app, std::string& path) {
  app.add_option("--grid", path, "Scoring grid (JSON); default: the built-in alin-default-2026")
      ->type_name("FILE");
}

void date(CLI::App& app, std::string& text, const std::string& what) {
  app.add_option("--date", text, what)->type_name("YYYY-MM-DD");
}

void format(CLI::App& app, std::string& value) {
  app.add_option("--format", value, "Output format")
      ->check(CLI::IsMember({"table", "json"}).description(""))
      ->default_str("table")
      ->type_name("table|json");
}

void lang(CLI::App& app, std::string& value, const std::string& fallback) {
  value = fallback;
  app.add_option("--lang", value, "Language of labels and sentences")
      ->check(CLI::IsMember({"fr", "en"}).description(""))
      ->default_str(fallback)
      ->type_name("fr|en");
}

namespace {
/// `10 000 000`.
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, " ");
  return digits;
}
}  // namespace

CLI::Option* whole(CLI::Option* opt, const whole_range& range) {
  const std::uint64_t min = range.min;
  const std::uint64_t max = range.max;
  const std::string why(range.why_max);
  const auto check = [min, max, why](std::string& text) -> std::string {
    const std::string wanted =
        fmt::format("a whole number from {} to {}", grouped(min), grouped(max));
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
      if (text.starts_with('-') && text.size() > 1 &&
          text.find_first_not_of("0123456789", 1) == std::string::npos) {
        return fmt::format("{} is negative; give {}", text, wanted);
      }
      return fmt::format("\"{}\" is not {}", text, wanted);
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > max) {
      return fmt::format("{} is more than {}, {}", text, grouped(max), why);
    }
    if (value < min) return fmt::format("{} is less than {}; give {}", text, grouped(min), wanted);
    return {};
  };
  return opt->check(CLI::Validator(check, ""));
}

}  // namespace options

void limits::check_positionings(std::uint64_t offers, std::uint64_t candidates) {
  if (candidates != 0 && offers > max_positionings / candidates) {
    throw input_error(fmt::format(
        "--offers {} × --candidates {} is more than {} positionings, the most this tool holds "
        "in memory",
        options::grouped(offers), options::grouped(candidates),
        options::grouped(max_positionings)));
  }
}

int run(std::span<const std::string> args, std::ostream& out, std::ostream& err,
        const environment& env) {
  CLI::App app(
      "cotation: scores and ranks applicants for French social housing the way Action "
      "Logement's AL'in platform does.\nExit codes: 0 success, 2 bad input (the error on "
      "stderr), 3 a check found something (verify differences, fairness flagged groups), 1 "
      "internal failure.",
      "cotation");
  app.set_version_flag("--version", std::string(cotation::version));
  app.require_subcommand(1);
  app.formatter(std::make_shared<help_formatter>());
  const std::vector<command> commands = {add_rank(app),    add_explain(app),  add_eligible(app),
                                         add_aids(app),    add_generate(app), add_simulate(app),
                                         add_report(app),  add_chances(app),  add_thresholds(app),
                                         add_verify(app),  add_journal(app),  add_impact(app),
                                         add_fairness(app)};

  // CLI11 would only say that a subcommand is required.
  if (!args.empty() && !args.front().starts_with('-')) {
    std::string names;
    bool known = false;
    for (const command& c : commands) {
      names += (names.empty() ? "" : ", ") + c.app->get_name();
      known = known || c.app->get_name() == args.front();
    }
    if (!known) {
      err << fmt::format("cotation: unknown command \"{}\" (commands: {})\n", args.front(), names);
      err << "Run 'cotation --help' for usage.\n";
      return bad_input;
    }
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "cotation: " << e.what() << '\n';
    std::string prefix = "cotation";
    for (const command& c : commands) {
      if (c.app->parsed()) prefix += " " + c.app->get_name();
    }
    err << "Run '" << prefix << " --help' for usage.\n";
    return bad_input;
  }

  const context ctx{out, err, env};
  try {
    for (const command& c : commands) {
      if (c.app->parsed()) c.run(ctx);
    }
    return success;
  } catch (const findings& e) {
    err << "cotation: " << e.what() << '\n';
    return findings_reported;
  } catch (const input_error& e) {
    err << "cotation: " << e.what() << '\n';
  } catch (const cotation::error& e) {
    err << "cotation: " << e.what() << '\n';
  } catch (const std::bad_alloc&) {
    err << "cotation: out of memory\n";
    return internal_failure;
  } catch (const std::exception& e) {
    err << "cotation: internal error: " << e.what() << '\n';
    return internal_failure;
  }
  return bad_input;
}

}  // namespace cotation::cli
