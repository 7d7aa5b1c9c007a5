#include "ecs/user_agent_cache.h"

namespace trailhound::ecs {

UserAgentCache::UserAgentCache(std::shared_ptr<const UserAgentParser> parser, size_t capacity)
    : parser_(std::move(parser)), capacity_(capacity == 0 ? 1 : capacity) {}

const UserAgentInfo& UserAgentCache::lookup(std::string_view ua) {
  if (auto it = map_.find(ua); it != map_.end()) {
    ++hits_;
    return it->second;
  }
  ++misses_;
  if (map_.size() >= capacity_) map_.clear();
  return map_.emplace(std::string(ua), parser_->parse(ua)).first->second;
}

}  // namespace trailhound::ecs
