#include "pipeline/record_prefilter.h"

#include <hs/hs.h>

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

RecordPrefilter::Scratch::~Scratch() {
  if (hs) hs_free_scratch(hs);
}

RecordPrefilter::~RecordPrefilter() {
  if (db_) hs_free_database(db_);
}

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
  bool every_query_filtered = !queries.empty();
  for (uint32_t q = 0; q < queries.size(); ++q) {
    const esql::Requirement r = checkable(queries[q], user_agents);
    p->description_.push_back(r.kind == K::Anything ? std::string() : esql::describe(r));
    if (r.kind == K::Anything) {
      every_query_filtered = false;
      p->roots_.push_back(kNoRoot);
      continue;
    }
    if (r.kind == K::Never) {
      p->roots_.push_back(kNoRoot);
      continue;
    }
    const size_t first_node = p->nodes_.size();
    p->roots_.push_back(p->compile(r, needles));
    for (size_t n = first_node; n < p->nodes_.size(); ++n) {
      if (p->nodes_[n].kind != Node::Kind::Needle) continue;
      auto& users = p->users_[p->nodes_[n].needle];
      if (users.empty() || users.back() != q) users.push_back(q);
    }
  }
  if (!every_query_filtered) return std::shared_ptr<const RecordPrefilter>(std::move(p));

  p->escape_id_ = static_cast<uint32_t>(needles.size());
  needles.push_back("\\u");
  needles.push_back("\\/");
  std::vector<const char*> exprs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags, ids;
  for (uint32_t i = 0; i < needles.size(); ++i) {
    exprs.push_back(needles[i].data());
    lens.push_back(needles[i].size());
    flags.push_back(HS_FLAG_SINGLEMATCH);
    ids.push_back(i);
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                           static_cast<unsigned>(needles.size()), HS_MODE_BLOCK, nullptr, &p->db_,
                           &err) != HS_SUCCESS) {
    std::string msg = err && err->message ? err->message : "unknown error";
    hs_free_compile_error(err);
    p->db_ = nullptr;
    return Status::internal("record prefilter: Hyperscan could not compile the needles: " + msg);
  }
  return std::shared_ptr<const RecordPrefilter>(std::move(p));
}

std::unique_ptr<RecordPrefilter::Scratch> RecordPrefilter::make_scratch() const {
  std::unique_ptr<Scratch> s(new Scratch());
  if (db_) hs_alloc_scratch(db_, &s->hs);
  s->found.assign(escape_id_, 0);
  return s;
}

bool RecordPrefilter::may_match(std::string_view raw, Scratch& scratch) const {
  if (!db_ || !scratch.hs || raw.size() > UINT32_MAX) return true;
  std::fill(scratch.found.begin(), scratch.found.end(), 0);
  struct Ctx {
    const RecordPrefilter& f;
    Scratch& s;
    bool matched = false;
  } ctx{*this, scratch};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* p) -> int {
    Ctx& c = *static_cast<Ctx*>(p);
    if (id >= c.f.escape_id_) {
      c.matched = true;  // an escape could spell any needle: parse the record
      return 1;
    }
    c.s.found[id] = 1;
    for (uint32_t q : c.f.users_[id]) {
      if (c.f.holds(c.f.roots_[q], c.s.found)) {
        c.matched = true;
        return 1;  // stop: this query may keep the record
      }
    }
    return 0;
  };
  const hs_error_t rc =
      hs_scan(db_, raw.data(), static_cast<unsigned>(raw.size()), 0, scratch.hs, on_match, &ctx);
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) return true;  // never skip on doubt
  return ctx.matched;
}

}  // namespace trailhound::pipeline
