// JSON string literals: the one escaper every writer of JSON text uses.
//
// Contract: appends `s` to `out` as a quoted JSON string. `"` `\` and control
// characters are escaped (\n \r \t \b \f, others as \u00XX); every other byte,
// including UTF-8 sequences, is copied as is.
#pragma once

#include <string>
#include <string_view>

namespace trailhound {

void append_json_string(std::string& out, std::string_view s);

}  // namespace trailhound
