#include "cli/result_writer.h"

#include <algorithm>

#include "common/json_string.h"
#include "exec/value_format.h"

namespace trailhound::cli {

bool parse_output_format(std::string_view name, OutputFormat& format) {
  if (name == "table" || name == "txt") format = OutputFormat::Table;
  else if (name == "csv") format = OutputFormat::Csv;
  else if (name == "ndjson") format = OutputFormat::Ndjson;
  else if (name == "json") format = OutputFormat::Json;
  else return false;
  return true;
}

// Display width in code points (UTF-8 continuation bytes do not count).
static size_t display_width(std::string_view s) {
  size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

static void pad_to(std::string& out, std::string_view s, size_t width) {
  out += s;
  for (size_t w = display_width(s); w < width; ++w) out.push_back(' ');
}

void write_table(const QueryResult& result, std::string& out) {
  const size_t ncols = result.names.size();
  const size_t nrows = result.rows();
  std::vector<std::vector<std::string>> cells(nrows, std::vector<std::string>(ncols));
  std::vector<size_t> width(ncols);
  for (size_t c = 0; c < ncols; ++c) {
    width[c] = display_width(result.names[c]);
    for (size_t r = 0; r < nrows; ++r) {
      cells[r][c] = format_value_text(result.columns[c], r);
      width[c] = std::max(width[c], display_width(cells[r][c]));
    }
  }
  for (size_t c = 0; c < ncols; ++c) {
    if (c) out += "|";
    pad_to(out, result.names[c], width[c]);
  }
  out += "\n";
  for (size_t c = 0; c < ncols; ++c) {
    if (c) out += "+";
    out.append(width[c], '-');
  }
  out += "\n";
  for (size_t r = 0; r < nrows; ++r) {
    for (size_t c = 0; c < ncols; ++c) {
      if (c) out += "|";
      pad_to(out, cells[r][c], width[c]);
    }
    out += "\n";
  }
}

void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out.push_back('"');
  for (char ch : s) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
}

void write_csv(const QueryResult& result, std::string& out) {
  const size_t ncols = result.names.size();
  for (size_t c = 0; c < ncols; ++c) {
    if (c) out += ",";
    append_csv_field(out, result.names[c]);
  }
  out += "\r\n";
  for (size_t r = 0; r < result.rows(); ++r) {
    for (size_t c = 0; c < ncols; ++c) {
      if (c) out += ",";
      // Null is an empty field in CSV, as Elasticsearch's csv format prints it.
      if (!result.columns[c].is_null(r)) append_csv_field(out, format_value_text(result.columns[c], r));
    }
    out += "\r\n";
  }
}

void write_ndjson(const QueryResult& result, std::string& out) {
  for (size_t r = 0; r < result.rows(); ++r) {
    out += "{";
    for (size_t c = 0; c < result.names.size(); ++c) {
      if (c) out += ",";
      append_json_string(out, result.names[c]);
      out += ":";
      append_json_value(out, result.columns[c], r);
    }
    out += "}\n";
  }
}

void write_query_json(const QueryResult& result, std::string& out) {
  out += "{\"columns\":[";
  for (size_t c = 0; c < result.names.size(); ++c) {
    if (c) out += ",";
    out += "{\"name\":";
    append_json_string(out, result.names[c]);
    out += ",\"type\":";
    append_json_string(out, type_name(result.types[c]));
    out += "}";
  }
  out += "],\"values\":[";
  for (size_t r = 0; r < result.rows(); ++r) {
    if (r) out += ",";
    out += "[";
    for (size_t c = 0; c < result.names.size(); ++c) {
      if (c) out += ",";
      append_json_value(out, result.columns[c], r);
    }
    out += "]";
  }
  out += "]";
  // Elasticsearch sends warnings as HTTP `Warning` headers beside this body; with
  // no headers here, they travel in the body, and only when there are some.
  if (!result.warnings.empty()) {
    out += ",\"warnings\":[";
    for (size_t i = 0; i < result.warnings.size(); ++i) {
      if (i) out += ",";
      append_json_string(out, result.warnings[i]);
    }
    out += "]";
  }
  out += "}\n";
}

void write_result(const QueryResult& result, OutputFormat format, std::string& out) {
  switch (format) {
    case OutputFormat::Table: write_table(result, out); break;
    case OutputFormat::Csv: write_csv(result, out); break;
    case OutputFormat::Ndjson: write_ndjson(result, out); break;
    case OutputFormat::Json: write_query_json(result, out); break;
  }
}

}  // namespace trailhound::cli
