// `kiln run --algo svi` as a user runs it: the coin's conjugate posterior from AutoNormal, every
// ELBO and guide on a model that suits it, --guide-file, the files --out writes, --json's
// fields, usage errors, a model that needs TraceEnum_ELBO, a nan loss, and the stored run read
// back by `kiln runs show` and `kiln export`.
#include <QtTest/QtTest>

#include <cmath>

#include "tests/support/kiln_process.h"

namespace {

const QString kCoin = QStringLiteral(KILN_SOURCE_DIR "/examples/coin_flip.py");
const QString kCoinData = QStringLiteral(KILN_SOURCE_DIR "/examples/coin_flip.json");
const QString kGmm = QStringLiteral(KILN_SOURCE_DIR "/examples/gmm_svi.py");
const QString kGmmData = QStringLiteral(KILN_SOURCE_DIR "/examples/gmm.json");
const QString kHmm = QStringLiteral(KILN_SOURCE_DIR "/examples/hmm_svi.py");
const QString kHmmData = QStringLiteral(KILN_SOURCE_DIR "/examples/hmm.json");

QStringList lines_of(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly))
    return {};
  QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
  if (!lines.isEmpty() && lines.back().isEmpty())
    lines.pop_back();
  return lines;
}

QStringList coin(const QStringList& extra) {
  return QStringList{"run", kCoin, "--data", kCoinData, "--algo", "svi", "--seed", "3"} + extra;
}

QJsonObject json_of(const QString& text) {
  return QJsonDocument::fromJson(text.toUtf8()).object();
}

double summary_mean(const QJsonObject& report, const QString& name) {
  for (const auto& row : report["summary"].toArray())
    if (row.toObject()["name"].toString() == name)
      return row.toObject()["mean"].toDouble();
  return std::nan("");
}

} // namespace

class RunSviCliTest : public QObject {
  Q_OBJECT

private slots:
  void coinPosteriorAndFiles() {
    const QString out = dir_.filePath("coin");
    const auto r = kiln::test::run_kiln(coin(
        {"--steps", "2000", "--lr", "0.02", "--posterior-draws", "2000", "--out", out, "--json"}));
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QJsonObject report = json_of(r.out);
    for (const char* key : {"wall_s", "steps_per_s", "final_loss", "summary", "run"})
      QVERIFY2(report.contains(key), key);
    QVERIFY(report["steps_per_s"].toDouble() > 0);
    // Beta(10, 10) prior, 6 heads in 10: Beta(16, 14), mean 16 / 30 = 0.5333 (sd 0.0896).
    // AutoNormal's logit-normal is near it; MC error of 2000 draws is 0.002.
    const double mean = summary_mean(report, "latent_fairness");
    QVERIFY2(std::abs(mean - 16.0 / 30.0) < 0.02, qPrintable(QString::number(mean)));

    const QStringList elbo = lines_of(out + "/elbo.csv");
    QCOMPARE(elbo.size(), 2001);
    QCOMPARE(elbo[0], QStringLiteral("step,loss"));
    QVERIFY(elbo[2000].startsWith("2000,"));
    // The final loss is the mean of the last 100 steps of elbo.csv.
    double sum = 0;
    for (int i = 1901; i <= 2000; ++i)
      sum += elbo[i].section(',', 1).toDouble();
    QVERIFY(std::abs(sum / 100 - report["final_loss"].toDouble()) < 1e-9);

    QFile params(out + "/guide_params.json");
    QVERIFY(params.open(QIODevice::ReadOnly));
    const QJsonObject store = QJsonDocument::fromJson(params.readAll()).object();
    QStringList names;
    for (const auto& p : store["params"].toArray())
      names << p.toObject()["name"].toString();
    names.sort();
    QCOMPARE(names,
             (QStringList{"AutoNormal.locs.latent_fairness", "AutoNormal.scales.latent_fairness"}));

    const QStringList draws = lines_of(out + "/draws.csv");
    QCOMPARE(draws.size(), 2001);
    QCOMPARE(draws[0], QStringLiteral("latent_fairness"));
    double draws_mean = 0;
    for (int i = 1; i <= 2000; ++i)
      draws_mean += draws[i].toDouble() / 2000;
    QVERIFY(std::abs(draws_mean - mean) < 1e-9);
    QVERIFY(lines_of(out + "/summary.csv").join('\n').contains("latent_fairness"));
  }

  void everyElboAndGuide() {
    for (const QString elbo : {"Trace_ELBO", "TraceMeanField_ELBO", "TraceGraph_ELBO"}) {
      const auto r = kiln::test::run_kiln(coin({"--elbo", elbo, "--steps", "300", "--lr", "0.05",
                                                "--posterior-draws", "500", "--json"}));
      QVERIFY2(r.status == 0, qPrintable(elbo + ": " + r.err));
      const double mean = summary_mean(json_of(r.out), "latent_fairness");
      QVERIFY2(std::abs(mean - 16.0 / 30.0) < 0.06, qPrintable(elbo));
    }
    for (const QString guide :
         {"AutoNormal", "AutoDelta", "AutoDiagonalNormal", "AutoMultivariateNormal",
          "AutoLowRankMultivariateNormal", "AutoLaplaceApproximation"}) {
      const auto r = kiln::test::run_kiln(coin({"--guide", guide, "--steps", "300", "--lr", "0.05",
                                                "--posterior-draws", "500", "--json"}));
      QVERIFY2(r.status == 0, qPrintable(guide + ": " + r.err));
      // The mode of Beta(16, 14) is 15 / 28 = 0.536; every guide lands near the mean or mode.
      const double mean = summary_mean(json_of(r.out), "latent_fairness");
      QVERIFY2(std::abs(mean - 16.0 / 30.0) < 0.06, qPrintable(guide));
    }
    // TraceEnum_ELBO: the mixture's assignments summed out, AutoDelta on the globals.
    const auto gmm = kiln::test::run_kiln({"run", kGmm, "--data", kGmmData, "--algo", "svi",
                                           "--guide", "AutoDelta", "--elbo", "TraceEnum_ELBO",
                                           "--steps", "20", "--posterior-draws", "10", "--json"});
    QVERIFY2(gmm.status == 0, qPrintable(gmm.err));
    QVERIFY(!std::isnan(summary_mean(json_of(gmm.out), "locs[0]")));
    // AutoDiscreteParallel: a model whose only latent site is discrete.
    const QString model = dir_.filePath("switch.py");
    QFile f(model);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("import torch\nimport pyro\nimport pyro.distributions as dist\n\n\n"
            "def model(x):\n"
            "    z = pyro.sample(\"z\", dist.Bernoulli(0.3))\n"
            "    pyro.sample(\"x\", dist.Normal(2.0 * z, 1.0), obs=x)\n");
    f.close();
    QFile d(dir_.filePath("switch.json"));
    QVERIFY(d.open(QIODevice::WriteOnly));
    d.write("{\"x\": 1.5}");
    d.close();
    const auto discrete = kiln::test::run_kiln(
        {"run", model, "--data", dir_.filePath("switch.json"), "--algo", "svi", "--guide",
         "AutoDiscreteParallel", "--elbo", "TraceEnum_ELBO", "--steps", "600", "--lr", "0.05",
         "--posterior-draws", "4000", "--json"});
    QVERIFY2(discrete.status == 0, qPrintable(discrete.err));
    // p(z=1 | x=1.5) = 0.3 e^-0.125 / (0.3 e^-0.125 + 0.7 e^-1.125) = 0.5381; MC error 0.008.
    const double p = summary_mean(json_of(discrete.out), "z");
    QVERIFY2(std::abs(p - 0.5381) < 0.04, qPrintable(QString::number(p)));
  }

  // --init-values starts the autoguide there: AutoDelta after one tiny step is still at it.
  void initValues() {
    const QString values = dir_.filePath("init.json");
    QFile f(values);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"latent_fairness": 0.9})");
    f.close();
    const auto r =
        kiln::test::run_kiln(coin({"--guide", "AutoDelta", "--steps", "1", "--lr", "1e-9",
                                   "--posterior-draws", "10", "--init-values", values, "--json"}));
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const double mean = summary_mean(json_of(r.out), "latent_fairness");
    QVERIFY2(std::abs(mean - 0.9) < 1e-6, qPrintable(QString::number(mean)));

    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"fairness": 0.9})");
    f.close();
    const auto typo = kiln::test::run_kiln(coin({"--steps", "1", "--init-values", values}));
    QVERIFY(typo.status != 0);
    QVERIFY2(typo.err.contains("'fairness', which is not a latent site"), qPrintable(typo.err));
  }

  void guideFile() {
    const QString guide = dir_.filePath("beta_guide.py");
    QFile f(guide);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("import torch\nimport pyro\nimport pyro.distributions as dist\n"
            "from pyro.distributions import constraints\n\n\n"
            "def guide(data):\n"
            "    a = pyro.param(\"alpha_q\", torch.tensor(15.0), constraint=constraints.positive)\n"
            "    b = pyro.param(\"beta_q\", torch.tensor(15.0), constraint=constraints.positive)\n"
            "    pyro.sample(\"latent_fairness\", dist.Beta(a, b))\n");
    f.close();
    const QString out = dir_.filePath("beta");
    const auto r =
        kiln::test::run_kiln(coin({"--guide-file", guide, "--steps", "1500", "--lr", "0.02",
                                   "--posterior-draws", "2000", "--out", out, "--json"}));
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const double mean = summary_mean(json_of(r.out), "latent_fairness");
    QVERIFY2(std::abs(mean - 16.0 / 30.0) < 0.04, qPrintable(QString::number(mean)));
    QVERIFY(lines_of(out + "/guide_params.json").join('\n').contains("alpha_q"));
    // A guide of an enumerated model: hmm_svi.py's empty guide, its params in the model.
    const auto hmm =
        kiln::test::run_kiln({"run", kHmm, "--data", kHmmData, "--algo", "svi", "--guide-file",
                              kHmm, "--elbo", "TraceEnum_ELBO", "--steps", "30", "--json"});
    QVERIFY2(hmm.status == 0, qPrintable(hmm.err));
    QVERIFY(json_of(hmm.out)["summary"].toArray().isEmpty());
  }

  void compiledTierAndNoCompile() {
    // The coin compiles (Trace_ELBO, one particle, adam); --no-compile runs the interpreter;
    // both fit the conjugate posterior mean 16/30 within the jitter of Adam's iterates.
    for (const bool compiled : {true, false}) {
      QStringList args{"--steps", "1500", "--lr", "0.02", "--posterior-draws", "2000", "--json"};
      if (!compiled)
        args << "--no-compile";
      const auto r = kiln::test::run_kiln(coin(args));
      QVERIFY2(r.status == 0, qPrintable(r.err));
      const QJsonObject report = json_of(r.out);
      QCOMPARE(report["gradient"].toString(), QString(compiled ? "compiled" : "interpreted"));
      QVERIFY2(r.err.contains(compiled ? "gradient: compiled"
                                       : "gradient: interpreted (compilation turned off)"),
               qPrintable(r.err));
      const double mean = summary_mean(report, "latent_fairness");
      QVERIFY2(std::abs(mean - 16.0 / 30.0) < 0.04, qPrintable(QString::number(mean)));
    }
    // TraceEnum_ELBO compiles too: the GMM's assignments are summed out by recorded ops.
    const QStringList gmm{"run",     kGmm,        "--data",  kGmmData,
                          "--algo",  "svi",       "--elbo",  "TraceEnum_ELBO",
                          "--guide", "AutoDelta", "--steps", "5"};
    const auto enumerated = kiln::test::run_kiln(gmm);
    QVERIFY2(enumerated.status == 0, qPrintable(enumerated.err));
    QVERIFY2(enumerated.err.contains("gradient: compiled"), qPrintable(enumerated.err));
    // A run that cannot be compiled says why and runs anyway.
    const auto two = kiln::test::run_kiln(gmm + QStringList{"--particles", "2"});
    QVERIFY2(two.status == 0, qPrintable(two.err));
    QVERIFY2(two.err.contains("gradient: interpreted (the compiled tier runs Trace_ELBO and "
                              "TraceEnum_ELBO with one particle)"),
             qPrintable(two.err));
  }

  void batchSize() {
    // 200 points x_i = 1.5 + sin(i); the model subsamples 10 a step and --batch-size makes it
    // 50. Exact posterior of mu (prior Normal(0, 2), unit noise): mean sum(x) / (200.25).
    const QString model = dir_.filePath("minibatch.py");
    QFile m(model);
    QVERIFY(m.open(QIODevice::WriteOnly));
    m.write("import torch\nimport pyro\nimport pyro.distributions as dist\n\n\n"
            "def model(x):\n"
            "    mu = pyro.sample(\"mu\", dist.Normal(0.0, 2.0))\n"
            "    with pyro.plate(\"data\", len(x), subsample_size=10) as ind:\n"
            "        pyro.sample(\"obs\", dist.Normal(mu, 1.0), obs=x[ind])\n");
    m.close();
    const QString data = dir_.filePath("minibatch.json");
    QFile d(data);
    QVERIFY(d.open(QIODevice::WriteOnly));
    QStringList xs;
    double sum = 0.0;
    for (int i = 0; i < 200; ++i) {
      const double x = 1.5 + std::sin(static_cast<double>(i));
      sum += x;
      xs << QString::number(x, 'g', 17);
    }
    d.write(("{\"x\": [" + xs.join(", ") + "]}").toUtf8());
    d.close();
    const auto r =
        kiln::test::run_kiln({"run", model, "--data", data, "--algo", "svi", "--seed", "2",
                              "--steps", "1500", "--lr", "0.02", "--batch-size", "50", "--json"});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const double mean = summary_mean(json_of(r.out), "mu");
    // The batch means' noise (sd 0.1 for 50 unit-noise points) damped by Adam: 0.05 is about
    // two of its observed spreads.
    QVERIFY2(std::abs(mean - sum / 200.25) < 0.05, qPrintable(QString::number(mean)));
    // A model without a subsampling plate: the batch size is an error that says what to write.
    const auto none = kiln::test::run_kiln(coin({"--batch-size", "5", "--steps", "5"}));
    QCOMPARE(none.status, 1);
    QVERIFY2(none.err.contains("subsample_size"), qPrintable(none.err));
  }

  void errors() {
    const QList<QStringList> usage = {
        coin({"--chains", "2"}),
        coin({"--warmup", "10"}),
        coin({"--guide", "AutoWrong"}),
        coin({"--elbo", "Renyi"}),
        coin({"--optim", "rmsprop"}),
        coin({"--lr", "0"}),
        coin({"--steps", "0"}),
        coin({"--guide", "AutoNormal", "--guide-file", kCoin}),
        {"run", kCoin, "--data", kCoinData, "--guide", "AutoNormal"},
        {"run", kCoin, "--data", kCoinData, "--algo", "hmc", "--steps", "10"}};
    for (const auto& args : usage) {
      const auto r = kiln::test::run_kiln(args);
      QVERIFY2(r.status == 2, qPrintable(args.join(' ') + "\n" + r.err));
    }
    // The mixture marks its assignments for enumeration: Trace_ELBO cannot fit it.
    const auto gmm =
        kiln::test::run_kiln({"run", kGmm, "--data", kGmmData, "--algo", "svi", "--steps", "5"});
    QCOMPARE(gmm.status, 1);
    QVERIFY2(gmm.err.contains("TraceEnum_ELBO"), qPrintable(gmm.err));
    // x = 1e200 has a log density that overflows to -inf: exit 1 naming the step and site.
    const QString model = dir_.filePath("overflow.py");
    QFile f(model);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("import torch\nimport pyro\nimport pyro.distributions as dist\n\n\n"
            "def model(x):\n"
            "    mu = pyro.sample(\"mu\", dist.Normal(0.0, 2.0))\n"
            "    pyro.sample(\"x\", dist.Normal(mu, 1.0), obs=x)\n");
    f.close();
    QFile d(dir_.filePath("overflow.json"));
    QVERIFY(d.open(QIODevice::WriteOnly));
    d.write("{\"x\": 1e200}");
    d.close();
    const auto nan = kiln::test::run_kiln(
        {"run", model, "--data", dir_.filePath("overflow.json"), "--algo", "svi", "--steps", "5"});
    QCOMPARE(nan.status, 1);
    QVERIFY2(nan.err.contains("step 1") && nan.err.contains("'x'"), qPrintable(nan.err));
  }

  void storedRunShownAndExported() {
    const QString project = dir_.filePath("svi.kiln");
    const auto r = kiln::test::run_kiln(
        coin({"--steps", "200", "--posterior-draws", "300", "--project", project}));
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("run 1 stored in " + project), qPrintable(r.out));

    const auto show = kiln::test::run_kiln({"runs", "show", "1", "--project", project});
    QVERIFY2(show.status == 0, qPrintable(show.err));
    QVERIFY2(show.out.contains("completed"), qPrintable(show.out));
    QVERIFY2(show.out.contains("svi, AutoNormal, Trace_ELBO, adam, 200 steps"),
             qPrintable(show.out));
    QVERIFY2(show.out.contains("loss (200 steps"), qPrintable(show.out));
    QVERIFY2(show.out.contains("latent_fairness"), qPrintable(show.out));

    const QString out = dir_.filePath("export");
    const auto summary = kiln::test::run_kiln(
        {"export", "1", "--format", "summary-csv", "--out", out, "--project", project});
    QVERIFY2(summary.status == 0, qPrintable(summary.err));
    QVERIFY(lines_of(out + "/summary.csv").join('\n').contains("latent_fairness"));
    const auto json = kiln::test::run_kiln(
        {"export", "1", "--format", "json", "--out", out, "--project", project});
    QVERIFY2(json.status == 0, qPrintable(json.err));
    QFile posterior(out + "/posterior.json");
    QVERIFY(posterior.open(QIODevice::ReadOnly));
    QVERIFY(posterior.readAll().contains("latent_fairness"));
  }

private:
  QTemporaryDir dir_;
};

QTEST_MAIN(RunSviCliTest)
#include "run_svi_cli_test.moc"
