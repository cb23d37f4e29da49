#include "core/infer/compiled/forward.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <cblas.h>

#include "core/infer/compiled/elementwise.h"
#include "core/infer/compiled/special_functions.h"
#include "core/util/random.h"
#include "core/util/vector_math.h"

namespace kiln::infer::compiled {

namespace {

template <class F> void unary(const Program& p, const Instr& ins, double* v, F f) {
  const Slot& o = p.buffers[ins.out];
  double* out = v + o.offset;
  const Input& a = ins.in[0];
  const double* x = v + p.buffers[a.slot].offset;
  if (a.read == Read::Same)
    for (int64_t i = 0; i < o.numel; ++i)
      out[i] = f(x[i]);
  else
    for (int64_t i = 0; i < o.numel; ++i)
      out[i] = f(x[source(a, i)]);
}

// A unary op whose whole-buffer form is vectorized (vector_math.h) where the input is read
// element for element.
void unary_vector(const Program& p, const Instr& ins, double* v,
                  void (*vector)(const double*, double*, int64_t), double (*scalar)(double)) {
  const Input& a = ins.in[0];
  if (a.read != Read::Same)
    return unary(p, ins, v, scalar);
  vector(v + p.buffers[a.slot].offset, v + p.buffers[ins.out].offset, p.buffers[ins.out].numel);
}

template <class F> void binary(const Program& p, const Instr& ins, double* v, F f) {
  const Slot& o = p.buffers[ins.out];
  double* out = v + o.offset;
  const Input& a = ins.in[0];
  const Input& b = ins.in[1];
  const double* x = v + p.buffers[a.slot].offset;
  const double* y = v + p.buffers[b.slot].offset;
  if (a.read == Read::Same && b.read == Read::Same)
    for (int64_t i = 0; i < o.numel; ++i)
      out[i] = f(x[i], y[i]);
  else if (a.read == Read::Same && b.read == Read::Scalar)
    for (int64_t i = 0; i < o.numel; ++i)
      out[i] = f(x[i], y[0]);
  else
    for (int64_t i = 0; i < o.numel; ++i)
      out[i] = f(x[source(a, i)], y[source(b, i)]);
}

double log_sigmoid(double x) {
  return std::min(x, 0.0) - std::log1p(std::exp(-std::abs(x)));
}

double logit_bce(double x, double y) {
  const double m = std::max(-x, 0.0);
  return (1 - y) * x + m + std::log(std::exp(-m) + std::exp(-x - m));
}

double clamp(double x, double lo, double hi) {
  return x < lo ? lo : x > hi ? hi : x;
}

void forward(const Program& p, const Instr& ins, double* v) {
  const double p0 = ins.p0, p1 = ins.p1;
  switch (ins.op) {
  case Op::Neg:
    return unary(p, ins, v, [](double a) { return -a; });
  case Op::Exp:
    return unary_vector(p, ins, v, vector_exp, [](double a) { return std::exp(a); });
  case Op::Log:
    return unary_vector(p, ins, v, vector_log, [](double a) { return std::log(a); });
  case Op::Log1p:
    return unary_vector(p, ins, v, vector_log1p, [](double a) { return std::log1p(a); });
  case Op::Expm1:
    return unary(p, ins, v, [](double a) { return std::expm1(a); });
  case Op::Sqrt:
    return unary(p, ins, v, [](double a) { return std::sqrt(a); });
  case Op::Rsqrt:
    return unary(p, ins, v, [](double a) { return 1 / std::sqrt(a); });
  case Op::Square:
    return unary(p, ins, v, [](double a) { return a * a; });
  case Op::Abs:
    return unary(p, ins, v, [](double a) { return std::abs(a); });
  case Op::Erf:
    return unary(p, ins, v, [](double a) { return std::erf(a); });
  case Op::Erfc:
    return unary(p, ins, v, [](double a) { return std::erfc(a); });
  case Op::Relu:
    return unary(p, ins, v, [](double a) { return std::isnan(a) ? a : a > 0 ? a : 0.0; });
  case Op::Sigmoid:
    return unary(p, ins, v, [](double a) { return 1 / (1 + std::exp(-a)); });
  case Op::LogSigmoid:
    return unary(p, ins, v, log_sigmoid);
  case Op::Softplus: {
    // exp(beta a) is kept for the reverse sweep, whose sigmoid is then one division.
    const Slot& o = p.buffers[ins.out];
    const Input& a = ins.in[0];
    const double* x = v + p.buffers[a.slot].offset;
    double* out = v + o.offset;
    double* z = v + ins.aux;
    const bool same = a.read == Read::Same;
    for (int64_t i = 0; i < o.numel; ++i)
      z[i] = x[same ? i : source(a, i)] * p0;
    vector_exp(z, z, o.numel);
    vector_log1p(z, out, o.numel);
    for (int64_t i = 0; i < o.numel; ++i) {
      const double xi = x[same ? i : source(a, i)];
      out[i] = xi * p0 > p1 ? xi : out[i] / p0;
    }
    return;
  }
  case Op::Tanh:
    return unary(p, ins, v, [](double a) { return std::tanh(a); });
  case Op::Lgamma:
    return unary(p, ins, v, [](double a) { return std::lgamma(a); });
  case Op::Digamma:
    return unary(p, ins, v, digamma);
  case Op::Reciprocal:
    return unary(p, ins, v, [](double a) { return 1 / a; });
  case Op::Sin:
    return unary(p, ins, v, [](double a) { return std::sin(a); });
  case Op::Cos:
    return unary(p, ins, v, [](double a) { return std::cos(a); });
  case Op::PowScalar:
    if (p0 == 2)
      return unary(p, ins, v, [](double a) { return a * a; });
    return unary(p, ins, v, [=](double a) { return std::pow(a, p0); });
  case Op::Clamp:
    return unary(p, ins, v, [=](double a) { return clamp(a, p0, p1); });
  case Op::Add:
    return binary(p, ins, v, [=](double a, double b) { return a + p0 * b; });
  case Op::Sub:
    return binary(p, ins, v, [=](double a, double b) { return a - p0 * b; });
  case Op::Mul:
    return binary(p, ins, v, [](double a, double b) { return a * b; });
  case Op::Div:
    return binary(p, ins, v, [](double a, double b) { return a / b; });
  case Op::Pow:
    return binary(p, ins, v, [](double a, double b) { return std::pow(a, b); });
  case Op::Maximum:
    return binary(p, ins, v, [](double a, double b) {
      return std::isnan(a) || std::isnan(b) ? a + b : std::max(a, b);
    });
  case Op::Minimum:
    return binary(p, ins, v, [](double a, double b) {
      return std::isnan(a) || std::isnan(b) ? a + b : std::min(a, b);
    });
  case Op::LogitBce:
    return binary(p, ins, v, logit_bce);
  case Op::Xlogy:
    return binary(p, ins, v, [](double a, double b) {
      return std::isnan(b) ? b : a == 0 ? 0.0 : a * std::log(b);
    });
  case Op::And:
    return binary(p, ins, v, [](double a, double b) { return double(a != 0 && b != 0); });
  case Op::Or:
    return binary(p, ins, v, [](double a, double b) { return double(a != 0 || b != 0); });
  case Op::Not:
    return unary(p, ins, v, [](double a) { return double(a == 0); });
  case Op::Gt:
    return binary(p, ins, v, [](double a, double b) { return double(a > b); });
  case Op::Lt:
    return binary(p, ins, v, [](double a, double b) { return double(a < b); });
  case Op::Ge:
    return binary(p, ins, v, [](double a, double b) { return double(a >= b); });
  case Op::Le:
    return binary(p, ins, v, [](double a, double b) { return double(a <= b); });
  case Op::Eq:
    return binary(p, ins, v, [](double a, double b) { return double(a == b); });
  case Op::Ne:
    return binary(p, ins, v, [](double a, double b) { return double(a != b); });
  case Op::Where: {
    const Slot& o = p.buffers[ins.out];
    double* out = v + o.offset;
    const double* c = v + p.buffers[ins.in[0].slot].offset;
    const double* a = v + p.buffers[ins.in[1].slot].offset;
    const double* b = v + p.buffers[ins.in[2].slot].offset;
    for (int64_t i = 0; i < o.numel; ++i)
      out[i] = c[source(ins.in[0], i)] != 0 ? a[source(ins.in[1], i)] : b[source(ins.in[2], i)];
    return;
  }
  case Op::Gather: {
    const Slot& o = p.buffers[ins.out];
    double* out = v + o.offset;
    for (int64_t i = 0; i < o.numel; ++i)
      out[i] = v[ins.map[i]];
    return;
  }
  case Op::IndexRows: {
    double* out = v + p.buffers[ins.out].offset;
    const double* a = v + p.buffers[ins.in[0].slot].offset;
    const double* idx = v + p.buffers[ins.in[1].slot].offset;
    const auto rows = static_cast<int64_t>(p0);
    for (int64_t r = 0; r < ins.n1; ++r) {
      const int64_t k = row_index(idx[r], rows);
      for (int64_t o = 0; o < ins.n0; ++o)
        std::copy_n(a + (o * rows + k) * ins.n2, ins.n2, out + (o * ins.n1 + r) * ins.n2);
    }
    return;
  }
  case Op::SumTo: {
    const Slot& o = p.buffers[ins.out];
    const Slot& a = p.buffers[ins.in[0].slot];
    double* out = v + o.offset;
    const double* x = v + a.offset;
    if (o.numel == 1) {
      // Four running sums, so the additions pipeline.
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      int64_t i = 0;
      for (; i + 4 <= a.numel; i += 4) {
        s0 += x[i];
        s1 += x[i + 1];
        s2 += x[i + 2];
        s3 += x[i + 3];
      }
      for (; i < a.numel; ++i)
        s0 += x[i];
      out[0] = (s0 + s1) + (s2 + s3);
    } else {
      std::fill_n(out, o.numel, 0.0);
      for (int64_t i = 0; i < a.numel; ++i)
        out[ins.map[i]] += x[i];
    }
    if (p0 != 1)
      for (int64_t i = 0; i < o.numel; ++i)
        out[i] *= p0;
    return;
  }
  case Op::LogSumExp: {
    const Slot& o = p.buffers[ins.out];
    const Slot& a = p.buffers[ins.in[0].slot];
    double* out = v + o.offset;
    double* max = v + ins.aux;
    const double* x = v + a.offset;
    std::fill_n(max, o.numel, -std::numeric_limits<double>::infinity());
    for (int64_t i = 0; i < a.numel; ++i)
      max[ins.map[i]] = std::max(max[ins.map[i]], x[i]);
    for (int64_t k = 0; k < o.numel; ++k)
      if (std::isinf(max[k])) // all -inf, or an infinite max: shift by 0, as ATen does
        max[k] = 0;
    std::fill_n(out, o.numel, 0.0);
    for (int64_t i = 0; i < a.numel; ++i)
      out[ins.map[i]] += std::exp(x[i] - max[ins.map[i]]);
    for (int64_t k = 0; k < o.numel; ++k)
      out[k] = std::log(out[k]) + max[k];
    return;
  }
  case Op::Cumprod: {
    const double* x = v + p.buffers[ins.in[0].slot].offset;
    double* out = v + p.buffers[ins.out].offset;
    for (int64_t o = 0; o < ins.n0; ++o)
      for (int64_t in = 0; in < ins.n2; ++in) {
        double running = 1;
        for (int64_t j = 0; j < ins.n1; ++j) {
          const int64_t at = (o * ins.n1 + j) * ins.n2 + in;
          running *= x[at];
          out[at] = running;
        }
      }
    return;
  }
  case Op::MatVec: {
    double* out = v + p.buffers[ins.out].offset;
    const double* a = v + p.buffers[ins.in[0].slot].offset;
    const double* x = v + p.buffers[ins.in[1].slot].offset;
    const auto m = static_cast<int>(ins.n0), k = static_cast<int>(ins.n1);
    cblas_dgemv(CblasRowMajor, CblasNoTrans, m, k, 1.0, a, k, x, 1, 0.0, out, 1);
    return;
  }
  case Op::Dot: {
    const double* a = v + p.buffers[ins.in[0].slot].offset;
    const double* b = v + p.buffers[ins.in[1].slot].offset;
    v[p.buffers[ins.out].offset] = dot(a, b, ins.n0);
    return;
  }
  case Op::MatMul: {
    double* out = v + p.buffers[ins.out].offset;
    const double* a = v + p.buffers[ins.in[0].slot].offset;
    const double* b = v + p.buffers[ins.in[1].slot].offset;
    const auto m = static_cast<int>(ins.n0), k = static_cast<int>(ins.n1),
               n = static_cast<int>(ins.n2);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, a, k, b, n, 0.0, out, n);
    return;
  }
  case Op::Noise: {
    // The interpreter's sampler on the thread's generator: the same draws, in the same order,
    // as its rsample makes, so a seeded compiled step equals an interpreted one.
    const Slot& o = p.buffers[ins.out];
    double* out = v + o.offset;
    fill_standard_normal(out, o.numel);
    if (p0 != 0 || p1 != 1)
      for (int64_t i = 0; i < o.numel; ++i)
        out[i] = p0 + p1 * out[i];
    return;
  }
  case Op::Subsample: {
    // As the interpreter's plate draws it, from the same generator in the same order.
    thread_local std::vector<int64_t> drawn;
    drawn.resize(ins.n1);
    random_subset(ins.n0, ins.n1, drawn.data());
    std::copy(drawn.begin(), drawn.end(), v + p.buffers[ins.out].offset);
    return;
  }
  }
}

} // namespace

void run_forward(const Program& program, double* values) {
  for (const Instr& ins : program.instrs)
    forward(program, ins, values);
}

} // namespace kiln::infer::compiled
