// The `loyalty` command line: each cmd_*.cpp registers one subcommand, whose
// run function returns the command's exit code. Thin wrappers over the dsl
// and engine libraries.
#pragma once

#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace loyalty {
struct Policy;
}

namespace loyalty::cli {

// Exit codes (spec section 10): 0 done or clean, 1 refused or errors found,
// 2 bad input (a file that cannot be read, a malformed request or policy).
enum class Exit : int { ok = 0, failed = 1, bad_input = 2 };

// Reads a whole file of at most `limit` bytes (a policy's or a request's
// limit); nothing, and a message on stderr, if it cannot or it is larger.
std::optional<std::string> read_file(const std::string& path, std::size_t limit);
// Opens a file to read as a stream; `-` is standard input. Null, with a
// message on stderr, if it cannot be opened.
std::istream* open_input(const std::string& path, std::ifstream& file);
// Writes beside the file, then renames: a failed write changes nothing.
bool write_file(const std::string& path, const std::string& text);
bool stderr_is_tty();

// An output written beside its path and renamed into place by commit(): a
// run that fails or is interrupted never leaves a half-written file (an
// uncommitted one is removed). An empty path writes to stdout.
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  bool ok() const;  // opened, and every write so far succeeded
  std::ostream& stream();
  bool commit();  // false, with a message on stderr, if it cannot be written

 private:
  std::string path_, tmp_;
  std::unique_ptr<std::ofstream> file_;
  bool committed_ = false;
};

// A progress line on stderr, redrawn at most five times a second, only on a TTY.
class Progress {
 public:
  Progress(std::string what, std::uintmax_t total_bytes);
  void update(std::int64_t items, std::uintmax_t bytes_done);
  void finish();

 private:
  std::string what_;
  std::uintmax_t total_;
  bool on_;
  std::chrono::steady_clock::time_point start_, last_;
};

// Each registers its subcommand; running it sets `exit`.
void add_check(CLI::App& app, Exit& exit);
void add_fmt(CLI::App& app, Exit& exit);
void add_eval(CLI::App& app, Exit& exit);
void add_graph(CLI::App& app, Exit& exit);
void add_replay(CLI::App& app, Exit& exit);
void add_recompute(CLI::App& app, Exit& exit);
void add_test(CLI::App& app, Exit& exit);
void add_lint(CLI::App& app, Exit& exit);
void add_serve(CLI::App& app, Exit& exit);

// `loyalty test` once its policy is loaded: runs the scenario files and prints
// the report (the scenario fuzz target compiles its policy once and calls this).
struct TestOptions {
  std::string policy;  // its path, for the report
  std::vector<std::string> files;
  bool coverage = false;
  int min_coverage = -1;
  std::string format = "text";
};
Exit run_tests(const std::shared_ptr<const Policy>& policy, const TestOptions& opt);

}  // namespace loyalty::cli
