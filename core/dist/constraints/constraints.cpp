#include "core/dist/constraints/constraints.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::dist {

bool Constraint::holds_everywhere(const at::Tensor& value) const {
  return check(value).all().item<bool>();
}

} // namespace kiln::dist

namespace kiln::dist::constraints {

namespace {

std::string bound_text(const at::Tensor& b, const char* what) {
  return b.numel() == 1 ? format_number(b.item<double>()) : std::string(what);
}

at::Tensor scalar(double x) {
  return at::scalar_tensor(x, at::kDouble);
}

// True when no element is NaN: a sum is NaN when some element is (or when +inf meets -inf, where
// the caller falls back to the elementwise test).
bool no_nan(const at::Tensor& v) {
  return !v.is_floating_point() || v.numel() == 0 || !std::isnan(v.sum().item<double>());
}

// min(v) > lb (or >= lb), false where v holds a NaN, which min propagates.
bool min_above(const at::Tensor& v, double lb, bool or_equal) {
  if (v.numel() == 0)
    return true;
  const double m = v.min().item<double>();
  return or_equal ? m >= lb : m > lb;
}

// A constraint whose check is one elementwise predicate, with an optional one-reduction test of
// "holds everywhere".
class Elementwise : public Constraint {
public:
  using Predicate = at::Tensor (*)(const at::Tensor&);
  using Everywhere = bool (*)(const at::Tensor&);
  Elementwise(std::string name, std::string requirement, Predicate pred, bool discrete,
              Everywhere everywhere = nullptr)
      : name_(std::move(name)), requirement_(std::move(requirement)), pred_(pred),
        everywhere_(everywhere), discrete_(discrete) {}
  std::string name() const override { return name_; }
  std::string requirement() const override { return requirement_; }
  at::Tensor check(const at::Tensor& v) const override { return pred_(v); }
  bool holds_everywhere(const at::Tensor& v) const override {
    return everywhere_ ? everywhere_(v) : Constraint::holds_everywhere(v);
  }
  bool is_discrete() const override { return discrete_; }

private:
  std::string name_, requirement_;
  Predicate pred_;
  Everywhere everywhere_;
  bool discrete_;
};

at::Tensor is_integer(const at::Tensor& v) {
  return v.is_floating_point() ? v == at::floor(v) : at::ones_like(v, at::kBool);
}

enum class Side { Greater, GreaterEq, Less };

class OneSided : public Constraint {
public:
  OneSided(Side side, at::Tensor bound) : side_(side), bound_(std::move(bound)) {}
  std::string name() const override {
    switch (side_) {
    case Side::Greater:
      return "greater_than";
    case Side::GreaterEq:
      return "greater_than_eq";
    default:
      return "less_than";
    }
  }
  std::string repr() const override {
    return name() + (side_ == Side::Less ? "(upper_bound=" : "(lower_bound=") +
           bound_text(bound_, "...") + ")";
  }
  std::string requirement() const override {
    switch (side_) {
    case Side::Greater:
      return "greater than " + bound_text(bound_, "the lower bound");
    case Side::GreaterEq:
      return "at least " + bound_text(bound_, "the lower bound");
    default:
      return "less than " + bound_text(bound_, "the upper bound");
    }
  }
  at::Tensor check(const at::Tensor& v) const override {
    switch (side_) {
    case Side::Greater:
      return v > bound_;
    case Side::GreaterEq:
      return v >= bound_;
    default:
      return v < bound_;
    }
  }
  bool holds_everywhere(const at::Tensor& v) const override {
    if (bound_.numel() != 1 || v.numel() == 0)
      return Constraint::holds_everywhere(v);
    const double b = bound_.item<double>();
    if (side_ == Side::Less)
      return v.max().item<double>() < b;
    return min_above(v, b, side_ == Side::GreaterEq);
  }
  at::Tensor lower_bound() const override { return side_ == Side::Less ? at::Tensor() : bound_; }
  at::Tensor upper_bound() const override { return side_ == Side::Less ? bound_ : at::Tensor(); }

private:
  Side side_;
  at::Tensor bound_;
};

class Interval : public Constraint {
public:
  Interval(std::string name, at::Tensor lb, at::Tensor ub, bool open_right, bool discrete)
      : name_(std::move(name)), lb_(std::move(lb)), ub_(std::move(ub)), open_right_(open_right),
        discrete_(discrete) {}
  std::string name() const override { return name_; }
  std::string repr() const override {
    if (name_ == "unit_interval")
      return name_;
    return name_ + "(lower_bound=" + bound_text(lb_, "...") +
           ", upper_bound=" + bound_text(ub_, "...") + ")";
  }
  std::string requirement() const override {
    if (lb_.numel() != 1 || ub_.numel() != 1)
      return std::string(discrete_ ? "an integer " : "") + "between the lower and upper bounds";
    return std::string(discrete_ ? "an integer " : "") + "in [" + bound_text(lb_, "") + ", " +
           bound_text(ub_, "") + (open_right_ ? ")" : "]");
  }
  at::Tensor check(const at::Tensor& v) const override {
    auto ok = (v >= lb_) & (open_right_ ? v < ub_ : v <= ub_);
    return discrete_ ? ok & is_integer(v) : ok;
  }
  bool holds_everywhere(const at::Tensor& v) const override {
    if (discrete_ || lb_.numel() != 1 || ub_.numel() != 1 || v.numel() == 0)
      return Constraint::holds_everywhere(v);
    const auto [lo, hi] = at::aminmax(v);
    const double l = lo.item<double>(), h = hi.item<double>();
    return l >= lb_.item<double>() &&
           (open_right_ ? h < ub_.item<double>() : h <= ub_.item<double>());
  }
  bool is_discrete() const override { return discrete_; }
  at::Tensor lower_bound() const override { return lb_; }
  at::Tensor upper_bound() const override { return ub_; }

private:
  std::string name_;
  at::Tensor lb_, ub_;
  bool open_right_, discrete_;
};

class Independent : public Constraint {
public:
  Independent(ConstraintPtr base, int64_t n) : base_(std::move(base)), n_(n) {}
  std::string name() const override {
    // real_vector is independent(real, 1) but keeps its own name, as in Pyro.
    return base_->name() == "real" && n_ == 1 ? "real_vector" : "independent";
  }
  std::string repr() const override {
    if (name() == "real_vector")
      return name();
    return "independent(" + base_->repr() + ", " + std::to_string(n_) + ")";
  }
  std::string requirement() const override { return base_->requirement() + " in every entry"; }
  at::Tensor check(const at::Tensor& v) const override {
    auto ok = base_->check(v);
    if (ok.dim() < n_)
      throw ShapeError("independent constraint: a value of " + std::to_string(v.dim()) +
                       " dims has fewer than the " + std::to_string(event_dim()) +
                       " event dims the constraint needs");
    for (int64_t i = 0; i < n_; ++i)
      ok = ok.all(-1);
    return ok;
  }
  bool holds_everywhere(const at::Tensor& v) const override {
    // Where every element holds, every event does; too few dims is check()'s error to raise.
    return v.dim() >= event_dim() ? base_->holds_everywhere(v) : Constraint::holds_everywhere(v);
  }
  int64_t event_dim() const override { return base_->event_dim() + n_; }
  bool is_discrete() const override { return base_->is_discrete(); }
  ConstraintPtr base() const override { return base_; }
  int64_t reinterpreted_batch_ndims() const override { return n_; }

private:
  ConstraintPtr base_;
  int64_t n_;
};

} // namespace

ConstraintPtr real() {
  static const ConstraintPtr c = std::make_shared<Elementwise>(
      "real", "a real number", [](const at::Tensor& v) { return v == v; }, false, no_nan);
  return c;
}

ConstraintPtr real_vector() {
  static const ConstraintPtr c = independent(real(), 1);
  return c;
}

ConstraintPtr positive() {
  static const ConstraintPtr c = std::make_shared<Elementwise>(
      "positive", "positive", [](const at::Tensor& v) { return v > 0; }, false,
      [](const at::Tensor& v) { return min_above(v, 0, false); });
  return c;
}

ConstraintPtr nonnegative() {
  static const ConstraintPtr c = std::make_shared<Elementwise>(
      "nonnegative", "nonnegative", [](const at::Tensor& v) { return v >= 0; }, false,
      [](const at::Tensor& v) { return min_above(v, 0, true); });
  return c;
}

ConstraintPtr greater_than(const at::Tensor& lb) {
  return std::make_shared<OneSided>(Side::Greater, lb);
}
ConstraintPtr greater_than_eq(const at::Tensor& lb) {
  return std::make_shared<OneSided>(Side::GreaterEq, lb);
}
ConstraintPtr less_than(const at::Tensor& ub) {
  return std::make_shared<OneSided>(Side::Less, ub);
}

ConstraintPtr interval(const at::Tensor& lb, const at::Tensor& ub) {
  return std::make_shared<Interval>("interval", lb, ub, false, false);
}
ConstraintPtr half_open_interval(const at::Tensor& lb, const at::Tensor& ub) {
  return std::make_shared<Interval>("half_open_interval", lb, ub, true, false);
}
ConstraintPtr unit_interval() {
  static const ConstraintPtr c =
      std::make_shared<Interval>("unit_interval", scalar(0), scalar(1), false, false);
  return c;
}

ConstraintPtr integer() {
  static const ConstraintPtr c =
      std::make_shared<Elementwise>("integer", "an integer", is_integer, true);
  return c;
}

ConstraintPtr nonnegative_integer() {
  static const ConstraintPtr c = std::make_shared<Elementwise>(
      "nonnegative_integer", "a nonnegative integer",
      [](const at::Tensor& v) { return is_integer(v) & (v >= 0); }, true);
  return c;
}

ConstraintPtr positive_integer() {
  static const ConstraintPtr c = std::make_shared<Elementwise>(
      "positive_integer", "a positive integer",
      [](const at::Tensor& v) { return is_integer(v) & (v >= 1); }, true);
  return c;
}

ConstraintPtr integer_interval(const at::Tensor& lb, const at::Tensor& ub) {
  return std::make_shared<Interval>("integer_interval", lb, ub, false, true);
}

ConstraintPtr boolean() {
  static const ConstraintPtr c = std::make_shared<Elementwise>(
      "boolean", "0 or 1", [](const at::Tensor& v) { return (v == 0) | (v == 1); }, true);
  return c;
}

ConstraintPtr independent(ConstraintPtr base, int64_t n) {
  return std::make_shared<Independent>(std::move(base), n);
}

ConstraintPtr greater_than(double lb) {
  return greater_than(scalar(lb));
}
ConstraintPtr greater_than_eq(double lb) {
  return greater_than_eq(scalar(lb));
}
ConstraintPtr less_than(double ub) {
  return less_than(scalar(ub));
}
ConstraintPtr interval(double lb, double ub) {
  return interval(scalar(lb), scalar(ub));
}
ConstraintPtr integer_interval(int64_t lb, int64_t ub) {
  return integer_interval(scalar(static_cast<double>(lb)), scalar(static_cast<double>(ub)));
}

} // namespace kiln::dist::constraints
