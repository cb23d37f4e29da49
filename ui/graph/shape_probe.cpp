#include "ui/graph/shape_probe.h"

#include <memory>

#include <QPromise>
#include <QThreadPool>

namespace kiln::ui {

ShapeProbe::ShapeProbe(QObject* parent) : QObject(parent) {
  connect(&m_watcher, &QFutureWatcher<SiteShapes>::finished, this, &ShapeProbe::onFinished);
}

void ShapeProbe::probe(poutine::Model model, uint64_t seed) {
  Request request{std::move(model), seed};
  if (m_watcher.isRunning()) {
    m_next = std::move(request);
    m_wanted = false;
    return;
  }
  start(std::move(request));
}

void ShapeProbe::cancel() {
  m_next.reset();
  m_wanted = false;
}

void ShapeProbe::start(Request request) {
  // The promise outlives this object if it is destroyed during the run: the worker then
  // finishes into a future nobody watches.
  auto promise = std::make_shared<QPromise<SiteShapes>>();
  m_watcher.setFuture(promise->future());
  m_wanted = true;
  promise->start();
  QThreadPool::globalInstance()->start([promise, request = std::move(request)] {
    promise->addResult(site_shapes(request.model, request.seed));
    promise->finish();
  });
}

void ShapeProbe::onFinished() {
  if (m_next) {
    Request next = std::move(*m_next);
    m_next.reset();
    start(std::move(next));
    return;
  }
  if (m_wanted && m_watcher.future().resultCount() > 0) {
    m_wanted = false;
    emit shapesReady(m_watcher.result());
  }
}

} // namespace kiln::ui
