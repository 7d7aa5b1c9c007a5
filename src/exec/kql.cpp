#include "exec/kql.h"

#include <optional>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "exec/catalog.h"
#include "exec/value_format.h"

namespace trailhound {

namespace {

struct Node {
  enum Kind { And, Or, Not, Leaf, Never } kind = Never;
  std::vector<Node> kids;
  int arg = -1;          // Leaf: index into the expression's arguments
  std::string value;     // Leaf: literal or glob
  bool glob = false;
  bool exists = false;   // field:*
};

struct Token {
  enum Kind { LParen, RParen, Colon, Word, Quoted, End } kind = End;
  std::string text;
  bool has_wildcard = false;
};

class Parser {
 public:
  Parser(std::string_view q, const std::function<ExprP(const std::string&)>& column, std::vector<ExprP>& args)
      : q_(q), column_(column), args_(args) {
    next();
  }

  Result<Node> parse() {
    auto n = or_expr();
    if (!n.ok()) return n;
    if (tok_.kind != Token::End) return unsupported(fmt::format("token [{}]", tok_.text));
    return n;
  }

 private:
  Status unsupported(std::string what) const {
    return Status::unsupported(fmt::format("unsupported: KQL {} in [{}]", what, q_));
  }
  bool keyword(std::string_view k) const {
    if (tok_.kind != Token::Word || tok_.text.size() != k.size()) return false;
    for (size_t i = 0; i < k.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(tok_.text[i])) != k[i]) return false;
    return true;
  }

  void next() {
    while (pos_ < q_.size() && std::isspace(static_cast<unsigned char>(q_[pos_]))) ++pos_;
    tok_ = Token{};
    if (pos_ >= q_.size()) return;
    const char c = q_[pos_];
    if (c == '(' || c == ')' || c == ':') {
      tok_.kind = c == '(' ? Token::LParen : c == ')' ? Token::RParen : Token::Colon;
      tok_.text = std::string(1, c);
      ++pos_;
      return;
    }
    if (c == '"') {
      tok_.kind = Token::Quoted;
      ++pos_;
      while (pos_ < q_.size() && q_[pos_] != '"') {
        if (q_[pos_] == '\\' && pos_ + 1 < q_.size()) ++pos_;
        tok_.text += q_[pos_++];
      }
      ++pos_;
      return;
    }
    tok_.kind = Token::Word;
    while (pos_ < q_.size()) {
      const char d = q_[pos_];
      if (std::isspace(static_cast<unsigned char>(d)) || d == '(' || d == ')' || d == ':' || d == '"') break;
      if (d == '\\' && pos_ + 1 < q_.size()) {
        tok_.text += q_[pos_ + 1];
        pos_ += 2;
        continue;
      }
      if (d == '*') tok_.has_wildcard = true;
      tok_.text += d;
      ++pos_;
    }
  }

  template <class Sub>
  Result<Node> chain(Node::Kind kind, std::string_view word, Sub sub) {
    auto first = sub();
    if (!first.ok()) return first;
    if (!keyword(word)) return first;
    Node n;
    n.kind = kind;
    n.kids.push_back(std::move(first.value()));
    while (keyword(word)) {
      next();
      auto more = sub();
      if (!more.ok()) return more;
      n.kids.push_back(std::move(more.value()));
    }
    return n;
  }

  Result<Node> or_expr() { return chain(Node::Or, "or", [&] { return and_expr(); }); }
  Result<Node> and_expr() { return chain(Node::And, "and", [&] { return not_expr(); }); }
  // `not <level>` or `( <top> )`, shared by the field and the value grammars;
  // nullopt when neither starts at the current token.
  template <class Level, class Top>
  std::optional<Result<Node>> not_or_group(Level level, Top top) {
    if (keyword("not")) {
      next();
      auto inner = level();
      if (!inner.ok()) return inner;
      Node n;
      n.kind = Node::Not;
      n.kids.push_back(std::move(inner.value()));
      return Result<Node>(std::move(n));
    }
    if (tok_.kind == Token::LParen) {
      next();
      auto inner = top();
      if (!inner.ok()) return inner;
      if (tok_.kind != Token::RParen) return unsupported("unbalanced parentheses");
      next();
      return inner;
    }
    return std::nullopt;
  }

  Result<Node> not_expr() {
    if (auto r = not_or_group([&] { return not_expr(); }, [&] { return or_expr(); })) return std::move(*r);
    if (tok_.kind != Token::Word) return unsupported("term without a field");
    const std::string field = tok_.text;
    next();
    if (tok_.kind != Token::Colon) return unsupported("term without a field or range query");
    next();
    field_ = column_(field);
    field_arg_ = -1;
    if (field_) {
      args_.push_back(field_);
      field_arg_ = static_cast<int>(args_.size() - 1);
    }
    // Value-level AND/OR/NOT only inside parentheses: `f:(a or b)`.
    return value_not();
  }

  Result<Node> value_or() { return chain(Node::Or, "or", [&] { return value_and(); }); }
  Result<Node> value_and() { return chain(Node::And, "and", [&] { return value_not(); }); }
  Result<Node> value_not() {
    if (auto r = not_or_group([&] { return value_not(); }, [&] { return value_or(); })) return std::move(*r);
    if (tok_.kind != Token::Word && tok_.kind != Token::Quoted) return unsupported("missing value");
    Node n;
    n.kind = field_arg_ < 0 ? Node::Never : Node::Leaf;
    n.arg = field_arg_;
    n.value = tok_.text;
    n.glob = tok_.kind == Token::Word && tok_.has_wildcard;
    n.exists = tok_.kind == Token::Word && tok_.text == "*";
    next();
    return n;
  }

  std::string_view q_;
  size_t pos_ = 0;
  Token tok_;
  const std::function<ExprP(const std::string&)>& column_;
  std::vector<ExprP>& args_;
  ExprP field_;
  int field_arg_ = -1;
};

bool eval_node(const Node& n, const std::vector<Vec>& a, size_t r) {
  switch (n.kind) {
    case Node::Never: return false;
    case Node::Not: return !eval_node(n.kids[0], a, r);
    case Node::And:
      for (const auto& k : n.kids)
        if (!eval_node(k, a, r)) return false;
      return true;
    case Node::Or:
      for (const auto& k : n.kids)
        if (eval_node(k, a, r)) return true;
      return false;
    case Node::Leaf: {
      const Vec& v = a[n.arg];
      if (v.type() == DataType::Null) return false;
      const uint32_t cnt = v.count(r), b = v.begin(r);
      if (n.exists) return cnt > 0;
      for (uint32_t i = b; i < b + cnt; ++i) {
        const Column& c = v.c();
        const std::string text = is_string(c.type) ? std::string(c.str[i]) : format_scalar_text(c, i);
        if (n.glob ? wildcard_match(n.value, text) : text == n.value) return true;
      }
      return false;
    }
  }
  return false;
}

}  // namespace

Result<ExprP> bind_kql(std::string_view query, const std::function<ExprP(const std::string&)>& column, WarningSource src) {
  std::vector<ExprP> args;
  Parser p(query, column, args);
  auto root = p.parse();
  if (!root.ok()) return root.status();
  auto tree = std::make_shared<const Node>(std::move(root.value()));
  return ExprP(std::make_shared<FnExpr>(DataType::Boolean, std::move(src), std::move(args),
                                        [tree](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
    bool all_const = true;
    for (const auto& v : a) all_const &= v.constant;
    const size_t n = all_const ? 1 : rows;
    Column out(DataType::Boolean);
    out.reserve(n, n);
    for (size_t r = 0; r < n; ++r) {
      out.push_i64(eval_node(*tree, a, r));
      out.end_row();
    }
    return Vec{std::make_shared<const Column>(std::move(out)), all_const};
  }));
}

}  // namespace trailhound
