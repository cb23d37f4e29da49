// The model graph: the static pass on eight schools and the golden models gives the exact
// graphs (nodes, kinds, families, parents, plates with sizes, lines); dynamic models fall back
// to a traced run that finds the same structure; JSON reads back to the same text; DOT has
// the nodes and clusters (and parses, where Graphviz is installed).

#include <QtTest/QtTest>

#include <random>

#include <ATen/ATen.h>

#include "core/lang/build_model_graph.h"
#include "core/lang/model_graph.h"
#include "core/lang/parser.h"
#include "core/lang/static_graph.h"
#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/lang_files.h"

using namespace kiln;
using namespace kiln::lang;
using kiln::test::T;

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

// One line a node, one a plate: what the tests compare. Traced graphs hold values rather than
// source text in args, so comparisons between the two leave args out.
std::string summary(const ModelGraph& g, bool with_args = true) {
  std::string out;
  for (const auto& n : g.nodes) {
    out += n.name + ": " + node_kind_name(n.kind);
    if (!n.family.empty()) {
      out += " " + n.family;
      if (with_args) {
        std::vector<std::string> args;
        for (const auto& a : n.args)
          args.push_back(a.name + "=" + a.text);
        out += "(" + join(args) + ")";
      }
    }
    if (!n.plates.empty())
      out += " in [" + join(n.plates) + "]";
    if (!n.parents.empty())
      out += " <- [" + join(n.parents) + "]";
    out += " @" + (n.span ? std::to_string(n.span->line) : std::string("?"));
    out += "\n";
  }
  for (const auto& p : g.plates) {
    out += "plate " + p.name + " size " + (p.size ? std::to_string(*p.size) : "?");
    if (with_args)
      out += " '" + p.size_text + "'";
    if (p.dim)
      out += " dim " + std::to_string(*p.dim);
    if (!p.subsample_text.empty())
      out += " subsample '" + p.subsample_text + "'";
    if (!p.parent.empty())
      out += " in " + p.parent;
    if (!p.vectorized)
      out += " sequential";
    out += "\n";
  }
  return out;
}

// A parsed file, kept alive with its source for the static pass.
struct Parsed {
  Source source;
  ParseResult parsed;
};

std::unique_ptr<Parsed> parse_file(const QString& path) {
  DiagnosticSink sink;
  Source source(path.toStdString(), test::read_file(path));
  auto p = std::make_unique<Parsed>(Parsed{source, {}});
  p->parsed = parse(p->source, sink);
  return p;
}

QString good(const char* name) {
  return test::lang_dir("good") + "/" + name;
}

StaticGraphResult static_of(const QString& path, const std::string& function,
                            const DataMap* data = nullptr) {
  auto p = parse_file(path);
  if (!p->parsed.ok)
    throw Error("test file does not parse: " + path.toStdString());
  return static_graph(p->parsed.module, p->source, function, data);
}

std::string static_summary(const QString& path, const std::string& function,
                           const DataMap* data = nullptr) {
  StaticGraphResult r = static_of(path, function, data);
  if (!r.graph)
    return "too dynamic: " + r.reason;
  return summary(*r.graph);
}

std::unique_ptr<ModelFile> load(const std::string& name, const std::string& text) {
  DiagnosticSink sink;
  auto file = std::make_unique<ModelFile>(Source(name, text), sink);
  if (!file->ok())
    throw Error("test model does not load: " + name);
  return file;
}

DataMap eight_schools_data() {
  return {{"J", Value(int64_t(8))},
          {"y", Value(T({28., 8., -3., 7., -1., 1., 18., 12.}))},
          {"sigma", Value(T({15., 10., 16., 11., 9., 11., 10., 18.}))}};
}

// Recursion and site names built in a loop: only a run can tell the sites.
const char* kDynamic = R"(import pyro
import pyro.distributions as dist


def chain(n, prev):
    if n == 0:
        return prev
    x = pyro.sample("x_" + str(n), dist.Normal(prev, 1.))
    return chain(n - 1, x)


def model(y):
    mu = pyro.sample("mu", dist.Normal(0., 1.))
    last = chain(3, mu)
    with pyro.plate("data", 4):
        pyro.sample("obs", dist.Normal(last, 1.), obs=y)
    for i in range(2):
        pyro.sample("z_{}".format(i), dist.Normal(mu, 1.))
)";

const char* kDynamicExpected = R"(mu: latent Normal @13
x_3: latent Normal <- [mu] @8
x_2: latent Normal <- [x_3] @8
x_1: latent Normal <- [x_2] @8
obs: observed Normal in [data] <- [x_1] @16
z_0: latent Normal <- [mu] @18
z_1: latent Normal <- [mu] @18
plate data size 4 dim -1
)";

// QCOMPARE on std::string shows neither text; this shows both.
#define COMPARE_TEXT(actual, expected)                                                             \
  do {                                                                                             \
    const std::string a_ = (actual), e_ = (expected);                                              \
    QVERIFY2(a_ == e_,                                                                             \
             qPrintable(QString::fromStdString("\n--- actual\n" + a_ + "\n--- expected\n" + e_))); \
  } while (false)

} // namespace

class ModelGraphTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(1); }

  void eightSchoolsStaticGraph() {
    const QString path = KILN_SOURCE_DIR "/examples/eight_schools_noncentered.py";
    const DataMap data = eight_schools_data();
    const std::string expected = R"(sigma: data @9
mu: latent Normal(loc=0., scale=5.) @10
tau: latent HalfCauchy(scale=5.) @11
theta_raw: latent Normal(loc=0., scale=1.) in [schools] @13
theta: deterministic in [schools] <- [mu, tau, theta_raw] @14
obs: observed Normal(loc=theta, scale=sigma) in [schools] <- [sigma, theta] @15
plate schools size 8 'J' dim -1
)";
    COMPARE_TEXT(static_summary(path, "model", &data), expected);
    // Without data, the size is the expression alone.
    StaticGraphResult bare = static_of(path, "model");
    QVERIFY(bare.graph);
    QVERIFY(!bare.graph->plates.at(0).size);
    QCOMPARE(bare.graph->plates.at(0).size_text, std::string("J"));
    const GraphNode* obs = bare.graph->node("obs");
    QCOMPARE(obs->obs, std::string("y"));
    QCOMPARE(obs->expression, std::string("dist.Normal(theta, sigma)"));
    QCOMPARE(obs->span->col, 9u);
    QCOMPARE(bare.graph->node("theta")->expression, std::string("mu + tau * theta_raw"));
    QCOMPARE(bare.graph->origin, GraphOrigin::static_pass);
  }

  void goldenModelsStaticGraphs() {
    const DataMap coin = {{"data", Value(T({1., 0., 1., 1.}))}};
    COMPARE_TEXT(
        static_summary(good("coin_flip.py"), "vectorized_model", &coin),
        std::string(R"(latent_fairness: latent Beta(concentration1=10., concentration0=10.) @23
obs: observed Bernoulli(probs=f) in [data] <- [latent_fairness] @25
plate data size 4 'data.shape[0]' dim -1
)"));
    COMPARE_TEXT(static_summary(good("coin_flip.py"), "guide"), std::string(R"(alpha_q: param @17
beta_q: param @18
latent_fairness: latent Beta(concentration1=alpha_q, concentration0=beta_q) <- [alpha_q, beta_q] @19
)"));
    COMPARE_TEXT(static_summary(good("eight_schools.py"), "centered"),
                 std::string(R"(sigma: data @16
mu: latent Normal(loc=0., scale=5.) @17
tau: latent HalfCauchy(scale=5.) @18
theta: latent Normal(loc=mu, scale=tau) in [schools] <- [mu, tau] @20
obs: observed Normal(loc=theta, scale=sigma) in [schools] <- [sigma, theta] @21
plate schools size ? 'J' dim -1
)"));
    // `model = config_enumerate(model)` is transparent; K is a module constant.
    const DataMap mixture = {{"data", Value(T({0., 1., 10., 11., 12.}))}};
    COMPARE_TEXT(static_summary(good("gmm.py"), "model", &mixture),
                 std::string(R"(weights: latent Dirichlet(concentration=0.5 * torch.ones(K)) @12
scale: latent LogNormal(loc=0., scale=2.) @13
locs: latent Normal(loc=0., scale=10.) in [components] @15
assignment: latent Categorical(probs=weights) in [data] <- [weights] @17
obs: observed Normal(loc=locs[assignment], scale=scale) in [data] <- [scale, locs, assignment] @18
plate components size 2 'K' dim -1
plate data size 5 'len(data)' dim -1
)"));
    COMPARE_TEXT(static_summary(good("gmm.py"), "guide"), std::string(R"(weights_q: param @25
scale_q: param @26
locs_q: param @27
weights: latent Delta(v=weights) <- [weights_q] @28
scale: latent Delta(v=scale) <- [scale_q] @29
locs: latent Delta(v=locs) in [components] <- [locs_q] @31
plate components size 2 'K' dim -1
)"));
    // design() is inlined (its tuple element by element); beta's shape comes from x; the
    // link function is looked up in a dict (a call the pass cannot see into, but no function
    // with sites is ever used as a value, so it cannot hide a site).
    COMPARE_TEXT(static_summary(good("hierarchical_logistic.py"), "model"),
                 std::string(R"(x: data @50
groups: data @50
link: data @50
mu: latent Normal(loc=PRIORS["loc"], scale=PRIORS["scale"]) @54
sigma: latent HalfCauchy(scale=1.) @55
beta: latent StudentT(df=PRIORS["df"], loc=0., scale=2.5) <- [x] @56
alpha: latent Normal(loc=mu, scale=sigma) in [groups] <- [mu, sigma] @58
y: observed Bernoulli(probs=probs) in [data] <- [x, groups, link, beta, alpha] @71
plate groups size ? 'num_groups' dim -1
plate data size ? 'n' dim -1 subsample 'min(n, 1000)'
)"));
    COMPARE_TEXT(static_summary(good("linear_regression.py"), "model"), std::string(R"(x: data @8
prior_scale: data @8
alpha: latent Normal(loc=0., scale=prior_scale) <- [prior_scale] @14
beta: latent Normal(loc=torch.zeros(P), scale=prior_scale * torch.ones(P)) <- [x, prior_scale] @15
sigma: latent HalfNormal(scale=1.) @16
obs: observed Normal(loc=mean, scale=sigma) in [data] <- [x, alpha, beta, sigma] @19
plate data size ? 'N' dim -1
)"));
    // With data that leaves y to its None default, obs=y observes nothing.
    const DataMap xs = {{"x", Value(T({{1., 2.}, {3., 4.}}))}};
    StaticGraphResult unobserved = static_of(good("linear_regression.py"), "model", &xs);
    QCOMPARE(unobserved.graph->node("obs")->kind, NodeKind::latent);
    QCOMPARE(unobserved.graph->node("obs")->obs, std::string());
    // N, P = x.shape: the sizes of the data's shape follow the tuple.
    QCOMPARE(unobserved.graph->plate("data")->size, std::optional<int64_t>(2));
    // The network is a module node; what it computes depends on it.
    COMPARE_TEXT(static_summary(good("vae.py"), "model"), std::string(R"(x: data @21
decoder: module @22
latent: latent Normal(loc=z_loc, scale=z_scale) in [data] <- [x] @26
obs: observed Bernoulli(probs=loc_img, validate_args=False) in [data] <- [decoder, latent] @28
plate data size ? 'x.shape[0]' dim -1
)"));
    COMPARE_TEXT(static_summary(good("vae.py"), "guide"),
                 std::string("too dynamic: line 36: the site name name is not a string literal"));
  }

  void dynamicGoldenModelsSayWhy() {
    COMPARE_TEXT(static_summary(good("coin_flip.py"), "model"),
                 std::string("too dynamic: line 13: the site name \"obs_{}\".format(i) is not a "
                             "string literal"));
    COMPARE_TEXT(
        static_summary(good("hmm.py"), "model"),
        std::string("too dynamic: line 21: the site name \"x_{}_{}\".format(i, t) is not a "
                    "string literal"));
    COMPARE_TEXT(static_summary(good("hmm.py"), "vectorized"),
                 std::string("too dynamic: line 36: the site name \"x_{}\".format(t) is not a "
                             "string literal"));
  }

  void staticPassRefusesWhatItCannotFollow() {
    auto reason = [](const std::string& text) {
      auto file = std::make_unique<Source>("m.py", text);
      DiagnosticSink sink;
      ParseResult p = parse(*file, sink);
      StaticGraphResult r = static_graph(p.module, *file, "model");
      return r.graph ? std::string("static") : r.reason;
    };
    const std::string head = "import pyro\nimport pyro.distributions as dist\nfrom pyro import "
                             "poutine\n\n";
    COMPARE_TEXT(reason(head +
                        "def count(k):\n    if k <= 0:\n        return 0\n"
                        "    return count(k - 1) + pyro.sample(\"c\", dist.Normal(0., 1.))\n\n"
                        "def model():\n    count(3)\n"),
                 std::string("line 8: recursion: count() calls itself, and it has sites"));
    // A recursive function without sites is a pure function of its arguments.
    COMPARE_TEXT(reason(head + "def fib(k):\n    return k if k < 2 else fib(k - 1) + fib(k - 2)\n\n"
                               "def model():\n    pyro.sample(\"x\", dist.Normal(fib(3), 1.))\n"),
                 std::string("static"));
    COMPARE_TEXT(
        reason(head + "def site():\n    return pyro.sample(\"s\", dist.Normal(0., 1.))\n\n"
                      "HOOKS = [site]\n\n"
                      "def model():\n    HOOKS[0]()\n"),
        std::string("line 11: the static pass cannot follow the call `HOOKS[0]()`, and this "
                    "file passes functions with sites around as values"));
    COMPARE_TEXT(reason(head + "def model():\n    with poutine.condition(data={}):\n"
                               "        pyro.sample(\"x\", dist.Normal(0., 1.))\n"),
                 std::string("line 6: the static pass does not follow poutine.condition(), which "
                             "may change the model's sites"));
    COMPARE_TEXT(
        reason(head + "def model(n):\n    i = 0\n    while i < n:\n"
                      "        pyro.sample(\"x\", dist.Normal(0., 1.))\n        i += 1\n"),
        std::string("line 8: site 'x' is inside a loop (line 7) that is not a pyro.plate"));
    COMPARE_TEXT(reason(head + "def model(name):\n    pyro.sample(name, dist.Normal(0., 1.))\n"),
                 std::string("line 6: the site name name is not a string literal"));
    std::string chain = head;
    for (int i = 0; i < 300; ++i)
      chain += "def f" + std::to_string(i) + "(x):\n    return f" + std::to_string(i + 1) + "(x)\n";
    COMPARE_TEXT(reason(chain + "def model():\n    f0(1)\n"),
                 std::string("line 204: calls nest deeper than 100 functions at f100()"));
    COMPARE_TEXT(reason(head + "def model():\n    pass\n\nmodel = print\n"),
                 std::string("line 8: model is rebound to `print`"));
  }

  void staticPassFollowsDataflow() {
    auto graph = [](const std::string& body) {
      auto src = std::make_unique<Source>(
          "m.py", "import pyro\nimport torch\nimport pyro.distributions as dist\n\n" + body);
      DiagnosticSink sink;
      ParseResult p = parse(*src, sink);
      StaticGraphResult r = static_graph(p.module, *src, "model");
      return r.graph ? summary(*r.graph) : r.reason;
    };
    // Tuples element by element, branches merged with their condition, a loop-carried value,
    // a nested function, a comprehension, an in-place update and a sequential plate.
    COMPARE_TEXT(graph(R"(def model(d, e):
    a = pyro.sample("a", dist.Normal(0., 1.))
    b = pyro.sample("b", dist.Normal(0., 1.))
    p, q = a, b
    if d > 0:
        r = p
    else:
        r = 0.
    s = 0.
    for k in range(3):
        s = s + q if k else s
    def twice(v):
        return 2 * v
    t = sum([twice(w) for w in [e]])
    u = torch.zeros(2)
    u[0] = a
    pyro.sample("c", dist.Normal(r, 1.))
    pyro.sample("f", dist.Normal(s, 1.))
    pyro.sample("g", dist.Normal(t, 1.))
    pyro.sample("h", dist.Normal(u, 1.))
    for i in pyro.plate("steps", 3):
        pyro.deterministic("k", a)
)"),
                 std::string(R"(d: data @5
e: data @5
a: latent Normal(loc=0., scale=1.) @6
b: latent Normal(loc=0., scale=1.) @7
c: latent Normal(loc=r, scale=1.) <- [d, a] @21
f: latent Normal(loc=s, scale=1.) <- [b] @22
g: latent Normal(loc=t, scale=1.) <- [e] @23
h: latent Normal(loc=u, scale=1.) <- [a] @24
k: deterministic in [steps] <- [a] @26
plate steps size 3 '3' sequential
)"));
  }

  // Sites made in a helper that is given their name, a distribution built by another, plates
  // kept in variables and entered together (dims allocated right to left), a subsampled plate.
  void staticPassReadsHelpersAndPlateVariables() {
    const std::string text = R"(import torch
import pyro
import pyro.distributions as dist
from pyro import poutine


def prior(scale):
    return dist.Normal(0., scale)


def local(name, loc):
    return pyro.sample(name, dist.Normal(loc, 1.))


def model(x, y=None, K: int = 3):
    s = pyro.sample("s", dist.HalfNormal(1.))
    loc = pyro.sample("loc", prior(s))
    users = pyro.plate("users", x.shape[0], dim=-2)
    items = pyro.plate("items", K)
    with users, items:
        u = local("u", loc)
    with pyro.markov():
        with users:
            v = pyro.sample("v", dist.Normal(u.sum(-1, keepdim=True), s))
    total = 0.
    for k in range(K):
        total = total + v * k
    with poutine.scale(scale=0.5), pyro.plate("obs_plate", len(x), subsample_size=2) as idx:
        pyro.sample("y", dist.Normal(total[idx] if total is not None else 0., 1.), obs=y)
)";
    Source source("m.py", text);
    DiagnosticSink sink;
    ParseResult p = parse(source, sink);
    const DataMap data = {{"x", Value(T({1., 2., 3.}))}, {"y", Value(T({0.5, 0.2}))}};
    StaticGraphResult r = static_graph(p.module, source, "model", &data);
    QVERIFY2(r.graph, r.reason.c_str());
    // The loop runs K times, so the sum depends on K.
    COMPARE_TEXT(summary(*r.graph), std::string(R"(K: data @15
s: latent HalfNormal(scale=1.) @16
loc: latent Normal(loc=0., scale=scale) <- [s] @17
u: latent Normal(loc=loc, scale=1.) in [users, items] <- [loc] @12
v: latent Normal(loc=u.sum(-1, keepdim=True), scale=s) in [users] <- [s, u] @24
y: observed Normal(loc=total[idx] if total is not None else 0., scale=1.) in [obs_plate] <- [K, v] @29
plate users size 3 'x.shape[0]' dim -2
plate items size 3 'K' dim -1 in users
plate obs_plate size 3 'len(x)' dim -1 subsample '2'
)"));
    QCOMPARE(r.graph->plate("obs_plate")->subsample_size, std::optional<int64_t>(2));
  }

  void siteCallPatternsFindTracedSites() {
    Source source("m.py",
                  "import pyro\nimport pyro.distributions as dist\n\n"
                  "def helper(i):\n    pyro.sample('h_%d_%s' % (i, i), dist.Normal(0., 1.))\n\n"
                  "def model(k):\n    pyro.sample('m_{}'.format(k), dist.Normal(0., 1.))\n"
                  "    pyro.sample(str(k), dist.Normal(0., 1.))\n"
                  "    pyro.param('p_' + str(k) + '_q', 1.)\n");
    DiagnosticSink sink;
    ParseResult p = parse(source, sink);
    std::string calls;
    for (const SiteCall& c : site_calls(p.module, source, "model"))
      calls += c.pattern + "@" + std::to_string(c.span.line) + " ";
    // The model's own calls first; a name computed whole is no pattern.
    COMPARE_TEXT(calls, std::string("m_*@8 p_*_q@10 h_*_*@5 "));
    QVERIFY(name_matches("p_*_q", "p_12_q"));
    QVERIFY(name_matches("m_*", "m_"));
    QVERIFY(!name_matches("p_*_q", "p_12_r"));
    QVERIFY(name_matches("*a*b", "xxaxxab"));
    QVERIFY(!name_matches("mu", "mu2"));
  }

  // Mutated models (lines dropped, duplicated, swapped; the parser keeps what it can) give a
  // graph or a reason, never a crash.
  void staticPassNeverCrashesOnMutatedModels() {
    QStringList paths = test::lang_files("good");
    paths << KILN_SOURCE_DIR "/examples/eight_schools_noncentered.py";
    std::mt19937 rng(7);
    int graphs = 0, reasons = 0;
    for (const QString& path : paths) {
      const std::string text = test::read_file(path);
      std::vector<std::string> lines;
      for (size_t at = 0; at <= text.size();) {
        const size_t end = std::min(text.find('\n', at), text.size());
        lines.push_back(text.substr(at, end - at));
        at = end + 1;
      }
      for (int round = 0; round < 150; ++round) {
        std::vector<std::string> mutated = lines;
        const size_t a = rng() % mutated.size(), b = rng() % mutated.size();
        switch (rng() % 3) {
        case 0:
          mutated.erase(mutated.begin() + static_cast<std::ptrdiff_t>(a));
          break;
        case 1:
          mutated.insert(mutated.begin() + static_cast<std::ptrdiff_t>(a), mutated[b]);
          break;
        default:
          std::swap(mutated[a], mutated[b]);
        }
        std::string joined;
        for (const auto& l : mutated)
          joined += l + "\n";
        Source source("m.py", joined);
        DiagnosticSink sink;
        ParseResult p = parse(source, sink);
        for (const auto& s : p.module.body)
          if (auto def = s->if_kind<FunctionDef>()) {
            StaticGraphResult r = static_graph(p.module, source, def->name);
            (r.graph ? graphs : reasons) += 1;
            QVERIFY(r.graph || !r.reason.empty());
          }
      }
    }
    QVERIFY(graphs > 100 && reasons > 100);
  }

  void dynamicModelFallsBackToTracedGraph() {
    auto file = load("dynamic.py", kDynamic);
    const DataMap data = {{"y", Value(T({0.5, 1., 1.5, 2.}))}};
    GraphRequest request;
    request.data = &data;
    const ModelGraph g = model_graph(*file, request);
    QCOMPARE(g.origin, GraphOrigin::traced);
    QCOMPARE(g.fallback_reason,
             std::string("line 8: the site name \"x_\" + str(n) is not a string literal"));
    COMPARE_TEXT(summary(g, false), std::string(kDynamicExpected));
    // Without data the traced run cannot bind y.
    try {
      model_graph(*file);
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(std::string(e.what()),
               std::string("dynamic.py: model() is too dynamic for the static graph (line 8: the "
                           "site name \"x_\" + str(n) is not a string literal), and its traced "
                           "graph needs data for its arguments y"));
    }
  }

  void tracedGraphsOfDynamicGoldenModels() {
    auto coin = load("coin_flip.py", test::read_file(good("coin_flip.py")));
    const DataMap flips = {{"data", Value(T({1., 0., 1.}))}};
    GraphRequest request;
    request.data = &flips;
    COMPARE_TEXT(summary(model_graph(*coin, request), false),
                 std::string(R"(latent_fairness: latent Beta @11
obs_0: observed Bernoulli <- [latent_fairness] @13
obs_1: observed Bernoulli <- [latent_fairness] @13
obs_2: observed Bernoulli <- [latent_fairness] @13
)"));
    // The HMM: a sequential plate around a vectorized one; the hidden states are integers, so
    // the dependence of y_t on x_t is invisible to autograd (documented).
    auto hmm = load("hmm.py", test::read_file(good("hmm.py")));
    at::Tensor sequences = at::zeros({2, 2, 3}, at::kDouble);
    sequences.index_put_({0, 1, 2}, 1.0);
    const DataMap data = {{"sequences", Value(sequences)},
                          {"lengths", Value(at::tensor({1, 2}, at::kLong))}};
    request.data = &data;
    COMPARE_TEXT(summary(model_graph(*hmm, request), false),
                 std::string(R"(probs_x: latent Dirichlet @11
probs_y: latent Beta @13
x_0_0: latent Categorical in [sequences] <- [probs_x] @21
y_0_0: observed Bernoulli in [sequences, tones] <- [probs_y] @24
x_1_0: latent Categorical in [sequences] <- [probs_x] @21
y_1_0: observed Bernoulli in [sequences, tones] <- [probs_y] @24
x_1_1: latent Categorical in [sequences] <- [probs_x] @21
y_1_1: observed Bernoulli in [sequences, tones] <- [probs_y] @24
plate sequences size 2 sequential
plate tones size 3 dim -1 in sequences
)"));
  }

  void tracedAndStaticGraphsAgreeOnEightSchools() {
    auto file =
        load("eight_schools.py", test::read_file(KILN_SOURCE_DIR "/examples/eight_schools_noncentered.py"));
    const DataMap data = eight_schools_data();
    GraphRequest request;
    request.data = &data;
    const ModelGraph s = model_graph(*file, request);
    request.mode = GraphMode::traced;
    const ModelGraph t = model_graph(*file, request);
    QCOMPARE(s.origin, GraphOrigin::static_pass);
    QCOMPARE(t.origin, GraphOrigin::traced);
    QCOMPARE(t.fallback_reason, std::string());
    COMPARE_TEXT(summary(t, false), summary(s, false));
    QCOMPARE(t.node("obs")->span->begin, s.node("obs")->span->begin);
  }

  void tracedAndStaticGraphsAgreeOnParamsDeterministicSitesAndFactors() {
    auto file = load("m.py", R"(import torch
import pyro
import pyro.distributions as dist


def model(x):
    w = pyro.param("w", torch.tensor(1.))
    z = pyro.sample("z", dist.Normal(w, 1.).expand([3]).to_event(1))
    d = pyro.deterministic("d", z * x)
    pyro.factor("f", -(d ** 2).sum())
)");
    const DataMap data = {{"x", Value(T({1., 2., 3.}))}};
    GraphRequest request;
    request.data = &data;
    const ModelGraph s = model_graph(*file, request);
    request.mode = GraphMode::traced;
    const ModelGraph t = model_graph(*file, request);
    QCOMPARE(s.origin, GraphOrigin::static_pass);
    const std::string expected = R"(x: data @6
w: param @7
z: latent Normal <- [w] @8
d: deterministic <- [x, z] @9
f: factor <- [d] @10
)";
    COMPARE_TEXT(summary(s, false), expected);
    COMPARE_TEXT(summary(t, false), expected);
    QCOMPARE(poutine::param_store().size(), size_t(0)); // the run kept its params to itself
  }

  void jsonRoundTripIsStable() {
    auto file =
        load("eight_schools.py", test::read_file(KILN_SOURCE_DIR "/examples/eight_schools_noncentered.py"));
    const DataMap data = eight_schools_data();
    GraphRequest request;
    request.data = &data;
    for (GraphMode mode : {GraphMode::automatic, GraphMode::traced}) {
      request.mode = mode;
      const std::string text = to_json(model_graph(*file, request));
      QCOMPARE(to_json(graph_from_json(text)), text);
    }
    request.mode = GraphMode::automatic;
    const std::string text = to_json(model_graph(*file, request));
    QVERIFY(text.rfind("{\n  \"format\": \"kiln-model-graph\",\n  \"version\": 1,\n  \"file\": "
                       "\"eight_schools.py\",\n  \"model\": \"model\",\n  \"origin\": \"static\",\n"
                       "  \"fallback_reason\": \"\",\n  \"nodes\": [\n    {\n      \"name\": "
                       "\"sigma\",\n      \"kind\": \"data\",",
                       0) == 0);
    QVERIFY(text.find("\"name\": \"schools\",\n      \"size\": 8,\n      \"size_text\": \"J\",\n"
                      "      \"dim\": -1,") != std::string::npos);
    // Damaged files are errors that say where.
    std::string bad = text;
    bad.replace(bad.find("\"kind\": \"data\""), 14, "\"kind\": \"datum\"");
    try {
      graph_from_json(bad);
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(std::string(e.what()),
               std::string("model graph JSON: nodes[0].kind: unknown model graph node kind "
                           "'datum'"));
    }
    try {
      graph_from_json("{\"format\": \"kiln-model-graph\", \"version\": 1}");
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(std::string(e.what()), std::string("model graph JSON: the graph.file is missing"));
    }
  }

  void dotHasNodesAndClusters() {
    auto file =
        load("eight_schools.py", test::read_file(KILN_SOURCE_DIR "/examples/eight_schools_noncentered.py"));
    const DataMap data = eight_schools_data();
    GraphRequest request;
    request.data = &data;
    const std::string dot = to_dot(model_graph(*file, request));
    for (const char* part :
         {"digraph \"model\" {\n", "  \"sigma\" [shape=square];\n", "  \"mu\" [shape=circle];\n",
          "  subgraph cluster_0 {\n    label=\"schools (8)\";\n",
          "    \"theta\" [shape=diamond];\n",
          "    \"obs\" [shape=circle, style=filled, fillcolor=gray];\n", "  \"mu\" -> \"theta\";\n",
          "  \"sigma\" -> \"obs\";\n"})
      QVERIFY2(dot.find(part) != std::string::npos, part);
  }

  void dotParsesWithGraphviz() {
    const QString dot = QStandardPaths::findExecutable("dot");
    if (dot.isEmpty())
      QSKIP("Graphviz's dot is not installed");
    auto file = load("hmm.py", test::read_file(good("hmm.py")));
    const DataMap data = {{"sequences", Value(at::zeros({1, 2, 3}, at::kDouble))},
                          {"lengths", Value(at::tensor({2}, at::kLong))}};
    GraphRequest request;
    request.data = &data;
    QProcess p;
    p.start(dot, {"-Tsvg"});
    p.write(QByteArray::fromStdString(to_dot(model_graph(*file, request))));
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardOutput().contains("<svg"));
  }
};

QTEST_GUILESS_MAIN(ModelGraphTest)
#include "model_graph_test.moc"
