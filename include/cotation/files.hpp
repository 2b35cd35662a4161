// SPDX-License-Identifier: MIT
/// \file
/// Reading and writing whole files safely: every reader of the library and of the `cotation`
/// tool checks its input with `unreadable_reason` (a folder, a named pipe or a device is refused
/// before it is opened, so nothing blocks or fails half-way), and every writer goes through
/// `write_file_durably` (nothing half written, even on a crash or a power cut).
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace cotation {

/// Why `path` cannot be read as a document, or nothing when it is a regular file that can be
/// opened for reading. The reasons start with "cannot be opened": `"cannot be opened"` (missing),
/// `"cannot be opened: it is a folder, not a file"`, `"cannot be opened: it is a named pipe
/// (FIFO), not a regular file"`, `"cannot be opened: it is a device, not a regular file"`,
/// `"cannot be opened: Permission denied"`. Never blocks (a FIFO is never opened).
[[nodiscard]] std::optional<std::string> unreadable_reason(const std::filesystem::path& path);

/// The whole content of the regular file at `path`. Throws `data_error` (`where()` is the path,
/// `reason()` one of `unreadable_reason`'s, or `"cannot be read: ..."`).
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

/// Writes `path` durably: `write` fills a temporary file beside it (`<path>.partial`), which is
/// flushed to the disk (fsync), renamed over `path`, and the folder is flushed (fsync) so that
/// the rename survives a power cut. When `write` throws or any step fails, the temporary file is
/// removed, `path` is left as it was, and the exception propagates (`data_error` naming `path`
/// for a failure of the file system: `"cannot be opened for writing: ..."`,
/// `"cannot be written: ..."`). An existing `path` that is not a regular file (a device such as
/// `/dev/null` or `/dev/stdout`, a named pipe) is written in place, without the temporary file
/// (renaming one over it would replace the device); a folder is refused (`"cannot be written:
/// it is a folder"`).
void write_file_durably(const std::filesystem::path& path,
                        const std::function<void(std::ostream&)>& write);

/// `write_file_durably` of a text.
void write_file_durably(const std::filesystem::path& path, std::string_view text);

}  // namespace cotation
