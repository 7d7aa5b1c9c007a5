// The standard grok pattern dictionary (the names Elasticsearch's grok
// processor and ES|QL GROK resolve in `%{NAME}`), written for RE2.
//
// Contract: grok_library_pattern(name) returns the definition of a built-in
// pattern (which may itself reference other patterns with %{...}), or nullptr
// when the name is unknown. Definitions are already RE2 syntax: the original
// dictionary's lookbehinds (`(?<![0-9])` in IPV4/BASE10NUM) and atomic
// groups cannot be expressed in a linear-time engine, so they are dropped;
// this only changes matches where a number or address starts in the middle
// of a longer digit run, which grok users guard against with separators anyway.
// Named sub-captures of the original dictionary are kept (URIHOST yields
// `port`, SYSLOGPROG yields `program`/`pid`), as Elasticsearch reports them.
#pragma once

#include <string_view>

namespace trailhound {

const std::string_view* grok_library_pattern(std::string_view name);

}  // namespace trailhound
