// IP_PREFIX and TO_IP(s, {"leading_zeros": ...}) (§5 "IP").
#include <fmt/format.h>

#include "exec/functions/function_registry.h"

namespace trailhound {

void register_ip_extra_functions(FunctionTable& t);
Result<ExprP> bind_to_ip_leading_zeros(const CallInfo& info, ExprP arg, std::string_view mode);

namespace {

bool is_v4_mapped(std::string_view ip) {
  for (int i = 0; i < 10; ++i)
    if (ip[i] != 0) return false;
  return static_cast<unsigned char>(ip[10]) == 0xff && static_cast<unsigned char>(ip[11]) == 0xff;
}

// Keeps the first `bits` bits of bytes [from, 16) of `ip`.
void mask_bits(std::string& ip, size_t from, int64_t bits) {
  for (size_t i = from; i < 16; ++i, bits -= 8) {
    if (bits >= 8) continue;
    ip[i] = bits <= 0 ? 0 : static_cast<char>(static_cast<unsigned char>(ip[i]) & static_cast<unsigned char>(0xff << (8 - bits)));
  }
}

// IP_PREFIX(ip, v4_length, v6_length): both lengths are validated for every
// row (Elasticsearch checks v4 first), then the one matching the address
// family applies.
Result<ExprP> bind_ip_prefix(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 3) return arity_error(info, "three");
  if (args[0]->type() != DataType::Ip && args[0]->type() != DataType::Null)
    return arg_type_error(info, 0, 3, "ip", args[0]->type());
  for (size_t i = 1; i < 3; ++i) {
    const DataType t = args[i]->type();
    if (t != DataType::Integer && t != DataType::Null) return arg_type_error(info, i, 3, "integer", t);
  }
  for (const auto& a : args)
    if (a->type() == DataType::Null) return make_null_literal(DataType::Ip, info.src);
  return ExprP(std::make_shared<FnExpr>(DataType::Ip, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
    return map_single(self, ctx, rows, DataType::Ip, a, [&](Column& out, const uint32_t* vi) {
      const int64_t v4 = a[1].c().i64[vi[1]], v6 = a[2].c().i64[vi[2]];
      if (v4 < 0 || v4 > 32)
        return ctx.warnings.failure(self.source(), fmt::format("java.lang.IllegalArgumentException: Prefix length v4 must be in range [0, 32], found {}", v4));
      if (v6 < 0 || v6 > 128)
        return ctx.warnings.failure(self.source(), fmt::format("java.lang.IllegalArgumentException: Prefix length v6 must be in range [0, 128], found {}", v6));
      std::string ip(a[0].c().str[vi[0]]);
      if (is_v4_mapped(ip)) mask_bits(ip, 12, v4);
      else mask_bits(ip, 0, v6);
      out.push_str(ip);
    });
  }));
}

// Rewrites the octets of a dotted-quad IPv4 text: "decimal" drops leading
// zeros, "octal" reads a leading-zero octet as octal. Other texts unchanged.
std::string normalize_leading_zeros(std::string_view s, bool octal) {
  std::string out;
  size_t parts = 0, i = 0;
  while (i <= s.size()) {
    size_t j = s.find('.', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view part = s.substr(i, j - i);
    if (part.empty() || part.size() > 4 || part.find_first_not_of("0123456789") != std::string_view::npos)
      return std::string(s);
    unsigned value = 0;
    const bool lead = part.size() > 1 && part[0] == '0';
    for (char c : part) {
      if (octal && lead && c > '7') return std::string(s);
      value = value * (octal && lead ? 8 : 10) + static_cast<unsigned>(c - '0');
    }
    if (parts++) out += '.';
    out += std::to_string(value);
    i = j + 1;
  }
  return parts == 4 ? out : std::string(s);
}

}  // namespace

Result<ExprP> bind_to_ip_leading_zeros(const CallInfo& info, ExprP arg, std::string_view mode) {
  if (mode != "reject" && mode != "decimal" && mode != "octal")
    return Status::analysis_error(fmt::format("{}Illegal leading_zeros [{}]", where(info), mode));
  if (mode == "reject" || !is_string(arg->type())) return bind_conversion(info, arg, DataType::Ip);
  const bool octal = mode == "octal";
  ExprP normalized = std::make_shared<FnExpr>(
      DataType::Keyword, arg->source(), std::vector<ExprP>{arg},
      [octal](const FnExpr&, const std::vector<Vec>& a, size_t rows, EvalContext&) {
        return map_rows(rows, DataType::Keyword, a, [&](Column& out, size_t r) {
          for (uint32_t k = a[0].begin(r), e = k + a[0].count(r); k < e; ++k)
            out.push_str(normalize_leading_zeros(a[0].c().str[k], octal));
        });
      });
  return bind_conversion(info, normalized, DataType::Ip);
}

namespace {

// TO_IP(x[, {"leading_zeros": "reject" | "decimal" | "octal"}]).
Result<ExprP> bind_to_ip(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  std::string mode = "reject";
  for (const auto& [k, v] : info.options) {
    if (k != "leading_zeros")
      return Status::analysis_error(fmt::format("{}Invalid option [{}] in [{}], expected one of [leading_zeros]",
                                                where(info), k, info.src.text));
    mode = v;
  }
  return bind_to_ip_leading_zeros(info, args[0], mode);
}

}  // namespace

void register_ip_extra_functions(FunctionTable& t) {
  t.add("ip_prefix", bind_ip_prefix);
  t.add("to_ip", bind_to_ip);
}

}  // namespace trailhound
