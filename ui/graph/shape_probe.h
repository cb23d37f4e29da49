#pragma once
// Finds the sites' shapes (site_shapes.h) on a worker thread, so the UI never waits for a
// model run. Requests coalesce: while one run goes, only the latest request waits behind it,
// so typing quickly never queues up runs. Owners connect shapesReady to the inspector.

#include <cstdint>
#include <optional>

#include <QFutureWatcher>
#include <QObject>

#include "core/poutine/model.h"
#include "ui/graph/site_shapes.h"

namespace kiln::ui {

class ShapeProbe : public QObject {
  Q_OBJECT
public:
  explicit ShapeProbe(QObject* parent = nullptr);

  // Runs `model` (with its data bound) once on a worker thread; shapesReady follows, unless a
  // later probe replaces this one first. The model must stay callable from another thread, as
  // ModelFile::bind's models are.
  void probe(poutine::Model model, uint64_t seed = 1);
  // Forgets any request not yet answered: no shapesReady follows for it.
  void cancel();
  bool isRunning() const { return m_watcher.isRunning(); }

signals:
  void shapesReady(const kiln::ui::SiteShapes& shapes);

private:
  struct Request {
    poutine::Model model;
    uint64_t seed;
  };
  void start(Request request);
  void onFinished();

  QFutureWatcher<SiteShapes> m_watcher;
  std::optional<Request> m_next;
  bool m_wanted = false; // whether the run going is still the latest request
};

} // namespace kiln::ui
