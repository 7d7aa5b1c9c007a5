#include "ingest/record_splitter.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "ingest/container_scan.h"

namespace trailhound::ingest {
namespace {

constexpr size_t npos = std::string_view::npos;

inline bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

const char* type_label(simdjson::dom::element_type t) {
  using T = simdjson::dom::element_type;
  switch (t) {
    case T::ARRAY: return "an array";
    case T::OBJECT: return "an object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE: return "a number";
    case T::STRING: return "a string";
    case T::BOOL: return "a boolean";
    case T::NULL_VALUE: return "null";
  }
  return "a scalar";
}

// Line numbers on demand: counting newlines when a line is asked for (an
// error, a consumer that wants it) is far cheaper than tracking them in the
// scanner. A range that starts mid file counts from the start of the text on
// its first question.
class LineCounter final : public LineSource {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  uint64_t line_at(uint64_t off) override { return at(static_cast<size_t>(off)); }
  uint64_t at(size_t off) {
    if (off < pos_) {  // only error paths go backwards
      pos_ = 0;
      line_ = 1;
    }
    // memchr hops newline to newline with SIMD; a single-line Records file
    // costs one scan of its bytes in total, NDJSON one hop per record.
    const char* p = text_.data() + pos_;
    const char* end = text_.data() + off;
    while (p < end) {
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
      if (nl == nullptr) break;
      ++line_;
      p = static_cast<const char*>(nl) + 1;
    }
    pos_ = off;
    return line_;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
};

class Splitter {
 public:
  Splitter(std::string_view text, const std::string& file, bool truncated,
           simdjson::dom::parser& parser, RecordConsumer& consumer, ErrorReporter& errors,
           RangeControl* control = nullptr)
      : d_(text.data()),
        n_(text.size()),
        file_(file),
        truncated_(truncated),
        parser_(parser),
        consumer_(consumer),
        errors_(errors),
        lines_(text),
        control_(control) {}

  SplitCounts run() {
    consumer_.on_text_start();
    size_t p = 0;
    if (n_ >= 3 && std::memcmp(d_, "\xEF\xBB\xBF", 3) == 0) p = 3;  // UTF-8 BOM
    return run_from(p);
  }

  // A range that starts at record `begin` of a split file (see split_range()).
  SplitCounts run_range(const FileLayout& layout, size_t begin) {
    consumer_.on_text_start();
    first_key_ = first_key_at(begin);  // what a whole-file run would resync on
    size_t p = begin;
    switch (layout.kind) {
      case FileLayout::Kind::Lines: break;
      case FileLayout::Kind::Array: p = split_array(layout.array_pos, begin); break;
      case FileLayout::Kind::RecordsObject:
        p = split_records_object(layout.object_pos, layout.array_pos, begin);
        break;
    }
    if (stopped_) return counts_;
    return run_from(p);
  }

 private:
  SplitCounts run_from(size_t p) {
    for (;;) {
      p = skip_ws(p);
      if (p >= n_) break;
      if (at_range_end(p)) break;
      size_t array_pos;
      if (d_[p] == '[') {
        p = split_array(p);
      } else if (d_[p] == '{' && records_array_at(p, &array_pos)) {
        p = split_records_object(p, array_pos);
      } else {
        p = split_line(p);
      }
      if (stopped_) break;
    }
    return counts_;
  }

  // At a record start: does the range end here? Also reports progress.
  bool at_range_end(size_t p) {
    if (control_ == nullptr) return false;
    report_progress(p);
    if (control_->stop_at(p)) stopped_ = true;
    return stopped_;
  }
  void report_progress(size_t p) {
    if (control_ == nullptr || p < next_progress_) return;
    control_->progress(p);
    next_progress_ = p + kProgressStep;
  }

  size_t skip_ws(size_t p) const {
    while (p < n_ && is_ws(d_[p])) ++p;
    return p;
  }

  // `{ "Records" : [` at p? Sets *array_pos to the '['.
  bool records_array_at(size_t p, size_t* array_pos) const {
    size_t q = skip_ws(p + 1);
    static constexpr std::string_view kKey = "\"Records\"";
    if (n_ - q < kKey.size() || std::memcmp(d_ + q, kKey.data(), kKey.size()) != 0) return false;
    q = skip_ws(q + kKey.size());
    if (q >= n_ || d_[q] != ':') return false;
    q = skip_ws(q + 1);
    if (q >= n_ || d_[q] != '[') return false;
    *array_pos = q;
    return true;
  }

  // q is an opening quote; returns the index of the closing quote or npos.
  size_t skip_string(size_t q) const {
    size_t i = q + 1;
    for (;;) {
      const void* hit = std::memchr(d_ + i, '"', n_ - i);
      if (hit == nullptr) return npos;
      size_t e = static_cast<const char*>(hit) - d_;
      size_t k = e;
      while (d_[k - 1] == '\\') --k;  // d_[q] is '"', so this stops by q+1
      if (((e - k) & 1) == 0) return e;
      i = e + 1;
    }
  }

  // End (one past) of the JSON value starting at s, or npos if the text ends
  // inside it. Brackets are matched by kind; a closer of the wrong kind is
  // garbage inside the value (the DOM parse of the span reports it) and does
  // not end the value early, so `{"a":[1,}]}` costs one record, not three.
  size_t scan_value(size_t s) const {
    char c = d_[s];
    if (c == '{' || c == '[') {
      size_t e = scan_container_(d_, n_, s);
      if (e != kContainerScanFallback) return e;
      std::string& open = stack_;
      open.clear();
      for (size_t i = s; i < n_; ++i) {
        switch (d_[i]) {
          case '"':
            i = skip_string(i);
            if (i == npos) return npos;
            break;
          case '{': open.push_back('}'); break;
          case '[': open.push_back(']'); break;
          case '}':
          case ']':
            if (open.back() == d_[i]) {
              open.pop_back();
              if (open.empty()) return i + 1;
            }
            break;
          default: break;
        }
      }
      return npos;
    }
    if (c == '"') {
      size_t e = skip_string(s);
      return e == npos ? npos : e + 1;
    }
    size_t i = s;
    while (i < n_ && !is_ws(d_[i]) && d_[i] != ',' && d_[i] != ']' && d_[i] != '}') ++i;
    return i == s ? s + 1 : i;  // a stray '}' or ']' is a one-byte bad element
  }

  void report(size_t off, const std::string& message) {
    errors_.report(file_, lines_.at(off), off, message);
  }

  enum class Outcome { Delivered, NotObject, Malformed };

  Outcome deliver(size_t s, size_t len) {
    if (!consumer_.wants(std::string_view(d_ + s, len), std::string_view(d_ + s, n_ - s))) {
      ++counts_.unparsed;
      first_key_ = first_key_at(s);
      return Outcome::Delivered;
    }
    simdjson::dom::element record;
    auto err = parser_.parse(d_ + s, len, /*realloc_if_needed=*/false).get(record);
    if (err) {
      ++counts_.skipped;
      report(s, "malformed JSON record at byte " + std::to_string(s) + " skipped: " +
                    simdjson::error_message(err));
      return Outcome::Malformed;
    }
    if (!record.is_object()) {
      ++counts_.skipped;
      report(s, std::string("record at byte ") + std::to_string(s) + " is " +
                    type_label(record.type()) + ", not a JSON object; skipped");
      return Outcome::NotObject;
    }
    RecordLocation where{&file_, s, &lines_};
    ++counts_.records;
    first_key_ = first_key_at(s);
    consumer_.on_record(record, where);
    return Outcome::Delivered;
  }

  // The raw first key token (`"eventVersion"`) of the object at s, or empty.
  std::string_view first_key_at(size_t s) const {
    size_t q = skip_ws(s + 1);
    if (q >= n_ || d_[q] != '"') return {};
    size_t e = skip_string(q);
    return e == npos ? std::string_view() : std::string_view(d_ + q, e + 1 - q);
  }

  // After a broken record at s (unbalanced brackets or quotes make its extent
  // unreliable), finds where the next record starts before `limit`: a '{'
  // after a ',' whose first key is the one the file's records start with
  // (CloudTrail: "eventVersion") and which parses as an object. The key test
  // keeps nested objects inside the broken record (e.g. "resources":[{..},{..}])
  // from being mistaken for records: a false record is worse than a lost one.
  size_t resync(size_t s, size_t limit) {
    static constexpr std::string_view kCloudTrailFirstKey = "\"eventVersion\"";
    std::string_view want = first_key_.empty() ? kCloudTrailFirstKey : first_key_;
    for (size_t q = s + 1; q < limit; ++q) {
      const void* hit = std::memchr(d_ + q, '{', limit - q);
      if (hit == nullptr) return npos;
      q = static_cast<const char*>(hit) - d_;
      size_t k = q;
      while (k > s && is_ws(d_[k - 1])) --k;
      if (d_[k - 1] != ',' || first_key_at(q) != want) continue;
      size_t e = scan_value(q);
      simdjson::dom::element probe;
      if (e != npos && !parser_.parse(d_ + q, e - q, false).get(probe) && probe.is_object()) {
        return q;
      }
    }
    return npos;
  }

  // The file (or array) ends inside a record that starts at s.
  size_t cut_record(size_t s, const char* what) {
    ++counts_.skipped;
    if (!truncated_) {
      report(s, std::string("file ends inside ") + what + " starting at byte " +
                    std::to_string(s) + "; it is skipped");
    }
    return n_;
  }

  // NDJSON line starting at p (not whitespace). Returns the next line's start.
  size_t split_line(size_t p) {
    const void* nl = std::memchr(d_ + p, '\n', n_ - p);
    size_t end = nl ? static_cast<const char*>(nl) - d_ : n_;
    size_t e = end;
    while (e > p && is_ws(d_[e - 1])) --e;  // CRLF, trailing blanks
    if (nl == nullptr && truncated_) {
      // A cut input's last line is a fragment; the caller reported the damage.
      // Try it anyway: if it happens to be complete it is a real record.
      simdjson::dom::element probe;
      if (parser_.parse(d_ + p, e - p, false).get(probe) != simdjson::SUCCESS) {
        ++counts_.skipped;
        return n_;
      }
    }
    deliver(p, e - p);
    return nl ? end + 1 : n_;
  }

  // Top-level array at a: each element is one record. Returns the position
  // after the closing ']' (or the end of the text).
  // `from` (a split range's first record, the comma behind it) resumes mid-array.
  size_t split_array(size_t a, size_t from = npos) {
    size_t p = from == npos ? a + 1 : from;
    bool first = true;
    for (;;) {
      p = skip_ws(p);
      if (p >= n_) return unterminated_array(a);
      if (d_[p] == ']') return p + 1;
      if (!first) {
        if (d_[p] == ',') {
          p = skip_ws(p + 1);
          if (p >= n_) return unterminated_array(a);
          if (d_[p] == ']') {
            report(p, "trailing comma before ']'");
            return p + 1;
          }
        } else {
          report(p, "expected ',' or ']' after the record ending before byte " +
                        std::to_string(p));
        }
      }
      if (at_range_end(p)) return n_;
      first = false;
      size_t e = scan_value(p);
      if (e != npos && deliver(p, e - p) != Outcome::Malformed) {
        p = e;
        continue;
      }
      size_t next = resync(p, e == npos ? n_ : e);
      if (next == npos) {
        if (e == npos) return cut_record(p, "a record");
        p = e;
        continue;
      }
      if (e == npos) {  // deliver() did not run: report the broken record here
        ++counts_.skipped;
        report(p, "malformed JSON record at byte " + std::to_string(p) +
                      " (unbalanced brackets or quotes) skipped; resuming at byte " +
                      std::to_string(next));
      }
      p = next;
      first = true;  // `next` is a record start, the comma is behind it
    }
  }

  size_t unterminated_array(size_t a) {
    if (!truncated_) {
      report(a, "file ends before the closing ']' of the array starting at byte " +
                    std::to_string(a));
    }
    return n_;
  }

  size_t split_records_object(size_t o, size_t a, size_t from = npos) {
    size_t p = skip_ws(split_array(a, from));
    if (stopped_) return n_;
    if (p >= n_) {
      if (!truncated_) report(o, "file ends before the closing '}' of the Records object");
      return n_;
    }
    if (d_[p] == '}') return p + 1;
    // Other members after "Records" are not CloudTrail's format; skip them
    // (and say so) up to the object's closing brace.
    report(p, "unexpected content after the Records array; ignored up to the closing '}'");
    size_t depth = 1;
    for (size_t i = p; i < n_; ++i) {
      char c = d_[i];
      if (c == '"') {
        i = skip_string(i);
        if (i == npos) return n_;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return n_;
  }

  const char* d_;
  size_t n_;
  const std::string& file_;
  bool truncated_;
  simdjson::dom::parser& parser_;
  RecordConsumer& consumer_;
  ErrorReporter& errors_;
  LineCounter lines_;
  SplitCounts counts_;
  mutable std::string stack_;  // expected closers while scanning a value
  std::string_view first_key_;  // of the last delivered record, for resync()
  RangeControl* control_;       // null: the whole text is one range
  const ContainerScanKernel scan_container_ = container_scan_kernel();
  bool stopped_ = false;        // the range ended at a record start
  static constexpr size_t kProgressStep = size_t{8} << 20;
  size_t next_progress_ = 0;

 public:
  // Mirrors split_array() over well-formed elements, without parsing them.
  size_t find_element_start(size_t a, size_t target) {
    size_t p = skip_ws(a + 1);
    if (p >= n_ || d_[p] == ']') return npos;
    return find_element_start_from(p, target);
  }

  // `p`: the start of an element of the array.
  size_t find_element_start_from(size_t p, size_t target) {
    if (p >= n_ || d_[p] != '{') return npos;
    for (;;) {
      report_progress(p);
      size_t e = scan_value(p);
      if (e == npos) return npos;
      p = skip_ws(e);
      if (p >= n_ || d_[p] != ',') return npos;  // ']' (too short) or not well formed
      p = skip_ws(p + 1);
      if (p >= n_ || d_[p] != '{') return npos;
      if (p >= target) return p;
    }
  }
};

class NullConsumer : public RecordConsumer {
 public:
  void on_record(simdjson::dom::element, const RecordLocation&) override {}
};

}  // namespace

SplitCounts split_records(std::string_view text, const std::string& file, bool truncated,
                          simdjson::dom::parser& parser, RecordConsumer& consumer,
                          ErrorReporter& errors) {
  return Splitter(text, file, truncated, parser, consumer, errors).run();
}

FileLayout detect_layout(std::string_view text) {
  FileLayout layout;
  size_t p = text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (p < text.size() && is_ws(text[p])) ++p;
  if (p >= text.size()) return layout;
  if (text[p] == '[') {
    layout.kind = FileLayout::Kind::Array;
    layout.array_pos = p;
    return layout;
  }
  if (text[p] != '{') return layout;
  size_t q = p + 1;
  while (q < text.size() && is_ws(text[q])) ++q;
  static constexpr std::string_view kKey = "\"Records\"";
  if (text.substr(q, kKey.size()) != kKey) return layout;
  q += kKey.size();
  while (q < text.size() && is_ws(text[q])) ++q;
  if (q >= text.size() || text[q] != ':') return layout;
  ++q;
  while (q < text.size() && is_ws(text[q])) ++q;
  if (q >= text.size() || text[q] != '[') return layout;
  layout.kind = FileLayout::Kind::RecordsObject;
  layout.object_pos = p;
  layout.array_pos = q;
  return layout;
}

size_t find_range_start(std::string_view text, const FileLayout& layout, size_t target, size_t from,
                        RangeControl* progress) {
  if (target >= text.size()) return npos;
  if (layout.kind == FileLayout::Kind::Lines) {
    const void* nl = std::memchr(text.data() + target, '\n', text.size() - target);
    if (nl == nullptr) return npos;
    size_t b = static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
    return b < text.size() ? b : npos;
  }
  // The scan needs no parser, consumer or reporter: it never delivers or reports.
  static const std::string kNoFile;
  simdjson::dom::parser unused_parser;
  NullConsumer unused_consumer;
  ErrorReporter unused_errors(nullptr, 0);
  Splitter s(text, kNoFile, false, unused_parser, unused_consumer, unused_errors, progress);
  // A `from` at or before the array's '[' (a range's first checkpoint: where
  // the file's first value starts, past any BOM or blank) is no record start.
  return from <= layout.array_pos ? s.find_element_start(layout.array_pos, target)
                                  : s.find_element_start_from(from, target);
}

SplitCounts split_range(std::string_view text, const FileLayout& layout, size_t begin,
                        const std::string& file, RangeControl& control,
                        simdjson::dom::parser& parser, RecordConsumer& consumer,
                        ErrorReporter& errors) {
  Splitter s(text, file, false, parser, consumer, errors, &control);
  return begin == 0 ? s.run() : s.run_range(layout, begin);
}

}  // namespace trailhound::ingest
