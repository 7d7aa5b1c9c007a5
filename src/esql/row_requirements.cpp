#include "esql/row_requirements.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "common/json_string.h"

namespace trailhound::esql {

namespace {

using K = Requirement::Kind;

std::optional<std::string> string_constant(const Expr& e) {
  if (e.kind != ExprKind::Literal || e.value.type != DataType::Keyword || e.value.rows() != 1 ||
      e.value.count(0) != 1)
    return std::nullopt;
  return std::string(e.value.str[e.value.begin(0)]);
}

bool is_null_constant(const Expr& e) { return e.kind == ExprKind::Literal && e.value.type == DataType::Null; }

bool is_true_constant(const Expr& e) {
  return e.kind == ExprKind::Literal && e.value.type == DataType::Boolean && e.value.rows() == 1 &&
         e.value.count(0) == 1 && e.value.i64[e.value.begin(0)] != 0;
}

// What any value matching a LIKE pattern must hold, as atoms on `field`:
// the pattern itself when it has no wildcard, else its leading run (a
// prefix), trailing run (a suffix) and longest run between wildcards. `*` and
// `?` are wildcards and `\` escapes the next character; splitting at all three
// is conservative (an escaped character only shortens the runs).
Requirement like_pattern(const std::string& field, std::string_view pattern) {
  auto wild = [](char c) { return c == '*' || c == '?' || c == '\\'; };
  if (std::none_of(pattern.begin(), pattern.end(), wild))
    return Requirement::of(ValueAtom{field, ValueAtom::Kind::Equals, std::string(pattern)});
  std::vector<std::string_view> runs;
  size_t start = 0;
  for (size_t i = 0; i <= pattern.size(); ++i) {
    if (i == pattern.size() || wild(pattern[i])) {
      runs.push_back(pattern.substr(start, i - start));
      start = i + 1;
    }
  }
  Requirement out = Requirement::anything();
  auto add = [&](ValueAtom::Kind kind, std::string_view run) {
    if (!run.empty()) out = Requirement::all(std::move(out), Requirement::of(ValueAtom{field, kind, std::string(run)}));
  };
  add(ValueAtom::Kind::Prefix, runs.front());
  add(ValueAtom::Kind::Suffix, runs.back());
  std::string_view longest;
  for (size_t i = 1; i + 1 < runs.size(); ++i)
    if (runs[i].size() > longest.size()) longest = runs[i];
  if (longest.size() > std::max(runs.front().size(), runs.back().size())) add(ValueAtom::Kind::Contains, longest);
  return out;
}

Requirement combine(K kind, Requirement a, Requirement b) {
  Requirement out{kind, {}, {}};
  for (Requirement* r : {&a, &b}) {
    if (r->kind == kind) {
      for (Requirement& p : r->parts) out.parts.push_back(std::move(p));
    } else {
      out.parts.push_back(std::move(*r));
    }
  }
  return out;
}

class Deriver {
 public:
  explicit Deriver(const FieldFacts& facts) : facts_(facts) {}
  void assign(const std::string& name) { computed_.insert(name); }

  // What `e` being true implies.
  Requirement implied(const Expr& e) const {
    switch (e.kind) {
      case ExprKind::Binary: return binary(e);
      case ExprKind::In: return in(e);
      case ExprKind::Like: return like(e);
      case ExprKind::Call: return call(e);
      case ExprKind::IsNull: return is_null(e);
      default: return Requirement::anything();
    }
  }

 private:
  bool source_column(const Expr& e) const {
    return e.kind == ExprKind::Column && !computed_.count(e.name);
  }
  bool null_column(const Expr& e) const { return source_column(e) && facts_.always_null(e.name); }

  // A test decided by what is known of the field: nullopt when nothing is.
  std::optional<Requirement> decided(const std::string& field,
                                     const std::function<bool(const std::string&)>& test) const {
    if (facts_.always_null(field)) return Requirement::never();  // null never makes a filter true
    if (auto c = facts_.constant(field)) return test(*c) ? Requirement::anything() : Requirement::never();
    return std::nullopt;
  }

  Requirement binary(const Expr& e) const {
    const Expr& l = *e.args[0];
    const Expr& r = *e.args[1];
    switch (e.binary_op) {
      case BinaryOp::And: return Requirement::all(implied(l), implied(r));
      case BinaryOp::Or: return Requirement::any(implied(l), implied(r));
      case BinaryOp::Eq: {
        if (null_column(l) || null_column(r)) return Requirement::never();
        const Expr* col = source_column(l) ? &l : source_column(r) ? &r : nullptr;
        if (!col) return Requirement::anything();
        const std::optional<std::string> s = string_constant(col == &l ? r : l);
        if (!s) return Requirement::anything();
        if (auto d = decided(col->name, [&](const std::string& c) { return c == *s; })) return *d;
        return Requirement::of(ValueAtom{col->name, ValueAtom::Kind::Equals, *s});
      }
      case BinaryOp::Neq:
      case BinaryOp::Lt:
      case BinaryOp::Lte:
      case BinaryOp::Gt:
      case BinaryOp::Gte:
        // A comparison with null is null, which no filter keeps.
        return null_column(l) || null_column(r) ? Requirement::never() : Requirement::anything();
      default: return Requirement::anything();
    }
  }

  Requirement in(const Expr& e) const {
    if (e.negated || e.args.size() < 2) return Requirement::anything();
    const Expr& value = *e.args[0];
    if (source_column(value)) {
      std::vector<std::string> listed;
      for (size_t i = 1; i < e.args.size(); ++i) {
        const Expr& item = *e.args[i];
        if (is_null_constant(item)) continue;  // `x IN (null)` is never true
        const std::optional<std::string> s = string_constant(item);
        if (!s) return null_column(value) ? Requirement::never() : Requirement::anything();
        listed.push_back(*s);
      }
      auto member = [&](const std::string& c) { return std::find(listed.begin(), listed.end(), c) != listed.end(); };
      if (auto d = decided(value.name, member)) return *d;
      Requirement out = Requirement::never();
      for (std::string& s : listed)
        out = Requirement::any(std::move(out), Requirement::of(ValueAtom{value.name, ValueAtom::Kind::Equals, std::move(s)}));
      return out;
    }
    if (is_true_constant(value)) {  // `true IN (c1, c2, ...)`: some condition holds
      Requirement out = Requirement::never();
      for (size_t i = 1; i < e.args.size(); ++i) out = Requirement::any(std::move(out), implied(*e.args[i]));
      return out;
    }
    return Requirement::anything();
  }

  Requirement like(const Expr& e) const {
    if (e.negated || e.patterns.empty() || !source_column(*e.args[0])) return Requirement::anything();
    const std::string& field = e.args[0]->name;
    if (facts_.always_null(field)) return Requirement::never();
    if (facts_.constant(field)) return Requirement::anything();  // a constant's match is not worked out here
    Requirement out = Requirement::never();
    for (const std::string& p : e.patterns) out = Requirement::any(std::move(out), like_pattern(field, p));
    return out;
  }

  Requirement call(const Expr& e) const {
    const bool starts = e.name == "starts_with";
    if ((!starts && e.name != "ends_with") || e.args.size() != 2 || !source_column(*e.args[0]))
      return Requirement::anything();
    const std::optional<std::string> s = string_constant(*e.args[1]);
    if (!s) return Requirement::anything();
    auto test = [&](const std::string& c) {
      return starts ? std::string_view(c).starts_with(*s) : std::string_view(c).ends_with(*s);
    };
    if (auto d = decided(e.args[0]->name, test)) return *d;
    if (s->empty()) return Requirement::anything();
    return Requirement::of(ValueAtom{e.args[0]->name, starts ? ValueAtom::Kind::Prefix : ValueAtom::Kind::Suffix, *s});
  }

  Requirement is_null(const Expr& e) const {
    if (!source_column(*e.args[0])) return Requirement::anything();
    const std::string& field = e.args[0]->name;
    if (e.negated) return facts_.always_null(field) ? Requirement::never() : Requirement::anything();  // IS NOT NULL
    return facts_.constant(field) ? Requirement::never() : Requirement::anything();                     // IS NULL
  }

  const FieldFacts& facts_;
  std::set<std::string> computed_;
};

using AtomWriter = std::function<std::string(const ValueAtom&)>;

void describe_into(const Requirement& r, bool nested, const AtomWriter& atom, std::string& out) {
  switch (r.kind) {
    case K::Anything: out += "anything"; return;
    case K::Never: out += "never"; return;
    case K::Atom:
      if (atom) {
        out += atom(r.atom);
        return;
      }
      out += r.atom.field;
      switch (r.atom.kind) {
        case ValueAtom::Kind::Equals: out += " == "; break;
        case ValueAtom::Kind::Prefix: out += " ^= "; break;
        case ValueAtom::Kind::Suffix: out += " $= "; break;
        case ValueAtom::Kind::Contains: out += " ~ "; break;
      }
      append_json_string(out, r.atom.value);
      return;
    case K::All:
    case K::Any: {
      if (nested) out += '(';
      for (size_t i = 0; i < r.parts.size(); ++i) {
        if (i) out += r.kind == K::All ? " & " : " | ";
        describe_into(r.parts[i], true, atom, out);
      }
      if (nested) out += ')';
      return;
    }
  }
}

}  // namespace

Requirement Requirement::all(Requirement a, Requirement b) {
  if (a.kind == K::Never || b.kind == K::Never) return never();
  if (a.kind == K::Anything) return b;
  if (b.kind == K::Anything) return a;
  return combine(K::All, std::move(a), std::move(b));
}

Requirement Requirement::any(Requirement a, Requirement b) {
  if (a.kind == K::Never) return b;
  if (b.kind == K::Never) return a;
  if (a.kind == K::Anything || b.kind == K::Anything) return anything();
  return combine(K::Any, std::move(a), std::move(b));
}

Requirement row_requirements(const Query& query, const FieldFacts& facts) {
  Requirement out = Requirement::anything();
  if (query.commands.empty() || !std::holds_alternative<FromCommand>(query.commands[0].body)) return out;
  Deriver deriver(facts);
  for (size_t i = 1; i < query.commands.size(); ++i) {
    const CommandBody& body = query.commands[i].body;
    if (const auto* where = std::get_if<WhereCommand>(&body)) {
      out = Requirement::all(std::move(out), deriver.implied(*where->condition));
    } else if (const auto* eval = std::get_if<EvalCommand>(&body)) {
      for (const Field& f : eval->fields) deriver.assign(f.name);
    } else if (!std::holds_alternative<KeepCommand>(body) && !std::holds_alternative<DropCommand>(body) &&
               !std::holds_alternative<SortCommand>(body)) {
      break;
    }
  }
  return out;
}

std::string describe(const Requirement& requirement, const AtomWriter& atom) {
  std::string out;
  describe_into(requirement, false, atom, out);
  return out;
}

}  // namespace trailhound::esql
