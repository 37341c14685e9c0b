// The `loyalty` command line: one function per subcommand, each returning
// an exit code. Thin wrappers over the dsl and engine libraries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace loyalty::cli {

enum Exit : int { ok = 0, failed = 1, bad_input = 2 };

// Reads a whole file; nothing (and a message on stderr) if it cannot.
std::optional<std::string> read_file(const std::string& path);
bool write_file(const std::string& path, const std::string& text);
bool stdout_is_tty();
bool stderr_is_tty();

void add_check(CLI::App& app, int& exit_code);
void add_fmt(CLI::App& app, int& exit_code);
void add_eval(CLI::App& app, int& exit_code);
void add_graph(CLI::App& app, int& exit_code);

}  // namespace loyalty::cli
