#include "core/lang/call_check.h"

#include <algorithm>

#include "core/dist/registry.h"
#include "core/lang/suggest.h"

namespace kiln::lang {

using Kind = Param::Kind;

namespace {

bool takes_keyword(Kind kind) {
  return kind == Kind::positional || kind == Kind::keyword_only;
}

// "a, b or c" (last "or"), "'a', 'b' and 'c'" (last "and", quoted), "a, b, c" (last ",").
std::string join(const std::vector<std::string>& names, const std::string& last, bool quote) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i)
      out += i + 1 == names.size() && last != "," ? " " + last + " " : ", ";
    out += quote ? "'" + names[i] + "'" : names[i];
  }
  return out;
}

bool in_alternatives(const CallSignature& s, const std::string& name) {
  for (const auto& group : s.alternatives)
    if (std::find(group.begin(), group.end(), name) != group.end())
      return true;
  return false;
}

} // namespace

CallSignature family_signature(const dist::FamilyInfo& family) {
  CallSignature s;
  s.function = family.name;
  for (const std::string& name : family.arg_names) {
    const bool optional = std::find(family.optional_args.begin(), family.optional_args.end(),
                                    name) != family.optional_args.end();
    s.params.push_back({name, Kind::positional, optional});
  }
  s.alternatives = family.alternatives;
  s.ignored_keywords = {"validate_args"};
  return s;
}

CallSignature builtin_signature(const Signature& signature) {
  CallSignature s;
  s.function = signature.function_name();
  for (const Param& p : signature.params())
    s.params.push_back({p.name, p.kind, p.default_value.has_value()});
  return s;
}

CallSignature def_signature(const FunctionDef& def) {
  CallSignature s;
  s.function = def.name;
  for (const lang::Parameter& p : def.params) {
    Kind kind = Kind::positional;
    if (p.kind == ParamKind::var_positional)
      kind = Kind::var_positional;
    else if (p.kind == ParamKind::keyword_only)
      kind = Kind::keyword_only;
    else if (p.kind == ParamKind::var_keyword)
      kind = Kind::var_keyword;
    s.params.push_back({p.name, kind, p.default_value != nullptr});
  }
  return s;
}

void check_call(const Call& call, const CallSignature& s, const Source& source,
                DiagnosticSink& sink) {
  const std::string fn = s.function + "()";
  const auto& params = s.params;
  auto has_kind = [&](Kind k) {
    return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.kind == k; });
  };
  bool unpacks = false, unpacks_dict = false;
  for (const Argument& a : call.args) {
    unpacks |= a.kind == ArgKind::unpack;
    unpacks_dict |= a.kind == ArgKind::unpack_dict;
  }

  std::vector<const Argument*> given(params.size(), nullptr);
  // Positional arguments fill the positional parameters in order; after a *args in the call
  // nobody can tell which parameter an argument lands in.
  if (!unpacks) {
    size_t next = 0;
    for (const Argument& a : call.args) {
      if (a.kind != ArgKind::positional)
        continue;
      while (next < params.size() && params[next].kind != Kind::positional)
        ++next;
      if (next < params.size()) {
        given[next++] = &a;
        continue;
      }
      if (has_kind(Kind::var_positional))
        continue;
      size_t total = std::count_if(params.begin(), params.end(),
                                   [](const auto& p) { return p.kind == Kind::positional; });
      size_t positional = std::count_if(call.args.begin(), call.args.end(), [](const Argument& x) {
        return x.kind == ArgKind::positional;
      });
      sink.error(source, a.span,
                 fn + " takes " + std::to_string(total) + " positional argument" +
                     (total == 1 ? "" : "s") + " but " + std::to_string(positional) +
                     (positional == 1 ? " was" : " were") + " given");
      break;
    }
  }

  std::vector<std::string> names;
  for (const auto& p : params)
    if (takes_keyword(p.kind))
      names.push_back(p.name);
  for (const Argument& a : call.args) {
    if (a.kind != ArgKind::keyword)
      continue;
    if (std::find(s.ignored_keywords.begin(), s.ignored_keywords.end(), a.name) !=
        s.ignored_keywords.end())
      continue;
    auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) {
      return p.name == a.name && takes_keyword(p.kind);
    });
    if (it == params.end()) {
      if (has_kind(Kind::var_keyword))
        continue;
      const std::string closest = closest_name(a.name, names);
      sink.error(
          source, a.span,
          fn + " has no parameter '" + a.name + "'; " +
              (names.empty() ? "it takes none" : "its parameters are " + join(names, ",", false)),
          closest.empty() ? "" : "did you mean '" + closest + "'?");
      continue;
    }
    const size_t i = it - params.begin();
    if (given[i] && !unpacks) {
      sink.error(source, a.span, fn + " got multiple values for parameter '" + a.name + "'");
      continue;
    }
    given[i] = &a;
  }

  for (const auto& group : s.alternatives) {
    std::vector<const Argument*> chosen;
    for (size_t i = 0; i < params.size(); ++i)
      if (given[i] && std::find(group.begin(), group.end(), params[i].name) != group.end())
        chosen.push_back(given[i]);
    if (chosen.size() > 1) {
      std::sort(chosen.begin(), chosen.end(),
                [](const Argument* a, const Argument* b) { return a->span.begin < b->span.begin; });
      sink.error(source, chosen[1]->span,
                 fn + " takes one of " + join(group, "or", false) + ", not several");
    } else if (chosen.empty() && !unpacks && !unpacks_dict) {
      sink.error(source, call.span, fn + " needs one of " + join(group, "or", false));
    }
  }

  if (unpacks || unpacks_dict)
    return;
  std::vector<std::string> missing;
  for (size_t i = 0; i < params.size(); ++i)
    if (takes_keyword(params[i].kind) && !given[i] && !params[i].has_default &&
        !in_alternatives(s, params[i].name))
      missing.push_back(params[i].name);
  if (!missing.empty())
    sink.error(source, call.span,
               fn + " missing required argument" + (missing.size() == 1 ? " " : "s ") +
                   join(missing, "and", true));
}

} // namespace kiln::lang
