// A fixed set of byte strings, all found in one pass over a text.
//
// Why: the record prefilter asks "which of these N literals occur in this
// raw record?" for every record of a hunt. Hyperscan's literal mode answers in
// one SIMD pass, independent of N.
//
// Contract:
// - compile(): literal i gets id i, matched byte for byte; empty literals are
//   rejected (error Status). Every occurrence is reported (a scan may cover
//   many records; see RecordPrefilter's scan ahead).
// - scan(text, on_match) calls on_match(id, end) for literals that occur in
//   `text`, `end` being the offset just past the occurrence, in order of where
//   each occurrence's first kHeadBytes bytes end (so two calls' `end`s may be
//   out of order by up to the longest literal's length less kHeadBytes);
//   on_match returning false stops the scan. scan() returns false only if
//   matching failed (the caller must then assume anything may occur); stopping
//   early is not a failure.
// - Cost: a literal longer than kHeadBytes is looked for by its first
//   kHeadBytes bytes and its rest compared where they occur. Why: measured
//   on CloudTrail records, Hyperscan scans slower for literals ending in bytes
//   common there — quoted keys and values end in `Name"`, `Role"` — than for
//   their heads (the 26 rules' seven literals: 255 → 216 ns per record, in
//   cache), and confirming a head's rest is one short compare.
// - Immutable and shared between threads: each thread uses its own matching
//   scratch space, allocated on its first scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/status.h"

struct hs_database;

namespace trailhound {

class LiteralMatcher {
 public:
  static Result<std::shared_ptr<const LiteralMatcher>> compile(const std::vector<std::string>& literals);
  ~LiteralMatcher();
  LiteralMatcher(const LiteralMatcher&) = delete;
  LiteralMatcher& operator=(const LiteralMatcher&) = delete;

  static constexpr size_t kHeadBytes = 8;

  // Length of literal `id`.
  size_t literal_size(uint32_t id) const { return lengths_[id]; }

  template <class F>
  bool scan(std::string_view text, F&& on_match) const {
    return scan_raw(
        text, [](uint32_t id, size_t end, void* ctx) { return (*static_cast<std::remove_reference_t<F>*>(ctx))(id, end); },
        const_cast<void*>(static_cast<const void*>(&on_match)));
  }

 private:
  LiteralMatcher() = default;
  bool scan_raw(std::string_view text, bool (*on_match)(uint32_t, size_t, void*), void* ctx) const;
  hs_database* db_ = nullptr;
  std::vector<uint32_t> lengths_;  // by id
  std::vector<std::string> tails_;  // by id: the bytes after the head ("" for short literals)
  std::vector<uint64_t> tail_words_;  // by id: the tail's first (up to) 8 bytes, little-endian
  uint64_t id_ = 0;  // tells this matcher from others in per-thread scratch
};

}  // namespace trailhound
