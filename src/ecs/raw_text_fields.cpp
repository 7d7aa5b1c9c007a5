#include "ecs/raw_text_fields.h"

#include <algorithm>
#include <iterator>

namespace trailhound::ecs {

namespace {

// Each entry checked against cloudtrail_normalizer.cpp: written only with
// Doc::text() of a record member (or, for cloud.service.name, user.*, a
// substring of one). Sorted for binary search.
constexpr std::string_view kRawTextFields[] = {
    "aws.cloudtrail.api_version",
    "aws.cloudtrail.error_code",
    "aws.cloudtrail.error_message",
    "aws.cloudtrail.event_category",
    "aws.cloudtrail.event_type",
    "aws.cloudtrail.recipient_account_id",
    "aws.cloudtrail.request_id",
    "aws.cloudtrail.session_credential_from_console",
    "aws.cloudtrail.user_identity.access_key_id",
    "aws.cloudtrail.user_identity.arn",
    "aws.cloudtrail.user_identity.invoked_by",
    "aws.cloudtrail.user_identity.session_context.session_issuer.arn",
    "aws.cloudtrail.user_identity.session_context.session_issuer.type",
    "aws.cloudtrail.user_identity.type",
    "cloud.account.id",
    "cloud.region",
    "cloud.service.name",
    "event.action",
    "event.id",
    "event.provider",
    "source.address",
    "user.email",
    "user.id",
    "user.name",
    "user_agent.original",
};

static_assert(std::is_sorted(std::begin(kRawTextFields), std::end(kRawTextFields)));

}  // namespace

bool is_raw_text_field(std::string_view ecs_field) {
  return std::binary_search(std::begin(kRawTextFields), std::end(kRawTextFields), ecs_field);
}

}  // namespace trailhound::ecs
