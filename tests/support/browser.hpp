// SPDX-License-Identifier: MIT
// The text a person reads on a page: headless Chromium (Debian package `chromium`) loads it,
// follows its redirects, and dumps the document it built; the tags are removed and the
// whitespace collapsed. Used by the tests of the tool's HTML pages and of the service's pages.
#pragma once

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <fmt/format.h>

namespace cotation::testing {

/// Whether `chromium` is on the PATH (`bash cmake/install-deps.sh chromium` installs it).
inline bool browser_installed() { return std::system("command -v chromium >/dev/null 2>&1") == 0; }

/// The text of the document at `url` (`file://...` or `http://...`) as a browser of `width` by
/// `height` CSS pixels builds it; nothing when Chromium is not installed, an empty text when it
/// fails. The words of the page are separated by single spaces, one at every tag.
inline std::optional<std::string> browser_text(const std::string& url, int width = 1280,
                                               int height = 800) {
  if (!browser_installed()) return std::nullopt;
  const auto dom = std::filesystem::temp_directory_path() /
                   fmt::format("cotation-browser-{}-{}.dom", ::getpid(), std::rand());
  const std::string command = fmt::format(
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --window-size={},{} "
      "--dump-dom '{}' > '{}' 2>/dev/null",
      width, height, url, dom.string());
  const int code = std::system(command.c_str());
  std::ostringstream html;
  html << std::ifstream(dom, std::ios::binary).rdbuf();
  std::filesystem::remove(dom);
  if (code != 0) return std::string();
  std::string text;
  bool in_tag = false;
  for (const char ch : html.str()) {
    if (ch == '<') in_tag = true;
    if (!in_tag) {
      const bool space = ch == ' ' || ch == '\n' || ch == '\t';
      if (!space || (!text.empty() && text.back() != ' ')) text += space ? ' ' : ch;
    }
    if (ch == '>') {
      in_tag = false;
      if (!text.empty() && text.back() != ' ') text += ' ';
    }
  }
  return text;
}

/// `browser_text` of the local file at `path`.
inline std::optional<std::string> browser_file_text(const std::filesystem::path& path) {
  return browser_text("file://" + std::filesystem::absolute(path).string());
}

}  // namespace cotation::testing
