#pragma once
// The distribution conformance suite: a table per family, and generic tests that loop over it
// (reference log densities, rejected parameters, shapes, gradients, sampling goodness of fit,
// entropy, enumerate_support). A group's test file builds its tables and runs the suite:
//
//   int main(int argc, char** argv) {
//     kiln::test::ConformanceSuite suite({normal_table(), cauchy_table()});
//     return QTest::qExec(&suite, argc, argv);
//   }

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <QObject>

#include "core/dist/registry.h"

namespace kiln::test {

struct LogProbCase {
  dist::DistArgs args;
  at::Tensor value;
  at::Tensor expected; // reference log density, shape of log_prob(value)
  std::string source;  // where `expected` comes from (closed form, SciPy call, R call)
};

struct InvalidCase {
  dist::DistArgs args;
  std::string message; // a substring the error must contain
};

struct FamilyTable {
  std::string family;
  std::vector<LogProbCase> log_prob;
  std::vector<InvalidCase> invalid;
  // Parameters (preferably with a batch dim) for the shape, gradient and sampling tests.
  dist::DistArgs sampling;
  // Arguments that are not differentiable (counts, dims) or not tensors.
  std::set<std::string> no_grad_args;
  // Arguments where NaN need not be tested (dims, non-tensor arguments).
  std::set<std::string> no_nan_args;
  // For univariate continuous families without cdf(): a point x0 and F(x0), from which the
  // goodness-of-fit test integrates the density.
  std::optional<std::pair<double, double>> cdf_anchor;
  // Skip the variance check (heavy tails make its standard error meaningless).
  bool check_variance = true;
  int64_t num_samples = 20000;
};

class ConformanceSuite : public QObject {
  Q_OBJECT
public:
  explicit ConformanceSuite(std::vector<FamilyTable> tables);

private slots:
  void init();
  void logProbMatchesReference_data();
  void logProbMatchesReference();
  void invalidParametersRejected_data();
  void invalidParametersRejected();
  void nanParametersRejected_data();
  void nanParametersRejected();
  void shapesUnderBroadcastExpandToEvent_data();
  void shapesUnderBroadcastExpandToEvent();
  void logProbGradientMatchesFiniteDifferences_data();
  void logProbGradientMatchesFiniteDifferences();
  void rsampleGradientMatchesFiniteDifferences_data();
  void rsampleGradientMatchesFiniteDifferences();
  void samplesMatchMoments_data();
  void samplesMatchMoments();
  void samplesMatchDistribution_data();
  void samplesMatchDistribution();
  void entropyMatchesMonteCarlo_data();
  void entropyMatchesMonteCarlo();
  void enumerateSupportSumsToOne_data();
  void enumerateSupportSumsToOne();

private:
  void addFamilyRows();
  const FamilyTable& table() const;
  std::vector<FamilyTable> tables_;
};

} // namespace kiln::test
