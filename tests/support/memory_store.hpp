// SPDX-License-Identifier: MIT
// An event store in memory, for the tests: it shows that the engine needs nothing of SQLite, it
// records what the engine appends, and it can be told to fail.
#pragma once

#include <cotation/journal.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cotation::test {

class memory_store final : public event_store {
 public:
  /// Every event appended, in order (shared with the test through a pointer that outlives the
  /// store).
  struct contents {
    std::vector<event> events;
    std::map<std::string, std::string, std::less<>> metadata;
    std::map<std::uint64_t, std::string> snapshots;
    bool fail_appends = false;  ///< The next appends throw `journal_error`.
  };

  explicit memory_store(contents& c) : c_(c) {}

  [[nodiscard]] const std::string& name() const noexcept override { return name_; }
  [[nodiscard]] std::uint64_t last_sequence() const noexcept override { return c_.events.size(); }
  std::uint64_t append(const event& e) override {
    if (c_.fail_appends) throw journal_error(name_, c_.events.size() + 1, {}, "the disk is full");
    c_.events.push_back(e);
    return c_.events.size();
  }
  void read(std::uint64_t from,
            const std::function<void(std::uint64_t, event&&)>& f) const override {
    for (std::uint64_t s = std::max<std::uint64_t>(from, 1); s <= c_.events.size(); ++s) {
      event copy = c_.events[s - 1];
      f(s, std::move(copy));
    }
  }
  std::uint64_t flush() override { return c_.events.size(); }
  [[nodiscard]] std::optional<std::string> metadata(std::string_view key) const override {
    const auto it = c_.metadata.find(key);
    if (it == c_.metadata.end()) return std::nullopt;
    return it->second;
  }
  void set_metadata(std::string_view key, std::string_view value) override {
    c_.metadata[std::string(key)] = std::string(value);
  }
  void put_snapshot(std::uint64_t sequence,
                    const std::function<void(std::ostream&)>& write) override {
    std::ostringstream out;
    write(out);
    c_.snapshots[sequence] = out.str();
  }
  [[nodiscard]] std::optional<std::uint64_t> newest_snapshot() const override {
    if (c_.snapshots.empty()) return std::nullopt;
    return c_.snapshots.rbegin()->first;
  }
  void get_snapshot(
      std::uint64_t sequence,
      const std::function<void(std::istream&, const std::string&)>& read) const override {
    std::istringstream in(c_.snapshots.at(sequence));
    read(in, "memory snapshot");
  }

 private:
  contents& c_;
  std::string name_ = "memory";
};

}  // namespace cotation::test
