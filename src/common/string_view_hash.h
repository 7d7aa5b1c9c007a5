// A transparent hash for string-keyed unordered containers, so that they can
// be searched with a std::string_view (no std::string made per look-up):
// std::unordered_map<std::string, V, StringViewHash, std::equal_to<>>.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace trailhound {

struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace trailhound
