// SPDX-License-Identifier: MIT
// `cotation journal verify|export|import`: an engine's SQLite journal checked, written as JSON
// lines, or built from them.
#include <fmt/format.h>

#include <cotation/engine.hpp>
#include <cotation/files.hpp>
#include <cotation/journal.hpp>
#include <filesystem>
#include <fstream>
#include <memory>

#include "commands.hpp"

namespace cotation::cli {

namespace {

struct journal_command_options {
  std::string file;
  std::string grid;
  std::string output;
  bool from_start = false;
};

engine_options options_of(const journal_command_options& o) {
  engine_options eo;
  if (!o.grid.empty()) eo.grid = load_grid(o.grid).source();
  return eo;
}

void require_readable(const std::string& file) {
  if (const auto why = unreadable_reason(file))
    throw input_error(fmt::format("{}: {}", file, *why));
}

void require_journal(const std::string& file) {
  // Opening creates a journal: a missing file is a mistake here.
  if (!std::filesystem::exists(file)) throw input_error(fmt::format("{}: no such journal", file));
  require_readable(file);
}

}  // namespace

command add_journal(CLI::App& parent) {
  auto o = std::make_shared<journal_command_options>();
  CLI::App* app = parent.add_subcommand(
      "journal",
      "Check an engine's journal (SQLite), write it as JSON lines, or build one "
      "from JSON lines");
  app->require_subcommand(1);

  CLI::App* verify = app->add_subcommand(
      "verify",
      "Open the journal (its newest snapshot, then the events after it, or every event with "
      "--from-start) and print the number of events and the state's digest; exit 2 with the "
      "place when it is corrupt");
  verify->add_option("file", o->file, "The journal")->required()->type_name("FILE");
  verify->add_flag("--from-start", o->from_start,
                   "Replay every event from the first, ignoring the snapshots");
  options::grid(*verify, o->grid);

  CLI::App* exporter = app->add_subcommand(
      "export", "Write the journal's events as JSON lines (docs/cycle.md), one event a line");
  exporter->add_option("file", o->file, "The journal")->required()->type_name("FILE");
  exporter->add_option("-o,--output", o->output, "Output file; default: standard output")
      ->type_name("FILE");

  CLI::App* importer = app->add_subcommand(
      "import",
      "Apply JSON lines of events to a new journal (the engine refuses what it would refuse "
      "live; the error names the line)");
  importer->add_option("lines", o->file, "The JSON lines")->required()->type_name("FILE");
  importer->add_option("-o,--output", o->output, "The journal to create")
      ->required()
      ->type_name("FILE");
  options::grid(*importer, o->grid);

  return {app, [o, verify, exporter, importer](const context& ctx) {
            if (verify->parsed()) {
              require_journal(o->file);
              if (o->from_start) {
                const auto store = open_sqlite_store(o->file);
                allocation_engine e(options_of(*o));
                store->read(1, [&](std::uint64_t seq, event&& ev) {
                  const outcome r = e.apply(ev);
                  if (!r.applied()) {
                    throw journal_error(o->file, seq, std::nullopt,
                                        fmt::format("the engine refuses {} ({}): {}", describe(ev),
                                                    *r.refused, r.reason));
                  }
                });
                ctx.out << fmt::format("{} events, digest {}\n", store->last_sequence(),
                                       e.digest());
              } else {
                const allocation_engine e = allocation_engine::open(o->file, options_of(*o));
                ctx.out << fmt::format("{} events, digest {}\n", e.sequence(), e.digest());
              }
            } else if (exporter->parsed()) {
              require_journal(o->file);
              const auto store = open_sqlite_store(o->file);
              write_output(o->output, ctx.out, [&](std::ostream& out) {
                store->read(1, [&](std::uint64_t, event&& ev) { out << to_json_line(ev) << '\n'; });
              });
            } else if (importer->parsed()) {
              // A folder, a named pipe or a device is refused before it is opened (a pipe
              // would block, a device would import nothing).
              require_readable(o->file);
              std::ifstream in(o->file, std::ios::binary);
              if (!in) throw input_error(fmt::format("{}: cannot be read", o->file));
              if (std::filesystem::exists(o->output)) {
                throw input_error(
                    fmt::format("{}: already exists (import makes a new journal)", o->output));
              }
              std::size_t count = 0;
              try {
                // A bulk load: events committed by groups, all of them before the end.
                allocation_engine e = allocation_engine::open(
                    o->output, options_of(*o), journal_options{.group_size = 4096, .sync = false});
                count = e.replay(in, o->file);
                e.flush();
                ctx.out << fmt::format("{} events, digest {}\n", count, e.digest());
              } catch (...) {
                for (const char* suffix : {"", "-wal", "-shm"}) {
                  std::filesystem::remove(o->output + suffix);
                }
                throw;
              }
            }
          }};
}

}  // namespace cotation::cli
