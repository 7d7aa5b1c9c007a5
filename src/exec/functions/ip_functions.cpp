// CIDR_MATCH (§5 "IP").
#include <charconv>

#include "exec/functions/function_registry.h"
#include "exec/value_format.h"

namespace trailhound {

namespace {

struct Block {
  std::string prefix;  // 16 bytes
  int bits = 128;
};

std::optional<Block> parse_block(std::string_view s) {
  const size_t slash = s.find('/');
  std::string_view addr = s.substr(0, slash);
  auto ip = parse_ip(addr);
  if (!ip.ok()) return std::nullopt;
  const bool v4 = addr.find(':') == std::string_view::npos;
  int bits = v4 ? 32 : 128;
  if (slash != std::string_view::npos) {
    std::string_view n = s.substr(slash + 1);
    auto r = std::from_chars(n.data(), n.data() + n.size(), bits);
    if (r.ec != std::errc() || r.ptr != n.data() + n.size() || bits < 0 || bits > (v4 ? 32 : 128)) return std::nullopt;
  }
  return Block{ip.value(), v4 ? bits + 96 : bits};
}

bool in_block(std::string_view ip, const Block& b) {
  int bits = b.bits;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
    if ((static_cast<unsigned char>(ip[i]) & mask) != (static_cast<unsigned char>(b.prefix[i]) & mask)) return false;
  }
  return true;
}

Result<ExprP> bind_cidr_match(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() < 2) return arity_error(info, "at least two");
  auto c = coerce_string_literal(info, args[0], DataType::Ip);
  if (!c.ok()) return c.status();
  args[0] = c.value();
  if (args[0]->type() != DataType::Ip && args[0]->type() != DataType::Null)
    return arg_type_error(info, 0, args.size(), "ip", args[0]->type());
  for (size_t i = 1; i < args.size(); ++i)
    if (!is_string(args[i]->type()) && args[i]->type() != DataType::Null)
      return arg_type_error(info, i, args.size(), "string", args[i]->type());
  if (args[0]->type() == DataType::Null) return make_null_literal(DataType::Boolean, info.src);
  return ExprP(std::make_shared<FnExpr>(DataType::Boolean, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    // The blocks are nearly always literals: parse each constant list once per batch.
    std::vector<std::vector<Block>> constant_blocks(a.size());
    for (size_t i = 1; i < a.size(); ++i)
      if (a[i].constant)
        for (uint32_t k = a[i].begin(0), e = k + a[i].count(0); k < e; ++k)
          if (auto b = parse_block(a[i].c().str[k])) constant_blocks[i].push_back(*b);
    return map_rows(rows, DataType::Boolean, a, [&](Column& out, size_t r) {
      const uint32_t n = a[0].count(r);
      if (n == 0) return;
      if (n > 1) return ctx.warnings.failure(self.source(), kMultiValueFailure);
      std::string_view ip = a[0].c().str[a[0].begin(r)];
      for (size_t i = 1; i < a.size(); ++i) {
        if (a[i].constant) {
          for (const auto& b : constant_blocks[i])
            if (in_block(ip, b)) return out.push_i64(1);
          continue;
        }
        for (uint32_t k = a[i].begin(r), e = k + a[i].count(r); k < e; ++k)
          if (auto b = parse_block(a[i].c().str[k]); b && in_block(ip, *b)) return out.push_i64(1);
      }
      out.push_i64(0);
    });
  }));
}

}  // namespace

// IP_PREFIX and TO_IP (with options) live in ip_extra_functions.cpp.
void register_ip_extra_functions(FunctionTable& t);

void register_ip_functions(FunctionTable& t) {
  t.add("cidr_match", bind_cidr_match);
  register_ip_extra_functions(t);
}

}  // namespace trailhound
