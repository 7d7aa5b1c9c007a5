#include "ecs/entity_enrichment.h"

#include <set>

#include "ecs/cleaned_json.h"

namespace trailhound::ecs {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;
using Value = std::optional<element>;

// Decodes one UTF-8 sequence at s[i] into UTF-16 code units (1 or 2).
size_t utf16_units(std::string_view s, size_t& i, char16_t out[2]) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  uint32_t cp = c;
  size_t len = 1;
  if (c >= 0xf0) {
    len = 4;
    cp = c & 0x07;
  } else if (c >= 0xe0) {
    len = 3;
    cp = c & 0x0f;
  } else if (c >= 0xc0) {
    len = 2;
    cp = c & 0x1f;
  }
  for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += len;
  if (cp >= 0x10000) {
    cp -= 0x10000;
    out[0] = static_cast<char16_t>(0xd800 + (cp >> 10));
    out[1] = static_cast<char16_t>(0xdc00 + (cp & 0x3ff));
    return 2;
  }
  out[0] = static_cast<char16_t>(cp);
  return 1;
}

struct JavaLess {
  bool operator()(const std::string& a, const std::string& b) const { return java_string_less(a, b); }
};
using JavaSet = std::set<std::string, JavaLess>;

std::vector<std::string> to_vector(const JavaSet& s) { return {s.begin(), s.end()}; }

Value member(object o, std::string_view key) {
  element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS || is_pruned(e)) return std::nullopt;
  return e;
}

// `$(path, null)`: walks objects only; a list (or scalar) on the way means absent.
Value at(object root, std::string_view path) {
  object cur = root;
  while (true) {
    size_t dot = path.find('.');
    Value v = member(cur, path.substr(0, dot));
    if (!v || dot == std::string_view::npos) return v;
    if (v->get_object().get(cur) != simdjson::SUCCESS) return std::nullopt;
    path.remove_prefix(dot + 1);
  }
}

const char* java_class_of(element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: return "java.util.HashMap";
    case simdjson::dom::element_type::ARRAY: return "java.util.ArrayList";
    case simdjson::dom::element_type::BOOL: return "java.lang.Boolean";
    case simdjson::dom::element_type::DOUBLE: return "java.lang.Double";
    case simdjson::dom::element_type::STRING: return "java.lang.String";
    default: return "java.lang.Integer";
  }
}

bool has_prefix(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

// String.splitOnToken(":"): every segment, empty ones included.
std::vector<std::string_view> split_colon(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = s.find(':', start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// "arn:partition:service:region:account:TYPE/…" → TYPE (the 6th ':' segment up to
// its first '/'), or nullopt for a non-ARN or an ARN with fewer segments.
std::optional<std::string_view> arn_resource_type(std::string_view arn, std::string_view* service = nullptr) {
  if (!has_prefix(arn, "arn:")) return std::nullopt;
  auto parts = split_colon(arn);
  if (parts.size() < 6) return std::nullopt;
  if (service) *service = parts[2];
  std::string_view type = parts[5];
  size_t slash = type.find('/');
  if (slash != std::string_view::npos && slash > 0) type = type.substr(0, slash);
  return type;
}

bool is_service_linked(std::string_view v) {
  return contains(v, "/AWSServiceRoleFor") || contains(v, "/aws-service-role/");
}

bool in(std::string_view v, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set) {
    if (s == v) return true;
  }
  return false;
}

// ARN resource types by target class (the pipeline's script parameters).
const std::initializer_list<std::string_view> kUserResourceTypes = {
    "user", "role", "assumed-role", "federated-user", "instance-profile", "mfa", "serialNumber"};
const std::initializer_list<std::string_view> kServiceResourceTypes = {
    "alarm", "cluster", "configuration-recorder", "db", "detector", "dhcp-options", "document",
    "file-system", "function", "global-cluster", "group", "ipset", "key", "loadbalancer", "log-group",
    "log-stream", "model", "mount-target", "network-acl", "network-interface", "parameter", "policy",
    "resolver-query-log-config", "rule", "rulegroup", "secret", "security-group", "session", "stack",
    "stack-set", "subnet", "table", "topic", "trail", "trust-anchor", "vpc", "webacl"};
const std::initializer_list<std::string_view> kServiceIdPrefixes = {
    "sg-", "sgr-", "eni-", "vpc-", "subnet-", "acl-", "rtb-", "igw-", "nat-", "vpce-", "tgw-", "pcx-"};

// Per-service rules. `related`: fields added to related.entity for every event of
// the service. `targets`: (event names, target fields), first matching row wins.
// Paths are relative to the record; "X[]" = every element of list X, "X[].K" =
// member K of every element of list X.
struct TargetRow {
  std::vector<std::string_view> events;
  std::vector<std::string_view> fields;
};
struct ServiceRule {
  std::string_view source;
  std::vector<std::string_view> related;
  std::vector<TargetRow> targets;
};

const std::vector<ServiceRule>& service_rules() {
  static const std::vector<ServiceRule> kRules = {
      {"cloudformation.amazonaws.com", {},
       {{{"CreateStackSet"}, {"responseElements.stackSetId"}}, {{"CreateStack"}, {"responseElements.stackId"}}}},
      {"cloudtrail.amazonaws.com",
       {"requestParameters.name", "requestParameters.s3BucketName", "responseElements.cloudWatchLogsLogGroupArn",
        "responseElements.cloudWatchLogsRoleArn", "responseElements.kmsKeyId", "responseElements.snsTopicARN",
        "responseElements.trailARN", "responseElements.name"},
       {{{"DeleteTrail", "StopLogging"}, {"requestParameters.name"}},
        {{"DescribeTrails"}, {"recipientAccountId"}}}},
      {"config.amazonaws.com", {"requestParameters.configurationRecorderName"},
       {{{"StopConfigurationRecorder", "StartConfigurationRecorder"}, {"requestParameters.configurationRecorderName"}}}},
      {"ec2-instance-connect.amazonaws.com", {},
       {{{"SendSSHPublicKey", "SendSerialConsoleSSHPublicKey"}, {"requestParameters.instanceId"}}}},
      {"ec2.amazonaws.com",
       {"requestParameters.groupId", "requestParameters.groupName", "requestParameters.roleName",
        "requestParameters.subnetId", "requestParameters.volumeId", "requestParameters.networkInterfaceId",
        "requestParameters.vpcId", "requestParameters.snapshotId", "responseElements.groupId",
        "responseElements.reservationId", "responseElements.vpc.vpcId", "responseElements.vpc.dhcpOptionsId",
        "responseElements.snapshotId", "responseElements.volumeId"},
       {{{"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress"},
         {"requestParameters.groupId", "responseElements.securityGroupRuleSet.items[].securityGroupRuleId"}},
        {{"CreateTrafficMirrorFilter"},
         {"responseElements.CreateTrafficMirrorFilterResponse.trafficMirrorFilter.trafficMirrorFilterId"}},
        {{"CreateTrafficMirrorFilterRule"},
         {"responseElements.CreateTrafficMirrorFilterRuleResponse.trafficMirrorFilterRule.trafficMirrorFilterRuleId"}},
        {{"CreateTrafficMirrorSession"},
         {"responseElements.CreateTrafficMirrorSessionResponse.trafficMirrorSession.trafficMirrorSessionId"}},
        {{"CreateTrafficMirrorTarget"},
         {"responseElements.CreateTrafficMirrorTargetResponse.trafficMirrorTarget.trafficMirrorTargetId"}},
        {{"DeleteFlowLogs"}, {"requestParameters.DeleteFlowLogsRequest.FlowLogId.content"}},
        {{"DeleteNetworkAcl"}, {"requestParameters.networkAclId"}},
        // The rule number is a JSON number; the script adds String.valueOf(it).
        {{"DeleteNetworkAclEntry"}, {"requestParameters.networkAclId", "#requestParameters.ruleNumber"}},
        {{"GetPasswordData"}, {"requestParameters.instanceId"}},
        {{"ModifyImageAttribute"}, {"requestParameters.imageId"}},
        {{"ModifySnapshotAttribute"}, {"requestParameters.snapshotId"}},
        {{"DescribeSecurityGroups", "DescribeNetworkInterfaces", "DescribeRegions", "DescribeVpcs",
          "DescribeNetworkAcls", "DescribeVolumes"},
         {"recipientAccountId"}}}},
      {"elasticfilesystem.amazonaws.com", {},
       {{{"DeleteFileSystem"}, {"requestParameters.fileSystemId"}},
        {{"DeleteMountTarget"}, {"requestParameters.mountTargetId"}}}},
      {"events.amazonaws.com", {}, {{{"DeleteRule"}, {"requestParameters.name"}}}},
      {"guardduty.amazonaws.com", {"requestParameters.detectorId", "responseElements.detectorId"},
       {{{"CreateDetector"}, {"responseElements.detectorId"}}, {{"DeleteDetector"}, {"requestParameters.detectorId"}}}},
      {"iam.amazonaws.com",
       {"requestParameters.userName", "requestParameters.serialNumber", "requestParameters.accessKeyId",
        "requestParameters.policyArn", "requestParameters.roleName", "requestParameters.policyName",
        "responseElements.accessKey.userName", "responseElements.accessKey.accessKeyId",
        "responseElements.user.arn", "responseElements.user.userId", "responseElements.user.userName",
        "responseElements.userId", "responseElements.role.arn", "responseElements.serialNumber"},
       {{{"AttachGroupPolicy"}, {"requestParameters.groupName"}},
        {{"AttachRolePolicy", "ListAttachedRolePolicies", "UpdateAssumeRolePolicy"}, {"requestParameters.roleName"}},
        {{"AttachUserPolicy"}, {"requestParameters.policyArn", "requestParameters.userName"}},
        {{"CreateAccessKey"}, {"responseElements.accessKey.accessKeyId", "requestParameters.userName"}},
        {{"CreateUser", "DeactivateMFADevice"}, {"requestParameters.userName"}},
        {{"DeleteVirtualMFADevice"}, {"requestParameters.serialNumber"}},
        {{"GetPolicy"}, {"requestParameters.policyArn"}},
        {{"CreatePolicy"}, {"responseElements.policy.arn"}},
        {{"ListRoles", "ListUsers"}, {"recipientAccountId"}}}},
      {"kms.amazonaws.com",
       {"requestParameters.keyId", "responseElements.keyId", "responseElements.keyMetadata.arn",
        "responseElements.keyMetadata.keyId"},
       {{{"DisableKey", "ScheduleKeyDeletion"}, {"resources[].ARN"}}}},
      // Lambda event names carry API versions (AddPermission20150331v2): matched by
      // substring, see enrich().
      {"lambda.amazonaws.com",
       {"requestParameters.functionName", "responseElements.functionArn", "responseElements.functionName",
        "responseElements.role"},
       {{{"AddPermission"}, {"requestParameters.functionName"}}, {{"ListFunctions"}, {"recipientAccountId"}}}},
      {"logs.amazonaws.com", {},
       {{{"DeleteLogGroup"}, {"requestParameters.logGroupName"}},
        {{"DeleteLogStream"}, {"requestParameters.logStreamName"}}}},
      {"monitoring.amazonaws.com", {}, {{{"DeleteAlarms"}, {"requestParameters.alarmNames[]"}}}},
      {"rds.amazonaws.com",
       {"requestParameters.dBInstanceIdentifier", "requestParameters.dBInstanceArn",
        "responseElements.dBInstanceIdentifier", "responseElements.dbInstanceArn",
        "responseElements.dBSubnetGroup.vpcId", "responseElements.vpcSecurityGroups.vpcSecurityGroupId",
        "responseElements.dBSubnetGroup.subnets[].subnetIdentifier",
        "responseElements.vpcSecurityGroups[].vpcSecurityGroupId"},
       {{{"DeleteDBCluster", "ModifyDBCluster", "StopDBCluster"}, {"responseElements.dBClusterArn"}},
        {{"DeleteDBInstance", "ModifyDBInstance", "RestoreDBInstanceFromDBSnapshot", "RestoreDBInstanceFromS3",
          "StopDBInstance"},
         {"responseElements.dBInstanceArn"}},
        {{"DeleteGlobalCluster"}, {"responseElements.globalClusterArn"}},
        {{"ModifyDBClusterSnapshotAttribute"}, {"responseElements.dBClusterSnapshotIdentifier"}},
        {{"ModifyDBSnapshotAttribute"}, {"responseElements.dBSnapshotIdentifier"}},
        {{"DescribeDBInstances"}, {"recipientAccountId"}}}},
      {"rolesanywhere.amazonaws.com", {},
       {{{"CreateTrustAnchor"}, {"responseElements.trustAnchor.trustAnchorArn"}}}},
      {"route53resolver.amazonaws.com", {},
       {{{"DeleteResolverQueryLogConfig"}, {"responseElements.resolverQueryLogConfig.arn"}}}},
      {"s3.amazonaws.com", {"requestParameters.bucketName"},
       {{{"CopyObject", "PutBucketLogging", "PutBucketVersioning", "PutObject", "GetBucketPolicy", "ListObjects",
          "HeadObject", "GetObject", "DeleteObject", "DeleteBucket"},
         {"resources[].ARN"}},
        {{"PutBucketReplication"},
         {"resources[].ARN", "requestParameters.ReplicationConfiguration.Rule.Destination.Bucket"}},
        {{"ListBuckets"}, {"recipientAccountId"}}}},
      {"secretsmanager.amazonaws.com", {},
       {{{"BatchGetSecretValue"}, {"requestParameters.secretIdList[]"}},
        {{"GetSecretValue"}, {"requestParameters.secretId"}}}},
      {"signin.amazonaws.com", {}, {{{"ConsoleLogin"}, {"recipientAccountId"}}}},
      {"ssm.amazonaws.com", {},
       {{{"GetParameter", "GetParameters", "CreateControlChannel", "OpenControlChannel"}, {"resources[].ARN"}},
        {{"StartSession"}, {"requestParameters.target"}},
        {{"CreateDocument"}, {"requestParameters.name"}},
        {{"TerminateSession", "OpenDataChannel"}, {"requestParameters.sessionId"}},
        {{"ListInstanceAssociations"}, {"recipientAccountId"}}}},
      {"sts.amazonaws.com",
       {"requestParameters.roleArn", "sourceIdentity", "additionalEventData.MFAIdentifier",
        "responseElements.assumedRoleUser.arn", "requestParameters.roleSessionName", "responseElements.accessKeyId"},
       {{{"AssumeRole"}, {"requestParameters.roleArn"}}, {{"GetCallerIdentity"}, {"recipientAccountId"}}}},
      {"wafv2.amazonaws.com", {"requestParameters.id", "responseElements.summary"},
       {{{"DeleteRuleGroup", "DeleteWebACL"}, {"requestParameters.id"}}}},
      {"sns.amazonaws.com", {},
       {{{"CreateTopic"}, {"responseElements.topicArn"}}, {{"Subscribe", "Publish"}, {"requestParameters.topicArn"}}}},
      {"bedrock.amazonaws.com", {}, {{{"Converse"}, {"requestParameters.modelId"}}}},
      {"elasticloadbalancing.amazonaws.com", {}, {{{"DescribeLoadBalancers"}, {"recipientAccountId"}}}},
      {"dynamodb.amazonaws.com", {}, {{{"ListTables"}, {"recipientAccountId"}}}},
  };
  return kRules;
}

// One run of the pipeline's entity script over one record.
class Script {
 public:
  explicit Script(object rec) : rec_(rec) {}

  bool failed() const { return !failure_.empty(); }
  const std::string& failure() const { return failure_; }

  void run(EntityFields& out, const EntityOptions& options);

 private:
  void fail_cast(element e, std::string_view what) {
    if (failure_.empty()) {
      failure_ = std::string("class ") + java_class_of(e) + " cannot be cast to class java.lang.String (" +
                 std::string(what) + ")";
    }
  }
  void fail(std::string m) {
    if (failure_.empty()) failure_ = std::move(m);
  }

  // The script's `String value` parameters: null passes, non-strings throw.
  std::optional<std::string_view> as_string(Value v, std::string_view what) {
    if (!v) return std::nullopt;
    std::string_view s;
    if (v->get_string().get(s) == simdjson::SUCCESS) return s;
    fail_cast(*v, what);
    return std::nullopt;
  }
  bool add_value(JavaSet& set, Value v, std::string_view what) {
    auto s = as_string(v, what);
    return s && set.emplace(*s).second;
  }
  // addValues(): `addedAll = addedAll && addValue(...)` short-circuits, so the
  // values after the first null or duplicate are cast but not added.
  bool add_values(JavaSet& set, const std::vector<Value>& values, std::string_view what) {
    bool all = true;
    for (const Value& v : values) {
      auto s = as_string(v, what);
      if (failed()) return false;
      if (all) all = s && set.emplace(*s).second;
    }
    return all;
  }

  // `$(path, []).stream().forEach(…)`: absent → nothing; not a list → throws.
  template <typename F>
  void for_each(Value list, std::string_view what, F f) {
    if (!list || failed()) return;
    array a;
    if (list->get_array().get(a) != simdjson::SUCCESS) {
      fail("cannot stream " + std::string(java_class_of(*list)) + " (" + std::string(what) + ")");
      return;
    }
    for (element e : a) {
      if (is_pruned(e)) continue;  // the pre-pass removed it from the list
      f(e);
      if (failed()) return;
    }
  }
  // `item.key` inside a stream lambda: a map member (null when missing); any
  // other item type makes the dynamic access throw. `nullsafe` models `?.`.
  Value field(Value item, std::string_view key, std::string_view what, bool nullsafe = false) {
    if (!item) {
      if (!nullsafe) fail("null pointer dereferencing ." + std::string(key) + " (" + std::string(what) + ")");
      return std::nullopt;
    }
    object o;
    if (item->get_object().get(o) != simdjson::SUCCESS) {
      fail("no field [" + std::string(key) + "] on " + java_class_of(*item) + " (" + std::string(what) + ")");
      return std::nullopt;
    }
    return member(o, key);
  }
  std::vector<Value> list_values(Value list, std::string_view what) {
    std::vector<Value> out;
    for_each(list, what, [&](element e) { out.push_back(e); });
    return out;
  }

  // One path of a ServiceRule (see the path syntax there).
  void add_path(JavaSet& set, std::string_view path) {
    if (path[0] == '#') {  // String.valueOf(any scalar)
      if (Value v = at(rec_, path.substr(1))) {
        std::string s;
        append_java_string(*v, s);
        set.insert(std::move(s));
      }
      return;
    }
    size_t brackets = path.find("[]");
    if (brackets == std::string_view::npos) {
      add_value(set, at(rec_, path), path);
      return;
    }
    std::string_view list = path.substr(0, brackets);
    std::string_view key = path.substr(brackets + 2);
    for_each(at(rec_, list), path, [&](element e) {
      add_value(set, key.empty() ? Value(e) : field(e, key.substr(1), path), path);
    });
  }

  void ec2_lists();
  void send_command();

  object rec_;
  JavaSet related_, target_;
  Value actor_;
  std::string failure_;
};

void Script::ec2_lists() {
  constexpr std::string_view kWhat = "ec2";
  for_each(at(rec_, "responseElements.securityGroupRuleSet.items"), kWhat, [&](element i) {
    Value ref = field(i, "referencedGroupInfo", kWhat);
    add_values(related_,
               {field(i, "groupId", kWhat), field(ref, "groupId", kWhat, true), field(i, "securityGroupRuleId", kWhat)},
               kWhat);
  });
  for (std::string_view set : {"responseElements.groupSet.items", "requestParameters.groupSet.items"}) {
    for_each(at(rec_, set), kWhat, [&](element i) { add_value(related_, field(i, "groupId", kWhat), kWhat); });
  }
  for_each(at(rec_, "requestParameters.instancesSet.items"), kWhat,
           [&](element i) { add_value(related_, field(i, "instanceId", kWhat), kWhat); });
  for_each(at(rec_, "responseElements.instancesSet.items"), kWhat, [&](element inst) {
    Value profile = field(inst, "iamInstanceProfile", kWhat);
    add_values(related_,
               {field(inst, "subnetId", kWhat), field(inst, "vpcId", kWhat), field(inst, "instanceId", kWhat),
                field(inst, "imageId", kWhat), field(profile, "arn", kWhat, true)},
               kWhat);
    Value nis = field(field(inst, "networkInterfaceSet", kWhat), "items", kWhat, true);
    for_each(nis, kWhat, [&](element net) {
      add_values(related_,
                 {field(net, "networkInterfaceId", kWhat), field(net, "vpcId", kWhat), field(net, "subnetId", kWhat)},
                 kWhat);
      Value groups = field(field(net, "groupSet", kWhat), "items", kWhat, true);
      for_each(groups, kWhat, [&](element g) { add_value(related_, field(g, "groupId", kWhat), kWhat); });
    });
  });
  for_each(at(rec_, "requestParameters.revokedSecurityGroupRuleSet.items"), kWhat, [&](element i) {
    add_values(related_, {field(i, "securityGroupRuleId", kWhat), field(i, "groupId", kWhat)}, kWhat);
  });
}

// SSM SendCommand targets: the instance ids, else every targets[].values entry;
// ["*"] (all instances) stands for the whole account.
void Script::send_command() {
  constexpr std::string_view kWhat = "requestParameters.instanceIds";
  std::vector<Value> ids;
  if (Value v = at(rec_, "requestParameters.instanceIds")) {
    if (!v->is_array()) return fail_cast(*v, kWhat);  // `List instanceIds = …`
    ids = list_values(v, kWhat);
  }
  if (ids.empty()) {
    for_each(at(rec_, "requestParameters.targets"), "requestParameters.targets", [&](element t) {
      Value values = field(t, "values", "requestParameters.targets");
      if (failed()) return;
      if (!values) return fail("null pointer: targets[].values");
      for (Value& v : list_values(values, "requestParameters.targets")) ids.push_back(v);
    });
  }
  if (failed()) return;
  std::string_view star;
  if (ids.size() == 1 && ids[0] && ids[0]->get_string().get(star) == simdjson::SUCCESS && star == "*") {
    ids = {at(rec_, "recipientAccountId")};
  }
  add_values(target_, ids, kWhat);
}

void Script::run(EntityFields& out, const EntityOptions& options) {
  Value ui_type = at(rec_, "userIdentity.type");
  std::string_view type;
  if (ui_type && ui_type->get_string().get(type) != simdjson::SUCCESS) type = {};

  actor_ = at(rec_, "userIdentity.arn");
  if (!actor_) actor_ = at(rec_, "userIdentity.onBehalfOf.userId");
  for (std::string_view f : {"userIdentity.accessKeyId", "userIdentity.arn", "userIdentity.userName",
                             "userIdentity.sessionContext.sessionIssuer.arn",
                             "userIdentity.sessionContext.sessionIssuer.userName"}) {
    add_value(related_, at(rec_, f), f);
  }
  if (type == "IdentityCenterUser") {
    add_value(related_, at(rec_, "userIdentity.onBehalfOf.identityStoreArn"), "userIdentity.onBehalfOf");
  }
  add_path(related_, "resources[].ARN");

  auto source = as_string(at(rec_, "eventSource"), "eventSource");
  auto name = as_string(at(rec_, "eventName"), "eventName");
  if (failed()) return;
  const ServiceRule* rule = nullptr;
  for (const ServiceRule& r : service_rules()) {
    if (source && *source == r.source) rule = &r;
  }
  if (rule) {
    for (std::string_view f : rule->related) add_path(related_, f);
    if (rule->source == "ec2.amazonaws.com") ec2_lists();
    if (rule->source == "lambda.amazonaws.com") {
      for (std::string_view f : {"responseElements.vpcConfig.securityGroupIds", "responseElements.vpcConfig.subnetIds"}) {
        Value list = at(rec_, f);
        if (list && !list->is_array()) fail_cast(*list, f);
        add_values(related_, list_values(list, f), f);
      }
    }
    const bool by_substring = rule->source == "lambda.amazonaws.com";
    bool matched = false;
    for (const TargetRow& row : rule->targets) {
      for (std::string_view ev : row.events) {
        matched = name && (by_substring ? contains(*name, ev) : *name == ev);
        if (matched) break;
      }
      if (!matched) continue;
      for (std::string_view f : row.fields) add_path(target_, f);
      break;
    }
    if (rule->source == "ssm.amazonaws.com" && name == "SendCommand") send_command();
    if (rule->source == "sts.amazonaws.com" && name == "AssumeRole") {
      if (type == "AWSService") {
        actor_ = at(rec_, "userIdentity.invokedBy");
      } else if (type == "AssumedRole") {
        actor_ = at(rec_, "userIdentity.sessionContext.sessionIssuer.arn");
      } else {
        actor_ = at(rec_, "userIdentity.arn");
      }
    } else if (rule->source == "sts.amazonaws.com" && name == "GetCallerIdentity") {
      actor_ = at(rec_, "userIdentity.arn");
    }
  }
  if (failed()) return;

  // Targets: the legacy list, plus one typed list per target.
  JavaSet user, host, service, generic, host_ids;
  for (const std::string& t : target_) {
    std::string_view arn_service;
    if (has_prefix(t, "arn:")) {
      auto rtype = arn_resource_type(t, &arn_service);
      if (!rtype) {
        generic.insert(t);
      } else if (is_service_linked(t)) {
        service.insert(t);
      } else if (in(*rtype, kUserResourceTypes)) {
        user.insert(t);
      } else if (*rtype == "instance") {
        host.insert(t);
        host_ids.insert(t.substr(t.rfind('/') + 1));
      } else if (in(*rtype, kServiceResourceTypes) || arn_service == "s3") {
        service.insert(t);
      } else {
        generic.insert(t);
      }
    } else if (t.size() == 20 && has_prefix(t, "AKIA")) {
      user.insert(t);
    } else if (has_prefix(t, "i-")) {
      host.insert(t);
      host_ids.insert(t);
    } else {
      bool is_service = false;
      for (std::string_view p : kServiceIdPrefixes) is_service |= has_prefix(t, p);
      (is_service ? service : generic).insert(t);
    }
  }
  out.targets = to_vector(target_);
  out.user_targets = to_vector(user);
  out.host_targets = to_vector(host);
  out.service_targets = to_vector(service);
  out.generic_targets = to_vector(generic);
  if (options.host_target_id) out.host_target_ids = to_vector(host_ids);
  related_.insert(target_.begin(), target_.end());
  out.related = to_vector(related_);

  // Actor: by identity type first, then by the shape of the value.
  if (actor_) {
    std::string actor;
    std::string_view s;
    if (actor_->get_string().get(s) == simdjson::SUCCESS) {
      actor.assign(s);
    } else {
      append_java_string(*actor_, actor);  // the script's toString()
    }
    std::string_view field = "entity.id";
    auto rtype = arn_resource_type(actor);
    if (type == "AWSService" || is_service_linked(actor)) {
      field = "service.entity.id";
    } else if (type == "AssumedRole" || type == "IAMUser" || type == "Root") {
      field = "user.entity.id";
    } else if (rtype && in(*rtype, {"user", "role", "assumed-role", "federated-user"})) {
      field = "user.entity.id";
    } else if ((rtype && *rtype == "instance") || has_prefix(actor, "i-")) {
      field = "host.entity.id";
    }
    out.actor = std::move(actor);
    out.actor_field = field;
  }
}

}  // namespace

bool java_string_less(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  char16_t ua[2], ub[2];
  size_t na = 0, nb = 0, pa = 0, pb = 0;
  while (true) {
    if (pa == na) {
      if (i >= a.size()) break;
      na = utf16_units(a, i, ua);
      pa = 0;
    }
    if (pb == nb) {
      if (j >= b.size()) return false;  // b is a prefix of a (or equal so far)
      nb = utf16_units(b, j, ub);
      pb = 0;
    }
    if (ua[pa] != ub[pb]) return ua[pa] < ub[pb];
    ++pa;
    ++pb;
  }
  // a exhausted: a < b iff b has units left.
  return pb < nb || j < b.size();
}

EntityFields enrich_entities(simdjson::dom::object record, const EntityOptions& options) {
  EntityFields out;
  Script script(record);
  script.run(out, options);
  if (script.failed()) {
    EntityFields failed;
    failed.failure = "Processor 'script' with tag 'script_append_related_entity' failed with message '" +
                     script.failure() + "'";
    return failed;
  }
  return out;
}

}  // namespace trailhound::ecs
