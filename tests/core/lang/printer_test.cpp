#include <QtTest/QtTest>

#include "core/lang/parser.h"
#include "core/lang/printer.h"
#include "tests/support/lang_files.h"

using namespace kiln::lang;

namespace {

std::string reprint_expression(const std::string& text) {
  Source source("e.py", text);
  DiagnosticSink sink;
  ExprPtr e = parse_expression(source, sink);
  return e ? print(*e) : "<" + format_diagnostics(sink, source) + ">";
}

std::string reprint(const std::string& text, ParseResult* out = nullptr) {
  Source source("t.py", text);
  DiagnosticSink sink;
  ParseResult r = parse(source, sink);
  if (!r.ok)
    return "<" + format_diagnostics(sink, source) + ">";
  std::string printed = print(r.module);
  if (out)
    *out = std::move(r);
  return printed;
}

} // namespace

class PrinterTest : public QObject {
  Q_OBJECT
private slots:
  // print(parse(src)) is a fixed point of print . parse, and reads back as an equal tree.
  void goodProgramsRoundTrip() {
    for (const QString& path : kiln::test::lang_files("good")) {
      ParseResult first;
      std::string printed = reprint(kiln::test::read_file(path), &first);
      QVERIFY2(printed.front() != '<', qPrintable(path + QString::fromStdString(printed)));
      ParseResult second;
      std::string again = reprint(printed, &second);
      QCOMPARE(QString::fromStdString(again), QString::fromStdString(printed));
      QVERIFY2(equal(first.module, second.module), qPrintable(path));
    }
  }

  void parenthesesFollowPrecedence_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("printed");
    auto row = [](const char* source, const char* printed) {
      QTest::newRow(source) << QString(source) << QString(printed);
    };
    row("(a + b) * c", "(a + b) * c");
    row("a + (b * c)", "a + b * c");
    row("(a - b) - c", "a - b - c");
    row("a - (b - c)", "a - (b - c)");
    row("-x ** 2", "-x**2");
    row("(-x) ** 2", "(-x)**2");
    row("a ** (b ** c)", "a ** b**c");
    row("(a ** b) ** c", "(a**b) ** c");
    row("x ** -1", "x**-1");
    row("(a + 1) ** 2", "(a + 1) ** 2");
    row("f(a)**2", "f(a) ** 2");
    row("-(a + b)", "-(a + b)");
    row("not (a and b)", "not (a and b)");
    row("(not a) and b", "not a and b");
    row("(not a) == b", "(not a) == b");
    row("(a < b) < c", "(a < b) < c");
    row("a < b < c", "a < b < c");
    row("a if b else c", "a if b else c");
    row("f(a if b else c, key=lambda x: x + 1)", "f(a if b else c, key=lambda x: x + 1)");
    row("(a if b else c) if d else e", "(a if b else c) if d else e");
    row("a if b else (c if d else e)", "a if b else c if d else e");
    row("(a if b else c) + 1", "(a if b else c) + 1");
    row("(lambda: 1)()", "(lambda: 1)()");
    row("lambda a, *b, c=1, **d: (a, b)", "lambda a, *b, c=1, **d: (a, b)");
    row("lambda *, k: k", "lambda *, k: k");
    row("[x*2 for x in range(10) if x%2==0]", "[x * 2 for x in range(10) if x % 2 == 0]");
    row("{k:v for k,v in d.items()}", "{k: v for k, v in d.items()}");
    row("sum((x for x in y))", "sum(x for x in y)");
    row("f((x for x in y), 1)", "f((x for x in y), 1)");
    row("[x for x in (a if b else c)]", "[x for x in (a if b else c)]");
    row("x[1:2, ..., None, ::-1]", "x[1:2, ..., None, ::-1]");
    row("x[(1, 2)]", "x[1, 2]");
    row("x[(1,)]", "x[1,]");
    row("x[()]", "x[()]");
    row("x[a:b:c]", "x[a:b:c]");
    row("x[:, None]", "x[:, None]");
    row("(a, b)[0]", "(a, b)[0]");
    row("(1).real", "(1).real");
    row("(a + b).sum(-1)", "(a + b).sum(-1)");
    row("a @ (b @ c)", "a @ (b @ c)");
    row("{'a': 1, **d}", "{\"a\": 1, **d}");
    row("1, 2", "(1, 2)");
    row("((1, 2),)", "((1, 2),)");
    row("f(*args, **kwargs)", "f(*args, **kwargs)");
  }

  void parenthesesFollowPrecedence() {
    QFETCH(QString, source);
    QFETCH(QString, printed);
    QCOMPARE(QString::fromStdString(reprint_expression(source.toStdString())), printed);
    // and the printed text parses back to an equal tree
    Source a("a.py", source.toStdString()), b("b.py", printed.toStdString());
    DiagnosticSink sink;
    ExprPtr x = parse_expression(a, sink), y = parse_expression(b, sink);
    QVERIFY(x && y && equal(*x, *y));
  }

  // (Plain literals rather than raw strings here: moc misreads quotes inside raw strings.)
  void stringsAreRequotedConsistently() {
    QCOMPARE(reprint_expression("'plain'"), std::string("\"plain\""));
    QCOMPARE(reprint_expression("'it\\'s'"), std::string("\"it\'s\""));
    QCOMPARE(reprint_expression("\"say \\\"hi\\\"\""), std::string("'say \"hi\"'"));
    QCOMPARE(reprint_expression("'both \\' and \"'"), std::string("\"both \' and \\\"\""));
    QCOMPARE(reprint_expression("'a\\tb\\\\c\\x00'"), std::string("\"a\\tb\\\\c\\x00\""));
    QCOMPARE(reprint_expression("b'\\x00\\xff'"), std::string("b\"\\x00\\xff\""));
    QCOMPARE(reprint_expression("r'\\d+'"), std::string("\"\\\\d+\""));
    QCOMPARE(reprint_expression("'\xCF\x83'"), std::string("\"\xCF\x83\""));
    QCOMPARE(reprint_expression("'\'\'two\nlines\'\''"), std::string("\"\"\"two\nlines\"\"\""));
  }

  void fstringsAndDecoratorsRoundTrip() {
    QCOMPARE(reprint_expression("f'x_{t+1:03d}!{{}}\\n'"),
             std::string("f\"x_{t + 1:03d}!{{}}\\n\""));
    QCOMPARE(reprint_expression(R"(f"{d['k']!r} and {x}" "tail")"),
             std::string(R"(f'{d["k"]!r} and {x}tail')"));
    QCOMPARE(reprint_expression("f'{ {1: 2}[1] }'"), std::string("f\"{ {1: 2}[1]}\""));
    const std::string decorated = "from pyro.infer import config_enumerate\n\n\n"
                                  "@config_enumerate(default=\"sequential\")\n@f\n"
                                  "def model(data):\n    return data\n";
    QCOMPARE(reprint(decorated), decorated);
  }

  void statementsAreLaidOutAsPep8() {
    const char* source = "'''Doc.'''\n"
                         "import torch\n"
                         "from pyro import plate as P\n"
                         "K=2\n"
                         "def f(a,b=1,*,c:int=2,**kw)->int:\n"
                         "  '''f'''\n"
                         "  def g(): return a\n"
                         "  x=y=[1,2]\n"
                         "  x[0]+=1;u:float\n"
                         "  if a:pass\n"
                         "  elif b: return (1,)\n"
                         "  else:\n"
                         "    for i,j in zip(a,b): continue\n"
                         "  while a: break\n"
                         "  with P('p',K) as i, P('q',K): assert i,'m'\n"
                         "  return a,b\n"
                         "f(1)\n";
    const char* expected = "\"Doc.\"\n"
                           "\n"
                           "import torch\n"
                           "from pyro import plate as P\n"
                           "\n"
                           "K = 2\n"
                           "\n"
                           "\n"
                           "def f(a, b=1, *, c: int = 2, **kw) -> int:\n"
                           "    \"f\"\n"
                           "\n"
                           "    def g():\n"
                           "        return a\n"
                           "\n"
                           "    x = y = [1, 2]\n"
                           "    x[0] += 1\n"
                           "    u: float\n"
                           "    if a:\n"
                           "        pass\n"
                           "    elif b:\n"
                           "        return (1,)\n"
                           "    else:\n"
                           "        for i, j in zip(a, b):\n"
                           "            continue\n"
                           "    while a:\n"
                           "        break\n"
                           "    with P(\"p\", K) as i, P(\"q\", K):\n"
                           "        assert i, \"m\"\n"
                           "    return a, b\n"
                           "\n"
                           "\n"
                           "f(1)\n";
    QCOMPARE(QString::fromStdString(reprint(source)), QString(expected));
  }

  void elseIfStaysNested() {
    // else: if ... (not written as elif) is a different tree, and printed as written.
    const char* source = "if a:\n    pass\nelse:\n    if b:\n        pass\n";
    QCOMPARE(QString::fromStdString(reprint(source)), QString(source));
  }
};

QTEST_APPLESS_MAIN(PrinterTest)
#include "printer_test.moc"
