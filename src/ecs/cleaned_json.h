// The Elastic pipeline's null/empty pre-pass (mapping doc §3.1) applied lazily to a
// simdjson DOM, and the two renderings Elastic stores for payload objects (§8).
//
// Contract:
// - is_pruned(e): true when the pre-pass would delete `e`: null, "", "-", "none",
//   or an object/array all of whose members are pruned (checked after cleaning
//   children, so nested empties cascade). The DOM is never modified; every other
//   function here skips pruned members.
// - append_java_string(): Java `Object.toString()` of the cleaned value as the
//   pipeline's JSON processor builds it: maps in java.util.HashMap iteration order
//   (capacity from the *original* member count, since deletions do not shrink a
//   HashMap), lists in order, strings raw, integers decimal, doubles per
//   Double.toString. `skip_top_key` drops one top-level member (a key the pipeline
//   removes before stringifying, e.g. additionalEventData.UserName).
// - append_clean_json(): minified JSON of the cleaned value, document key order.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailhound::ecs {

bool is_pruned(simdjson::dom::element e);

void append_java_string(simdjson::dom::element e, std::string& out, std::string_view skip_top_key = {});
void append_clean_json(simdjson::dom::element e, std::string& out, std::string_view skip_top_key = {});

// java.lang.String.hashCode() of the UTF-16 form of `utf8`.
int32_t java_string_hash(std::string_view utf8);

// Iteration order (indexes into `keys`) of a java.util.HashMap<String, ?> with default
// capacity and load factor after inserting the distinct `keys` in order.
std::vector<size_t> java_hashmap_order(const std::vector<std::string_view>& keys);

// java.lang.Double.toString (JDK 19+ shortest-digits form): 1.0, 0.5, 1.0E7, 1.0E-4.
std::string java_double_to_string(double d);

}  // namespace trailhound::ecs
