#include "esql/lexer.h"

#include <algorithm>

namespace trailhound::esql {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_id_body(char c) { return is_letter(c) || is_digit(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_pattern_body(char c) { return is_id_body(c) || c == '*' || c == '@'; }

}  // namespace

Lexer::Lexer(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

Position Lexer::position(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  size_t start = line_starts_[line_index];
  int column = 1;
  for (size_t i = start; i < offset; ++i) {
    // Count code points, not bytes: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return Position{static_cast<int>(line_index) + 1, column};
}

size_t Lexer::skip_trivia(size_t i, std::string* error) const {
  const size_t n = text_.size();
  while (i < n) {
    char c = text_[i];
    if (is_space(c)) {
      ++i;
    } else if (c == '/' && i + 1 < n && text_[i + 1] == '/') {
      while (i < n && text_[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && text_[i + 1] == '*') {
      // Nestable block comment: keep a depth counter (iterative, no recursion).
      size_t depth = 0;
      size_t j = i;
      while (j < n) {
        if (text_[j] == '/' && j + 1 < n && text_[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (text_[j] == '*' && j + 1 < n && text_[j + 1] == '/') {
          --depth;
          j += 2;
          if (depth == 0) break;
        } else {
          ++j;
        }
      }
      if (depth != 0) {
        if (error) *error = "unterminated comment";
        return i;
      }
      i = j;
    } else {
      break;
    }
  }
  return i;
}

Token Lexer::error(size_t at, size_t end, std::string message) const {
  Token t;
  t.kind = TokenKind::Error;
  t.begin = at;
  t.end = std::max(end, at);
  t.value = std::move(message);
  return t;
}

Token Lexer::lex(size_t offset, LexMode mode) const {
  std::string err;
  size_t at = skip_trivia(offset, &err);
  if (!err.empty()) return error(at, text_.size(), err);
  if (at >= text_.size()) {
    Token t;
    t.kind = TokenKind::Eof;
    t.begin = t.end = text_.size();
    return t;
  }
  switch (mode) {
    case LexMode::Source: return lex_source(at);
    case LexMode::Pattern: return lex_pattern(at, false);
    case LexMode::Policy: return lex_pattern(at, true);
    case LexMode::Expression: break;
  }
  return lex_expression(at);
}

Token Lexer::lex_string(size_t at) const {
  const size_t n = text_.size();
  Token t;
  t.kind = TokenKind::String;
  t.begin = at;
  if (text_.substr(at, 3) == "\"\"\"") {
    // Raw triple-quoted string, single line: ends at the first `"""`, then up to
    // two more quotes belong to it (so `""""x""""` is the string `"x"`).
    size_t j = at + 3;
    while (j < n && text_[j] != '\r' && text_[j] != '\n') {
      if (text_.substr(j, 3) == "\"\"\"") {
        size_t end = j + 3;
        for (int k = 0; k < 2 && end < n && text_[end] == '"'; ++k) ++end;
        t.end = end;
        t.value = std::string(text_.substr(at + 3, end - 3 - (at + 3)));
        return t;
      }
      ++j;
    }
    return error(at, j, "unterminated string");
  }
  size_t j = at + 1;
  while (j < n) {
    char c = text_[j];
    if (c == '"') {
      t.end = j + 1;
      return t;
    }
    if (c == '\r' || c == '\n') break;
    if (c == '\\') {
      if (j + 1 >= n) break;
      char e = text_[j + 1];
      switch (e) {
        case 't': t.value += '\t'; break;
        case 'n': t.value += '\n'; break;
        case 'r': t.value += '\r'; break;
        case '"': t.value += '"'; break;
        case '\\': t.value += '\\'; break;
        default:
          return error(j, j + 2,
                       "token recognition error at: '" + std::string(text_.substr(j, 2)) + "'");
      }
      j += 2;
      continue;
    }
    t.value += c;
    ++j;
  }
  return error(at, j, "unterminated string");
}

Token Lexer::lex_quoted_identifier(size_t at) const {
  const size_t n = text_.size();
  Token t;
  t.kind = TokenKind::QuotedIdentifier;
  t.begin = at;
  size_t j = at + 1;
  while (j < n) {
    if (text_[j] == '`') {
      if (j + 1 < n && text_[j + 1] == '`') {  // `` is an escaped back-quote
        t.value += '`';
        j += 2;
        continue;
      }
      t.end = j + 1;
      return t;
    }
    t.value += text_[j];
    ++j;
  }
  return error(at, j, "unterminated quoted identifier");
}

Token Lexer::lex_number(size_t at) const {
  const size_t n = text_.size();
  size_t j = at;
  bool decimal = false;
  while (j < n && is_digit(text_[j])) ++j;
  if (j < n && text_[j] == '.') {
    // `1.` and `1.5` and `.5` are decimals; a lone `.` is not a number.
    if (j > at || (j + 1 < n && is_digit(text_[j + 1]))) {
      decimal = true;
      ++j;
      while (j < n && is_digit(text_[j])) ++j;
    }
  }
  if (j < n && (text_[j] == 'e' || text_[j] == 'E')) {
    size_t k = j + 1;
    if (k < n && (text_[k] == '+' || text_[k] == '-')) ++k;
    if (k < n && is_digit(text_[k])) {
      while (k < n && is_digit(text_[k])) ++k;
      decimal = true;
      j = k;
    }
  }
  Token t;
  t.kind = decimal ? TokenKind::Decimal : TokenKind::Integer;
  t.begin = at;
  t.end = j;
  t.value = std::string(text_.substr(at, j - at));
  return t;
}

Token Lexer::lex_expression(size_t at) const {
  const size_t n = text_.size();
  const char c = text_[at];
  const char c1 = at + 1 < n ? text_[at + 1] : '\0';
  auto simple = [&](TokenKind k, size_t len) {
    Token t;
    t.kind = k;
    t.begin = at;
    t.end = at + len;
    return t;
  };
  if (is_digit(c) || (c == '.' && is_digit(c1))) return lex_number(at);
  if (is_letter(c) || ((c == '_' || c == '@') && is_id_body(c1))) {
    size_t j = at + 1;
    while (j < n && is_id_body(text_[j])) ++j;
    Token t = simple(TokenKind::Identifier, j - at);
    t.value = std::string(text_.substr(at, j - at));
    return t;
  }
  switch (c) {
    case '"': return lex_string(at);
    case '`': return lex_quoted_identifier(at);
    case '|': return simple(TokenKind::Pipe, 1);
    case ',': return simple(TokenKind::Comma, 1);
    case '.': return simple(TokenKind::Dot, 1);
    case '(': return simple(TokenKind::LParen, 1);
    case ')': return simple(TokenKind::RParen, 1);
    case '[': return simple(TokenKind::LBracket, 1);
    case ']': return simple(TokenKind::RBracket, 1);
    case '{': return simple(TokenKind::LBrace, 1);
    case '}': return simple(TokenKind::RBrace, 1);
    case '+': return simple(TokenKind::Plus, 1);
    case '-': return simple(TokenKind::Minus, 1);
    case '*': return simple(TokenKind::Star, 1);
    case '/': return simple(TokenKind::Slash, 1);
    case '%': return simple(TokenKind::Percent, 1);
    case ';': return simple(TokenKind::Semicolon, 1);
    case '=':
      if (c1 == '=') return simple(TokenKind::Eq, 2);
      if (c1 == '~') return simple(TokenKind::CiEq, 2);
      return simple(TokenKind::Assign, 1);
    case '!':
      if (c1 == '=') return simple(TokenKind::Neq, 2);
      break;
    case '<':
      if (c1 == '=') return simple(TokenKind::Lte, 2);
      return simple(TokenKind::Lt, 1);
    case '>':
      if (c1 == '=') return simple(TokenKind::Gte, 2);
      return simple(TokenKind::Gt, 1);
    case ':':
      if (c1 == ':') return simple(TokenKind::CastOp, 2);
      return simple(TokenKind::Colon, 1);
    case '?': {
      size_t j = at + 1;
      if (j < n && text_[j] == '?') ++j;  // ??name: identifier/pattern parameter
      if (j < n && is_digit(text_[j])) {
        while (j < n && is_digit(text_[j])) ++j;
      } else if (j < n && (is_letter(text_[j]) ||
                           ((text_[j] == '_' || text_[j] == '@') && j + 1 < n &&
                            is_id_body(text_[j + 1])))) {
        ++j;
        while (j < n && is_id_body(text_[j])) ++j;
      }
      Token t = simple(TokenKind::Param, j - at);
      t.value = std::string(text_.substr(at + 1, j - at - 1));
      return t;
    }
    default: break;
  }
  // Report one whole code point so the message stays valid UTF-8.
  size_t end = at + 1;
  while (end < n && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
  return error(at, end, "token recognition error at: '" + std::string(text_.substr(at, end - at)) + "'");
}

Token Lexer::lex_source(size_t at) const {
  const size_t n = text_.size();
  const char c = text_[at];
  Token t;
  t.begin = at;
  if (c == '|' || c == ',') {
    t.kind = c == '|' ? TokenKind::Pipe : TokenKind::Comma;
    t.end = at + 1;
    return t;
  }
  // A source is one or more parts joined by `:` (cluster:index) or `::`
  // (index::selector); a part is a quoted string or a run of characters other
  // than `: " = | , [ ] whitespace` and comment starts.
  t.kind = TokenKind::Source;
  size_t j = at;
  for (;;) {
    if (j < n && text_[j] == '"') {
      Token s = lex_string(j);
      if (s.kind == TokenKind::Error) return s;
      t.value += s.value;
      j = s.end;
    } else {
      size_t start = j;
      while (j < n) {
        char d = text_[j];
        if (d == ':' || d == '"' || d == '=' || d == '|' || d == ',' || d == '[' || d == ']' ||
            is_space(d))
          break;
        if (d == '/' && j + 1 < n && (text_[j + 1] == '/' || text_[j + 1] == '*')) break;
        ++j;
      }
      if (j == start) {
        size_t end = j < n ? j + 1 : j;
        return error(j, end,
                     j < n ? "token recognition error at: '" + std::string(1, text_[j]) + "'"
                           : "missing index pattern");
      }
      t.value += text_.substr(start, j - start);
    }
    if (j < n && text_[j] == ':') {
      size_t sep = (j + 1 < n && text_[j + 1] == ':') ? 2 : 1;
      t.value += text_.substr(j, sep);
      j += sep;
      continue;
    }
    break;
  }
  t.end = j;
  return t;
}

Token Lexer::lex_pattern(size_t at, bool policy) const {
  const size_t n = text_.size();
  const char c = text_[at];
  Token t;
  t.begin = at;
  auto simple = [&](TokenKind k, size_t len) {
    t.kind = k;
    t.end = at + len;
    return t;
  };
  switch (c) {
    case '|': return simple(TokenKind::Pipe, 1);
    case ',': return simple(TokenKind::Comma, 1);
    case '=':
      if (at + 1 < n && text_[at + 1] == '=') return simple(TokenKind::Eq, 2);
      return simple(TokenKind::Assign, 1);
    case '"':
      if (policy) {
        Token s = lex_string(at);
        if (s.kind == TokenKind::Error) return s;
        s.kind = TokenKind::Pattern;
        return s;
      }
      break;
    default: break;
  }
  t.kind = TokenKind::Pattern;
  if (policy) {
    // ENRICH policy names: `[mode:]name`, names being runs of anything but
    // `\ / ? " < > | , # : space`.
    auto body = [&](char d) {
      return !(d == '\\' || d == '/' || d == '?' || d == '"' || d == '<' || d == '>' ||
               d == '|' || d == ',' || d == '#' || d == ':' || d == '=' || is_space(d));
    };
    size_t j = at;
    while (j < n && body(text_[j])) ++j;
    if (j < n && text_[j] == ':' && j > at) {
      ++j;
      size_t k = j;
      while (j < n && body(text_[j])) ++j;
      if (j == k) return error(at, j, "missing enrich policy name");
    }
    if (j == at)
      return error(at, at + 1, "token recognition error at: '" + std::string(1, c) + "'");
    t.end = j;
    t.value = std::string(text_.substr(at, j - at));
    return t;
  }
  // Name patterns: parts joined by `.`; a part concatenates unquoted chunks
  // (letters, digits, `_`, `@`, `*`) and back-quoted chunks.
  size_t j = at;
  bool any_part = false;
  for (;;) {
    size_t part_start = j;
    while (j < n) {
      char d = text_[j];
      if (d == '`') {
        Token q = lex_quoted_identifier(j);
        if (q.kind == TokenKind::Error) return q;
        t.value += q.value;
        t.quoted = true;
        j = q.end;
      } else if (is_pattern_body(d)) {
        // An unquoted chunk must start with a letter or `*`, or with `_`/`@`
        // followed by more body characters (a lone `_` or `@` is not a name).
        if (j == part_start && (is_digit(d) || ((d == '_' || d == '@') &&
                                                 !(j + 1 < n && is_pattern_body(text_[j + 1])))))
          break;
        t.value += d;
        ++j;
      } else {
        break;
      }
    }
    if (j == part_start) {
      if (!any_part) {
        size_t end = j + 1;
        while (end < n && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
        return error(j, end, "token recognition error at: '" + std::string(text_.substr(j, end - j)) + "'");
      }
      return error(j, j < n ? j + 1 : j, "missing name after '.'");
    }
    any_part = true;
    if (j + 1 < n && text_[j] == '.' &&
        (is_pattern_body(text_[j + 1]) || text_[j + 1] == '`')) {
      t.value += '.';
      ++j;
      continue;
    }
    break;
  }
  t.end = j;
  return t;
}

std::string token_display(std::string_view text, const Token& token) {
  if (token.kind == TokenKind::Eof) return "<EOF>";
  size_t b = std::min(token.begin, text.size());
  size_t e = std::min(std::max(token.end, b), text.size());
  std::string s(text.substr(b, e - b));
  if (s.size() > 60) {
    size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "...";
  }
  return s;
}

}  // namespace trailhound::esql
