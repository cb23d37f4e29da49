#include <QtTest/QtTest>

#include "core/lang/lexer.h"
#include "core/lang/parser.h"
#include "core/lang/printer.h"
#include "tests/support/lang_files.h"

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
};

QTEST_APPLESS_MAIN(FuzzTest)
#include "fuzz_test.moc"
