#pragma once
// The values a Kiln model computes with: Python's None, bool, int, float, str, list, tuple and
// dict, torch tensors, and objects (functions, distributions, modules, plates...). Lists and
// dicts are shared by reference, as in Python.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <ATen/core/Tensor.h>

namespace kiln::lang {

class Object;
struct Value;

struct None {
  bool operator==(const None&) const { return true; }
};

struct ListData {
  std::vector<Value> items;
};
struct TupleData {
  std::vector<Value> items;
  // The field names of torch's named tuples (torch.max(x, 1).values); empty for plain tuples.
  std::vector<std::string> names;
};
struct DictData {
  // Insertion order, as Python keeps it; keys are compared by value (see equal()).
  std::vector<std::pair<Value, Value>> items;
  const Value* find(const Value& key) const;
  void set(Value key, Value value);
};

using ListPtr = std::shared_ptr<ListData>;
using TuplePtr = std::shared_ptr<const TupleData>;
using DictPtr = std::shared_ptr<DictData>;
using ObjectPtr = std::shared_ptr<Object>;

struct Value {
  std::variant<None, bool, int64_t, double, std::string, at::Tensor, ListPtr, TuplePtr, DictPtr,
               ObjectPtr>
      v;

  Value() : v(None{}) {}
  Value(None) : v(None{}) {}                   // NOLINT: values convert implicitly
  Value(bool b) : v(b) {}                      // NOLINT
  Value(int x) : v(static_cast<int64_t>(x)) {} // NOLINT
  Value(int64_t x) : v(x) {}                   // NOLINT
  Value(double x) : v(x) {}                    // NOLINT
  Value(std::string s) : v(std::move(s)) {}    // NOLINT
  Value(const char* s) : v(std::string(s)) {}  // NOLINT
  Value(at::Tensor t) : v(std::move(t)) {}     // NOLINT
  Value(ListPtr l) : v(std::move(l)) {}        // NOLINT
  Value(TuplePtr t) : v(std::move(t)) {}       // NOLINT
  Value(DictPtr d) : v(std::move(d)) {}        // NOLINT
  Value(ObjectPtr o) : v(std::move(o)) {}      // NOLINT

  template <class T> bool is() const { return std::holds_alternative<T>(v); }
  template <class T> const T& get() const { return std::get<T>(v); }
  template <class T> const T* get_if() const { return std::get_if<T>(&v); }

  bool is_none() const { return is<None>(); }
  bool is_number() const { return is<bool>() || is<int64_t>() || is<double>(); }
};

Value make_list(std::vector<Value> items = {});
Value make_tuple(std::vector<Value> items = {});
Value make_dict();

// Python's type names: "int", "Tensor", "Normal", "function".
std::string type_name(const Value& value);
// Python's repr, short: tensors print as tensor(...) with their values when small.
std::string repr(const Value& value);
// Python's truth: empty containers, zero and None are false; a tensor must have one element.
bool truthy(const Value& value);
// ==, as Python compares (numbers across types; tensors by torch.equal).
bool equal(const Value& a, const Value& b);

// The arguments of a call: positional values, then keywords in the order written.
struct CallArgs {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keywords;
};

// Yields the values of a `for` loop one at a time (so pyro.markov can mark each step).
class Iterator {
public:
  virtual ~Iterator() = default;
  // The next value, or false when done.
  virtual bool next(Value& out) = 0;
};

// An object the language can call, get attributes of, iterate, or use in `with`. Each
// operation a kind of object lacks throws kiln::Error with Python's wording ("'Normal' object is
// not callable").
class Object : public std::enable_shared_from_this<Object> {
public:
  virtual ~Object() = default;
  virtual std::string type_name() const = 0;
  virtual std::string repr() const { return "<" + type_name() + ">"; }

  virtual Value call(CallArgs& args);
  // Sets `out` and returns true when the object has the attribute.
  virtual bool get_attribute(const std::string& name, Value& out);
  virtual std::unique_ptr<Iterator> iterate();
  // `with obj as target:` binds what enter returns; exit runs however the block ends.
  virtual Value enter();
  virtual void exit() noexcept;
};

} // namespace kiln::lang
