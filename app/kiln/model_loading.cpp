#include "app/kiln/model_loading.h"

#include "core/io/data_file.h"

namespace kiln::cli {

Option data_option() {
  return {"data", "FILE",
          "the model's data: a .json object or .csv columns named as its arguments"};
}

Option model_option() {
  return {"model", "NAME", "the function that is the model (default: model)"};
}

poutine::Model LoadedModel::bind(std::ostream& err) const {
  std::vector<std::string> unused;
  poutine::Model model = file->bind(data, data_path, function, &unused);
  for (const auto& name : unused)
    err << "warning: " << data_path << ": '" << name << "' is not an argument of " << function
        << "(), and is ignored\n";
  return model;
}

std::optional<LoadedModel> load_model(const ParsedOptions& options, std::ostream& err) {
  LoadedModel loaded;
  lang::DiagnosticSink sink;
  loaded.file = lang::ModelFile::open(options.positional().at(0), sink);
  err << lang::format_diagnostics(sink, loaded.file->source());
  if (!loaded.file->ok())
    return std::nullopt;
  loaded.warning_count = sink.items().size() - sink.error_count();
  loaded.function = options.get("model", "model");
  loaded.file->function(loaded.function); // a missing model function is an error now
  if (options.has("data")) {
    loaded.data_path = options.get("data");
    loaded.data = io::load_data(loaded.data_path);
  }
  return loaded;
}

} // namespace kiln::cli
