// Skips raw CloudTrail records that no loaded query can keep, before parsing them.
//
// Why: parsing and normalizing is most of a hunt's cost, and most records of a
// trail cannot pass a detection rule's filters. A rule that keeps only
// `user_agent.name == "aws-cli"` rows cannot keep a record whose text lacks
// `aws-cli`; finding that out costs one literal scan of the raw bytes.
//
// Contract:
// - Built from each query's requirement formula (esql/row_requirements.h). An
//   atom on a field the normalizer copies from record text (ecs::is_raw_text_field,
//   or an equality on user_agent.name when UserAgentParser::name_always_in_text) becomes a
//   needle: "the record text contains the atom's value, JSON-encoded". For a
//   field that is a whole JSON string (ecs::RawText::Whole) the needle keeps the
//   string's quotes where the atom pins an end: `"v"` for equality, `"v` for a
//   prefix, `v"` for a suffix — unless a JSON boolean's rendering could satisfy
//   the atom. Any other atom becomes Anything (true), as do values a number's
//   rendering could spell (only digits . + - e E).
// - select(raw, scratch) says, per query, whether the query may keep the record
//   (scratch.keeps()), and returns whether any may. A query is marked when its
//   formula holds over the needles found in `raw`; always when its formula is
//   Anything; never when it is Never. A record holding a `\u` or `\/` escape
//   (which could spell a needle's characters differently) is marked for every
//   query whose formula is not Never. An unmarked query cannot keep the record:
//   its leading WHEREs are false on it whatever fields are read — with only
//   some fields materialized, the atom comparisons are null, still not true —
//   so the scan may skip the record when no query is marked, and may
//   materialize only the marked queries' fields. What is lost for skipped
//   records: a malformed one is not reported, and evaluation warnings it would
//   raise in filters are not raised (the hunt reports the count).
// - skips_records(): some record can be left unmarked by every query (no query
//   has an Anything formula and some query has needles or is Never).
// - A needle of a field copied from a distinctive record key
//   (ecs::raw_text_key: event.action from "eventName"), when the key has at
//   least `min_keyed_needles` needles, is looked for in that key's values only — the token after any `"eventName":` member, nested or
//   not — which is still necessary for the field to hold a matching value.
// - Cost: each thread first scans its first 2,048 records fully and counts how
//   often each needle occurs; it then picks per query "gate" needles — a set
//   of which every record the query keeps holds one — that occur least ("aws-cli"
//   for the founding rule), and scans later records for all queries' gates
//   first (a keyed gate needle as the full pass finds it: in its key's value
//   tokens, so the gate scan looks for the key, not for every event name).
//   Only records holding one get the full pass: one LiteralMatcher scan
//   for the free-text needles and the keys, the keyed needles checked in the
//   keys' value tokens (whole values by hash look-up), stopped early once
//   every query is marked. No gate is used when, by the share of sampled
//   records holding a gate needle and the literals each scan looks for, the
//   gate scan plus the full pass of what it lets through would cost more than
//   the full pass alone; the gate scan is left out for a while whenever most
//   records of a window pass it. Escapes are looked for (memchr for `\`) only
//   when some query is left unmarked. Immutable and shared; each thread passes
//   its own Scratch.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/literal_matcher.h"
#include "common/status.h"
#include "esql/row_requirements.h"

namespace trailhound::ecs {
class UserAgentParser;
}

namespace trailhound::pipeline {

class RecordPrefilter {
 public:
  // A thread's gate: the needles, one of which every record some query may
  // keep holds (see the contract), found the way the full pass finds them —
  // free text, or in the value tokens after their key.
  struct Gate {
    std::shared_ptr<const LiteralMatcher> matcher;  // text needles, then keys (every occurrence)
    uint32_t text_count = 0;                        // matcher ids below: free-text gate needles
    std::vector<uint32_t> keys;                     // matcher id - text_count -> key index
    std::vector<uint8_t> member;                    // per needle id: 1 if a gate needle
  };

  // Per-thread matching state.
  class Scratch {
   public:
    // Per query: 1 if it may keep the last record select() saw.
    const std::vector<uint8_t>& keeps() const { return keeps_; }
    // Per query: how many records select() marked for it so far.
    const std::vector<uint64_t>& marked() const { return marked_; }
    // Records select() gave the full pass (not settled by the gate alone).
    uint64_t full_scans() const { return full_scans_; }
    // What was found ahead of the last record is stale (a new text starts).
    void forget_ahead() {
      gate_ahead_.matcher = nullptr;
      full_ahead_.matcher = nullptr;
    }

   private:
    friend class RecordPrefilter;
    std::vector<uint8_t> found_;  // per needle, in the record being scanned
    std::vector<uint32_t> held_;     // per node: children that hold (All/Any)
    std::vector<uint32_t> counted_;  // nodes whose held_ is not 0
    std::vector<uint8_t> keeps_;
    std::vector<uint64_t> marked_;
    // Gate (see the contract): learned from how often each needle occurs in
    // the first records this thread sees, then probed on windows of records
    // and left out for a while when too many pass it.
    std::vector<uint32_t> sample_found_;  // the needles each sampled record holds, one list after another
    std::vector<uint32_t> sample_ends_;   // per sampled record: the end of its list in sample_found_
    uint32_t sampled_ = 0;
    std::shared_ptr<const Gate> gate_;  // null: none (yet, or not worth it)
    uint64_t full_scans_ = 0;
    // Literals one scan found from a record on (select()'s `ahead`), for the
    // records that follow within the scanned text.
    struct Ahead {
      const LiteralMatcher* matcher = nullptr;  // null: nothing scanned
      const char* begin = nullptr;              // the scanned text
      const char* end = nullptr;
      std::vector<std::pair<uint32_t, uint32_t>> hits;  // (end offset from begin, literal id), by end
      size_t next = 0;                                  // first hit past the last record looked up
      size_t done = 0;                                  // offset past the last record looked up
    };
    Ahead gate_ahead_, full_ahead_;
    uint32_t window_left_ = 0;
    uint32_t window_passed_ = 0;
    bool gate_on_ = true;
  };

  // Looking in a key's values pays when the key has many needles (the event
  // names of many rules: one hash look-up instead of a literal each); a key
  // with fewer is left to the literal scan.
  static constexpr size_t kMinKeyedNeedles = 8;

  // `user_agents` may be null (then user_agent.name gives no needle).
  static Result<std::shared_ptr<const RecordPrefilter>> build(const std::vector<esql::Requirement>& queries,
                                                              const ecs::UserAgentParser* user_agents,
                                                              size_t min_keyed_needles = kMinKeyedNeedles);
  bool skips_records() const { return skips_records_; }
  std::unique_ptr<Scratch> make_scratch() const;
  // (Nothing is kept from one call to the next: each `raw` may be new text at
  // an address an earlier one had.)
  bool select(std::string_view raw, Scratch& scratch) const {
    scratch.forget_ahead();
    return select(raw, raw, scratch);
  }
  // The same decision; `ahead` (raw and the text after it, see
  // ingest::RecordConsumer::wants) lets a scan cover the next records too, so
  // that the records after it are looked up in what was found, not scanned one
  // by one (a literal scan has a fixed cost per call). Call
  // Scratch::forget_ahead() when a new text starts.
  bool select(std::string_view raw, std::string_view ahead, Scratch& scratch) const;

  // Per query, the formula the needles check (`event.action ~ `"Describe``:
  // the text searched between backquotes), "" if it checks nothing, "never" if
  // the query keeps no record.
  const std::vector<std::string>& description() const { return description_; }

 private:
  RecordPrefilter() = default;
  // The formulas, compiled: a node is a needle test or All/Any of nodes.
  // A formula is evaluated incrementally: when a needle is found, each of
  // its leaves counts towards its parent, which holds once `need` of its
  // children hold (All: all of them; Any: one), and so on up to the root,
  // which marks its query. No formula is evaluated twice per record.
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Node {
    enum class Kind : uint8_t { Needle, All, Any } kind = Kind::Needle;
    uint32_t needle = 0;
    std::vector<uint32_t> children;
    uint32_t parent = kNone;  // kNone: a root
    uint32_t need = 1;        // children that must hold
    uint32_t query = kNone;   // a root's query
  };
  static constexpr uint32_t kNoRoot = kNone;  // roots_ of a query whose formula is Anything or Never
  uint32_t compile(const esql::Requirement& r, std::vector<std::string>& needles, std::vector<std::string>& keys,
                   std::vector<int>& key_of);
  // Node `n` now holds in the record being scanned: counts it towards its
  // ancestors; marks the query of a root that comes to hold (true when it
  // marked one).
  bool now_holds(uint32_t n, Scratch& scratch) const;
  static bool use_gate(Scratch& scratch);
  // Calls on_needle(n) for each needle of key `k` that its value `token`
  // satisfies, until on_needle returns false (then returns false).
  template <class F>
  bool for_each_needle_in_token(size_t k, std::string_view token, F&& on_needle) const;
  // matcher.scan(raw, on_match) by way of `ahead`: one scan of up to
  // kAheadBytes from the record on, whose hits serve the records after it.
  // A hit counts for the record it lies in wholly; offsets passed are from
  // raw's start.
  static constexpr size_t kAheadBytes = size_t{256} << 10;
  template <class F>
  static bool scan_ahead(const LiteralMatcher& matcher, Scratch::Ahead& ahead_state, std::string_view raw,
                         std::string_view ahead, F&& on_match);
  // Needles one of which any record satisfying node `n` holds, chosen to pass
  // few records given per-needle frequencies; `pass` estimates the share.
  void gate_needles(uint32_t n, const std::vector<double>& freq, std::vector<uint32_t>& out, double& pass) const;
  void learn_gate(Scratch& scratch) const;

  // The full scan finds the needles of fields with no distinctive record key
  // as free text (matcher ids [0, text_needles_.size())), and the keys of the
  // others (ids from there on, one per key, every occurrence): a keyed needle
  // counts as found when it occurs in the value token after one of its key's
  // occurrences (`"eventName": "GetSecretValue"`), which spares the scan the
  // hundreds of event names and sources the rules list.
  std::shared_ptr<const LiteralMatcher> matcher_;  // null: no query has needles
  std::vector<std::string> needles_;                 // by needle id: the text any record needs
  std::vector<uint32_t> text_needles_;               // by matcher id: needle ids looked for as text
  std::vector<std::vector<uint32_t>> keyed_needles_;  // by key: needle ids looked for in its values (not below)
  // By key: its Prefix needles (`"Describe`, `"Get`…), grouped by the
  // character after their opening quote, so that a value token is compared
  // with the needles of its own second character only:
  // ids[start[c] .. start[c + 1]) for character c.
  struct PrefixIndex {
    std::vector<uint32_t> ids;
    std::array<uint32_t, 257> start{};
  };
  std::vector<PrefixIndex> keyed_prefixes_;
  std::vector<int> key_of_;                           // by needle id: its key, or -1 (free text)
  std::vector<std::string> keys_;                     // by key: the record key (`eventName`)
  // by key: needles that are a whole quoted value (`"GetSecretValue"`), found
  // by looking the value token up (a canonically written value equal to it is
  // exactly that token; other spellings need escapes, which mark every query)
  struct TokenTable {  // open addressing, at most half full: value token -> needle id
    struct Slot {
      uint64_t hash = 0;  // compared first: a token not in the table rarely gets past it
      std::string_view token;
      uint32_t id = kNone;
    };
    std::vector<Slot> slots;
    size_t mask = 0, used = 0;
    void insert(std::string_view token, uint32_t id);
    uint32_t find(std::string_view token) const;  // kNone when absent
  };
  std::vector<TokenTable> keyed_values_;
  // By needle id: where in its key's value token a needle must lie (Equals:
  // the whole token, Prefix: its start, Suffix: its end, Contains: anywhere).
  std::vector<esql::ValueAtom::Kind> place_;
  bool skips_records_ = false;
  std::vector<Node> nodes_;
  std::vector<uint32_t> roots_;             // per query; kNoRoot: Anything or Never
  std::vector<uint8_t> base_keeps_;         // per query: 1 for Anything formulas
  bool base_any_ = false;                   // some query's formula is Anything
  uint32_t formula_queries_ = 0;            // queries with needles
  std::vector<std::vector<uint32_t>> leaves_;  // per needle id: its Needle nodes
  std::vector<std::string> description_;
};

}  // namespace trailhound::pipeline
