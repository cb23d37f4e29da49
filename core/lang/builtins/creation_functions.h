#pragma once
// torch.tensor, zeros, ones, full, arange, linspace, eye, rand, randn, randint and their *_like
// forms: the functions that make tensors. Random ones draw from kiln::generator().

namespace kiln::lang {

class Namespace;

void define_creation_functions(Namespace& torch);

} // namespace kiln::lang
