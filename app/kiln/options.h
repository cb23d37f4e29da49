#pragma once
// The options of a `kiln` command: declared once with their help, parsed from the words after
// the command name. `--name value`, `--name=value` and flags; `--help` prints the command's help.

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/util/error.h"

namespace kiln::cli {

// A mistake on the command line: the caller prints it with the command's usage, exit status 2.
class UsageError : public Error {
public:
  using Error::Error;
};

struct Option {
  std::string name;       // without the dashes: "data"
  std::string value_name; // "FILE"; empty for a flag
  std::string help;       // one line; mention the default
};

struct CommandSpec {
  std::string name;                    // "logprob"
  std::vector<std::string> positional; // required positional words: {"MODEL.py"}
  std::string summary;                 // one line, for `kiln --help`
  std::string description;             // a paragraph, for `kiln NAME --help`
  std::vector<Option> options;
};

class ParsedOptions {
public:
  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& name) const;
  // The value of an option, or `fallback` when it was not given.
  std::string get(const std::string& name, const std::string& fallback = {}) const;
  // Numbers, checked: a UsageError names the option and the bad value.
  int64_t get_int(const std::string& name, int64_t fallback, int64_t min) const;
  double get_double(const std::string& name, double fallback) const;
  // Throws UsageError unless `value` of option `name` is one of `choices`.
  std::string get_choice(const std::string& name, const std::vector<std::string>& choices,
                         const std::string& fallback) const;

private:
  friend std::optional<ParsedOptions> parse_options(const CommandSpec&,
                                                    const std::vector<std::string>&, std::ostream&);
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
};

// Parses `words` (after the command name). `--help` prints the help to `out` and returns
// nullopt. An unknown option (with a did-you-mean), a missing value or a missing positional
// word is a UsageError.
std::optional<ParsedOptions>
parse_options(const CommandSpec& spec, const std::vector<std::string>& words, std::ostream& out);

// `usage: kiln NAME POSITIONAL [options]`, the description and the option table.
void print_help(const CommandSpec& spec, std::ostream& out);

} // namespace kiln::cli
