#include "csv_spec/dataset_loader.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "csv_spec/typed_text.h"
#include "exec/batch_builder.h"

namespace trailhound::csvspec {

namespace {

// ---------------------------------------------------------------------------
// The catalogue (§8.3): index → files and Elastic's per-index mapping changes.

struct DatasetDef {
  std::string index;
  std::string csv;       // "" = no data (mapping only)
  std::string mapping;   // "" = the CSV header is the schema
  std::map<std::string, std::string> retype;  // field → new ES type
  std::vector<std::string> remove;            // fields dropped from the mapping (dynamic: false)
};

const std::vector<DatasetDef>& catalogue() {
  static const std::vector<DatasetDef> defs = {
      {"employees", "employees.csv", "mapping-default.json", {}, {}},
      {"employees_no_names", "employees.csv", "mapping-default.json", {}, {"first_name", "last_name"}},
      {"employees_gender_text", "employees.csv", "mapping-default.json", {{"gender", "text"}}, {}},
      {"employees_no_gender", "employees.csv", "mapping-default.json", {}, {"gender"}},
      {"sample_data", "sample_data.csv", "", {}, {}},
      {"sample_data_str", "sample_data.csv", "", {{"client_ip", "keyword"}}, {}},
      {"sample_data_ts_nanos", "sample_data_ts_nanos.csv", "", {{"@timestamp", "date_nanos"}}, {}},
      {"mv_sample_data", "mv_sample_data.csv", "mapping-mv_sample_data.json", {}, {}},
      {"hosts", "hosts.csv", "", {}, {}},
      {"hosts_ip_is_kwd", "hosts.csv", "", {{"ip0", "keyword"}, {"ip1", "keyword"}}, {}},
      {"apps", "apps.csv", "mapping-apps.json", {}, {}},
      {"apps_short", "apps.csv", "mapping-apps.json", {{"id", "short"}}, {}},
      {"ul_logs", "ul_logs.csv", "", {}, {}},
      {"addresses", "addresses.csv", "mapping-addresses.json", {}, {}},
      {"languages", "languages.csv", "", {}, {}},
      {"languages_lookup", "languages.csv", "", {}, {}},
      {"message_types", "message_types.csv", "mapping-message_types.json", {}, {}},
      {"message_types_lookup", "message_types.csv", "mapping-message_types.json", {}, {}},
      {"mv_text", "mv_text.csv", "mapping-mv_text.json", {}, {}},
      {"logs", "logs.csv", "mapping-logs.json", {}, {}},
      {"wide", "wide.csv", "mapping-wide.json", {}, {}},
      {"event_alerts", "event_alerts.csv", "mapping-event_alerts.json", {}, {}},
      {"event_logs", "event_logs.csv", "mapping-event_logs.json", {}, {}},
      {"event_empty", "", "mapping-event_empty.json", {}, {}},
      {"date_extract_fields", "date_extract_fields.csv", "mapping-date_extract_fields.json", {}, {}},
      {"date_fn_fields", "date_fn_fields.csv", "mapping-date_fn_fields.json", {}, {}},
      {"conv_from_keyword", "conv_from_keyword.csv", "mapping-conv_from_keyword.json", {}, {}},
  };
  return defs;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

// ---------------------------------------------------------------------------
// Mapping JSON → MappedField list.

void walk_properties(simdjson::dom::object props, const std::string& prefix, std::vector<MappedField>& out) {
  for (auto [key, value] : props) {
    const std::string name = prefix + std::string(key);
    simdjson::dom::object def;
    if (value.get(def)) continue;
    simdjson::dom::object sub_props;
    if (!def["properties"].get(sub_props)) {
      walk_properties(sub_props, name + ".", out);
      continue;
    }
    MappedField f;
    f.name = name;
    std::string_view type;
    f.es_type = def["type"].get(type) ? "object" : std::string(type);
    double sf = 0;
    if (!def["scaling_factor"].get(sf)) f.scaling_factor = sf;
    int64_t ia = 0;
    if (!def["ignore_above"].get(ia)) f.ignore_above = ia;
    std::string_view constant;
    if (!def["value"].get(constant)) {
      f.constant = std::string(constant);
      f.has_constant = true;
    }
    out.push_back(f);
    simdjson::dom::object multi;
    if (!def["fields"].get(multi)) {
      for (auto [sub_key, sub_value] : multi) {
        simdjson::dom::object sub_def;
        if (sub_value.get(sub_def)) continue;
        MappedField s;
        s.name = name + "." + std::string(sub_key);
        std::string_view sub_type;
        s.es_type = sub_def["type"].get(sub_type) ? "object" : std::string(sub_type);
        if (!sub_def["scaling_factor"].get(sf)) s.scaling_factor = sf;
        if (!sub_def["ignore_above"].get(ia)) s.ignore_above = ia;
        s.parent = name;
        out.push_back(s);
      }
    }
  }
}

Result<std::vector<MappedField>> read_mapping(const std::string& path) {
  auto text = read_file(path);
  if (!text.ok()) return text.status();
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(text.value()).get(root)) return Status::parse_error(path + ": " + simdjson::error_message(err));
  simdjson::dom::object props;
  if (root["properties"].get(props)) return Status::parse_error(path + ": no properties");
  std::vector<MappedField> fields;
  walk_properties(props, "", fields);
  return fields;
}

// ---------------------------------------------------------------------------
// Value conversion as Elasticsearch indexes it.

bool is_keyword_like(std::string_view t) { return t == "keyword" || t == "constant_keyword" || t == "wildcard"; }

// Converts one trimmed text value for `f`; false if ES would reject it (the
// value is then left out, as with ignore_malformed — the suite has none).
bool convert_value(const MappedField& f, std::string_view v, DocValue& out) {
  const std::string& t = f.es_type;
  using C = DocValue::Call;
  if (is_keyword_like(t) || t == "text" || t == "match_only_text" || t == "version") {
    if (f.ignore_above >= 0 && static_cast<int64_t>(v.size()) > f.ignore_above) return false;
    out.call = C::Keyword;
    out.text = std::string(v);
    return true;
  }
  if (t == "integer" || t == "short" || t == "byte" || t == "long") {
    out.call = C::Long;
    if (auto i = parse_int64(v)) {
      out.i = *i;
      return true;
    }
    // Numeric fields coerce decimals by truncation.
    if (auto d = parse_java_double(v); d && std::isfinite(*d)) {
      out.i = static_cast<int64_t>(std::trunc(*d));
      return true;
    }
    return false;
  }
  if (t == "unsigned_long") {
    auto u = parse_uint64(v);
    if (!u) return false;
    out.call = C::Long;
    out.i = static_cast<int64_t>(*u);  // the engine's UnsignedLong storage: the bit pattern
    return true;
  }
  if (t == "double" || t == "float" || t == "half_float" || t == "scaled_float") {
    auto d = parse_java_double(v);
    if (!d) return false;
    out.call = C::Double;
    if (t == "float") out.d = as_float32(*d);
    else if (t == "half_float") out.d = as_half_float(*d);
    else if (t == "scaled_float") out.d = as_scaled_float(*d, f.scaling_factor > 0 ? f.scaling_factor : 1);
    else out.d = *d;
    return true;
  }
  if (t == "boolean") {
    if (v != "true" && v != "false") return false;
    out.call = C::Boolean;
    out.i = v == "true";
    return true;
  }
  if (t == "date") {
    out.call = C::Datetime;
    if (auto t = parse_iso_instant(v)) {
      out.i = t->seconds * 1000 + t->nanos / 1000000;  // date fields store milliseconds
      return true;
    }
    if (auto ms = parse_int64(v)) {  // epoch_millis
      out.i = *ms;
      return true;
    }
    return false;
  }
  if (t == "date_nanos") {
    // FieldSink has no nanosecond call; the text is the most faithful input.
    if (!parse_iso_nanos(v)) return false;
    out.call = C::Keyword;
    out.text = std::string(v);
    return true;
  }
  if (t == "ip") {
    auto ip = parse_ip16(v);
    if (!ip) return false;
    out.call = C::Ip;
    out.text = *ip;
    return true;
  }
  return false;  // unsupported types (geo, ranges, vectors...) are not loaded
}

void emit(ecs::FieldSink& sink, std::string_view field, const DocValue& v) {
  switch (v.call) {
    case DocValue::Call::Keyword: sink.keyword(field, v.text); break;
    case DocValue::Call::Long: sink.long_value(field, v.i); break;
    case DocValue::Call::Double: sink.double_value(field, v.d); break;
    case DocValue::Call::Boolean: sink.boolean(field, v.i != 0); break;
    case DocValue::Call::Datetime: sink.datetime(field, v.i); break;
    case DocValue::Call::Ip: sink.ip(field, v.text); break;
  }
}

// What a column position should hold for `values` of type `type`, as text
// tokens, in doc-values order — used only to verify BatchBuilder's output.
std::vector<std::string> expected_tokens(DataType type, const std::vector<DocValue>& values) {
  std::vector<std::string> out;
  for (const DocValue& v : values) {
    switch (type) {
      case DataType::Double: {
        uint64_t bits;
        std::memcpy(&bits, &v.d, 8);
        out.push_back(std::to_string(bits));
        break;
      }
      case DataType::DateNanos: out.push_back(std::to_string(*parse_iso_nanos(v.text))); break;
      case DataType::Integer:
      case DataType::Long:
      case DataType::UnsignedLong:
      case DataType::Boolean:
      case DataType::Datetime: out.push_back(std::to_string(v.i)); break;
      default: out.push_back(v.text);
    }
  }
  if (type == DataType::Text) return out;
  if (type == DataType::Double) {
    std::vector<double> ds;
    for (const DocValue& v : values) ds.push_back(v.d);
    std::sort(ds.begin(), ds.end());
    out.clear();
    for (double d : ds) {
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      out.push_back(std::to_string(bits));
    }
    return out;
  }
  if (type == DataType::Keyword || type == DataType::Ip || type == DataType::Version) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  std::vector<int64_t> is;
  for (const auto& s : out) is.push_back(std::stoll(s));
  if (type == DataType::UnsignedLong)
    std::sort(is.begin(), is.end(), [](int64_t a, int64_t b) { return static_cast<uint64_t>(a) < static_cast<uint64_t>(b); });
  else
    std::sort(is.begin(), is.end());
  out.clear();
  for (int64_t i : is) out.push_back(std::to_string(i));
  return out;
}

std::vector<std::string> actual_tokens(const Column& c, size_t row) {
  std::vector<std::string> out;
  for (uint32_t vi = c.begin(row); vi < c.begin(row) + c.count(row); ++vi) {
    if (c.type == DataType::Double) {
      uint64_t bits;
      std::memcpy(&bits, &c.f64[vi], 8);
      out.push_back(std::to_string(bits));
    } else if (is_int64_backed(c.type)) {
      out.push_back(std::to_string(c.i64[vi]));
    } else if (c.type != DataType::Null) {
      out.emplace_back(c.str[vi]);
    }
  }
  return out;
}

Result<IndexData> load_index(const std::string& dir, const DatasetDef& def) {
  IndexData idx;
  idx.name = def.index;
  idx.source = def.csv.empty() ? def.mapping : def.mapping.empty() ? def.csv : def.csv + " + " + def.mapping;

  // Data CSV: header + rows of raw text values.
  std::vector<std::pair<std::string, std::string>> header;  // name, ES type
  std::vector<std::vector<std::string>> rows;
  if (!def.csv.empty()) {
    auto text = read_file(dir + "/" + def.csv);
    if (!text.ok()) return text.status();
    std::string_view all = text.value();
    size_t pos = 0;
    int line_no = 0;
    while (pos < all.size()) {
      size_t nl = all.find('\n', pos);
      if (nl == std::string_view::npos) nl = all.size();
      std::string_view line = trim(all.substr(pos, nl - pos));
      pos = nl + 1;
      ++line_no;
      if (line.empty() || line.starts_with("//")) continue;
      auto cells = split_data_line(line);
      if (header.empty()) {
        for (const auto& c : cells) {
          const size_t colon = c.find(':');
          if (colon == std::string::npos) return Status::invalid_input(def.csv + ": header cell without type [" + c + "]");
          header.emplace_back(std::string(trim(std::string_view(c).substr(0, colon))),
                              std::string(trim(std::string_view(c).substr(colon + 1))));
        }
        continue;
      }
      if (cells.size() != header.size())
        return Status::invalid_input(def.csv + ":" + std::to_string(line_no) + ": " + std::to_string(cells.size()) +
                                     " values, header has " + std::to_string(header.size()));
      rows.push_back(std::move(cells));
    }
  }

  // Fields: mapping if any, else the header.
  if (!def.mapping.empty()) {
    auto m = read_mapping(dir + "/" + def.mapping);
    if (!m.ok()) return m.status();
    idx.fields = std::move(m.value());
  } else {
    for (const auto& [name, type] : header) {
      MappedField f;
      f.name = name;
      f.es_type = type;
      if (type == "scaled_float") f.scaling_factor = 100;
      idx.fields.push_back(f);
    }
  }
  for (auto& f : idx.fields)
    if (auto it = def.retype.find(f.name); it != def.retype.end()) f.es_type = it->second;
  std::erase_if(idx.fields, [&](const MappedField& f) {
    for (const auto& r : def.remove)
      if (f.name == r || f.parent == r) return true;
    return false;
  });
  std::erase_if(idx.fields, [](const MappedField& f) { return f.es_type == "object"; });
  for (const auto& f : idx.fields) idx.schema.add(f.name, esql_type_of(f.es_type));

  // Documents.
  std::map<std::string, size_t> column_of;
  for (size_t i = 0; i < header.size(); ++i) column_of[header[i].first] = i;
  for (const auto& row : rows) {
    Document doc;
    for (const MappedField& f : idx.fields) {
      DocField df;
      df.name = f.name;
      std::string raw;
      if (auto it = column_of.find(f.name); it != column_of.end()) {
        raw = row[it->second];
      } else if (!f.parent.empty()) {
        // A multi-field the CSV does not list: ES derives it from the parent value.
        if (auto p = column_of.find(f.parent); p != column_of.end()) {
          raw = row[p->second];
        }
      }
      if (!raw.empty()) {
        for (const std::string& item : split_multi_value(raw)) {
          DocValue v;
          if (!item.empty() && convert_value(f, item, v)) df.values.push_back(std::move(v));
        }
      }
      if (df.values.empty() && f.has_constant) {
        DocValue v;
        v.text = f.constant;
        df.values.push_back(std::move(v));
      }
      if (!df.values.empty()) doc.push_back(std::move(df));
    }
    idx.docs.push_back(std::move(doc));
  }
  return idx;
}

// Pushes every document through BatchBuilder once and records the fields
// whose values did not come out as loaded.
void verify_with_batch_builder(IndexData& idx) {
  if (idx.docs.empty()) return;
  BatchBuilder builder(idx.schema.fields());
  for (const Document& doc : idx.docs) {
    builder.begin_document();
    for (const DocField& f : doc)
      for (const DocValue& v : f.values) emit(builder, f.name, v);
    builder.end_document();
  }
  Batch batch = builder.take();
  for (const MappedField& f : idx.fields) {
    const int ci = batch.find(f.name);
    if (ci < 0) continue;
    const Column& col = *batch.columns[ci].column;
    const DataType type = esql_type_of(f.es_type);
    if (type == DataType::Unsupported) continue;
    size_t bad = 0;
    std::string example;
    for (size_t r = 0; r < idx.docs.size(); ++r) {
      std::vector<DocValue> values;
      for (const DocField& df : idx.docs[r])
        if (df.name == f.name) values = df.values;
      auto want = expected_tokens(type, values);
      auto got = actual_tokens(col, r);
      if (want != got) {
        if (bad++ == 0) {
          example = "doc " + std::to_string(r) + ": loaded " + std::to_string(want.size()) + " value(s)";
          if (!want.empty()) example += " [" + (values.empty() || values[0].call == DocValue::Call::Ip ? std::string("ip") : want[0]) + "]";
          example += ", BatchBuilder kept " + std::to_string(got.size());
          if (!got.empty() && col.type != DataType::Ip) example += " [" + got[0] + "]";
        }
      }
    }
    if (bad)
      idx.load_notes[f.name] = "BatchBuilder cannot carry " + f.es_type + " values faithfully (" + std::to_string(bad) +
                               " docs differ; " + example + ")";
  }
}

}  // namespace

DataType esql_type_of(std::string_view t) {
  if (is_keyword_like(t)) return DataType::Keyword;
  if (t == "text" || t == "match_only_text") return DataType::Text;
  if (t == "integer" || t == "short" || t == "byte") return DataType::Integer;
  if (t == "long") return DataType::Long;
  if (t == "unsigned_long") return DataType::UnsignedLong;
  if (t == "double" || t == "float" || t == "half_float" || t == "scaled_float") return DataType::Double;
  if (t == "boolean") return DataType::Boolean;
  if (t == "date") return DataType::Datetime;
  if (t == "date_nanos") return DataType::DateNanos;
  if (t == "ip") return DataType::Ip;
  if (t == "version") return DataType::Version;
  return DataType::Unsupported;
}

std::vector<std::string> split_data_line(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  int brackets = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\\' && i + 1 < line.size() && line[i + 1] == ',') {
      // Keep the escape: multi-value splitting unescapes it later.
      cur += "\\,";
      ++i;
      continue;
    }
    if (c == '"') {
      quoted = !quoted;
      continue;
    }
    if (!quoted) {
      if (c == '[' && trim(cur).empty()) ++brackets;
      else if (c == ']' && brackets > 0) --brackets;
      else if (c == ',' && brackets == 0) {
        out.emplace_back(trim(cur));
        cur.clear();
        continue;
      }
    }
    cur += c;
  }
  out.emplace_back(trim(cur));
  // A value that is not a multi-value gets its `\,` escapes resolved here.
  for (auto& v : out) {
    if (v.size() >= 2 && v.front() == '[' && v.back() == ']') continue;
    std::string u;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '\\' && i + 1 < v.size() && v[i + 1] == ',') continue;
      u += v[i];
    }
    v = std::move(u);
  }
  return out;
}

std::vector<std::string> split_multi_value(std::string_view value) {
  std::vector<std::string> items;
  if (!(value.size() >= 2 && value.front() == '[' && value.back() == ']')) {
    items.emplace_back(value);
    return items;
  }
  std::string_view inner = value.substr(1, value.size() - 2);
  std::string cur;
  for (size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size() && inner[i + 1] == ',') {
      cur += ',';
      ++i;
    } else if (inner[i] == ',') {
      items.emplace_back(trim(cur));
      cur.clear();
    } else {
      cur += inner[i];
    }
  }
  items.emplace_back(trim(cur));
  return items;
}

Result<Datasets> Datasets::load(const std::string& dir) {
  Datasets ds;
  for (const DatasetDef& def : catalogue()) {
    auto idx = load_index(dir, def);
    if (!idx.ok()) return Status(idx.status());
    verify_with_batch_builder(idx.value());
    ds.catalog_.add_index(def.index, idx.value().schema);
    ds.indices_.emplace(def.index, std::move(idx.value()));
  }
  return ds;
}

const IndexData* Datasets::find(std::string_view index) const {
  auto it = indices_.find(index);
  return it == indices_.end() ? nullptr : &it->second;
}

Batch Datasets::batch(std::string_view index, const std::vector<SchemaField>& fields) const {
  BatchBuilder builder(fields);
  if (const IndexData* idx = find(index)) {
    // Metadata fields the engine asks for: every document was indexed once
    // (_version 1); _id is auto-generated by ES (random), here the position.
    const bool want_version = builder.wants("_version"), want_id = builder.wants("_id");
    for (size_t i = 0; i < idx->docs.size(); ++i) {
      builder.begin_document();
      for (const DocField& f : idx->docs[i])
        if (builder.wants(f.name))
          for (const DocValue& v : f.values) emit(builder, f.name, v);
      if (want_version) builder.long_value("_version", 1);
      if (want_id) builder.keyword("_id", idx->name + "-" + std::to_string(i));
      builder.end_document();
    }
  }
  return builder.take();
}

}  // namespace trailhound::csvspec
