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
//   or user_agent.name when UserAgentParser::name_always_in_text) becomes a
//   needle: "the record text contains the atom's value, JSON-encoded, without
//   quotes". Any other atom becomes Anything (true), as do values a number's
//   rendering could spell (only digits . + - e E).
// - A query whose formula is Never keeps no record and adds no needle. A query
//   whose formula becomes Anything may keep any record; then the prefilter is
//   off (active() is false) and may_match() is always true.
// - may_match(raw) is false only when no query's formula holds over the needles
//   found in `raw`, and `raw` holds no `\u` or `\/` escape (which could spell a
//   needle's characters differently). Such a record cannot become a row that
//   any query keeps, so skipping it never changes results. What is lost:
//   a malformed record skipped this way is not reported, and evaluation warnings
//   it would have raised in filters are not raised (the hunt reports the count).
// - All needles of all queries are found in one Hyperscan pass, stopped as soon
//   as one query's formula holds. The prefilter is immutable and shared;
//   each thread passes its own Scratch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "esql/row_requirements.h"

struct hs_database;
struct hs_scratch;

namespace trailhound::ecs {
class UserAgentParser;
}

namespace trailhound::pipeline {

class RecordPrefilter {
 public:
  // Per-thread matching state.
  class Scratch {
   public:
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

   private:
    friend class RecordPrefilter;
    Scratch() = default;
    hs_scratch* hs = nullptr;
    std::vector<uint8_t> found;  // per needle, in the record being scanned
  };

  // `user_agents` may be null (then user_agent.name gives no needle).
  static Result<std::shared_ptr<const RecordPrefilter>> build(
      const std::vector<esql::Requirement>& queries, const ecs::UserAgentParser* user_agents);
  ~RecordPrefilter();

  bool active() const { return db_ != nullptr; }
  std::unique_ptr<Scratch> make_scratch() const;
  bool may_match(std::string_view raw, Scratch& scratch) const;

  // Per query, the formula the needles check (esql::describe), "" if it checks
  // nothing, "never" if the query keeps no record.
  const std::vector<std::string>& description() const { return description_; }

 private:
  RecordPrefilter() = default;
  // The formulas, compiled: a node is a needle test or All/Any of nodes.
  struct Node {
    enum class Kind : uint8_t { Needle, All, Any } kind = Kind::Needle;
    uint32_t needle = 0;
    std::vector<uint32_t> children;
  };
  static constexpr uint32_t kNoRoot = UINT32_MAX;  // a query keeping no record
  uint32_t compile(const esql::Requirement& r, std::vector<std::string>& needles);
  bool holds(uint32_t node, const std::vector<uint8_t>& found) const;

  hs_database* db_ = nullptr;
  uint32_t escape_id_ = 0;                 // needles `\u` and `\/` have ids >= escape_id_
  std::vector<Node> nodes_;
  std::vector<uint32_t> roots_;             // per query
  std::vector<std::vector<uint32_t>> users_;  // per needle id: the queries whose formula reads it
  std::vector<std::string> description_;
};

}  // namespace trailhound::pipeline
