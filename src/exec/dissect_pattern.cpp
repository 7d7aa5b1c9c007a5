#include "exec/dissect_pattern.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace trailhound {

Result<DissectPattern> DissectPattern::parse(std::string_view p, std::string separator) {
  DissectPattern d;
  d.separator_ = std::move(separator);
  size_t i = 0;
  const size_t first = p.find("%{");
  if (first == std::string_view::npos)
    return Status::analysis_error(fmt::format("Invalid pattern [{}] for dissect: Unable to find any keys or delimiters.", p));
  d.prefix_ = std::string(p.substr(0, first));
  i = first;
  while (i < p.size()) {
    const size_t close = p.find('}', i + 2);
    if (close == std::string_view::npos)
      return Status::analysis_error(fmt::format("Invalid pattern [{}] for dissect: unterminated key", p));
    std::string_view body = p.substr(i + 2, close - i - 2);
    Key k;
    if (body.ends_with("->")) {
      k.right_pad = true;
      body.remove_suffix(2);
    }
    if (!body.empty() && (body[0] == '*' || body[0] == '&'))
      return Status::analysis_error(fmt::format("Invalid pattern [{}] for dissect: Reference keys not supported", p));
    if (body.empty()) {
      k.skip = true;
    } else if (body[0] == '?') {
      k.skip = true;
      k.name = std::string(body.substr(1));
    } else if (body[0] == '+') {
      k.append = true;
      body.remove_prefix(1);
      const size_t slash = body.find('/');
      if (slash != std::string_view::npos) {
        std::string_view n = body.substr(slash + 1);
        std::from_chars(n.data(), n.data() + n.size(), k.order);
        body = body.substr(0, slash);
      }
      k.name = std::string(body);
    } else {
      k.name = std::string(body);
    }
    size_t next = p.find("%{", close + 1);
    if (next == std::string_view::npos) next = p.size();
    k.delimiter = std::string(p.substr(close + 1, next - close - 1));
    if (!k.skip) {
      auto it = std::find(d.outputs_.begin(), d.outputs_.end(), k.name);
      if (it == d.outputs_.end()) {
        k.output = static_cast<int>(d.outputs_.size());
        d.outputs_.push_back(k.name);
      } else {
        k.output = static_cast<int>(it - d.outputs_.begin());
      }
    }
    d.keys_.push_back(std::move(k));
    i = next;
  }
  return d;
}

bool DissectPattern::match(std::string_view in, std::vector<std::string>& values) const {
  if (!in.starts_with(prefix_)) return false;
  size_t pos = prefix_.size();
  std::vector<std::string_view> raw(keys_.size());
  for (size_t k = 0; k < keys_.size(); ++k) {
    const Key& key = keys_[k];
    const bool last = k + 1 == keys_.size();
    if (key.delimiter.empty()) {
      if (!last) {
        raw[k] = std::string_view();  // adjacent keys: the earlier one is empty
        continue;
      }
      raw[k] = in.substr(pos);
      pos = in.size();
      break;
    }
    const size_t at = in.find(key.delimiter, pos);
    if (at == std::string_view::npos) return false;
    raw[k] = in.substr(pos, at - pos);
    pos = at + key.delimiter.size();
    if (key.right_pad)
      while (in.compare(pos, key.delimiter.size(), key.delimiter) == 0 && pos < in.size()) pos += key.delimiter.size();
  }
  values.assign(outputs_.size(), std::string());
  // Appended keys are joined in `/N` order, then pattern order.
  std::vector<size_t> order(keys_.size());
  for (size_t k = 0; k < keys_.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys_[a].order < keys_[b].order; });
  std::vector<bool> started(outputs_.size(), false);
  for (size_t k : order) {
    const Key& key = keys_[k];
    if (key.skip) continue;
    std::string& v = values[key.output];
    if (key.append && started[key.output]) {
      v += separator_;
      v += raw[k];
    } else {
      v = std::string(raw[k]);
    }
    started[key.output] = true;
  }
  return true;
}

}  // namespace trailhound
