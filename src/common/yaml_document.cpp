#include "common/yaml_document.h"

#include <yaml.h>

#include <memory>

namespace trailhound {

const YamlNode* YamlNode::find(std::string_view key) const {
  if (kind != Kind::Mapping) return nullptr;
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

namespace {

class EventReader {
 public:
  EventReader(std::string_view text, std::string_view origin) : origin_(origin) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~EventReader() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  // The next event (valid until the next call).
  Result<const yaml_event_t*> next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = false;
    if (!yaml_parser_parse(&parser_, &event_)) {
      return Status::parse_error(std::string(origin_) + ": invalid YAML at line " +
                                 std::to_string(parser_.problem_mark.line + 1) + ", column " +
                                 std::to_string(parser_.problem_mark.column + 1) + ": " +
                                 (parser_.problem ? parser_.problem : "parse error"));
    }
    has_event_ = true;
    return &event_;
  }

  // Reads the node whose first event is `e` (the current event).
  Status node(const yaml_event_t* e, YamlNode& out, int depth = 0) {
    if (depth > 64) return error(e, "nested too deeply");
    switch (e->type) {
      case YAML_SCALAR_EVENT: {
        std::string text(reinterpret_cast<const char*>(e->data.scalar.value), e->data.scalar.length);
        const bool plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        if (plain && (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")) {
          out.kind = YamlNode::Kind::Null;
        } else {
          out.kind = YamlNode::Kind::Scalar;
          out.text = std::move(text);
        }
        return Status::ok_status();
      }
      case YAML_SEQUENCE_START_EVENT:
        out.kind = YamlNode::Kind::Sequence;
        for (;;) {
          auto ev = next();
          if (!ev.ok()) return ev.status();
          if (ev.value()->type == YAML_SEQUENCE_END_EVENT) return Status::ok_status();
          YamlNode item;
          if (Status s = node(ev.value(), item, depth + 1); !s.ok()) return s;
          out.items.push_back(std::move(item));
        }
      case YAML_MAPPING_START_EVENT:
        out.kind = YamlNode::Kind::Mapping;
        for (;;) {
          auto ev = next();
          if (!ev.ok()) return ev.status();
          if (ev.value()->type == YAML_MAPPING_END_EVENT) return Status::ok_status();
          if (ev.value()->type != YAML_SCALAR_EVENT) return error(ev.value(), "a mapping key that is not a scalar");
          std::string key(reinterpret_cast<const char*>(ev.value()->data.scalar.value),
                          ev.value()->data.scalar.length);
          auto value_event = next();
          if (!value_event.ok()) return value_event.status();
          YamlNode value;
          if (Status s = node(value_event.value(), value, depth + 1); !s.ok()) return s;
          if (out.find(key) == nullptr) out.members.emplace_back(std::move(key), std::move(value));
        }
      case YAML_ALIAS_EVENT: return error(e, "aliases are not supported");
      default: return error(e, "unexpected YAML event");
    }
  }

 private:
  Status error(const yaml_event_t* e, const char* what) const {
    return Status::parse_error(std::string(origin_) + ": line " + std::to_string(e->start_mark.line + 1) + ": " +
                               what);
  }

  std::string_view origin_;
  yaml_parser_t parser_;
  yaml_event_t event_;
  bool has_event_ = false;
};

}  // namespace

Result<YamlNode> parse_yaml(std::string_view text, std::string_view origin) {
  EventReader reader(text, origin);
  // STREAM-START, then DOCUMENT-START (or STREAM-END: an empty stream is null).
  for (;;) {
    auto ev = reader.next();
    if (!ev.ok()) return ev.status();
    const yaml_event_type_t type = ev.value()->type;
    if (type == YAML_STREAM_START_EVENT || type == YAML_DOCUMENT_START_EVENT) continue;
    if (type == YAML_STREAM_END_EVENT) return YamlNode{};
    YamlNode root;
    if (Status s = reader.node(ev.value(), root); !s.ok()) return s;
    return root;
  }
}

}  // namespace trailhound
