// SPDX-License-Identifier: MIT
#include <cotation/error.hpp>
#include <cotation/files.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

namespace fs = std::filesystem;

namespace {

/// A fresh folder under the temporary directory, removed at the end of the test.
struct scratch_folder {
  fs::path path;
  scratch_folder() {
    path = fs::temp_directory_path() / ("cotation_files_test_" + std::to_string(::getpid()) + "_" +
                                        std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~scratch_folder() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  scratch_folder(const scratch_folder&) = delete;
  scratch_folder& operator=(const scratch_folder&) = delete;
  static int& counter() {
    static int n = 0;
    return n;
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string reason_of(const fs::path& p) {
  try {
    (void)cotation::read_file(p);
  } catch (const cotation::data_error& e) {
    CHECK(e.where() == p.string());
    return e.reason();
  }
  return "read";
}

}  // namespace

TEST_CASE("a regular file is read whole, bytes as they are") {
  const scratch_folder d;
  const fs::path p = d.path / "a.txt";
  std::ofstream(p, std::ios::binary) << std::string("a\0b\r\n", 5);
  CHECK(cotation::read_file(p) == std::string("a\0b\r\n", 5));
  CHECK_FALSE(cotation::unreadable_reason(p).has_value());
}

TEST_CASE("a folder, a named pipe, a device or a missing file is refused before it is opened") {
  const scratch_folder d;
  CHECK(reason_of(d.path) == "cannot be opened: it is a folder, not a file");
  const fs::path fifo = d.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Opening a FIFO for reading would block until a writer comes: it must not be opened.
  CHECK(reason_of(fifo) == "cannot be opened: it is a named pipe (FIFO), not a regular file");
  CHECK(reason_of("/dev/null") == "cannot be opened: it is a device, not a regular file");
  CHECK(reason_of(d.path / "missing.json") == "cannot be opened");
}

TEST_CASE("an unreadable file is refused with the system's reason") {
  const scratch_folder d;
  const fs::path p = d.path / "secret.txt";
  std::ofstream(p) << "x";
  fs::permissions(p, fs::perms::none);
  // root reads any file: the refusal can only be observed for another user.
  if (::geteuid() != 0) {
    CHECK(reason_of(p) == "cannot be opened: Permission denied");
  } else {
    CHECK(cotation::read_file(p) == "x");
  }
}

TEST_CASE("a durable write replaces the file and leaves no temporary file") {
  const scratch_folder d;
  const fs::path p = d.path / "out.json";
  std::ofstream(p) << "old";
  cotation::write_file_durably(p, std::string_view("new content\n"));
  CHECK(slurp(p) == "new content\n");
  CHECK_FALSE(fs::exists(d.path / "out.json.partial"));
  // A relative path in the current folder works too (the folder synced is ".").
  const fs::path here = fs::current_path();
  fs::current_path(d.path);
  cotation::write_file_durably("relative.txt", std::string_view("r"));
  fs::current_path(here);
  CHECK(slurp(d.path / "relative.txt") == "r");
}

TEST_CASE("a writer that fails half-way leaves the old file and no temporary file") {
  const scratch_folder d;
  const fs::path p = d.path / "out.json";
  std::ofstream(p) << "old";
  CHECK_THROWS_AS(cotation::write_file_durably(p,
                                               [](std::ostream& out) {
                                                 out << "half of it";
                                                 throw std::runtime_error("disk on fire");
                                               }),
                  std::runtime_error);
  CHECK(slurp(p) == "old");
  CHECK_FALSE(fs::exists(d.path / "out.json.partial"));
}

TEST_CASE("a target that cannot be written is a data error naming it, and nothing is left") {
  const scratch_folder d;
  const fs::path in_missing = d.path / "no-such-folder" / "out.json";
  try {
    cotation::write_file_durably(in_missing, std::string_view("x"));
    FAIL("no exception");
  } catch (const cotation::data_error& e) {
    CHECK(e.where() == in_missing.string());
    CHECK_THAT(e.reason(), Catch::StartsWith("cannot be opened for writing: "));
  }
  // A folder as the target: the rename fails, the folder stays, the temporary file goes.
  const fs::path folder = d.path / "a-folder";
  fs::create_directories(folder / "inside");
  CHECK_THROWS_AS(cotation::write_file_durably(folder, std::string_view("x")),
                  cotation::data_error);
  CHECK(fs::is_directory(folder / "inside"));
  CHECK_FALSE(fs::exists(d.path / "a-folder.partial"));
}

TEST_CASE("a named pipe or a device given as the target is written in place, never replaced") {
  const scratch_folder d;
  const fs::path fifo = d.path / "out.pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // The reader opens first without waiting, so that the writer's open does not block; replaced
  // by a renamed file, the pipe would give the reader nothing.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  cotation::write_file_durably(fifo, std::string_view("through the pipe"));
  std::string got(64, '\0');
  const ssize_t n = ::read(reader, got.data(), got.size());
  ::close(reader);
  got.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  REQUIRE(got == "through the pipe");
  struct stat st {};
  REQUIRE(::stat(fifo.c_str(), &st) == 0);
  REQUIRE(S_ISFIFO(st.st_mode));
  CHECK_FALSE(fs::exists(d.path / "out.pipe.partial"));
  // The same path for a device (only once the pipe showed it is taken, so that a regression
  // cannot replace the machine's /dev/null): it stays the device.
  cotation::write_file_durably("/dev/null", std::string_view("nothing"));
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  // A folder is refused by name.
  try {
    cotation::write_file_durably(d.path, std::string_view("x"));
    FAIL("no exception");
  } catch (const cotation::data_error& e) {
    CHECK(e.reason() == "cannot be written: it is a folder");
  }
}
