// SPDX-License-Identifier: MIT
#include <cotation/files.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include <cotation/error.hpp>

namespace cotation {

namespace {

std::string errno_text(int code) { return std::generic_category().message(code); }

/// Flushes the file or folder at `path` to the disk; the reason on failure.
std::optional<std::string> sync(const std::filesystem::path& path, bool folder) {
  const int fd = ::open(path.c_str(), folder ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) return errno_text(errno);
  const int synced = ::fsync(fd);
  const int code = errno;
  ::close(fd);
  if (synced != 0) return errno_text(code);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> unreadable_reason(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return "cannot be opened";
  switch (status.type()) {
    case std::filesystem::file_type::regular:
      break;
    case std::filesystem::file_type::directory:
      return "cannot be opened: it is a folder, not a file";
    case std::filesystem::file_type::fifo:
      return "cannot be opened: it is a named pipe (FIFO), not a regular file";
    case std::filesystem::file_type::character:
    case std::filesystem::file_type::block:
      return "cannot be opened: it is a device, not a regular file";
    default:
      return "cannot be opened: it is not a regular file";
  }
  if (::access(path.c_str(), R_OK) != 0) return "cannot be opened: " + errno_text(errno);
  return std::nullopt;
}

std::string read_file(const std::filesystem::path& path) {
  if (auto why = unreadable_reason(path)) throw data_error(path.string(), std::move(*why));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw data_error(path.string(), "cannot be opened");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw data_error(path.string(), "cannot be read");
  return std::move(buffer).str();
}

void write_file_durably(const std::filesystem::path& path,
                        const std::function<void(std::ostream&)>& write) {
  std::filesystem::path partial = path;
  partial += ".partial";
  const auto fail = [&](std::string_view what, const std::string& why) {
    throw data_error(path.string(), fmt::format("{}: {}", what, why));
  };
  // An existing target that is not a regular file (a device such as /dev/null or /dev/stdout,
  // a named pipe) is written in place: a temporary file renamed over it would replace the
  // device itself. A folder is refused.
  std::error_code status_error;
  const auto status = std::filesystem::status(path, status_error);
  if (!status_error && std::filesystem::exists(status) &&
      !std::filesystem::is_regular_file(status)) {
    if (std::filesystem::is_directory(status)) fail("cannot be written", "it is a folder");
    std::ofstream out(path, std::ios::binary);
    if (!out) fail("cannot be opened for writing", errno_text(errno));
    write(out);
    out.close();
    if (!out) fail("cannot be written", errno_text(errno));
    return;
  }
  try {
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (!out) fail("cannot be opened for writing", errno_text(errno));
      write(out);
      out.close();
      if (!out) fail("cannot be written", errno_text(errno));
    }
    if (const auto why = sync(partial, false)) fail("cannot be written", *why);
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) fail("cannot be written", ec.message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
  // The new name is only durable once the folder is: a crash before this leaves the old file or
  // the new one, never a mix.
  std::filesystem::path folder = path.parent_path();
  if (folder.empty()) folder = ".";
  if (const auto why = sync(folder, true)) fail("cannot be written (its folder)", *why);
}

void write_file_durably(const std::filesystem::path& path, std::string_view text) {
  write_file_durably(path, [text](std::ostream& out) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  });
}

}  // namespace cotation
