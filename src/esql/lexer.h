// ES|QL lexer: turns query text into tokens, one at a time, in a mode the
// parser chooses.
//
// Contract:
// - ES|QL's lexer is moded (esql-semantics.md §1.1): the same characters lex
//   differently after FROM (index patterns), KEEP/DROP/RENAME (wildcard
//   patterns), ENRICH (policy names) and elsewhere (expressions). The parser
//   knows which command it is in, so it asks for each token in a LexMode;
//   the lexer holds no mode state of its own and is restartable at any offset.
// - Whitespace, `//` line comments and nestable `/* */` comments are skipped
//   in every mode.
// - Keywords are not distinguished here: they come back as Identifier (or
//   Source/Pattern) tokens and the parser compares them case-insensitively,
//   because whether a word is a keyword depends on the command.
// - Malformed input (bad escape, unterminated string/comment, stray char)
//   yields a token of kind Error carrying the message; the lexer never throws
//   and never reads outside the text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "esql/ast.h"

namespace trailhound::esql {

enum class LexMode {
  Expression,  // default: operators, literals, identifiers
  Source,      // FROM / LOOKUP JOIN index patterns: `logs-*`, `cluster:idx`, `"quoted"`
  Pattern,     // KEEP/DROP/RENAME/ENRICH ON/WITH: `last*name`, `*.name`, `` `a b`.c ``
  Policy,      // ENRICH policy name: `languages_policy`, `_any:policy`
};

enum class TokenKind {
  Eof,
  Error,
  Identifier,       // unquoted identifier (`value` = text as written)
  QuotedIdentifier, // `...` (`value` = unquoted, `` `` `` unescaped)
  String,           // "..." or """...""" (`value` = processed content)
  Integer,          // digits only (`value` = digits)
  Decimal,          // 1.5, .5, 1., 1e5 (`value` = text)
  Source,           // Source mode: an index pattern (`value` = as written, quotes removed)
  Pattern,          // Pattern/Policy mode: a (dotted) name pattern (`value` = unquoted)
  Param,            // ?, ?1, ?name, ??name (`value` = text after the first '?')
  Pipe,             // |
  Comma,
  Dot,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Assign,    // =
  Eq,        // ==
  CiEq,      // =~ (case-insensitive equality; dev-only in ES)
  Neq,       // !=
  Lt,
  Lte,
  Gt,
  Gte,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  CastOp,    // ::
  Colon,     // :
  Semicolon,
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  size_t begin = 0;  // byte offsets into the query text: [begin, end)
  size_t end = 0;
  std::string value;  // see TokenKind; for Error: the message
  // Pattern tokens: true when a part was back-quoted (so `*` may be literal).
  bool quoted = false;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text);

  // Lexes the token starting at or after `offset` (trivia skipped) in `mode`.
  Token lex(size_t offset, LexMode mode) const;

  // Offset of the first non-trivia character at or after `offset`; if a
  // comment is unterminated, returns the text size and sets `error`.
  size_t skip_trivia(size_t offset, std::string* error = nullptr) const;

  // 1-based line:column of a byte offset; columns count code points, as ANTLR does.
  Position position(size_t offset) const;

  std::string_view text() const { return text_; }

 private:
  Token lex_expression(size_t at) const;
  Token lex_source(size_t at) const;
  Token lex_pattern(size_t at, bool policy) const;
  Token lex_string(size_t at) const;
  Token lex_quoted_identifier(size_t at) const;
  Token lex_number(size_t at) const;
  Token error(size_t at, size_t end, std::string message) const;

  std::string_view text_;
  std::vector<size_t> line_starts_;
};

// Human-readable rendering of a token for "mismatched input '...'" messages.
std::string token_display(std::string_view text, const Token& token);

}  // namespace trailhound::esql
