// Reader for Elastic's *.csv-spec test files (esql-semantics.md §8.4).
//
// Contract:
// - parse_spec() splits a file into test cases exactly as Elastic's SpecReader +
//   CsvSpecReader do: every line is trimmed; blank lines and lines starting
//   with `//` or `#` are skipped everywhere; the first remaining line is the
//   test name (anything from `#` on is a runner instruction and not part of the
//   name); then directives and query lines up to and including the first line
//   ending in `;` (a line ending in `\;` contributes a literal `;` and the query
//   continues); then expected-result lines up to a line starting with `;`.
//   A test whose query lacks its `;` therefore swallows the following lines,
//   as in Elastic's reader (this happens only in `-Ignore` tests).
// - Tests are keyed by file + ordinal (position in the file), never by name
//   alone: the suite contains duplicate names.
// - Inside the result block, `warning:` / `warningRegex:` / `ignoreOrder:`
//   lines are options (case-insensitive prefixes); the first other line is the
//   header (`name:type` cells separated by `|`, `::` inside a name allowed),
//   the remaining lines are rows.
// - Rows are tokenised like SuperCSV with `|` as delimiter and `"` as quote:
//   a `"` anywhere toggles quoting, `""` inside quotes is a literal quote. Each
//   cell is trimmed; `null` (any case) is null; an empty cell — quoted or not —
//   is the empty string (Elastic maps SuperCSV's null back to ""); `[a, b]` is
//   a multi-value split on commas not preceded by `\` (items trimmed, `\,`
//   unescaped); a one-item list is that single value. Values stay text here;
//   they are converted with the column type when compared (spec_compare.h).
// - Errors (a malformed header, a test without body at end of file) are
//   reported per test in `SpecTest::error` or as a failed Result for the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trailhound::csvspec {

struct ExpectedColumn {
  std::string name;
  std::string type_text;   // as written in the header ("l", "keyword", "geo_point"...)
  std::string type_name;   // canonical ES|QL type name ("long", "date", ...), see canonical_type_name()
};

struct ExpectedCell {
  bool is_null = false;
  bool is_multi = false;             // written as a list with 2+ items
  std::vector<std::string> values;   // one item unless is_multi; empty if is_null
};

struct SpecTest {
  std::string file;          // base name, e.g. "string.csv-spec"
  size_t ordinal = 0;        // 0-based position of the test in its file
  int line = 0;              // 1-based line of the test name
  std::string name;          // without `#[...]` instructions
  std::string instructions;  // text after `#` on the name line (e.g. "[skip:-8.12.99, ...]")
  std::vector<std::string> required_capabilities;
  std::vector<std::string> other_directives;  // "skip_flattened_rewrite: x", "request_stored: skip", ...
  std::string query;         // lines joined with '\n', final `;` removed
  std::vector<std::string> warnings;        // exact texts, %0A/%0D/%25 decoded
  std::vector<std::string> warning_regexes; // with %0A/%0D/%25 decoded
  bool ignore_order = false;
  std::vector<ExpectedColumn> columns;
  std::vector<std::vector<ExpectedCell>> rows;
  std::string error;         // non-empty if the expected block could not be parsed

  bool disabled() const { return name.size() >= 7 && name.compare(name.size() - 7, 7, "-Ignore") == 0; }
  std::string key() const { return file + "#" + std::to_string(ordinal); }
};

// Parses one file's text; `file` is used for SpecTest::file and messages.
Result<std::vector<SpecTest>> parse_spec(std::string_view text, const std::string& file);
Result<std::vector<SpecTest>> read_spec_file(const std::string& path);

// Header type (case-insensitive, with the aliases of §8.4.7) → canonical
// ES|QL type name as Elasticsearch reports it in column metadata ("integer",
// "long", "unsigned_long", "double", "keyword", "text", "boolean", "date",
// "date_nanos", "ip", "version", "null", ...). Unknown names are returned
// lower-cased (geo_point, dense_vector...).
std::string canonical_type_name(std::string_view header_type);

// One result-table line split into raw cells (SuperCSV rules, untrimmed).
std::vector<std::string> split_table_line(std::string_view line);
// One raw cell → expected value (trim, null, lists).
ExpectedCell parse_expected_cell(std::string_view raw);

}  // namespace trailhound::csvspec
