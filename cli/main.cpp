// `loyalty`: argument parsing and dispatch to one cmd_*.cpp per subcommand.
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"loyalty: write, check and evaluate loyalty policies"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("loyalty ") + LOYALTY_VERSION);
  app.footer("Files named `-` are read from standard input. Exit codes: 0 done, 1 refused or failed, 2 bad input.");
  using loyalty::cli::Exit;
  Exit exit = Exit::ok;
  loyalty::cli::add_check(app, exit);
  loyalty::cli::add_fmt(app, exit);
  loyalty::cli::add_eval(app, exit);
  loyalty::cli::add_graph(app, exit);
  loyalty::cli::add_replay(app, exit);
  loyalty::cli::add_recompute(app, exit);
  loyalty::cli::add_test(app, exit);
  loyalty::cli::add_lint(app, exit);
  loyalty::cli::add_serve(app, exit);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(Exit::bad_input);
  } catch (const std::exception& e) {
    std::cerr << "loyalty: " << e.what() << "\n";
    return static_cast<int>(Exit::bad_input);
  }
  return static_cast<int>(exit);
}
