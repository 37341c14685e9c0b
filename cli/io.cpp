// File and terminal helpers shared by the subcommands.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"

namespace loyalty::cli {

namespace {

// Reads at most limit + 1 bytes, growing the text as it goes: a small file costs
// its size, not the limit, and an endless one (/dev/zero) stops one byte past it.
std::string read_upto(std::istream& in, std::size_t limit) {
  std::string text;
  std::size_t size = 0;
  while (size <= limit && in) {
    text.resize(std::min(limit + 1, std::max<std::size_t>(size * 2, 64 * 1024)));
    in.read(text.data() + size, static_cast<std::streamsize>(text.size() - size));
    size += static_cast<std::size_t>(in.gcount());
  }
  text.resize(size);
  return text;
}

}  // namespace

std::optional<std::string> read_file(const std::string& path, std::size_t limit) {
  if (path == "-") {  // standard input, up to the same limit
    std::string text = read_upto(std::cin, limit);
    if (text.size() > limit) {
      std::cerr << "-: the input is larger than " << limit << " bytes, the most this command reads\n";
      return {};
    }
    return text;
  }
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
  std::string text = read_upto(in, limit);
  if (in.bad()) {
    std::cerr << path << ": cannot read the file\n";
    return {};
  }
  if (text.size() > limit) {
    std::cerr << path << ": the file is larger than " << limit << " bytes, the most this command reads\n";
    return {};
  }
  return text;
}

std::istream* open_input(const std::string& path, std::ifstream& file) {
  if (path == "-") return &std::cin;
  file.open(path, std::ios::binary);
  if (!file) {
    std::cerr << path << ": cannot open the file\n";
    return nullptr;
  }
  return &file;
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

// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
bool stderr_is_tty() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDERR_FILENO) == 1 && !(no_color && *no_color);
}

namespace {

// Temporary files of outputs not yet committed, removed if the run is
// interrupted (Ctrl-C, kill): the handler may only call async-signal-safe
// functions, so the paths wait in fixed buffers.
constexpr int max_pending = 8;
char pending[max_pending][4096];

extern "C" void remove_pending(int signal) {
  for (auto& path : pending)
    if (path[0]) unlink(path);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void keep_pending(const std::string& tmp, bool on) {
  static const bool installed = [] {
    for (int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, remove_pending);
    return true;
  }();
  (void)installed;
  for (auto& path : pending) {
    if (on && !path[0] && tmp.size() < sizeof path) {
      std::memcpy(path, tmp.c_str(), tmp.size() + 1);
      return;
    }
    if (!on && path[0] && tmp == path) {
      path[0] = '\0';
      return;
    }
  }
}

}  // namespace

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (path_.empty()) return;
  tmp_ = path_ + ".loyalty-tmp";
  keep_pending(tmp_, true);
  file_ = std::make_unique<std::ofstream>(tmp_, std::ios::binary | std::ios::trunc);
  if (!*file_) std::cerr << path_ << ": cannot write the file\n";
}

OutputFile::~OutputFile() {
  if (file_ && !committed_) {
    file_.reset();
    std::remove(tmp_.c_str());
  }
  if (file_ || !tmp_.empty()) keep_pending(tmp_, false);
}

bool OutputFile::ok() const { return !file_ || static_cast<bool>(*file_); }

std::ostream& OutputFile::stream() { return file_ ? static_cast<std::ostream&>(*file_) : std::cout; }

bool OutputFile::commit() {
  if (!file_) return static_cast<bool>(std::cout.flush());
  if (!file_->flush()) {
    std::cerr << path_ << ": cannot write the file\n";
    return false;
  }
  file_->close();
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    std::cerr << path_ << ": cannot replace the file\n";
    return false;
  }
  committed_ = true;
  return true;
}

Progress::Progress(std::string what, std::uintmax_t total_bytes)
    : what_(std::move(what)),
      total_(total_bytes),
      on_(stderr_is_tty()),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::update(std::int64_t items, std::uintmax_t done) {
  if (!on_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  // Whole numbers: milliseconds, items per second, seconds left.
  const auto ms = std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count());
  const std::uintmax_t total = std::max<std::uintmax_t>(total_, done);
  const std::int64_t rate = items * 1000 / ms;
  const auto left_s = done ? static_cast<std::uintmax_t>(ms) * (total - done) / done / 1000 : 0;
  constexpr std::uintmax_t width = 30;
  const std::uintmax_t filled = total ? done * width / total : 0;
  std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << items << " " << what_ << ", "
            << rate << "/s, ETA " << left_s << "s   " << std::flush;
}

void Progress::finish() {
  if (on_) std::cerr << "\r" << std::string(80, ' ') << "\r" << std::flush;
}

}  // namespace loyalty::cli
