// ECS event.category / event.type by CloudTrail eventName (mapping doc §12).
//
// Contract: the lookup key is eventName alone (eventSource is ignored, as in
// Elastic's pipeline). nullptr means "no row": no event.category, event.type [info].
#pragma once

#include <string_view>

namespace trailhound::ecs {

struct Categorization {
  std::string_view event_name;
  std::string_view category;
  std::string_view types[2];  // second may be empty
};

const Categorization* categorize(std::string_view event_name);

}  // namespace trailhound::ecs
