// JSON_EXTRACT(json, path): the value at `path` in a JSON string, as keyword.
//
// Semantics (Elasticsearch's JSON_EXTRACT documentation):
// - `json` is a string (or the `_source` metadata field); `path` a string.
// - Path syntax: an optional `$` root, then `.name` / `name` member steps,
//   `[N]` array indices and `['name']` / `["name"]` bracketed member names
//   (for keys holding dots or spaces): `a.b[0].c`, `$.a.b`, `$['a.b']`.
// - Result: strings unescaped; numbers, booleans as their JSON text; objects
//   and arrays as compact JSON text; a JSON `null` is null.
// - Invalid JSON, an invalid path, or a path that does not exist gives null
//   plus a warning. Multi-valued input → null + the standard warning.
// The engine stores no `_source` document (the metadata field reads as null),
// so JSON_EXTRACT(_source, ...) is null for every row here.
#include <simdjson.h>

#include <fmt/format.h>

#include "exec/functions/function_registry.h"
#include "exec/value_format.h"

namespace trailhound {

namespace {

struct PathStep {
  bool is_index = false;
  std::string key;
  size_t index = 0;
};

std::optional<std::vector<PathStep>> parse_path(std::string_view p) {
  std::vector<PathStep> steps;
  size_t i = 0;
  if (!p.empty() && p[0] == '$') ++i;
  bool first = true;
  while (i < p.size()) {
    if (p[i] == '[') {
      ++i;
      if (i < p.size() && (p[i] == '\'' || p[i] == '"')) {
        const char q = p[i++];
        const size_t end = p.find(q, i);
        if (end == std::string_view::npos || end + 1 >= p.size() || p[end + 1] != ']') return std::nullopt;
        steps.push_back({false, std::string(p.substr(i, end - i)), 0});
        i = end + 2;
      } else {
        size_t n = 0, digits = 0;
        while (i < p.size() && p[i] >= '0' && p[i] <= '9') {
          n = n * 10 + static_cast<size_t>(p[i++] - '0');
          ++digits;
        }
        if (digits == 0 || i >= p.size() || p[i] != ']') return std::nullopt;
        steps.push_back({true, "", n});
        ++i;
      }
    } else {
      if (p[i] == '.') ++i;
      else if (!first) return std::nullopt;
      const size_t start = i;
      while (i < p.size() && p[i] != '.' && p[i] != '[') ++i;
      if (i == start) return std::nullopt;
      steps.push_back({false, std::string(p.substr(start, i - start)), 0});
    }
    first = false;
  }
  if (steps.empty() && (p.empty() || p != "$")) return std::nullopt;
  return steps;
}

// Appends the extracted value to `out`; false with `err` set on failure.
bool extract(simdjson::dom::parser& parser, std::string_view json, std::string_view path_text, Column& out,
             std::string& err) {
  auto path = parse_path(path_text);
  if (!path) {
    err = fmt::format("java.lang.IllegalArgumentException: Invalid path [{}]", path_text);
    return false;
  }
  simdjson::padded_string padded(json);
  simdjson::dom::element el;
  if (parser.parse(padded).get(el) != simdjson::SUCCESS) {
    err = "java.lang.IllegalArgumentException: Invalid JSON input";
    return false;
  }
  for (const PathStep& s : *path) {
    simdjson::dom::element next;
    bool found = false;
    if (s.is_index) {
      simdjson::dom::array arr;
      found = el.get_array().get(arr) == simdjson::SUCCESS && arr.at(s.index).get(next) == simdjson::SUCCESS;
    } else {
      simdjson::dom::object obj;
      found = el.get_object().get(obj) == simdjson::SUCCESS && obj.at_key(s.key).get(next) == simdjson::SUCCESS;
    }
    if (!found) {
      err = fmt::format("java.lang.IllegalArgumentException: path [{}] does not exist", path_text);
      return false;
    }
    el = next;
  }
  switch (el.type()) {
    case simdjson::dom::element_type::NULL_VALUE: break;  // JSON null → null, no warning
    case simdjson::dom::element_type::STRING: out.push_str(std::string_view(el.get_string().value())); break;
    case simdjson::dom::element_type::INT64: out.push_str(std::to_string(el.get_int64().value())); break;
    case simdjson::dom::element_type::UINT64: out.push_str(std::to_string(el.get_uint64().value())); break;
    case simdjson::dom::element_type::DOUBLE: out.push_str(format_double(el.get_double().value())); break;
    case simdjson::dom::element_type::BOOL: out.push_str(el.get_bool().value() ? "true" : "false"); break;
    default: out.push_str(simdjson::minify(el)); break;  // object / array as compact JSON
  }
  return true;
}

Result<ExprP> bind_json_extract(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 2) return arity_error(info, "two");
  const DataType t0 = args[0]->type();
  // `_source` has no column type of its own here (it reads as null).
  const bool source = t0 == DataType::Unsupported && !info.arg_texts.empty() && info.arg_texts[0] == "_source";
  if (!is_string(t0) && t0 != DataType::Null && !source) return arg_type_error(info, 0, 2, "string or _source", t0);
  if (!is_string(args[1]->type()) && args[1]->type() != DataType::Null)
    return arg_type_error(info, 1, 2, "string", args[1]->type());
  if (source || t0 == DataType::Null || args[1]->type() == DataType::Null)
    return make_null_literal(DataType::Keyword, info.src);
  return ExprP(std::make_shared<FnExpr>(
      DataType::Keyword, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
        simdjson::dom::parser parser;
        std::string err;
        return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
          if (!extract(parser, a[0].c().str[vi[0]], a[1].c().str[vi[1]], out, err))
            ctx.warnings.failure(self.source(), err);
        });
      }));
}

}  // namespace

void register_json_functions(FunctionTable& t) { t.add("json_extract", bind_json_extract); }

}  // namespace trailhound
