#include "exec/grok_library.h"

#include <map>
#include <string>

namespace trailhound {

namespace {

// IPv4 dotted quad octet and the full IPv6 grammar (all compressions, an
// embedded IPv4 tail and a %zone suffix).
#define OCTET "(?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})"
#define V4 OCTET "[.]" OCTET "[.]" OCTET "[.]" OCTET
#define H16 "[0-9A-Fa-f]{1,4}"

const std::map<std::string_view, std::string_view, std::less<>>& library() {
  static const std::map<std::string_view, std::string_view, std::less<>> kPatterns = {
      // ---- basics
      {"USERNAME", "[a-zA-Z0-9._-]+"},
      {"USER", "%{USERNAME}"},
      // The original bounds the dot-separated parts to 63; RE2's repetition limit
      // (1000 expanded) forbids nesting {1,62} in {0,63}, so the count is unbounded.
      {"EMAILLOCALPART", "[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,64}(?:\\.[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,62})*"},
      {"EMAILADDRESS", "%{EMAILLOCALPART}@%{HOSTNAME}"},
      {"INT", "(?:[+-]?(?:[0-9]+))"},
      {"BASE10NUM", "(?:[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+)))"},
      {"NUMBER", "(?:%{BASE10NUM})"},
      {"BASE16NUM", "(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))"},
      {"BASE16FLOAT", "\\b(?:[+-]?(?:0x)?(?:(?:[0-9A-Fa-f]+(?:\\.[0-9A-Fa-f]*)?)|(?:\\.[0-9A-Fa-f]+)))\\b"},
      {"POSINT", "\\b(?:[1-9][0-9]*)\\b"},
      {"NONNEGINT", "\\b(?:[0-9]+)\\b"},
      {"WORD", "\\b\\w+\\b"},
      {"NOTSPACE", "\\S+"},
      {"SPACE", "\\s*"},
      {"DATA", ".*?"},
      {"GREEDYDATA", ".*"},
      {"QUOTEDSTRING", "(?:\"(?:\\\\.|[^\\\\\"]+)+\"|\"\"|'(?:\\\\.|[^\\\\']+)+'|''|`(?:\\\\.|[^\\\\`]+)+`|``)"},
      {"QS", "%{QUOTEDSTRING}"},
      {"UUID", "[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}"},
      {"URN", "urn:[0-9A-Za-z][0-9A-Za-z-]{0,31}:(?:%[0-9a-fA-F]{2}|[0-9A-Za-z()+,.:=@;$_!*'/?#-])+"},
      // ---- networking
      {"CISCOMAC", "(?:(?:[A-Fa-f0-9]{4}\\.){2}[A-Fa-f0-9]{4})"},
      {"WINDOWSMAC", "(?:(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2})"},
      {"COMMONMAC", "(?:(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2})"},
      {"MAC", "(?:%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC})"},
      {"IPV6",
       "(?:(?:(?:" H16 ":){7}(?:" H16 "|:))|(?:(?:" H16 ":){6}(?::" H16 "|" V4 "|:))|(?:(?:" H16 ":){5}(?:(?:(?::" H16
       "){1,2})|:" V4 "|:))|(?:(?:" H16 ":){4}(?:(?:(?::" H16 "){1,3})|(?:(?::" H16 ")?:" V4 ")|:))|(?:(?:" H16
       ":){3}(?:(?:(?::" H16 "){1,4})|(?:(?::" H16 "){0,2}:" V4 ")|:))|(?:(?:" H16 ":){2}(?:(?:(?::" H16
       "){1,5})|(?:(?::" H16 "){0,3}:" V4 ")|:))|(?:(?:" H16 ":){1}(?:(?:(?::" H16 "){1,6})|(?:(?::" H16 "){0,4}:" V4
       ")|:))|(?::(?:(?:(?::" H16 "){1,7})|(?:(?::" H16 "){0,5}:" V4 ")|:)))(?:%.+)?"},
      {"IPV4", "(?:" V4 ")"},
      {"IP", "(?:%{IPV6}|%{IPV4})"},
      {"HOSTNAME", "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)"},
      {"HOST", "%{HOSTNAME}"},
      {"IPORHOST", "(?:%{IP}|%{HOSTNAME})"},
      {"HOSTPORT", "%{IPORHOST}:%{POSINT}"},
      // ---- paths and URIs
      {"PATH", "(?:%{UNIXPATH}|%{WINPATH})"},
      {"UNIXPATH", "(?:/(?:[\\w_%!$@:.,+~-]+|\\\\.)*)+"},
      {"TTY", "(?:/dev/(?:pts|tty(?:[pq])?)(?:\\w+)?/?(?:[0-9]+))"},
      {"WINPATH", "(?:[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+"},
      {"URIPROTO", "[A-Za-z](?:[A-Za-z0-9+\\-.]+)+"},
      {"URIHOST", "%{IPORHOST}(?::%{POSINT:port})?"},
      {"URIPATH", "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\\-]*)+"},
      {"URIPARAM", "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\-\\[\\]<>]*"},
      {"URIPATHPARAM", "%{URIPATH}(?:%{URIPARAM})?"},
      {"URI", "%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?"},
      // ---- dates and times
      {"MONTH",
       "\\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?|[Aa]pr(?:il)?|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|"
       "[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\\b"},
      {"MONTHNUM", "(?:0?[1-9]|1[0-2])"},
      {"MONTHNUM2", "(?:0[1-9]|1[0-2])"},
      {"MONTHDAY", "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])"},
      {"DAY", "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)"},
      {"YEAR", "(?:\\d\\d){1,2}"},
      {"HOUR", "(?:2[0123]|[01]?[0-9])"},
      {"MINUTE", "(?:[0-5][0-9])"},
      {"SECOND", "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)"},
      {"TIME", "%{HOUR}:%{MINUTE}(?::%{SECOND})"},
      {"DATE_US", "%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}"},
      {"DATE_EU", "%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}"},
      {"ISO8601_TIMEZONE", "(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))"},
      {"ISO8601_SECOND", "(?:%{SECOND}|60)"},
      {"TIMESTAMP_ISO8601", "%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?"},
      {"DATE", "%{DATE_US}|%{DATE_EU}"},
      {"DATESTAMP", "%{DATE}[- ]%{TIME}"},
      {"TZ", "(?:[APMCE][SD]T|UTC)"},
      {"DATESTAMP_RFC822", "%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ}"},
      {"DATESTAMP_RFC2822", "%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE}"},
      {"DATESTAMP_OTHER", "%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR}"},
      {"DATESTAMP_EVENTLOG", "%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND}"},
      {"HTTPDATE", "%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}"},
      {"SYSLOGTIMESTAMP", "%{MONTH} +%{MONTHDAY} %{TIME}"},
      // ---- logs
      {"PROG", "[\\x21-\\x5a\\x5c\\x5e-\\x7e]+"},
      {"SYSLOGPROG", "%{PROG:program}(?:\\[%{POSINT:pid}\\])?"},
      {"SYSLOGHOST", "%{IPORHOST}"},
      {"SYSLOGFACILITY", "<%{NONNEGINT:facility}.%{NONNEGINT:priority}>"},
      {"SYSLOGBASE", "%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource} %{SYSLOGPROG}:"},
      {"HTTPDUSER", "%{EMAILADDRESS}|%{USER}"},
      {"COMMONAPACHELOG",
       "%{IPORHOST:clientip} %{HTTPDUSER:ident} %{USER:auth} \\[%{HTTPDATE:timestamp}\\] \"(?:%{WORD:verb} "
       "%{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})\" %{NUMBER:response} (?:%{NUMBER:bytes}|-)"},
      {"COMBINEDAPACHELOG", "%{COMMONAPACHELOG} %{QS:referrer} %{QS:agent}"},
      {"LOGLEVEL",
       "(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|"
       "[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|"
       "[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)"},
  };
  return kPatterns;
}

#undef OCTET
#undef V4
#undef H16

}  // namespace

const std::string_view* grok_library_pattern(std::string_view name) {
  const auto& lib = library();
  auto it = lib.find(name);
  return it == lib.end() ? nullptr : &it->second;
}

}  // namespace trailhound
