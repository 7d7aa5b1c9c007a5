#include "pipeline/nested_json_sink.h"

#include <fmt/format.h>

#include <map>
#include <memory>

#include "common/json_string.h"
#include "exec/value_format.h"

namespace trailhound::pipeline {

void NestedJsonSink::add(std::string_view field, std::string json_value) {
  for (auto it = fields_.rbegin(); it != fields_.rend(); ++it) {
    if (it->name == field) {
      it->values.push_back(std::move(json_value));
      return;
    }
  }
  fields_.push_back(Field{std::string(field), {std::move(json_value)}});
}

void NestedJsonSink::keyword(std::string_view f, std::string_view v) {
  std::string s;
  append_json_string(s, v);
  add(f, std::move(s));
}
void NestedJsonSink::long_value(std::string_view f, int64_t v) { add(f, fmt::format("{}", v)); }
void NestedJsonSink::double_value(std::string_view f, double v) {
  // JSON has no NaN/Infinity; Elasticsearch would have rejected such a value.
  add(f, std::isfinite(v) ? format_double(v) : std::string("null"));
}
void NestedJsonSink::boolean(std::string_view f, bool v) { add(f, v ? "true" : "false"); }
void NestedJsonSink::datetime(std::string_view f, int64_t ms) {
  std::string s;
  append_json_string(s, format_datetime(ms));
  add(f, std::move(s));
}
void NestedJsonSink::ip(std::string_view f, std::string_view ip16) {
  std::string s;
  append_json_string(s, format_ip(ip16));
  add(f, std::move(s));
}
void NestedJsonSink::json(std::string_view f, std::string_view j) { add(f, std::string(j)); }

namespace {

// An object under construction: children in first-seen order.
struct Node {
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> children;
  const std::vector<std::string>* leaf = nullptr;

  Node* child(std::string_view name) {
    for (auto& [n, c] : children)
      if (n == name) return c.get();
    children.emplace_back(std::string(name), std::make_unique<Node>());
    return children.back().second.get();
  }
};

void write_node(const Node& node, std::string& out) {
  out += "{";
  bool first = true;
  for (const auto& [name, child] : node.children) {
    if (!first) out += ",";
    first = false;
    append_json_string(out, name);
    out += ":";
    if (child->leaf && child->children.empty()) {
      const auto& v = *child->leaf;
      if (v.size() == 1) {
        out += v[0];
      } else {
        out += "[";
        for (size_t i = 0; i < v.size(); ++i) {
          if (i) out += ",";
          out += v[i];
        }
        out += "]";
      }
    } else {
      write_node(*child, out);
    }
  }
  out += "}";
}

}  // namespace

void NestedJsonSink::end_document() {
  Node root;
  for (const Field& f : fields_) {
    Node* n = &root;
    size_t start = 0;
    // `@timestamp` and other undotted names are top-level keys.
    while (true) {
      size_t dot = f.name.find('.', start);
      std::string_view part = std::string_view(f.name).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      n = n->child(part);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    n->leaf = &f.values;
  }
  write_node(root, out_);
  out_ += "\n";
}

}  // namespace trailhound::pipeline
