// Encoding functions: URL_DECODE, URL_ENCODE, URL_ENCODE_COMPONENT,
// FROM_BASE64, TO_BASE64 (single-value string functions, keyword result).
//
// URL_DECODE follows java.net.URLDecoder (UTF-8): `+` is a space, `%XX` a
// byte; a malformed escape is a failure (null + warning). URL_ENCODE follows
// URLEncoder (space → `+`), URL_ENCODE_COMPONENT RFC 3986 (space → `%20`).
// FROM_BASE64 accepts standard base64 with or without padding (Java's basic
// decoder); invalid input is a failure.
#include <fmt/format.h>

#include "exec/functions/function_registry.h"

namespace trailhound {

namespace {

int hex_val(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> url_decode(std::string_view s, std::string& err) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) {
        err = "java.lang.IllegalArgumentException: URLDecoder: Incomplete trailing escape (%25) pattern";
        return std::nullopt;
      }
      const int h = hex_val(s[i + 1]), l = hex_val(s[i + 2]);
      if (h < 0 || l < 0) {
        err = "java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%25) pattern - Error at index 0 in: \"" +
              std::string(s.substr(i + 1, 2)) + "\"";
        return std::nullopt;
      }
      out += static_cast<char>(h * 16 + l);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string url_encode(std::string_view s, bool component) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.' || (component ? c == '~' : c == '*');
    if (plain) out += static_cast<char>(c);
    else if (c == ' ' && !component) out += '+';
    else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string to_base64(std::string_view s) {
  static const char* kAlpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    const uint32_t v = (uint8_t(s[i]) << 16) | (uint8_t(s[i + 1]) << 8) | uint8_t(s[i + 2]);
    out += kAlpha[v >> 18];
    out += kAlpha[(v >> 12) & 63];
    out += kAlpha[(v >> 6) & 63];
    out += kAlpha[v & 63];
  }
  if (i < s.size()) {
    uint32_t v = uint8_t(s[i]) << 16;
    if (i + 1 < s.size()) v |= uint8_t(s[i + 1]) << 8;
    out += kAlpha[v >> 18];
    out += kAlpha[(v >> 12) & 63];
    out += i + 1 < s.size() ? kAlpha[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> from_base64(std::string_view s, std::string& err) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] != '='; ++i) {
    const int v = val(s[i]);
    if (v < 0) {
      err = fmt::format("java.lang.IllegalArgumentException: Illegal base64 character {:x}", static_cast<unsigned char>(s[i]));
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  if (bits == 6) {
    err = "java.lang.IllegalArgumentException: Last unit does not have enough valid bits";
    return std::nullopt;
  }
  return out;
}

template <int Kind>  // 0 url_decode, 1 url_encode, 2 url_encode_component, 3 from_base64, 4 to_base64
Result<ExprP> bind_codec(const CallInfo& info, std::vector<ExprP>& args) {
  if (args.size() != 1) return arity_error(info, "one");
  if (!is_string(args[0]->type()) && args[0]->type() != DataType::Null)
    return arg_type_error(info, 0, 1, "string", args[0]->type());
  if (args[0]->type() == DataType::Null) return make_null_literal(DataType::Keyword, info.src);
  return ExprP(std::make_shared<FnExpr>(
      DataType::Keyword, info.src, args, [](const FnExpr& self, const std::vector<Vec>& a, size_t rows, EvalContext& ctx) {
        std::string err;
        return map_single(self, ctx, rows, DataType::Keyword, a, [&](Column& out, const uint32_t* vi) {
          std::string_view s = a[0].c().str[vi[0]];
          if constexpr (Kind == 1 || Kind == 2) {
            out.push_str(url_encode(s, Kind == 2));
          } else if constexpr (Kind == 4) {
            out.push_str(to_base64(s));
          } else {
            auto r = Kind == 0 ? url_decode(s, err) : from_base64(s, err);
            if (r) out.push_str(*r);
            else ctx.warnings.failure(self.source(), err);
          }
        });
      }));
}

}  // namespace

void register_encoding_functions(FunctionTable& t) {
  t.add("url_decode", bind_codec<0>);
  t.add("url_encode", bind_codec<1>);
  t.add("url_encode_component", bind_codec<2>);
  t.add("from_base64", bind_codec<3>);
  t.add("to_base64", bind_codec<4>);
}

}  // namespace trailhound
