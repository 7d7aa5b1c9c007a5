#include "pipeline/deferred_user_agent.h"

#include <algorithm>
#include <unordered_map>

#include "common/string_view_hash.h"
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

// Where a deferred field's value is in a parse: the device is always named
// ("Other" at worst), the OS only when a rule names it (null otherwise).
using OsPart = std::optional<std::string> ecs::UserAgentInfo::*;
OsPart os_part(std::string_view field) {
  return field == "user_agent.os.name"      ? &ecs::UserAgentInfo::os_name
         : field == "user_agent.os.version" ? &ecs::UserAgentInfo::os_version
         : field == "user_agent.os.full"    ? &ecs::UserAgentInfo::os_full
                                            : nullptr;  // user_agent.device.name
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

bool lacks_deferred(const Batch& batch, const DeferralPlan& plan) {
  return std::any_of(plan.fields.begin(), plan.fields.end(),
                     [&](const SchemaField& f) { return batch.find(f.name) < 0; });
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

  // Only the fields the batch lacks: another query of its rule set may read
  // some of them as normalized (then the batch has those, and not the rest).
  std::vector<const SchemaField*> missing;
  std::vector<OsPart> parts;
  std::vector<Column> derived;
  for (const SchemaField& f : plan.fields) {
    if (batch.find(f.name) >= 0) continue;
    missing.push_back(&f);
    parts.push_back(os_part(f.name));
    derived.emplace_back(f.type);
  }
  const int agent_col = rows.find(kUserAgentOriginal);
  const Column* agents = agent_col >= 0 ? rows.columns[agent_col].column.get() : nullptr;
  // Agents repeat within a batch: each is parsed once.
  std::unordered_map<std::string_view, ecs::UserAgentInfo, StringViewHash, std::equal_to<>> parsed;
  for (size_t r = 0; r < rows.rows(); ++r) {
    if (agents && agents->count(r) == 1 && is_string(agents->type)) {
      const std::string_view agent = agents->str[agents->begin(r)];
      auto it = parsed.find(agent);
      if (it == parsed.end()) it = parsed.emplace(agent, parser.parse(agent, plan.parts)).first;
      const ecs::UserAgentInfo& info = it->second;
      for (size_t i = 0; i < missing.size(); ++i) {
        if (!parts[i]) derived[i].push_str(info.device_name);
        else if (const auto& os = info.*parts[i]) derived[i].push_str(*os);
      }
    }
    for (Column& c : derived) c.end_row();
  }
  for (size_t i = 0; i < missing.size(); ++i)
    rows.columns.push_back({missing[i]->name, std::make_shared<const Column>(std::move(derived[i]))});
  return rows;
}

}  // namespace trailhound::pipeline
