// Renders query results for people and programs.
//
// Contract: every writer takes a finished QueryResult and appends to `out`.
// - table: aligned columns with a header and separator line, like Elasticsearch's
//   `format=txt` (values as format_value_text prints them).
// - csv: RFC 4180 (header row; fields quoted when they contain , " CR or LF).
// - ndjson: one JSON object per row, keys are column names, values as the
//   `_query` API renders them (multi-values as arrays, nulls as null).
// - json: exactly the body of Elasticsearch's `_query` API:
//   {"columns":[{"name":…,"type":…}],"values":[[…]]}, plus "warnings":[…] when the
//   query produced warnings (Elasticsearch sends those as HTTP headers).
#pragma once

#include <string>
#include <string_view>

#include "common/json_string.h"
#include "esql/prepared_query.h"

namespace trailhound::cli {

enum class OutputFormat { Table, Csv, Ndjson, Json };

// Parses "table", "txt", "csv", "ndjson", "json"; false if unknown.
bool parse_output_format(std::string_view name, OutputFormat& format);

using ::trailhound::append_json_string;

// One RFC 4180 field: quoted (with "" for ") when it holds , " CR or LF.
void append_csv_field(std::string& out, std::string_view s);

void write_table(const QueryResult& result, std::string& out);
void write_csv(const QueryResult& result, std::string& out);
void write_ndjson(const QueryResult& result, std::string& out);
void write_query_json(const QueryResult& result, std::string& out);
void write_result(const QueryResult& result, OutputFormat format, std::string& out);

}  // namespace trailhound::cli
