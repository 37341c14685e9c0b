// File and terminal helpers shared by the subcommands.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"

namespace loyalty::cli {

std::optional<std::string> read_file(const std::string& path, std::size_t limit) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::cerr << path << ": is a directory, not a file\n";
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << path << ": cannot open the file\n";
    return {};
  }
  // Read at most one byte past the limit, so an endless file (/dev/zero) stops there.
  std::string text(limit + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    std::cerr << path << ": cannot read the file\n";
    return {};
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > limit) {
    std::cerr << path << ": the file is larger than " << limit << " bytes, the most this command reads\n";
    return {};
  }
  return text;
}

bool write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".loyalty-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << path << ": cannot write the file\n";
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::cerr << path << ": cannot replace the file\n";
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) == 1; }

}  // namespace loyalty::cli
