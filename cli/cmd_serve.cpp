// `loyalty serve POLICY [--trace] [--journal] [--socket PATH]`: a
// long-running evaluator for a till or a script that should not pay a
// process start per order. Reads requests, one JSON object a line, and
// writes one line for each: the decision, or {"error": ...} for a refused or
// malformed request (the run goes on). Each answer is flushed as it is
// written. Blank lines are skipped; a line over the request size limit is
// answered with an error. From standard input: exit 0 at its end. On a Unix
// socket: every connection is served on its own thread, the same way, until
// SIGINT or SIGTERM; then the socket file is removed and the exit is 0.
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "commands.hpp"
#include "loyalty/json.hpp"
#include "policy_io.hpp"

namespace loyalty::cli {

namespace {

struct Options {
  std::string policy;
  bool trace = false;
  bool journal = false;
  std::string socket;
};

// One reader of requests: its buffers are reused from line to line.
class Answerer {
 public:
  Answerer(const Policy& policy, const EvalOptions& options) : policy_(policy), options_(options) {}

  // The answer to one line, ending with a newline; empty for a blank line.
  std::string answer(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return {};
    if (line.size() > max_json_bytes)
      return refusal_json({RefusalCode::bad_input, fmt::format("the line is longer than {} bytes", max_json_bytes), "$"}, true);
    if (auto refused = reader_.read(policy_, line, request_)) return refusal_json(*refused, true);
    if (auto refused = evaluate_into(policy_, request_.member, request_.order, request_.redeem, options_, decision_))
      return refusal_json(*refused, true);
    return decision_json(policy_, request_.order, decision_, true);
  }

 private:
  const Policy& policy_;
  const EvalOptions options_;
  RequestReader reader_;
  Request request_;
  Decision decision_;
};

// Cuts what arrives, in pieces of any size, into lines and answers each
// through `send` (false once the other side has gone). A line over the
// limit is answered once, as soon as it passes the limit, and the rest of it
// skipped: memory stays bounded whatever arrives.
class LineFeed {
 public:
  template <typename Send>
  bool add(std::string_view piece, Answerer& answerer, Send send) {
    pending_.append(piece);
    bool open = true;
    std::size_t start = 0;
    for (std::size_t end; open && (end = pending_.find('\n', start)) != std::string::npos; start = end + 1) {
      if (std::exchange(skipping_, false)) continue;
      open = send(answerer.answer(std::string_view(pending_).substr(start, end - start)));
    }
    pending_.erase(0, start);
    if (open && pending_.size() > max_json_bytes + 1) {  // over the limit even without a '\r': answer it once
      if (!skipping_) open = send(answerer.answer(pending_));
      skipping_ = true;
      pending_.clear();
    }
    return open;
  }
  // The last line, when the input ends without a newline.
  template <typename Send>
  void finish(Answerer& answerer, Send send) {
    if (!skipping_ && !pending_.empty()) send(answerer.answer(pending_));
    pending_.clear();
  }

 private:
  std::string pending_;    // received, not yet a whole line
  bool skipping_ = false;  // in the rest of a line over the limit, already answered
};

std::atomic<bool> stopping{false};
extern "C" void on_stop(int) { stopping = true; }

// Writes all of `out`; false once the client has gone.
bool send_all(int fd, std::string_view out) {
  while (!out.empty()) {
    const ssize_t sent = send(fd, out.data(), out.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    out.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

// One connection: lines in, answers out, until the client closes it.
void serve_connection(int fd, PolicyPtr policy, EvalOptions options) {
  Answerer answerer(*policy, options);
  LineFeed feed;
  const auto send = [fd](std::string_view out) { return send_all(fd, out); };
  char buffer[65536];
  bool open = true;
  while (open) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    open = feed.add({buffer, static_cast<std::size_t>(n)}, answerer, send);
  }
  if (open) feed.finish(answerer, send);
  close(fd);
}

Exit serve_socket(const std::string& path, const PolicyPtr& policy, const EvalOptions& options) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    std::cerr << fmt::format("{}: a socket path has at most {} bytes", path, sizeof address.sun_path - 1) << "\n";
    return Exit::bad_input;
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  struct stat existing {};
  if (lstat(path.c_str(), &existing) == 0) {
    if (!S_ISSOCK(existing.st_mode)) {
      std::cerr << fmt::format("{}: exists and is not a socket; not replaced", path) << "\n";
      return Exit::bad_input;
    }
    unlink(path.c_str());  // a socket left by an earlier run
  }
  const int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0 || bind(listener, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, 64) != 0) {
    std::cerr << fmt::format("{}: cannot listen: {}", path, std::strerror(errno)) << "\n";
    if (listener >= 0) close(listener);
    return Exit::bad_input;
  }
  std::signal(SIGINT, on_stop);
  std::signal(SIGTERM, on_stop);
  while (!stopping) {
    pollfd ready{listener, POLLIN, 0};
    if (poll(&ready, 1, 200) <= 0) continue;  // wakes up to see a stop
    const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::thread(serve_connection, fd, policy, options).detach();
  }
  close(listener);
  unlink(path.c_str());
  return Exit::ok;
}

Exit run(const Options& opt) {
  auto policy = load_policy(opt.policy);
  if (!policy) return Exit::bad_input;
  const EvalOptions options{.trace = opt.trace, .journal = opt.journal};
  if (!opt.socket.empty()) return serve_socket(opt.socket, policy, options);
  // Standard input is read as it arrives (a till waits for each answer), by
  // read() rather than a stream that would wait to fill its buffer.
  Answerer answerer(*policy, options);
  LineFeed feed;
  const auto send = [](std::string_view out) {
    std::cout << out;
    std::cout.flush();
    return true;
  };
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    feed.add({buffer, static_cast<std::size_t>(n)}, answerer, send);
  }
  feed.finish(answerer, send);
  return Exit::ok;
}

}  // namespace

void add_serve(CLI::App& app, Exit& exit) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("serve", "Evaluate requests, one JSON object a line, from standard input or a Unix socket");
  cmd->add_option("policy", opt->policy, "policy file (.loy)")->required();
  cmd->add_flag("--trace", opt->trace, "include each decision's trace (off by default: faster)");
  cmd->add_flag("--journal", opt->journal, "include each decision's journal");
  cmd->add_option("--socket", opt->socket,
                  "listen on this Unix socket instead: each connection is served the same way, until SIGINT or SIGTERM");
  cmd->footer("Example: cat requests.jsonl | loyalty serve policies/ipos_membership.loy > decisions.jsonl");
  cmd->callback([opt, &exit] { exit = run(*opt); });
}

}  // namespace loyalty::cli
