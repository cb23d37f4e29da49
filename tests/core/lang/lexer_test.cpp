#include <QtTest/QtTest>

#include "core/lang/lexer.h"

#include <cmath>

using namespace kiln::lang;

namespace {

std::vector<Token> lex(const std::string& text, DiagnosticSink& sink) {
  Source source("t.py", text);
  return tokenize(source, sink);
}

// Tokens as text: names, numbers and strings show their text in brackets.
std::string render(const std::string& text) {
  DiagnosticSink sink;
  std::string out;
  for (const Token& t : lex(text, sink)) {
    if (!out.empty())
      out += ' ';
    out += token_spelling(t.kind);
    if (t.kind == TokenKind::name || t.kind == TokenKind::integer ||
        t.kind == TokenKind::floating || t.kind == TokenKind::string)
      out += "[" + t.text + "]";
  }
  return out;
}

std::vector<std::string> messages(const std::string& text) {
  DiagnosticSink sink;
  lex(text, sink);
  std::vector<std::string> out;
  for (const Diagnostic& d : sink.items())
    out.push_back(std::to_string(d.span.line) + ":" + std::to_string(d.span.col) + " " + d.message);
  return out;
}

} // namespace

class LexerTest : public QObject {
  Q_OBJECT
private slots:
  void integersInEveryBase() {
    DiagnosticSink sink;
    auto tokens = lex("0x1F 0o17 0b101 1_000 0 00 0X_ff", sink);
    QVERIFY(!sink.has_errors());
    std::vector<int64_t> values;
    for (const Token& t : tokens)
      if (t.kind == TokenKind::integer)
        values.push_back(t.int_value);
    QCOMPARE(values, (std::vector<int64_t>{31, 15, 5, 1000, 0, 0, 255}));
    QCOMPARE(tokens[3].text, std::string("1_000")); // the spelling is kept for the printer
  }

  void floatsWithExponentsAndBareDots() {
    DiagnosticSink sink;
    auto tokens = lex("1. .5 1e3 1.5e-3 1_0.2_5 2E+2 1e400", sink);
    QVERIFY(!sink.has_errors());
    std::vector<double> values;
    for (const Token& t : tokens)
      if (t.kind == TokenKind::floating)
        values.push_back(t.float_value);
    QCOMPARE(values.size(), size_t(7));
    QCOMPARE(values[0], 1.0);
    QCOMPARE(values[1], 0.5);
    QCOMPARE(values[2], 1000.0);
    QCOMPARE(values[3], 1.5e-3);
    QCOMPARE(values[4], 10.25);
    QCOMPARE(values[5], 200.0);
    QVERIFY(std::isinf(values[6]));
  }

  void stringsDecodeEscapesAndPrefixes() {
    QCOMPARE(render(R"('a' "b" '''c''' """d""")"),
             std::string("string[a] string[b] string[c] string[d] newline end of file"));
    DiagnosticSink sink;
    auto tokens = lex(R"("\x41\u00e9\n\t\\\'\101" r'\n' b'\x00\xff' Rb"\d")", sink);
    QVERIFY(!sink.has_errors());
    QCOMPARE(tokens[0].text, std::string("A\xC3\xA9\n\t\\'A"));
    QCOMPARE(tokens[1].text, std::string("\\n"));
    QCOMPARE(tokens[2].text, std::string("\0\xff", 2));
    QVERIFY(tokens[2].bytes);
    QCOMPARE(tokens[3].text, std::string("\\d"));
    QVERIFY(tokens[3].bytes);
  }

  void fstringsLexTheirFieldsInPlace() {
    QCOMPARE(render(R"(f'x_{t + 1:03d}\n{{}}{d["k"]!r}')"),
             std::string("f-string string[x_] '{' of an f-string name[t] + integer[1] '}' of an "
                         "f-string string[\n{}] '{' of an f-string name[d] [ string[k] ] '}' of "
                         "an f-string end of an f-string newline end of file"));
    DiagnosticSink sink;
    auto tokens = lex("f'{a}{b!s:>4}'", sink);
    QVERIFY(!sink.has_errors());
    QCOMPARE(tokens[3].int_value, int64_t(0));
    QCOMPARE(tokens[6].int_value, int64_t('s'));
    QCOMPARE(tokens[6].text, std::string(">4"));
    QCOMPARE(tokens[5].span.col, 8u); // b
    // A triple-quoted f-string's fields may span lines; rf keeps backslashes.
    QCOMPARE(render("f'''{(a +\n b)}''' rf'\\d{c}'"),
             std::string("f-string '{' of an f-string ( name[a] + name[b] ) '}' of an f-string "
                         "end of an f-string f-string string[\\d] '{' of an f-string name[c] "
                         "'}' of an f-string end of an f-string newline end of file"));
  }

  void tripleQuotedStringsSpanLines() {
    DiagnosticSink sink;
    auto tokens = lex("x = \"\"\"one\r\ntwo \"quoted\"\n\"\"\"\n", sink);
    QVERIFY(!sink.has_errors());
    QCOMPARE(tokens[2].text, std::string("one\ntwo \"quoted\"\n"));
    QCOMPARE(tokens[2].span.line, 1u);
    QCOMPARE(tokens[2].span.end_line, 3u);
  }

  void keywordsAndConstants() {
    QCOMPARE(render("True False None not in is lambda match"),
             std::string("True False None not in is lambda name[match] newline end of file"));
  }

  void everyOperator() {
    QCOMPARE(render("a @ b // c ** d -> e := ... != <= >= == << >> ~ ^ | & %"),
             std::string("name[a] @ name[b] // name[c] ** name[d] -> name[e] := ... != <= >= == "
                         "<< >> ~ ^ | & % newline end of file"));
    QCOMPARE(render("a += 1; a -= 1; a *= 1; a /= 1; a //= 1; a **= 1; a @= 1; a >>= 1; a <<= 1"),
             std::string("name[a] += integer[1] ; name[a] -= integer[1] ; name[a] *= integer[1] ; "
                         "name[a] /= integer[1] ; name[a] //= integer[1] ; name[a] **= integer[1] "
                         "; name[a] @= integer[1] ; name[a] >>= integer[1] ; name[a] <<= "
                         "integer[1] newline end of file"));
  }

  void indentationMakesBlocks() {
    QCOMPARE(render("if x:\n    y\n    if z:\n        w\nv\n"),
             std::string("if name[x] : newline indent name[y] newline if name[z] : newline indent "
                         "name[w] newline dedent dedent name[v] newline end of file"));
  }

  void blankLinesAndCommentsAreSkipped() {
    QCOMPARE(render("# head\n\nx = 1  # trailing\n\n    # indented comment\ny\n"),
             std::string("name[x] = integer[1] newline name[y] newline end of file"));
  }

  void bracketsJoinLines() {
    QCOMPARE(render("f(a,\n      b)\n[1,\n2]\n"),
             std::string("name[f] ( name[a] , name[b] ) newline [ integer[1] , integer[2] ] "
                         "newline end of file"));
  }

  void backslashContinues() {
    QCOMPARE(render("x = 1 + \\\n    2\n"),
             std::string("name[x] = integer[1] + integer[2] newline end of file"));
  }

  void missingFinalNewlineAndOpenBlocksAreClosed() {
    QCOMPARE(render("def f():\n    return 1"),
             std::string(
                 "def name[f] ( ) : newline indent return integer[1] newline dedent end of file"));
  }

  void spansAreOneBasedWithCharacterColumns() {
    DiagnosticSink sink;
    auto tokens = lex("\xCF\x83 = 1\n  \n", sink); // sigma is two bytes, one column
    QCOMPARE(tokens[0].text, std::string("\xCF\x83"));
    QCOMPARE(tokens[1].span.line, 1u);
    QCOMPARE(tokens[1].span.col, 3u);
    QCOMPARE(tokens[2].span.begin, 5u);
  }

  void mistakesAreReportedNotThrown() {
    QCOMPARE(messages("x = 'abc\ny = 2\n"),
             (std::vector<std::string>{"1:5 unterminated string literal (detected at line 1)"}));
    QCOMPARE(messages("x = \"\"\"abc\n"),
             (std::vector<std::string>{
                 "1:5 unterminated triple-quoted string literal (detected at line 2)"}));
    QCOMPARE(messages("x = 1 $ 2 ? 3\n"),
             (std::vector<std::string>{"1:7 invalid character '$' (U+0024)"})); // one per line
    QCOMPARE(messages("x = (1,\n"), (std::vector<std::string>{"1:5 '(' was never closed"}));
    QCOMPARE(messages("x = [1)\n"),
             (std::vector<std::string>{
                 "1:7 closing bracket ')' does not match opening bracket '[' on line 1"}));
    QCOMPARE(
        messages("x = 1 \\ 2\n"),
        (std::vector<std::string>{"1:7 unexpected character after line continuation character"}));
    QCOMPARE(messages("x = \xff\n"),
             (std::vector<std::string>{"1:5 invalid byte 0xFF: the file is not UTF-8"}));
    QCOMPARE(messages("x = 1__0\n"), (std::vector<std::string>{"1:5 invalid decimal literal"}));
    QCOMPARE(messages("x = f'{y'\n"), (std::vector<std::string>{"1:7 f-string: expecting '}'"}));
  }

  void errorsLeaveErrorTokens() {
    DiagnosticSink sink;
    auto tokens = lex("x = $\n", sink);
    QCOMPARE(tokens[2].kind, TokenKind::error);
    QCOMPARE(tokens.back().kind, TokenKind::end);
  }

  void indentationMistakes() {
    QCOMPARE(messages("if x:\n        y\n    z\n"),
             (std::vector<std::string>{"3:1 unindent does not match any outer indentation level"}));
    QCOMPARE(messages("if x:\n    y\n\tz\n\tw\n"),
             (std::vector<std::string>{"3:1 inconsistent use of tabs and spaces in indentation"}));
    // The blocks stay balanced either way.
    DiagnosticSink sink;
    auto tokens = lex("if x:\n        y\n    z\n", sink);
    int depth = 0;
    for (const Token& t : tokens)
      depth += t.kind == TokenKind::indent ? 1 : t.kind == TokenKind::dedent ? -1 : 0;
    QCOMPARE(depth, 0);
  }

  void invalidEscapesWarn() {
    DiagnosticSink sink;
    auto tokens = lex(R"(x = "\d")", sink);
    QVERIFY(!sink.has_errors());
    QCOMPARE(sink.items().size(), size_t(1));
    QCOMPARE(sink.items()[0].severity, Severity::warning);
    QCOMPARE(tokens[2].text, std::string("\\d"));
  }

  void emptySource() {
    QCOMPARE(render(""), std::string("end of file"));
    QCOMPARE(render("# nothing but a comment\n\n"), std::string("end of file"));
  }
};

QTEST_APPLESS_MAIN(LexerTest)
#include "lexer_test.moc"
