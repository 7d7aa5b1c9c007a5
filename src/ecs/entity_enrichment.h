// Elastic's optional actor/target entity enrichment (mapping doc §14): the
// `related.entity`, `actor.entity.id`, `{user,service,host}.entity.id`, `entity.id`,
// `target.entity.id`, `{user,service,host}.target.entity.id`, `entity.target.id` and
// ([9.0.0-PR]) `host.target.id` fields the pipeline computes when the document's
// tags contain `actor_target_mapping`.
//
// Contract:
// - Input is the raw record; values the null/empty pre-pass deletes count as absent.
//   A dotted path only walks objects: a list on the way yields "absent", as the
//   pipeline's `$()` field access does.
// - Every list is a sorted set in Java String order (UTF-16 code units), like the
//   pipeline's TreeSets.
// - Elastic's script casts each looked-up value to String; a number/boolean/object
//   where a string is read makes the script throw, and the pipeline then keeps the
//   document without any entity field and with an error.message. That outcome is
//   returned as `failure` (all lists empty, no actor).
// - Pure function of the record; thread-safe.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailhound::ecs {

struct EntityFields {
  std::optional<std::string> actor;  // actor.entity.id (single value)
  std::string_view actor_field;      // the typed actor field: user.entity.id, service.entity.id...
  std::vector<std::string> related;  // related.entity
  std::vector<std::string> targets;  // target.entity.id (legacy, all targets)
  std::vector<std::string> user_targets, host_targets, service_targets, generic_targets;
  std::vector<std::string> host_target_ids;  // host.target.id (bare i-… ids)
  std::string failure;  // non-empty: the script threw; the message for error.message
};

struct EntityOptions {
  // [9.0.0-PR] host.target.id next to host.target.entity.id.
  bool host_target_id = true;
};

EntityFields enrich_entities(simdjson::dom::object record, const EntityOptions& options = {});

// java.lang.String.compareTo(a, b) < 0 for UTF-8 inputs (UTF-16 code-unit order).
bool java_string_less(std::string_view a, std::string_view b);

}  // namespace trailhound::ecs
