#include "exec/functions/regex_lookahead.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace trailhound {

namespace {

constexpr char32_t kMaxCp = 0x10FFFF;

// A set of code points as sorted, disjoint, non-adjacent closed ranges.
using CharSet = std::vector<std::pair<char32_t, char32_t>>;

CharSet normalize(CharSet s) {
  std::sort(s.begin(), s.end());
  CharSet out;
  for (const auto& r : s) {
    if (!out.empty() && r.first <= out.back().second + 1) out.back().second = std::max(out.back().second, r.second);
    else out.push_back(r);
  }
  return out;
}

CharSet complement(const CharSet& in) {
  const CharSet s = normalize(in);
  CharSet out;
  char32_t next = 0;
  for (const auto& [lo, hi] : s) {
    if (lo > next) out.push_back({next, lo - 1});
    next = hi + 1;
  }
  if (next <= kMaxCp) out.push_back({next, kMaxCp});
  return out;
}

CharSet unite(CharSet a, const CharSet& b) {
  a.insert(a.end(), b.begin(), b.end());
  return normalize(std::move(a));
}

CharSet intersect(const CharSet& a, const CharSet& b) { return complement(unite(complement(a), complement(b))); }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex(std::string_view p, size_t& i, size_t digits, char32_t& out) {
  out = 0;
  for (size_t k = 0; k < digits; ++k, ++i) {
    if (i >= p.size() || hex_digit(p[i]) < 0) return false;
    out = out * 16 + static_cast<char32_t>(hex_digit(p[i]));
  }
  return true;
}

bool read_utf8(std::string_view p, size_t& i, char32_t& cp) {
  const unsigned char c = static_cast<unsigned char>(p[i]);
  const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > p.size()) return false;
  cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(p[i + k]) & 0x3f);
  i += len;
  return true;
}

const CharSet kDigit{{'0', '9'}};
const CharSet kWord{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
const CharSet kSpace{{'\t', '\r'}, {' ', ' '}};  // Java \s: [ \t\n\x0B\f\r]

// Parses an escape at p[i] == '\\'; a single code point goes to `cp` (for
// ranges), a class (\d...) to `set`.
bool parse_escape(std::string_view p, size_t& i, CharSet& set, std::optional<char32_t>& cp) {
  if (i + 1 >= p.size()) return false;
  const char e = p[i + 1];
  i += 2;
  cp.reset();
  switch (e) {
    case 'd': set = kDigit; return true;
    case 'D': set = complement(kDigit); return true;
    case 'w': set = kWord; return true;
    case 'W': set = complement(kWord); return true;
    case 's': set = kSpace; return true;
    case 'S': set = complement(kSpace); return true;
    case 't': cp = '\t'; break;
    case 'n': cp = '\n'; break;
    case 'r': cp = '\r'; break;
    case 'f': cp = '\f'; break;
    case 'a': cp = 0x07; break;
    case 'e': cp = 0x1b; break;
    case 'x': {
      char32_t v;
      if (i < p.size() && p[i] == '{') {
        const size_t end = p.find('}', i);
        if (end == std::string_view::npos || end == i + 1) return false;
        ++i;
        if (!read_hex(p, i, end - i, v)) return false;
        ++i;
      } else if (!read_hex(p, i, 2, v)) {
        return false;
      }
      cp = v;
      break;
    }
    case 'u': {
      char32_t v;
      if (!read_hex(p, i, 4, v)) return false;
      cp = v;
      break;
    }
    default:
      // Escaped punctuation is the literal character; escaped letters/digits
      // are other constructs (\b, \p{..}, backreferences) the rewrite does not model.
      if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9') ||
          static_cast<unsigned char>(e) >= 0x80)
        return false;
      cp = static_cast<unsigned char>(e);
  }
  if (*cp > kMaxCp) return false;
  set = {{*cp, *cp}};
  return true;
}

bool parse_class(std::string_view p, size_t& i, CharSet& out) {
  ++i;  // '['
  bool negate = false;
  if (i < p.size() && p[i] == '^') {
    negate = true;
    ++i;
  }
  CharSet acc;
  bool first = true;
  while (i < p.size() && (p[i] != ']' || first)) {
    first = false;
    if (p[i] == '[' || (p[i] == '&' && i + 1 < p.size() && p[i + 1] == '&')) return false;  // nesting / intersection
    CharSet item;
    std::optional<char32_t> lo;
    if (p[i] == '\\') {
      if (!parse_escape(p, i, item, lo)) return false;
    } else {
      char32_t c;
      if (!read_utf8(p, i, c)) return false;
      lo = c;
      item = {{c, c}};
    }
    // A range `a-b` (a `-` before `]` is a literal).
    if (lo && i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
      ++i;
      std::optional<char32_t> hi;
      CharSet ignored;
      if (p[i] == '\\') {
        if (!parse_escape(p, i, ignored, hi) || !hi) return false;
      } else {
        char32_t c;
        if (!read_utf8(p, i, c)) return false;
        hi = c;
      }
      if (*hi < *lo) return false;
      item = {{*lo, *hi}};
    }
    acc = unite(std::move(acc), item);
  }
  if (i >= p.size()) return false;
  ++i;  // ']'
  out = negate ? complement(acc) : normalize(std::move(acc));
  return true;
}

// One single-character atom at p[i]; advances i past it.
bool parse_atom(std::string_view p, size_t& i, CharSet& out) {
  if (i >= p.size()) return false;
  const char c = p[i];
  if (c == '[') return parse_class(p, i, out);
  if (c == '\\') {
    std::optional<char32_t> cp;
    return parse_escape(p, i, out, cp);
  }
  if (c == '.') {
    ++i;
    out = complement({{'\n', '\n'}, {'\r', '\r'}, {0x85, 0x85}, {0x2028, 0x2029}});
    return true;
  }
  if (std::string_view("()|*+?{}^$").find(c) != std::string_view::npos) return false;
  char32_t cp;
  if (!read_utf8(p, i, cp)) return false;
  out = {{cp, cp}};
  return true;
}

std::string to_re2_class(const CharSet& s) {
  if (s.empty()) return "[^\\x{0}-\\x{10FFFF}]";  // matches nothing
  std::string out = "[";
  for (const auto& [lo, hi] : s) {
    out += fmt::format("\\x{{{:X}}}", static_cast<uint32_t>(lo));
    if (hi != lo) out += fmt::format("-\\x{{{:X}}}", static_cast<uint32_t>(hi));
  }
  out += "]";
  return out;
}

}  // namespace

std::optional<std::pair<std::string, size_t>> rewrite_negative_lookahead(std::string_view p, size_t i) {
  if (p.substr(i, 3) != "(?!") return std::nullopt;
  size_t j = i + 3;
  CharSet excluded;
  while (true) {
    CharSet alt;
    if (!parse_atom(p, j, alt)) return std::nullopt;
    excluded = unite(std::move(excluded), alt);
    if (j < p.size() && p[j] == '|') {
      ++j;
      continue;
    }
    if (j < p.size() && p[j] == ')') {
      ++j;
      break;
    }
    return std::nullopt;  // an alternative longer than one character
  }
  CharSet y;
  if (!parse_atom(p, j, y)) return std::nullopt;
  if (j < p.size() && std::string_view("*+?{").find(p[j]) != std::string_view::npos) return std::nullopt;
  return std::make_pair(to_re2_class(intersect(y, complement(excluded))), j);
}

}  // namespace trailhound
