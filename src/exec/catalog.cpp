#include "exec/catalog.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace trailhound {

bool wildcard_match(std::string_view p, std::string_view t) {
  // Iterative glob with backtracking to the last '*'.
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (pi < p.size() && p[pi] == t[ti]) {
      ++pi;
      ++ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

// A data stream is named <type>-<dataset>-<namespace>. A wildcard whose
// literal prefix (text before the first `*`) already spells out the
// <type>-<dataset> of a real index it matches (`logs-aws.cloudtrail-*`,
// `logs-aws.cloudtrail*`) selects that integration only, so the fallback
// stands for nothing more. A broader one (`logs-*`) would, in Elasticsearch,
// also see every other integration's mapping: the virtual index models those.
bool Catalog::owned_by_real_dataset(std::string_view pattern) const {
  const std::string_view prefix = pattern.substr(0, pattern.find('*'));
  for (const auto& [name, schema] : indices_) {
    if (!wildcard_match(pattern, name)) continue;
    const size_t dash = name.rfind('-');
    if (dash == std::string::npos || dash == 0) continue;
    if (prefix.starts_with(std::string_view(name).substr(0, dash))) return true;
  }
  return false;
}

void Catalog::add_index(std::string name, Schema schema) {
  indices_.insert_or_assign(std::move(name), std::move(schema));
}

void Catalog::set_fallback_schema(Schema schema) {
  fallback_ = std::move(schema);
  has_fallback_ = true;
}

bool Catalog::is_virtual(std::string_view name) const {
  return has_fallback_ && indices_.find(name) == indices_.end();
}

const Schema* Catalog::find(std::string_view name) const {
  auto it = indices_.find(name);
  if (it != indices_.end()) return &it->second;
  return has_fallback_ ? &fallback_ : nullptr;
}

Result<std::vector<std::string>> Catalog::resolve(const std::vector<std::string>& patterns) const {
  std::set<std::string> selected;
  std::string joined;
  for (const auto& raw : patterns) {
    if (!joined.empty()) joined += ",";
    joined += raw;
    std::string_view p = raw;
    if (p.size() > 1 && p.front() == '"' && p.back() == '"') p = p.substr(1, p.size() - 2);
    const bool exclude = !p.empty() && p.front() == '-';
    if (exclude) p.remove_prefix(1);
    if (p.find(':') != std::string_view::npos)
      return Status::unsupported(fmt::format("unsupported: remote or selector index pattern [{}]", raw));
    const bool wildcard = p.find('*') != std::string_view::npos;
    if (!wildcard && !exclude && indices_.find(p) == indices_.end() && !has_fallback_)
      return Status::analysis_error(fmt::format("Unknown index [{}]", p));
    bool any = false;
    for (const auto& [name, schema] : indices_) {
      if (!wildcard_match(p, name)) continue;
      any = true;
      if (exclude) selected.erase(name);
      else selected.insert(name);
    }
    if (!exclude && has_fallback_ && wildcard && (!any || !owned_by_real_dataset(p)))
      selected.insert(std::string(p));
    else if (!any && !exclude && has_fallback_)
      selected.insert(std::string(p));
  }
  if (selected.empty()) return Status::analysis_error(fmt::format("Unknown index [{}]", joined));
  return std::vector<std::string>(selected.begin(), selected.end());
}

}  // namespace trailhound
