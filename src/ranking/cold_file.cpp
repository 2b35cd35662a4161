// SPDX-License-Identifier: MIT
#include "ranking/cold_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include <cotation/error.hpp>

namespace cotation::detail {

namespace {
constexpr std::size_t buffer_size = std::size_t{1} << 20;
}  // namespace

cold_file::cold_file(const std::filesystem::path& folder) : folder_(folder) {
  // An unnamed file where the file system has them; else a named one, unlinked at once.
  fd_ = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    std::string name = (folder / "cotation-cold-XXXXXX").string();
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ >= 0) ::unlink(name.c_str());
  }
  if (fd_ < 0) fail("cannot hold the pool's cold records file", errno);
  buffer_.reserve(buffer_size);
}

cold_file::cold_file(cold_file&& other) noexcept
    : folder_(std::move(other.folder_)),
      fd_(std::exchange(other.fd_, -1)),
      size_(std::exchange(other.size_, 0)),
      written_(std::exchange(other.written_, 0)),
      buffer_(std::move(other.buffer_)),
      data_(std::exchange(other.data_, nullptr)) {}

cold_file& cold_file::operator=(cold_file&& other) noexcept {
  if (this != &other) {
    cold_file gone(std::move(*this));
    folder_ = std::move(other.folder_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = std::exchange(other.size_, 0);
    written_ = std::exchange(other.written_, 0);
    buffer_ = std::move(other.buffer_);
    data_ = std::exchange(other.data_, nullptr);
  }
  return *this;
}

cold_file::~cold_file() {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): munmap takes the address it mapped
  if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t cold_file::append(std::span<const std::uint8_t> bytes) {
  const std::uint64_t at = size_;
  if (buffer_.size() + bytes.size() > buffer_size) flush();
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  size_ += bytes.size();
  return at;
}

void cold_file::flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ::ssize_t n = ::pwrite(fd_, buffer_.data() + done, buffer_.size() - done,
                                 static_cast<::off_t>(written_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("the pool's cold records file cannot be written", n < 0 ? errno : ENOSPC);
    done += static_cast<std::size_t>(n);
  }
  written_ += buffer_.size();
  buffer_.clear();
}

void cold_file::map() {
  flush();
  buffer_.shrink_to_fit();
  if (size_ == 0) return;
  void* p = ::mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd_, 0);
  if (p == MAP_FAILED) fail("the pool's cold records file cannot be mapped", errno);
  data_ = static_cast<const std::uint8_t*>(p);
}

void cold_file::fail(const char* doing, int code) const {
  throw error(folder_.string(),
              fmt::format("{}: {}", doing, std::generic_category().message(code)));
}

}  // namespace cotation::detail
