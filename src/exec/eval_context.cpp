#include "exec/eval_context.h"

#include <fmt/format.h>

namespace trailhound {

namespace {
std::string escape_quotes(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}
}  // namespace

void Warnings::add(std::string text) {
  if (seen_.insert(text).second) list_.push_back(std::move(text));
}

void Warnings::failure(const WarningSource& src, std::string_view message, bool as_false) {
  int& n = failures_[&src];
  if (n >= 20) return;
  if (n == 0)
    add(fmt::format("Line {}:{}: evaluation of [{}] failed, treating result as {}. Only first 20 failures recorded.",
                    src.line, src.column, escape_quotes(src.text), as_false ? "false" : "null"));
  ++n;
  add(fmt::format("Line {}:{}: {}", src.line, src.column, escape_quotes(message)));
}

}  // namespace trailhound
