#include "csv_spec/spec_reader.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace trailhound::csvspec {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Java String.trim() removes every char <= U+0020; the files only use these.
std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || static_cast<unsigned char>(s.front()) < 0x20)) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || static_cast<unsigned char>(s.back()) < 0x20)) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Decodes the three escapes warning/warningRegex lines use for characters a
// one-line directive cannot hold (`%25` appears in `warning:` texts too).
std::string decode_regex_escapes(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      std::string_view code = s.substr(i + 1, 2);
      if (code == "0A") { out += '\n'; i += 2; continue; }
      if (code == "0D") { out += '\r'; i += 2; continue; }
      if (code == "25") { out += '%'; i += 2; continue; }
    }
    out += s[i];
  }
  return out;
}

// Preamble directives recognised before/among query lines (§8.4.3). Matching
// is by case-insensitive prefix, as in Elastic's reader.
constexpr std::string_view kDirectives[] = {
    "required_capability_coordinator:", "missing_capability_coordinator:", "missing_capability_data_node:",
    "skip_flattened_rewrite:",          "request_stored:",                 "request_time_filter:",
    "pragma:",                          "documents_found:",                "dataset:",
};

// Splits a header cell "name:type" (a `::` inside the name is not a separator).
bool split_header_cell(std::string_view cell, ExpectedColumn& out) {
  // Find the last single ':' that is not part of "::".
  size_t split = std::string_view::npos;
  for (size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] != ':') continue;
    if (i + 1 < cell.size() && cell[i + 1] == ':') { ++i; continue; }
    if (split != std::string_view::npos) return false;  // two separators: ambiguous, as in Elastic
    split = i;
  }
  if (split == std::string_view::npos) return false;
  out.name = std::string(trim(cell.substr(0, split)));
  out.type_text = std::string(trim(cell.substr(split + 1)));
  if (out.type_text.empty()) return false;
  out.type_name = canonical_type_name(out.type_text);
  return true;
}

void parse_expected_block(const std::vector<std::string>& lines, SpecTest& t) {
  if (lines.empty()) return;  // no header: no columns, no rows
  for (const std::string& cell : split_table_line(lines[0])) {
    ExpectedColumn col;
    if (!split_header_cell(cell, col)) {
      t.error = "invalid header cell [" + std::string(trim(cell)) + "]";
      return;
    }
    t.columns.push_back(std::move(col));
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<ExpectedCell> row;
    for (const std::string& cell : split_table_line(lines[i])) row.push_back(parse_expected_cell(cell));
    if (row.size() != t.columns.size()) {
      t.error = "row " + std::to_string(i) + " has " + std::to_string(row.size()) + " cells, header has " +
                std::to_string(t.columns.size());
      return;
    }
    t.rows.push_back(std::move(row));
  }
}

}  // namespace

std::string canonical_type_name(std::string_view header_type) {
  const std::string n = lower(trim(header_type));
  if (n == "integer" || n == "i" || n == "int" || n == "short" || n == "byte") return "integer";
  if (n == "long" || n == "l") return "long";
  if (n == "unsigned_long" || n == "ul") return "unsigned_long";
  if (n == "double" || n == "d" || n == "float" || n == "half_float" || n == "scaled_float") return "double";
  if (n == "keyword" || n == "k" || n == "s" || n == "string") return "keyword";
  if (n == "text" || n == "txt") return "text";
  if (n == "boolean" || n == "bool") return "boolean";
  if (n == "date" || n == "dt" || n == "datetime") return "date";
  if (n == "date_nanos") return "date_nanos";
  if (n == "ip") return "ip";
  if (n == "version" || n == "v") return "version";
  if (n == "null" || n == "n") return "null";
  return n;
}

std::vector<std::string> split_table_line(std::string_view line) {
  std::vector<std::string> cells;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '|') {
      cells.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  cells.push_back(std::move(cur));
  return cells;
}

ExpectedCell parse_expected_cell(std::string_view raw) {
  ExpectedCell cell;
  std::string_view v = trim(raw);
  if (lower(v) == "null") {
    cell.is_null = true;
    return cell;
  }
  if (v.size() >= 2 && v.front() == '[' && v.back() == ']') {
    std::string_view inner = v.substr(1, v.size() - 2);
    std::vector<std::string> items;
    std::string cur;
    for (size_t i = 0; i < inner.size(); ++i) {
      if (inner[i] == ',' && !(i > 0 && inner[i - 1] == '\\')) {
        items.push_back(std::move(cur));
        cur.clear();
      } else {
        cur += inner[i];
      }
    }
    items.push_back(std::move(cur));
    for (auto& item : items) {
      std::string t(trim(item));
      std::string unescaped;
      for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == ',') continue;
        unescaped += t[i];
      }
      cell.values.push_back(std::move(unescaped));
    }
    cell.is_multi = cell.values.size() > 1;
    return cell;
  }
  cell.values.emplace_back(v);
  return cell;
}

Result<std::vector<SpecTest>> parse_spec(std::string_view text, const std::string& file) {
  std::vector<SpecTest> tests;
  enum class State { Name, Query, Results } state = State::Name;
  SpecTest cur;
  std::string query;
  std::vector<std::string> block;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line.starts_with("//") || line.starts_with("#")) continue;

    switch (state) {
      case State::Name: {
        cur = SpecTest{};
        cur.file = file;
        cur.ordinal = tests.size();
        cur.line = line_no;
        const size_t hash = line.find('#');
        cur.name = std::string(trim(line.substr(0, hash)));
        if (hash != std::string_view::npos) cur.instructions = std::string(trim(line.substr(hash + 1)));
        query.clear();
        state = State::Query;
        break;
      }
      case State::Query: {
        if (starts_with_ci(line, "required_capability:")) {
          cur.required_capabilities.emplace_back(trim(line.substr(std::string_view("required_capability:").size())));
          break;
        }
        bool directive = false;
        for (std::string_view d : kDirectives)
          if (starts_with_ci(line, d)) directive = true;
        if (directive) {
          cur.other_directives.emplace_back(line);
          break;
        }
        if (ends_with(line, "\\;")) {
          // `SET x = y\;` — a literal ';' and the query goes on.
          query.append(line.substr(0, line.size() - 2));
          query += ";\n";
        } else if (ends_with(line, ";")) {
          query.append(trim(line.substr(0, line.size() - 1)));
          cur.query = query;
          block.clear();
          state = State::Results;
        } else {
          query.append(line);
          query += '\n';
        }
        break;
      }
      case State::Results: {
        if (starts_with_ci(line, "warning:")) {
          cur.warnings.push_back(decode_regex_escapes(trim(line.substr(8))));
        } else if (starts_with_ci(line, "warningregex:")) {
          cur.warning_regexes.push_back(decode_regex_escapes(trim(line.substr(13))));
        } else if (starts_with_ci(line, "ignoreorder:")) {
          cur.ignore_order = lower(trim(line.substr(12))) == "true";
        } else if (line.starts_with(";")) {
          if (!cur.warnings.empty() && !cur.warning_regexes.empty())
            cur.error = "test mixes warning: and warningRegex:";
          else
            parse_expected_block(block, cur);
          tests.push_back(std::move(cur));
          state = State::Name;
        } else {
          block.emplace_back(line);
        }
        break;
      }
    }
    if (nl == text.size()) break;
  }
  if (state != State::Name)
    return Status::invalid_input(file + ":" + std::to_string(cur.line) + ": test [" + cur.name +
                                 "] has no complete body at end of file");
  return tests;
}

Result<std::vector<SpecTest>> read_spec_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  const size_t slash = path.find_last_of('/');
  return parse_spec(ss.str(), slash == std::string::npos ? path : path.substr(slash + 1));
}

}  // namespace trailhound::csvspec
