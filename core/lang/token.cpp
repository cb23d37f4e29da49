#include "core/lang/token.h"

#include <unordered_map>

namespace kiln::lang {

const char* token_spelling(TokenKind kind) {
  static const char* const spellings[] = {
#define KILN_TOKEN_SPELLING(kind, spelling) spelling,
      KILN_TOKENS(KILN_TOKEN_SPELLING)
#undef KILN_TOKEN_SPELLING
  };
  return spellings[static_cast<int>(kind)];
}

TokenKind keyword_kind(const std::string& word) {
  static const std::unordered_map<std::string, TokenKind> keywords = [] {
    std::unordered_map<std::string, TokenKind> map;
    for (int k = static_cast<int>(TokenKind::kw_false); k <= static_cast<int>(TokenKind::kw_yield);
         ++k)
      map.emplace(token_spelling(static_cast<TokenKind>(k)), static_cast<TokenKind>(k));
    return map;
  }();
  auto it = keywords.find(word);
  return it == keywords.end() ? TokenKind::name : it->second;
}

} // namespace kiln::lang
