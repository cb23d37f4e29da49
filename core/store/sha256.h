#pragma once
// SHA-256 (FIPS 180-4), for the content hashes that tell model versions and datasets apart.

#include <string>

namespace kiln::store {

// The digest of `data` as 64 lowercase hex digits.
std::string sha256_hex(const std::string& data);

} // namespace kiln::store
