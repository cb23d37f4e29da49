#include "core/infer/compiled/adjoints.h"

#include <cmath>

#include <cblas.h>

#include "core/infer/compiled/elementwise.h"
#include "core/infer/compiled/special_functions.h"

namespace kiln::infer::compiled {

namespace {

struct Sweep {
  const Program& p;
  const double* v;
  double* g;

  const double* value(int32_t slot) const { return v + p.buffers[slot].offset; }
  double* grad(int32_t slot) const {
    const int64_t at = p.buffers[slot].grad_offset;
    return at < 0 ? nullptr : g + at;
  }

  // The input's adjoint += d(out[i]) / d(a) * gout[i], with partial(a, out).
  template <class F> void unary(const Instr& ins, F partial) const {
    const Input& a = ins.in[0];
    const double* x = value(a.slot);
    const double* y = value(ins.out);
    const double* go = grad(ins.out);
    accumulate(a, grad(a.slot), p.buffers[ins.out].numel,
               [&](int64_t i) { return go[i] * partial(x[source(a, i)], y[i]); });
  }

  // gin[source(in, i)] += term(i) for every output index i; a broadcast scalar sums in a
  // register first.
  template <class F> static void accumulate(const Input& in, double* gin, int64_t n, F term) {
    if (!gin)
      return;
    if (in.read == Read::Same) {
      for (int64_t i = 0; i < n; ++i)
        gin[i] += term(i);
    } else if (in.read == Read::Scalar) {
      double s = 0;
      for (int64_t i = 0; i < n; ++i)
        s += term(i);
      gin[0] += s;
    } else {
      for (int64_t i = 0; i < n; ++i)
        gin[in.map[i]] += term(i);
    }
  }

  // Both inputs: fa(a, b, out) and fb(a, b, out) are the partials.
  template <class FA, class FB> void binary(const Instr& ins, FA fa, FB fb) const {
    const Input& a = ins.in[0];
    const Input& b = ins.in[1];
    const double* x = value(a.slot);
    const double* y = value(b.slot);
    const double* z = value(ins.out);
    const double* go = grad(ins.out);
    const int64_t n = p.buffers[ins.out].numel;
    accumulate(a, grad(a.slot), n,
               [&](int64_t i) { return go[i] * fa(x[source(a, i)], y[source(b, i)], z[i]); });
    accumulate(b, grad(b.slot), n,
               [&](int64_t i) { return go[i] * fb(x[source(a, i)], y[source(b, i)], z[i]); });
  }

  void run(const Instr& ins) const;
};

double sigmoid(double x) {
  return 1 / (1 + std::exp(-x));
}

// torch's rule for maximum and minimum: the whole adjoint to the chosen input, half to each on
// a tie.
double chosen(double mine, double other, bool larger) {
  if (mine == other)
    return 0.5;
  return (larger ? mine > other : mine < other) ? 1.0 : 0.0;
}

void Sweep::run(const Instr& ins) const {
  const double p0 = ins.p0, p1 = ins.p1;
  switch (ins.op) {
  case Op::Neg:
    return unary(ins, [](double, double) { return -1.0; });
  case Op::Exp:
    return unary(ins, [](double, double y) { return y; });
  case Op::Log:
    return unary(ins, [](double x, double) { return 1 / x; });
  case Op::Log1p:
    return unary(ins, [](double x, double) { return 1 / (1 + x); });
  case Op::Expm1:
    return unary(ins, [](double, double y) { return y + 1; });
  case Op::Sqrt:
    return unary(ins, [](double, double y) { return 0.5 / y; });
  case Op::Rsqrt:
    return unary(ins, [](double, double y) { return -0.5 * y * y * y; });
  case Op::Square:
    return unary(ins, [](double x, double) { return 2 * x; });
  case Op::Abs:
    return unary(ins, [](double x, double) { return double((x > 0) - (x < 0)); });
  case Op::Erf: // 2 / sqrt(pi) exp(-x^2), and its negative for erfc
    return unary(ins, [](double x, double) { return M_2_SQRTPI * std::exp(-x * x); });
  case Op::Erfc:
    return unary(ins, [](double x, double) { return -M_2_SQRTPI * std::exp(-x * x); });
  case Op::Relu: // ATen's threshold_backward: the gradient passes where the result is > 0
    return unary(ins, [](double, double y) { return double(y > 0); });
  case Op::Sigmoid:
    return unary(ins, [](double, double y) { return y * (1 - y); });
  case Op::LogSigmoid:
    return unary(ins, [](double x, double) { return sigmoid(-x); });
  case Op::Softplus: {
    const double* z = v + ins.aux; // exp(beta a), from the forward sweep
    const double* x = value(ins.in[0].slot);
    const double* go = grad(ins.out);
    accumulate(ins.in[0], grad(ins.in[0].slot), p.buffers[ins.out].numel, [&](int64_t i) {
      return x[source(ins.in[0], i)] * p0 > p1 ? go[i] : go[i] * z[i] / (1 + z[i]);
    });
    return;
  }
  case Op::Tanh:
    return unary(ins, [](double, double y) { return 1 - y * y; });
  case Op::Lgamma:
    return unary(ins, [](double x, double) { return digamma(x); });
  case Op::Digamma:
    return unary(ins, [](double x, double) { return trigamma(x); });
  case Op::Reciprocal:
    return unary(ins, [](double, double y) { return -y * y; });
  case Op::Sin:
    return unary(ins, [](double x, double) { return std::cos(x); });
  case Op::Cos:
    return unary(ins, [](double x, double) { return -std::sin(x); });
  case Op::PowScalar:
    return unary(ins, [=](double x, double) { return p0 == 0 ? 0.0 : p0 * std::pow(x, p0 - 1); });
  case Op::Clamp:
    return unary(ins, [=](double x, double) { return double(x >= p0 && x <= p1); });
  case Op::Add:
    return binary(
        ins, [](double, double, double) { return 1.0; },
        [=](double, double, double) { return p0; });
  case Op::Sub:
    return binary(
        ins, [](double, double, double) { return 1.0; },
        [=](double, double, double) { return -p0; });
  case Op::Mul:
    return binary(
        ins, [](double, double b, double) { return b; },
        [](double a, double, double) { return a; });
  case Op::Div:
    return binary(
        ins, [](double, double b, double) { return 1 / b; },
        [](double a, double b, double) { return -a / (b * b); });
  case Op::Pow:
    return binary(
        ins, [](double a, double b, double) { return b == 0 ? 0.0 : b * std::pow(a, b - 1); },
        [](double a, double b, double z) { return a == 0 && b >= 0 ? 0.0 : z * std::log(a); });
  case Op::Maximum:
    return binary(
        ins, [](double a, double b, double) { return chosen(a, b, true); },
        [](double a, double b, double) { return chosen(b, a, true); });
  case Op::Minimum:
    return binary(
        ins, [](double a, double b, double) { return chosen(a, b, false); },
        [](double a, double b, double) { return chosen(b, a, false); });
  case Op::LogitBce:
    return binary(
        ins, [](double x, double y, double) { return sigmoid(x) - y; },
        [](double x, double, double) { return -x; });
  case Op::Xlogy:
    return binary(
        ins, [](double a, double b, double) { return a == 0 && b <= 0 ? 0.0 : std::log(b); },
        [](double a, double b, double) { return a / b; });
  case Op::Gt:
  case Op::Lt:
  case Op::Ge:
  case Op::Le:
  case Op::Eq:
  case Op::Ne:
  case Op::And:
  case Op::Or:
  case Op::Not:
    return;
  case Op::Where: {
    const double* go = grad(ins.out);
    const double* c = value(ins.in[0].slot);
    double* ga = grad(ins.in[1].slot);
    double* gb = grad(ins.in[2].slot);
    const int64_t n = p.buffers[ins.out].numel;
    for (int64_t i = 0; i < n; ++i) {
      if (c[source(ins.in[0], i)] != 0) {
        if (ga)
          ga[source(ins.in[1], i)] += go[i];
      } else if (gb) {
        gb[source(ins.in[2], i)] += go[i];
      }
    }
    return;
  }
  case Op::Gather: {
    const double* go = grad(ins.out);
    const int64_t n = p.buffers[ins.out].numel;
    for (int64_t i = 0; i < n; ++i)
      if (ins.grad_map[i] >= 0)
        g[ins.grad_map[i]] += go[i];
    return;
  }
  case Op::IndexRows: {
    const double* go = grad(ins.out);
    const double* idx = value(ins.in[1].slot);
    double* ga = grad(ins.in[0].slot);
    const auto rows = static_cast<int64_t>(p0);
    for (int64_t r = 0; r < ins.n1; ++r) {
      const int64_t k = row_index(idx[r], rows);
      for (int64_t o = 0; o < ins.n0; ++o) {
        double* to = ga + (o * rows + k) * ins.n2;
        const double* from = go + (o * ins.n1 + r) * ins.n2;
        for (int64_t i = 0; i < ins.n2; ++i)
          to[i] += from[i];
      }
    }
    return;
  }
  case Op::SumTo: {
    const double* go = grad(ins.out);
    double* ga = grad(ins.in[0].slot);
    const int64_t n = p.buffers[ins.in[0].slot].numel;
    if (p.buffers[ins.out].numel == 1) {
      const double d = p0 * go[0];
      for (int64_t i = 0; i < n; ++i)
        ga[i] += d;
    } else {
      for (int64_t i = 0; i < n; ++i)
        ga[i] += p0 * go[ins.map[i]];
    }
    return;
  }
  case Op::LogSumExp: {
    // d out[o] / d a[i] = exp(a[i] - out[o]), the softmax weight.
    const double* go = grad(ins.out);
    const double* x = value(ins.in[0].slot);
    const double* out = value(ins.out);
    double* ga = grad(ins.in[0].slot);
    const int64_t n = p.buffers[ins.in[0].slot].numel;
    for (int64_t i = 0; i < n; ++i)
      ga[i] += go[ins.map[i]] * std::exp(x[i] - out[ins.map[i]]);
    return;
  }
  case Op::Cumprod: {
    // d out[k] / d a[j] (k >= j) is the product of a[0..k] without a[j]: out[k] / a[j] where
    // a[j] != 0, else the product taken directly.
    const double* go = grad(ins.out);
    const double* x = value(ins.in[0].slot);
    const double* out = value(ins.out);
    double* ga = grad(ins.in[0].slot);
    const int64_t len = ins.n1, stride = ins.n2;
    for (int64_t o = 0; o < ins.n0; ++o)
      for (int64_t in = 0; in < ins.n2; ++in) {
        const int64_t base = o * len * stride + in;
        double tail = 0; // sum over k >= j of go[k] out[k]
        for (int64_t j = len - 1; j >= 0; --j) {
          const int64_t at = base + j * stride;
          tail += go[at] * out[at];
          if (x[at] != 0) {
            ga[at] += tail / x[at];
            continue;
          }
          double sum = 0, prefix = 1;
          for (int64_t k = 0; k < j; ++k)
            prefix *= x[base + k * stride];
          double running = prefix;
          for (int64_t k = j; k < len; ++k) {
            if (k > j)
              running *= x[base + k * stride];
            sum += go[base + k * stride] * running;
          }
          ga[at] += sum;
        }
      }
    return;
  }
  case Op::MatVec: {
    const double* go = grad(ins.out);
    const double* a = value(ins.in[0].slot);
    const double* x = value(ins.in[1].slot);
    double* ga = grad(ins.in[0].slot);
    double* gx = grad(ins.in[1].slot);
    const auto m = static_cast<int>(ins.n0), k = static_cast<int>(ins.n1);
    if (gx) // gx += A^T go
      cblas_dgemv(CblasRowMajor, CblasTrans, m, k, 1.0, a, k, go, 1, 1.0, gx, 1);
    if (ga) // gA += go x^T
      cblas_dger(CblasRowMajor, m, k, 1.0, go, 1, x, 1, ga, k);
    return;
  }
  case Op::Dot: {
    const double go = grad(ins.out)[0];
    const double* a = value(ins.in[0].slot);
    const double* b = value(ins.in[1].slot);
    double* ga = grad(ins.in[0].slot);
    double* gb = grad(ins.in[1].slot);
    for (int64_t i = 0; i < ins.n0; ++i) {
      if (ga)
        ga[i] += go * b[i];
      if (gb)
        gb[i] += go * a[i];
    }
    return;
  }
  case Op::MatMul: {
    const double* go = grad(ins.out);
    const double* a = value(ins.in[0].slot);
    const double* b = value(ins.in[1].slot);
    double* ga = grad(ins.in[0].slot);
    double* gb = grad(ins.in[1].slot);
    const auto m = static_cast<int>(ins.n0), k = static_cast<int>(ins.n1),
               n = static_cast<int>(ins.n2);
    if (ga) // gA += go B^T
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, k, n, 1.0, go, n, b, n, 1.0, ga, k);
    if (gb) // gB += A^T go
      cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, n, m, 1.0, a, k, go, n, 1.0, gb, n);
    return;
  }
  case Op::Noise: // draws: nothing flows back through them
  case Op::Subsample:
    return;
  }
}

} // namespace

void run_backward(const Program& program, const double* values, double* grads) {
  const Slot& out = program.buffers[program.output];
  if (out.grad_offset < 0)
    return;
  grads[out.grad_offset] = 1;
  const Sweep sweep{program, values, grads};
  for (auto it = program.instrs.rbegin(); it != program.instrs.rend(); ++it)
    if (program.buffers[it->out].grad_offset >= 0)
      sweep.run(*it);
}

} // namespace kiln::infer::compiled
