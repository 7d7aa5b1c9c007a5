#include "pipeline/record_prefilter.h"

#include <algorithm>
#include <cstring>

#include <emmintrin.h>

#include "common/json_string.h"
#include "common/string_words.h"
#include "ecs/raw_text_fields.h"
#include "ecs/user_agent_parser.h"

namespace trailhound::pipeline {

namespace {

constexpr uint32_t kGateSample = 2048;  // records a thread scans fully before choosing its gate

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

// How the atom's field stands in the record text: user_agent.name is a piece of
// the agent string when the parser can only name agents by copying — which
// name_always_in_text() decides for a whole name, so for equality only (a
// prefix of "Other", or of a replacement name, proves nothing).
ecs::RawText field_text(const esql::ValueAtom& atom, const ecs::UserAgentParser* user_agents) {
  if (atom.field == "user_agent.name")
    return atom.kind == esql::ValueAtom::Kind::Equals && user_agents && user_agents->name_always_in_text(atom.value)
               ? ecs::RawText::Part
               : ecs::RawText::None;
  return ecs::raw_text_kind(atom.field);
}

// A JSON boolean renders as "true"/"false" without quotes; an atom these could
// satisfy must not require the quotes.
bool boolean_rendering_could_match(const esql::ValueAtom& atom) {
  for (std::string_view b : {"true", "false"}) {
    switch (atom.kind) {
      case esql::ValueAtom::Kind::Equals: if (b == atom.value) return true; break;
      case esql::ValueAtom::Kind::Prefix: if (b.starts_with(atom.value)) return true; break;
      case esql::ValueAtom::Kind::Suffix: if (b.ends_with(atom.value)) return true; break;
      case esql::ValueAtom::Kind::Contains: if (b.find(atom.value) != std::string_view::npos) return true; break;
    }
  }
  return false;
}

// The needle of `atom`: the text a record holding a value that satisfies the
// atom must contain (value "" when raw text cannot tell), and where in the
// field's JSON value token it must lie. A field that is a whole JSON string has
// its quotes around the value: equality needs the whole token `"v"` (Equals),
// a prefix its start `"v` (Prefix), a suffix its end `v"` (Suffix); anything
// else is found anywhere (Contains) — also a needle that merely ends with an
// escaped quote (`a\"`).
esql::ValueAtom needle(const esql::ValueAtom& atom, const ecs::UserAgentParser* user_agents) {
  esql::ValueAtom out{atom.field, esql::ValueAtom::Kind::Contains, {}};
  const ecs::RawText text = field_text(atom, user_agents);
  if (text == ecs::RawText::None || atom.value.empty() || number_like(atom.value)) return out;
  out.value = json_encoded(atom.value);
  if (text == ecs::RawText::Whole && !boolean_rendering_could_match(atom)) {
    const bool open = atom.kind == esql::ValueAtom::Kind::Equals || atom.kind == esql::ValueAtom::Kind::Prefix;
    const bool close = atom.kind == esql::ValueAtom::Kind::Equals || atom.kind == esql::ValueAtom::Kind::Suffix;
    out.value = (open ? "\"" : "") + out.value + (close ? "\"" : "");
    out.kind = atom.kind;
  }
  return out;
}

// The formula with every atom that raw text cannot decide replaced by Anything.
esql::Requirement checkable(const esql::Requirement& r, const ecs::UserAgentParser* user_agents) {
  using K = esql::Requirement::Kind;
  switch (r.kind) {
    case K::Anything:
    case K::Never: return r;
    case K::Atom: {
      // From here on the atom stands for its needle.
      esql::Requirement out = r;
      out.atom = needle(r.atom, user_agents);
      if (out.atom.value.empty()) return esql::Requirement::anything();
      return out;
    }
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

// True when `raw` holds `\uXXXX` or `\/`, the escapes that can write a
// character a needle spells plainly. (`\"`, `\\` and \n-style escapes are
// how a needle's own characters are written, so they cannot hide one.)
bool has_spelling_escape(std::string_view raw) {
  const char* p = raw.data();
  const char* const end = p + raw.size();
  while ((p = static_cast<const char*>(std::memchr(p, '\\', static_cast<size_t>(end - p)))) && p + 1 < end) {
    if (p[1] == 'u' || p[1] == '/') return true;
    p += 2;  // past the escaped character, so `\\u` is not taken for `\u`
  }
  return false;
}

// A value token's hash from its length and its first and last 8 bytes (the
// quotes and the ends of the name): two loads whatever its length, and event
// names differ there (a collision only costs a comparison).
uint64_t token_hash(std::string_view s) { return hash_end_words(end_words(s), s.size()); }

// The value token of the member whose key ends just before `p` (`p` is past
// the key's closing quote): a string with its quotes, or a bare scalar; ""
// when no ':' follows (the text was not a key) or the value is an object or
// array (whose members the field never copies).
std::string_view value_token(std::string_view raw, size_t p) {
  auto skip_ws = [&](size_t i) {
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r')) ++i;
    return i;
  };
  p = skip_ws(p);
  if (p >= raw.size() || raw[p] != ':') return {};
  const size_t b = skip_ws(p + 1);
  if (b >= raw.size() || raw[b] == '{' || raw[b] == '[') return {};
  if (raw[b] == '"') {
    // 16 bytes at a time to the first quote or backslash (values are short).
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    size_t i = b + 1;
    while (i + 16 <= raw.size()) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(raw.data() + i));
      const unsigned m = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash))));
      if (m == 0) {
        i += 16;
        continue;
      }
      i += static_cast<size_t>(__builtin_ctz(m));
      if (raw[i] == '"') return raw.substr(b, i + 1 - b);
      i += 2;  // past the escaped character
    }
    for (; i < raw.size(); ++i) {
      if (raw[i] == '\\') ++i;
      else if (raw[i] == '"') return raw.substr(b, i + 1 - b);
    }
    return raw.substr(b);  // unterminated: all that is left
  }
  size_t e = b;
  while (e < raw.size() && raw[e] != ',' && raw[e] != '}' && raw[e] != ']' && raw[e] != ' ' && raw[e] != '\n' &&
         raw[e] != '\r' && raw[e] != '\t')
    ++e;
  return raw.substr(b, e - b);
}

// `field ~ `needle`` atoms: the needles shown as they are searched for.
std::string describe_needles(const esql::Requirement& r) {
  return esql::describe(r, [](const esql::ValueAtom& a) { return a.field + " ~ `" + a.value + "`"; });
}

}  // namespace

uint32_t RecordPrefilter::compile(const esql::Requirement& r, std::vector<std::string>& needles,
                                  std::vector<std::string>& keys, std::vector<int>& key_of) {
  using K = esql::Requirement::Kind;
  Node node;
  if (r.kind == K::Atom) {
    // checkable() put the needle text in the atom's value.
    const std::string key(ecs::raw_text_key(r.atom.field));
    int k = -1;
    if (!key.empty()) {
      auto kit = std::find(keys.begin(), keys.end(), key);
      k = static_cast<int>(kit - keys.begin());
      if (kit == keys.end()) keys.push_back(key);
    }
    auto it = std::find(needles.begin(), needles.end(), r.atom.value);
    node.needle = static_cast<uint32_t>(it - needles.begin());
    if (it == needles.end()) {
      needles.push_back(r.atom.value);
      leaves_.emplace_back();
      key_of.push_back(k);
      place_.push_back(r.atom.kind);
    } else {
      if (key_of[node.needle] != k) key_of[node.needle] = -1;  // two keys: look for it anywhere
      // The same text in two places of a token: anywhere covers both.
      if (place_[node.needle] != r.atom.kind) place_[node.needle] = esql::ValueAtom::Kind::Contains;
    }
  } else {
    node.kind = r.kind == K::All ? Node::Kind::All : Node::Kind::Any;
    for (const esql::Requirement& p : r.parts) node.children.push_back(compile(p, needles, keys, key_of));
    node.need = node.kind == Node::Kind::All ? static_cast<uint32_t>(node.children.size()) : 1;
  }
  const uint32_t id = static_cast<uint32_t>(nodes_.size());
  for (uint32_t c : node.children) nodes_[c].parent = id;
  if (node.kind == Node::Kind::Needle) leaves_[node.needle].push_back(id);
  nodes_.push_back(std::move(node));
  return id;
}

void RecordPrefilter::TokenTable::insert(std::string_view token, uint32_t id) {
  if ((used + 1) * 2 > slots.size()) {
    std::vector<Slot> old = std::move(slots);
    slots.assign(std::max<size_t>(16, old.size() * 2), Slot{});
    mask = slots.size() - 1;
    used = 0;
    for (const Slot& o : old)
      if (o.id != kNone) insert(o.token, o.id);
  }
  const uint64_t h = token_hash(token);
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    if (slots[i].id == kNone) {
      slots[i] = Slot{h, token, id};
      ++used;
      return;
    }
    if (slots[i].token == token) return;
  }
}

uint32_t RecordPrefilter::TokenTable::find(std::string_view token) const {
  if (slots.empty()) return kNone;
  const uint64_t h = token_hash(token);
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots[i];
    if (s.id == kNone) return kNone;
    if (s.hash == h && s.token == token) return s.id;
  }
}

bool RecordPrefilter::now_holds(uint32_t n, Scratch& s) const {
  for (;;) {
    const Node& node = nodes_[n];
    if (node.parent == kNone) {
      if (s.keeps_[node.query]) return false;
      s.keeps_[node.query] = 1;
      return true;
    }
    n = node.parent;
    uint32_t& held = s.held_[n];
    if (held == 0) s.counted_.push_back(n);
    if (++held != nodes_[n].need) return false;  // not yet, or already held
  }
}

Result<std::shared_ptr<const RecordPrefilter>> RecordPrefilter::build(const std::vector<esql::Requirement>& queries,
                                                                      const ecs::UserAgentParser* user_agents,
                                                                      size_t min_keyed_needles) {
  using K = esql::Requirement::Kind;
  std::shared_ptr<RecordPrefilter> p(new RecordPrefilter());
  std::vector<std::string> needles, keys;
  std::vector<int> key_of;  // by needle id: index in keys, or -1 (free text)
  bool any_anything = false, any_never = false;
  for (uint32_t q = 0; q < queries.size(); ++q) {
    const esql::Requirement r = checkable(queries[q], user_agents);
    p->description_.push_back(r.kind == K::Anything ? std::string() : describe_needles(r));
    p->base_keeps_.push_back(r.kind == K::Anything ? 1 : 0);
    any_anything = any_anything || r.kind == K::Anything;
    any_never = any_never || r.kind == K::Never;
    if (r.kind == K::Anything || r.kind == K::Never) {
      p->roots_.push_back(kNoRoot);
      continue;
    }
    ++p->formula_queries_;
    p->roots_.push_back(p->compile(r, needles, keys, key_of));
    p->nodes_[p->roots_.back()].query = q;
  }
  p->skips_records_ = !any_anything && (p->formula_queries_ > 0 || any_never);
  p->base_any_ = any_anything;
  if (p->formula_queries_ == 0) return std::shared_ptr<const RecordPrefilter>(std::move(p));

  std::vector<size_t> per_key(keys.size(), 0);
  for (int k : key_of)
    if (k >= 0) ++per_key[static_cast<size_t>(k)];
  std::vector<int> remap(keys.size(), -1);
  std::vector<std::string> used_keys;
  for (size_t k = 0; k < keys.size(); ++k) {
    if (per_key[k] < min_keyed_needles) continue;
    remap[k] = static_cast<int>(used_keys.size());
    used_keys.push_back(keys[k]);
  }
  for (int& k : key_of)
    if (k >= 0) k = remap[static_cast<size_t>(k)];
  keys = std::move(used_keys);
  p->key_of_ = key_of;
  p->keys_ = keys;
  p->needles_ = std::move(needles);  // keyed_values_ views these strings: no change after this
  std::vector<std::string> literals;
  p->keyed_needles_.resize(keys.size());
  p->keyed_values_.resize(keys.size());
  p->keyed_prefixes_.resize(keys.size());
  std::vector<std::vector<uint32_t>> prefixes_by_char(keys.size() * 256);
  for (uint32_t i = 0; i < p->needles_.size(); ++i) {
    const std::string& n = p->needles_[i];
    if (key_of[i] >= 0 && p->place_[i] == esql::ValueAtom::Kind::Equals) {
      p->keyed_values_[static_cast<size_t>(key_of[i])].insert(n, i);
    } else if (key_of[i] >= 0 && p->place_[i] == esql::ValueAtom::Kind::Prefix && n.size() >= 2 && n[0] == '"') {
      prefixes_by_char[static_cast<size_t>(key_of[i]) * 256 + static_cast<uint8_t>(n[1])].push_back(i);
    } else if (key_of[i] >= 0) {
      p->keyed_needles_[static_cast<size_t>(key_of[i])].push_back(i);
    } else {
      p->text_needles_.push_back(i);
      literals.push_back(p->needles_[i]);
    }
  }
  for (size_t k = 0; k < keys.size(); ++k) {
    PrefixIndex& index = p->keyed_prefixes_[k];
    for (size_t c = 0; c < 256; ++c) {
      index.start[c] = static_cast<uint32_t>(index.ids.size());
      const std::vector<uint32_t>& ids = prefixes_by_char[k * 256 + c];
      index.ids.insert(index.ids.end(), ids.begin(), ids.end());
    }
    index.start[256] = static_cast<uint32_t>(index.ids.size());
  }
  for (const std::string& k : keys) literals.push_back('"' + k + '"');
  auto matcher = LiteralMatcher::compile(literals);
  if (!matcher.ok()) return Status::internal("record prefilter: " + matcher.status().message());
  p->matcher_ = matcher.value();
  return std::shared_ptr<const RecordPrefilter>(std::move(p));
}

template <class F>
bool RecordPrefilter::for_each_needle_in_token(size_t k, std::string_view token, F&& on_needle) const {
  if (const uint32_t v = keyed_values_[k].find(token); v != kNone && !on_needle(v)) return false;
  if (const PrefixIndex& prefixes = keyed_prefixes_[k]; token.size() >= 2) {
    const auto c = static_cast<uint8_t>(token[1]);
    for (uint32_t i = prefixes.start[c]; i < prefixes.start[c + 1]; ++i) {
      const uint32_t n = prefixes.ids[i];
      if (token.starts_with(needles_[n]) && !on_needle(n)) return false;
    }
  }
  for (uint32_t n : keyed_needles_[k]) {
    const std::string_view needle = needles_[n];
    bool in_token = false;
    switch (place_[n]) {
      case esql::ValueAtom::Kind::Prefix: in_token = token.starts_with(needle); break;
      case esql::ValueAtom::Kind::Suffix: in_token = token.ends_with(needle); break;
      default: in_token = token.find(needle) != std::string_view::npos; break;  // (whole values: keyed_values_)
    }
    if (in_token && !on_needle(n)) return false;
  }
  return true;
}

template <class F>
bool RecordPrefilter::scan_ahead(const LiteralMatcher& matcher, Scratch::Ahead& a, std::string_view raw,
                                 std::string_view ahead, F&& on_match) {
  const char* const rb = raw.data();
  const char* const re = rb + raw.size();
  if (a.matcher != &matcher || rb < a.begin + a.done || re > a.end) {
    // Not within what was scanned, or before the last record looked up: scan
    // anew from this record (the text must fit the matcher's 32-bit offsets).
    const size_t len = std::max(raw.size(), std::min(ahead.size(), kAheadBytes));
    a.matcher = nullptr;
    a.hits.clear();
    a.next = 0;
    a.done = 0;
    if (len > UINT32_MAX) return matcher.scan(raw, on_match);
    if (!matcher.scan(std::string_view(rb, len), [&](uint32_t id, size_t end) {
          a.hits.emplace_back(static_cast<uint32_t>(end), id);
          return true;
        }))
      return false;
    // (Hits come in the order their heads end: see LiteralMatcher.)
    auto by_end = [](const std::pair<uint32_t, uint32_t>& x, const std::pair<uint32_t, uint32_t>& y) {
      return x.first < y.first;
    };
    if (!std::is_sorted(a.hits.begin(), a.hits.end(), by_end)) std::stable_sort(a.hits.begin(), a.hits.end(), by_end);
    a.matcher = &matcher;
    a.begin = rb;
    a.end = rb + len;
  }
  const size_t lo = static_cast<size_t>(rb - a.begin), hi = static_cast<size_t>(re - a.begin);
  size_t i = a.next;
  while (i < a.hits.size() && a.hits[i].first <= lo) ++i;  // ended before the record
  bool stopped = false;
  for (; i < a.hits.size() && a.hits[i].first <= hi; ++i) {
    const auto [end, id] = a.hits[i];
    if (stopped || end - matcher.literal_size(id) < lo) continue;  // starts before the record
    stopped = !on_match(id, end - lo);
  }
  a.next = i;
  a.done = hi;
  return true;
}

std::unique_ptr<RecordPrefilter::Scratch> RecordPrefilter::make_scratch() const {
  auto s = std::make_unique<Scratch>();
  s->found_.assign(needles_.size(), 0);
  s->held_.assign(nodes_.size(), 0);
  s->keeps_ = base_keeps_;
  s->marked_.assign(base_keeps_.size(), 0);
  return s;
}

void RecordPrefilter::gate_needles(uint32_t n, const std::vector<double>& freq, std::vector<uint32_t>& out,
                                   double& pass) const {
  const Node& node = nodes_[n];
  switch (node.kind) {
    case Node::Kind::Needle:
      out.push_back(node.needle);
      pass = freq[node.needle];
      return;
    case Node::Kind::Any:  // every part's gate: one of them holds
      pass = 0;
      for (uint32_t c : node.children) {
        double p = 0;
        gate_needles(c, freq, out, p);
        pass += p;
      }
      pass = std::min(pass, 1.0);
      return;
    case Node::Kind::All: {  // one part's gate suffices: the rarest
      std::vector<uint32_t> best, part;
      pass = 2;
      for (uint32_t c : node.children) {
        double p = 0;
        part.clear();
        gate_needles(c, freq, part, p);
        if (p < pass) pass = p, best = part;
      }
      out.insert(out.end(), best.begin(), best.end());
      return;
    }
  }
}

void RecordPrefilter::learn_gate(Scratch& s) const {
  std::vector<double> freq(needles_.size());
  for (uint32_t n : s.sample_found_) freq[n] += 1.0 / s.sampled_;
  std::vector<uint32_t> ids;
  for (uint32_t root : roots_) {
    if (root == kNoRoot) continue;
    double p = 0;
    gate_needles(root, freq, ids, p);
  }
  auto gate = std::make_shared<Gate>();
  gate->member.assign(needles_.size(), 0);
  for (uint32_t id : ids) gate->member[id] = 1;
  // The share of sampled records holding a gate needle (queries' gates
  // overlap: rules looking for the same agent or event names). A gate that
  // lets most records through only adds a scan.
  uint32_t passed = 0, from = 0;
  for (uint32_t end : s.sample_ends_) {
    passed += std::any_of(s.sample_found_.begin() + from, s.sample_found_.begin() + end,
                          [&](uint32_t n) { return gate->member[n] != 0; });
    from = end;
  }
  s.sample_found_ = {};
  s.sample_ends_ = {};
  std::vector<std::string> literals;
  std::vector<uint8_t> key_used(keys_.size(), 0);
  for (uint32_t n = 0; n < needles_.size(); ++n) {
    if (!gate->member[n]) continue;
    if (key_of_[n] >= 0) key_used[static_cast<size_t>(key_of_[n])] = 1;
    else literals.push_back(needles_[n]);
  }
  gate->text_count = static_cast<uint32_t>(literals.size());
  // Worth it when the gate scan plus the full pass of the records it lets
  // through costs less than the full pass of every record. A literal scan of
  // a ~1.3 kB record costs about a fixed part plus a part per literal (measured
  // with Hyperscan on CloudTrail records: 1 literal ~200 ns, 3 ~280, 5 ~380,
  // 7 ~450), so cost ~ kScanBase + literals, in units of one literal.
  constexpr double kScanBase = 3.3;
  const double pass = s.sampled_ ? double(passed) / s.sampled_ : 1.0;
  const size_t gate_literals = literals.size() + static_cast<size_t>(std::count(key_used.begin(), key_used.end(), 1));
  const double full = kScanBase + static_cast<double>(text_needles_.size() + keys_.size());
  if (kScanBase + static_cast<double>(gate_literals) + pass * full >= full) return;
  for (uint32_t k = 0; k < keys_.size(); ++k) {
    if (!key_used[k]) continue;
    gate->keys.push_back(k);
    literals.push_back('"' + keys_[k] + '"');
  }
  auto m = LiteralMatcher::compile(literals);
  if (!m.ok()) return;
  gate->matcher = m.value();
  s.gate_ = std::move(gate);
}

bool RecordPrefilter::use_gate(Scratch& s) {
  // Probe the gate on 1,024 records; if over half of them pass it (the full
  // scan follows anyway), skip it for the next 16,384, then probe again.
  constexpr uint32_t kProbe = 1024, kPause = 16384;
  if (s.window_left_ == 0) {
    if (s.gate_on_ && s.window_passed_ > kProbe / 2) {
      s.gate_on_ = false;
      s.window_left_ = kPause;
    } else {
      s.gate_on_ = true;
      s.window_left_ = kProbe;
    }
    s.window_passed_ = 0;
  }
  --s.window_left_;
  return s.gate_on_;
}

bool RecordPrefilter::select(std::string_view raw, std::string_view ahead, Scratch& scratch) const {
  std::vector<uint8_t>& keeps = scratch.keeps_;
  std::copy(base_keeps_.begin(), base_keeps_.end(), keeps.begin());
  bool any_marked = base_any_;  // false: keeps is all zeros (most records)
  auto done = [&] {
    if (!any_marked) return false;
    uint64_t* __restrict marked = scratch.marked_.data();
    const uint8_t* __restrict k = keeps.data();
    for (size_t q = 0; q < keeps.size(); ++q) marked[q] += k[q];
    return true;
  };
  // Every query with a formula may keep the record (doubt, or an escape that
  // could spell any needle's characters).
  auto mark_every_formula = [&] {
    for (size_t q = 0; q < roots_.size(); ++q)
      if (roots_[q] != kNoRoot) keeps[q] = 1;
    any_marked = any_marked || formula_queries_ > 0;
  };
  if (!matcher_) return done();
  // Gates are learned only when a record can be skipped at all (matcher_ set:
  // some query has needles, so that is when no query keeps every record).
  const bool sampling = skips_records_ && scratch.sampled_ < kGateSample;
  bool gate_passed = false;  // then the full pass is of this record alone (the next ones mostly fail the gate)
  if (scratch.gate_ && use_gate(scratch)) {
    // Most records hold no gate needle of any query: one short scan settles them.
    const Gate& gate = *scratch.gate_;
    bool any_gate = false;
    const bool gated = scan_ahead(*gate.matcher, scratch.gate_ahead_, raw, ahead, [&](uint32_t id, size_t end) {
      if (id >= gate.text_count) {  // a key: does its value hold a gate needle?
        const std::string_view token = value_token(raw, end);
        if (for_each_needle_in_token(gate.keys[id - gate.text_count], token,
                                     [&](uint32_t n) { return gate.member[n] == 0; }))
          return true;
      }
      any_gate = true;
      return false;
    });
    if (gated && !any_gate) {
      // No gate needle as written; with an escape one may be spelled
      // differently, and the full pass could not tell either.
      if (has_spelling_escape(raw)) mark_every_formula();
      return done();
    }
    ++scratch.window_passed_;
    gate_passed = true;
  }
  ++scratch.full_scans_;
  std::fill(scratch.found_.begin(), scratch.found_.end(), 0);
  uint32_t unmarked = formula_queries_;
  // Needle `n` is in the record: count it in its formulas, marking the
  // queries whose formula now holds. False once every query is marked
  // (nothing left to learn).
  auto found = [&](uint32_t n) {
    if (scratch.found_[n]) return true;
    scratch.found_[n] = 1;
    for (uint32_t leaf : leaves_[n]) {
      if (now_holds(leaf, scratch) && --unmarked == 0 && !sampling) return false;
    }
    return true;
  };
  const size_t text_count = text_needles_.size();
  auto on_match = [&](uint32_t id, size_t end) {
    if (id < text_count) return found(text_needles_[id]);
    return for_each_needle_in_token(id - text_count, value_token(raw, end), found);
  };
  const bool scanned = gate_passed ? matcher_->scan(raw, on_match)
                                   : scan_ahead(*matcher_, scratch.full_ahead_, raw, ahead, on_match);
  for (uint32_t n : scratch.counted_) scratch.held_[n] = 0;
  scratch.counted_.clear();
  if (sampling && scanned) {
    for (uint32_t i = 0; i < needles_.size(); ++i)
      if (scratch.found_[i]) scratch.sample_found_.push_back(i);
    scratch.sample_ends_.push_back(static_cast<uint32_t>(scratch.sample_found_.size()));
    if (++scratch.sampled_ == kGateSample) learn_gate(scratch);
  }
  // Never skip on doubt, nor past an escape.
  if (unmarked > 0 && (!scanned || has_spelling_escape(raw))) mark_every_formula();
  any_marked = any_marked || unmarked < formula_queries_;
  return done();
}

}  // namespace trailhound::pipeline
