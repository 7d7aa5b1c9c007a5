// Java DateTimeFormatter patterns ("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "dd/MMM/yyyy",
// "EEEE", ...) as DATE_FORMAT and DATE_PARSE use them, with Elasticsearch's
// resolution of parsed fields.
//
// Contract:
// - compile() accepts the pattern letters G y u Y M L Q q d D E e c a h K k H
//   m s S n N A V z O X x Z, 'quoted' literals ('' is a quote), [optional]
//   sections and other non-letter characters as literals. Other letters fail
//   with Java's "Unknown pattern letter: c" message.
// - format() prints an instant (epoch milliseconds + nanos) in the given zone, English
//   names (French with DateLocale::French).
// - parse() must consume the whole text. Fields resolve as Elasticsearch's
//   DateFormatters.from(): year defaults to 1970; without a month the date is
//   Jan 1 of the year (a day-of-month alone is ignored); without a month day
//   the first of the month; the time is read only when an hour is present
//   (otherwise midnight). Out-of-range or impossible dates (Feb 29 2026) fail.
//   A parsed offset or zone id wins over `zone`. Returns epoch milliseconds.
// - has_textual_fields(): the pattern uses a field whose text Elasticsearch 8
//   warns "could change in JDK 23" about (month/day names, eras, am/pm, zone
//   and offset letters).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "exec/time_zone.h"

namespace trailhound {

enum class DateLocale { English, French };

// Locale tag ("en", "en-US", "fr", "fr-FR") → supported locale; nullopt if not supported.
std::optional<DateLocale> parse_date_locale(std::string_view tag);

class JavaDatePattern {
 public:
  static Result<JavaDatePattern> compile(std::string_view pattern);

  // `sub_ms_nanos` (0..999999) carries date_nanos precision below the millisecond.
  std::string format(int64_t epoch_ms, int64_t sub_ms_nanos, const TimeZone& zone,
                     DateLocale loc = DateLocale::English) const;
  std::optional<int64_t> parse(std::string_view text, const TimeZone& zone, DateLocale loc = DateLocale::English) const;
  bool has_textual_fields() const { return textual_; }
  const std::string& pattern() const { return pattern_; }

  enum class Kind { Field, Literal, OptStart, OptEnd };
  struct Token {
    Kind kind = Kind::Literal;
    char letter = 0;
    int count = 0;
    std::string text;  // Literal
  };

 private:
  std::string pattern_;
  std::vector<Token> tokens_;
  bool textual_ = false;
};

// Elasticsearch's default DATE_FORMAT output ("strict_date_optional_time"):
// yyyy-MM-dd'T'HH:mm:ss.SSS followed by the zone's offset id ("Z", "+01:00").
std::string format_default_datetime(int64_t epoch_ms, const TimeZone& zone);
// `strict_date_optional_time` parsing where a text without offset is local time in `zone`.
std::optional<int64_t> parse_default_datetime(std::string_view text, const TimeZone& zone);

}  // namespace trailhound

namespace trailhound {

// `strict_date_optional_time_nanos`: parse_datetime() keeping up to nine
// fraction digits; epoch nanoseconds (nullopt outside the representable range).
std::optional<int64_t> parse_datetime_nanos(std::string_view text);
// For a text whose yyyy-MM-dd prefix names a day the month lacks, Java's
// DateTimeException text ("Invalid date 'APRIL 31'", "Invalid date
// 'February 29' as '2026' is not a leap year"); nullopt otherwise.
std::optional<std::string> invalid_date_message(std::string_view text);

}  // namespace trailhound
