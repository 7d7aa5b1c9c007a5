#include "ecs/user_agent_cache.h"

namespace trailhound::ecs {

UserAgentCache::UserAgentCache(std::shared_ptr<const UserAgentParser> parser, size_t capacity)
    : parser_(std::move(parser)), capacity_(capacity == 0 ? 1 : capacity) {}

const UserAgentInfo& UserAgentCache::lookup(std::string_view ua, unsigned parts) {
  if (auto it = map_.find(ua); it != map_.end()) {
    Entry& e = it->second;
    if ((e.parts & parts) == parts) {
      ++hits_;
      return e.info;
    }
    ++misses_;
    e.parts |= parts;
    e.info = parser_->parse(ua, e.parts);
    return e.info;
  }
  ++misses_;
  if (map_.size() >= capacity_) map_.clear();
  Entry& e = map_.emplace(std::string(ua), Entry{parser_->parse(ua, parts), parts}).first->second;
  return e.info;
}

}  // namespace trailhound::ecs
