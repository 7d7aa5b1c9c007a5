#include "esql/parser.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "esql/lexer.h"

namespace trailhound::esql {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Words that are tokens of their own in ES|QL's expression mode, so they can
// neither start an operand nor be the unit of a time span.
bool is_reserved(std::string_view word) {
  static constexpr std::string_view kWords[] = {"and", "or",  "not", "in",    "is",   "like",
                                                "rlike", "by", "asc", "desc", "nulls", "where"};
  for (auto w : kWords)
    if (iequals(word, w)) return true;
  return false;
}

// Commands the grammar knows but the engine does not run; parsed as
// UnsupportedCommand so the analyzer can name them.
bool is_unsupported_command(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "fork",      "completion", "rerank",  "sample",   "change_point", "fuse",
      "insist",    "fill_null",  "explain", "metrics",  "promql",       "external",
      "uri_parts", "registered_domain",     "mmr",      "chunk",        "dedup",
      "subquery",  "show",       "ts",      "info",     "meta"};
  for (auto w : kWords)
    if (iequals(word, w)) return true;
  return false;
}

// A numeric literal value with its ES|QL type.
struct Num {
  DataType type = DataType::Integer;
  int64_t i = 0;   // Integer, Long
  uint64_t u = 0;  // UnsignedLong
  double d = 0;    // Double
};

// One parsed expression plus the source span it covers. The span can be wider
// than the node's own text: `(a + b)` yields the `a + b` node with the span of
// the parentheses, which enclosing nodes and field names use.
struct Node {
  ExprPtr e;
  size_t begin = 0;
  size_t end = 0;
  int depth = 1;
  explicit operator bool() const { return e != nullptr; }
};

class Parser {
 public:
  explicit Parser(std::string_view text) : src_(text), lx_(text) {}

  Result<Query> run();

 private:
  // --- tokens -------------------------------------------------------------
  const Token& peek(LexMode mode = LexMode::Expression) {
    if (!cache_valid_ || cache_off_ != off_ || cache_mode_ != mode) {
      cache_ = lx_.lex(off_, mode);
      cache_off_ = off_;
      cache_mode_ = mode;
      cache_valid_ = true;
    }
    return cache_;
  }
  Token next(LexMode mode = LexMode::Expression) {
    Token t = peek(mode);
    if (t.kind != TokenKind::Error && t.kind != TokenKind::Eof) {
      off_ = t.end;
      last_end_ = t.end;
    }
    return t;
  }
  bool peek_is(TokenKind k, LexMode mode = LexMode::Expression) { return peek(mode).kind == k; }
  // An unquoted identifier equal (case-insensitively) to `word`.
  bool peek_word(std::string_view word, LexMode mode = LexMode::Expression) {
    const Token& t = peek(mode);
    if (t.kind == TokenKind::Identifier) return iequals(t.value, word);
    if (t.kind == TokenKind::Pattern || t.kind == TokenKind::Source)
      return !t.quoted && iequals(src_.substr(t.begin, t.end - t.begin), word);
    return false;
  }
  bool accept_word(std::string_view word, LexMode mode = LexMode::Expression) {
    if (!peek_word(word, mode)) return false;
    next(mode);
    return true;
  }
  bool accept(TokenKind k, LexMode mode = LexMode::Expression) {
    if (!peek_is(k, mode)) return false;
    next(mode);
    return true;
  }
  bool expect(TokenKind k, std::string_view what, LexMode mode = LexMode::Expression) {
    if (accept(k, mode)) return true;
    fail(peek(mode), what);
    return false;
  }
  bool expect_word(std::string_view word, LexMode mode = LexMode::Expression) {
    if (accept_word(word, mode)) return true;
    fail(peek(mode), "'" + upper(word) + "'");
    return false;
  }

  // --- errors -------------------------------------------------------------
  std::string where(size_t offset) const {
    Position p = lx_.position(offset);
    return "line " + std::to_string(p.line) + ":" + std::to_string(p.column) + ": ";
  }
  void error_at(size_t offset, std::string message) {
    if (err_.empty()) err_ = where(offset) + message;
  }
  // Reports `t` as unexpected; lexical errors are reported as such.
  void fail(const Token& t, std::string_view expected) {
    if (t.kind == TokenKind::Error) {
      error_at(t.begin, t.value);
    } else {
      error_at(t.begin, "mismatched input '" + token_display(src_, t) + "', expected " +
                            std::string(expected));
    }
  }
  bool failed() const { return !err_.empty(); }

  // --- expressions ----------------------------------------------------------
  ExprPtr make(ExprKind kind, size_t begin, size_t end) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = lx_.position(begin);
    e->text = std::string(src_.substr(begin, end - begin));
    return e;
  }
  Node node(ExprPtr e, size_t begin, size_t end, int depth) {
    Node n;
    n.e = std::move(e);
    n.begin = begin;
    n.end = end;
    n.depth = depth;
    if (depth > kMaxExprDepth) {
      error_at(begin, "expression too deeply nested (limit " + std::to_string(kMaxExprDepth) + ")");
      return Node{};
    }
    return n;
  }
  // Guards recursive descent into parentheses, calls and prefix operators.
  struct NestGuard {
    Parser* p;
    explicit NestGuard(Parser* parser) : p(parser) { ++p->nesting_; }
    ~NestGuard() { --p->nesting_; }
    bool ok(size_t at) {
      if (p->nesting_ <= kMaxNesting) return true;
      p->error_at(at, "expression nested too deeply (limit " + std::to_string(kMaxNesting) + ")");
      return false;
    }
  };

  Node parse_boolean();
  Node parse_and();
  Node parse_not();
  Node parse_predicate();
  Node parse_comparison();
  Node parse_additive();
  Node parse_multiplicative();
  Node parse_unary();
  Node parse_primary();
  Node parse_postfix(Node n);
  Node parse_number(size_t sign_begin, bool negative);
  Node parse_list();
  Node parse_function(const Token& name);
  Node parse_qualified_name();
  Node parse_constant();
  Node binary(BinaryOp op, Node lhs, Node rhs);
  bool parse_map(std::vector<MapEntry>* out);

  // --- commands -----------------------------------------------------------
  bool parse_setting(Query* q);
  bool parse_source_command(Query* q);
  bool parse_processing_command(Query* q);
  bool parse_fields(std::vector<Field>* out);
  bool parse_field(Field* out);
  bool parse_from(Command* c);
  bool parse_stats(Command* c, bool inline_stats);
  bool parse_sort(Command* c);
  bool parse_limit(Command* c);
  bool parse_dissect(Command* c);
  bool parse_grok(Command* c);
  bool parse_patterns(std::vector<std::string>* patterns, std::vector<Position>* positions);
  bool parse_rename(Command* c);
  bool parse_mv_expand(Command* c);
  bool parse_enrich(Command* c);
  bool parse_lookup_join(Command* c);
  bool skip_unsupported_body();

  std::string_view src_;
  Lexer lx_;
  size_t off_ = 0;
  size_t last_end_ = 0;
  int nesting_ = 0;
  std::string err_;
  Token cache_;
  size_t cache_off_ = 0;
  LexMode cache_mode_ = LexMode::Expression;
  bool cache_valid_ = false;
};

// --- literal helpers -------------------------------------------------------

// Types an integer literal as Elasticsearch does: integer if it fits 32 bits,
// else long, else unsigned_long (positive only), else double.
bool integer_value(std::string_view digits, bool negative, Num* out, std::string* err) {
  uint64_t acc = 0;
  bool overflow = false;
  for (char c : digits) {
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (acc > (std::numeric_limits<uint64_t>::max() - d) / 10) {
      overflow = true;
      break;
    }
    acc = acc * 10 + d;
  }
  if (!overflow) {
    if (!negative) {
      if (acc <= static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
        *out = Num{DataType::Integer, static_cast<int64_t>(acc), 0, 0};
      } else if (acc <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        *out = Num{DataType::Long, static_cast<int64_t>(acc), 0, 0};
      } else {
        *out = Num{DataType::UnsignedLong, 0, acc, 0};
      }
      return true;
    }
    if (acc <= uint64_t{1} << 31) {
      *out = Num{DataType::Integer, -static_cast<int64_t>(acc), 0, 0};
      return true;
    }
    if (acc <= uint64_t{1} << 63) {
      // -2^63 is representable; negate in unsigned space to avoid overflow.
      *out = Num{DataType::Long, static_cast<int64_t>(~acc + 1), 0, 0};
      return true;
    }
  }
  // Too large for any integral type: Elasticsearch quietly makes it a double.
  std::string text = (negative ? "-" : "") + std::string(digits);
  double d = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), d);
  if (r.ec != std::errc()) {
    *err = "Number [" + text + "] is too large";
    return false;
  }
  *out = Num{DataType::Double, 0, 0, d};
  return true;
}

bool decimal_value(std::string_view text, bool negative, Num* out, std::string* err) {
  std::string s(text);
  double d = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r.ec == std::errc::result_out_of_range) {
    // Underflow rounds to zero (as Java's parseDouble); overflow is an error.
    if (s.find("e-") == std::string::npos && s.find("E-") == std::string::npos) {
      *err = "Number [" + std::string(negative ? "-" : "") + s + "] is too large";
      return false;
    }
    d = 0;
  } else if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
    *err = "invalid number [" + s + "]";
    return false;
  }
  *out = Num{DataType::Double, 0, 0, negative ? -d : d};
  return true;
}

double as_double(const Num& n) {
  switch (n.type) {
    case DataType::Double: return n.d;
    case DataType::UnsignedLong: return static_cast<double>(n.u);
    default: return static_cast<double>(n.i);
  }
}

void push_num(Column* col, const Num& n) {
  if (col->type == DataType::Double) {
    col->push_f64(as_double(n));
  } else if (col->type == DataType::UnsignedLong) {
    col->push_i64(n.type == DataType::UnsignedLong ? static_cast<int64_t>(n.u) : n.i);
  } else {
    col->push_i64(n.i);
  }
}

// --- expressions -----------------------------------------------------------

Node Parser::binary(BinaryOp op, Node lhs, Node rhs) {
  auto e = make(ExprKind::Binary, lhs.begin, rhs.end);
  e->binary_op = op;
  size_t begin = lhs.begin, end = rhs.end;
  int depth = std::max(lhs.depth, rhs.depth) + 1;
  e->args.push_back(std::move(lhs.e));
  e->args.push_back(std::move(rhs.e));
  return node(std::move(e), begin, end, depth);
}

Node Parser::parse_boolean() {
  NestGuard guard(this);
  if (!guard.ok(peek().begin)) return {};
  Node lhs = parse_and();
  while (lhs && peek_word("or")) {
    next();
    Node rhs = parse_and();
    if (!rhs) return {};
    lhs = binary(BinaryOp::Or, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

Node Parser::parse_and() {
  Node lhs = parse_not();
  while (lhs && peek_word("and")) {
    next();
    Node rhs = parse_not();
    if (!rhs) return {};
    lhs = binary(BinaryOp::And, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

Node Parser::parse_not() {
  if (!peek_word("not")) return parse_predicate();
  NestGuard guard(this);
  size_t begin = peek().begin;
  if (!guard.ok(begin)) return {};
  next();
  Node operand = parse_not();
  if (!operand) return {};
  auto e = make(ExprKind::Unary, begin, operand.end);
  e->unary_op = UnaryOp::Not;
  size_t end = operand.end;
  int depth = operand.depth + 1;
  e->args.push_back(std::move(operand.e));
  return node(std::move(e), begin, end, depth);
}

Node Parser::parse_predicate() {
  Node value = parse_comparison();
  if (!value) return {};
  size_t begin = value.begin;

  // `x : "query"` full-text match.
  if (peek_is(TokenKind::Colon)) {
    next();
    Node q = parse_constant();
    if (!q) return {};
    auto e = make(ExprKind::Match, begin, q.end);
    size_t end = q.end;
    e->query = q.e->value.type == DataType::Keyword && !q.e->value.str.empty() ? q.e->value.str[0]
                                                                              : q.e->text;
    e->args.push_back(std::move(value.e));
    e->args.push_back(std::move(q.e));
    return node(std::move(e), begin, end, std::max(value.depth, q.depth) + 1);
  }

  // `x IS [NOT] NULL`
  if (peek_word("is")) {
    next();
    bool negated = accept_word("not");
    if (!peek_word("null")) {
      fail(peek(), negated ? "'NULL'" : "'NOT' or 'NULL'");
      return {};
    }
    size_t end = next().end;
    auto e = make(ExprKind::IsNull, begin, end);
    e->negated = negated;
    e->args.push_back(std::move(value.e));
    return node(std::move(e), begin, end, value.depth + 1);
  }

  // `x [NOT] IN (...)`, `x [NOT] LIKE ...`, `x [NOT] RLIKE ...`
  size_t save = off_, save_end = last_end_;
  bool negated = false;
  if (peek_word("not")) {
    next();
    negated = true;
    if (!peek_word("in") && !peek_word("like") && !peek_word("rlike")) {
      // Not a predicate: leave `NOT` for the caller to report.
      off_ = save;
      last_end_ = save_end;
      return value;
    }
  }
  if (peek_word("in")) {
    next();
    if (!expect(TokenKind::LParen, "'('")) return {};
    auto e = std::make_unique<Expr>();
    int depth = value.depth;
    e->args.push_back(std::move(value.e));
    do {
      NestGuard guard(this);
      if (!guard.ok(peek().begin)) return {};
      Node item = parse_comparison();
      if (!item) return {};
      depth = std::max(depth, item.depth);
      e->args.push_back(std::move(item.e));
    } while (accept(TokenKind::Comma));
    if (!expect(TokenKind::RParen, "',' or ')'")) return {};
    auto in = make(ExprKind::In, begin, last_end_);
    in->negated = negated;
    in->args = std::move(e->args);
    return node(std::move(in), begin, last_end_, depth + 1);
  }
  bool is_like = peek_word("like");
  if (is_like || peek_word("rlike")) {
    next();
    std::vector<std::string> patterns;
    if (accept(TokenKind::LParen)) {
      do {
        const Token& t = peek();
        if (t.kind != TokenKind::String) {
          fail(t, "a string pattern");
          return {};
        }
        patterns.push_back(next().value);
      } while (accept(TokenKind::Comma));
      if (!expect(TokenKind::RParen, "',' or ')'")) return {};
    } else if (peek_is(TokenKind::String)) {
      patterns.push_back(next().value);
    } else {
      // Newer ES accepts a foldable expression as the pattern (`LIKE concat(p, "*")`):
      // it goes to args[1] with `patterns` left empty.
      Node pattern = parse_additive();
      if (!pattern) return {};
      auto e = make(is_like ? ExprKind::Like : ExprKind::RLike, begin, pattern.end);
      e->negated = negated;
      size_t end = pattern.end;
      int depth = std::max(value.depth, pattern.depth) + 1;
      e->args.push_back(std::move(value.e));
      e->args.push_back(std::move(pattern.e));
      return node(std::move(e), begin, end, depth);
    }
    auto e = make(is_like ? ExprKind::Like : ExprKind::RLike, begin, last_end_);
    e->negated = negated;
    e->patterns = std::move(patterns);
    e->args.push_back(std::move(value.e));
    return node(std::move(e), begin, last_end_, value.depth + 1);
  }
  return value;
}

Node Parser::parse_comparison() {
  Node lhs = parse_additive();
  if (!lhs) return {};
  BinaryOp op;
  switch (peek().kind) {
    case TokenKind::Eq: op = BinaryOp::Eq; break;
    case TokenKind::Neq: op = BinaryOp::Neq; break;
    case TokenKind::Lt: op = BinaryOp::Lt; break;
    case TokenKind::Lte: op = BinaryOp::Lte; break;
    case TokenKind::Gt: op = BinaryOp::Gt; break;
    case TokenKind::Gte: op = BinaryOp::Gte; break;
    case TokenKind::CiEq:
      error_at(peek().begin, "operator '=~' is not supported");
      return {};
    default: return lhs;
  }
  next();
  Node rhs = parse_additive();
  if (!rhs) return {};
  Node result = binary(op, std::move(lhs), std::move(rhs));
  if (!result) return {};
  // Comparisons are non-associative: `a < b < c` does not parse.
  switch (peek().kind) {
    case TokenKind::Eq:
    case TokenKind::Neq:
    case TokenKind::Lt:
    case TokenKind::Lte:
    case TokenKind::Gt:
    case TokenKind::Gte:
    case TokenKind::CiEq:
      fail(peek(), "'|', 'AND', 'OR' or end of expression (comparisons do not chain)");
      return {};
    default: break;
  }
  return result;
}

Node Parser::parse_additive() {
  Node lhs = parse_multiplicative();
  while (lhs) {
    TokenKind k = peek().kind;
    if (k != TokenKind::Plus && k != TokenKind::Minus) break;
    next();
    Node rhs = parse_multiplicative();
    if (!rhs) return {};
    lhs = binary(k == TokenKind::Plus ? BinaryOp::Add : BinaryOp::Sub, std::move(lhs),
                 std::move(rhs));
  }
  return lhs;
}

Node Parser::parse_multiplicative() {
  Node lhs = parse_unary();
  while (lhs) {
    TokenKind k = peek().kind;
    BinaryOp op;
    if (k == TokenKind::Star) op = BinaryOp::Mul;
    else if (k == TokenKind::Slash) op = BinaryOp::Div;
    else if (k == TokenKind::Percent) op = BinaryOp::Mod;
    else break;
    next();
    Node rhs = parse_unary();
    if (!rhs) return {};
    lhs = binary(op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

Node Parser::parse_unary() {
  const Token& t = peek();
  if (t.kind != TokenKind::Minus && t.kind != TokenKind::Plus) return parse_primary();
  NestGuard guard(this);
  size_t begin = t.begin;
  if (!guard.ok(begin)) return {};
  bool negative = t.kind == TokenKind::Minus;
  next();
  // A sign directly before a number belongs to the literal (integerValue /
  // decimalValue rules), so `-2147483648` is an integer and `-1 day` a span.
  TokenKind k = peek().kind;
  if (k == TokenKind::Integer || k == TokenKind::Decimal) {
    Node lit = parse_number(begin, negative);
    if (!lit) return {};
    return parse_postfix(std::move(lit));
  }
  Node operand = parse_unary();
  if (!operand) return {};
  if (!negative) {
    // Unary plus is the identity; keep the operand but let the span cover `+`.
    operand.e->pos = lx_.position(begin);
    operand.e->text = std::string(src_.substr(begin, operand.end - begin));
    operand.begin = begin;
    return operand;
  }
  auto e = make(ExprKind::Unary, begin, operand.end);
  e->unary_op = UnaryOp::Neg;
  size_t end = operand.end;
  int depth = operand.depth + 1;
  e->args.push_back(std::move(operand.e));
  return node(std::move(e), begin, end, depth);
}

// Number token at the current position, optionally preceded by a sign that
// started at `sign_begin`; an integer followed by a unit word is a time span.
Node Parser::parse_number(size_t sign_begin, bool negative) {
  Token t = next();
  std::string err;
  Num num;
  if (t.kind == TokenKind::Integer) {
    const Token& unit = peek();
    if (unit.kind == TokenKind::Identifier && !is_reserved(unit.value)) {
      auto tu = parse_time_unit(unit.value);
      if (!tu) {
        // Reported at the literal, as Elasticsearch does (`5m` has no `m` unit).
        error_at(sign_begin, "Unexpected temporal unit: '" + unit.value + "'");
        return {};
      }
      if (!integer_value(t.value, negative, &num, &err) || num.type == DataType::Double ||
          num.type == DataType::UnsignedLong) {
        error_at(t.begin, "time span amount [" + t.value + "] out of range");
        return {};
      }
      size_t end = next().end;
      auto e = make(ExprKind::TimeSpan, sign_begin, end);
      e->span = TimeSpan{num.i, *tu};
      return node(std::move(e), sign_begin, end, 1);
    }
    if (!integer_value(t.value, negative, &num, &err)) {
      error_at(sign_begin, err);
      return {};
    }
  } else if (!decimal_value(t.value, negative, &num, &err)) {
    error_at(sign_begin, err);
    return {};
  }
  auto e = make(ExprKind::Literal, sign_begin, t.end);
  e->value = Column(num.type);
  push_num(&e->value, num);
  e->value.end_row();
  return node(std::move(e), sign_begin, t.end, 1);
}

Node Parser::parse_list() {
  size_t begin = next().begin;  // '['
  enum class Kind { None, Number, Boolean, String } kind = Kind::None;
  std::vector<Num> nums;
  std::vector<bool> bools;
  std::vector<std::string> strs;
  do {
    const Token& t = peek();
    Kind k;
    if (t.kind == TokenKind::Minus || t.kind == TokenKind::Plus || t.kind == TokenKind::Integer ||
        t.kind == TokenKind::Decimal) {
      k = Kind::Number;
    } else if (t.kind == TokenKind::Identifier &&
               (iequals(t.value, "true") || iequals(t.value, "false"))) {
      k = Kind::Boolean;
    } else if (t.kind == TokenKind::String) {
      k = Kind::String;
    } else {
      fail(t, "a number, boolean or string list element");
      return {};
    }
    if (kind != Kind::None && k != kind) {
      fail(t, "list elements of a single kind");
      return {};
    }
    kind = k;
    if (k == Kind::Number) {
      size_t sign_begin = t.begin;
      bool negative = false;
      if (t.kind == TokenKind::Minus || t.kind == TokenKind::Plus) {
        negative = t.kind == TokenKind::Minus;
        next();
      }
      Token n = next();
      if (n.kind != TokenKind::Integer && n.kind != TokenKind::Decimal) {
        fail(n, "a number");
        return {};
      }
      Num num;
      std::string err;
      bool ok = n.kind == TokenKind::Integer ? integer_value(n.value, negative, &num, &err)
                                             : decimal_value(n.value, negative, &num, &err);
      if (!ok) {
        error_at(sign_begin, err);
        return {};
      }
      nums.push_back(num);
    } else if (k == Kind::Boolean) {
      bools.push_back(iequals(next().value, "true"));
    } else {
      strs.push_back(next().value);
    }
  } while (accept(TokenKind::Comma));
  if (!expect(TokenKind::RBracket, "',' or ']'")) return {};
  auto e = make(ExprKind::Literal, begin, last_end_);
  if (kind == Kind::Number) {
    // The widest type present wins: double > unsigned_long > long > integer.
    auto any = [&](DataType dt) {
      return std::any_of(nums.begin(), nums.end(), [&](const Num& n) { return n.type == dt; });
    };
    DataType type = any(DataType::Double)         ? DataType::Double
                    : any(DataType::UnsignedLong) ? DataType::UnsignedLong
                    : any(DataType::Long)         ? DataType::Long
                                                  : DataType::Integer;
    e->value = Column(type);
    for (const Num& n : nums) push_num(&e->value, n);
  } else if (kind == Kind::Boolean) {
    e->value = Column(DataType::Boolean);
    for (bool b : bools) e->value.push_i64(b ? 1 : 0);
  } else {
    e->value = Column(DataType::Keyword);
    for (auto& s : strs) e->value.push_str(s);
  }
  e->value.end_row();
  return node(std::move(e), begin, last_end_, 1);
}

// A constant: (signed) number or span, string, boolean, null, list or param.
Node Parser::parse_constant() {
  const Token& t = peek();
  switch (t.kind) {
    case TokenKind::Minus:
    case TokenKind::Plus: {
      size_t begin = t.begin;
      bool negative = t.kind == TokenKind::Minus;
      next();
      TokenKind k = peek().kind;
      if (k != TokenKind::Integer && k != TokenKind::Decimal) {
        fail(peek(), "a number");
        return {};
      }
      return parse_number(begin, negative);
    }
    case TokenKind::Integer:
    case TokenKind::Decimal: return parse_number(t.begin, false);
    case TokenKind::LBracket: return parse_list();
    case TokenKind::String: {
      Token s = next();
      auto e = make(ExprKind::Literal, s.begin, s.end);
      e->value = Column(DataType::Keyword);
      e->value.push_str(s.value);
      e->value.end_row();
      return node(std::move(e), s.begin, s.end, 1);
    }
    case TokenKind::Param: {
      Token p = next();
      auto e = make(ExprKind::Param, p.begin, p.end);
      e->name = p.value;
      return node(std::move(e), p.begin, p.end, 1);
    }
    case TokenKind::Identifier: {
      if (iequals(t.value, "null")) {
        Token n = next();
        auto e = make(ExprKind::Literal, n.begin, n.end);
        e->value = Column(DataType::Null);
        e->value.push_null();
        return node(std::move(e), n.begin, n.end, 1);
      }
      if (iequals(t.value, "true") || iequals(t.value, "false")) {
        Token b = next();
        auto e = make(ExprKind::Literal, b.begin, b.end);
        e->value = Column(DataType::Boolean);
        e->value.push_i64(iequals(b.value, "true") ? 1 : 0);
        e->value.end_row();
        return node(std::move(e), b.begin, b.end, 1);
      }
      break;
    }
    default: break;
  }
  fail(t, "a constant");
  return {};
}

Node Parser::parse_qualified_name() {
  size_t begin = peek().begin;
  std::string name;
  for (;;) {
    const Token& t = peek();
    if (t.kind == TokenKind::Identifier || t.kind == TokenKind::QuotedIdentifier) {
      name += t.value;
      next();
    } else {
      fail(t, "an identifier");
      return {};
    }
    // Only a `.` followed by another name part continues the qualified name.
    if (!peek_is(TokenKind::Dot)) break;
    next();
    name += '.';
  }
  auto e = make(ExprKind::Column, begin, last_end_);
  e->name = std::move(name);
  return node(std::move(e), begin, last_end_, 1);
}

Node Parser::parse_function(const Token& name_tok) {
  next();  // name (arguments go through parse_boolean, which guards the nesting)
  next();  // '('
  auto e = std::make_unique<Expr>();
  int depth = 1;
  if (peek_is(TokenKind::Star)) {
    // COUNT(*): a single Column argument named "*".
    Token star = next();
    auto arg = make(ExprKind::Column, star.begin, star.end);
    arg->name = "*";
    e->args.push_back(std::move(arg));
  } else if (!peek_is(TokenKind::RParen)) {
    do {
      if (peek_is(TokenKind::LBrace)) {
        if (!parse_map(&e->options)) return {};
        break;  // the map is the last argument
      }
      Node arg = parse_boolean();
      if (!arg) return {};
      depth = std::max(depth, arg.depth + 1);
      e->args.push_back(std::move(arg.e));
    } while (accept(TokenKind::Comma));
  }
  if (!expect(TokenKind::RParen, "',' or ')'")) return {};
  auto call = make(ExprKind::Call, name_tok.begin, last_end_);
  call->name = lower(name_tok.value);
  call->args = std::move(e->args);
  call->options = std::move(e->options);
  return node(std::move(call), name_tok.begin, last_end_, depth);
}

bool Parser::parse_map(std::vector<MapEntry>* out) {
  next();  // '{'
  if (accept(TokenKind::RBrace)) return true;
  do {
    const Token& k = peek();
    if (k.kind != TokenKind::String) {
      fail(k, "a string key");
      return false;
    }
    MapEntry entry;
    entry.key = next().value;
    if (!expect(TokenKind::Colon, "':'")) return false;
    if (peek_is(TokenKind::LBrace)) {
      error_at(peek().begin, "nested map options are not supported");
      return false;
    }
    Node v = parse_constant();
    if (!v) return false;
    entry.value = std::move(v.e);
    out->push_back(std::move(entry));
  } while (accept(TokenKind::Comma));
  return expect(TokenKind::RBrace, "',' or '}'");
}

Node Parser::parse_primary() {
  const Token& t = peek();
  Node n;
  switch (t.kind) {
    case TokenKind::LParen: {
      size_t begin = t.begin;  // parse_boolean guards the nesting
      next();
      Node inner = parse_boolean();
      if (!inner) return {};
      if (!expect(TokenKind::RParen, "')'")) return {};
      // The node keeps its own text; the span (used by enclosing nodes and
      // field names) includes the parentheses.
      inner.begin = begin;
      inner.end = last_end_;
      n = std::move(inner);
      break;
    }
    case TokenKind::Identifier: {
      if (iequals(t.value, "null") || iequals(t.value, "true") || iequals(t.value, "false")) {
        n = parse_constant();
        break;
      }
      // Function call: a name directly followed by '('.
      Token name = t;
      size_t save = off_;
      next();
      bool call = peek_is(TokenKind::LParen);
      off_ = save;
      if (call) {
        n = parse_function(name);
        break;
      }
      if (is_reserved(name.value)) {
        fail(name, "an expression");
        return {};
      }
      n = parse_qualified_name();
      break;
    }
    case TokenKind::QuotedIdentifier: n = parse_qualified_name(); break;
    case TokenKind::Integer:
    case TokenKind::Decimal:
    case TokenKind::String:
    case TokenKind::LBracket:
    case TokenKind::Param: n = parse_constant(); break;
    default: fail(t, "an expression"); return {};
  }
  if (!n) return {};
  return parse_postfix(std::move(n));
}

// `expr::type` casts, which bind tighter than any operator and may chain.
Node Parser::parse_postfix(Node n) {
  while (n && peek_is(TokenKind::CastOp)) {
    next();
    const Token& type = peek();
    if (type.kind != TokenKind::Identifier) {
      fail(type, "a data type");
      return {};
    }
    Token tt = next();
    auto e = make(ExprKind::Cast, n.begin, tt.end);
    e->name = lower(tt.value);
    size_t begin = n.begin;
    int depth = n.depth + 1;
    e->args.push_back(std::move(n.e));
    n = node(std::move(e), begin, tt.end, depth);
  }
  return n;
}

// --- commands --------------------------------------------------------------

bool Parser::parse_field(Field* out) {
  size_t begin = peek().begin;
  out->pos = lx_.position(begin);
  const Token& t = peek();
  if ((t.kind == TokenKind::Identifier && !is_reserved(t.value)) ||
      t.kind == TokenKind::QuotedIdentifier) {
    // `name = expr`? Look ahead past a qualified name for a single '='.
    size_t save = off_, save_end = last_end_;
    std::string saved_err = err_;
    next();
    bool is_call = peek_is(TokenKind::LParen);
    off_ = save;
    last_end_ = save_end;
    if (!is_call) {
      Node name = parse_qualified_name();
      if (name && peek_is(TokenKind::Assign)) {
        next();
        out->name = name.e->name;
        out->explicit_name = true;
        Node value = parse_boolean();
        if (!value) return false;
        out->expr = std::move(value.e);
        return true;
      }
      off_ = save;
      last_end_ = save_end;
      err_ = saved_err;
    }
  }
  Node value = parse_boolean();
  if (!value) return false;
  out->name = std::string(src_.substr(value.begin, value.end - value.begin));
  out->expr = std::move(value.e);
  return true;
}

bool Parser::parse_fields(std::vector<Field>* out) {
  do {
    Field f;
    if (!parse_field(&f)) return false;
    out->push_back(std::move(f));
  } while (accept(TokenKind::Comma));
  return true;
}

bool Parser::parse_from(Command* c) {
  FromCommand from;
  do {
    const Token& t = peek(LexMode::Source);
    if (t.kind != TokenKind::Source) {
      fail(t, "an index pattern");
      return false;
    }
    from.patterns.push_back(next(LexMode::Source).value);
  } while (accept(TokenKind::Comma, LexMode::Source));
  if (peek_word("metadata", LexMode::Source)) {
    next(LexMode::Source);
    do {
      const Token& t = peek(LexMode::Source);
      if (t.kind != TokenKind::Source) {
        fail(t, "a metadata field");
        return false;
      }
      from.metadata.push_back(next(LexMode::Source).value);
    } while (accept(TokenKind::Comma, LexMode::Source));
  }
  c->body = std::move(from);
  return true;
}

bool Parser::parse_stats(Command* c, bool inline_stats) {
  StatsCommand stats;
  stats.inline_stats = inline_stats;
  if (!peek_word("by")) {
    do {
      AggField agg;
      if (!parse_field(&agg.field)) return false;
      if (accept_word("where")) {
        Node filter = parse_boolean();
        if (!filter) return false;
        agg.filter = std::move(filter.e);
      }
      stats.aggregates.push_back(std::move(agg));
    } while (accept(TokenKind::Comma));
  }
  if (accept_word("by")) {
    if (!parse_fields(&stats.groups)) return false;
  }
  if (stats.aggregates.empty() && stats.groups.empty()) {
    fail(peek(), "an aggregate or BY");
    return false;
  }
  c->body = std::move(stats);
  return true;
}

bool Parser::parse_sort(Command* c) {
  SortCommand sort;
  do {
    SortKey key;
    Node e = parse_boolean();
    if (!e) return false;
    key.expr = std::move(e.e);
    if (accept_word("asc")) {
      key.ascending = true;
    } else if (accept_word("desc")) {
      key.ascending = false;
    }
    if (accept_word("nulls")) {
      if (accept_word("first")) {
        key.nulls_first = true;
      } else if (accept_word("last")) {
        key.nulls_first = false;
      } else {
        fail(peek(), "'FIRST' or 'LAST'");
        return false;
      }
    }
    sort.keys.push_back(std::move(key));
  } while (accept(TokenKind::Comma));
  c->body = std::move(sort);
  return true;
}

bool Parser::parse_limit(Command* c) {
  const Token& t = peek();
  if (t.kind != TokenKind::Integer) {
    fail(t, "a non-negative integer");
    return false;
  }
  Token n = next();
  Num num;
  std::string err;
  if (!integer_value(n.value, false, &num, &err) || num.type != DataType::Integer) {
    error_at(n.begin, "Invalid value for LIMIT [" + n.value + "], expecting a non negative integer");
    return false;
  }
  c->body = LimitCommand{num.i};
  return true;
}

bool Parser::parse_dissect(Command* c) {
  DissectCommand d;
  Node input = parse_primary();
  if (!input) return false;
  d.input = std::move(input.e);
  if (!peek_is(TokenKind::String)) {
    fail(peek(), "a dissect pattern string");
    return false;
  }
  d.pattern = next().value;
  if (peek_is(TokenKind::Identifier)) {
    do {
      const Token& opt = peek();
      if (opt.kind != TokenKind::Identifier) {
        fail(opt, "an option");
        return false;
      }
      Token name = next();
      if (!iequals(name.value, "append_separator")) {
        error_at(name.begin, "Invalid option for dissect: [" + name.value + "]");
        return false;
      }
      if (!expect(TokenKind::Assign, "'='")) return false;
      if (!peek_is(TokenKind::String)) {
        fail(peek(), "a string");
        return false;
      }
      d.append_separator = next().value;
    } while (accept(TokenKind::Comma));
  }
  c->body = std::move(d);
  return true;
}

bool Parser::parse_grok(Command* c) {
  GrokCommand g;
  Node input = parse_primary();
  if (!input) return false;
  g.input = std::move(input.e);
  do {
    if (!peek_is(TokenKind::String)) {
      fail(peek(), "a grok pattern string");
      return false;
    }
    g.patterns.push_back(next().value);
  } while (accept(TokenKind::Comma));
  c->body = std::move(g);
  return true;
}

bool Parser::parse_patterns(std::vector<std::string>* patterns, std::vector<Position>* positions) {
  do {
    const Token& t = peek(LexMode::Pattern);
    if (t.kind != TokenKind::Pattern) {
      fail(t, "a column name or pattern");
      return false;
    }
    Token p = next(LexMode::Pattern);
    patterns->push_back(p.value);
    positions->push_back(lx_.position(p.begin));
  } while (accept(TokenKind::Comma, LexMode::Pattern));
  return true;
}

bool Parser::parse_rename(Command* c) {
  RenameCommand r;
  do {
    const Token& t = peek(LexMode::Pattern);
    if (t.kind != TokenKind::Pattern) {
      fail(t, "a column name");
      return false;
    }
    Token first = next(LexMode::Pattern);
    RenameCommand::Pair pair;
    pair.pos = lx_.position(first.begin);
    if (accept_word("as", LexMode::Pattern)) {
      // `old AS new`
      const Token& n = peek(LexMode::Pattern);
      if (n.kind != TokenKind::Pattern) {
        fail(n, "a column name");
        return false;
      }
      pair.from = first.value;
      pair.to = next(LexMode::Pattern).value;
    } else if (accept(TokenKind::Assign, LexMode::Pattern)) {
      // `new = old`
      const Token& o = peek(LexMode::Pattern);
      if (o.kind != TokenKind::Pattern) {
        fail(o, "a column name");
        return false;
      }
      pair.to = first.value;
      pair.from = next(LexMode::Pattern).value;
    } else {
      fail(peek(LexMode::Pattern), "'AS' or '='");
      return false;
    }
    r.pairs.push_back(std::move(pair));
  } while (accept(TokenKind::Comma, LexMode::Pattern));
  c->body = std::move(r);
  return true;
}

bool Parser::parse_mv_expand(Command* c) {
  const Token& t = peek(LexMode::Pattern);
  if (t.kind != TokenKind::Pattern) {
    fail(t, "a column name");
    return false;
  }
  Token p = next(LexMode::Pattern);
  c->body = MvExpandCommand{p.value, lx_.position(p.begin)};
  return true;
}

bool Parser::parse_enrich(Command* c) {
  EnrichCommand en;
  const Token& t = peek(LexMode::Policy);
  if (t.kind != TokenKind::Pattern) {
    fail(t, "an enrich policy name");
    return false;
  }
  en.policy = next(LexMode::Policy).value;
  if (accept_word("on", LexMode::Pattern)) {
    const Token& f = peek(LexMode::Pattern);
    if (f.kind != TokenKind::Pattern) {
      fail(f, "a match field");
      return false;
    }
    en.on = next(LexMode::Pattern).value;
  }
  if (accept_word("with", LexMode::Pattern)) {
    do {
      const Token& f = peek(LexMode::Pattern);
      if (f.kind != TokenKind::Pattern) {
        fail(f, "an enrich field");
        return false;
      }
      Token first = next(LexMode::Pattern);
      Field field;
      field.pos = lx_.position(first.begin);
      Token source = first;
      if (accept(TokenKind::Assign, LexMode::Pattern)) {
        const Token& s = peek(LexMode::Pattern);
        if (s.kind != TokenKind::Pattern) {
          fail(s, "an enrich field");
          return false;
        }
        source = next(LexMode::Pattern);
        field.name = first.value;
        field.explicit_name = true;
      } else {
        field.name = first.value;
      }
      auto e = make(ExprKind::Column, source.begin, source.end);
      e->name = source.value;
      field.expr = std::move(e);
      en.with.push_back(std::move(field));
    } while (accept(TokenKind::Comma, LexMode::Pattern));
  }
  c->body = std::move(en);
  return true;
}

bool Parser::parse_lookup_join(Command* c) {
  LookupJoinCommand j;
  const Token& t = peek(LexMode::Source);
  if (t.kind != TokenKind::Source) {
    fail(t, "a lookup index");
    return false;
  }
  j.index = next(LexMode::Source).value;
  if (!expect_word("on", LexMode::Pattern)) return false;
  do {
    const Token& f = peek(LexMode::Pattern);
    if (f.kind != TokenKind::Pattern) {
      fail(f, "a join key");
      return false;
    }
    j.on.push_back(next(LexMode::Pattern).value);
  } while (accept(TokenKind::Comma, LexMode::Pattern));
  c->body = std::move(j);
  return true;
}

// Skips the body of an unsupported command up to the next top-level `|`,
// respecting strings, quoted names, comments and brackets (FORK holds
// parenthesised sub-pipelines with their own pipes).
bool Parser::skip_unsupported_body() {
  const std::string_view s = src_;
  size_t i = off_;
  int depth = 0;
  for (;;) {
    std::string err;
    i = lx_.skip_trivia(i, &err);
    if (!err.empty()) {
      error_at(i, err);
      return false;
    }
    if (i >= s.size()) break;
    char ch = s[i];
    if (ch == '"' || ch == '`') {
      Token t = lx_.lex(i, LexMode::Expression);
      if (t.kind == TokenKind::Error) {
        error_at(t.begin, t.value);
        return false;
      }
      i = t.end;
      continue;
    }
    if (ch == '|' && depth == 0) break;
    if (ch == '(' || ch == '[' || ch == '{') ++depth;
    if ((ch == ')' || ch == ']' || ch == '}') && depth > 0) --depth;
    ++i;
  }
  // Position the cursor right after the last non-trivia character consumed.
  size_t end = i;
  while (end > off_ && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r' ||
                        s[end - 1] == '\n'))
    --end;
  off_ = i;
  last_end_ = std::max(last_end_, end);
  return true;
}

bool Parser::parse_source_command(Query* q) {
  const Token& t = peek();
  if (t.kind != TokenKind::Identifier) {
    fail(t, "'FROM' or 'ROW'");
    return false;
  }
  Command c;
  c.pos = lx_.position(t.begin);
  std::string word = lower(t.value);
  if (word == "from") {
    next();
    if (!parse_from(&c)) return false;
  } else if (word == "row") {
    next();
    RowCommand row;
    if (!parse_fields(&row.fields)) return false;
    c.body = std::move(row);
  } else if (word == "show" || word == "ts" || word == "metrics" || word == "promql" ||
             word == "external" || word == "explain") {
    next();
    c.body = UnsupportedCommand{upper(word)};
    if (!skip_unsupported_body()) return false;
  } else {
    fail(t, "'FROM' or 'ROW'");
    return false;
  }
  q->commands.push_back(std::move(c));
  return true;
}

bool Parser::parse_processing_command(Query* q) {
  const Token& t = peek();
  if (t.kind != TokenKind::Identifier) {
    fail(t, "a command");
    return false;
  }
  Command c;
  c.pos = lx_.position(t.begin);
  Token kw = next();
  std::string word = lower(kw.value);
  bool ok = true;
  if (word == "eval") {
    EvalCommand eval;
    ok = parse_fields(&eval.fields);
    c.body = std::move(eval);
  } else if (word == "where") {
    Node cond = parse_boolean();
    ok = static_cast<bool>(cond);
    c.body = WhereCommand{std::move(cond.e)};
  } else if (word == "stats") {
    ok = parse_stats(&c, false);
  } else if (word == "inlinestats") {
    ok = parse_stats(&c, true);
  } else if (word == "inline") {
    ok = expect_word("stats") && parse_stats(&c, true);
  } else if (word == "keep" || word == "drop") {
    std::vector<std::string> patterns;
    std::vector<Position> positions;
    ok = parse_patterns(&patterns, &positions);
    if (word == "keep") {
      c.body = KeepCommand{std::move(patterns), std::move(positions)};
    } else {
      c.body = DropCommand{std::move(patterns), std::move(positions)};
    }
  } else if (word == "rename") {
    ok = parse_rename(&c);
  } else if (word == "sort") {
    ok = parse_sort(&c);
  } else if (word == "limit") {
    ok = parse_limit(&c);
  } else if (word == "dissect") {
    ok = parse_dissect(&c);
  } else if (word == "grok") {
    ok = parse_grok(&c);
  } else if (word == "mv_expand") {
    ok = parse_mv_expand(&c);
  } else if (word == "enrich") {
    ok = parse_enrich(&c);
  } else if (word == "lookup" && peek_word("join")) {
    next();
    ok = parse_lookup_join(&c);
  } else if ((word == "left" || word == "right" || word == "full") && peek_word("join")) {
    next();
    c.body = UnsupportedCommand{upper(word) + " JOIN"};
    ok = skip_unsupported_body();
  } else if (word == "lookup" || is_unsupported_command(word)) {
    c.body = UnsupportedCommand{upper(word)};
    ok = skip_unsupported_body();
  } else {
    fail(kw, "a command");
    return false;
  }
  if (!ok) return false;
  q->commands.push_back(std::move(c));
  return true;
}

bool Parser::parse_setting(Query* q) {
  next();  // SET
  Setting s;
  const Token& t = peek();
  if (t.kind != TokenKind::Identifier && t.kind != TokenKind::QuotedIdentifier) {
    fail(t, "a setting name");
    return false;
  }
  Node name = parse_qualified_name();
  if (!name) return false;
  s.name = name.e->name;
  if (!expect(TokenKind::Assign, "'='")) return false;
  Node value = parse_constant();
  if (!value) return false;
  s.value = std::move(value.e);
  if (!expect(TokenKind::Semicolon, "';'")) return false;
  q->settings.push_back(std::move(s));
  return true;
}

Result<Query> Parser::run() {
  Query q;
  q.text = std::string(src_);
  bool ok = true;
  while (ok && peek_word("set")) ok = parse_setting(&q);
  if (ok) ok = parse_source_command(&q);
  while (ok && accept(TokenKind::Pipe)) ok = parse_processing_command(&q);
  if (ok && !peek_is(TokenKind::Eof)) {
    fail(peek(), "'|' or end of query");
    ok = false;
  }
  if (!ok || failed()) {
    if (err_.empty()) err_ = where(off_) + "syntax error";
    return Status::parse_error(err_);
  }
  return q;
}

}  // namespace

std::optional<TimeUnit> parse_time_unit(std::string_view word) {
  struct Entry {
    std::string_view name;
    TimeUnit unit;
  };
  static constexpr Entry kUnits[] = {
      {"year", TimeUnit::Year},          {"years", TimeUnit::Year},
      {"y", TimeUnit::Year},             {"yr", TimeUnit::Year},
      {"quarter", TimeUnit::Quarter},    {"quarters", TimeUnit::Quarter},
      {"q", TimeUnit::Quarter},          {"month", TimeUnit::Month},
      {"months", TimeUnit::Month},       {"mo", TimeUnit::Month},
      {"week", TimeUnit::Week},          {"weeks", TimeUnit::Week},
      {"w", TimeUnit::Week},             {"day", TimeUnit::Day},
      {"days", TimeUnit::Day},           {"d", TimeUnit::Day},
      {"hour", TimeUnit::Hour},          {"hours", TimeUnit::Hour},
      {"h", TimeUnit::Hour},             {"minute", TimeUnit::Minute},
      {"minutes", TimeUnit::Minute},     {"min", TimeUnit::Minute},
      // `m` = minute since Elasticsearch PR #136448 (Oct 2025); Elastic's own rules use `5m`.
      {"m", TimeUnit::Minute},
      {"second", TimeUnit::Second},      {"seconds", TimeUnit::Second},
      {"s", TimeUnit::Second},           {"sec", TimeUnit::Second},
      {"millisecond", TimeUnit::Millisecond}, {"milliseconds", TimeUnit::Millisecond},
      {"ms", TimeUnit::Millisecond},
  };
  for (const auto& e : kUnits)
    if (iequals(word, e.name)) return e.unit;
  return std::nullopt;
}

Result<Query> parse_query(std::string_view text) {
  Parser parser(text);
  return parser.run();
}

}  // namespace trailhound::esql
