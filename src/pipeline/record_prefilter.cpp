#include "pipeline/record_prefilter.h"

#include <algorithm>

#include "common/json_string.h"
#include "ecs/raw_text_fields.h"
#include "ecs/user_agent_parser.h"

namespace trailhound::pipeline {

namespace {

// The text a string value has inside a JSON document written the usual way.
std::string json_encoded(std::string_view value) {
  std::string quoted;
  append_json_string(quoted, value);
  return quoted.substr(1, quoted.size() - 2);
}

// True when a JSON number's Java rendering could contain `s` (then a record
// may hold the value as a number, not as text).
bool number_like(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  });
}

bool field_copies_text(const esql::ValueAtom& atom, const ecs::UserAgentParser* user_agents) {
  if (ecs::is_raw_text_field(atom.field)) return true;
  return atom.field == "user_agent.name" && user_agents && user_agents->name_always_in_text(atom.value);
}

// The formula with every atom that raw text cannot decide replaced by Anything.
esql::Requirement checkable(const esql::Requirement& r, const ecs::UserAgentParser* user_agents) {
  using K = esql::Requirement::Kind;
  switch (r.kind) {
    case K::Anything:
    case K::Never: return r;
    case K::Atom:
      if (r.atom.value.empty() || number_like(r.atom.value) || !field_copies_text(r.atom, user_agents))
        return esql::Requirement::anything();
      return r;
    case K::All:
    case K::Any: {
      esql::Requirement out = r.kind == K::All ? esql::Requirement::anything() : esql::Requirement::never();
      for (const esql::Requirement& p : r.parts) {
        esql::Requirement c = checkable(p, user_agents);
        out = r.kind == K::All ? esql::Requirement::all(std::move(out), std::move(c))
                               : esql::Requirement::any(std::move(out), std::move(c));
      }
      return out;
    }
  }
  return esql::Requirement::anything();
}

}  // namespace

uint32_t RecordPrefilter::compile(const esql::Requirement& r, std::vector<std::string>& needles) {
  using K = esql::Requirement::Kind;
  Node node;
  if (r.kind == K::Atom) {
    const std::string needle = json_encoded(r.atom.value);
    auto it = std::find(needles.begin(), needles.end(), needle);
    node.needle = static_cast<uint32_t>(it - needles.begin());
    if (it == needles.end()) {
      needles.push_back(needle);
      users_.emplace_back();
    }
  } else {
    node.kind = r.kind == K::All ? Node::Kind::All : Node::Kind::Any;
    for (const esql::Requirement& p : r.parts) node.children.push_back(compile(p, needles));
  }
  nodes_.push_back(std::move(node));
  return static_cast<uint32_t>(nodes_.size() - 1);
}

bool RecordPrefilter::holds(uint32_t n, const std::vector<uint8_t>& found) const {
  const Node& node = nodes_[n];
  switch (node.kind) {
    case Node::Kind::Needle: return found[node.needle] != 0;
    case Node::Kind::All:
      for (uint32_t c : node.children)
        if (!holds(c, found)) return false;
      return true;
    case Node::Kind::Any:
      for (uint32_t c : node.children)
        if (holds(c, found)) return true;
      return false;
  }
  return true;
}

Result<std::shared_ptr<const RecordPrefilter>> RecordPrefilter::build(
    const std::vector<esql::Requirement>& queries, const ecs::UserAgentParser* user_agents) {
  using K = esql::Requirement::Kind;
  std::shared_ptr<RecordPrefilter> p(new RecordPrefilter());
  std::vector<std::string> needles;
  bool any_anything = false, any_never = false;
  for (uint32_t q = 0; q < queries.size(); ++q) {
    const esql::Requirement r = checkable(queries[q], user_agents);
    p->description_.push_back(r.kind == K::Anything ? std::string() : esql::describe(r));
    p->base_keeps_.push_back(r.kind == K::Anything ? 1 : 0);
    any_anything = any_anything || r.kind == K::Anything;
    any_never = any_never || r.kind == K::Never;
    if (r.kind == K::Anything || r.kind == K::Never) {
      p->roots_.push_back(kNoRoot);
      continue;
    }
    ++p->formula_queries_;
    const size_t first_node = p->nodes_.size();
    p->roots_.push_back(p->compile(r, needles));
    for (size_t n = first_node; n < p->nodes_.size(); ++n) {
      if (p->nodes_[n].kind != Node::Kind::Needle) continue;
      auto& users = p->users_[p->nodes_[n].needle];
      if (users.empty() || users.back() != q) users.push_back(q);
    }
  }
  p->skips_records_ = !any_anything && (p->formula_queries_ > 0 || any_never);
  if (p->formula_queries_ == 0) return std::shared_ptr<const RecordPrefilter>(std::move(p));

  p->escape_id_ = static_cast<uint32_t>(needles.size());
  needles.push_back("\\u");
  needles.push_back("\\/");
  auto matcher = LiteralMatcher::compile(needles, /*caseless=*/false);
  if (!matcher.ok()) return Status::internal("record prefilter: " + matcher.status().message());
  p->matcher_ = matcher.value();
  return std::shared_ptr<const RecordPrefilter>(std::move(p));
}

std::unique_ptr<RecordPrefilter::Scratch> RecordPrefilter::make_scratch() const {
  auto s = std::make_unique<Scratch>();
  s->found_.assign(escape_id_, 0);
  s->keeps_ = base_keeps_;
  return s;
}

bool RecordPrefilter::select(std::string_view raw, Scratch& scratch) const {
  std::vector<uint8_t>& keeps = scratch.keeps_;
  std::copy(base_keeps_.begin(), base_keeps_.end(), keeps.begin());
  if (!matcher_) return std::find(keeps.begin(), keeps.end(), 1) != keeps.end();
  std::fill(scratch.found_.begin(), scratch.found_.end(), 0);
  uint32_t unmarked = formula_queries_;
  bool escape = false;
  const bool scanned = matcher_->scan(raw, [&](uint32_t id) {
    if (id >= escape_id_) {
      escape = true;  // an escape could spell any needle: every formula may hold
      return false;
    }
    scratch.found_[id] = 1;
    for (uint32_t q : users_[id]) {
      if (keeps[q] || !holds(roots_[q], scratch.found_)) continue;
      keeps[q] = 1;
      if (--unmarked == 0) return false;  // every query marked: nothing left to learn
    }
    return true;
  });
  if (escape || !scanned) {  // never skip on doubt
    for (size_t q = 0; q < roots_.size(); ++q)
      if (roots_[q] != kNoRoot) keeps[q] = 1;
  }
  return std::find(keeps.begin(), keeps.end(), 1) != keeps.end();
}

}  // namespace trailhound::pipeline
