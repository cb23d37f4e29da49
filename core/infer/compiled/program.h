#pragma once
// The compiled potential's program: a straight line of instructions over one arena of float64
// values, with a second arena for the adjoints of the values that depend on the input. Every
// buffer has its place fixed when the program is built, so running it allocates nothing.

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::infer::compiled {

enum class Op : uint8_t {
  // Elementwise, one input: out = f(a).
  Neg,
  Exp,
  Log,
  Log1p,
  Expm1,
  Sqrt,
  Rsqrt,
  Square,
  Abs,
  Relu,
  Erf,
  Erfc,
  Sigmoid,
  LogSigmoid,
  Softplus, // p0 = beta, p1 = threshold, as torch.nn.functional.softplus
  Tanh,
  Lgamma,
  Digamma,
  Reciprocal,
  Sin,
  Cos,
  PowScalar, // a ** p0
  Clamp,     // min(max(a, p0), p1); p0 = -inf or p1 = +inf for one bound
  // Elementwise, two inputs broadcast to the output's shape.
  Add, // a + p0 * b
  Sub, // a - p0 * b
  Mul,
  Div,
  Pow,
  Maximum,
  Minimum,
  LogitBce, // binary_cross_entropy_with_logits(a, b): log(1 + exp(a)) - b * a, stably
  Xlogy,    // a * log(b), 0 where a == 0
  // Comparisons and logic: 1 or 0, without adjoints.
  Gt,
  Lt,
  Ge,
  Le,
  Eq,
  Ne,
  And,
  Or,
  Not,   // one input
  Where, // in[0] != 0 ? in[1] : in[2]
  // out[i] = arena[map[i]]: views, reshapes, slices, index_select, cat, stack, expand...
  Gather,
  // out[o, r, i] = a[o, idx[r], i] with idx = in[1] computed (a minibatch, Categorical's take):
  // n0, n1, n2 = outer, indices, inner; a is laid out (n0, p0 rows, n2), and an index below 0
  // counts from the end as in ATen.
  IndexRows,
  // out[map[i]] += p0 * a[i]: sum and mean over some or all dims.
  SumTo,
  // out[o] = log sum exp a[i] over the i with map[i] == o (logsumexp over some dims); the
  // per-output max is kept at `aux` for the reverse sweep.
  LogSumExp,
  // Running product along the middle dim of a (n0, n1, n2) layout (cumprod).
  Cumprod,
  // out[m] = A[m, k] x[k], A row-major (rows, cols in n0, n1).
  MatVec,
  // out = sum a[i] b[i] (dot of two vectors of n0).
  Dot,
  // out[m, n] = A[m, k] B[k, n] (n0, n1, n2 = m, k, n).
  MatMul,
  // out = p0 + p1 * standard normal draws from the thread's generator, fresh each run: the
  // noise of a guide's reparameterized samples (only in programs lowered with noise allowed).
  Noise,
  // out[0..n1) = n1 distinct indices of 0..n0-1 in random order (random_subset in random.h), drawn
  // anew each run: a subsampling plate's minibatch (programs lowered with noise allowed).
  Subsample,
};

// How an elementwise input is read at output index i.
enum class Read : uint8_t {
  Same,   // a[i]: same shape as the output
  Scalar, // a[0]: one element, broadcast
  Mapped, // a[map[i]]: broadcast by an index map
};

// A buffer: `numel` values at `offset` in the value arena; when the value depends on the
// input, its adjoint at `grad_offset` in the adjoint arena, else grad_offset is -1. Views that
// keep the order of their input share its storage (and adjoint storage).
struct Slot {
  std::vector<int64_t> shape;
  int64_t numel = 1;
  int64_t offset = 0;
  int64_t grad_offset = -1;
};

struct Input {
  int32_t slot = -1;
  Read read = Read::Same;
  std::vector<int64_t> map; // Read::Mapped
};

struct Instr {
  Op op;
  int32_t out = -1;
  std::vector<Input> in;
  double p0 = 0, p1 = 0;
  int64_t n0 = 0, n1 = 0, n2 = 0;
  // Gather: the value arena position of each output element, and the adjoint arena position
  // (-1 where the element does not depend on the input). SumTo: the output index of each input
  // element.
  std::vector<int64_t> map;
  std::vector<int64_t> grad_map;
  // Softplus: where the forward sweep keeps exp(beta * a) for the reverse sweep (an offset in
  // the value arena, one value per output element).
  int64_t aux = -1;
  // Op name in ATen's terms, for messages.
  std::string name;
};

struct Program {
  std::vector<Slot> buffers;
  std::vector<Instr> instrs;
  // The value arena with the constants in place. Each workspace starts from a copy and writes
  // only the computed buffers, so the constants stay.
  std::vector<double> constants;
  int64_t grad_size = 0;
  int32_t input = -1;  // the flat vector
  int32_t output = -1; // the potential, one element
};

} // namespace kiln::infer::compiled
