// Unit tests of the ES|QL lexer + parser (esql-semantics.md §1–2).
#include <gtest/gtest.h>

#include <charconv>
#include <random>
#include <string>

#include "esql/parser.h"

namespace trailhound::esql {
namespace {

std::string dump_value(const Column& c) {
  std::string out;
  size_t n = c.value_count();
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ",";
    switch (c.type) {
      case DataType::Double: {
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof buf, c.f64[i]);
        out.append(buf, r.ptr);
        break;
      }
      case DataType::UnsignedLong: out += std::to_string(static_cast<uint64_t>(c.i64[i])); break;
      case DataType::Boolean: out += c.i64[i] ? "true" : "false"; break;
      case DataType::Keyword: out += "\"" + std::string(c.str[i]) + "\""; break;
      default: out += std::to_string(c.i64[i]); break;
    }
  }
  std::string type(type_name(c.type));
  if (c.type == DataType::Null) return "null";
  return type + ":" + (n > 1 ? "[" + out + "]" : out);
}

const char* op_name(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Neq: return "!=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Lte: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Gte: return ">=";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
  }
  return "?";
}

const char* unit_name(TimeUnit u) {
  switch (u) {
    case TimeUnit::Millisecond: return "ms";
    case TimeUnit::Second: return "s";
    case TimeUnit::Minute: return "min";
    case TimeUnit::Hour: return "h";
    case TimeUnit::Day: return "d";
    case TimeUnit::Week: return "w";
    case TimeUnit::Month: return "mo";
    case TimeUnit::Quarter: return "q";
    case TimeUnit::Year: return "y";
  }
  return "?";
}

// Compact S-expression of a tree, to assert structure (precedence) exactly.
std::string dump(const Expr& e) {
  auto args = [&](size_t from) {
    std::string s;
    for (size_t i = from; i < e.args.size(); ++i) s += " " + dump(*e.args[i]);
    return s;
  };
  switch (e.kind) {
    case ExprKind::Literal: return dump_value(e.value);
    case ExprKind::TimeSpan: return "span:" + std::to_string(e.span.amount) + unit_name(e.span.unit);
    case ExprKind::Column: return e.name;
    case ExprKind::Call: {
      std::string s = e.name + "(";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + dump(*e.args[i]);
      for (const auto& o : e.options) s += "; " + o.key + "=" + dump(*o.value);
      return s + ")";
    }
    case ExprKind::Binary: return std::string("(") + op_name(e.binary_op) + args(0) + ")";
    case ExprKind::Unary:
      return std::string("(") + (e.unary_op == UnaryOp::Neg ? "neg" : "not") + args(0) + ")";
    case ExprKind::In: return std::string("(") + (e.negated ? "notin" : "in") + args(0) + ")";
    case ExprKind::IsNull: return std::string("(") + (e.negated ? "isnotnull" : "isnull") + args(0) + ")";
    case ExprKind::Like:
    case ExprKind::RLike: {
      std::string s = std::string("(") + (e.negated ? "not" : "") +
                      (e.kind == ExprKind::Like ? "like" : "rlike") + args(0);
      for (const auto& p : e.patterns) s += " '" + p + "'";
      return s + ")";
    }
    case ExprKind::Cast: return "(cast" + args(0) + " " + e.name + ")";
    case ExprKind::Param: return "?" + e.name;
    case ExprKind::Match: return "(match " + dump(*e.args[0]) + " '" + e.query + "')";
  }
  return "?";
}

Query parse_ok(std::string_view q) {
  auto r = parse_query(q);
  EXPECT_TRUE(r.ok()) << q << "\n  -> " << r.status().message();
  if (!r.ok()) return Query{};
  return std::move(r.value());
}

std::string parse_error(std::string_view q) {
  auto r = parse_query(q);
  EXPECT_FALSE(r.ok()) << q;
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), Status::Code::ParseError);
  return r.status().message();
}

// The tree of `expr` as the condition of a WHERE.
std::string where(std::string_view expr) {
  Query q = parse_ok("FROM t | WHERE " + std::string(expr));
  if (q.commands.size() != 2) return "<no parse>";
  return dump(*std::get<WhereCommand>(q.commands[1].body).condition);
}

// The single expression of `ROW x = <expr>`.
const Expr& row_expr(const Query& q) {
  return *std::get<RowCommand>(q.commands.at(0).body).fields.at(0).expr;
}
std::string row(std::string_view expr) {
  Query q = parse_ok("ROW x = " + std::string(expr));
  if (q.commands.empty()) return "<no parse>";
  return dump(row_expr(q));
}

// ---------------------------------------------------------------------------
// Operators and precedence (§1.6)

TEST(EsqlParserPrecedence, Arithmetic) {
  EXPECT_EQ(row("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(row("a * b + c"), "(+ (* a b) c)");
  EXPECT_EQ(row("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(row("a / b % c"), "(% (/ a b) c)");
  EXPECT_EQ(row("(a + b) * c"), "(* (+ a b) c)");
  EXPECT_EQ(row("-a * b"), "(* (neg a) b)");
  EXPECT_EQ(row("a - -b"), "(- a (neg b))");
  EXPECT_EQ(row("1 - 1"), "(- integer:1 integer:1)");
  EXPECT_EQ(row("+a"), "a");
}

TEST(EsqlParserPrecedence, CastBindsTightest) {
  EXPECT_EQ(row("-x::long"), "(neg (cast x long))");
  EXPECT_EQ(row("a + b::double"), "(+ a (cast b double))");
  EXPECT_EQ(row("x::long::DOUBLE"), "(cast (cast x long) double)");
  EXPECT_EQ(row("(a + b)::long"), "(cast (+ a b) long)");
  EXPECT_EQ(row("\"1.2.3.4\"::ip"), "(cast keyword:\"1.2.3.4\" ip)");
  // A sign directly before a number belongs to the literal.
  EXPECT_EQ(row("-1::long"), "(cast integer:-1 long)");
}

TEST(EsqlParserPrecedence, Boolean) {
  EXPECT_EQ(where("a OR b AND c"), "(or a (and b c))");
  EXPECT_EQ(where("a AND b OR c"), "(or (and a b) c)");
  EXPECT_EQ(where("NOT a AND b"), "(and (not a) b)");
  EXPECT_EQ(where("NOT NOT a"), "(not (not a))");
  EXPECT_EQ(where("a == 1 OR b != 2 and c >= 3"), "(or (== a integer:1) (and (!= b integer:2) (>= c integer:3)))");
  EXPECT_EQ(where("a + 1 > b * 2"), "(> (+ a integer:1) (* b integer:2))");
  EXPECT_EQ(where("not a == b"), "(not (== a b))");
  EXPECT_EQ(where("(a or b) and c"), "(and (or a b) c)");
}

TEST(EsqlParserPrecedence, Predicates) {
  EXPECT_EQ(where("x IN (1, 2)"), "(in x integer:1 integer:2)");
  EXPECT_EQ(where("x NOT IN (\"a\", b)"), "(notin x keyword:\"a\" b)");
  EXPECT_EQ(where("NOT x IN (1)"), "(not (in x integer:1))");
  EXPECT_EQ(where("x + 1 in (a * 2, 3)"), "(in (+ x integer:1) (* a integer:2) integer:3)");
  EXPECT_EQ(where("true in (starts_with(a, \"D\"), b)"),
            "(in boolean:true starts_with(a, keyword:\"D\") b)");
  EXPECT_EQ(where("x IS NULL"), "(isnull x)");
  EXPECT_EQ(where("x is not null AND y IS NULL"), "(and (isnotnull x) (isnull y))");
  EXPECT_EQ(where("a == b IS NULL"), "(isnull (== a b))");
  EXPECT_EQ(where("x LIKE \"a*\""), "(like x 'a*')");
  EXPECT_EQ(where("x NOT LIKE (\"a*\", \"b?\")"), "(notlike x 'a*' 'b?')");
  EXPECT_EQ(where("x RLIKE \"a.*\""), "(rlike x 'a.*')");
  EXPECT_EQ(where("x not rlike (\"a\")"), "(notrlike x 'a')");
  EXPECT_EQ(where("NOT x LIKE \"a\""), "(not (like x 'a'))");
  EXPECT_EQ(where("x LIKE \"C:\\\\\\\\*\""), "(like x 'C:\\\\*')");
  EXPECT_EQ(where("x like \"\"\"foo \\* bar\"\"\""), "(like x 'foo \\* bar')");
  EXPECT_EQ(where("title : \"quick fox\""), "(match title 'quick fox')");
  EXPECT_EQ(where("title : \"a\" and b"), "(and (match title 'a') b)");
  // A non-literal pattern goes to args[1].
  Query q = parse_ok("FROM t | WHERE x LIKE concat(p, \"*\")");
  const Expr& like = *std::get<WhereCommand>(q.commands[1].body).condition;
  ASSERT_EQ(like.kind, ExprKind::Like);
  EXPECT_TRUE(like.patterns.empty());
  ASSERT_EQ(like.args.size(), 2u);
  EXPECT_EQ(dump(*like.args[1]), "concat(p, keyword:\"*\")");
}

TEST(EsqlParserPrecedence, ComparisonsDoNotChain) {
  EXPECT_EQ(parse_error("ROW x = a < b < c"),
            "line 1:15: mismatched input '<', expected '|', 'AND', 'OR' or end of expression "
            "(comparisons do not chain)");
  EXPECT_EQ(parse_error("ROW x = a == b == c").substr(0, 40), "line 1:16: mismatched input '==', expect");
  EXPECT_EQ(row("(a < b) == c"), "(== (< a b) c)");
}

// ---------------------------------------------------------------------------
// Literals (§1.4)

TEST(EsqlParserLiterals, IntegerTyping) {
  EXPECT_EQ(row("1"), "integer:1");
  EXPECT_EQ(row("2147483647"), "integer:2147483647");
  EXPECT_EQ(row("2147483648"), "long:2147483648");
  EXPECT_EQ(row("-2147483648"), "integer:-2147483648");
  EXPECT_EQ(row("-2147483649"), "long:-2147483649");
  EXPECT_EQ(row("9223372036854775807"), "long:9223372036854775807");
  EXPECT_EQ(row("-9223372036854775808"), "long:-9223372036854775808");
  EXPECT_EQ(row("9223372036854775808"), "unsigned_long:9223372036854775808");
  EXPECT_EQ(row("18446744073709551615"), "unsigned_long:18446744073709551615");
  EXPECT_EQ(row("18446744073709551616"), "double:18446744073709551616");
  EXPECT_EQ(row("-9223372036854775809"), "double:-9223372036854775808");
  EXPECT_EQ(row("- 5"), "integer:-5");
  EXPECT_EQ(row("007"), "integer:7");
}

TEST(EsqlParserLiterals, Decimals) {
  EXPECT_EQ(row("1.5"), "double:1.5");
  EXPECT_EQ(row(".5"), "double:0.5");
  EXPECT_EQ(row("1."), "double:1");
  EXPECT_EQ(row("1e5"), "double:1e+05");
  EXPECT_EQ(row("1.5E-3"), "double:0.0015");
  EXPECT_EQ(row("-.455"), "double:-0.455");
  EXPECT_EQ(row("1e-400"), "double:0");
  EXPECT_EQ(parse_error("ROW x = 1e400"), "line 1:9: Number [1e400] is too large");
}

TEST(EsqlParserLiterals, BooleansNullStrings) {
  EXPECT_EQ(row("true"), "boolean:true");
  EXPECT_EQ(row("FALSE"), "boolean:false");
  EXPECT_EQ(row("null"), "null");
  EXPECT_EQ(row("NULL"), "null");
  Query q = parse_ok("ROW x = null");
  EXPECT_EQ(row_expr(q).value.type, DataType::Null);
  EXPECT_EQ(row_expr(q).value.rows(), 1u);
  EXPECT_TRUE(row_expr(q).value.is_null(0));
  EXPECT_EQ(row("\"a\\tb\\nc\\rd\\\"e\\\\f\""), "keyword:\"a\tb\nc\rd\"e\\f\"");
  EXPECT_EQ(row("\"\""), "keyword:\"\"");
  EXPECT_EQ(row("\"\"\"C:\\Windows\\x\"\"\""), "keyword:\"C:\\Windows\\x\"");
  EXPECT_EQ(row("\"\"\"\"x\"\"\"\""), "keyword:\"\"x\"\"");
  EXPECT_EQ(row("\"\"\"a\"b\"\"\""), "keyword:\"a\"b\"");
  EXPECT_EQ(row("\"héllo\""), "keyword:\"héllo\"");
  EXPECT_EQ(parse_error("ROW x = \"a\\qb\""), "line 1:11: token recognition error at: '\\q'");
  EXPECT_EQ(parse_error("ROW x = \"abc"), "line 1:9: unterminated string");
  EXPECT_EQ(parse_error("ROW x = \"ab\ncd\""), "line 1:9: unterminated string");
  EXPECT_EQ(parse_error("ROW x = \"\"\"abc\n\"\"\""), "line 1:9: unterminated string");
}

TEST(EsqlParserLiterals, Lists) {
  EXPECT_EQ(row("[1, 2, 3]"), "integer:[1,2,3]");
  EXPECT_EQ(row("[1.5, 2]"), "double:[1.5,2]");
  EXPECT_EQ(row("[1, -.455, -2.43, 3.4, -    0.12, 8]"), "double:[1,-0.455,-2.43,3.4,-0.12,8]");
  EXPECT_EQ(row("[+1, -2, -9223372036854775808]"), "long:[1,-2,-9223372036854775808]");
  EXPECT_EQ(row("[1, 9223372036854775808]"), "unsigned_long:[1,9223372036854775808]");
  EXPECT_EQ(row("[true, false]"), "boolean:[true,false]");
  EXPECT_EQ(row("[\"a\", \"b\"]"), "keyword:[\"a\",\"b\"]");
  EXPECT_EQ(row("[7]"), "integer:7");
  Query q = parse_ok("ROW x = [1, 2]");
  const Column& c = row_expr(q).value;
  EXPECT_EQ(c.rows(), 1u);
  EXPECT_EQ(c.count(0), 2u);
  EXPECT_EQ(parse_error("ROW x = [1, \"a\"]"),
            "line 1:13: mismatched input '\"a\"', expected list elements of a single kind");
  EXPECT_EQ(parse_error("ROW x = []"),
            "line 1:10: mismatched input ']', expected a number, boolean or string list element");
}

TEST(EsqlParserLiterals, TimeSpans) {
  EXPECT_EQ(row("10 seconds"), "span:10s");
  EXPECT_EQ(row("1 HOUR"), "span:1h");
  EXPECT_EQ(row("1d"), "span:1d");
  EXPECT_EQ(row("7 yr"), "span:7y");
  EXPECT_EQ(row("1y"), "span:1y");
  EXPECT_EQ(row("2 quarters"), "span:2q");
  EXPECT_EQ(row("3 mo"), "span:3mo");
  EXPECT_EQ(row("4 w"), "span:4w");
  EXPECT_EQ(row("5 min"), "span:5min");
  EXPECT_EQ(row("5 minutes"), "span:5min");
  EXPECT_EQ(row("2 sec"), "span:2s");
  EXPECT_EQ(row("4 ms"), "span:4ms");
  EXPECT_EQ(row("1 millisecond"), "span:1ms");
  EXPECT_EQ(row("-1 day"), "span:-1d");
  EXPECT_EQ(row("dt + 1 h + 2 min"), "(+ (+ dt span:1h) span:2min)");
  EXPECT_EQ(row("date_trunc(10 seconds, @timestamp)"), "date_trunc(span:10s, @timestamp)");
  // `m` is minute (Elasticsearch PR #136448); month stays `mo`.
  EXPECT_EQ(row("date_trunc(5m, @timestamp)"), "date_trunc(span:5min, @timestamp)");
  EXPECT_EQ(parse_error("ROW x = 1 foo"), "line 1:9: Unexpected temporal unit: 'foo'");
  Query q = parse_ok("ROW x = 10   seconds");
  EXPECT_EQ(row_expr(q).text, "10   seconds");
  EXPECT_EQ(row_expr(q).kind, ExprKind::TimeSpan);
}

TEST(EsqlParserLiterals, Params) {
  EXPECT_EQ(row("?"), "?");
  EXPECT_EQ(row("?1 + ?name"), "(+ ?1 ?name)");
  EXPECT_EQ(where("x == ?v"), "(== x ?v)");
}

// ---------------------------------------------------------------------------
// Names, comments, functions

TEST(EsqlParserNames, IdentifiersAndBackquotes) {
  EXPECT_EQ(row("@timestamp"), "@timestamp");
  EXPECT_EQ(row("_index"), "_index");
  EXPECT_EQ(row("host.os.name"), "host.os.name");
  EXPECT_EQ(row("`a``b`"), "a`b");
  EXPECT_EQ(row("`@timestamp`"), "@timestamp");
  EXPECT_EQ(row("`a b`.c"), "a b.c");
  EXPECT_EQ(row("Esql_priv.x"), "Esql_priv.x");
  EXPECT_EQ(parse_error("ROW x = _"), "line 1:9: token recognition error at: '_'");
  Query q = parse_ok("FROM t | KEEP `MIN(salary  * 10)`, a`b*`, `x``y`");
  const auto& keep = std::get<KeepCommand>(q.commands[1].body);
  ASSERT_EQ(keep.patterns.size(), 3u);
  EXPECT_EQ(keep.patterns[0], "MIN(salary  * 10)");
  EXPECT_EQ(keep.patterns[1], "ab*");
  EXPECT_EQ(keep.patterns[2], "x`y");
}

TEST(EsqlParserNames, Comments) {
  Query q = parse_ok(
      "// leading\nFROM logs-* // trailing\n/* block /* nested */ still comment */ | "
      "WHERE a /* inline */ == 1 // end");
  ASSERT_EQ(q.commands.size(), 2u);
  EXPECT_EQ(std::get<FromCommand>(q.commands[0].body).patterns, std::vector<std::string>{"logs-*"});
  EXPECT_EQ(dump(*std::get<WhereCommand>(q.commands[1].body).condition), "(== a integer:1)");
  EXPECT_EQ(std::get<WhereCommand>(q.commands[1].body).condition->text, "a /* inline */ == 1");
  EXPECT_EQ(parse_error("ROW a = 1 /* open /* nested */"), "line 1:11: unterminated comment");
  // `//` inside a string is not a comment.
  EXPECT_EQ(row("\"http://x\""), "keyword:\"http://x\"");
}

TEST(EsqlParserNames, KeywordsAndFunctionsCaseInsensitive) {
  Query q = parse_ok("from t | Where A == 1 | eVaL y = TO_LOWER(b), z = to_lower(b) | LiMiT 5");
  ASSERT_EQ(q.commands.size(), 4u);
  const auto& eval = std::get<EvalCommand>(q.commands[2].body);
  EXPECT_EQ(eval.fields[0].expr->name, "to_lower");
  EXPECT_EQ(eval.fields[0].expr->text, "TO_LOWER(b)");
  EXPECT_EQ(eval.fields[1].expr->name, "to_lower");
  EXPECT_EQ(dump(*std::get<WhereCommand>(q.commands[1].body).condition), "(== A integer:1)");
}

TEST(EsqlParserNames, FunctionCalls) {
  EXPECT_EQ(row("COUNT(*)"), "count(*)");
  EXPECT_EQ(row("now()"), "now()");
  EXPECT_EQ(row("TO_IP(s, {\"leading_zeros\":\"octal\"})"), "to_ip(s; leading_zeros=keyword:\"octal\")");
  EXPECT_EQ(row("date_parse(p, s, {\"time_zone\": \"Europe/Paris\", \"n\": -1})"),
            "date_parse(p, s; time_zone=keyword:\"Europe/Paris\"; n=integer:-1)");
  EXPECT_EQ(row("coalesce(a, b OR c, NOT d)"), "coalesce(a, (or b c), (not d))");
  EXPECT_EQ(row("first(x)"), "first(x)");
}

TEST(EsqlParserNames, SourceTextAndPositions) {
  Query q = parse_ok("FROM t\n| STATS COUNT_DISTINCT(ip0, 80000),  m = max( x )\n  BY  y");
  const auto& stats = std::get<StatsCommand>(q.commands[1].body);
  ASSERT_EQ(stats.aggregates.size(), 2u);
  EXPECT_EQ(stats.aggregates[0].field.name, "COUNT_DISTINCT(ip0, 80000)");
  EXPECT_FALSE(stats.aggregates[0].field.explicit_name);
  EXPECT_EQ(stats.aggregates[0].field.expr->text, "COUNT_DISTINCT(ip0, 80000)");
  EXPECT_EQ(stats.aggregates[0].field.expr->pos.line, 2);
  EXPECT_EQ(stats.aggregates[0].field.expr->pos.column, 9);
  EXPECT_EQ(stats.aggregates[0].field.expr->args[1]->pos.column, 29);
  EXPECT_EQ(stats.aggregates[1].field.name, "m");
  EXPECT_TRUE(stats.aggregates[1].field.explicit_name);
  EXPECT_EQ(stats.aggregates[1].field.pos.column, 38);
  EXPECT_EQ(stats.aggregates[1].field.expr->text, "max( x )");
  EXPECT_EQ(stats.groups[0].name, "y");
  EXPECT_EQ(stats.groups[0].expr->pos.line, 3);
  EXPECT_EQ(stats.groups[0].expr->pos.column, 7);
  EXPECT_EQ(q.commands[1].pos.line, 2);
  EXPECT_EQ(q.commands[1].pos.column, 3);
  // Parentheses: the node keeps its own text, the unnamed field the full text.
  Query p = parse_ok("ROW (a + b), c = (1)");
  const auto& fields = std::get<RowCommand>(p.commands[0].body).fields;
  EXPECT_EQ(fields[0].name, "(a + b)");
  EXPECT_EQ(fields[0].expr->text, "a + b");
  EXPECT_EQ(fields[0].expr->pos.column, 6);
  EXPECT_EQ(dump(*fields[1].expr), "integer:1");
  // Binary text spans the operands, including their parentheses.
  Query b = parse_ok("ROW (a) + b");
  EXPECT_EQ(std::get<RowCommand>(b.commands[0].body).fields[0].expr->text, "(a) + b");
  // Columns count code points.
  Query u = parse_ok("ROW a = \"é\", b = 1");
  EXPECT_EQ(std::get<RowCommand>(u.commands[0].body).fields[1].expr->pos.column, 18);
}

// ---------------------------------------------------------------------------
// Commands (§2)

TEST(EsqlParserCommands, From) {
  Query q = parse_ok("FROM logs-aws.cloudtrail*, -logs-x, remote:idx-*, \"quoted\", \"\"\"employees\"\"\", "
                     "idx::failures, <logs-{now/d}> METADATA _id, _version, _index");
  ASSERT_EQ(q.commands.size(), 1u);
  const auto& from = std::get<FromCommand>(q.commands[0].body);
  EXPECT_EQ(from.patterns, (std::vector<std::string>{"logs-aws.cloudtrail*", "-logs-x", "remote:idx-*",
                                                     "quoted", "employees", "idx::failures",
                                                     "<logs-{now/d}>"}));
  EXPECT_EQ(from.metadata, (std::vector<std::string>{"_id", "_version", "_index"}));
  EXPECT_EQ(q.commands[0].pos.column, 1);
  Query m = parse_ok("from a,b metadata _index|limit 1");
  EXPECT_EQ(std::get<FromCommand>(m.commands[0].body).patterns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(std::get<FromCommand>(m.commands[0].body).metadata, std::vector<std::string>{"_index"});
  EXPECT_EQ(std::get<LimitCommand>(m.commands[1].body).count, 1);
}

TEST(EsqlParserCommands, RowEvalWhere) {
  Query q = parse_ok("ROW a = 1, b = \"x\", c = [1, 2] | EVAL d = a + 1, COALESCE(a,  b) | WHERE d > 1");
  const auto& rowc = std::get<RowCommand>(q.commands[0].body);
  ASSERT_EQ(rowc.fields.size(), 3u);
  EXPECT_EQ(rowc.fields[2].name, "c");
  EXPECT_EQ(rowc.fields[2].expr->value.count(0), 2u);
  const auto& eval = std::get<EvalCommand>(q.commands[1].body);
  ASSERT_EQ(eval.fields.size(), 2u);
  EXPECT_EQ(eval.fields[0].name, "d");
  EXPECT_TRUE(eval.fields[0].explicit_name);
  EXPECT_EQ(eval.fields[1].name, "COALESCE(a,  b)");
  EXPECT_FALSE(eval.fields[1].explicit_name);
  EXPECT_EQ(dump(*std::get<WhereCommand>(q.commands[2].body).condition), "(> d integer:1)");
  Query d = parse_ok("FROM t | EVAL Esql.time_window = date_trunc(10 seconds, @timestamp), `a b` = 1");
  const auto& e2 = std::get<EvalCommand>(d.commands[1].body);
  EXPECT_EQ(e2.fields[0].name, "Esql.time_window");
  EXPECT_EQ(e2.fields[1].name, "a b");
  // `==` after a name is a comparison, not an assignment.
  Query c = parse_ok("ROW a == 1");
  EXPECT_EQ(std::get<RowCommand>(c.commands[0].body).fields[0].name, "a == 1");
}

TEST(EsqlParserCommands, DissectGrok) {
  Query q = parse_ok(
      "FROM t | DISSECT a \"%{b} %{c}\" APPEND_SEPARATOR=\",\" | dissect x::keyword \"%{y}\" "
      "| GROK msg \"%{WORD:w}\", \"\"\"%{NUMBER:n:int}\"\"\"");
  const auto& d = std::get<DissectCommand>(q.commands[1].body);
  EXPECT_EQ(dump(*d.input), "a");
  EXPECT_EQ(d.pattern, "%{b} %{c}");
  EXPECT_EQ(d.append_separator, std::optional<std::string>(","));
  const auto& d2 = std::get<DissectCommand>(q.commands[2].body);
  EXPECT_EQ(dump(*d2.input), "(cast x keyword)");
  EXPECT_FALSE(d2.append_separator.has_value());
  const auto& g = std::get<GrokCommand>(q.commands[3].body);
  EXPECT_EQ(g.patterns, (std::vector<std::string>{"%{WORD:w}", "%{NUMBER:n:int}"}));
  EXPECT_EQ(parse_error("FROM t | DISSECT a \"%{b}\" foo=\",\""),
            "line 1:27: Invalid option for dissect: [foo]");
}

TEST(EsqlParserCommands, KeepDropRename) {
  Query q = parse_ok("FROM t | KEEP @timestamp, last*name, *.name, * | DROP a.b*, c "
                     "| RENAME a AS b, new = old, `x y` as z");
  const auto& keep = std::get<KeepCommand>(q.commands[1].body);
  EXPECT_EQ(keep.patterns, (std::vector<std::string>{"@timestamp", "last*name", "*.name", "*"}));
  ASSERT_EQ(keep.positions.size(), 4u);
  EXPECT_EQ(keep.positions[1].column, 27);
  const auto& drop = std::get<DropCommand>(q.commands[2].body);
  EXPECT_EQ(drop.patterns, (std::vector<std::string>{"a.b*", "c"}));
  const auto& ren = std::get<RenameCommand>(q.commands[3].body);
  ASSERT_EQ(ren.pairs.size(), 3u);
  EXPECT_EQ(ren.pairs[0].from, "a");
  EXPECT_EQ(ren.pairs[0].to, "b");
  EXPECT_EQ(ren.pairs[1].from, "old");
  EXPECT_EQ(ren.pairs[1].to, "new");
  EXPECT_EQ(ren.pairs[2].from, "x y");
  EXPECT_EQ(ren.pairs[2].to, "z");
  EXPECT_EQ(ren.pairs[1].pos.column, 80);
}

TEST(EsqlParserCommands, Stats) {
  Query q = parse_ok(
      "FROM t | STATS c = COUNT(*) WHERE x > 1, m = MAX(y), COUNT_DISTINCT(z) BY g, h = "
      "date_trunc(1 hour, @timestamp)");
  const auto& s = std::get<StatsCommand>(q.commands[1].body);
  EXPECT_FALSE(s.inline_stats);
  ASSERT_EQ(s.aggregates.size(), 3u);
  EXPECT_EQ(s.aggregates[0].field.name, "c");
  EXPECT_EQ(dump(*s.aggregates[0].field.expr), "count(*)");
  ASSERT_NE(s.aggregates[0].filter, nullptr);
  EXPECT_EQ(dump(*s.aggregates[0].filter), "(> x integer:1)");
  EXPECT_EQ(s.aggregates[1].filter, nullptr);
  EXPECT_EQ(s.aggregates[2].field.name, "COUNT_DISTINCT(z)");
  ASSERT_EQ(s.groups.size(), 2u);
  EXPECT_EQ(s.groups[0].name, "g");
  EXPECT_EQ(s.groups[1].name, "h");
  EXPECT_EQ(dump(*s.groups[1].expr), "date_trunc(span:1h, @timestamp)");

  Query by_only = parse_ok("FROM t | STATS BY a");
  EXPECT_TRUE(std::get<StatsCommand>(by_only.commands[1].body).aggregates.empty());
  Query inl = parse_ok("FROM t | INLINE STATS c = COUNT(*) BY a | inlinestats max(b)");
  EXPECT_TRUE(std::get<StatsCommand>(inl.commands[1].body).inline_stats);
  EXPECT_TRUE(std::get<StatsCommand>(inl.commands[2].body).inline_stats);
  EXPECT_EQ(parse_error("FROM t | STATS"), "line 1:15: mismatched input '<EOF>', expected an expression");
}

TEST(EsqlParserCommands, SortLimitMvExpand) {
  Query q = parse_ok("FROM t | SORT a, b DESC, c ASC NULLS FIRST, d nulls last | LIMIT 10 | MV_EXPAND x.y");
  const auto& s = std::get<SortCommand>(q.commands[1].body);
  ASSERT_EQ(s.keys.size(), 4u);
  EXPECT_TRUE(s.keys[0].ascending);
  EXPECT_FALSE(s.keys[0].nulls_first.has_value());
  EXPECT_FALSE(s.keys[1].ascending);
  EXPECT_EQ(s.keys[2].nulls_first, std::optional<bool>(true));
  EXPECT_EQ(s.keys[3].nulls_first, std::optional<bool>(false));
  EXPECT_EQ(std::get<LimitCommand>(q.commands[2].body).count, 10);
  const auto& mv = std::get<MvExpandCommand>(q.commands[3].body);
  EXPECT_EQ(mv.column, "x.y");
  EXPECT_EQ(mv.column_pos.column, 81);
  EXPECT_EQ(parse_error("FROM t | LIMIT -1"),
            "line 1:16: mismatched input '-', expected a non-negative integer");
  EXPECT_EQ(parse_error("FROM t | LIMIT 3000000000"),
            "line 1:16: Invalid value for LIMIT [3000000000], expecting a non negative integer");
}

TEST(EsqlParserCommands, LookupJoinEnrich) {
  Query q = parse_ok("FROM t | LOOKUP JOIN languages_lookup ON language_code, b "
                     "| ENRICH languages_policy ON a WITH name = language_name, c "
                     "| ENRICH _any:p");
  const auto& j = std::get<LookupJoinCommand>(q.commands[1].body);
  EXPECT_EQ(j.index, "languages_lookup");
  EXPECT_EQ(j.on, (std::vector<std::string>{"language_code", "b"}));
  const auto& en = std::get<EnrichCommand>(q.commands[2].body);
  EXPECT_EQ(en.policy, "languages_policy");
  EXPECT_EQ(en.on, "a");
  ASSERT_EQ(en.with.size(), 2u);
  EXPECT_EQ(en.with[0].name, "name");
  EXPECT_TRUE(en.with[0].explicit_name);
  EXPECT_EQ(en.with[0].expr->name, "language_name");
  EXPECT_EQ(en.with[1].name, "c");
  EXPECT_EQ(std::get<EnrichCommand>(q.commands[3].body).policy, "_any:p");
}

TEST(EsqlParserCommands, UnsupportedCommands) {
  Query q = parse_ok(
      "FROM t | FORK (WHERE a | LIMIT 1) (WHERE \"|\" == b) | SAMPLE 0.5 "
      "| change_point x ON t | COMPLETION c = p WITH { \"inference_id\": \"x\" } | LIMIT 1");
  ASSERT_EQ(q.commands.size(), 6u);
  EXPECT_EQ(std::get<UnsupportedCommand>(q.commands[1].body).name, "FORK");
  EXPECT_EQ(std::get<UnsupportedCommand>(q.commands[2].body).name, "SAMPLE");
  EXPECT_EQ(std::get<UnsupportedCommand>(q.commands[3].body).name, "CHANGE_POINT");
  EXPECT_EQ(q.commands[3].pos.column, 67);
  EXPECT_EQ(std::get<UnsupportedCommand>(q.commands[4].body).name, "COMPLETION");
  EXPECT_EQ(std::get<LimitCommand>(q.commands[5].body).count, 1);
  Query s = parse_ok("SHOW INFO");
  EXPECT_EQ(std::get<UnsupportedCommand>(s.commands[0].body).name, "SHOW");
  Query ts = parse_ok("TS metrics-* | STATS max(x)");
  EXPECT_EQ(std::get<UnsupportedCommand>(ts.commands[0].body).name, "TS");
  EXPECT_EQ(ts.commands.size(), 2u);
}

TEST(EsqlParserCommands, Settings) {
  Query q = parse_ok("SET time_zone = \"+10:00\";\nset a=1; FROM t");
  ASSERT_EQ(q.settings.size(), 2u);
  EXPECT_EQ(q.settings[0].name, "time_zone");
  EXPECT_EQ(dump(*q.settings[0].value), "keyword:\"+10:00\"");
  EXPECT_EQ(q.settings[1].name, "a");
  EXPECT_EQ(q.commands.size(), 1u);
  EXPECT_EQ(parse_error("SET a = \"x\" FROM t"), "line 1:13: mismatched input 'FROM', expected ';'");
}

TEST(EsqlParserCommands, SeedRuleShape) {
  Query q = parse_ok(R"(from logs-aws.cloudtrail*
// create time window buckets of 10 seconds
| eval Esql.time_window_date_trunc = date_trunc(10 seconds, @timestamp)
| where event.dataset == "aws.cloudtrail" and not event.action in ("DescribeCapacityReservations")
| dissect aws.cloudtrail.user_identity.arn "%{}::%{Esql_priv.owner}:%{Esql.type}/%{Esql.roles}"
| where starts_with(Esql.roles, "AWSServiceRoleForConfig") != true
| keep @timestamp, Esql.time_window_date_trunc, event.action
| stats Esql.event_action_count_distinct = count_distinct(event.action) by Esql.time_window_date_trunc
| where Esql.event_action_count_distinct >= 5)");
  ASSERT_EQ(q.commands.size(), 8u);
  EXPECT_EQ(dump(*std::get<WhereCommand>(q.commands[2].body).condition),
            "(and (== event.dataset keyword:\"aws.cloudtrail\") (not (in event.action "
            "keyword:\"DescribeCapacityReservations\")))");
  EXPECT_EQ(q.commands[7].pos.line, 9);
}

// ---------------------------------------------------------------------------
// Errors and robustness

TEST(EsqlParserErrors, Positions) {
  EXPECT_EQ(parse_error("FROM a | foo"), "line 1:10: mismatched input 'foo', expected a command");
  EXPECT_EQ(parse_error("FROM a\n| WHERE x\n| EVAL foo bar"),
            "line 3:12: mismatched input 'bar', expected '|' or end of query");
  EXPECT_EQ(parse_error("FROM a\n| WHERE x\n| EVAL 1 +"),
            "line 3:11: mismatched input '<EOF>', expected an expression");
  EXPECT_EQ(parse_error("FROM a |"), "line 1:9: mismatched input '<EOF>', expected a command");
  EXPECT_EQ(parse_error(""), "line 1:1: mismatched input '<EOF>', expected 'FROM' or 'ROW'");
  EXPECT_EQ(parse_error("WHERE x"), "line 1:1: mismatched input 'WHERE', expected 'FROM' or 'ROW'");
  EXPECT_EQ(parse_error("FROM a | WHERE (x"), "line 1:18: mismatched input '<EOF>', expected ')'");
  EXPECT_EQ(parse_error("FROM a | WHERE x IN 1"), "line 1:21: mismatched input '1', expected '('");
  EXPECT_EQ(parse_error("FROM a | WHERE a and"), "line 1:21: mismatched input '<EOF>', expected an expression");
  EXPECT_EQ(parse_error("FROM a | WHERE x ! y"), "line 1:18: token recognition error at: '!'");
  EXPECT_EQ(parse_error("FROM a | KEEP a,"), "line 1:17: mismatched input '<EOF>', expected a column name or pattern");
  EXPECT_EQ(parse_error("FROM a | WHERE x =~ \"a\""), "line 1:18: operator '=~' is not supported");
  EXPECT_EQ(parse_error("FROM a | SORT x DESC NULLS"),
            "line 1:27: mismatched input '<EOF>', expected 'FIRST' or 'LAST'");
  EXPECT_EQ(parse_error("FROM a | EVAL x = 1 2"), "line 1:21: mismatched input '2', expected '|' or end of query");
  EXPECT_EQ(parse_error("ROW a = 1 | where a = 1"), "line 1:21: mismatched input '=', expected '|' or end of query");
}

TEST(EsqlParserErrors, DeepNestingIsAnErrorNotACrash) {
  std::string parens = "ROW x = " + std::string(100000, '(') + "1" + std::string(100000, ')');
  EXPECT_EQ(parse_error(parens).substr(0, 40), "line 1:109: expression nested too deeply");
  std::string negs = "ROW x = " + std::string(100000, '-') + "a";
  EXPECT_NE(parse_error(negs).find("nested too deeply"), std::string::npos);
  std::string nots = "FROM t | WHERE ";
  for (int i = 0; i < 50000; ++i) nots += "NOT ";
  nots += "a";
  EXPECT_NE(parse_error(nots).find("nested too deeply"), std::string::npos);
  std::string chain = "ROW x = a";
  for (int i = 0; i < 50000; ++i) chain += " + a";
  EXPECT_NE(parse_error(chain).find("too deeply nested"), std::string::npos);
  std::string calls = "ROW x = ";
  for (int i = 0; i < 50000; ++i) calls += "f(";
  EXPECT_NE(parse_error(calls).find("nested too deeply"), std::string::npos);
  // Moderate nesting is fine.
  std::string ok = "ROW x = " + std::string(50, '(') + "1" + std::string(50, ')');
  EXPECT_EQ(row(std::string(50, '(') + "1" + std::string(50, ')')), "integer:1");
  std::string long_or = "FROM t | WHERE a == 0";
  for (int i = 1; i < 300; ++i) long_or += " or a == " + std::to_string(i);
  parse_ok(long_or);
}

TEST(EsqlParserErrors, RandomInputNeverCrashes) {
  // Deterministic pseudo-fuzz over fragments that stress every lexer mode.
  const std::vector<std::string> pieces = {
      "FROM ", "ROW ", "| ", "WHERE ", "EVAL ", "STATS ", " BY ", "KEEP ", "DROP ", "RENAME ",
      " AS ", "SORT ", " DESC", " NULLS ", "LIMIT ", "DISSECT ", "GROK ", "MV_EXPAND ", "ENRICH ",
      "LOOKUP JOIN ", " ON ", " WITH ", "FORK ", "SET ", ";", "a", "b.c", "`q``", "`x`", "*",
      "\"s\"", "\"\"\"", "\"\\", "1", "1.5", "-", "+", "(", ")", "[", "]", "{", "}", ",", "=",
      "==", "<", "::", ":", "?", "?n", "/*", "*/", "//", "\n", " not ", " in ", " is null",
      " like ", "10 seconds", "5m", "@", "_", "\xc3\xa9", "\xff", "\0", "metadata ", "%", "/"};
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string q;
    int n = static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) q += pieces[rng() % pieces.size()];
    auto r = parse_query(q);
    if (!r.ok()) {
      const std::string& m = r.status().message();
      ASSERT_EQ(m.rfind("line ", 0), 0u) << q << " -> " << m;
    }
  }
  // Every prefix of a realistic query, and single-byte corruptions of it.
  const std::string real =
      "SET tz = \"x\"; from logs-* metadata _id | eval t = date_trunc(10 seconds, @timestamp) "
      "| where a in (\"x\", \"y\") and not b like (\"*z\") and c::long >= -1 /* c */ "
      "| dissect d \"%{a} %{b}\" append_separator=\",\" | grok e \"\"\"%{WORD:w}\"\"\" "
      "| stats n = count(*) where f is not null, count_distinct(g) by t | sort n desc nulls last "
      "| keep `a``b`, c* | rename a as b | enrich p on x with y = z | lookup join l on k | limit 5";
  ASSERT_TRUE(parse_query(real).ok()) << parse_query(real).status().message();
  for (size_t len = 0; len <= real.size(); ++len) (void)parse_query(real.substr(0, len));
  for (size_t i = 0; i < real.size(); ++i) {
    for (char c : std::string("\"`(|/*\\\0")) {
      std::string m = real;
      m[i] = c;
      auto r = parse_query(m);
      if (!r.ok()) {
        ASSERT_EQ(r.status().message().rfind("line ", 0), 0u);
      }
    }
  }
}

}  // namespace
}  // namespace trailhound::esql
