#include "exec/java_date_pattern.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "exec/value_format.h"

namespace trailhound {

namespace {

constexpr int64_t kDayMs = 86400000;
constexpr int64_t kNanosPerMs = 1000000;

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned days_in_month(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[m - 1] + (m == 2 && leap(y));
}

const char* const kMonthsEn[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};
const char* const kMonthsShortEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kMonthsFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                 "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
const char* const kMonthsShortFr[] = {"janv.", "févr.", "mars", "avr.", "mai",  "juin",
                                      "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
// Monday first (ISO day-of-week 1..7).
const char* const kDaysEn[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kDaysShortEn[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const kDaysFr[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
const char* const kDaysShortFr[] = {"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."};

const char* const* month_names(DateLocale l, bool full) {
  if (l == DateLocale::French) return full ? kMonthsFr : kMonthsShortFr;
  return full ? kMonthsEn : kMonthsShortEn;
}
const char* const* day_names(DateLocale l, bool full) {
  if (l == DateLocale::French) return full ? kDaysFr : kDaysShortFr;
  return full ? kDaysEn : kDaysShortEn;
}

bool is_numeric_letter(char c) {
  return std::string_view("yuYdDHhKkmsSnNAeQqcML").find(c) != std::string_view::npos;
}

// Local calendar fields of an instant.
struct Fields {
  int64_t year;
  unsigned month, day;
  int64_t nano_of_day;  // 0 .. 86400e9
  int dow;              // 1 = Monday
  int doy;
  int64_t offset_ms;
};

Fields fields_of(int64_t ms, int64_t sub_ms_nanos, const TimeZone& zone) {
  Fields f;
  f.offset_ms = zone.offset_ms(ms);
  const int64_t local = ms + f.offset_ms;
  const int64_t day = floor_div(local, kDayMs);
  f.nano_of_day = (local - day * kDayMs) * kNanosPerMs + sub_ms_nanos;
  civil_from_days(day, f.year, f.month, f.day);
  f.dow = static_cast<int>(((day % 7) + 7 + 3) % 7) + 1;  // 1970-01-01 was a Thursday
  f.doy = static_cast<int>(day - days_from_civil(f.year, 1, 1)) + 1;
  return f;
}

std::string pad(int64_t v, int width) {
  std::string s = std::to_string(std::abs(v));
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  if (v < 0) s.insert(0, 1, '-');
  return s;
}

// Offsets in Java's appendOffset styles: `colon` between hours and minutes,
// minutes printed when non-zero (`hours_only_if_zero_minutes`) or always.
std::string format_offset(int64_t offset_ms, bool colon, bool minutes_always, bool seconds, std::string_view zero) {
  if (offset_ms == 0 && !zero.empty()) return std::string(zero);
  const int64_t a = std::abs(offset_ms) / 1000;
  std::string s = fmt::format("{}{:02}", offset_ms < 0 ? '-' : '+', a / 3600);
  if (minutes_always || a / 60 % 60 != 0 || (seconds && a % 60)) s += fmt::format("{}{:02}", colon ? ":" : "", a / 60 % 60);
  if (seconds && a % 60) s += fmt::format("{}{:02}", colon ? ":" : "", a % 60);
  return s;
}

std::string localized_offset(int64_t offset_ms, bool full) {
  if (offset_ms == 0) return "GMT";
  const int64_t a = std::abs(offset_ms) / 1000;
  const char sign = offset_ms < 0 ? '-' : '+';
  if (full) return fmt::format("GMT{}{:02}:{:02}", sign, a / 3600, a / 60 % 60);
  if (a / 60 % 60 == 0) return fmt::format("GMT{}{}", sign, a / 3600);
  return fmt::format("GMT{}{}:{:02}", sign, a / 3600, a / 60 % 60);
}

// ---------------------------------------------------------------- parsing

struct Parsed {
  std::optional<int64_t> year, year_of_era, month, day, doy, hour, hour12, ampm, minute, second, nano, era;
  std::optional<int64_t> offset_ms;
  TimeZoneP zone;
};

class Parser {
 public:
  Parser(const std::vector<JavaDatePattern::Token>& t, std::string_view text, DateLocale loc)
      : toks_(t), text_(text), loc_(loc) {}

  bool run(Parsed& out) {
    size_t pos = 0;
    if (!seq(0, toks_.size(), pos, out)) return false;
    return pos == text_.size();
  }

 private:
  size_t matching_end(size_t i) const {
    int depth = 0;
    for (size_t j = i; j < toks_.size(); ++j) {
      if (toks_[j].kind == JavaDatePattern::Kind::OptStart) ++depth;
      if (toks_[j].kind == JavaDatePattern::Kind::OptEnd && --depth == 0) return j;
    }
    return toks_.size();
  }

  // Adjacent value parsing: a numeric field directly followed by another
  // numeric field reads exactly its width.
  bool next_is_numeric(size_t i, size_t end) const {
    return i + 1 < end && toks_[i + 1].kind == JavaDatePattern::Kind::Field && is_numeric_letter(toks_[i + 1].letter) &&
           !(toks_[i + 1].count >= 3 && (toks_[i + 1].letter == 'M' || toks_[i + 1].letter == 'L'));
  }

  bool seq(size_t b, size_t e, size_t& pos, Parsed& out) {
    for (size_t i = b; i < e; ++i) {
      const auto& t = toks_[i];
      if (t.kind == JavaDatePattern::Kind::OptStart) {
        const size_t close = matching_end(i);
        size_t p = pos;
        Parsed saved = out;
        if (seq(i + 1, close, p, out)) pos = p;
        else out = saved;
        i = close;
        continue;
      }
      if (t.kind == JavaDatePattern::Kind::OptEnd) continue;
      if (t.kind == JavaDatePattern::Kind::Literal) {
        if (text_.substr(pos, t.text.size()) != t.text) return false;
        pos += t.text.size();
        continue;
      }
      if (!field(t, next_is_numeric(i, e), pos, out)) return false;
    }
    return true;
  }

  std::optional<int64_t> number(size_t& pos, int min_w, int max_w, bool sign_ok) {
    size_t p = pos;
    bool neg = false;
    if (sign_ok && p < text_.size() && (text_[p] == '-' || text_[p] == '+')) neg = text_[p++] == '-';
    size_t q = p;
    while (q < text_.size() && static_cast<int>(q - p) < max_w && std::isdigit(static_cast<unsigned char>(text_[q]))) ++q;
    if (static_cast<int>(q - p) < min_w || q == p) return std::nullopt;
    int64_t v = 0;
    for (size_t k = p; k < q; ++k) {
      if (v > (INT64_MAX - 9) / 10) return std::nullopt;
      v = v * 10 + (text_[k] - '0');
    }
    pos = q;
    return neg ? -v : v;
  }

  std::optional<int> text_choice(size_t& pos, const char* const* names, int n) {
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < n; ++i) {
      const std::string_view name = names[i];
      if (name.size() > best_len && text_.substr(pos, name.size()) == name) best = i, best_len = name.size();
    }
    if (best < 0) return std::nullopt;
    pos += best_len;
    return best;
  }

  // +HH[[:]mm[[:]ss]] or the zero text.
  bool offset(size_t& pos, bool colon, std::string_view zero, std::optional<int64_t>& out) {
    if (!zero.empty() && text_.substr(pos, zero.size()) == zero) {
      pos += zero.size();
      out = 0;
      return true;
    }
    if (pos >= text_.size() || (text_[pos] != '+' && text_[pos] != '-')) return false;
    const int sign = text_[pos] == '-' ? -1 : 1;
    size_t p = pos + 1;
    auto h = number(p, 2, 2, false);
    if (!h || *h > 18) return false;
    int64_t m = 0, s = 0;
    auto part = [&](int64_t& v) {
      size_t q = p;
      if (colon) {
        if (q >= text_.size() || text_[q] != ':') return;
        ++q;
      }
      if (auto x = number(q, 2, 2, false); x && *x < 60) v = *x, p = q;
    };
    part(m);
    if (m) part(s);
    pos = p;
    out = sign * ((*h * 3600 + m * 60 + s) * 1000);
    return true;
  }

  bool field(const JavaDatePattern::Token& t, bool adjacent, size_t& pos, Parsed& out) {
    const int n = t.count;
    auto num = [&](std::optional<int64_t>& dst, int min_w, int max_w, bool sign_ok = false) {
      if (adjacent) max_w = std::max(min_w, n);
      auto v = number(pos, min_w, max_w, sign_ok);
      if (!v) return false;
      dst = *v;
      return true;
    };
    auto fixed_or_free = [&](std::optional<int64_t>& dst, int free_max) {
      return n == 1 ? num(dst, 1, free_max) : num(dst, n, n);
    };
    switch (t.letter) {
      case 'y':
      case 'u':
      case 'Y': {
        auto& dst = t.letter == 'u' ? out.year : out.year_of_era;
        if (n == 2) {
          std::optional<int64_t> v;
          if (!num(v, 2, 2)) return false;
          dst = 2000 + *v;
          return true;
        }
        return num(dst, n, 19, n >= 4 || t.letter == 'u');
      }
      case 'M':
      case 'L':
        if (n >= 3) {
          auto m = text_choice(pos, month_names(loc_, n == 4), 12);
          if (!m) return false;
          out.month = *m + 1;
          return true;
        }
        return fixed_or_free(out.month, 2);
      case 'd': return fixed_or_free(out.day, 2);
      case 'D': return num(out.doy, n, 3);
      case 'H':
      case 'k': {
        if (!fixed_or_free(out.hour, 2)) return false;
        if (t.letter == 'k') {
          if (*out.hour < 1 || *out.hour > 24) return false;
          if (*out.hour == 24) out.hour = 0;
        }
        return true;
      }
      case 'h':
      case 'K': {
        if (!fixed_or_free(out.hour12, 2)) return false;
        if (t.letter == 'h') {
          if (*out.hour12 < 1 || *out.hour12 > 12) return false;
          if (*out.hour12 == 12) out.hour12 = 0;
        } else if (*out.hour12 > 11) {
          return false;
        }
        return true;
      }
      case 'm': return fixed_or_free(out.minute, 2);
      case 's': return fixed_or_free(out.second, 2);
      case 'S': {
        std::optional<int64_t> v;
        if (!num(v, n, n)) return false;
        int64_t nano = *v;
        for (int k = n; k < 9; ++k) nano *= 10;
        for (int k = 9; k < n; ++k) nano /= 10;
        out.nano = nano;
        return true;
      }
      case 'n': return num(out.nano, n, 19);
      case 'a': {
        static const char* const kAmPm[] = {"AM", "PM"};
        auto v = text_choice(pos, kAmPm, 2);
        if (!v) return false;
        out.ampm = *v;
        return true;
      }
      case 'G': {
        static const char* const kShort[] = {"BC", "AD"};
        static const char* const kLong[] = {"Before Christ", "Anno Domini"};
        auto v = text_choice(pos, n == 4 ? kLong : kShort, 2);
        if (!v) return false;
        out.era = *v;
        return true;
      }
      case 'E': {
        auto v = text_choice(pos, day_names(loc_, n == 4), 7);
        return v.has_value();  // the day of week is only cross-checked by Java; ignored here
      }
      case 'Z':
        if (n <= 3) return offset(pos, false, "", out.offset_ms);
        if (n == 5) return offset(pos, true, "Z", out.offset_ms);
        [[fallthrough]];
      case 'O': {
        if (text_.substr(pos, 3) != "GMT") return false;
        pos += 3;
        if (pos < text_.size() && (text_[pos] == '+' || text_[pos] == '-')) {
          const int sign = text_[pos] == '-' ? -1 : 1;
          size_t p = pos + 1;
          auto h = number(p, 1, 2, false);
          if (!h || *h > 18) return false;
          int64_t m = 0;
          if (p < text_.size() && text_[p] == ':') {
            size_t q = p + 1;
            if (auto x = number(q, 2, 2, false)) m = *x, p = q;
          }
          pos = p;
          out.offset_ms = sign * (*h * 3600 + m * 60) * 1000;
        } else {
          out.offset_ms = 0;
        }
        return true;
      }
      case 'X':
      case 'x': {
        const std::string_view zero = t.letter == 'X' ? "Z" : "";
        return offset(pos, n == 3 || n == 5, zero, out.offset_ms);
      }
      case 'V':
      case 'z': {
        size_t q = pos;
        while (q < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[q])) || text_[q] == '/' ||
                                    text_[q] == '_' || text_[q] == '+' || text_[q] == '-' || text_[q] == ':'))
          ++q;
        auto z = TimeZone::of(text_.substr(pos, q - pos));
        if (!z.ok()) return false;
        out.zone = z.value();
        pos = q;
        return true;
      }
      default: {
        std::optional<int64_t> ignored;
        return fixed_or_free(ignored, 19);
      }
    }
  }

  const std::vector<JavaDatePattern::Token>& toks_;
  std::string_view text_;
  DateLocale loc_;
};

}  // namespace

std::optional<DateLocale> parse_date_locale(std::string_view tag) {
  std::string t(tag.substr(0, 2));
  std::transform(t.begin(), t.end(), t.begin(), ::tolower);
  if (tag.size() > 2 && tag[2] != '-' && tag[2] != '_') return std::nullopt;
  if (t == "en" || tag.empty()) return DateLocale::English;
  if (t == "fr") return DateLocale::French;
  return std::nullopt;
}

Result<JavaDatePattern> JavaDatePattern::compile(std::string_view p) {
  JavaDatePattern out;
  out.pattern_ = std::string(p);
  auto lit = [&](std::string s) {
    if (!out.tokens_.empty() && out.tokens_.back().kind == Kind::Literal) out.tokens_.back().text += s;
    else out.tokens_.push_back(Token{Kind::Literal, 0, 0, std::move(s)});
  };
  static constexpr std::string_view kLetters = "GyuYMLQqdDEecahKkHmsSnNAVzOXxZ";
  static constexpr std::string_view kTextual = "BEGOavzZxX";
  int depth = 0;
  for (size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '\'') {
      size_t j = i + 1;
      std::string s;
      for (;;) {
        if (j >= p.size()) return Status::invalid_input(fmt::format("Pattern ends with an incomplete string literal: {}", p));
        if (p[j] == '\'') {
          if (j + 1 < p.size() && p[j + 1] == '\'') {
            s += '\'';
            j += 2;
            continue;
          }
          break;
        }
        s += p[j++];
      }
      if (j == i + 1) s = "'";
      lit(s);
      i = j + 1;
      continue;
    }
    if (c == '[') {
      ++depth;
      out.tokens_.push_back(Token{Kind::OptStart, 0, 0, ""});
      ++i;
      continue;
    }
    if (c == ']') {
      if (depth == 0) return Status::invalid_input(fmt::format("Pattern invalid as it contains ] without previous [: {}", p));
      --depth;
      out.tokens_.push_back(Token{Kind::OptEnd, 0, 0, ""});
      ++i;
      continue;
    }
    if (c == '{' || c == '}' || c == '#')
      return Status::invalid_input(fmt::format("Pattern includes reserved character: '{}'", c));
    if (std::isalpha(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < p.size() && p[j] == c) ++j;
      const int n = static_cast<int>(j - i);
      if (kLetters.find(c) == std::string_view::npos)
        return Status::invalid_input(fmt::format("Unknown pattern letter: {}", c));
      if ((c == 'V' && n != 2) || (n > 5 && c != 'y' && c != 'u' && c != 'S' && c != 'n'))
        return Status::invalid_input(fmt::format("Too many pattern letters: {}", c));
      if (kTextual.find(c) != std::string_view::npos || (n >= 3 && std::string_view("LMQqce").find(c) != std::string_view::npos))
        out.textual_ = true;
      out.tokens_.push_back(Token{Kind::Field, c, n, ""});
      i = j;
      continue;
    }
    lit(std::string(1, c));
    ++i;
  }
  while (depth-- > 0) out.tokens_.push_back(Token{Kind::OptEnd, 0, 0, ""});
  return out;
}

std::string JavaDatePattern::format(int64_t epoch_ms, int64_t sub_ms_nanos, const TimeZone& zone, DateLocale loc) const {
  const Fields f = fields_of(epoch_ms, sub_ms_nanos, zone);
  const int64_t nod = f.nano_of_day;
  const int64_t hour = nod / 3600000000000LL, minute = nod / 60000000000LL % 60, second = nod / 1000000000LL % 60;
  const int64_t nano = nod % 1000000000LL;
  std::string s;
  for (const auto& t : tokens_) {
    if (t.kind == Kind::Literal) {
      s += t.text;
      continue;
    }
    if (t.kind != Kind::Field) continue;
    const int n = t.count;
    switch (t.letter) {
      case 'y':
      case 'u':
      case 'Y': {
        const int64_t y = t.letter == 'u' ? f.year : (f.year >= 1 ? f.year : 1 - f.year);
        if (n == 2) s += pad(((y % 100) + 100) % 100, 2);
        else if (n >= 4 && y > 9999 && t.letter != 'u') s += "+" + pad(y, n);
        else s += pad(y, n);
        break;
      }
      case 'M':
      case 'L':
        if (n >= 3) s += month_names(loc, n == 4)[f.month - 1];
        else s += pad(f.month, n);
        break;
      case 'Q':
      case 'q': s += pad((f.month - 1) / 3 + 1, n); break;
      case 'd': s += pad(f.day, n); break;
      case 'D': s += pad(f.doy, n); break;
      case 'E': s += day_names(loc, n == 4)[f.dow - 1]; break;
      case 'e':
      case 'c':
        if (n >= 3) s += day_names(loc, n == 4)[f.dow - 1];
        else s += pad(f.dow % 7 + 1, n);  // US-style week (Sunday = 1) as Java's ROOT locale
        break;
      case 'a': s += hour < 12 ? "AM" : "PM"; break;
      case 'G': s += n == 4 ? (f.year >= 1 ? "Anno Domini" : "Before Christ") : (f.year >= 1 ? "AD" : "BC"); break;
      case 'H': s += pad(hour, n); break;
      case 'k': s += pad(hour == 0 ? 24 : hour, n); break;
      case 'h': s += pad(hour % 12 == 0 ? 12 : hour % 12, n); break;
      case 'K': s += pad(hour % 12, n); break;
      case 'm': s += pad(minute, n); break;
      case 's': s += pad(second, n); break;
      case 'S': {
        std::string frac = pad(nano, 9);
        if (n <= 9) s += frac.substr(0, n);
        else s += frac + std::string(n - 9, '0');
        break;
      }
      case 'n': s += pad(nano, n); break;
      case 'N': s += pad(nod, n); break;
      case 'A': s += pad(nod / 1000000, n); break;
      case 'Z':
        if (n <= 3) s += format_offset(f.offset_ms, false, true, false, "");
        else if (n == 4) s += localized_offset(f.offset_ms, true);
        else s += format_offset(f.offset_ms, true, true, true, "Z");
        break;
      case 'O': s += localized_offset(f.offset_ms, n == 4); break;
      case 'X':
      case 'x': {
        const std::string_view zero = t.letter == 'X' ? "Z" : "";
        if (n == 1) s += format_offset(f.offset_ms, false, false, false, zero);
        else s += format_offset(f.offset_ms, n == 3 || n == 5, true, n >= 4, zero);
        break;
      }
      case 'V':
      case 'z': s += zone.is_fixed() ? offset_id(zone.offset_ms(0)) : zone.id(); break;
    }
  }
  return s;
}

std::optional<int64_t> JavaDatePattern::parse(std::string_view text, const TimeZone& zone, DateLocale loc) const {
  Parsed p;
  if (!Parser(tokens_, text, loc).run(p)) return std::nullopt;
  int64_t year = 1970;
  if (p.year) year = *p.year;
  else if (p.year_of_era) year = (p.era && *p.era == 0) ? 1 - *p.year_of_era : *p.year_of_era;
  if (year < -999999999 || year > 999999999) return std::nullopt;
  int64_t day;
  if (p.month) {
    if (*p.month < 1 || *p.month > 12) return std::nullopt;
    const unsigned m = static_cast<unsigned>(*p.month);
    int64_t dom = p.day ? *p.day : 1;
    if (dom < 1 || dom > days_in_month(year, m)) return std::nullopt;
    day = days_from_civil(year, m, static_cast<unsigned>(dom));
  } else if (p.doy) {
    if (*p.doy < 1 || *p.doy > (leap(year) ? 366 : 365)) return std::nullopt;
    day = days_from_civil(year, 1, 1) + *p.doy - 1;
  } else {
    day = days_from_civil(year, 1, 1);
  }
  int64_t nod = 0;
  std::optional<int64_t> hour = p.hour;
  if (!hour && p.hour12 && p.ampm) hour = *p.hour12 + 12 * *p.ampm;
  if (hour) {
    const int64_t mi = p.minute.value_or(0), se = p.second.value_or(0), na = p.nano.value_or(0);
    if (*hour < 0 || *hour > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 || na < 0 || na > 999999999) return std::nullopt;
    nod = ((*hour * 60 + mi) * 60 + se) * 1000 + na / 1000000;
  }
  const int64_t local = day * kDayMs + nod;
  if (p.offset_ms) return local - *p.offset_ms;
  if (p.zone) return p.zone->to_utc(local);
  return zone.to_utc(local);
}

std::string format_default_datetime(int64_t epoch_ms, const TimeZone& zone) {
  static const JavaDatePattern kDefault = JavaDatePattern::compile("yyyy-MM-dd'T'HH:mm:ss.SSS").value();
  return kDefault.format(epoch_ms, 0, zone) + offset_id(zone.offset_ms(epoch_ms));
}

std::optional<int64_t> parse_default_datetime(std::string_view text, const TimeZone& zone) {
  auto utc = parse_datetime(text);
  if (!utc || zone.is_utc()) return utc;
  // An explicit offset follows the time part; without one the text is local time.
  const size_t t = text.find('T');
  const bool has_offset = t != std::string_view::npos && text.find_first_of("Zz+-", t) != std::string_view::npos;
  if (has_offset) return utc;
  return zone.to_utc(*utc);
}

}  // namespace trailhound

namespace trailhound {

std::optional<int64_t> parse_datetime_nanos(std::string_view text) {
  auto ms = parse_datetime(text);
  if (!ms) return std::nullopt;
  int64_t sub = 0;
  const size_t t = text.find('T');
  if (t != std::string_view::npos) {
    const size_t dot = text.find_first_of(".,", t);
    if (dot != std::string_view::npos) {
      size_t i = dot + 1;
      int digits = 0;
      int64_t frac = 0;
      while (i < text.size() && digits < 9 && std::isdigit(static_cast<unsigned char>(text[i]))) {
        frac = frac * 10 + (text[i++] - '0');
        ++digits;
      }
      for (int k = digits; k < 9; ++k) frac *= 10;
      sub = frac % 1000000;
    }
  }
  int64_t r;
  if (__builtin_mul_overflow(*ms, int64_t{1000000}, &r) || __builtin_add_overflow(r, sub, &r)) return std::nullopt;
  return r;
}

std::optional<std::string> invalid_date_message(std::string_view s) {
  size_t i = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) ++i;
  auto digits = [&](size_t n) -> std::optional<int64_t> {
    if (i + n > s.size()) return std::nullopt;
    int64_t v = 0;
    for (size_t k = 0; k < n; ++k, ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = digits(4);
  if (!y || i >= s.size() || s[i++] != '-') return std::nullopt;
  auto m = digits(2);
  if (!m || i >= s.size() || s[i++] != '-') return std::nullopt;
  auto d = digits(2);
  if (!d || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
  const int64_t year = s[0] == '-' ? -*y : *y;
  if (*d <= days_in_month(year, static_cast<unsigned>(*m))) return std::nullopt;
  if (*m == 2 && *d == 29) return fmt::format("Invalid date 'February 29' as '{}' is not a leap year", year);
  std::string month = kMonthsEn[*m - 1];
  std::transform(month.begin(), month.end(), month.begin(), ::toupper);
  return fmt::format("Invalid date '{} {}'", month, *d);
}

}  // namespace trailhound
