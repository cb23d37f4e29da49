#pragma once
// `kiln demo`: a short printed tour of what Kiln can do today.

#include <ostream>

namespace kiln::cli {

int run_demo(std::ostream& out);

} // namespace kiln::cli
