#include <QtTest/QtTest>

#include "core/lang/parser.h"
#include "tests/support/golden.h"
#include "tests/support/lang_files.h"

#include <set>

using namespace kiln::lang;

namespace {

// Parses with the file's base name in diagnostics, so expected output does not depend on where
// the tree is checked out.
std::string diagnostics_of(const QString& path, ParseResult* result = nullptr) {
  Source source(QFileInfo(path).fileName().toStdString(), kiln::test::read_file(path));
  DiagnosticSink sink;
  ParseResult parsed = parse(source, sink);
  if (result)
    *result = std::move(parsed);
  return format_diagnostics(sink, source);
}

ParseResult parse_text(const std::string& text, std::string* diagnostics = nullptr) {
  Source source("t.py", text);
  DiagnosticSink sink;
  ParseResult result = parse(source, sink);
  if (diagnostics)
    *diagnostics = format_diagnostics(sink, source);
  return result;
}

ExprPtr expr(const std::string& text) {
  Source source("e.py", text);
  DiagnosticSink sink;
  return parse_expression(source, sink);
}

void collect_ids(const Expr& e, std::vector<NodeId>& ids);

void collect_ids(const Block& body, std::vector<NodeId>& ids) {
  for (const StmtPtr& s : body) {
    ids.push_back(s->id);
    switch (s->kind) {
    case StmtKind::function_def:
      for (const Parameter& p : s->as<FunctionDef>().params)
        ids.push_back(p.id);
      collect_ids(s->as<FunctionDef>().body, ids);
      break;
    case StmtKind::if_:
      collect_ids(*s->as<If>().test, ids);
      collect_ids(s->as<If>().body, ids);
      collect_ids(s->as<If>().orelse, ids);
      break;
    case StmtKind::assign:
      for (const ExprPtr& t : s->as<Assign>().targets)
        collect_ids(*t, ids);
      collect_ids(*s->as<Assign>().value, ids);
      break;
    case StmtKind::expr:
      collect_ids(*s->as<ExprStmt>().value, ids);
      break;
    default:
      break;
    }
  }
}

void collect_ids(const Expr& e, std::vector<NodeId>& ids) {
  ids.push_back(e.id);
  if (const auto* b = e.if_kind<Binary>()) {
    collect_ids(*b->left, ids);
    collect_ids(*b->right, ids);
  } else if (const auto* c = e.if_kind<Call>()) {
    collect_ids(*c->func, ids);
    for (const Argument& a : c->args)
      collect_ids(*a.value, ids);
  }
}

} // namespace

class ParserTest : public QObject {
  Q_OBJECT
private slots:
  void goodProgramsParseWithoutDiagnostics() {
    QStringList files = kiln::test::lang_files("good");
    QVERIFY(files.size() >= 6);
    for (const QString& path : files) {
      ParseResult result;
      std::string diagnostics = diagnostics_of(path, &result);
      QVERIFY2(diagnostics.empty(), qPrintable(path + ":\n" + QString::fromStdString(diagnostics)));
      QVERIFY(result.ok);
      QVERIFY(!result.module.body.empty());
    }
  }

  void badProgramsGiveTheExpectedDiagnostics_data() {
    QTest::addColumn<QString>("path");
    QStringList files = kiln::test::lang_files("bad");
    QVERIFY(files.size() >= 15);
    for (const QString& path : files)
      QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
  }

  // Golden files: each bad program's formatted diagnostics, exactly. KILN_ACCEPT=1 rewrites the
  // .expected files from the current output, to be reviewed with git diff.
  void badProgramsGiveTheExpectedDiagnostics() {
    QFETCH(QString, path);
    ParseResult result;
    std::string actual = diagnostics_of(path, &result);
    QVERIFY2(!result.ok, "a bad program parsed without errors");
    kiln::test::compare_golden(actual, kiln::test::expected_path(path));
  }

  void everySyntaxErrorIsReportedInOnePass() {
    std::string diagnostics;
    ParseResult result = parse_text("def f(x)\n"
                                    "    return x\n"
                                    "y = (1,\n"
                                    "def g():\n"
                                    "    return 2 +\n"
                                    "z = g(\n",
                                    &diagnostics);
    QVERIFY(!result.ok);
    QCOMPARE(QString::fromStdString(diagnostics).count("error: "), 4);
    // Statements with errors are dropped; g's header is sound, so g stays without its return.
    QCOMPARE(result.module.body.size(), size_t(1));
    QCOMPARE(result.module.body[0]->as<FunctionDef>().name, std::string("g"));
  }

  void precedenceFollowsPython() {
    auto e = expr("-x ** 2");
    QCOMPARE(e->kind, ExprKind::unary);
    QCOMPARE(e->as<Unary>().operand->as<Binary>().op, BinaryOp::pow);

    e = expr("a + b * c - d");
    QCOMPARE(e->as<Binary>().op, BinaryOp::sub);
    QCOMPARE(e->as<Binary>().left->as<Binary>().right->as<Binary>().op, BinaryOp::mul);

    e = expr("2 ** -x ** 2"); // 2 ** (-(x ** 2))
    QCOMPARE(e->as<Binary>().right->as<Unary>().operand->as<Binary>().op, BinaryOp::pow);

    e = expr("not a == b or c and d");
    QCOMPARE(e->as<Binary>().op, BinaryOp::or_);
    QCOMPARE(e->as<Binary>().left->as<Unary>().op, UnaryOp::not_);
    QCOMPARE(e->as<Binary>().left->as<Unary>().operand->kind, ExprKind::compare);

    e = expr("a | b ^ c & d << e + f @ g");
    QCOMPARE(e->as<Binary>().op, BinaryOp::bit_or);
    QCOMPARE(e->as<Binary>().right->as<Binary>().op, BinaryOp::bit_xor);

    e = expr("lambda x: x if x else -x");
    QCOMPARE(e->as<Lambda>().body->kind, ExprKind::conditional);
  }

  void comparisonsChain() {
    auto e = expr("a < b <= c not in d is not e in f");
    const auto& c = e->as<Compare>();
    QCOMPARE(c.ops, (std::vector<CompareOp>{CompareOp::lt, CompareOp::le, CompareOp::not_in,
                                            CompareOp::is_not, CompareOp::in}));
    QCOMPARE(c.comparators.size(), size_t(5));
  }

  void callsSubscriptsAndSlices() {
    auto e = expr("f(a, *b, k=1, **d)[..., None, 1:2, ::-1].x");
    const auto& attr = e->as<Attribute>();
    QCOMPARE(attr.attr, std::string("x"));
    const auto& sub = attr.value->as<Subscript>();
    const auto& index = sub.index->as<Tuple>();
    QCOMPARE(index.elements.size(), size_t(4));
    QCOMPARE(index.elements[0]->kind, ExprKind::ellipsis);
    QCOMPARE(index.elements[1]->kind, ExprKind::none);
    QVERIFY(index.elements[2]->as<Slice>().lower && !index.elements[2]->as<Slice>().step);
    QVERIFY(!index.elements[3]->as<Slice>().lower && index.elements[3]->as<Slice>().step);
    const auto& call = sub.value->as<Call>();
    std::vector<ArgKind> kinds;
    for (const Argument& a : call.args)
      kinds.push_back(a.kind);
    QCOMPARE(kinds, (std::vector<ArgKind>{ArgKind::positional, ArgKind::unpack, ArgKind::keyword,
                                          ArgKind::unpack_dict}));
    QCOMPARE(call.args[2].name, std::string("k"));

    e = expr("sum(x * x for x in xs if x > 0)");
    const auto& gen = e->as<Call>().args[0].value->as<Generator>();
    QCOMPARE(gen.generators[0].conditions.size(), size_t(1));
  }

  void displaysAndComprehensions() {
    QCOMPARE(expr("()")->as<Tuple>().elements.size(), size_t(0));
    QCOMPARE(expr("(1,)")->as<Tuple>().elements.size(), size_t(1));
    QCOMPARE(expr("(1)")->kind, ExprKind::integer);
    QCOMPARE(expr("{}")->kind, ExprKind::dict);
    QCOMPARE(expr("{1, 2}")->kind, ExprKind::set);
    QCOMPARE(expr("{'a': 1, **b}")->as<Dict>().items.size(), size_t(2));
    QCOMPARE(expr("{k: v for k, v in d}")->kind, ExprKind::dict_comp);
    QCOMPARE(expr("[x for row in m for x in row]")->as<ListComp>().generators.size(), size_t(2));
    QCOMPARE(expr("'a' 'b'")->as<String>().value, std::string("ab"));
  }

  void statementsOfTheSubset() {
    ParseResult r = parse_text("import pyro.distributions as dist, torch\n"
                               "from pyro import poutine as p, plate\n"
                               "a = b = 1\n"
                               "x, (y, z) = 1, (2, 3)\n"
                               "m[0], o.f = 1, 2\n"
                               "n: int = 3\n"
                               "a += 1\n"
                               "def f(a, b=1, *args, c, d=2, **kw) -> int:\n"
                               "    '''doc'''\n"
                               "    for i in range(3):\n"
                               "        if i: continue\n"
                               "        elif i > 1:\n"
                               "            break\n"
                               "        else:\n"
                               "            pass\n"
                               "    while a: a -= 1\n"
                               "    with p.scale(scale=2), plate('p', 3) as i:\n"
                               "        assert i, 'message'\n"
                               "    return a, b\n");
    QVERIFY(r.ok);
    const Block& body = r.module.body;
    QCOMPARE(body.size(), size_t(8));
    QCOMPARE(body[0]->as<Import>().names[0].as_name, std::string("dist"));
    QCOMPARE(body[1]->as<ImportFrom>().names[0].name, std::string("poutine"));
    QCOMPARE(body[2]->as<Assign>().targets.size(), size_t(2));
    QCOMPARE(body[3]->as<Assign>().targets[0]->as<Tuple>().elements[1]->kind, ExprKind::tuple);
    QCOMPARE(body[4]->as<Assign>().targets[0]->as<Tuple>().elements[0]->kind, ExprKind::subscript);
    QCOMPARE(body[5]->kind, StmtKind::ann_assign);
    QCOMPARE(body[6]->as<AugAssign>().op, BinaryOp::add);
    const auto& f = body[7]->as<FunctionDef>();
    std::vector<ParamKind> kinds;
    for (const Parameter& p : f.params)
      kinds.push_back(p.kind);
    QCOMPARE(kinds, (std::vector<ParamKind>{ParamKind::positional, ParamKind::positional,
                                            ParamKind::var_positional, ParamKind::keyword_only,
                                            ParamKind::keyword_only, ParamKind::var_keyword}));
    QVERIFY(f.returns);
    QCOMPARE(docstring(f.body)->value, std::string("doc"));
    const auto& loop = f.body[1]->as<For>();
    const auto& branch = loop.body[0]->as<If>();
    QVERIFY(!branch.elif);
    QVERIFY(branch.orelse[0]->as<If>().elif);
    QCOMPARE(branch.orelse[0]->as<If>().orelse[0]->kind, StmtKind::pass);
    QCOMPARE(f.body[3]->as<With>().items.size(), size_t(2));
    QVERIFY(f.body[3]->as<With>().items[1].target);
    QCOMPARE(f.body[4]->as<Return>().value->kind, ExprKind::tuple);
  }

  void spansPointIntoTheSource() {
    ParseResult r = parse_text("x = 1\n\ndef f(a):\n    return a + 10\n");
    const auto& ret = r.module.body[1]->as<FunctionDef>().body[0]->as<Return>();
    QCOMPARE(ret.span.line, 4u);
    QCOMPARE(ret.span.col, 5u);
    const Span& sum = ret.value->span;
    QCOMPARE(sum.col, 12u);
    QCOMPARE(sum.end_col, 18u);
    QCOMPARE(sum.end - sum.begin, 6u);
  }

  void nodeIdsAreUniqueWithinTheModule() {
    ParseResult r = parse_text("def f(a, b):\n    c = a + g(b)\n    return c\nf(1, 2)\n");
    std::vector<NodeId> ids;
    collect_ids(r.module.body, ids);
    std::set<NodeId> unique(ids.begin(), ids.end());
    QCOMPARE(unique.size(), ids.size());
    QVERIFY(*unique.rbegin() < r.module.node_count);
  }

  void unsupportedConstructsAreNamed() {
    const std::pair<const char*, const char*> cases[] = {
        {"class A:\n    pass\n", "class definitions are not supported in Kiln models"},
        {"def f():\n    global x\n", "'global' statements are not supported in Kiln models"},
        {"def f():\n    nonlocal x\n", "'nonlocal' statements are not supported in Kiln models"},
        {"try:\n    x\nexcept E:\n    y\n", "'try' statements are not supported in Kiln models"},
        {"def f():\n    yield 1\n", "'yield' is not supported in Kiln models"},
        {"async def f():\n    pass\n", "'async' is not supported in Kiln models"},
        {"del x\n", "'del' statements are not supported in Kiln models"},
        {"x = [*a]\n", "starred expressions are not supported in Kiln models"},
        {"if (y := 1):\n    pass\n",
         "assignment expressions (':=') are not supported in Kiln models"},
    };
    for (const auto& [text, message] : cases) {
      std::string diagnostics;
      ParseResult r = parse_text(text, &diagnostics);
      QVERIFY2(!r.ok, text);
      QVERIFY2(QString::fromStdString(diagnostics).count("error: ") == 1, diagnostics.c_str());
      QVERIFY2(diagnostics.find(message) != std::string::npos, diagnostics.c_str());
    }
  }

  void diagnosticsAreFormattedWithACaret() {
    std::string diagnostics;
    parse_text("y = f(a, b\n", &diagnostics);
    QCOMPARE(QString::fromStdString(diagnostics), QString("error: t.py:1:6: '(' was never closed\n"
                                                          " 1 | y = f(a, b\n"
                                                          "   |      ^\n"));
    parse_text("if x = 1:\n    pass\n", &diagnostics);
    QCOMPARE(QString::fromStdString(diagnostics),
             QString("error: t.py:1:6: '=' cannot be used in a condition\n"
                     " 1 | if x = 1:\n"
                     "   |      ^\n"
                     "  suggestion: use '==' to compare\n"));
  }

  void deepNestingIsAnErrorNotACrash() {
    std::string deep = "x = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n";
    std::string diagnostics;
    ParseResult r = parse_text(deep, &diagnostics);
    QVERIFY(!r.ok);
    QCOMPARE(QString::fromStdString(diagnostics).count("error: "), 1);
    QVERIFY(diagnostics.find("too deeply nested") != std::string::npos);

    std::string chain = "x = 1";
    for (int i = 0; i < 100000; ++i)
      chain += " + 1";
    r = parse_text(chain + "\n", &diagnostics);
    QVERIFY(!r.ok);
  }

  void parseExpressionRejectsTrailingInput() {
    QVERIFY(expr("a + b"));
    QVERIFY(!expr("a + b c"));
    QVERIFY(!expr("a +"));
  }
};

QTEST_APPLESS_MAIN(ParserTest)
#include "parser_test.moc"
