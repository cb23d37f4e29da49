#pragma once
// Kiln's error policy: an operation that cannot complete throws an exception derived from
// kiln::Error; the UI and plugin boundaries turn it into a message. Two kinds matter to
// inference: a DomainError (a value outside its allowed range: a sampler may reject the
// proposal and go on) and a ShapeError (sizes that do not fit together: a bug in the model).
// Asserts are kept for programmer errors that no user input can reach.

#include <stdexcept>
#include <string>

namespace kiln {

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A value outside the domain of a parameter or of a distribution's support.
class DomainError : public Error {
public:
  using Error::Error;
};

// Shapes or sizes that cannot be combined.
class ShapeError : public Error {
public:
  using Error::Error;
};

// A request that the object cannot serve (rsample of a discrete family, the mean of a Cauchy).
class NotSupportedError : public Error {
public:
  using Error::Error;
};

} // namespace kiln
