// `kiln logprob` and `kiln prior` as a user runs them: errors that name the site, the potential
// and its gradient on the unconstrained space against finite differences, and prior draws that
// a seed reproduces.
#include <QtTest/QtTest>

#include <cmath>

#include "tests/support/kiln_process.h"

namespace {

const QString kModel = QStringLiteral(KILN_SOURCE_DIR "/examples/eight_schools_noncentered.py");
const QString kData = QStringLiteral(KILN_SOURCE_DIR "/examples/eight_schools.json");

QString numbers(const QList<double>& xs) {
  QStringList items;
  for (double x : xs)
    items << QString::number(x, 'g', 17);
  return "[" + items.join(", ") + "]";
}

QString read_all(const QString& path) {
  QFile f(path);
  f.open(QIODevice::ReadOnly);
  return QString::fromUtf8(f.readAll());
}

} // namespace

class LogprobCliTest : public QObject {
  Q_OBJECT
private:
  QTemporaryDir dir_;

  QString write(const QString& name, const QString& text) {
    const QString path = dir_.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text.toUtf8());
    return path;
  }

  kiln::test::KilnResult logprob(const QString& values, const QStringList& extra = {}) {
    return kiln::test::run_kiln(
        QStringList{"logprob", kModel, "--data", kData, "--values", write("values.json", values)} +
        extra);
  }

  // The potential at an unconstrained point: mu, log tau, theta_raw[0..7].
  double potential(const QList<double>& u) {
    auto r = logprob(QString(R"({"mu": %1, "tau": %2, "theta_raw": %3})")
                         .arg(u[0], 0, 'g', 17)
                         .arg(u[1], 0, 'g', 17)
                         .arg(numbers(u.mid(2))),
                     {"--unconstrained"});
    return QJsonDocument::fromJson(r.out.toUtf8()).object()["potential"].toDouble();
  }

private slots:
  void errorsNameTheSite() {
    const QString raw = R"("theta_raw": [0, 0, 0, 0, 0, 0, 0, 0])";
    struct Bad {
      QString values, message;
    };
    const QList<Bad> bad{
        {"{\"mu\": 1, " + raw + "}", "has no value for the latent site 'tau'"},
        {"{\"mu\": 1, \"tau\": -1, " + raw + "}", "tau is -1, but must be nonnegative"},
        {R"({"mu": 1, "tau": 1, "theta_raw": [0, 0, 0]})",
         "'theta_raw' has shape (3,), but the site's value has shape (8,)"},
        {"{\"mu\": 1, \"tau\": 1, \"thetta\": 0, " + raw + "}",
         "the model has no latent site 'thetta' (they are mu, tau, theta_raw)"},
        {"{\"mu\": 1, \"tau\": 1, \"obs\": 0, " + raw + "}",
         "'obs' is observed; its value comes from the data"},
        {"{\"mu\": 1, \"tau\": 1, \"theta\": 0, " + raw + "}",
         "'theta' is a deterministic site; the model computes it"},
        {R"({"mu": "one"})", "'mu' must be a number or a list of numbers"},
        {R"({"mu": [1, [2]]})", "'mu'"},
        {R"([1, 2])", "the values must be a JSON object"},
        {R"({"mu": )", "not valid JSON"},
    };
    for (const Bad& b : bad) {
      auto r = logprob(b.values);
      QVERIFY2(r.status == 1, qPrintable(b.values + ": " + r.err));
      QVERIFY2(r.err.startsWith("error: ") && r.err.contains(b.message),
               qPrintable(b.values + ": " + r.err));
      QVERIFY(r.out.isEmpty());
    }
    auto u = logprob(R"({"mu": 1, "tau": [1], "theta_raw": [0, 0, 0, 0, 0, 0, 0, 0]})",
                     {"--unconstrained"});
    QCOMPARE(u.status, 1);
    QVERIFY2(u.err.contains("'tau' has shape (1,), but its unconstrained value has shape ()"),
             qPrintable(u.err));
    auto missing = kiln::test::run_kiln({"logprob", kModel, "--data", kData});
    QCOMPARE(missing.status, 2);
    QVERIFY(missing.err.startsWith("kiln logprob: --values FILE is required\n"));
    auto no_file = kiln::test::run_kiln(
        {"logprob", kModel, "--data", kData, "--values", dir_.filePath("none.json")});
    QCOMPARE(no_file.status, 1);
    QVERIFY(no_file.err.contains("cannot read values file"));
  }

  void discreteSitesTakeTheirValues() {
    const QString model = QStringLiteral(KILN_SOURCE_DIR "/examples/change_point.py");
    const QString data = QStringLiteral(KILN_SOURCE_DIR "/examples/coal_mining.json");
    auto out_of_support = kiln::test::run_kiln(
        {"logprob", model, "--data", data, "--values",
         write("cp.json", R"({"switch": 2.5, "early_rate": 3, "late_rate": 1})")});
    QCOMPARE(out_of_support.status, 1);
    QVERIFY2(out_of_support.err.contains("switch is 2.5, but must be an integer in [0, 111]"),
             qPrintable(out_of_support.err));
    // Moving the switch from year 0 to year 1 moves year 0 (4 disasters) from rate 1 to rate 3:
    // the log joint changes by 4 log 3 - (3 - 1) (Poisson log densities).
    auto at = [&](int year) {
      auto r = kiln::test::run_kiln(
          {"logprob", model, "--data", data, "--values",
           write("cp.json",
                 QString(R"({"switch": %1, "early_rate": 3, "late_rate": 1})").arg(year))});
      return QJsonDocument::fromJson(r.out.toUtf8()).object()["log_joint"].toDouble();
    };
    QVERIFY(std::abs(at(1) - at(0) - (4 * std::log(3.0) - 2)) < 1e-10);
  }

  void unconstrainedGradientMatchesFiniteDifferences() {
    const QList<double> u{0.7, 0.4, 0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8};
    auto r = logprob(QString(R"({"mu": 0.7, "tau": 0.4, "theta_raw": %1})").arg(numbers(u.mid(2))),
                     {"--unconstrained"});
    QCOMPARE(r.status, 0);
    const QJsonObject out = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const double u0 = out["potential"].toDouble();
    // potential = -log_joint - log |det J|; tau = exp(u_tau) has log |det J| = u_tau.
    QVERIFY(std::abs(u0 + out["log_joint"].toDouble() + 0.4) < 1e-12);
    QVERIFY(std::abs(u0 - potential(u)) < 1e-12);
    const QJsonObject g = out["gradient"].toObject();
    QList<double> gradient{g["mu"].toDouble(), g["tau"].toDouble()};
    for (const QJsonValue& v : g["theta_raw"].toArray())
      gradient << v.toDouble();
    QCOMPARE(gradient.size(), 10);
    const double h = 1e-5;
    for (int i = 0; i < u.size(); ++i) {
      QList<double> up = u, down = u;
      up[i] += h;
      down[i] -= h;
      const double fd = (potential(up) - potential(down)) / (2 * h);
      QVERIFY2(std::abs(fd - gradient[i]) < 1e-6 * (1 + std::abs(fd)),
               qPrintable(QString("coordinate %1: %2 vs %3").arg(i).arg(fd).arg(gradient[i])));
    }
  }

  void numbersHaveFullPrecision() {
    auto r = logprob(
        R"({"mu": 1, "tau": 2, "theta_raw": [0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8]})");
    QCOMPARE(r.status, 0);
    // -44.07562695274744 by scipy.stats (tests/app/examples_test.cpp), written with 17 digits.
    QVERIFY2(r.out.contains("\"log_joint\": -44.07562695274744"), qPrintable(r.out));
    QVERIFY(r.out.indexOf("\"mu\"") < r.out.indexOf("\"tau\"") &&
            r.out.indexOf("\"tau\"") < r.out.indexOf("\"theta_raw\"") &&
            r.out.indexOf("\"theta_raw\"") < r.out.indexOf("\"obs\""));
  }

  void csvDataBindsLikeJson() {
    // poisson_regression.json's three columns written as CSV give the same log joint.
    const QString dir = QStringLiteral(KILN_SOURCE_DIR "/examples/");
    const QJsonObject json =
        QJsonDocument::fromJson(read_all(dir + "poisson_regression.json").toUtf8()).object();
    const QStringList names{"x", "exposure", "counts"};
    QStringList lines{names.join(',')};
    for (int i = 0; i < json["x"].toArray().size(); ++i) {
      QStringList cells;
      for (const QString& name : names)
        cells << QString::number(json[name].toArray()[i].toDouble(), 'g', 17);
      lines << cells.join(',');
    }
    const QString csv = write("poisson.csv", lines.join('\n') + '\n');
    const QString values = write("poisson_values.json", R"({"intercept": 0.5, "slope": 0.8})");
    const QString model = dir + "poisson_regression.py";
    auto from_json = kiln::test::run_kiln(
        {"logprob", model, "--data", dir + "poisson_regression.json", "--values", values});
    auto from_csv = kiln::test::run_kiln({"logprob", model, "--data", csv, "--values", values});
    QVERIFY2(from_csv.status == 0, qPrintable(from_csv.err));
    QCOMPARE(from_csv.out, from_json.out);
    QVERIFY(from_csv.out.contains("-170.80471007183593"));
  }

  void priorDrawsAreReproducible() {
    const QString out1 = dir_.filePath("prior1"), out2 = dir_.filePath("prior2"),
                  out3 = dir_.filePath("prior3");
    auto a = kiln::test::run_kiln(
        {"prior", kModel, "--data", kData, "--draws", "50", "--seed", "3", "--out", out1});
    QVERIFY2(a.status == 0, qPrintable(a.err));
    auto b = kiln::test::run_kiln(
        {"prior", kModel, "--data", kData, "--draws", "50", "--seed", "3", "--out", out2});
    auto c = kiln::test::run_kiln(
        {"prior", kModel, "--data", kData, "--draws", "50", "--seed", "4", "--out", out3});
    const QString csv = read_all(out1 + "/prior.csv");
    QCOMPARE(read_all(out2 + "/prior.csv"), csv);
    QVERIFY(read_all(out3 + "/prior.csv") != csv);
    const QStringList lines = csv.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 51);
    QStringList header{"mu", "tau"};
    for (const char* site : {"theta_raw", "theta", "obs"})
      for (int j = 1; j <= 8; ++j)
        header << QString("%1.%2").arg(site).arg(j);
    QCOMPARE(lines[0], header.join(','));
    // theta = mu + tau * theta_raw in every row, and the observations are drawn (not y).
    for (int i = 1; i < lines.size(); ++i) {
      const QStringList cells = lines[i].split(',');
      QCOMPARE(cells.size(), header.size());
      const double mu = cells[0].toDouble(), tau = cells[1].toDouble();
      QVERIFY(tau > 0);
      for (int j = 0; j < 8; ++j)
        QVERIFY(std::abs(cells[10 + j].toDouble() - (mu + tau * cells[2 + j].toDouble())) <
                1e-12 * (1 + std::abs(mu) + tau * 10));
      QVERIFY(cells[18] != "28");
    }
  }

  void priorNamesMatricesColumnMajor() {
    const QString model = write("matrix.py", R"(import torch
import pyro
import pyro.distributions as dist


def model():
    x = pyro.sample("x", dist.Normal(torch.zeros(2, 3), 1.).to_event(2))
    pyro.deterministic("first_row", x[0])
)");
    const QString out = dir_.filePath("matrix");
    auto r = kiln::test::run_kiln({"prior", model, "--draws", "2", "--out", out});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QStringList lines = read_all(out + "/prior.csv").split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines[0], QString("x.1.1,x.2.1,x.1.2,x.2.2,x.1.3,x.2.3,first_row.1,first_row.2,"
                               "first_row.3"));
    const QStringList cells = lines[1].split(',');
    // x[0, j] is both x.1.(j+1) and first_row.(j+1).
    QCOMPARE(cells[0], cells[6]);
    QCOMPARE(cells[2], cells[7]);
    QCOMPARE(cells[4], cells[8]);
  }

  void priorErrors() {
    auto no_out = kiln::test::run_kiln({"prior", kModel, "--data", kData});
    QCOMPARE(no_out.status, 2);
    QVERIFY(no_out.err.startsWith("kiln prior: --out DIR is required\n"));
    auto bad_draws =
        kiln::test::run_kiln({"prior", kModel, "--data", kData, "--draws", "0", "--out", "x"});
    QCOMPARE(bad_draws.status, 2);
    // A site whose shape changes between draws cannot be a column.
    const QString model = write("dynamic.py", R"(import torch
import pyro
import pyro.distributions as dist


def model():
    n = pyro.sample("n", dist.Categorical(torch.ones(3) / 3))
    pyro.sample("x", dist.Normal(torch.zeros(int(n) + 1), 1.).to_event(1))
)");
    const QString out = dir_.filePath("dynamic");
    auto r = kiln::test::run_kiln({"prior", model, "--draws", "100", "--out", out});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains("site 'x' has shape"), qPrintable(r.err));
    QVERIFY(!QFile::exists(out + "/prior.csv"));
  }
};

QTEST_GUILESS_MAIN(LogprobCliTest)
#include "logprob_cli_test.moc"
