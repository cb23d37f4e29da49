#include "ui/graph/graph_palette.h"

namespace kiln::ui {

namespace {

QColor shown(const QColor& colour, bool stale) {
  return stale ? stale_colour(colour) : colour;
}

NodeColours fresh_colours(lang::NodeKind kind) {
  switch (kind) {
  case lang::NodeKind::latent:
    return {QColor(0xff, 0xff, 0xff), QColor(0x1f, 0x4e, 0x8c), QColor(0x10, 0x10, 0x10)};
  case lang::NodeKind::observed: // shaded, as in plate notation
    return {QColor(0xbd, 0xc3, 0xcb), QColor(0x1f, 0x4e, 0x8c), QColor(0x10, 0x10, 0x10)};
  case lang::NodeKind::deterministic:
    return {QColor(0xff, 0xf3, 0xd6), QColor(0xa8, 0x6a, 0x00), QColor(0x10, 0x10, 0x10)};
  case lang::NodeKind::data:
    return {QColor(0xe6, 0xf2, 0xe1), QColor(0x3b, 0x73, 0x2f), QColor(0x10, 0x10, 0x10)};
  case lang::NodeKind::param:
  case lang::NodeKind::module:
    return {QColor(0xf1, 0xe6, 0xf6), QColor(0x6a, 0x2c, 0x8a), QColor(0x10, 0x10, 0x10)};
  case lang::NodeKind::factor:
    return {QColor(0x20, 0x20, 0x20), QColor(0x20, 0x20, 0x20), QColor(0xff, 0xff, 0xff)};
  }
  return {Qt::white, Qt::black, Qt::black};
}

} // namespace

NodeColours node_colours(lang::NodeKind kind, bool stale) {
  const NodeColours c = fresh_colours(kind);
  return {shown(c.fill, stale), shown(c.outline, stale), shown(c.text, stale)};
}

QColor graph_colour(GraphColour which, bool stale) {
  switch (which) {
  case GraphColour::edge:
    return shown(QColor(0x4a, 0x4f, 0x57), stale);
  case GraphColour::plate_outline:
    return shown(QColor(0x7a, 0x80, 0x88), stale);
  case GraphColour::plate_fill:
    return shown(QColor(0x1f, 0x4e, 0x8c, 0x0c), stale);
  case GraphColour::plate_text:
    return shown(QColor(0x3a, 0x40, 0x48), stale);
  case GraphColour::selection:
    return shown(QColor(0xf0, 0x8a, 0x00), stale);
  }
  return Qt::black;
}

QColor stale_colour(const QColor& colour) {
  // Brightness kept in order but squeezed into the light half, so text stays readable.
  const int grey = 140 + qGray(colour.rgb()) * 100 / 255;
  return QColor(grey, grey, grey, colour.alpha());
}

} // namespace kiln::ui
