#include "ecs/event_categorization.h"

#include <algorithm>

namespace trailhound::ecs {

namespace {

// Mapping doc §12, sorted by event name for binary search. Generated once from the
// doc's table; keep sorted when editing.
const Categorization kTable[] = {
    {"AddUserToGroup", "iam", {"group", "change"}},
    {"AssumeRole", "authentication", {"info"}},
    {"AttachGroupPolicy", "iam", {"group", "change"}},
    {"AttachRolePolicy", "iam", {"change"}},
    {"AttachUserPolicy", "iam", {"user", "change"}},
    {"AuthorizeSecurityGroupIngress", "network", {"access"}},
    {"ChangePassword", "iam", {"user", "change"}},
    {"ConsoleLogin", "authentication", {"info"}},
    {"Converse", "api", {"info"}},
    {"CreateAccessKey", "iam", {"user", "change"}},
    {"CreateBucket", "file", {"creation"}},
    {"CreateControlChannel", "session", {"start"}},
    {"CreateDataChannel", "session", {"start"}},
    {"CreateDocument", "file", {"creation"}},
    {"CreateGroup", "iam", {"group", "creation"}},
    {"CreateKeyPair", "iam", {"admin", "creation"}},
    {"CreatePolicy", "iam", {"creation"}},
    {"CreateTopic", "configuration", {"creation"}},
    {"CreateUser", "iam", {"user", "creation"}},
    {"CreateVirtualMFADevice", "iam", {"user", "change"}},
    {"DeactivateMFADevice", "iam", {"user", "change"}},
    {"DeleteAccessKey", "iam", {"user", "change"}},
    {"DeleteBucket", "file", {"deletion"}},
    {"DeleteGroup", "iam", {"group", "deletion"}},
    {"DeleteGroupPolicy", "iam", {"group", "change"}},
    {"DeleteObject", "file", {"deletion"}},
    {"DeleteSSHPublicKey", "iam", {"user", "change"}},
    {"DeleteTrail", "configuration", {"deletion"}},
    {"DeleteUser", "iam", {"user", "deletion"}},
    {"DeleteUserPermissionsBoundary", "iam", {"user", "change"}},
    {"DeleteUserPolicy", "iam", {"user", "change"}},
    {"DeleteVirtualMFADevice", "iam", {"user", "change"}},
    {"DescribeDBInstances", "database", {"info"}},
    {"DescribeInstances", "host", {"info"}},
    {"DescribeLoadBalancers", "network", {"info"}},
    {"DescribeNetworkAcls", "network", {"info"}},
    {"DescribeNetworkInterfaces", "network", {"info"}},
    {"DescribeRegions", "api", {"info"}},
    {"DescribeSecurityGroups", "network", {"info"}},
    {"DescribeTrails", "configuration", {"info"}},
    {"DescribeVolumes", "host", {"info"}},
    {"DescribeVpcs", "network", {"info"}},
    {"DetachGroupPolicy", "iam", {"group", "change"}},
    {"DetachUserPolicy", "iam", {"user", "change"}},
    {"EnableMFADevice", "iam", {"user", "change"}},
    {"GetCallerIdentity", "authentication", {"info"}},
    {"GetGroup", "iam", {"group", "info"}},
    {"GetGroupPolicy", "iam", {"group", "info"}},
    {"GetObject", "file", {"info"}},
    {"GetPolicy", "iam", {"info"}},
    {"GetUser", "iam", {"user", "info"}},
    {"GetUserPolicy", "iam", {"user", "info"}},
    {"HeadObject", "file", {"info"}},
    {"ListAttachedGroupPolicies", "iam", {"group", "info"}},
    {"ListAttachedRolePolicies", "iam", {"info"}},
    {"ListAttachedUserPolicies", "iam", {"user", "info"}},
    {"ListBuckets", "file", {"info"}},
    {"ListFunctions", "package", {"info"}},
    {"ListGroupPolicies", "iam", {"group", "info"}},
    {"ListGroups", "iam", {"group", "info"}},
    {"ListGroupsForUser", "iam", {"user", "info"}},
    {"ListInstanceAssociations", "host", {"info"}},
    {"ListObjects", "file", {"info"}},
    {"ListRoles", "iam", {"info"}},
    {"ListTables", "database", {"info"}},
    {"ListUserPolicies", "iam", {"user", "info"}},
    {"ListUserTags", "iam", {"user", "info"}},
    {"ListUsers", "iam", {"user", "info"}},
    {"OpenControlChannel", "session", {"start"}},
    {"OpenDataChannel", "session", {"start"}},
    {"Publish", "api", {"info"}},
    {"PutGroupPolicy", "iam", {"group", "change"}},
    {"PutObject", "file", {"change"}},
    {"PutUserPermissionsBoundary", "iam", {"user", "change"}},
    {"PutUserPolicy", "iam", {"user", "change"}},
    {"RemoveUserFromGroup", "iam", {"group", "change"}},
    {"SendCommand", "process", {"start"}},
    {"SetDefaultPolicyVersion", "iam", {"admin", "change"}},
    {"SetSecurityTokenServicePreferences", "iam", {"admin", "change"}},
    {"StartSession", "session", {"start"}},
    {"Subscribe", "configuration", {"change"}},
    {"TagUser", "iam", {"user", "change"}},
    {"TerminateSession", "session", {"end"}},
    {"UntagUser", "iam", {"user", "change"}},
    {"UpdateAccessKey", "iam", {"user", "change"}},
    {"UpdateAccountPasswordPolicy", "iam", {"admin", "change"}},
    {"UpdateGroup", "iam", {"group", "change"}},
    {"UpdateLoginProfile", "iam", {"user", "change"}},
    {"UpdateRole", "iam", {"admin", "change"}},
    {"UpdateSSHPublicKey", "iam", {"user", "change"}},
    {"UpdateUser", "iam", {"user", "change"}},
};

}  // namespace

const Categorization* categorize(std::string_view event_name) {
  auto it = std::lower_bound(std::begin(kTable), std::end(kTable), event_name,
                             [](const Categorization& c, std::string_view n) { return c.event_name < n; });
  if (it == std::end(kTable) || it->event_name != event_name) return nullptr;
  return &*it;
}

}  // namespace trailhound::ecs
