#pragma once
// What the diagnostics plots show of one run, as read from its project with store::RunReader:
// the run's row, its layout, every chain's warmup and sampling draws with their sampler
// statistics, the "loss" metric of SVI, and the summary. A live run grows: readRunDelta reads
// only what was committed after a RunData's position(), and apply() appends it, so a refresh
// costs what is new, not the whole run. A finished run reads the same way, once, so an old
// run's plots are exactly as when it finished. Plain data, no Qt objects: a worker thread reads,
// the UI thread applies.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ui/common/tensor.h" // first: core headers below use tensors

#include "core/diagnostics/summary.h"
#include "core/store/run_layout.h"
#include "core/store/run_reader.h"

namespace kiln::ui {

// Which of a run's quantities a scalar is, for the parameter picker's filters.
enum class QuantityKind { Latent, Deterministic, SamplerStat };

// One scalar the plots can show: an element of a site, or a sampler statistic.
struct Quantity {
  std::string name; // "mu", "theta[3]", "L[0, 1]" (ArviZ's names, as the summary's rows), "lp__"
  std::string site; // "theta"; the statistic's name for a statistic
  QuantityKind kind = QuantityKind::Latent;
  int64_t column = -1; // in a draw's values, or in its statistics for a SamplerStat
  int64_t element = 0; // row-major within the site

  bool valid() const { return column >= 0; }
  bool operator==(const Quantity& other) const {
    return kind == other.kind && column == other.column;
  }
};

// Draws of one chain in one phase: rows of `width` values and of `stats` statistics.
struct PhaseDraws {
  std::vector<double> values;
  std::vector<double> stats;
  int64_t rows = 0;
};

struct ChainDraws {
  PhaseDraws warmup;
  PhaseDraws sampling;
  int64_t divergences = 0; // sampling draws whose divergent__ is set
};

// How much of a run a RunData holds: where the next read continues.
struct ReadPosition {
  bool hasLayout = false;
  std::vector<int64_t> warmupRows, samplingRows; // by chain
  int64_t lastStep = -1;                         // of the loss metric
};

// What one read found after a position.
struct RunDelta {
  store::RunInfo info;
  std::optional<store::RunLayout> layout; // when the position had none and the run now has one
  std::vector<ChainDraws> chains;         // only the new rows, by chain
  std::vector<double> lossSteps, lossValues;
  std::optional<diagnostics::Summary> storedSummary;
};

class RunData {
public:
  const store::RunInfo& info() const { return m_info; }
  bool isRunning() const { return m_info.status == "running"; }
  bool isMcmc() const { return m_info.algorithm == "nuts" || m_info.algorithm == "hmc"; }
  const std::optional<store::RunLayout>& layout() const { return m_layout; }
  int64_t width() const { return m_layout ? m_layout->width() : 0; }
  int64_t numStats() const { return m_layout ? static_cast<int64_t>(m_layout->stats.size()) : 0; }
  const std::vector<ChainDraws>& chains() const { return m_chains; }
  const std::vector<double>& lossSteps() const { return m_lossSteps; }
  const std::vector<double>& lossValues() const { return m_lossValues; }
  // The summary the run stored when it finished; none while it runs.
  const std::optional<diagnostics::Summary>& storedSummary() const { return m_storedSummary; }

  ReadPosition position() const;
  void apply(const RunDelta& delta);

  // Every quantity of the layout: latent site elements, deterministic ones, then statistics.
  std::vector<Quantity> quantities() const;
  // The quantity named `name` (a site element or a statistic); an invalid one when none is.
  Quantity quantity(const std::string& name) const;
  // The draws planned per chain in each phase, from the run's configuration (0 when unknown):
  // num_warmup and num_samples / thin for MCMC, posterior draws for SVI.
  int64_t plannedWarmup() const;
  int64_t plannedSamples() const;
  // SVI's planned steps (0 for MCMC).
  int64_t plannedSteps() const;

  // One value of `q` at row `row` of a chain's phase.
  double value(const Quantity& q, const PhaseDraws& draws, int64_t row) const;
  // The sampling draws of `q`, [chains, draws] row-major with chains cut to the shortest, as
  // RunReader::site_draws cuts them; `draws` receives the common length.
  std::vector<double> samplingMatrix(const Quantity& q, int64_t& draws) const;
  int64_t totalDivergences() const;
  // The summary of every site's sampling draws so far, as `kiln run` computes it.
  diagnostics::Summary computeSummary() const;

private:
  store::RunInfo m_info;
  std::optional<store::RunLayout> m_layout;
  std::vector<ChainDraws> m_chains;
  std::vector<double> m_lossSteps, m_lossValues;
  std::optional<diagnostics::Summary> m_storedSummary;
  int64_t m_divergentColumn = -1;
};

// Reads from `reader` what run `runId` committed after `from` (all of it for a default
// position). The row is read first, so a delta whose status is no longer running holds
// everything the run wrote. Throws kiln::Error for a missing run or a damaged file.
RunDelta readRunDelta(store::RunReader& reader, int64_t runId, const ReadPosition& from);

} // namespace kiln::ui
