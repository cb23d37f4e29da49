// kiln: Kiln's command line.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <c10/util/Exception.h>

#include "app/kiln/arguments.h"
#include "app/kiln/bench_command.h"
#include "app/kiln/check_command.h"
#include "app/kiln/command.h"
#include "app/kiln/datasets_command.h"
#include "app/kiln/demo.h"
#include "app/kiln/describe.h"
#include "app/kiln/export_command.h"
#include "app/kiln/graph_command.h"
#include "app/kiln/logprob_command.h"
#include "app/kiln/models_command.h"
#include "app/kiln/prior_command.h"
#include "app/kiln/run_command.h"
#include "app/kiln/runs_command.h"
#include "core/dist/registry.h"
#include "core/util/allocator.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace {

const char* kUsage = R"(usage: kiln COMMAND [ARGS]

commands:
  demo                          a printed tour of what Kiln can do (the default)
  families                      list the distribution families and their arguments
  dist FAMILY [name=value ...]  describe a distribution: shapes, support, exact moments,
        [--samples N] [--seed S]  and those of N draws (default 10000, seed 1), a histogram
%COMMANDS%  --help                        this text
  --version                     Kiln's version

values are numbers or JSON lists: kiln dist Dirichlet concentration=[1,2,3]
`kiln COMMAND --help` describes a command's options.
)";

// The commands that take options; each in its own file.
std::vector<kiln::cli::Command> commands() {
  return {kiln::cli::check_command(),
          kiln::cli::graph_command(),
          kiln::cli::logprob_command(),
          kiln::cli::prior_command(),
          kiln::cli::run_command(),
          kiln::cli::bench_command(),
          kiln::cli::runs_list_command(),
          kiln::cli::runs_show_command(),
          kiln::cli::runs_delete_command(),
          kiln::cli::export_command(),
          kiln::cli::models_list_command(),
          kiln::cli::models_show_command(),
          kiln::cli::datasets_import_command(),
          kiln::cli::datasets_list_command()};
}

std::string usage() {
  std::string table;
  for (const auto& c : commands()) {
    std::string left = c.spec.name;
    for (const auto& p : c.spec.positional)
      left += " " + p;
    table += "  " + left + std::string(left.size() < 30 ? 30 - left.size() : 1, ' ') +
             c.spec.summary + "\n";
  }
  std::string text = kUsage;
  return text.replace(text.find("%COMMANDS%"), 10, table);
}

int run_command(const kiln::cli::Command& command, const std::vector<std::string>& words) {
  try {
    auto options = kiln::cli::parse_options(command.spec, words, std::cout);
    if (!options)
      return 0;
    return command.run(*options, std::cout, std::cerr);
  } catch (const kiln::cli::UsageError& e) {
    std::cerr << e.what() << "\n\n";
    kiln::cli::print_help(command.spec, std::cerr);
    return 2;
  }
}

int list_families() {
  for (const auto& name : kiln::dist::family_names()) {
    std::string args;
    for (const auto& a : kiln::dist::find_family(name)->arg_names)
      args += (args.empty() ? "" : ", ") + a;
    std::cout << name << "(" << args << ")\n";
  }
  return 0;
}

int describe_family(const std::vector<std::string>& words) {
  if (words.empty()) {
    std::cerr << "kiln dist: name a family, e.g. kiln dist Normal loc=0 scale=1\n";
    return 2;
  }
  int64_t samples = 10000;
  uint64_t seed = 1;
  std::vector<std::string> args;
  for (size_t i = 1; i < words.size(); ++i) {
    if ((words[i] == "--samples" || words[i] == "--seed") && i + 1 < words.size()) {
      char* end = nullptr;
      const long long v = std::strtoll(words[i + 1].c_str(), &end, 10);
      const bool is_samples = words[i] == "--samples";
      if (*end != '\0' || v < (is_samples ? 2 : 0)) {
        std::cerr << "kiln dist: " << words[i] << " needs "
                  << (is_samples ? "an integer above 1" : "a nonnegative integer") << ", got '"
                  << words[i + 1] << "'\n";
        return 2;
      }
      if (is_samples)
        samples = v;
      else
        seed = static_cast<uint64_t>(v);
      ++i;
    } else {
      args.push_back(words[i]);
    }
  }
  kiln::manual_seed(seed);
  auto d = kiln::dist::make_distribution(words[0], kiln::cli::parse_dist_args(args));
  kiln::cli::describe(std::cout, *d, samples);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  kiln::keep_large_allocations();
  std::vector<std::string> words(argv + 1, argv + argc);
  const std::string command = words.empty() ? "demo" : words[0];
  try {
    if (command == "demo")
      return kiln::cli::run_demo(std::cout);
    if (command == "families")
      return list_families();
    if (command == "dist")
      return describe_family(std::vector<std::string>(words.begin() + 1, words.end()));
    for (const auto& c : commands())
      if (c.spec.name == command)
        return run_command(c, std::vector<std::string>(words.begin() + 1, words.end()));
    // Commands of two words: `kiln runs list`.
    std::string group_commands;
    for (const auto& c : commands()) {
      if (c.spec.name.rfind(command + " ", 0) != 0)
        continue;
      if (words.size() > 1 && c.spec.name == command + " " + words[1])
        return run_command(c, std::vector<std::string>(words.begin() + 2, words.end()));
      group_commands +=
          (group_commands.empty() ? "" : ", ") + c.spec.name.substr(command.size() + 1);
    }
    if (!group_commands.empty()) {
      std::cerr << "kiln " << command << ": name one of: " << group_commands << "\n";
      return 2;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << usage();
      return 0;
    }
    if (command == "--version") {
      std::cout << "kiln " << KILN_VERSION << "\n";
      return 0;
    }
    std::cerr << "kiln: unknown command '" << command << "'\n\n" << usage();
    return 2;
  } catch (const kiln::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const c10::Error& e) {
    std::cerr << "internal error: " << e.what_without_backtrace() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return 1;
  }
}
