#include "ecs/cleaned_json.h"

#include "common/json_string.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdio>

namespace trailhound::ecs {

using simdjson::dom::element;

// By-value accessors: ranging over a temporary simdjson_result would dangle.
inline simdjson::dom::object obj_of(simdjson::dom::element e) {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return o;
  return o;
}
inline simdjson::dom::array arr_of(simdjson::dom::element e) {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return a;
  return a;
}

using simdjson::dom::element_type;

bool is_pruned(element e) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      return true;
    case element_type::STRING: {
      std::string_view s = e.get_string().value_unsafe();
      return s.empty() || s == "-" || s == "none";
    }
    case element_type::OBJECT:
      for (auto field : obj_of(e)) {
        if (!is_pruned(field.value)) return false;
      }
      return true;
    case element_type::ARRAY:
      for (element child : arr_of(e)) {
        if (!is_pruned(child)) return false;
      }
      return true;
    default:
      return false;
  }
}

int32_t java_string_hash(std::string_view s) {
  uint32_t h = 0;
  auto add = [&h](uint32_t unit) { h = 31 * h + unit; };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    size_t len;
    if (c < 0x80) {
      cp = c, len = 1;
    } else if ((c >> 5) == 0x6 && i + 1 < s.size()) {
      cp = ((c & 0x1fu) << 6) | (s[i + 1] & 0x3fu), len = 2;
    } else if ((c >> 4) == 0xe && i + 2 < s.size()) {
      cp = ((c & 0x0fu) << 12) | ((s[i + 1] & 0x3fu) << 6) | (s[i + 2] & 0x3fu), len = 3;
    } else if ((c >> 3) == 0x1e && i + 3 < s.size()) {
      cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3fu) << 12) | ((s[i + 2] & 0x3fu) << 6) | (s[i + 3] & 0x3fu);
      len = 4;
    } else {
      cp = 0xfffd, len = 1;  // invalid byte: Java's decoder substitutes U+FFFD
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xd800 + (cp >> 10));
      add(0xdc00 + (cp & 0x3ff));
    } else {
      add(cp);
    }
    i += len;
  }
  return static_cast<int32_t>(h);
}

std::vector<size_t> java_hashmap_order(const std::vector<std::string_view>& keys) {
  std::vector<uint32_t> spread(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    uint32_t h = static_cast<uint32_t>(java_string_hash(keys[i]));
    spread[i] = h ^ (h >> 16);
  }
  // Replay HashMap.putVal's resizing: load factor 0.75, and a bin that grows past 8
  // entries while the table is smaller than 64 forces a resize instead of a treeify.
  uint32_t cap = 16;
  for (size_t n = 0; n < keys.size(); ++n) {
    size_t in_bin = 0;
    for (size_t j = 0; j < n; ++j) in_bin += (spread[j] & (cap - 1)) == (spread[n] & (cap - 1));
    if (in_bin >= 8 && cap < 64) cap *= 2;
    if (n + 1 > cap * 3 / 4) cap *= 2;
  }
  // Resizes split bins preserving relative order, so the final order is a stable
  // sort by bucket index in the final table.
  std::vector<size_t> order(keys.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return (spread[a] & (cap - 1)) < (spread[b] & (cap - 1)); });
  return order;
}

std::string java_double_to_string(double d) {
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(r.ptr - buf));  // e.g. "-1.2345e-05"
  std::string out;
  if (sci[0] == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  size_t epos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, epos)) {
    if (c != '.') digits.push_back(c);
  }
  int exp = std::atoi(std::string(sci.substr(epos + 1)).c_str());
  double mag = std::fabs(d);
  if (mag >= 1e-3 && mag < 1e7) {
    if (exp >= 0) {
      size_t int_len = static_cast<size_t>(exp) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, int_len);
        out.push_back('.');
        out += digits.substr(int_len);
      }
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-exp - 1), '0');
      out += digits;
    }
    return out;
  }
  out.push_back(digits[0]);
  out.push_back('.');
  out += digits.size() > 1 ? digits.substr(1) : "0";
  out.push_back('E');
  out += std::to_string(exp);
  return out;
}

namespace {

void append_scalar_java(element e, std::string& out) {
  switch (e.type()) {
    case element_type::STRING:
      out.append(e.get_string().value_unsafe());
      break;
    case element_type::INT64:
      out += std::to_string(e.get_int64().value_unsafe());
      break;
    case element_type::UINT64:
      out += std::to_string(e.get_uint64().value_unsafe());
      break;
    case element_type::DOUBLE:
      out += java_double_to_string(e.get_double().value_unsafe());
      break;
    case element_type::BOOL:
      out += e.get_bool().value_unsafe() ? "true" : "false";
      break;
    default:
      out += "null";
      break;
  }
}

void append_java(element e, std::string& out, std::string_view skip) {
  if (e.type() == element_type::OBJECT) {
    simdjson::dom::object obj = e.get_object().value_unsafe();
    std::vector<std::string_view> keys;
    std::vector<element> values;
    for (auto field : obj) {
      keys.push_back(field.key);
      values.push_back(field.value);
    }
    std::vector<size_t> order = java_hashmap_order(keys);
    out.push_back('{');
    bool first = true;
    for (size_t i : order) {
      if (is_pruned(values[i]) || (!skip.empty() && keys[i] == skip)) continue;
      if (!first) out += ", ";
      first = false;
      out.append(keys[i]);
      out.push_back('=');
      append_java(values[i], out, {});
    }
    out.push_back('}');
  } else if (e.type() == element_type::ARRAY) {
    out.push_back('[');
    bool first = true;
    for (element child : arr_of(e)) {
      if (is_pruned(child)) continue;
      if (!first) out += ", ";
      first = false;
      append_java(child, out, {});
    }
    out.push_back(']');
  } else {
    append_scalar_java(e, out);
  }
}


void append_json(element e, std::string& out, std::string_view skip) {
  switch (e.type()) {
    case element_type::OBJECT: {
      out.push_back('{');
      bool first = true;
      for (auto field : obj_of(e)) {
        if (is_pruned(field.value) || (!skip.empty() && field.key == skip)) continue;
        if (!first) out.push_back(',');
        first = false;
        trailhound::append_json_string(out, field.key);
        out.push_back(':');
        append_json(field.value, out, {});
      }
      out.push_back('}');
      break;
    }
    case element_type::ARRAY: {
      out.push_back('[');
      bool first = true;
      for (element child : arr_of(e)) {
        if (is_pruned(child)) continue;
        if (!first) out.push_back(',');
        first = false;
        append_json(child, out, {});
      }
      out.push_back(']');
      break;
    }
    case element_type::STRING:
      trailhound::append_json_string(out, e.get_string().value_unsafe());
      break;
    case element_type::DOUBLE: {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, e.get_double().value_unsafe());
      out.append(buf, r.ptr);
      break;
    }
    default:
      append_scalar_java(e, out);  // ints, bools, null print the same in JSON
  }
}

}  // namespace

void append_java_string(element e, std::string& out, std::string_view skip_top_key) {
  append_java(e, out, skip_top_key);
}

void append_clean_json(element e, std::string& out, std::string_view skip_top_key) {
  append_json(e, out, skip_top_key);
}

}  // namespace trailhound::ecs
