#pragma once
// The workbench tests' models: a file of examples/ with its data, and its model graph, built
// through core/lang as the workbench builds them.

#include <QtTest/QtTest>

#include <memory>
#include <string>

#include "core/io/data_file.h"
#include "core/lang/build_model_graph.h"
#include "core/lang/model_file.h"

namespace kiln::test {

struct ExampleModel {
  std::unique_ptr<lang::ModelFile> file;
  lang::DataMap data;
  lang::ModelGraph graph;

  poutine::Model bound() const { return file->bind(data, "data"); }
};

// examples/<model> with examples/<data> bound (no data when `data` is empty).
inline ExampleModel example_model(const std::string& model, const std::string& data = {}) {
  ExampleModel example;
  lang::DiagnosticSink sink;
  example.file = lang::ModelFile::open(KILN_SOURCE_DIR "/examples/" + model, sink);
  if (!example.file->ok())
    qFatal("%s does not load: %s", model.c_str(),
           lang::format_diagnostics(sink, example.file->source()).c_str());
  lang::GraphRequest request;
  if (!data.empty()) {
    example.data = io::load_data(KILN_SOURCE_DIR "/examples/" + data);
    request.data = &example.data;
    request.data_source = data;
  }
  example.graph = lang::model_graph(*example.file, request);
  return example;
}

} // namespace kiln::test
