// ModelFile: a model file with its data bound becomes a poutine::Model; a file without the
// model, or unreadable data, is an error that says which.

#include <QtTest/QtTest>

#include <cstdio>
#include <fstream>

#include <ATen/ATen.h>

#include "core/io/data_file.h"
#include "core/lang/model_file.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::lang;

namespace {

const char* kModel = R"(import pyro
import pyro.distributions as dist


def helper(x):
    return x


def model(n, y):
    p = pyro.sample("p", dist.Beta(2., 2.))
    with pyro.plate("data", n):
        pyro.sample("y", dist.Bernoulli(p), obs=y)
)";

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = QDir::temp().filePath(QString::fromStdString(name)).toStdString();
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

} // namespace

class ModelFileTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(1); }

  void bindsDataToTheModelAndKeepsTheProgramAlive() {
    const std::string data_path =
        write_temp("kiln_model_file_test.json", R"({"n": 4, "y": [1.0, 0, 1, 1], "extra": 3})");
    poutine::Model model;
    std::vector<std::string> unused;
    {
      DiagnosticSink sink;
      ModelFile file(Source("coin.py", kModel), sink);
      QVERIFY(file.ok());
      model = file.bind(io::load_data(data_path), data_path, "model", &unused);
    }
    QCOMPARE(unused, (std::vector<std::string>{"extra"}));
    poutine::Trace tr = poutine::get_trace(model);
    const double p = tr.at("p").value.item<double>();
    // Beta(2, 2) density 6 p (1 - p), three heads and one tail.
    const double expected = std::log(6 * p * (1 - p)) + 3 * std::log(p) + std::log(1 - p);
    QVERIFY(std::abs(tr.log_prob_sum().item<double>() - expected) < 1e-12);
    std::remove(data_path.c_str());
  }

  // `model = config_enumerate(model)`: data binds by the def's parameters, and the wrapper marks
  // the discrete latent sites for enumeration.
  void modelWrappedByConfigEnumerateBindsAndMarksSites() {
    DiagnosticSink sink;
    ModelFile file(Source("mix.py", R"(import torch
import pyro
import pyro.distributions as dist
from pyro.infer import config_enumerate


def model(data):
    weights = pyro.sample("weights", dist.Dirichlet(torch.ones(2)))
    with pyro.plate("data", len(data)):
        z = pyro.sample("z", dist.Categorical(weights))
        pyro.sample("obs", dist.Normal(z * 1.0, 1.), obs=data)


model = config_enumerate(model)
)"),
                   sink);
    QVERIFY2(file.ok(), format_diagnostics(sink, file.source()).c_str());
    DataMap data{{"data", Value(at::zeros({3}, at::kDouble))}};
    poutine::Trace tr = poutine::get_trace(file.bind(data, "d.json"));
    QCOMPARE(poutine::infer_string(tr.at("z").infer, "enumerate", "none"), std::string("parallel"));
    QCOMPARE(poutine::infer_string(tr.at("weights").infer, "enumerate", "none"),
             std::string("none"));
  }

  void namesWhatIsMissing() {
    DiagnosticSink sink;
    ModelFile file(Source("coin.py", kModel), sink);
    QCOMPARE(QString::fromStdString(error_of([&] { file.function("modle"); })),
             QString("coin.py defines no function 'modle'; it defines helper, model; did you "
                     "mean 'model'?"));
    QCOMPARE(QString::fromStdString(error_of([&] { file.function("dist"); })),
             QString("coin.py: 'dist' is a module, not a function"));
    QCOMPARE(QString::fromStdString(error_of([] { io::load_data("/nonexistent/d.json"); })),
             QString("cannot read data file '/nonexistent/d.json'"));
    QCOMPARE(QString::fromStdString(error_of([] { io::load_data("d.txt"); })),
             QString("data file 'd.txt': unknown format (Kiln reads .json and .csv files)"));
    const std::string bad = write_temp("kiln_model_file_bad.json", "{\"n\": [1, 2");
    QVERIFY(error_of([&] { io::load_data(bad); }).find(bad + ": not valid JSON") == 0);
    std::remove(bad.c_str());
    QVERIFY(error_of([] {
              DiagnosticSink sink;
              ModelFile::open("/nonexistent/m.py", sink);
            }) == "cannot read model file '/nonexistent/m.py'");
  }
};

QTEST_GUILESS_MAIN(ModelFileTest)
#include "model_file_test.moc"
