#include "common/literal_matcher.h"

#include <hs/hs.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstring>

#include "common/string_words.h"

namespace trailhound {

namespace {

std::atomic<uint64_t> next_matcher_id{1};

// One Hyperscan scratch per thread, grown to fit every matcher the thread has
// scanned with (hs_alloc_scratch extends an existing scratch).
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  std::vector<uint64_t> fits;  // matcher ids the scratch was sized for
  ~ThreadScratch() {
    if (scratch) hs_free_scratch(scratch);
  }
  hs_scratch_t* for_matcher(uint64_t id, const hs_database_t* db) {
    if (std::find(fits.begin(), fits.end(), id) != fits.end()) return scratch;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return nullptr;
    if (fits.size() >= 64) fits.erase(fits.begin());  // forgetting only costs a re-check
    fits.push_back(id);
    return scratch;
  }
};

thread_local ThreadScratch tls_scratch;

struct ScanContext {
  bool (*on_match)(uint32_t, size_t, void*);
  void* ctx;
  const char* text;
  size_t size;
  const std::vector<std::string>* tails;
  const std::vector<uint64_t>* tail_words;  // a tail of at most 8 bytes, as a little-endian word
};

// True when `tail` follows at text[at..]: one masked word compare when 8
// bytes can be read there, memcmp otherwise.
bool tail_follows(const ScanContext& c, size_t at, const std::string& tail, uint64_t word) {
  if (tail.size() > c.size - at) return false;
  if (tail.size() <= 8 && c.size - at >= 8) {
    const uint64_t mask = tail.size() == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * tail.size())) - 1;
    return (load_u64(c.text + at) & mask) == word;
  }
  return std::memcmp(c.text + at, tail.data(), tail.size()) == 0;
}

}  // namespace

Result<std::shared_ptr<const LiteralMatcher>> LiteralMatcher::compile(const std::vector<std::string>& literals) {
  std::shared_ptr<LiteralMatcher> m(new LiteralMatcher());
  m->id_ = next_matcher_id.fetch_add(1);
  if (literals.empty()) return std::shared_ptr<const LiteralMatcher>(std::move(m));
  std::vector<const char*> exprs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < literals.size(); ++i) {
    if (literals[i].empty()) return Status::invalid_input("literal matcher: empty literal #" + std::to_string(i));
    // Scanned by its head; the tail is compared where the head occurs.
    const size_t head = std::min(literals[i].size(), kHeadBytes);
    exprs.push_back(literals[i].data());
    lens.push_back(head);
    m->tails_.push_back(literals[i].substr(head));
    m->tail_words_.push_back(end_words(m->tails_.back()).head);  // its first (up to) 8 bytes
    m->lengths_.push_back(static_cast<uint32_t>(literals[i].size()));
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  const hs_error_t rc = hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                                             static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &m->db_, &err);
#if defined(__GLIBC__)
  // The compiler's scratch memory (tens of MB for hundreds of literals, for a
  // database of well under 1 MB) stays in glibc malloc's free lists, counted in
  // RSS, unless handed back (where glibc's malloc is the one in use).
  malloc_trim(0);
#endif
  if (rc != HS_SUCCESS) {
    std::string msg = err && err->message ? err->message : "unknown error";
    hs_free_compile_error(err);
    m->db_ = nullptr;
    return Status::internal("literal matcher: Hyperscan could not compile " + std::to_string(literals.size()) +
                            " literals: " + msg);
  }
  return std::shared_ptr<const LiteralMatcher>(std::move(m));
}

LiteralMatcher::~LiteralMatcher() {
  if (db_) hs_free_database(db_);
}

bool LiteralMatcher::scan_raw(std::string_view text, bool (*on_match)(uint32_t, size_t, void*), void* ctx) const {
  if (!db_) return true;  // no literals: nothing occurs
  if (text.size() > UINT_MAX) return false;
  hs_scratch_t* scratch = tls_scratch.for_matcher(id_, db_);
  if (!scratch) return false;
  ScanContext sc{on_match, ctx, text.data(), text.size(), &tails_, &tail_words_};
  auto cb = [](unsigned id, unsigned long long, unsigned long long to, unsigned, void* p) -> int {
    auto* c = static_cast<ScanContext*>(p);
    size_t end = static_cast<size_t>(to);
    const std::string& tail = (*c->tails)[id];
    if (!tail.empty()) {
      if (!tail_follows(*c, end, tail, (*c->tail_words)[id])) return 0;
      end += tail.size();
    }
    return c->on_match(id, end, c->ctx) ? 0 : 1;
  };
  const hs_error_t rc = hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch, cb, &sc);
  return rc == HS_SUCCESS || rc == HS_SCAN_TERMINATED;
}

}  // namespace trailhound
