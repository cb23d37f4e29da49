#include "ui/diagnostics/run_data.h"

#include <algorithm>

#include "ui/common/aten.h"

namespace kiln::ui {

namespace {

// "[0, 1]" for the element at row-major index `flat` of `shape`, as ArviZ names elements.
std::string elementSuffix(int64_t flat, const std::vector<int64_t>& shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  std::string out = "[";
  for (size_t d = 0; d < index.size(); ++d)
    out += (d ? ", " : "") + std::to_string(index[d]);
  return out + "]";
}

int64_t configInt(const nlohmann::json& config, const char* key) {
  const auto it = config.find(key);
  return it != config.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

void appendRows(PhaseDraws& to, const PhaseDraws& from) {
  to.values.insert(to.values.end(), from.values.begin(), from.values.end());
  to.stats.insert(to.stats.end(), from.stats.begin(), from.stats.end());
  to.rows += from.rows;
}

PhaseDraws phaseDraws(const store::ChainDraws& read) {
  PhaseDraws out;
  out.rows = read.values.size(0);
  const double* v = read.values.data_ptr<double>();
  const double* s = read.stats.data_ptr<double>();
  out.values.assign(v, v + read.values.numel());
  out.stats.assign(s, s + read.stats.numel());
  return out;
}

} // namespace

ReadPosition RunData::position() const {
  ReadPosition p;
  p.hasLayout = m_layout.has_value();
  for (const auto& c : m_chains) {
    p.warmupRows.push_back(c.warmup.rows);
    p.samplingRows.push_back(c.sampling.rows);
  }
  p.lastStep = m_lossSteps.empty() ? -1 : static_cast<int64_t>(m_lossSteps.back());
  return p;
}

void RunData::apply(const RunDelta& delta) {
  m_info = delta.info;
  if (delta.layout) {
    m_layout = delta.layout;
    const auto& stats = m_layout->stats;
    const auto it = std::find(stats.begin(), stats.end(), "divergent__");
    m_divergentColumn = it == stats.end() ? -1 : static_cast<int64_t>(it - stats.begin());
  }
  if (m_chains.size() < delta.chains.size())
    m_chains.resize(delta.chains.size());
  const int64_t nstats = numStats();
  for (size_t c = 0; c < delta.chains.size(); ++c) {
    const ChainDraws& add = delta.chains[c];
    appendRows(m_chains[c].warmup, add.warmup);
    appendRows(m_chains[c].sampling, add.sampling);
    if (m_divergentColumn >= 0)
      for (int64_t r = 0; r < add.sampling.rows; ++r)
        m_chains[c].divergences += add.sampling.stats[r * nstats + m_divergentColumn] != 0.0;
  }
  m_lossSteps.insert(m_lossSteps.end(), delta.lossSteps.begin(), delta.lossSteps.end());
  m_lossValues.insert(m_lossValues.end(), delta.lossValues.begin(), delta.lossValues.end());
  if (delta.storedSummary)
    m_storedSummary = delta.storedSummary;
}

std::vector<Quantity> RunData::quantities() const {
  std::vector<Quantity> out;
  if (!m_layout)
    return out;
  for (bool deterministic : {false, true}) {
    int64_t column = 0;
    for (const auto& site : m_layout->sites) {
      const int64_t size = site.size();
      if (site.deterministic == deterministic)
        for (int64_t e = 0; e < size; ++e) {
          Quantity q;
          q.name = site.shape.empty() ? site.name : site.name + elementSuffix(e, site.shape);
          q.site = site.name;
          q.kind = deterministic ? QuantityKind::Deterministic : QuantityKind::Latent;
          q.column = column + e;
          q.element = e;
          out.push_back(q);
        }
      column += size;
    }
  }
  for (size_t s = 0; s < m_layout->stats.size(); ++s) {
    Quantity q;
    q.name = q.site = m_layout->stats[s];
    q.kind = QuantityKind::SamplerStat;
    q.column = static_cast<int64_t>(s);
    out.push_back(q);
  }
  return out;
}

Quantity RunData::quantity(const std::string& name) const {
  for (const Quantity& q : quantities())
    if (q.name == name)
      return q;
  return {};
}

int64_t RunData::plannedWarmup() const {
  return isMcmc() ? configInt(m_info.config, "num_warmup") : 0;
}

int64_t RunData::plannedSamples() const {
  if (!isMcmc())
    return configInt(m_info.config, "posterior_draws");
  const int64_t thin = std::max<int64_t>(1, configInt(m_info.config, "thin"));
  return (configInt(m_info.config, "num_samples") + thin - 1) / thin;
}

int64_t RunData::plannedSteps() const {
  return isMcmc() ? 0 : configInt(m_info.config, "steps");
}

double RunData::value(const Quantity& q, const PhaseDraws& draws, int64_t row) const {
  return q.kind == QuantityKind::SamplerStat ? draws.stats[row * numStats() + q.column]
                                             : draws.values[row * width() + q.column];
}

std::vector<double> RunData::samplingMatrix(const Quantity& q, int64_t& draws) const {
  draws = m_chains.empty() ? 0 : m_chains.front().sampling.rows;
  for (const auto& c : m_chains)
    draws = std::min(draws, c.sampling.rows);
  std::vector<double> out;
  out.reserve(m_chains.size() * draws);
  for (const auto& c : m_chains)
    for (int64_t r = 0; r < draws; ++r)
      out.push_back(value(q, c.sampling, r));
  return out;
}

int64_t RunData::totalDivergences() const {
  int64_t n = 0;
  for (const auto& c : m_chains)
    n += c.divergences;
  return n;
}

diagnostics::Summary RunData::computeSummary() const {
  std::vector<std::pair<std::string, at::Tensor>> sites;
  if (!m_layout || m_chains.empty())
    return diagnostics::summarize(sites);
  int64_t draws = m_chains.front().sampling.rows;
  for (const auto& c : m_chains)
    draws = std::min(draws, c.sampling.rows);
  const int64_t chains = static_cast<int64_t>(m_chains.size()), w = width();
  at::Tensor all = at::empty({chains, draws, w}, at::kDouble);
  for (int64_t c = 0; c < chains; ++c)
    std::copy_n(m_chains[c].sampling.values.data(), draws * w,
                all.data_ptr<double>() + c * draws * w);
  // latent sites then deterministic ones, as `kiln run` summarizes them
  for (bool deterministic : {false, true}) {
    int64_t column = 0;
    for (const auto& site : m_layout->sites) {
      if (site.deterministic == deterministic) {
        std::vector<int64_t> shape{chains, draws};
        shape.insert(shape.end(), site.shape.begin(), site.shape.end());
        sites.emplace_back(site.name,
                           all.narrow(2, column, site.size()).contiguous().reshape(shape));
      }
      column += site.size();
    }
  }
  return diagnostics::summarize(sites);
}

RunDelta readRunDelta(store::RunReader& reader, int64_t runId, const ReadPosition& from) {
  RunDelta delta;
  delta.info = reader.run(runId);
  if (!from.hasLayout)
    delta.layout = reader.layout(runId);
  if (from.hasLayout || delta.layout) {
    delta.chains.resize(static_cast<size_t>(delta.info.num_chains));
    for (int64_t c = 0; c < delta.info.num_chains; ++c) {
      const size_t i = static_cast<size_t>(c);
      const int64_t warm = i < from.warmupRows.size() ? from.warmupRows[i] : 0;
      const int64_t samp = i < from.samplingRows.size() ? from.samplingRows[i] : 0;
      delta.chains[i].warmup = phaseDraws(reader.draws(runId, c, store::Phase::Warmup, warm));
      delta.chains[i].sampling = phaseDraws(reader.draws(runId, c, store::Phase::Sampling, samp));
    }
  }
  for (const auto& m : reader.metrics(runId, from.lastStep))
    if (m.name == "loss") {
      delta.lossSteps.push_back(static_cast<double>(m.step));
      delta.lossValues.push_back(m.value);
    }
  if (delta.info.status != "running")
    delta.storedSummary = reader.summary(runId);
  return delta;
}

} // namespace kiln::ui
