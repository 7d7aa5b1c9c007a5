// Time zones for ES|QL's session `time_zone` setting and the `time_zone`
// option of DATE_PARSE: fixed offsets and IANA region ids.
//
// Contract:
// - TimeZone::of() accepts what java.time.ZoneId.of() accepts for the cases
//   the engine meets: "Z", "UTC", "GMT", "UTC+01:00", "+h", "+hh", "+hh:mm",
//   "+hhmm", "+hh:mm:ss", and region ids ("Europe/Paris") read from the
//   system tz database (/usr/share/zoneinfo, TZif). Unknown ids → error.
// - offset_ms(utc) is the offset in force at an instant (local = utc + offset).
//   Instants after the last transition stored in the TZif file keep the last
//   offset (Debian ships "fat" files with transitions to 2037).
// - to_utc(local) resolves a local date-time like Java's ZonedDateTime.ofLocal:
//   in an overlap the earlier offset wins; in a gap the time moves forward by
//   the gap's length.
// - Zones are immutable and shared; of() caches them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace trailhound {

class TimeZone {
 public:
  static Result<std::shared_ptr<const TimeZone>> of(std::string_view id);
  static const std::shared_ptr<const TimeZone>& utc();

  const std::string& id() const { return id_; }
  bool is_utc() const { return fixed_ && fixed_offset_ms_ == 0; }
  bool is_fixed() const { return fixed_; }
  int64_t offset_ms(int64_t utc_ms) const;
  int64_t to_utc(int64_t local_ms) const;
  int64_t to_local(int64_t utc_ms) const { return utc_ms + offset_ms(utc_ms); }

  // Internal construction; use of().
  TimeZone(std::string id, int64_t fixed_offset_ms) : id_(std::move(id)), fixed_(true), fixed_offset_ms_(fixed_offset_ms) {}
  TimeZone(std::string id, std::vector<int64_t> transitions_s, std::vector<int32_t> offsets_s, int32_t initial_offset_s)
      : id_(std::move(id)),
        transitions_s_(std::move(transitions_s)),
        offsets_s_(std::move(offsets_s)),
        initial_offset_s_(initial_offset_s) {}

 private:
  std::string id_;
  bool fixed_ = false;
  int64_t fixed_offset_ms_ = 0;
  // Region zones: offsets_s_[i] applies from transitions_s_[i] (UTC seconds) on.
  std::vector<int64_t> transitions_s_;
  std::vector<int32_t> offsets_s_;
  int32_t initial_offset_s_ = 0;
};

using TimeZoneP = std::shared_ptr<const TimeZone>;

// Java's ZoneOffset.getId() text for an offset: "Z", "+01:00", "-02:30".
std::string offset_id(int64_t offset_ms);

}  // namespace trailhound
