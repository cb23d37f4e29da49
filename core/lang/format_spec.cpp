#include "core/lang/format_spec.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/value_reads.h"

namespace kiln::lang {

namespace {

struct Spec {
  char fill = ' ';
  char align = 0; // '<', '>', '^', '=' or 0 for the type's default
  char sign = '-';
  bool alternate = false;
  int width = 0;
  char grouping = 0;
  int precision = -1;
  char type = 0;
};

Spec parse_spec(const std::string& text) {
  Spec spec;
  size_t i = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  if (text.size() >= 2 && is_align(text[1])) {
    spec.fill = text[0];
    spec.align = text[1];
    i = 2;
  } else if (!text.empty() && is_align(text[0])) {
    spec.align = text[0];
    i = 1;
  }
  if (i < text.size() && (text[i] == '+' || text[i] == '-' || text[i] == ' '))
    spec.sign = text[i++];
  if (i < text.size() && text[i] == '#') {
    spec.alternate = true;
    ++i;
  }
  if (i < text.size() && text[i] == '0') {
    if (!spec.align) {
      spec.fill = '0';
      spec.align = '=';
    }
    ++i;
  }
  auto digits = [&](int& out) {
    size_t begin = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - begin < 6)
      out = out * 10 + (text[i++] - '0');
    return i > begin;
  };
  digits(spec.width);
  if (i < text.size() && (text[i] == ',' || text[i] == '_'))
    spec.grouping = text[i++];
  if (i < text.size() && text[i] == '.') {
    ++i;
    spec.precision = 0;
    if (!digits(spec.precision))
      throw Error("Format specifier missing precision");
  }
  if (i < text.size())
    spec.type = text[i++];
  if (i != text.size())
    throw Error("Invalid format specifier '" + text + "'");
  return spec;
}

std::string pad(const std::string& body, const std::string& sign, const Spec& spec,
                char default_align) {
  const size_t length = body.size() + sign.size();
  if (static_cast<size_t>(spec.width) <= length)
    return sign + body;
  const size_t fill = spec.width - length;
  const char align = spec.align ? spec.align : default_align;
  const std::string f(fill, spec.fill);
  switch (align) {
  case '<':
    return sign + body + f;
  case '^':
    return std::string(fill / 2, spec.fill) + sign + body + std::string(fill - fill / 2, spec.fill);
  case '=':
    return sign + f + body;
  default:
    return f + sign + body;
  }
}

std::string group(const std::string& digits, char separator) {
  if (!separator)
    return digits;
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i && (n - i) % 3 == 0)
      out += separator;
    out += digits[i];
  }
  return out;
}

std::string sign_of(bool negative, char sign) {
  if (negative)
    return "-";
  return sign == '+' ? "+" : sign == ' ' ? " " : "";
}

std::string format_int(int64_t v, const Spec& spec) {
  const bool negative = v < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string digits, prefix;
  switch (spec.type) {
  case 0:
  case 'd':
  case 'n':
    digits = group(std::to_string(magnitude), spec.grouping);
    break;
  case 'x':
  case 'X':
  case 'o':
  case 'b': {
    const int base = spec.type == 'o' ? 8 : spec.type == 'b' ? 2 : 16;
    const char* alphabet = spec.type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    uint64_t m = magnitude;
    do {
      digits.insert(digits.begin(), alphabet[m % base]);
      m /= base;
    } while (m);
    if (spec.alternate)
      prefix = std::string("0") + spec.type;
    break;
  }
  case 'c':
    if (magnitude > 127 || negative)
      throw Error("format(): %c arg not in range(128)");
    return pad(std::string(1, static_cast<char>(v)), "", spec, '<');
  default:
    throw Error(std::string("Unknown format code '") + spec.type + "' for object of type 'int'");
  }
  return pad(digits, sign_of(negative, spec.sign) + prefix, spec, '>');
}

std::string printf_double(double v, char type, int precision) {
  char format[16];
  std::snprintf(format, sizeof format, "%%.%d%c", precision, type);
  int n = std::snprintf(nullptr, 0, format, v);
  std::string out(static_cast<size_t>(n), '\0');
  std::snprintf(out.data(), out.size() + 1, format, v);
  return out;
}

std::string format_double(double v, const Spec& spec) {
  if (spec.type && std::string("eEfFgG%n").find(spec.type) == std::string::npos)
    throw Error(std::string("Unknown format code '") + spec.type + "' for object of type 'float'");
  const bool negative = std::signbit(v) && !std::isnan(v);
  const double a = std::fabs(v);
  std::string body;
  if (std::isnan(a) || std::isinf(a)) {
    body = std::isnan(a) ? "nan" : "inf";
    if (spec.type == 'E' || spec.type == 'F' || spec.type == 'G')
      body = std::isnan(a) ? "NAN" : "INF";
    if (spec.type == '%')
      body += "%";
  } else if (spec.type == '%') {
    body = printf_double(a * 100, 'f', spec.precision < 0 ? 6 : spec.precision) + "%";
  } else if (spec.type == 0 && spec.precision < 0) {
    body = repr(Value(a)); // Python's shortest round-trip form
  } else if (spec.type == 0 || spec.type == 'n') {
    // Like 'g', but fixed-point notation keeps a digit after the point.
    body = printf_double(a, 'g', std::max(spec.precision, 1));
    if (body.find_first_of(".e") == std::string::npos)
      body += ".0";
  } else {
    const char type = spec.type == 'F' ? 'f' : spec.type;
    body = printf_double(a, type, spec.precision < 0 ? 6 : spec.precision);
  }
  if (spec.grouping && std::isfinite(a)) {
    const size_t end = body.find_first_not_of("0123456789");
    body = group(body.substr(0, end), spec.grouping) +
           (end == std::string::npos ? "" : body.substr(end));
  }
  return pad(body, sign_of(negative, spec.sign), spec, '>');
}

Value scalar_of(const at::Tensor& t) {
  if (t.numel() != 1)
    throw Error("unsupported format string passed to Tensor.__format__");
  note_value_read(t);
  if (t.scalar_type() == at::kBool)
    return Value(t.item<bool>());
  if (at::isIntegralType(t.scalar_type(), false))
    return Value(t.item<int64_t>());
  return Value(t.item<double>());
}

} // namespace

std::string str_of(const Value& value) {
  if (auto s = value.get_if<std::string>())
    return *s;
  return repr(value);
}

std::string format_value(const Value& value, const std::string& text) {
  if (text.empty())
    return str_of(value);
  const Spec spec = parse_spec(text);
  if (auto t = value.get_if<at::Tensor>())
    return format_value(scalar_of(*t), text);
  if (auto s = value.get_if<std::string>()) {
    if (spec.type && spec.type != 's')
      throw Error(std::string("Unknown format code '") + spec.type + "' for object of type 'str'");
    if (spec.align == '=')
      throw Error("'=' alignment not allowed in string format specifier");
    std::string body = spec.precision >= 0 ? s->substr(0, spec.precision) : *s;
    return pad(body, "", spec, '<');
  }
  if (auto b = value.get_if<bool>()) {
    if (!spec.type || spec.type == 's')
      return pad(*b ? "True" : "False", "", spec, '<');
    return format_int(*b ? 1 : 0, spec);
  }
  if (auto i = value.get_if<int64_t>()) {
    if (spec.type && std::string("eEfFgG%").find(spec.type) != std::string::npos)
      return format_double(static_cast<double>(*i), spec);
    if (spec.precision >= 0)
      throw Error("Precision not allowed in integer format specifier");
    return format_int(*i, spec);
  }
  if (auto d = value.get_if<double>())
    return format_double(*d, spec);
  throw Error("unsupported format string passed to " + type_name(value) + ".__format__");
}

std::string format_string(const std::string& s, const std::vector<Value>& args,
                          const std::vector<std::pair<std::string, Value>>& kwargs) {
  std::string result;
  size_t next = 0;
  bool numbered = false, automatic = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '{' || s[i] == '}') && i + 1 < s.size() && s[i + 1] == s[i]) {
      result += s[i++];
      continue;
    }
    if (s[i] == '}')
      throw Error("Single '}' encountered in format string");
    if (s[i] != '{') {
      result += s[i];
      continue;
    }
    const size_t close = s.find('}', i);
    if (close == std::string::npos)
      throw Error("Single '{' encountered in format string");
    std::string field = s.substr(i + 1, close - i - 1);
    if (field.find('{') != std::string::npos)
      throw Error("str.format(): nested replacement fields are not supported in Kiln");
    std::string spec;
    if (size_t colon = field.find(':'); colon != std::string::npos) {
      spec = field.substr(colon + 1);
      field.resize(colon);
    }
    char conversion = 0;
    if (size_t bang = field.find('!'); bang != std::string::npos) {
      if (bang + 2 != field.size() || std::string("rsa").find(field[bang + 1]) == std::string::npos)
        throw Error("str.format(): invalid conversion in '{" + s.substr(i + 1, close - i - 1) +
                    "}'");
      conversion = field[bang + 1];
      field.resize(bang);
    }
    const Value* value = nullptr;
    if (field.empty() || std::isdigit(static_cast<unsigned char>(field[0]))) {
      size_t index = next;
      if (field.empty()) {
        automatic = true;
        ++next;
      } else {
        numbered = true;
        char* end = nullptr;
        index = std::strtoul(field.c_str(), &end, 10);
        if (*end != '\0')
          throw Error("str.format(): the field '{" + field + "}' is not supported in Kiln");
      }
      if (automatic && numbered)
        throw Error("cannot switch between automatic field numbering and manual field "
                    "specification");
      if (index >= args.size())
        throw Error("Replacement index " + std::to_string(index) +
                    " out of range for positional args tuple");
      value = &args[index];
    } else {
      for (const auto& [name, v] : kwargs)
        if (name == field)
          value = &v;
      if (!value)
        throw Error("str.format(): no keyword argument '" + field + "'");
    }
    if (conversion == 'r' || conversion == 'a')
      result += format_value(Value(repr(*value)), spec);
    else if (conversion == 's')
      result += format_value(Value(str_of(*value)), spec);
    else
      result += format_value(*value, spec);
    i = close;
  }
  return result;
}

} // namespace kiln::lang
