// The indices a query can read: name → Schema, and FROM pattern resolution.
//
// Contract: resolve() turns FROM patterns (names, `*` wildcards, comma lists
// already split by the parser, `-name` exclusions applied to what earlier
// patterns selected) into the sorted list of matching index names. As in
// Elasticsearch, a concrete name that does not exist is an error, a wildcard
// matching nothing is not, unless nothing at all matches; the error reads
// "Unknown index [x]".
//
// Fallback: with set_fallback_schema(), a FROM pattern that matches no
// registered index (and does not exclude) resolves to itself as a *virtual*
// index typed by the fallback schema, so rules over integrations the engine
// has no data for still analyse (their index never receives batches). A
// wildcard that matches real indices but is broader than their data streams
// (`logs-*` over `logs-aws.cloudtrail-default`) resolves to the real matches
// *and* the virtual index: in Elasticsearch it would see the union of every
// integration's mapping, which the fallback schema stands for (real types win
// where both define a field; the analyzer applies that). A wildcard whose
// literal prefix names a real index's <type>-<dataset> (`logs-aws.cloudtrail-*`)
// stays on the real indices only. find() answers for virtual names too;
// is_virtual() tells them apart.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "exec/schema.h"

namespace trailhound {

class Catalog {
 public:
  void add_index(std::string name, Schema schema);
  const Schema* find(std::string_view name) const;
  // Errors name the offending pattern but carry no position; callers prefix it.
  Result<std::vector<std::string>> resolve(const std::vector<std::string>& patterns) const;
  // Schema for FROM patterns matching no registered index (see above).
  void set_fallback_schema(Schema schema);
  bool is_virtual(std::string_view name) const;

 private:
  // True when `pattern`'s literal prefix spells the <type>-<dataset> of a real index it matches.
  bool owned_by_real_dataset(std::string_view pattern) const;

  std::map<std::string, Schema, std::less<>> indices_;
  bool has_fallback_ = false;
  Schema fallback_;
};

// Glob match with `*` as "any sequence" (index and column patterns).
bool wildcard_match(std::string_view pattern, std::string_view text);

}  // namespace trailhound
