#include "app/kiln/options.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "core/lang/suggest.h"

namespace kiln::cli {

namespace {

const Option* find_option(const CommandSpec& spec, const std::string& name) {
  for (const auto& option : spec.options)
    if (option.name == name)
      return &option;
  return nullptr;
}

std::string unknown_option_message(const CommandSpec& spec, const std::string& name) {
  std::vector<std::string> names{"help"};
  for (const auto& option : spec.options)
    names.push_back(option.name);
  std::string message = "kiln " + spec.name + ": unknown option '--" + name + "'";
  const std::string closest = lang::closest_name(name, names);
  if (!closest.empty())
    message += "; did you mean '--" + closest + "'?";
  return message;
}

} // namespace

bool ParsedOptions::has(const std::string& name) const {
  return values_.count(name) > 0;
}

std::string ParsedOptions::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

int64_t ParsedOptions::get_int(const std::string& name, int64_t fallback, int64_t min) const {
  if (!has(name))
    return fallback;
  const std::string& text = values_.at(name);
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || value < min)
    throw UsageError("--" + name + " needs an integer of at least " + std::to_string(min) +
                     ", got '" + text + "'");
  return value;
}

double ParsedOptions::get_double(const std::string& name, double fallback) const {
  if (!has(name))
    return fallback;
  const std::string& text = values_.at(name);
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE)
    throw UsageError("--" + name + " needs a number, got '" + text + "'");
  return value;
}

std::string ParsedOptions::get_choice(const std::string& name,
                                      const std::vector<std::string>& choices,
                                      const std::string& fallback) const {
  const std::string value = get(name, fallback);
  if (std::find(choices.begin(), choices.end(), value) != choices.end())
    return value;
  std::string list;
  for (const auto& c : choices)
    list += (list.empty() ? "" : ", ") + c;
  throw UsageError("--" + name + " must be one of " + list + ", got '" + value + "'");
}

std::optional<ParsedOptions>
parse_options(const CommandSpec& spec, const std::vector<std::string>& words, std::ostream& out) {
  ParsedOptions parsed;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--help" || word == "-h") {
      print_help(spec, out);
      return std::nullopt;
    }
    if (word.size() < 3 || word.compare(0, 2, "--") != 0) {
      parsed.positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const Option* option = find_option(spec, name);
    if (!option)
      throw UsageError(unknown_option_message(spec, name));
    if (option->value_name.empty()) {
      if (value)
        throw UsageError("kiln " + spec.name + ": --" + name + " takes no value");
      parsed.values_[name] = "true";
      continue;
    }
    if (!value) {
      if (i + 1 >= words.size())
        throw UsageError("kiln " + spec.name + ": --" + name + " needs a value (" +
                         option->value_name + ")");
      value = words[++i];
    }
    parsed.values_[name] = *value;
  }
  if (parsed.positional_.size() < spec.positional.size())
    throw UsageError("kiln " + spec.name + ": missing " +
                     spec.positional[parsed.positional_.size()]);
  if (parsed.positional_.size() > spec.positional.size())
    throw UsageError("kiln " + spec.name + ": unexpected argument '" +
                     parsed.positional_[spec.positional.size()] + "'");
  return parsed;
}

void print_help(const CommandSpec& spec, std::ostream& out) {
  out << "usage: kiln " << spec.name;
  for (const auto& p : spec.positional)
    out << " " << p;
  if (!spec.options.empty())
    out << " [options]";
  out << "\n\n" << spec.description << "\n";
  if (spec.options.empty())
    return;
  out << "\noptions:\n";
  size_t width = 0;
  for (const auto& o : spec.options)
    width = std::max(width, o.name.size() + o.value_name.size() + 3);
  for (const auto& o : spec.options) {
    std::string left = "--" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    out << "  " << left << std::string(width + 2 - left.size(), ' ') << o.help << "\n";
  }
  out << "  --help" << std::string(width - 4, ' ') << "this text\n";
}

} // namespace kiln::cli
