// The Elasticsearch dissect pattern language, as ES|QL DISSECT uses it (§2.5).
//
// Contract:
// - parse() accepts `%{key}`, `%{}`/`%{?name}` (skip), `%{+key}` and
//   `%{+key/N}` (append, ordered), `%{key->}` (right padding). Reference keys
//   (`%{*k}`/`%{&k}`) are rejected: ES|QL does not support them.
// - output_names() lists the output columns in pattern order (skips excluded,
//   each appended key once).
// - match() returns false when the input does not match; otherwise fills one
//   value per output column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trailhound {

class DissectPattern {
 public:
  static Result<DissectPattern> parse(std::string_view pattern, std::string append_separator);
  const std::vector<std::string>& output_names() const { return outputs_; }
  bool match(std::string_view input, std::vector<std::string>& values) const;

 private:
  struct Key {
    std::string name;
    bool skip = false;
    bool append = false;
    int order = 0;
    bool right_pad = false;
    std::string delimiter;  // literal text following the key (may be empty)
    int output = -1;        // index into outputs_
  };
  std::string prefix_;  // literal text before the first key
  std::vector<Key> keys_;
  std::vector<std::string> outputs_;
  std::string separator_;
};

}  // namespace trailhound
