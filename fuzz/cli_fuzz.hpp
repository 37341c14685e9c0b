// Runs a `loyalty` subcommand on a fuzzed file, as the command line would:
// the input is written to a file of this process (INPUT in the arguments),
// OUTPUT is a file beside it (in /dev/shm where there is one), and what the
// command prints goes nowhere.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace loyalty::fuzz {

// Writes the fuzzed bytes to this process's input file and returns its path.
inline const std::string& input_file(const std::uint8_t* data, std::size_t size) {
  static const std::string input = [] {
    // Silence the commands once: their output is not what is fuzzed.
    // Standard output goes to /dev/null; standard error stays for the sanitizers and
    // libFuzzer, with the commands' own messages (std::cerr) switched off.
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, 1);
      ::close(null);
    }
    std::cerr.setstate(std::ios::badbit);
    // In memory where the system has it: writing, renaming and truncating files on a disk
    // cost more than the command itself.
    const char* dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(dir) + "/loyalty-fuzz-" + std::to_string(::getpid());
  }();
  if (std::FILE* f = std::fopen(input.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  return input;
}

inline int run_command(const std::vector<std::string>& args, const std::uint8_t* data, std::size_t size) {
  const std::string& input = input_file(data, size);
  CLI::App app;
  cli::Exit exit = cli::Exit::ok;
  // Only the command run: setting up a command's options is a tenth of an execution.
  if (args.front() == "recompute") cli::add_recompute(app, exit);
  std::vector<std::string> argv_text = {"loyalty"};
  for (const auto& a : args) argv_text.push_back(a == "INPUT" ? input : a == "OUTPUT" ? input + ".out" : a);
  std::vector<const char*> argv;
  for (const auto& a : argv_text) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError&) {
  }
  return static_cast<int>(exit);
}

}  // namespace loyalty::fuzz
