// SPDX-License-Identifier: MIT
// The file that holds the cold part of a pool's records once `applicant_pool::spill_cold`
// moved it there: written once, then mapped read-only, so that reading a record's cold part
// is reading memory (the kernel pages it in from the file when it is read, and may drop it
// again: clean file pages, not the process's own memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace cotation::detail {

/// An unnamed file in a folder (nobody else can open it; it goes with its last descriptor,
/// when the pool is destroyed or the process ends), appended to while it is written, then
/// mapped. Move-only.
class cold_file {
 public:
  /// Creates the file in `folder`. Throws `cotation::error` naming the folder when it cannot.
  explicit cold_file(const std::filesystem::path& folder);
  cold_file(cold_file&& other) noexcept;
  cold_file& operator=(cold_file&& other) noexcept;
  cold_file(const cold_file&) = delete;
  cold_file& operator=(const cold_file&) = delete;
  ~cold_file();

  /// Appends `bytes` (kept in a buffer, written a mebibyte at a time) and returns their
  /// offset. Only before `map`; throws `cotation::error` when the file cannot be written.
  std::uint64_t append(std::span<const std::uint8_t> bytes);
  /// Writes what is left in the buffer and maps the whole file read-only.
  void map();
  /// The mapped file (after `map`), `size()` bytes.
  [[nodiscard]] const std::uint8_t* data() const noexcept { return data_; }
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

 private:
  void flush();
  [[noreturn]] void fail(const char* doing, int code) const;

  std::filesystem::path folder_;
  int fd_ = -1;
  std::uint64_t size_ = 0;  ///< appended so far
  std::uint64_t written_ = 0;
  std::vector<std::uint8_t> buffer_;
  const std::uint8_t* data_ = nullptr;
};

}  // namespace cotation::detail
