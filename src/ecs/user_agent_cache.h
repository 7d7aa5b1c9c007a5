// Per-thread memo of UserAgentParser results, keyed by the raw user-agent string.
//
// Contract: not thread-safe by design — each worker (each CloudTrailNormalizer) owns
// one, so the hot path takes no locks. CloudTrail has few distinct user agents
// relative to its record count, so hit rates are high. When `capacity` distinct
// strings are held, the cache is cleared wholesale (cheap, and bounded memory for
// adversarial inputs). The returned reference is valid until the next lookup().
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/string_view_hash.h"
#include "ecs/user_agent_parser.h"

namespace trailhound::ecs {

class UserAgentCache {
 public:
  explicit UserAgentCache(std::shared_ptr<const UserAgentParser> parser, size_t capacity = 4096);

  // `parts` (UserAgentParser::Parts) the caller reads; an entry computed for
  // fewer parts is recomputed for the union.
  const UserAgentInfo& lookup(std::string_view user_agent, unsigned parts = UserAgentParser::kAll);

  size_t hits() const { return hits_; }
  size_t misses() const { return misses_; }
  size_t size() const { return map_.size(); }

 private:
  std::shared_ptr<const UserAgentParser> parser_;
  size_t capacity_;
  struct Entry {
    UserAgentInfo info;
    unsigned parts = 0;
  };
  std::unordered_map<std::string, Entry, StringViewHash, std::equal_to<>> map_;
  size_t hits_ = 0;
  size_t misses_ = 0;
};

}  // namespace trailhound::ecs
