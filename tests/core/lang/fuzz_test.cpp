#include <QtTest/QtTest>

#include "core/lang/checker.h"
#include "core/lang/lexer.h"
#include "core/lang/model_file.h"
#include "core/lang/parser.h"
#include "core/lang/printer.h"
#include "core/lang/trial_run.h"
#include "core/util/error.h"
#include "tests/support/lang_files.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <random>

using namespace kiln::lang;

namespace {

// Mutations of a program, each the kind of damage an editor session leaves behind.
class Mutator {
public:
  explicit Mutator(uint32_t seed) : rng_(seed) {}

  std::string mutate(const std::string& text) {
    switch (pick(6)) {
    case 0:
      return delete_token(text);
    case 1:
      return swap_tokens(text);
    case 2:
      return text.substr(0, pick(text.size() + 1)); // truncation
    case 3:
      return random_bytes(text);
    case 4:
      return duplicate_token(text);
    default:
      return reindent(text);
    }
  }

private:
  size_t pick(size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  std::vector<Span> token_spans(const std::string& text) {
    Source source("m.py", text);
    DiagnosticSink ignored;
    std::vector<Span> spans;
    for (const Token& t : tokenize(source, ignored))
      if (t.span.end > t.span.begin && t.span.end <= text.size())
        spans.push_back(t.span);
    return spans;
  }

  std::string delete_token(const std::string& text) {
    auto spans = token_spans(text);
    if (spans.empty())
      return text;
    Span s = spans[pick(spans.size())];
    return text.substr(0, s.begin) + text.substr(s.end);
  }

  std::string duplicate_token(const std::string& text) {
    auto spans = token_spans(text);
    if (spans.empty())
      return text;
    Span s = spans[pick(spans.size())];
    return text.substr(0, s.end) + " " + text.substr(s.begin);
  }

  std::string swap_tokens(const std::string& text) {
    auto spans = token_spans(text);
    if (spans.size() < 2)
      return text;
    size_t i = pick(spans.size() - 1);
    size_t j = pick(3) == 0 ? pick(spans.size()) : i + 1; // mostly neighbours
    if (i > j)
      std::swap(i, j);
    if (i == j || spans[i].end > spans[j].begin)
      return text;
    const Span &a = spans[i], &b = spans[j];
    return text.substr(0, a.begin) + text.substr(b.begin, b.end - b.begin) +
           text.substr(a.end, b.begin - a.end) + text.substr(a.begin, a.end - a.begin) +
           text.substr(b.end);
  }

  std::string random_bytes(std::string text) {
    static const char interesting[] = "()[]{}:'\"\\\n\t #@=.,*-+~!$?`\x00\xff\xe2\x80\x93";
    size_t count = 1 + pick(4);
    for (size_t k = 0; k < count; ++k) {
      char c = pick(2) ? interesting[pick(sizeof interesting - 1)] : static_cast<char>(pick(256));
      size_t at = pick(text.size() + 1);
      if (pick(2) && at < text.size())
        text[at] = c;
      else
        text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
    }
    return text;
  }

  std::string reindent(const std::string& text) {
    std::vector<size_t> starts{0};
    for (size_t i = 0; i + 1 < text.size(); ++i)
      if (text[i] == '\n')
        starts.push_back(i + 1);
    size_t at = starts[pick(starts.size())];
    switch (pick(3)) {
    case 0:
      return text.substr(0, at) + std::string(1 + pick(5), ' ') + text.substr(at);
    case 1:
      return text.substr(0, at) + "\t" + text.substr(at);
    default: {
      size_t n = 0;
      while (at + n < text.size() && text[at + n] == ' ' && n < 4)
        ++n;
      return text.substr(0, at) + text.substr(at + n);
    }
    }
  }

  std::mt19937 rng_;
};

// Small data for the model of each good program, by file name: enough for a traced run.
const std::map<std::string, const char*> kData = {
    {"coin_flip.py", R"({"data": [1.0, 0.0, 1.0]})"},
    {"eight_schools.py", R"({"J": 3, "y": [28.0, 8.0, -3.0], "sigma": [15.0, 10.0, 16.0]})"},
    {"gmm.py", R"({"data": [-1.0, 0.5, 2.0, 3.0]})"},
    {"hierarchical_logistic.py",
     R"({"x": [[1.0, 0.5], [0.0, -1.0], [2.0, 1.0], [-0.5, 0.0]], "groups": [0, 1, 0, 1],
         "num_groups": 2, "y": [1.0, 0.0, 1.0, 0.0]})"},
    {"hmm.py", R"({"sequences": [[[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]], [[1.0, 1.0, 0.0],
                  [0.0, 1.0, 0.0]]], "lengths": [2, 1]})"},
    {"linear_regression.py",
     R"({"x": [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "y": [1.0, 2.0, 3.0]})"},
    {"vae.py", R"({"x": 28})"}, // replaced by two blank 28 x 28 images
};

enum class Outcome { not_loaded, failed, ran };

// Loads a (mutated) program as the command line does, checker included, and when it loads,
// runs its model once under a trace with low limits: any outcome but a crash or a hang is fine.
Outcome load_and_run(const std::string& text, const kiln::lang::DataMap& data) {
  using namespace kiln::lang;
  Limits limits;
  limits.max_call_depth = 20;
  limits.max_steps = 20000;
  DiagnosticSink sink;
  ModelFile file(Source("fuzz.py", text), sink, limits);
  for (const Diagnostic& d : sink.items())
    if (d.span.end > text.size() || format_diagnostic(d, file.source()).empty())
      qFatal("a diagnostic points outside the file");
  if (!file.ok())
    return Outcome::not_loaded;
  try {
    return trial_run(file.source(), file.bind(data, "data.json")) ? Outcome::failed : Outcome::ran;
  } catch (const kiln::Error&) {
    return Outcome::failed; // no model function, or data it cannot take
  }
}

} // namespace

class FuzzTest : public QObject {
  Q_OBJECT
private slots:
  // Thousands of damaged models through lexer, parser, diagnostics and printer: nothing may
  // crash or hang, every diagnostic must point into the file, and whatever still parses must
  // print to a fixed point that reads back as the same tree.
  void mutatedModelsNeverCrash() {
    std::vector<std::string> programs;
    for (const QString& path : kiln::test::lang_files("good"))
      programs.push_back(kiln::test::read_file(path));
    QVERIFY(!programs.empty());

    Mutator mutator(20261123);
    QElapsedTimer timer;
    timer.start();
    int parsed_ok = 0;
    const int rounds = 6000;
    for (int round = 0; round < rounds; ++round) {
      std::string text = programs[round % programs.size()];
      for (int k = 0, n = 1 + round % 3; k < n; ++k) // up to three mutations stacked
        text = mutator.mutate(text);

      Source source("fuzz.py", text);
      DiagnosticSink sink;
      ParseResult result = parse(source, sink);
      QCOMPARE(result.ok, !sink.has_errors());
      for (const Diagnostic& d : sink.items()) {
        QVERIFY(d.span.begin <= d.span.end && d.span.end <= text.size());
        QVERIFY(!format_diagnostic(d, source).empty());
      }
      std::string printed = print(result.module); // partial trees print too
      // The checker takes partial trees too (the editor checks as the user types).
      DiagnosticSink checked;
      check_module(result.module, source, checked);
      for (const Diagnostic& d : checked.items())
        QVERIFY(d.span.begin <= d.span.end && d.span.end <= text.size());
      if (!result.ok)
        continue;
      ++parsed_ok;
      Source again("again.py", printed);
      DiagnosticSink sink2;
      ParseResult reparsed = parse(again, sink2);
      if (!reparsed.ok || !equal(result.module, reparsed.module) ||
          print(reparsed.module) != printed) {
        QFAIL(qPrintable(QString("round trip failed for:\n%1\nprinted:\n%2\n%3")
                             .arg(QString::fromStdString(text), QString::fromStdString(printed),
                                  QString::fromStdString(format_diagnostics(sink2, again)))));
      }
    }
    qInfo("%d mutated programs, %d still valid, %lld ms", rounds, parsed_ok,
          static_cast<long long>(timer.elapsed()));
    QVERIFY(parsed_ok > 0);
  }

  // Damaged models loaded as `kiln check --data` loads them (checker, module body, binding) and
  // run once under a trace with low limits: no crash, no hang, whatever the damage.
  void mutatedModelsLoadAndRunWithoutCrashing() {
    struct Program {
      std::string text;
      kiln::lang::DataMap data;
    };
    std::vector<Program> programs;
    for (const QString& path : kiln::test::lang_files("good")) {
      const std::string name = QFileInfo(path).fileName().toStdString();
      QVERIFY2(kData.count(name), name.c_str());
      auto data = kiln::lang::values_from_json(nlohmann::json::parse(kData.at(name)), "data.json");
      if (name == "vae.py")
        data["x"] = at::zeros({2, 28 * 28}, at::kDouble);
      programs.push_back({kiln::test::read_file(path), data});
    }
    // The undamaged programs load, and their models run.
    int undamaged = 0;
    for (const Program& p : programs) {
      Outcome outcome = load_and_run(p.text, p.data);
      QVERIFY(outcome != Outcome::not_loaded);
      undamaged += outcome == Outcome::ran;
    }
    QCOMPARE(undamaged, static_cast<int>(programs.size()));

    Mutator mutator(20261124);
    QElapsedTimer timer;
    timer.start();
    int ran = 0;
    const int rounds = 6000;
    for (int round = 0; round < rounds; ++round) {
      const Program& p = programs[round % programs.size()];
      const std::string text = mutator.mutate(p.text); // one mutation: most still parse
      ran += load_and_run(text, p.data) == Outcome::ran;
    }
    qInfo("%d mutated programs loaded, %d models ran to the end, %lld ms", rounds, ran,
          static_cast<long long>(timer.elapsed()));
    QVERIFY(ran > 0);
  }
};

QTEST_APPLESS_MAIN(FuzzTest)
#include "fuzz_test.moc"
