#include "esql/analyzer.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "exec/functions/function_registry.h"
#include "exec/kql.h"
#include "exec/time_zone.h"
#include "exec/value_format.h"

namespace trailhound::esql {

namespace {

std::string at(Position p) { return fmt::format("line {}:{}: ", p.line, p.column); }

WarningSource source_of(const Expr& e) { return WarningSource{e.pos.line, e.pos.column, e.text}; }

bool has_wildcard(std::string_view s) { return s.find('*') != std::string_view::npos; }

// Aggregate-binding state while analysing one STATS command.
struct AggScope {
  const std::vector<Attribute>* groups = nullptr;  // columns usable outside aggregates
  std::vector<AggregateColumn>* aggregates = nullptr;
  const Expr* filter = nullptr;  // per-aggregate WHERE of the field being bound
};

class Analyzer {
 public:
  Analyzer(const Query& q, const Catalog& c) : query_(q), catalog_(c) {}

  Result<LogicalPlan> run() {
    if (query_.commands.empty()) return Status::analysis_error("line 1:1: empty query");
    for (const auto& s : query_.settings) {
      Status st = setting(s);
      if (!st.ok()) return st;
    }
    for (size_t i = 0; i < query_.commands.size(); ++i) {
      const Command& cmd = query_.commands[i];
      Status st = std::visit([&](const auto& body) { return command(cmd, body, i); }, cmd.body);
      if (!st.ok()) return st;
    }
    for (const auto& a : schema_)
      if (!a.source_field.empty()) needed_.insert(a.source_field);
    plan_.output = schema_;
    // Projection: per index, the needed fields it maps (metadata _id/_version included).
    for (const auto& idx : plan_.indices) {
      auto& list = plan_.needed[idx];
      const Schema* s = catalog_.find(idx);
      for (const auto& a : plan_.source) {
        if (a.name == "_index") continue;
        // Requested metadata is always loaded: callers use _id/_version to
        // identify the source documents even when the query drops them.
        if (a.name == "_id" || a.name == "_version") {
          if (metadata_.count(a.name)) list.push_back({a.name, a.type});
          continue;
        }
        if (!needed_.count(a.name)) continue;
        if (const SchemaField* f = s ? s->find(a.name) : nullptr) list.push_back(*f);
      }
    }
    return std::move(plan_);
  }

 private:
  // ------------------------------------------------------------ commands

  Status command(const Command& cmd, const FromCommand& from, size_t i) {
    if (i != 0) return Status::analysis_error(at(cmd.pos) + "FROM must be the first command");
    auto resolved = catalog_.resolve(from.patterns);
    if (!resolved.ok()) {
      // Point at the first pattern in the text after the FROM keyword.
      Position p = cmd.pos;
      p.column += 5;
      if (!from.patterns.empty()) p = find_text_pos(cmd.pos, from.patterns[0]);
      const auto& m = resolved.status().message();
      return resolved.status().code() == Status::Code::Unsupported ? Status::unsupported(at(p) + m)
                                                                    : Status::analysis_error(at(p) + m);
    }
    plan_.from_indices = true;
    plan_.indices = resolved.value();
    std::map<std::string, DataType> fields;
    // Real indices first: a virtual (fallback-typed) index never overrides
    // the type of a field a real index maps.
    std::set<std::string> real_fields;
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& idx : plan_.indices) {
        const bool is_virtual = catalog_.is_virtual(idx);
        if (is_virtual != (pass == 1)) continue;
        for (const auto& f : catalog_.find(idx)->fields()) {
          if (is_virtual && real_fields.count(f.name)) continue;
          auto [it, inserted] = fields.emplace(f.name, f.type);
          if (!inserted && it->second != f.type) it->second = DataType::Unsupported;  // union types
        }
      }
      if (pass == 0)
        for (const auto& [n, t] : fields) real_fields.insert(n);
    }
    for (const auto& [name, type] : fields) plan_.source.push_back({name, type, name});
    for (const auto& m : from.metadata) {
      DataType t;
      if (m == "_index" || m == "_id" || m == "_ignored") t = DataType::Keyword;
      else if (m == "_version") t = DataType::Long;
      else if (m == "_score") t = DataType::Double;
      else if (m == "_source") t = DataType::Unsupported;  // no _source type: reads as null
      else return Status::unsupported(fmt::format("{}unsupported: metadata field [{}]", at(cmd.pos), m));
      metadata_.insert(m);
      std::erase_if(plan_.source, [&](const Attribute& a) { return a.name == m; });
      plan_.source.push_back({m, t, m});
    }
    schema_ = plan_.source;
    return Status();
  }

  Status command(const Command& cmd, const RowCommand& row, size_t i) {
    if (i != 0) return Status::analysis_error(at(cmd.pos) + "ROW must be the first command");
    return eval_fields(row.fields);
  }

  Status command(const Command&, const EvalCommand& eval, size_t) { return eval_fields(eval.fields); }

  Status eval_fields(const std::vector<Field>& fields) {
    EvalStep step;
    for (const auto& f : fields) {
      auto e = bind(*f.expr);
      if (!e.ok()) return e.status();
      if (e.value()->type() == DataType::TimeDuration || e.value()->type() == DataType::DatePeriod)
        return Status::analysis_error(fmt::format("{}EVAL does not support type [{}] as the return data type of expression [{}]",
                                                  at(f.expr->pos), type_name(e.value()->type()), f.expr->text));
      step.fields.push_back({f.name, e.value()});
      add_column({f.name, e.value()->type(), ""});
    }
    plan_.steps.emplace_back(std::move(step));
    return Status();
  }

  Status command(const Command&, const WhereCommand& w, size_t) {
    auto e = bind(*w.condition);
    if (!e.ok()) return e.status();
    const DataType t = e.value()->type();
    if (t != DataType::Boolean && t != DataType::Null) {
      std::string u(type_name(t));
      std::transform(u.begin(), u.end(), u.begin(), ::toupper);
      return Status::analysis_error(fmt::format("{}Condition expression needs to be boolean, found [{}]", at(w.condition->pos),
                                                u == "DATE" ? "DATETIME" : u));
    }
    plan_.steps.emplace_back(FilterStep{e.value()});
    return Status();
  }

  Status command(const Command& cmd, const DissectCommand& d, size_t) {
    auto e = bind(*d.input);
    if (!e.ok()) return e.status();
    if (!is_string(e.value()->type()) && e.value()->type() != DataType::Null)
      return Status::analysis_error(fmt::format("{}Dissect only supports KEYWORD or TEXT values, found expression [{}] type [{}]",
                                                at(d.input->pos), d.input->text, error_type_name(e.value()->type())));
    auto p = DissectPattern::parse(d.pattern, d.append_separator.value_or(""));
    if (!p.ok()) return Status::analysis_error(at(cmd.pos) + p.status().message());
    for (const auto& name : p.value().output_names()) add_column({name, DataType::Keyword, ""});
    plan_.steps.emplace_back(DissectStep{e.value(), std::move(p.value())});
    return Status();
  }

  Status command(const Command& cmd, const GrokCommand& g, size_t) {
    auto e = bind(*g.input);
    if (!e.ok()) return e.status();
    if (!is_string(e.value()->type()) && e.value()->type() != DataType::Null)
      return Status::analysis_error(fmt::format("{}Grok only supports KEYWORD or TEXT values, found expression [{}] type [{}]",
                                                at(g.input->pos), g.input->text, error_type_name(e.value()->type())));
    auto p = GrokPattern::compile(g.patterns);
    if (!p.ok()) {
      const Status& st = p.status();
      return st.code() == Status::Code::Unsupported ? Status::unsupported(at(cmd.pos) + st.message())
             : st.code() == Status::Code::Internal  ? st
                                                    : Status::analysis_error(at(cmd.pos) + st.message());
    }
    for (const auto& f : p.value().fields()) add_column({f.name, f.type, ""});
    plan_.steps.emplace_back(GrokStep{e.value(), std::move(p.value())});
    return Status();
  }

  Status command(const Command& cmd, const KeepCommand& k, size_t) {
    // Each column goes to the last exact mention, else the first matching wildcard.
    std::vector<int> owner(schema_.size(), -1);
    std::vector<bool> exact_owner(schema_.size(), false);
    for (size_t p = 0; p < k.patterns.size(); ++p) {
      const std::string& pat = k.patterns[p];
      const Position pos = p < k.positions.size() ? k.positions[p] : cmd.pos;
      bool any = false;
      for (size_t c = 0; c < schema_.size(); ++c) {
        if (!wildcard_match(pat, schema_[c].name)) continue;
        any = true;
        if (!has_wildcard(pat)) {
          owner[c] = static_cast<int>(p);
          exact_owner[c] = true;
        } else if (owner[c] < 0) {
          owner[c] = static_cast<int>(p);
        }
      }
      if (!any) {
        if (pat == "*") continue;
        return has_wildcard(pat) ? Status::analysis_error(fmt::format("{}No matches found for pattern [{}]", at(pos), pat))
                                 : Status::analysis_error(fmt::format("{}Unknown column [{}]", at(pos), pat));
      }
    }
    std::vector<Attribute> next;
    for (size_t p = 0; p < k.patterns.size(); ++p)
      for (size_t c = 0; c < schema_.size(); ++c)
        if (owner[c] == static_cast<int>(p)) next.push_back(schema_[c]);
    return project(std::move(next), {});
  }

  Status command(const Command& cmd, const DropCommand& d, size_t) {
    std::vector<bool> drop(schema_.size(), false);
    for (size_t p = 0; p < d.patterns.size(); ++p) {
      const std::string& pat = d.patterns[p];
      const Position pos = p < d.positions.size() ? d.positions[p] : cmd.pos;
      bool any = false;
      for (size_t c = 0; c < schema_.size(); ++c)
        if (wildcard_match(pat, schema_[c].name)) {
          drop[c] = true;
          any = true;
        }
      if (!any && pat != "*")
        return has_wildcard(pat) ? Status::analysis_error(fmt::format("{}No matches found for pattern [{}]", at(pos), pat))
                                 : Status::analysis_error(fmt::format("{}Unknown column [{}]", at(pos), pat));
    }
    std::vector<Attribute> next;
    for (size_t c = 0; c < schema_.size(); ++c)
      if (!drop[c]) next.push_back(schema_[c]);
    return project(std::move(next), {});
  }

  Status command(const Command&, const RenameCommand& r, size_t) {
    // Sequential: later pairs see earlier renames. `names[i]` is the new name of
    // the column currently called schema_[i].name in the batch.
    std::vector<Attribute> cols = schema_;
    std::vector<std::string> batch_names;
    for (const auto& a : schema_) batch_names.push_back(a.name);
    for (const auto& pr : r.pairs) {
      auto it = std::find_if(cols.begin(), cols.end(), [&](const Attribute& a) { return a.name == pr.from; });
      if (it == cols.end()) return Status::analysis_error(fmt::format("{}Unknown column [{}]", at(pr.pos), pr.from));
      size_t idx = static_cast<size_t>(it - cols.begin());
      cols[idx].name = pr.to;
      for (size_t j = 0; j < cols.size(); ++j)
        if (j != idx && cols[j].name == pr.to) {
          cols.erase(cols.begin() + j);
          batch_names.erase(batch_names.begin() + j);
          break;
        }
    }
    return project(std::move(cols), std::move(batch_names));
  }

  Status command(const Command&, const StatsCommand& s, size_t) {
    AggregateStep step;
    std::vector<Attribute> group_attrs;
    EvalStep pre;  // INLINE STATS: computed grouping keys become columns first
    for (const auto& g : s.groups) {
      if (g.expr->kind == ExprKind::Call && is_aggregate_function(g.expr->name))
        return Status::analysis_error(fmt::format("{}grouping key [{}] cannot be an aggregate function", at(g.expr->pos), g.expr->text));
      auto e = bind(*g.expr);
      if (!e.ok()) return e.status();
      std::string name = g.name;
      if (!g.explicit_name && g.expr->kind == ExprKind::Column) name = g.expr->name;
      ExprP key = e.value();
      if (s.inline_stats && g.expr->kind != ExprKind::Column) {
        pre.fields.push_back({name, key});
        key = std::make_shared<ColumnRef>(name, key->type(), source_of(*g.expr));
      } else if (s.inline_stats && name != g.expr->name) {
        pre.fields.push_back({name, key});
        key = std::make_shared<ColumnRef>(name, key->type(), source_of(*g.expr));
      }
      step.groups.push_back({name, key});
      std::erase_if(group_attrs, [&](const Attribute& a) { return a.name == name; });
      group_attrs.push_back({name, key->type(), ""});
    }
    stats_shadowing_warnings(s);
    if (!s.inline_stats) {
      // A grouping key shadowed by a later same-named key does not group.
      for (size_t i = 0; i < step.groups.size(); ++i)
        for (size_t j = i + 1; j < step.groups.size(); ++j)
          if (step.groups[j].name == step.groups[i].name) {
            step.groups.erase(step.groups.begin() + static_cast<std::ptrdiff_t>(i--));
            break;
          }
    }
    if (!pre.fields.empty()) {
      for (const auto& f : pre.fields) add_column({f.name, f.expr->type(), ""});
      plan_.steps.emplace_back(std::move(pre));
    }
    std::vector<NamedExpr> finals;
    // Aggregate arguments and filters may name the grouping keys' aliases.
    group_aliases_ = &step.groups;
    for (const auto& af : s.aggregates) {
      AggScope scope{&group_attrs, &step.aggregates, af.filter.get()};
      auto e = bind_agg(*af.field.expr, scope);
      if (!e.ok()) {
        group_aliases_ = nullptr;
        return e.status();
      }
      finals.push_back({af.field.name, e.value()});
    }
    group_aliases_ = nullptr;
    // Final aggregate expressions (last definition of a name wins, a grouping
    // key beats an aggregate).
    EvalStep eval;
    for (size_t i = 0; i < finals.size(); ++i) {
      const auto& f = finals[i];
      bool shadowed = std::any_of(group_attrs.begin(), group_attrs.end(), [&](const Attribute& a) { return a.name == f.name; });
      for (size_t j = i + 1; j < finals.size() && !shadowed; ++j) shadowed = finals[j].name == f.name;
      if (!shadowed) eval.fields.push_back(f);
    }
    plan_.ends_with_limit = false;
    if (s.inline_stats) {
      // Every input row stays; the aggregates are appended (replacing same-named columns).
      for (const auto& f : eval.fields) add_column({f.name, f.expr->type(), ""});
      plan_.steps.emplace_back(InlineStatsStep{std::move(step.groups), std::move(step.aggregates), std::move(eval.fields)});
      return Status();
    }
    plan_.steps.emplace_back(std::move(step));
    // Output order: aggregates, then keys.
    std::vector<Attribute> out;
    for (const auto& f : eval.fields) out.push_back({f.name, f.expr->type(), ""});
    if (!eval.fields.empty()) plan_.steps.emplace_back(std::move(eval));
    for (const auto& g : group_attrs) out.push_back(g);
    ProjectStep proj;
    for (const auto& a : out) proj.columns.push_back({a.name, a.name, a.type});
    plan_.steps.emplace_back(std::move(proj));
    schema_ = std::move(out);
    return Status();
  }

  Status command(const Command&, const SortCommand& s, size_t) {
    SortStep step;
    for (const auto& k : s.keys) {
      auto e = bind(*k.expr);
      if (!e.ok()) return e.status();
      if (e.value()->type() == DataType::Unsupported)
        return Status::analysis_error(fmt::format("{}cannot sort on unsupported type [{}]", at(k.expr->pos), k.expr->text));
      step.keys.push_back({e.value(), k.ascending, k.nulls_first.value_or(!k.ascending)});
    }
    plan_.steps.emplace_back(std::move(step));
    plan_.ends_with_limit = false;
    return Status();
  }

  Status command(const Command& cmd, const LimitCommand& l, size_t) {
    if (l.count < 0) return Status::analysis_error(at(cmd.pos) + "Invalid value for LIMIT, must be a non-negative integer");
    plan_.steps.emplace_back(LimitStep{l.count});
    plan_.ends_with_limit = true;
    return Status();
  }

  Status command(const Command& cmd, const MvExpandCommand& m, size_t) {
    auto it = std::find_if(schema_.begin(), schema_.end(), [&](const Attribute& a) { return a.name == m.column; });
    if (it == schema_.end()) return Status::analysis_error(fmt::format("{}Unknown column [{}]", at(m.column_pos), m.column));
    if (!it->source_field.empty()) needed_.insert(it->source_field);
    plan_.steps.emplace_back(MvExpandStep{m.column});
    // MV_EXPAND can multiply rows after a LIMIT: ES still applies its implicit limit.
    plan_.ends_with_limit = false;
    return Status();
  }

  Status command(const Command& cmd, const LookupJoinCommand&, size_t) { return unsupported(cmd.pos, "LOOKUP JOIN"); }
  Status command(const Command& cmd, const EnrichCommand&, size_t) { return unsupported(cmd.pos, "ENRICH"); }
  Status command(const Command& cmd, const UnsupportedCommand& u, size_t) { return unsupported(cmd.pos, u.name); }

  // ------------------------------------------------------------ helpers

  // "Field 'x' shadowed by field at line L:C": every STATS output (aggregates,
  // then grouping keys) redefined later in the same command names the last
  // definition, which wins.
  void stats_shadowing_warnings(const StatsCommand& s) {
    struct Out {
      std::string name;
      Position pos;
    };
    std::vector<Out> outs;
    for (const auto& af : s.aggregates) outs.push_back({af.field.name, af.field.pos});
    for (const auto& g : s.groups)
      outs.push_back({!g.explicit_name && g.expr->kind == ExprKind::Column ? g.expr->name : g.name, g.pos});
    for (size_t i = 0; i < outs.size(); ++i) {
      size_t last = i;
      for (size_t j = i + 1; j < outs.size(); ++j)
        if (outs[j].name == outs[i].name) last = j;
      if (last != i)
        plan_.warnings.push_back(fmt::format("Line {}:{}: Field '{}' shadowed by field at line {}:{}", outs[i].pos.line,
                                             outs[i].pos.column, outs[i].name, outs[last].pos.line, outs[last].pos.column));
    }
  }

  Status unsupported(Position p, std::string_view what) {
    return Status::unsupported(fmt::format("{}unsupported: {}", at(p), what));
  }

  Position find_text_pos(Position start, std::string_view needle) {
    // Translate (line, column) to an offset, search forward, translate back.
    const std::string& t = query_.text;
    size_t off = 0;
    for (int line = 1; line < start.line && off < t.size(); ++off)
      if (t[off] == '\n') ++line;
    off += static_cast<size_t>(std::max(0, start.column - 1));
    const size_t hit = t.find(needle, std::min(off, t.size()));
    if (hit == std::string::npos) return start;
    Position p{1, 1};
    for (size_t i = 0; i < hit; ++i) {
      if (t[i] == '\n') {
        ++p.line;
        p.column = 1;
      } else if ((static_cast<unsigned char>(t[i]) & 0xc0) != 0x80) {
        ++p.column;
      }
    }
    return p;
  }

  // Grouping keys of the STATS being bound (aggregate arguments may name them).
  const std::vector<NamedExpr>* group_aliases_ = nullptr;

  void add_column(Attribute a) {
    std::erase_if(schema_, [&](const Attribute& x) { return x.name == a.name; });
    schema_.push_back(std::move(a));
  }

  // `batch_names`: current batch names of `next` (defaults to next[i].name).
  Status project(std::vector<Attribute> next, std::vector<std::string> batch_names) {
    ProjectStep step;
    for (size_t i = 0; i < next.size(); ++i)
      step.columns.push_back({next[i].name, batch_names.empty() ? next[i].name : batch_names[i], next[i].type});
    plan_.steps.emplace_back(std::move(step));
    schema_ = std::move(next);
    return Status();
  }

  const Attribute* lookup(std::string_view name) const {
    for (const auto& a : schema_)
      if (a.name == name) return &a;
    return nullptr;
  }

  // `SET time_zone = "…"` is the only setting the engine applies.
  Status setting(const Setting& s) {
    std::string name = s.name;
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    if (name != "time_zone" || !s.value || s.value->kind != ExprKind::Literal || s.value->value.type != DataType::Keyword ||
        s.value->value.count(0) != 1)
      return Status::unsupported(fmt::format("{}unsupported: SET {}", s.value ? at(s.value->pos) : "", s.name));
    auto z = TimeZone::of(s.value->value.str[s.value->value.begin(0)]);
    if (!z.ok()) return Status::analysis_error(at(s.value->pos) + z.status().message());
    zone_ = z.value();
    return Status();
  }

  CallInfo call_info(const Expr& e, std::string name) {
    CallInfo info{std::move(name), source_of(e), {}, zone_, {}};
    for (const auto& a : e.args) info.arg_texts.push_back(a ? a->text : "");
    return info;
  }

  Result<ExprP> bind(const Expr& e) { return bind_expr(e, nullptr); }

  Result<ExprP> bind_agg(const Expr& e, AggScope& scope) { return bind_expr(e, &scope); }

  Result<std::vector<ExprP>> bind_args(const Expr& e, AggScope* scope) {
    std::vector<ExprP> out;
    for (const auto& a : e.args) {
      auto b = bind_expr(*a, scope);
      if (!b.ok()) return b.status();
      out.push_back(b.value());
    }
    return out;
  }

  Result<ExprP> bind_aggregate_call(const Expr& e, AggScope* scope) {
    if (!scope)
      return Status::analysis_error(fmt::format("{}aggregate function [{}] not allowed outside STATS command", at(e.pos), e.text));
    CallInfo info = call_info(e, e.name);
    AggregateSpec spec;
    spec.source = source_of(e);
    const std::string& n = e.name;
    const bool star = e.args.size() == 1 && e.args[0]->kind == ExprKind::Column && e.args[0]->name == "*";
    if (n == "count" && (e.args.empty() || star)) {
      spec.kind = AggKind::CountAll;
      spec.type = DataType::Long;
    } else {
      if (star) return Status::analysis_error(fmt::format("{}Unknown column [*]", at(e.args[0]->pos)));
      auto args = bind_args(e, nullptr);  // aggregate arguments read the input rows
      if (!args.ok()) return args.status();
      if (args.value().empty()) return arity_error(info, "one");
      if (Status st = resolve_aggregate_call(info, std::move(args.value()), spec); !st.ok()) return st;
    }
    if (scope->filter) {
      auto f = bind_expr(*scope->filter, nullptr);
      if (!f.ok()) return f.status();
      if (f.value()->type() != DataType::Boolean && f.value()->type() != DataType::Null)
        return Status::analysis_error(fmt::format("{}Condition expression needs to be boolean, found [{}]", at(scope->filter->pos),
                                                  type_name(f.value()->type())));
      spec.filter = f.value();
    }
    const std::string internal = fmt::format("$$agg{}", scope->aggregates->size());
    const DataType type = spec.type;
    scope->aggregates->push_back({internal, std::move(spec)});
    return ExprP(std::make_shared<ColumnRef>(internal, type, source_of(e)));
  }

  // KQL("query"): the query's fields are resolved against the current columns
  // (an unknown field never matches, as an unmapped field in Elasticsearch).
  Result<ExprP> bind_kql_call(const Expr& e) {
    if (e.args.size() != 1 || e.args[0]->kind != ExprKind::Literal || !is_string(e.args[0]->value.type) ||
        e.args[0]->value.count(0) != 1)
      return Status::analysis_error(fmt::format("{}argument of [{}] must be a string literal", at(e.pos), e.text));
    auto column = [&](const std::string& name) -> ExprP {
      const Attribute* a = lookup(name);
      if (!a) return nullptr;
      if (!a->source_field.empty()) needed_.insert(a->source_field);
      return std::make_shared<ColumnRef>(a->name, a->type, source_of(e));
    };
    auto r = bind_kql(e.args[0]->value.str[0], column, source_of(e));
    if (!r.ok()) return Status::unsupported(at(e.pos) + r.status().message());
    return r;
  }

  Result<ExprP> bind_expr(const Expr& e, AggScope* scope) {
    const WarningSource src = source_of(e);
    switch (e.kind) {
      case ExprKind::Literal: return make_literal(e.value, src);
      case ExprKind::TimeSpan:
        return make_span_literal(SpanValue{e.span.amount, static_cast<int>(e.span.unit)}, src);
      case ExprKind::Column: {
        if (scope) {
          for (const auto& g : *scope->groups)
            if (g.name == e.name) return ExprP(std::make_shared<ColumnRef>(g.name, g.type, src));
          if (lookup(e.name))
            return Status::analysis_error(fmt::format("{}column [{}] must appear in the STATS BY clause or be used in an aggregate function",
                                                      at(e.pos), e.name));
        }
        if (!scope && group_aliases_) {
          // Last definition of a grouping alias wins, as for the output.
          for (auto it = group_aliases_->rbegin(); it != group_aliases_->rend(); ++it)
            if (it->name == e.name) return it->expr;
        }
        const Attribute* a = lookup(e.name);
        if (!a) return Status::analysis_error(fmt::format("{}Unknown column [{}]", at(e.pos), e.name));
        if (!a->source_field.empty()) needed_.insert(a->source_field);
        return ExprP(std::make_shared<ColumnRef>(a->name, a->type, src));
      }
      case ExprKind::Call: {
        if (is_aggregate_function(e.name)) return bind_aggregate_call(e, scope);
        if (e.name == "kql") return bind_kql_call(e);
        ScalarBinder binder = find_scalar_function(e.name);
        if (!binder) return Status::unsupported(fmt::format("{}unsupported: function [{}]", at(e.pos), e.name));
        if (!e.options.empty() && e.name != "date_parse" && e.name != "to_ip" && e.name != "match")
          return Status::unsupported(fmt::format("{}unsupported: options of function [{}]", at(e.pos), e.name));
        auto args = bind_args(e, scope);
        if (!args.ok()) return args.status();
        CallInfo info = call_info(e, e.name);
        for (const auto& o : e.options) {
          const Column* v = o.value && o.value->kind == ExprKind::Literal ? &o.value->value : nullptr;
          // MATCH options are numbers and booleans too ({"fuzziness": 1}); they travel as their text.
          const bool text_ok = v && v->count(0) == 1 && (is_string(v->type) || e.name == "match");
          if (!text_ok)
            return Status::unsupported(fmt::format("{}unsupported: option [{}] of function [{}]", at(e.pos), o.key, e.name));
          info.options.emplace_back(o.key, is_string(v->type) ? v->str[v->begin(0)] : format_scalar_text(*v, v->begin(0)));
        }
        return binder(info, args.value());
      }
      case ExprKind::Binary: {
        auto l = bind_expr(*e.args[0], scope);
        if (!l.ok()) return l.status();
        auto r = bind_expr(*e.args[1], scope);
        if (!r.ok()) return r.status();
        CallInfo info = call_info(e, "");
        switch (e.binary_op) {
          case BinaryOp::Add: return bind_arithmetic(ArithOp::Add, info, l.value(), r.value());
          case BinaryOp::Sub: return bind_arithmetic(ArithOp::Sub, info, l.value(), r.value());
          case BinaryOp::Mul: return bind_arithmetic(ArithOp::Mul, info, l.value(), r.value());
          case BinaryOp::Div: return bind_arithmetic(ArithOp::Div, info, l.value(), r.value());
          case BinaryOp::Mod: return bind_arithmetic(ArithOp::Mod, info, l.value(), r.value());
          case BinaryOp::Eq: return bind_comparison(CmpOp::Eq, info, l.value(), r.value());
          case BinaryOp::Neq: return bind_comparison(CmpOp::Neq, info, l.value(), r.value());
          case BinaryOp::Lt: return bind_comparison(CmpOp::Lt, info, l.value(), r.value());
          case BinaryOp::Lte: return bind_comparison(CmpOp::Lte, info, l.value(), r.value());
          case BinaryOp::Gt: return bind_comparison(CmpOp::Gt, info, l.value(), r.value());
          case BinaryOp::Gte: return bind_comparison(CmpOp::Gte, info, l.value(), r.value());
          case BinaryOp::And: return bind_and_or(true, info, l.value(), r.value());
          case BinaryOp::Or: return bind_and_or(false, info, l.value(), r.value());
        }
        break;
      }
      case ExprKind::Unary: {
        auto x = bind_expr(*e.args[0], scope);
        if (!x.ok()) return x.status();
        CallInfo info = call_info(e, "");
        return e.unary_op == UnaryOp::Not ? bind_not(info, x.value()) : bind_negate(info, x.value());
      }
      case ExprKind::In: {
        auto args = bind_args(e, scope);
        if (!args.ok()) return args.status();
        auto& v = args.value();
        ExprP value = v[0];
        std::vector<ExprP> list(v.begin() + 1, v.end());
        return bind_in(call_info(e, "in"), value, std::move(list), e.negated);
      }
      case ExprKind::IsNull: {
        auto x = bind_expr(*e.args[0], scope);
        if (!x.ok()) return x.status();
        return bind_is_null(call_info(e, ""), x.value(), e.negated);
      }
      case ExprKind::Like:
      case ExprKind::RLike: {
        auto x = bind_expr(*e.args[0], scope);
        if (!x.ok()) return x.status();
        if (e.args.size() > 1) {  // non-literal pattern expression
          auto p = bind_expr(*e.args[1], scope);
          if (!p.ok()) return p.status();
          return bind_like_expr(call_info(e, ""), x.value(), p.value(), e.negated, e.kind == ExprKind::RLike);
        }
        return bind_like(call_info(e, ""), x.value(), e.patterns, e.negated, e.kind == ExprKind::RLike);
      }
      case ExprKind::Cast: {
        auto x = bind_expr(*e.args[0], scope);
        if (!x.ok()) return x.status();
        auto t = parse_type_name(e.name);
        if (!t || *t == DataType::DatePeriod || *t == DataType::TimeDuration)
          return Status::unsupported(fmt::format("{}unsupported: cast to [{}]", at(e.pos), e.name));
        return bind_conversion(call_info(e, "::" + e.name), x.value(), *t);
      }
      case ExprKind::Param: return Status::unsupported(fmt::format("{}unsupported: query parameter [{}]", at(e.pos), e.text));
      case ExprKind::Match: {
        // `field : "query"` is MATCH(field, "query") without options.
        auto args = bind_args(e, scope);
        if (!args.ok()) return args.status();
        return find_scalar_function("match")(call_info(e, ":"), args.value());
      }
    }
    return Status::internal(at(e.pos) + "unknown expression kind");
  }

  const Query& query_;
  const Catalog& catalog_;
  LogicalPlan plan_;
  std::vector<Attribute> schema_;
  std::set<std::string> needed_;
  std::set<std::string> metadata_;
  std::shared_ptr<const TimeZone> zone_;  // session time zone; null = UTC
};

}  // namespace

Result<LogicalPlan> analyze(const Query& query, const Catalog& catalog) { return Analyzer(query, catalog).run(); }

}  // namespace trailhound::esql
