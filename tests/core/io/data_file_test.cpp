// Data files: CSV columns bind as 1-D tensors (int64 when every entry is an integer, else
// float64), and a malformed file is an error naming the file, the line and the column.
#include <QtTest/QtTest>

#include <fstream>

#include <ATen/ATen.h>

#include "core/io/data_file.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;

namespace {

std::string error_of(const std::string& text) {
  try {
    io::data_from_csv(text, "d.csv");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

const at::Tensor& tensor(const lang::DataMap& data, const std::string& name) {
  return *data.at(name).get_if<at::Tensor>();
}

} // namespace

class DataFileTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(1); }

  void columnsBindAsTensors() {
    const auto data = io::data_from_csv("y,x, count\n1.5,2,3\n-2,4e1, 0\r\n0.25,6,-7\n\n", "d.csv");
    QCOMPARE(data.size(), size_t(3));
    QVERIFY(tensor(data, "y").equal(at::tensor({1.5, -2.0, 0.25}, at::kDouble)));
    QVERIFY(tensor(data, "x").equal(at::tensor({2.0, 40.0, 6.0}, at::kDouble)));
    QCOMPARE(tensor(data, "count").scalar_type(), at::kLong);
    QVERIFY(tensor(data, "count").equal(at::tensor({3, 0, -7}, at::kLong)));
  }

  void quotedFieldsAndEmptyColumns() {
    const auto data = io::data_from_csv("\"a,b\",\"c\"\"\"\n\"1\",2\n", "d.csv");
    QVERIFY(tensor(data, "a,b").equal(at::tensor({1}, at::kLong)));
    QVERIFY(tensor(data, "c\"").equal(at::tensor({2}, at::kLong)));
    const auto header_only = io::data_from_csv("a,b\n", "d.csv");
    QCOMPARE(tensor(header_only, "a").sizes().vec(), (std::vector<int64_t>{0}));
    QCOMPARE(tensor(header_only, "a").scalar_type(), at::kDouble);
    // Large integers stay exact in int64.
    const auto big = io::data_from_csv("n\n9007199254740993\n", "d.csv");
    QCOMPARE(tensor(big, "n").item<int64_t>(), int64_t(9007199254740993));
  }

  void errorsNameFileLineAndColumn() {
    QCOMPARE(QString::fromStdString(error_of("a,b\n1,x2\n")),
             QString("d.csv:2:3: column 'b': 'x2' is not a number"));
    QCOMPARE(QString::fromStdString(error_of("a,b\n1,2\n3\n")),
             QString("d.csv:3: 1 values, but the header names 2 columns"));
    QCOMPARE(QString::fromStdString(error_of("a,b\n1,\n")),
             QString("d.csv:2:3: column 'b': empty value (every row needs a number in every "
                     "column)"));
    QCOMPARE(QString::fromStdString(error_of("a,a\n1,2\n")),
             QString("d.csv:1:3: a second column named 'a'"));
    QCOMPARE(QString::fromStdString(error_of("a,,c\n")),
             QString("d.csv:1:3: column 2 has no name"));
    QCOMPARE(QString::fromStdString(error_of("a\n\"1\n")), QString("d.csv:2:1: unclosed quote"));
    QCOMPARE(QString::fromStdString(error_of("a\n1\"2\n")),
             QString("d.csv:2:2: a quote inside an unquoted field"));
    QCOMPARE(QString::fromStdString(error_of("n\n99999999999999999999\n")),
             QString("d.csv:2:1: column 'n': 99999999999999999999 does not fit a 64-bit integer"));
    QCOMPARE(QString::fromStdString(error_of("")),
             QString("d.csv: empty CSV file (the first line must name the columns)"));
  }

  void loadDataFollowsTheExtension() {
    const std::string path = QDir::temp().filePath("kiln_data_file_test.csv").toStdString();
    std::ofstream(path) << "J,y\n8,28.5\n";
    const auto data = io::load_data(path);
    QVERIFY(tensor(data, "J").equal(at::tensor({8}, at::kLong)));
    std::remove(path.c_str());
    try {
      io::load_data("d.txt");
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(QString(e.what()),
               QString("data file 'd.txt': unknown format (Kiln reads .json and .csv files)"));
    }
  }
};

QTEST_GUILESS_MAIN(DataFileTest)
#include "data_file_test.moc"
