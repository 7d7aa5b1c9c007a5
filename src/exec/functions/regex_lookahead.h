// Exact rewrite of one negative-lookahead shape into RE2 syntax.
//
// RE2 has no lookaround. One shape is common in detection rules and has an
// exact lookaround-free equivalent: a negative lookahead whose alternatives
// each match exactly one character, immediately followed by an atom that
// matches exactly one character:
//     (?!A|B|C)Y   ≡   [ Y ∩ ¬(A ∪ B ∪ C) ]
// The lookahead inspects the very character Y then consumes, so matching Y
// only when that character is in none of the alternatives is the same
// language, and the same match positions/lengths for REPLACE.
//
// Contract: rewrite_negative_lookahead(p, i) is called with p[i..] starting
// at "(?!". Alternatives and Y may be a literal character (UTF-8), an escape
// (\d \D \w \W \s \S \t \n \r \f \a \e \xhh \x{h..} \uhhhh, escaped
// punctuation), `.` (Java: not a line terminator), or a bracket class of
// those with ranges and `^` negation (no nesting, no `&&`). Y must not carry
// a quantifier. Java semantics without flags: \d \w \s are ASCII. On success
// returns the RE2 class text (code point ranges, `\x{..}` escaped) and the
// index just past Y; nullopt when the shape does not apply (the caller then
// reports lookaround as unsupported). Patterns using inline flags are never
// rewritten by the caller (case folding would change the sets).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace trailhound {

std::optional<std::pair<std::string, size_t>> rewrite_negative_lookahead(std::string_view p, size_t i);

}  // namespace trailhound
