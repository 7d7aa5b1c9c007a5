#include "ecs/raw_text_fields.h"

#include <algorithm>
#include <iterator>

namespace trailhound::ecs {

namespace {

// Each entry checked against cloudtrail_normalizer.cpp: written only with
// Doc::text() of a record member (Whole), or a substring of one (Part:
// cloud.service.name cuts eventSource, user.email may be an ARN's session
// name). Sorted for binary search.
struct Entry {
  std::string_view field;
  RawText kind;
  std::string_view key = {};  // the record key it copies, when distinctive
};
constexpr Entry kRawTextFields[] = {
    {"aws.cloudtrail.api_version", RawText::Whole, "apiVersion"},
    {"aws.cloudtrail.error_code", RawText::Whole, "errorCode"},
    {"aws.cloudtrail.error_message", RawText::Whole, "errorMessage"},
    {"aws.cloudtrail.event_category", RawText::Whole, "eventCategory"},
    {"aws.cloudtrail.event_type", RawText::Whole, "eventType"},
    {"aws.cloudtrail.recipient_account_id", RawText::Whole, "recipientAccountId"},
    {"aws.cloudtrail.request_id", RawText::Whole, "requestID"},
    {"aws.cloudtrail.session_credential_from_console", RawText::Whole, "sessionCredentialFromConsole"},
    {"aws.cloudtrail.user_identity.access_key_id", RawText::Whole},
    {"aws.cloudtrail.user_identity.arn", RawText::Whole},
    {"aws.cloudtrail.user_identity.invoked_by", RawText::Whole},
    {"aws.cloudtrail.user_identity.session_context.session_issuer.arn", RawText::Whole},
    {"aws.cloudtrail.user_identity.session_context.session_issuer.type", RawText::Whole},
    {"aws.cloudtrail.user_identity.type", RawText::Whole},
    {"cloud.account.id", RawText::Whole},
    {"cloud.region", RawText::Whole, "awsRegion"},
    {"cloud.service.name", RawText::Part},
    {"event.action", RawText::Whole, "eventName"},
    {"event.id", RawText::Whole, "eventID"},
    {"event.provider", RawText::Whole, "eventSource"},
    {"source.address", RawText::Whole, "sourceIPAddress"},
    {"user.email", RawText::Part},
    {"user.id", RawText::Whole},
    {"user.name", RawText::Whole},
    {"user_agent.original", RawText::Whole, "userAgent"},
};

constexpr bool sorted() {
  for (size_t i = 1; i < std::size(kRawTextFields); ++i)
    if (!(kRawTextFields[i - 1].field < kRawTextFields[i].field)) return false;
  return true;
}
static_assert(sorted());

const Entry* entry(std::string_view ecs_field) {
  const auto* end = std::end(kRawTextFields);
  const auto* it = std::lower_bound(std::begin(kRawTextFields), end, ecs_field,
                                    [](const Entry& e, std::string_view f) { return e.field < f; });
  return it != end && it->field == ecs_field ? it : nullptr;
}

}  // namespace

RawText raw_text_kind(std::string_view ecs_field) {
  const Entry* e = entry(ecs_field);
  return e ? e->kind : RawText::None;
}

std::string_view raw_text_key(std::string_view ecs_field) {
  if (ecs_field == "user_agent.name") return "userAgent";  // parsed from it (see UserAgentParser)
  const Entry* e = entry(ecs_field);
  return e ? e->key : std::string_view();
}

}  // namespace trailhound::ecs
