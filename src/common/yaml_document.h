// A YAML document read into a small tree (libyaml's event parser underneath).
//
// Why not yaml-cpp: reading uap-core's 200 KB regexes.yaml took ~25 ms with
// yaml-cpp and ~3 ms with libyaml, on the start-up path of every hunt whose
// rules read user_agent.*.
//
// Contract:
// - parse_yaml() reads the first document of `text`. Scalars keep their text;
//   a plain (unquoted) `~`, `null`, `Null`, `NULL` or empty scalar is Null, as
//   YAML's core schema has it. Mapping keys must be scalars; a key given twice
//   keeps its first value. Aliases are not supported (an error), anchors and
//   tags are ignored.
// - Invalid YAML is a parse_error naming `origin`, the line and column.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace trailhound {

struct YamlNode {
  enum class Kind { Null, Scalar, Sequence, Mapping } kind = Kind::Null;
  std::string text;                                    // Scalar
  std::vector<YamlNode> items;                         // Sequence
  std::vector<std::pair<std::string, YamlNode>> members;  // Mapping, in document order

  bool is_null() const { return kind == Kind::Null; }
  // The member named `key` of a Mapping; null when absent or not a mapping.
  const YamlNode* find(std::string_view key) const;
};

Result<YamlNode> parse_yaml(std::string_view text, std::string_view origin);

}  // namespace trailhound
