#include "pipeline/deferred_user_agent.h"

#include <algorithm>
#include <unordered_map>

#include "ecs/user_agent_parser.h"
#include "exec/eval_context.h"
#include "exec/vector.h"
#include "pipeline/data_sources.h"

namespace trailhound::pipeline {

namespace {

// Adds the columns `e` reads to `out`; false when `e` holds an expression
// whose inputs cannot be seen (then anything may be read).
bool columns_read(const Expression& e, std::vector<std::string>& out) {
  if (const auto* c = dynamic_cast<const ColumnRef*>(&e)) {
    out.push_back(c->name());
    return true;
  }
  if (const auto* f = dynamic_cast<const FnExpr*>(&e)) {
    for (const ExprP& a : f->args())
      if (!columns_read(*a, out)) return false;
    return true;
  }
  // Literals of every kind are the same for every row: they read no column.
  return e.foldable();
}

// A deferred field's value in a parse, as the normalizer writes it: the
// device is always named ("Other" at worst), the OS only when a rule names it.
const std::string* value_of(std::string_view field, const ecs::UserAgentInfo& info) {
  const std::optional<std::string>* os = field == "user_agent.os.name"      ? &info.os_name
                                         : field == "user_agent.os.version" ? &info.os_version
                                         : field == "user_agent.os.full"    ? &info.os_full
                                                                            : nullptr;
  if (!os) return &info.device_name;
  return *os ? &**os : nullptr;
}

}  // namespace

DeferralPlan plan_deferral(const PreparedQuery& query, const ecs::UserAgentParser* parser) {
  DeferralPlan plan;
  if (!parser || query.options().now_millis == 0) return plan;
  const auto& steps = query.plan().steps;
  std::vector<std::string> read;
  for (const esql::PlanStep& s : steps) {
    const auto* f = std::get_if<esql::FilterStep>(&s);
    if (!f) break;
    if (!columns_read(*f->condition, read)) return plan;
    plan.leading_filters.push_back(f->condition);
  }
  if (plan.leading_filters.empty()) return plan;
  for (const SchemaField& field : query.needed_fields(kCloudTrailIndex)) {
    if (std::find(kDeferrableFields.begin(), kDeferrableFields.end(), field.name) == kDeferrableFields.end()) continue;
    if (std::find(read.begin(), read.end(), field.name) != read.end()) continue;
    plan.fields.push_back(field);
    plan.parts |= ecs::UserAgentParser::parts_for_field(field.name);
  }
  plan.now_millis = query.options().now_millis;
  return plan;
}

Batch complete(const Batch& batch, const DeferralPlan& plan, const ecs::UserAgentParser& parser) {
  // The leading filters, as the query's operators run them; a warning means
  // the query must see every row to raise it, so nothing is filtered then.
  EvalContext ctx;
  ctx.now_millis = plan.now_millis;
  Batch rows = batch;
  for (const ExprP& cond : plan.leading_filters) {
    if (rows.rows() == 0) break;
    const Vec v = cond->eval(rows, ctx);
    if (!ctx.warnings.list().empty()) {
      rows = batch;
      break;
    }
    const std::vector<uint32_t> keep = rows_kept(v, rows.rows());
    if (keep.size() != rows.rows()) rows = gather_rows(rows, keep);
  }

  std::vector<Column> derived;
  for (const SchemaField& f : plan.fields) derived.emplace_back(f.type);
  const int agent_col = rows.find(kUserAgentOriginal);
  const Column* agents = agent_col >= 0 ? rows.columns[agent_col].column.get() : nullptr;
  std::unordered_map<std::string_view, ecs::UserAgentInfo> parsed;  // agents repeat within a batch
  for (size_t r = 0; r < rows.rows(); ++r) {
    if (agents && agents->count(r) == 1 && is_string(agents->type)) {
      const std::string_view agent = agents->str[agents->begin(r)];
      auto it = parsed.find(agent);
      if (it == parsed.end()) it = parsed.emplace(agent, parser.parse(agent, plan.parts)).first;
      for (size_t i = 0; i < plan.fields.size(); ++i)
        if (const std::string* v = value_of(plan.fields[i].name, it->second)) derived[i].push_str(*v);
    }
    for (Column& c : derived) c.end_row();
  }
  for (size_t i = 0; i < plan.fields.size(); ++i)
    rows.columns.push_back({plan.fields[i].name, std::make_shared<const Column>(std::move(derived[i]))});
  return rows;
}

}  // namespace trailhound::pipeline
