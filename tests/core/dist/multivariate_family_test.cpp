// Conformance of the multivariate families: Dirichlet, Multinomial, DirichletMultinomial,
// MultivariateNormal, LowRankMultivariateNormal, MultivariateStudentT, LKJCholesky,
// GaussianRandomWalk.
#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "tests/support/conformance.h"
#include "tests/support/fixture.h"

using namespace kiln::test;

namespace {

// A float64 tensor of matrices from literal rows: M({{{1, 0}, {0, 1}}, {{2, 0}, {1, 1}}}).
at::Tensor M(std::initializer_list<std::initializer_list<std::initializer_list<double>>> mats) {
  std::vector<at::Tensor> out;
  for (const auto& m : mats)
    out.push_back(T(m));
  return at::stack(out);
}

FamilyTable dirichlet_table() {
  FamilyTable t{"Dirichlet"};
  t.log_prob = {
      {{{"concentration", T({2., 3., 0.5})}},
       T({0.2, 0.7, 0.1}),
       T(1.5208065903195285),
       "scipy.stats.dirichlet.logpdf([0.2, 0.7, 0.1], [2, 3, 0.5]), SciPy 1.10.1"},
      {{{"concentration", T({{1., 1., 1.}, {0.7, 2.5, 4.}})}},
       T({{0.3, 0.3, 0.4}, {0.05, 0.15, 0.8}}),
       T({0.6931471805599453, 2.003147544450446}),
       "scipy.stats.dirichlet.logpdf(x_i, alpha_i) for x = [[0.3, 0.3, 0.4], [0.05, 0.15, "
       "0.8]], alpha = [[1, 1, 1], [0.7, 2.5, 4]], SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"concentration", T({1., -1., 2.})}},
       "Dirichlet: concentration is [1, -1, 2], but must be positive in every entry"},
      {{{"concentration", T({{1., 1.}, {1., 0.}})}}, "Dirichlet: concentration[1] is [1, 0]"},
      {{{"concentration", T(1.)}}, "Dirichlet: concentration must have at least 1 dimension"},
      {{}, "Dirichlet: missing required argument 'concentration'"},
  };
  t.sampling = {{"concentration", T({{0.8, 2., 3.}, {4., 1.5, 0.6}})}};
  return t;
}

FamilyTable multinomial_table() {
  FamilyTable t{"Multinomial"};
  t.log_prob = {
      {{{"total_count", 10}, {"probs", T({0.2, 0.3, 0.5})}},
       T({{2., 3., 5.}, {0., 4., 6.}}),
       T({-2.4645159601402664, -3.627666769945945}),
       "scipy.stats.multinomial.logpmf(x, 10, [0.2, 0.3, 0.5]) for x = [2, 3, 5], [0, 4, 6], "
       "SciPy 1.10.1"},
      {{{"total_count", 7}, {"logits", T({{0., 1., -1.}, {2., 0.5, -3.}})}},
       T({{0., 0., 7.}, {4., 2., 1.}}),
       T({-16.853241751110673, -4.794388185556366}),
       "scipy.stats.multinomial.logpmf(x_i, 7, softmax(logits_i)) for logits = [[0, 1, -1], "
       "[2, 0.5, -3]], x = [[0, 0, 7], [4, 2, 1]], SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"total_count", 3}, {"probs", T({0.2, -0.3, 1.1})}},
       "Multinomial: probs is [0.2, -0.3, 1.1], but must be a simplex"},
      {{{"total_count", 3}, {"probs", T({{0.5, 0.5}, {1.5, -0.5}})}},
       "Multinomial: probs[1] is [1.5, -0.5]"},
      {{{"total_count", -1}, {"probs", T({0.5, 0.5})}},
       "Multinomial: total_count is -1, but must be a nonnegative integer"},
      {{{"total_count", 2.5}, {"probs", T({0.5, 0.5})}},
       "Multinomial: argument 'total_count' must be an integer"},
      {{{"total_count", 3}, {"probs", T({0.5, 0.5})}, {"logits", T({0., 0.})}},
       "Multinomial: exactly one of probs or logits must be given"},
      {{{"total_count", 3}}, "Multinomial: exactly one of probs or logits must be given"},
      {{{"total_count", 3}, {"logits", T({0., std::nan("")})}}, "Multinomial: logits is [0, nan]"},
  };
  t.sampling = {{"total_count", 10}, {"probs", T({{0.2, 0.3, 0.5}, {0.6, 0.1, 0.3}})}};
  t.no_grad_args = {"total_count"};
  t.no_nan_args = {"total_count"};
  return t;
}

FamilyTable dirichlet_multinomial_table() {
  FamilyTable t{"DirichletMultinomial"};
  const std::string formula =
      "closed form with mpmath (40 digits): lgamma(A) + lgamma(n + 1) - lgamma(n + A) + "
      "sum_i [lgamma(x_i + a_i) - lgamma(a_i) - lgamma(x_i + 1)], A = sum a, n = sum x; ";
  t.log_prob = {
      {{{"concentration", T({1.5, 0.5, 2.})}, {"total_count", T(6.)}},
       T({{1., 2., 3.}, {0., 0., 6.}}),
       T({-3.619886582626985, -2.4849066497880004}),
       formula + "a = [1.5, 0.5, 2], x = [1, 2, 3], [0, 0, 6]"},
      {{{"concentration", T({{1., 1.}, {0.3, 4.}})}, {"total_count", T({3., 10.})}},
       T({{1., 2.}, {10., 0.}}),
       T({-1.3862943611198906, -8.769086867010872}),
       formula + "a = [1, 1], x = [1, 2] and a = [0.3, 4], x = [10, 0]"},
  };
  t.invalid = {
      {{{"concentration", T({1., -2.})}, {"total_count", 3}},
       "DirichletMultinomial: concentration is [1, -2], but must be positive in every entry"},
      {{{"concentration", T({1., 2.})}, {"total_count", T({3., 2.5})}},
       "DirichletMultinomial: total_count[1] is 2.5, but must be a nonnegative integer"},
      {{{"concentration", T({1., 2.})}, {"total_count", -1}},
       "DirichletMultinomial: total_count is -1, but must be a nonnegative integer"},
      {{{"concentration", T({{1., 2.}, {1., 1.}})}, {"total_count", T({3., 2., 1.})}},
       "does not broadcast"},
  };
  t.sampling = {{"concentration", T({{0.8, 2., 3.}, {4., 1.5, 0.6}})},
                {"total_count", T({10., 6.})}};
  t.no_grad_args = {"total_count"};
  return t;
}

FamilyTable multivariate_normal_table() {
  FamilyTable t{"MultivariateNormal"};
  const auto cov = T({{2., 0.3, 0.1}, {0.3, 1., -0.2}, {0.1, -0.2, 0.5}});
  t.log_prob = {
      {{{"loc", T({1., -1., 0.5})}, {"covariance_matrix", cov}},
       T({{0., 0., 0.}, {1.5, -2., 1.}}),
       T({-3.660611989437371, -3.405629574431509}),
       "scipy.stats.multivariate_normal.logpdf([[0, 0, 0], [1.5, -2, 1]], [1, -1, 0.5], "
       "[[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 0.5]]), SciPy 1.10.1"},
      {{{"loc", T({{0., 0.}, {1., 2.}})},
        {"precision_matrix", M({{{2., 0.5}, {0.5, 1.}}, {{1., -0.3}, {-0.3, 0.4}}})}},
       T({{0.3, -0.2}, {3., -1.}}),
       T({-1.638069172441634, -8.023468557160816}),
       "scipy.stats.multivariate_normal.logpdf(x_i, loc_i, numpy.linalg.inv(P_i)) for "
       "P = [[2, 0.5], [0.5, 1]], [[1, -0.3], [-0.3, 0.4]], SciPy 1.10.1"},
      {{{"loc", T({0.5, -0.5})}, {"scale_tril", T({{1.2, 0.}, {0.4, 0.8}})}},
       T({2., 1.}),
       T(-3.3595550718890905),
       "scipy.stats.multivariate_normal.logpdf([2, 1], [0.5, -0.5], L @ L.T), "
       "L = [[1.2, 0], [0.4, 0.8]], SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", T({0., 0.})}, {"covariance_matrix", T({{1., 2.}, {2., 1.}})}},
       "MultivariateNormal: covariance_matrix is [[1, 2], [2, 1]], but must be a symmetric "
       "positive definite matrix"},
      {{{"loc", T({0., 0.})}, {"covariance_matrix", T({{1., 0.5}, {0., 1.}})}},
       "MultivariateNormal: covariance_matrix is [[1, 0.5], [0, 1]]"},
      {{{"loc", T({0., 0.})},
        {"precision_matrix", M({{{1., 0.}, {0., 1.}}, {{1., 0.}, {0., -1.}}})}},
       "MultivariateNormal: precision_matrix[1] is [[1, 0], [0, -1]]"},
      {{{"loc", T({0., 0.})}, {"scale_tril", T({{1., 0.}, {0.5, 0.}})}},
       "MultivariateNormal: scale_tril is [[1, 0], [0.5, 0]], but must be lower triangular with "
       "a positive diagonal"},
      {{{"loc", T({0., 0.})}, {"scale_tril", T({{1., 0.2}, {0.5, 1.}})}},
       "MultivariateNormal: scale_tril is [[1, 0.2], [0.5, 1]]"},
      {{{"loc", T({0., std::nan("")})}, {"scale_tril", T({{1., 0.}, {0.5, 1.}})}},
       "MultivariateNormal: loc is [0, nan]"},
      {{{"loc", T({0., 0., 0.})}, {"scale_tril", T({{1., 0.}, {0.5, 1.}})}},
       "MultivariateNormal: loc has shape (3,) but scale_tril has shape (2, 2); their last "
       "dimensions must agree"},
      {{{"loc", T({0., 0.})}, {"scale_tril", T({{1., 0., 0.}, {0.5, 1., 0.}})}},
       "MultivariateNormal: scale_tril has shape (2, 3), but must be square"},
      {{{"loc", T({0., 0.})}, {"scale_tril", T({1., 1.})}},
       "MultivariateNormal: scale_tril must have at least 2 dimensions"},
      {{{"loc", T({0., 0.})}}, "exactly one of covariance_matrix, precision_matrix or scale_tril"},
      {{{"loc", T({0., 0.})},
        {"covariance_matrix", T({{1., 0.}, {0., 1.}})},
        {"scale_tril", T({{1., 0.}, {0., 1.}})}},
       "exactly one of covariance_matrix, precision_matrix or scale_tril"},
      {{{"loc", T({{0., 0.}, {0., 0.}, {0., 0.}})},
        {"scale_tril", M({{{1., 0.}, {0., 1.}}, {{1., 0.}, {0., 1.}}})}},
       "does not broadcast"},
  };
  t.sampling = {{"loc", T({{0., 1.}, {2., -1.}})},
                {"scale_tril", M({{{1., 0.}, {0.5, 0.7}}, {{2., 0.}, {-0.6, 0.4}}})}};
  return t;
}

FamilyTable low_rank_multivariate_normal_table() {
  FamilyTable t{"LowRankMultivariateNormal"};
  t.log_prob = {
      {{{"loc", T({0., 1., -1.})},
        {"cov_factor", T({{1., 0.5}, {0., 0.3}, {-0.4, 1.}})},
        {"cov_diag", T({0.5, 1., 2.})}},
       T({0.5, 0., 0.}),
       T(-4.467249481109005),
       "scipy.stats.multivariate_normal.logpdf([0.5, 0, 0], [0, 1, -1], W @ W.T + "
       "numpy.diag([0.5, 1, 2])), W = [[1, 0.5], [0, 0.3], [-0.4, 1]], SciPy 1.10.1"},
      {{{"loc", T({{0., 0.}, {1., 1.}})},
        {"cov_factor", M({{{1.}, {2.}}, {{0.5}, {-0.5}}})},
        {"cov_diag", T({{1., 1.}, {0.2, 3.}})}},
       T({{1., -1.}, {0., 0.}}),
       T({-3.6504234676900396, -3.5061131847199514}),
       "scipy.stats.multivariate_normal.logpdf(x_i, loc_i, W_i @ W_i.T + numpy.diag(D_i)) for "
       "W = [[1], [2]], [[0.5], [-0.5]], D = [1, 1], [0.2, 3], SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"loc", T({0., 0.})}, {"cov_factor", T({1., 1.}).unsqueeze(-1)}, {"cov_diag", T({1., 0.})}},
       "LowRankMultivariateNormal: cov_diag is [1, 0], but must be positive in every entry"},
      {{{"loc", T({0., 0.})},
        {"cov_factor", T({1., std::nan("")}).unsqueeze(-1)},
        {"cov_diag", T({1., 1.})}},
       "LowRankMultivariateNormal: cov_factor is [[1], [nan]]"},
      {{{"loc", T({0., 0.})},
        {"cov_factor", T({1., 1., 1.}).unsqueeze(-1)},
        {"cov_diag", T({1., 1.})}},
       "LowRankMultivariateNormal: loc has shape (2,) but cov_factor has shape (3, 1)"},
      {{{"loc", T({0., 0.})},
        {"cov_factor", T({1., 1.}).unsqueeze(-1)},
        {"cov_diag", T({1., 1., 1.})}},
       "LowRankMultivariateNormal: loc has shape (2,) but cov_diag has shape (3,); their last "
       "dimensions must agree"},
      {{{"loc", T({0., 0.})}, {"cov_factor", T({1., 1.})}, {"cov_diag", T({1., 1.})}},
       "LowRankMultivariateNormal: cov_factor must have at least 2 dimensions"},
  };
  t.sampling = {{"loc", T({{0., 1., 2.}, {1., 0., -1.}})},
                {"cov_factor", M({{{1.}, {0.5}, {-0.3}}, {{0.2}, {1.}, {0.7}}})},
                {"cov_diag", T({{0.5, 1., 0.8}, {1.2, 0.3, 0.6}})}};
  return t;
}

FamilyTable multivariate_student_t_table() {
  FamilyTable t{"MultivariateStudentT"};
  const auto l3 = T({{1., 0., 0.}, {0.3, 0.9, 0.}, {-0.5, 0.2, 1.5}});
  t.log_prob = {
      {{{"df", 5.}, {"loc", T({1., 2.})}, {"scale_tril", T({{1., 0.}, {0.5, 2.}})}},
       T({{0., 0.}, {3., -1.}}),
       T({-3.482792251162037, -5.875314304565318}),
       "scipy.stats.multivariate_t.logpdf([[0, 0], [3, -1]], [1, 2], shape=L @ L.T, df=5), "
       "L = [[1, 0], [0.5, 2]], SciPy 1.10.1"},
      {{{"df", T({3., 10.5})}, {"loc", T({{0., 0., 0.}, {1., 1., 1.}})}, {"scale_tril", l3}},
       T({{0.5, -1., 2.}, {1., 1., 1.}}),
       T({-5.668417202225466, -2.9897223259248067}),
       "scipy.stats.multivariate_t.logpdf(x_i, loc_i, shape=L @ L.T, df=df_i), df = [3, 10.5], "
       "L = [[1, 0, 0], [0.3, 0.9, 0], [-0.5, 0.2, 1.5]], SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"df", T({1., 0.})}, {"loc", T({0., 0.})}, {"scale_tril", T({{1., 0.}, {0., 1.}})}},
       "MultivariateStudentT: df[1] is 0, but must be positive"},
      {{{"df", 3.}, {"loc", T({0., 0.})}, {"scale_tril", T({{1., 0.}, {0., -1.}})}},
       "MultivariateStudentT: scale_tril is [[1, 0], [0, -1]], but must be lower triangular"},
      {{{"df", 3.}, {"loc", T({0., 0., 0.})}, {"scale_tril", T({{1., 0.}, {0., 1.}})}},
       "MultivariateStudentT: loc has shape (3,) but scale_tril has shape (2, 2)"},
      {{{"df", T({3., 4., 5.})},
        {"loc", T({0., 0.})},
        {"scale_tril", M({{{1., 0.}, {0., 1.}}, {{1., 0.}, {0., 1.}}})}},
       "does not broadcast"},
  };
  t.sampling = {{"df", T({9., 15.})},
                {"loc", T({{0., 1.}, {2., -1.}})},
                {"scale_tril", M({{{1., 0.}, {0.5, 0.7}}, {{2., 0.}, {-0.6, 0.4}}})}};
  return t;
}

FamilyTable lkj_cholesky_table() {
  FamilyTable t{"LKJCholesky"};
  const std::string formula =
      "closed form with mpmath (40 digits): sum_{i>=1} (dim - i - 1 + 2 (eta - 1)) log L_ii "
      "- log c_dim(eta), c_d = 2^(sum_k (2 eta - 2 + d - k)(d - k)) prod_k B(eta + (d - k - 1) "
      "/ 2, eta + (d - k - 1) / 2)^(d - k), k = 1..d-1 (Lewandowski, Kurowicka & Joe 2009); "
      "log c_d checked against scipy.integrate.quad of det(R)^(eta - 1) for d = 2, 3; ";
  t.log_prob = {
      {{{"dim", 2}, {"concentration", 2.}},
       M({{{1., 0.}, {0.3, 0.9539392014169457}}, {{1., 0.}, {-0.9, 0.4358898943540673}}}),
       T({-0.38199275192302223, -1.948413279273432}),
       formula + "L = chol([[1, r], [r, 1]]), r = 0.3, -0.9, eta = 2"},
      {{{"dim", 3}, {"concentration", T({0.5, 3.})}},
       M({{{1., 0., 0.},
           {0.2, 0.9797958971132712, 0.},
           {-0.3, 0.5715476066494083, 0.7637626158259733}},
          {{1., 0., 0.}, {-0.6, 0.8, 0.}, {0.1, 0.1375, 0.9854408911751126}}}),
       T({-2.261525996602947, -1.2020789606019617}),
       formula + "L = numpy.linalg.cholesky(R), R = [[1, 0.2, -0.3], [0.2, 1, 0.5], [-0.3, 0.5, "
                 "1]] with eta = 0.5, [[1, -0.6, 0.1], [-0.6, 1, 0.05], [0.1, 0.05, 1]] with eta "
                 "= 3"},
  };
  t.invalid = {
      {{{"dim", 3}, {"concentration", T({1., -0.5})}},
       "LKJCholesky: concentration[1] is -0.5, but must be positive"},
      {{{"dim", 1}, {"concentration", 1.}}, "LKJCholesky: dim is 1, but must be an integer >= 2"},
      {{{"dim", 2.5}}, "LKJCholesky: argument 'dim' must be an integer"},
      {{{"concentration", 1.}}, "LKJCholesky: missing required argument 'dim'"},
  };
  t.sampling = {{"dim", 3}, {"concentration", T({0.5, 2.})}};
  t.no_grad_args = {"dim"};
  t.no_nan_args = {"dim"};
  return t;
}

FamilyTable gaussian_random_walk_table() {
  FamilyTable t{"GaussianRandomWalk"};
  t.log_prob = {
      {{{"scale", 2.}, {"num_steps", 3}},
       T({0.5, -1., 2.}),
       T(-6.273757141293855),
       "sum(scipy.stats.norm.logpdf(numpy.diff([0, 0.5, -1, 2]), 0, 2)), SciPy 1.10.1"},
      {{{"scale", T({0.5, 1.5})}, {"num_steps", 4}},
       T({{0., 0.2, 0.1, -0.3}, {1., -1., 2., 0.}}),
       T({-1.3231654105789097, -9.297614565251347}),
       "sum(scipy.stats.norm.logpdf(numpy.diff([0] + x_i), 0, scale_i)) for x = [[0, 0.2, 0.1, "
       "-0.3], [1, -1, 2, 0]], scale = [0.5, 1.5], SciPy 1.10.1"},
  };
  t.invalid = {
      {{{"scale", T({1., -2.})}, {"num_steps", 3}},
       "GaussianRandomWalk: scale[1] is -2, but must be positive"},
      {{{"scale", 1.}, {"num_steps", 0}},
       "GaussianRandomWalk: num_steps is 0, but must be a positive integer"},
      {{{"scale", 1.}, {"num_steps", 1.5}},
       "GaussianRandomWalk: argument 'num_steps' must be an integer"},
  };
  t.sampling = {{"scale", T({1., 0.5})}, {"num_steps", 5}};
  t.no_grad_args = {"num_steps"};
  t.no_nan_args = {"num_steps"};
  return t;
}

} // namespace

int main(int argc, char** argv) {
  ConformanceSuite suite({dirichlet_table(), multinomial_table(), dirichlet_multinomial_table(),
                          multivariate_normal_table(), low_rank_multivariate_normal_table(),
                          multivariate_student_t_table(), lkj_cholesky_table(),
                          gaussian_random_walk_table()});
  return QTest::qExec(&suite, argc, argv);
}
