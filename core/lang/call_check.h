#pragma once
// Checking a call's arguments against what the callee takes, before the model runs: a
// distribution family (the registry's parameters, with their defaults and alternative
// parameterizations), a builtin (its Signature) or a def of the same file. Python's binding
// rules, with messages that name the function and the parameter.

#include <string>
#include <vector>

#include "core/lang/ast.h"
#include "core/lang/diagnostic.h"
#include "core/lang/function.h"

namespace kiln::dist {
struct FamilyInfo;
}

namespace kiln::lang {

// What a callee takes, as far as a static check can tell.
struct CallSignature {
  struct Parameter {
    std::string name;
    Param::Kind kind = Param::Kind::positional;
    bool has_default = false;
  };
  std::string function; // as messages name it: "Normal", "torch.sum", "helper"
  std::vector<Parameter> params;
  // Groups of parameters of which a call gives exactly one (probs | logits).
  std::vector<std::vector<std::string>> alternatives;
  // Keywords the callee accepts without listing them as parameters (validate_args).
  std::vector<std::string> ignored_keywords;
};

CallSignature family_signature(const dist::FamilyInfo& family);
CallSignature builtin_signature(const Signature& signature);
CallSignature def_signature(const FunctionDef& def);

// Reports what `call` gives that `signature` cannot take: too many positional arguments, a
// keyword no parameter has (with the closest parameter name as suggestion), a parameter given
// twice, a required parameter missing, two alternatives given or none. Calls that unpack
// (*args, **kwargs) are checked only as far as the unpacked values cannot matter.
void check_call(const Call& call, const CallSignature& signature, const Source& source,
                DiagnosticSink& sink);

} // namespace kiln::lang
