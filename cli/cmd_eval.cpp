#include "commands.hpp"
namespace loyalty::cli {
void add_eval(CLI::App&, int&) {}
}
