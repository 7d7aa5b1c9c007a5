// gen_cloudtrail — a deterministic, seeded generator of SYNTHETIC AWS CloudTrail for
// trailhound's benchmarks.
//
// Everything this program writes is synthetic: documentation account IDs
// (111122223333, 444455556666, ...), documentation IP ranges (192.0.2.0/24,
// 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) plus private 10.0.0.0/8, made-up
// user/role/bucket names, and file names that say "synthetic" / "SYNTH". It is not
// derived from any real trail. Same seed + same options => byte-identical output.
//
// Shape of the data (what makes it "realistic at scale"):
//   * several accounts; IAM users, assumed roles (SSO humans, CI, Terraform, EC2
//     instance roles, Lambda, EKS, service-linked roles), root, AWSService callers;
//   * ~45 services, several hundred actions, Describe/List/Get-heavy with some writes;
//   * regions weighted like a typical US-centric estate (global services in us-east-1);
//   * user agents: aws-cli v1/v2, bracketed aws-cli, CloudShell, Boto3, Terraform
//     (Go SDK v2), Go/Java/Node SDKs, console browsers, "AWS Internal", service names;
//   * IPv4 / IPv6 / non-IP sources ("AWS Internal", "<svc>.amazonaws.com");
//   * ~3% failed calls (errorCode/errorMessage);
//   * requestParameters / responseElements / additionalEventData / resources /
//     tlsDetails of realistic size (records average ~1.3 KB);
//   * injected discovery bursts: one principal, aws-cli, > 5 distinct
//     Describe/List/Get/Generate actions of the founding rule's providers inside one
//     10-second window — each is exactly one alert of Elastic's rule "AWS Discovery
//     API Calls via CLI from a Single Resource". Near-miss decoys (5 distinct; Boto3;
//     split over two windows; console credentials; non-IP source; other providers;
//     root without user.name; DescribeCapacityReservations; the Config role) are
//     injected too, and background traffic is kept from ever crossing the threshold
//     (a background call that would is re-labelled Boto3), so the number of alerts
//     is exactly the number of bursts. It is printed at the end, and with
//     --expected FILE every (arn, window, distinct count) is written as TSV.
//
// Outputs (any combination, all written in the same pass from the same events):
//   --s3 DIR      AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/
//                 <acct>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_SYNTH<rand>.json.gz
//                 (one file per account/region per 5 minutes, at most 1000 records,
//                 single-line {"Records":[...]} gzip'd with zlib)
//   --plain DIR   synthetic_cloudtrail_part-NNNN.json, {"Records":[...]} (one record
//                 per line), a new part every --plain-file-mb MB
//   --ndjson DIR  synthetic_cloudtrail_part-NNNN.ndjson, one record per line
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------- randomness
// xoshiro256** seeded with splitmix64; our own distributions so the output does not
// depend on the standard library's implementation.
struct Rng {
  uint64_t s[4];
  explicit Rng(uint64_t seed) {
    for (auto& x : s) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      x = z ^ (z >> 31);
    }
  }
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t next() {
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
  }
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  uint64_t below(uint64_t n) { return n ? uint64_t((unsigned __int128)next() * n >> 64) : 0; }
  int64_t range(int64_t lo, int64_t hi) { return lo + int64_t(below(uint64_t(hi - lo + 1))); }
  bool chance(double p) { return uniform() < p; }
  // Skewed pick: low indices more likely (real traffic is dominated by a few actions).
  size_t skewed(size_t n) { double u = uniform(); return std::min(n - 1, size_t(double(n) * u * u)); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }
};

struct Weighted {
  std::vector<double> cum;
  explicit Weighted(const std::vector<double>& w) {
    double t = 0;
    for (double x : w) cum.push_back(t += x);
  }
  size_t pick(Rng& r) const {
    double u = r.uniform() * cum.back();
    return size_t(std::upper_bound(cum.begin(), cum.end(), u) - cum.begin());
  }
};

// ---------------------------------------------------------------- text helpers
void add_int(std::string& o, int64_t v) {
  char b[24];
  auto [p, ec] = std::to_chars(b, b + sizeof b, v);
  o.append(b, p);
}
void add_pad(std::string& o, int64_t v, int w) {
  char b[24];
  auto [p, ec] = std::to_chars(b, b + sizeof b, v);
  for (int i = int(p - b); i < w; ++i) o.push_back('0');
  o.append(b, p);
}
void add_hex(std::string& o, Rng& r, int n, bool upper = false) {
  const char* d = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (int i = 0; i < n; ++i) o.push_back(d[r.below(16)]);
}
void add_alnum(std::string& o, Rng& r, int n) {
  static const char d[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (int i = 0; i < n; ++i) o.push_back(d[r.below(62)]);
}
void add_upper(std::string& o, Rng& r, int n) {
  static const char d[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  for (int i = 0; i < n; ++i) o.push_back(d[r.below(32)]);
}
void add_uuid(std::string& o, Rng& r) {
  add_hex(o, r, 8); o += '-'; add_hex(o, r, 4); o += "-4"; add_hex(o, r, 3); o += '-';
  o.push_back("89ab"[r.below(4)]); add_hex(o, r, 3); o += '-'; add_hex(o, r, 12);
}
// JSON string (all generated text is plain ASCII; escape defensively anyway).
void add_str(std::string& o, std::string_view s) {
  o += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  o += '"';
}
void kv(std::string& o, std::string_view k, std::string_view v) {
  add_str(o, k);
  o += ':';
  add_str(o, v);
}

struct Civil { int y, m, d, H, M, S; };
Civil civil(int64_t ms) {
  int64_t s = ms / 1000, days = s / 86400, rem = s % 86400;
  // Howard Hinnant's civil_from_days
  days += 719468;
  int64_t era = days / 146097, doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  int d = int(doy - (153 * mp + 2) / 5 + 1), m = int(mp < 10 ? mp + 3 : mp - 9);
  return {int(y + (m <= 2)), m, d, int(rem / 3600), int(rem / 60 % 60), int(rem % 60)};
}
void add_iso(std::string& o, int64_t ms) {
  Civil c = civil(ms);
  add_pad(o, c.y, 4); o += '-'; add_pad(o, c.m, 2); o += '-'; add_pad(o, c.d, 2); o += 'T';
  add_pad(o, c.H, 2); o += ':'; add_pad(o, c.M, 2); o += ':'; add_pad(o, c.S, 2); o += 'Z';
}
int64_t parse_iso(const std::string& s) {  // YYYY-MM-DDTHH:MM:SSZ
  int y, m, d, H, M, S;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &y, &m, &d, &H, &M, &S) != 6) {
    std::fprintf(stderr, "gen_cloudtrail: bad --start %s\n", s.c_str());
    std::exit(2);
  }
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy, days = era * 146097 + doe - 719468;
  return ((days * 86400) + H * 3600 + M * 60 + S) * 1000;
}

// ---------------------------------------------------------------- catalog
enum class Kind { Generic, Ec2, S3, Iam, Sts, Kms, Lambda, Signin, Logs, Ssm, Secrets };

struct Service {
  const char* host;  // eventSource
  double weight;
  Kind kind;
  std::vector<std::string> reads, writes;
  bool global = false;  // recorded in us-east-1
};

std::vector<Service> make_services() {
  using V = std::vector<std::string>;
  std::vector<Service> s = {
      {"ec2.amazonaws.com", 16, Kind::Ec2,
       V{"DescribeInstances", "DescribeSecurityGroups", "DescribeVpcs", "DescribeSubnets",
         "DescribeVolumes", "DescribeInstanceStatus", "DescribeNetworkInterfaces", "DescribeImages",
         "DescribeSnapshots", "DescribeRegions", "DescribeAvailabilityZones", "DescribeKeyPairs",
         "DescribeRouteTables", "DescribeAddresses", "DescribeLaunchTemplates", "DescribeTags",
         "DescribeAccountAttributes", "DescribeInstanceTypes", "DescribeCapacityReservations",
         "DescribeVpcEndpoints", "DescribeFlowLogs", "GetEbsEncryptionByDefault", "GetConsoleOutput",
         "GetPasswordData", "DescribeInstanceAttribute"},
       V{"CreateTags", "RunInstances", "StartInstances", "StopInstances", "TerminateInstances",
         "CreateSnapshot", "AuthorizeSecurityGroupIngress", "CreateSecurityGroup",
         "ModifyInstanceAttribute", "CreateKeyPair", "DeleteSnapshot", "CreateNetworkInterface"}},
      {"s3.amazonaws.com", 9, Kind::S3,
       V{"GetBucketLocation", "ListBuckets", "GetBucketAcl", "GetBucketPolicy", "GetBucketVersioning",
         "GetBucketEncryption", "GetBucketPublicAccessBlock", "GetBucketTagging", "GetBucketLogging",
         "GetBucketOwnershipControls", "GetBucketPolicyStatus", "GetBucketReplication",
         "GetBucketLifecycle", "GetBucketObjectLockConfiguration", "GetBucketWebsite", "ListObjects"},
       V{"PutBucketPolicy", "PutBucketAcl", "CreateBucket", "DeleteBucket", "PutBucketPublicAccessBlock",
         "PutBucketTagging", "PutBucketEncryption", "PutBucketLifecycle"}},
      {"sts.amazonaws.com", 8, Kind::Sts,
       V{"GetCallerIdentity", "GetSessionToken", "GetAccessKeyInfo", "GetFederationToken"},
       V{"AssumeRole", "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"}},
      {"kms.amazonaws.com", 8, Kind::Kms,
       V{"Decrypt", "GenerateDataKey", "DescribeKey", "Encrypt", "ListAliases", "ListKeys",
         "GetKeyPolicy", "GetKeyRotationStatus", "ListGrants", "ListResourceTags",
         "GenerateDataKeyWithoutPlaintext", "GenerateRandom"},
       V{"CreateGrant", "CreateKey", "ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy",
         "EnableKeyRotation"}},
      {"iam.amazonaws.com", 6, Kind::Iam,
       V{"GetRole", "ListRoles", "GetUser", "ListUsers", "GetPolicy", "GetPolicyVersion",
         "ListAttachedRolePolicies", "ListAttachedUserPolicies", "ListAccessKeys", "ListGroups",
         "ListGroupsForUser", "ListMFADevices", "GetAccountAuthorizationDetails", "GetAccountSummary",
         "ListInstanceProfiles", "GetLoginProfile", "ListRolePolicies", "GetRolePolicy",
         "ListPolicies", "GenerateCredentialReport", "GetCredentialReport",
         "GenerateServiceLastAccessedDetails", "ListAccountAliases", "GetAccountPasswordPolicy",
         "ListServerCertificates"},
       V{"CreateAccessKey", "AttachRolePolicy", "PutRolePolicy", "CreateRole", "CreateUser",
         "UpdateAssumeRolePolicy", "DeleteAccessKey", "TagRole", "CreateLoginProfile",
         "AddUserToGroup"},
       true},
      {"logs.amazonaws.com", 6, Kind::Logs,
       V{"DescribeLogGroups", "DescribeLogStreams", "GetLogEvents", "FilterLogEvents",
         "DescribeMetricFilters", "DescribeSubscriptionFilters", "GetQueryResults", "DescribeQueries",
         "ListTagsLogGroup", "DescribeResourcePolicies"},
       V{"CreateLogStream", "CreateLogGroup", "PutRetentionPolicy", "StartQuery", "DeleteLogGroup",
         "PutSubscriptionFilter"}},
      {"monitoring.amazonaws.com", 4, Kind::Generic,
       V{"GetMetricData", "DescribeAlarms", "ListMetrics", "GetMetricStatistics",
         "DescribeAlarmHistory", "ListDashboards", "GetDashboard"},
       V{"PutMetricAlarm", "DeleteAlarms", "PutDashboard", "SetAlarmState"}},
      {"lambda.amazonaws.com", 4, Kind::Lambda,
       V{"GetFunction20150331v2", "ListFunctions20150331", "GetFunctionConfiguration20150331v2",
         "ListAliases20150331", "ListVersionsByFunction20150331", "GetPolicy20150331v2",
         "ListEventSourceMappings20150331", "ListLayers20181031", "GetAccountSettings20160819",
         "ListTags20170331"},
       V{"UpdateFunctionCode20150331v2", "UpdateFunctionConfiguration20150331v2",
         "CreateFunction20150331", "AddPermission20150331v2", "PublishVersion20150331",
         "DeleteFunction20150331"}},
      {"ssm.amazonaws.com", 4, Kind::Ssm,
       V{"GetParameter", "GetParameters", "GetParametersByPath", "DescribeInstanceInformation",
         "DescribeParameters", "ListCommands", "ListCommandInvocations", "GetCommandInvocation",
         "DescribeSessions", "ListDocuments", "DescribeDocument", "ListAssociations", "GetInventory"},
       V{"UpdateInstanceInformation", "SendCommand", "PutParameter", "StartSession",
         "TerminateSession", "DeleteParameter"}},
      {"secretsmanager.amazonaws.com", 3, Kind::Secrets,
       V{"GetSecretValue", "DescribeSecret", "ListSecrets", "GetResourcePolicy",
         "ListSecretVersionIds"},
       V{"PutSecretValue", "CreateSecret", "UpdateSecret", "RotateSecret", "DeleteSecret"}},
      {"dynamodb.amazonaws.com", 3, Kind::Generic,
       V{"DescribeTable", "ListTables", "DescribeContinuousBackups", "DescribeTimeToLive",
         "ListBackups", "DescribeLimits", "ListTagsOfResource", "ListGlobalTables",
         "DescribeKinesisStreamingDestination"},
       V{"UpdateTable", "CreateTable", "DeleteTable", "CreateBackup", "UpdateContinuousBackups",
         "TagResource"}},
      {"rds.amazonaws.com", 2.5, Kind::Generic,
       V{"DescribeDBInstances", "DescribeDBClusters", "DescribeDBSnapshots", "DescribeEvents",
         "DescribeDBSubnetGroups", "DescribeDBParameterGroups", "ListTagsForResource",
         "DescribeDBClusterSnapshots", "DescribeDBEngineVersions", "DescribePendingMaintenanceActions",
         "DescribeReservedDBInstances"},
       V{"CreateDBSnapshot", "ModifyDBInstance", "CreateDBInstance", "DeleteDBSnapshot",
         "RestoreDBInstanceFromDBSnapshot", "ModifyDBSnapshotAttribute"}},
      {"elasticloadbalancing.amazonaws.com", 2.5, Kind::Generic,
       V{"DescribeTargetHealth", "DescribeLoadBalancers", "DescribeTargetGroups", "DescribeListeners",
         "DescribeRules", "DescribeLoadBalancerAttributes", "DescribeTags", "DescribeSSLPolicies",
         "DescribeAccountLimits"},
       V{"RegisterTargets", "DeregisterTargets", "CreateLoadBalancer", "ModifyListener",
         "CreateTargetGroup"}},
      {"ecr.amazonaws.com", 2.5, Kind::Generic,
       V{"GetAuthorizationToken", "BatchGetImage", "GetDownloadUrlForLayer", "DescribeRepositories",
         "ListImages", "DescribeImages", "GetRepositoryPolicy", "DescribeImageScanFindings",
         "GetLifecyclePolicy"},
       V{"PutImage", "InitiateLayerUpload", "CompleteLayerUpload", "CreateRepository",
         "SetRepositoryPolicy", "DeleteRepository"}},
      {"ecs.amazonaws.com", 2, Kind::Generic,
       V{"DescribeTasks", "ListTasks", "DescribeServices", "ListServices", "ListClusters",
         "DescribeClusters", "DescribeTaskDefinition", "ListTaskDefinitions", "ListContainerInstances"},
       V{"RunTask", "UpdateService", "RegisterTaskDefinition", "StopTask", "CreateService",
         "ExecuteCommand"}},
      {"autoscaling.amazonaws.com", 2, Kind::Generic,
       V{"DescribeAutoScalingGroups", "DescribeScalingActivities", "DescribeLaunchConfigurations",
         "DescribePolicies", "DescribeAutoScalingInstances", "DescribeLifecycleHooks"},
       V{"SetDesiredCapacity", "UpdateAutoScalingGroup", "CreateAutoScalingGroup", "PutScalingPolicy",
         "TerminateInstanceInAutoScalingGroup"}},
      {"cloudformation.amazonaws.com", 2, Kind::Generic,
       V{"DescribeStacks", "DescribeStackEvents", "ListStacks", "DescribeStackResources", "GetTemplate",
         "ListStackResources", "GetTemplateSummary", "ListExports", "DescribeChangeSet"},
       V{"CreateChangeSet", "ExecuteChangeSet", "UpdateStack", "CreateStack", "DeleteStack"}},
      {"config.amazonaws.com", 2, Kind::Generic,
       V{"DescribeConfigRules", "DescribeConfigurationRecorderStatus", "DescribeConfigurationRecorders",
         "DescribeDeliveryChannels", "GetComplianceDetailsByConfigRule", "DescribeComplianceByConfigRule",
         "ListDiscoveredResources", "GetResourceConfigHistory", "SelectResourceConfig"},
       V{"PutEvaluations", "PutConfigRule", "StartConfigRulesEvaluation", "StopConfigurationRecorder",
         "DeleteConfigRule", "PutConfigurationRecorder"}},
      {"sns.amazonaws.com", 1.5, Kind::Generic,
       V{"ListTopics", "GetTopicAttributes", "ListSubscriptions", "ListSubscriptionsByTopic",
         "GetSubscriptionAttributes", "ListTagsForResource"},
       V{"SetTopicAttributes", "CreateTopic", "Subscribe", "DeleteTopic"}},
      {"sqs.amazonaws.com", 1.5, Kind::Generic,
       V{"GetQueueAttributes", "ListQueues", "GetQueueUrl", "ListQueueTags"},
       V{"SetQueueAttributes", "CreateQueue", "DeleteQueue", "PurgeQueue"}},
      {"events.amazonaws.com", 1, Kind::Generic,
       V{"ListRules", "DescribeRule", "ListTargetsByRule", "ListEventBuses", "DescribeEventBus"},
       V{"PutRule", "PutTargets", "DeleteRule", "DisableRule", "EnableRule"}},
      {"route53.amazonaws.com", 1, Kind::Generic,
       V{"ListHostedZones", "GetHostedZone", "ListResourceRecordSets", "GetChange", "ListHealthChecks",
         "GetHostedZoneCount", "ListTagsForResource"},
       V{"ChangeResourceRecordSets", "CreateHostedZone", "DeleteHostedZone"}, true},
      {"cloudtrail.amazonaws.com", 1, Kind::Generic,
       V{"DescribeTrails", "GetTrailStatus", "ListTrails", "GetEventSelectors", "LookupEvents",
         "GetInsightSelectors", "ListTags", "GetTrail"},
       V{"PutEventSelectors", "UpdateTrail", "StopLogging", "StartLogging", "CreateTrail",
         "DeleteTrail"}},
      {"eks.amazonaws.com", 1, Kind::Generic,
       V{"DescribeCluster", "ListClusters", "ListNodegroups", "DescribeNodegroup", "ListAddons",
         "DescribeAddonVersions", "ListFargateProfiles"},
       V{"UpdateClusterConfig", "CreateNodegroup", "CreateAccessEntry", "CreateCluster",
         "DeleteCluster"}},
      {"guardduty.amazonaws.com", 1, Kind::Generic,
       V{"ListDetectors", "GetDetector", "ListFindings", "GetFindings", "GetFindingsStatistics",
         "ListFilters", "GetMasterAccount", "ListMembers"},
       V{"ArchiveFindings", "UpdateFindingsFeedback", "CreateFilter", "UpdateDetector",
         "CreateDetector", "DeleteDetector"}},
      {"securityhub.amazonaws.com", 1, Kind::Generic,
       V{"GetFindings", "DescribeHub", "GetEnabledStandards", "DescribeStandardsControls",
         "ListEnabledProductsForImport", "GetInsights"},
       V{"BatchImportFindings", "BatchUpdateFindings", "UpdateStandardsControl", "EnableSecurityHub",
         "DisableSecurityHub"}},
      {"athena.amazonaws.com", 0.8, Kind::Generic,
       V{"GetQueryExecution", "GetQueryResults", "ListWorkGroups", "GetWorkGroup",
         "ListQueryExecutions", "ListDataCatalogs", "ListDatabases", "GetTableMetadata"},
       V{"StartQueryExecution", "StopQueryExecution", "CreateNamedQuery", "CreateWorkGroup"}},
      {"glue.amazonaws.com", 0.8, Kind::Generic,
       V{"GetTable", "GetPartitions", "GetDatabases", "GetTables", "GetJobs", "GetJobRuns",
         "GetCrawlers", "GetConnections", "ListJobs", "GetDatabase"},
       V{"BatchCreatePartition", "StartJobRun", "StartCrawler", "UpdateTable", "CreateTable",
         "CreateDatabase"}},
      {"kinesis.amazonaws.com", 0.6, Kind::Generic,
       V{"DescribeStreamSummary", "ListStreams", "DescribeStream", "ListShards", "ListTagsForStream"},
       V{"CreateStream", "AddTagsToStream", "IncreaseStreamRetentionPeriod", "UpdateShardCount",
         "DeleteStream"}},
      {"firehose.amazonaws.com", 0.4, Kind::Generic,
       V{"DescribeDeliveryStream", "ListDeliveryStreams", "ListTagsForDeliveryStream"},
       V{"UpdateDestination", "CreateDeliveryStream", "DeleteDeliveryStream"}},
      {"apigateway.amazonaws.com", 0.6, Kind::Generic,
       V{"GetRestApis", "GetRestApi", "GetResources", "GetStages", "GetDeployments", "GetApiKeys",
         "GetAuthorizers", "GetUsagePlans"},
       V{"CreateDeployment", "UpdateStage", "CreateRestApi", "CreateApiKey", "ImportRestApi",
         "DeleteRestApi"}},
      {"elasticache.amazonaws.com", 0.5, Kind::Generic,
       V{"DescribeCacheClusters", "DescribeReplicationGroups", "DescribeCacheSubnetGroups",
         "DescribeSnapshots", "DescribeEvents", "ListTagsForResource"},
       V{"ModifyReplicationGroup", "CreateSnapshot", "CreateCacheCluster", "DeleteCacheCluster"}},
      {"redshift.amazonaws.com", 0.4, Kind::Generic,
       V{"DescribeClusters", "DescribeClusterSnapshots", "DescribeLoggingStatus",
         "DescribeClusterParameterGroups", "GetClusterCredentials", "DescribeEvents"},
       V{"CreateClusterSnapshot", "ModifyCluster", "AuthorizeSnapshotAccess", "CreateCluster",
         "DeleteCluster"}},
      {"states.amazonaws.com", 0.5, Kind::Generic,
       V{"DescribeExecution", "ListExecutions", "ListStateMachines", "DescribeStateMachine",
         "GetExecutionHistory"},
       V{"StartExecution", "StopExecution", "UpdateStateMachine", "CreateStateMachine",
         "DeleteStateMachine"}},
      {"codebuild.amazonaws.com", 0.4, Kind::Generic,
       V{"BatchGetBuilds", "ListBuildsForProject", "ListProjects", "BatchGetProjects", "ListBuilds"},
       V{"StartBuild", "UpdateProject", "CreateProject", "DeleteProject"}},
      {"codecommit.amazonaws.com", 0.2, Kind::Generic,
       V{"GetRepository", "ListRepositories", "GetBranch", "ListBranches", "GetDifferences"},
       V{"CreateBranch", "CreateRepository", "MergePullRequestByFastForward", "DeleteRepository"}},
      {"backup.amazonaws.com", 0.3, Kind::Generic,
       V{"ListBackupJobs", "ListBackupPlans", "ListBackupVaults", "DescribeBackupVault",
         "ListRecoveryPointsByBackupVault", "GetBackupPlan", "DescribeBackupJob"},
       V{"StartBackupJob", "CreateBackupPlan", "DeleteRecoveryPoint", "PutBackupVaultAccessPolicy",
         "DeleteBackupVault"}},
      {"acm.amazonaws.com", 0.3, Kind::Generic,
       V{"DescribeCertificate", "ListCertificates", "GetCertificate", "ListTagsForCertificate"},
       V{"RequestCertificate", "ImportCertificate", "ExportCertificate", "DeleteCertificate"}},
      {"wafv2.amazonaws.com", 0.3, Kind::Generic,
       V{"GetWebACL", "ListWebACLs", "ListIPSets", "GetIPSet", "ListRuleGroups",
         "GetLoggingConfiguration", "ListResourcesForWebACL"},
       V{"UpdateIPSet", "UpdateWebACL", "AssociateWebACL", "CreateWebACL", "DeleteWebACL",
         "DeleteLoggingConfiguration"}},
      {"cloudfront.amazonaws.com", 0.3, Kind::Generic,
       V{"ListDistributions2020_05_31", "GetDistribution2020_05_31",
         "GetDistributionConfig2020_05_31", "ListCachePolicies", "ListOriginAccessControls",
         "GetCloudFrontOriginAccessIdentity2020_05_31", "ListInvalidations2020_05_31"},
       V{"CreateInvalidation2020_05_31", "UpdateDistribution2020_05_31",
         "CreateDistribution2020_05_31"},
       true},
      {"ses.amazonaws.com", 0.3, Kind::Generic,
       V{"GetSendQuota", "ListIdentities", "GetIdentityVerificationAttributes", "ListEmailIdentities",
         "GetAccount", "ListConfigurationSets", "GetSendStatistics", "GetIdentityDkimAttributes"},
       V{"VerifyEmailIdentity", "CreateEmailIdentity", "UpdateAccountSendingEnabled",
         "DeleteIdentity"}},
      {"organizations.amazonaws.com", 0.3, Kind::Generic,
       V{"DescribeOrganization", "ListAccounts", "ListRoots", "ListOrganizationalUnitsForParent",
         "ListPolicies", "DescribeAccount", "ListAccountsForParent", "ListDelegatedAdministrators",
         "ListHandshakesForAccount", "DescribePolicy"},
       V{"AttachPolicy", "UpdatePolicy", "CreateAccount", "InviteAccountToOrganization",
         "LeaveOrganization"},
       true},
      {"sso.amazonaws.com", 0.3, Kind::Generic,
       V{"ListAccountAssignments", "ListPermissionSets", "DescribePermissionSet", "ListInstances",
         "GetPermissionSet", "ListAccountsForProvisionedPermissionSet"},
       V{"CreateAccountAssignment", "ProvisionPermissionSet", "AttachManagedPolicyToPermissionSet",
         "CreatePermissionSet", "DeleteAccountAssignment"}},
      {"access-analyzer.amazonaws.com", 0.2, Kind::Generic,
       V{"ListAnalyzers", "ListFindings", "GetFinding", "GetAnalyzer"},
       V{"UpdateFindings", "StartResourceScan", "CreateAnalyzer", "DeleteAnalyzer"}},
      {"health.amazonaws.com", 0.3, Kind::Generic,
       V{"DescribeEventAggregates", "DescribeEvents", "DescribeEventDetails",
         "DescribeAffectedEntities"},
       V{"EnableHealthServiceAccessForOrganization"}, true},
      {"tagging.amazonaws.com", 0.3, Kind::Generic, V{"GetResources", "GetTagKeys", "GetTagValues"},
       V{"TagResources", "UntagResources"}},
      {"servicequotas.amazonaws.com", 0.2, Kind::Generic,
       V{"GetServiceQuota", "ListServiceQuotas", "ListServices", "ListAWSDefaultServiceQuotas",
         "GetAWSDefaultServiceQuota"},
       V{"RequestServiceQuotaIncrease"}},
      {"ce.amazonaws.com", 0.2, Kind::Generic,
       V{"GetCostAndUsage", "GetCostForecast", "GetDimensionValues", "GetReservationUtilization",
         "GetSavingsPlansUtilization", "ListCostAllocationTags", "DescribeCostCategoryDefinition"},
       V{"UpdateCostAllocationTagsStatus", "CreateAnomalyMonitor"}, true},
      {"signin.amazonaws.com", 0.0, Kind::Signin, V{"GetSigninToken"}, V{"ConsoleLogin"}, true},
  };
  return s;
}

// The founding rule's providers and predicates (kept in sync with
// discovery_multiple_discovery_api_calls_via_cli.toml; used to keep background
// traffic below the threshold so the alert count is exact).
const std::set<std::string> kRuleProviders = {
    "iam.amazonaws.com", "ec2.amazonaws.com", "s3.amazonaws.com", "rds.amazonaws.com",
    "lambda.amazonaws.com", "dynamodb.amazonaws.com", "kms.amazonaws.com",
    "cloudfront.amazonaws.com", "elasticloadbalancing.amazonaws.com", "cloudtrail.amazonaws.com",
    "sts.amazonaws.com", "ses.amazonaws.com", "organizations.amazonaws.com"};
bool discovery_action(std::string_view a) {
  return a.starts_with("Describe") || a.starts_with("Get") || a.starts_with("List") ||
         a.starts_with("Generate");
}

// ---------------------------------------------------------------- user agents
enum class UaClass {
  CliV2, CliV1, CliBracketed, CloudShell, Boto3, Terraform, GoSdk, JavaSdk, NodeSdk, Console,
  AwsInternal, ServiceName
};
bool is_cli(UaClass c) {
  return c == UaClass::CliV2 || c == UaClass::CliV1 || c == UaClass::CliBracketed ||
         c == UaClass::CloudShell;
}

const std::vector<std::string> kCliV2Versions = {"2.15.30", "2.13.25", "2.17.18", "2.22.4", "2.9.19", "2.27.49"};
const std::vector<std::string> kCliV1Versions = {"1.32.50", "1.29.62", "1.18.147", "1.33.13", "1.27.165"};
const std::vector<std::string> kPythons = {"3.11.8", "3.11.6", "3.12.6", "3.9.16", "3.8.10", "3.10.12"};
const std::vector<std::string> kOses = {
    "Linux/5.10.210-201.852.amzn2.x86_64 exe/x86_64.amzn.2", "Linux/6.1.0-18-amd64 exe/x86_64.debian.12",
    "Darwin/23.4.0 exe/x86_64", "Darwin/24.1.0 exe/arm64", "Windows/10 exe/AMD64",
    "Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22", "Linux/6.1.72-96.166.amzn2023.x86_64 exe/x86_64.amzn.2023"};
const std::vector<std::string> kBrowsers = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91"};

std::string cli_command(const Service& svc, std::string_view action) {
  // aws-cli v2 appends "command/<service>.<kebab-action>"
  std::string out;
  std::string_view host = svc.host;
  std::string_view name = host.substr(0, host.find('.'));
  if (name == "monitoring") name = "cloudwatch";
  if (name == "s3") name = "s3api";
  out.append(name);
  out += '.';
  for (size_t i = 0; i < action.size(); ++i) {
    char c = action[i];
    if (c >= '0' && c <= '9' && i > 8) break;  // ListFunctions20150331 -> list-functions
    if (c >= 'A' && c <= 'Z') {
      if (i) out += '-';
      out += char(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::string make_ua(Rng& r, UaClass c, const Service& svc, std::string_view action, int flavor) {
  std::string u;
  switch (c) {
    case UaClass::CliV2:
    case UaClass::CliBracketed:
    case UaClass::CloudShell: {
      if (c == UaClass::CliBracketed) u += '[';
      u += "aws-cli/" + kCliV2Versions[flavor % kCliV2Versions.size()] + " Python/" +
           kPythons[flavor % 3] + " ";
      u += c == UaClass::CloudShell ? "Linux/6.1.72-96.166.amzn2023.x86_64 exec-env/CloudShell exe/x86_64.amzn.2023"
                                    : kOses[flavor % kOses.size()];
      u += " prompt/off command/" + cli_command(svc, action);
      if (c == UaClass::CliBracketed) u += ']';
      break;
    }
    case UaClass::CliV1:
      u = "aws-cli/" + kCliV1Versions[flavor % kCliV1Versions.size()] + " Python/" + kPythons[3 + flavor % 3] +
          " Linux/" + (flavor % 2 ? "4.14.336-257.562.amzn2.x86_64" : "5.15.0-1051-aws") +
          " botocore/1." + std::to_string(20 + flavor % 14) + "." + std::to_string(flavor * 7 % 60);
      break;
    case UaClass::Boto3:
      u = "Boto3/1.34." + std::to_string(flavor % 60) + " md/Botocore#1.34." + std::to_string(flavor % 60) +
          " ua/2.0 os/linux#5.10.210-201.852.amzn2.x86_64 md/arch#x86_64 lang/python#" +
          kPythons[flavor % kPythons.size()] + " md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34." +
          std::to_string(flavor % 60);
      break;
    case UaClass::Terraform:
      u = "APN/1.0 HashiCorp/1.0 Terraform/1.7." + std::to_string(flavor % 6) +
          " (+https://www.terraform.io) terraform-provider-aws/5." + std::to_string(30 + flavor % 20) +
          ".0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25." +
          std::to_string(flavor % 4) + " os/linux lang/go#1.21.8 md/GOOS#linux md/GOARCH#amd64 api/" +
          std::string(std::string_view(svc.host).substr(0, std::string_view(svc.host).find('.'))) +
          "#1.1" + std::to_string(flavor % 50) + ".0";
      break;
    case UaClass::GoSdk:
      u = "aws-sdk-go/1.50." + std::to_string(flavor % 40) + " (go1.21.6; linux; amd64)";
      break;
    case UaClass::JavaSdk:
      u = "aws-sdk-java/2.21." + std::to_string(flavor % 45) +
          " Linux/5.10.210-201.852.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 "
          "vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy";
      break;
    case UaClass::NodeSdk:
      u = "aws-sdk-nodejs/2.1" + std::to_string(500 + flavor % 90) +
          ".0 linux/v18.19.0 exec-env/AWS_Lambda_nodejs18.x promise";
      break;
    case UaClass::Console:
      u = kBrowsers[flavor % kBrowsers.size()];
      break;
    case UaClass::AwsInternal:
      u = "AWS Internal";
      break;
    case UaClass::ServiceName:
      u = svc.host;  // replaced by the caller's service name (see render)
      break;
  }
  (void)r;
  return u;
}

// ---------------------------------------------------------------- identities
enum class IdType { IAMUser, AssumedRole, Root, AWSService };
enum class IpKind { V4, V6, Private, NonIp };

struct Actor {
  int account = 0;
  IdType type = IdType::IAMUser;
  std::string arn, principal_id, user_name, access_key;
  std::string role_name, role_arn, role_principal, session;  // AssumedRole
  std::string invoked_by;                                   // AWSService
  std::vector<UaClass> uas;                                 // first is most common
  std::vector<std::string> ips;
  IpKind ip_kind = IpKind::V4;
  bool console = false;  // sessionCredentialFromConsole
  double weight = 1;
  double write_ratio = 0.1;
  double fail_ratio = 0.03;
  std::vector<int> services;  // indices into the catalog; empty = any
  int home_region = 0;
  int flavor = 0;
  bool mfa = false;
  int id = 0;
};

const std::vector<std::string> kAccounts = {"111122223333", "444455556666", "777788889999", "123456789012"};
const std::vector<double> kAccountWeights = {0.5, 0.25, 0.15, 0.1};
const std::vector<std::string> kRegions = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
                                           "ap-southeast-2", "ap-northeast-1", "us-east-2"};
const std::vector<double> kRegionWeights = {0.45, 0.2, 0.15, 0.08, 0.05, 0.04, 0.03};

std::string ipv4(Rng& r, IpKind k) {
  static const char* nets[] = {"192.0.2.", "198.51.100.", "203.0.113."};
  if (k == IpKind::Private)
    return "10." + std::to_string(r.range(0, 31)) + "." + std::to_string(r.range(0, 255)) + "." +
           std::to_string(r.range(4, 254));
  return std::string(nets[r.below(3)]) + std::to_string(r.range(1, 254));
}
std::string ipv6(Rng& r) {
  std::string s = "2001:db8:";
  add_hex(s, r, 4); s += ':'; add_hex(s, r, 4); s += ':'; add_hex(s, r, 4); s += ':'; add_hex(s, r, 4);
  s += ':'; add_hex(s, r, 4); s += ':'; add_hex(s, r, 4);
  return s;
}

struct World {
  std::vector<Service> services;
  std::vector<Actor> actors;
  std::unique_ptr<Weighted> actor_pick, service_pick, region_pick;
  std::vector<std::vector<int>> rule_discovery;  // per account: actor ids usable for bursts
  std::vector<int> rule_services;                // catalog indices of the rule's providers
};

int svc_index(const World& w, std::string_view host) {
  for (size_t i = 0; i < w.services.size(); ++i)
    if (host == w.services[i].host) return int(i);
  std::fprintf(stderr, "gen_cloudtrail: unknown service %.*s\n", int(host.size()), host.data());
  std::exit(2);
}

void build_world(World& w, Rng& r) {
  w.services = make_services();
  std::vector<double> sw;
  for (auto& s : w.services) sw.push_back(s.weight);
  w.service_pick = std::make_unique<Weighted>(sw);
  w.region_pick = std::make_unique<Weighted>(kRegionWeights);
  for (size_t i = 0; i < w.services.size(); ++i)
    if (kRuleProviders.count(w.services[i].host)) w.rule_services.push_back(int(i));
  w.rule_discovery.resize(kAccounts.size());

  static const char* humans[] = {"alice.nguyen", "bob.schmidt", "carol.okafor", "dave.kowalski",
                                 "erin.tanaka", "frank.moreau", "grace.li", "heidi.jansen",
                                 "ivan.petrov", "judy.alvarez", "mallory.ross", "oscar.singh"};
  static const char* ssos[] = {"AWSReservedSSO_AdministratorAccess_8df5ccd37b",
                               "AWSReservedSSO_ReadOnlyAccess_2c9a11e0f4",
                               "AWSReservedSSO_PowerUserAccess_7b3e0d9a21",
                               "AWSReservedSSO_SecurityAudit_41f6c2be90"};
  auto add = [&](Actor a) {
    a.id = int(w.actors.size());
    a.flavor = int(r.below(1000));
    w.actors.push_back(std::move(a));
  };
  for (size_t acc = 0; acc < kAccounts.size(); ++acc) {
    const std::string& A = kAccounts[acc];
    double aw = kAccountWeights[acc];
    auto home = [&] { return int(r.chance(0.3) ? 0 : w.region_pick->pick(r)); };
    // IAM users working from the CLI (the founding rule's population).
    for (int i = 0; i < 6; ++i) {
      Actor a;
      a.account = int(acc);
      a.type = IdType::IAMUser;
      a.user_name = humans[(acc * 3 + i) % 12];
      a.arn = "arn:aws:iam::" + A + ":user/" + a.user_name;
      a.principal_id = "AIDA"; add_upper(a.principal_id, r, 17);
      a.access_key = "AKIA"; add_upper(a.access_key, r, 16);
      int u = int(r.below(3));
      a.uas = {u == 0 ? UaClass::CliV2 : u == 1 ? UaClass::CliV1 : UaClass::CliBracketed, UaClass::Boto3};
      a.ip_kind = r.chance(0.2) ? IpKind::V6 : IpKind::V4;
      for (int k = 0; k < 2; ++k) a.ips.push_back(a.ip_kind == IpKind::V6 ? ipv6(r) : ipv4(r, a.ip_kind));
      a.weight = aw * 0.25;
      a.write_ratio = 0.12;
      a.home_region = home();
      add(a);
      w.rule_discovery[acc].push_back(w.actors.back().id);
    }
    // A CI user with long-lived keys (Terraform).
    {
      Actor a;
      a.account = int(acc);
      a.type = IdType::IAMUser;
      a.user_name = "terraform-ci";
      a.arn = "arn:aws:iam::" + A + ":user/" + a.user_name;
      a.principal_id = "AIDA"; add_upper(a.principal_id, r, 17);
      a.access_key = "AKIA"; add_upper(a.access_key, r, 16);
      a.uas = {UaClass::Terraform};
      a.ips = {ipv4(r, IpKind::V4)};
      a.weight = aw * 1.5;
      a.write_ratio = 0.2;
      add(a);
    }
    // SSO humans: console, CLI, CloudShell.
    for (int i = 0; i < 8; ++i) {
      Actor a;
      a.account = int(acc);
      a.type = IdType::AssumedRole;
      a.role_name = ssos[i % 4];
      a.session = std::string(humans[(acc * 5 + i) % 12]) + "@example.com";
      int style = i % 4;  // 0,1 console; 2 cli; 3 cloudshell
      a.console = style <= 1 || style == 3;
      a.uas = style <= 1 ? std::vector<UaClass>{UaClass::Console, UaClass::AwsInternal}
              : style == 2 ? std::vector<UaClass>{UaClass::CliV2, UaClass::CliBracketed}
                           : std::vector<UaClass>{UaClass::CloudShell};
      a.ip_kind = IpKind::V4;
      a.ips = {ipv4(r, IpKind::V4)};
      a.weight = aw * 0.35;
      a.write_ratio = 0.1;
      a.home_region = home();
      a.mfa = true;
      add(a);
      if (style == 2) w.rule_discovery[acc].push_back(w.actors.back().id);
    }
    // Automation roles.
    struct Auto { const char* role; const char* session; UaClass ua; IpKind ip; double weight; double write; std::vector<const char*> svcs; };
    std::vector<Auto> autos = {
        {"eks-node-role", "i-0a1b2c3d4e5f60718", UaClass::GoSdk, IpKind::Private, 9, 0.08,
         {"ec2.amazonaws.com", "ecr.amazonaws.com", "autoscaling.amazonaws.com", "elasticloadbalancing.amazonaws.com", "sts.amazonaws.com"}},
        {"app-lambda-exec", "order-processor", UaClass::NodeSdk, IpKind::V4, 8, 0.15,
         {"dynamodb.amazonaws.com", "kms.amazonaws.com", "sqs.amazonaws.com", "sns.amazonaws.com", "secretsmanager.amazonaws.com", "ssm.amazonaws.com", "logs.amazonaws.com"}},
        {"github-actions-deploy", "GitHubActions", UaClass::CliV2, IpKind::V4, 3, 0.25,
         {"ecr.amazonaws.com", "ecs.amazonaws.com", "s3.amazonaws.com", "cloudformation.amazonaws.com", "sts.amazonaws.com", "lambda.amazonaws.com"}},
        {"ec2-ops-instance", "i-0f9e8d7c6b5a40312", UaClass::CliV1, IpKind::Private, 3, 0.05,
         {"ec2.amazonaws.com", "s3.amazonaws.com", "ssm.amazonaws.com", "logs.amazonaws.com", "monitoring.amazonaws.com"}},
        {"prowler-scanner", "prowler-1709251200", UaClass::Boto3, IpKind::V4, 4, 0.0, {}},
        {"datadog-integration", "DatadogAWSIntegration", UaClass::JavaSdk, IpKind::V4, 6, 0.0,
         {"monitoring.amazonaws.com", "ec2.amazonaws.com", "rds.amazonaws.com", "elasticloadbalancing.amazonaws.com", "logs.amazonaws.com", "tagging.amazonaws.com", "lambda.amazonaws.com"}},
        {"AWSServiceRoleForConfig", "AWSConfig-Describe", UaClass::ServiceName, IpKind::NonIp, 5, 0.02, {}},
        {"AWSServiceRoleForAutoScaling", "AutoScaling", UaClass::AwsInternal, IpKind::NonIp, 2, 0.3,
         {"ec2.amazonaws.com", "elasticloadbalancing.amazonaws.com"}},
    };
    for (auto& d : autos) {
      Actor a;
      a.account = int(acc);
      a.type = IdType::AssumedRole;
      a.role_name = d.role;
      a.session = d.session;
      a.uas = {d.ua};
      if (d.ua == UaClass::CliV2) a.uas.push_back(UaClass::Boto3);
      a.ip_kind = d.ip;
      if (d.ip == IpKind::NonIp)
        a.ips = {d.ua == UaClass::ServiceName ? "config.amazonaws.com" : "autoscaling.amazonaws.com"};
      else
        for (int k = 0; k < 3; ++k) a.ips.push_back(ipv4(r, d.ip));
      a.weight = aw * d.weight;
      a.write_ratio = d.write;
      a.fail_ratio = 0.02;
      for (auto* h : d.svcs) a.services.push_back(svc_index(w, h));
      a.home_region = home();
      add(a);
      if (d.ua == UaClass::CliV1 || d.ua == UaClass::CliV2) w.rule_discovery[acc].push_back(w.actors.back().id);
    }
    // Root: console only, rare.
    {
      Actor a;
      a.account = int(acc);
      a.type = IdType::Root;
      a.arn = "arn:aws:iam::" + A + ":root";
      a.principal_id = A;
      a.uas = {UaClass::Console};
      a.console = false;  // root console sessions carry no sessionCredentialFromConsole here
      a.ips = {ipv4(r, IpKind::V4)};
      a.weight = aw * 0.02;
      a.write_ratio = 0.1;
      a.mfa = true;
      add(a);
    }
    // AWS services acting on the account's behalf.
    for (const char* svc : {"lambda.amazonaws.com", "cloudtrail.amazonaws.com", "ec2.amazonaws.com",
                            "autoscaling.amazonaws.com", "ecs-tasks.amazonaws.com"}) {
      Actor a;
      a.account = int(acc);
      a.type = IdType::AWSService;
      a.invoked_by = svc;
      a.uas = {UaClass::ServiceName};
      a.ip_kind = IpKind::NonIp;
      a.ips = {svc};
      a.weight = aw * 1.5;
      a.write_ratio = 0.5;
      a.fail_ratio = 0.005;
      a.services = {svc_index(w, "sts.amazonaws.com"), svc_index(w, "kms.amazonaws.com")};
      add(a);
    }
  }
  // Fill in ARNs for roles.
  for (auto& a : w.actors) {
    if (a.type != IdType::AssumedRole) continue;
    const std::string& A = kAccounts[a.account];
    bool slr = a.role_name.rfind("AWSServiceRoleFor", 0) == 0;
    bool sso = a.role_name.rfind("AWSReservedSSO_", 0) == 0;
    a.role_arn = "arn:aws:iam::" + A + ":role/" +
                 (slr ? "aws-service-role/" + std::string(a.role_name == "AWSServiceRoleForConfig" ? "config" : "autoscaling") + ".amazonaws.com/"
                      : sso ? "aws-reserved/sso.amazonaws.com/" : "") + a.role_name;
    a.role_principal = "AROA"; add_upper(a.role_principal, r, 17);
    a.principal_id = a.role_principal + ":" + a.session;
    a.arn = "arn:aws:sts::" + A + ":assumed-role/" + a.role_name + "/" + a.session;
    a.access_key = "ASIA"; add_upper(a.access_key, r, 16);
  }
  std::vector<double> aw;
  for (auto& a : w.actors) aw.push_back(a.weight);
  w.actor_pick = std::make_unique<Weighted>(aw);
}

// ---------------------------------------------------------------- events
struct Event {
  int64_t ms = 0;
  const Actor* actor = nullptr;
  int svc = 0;
  std::string action;
  bool write = false;
  int region = 0;
  std::string ip;
  IpKind ip_kind = IpKind::V4;
  UaClass ua = UaClass::CliV2;
  bool console = false;
  bool fail = false;
  bool burst = false;  // part of an injected discovery burst
};

// Does the founding rule keep this event (its WHERE clauses)?
bool qualifies(const World& w, const Event& e) {
  const Actor& a = *e.actor;
  if (!is_cli(e.ua) || e.ip_kind == IpKind::NonIp || e.console) return false;
  if (!kRuleProviders.count(w.services[e.svc].host)) return false;
  if (a.type == IdType::AWSService || a.type == IdType::Root) return false;  // Root: no user.name
  std::string_view user_name = a.type == IdType::AssumedRole ? a.role_name : a.user_name;
  if (user_name.empty() || user_name == "AWSServiceRoleForConfig") return false;
  if (e.action == "DescribeCapacityReservations") return false;
  return discovery_action(e.action);
}

struct Stream {  // one account/region: the S3 object being filled
  std::vector<std::string> recs;
  std::string body;
  size_t records = 0;
  int64_t slot = -1;  // 5-minute slot of the first record
  int limit = 1000;
};

struct Options {
  uint64_t events = 1'000'000;
  uint64_t seed = 42;
  double rate = 40;  // background events per second
  int64_t start_ms = 0;
  int64_t bursts = -1;  // -1: events / 100000 (at least 1)
  std::string s3, plain, ndjson, expected;
  int gzip_level = 6;
  int64_t plain_file_mb = 128;
  bool quiet = false;
};

class Generator {
 public:
  Generator(const Options& o) : o_(o), rng_(o.seed), rng_ids_(o.seed ^ 0x5eed5eed5eedULL) {
    build_world(w_, rng_);
    streams_.resize(kAccounts.size() * kRegions.size());
  }

  int run() {
    if (!o_.s3.empty()) fs::create_directories(o_.s3);
    if (!o_.plain.empty()) fs::create_directories(o_.plain);
    if (!o_.ndjson.empty()) fs::create_directories(o_.ndjson);
    const uint64_t N = o_.events;
    const int64_t bursts = o_.bursts >= 0 ? o_.bursts : std::max<int64_t>(1, int64_t(N / 100000));
    const uint64_t decoy_every = std::max<uint64_t>(2000, N / std::max<int64_t>(1, bursts * 3));
    const double mean_gap_ms = 1000.0 / o_.rate;
    int64_t t = o_.start_ms;
    int64_t next_burst = 0;
    uint64_t next_burst_at = bursts ? N / (2 * bursts) : UINT64_MAX;
    uint64_t next_decoy_at = decoy_every / 2;
    int decoy_kind = 0;
    std::vector<Event> batch;
    while (emitted_ < N) {
      t += int64_t(-std::log(1.0 - rng_.uniform()) * mean_gap_ms);
      if (emitted_ >= next_burst_at && next_burst < bursts) {
        inject_burst(t);
        ++next_burst;
        next_burst_at = (2 * uint64_t(next_burst) + 1) * N / (2 * bursts);
        continue;
      }
      if (emitted_ >= next_decoy_at) {
        inject_decoy(t, decoy_kind++);
        next_decoy_at += decoy_every;
        continue;
      }
      Event e = background(t);
      admit(e);
      emit(e);
      if ((emitted_ & 0xffff) == 0) prune(t - 120000);
    }
    prune(INT64_MAX);
    for (size_t i = 0; i < streams_.size(); ++i) flush_stream(i);
    close_plain();
    std::sort(expected_.begin(), expected_.end());
    if (!o_.expected.empty()) {
      FILE* f = std::fopen(o_.expected.c_str(), "w");
      if (!f) { std::perror(o_.expected.c_str()); return 2; }
      std::fprintf(f, "# SYNTHETIC: expected alerts of discovery_multiple_discovery_api_calls_via_cli\n"
                      "# arn\twindow_start\tdistinct_actions\n");
      for (auto& x : expected_) std::fprintf(f, "%s\n", x.c_str());
      std::fclose(f);
    }
    std::fprintf(stderr,
                 "gen_cloudtrail: SYNTHETIC CloudTrail, seed %llu: %llu events, %.1f MB JSON, %llu s3 files "
                 "(%.1f MB gzip), %llu plain parts, %llu ndjson parts, %s .. ",
                 (unsigned long long)o_.seed, (unsigned long long)emitted_, json_bytes_ / 1e6,
                 (unsigned long long)s3_files_, gz_bytes_ / 1e6, (unsigned long long)plain_part_,
                 (unsigned long long)ndjson_part_, iso(o_.start_ms).c_str());
    std::fprintf(stderr, "%s; %llu decoys; %llu background calls re-labelled Boto3\n", iso(t).c_str(),
                 (unsigned long long)decoys_, (unsigned long long)relabelled_);
    std::printf("events=%llu json_bytes=%.0f s3_files=%llu gz_bytes=%.0f\n", (unsigned long long)emitted_,
                json_bytes_, (unsigned long long)s3_files_, gz_bytes_);
    std::printf("injected discovery bursts (expected founding-rule alerts): %zu\n", expected_.size());
    return 0;
  }

 private:
  static std::string iso(int64_t ms) { std::string s; add_iso(s, ms); return s; }

  Event background(int64_t t) {
    Event e;
    e.ms = t;
    const Actor& a = w_.actors[w_.actor_pick->pick(rng_)];
    e.actor = &a;
    e.svc = a.services.empty() ? int(w_.service_pick->pick(rng_)) : a.services[rng_.below(a.services.size())];
    const Service& s = w_.services[e.svc];
    bool root_login = a.type == IdType::Root && rng_.chance(0.3);
    bool console_login = a.uas[0] == UaClass::Console && rng_.chance(0.01);
    if (root_login || console_login) {
      e.svc = svc_index(w_, "signin.amazonaws.com");
      e.action = "ConsoleLogin";
      e.write = true;
    } else {
      e.write = !s.writes.empty() && rng_.chance(a.write_ratio);
      const auto& list = e.write ? s.writes : s.reads;
      e.action = list[rng_.skewed(list.size())];
    }
    e.region = w_.services[e.svc].global ? 0 : rng_.chance(0.8) ? a.home_region : int(w_.region_pick->pick(rng_));
    e.ip = a.ips[rng_.below(a.ips.size())];
    e.ip_kind = a.ip_kind;
    e.ua = a.uas.size() > 1 && rng_.chance(0.15) ? a.uas[1] : a.uas[0];
    if (e.ua == UaClass::AwsInternal && a.type == IdType::AssumedRole && a.console) {
      e.ip = "AWS Internal";
      e.ip_kind = IpKind::NonIp;
    }
    e.console = a.console;
    e.fail = rng_.chance(a.fail_ratio);
    return e;
  }

  // Keep non-burst windows at <= 5 distinct qualifying actions (exact alert count).
  void admit(Event& e) {
    if (!qualifies(w_, e)) return;
    auto& win = windows_[key(e)];
    if (win.burst || win.actions.count(e.action) || win.actions.size() < 5) {
      win.actions.insert(e.action);
      return;
    }
    e.ua = UaClass::Boto3;
    ++relabelled_;
  }
  uint64_t key(const Event& e) const { return (uint64_t(e.actor->id) << 44) | uint64_t(e.ms / 10000); }

  void prune(int64_t before_ms) {
    int64_t wb = before_ms == INT64_MAX ? INT64_MAX : before_ms / 10000;
    for (auto it = windows_.begin(); it != windows_.end();) {
      int64_t win = int64_t(it->first & ((1ULL << 44) - 1));
      if (win < wb) {
        if (it->second.burst) {
          const Actor& a = w_.actors[it->first >> 44];
          expected_.push_back(a.arn + "\t" + iso(win * 10000) + "\t" + std::to_string(it->second.actions.size()));
        }
        it = windows_.erase(it);
      } else {
        ++it;
      }
    }
  }

  // One principal, aws-cli, 6..14 distinct discovery actions in one 10 s window.
  void inject_burst(int64_t t) {
    int acc = int(Weighted(kAccountWeights).pick(rng_));
    const auto& pool = w_.rule_discovery[acc];
    const Actor& a = w_.actors[pool[rng_.below(pool.size())]];
    int64_t window = (t / 10000 + 1 + rng_.below(3)) * 10000;
    // A burst must be the only one in its (arn, window) and must not reuse a window
    // the background already filled (that is fine for the count, but keep it simple).
    while (windows_.count((uint64_t(a.id) << 44) | uint64_t(window / 10000))) window += 10000;
    int distinct = int(rng_.range(6, 14));
    std::vector<std::pair<int, std::string>> calls;
    std::set<std::string> used;
    while (int(used.size()) < distinct) {
      int svc = w_.rule_services[rng_.below(w_.rule_services.size())];
      const Service& s = w_.services[svc];
      const std::string& act = s.reads[rng_.below(s.reads.size())];
      if (!discovery_action(act) || act == "DescribeCapacityReservations" || used.count(act)) continue;
      used.insert(act);
      calls.push_back({svc, act});
      if (rng_.chance(0.2)) calls.push_back({svc, act});  // repeated call, same action
    }
    UaClass ua = a.uas[0];
    if (!is_cli(ua)) ua = UaClass::CliV2;
    std::vector<int64_t> times;
    for (size_t i = 0; i < calls.size(); ++i) times.push_back(window + rng_.range(0, 9999));
    std::sort(times.begin(), times.end());
    auto& win = windows_[(uint64_t(a.id) << 44) | uint64_t(window / 10000)];
    win.burst = true;
    for (size_t i = 0; i < calls.size(); ++i) {
      Event e;
      e.ms = times[i];
      e.actor = &a;
      e.svc = calls[i].first;
      e.action = calls[i].second;
      e.region = w_.services[e.svc].global ? 0 : a.home_region;
      e.ip = a.ips[0];
      e.ip_kind = a.ip_kind;
      e.ua = ua;
      e.console = a.console;
      e.fail = rng_.chance(0.25);  // reconnaissance hits AccessDenied a lot
      e.burst = true;
      if (!qualifies(w_, e)) { std::fprintf(stderr, "gen_cloudtrail: internal error: burst call does not qualify\n"); std::exit(3); }
      win.actions.insert(e.action);
      emit(e);
    }
  }

  // Near misses: look like bursts but must not alert.
  void inject_decoy(int64_t t, int kind) {
    ++decoys_;
    int acc = int(Weighted(kAccountWeights).pick(rng_));
    const auto& pool = w_.rule_discovery[acc];
    const Actor* a = &w_.actors[pool[rng_.below(pool.size())]];
    int64_t window = (t / 10000 + 1) * 10000;
    int distinct = 8;
    UaClass ua = is_cli(a->uas[0]) ? a->uas[0] : UaClass::CliV2;
    bool console = a->console, split = false, other_providers = false, capacity = false;
    IpKind ipk = a->ip_kind;
    std::string ip = a->ips[0];
    switch (kind % 9) {
      case 0: distinct = 5; break;                     // one short of the threshold
      case 1: ua = UaClass::Boto3; break;              // not aws-cli
      case 2: split = true; break;                     // 4 + 4 over two windows
      case 3: console = true; ua = UaClass::CloudShell; break;  // console credentials
      case 4: ipk = IpKind::NonIp; ip = "AWS Internal"; break;  // no source.ip
      case 5: other_providers = true; break;           // ssm/sns/logs/... not in the rule's list
      case 6: {                                        // root: no user.name
        for (auto& x : w_.actors)
          if (x.account == acc && x.type == IdType::Root) a = &x;
        break;
      }
      case 7: capacity = true; distinct = 5; break;    // + DescribeCapacityReservations
      case 8: {                                        // the Config service-linked role via cli
        for (auto& x : w_.actors)
          if (x.account == acc && x.role_name == "AWSServiceRoleForConfig") a = &x;
        ipk = IpKind::V4;
        ip = "198.51.100.77";
        break;
      }
    }
    std::vector<Event> evs;
    std::set<std::string> used;
    while (int(used.size()) < distinct) {
      int svc;
      if (other_providers) {
        static const char* others[] = {"ssm.amazonaws.com", "sns.amazonaws.com", "logs.amazonaws.com",
                                       "secretsmanager.amazonaws.com", "ecs.amazonaws.com"};
        svc = svc_index(w_, others[rng_.below(5)]);
      } else {
        svc = w_.rule_services[rng_.below(w_.rule_services.size())];
      }
      const Service& s = w_.services[svc];
      const std::string& act = s.reads[rng_.below(s.reads.size())];
      if (!discovery_action(act) || act == "DescribeCapacityReservations" || used.count(act)) continue;
      used.insert(act);
      Event e;
      e.svc = svc;
      e.action = act;
      evs.push_back(e);
    }
    if (capacity) {
      Event e;
      e.svc = svc_index(w_, "ec2.amazonaws.com");
      e.action = "DescribeCapacityReservations";
      evs.push_back(e);
    }
    for (size_t i = 0; i < evs.size(); ++i) {
      Event& e = evs[i];
      e.ms = split ? (i < evs.size() / 2 ? window - 4000 + rng_.range(0, 3999) : window + rng_.range(0, 3999))
                   : window + rng_.range(0, 9999);
      e.actor = a;
      e.region = w_.services[e.svc].global ? 0 : a->home_region;
      e.ip = ip;
      e.ip_kind = ipk;
      e.ua = ua;
      e.console = console;
    }
    std::sort(evs.begin(), evs.end(), [](const Event& x, const Event& y) { return x.ms < y.ms; });
    for (auto& e : evs) {
      admit(e);
      emit(e);
    }
  }

  // ------------------------------------------------------------ rendering
  void render(const Event& e, std::string& o) {
    Rng& r = rng_ids_;
    const Actor& a = *e.actor;
    const Service& s = w_.services[e.svc];
    const std::string& A = kAccounts[a.account];
    const std::string& region = kRegions[e.region];
    std::string_view host = s.host;
    o += "{\"eventVersion\":\"";
    o += s.kind == Kind::Signin ? "1.08" : "1.09";
    o += "\",\"userIdentity\":{";
    switch (a.type) {
      case IdType::IAMUser:
        kv(o, "type", "IAMUser"); o += ','; kv(o, "principalId", a.principal_id); o += ',';
        kv(o, "arn", a.arn); o += ','; kv(o, "accountId", A); o += ',';
        if (s.kind != Kind::Signin) { kv(o, "accessKeyId", a.access_key); o += ','; }
        kv(o, "userName", a.user_name);
        break;
      case IdType::Root:
        kv(o, "type", "Root"); o += ','; kv(o, "principalId", a.principal_id); o += ',';
        kv(o, "arn", a.arn); o += ','; kv(o, "accountId", A);
        if (s.kind != Kind::Signin) { o += ','; kv(o, "accessKeyId", "ASIA"); o.pop_back(); add_upper(o, r, 16); o += '"'; }
        break;
      case IdType::AssumedRole:
        kv(o, "type", "AssumedRole"); o += ','; kv(o, "principalId", a.principal_id); o += ',';
        kv(o, "arn", a.arn); o += ','; kv(o, "accountId", A); o += ',';
        kv(o, "accessKeyId", a.access_key); o += ",\"sessionContext\":{\"sessionIssuer\":{";
        kv(o, "type", "Role"); o += ','; kv(o, "principalId", a.role_principal); o += ',';
        kv(o, "arn", a.role_arn); o += ','; kv(o, "accountId", A); o += ','; kv(o, "userName", a.role_name);
        o += "},\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"";
        add_iso(o, e.ms - 60000 * int64_t(1 + (a.flavor * 7 + e.ms / 3600000) % 55));
        o += "\",\"mfaAuthenticated\":\"";
        o += a.mfa ? "true" : "false";
        o += "\"}";
        if (a.role_name == "eks-node-role" || a.role_name == "ec2-ops-instance") {
          o += ",\"ec2RoleDelivery\":\"2.0\"";
        }
        o += '}';
        break;
      case IdType::AWSService:
        kv(o, "type", "AWSService"); o += ','; kv(o, "invokedBy", a.invoked_by);
        break;
    }
    o += "},\"eventTime\":\"";
    add_iso(o, e.ms);
    o += "\",";
    kv(o, "eventSource", host); o += ',';
    kv(o, "eventName", e.action); o += ',';
    kv(o, "awsRegion", region); o += ',';
    kv(o, "sourceIPAddress", e.ip); o += ',';
    if (e.ua == UaClass::ServiceName)
      kv(o, "userAgent", a.type == IdType::AWSService ? a.invoked_by : e.ip);
    else
      kv(o, "userAgent", make_ua(r, e.ua, s, e.action, a.flavor));
    o += ',';
    if (e.fail) {
      static const char* codes[] = {"AccessDenied", "Client.UnauthorizedOperation", "ThrottlingException",
                                    "ResourceNotFoundException", "ValidationException"};
      int c = int(r.below(5));
      if (s.kind == Kind::Ec2 && c == 0) c = 1;
      kv(o, "errorCode", codes[c]); o += ",\"errorMessage\":\"";
      if (c <= 1) {
        o += "User: " + a.arn + " is not authorized to perform: " +
             std::string(host.substr(0, host.find('.'))) + ":" + e.action +
             " because no identity-based policy allows the " + std::string(host.substr(0, host.find('.'))) +
             ":" + e.action + " action";
      } else if (c == 2) {
        o += "Rate exceeded";
      } else if (c == 3) {
        o += "The requested resource was not found";
      } else {
        o += "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint";
      }
      o += "\",";
    }
    o += "\"requestParameters\":";
    request_parameters(e, o);
    o += ",\"responseElements\":";
    response_elements(e, o);
    if (s.kind == Kind::S3 || s.kind == Kind::Signin || (s.kind == Kind::Ssm && e.action == "StartSession")) {
      o += ",\"additionalEventData\":";
      additional(e, o);
    }
    o += ",\"requestID\":\"";
    if (s.kind == Kind::S3) add_hex(o, r, 16, true); else add_uuid(o, r);
    o += "\",\"eventID\":\"";
    add_uuid(o, r);
    o += "\",\"readOnly\":";
    o += e.write ? "false" : "true";
    if (s.kind == Kind::Kms || s.kind == Kind::S3 || (s.kind == Kind::Sts && e.write)) {
      o += ",\"resources\":[{\"accountId\":\"";
      o += A;
      o += "\",\"type\":\"";
      o += s.kind == Kind::Kms ? "AWS::KMS::Key" : s.kind == Kind::S3 ? "AWS::S3::Bucket" : "AWS::IAM::Role";
      o += "\",\"ARN\":\"";
      if (s.kind == Kind::Kms) { o += "arn:aws:kms:" + region + ":" + A + ":key/"; add_uuid(o, r); }
      else if (s.kind == Kind::S3) o += "arn:aws:s3:::" + bucket(a, e);
      else o += "arn:aws:iam::" + A + ":role/app-lambda-exec";
      o += "\"}]";
    }
    o += ",\"eventType\":\"";
    o += s.kind == Kind::Signin ? "AwsConsoleSignIn" : "AwsApiCall";
    o += "\",\"managementEvent\":true,\"recipientAccountId\":\"";
    o += A;
    o += "\",\"eventCategory\":\"Management\"";
    if (a.type == IdType::AWSService) {
      o += ",\"sharedEventID\":\"";
      add_uuid(o, r);
      o += '"';
    }
    if (e.console) o += ",\"sessionCredentialFromConsole\":\"true\"";
    if (a.type != IdType::AWSService && e.ip_kind != IpKind::NonIp) {
      o += ",\"tlsDetails\":{\"tlsVersion\":\"";
      o += (a.flavor % 3) ? "TLSv1.3" : "TLSv1.2";
      o += "\",\"cipherSuite\":\"";
      o += (a.flavor % 3) ? "TLS_AES_128_GCM_SHA256" : "ECDHE-RSA-AES128-GCM-SHA256";
      o += "\",\"clientProvidedHostHeader\":\"";
      if (s.kind == Kind::Signin) o += "signin.aws.amazon.com";
      else if (s.global) o += host;
      else { o += host.substr(0, host.find('.')); o += '.'; o += region; o += ".amazonaws.com"; }
      o += "\"}";
    }
    o += '}';
  }

  std::string bucket(const Actor& a, const Event& e) {
    static const char* names[] = {"acme-prod-logs", "acme-terraform-state", "acme-artifacts", "acme-data-lake",
                                  "acme-backups", "acme-static-site", "acme-cloudtrail"};
    return std::string(names[(a.flavor + e.ms / 60000) % 7]) + "-" + kAccounts[a.account];
  }

  void request_parameters(const Event& e, std::string& o) {
    Rng& r = rng_ids_;
    const Actor& a = *e.actor;
    const Service& s = w_.services[e.svc];
    const std::string& A = kAccounts[a.account];
    const std::string& region = kRegions[e.region];
    std::string_view act = e.action;
    switch (s.kind) {
      case Kind::Ec2:
        if (act == "DescribeInstances" || act == "DescribeInstanceStatus") {
          o += "{\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0";
          add_hex(o, r, 16);
          o += "\"}]},\"filterSet\":{\"items\":[{\"name\":\"instance-state-name\",\"valueSet\":{\"items\":[{\"value\":\"running\"},{\"value\":\"pending\"}]}},{\"name\":\"tag:Environment\",\"valueSet\":{\"items\":[{\"value\":\"production\"}]}}]},\"maxResults\":1000}";
        } else if (act == "RunInstances") {
          o += "{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-0";
          add_hex(o, r, 16);
          o += "\",\"minCount\":1,\"maxCount\":1}]},\"instanceType\":\"m6i.large\",\"blockDeviceMapping\":{},\"monitoring\":{\"enabled\":false},\"disableApiTermination\":false,\"disableApiStop\":false,\"clientToken\":\"";
          add_uuid(o, r);
          o += "\",\"networkInterfaceSet\":{\"items\":[{\"deviceIndex\":0,\"subnetId\":\"subnet-0";
          add_hex(o, r, 16);
          o += "\",\"groupSet\":{\"items\":[{\"groupId\":\"sg-0";
          add_hex(o, r, 16);
          o += "\"}]}}]},\"iamInstanceProfile\":{\"arn\":\"arn:aws:iam::" + A +
               ":instance-profile/eks-node-role\"},\"tagSpecificationSet\":{\"items\":[{\"resourceType\":\"instance\",\"tags\":[{\"key\":\"Name\",\"value\":\"worker\"},{\"key\":\"Environment\",\"value\":\"production\"}]}]},\"metadataOptions\":{\"httpTokens\":\"required\",\"httpPutResponseHopLimit\":2}}";
        } else if (act.starts_with("Describe")) {
          o += "{\"filterSet\":{\"items\":[{\"name\":\"vpc-id\",\"valueSet\":{\"items\":[{\"value\":\"vpc-0";
          add_hex(o, r, 16);
          o += "\"}]}}]},\"maxResults\":";
          add_int(o, 5 * (1 + r.below(200)));
          o += '}';
        } else {
          o += "{\"resourcesSet\":{\"items\":[{\"resourceId\":\"i-0";
          add_hex(o, r, 16);
          o += "\"}]},\"tagSet\":{\"items\":[{\"key\":\"Owner\",\"value\":\"" + std::string(a.session.empty() ? a.user_name : a.session) + "\"}]}}";
        }
        return;
      case Kind::S3: {
        std::string b = bucket(a, e);
        if (act == "ListBuckets") {
          o += "{\"Host\":\"s3." + region + ".amazonaws.com\"}";
        } else {
          o += "{\"bucketName\":\"" + b + "\",\"Host\":\"" + b + ".s3." + region + ".amazonaws.com\",\"";
          std::string sub = std::string(act.substr(act.starts_with("Get") || act.starts_with("Put") ? 9 : 0));
          for (auto& c : sub) c = char(std::tolower(c));
          o += sub.empty() ? "acl" : sub;
          o += "\":\"\"";
          if (act == "PutBucketPolicy")
            o += ",\"bucketPolicy\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AllowSSLRequestsOnly\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + b + "\",\"arn:aws:s3:::" + b + "/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
          o += '}';
        }
        return;
      }
      case Kind::Iam:
        if (act.starts_with("List") && act != "ListAttachedRolePolicies" && act != "ListRolePolicies") {
          o += "{\"maxItems\":100,\"pathPrefix\":\"/\"}";
        } else if (act.find("Role") != std::string_view::npos) {
          o += "{\"roleName\":\"app-lambda-exec\"";
          if (act == "AttachRolePolicy") o += ",\"policyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"";
          if (act == "CreateRole" || act == "UpdateAssumeRolePolicy")
            o += ",\"assumeRolePolicyDocument\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":{\\\"Service\\\":\\\"lambda.amazonaws.com\\\"},\\\"Action\\\":\\\"sts:AssumeRole\\\"}]}\"";
          o += '}';
        } else if (act == "GetPolicy" || act == "GetPolicyVersion") {
          o += "{\"policyArn\":\"arn:aws:iam::" + A + ":policy/app-data-access\"" +
               (act == "GetPolicyVersion" ? ",\"versionId\":\"v3\"" : "") + "}";
        } else if (act.find("User") != std::string_view::npos || act.find("AccessKey") != std::string_view::npos ||
                   act == "GetLoginProfile" || act == "CreateLoginProfile") {
          o += "{\"userName\":\"" + std::string(a.user_name.empty() ? "svc-reporting" : a.user_name) + "\"}";
        } else {
          o += "null";
        }
        return;
      case Kind::Sts:
        if (act == "AssumeRole") {
          o += "{\"roleArn\":\"arn:aws:iam::" + A + ":role/app-lambda-exec\",\"roleSessionName\":\"";
          add_hex(o, r, 12);
          o += "\",\"durationSeconds\":3600}";
        } else if (act == "AssumeRoleWithWebIdentity") {
          o += "{\"roleArn\":\"arn:aws:iam::" + A + ":role/github-actions-deploy\",\"roleSessionName\":\"GitHubActions\",\"durationSeconds\":3600}";
        } else if (act == "GetAccessKeyInfo") {
          o += "{\"accessKeyId\":\"" + a.access_key + "\"}";
        } else {
          o += "null";
        }
        return;
      case Kind::Kms:
        if (act == "Decrypt" || act == "Encrypt" || act.starts_with("GenerateDataKey")) {
          o += "{\"encryptionContext\":{\"aws:lambda:FunctionArn\":\"arn:aws:lambda:" + region + ":" + A +
               ":function:order-processor\"},\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"";
          if (act != "Decrypt") o += ",\"keyId\":\"arn:aws:kms:" + region + ":" + A + ":alias/aws/lambda\",\"keySpec\":\"AES_256\"";
          o += '}';
        } else if (act == "ListKeys" || act == "ListAliases") {
          o += "{\"limit\":100}";
        } else {
          o += "{\"keyId\":\"";
          add_uuid(o, r);
          o += "\"}";
        }
        return;
      case Kind::Lambda:
        o += "{\"functionName\":\"arn:aws:lambda:" + region + ":" + A + ":function:order-processor\"";
        if (act.starts_with("Update")) o += ",\"publish\":true,\"architectures\":[\"arm64\"]";
        o += '}';
        return;
      case Kind::Logs:
        o += "{\"logGroupName\":\"/aws/lambda/order-processor\"";
        if (act == "CreateLogStream") {
          o += ",\"logStreamName\":\"2024/03/01/[$LATEST]";
          add_hex(o, r, 32);
          o += '"';
        } else if (act == "FilterLogEvents" || act == "GetLogEvents") {
          o += ",\"startTime\":";
          add_int(o, e.ms - 3600000);
          o += ",\"endTime\":";
          add_int(o, e.ms);
          o += ",\"filterPattern\":\"ERROR\",\"limit\":10000";
        }
        o += '}';
        return;
      case Kind::Ssm:
        if (act.starts_with("GetParameter")) {
          o += "{\"name\":\"/app/prod/db/password\",\"withDecryption\":true}";
        } else if (act == "SendCommand") {
          o += "{\"documentName\":\"AWS-RunShellScript\",\"instanceIds\":[\"i-0";
          add_hex(o, r, 16);
          o += "\"],\"interactive\":false,\"parameters\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}";
        } else if (act == "UpdateInstanceInformation") {
          o += "{\"instanceId\":\"i-0";
          add_hex(o, r, 16);
          o += "\",\"agentVersion\":\"3.3.40.0\",\"agentStatus\":\"Active\",\"platformType\":\"Linux\",\"platformName\":\"Amazon Linux\",\"platformVersion\":\"2023\",\"iPAddress\":\"10.0.1.23\",\"computerName\":\"ip-10-0-1-23.ec2.internal\",\"agentName\":\"amazon-ssm-agent\",\"availabilityZone\":\"" + region + "a\",\"availabilityZoneId\":\"use1-az2\"}";
        } else {
          o += "{\"maxResults\":50}";
        }
        return;
      case Kind::Secrets:
        o += "{\"secretId\":\"arn:aws:secretsmanager:" + region + ":" + A + ":secret:prod/app/db-";
        add_alnum(o, r, 6);
        o += "\"}";
        return;
      case Kind::Signin:
        o += "null";
        return;
      case Kind::Generic:
        break;
    }
    if (act.starts_with("List") || act.starts_with("Describe") || act.starts_with("Get")) {
      if (r.chance(0.35)) { o += "null"; return; }
      o += "{\"maxResults\":";
      add_int(o, 10 * (1 + r.below(10)));
      if (r.chance(0.5)) { o += ",\"nextToken\":\""; add_alnum(o, r, 48); o += '"'; }
      o += '}';
    } else {
      std::string_view h = s.host;
      o += "{\"resourceArn\":\"arn:aws:" + std::string(h.substr(0, h.find('.'))) + ":" + region + ":" + A +
           ":resource/app-";
      add_hex(o, r, 8);
      o += "\",\"clientRequestToken\":\"";
      add_uuid(o, r);
      o += "\",\"tags\":[{\"key\":\"Environment\",\"value\":\"production\"},{\"key\":\"ManagedBy\",\"value\":\"terraform\"}]}";
    }
  }

  void response_elements(const Event& e, std::string& o) {
    Rng& r = rng_ids_;
    const Actor& a = *e.actor;
    const Service& s = w_.services[e.svc];
    const std::string& A = kAccounts[a.account];
    if (e.fail) { o += "null"; return; }
    if (s.kind == Kind::Signin) { o += "{\"ConsoleLogin\":\"Success\"}"; return; }
    if (s.kind == Kind::Sts && (e.action.starts_with("Assume") || e.action == "GetSessionToken")) {
      o += "{\"credentials\":{\"accessKeyId\":\"ASIA";
      add_upper(o, r, 16);
      o += "\",\"sessionToken\":\"IQoJb3JpZ2luX2VjE";
      add_alnum(o, r, 380);
      o += "\",\"expiration\":\"";
      // CloudTrail renders this one as "Mar 1, 2024, 1:00:00 AM"; keep it short and fixed.
      o += "Mar 1, 2024, 1:00:00 AM";
      o += "\"}";
      if (e.action != "GetSessionToken") {
        o += ",\"assumedRoleUser\":{\"assumedRoleId\":\"AROA";
        add_upper(o, r, 17);
        o += ":session\",\"arn\":\"arn:aws:sts::" + A + ":assumed-role/app-lambda-exec/session\"}";
      }
      o += '}';
      return;
    }
    if (s.kind == Kind::Kms && e.action.starts_with("GenerateDataKey")) {
      o += "null";
      return;
    }
    if (!e.write) { o += "null"; return; }
    if (e.action == "CreateAccessKey") {
      o += "{\"accessKey\":{\"userName\":\"" + (a.user_name.empty() ? std::string("svc-reporting") : a.user_name) +
           "\",\"accessKeyId\":\"AKIA";
      add_upper(o, r, 16);
      o += "\",\"status\":\"Active\",\"createDate\":\"Mar 1, 2024, 12:00:00 AM\"}}";
      return;
    }
    if (e.action == "RunInstances") {
      o += "{\"requestId\":\"";
      add_uuid(o, r);
      o += "\",\"reservationId\":\"r-0";
      add_hex(o, r, 16);
      o += "\",\"ownerId\":\"" + A + "\",\"groupSet\":{},\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0";
      add_hex(o, r, 16);
      o += "\",\"imageId\":\"ami-0";
      add_hex(o, r, 16);
      o += "\",\"instanceState\":{\"code\":0,\"name\":\"pending\"},\"privateDnsName\":\"ip-10-0-1-23.ec2.internal\",\"amiLaunchIndex\":0,\"productCodes\":{},\"instanceType\":\"m6i.large\",\"launchTime\":";
      add_int(o, e.ms);
      o += ",\"placement\":{\"availabilityZone\":\"" + kRegions[e.region] + "a\",\"tenancy\":\"default\"},\"monitoring\":{\"state\":\"disabled\"},\"subnetId\":\"subnet-0";
      add_hex(o, r, 16);
      o += "\",\"vpcId\":\"vpc-0";
      add_hex(o, r, 16);
      o += "\",\"privateIpAddress\":\"10.0.1.23\",\"stateReason\":{\"code\":\"pending\",\"message\":\"pending\"},\"architecture\":\"x86_64\",\"rootDeviceType\":\"ebs\",\"rootDeviceName\":\"/dev/xvda\",\"blockDeviceMapping\":{},\"virtualizationType\":\"hvm\",\"hypervisor\":\"xen\",\"clientToken\":\"";
      add_uuid(o, r);
      o += "\",\"ebsOptimized\":true,\"enaSupport\":true,\"metadataOptions\":{\"state\":\"pending\",\"httpTokens\":\"required\",\"httpPutResponseHopLimit\":2,\"httpEndpoint\":\"enabled\"}}]}}";
      return;
    }
    std::string_view h = s.host;
    o += "{\"requestId\":\"";
    add_uuid(o, r);
    o += "\",\"";
    o += e.action.substr(0, std::min<size_t>(e.action.size(), 6)) == "Delete" ? "deleted" : "resource";
    o += "\":{\"arn\":\"arn:aws:" + std::string(h.substr(0, h.find('.'))) + ":" + kRegions[e.region] + ":" + A +
         ":resource/app-";
    add_hex(o, r, 8);
    o += "\",\"createdBy\":\"" + a.arn + "\",\"status\":\"ACTIVE\",\"version\":";
    add_int(o, 1 + r.below(40));
    o += "}}";
  }

  void additional(const Event& e, std::string& o) {
    Rng& r = rng_ids_;
    const Service& s = w_.services[e.svc];
    if (s.kind == Kind::Signin) {
      o += "{\"LoginTo\":\"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true\",\"MobileVersion\":\"No\",\"MFAIdentifier\":\"arn:aws:iam::" +
           kAccounts[e.actor->account] + ":mfa/root-account-mfa-device\",\"MFAUsed\":\"Yes\"}";
      return;
    }
    if (s.kind == Kind::Ssm) {
      o += "{\"MFAUsed\":\"No\"}";
      return;
    }
    o += "{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"";
    add_alnum(o, r, 76);
    o += "=\",\"bytesTransferredOut\":";
    add_int(o, 100 + r.below(4000));
    o += '}';
  }

  // ------------------------------------------------------------ outputs
  void emit(const Event& e) {
    rec_.clear();
    render(e, rec_);
    ++emitted_;
    json_bytes_ += rec_.size();
    if (!o_.s3.empty()) {
      size_t si = size_t(e.actor->account) * kRegions.size() + size_t(e.region);
      Stream& st = streams_[si];
      int64_t slot = e.ms / 300000;
      if (st.records && (slot > st.slot || int(st.records) >= st.limit)) flush_stream(si);
      if (!st.records) {
        st.slot = slot;
        st.limit = int(rng_.range(300, 1000));
      }
      if (st.recs.size() <= st.records) st.recs.emplace_back();
      st.recs[st.records].assign(rec_);
      ++st.records;
    }
    if (!o_.plain.empty()) {
      if (!plain_ || plain_size_ >= o_.plain_file_mb << 20) open_plain();
      if (plain_records_) std::fputs(",\n", plain_);
      std::fwrite(rec_.data(), 1, rec_.size(), plain_);
      plain_size_ += int64_t(rec_.size()) + 2;
      ++plain_records_;
    }
    if (!o_.ndjson.empty()) {
      if (!nd_ || nd_size_ >= o_.plain_file_mb << 20) {
        if (nd_) std::fclose(nd_);
        char name[96];
        std::snprintf(name, sizeof name, "synthetic_cloudtrail_part-%04llu.ndjson", (unsigned long long)ndjson_part_++);
        nd_ = open_or_die(fs::path(o_.ndjson) / name);
        nd_size_ = 0;
      }
      std::fwrite(rec_.data(), 1, rec_.size(), nd_);
      std::fputc('\n', nd_);
      nd_size_ += int64_t(rec_.size()) + 1;
    }
  }

  static FILE* open_or_die(const fs::path& p) {
    FILE* f = std::fopen(p.c_str(), "wb");
    if (!f) { std::perror(p.c_str()); std::exit(2); }
    std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
    return f;
  }
  void open_plain() {
    close_plain();
    char name[96];
    std::snprintf(name, sizeof name, "synthetic_cloudtrail_part-%04llu.json", (unsigned long long)plain_part_++);
    plain_ = open_or_die(fs::path(o_.plain) / name);
    std::fputs("{\"Records\":[\n", plain_);
    plain_size_ = 13;
    plain_records_ = 0;
  }
  void close_plain() {
    if (plain_) { std::fputs("\n]}\n", plain_); std::fclose(plain_); plain_ = nullptr; }
    if (nd_) { std::fclose(nd_); nd_ = nullptr; }
  }

  void flush_stream(size_t si) {
    Stream& st = streams_[si];
    if (!st.records) return;
    // Real deliveries are partly out of order (27-60 % of files, per the peers
    // survey): shuffle neighbours in about 40 % of the files.
    if (rng_ids_.chance(0.4))
      for (size_t k = 0, n = st.records / 4; k < n && st.records > 1; ++k) {
        size_t i = size_t(rng_ids_.below(st.records - 1));
        std::swap(st.recs[i], st.recs[i + 1]);
      }
    st.body = "{\"Records\":[";
    for (size_t i = 0; i < st.records; ++i) {
      if (i) st.body += ',';
      st.body += st.recs[i];
    }
    st.body += "]}";
    size_t acc = si / kRegions.size(), reg = si % kRegions.size();
    // Named after the delivery time: the end of the slot plus a lag of up to 5 minutes.
    Civil c = civil(st.slot * 300000 + 300000 + 60000 * rng_ids_.range(0, 5));
    char dir[256], name[256];
    std::snprintf(dir, sizeof dir, "AWSLogs/%s/CloudTrail/%s/%04d/%02d/%02d", kAccounts[acc].c_str(),
                  kRegions[reg].c_str(), c.y, c.m, c.d);
    std::string rnd = "SYNTH";
    add_alnum(rnd, rng_ids_, 11);
    std::snprintf(name, sizeof name, "%s_CloudTrail_%s_%04d%02d%02dT%02d%02dZ_%s.json.gz", kAccounts[acc].c_str(),
                  kRegions[reg].c_str(), c.y, c.m, c.d, c.H, c.M, rnd.c_str());
    fs::path d = fs::path(o_.s3) / dir;
    if (made_dirs_.insert(d.string()).second) fs::create_directories(d);
    gzip(st.body, gz_);
    FILE* f = std::fopen((d / name).c_str(), "wb");
    if (!f) { std::perror((d / name).c_str()); std::exit(2); }
    std::fwrite(gz_.data(), 1, gz_.size(), f);
    std::fclose(f);
    gz_bytes_ += gz_.size();
    ++s3_files_;
    st.records = 0;
    st.body.clear();
  }

  void gzip(const std::string& in, std::string& out) {
    z_stream zs{};
    if (deflateInit2(&zs, o_.gzip_level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      std::fprintf(stderr, "gen_cloudtrail: deflateInit2 failed\n");
      std::exit(3);
    }
    out.resize(deflateBound(&zs, in.size()) + 64);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
      std::fprintf(stderr, "gen_cloudtrail: deflate failed\n");
      std::exit(3);
    }
    out.resize(zs.total_out);
    deflateEnd(&zs);
  }

  struct Window {
    std::set<std::string> actions;
    bool burst = false;
  };

  Options o_;
  Rng rng_;      // the event stream (who/what/when)
  Rng rng_ids_;  // ids and payload details (do not perturb the event stream)
  World w_;
  std::vector<Stream> streams_;
  std::unordered_map<uint64_t, Window> windows_;
  std::vector<std::string> expected_;
  std::unordered_set<std::string> made_dirs_;
  std::string rec_, gz_;
  uint64_t emitted_ = 0, decoys_ = 0, relabelled_ = 0, s3_files_ = 0;
  uint64_t plain_part_ = 0, ndjson_part_ = 0;
  double json_bytes_ = 0, gz_bytes_ = 0;
  FILE* plain_ = nullptr;
  FILE* nd_ = nullptr;
  int64_t plain_size_ = 0, nd_size_ = 0;
  uint64_t plain_records_ = 0;
};

void usage() {
  std::fprintf(stderr,
               "usage: gen_cloudtrail [--events N] [--seed S] [--rate EV_PER_S] [--start YYYY-MM-DDTHH:MM:SSZ]\n"
               "                      [--bursts K] [--s3 DIR] [--plain DIR] [--ndjson DIR] [--expected FILE]\n"
               "                      [--plain-file-mb MB] [--gzip-level 1-9]\n"
               "Writes SYNTHETIC CloudTrail. At least one of --s3/--plain/--ndjson. Defaults: 1000000 events,\n"
               "seed 42, 40 events/s from 2024-03-01T00:00:00Z, bursts = events/100000, 128 MB parts, gzip -6.\n");
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.start_ms = parse_iso("2024-03-01T00:00:00Z");
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) { usage(); std::exit(2); }
      return argv[++i];
    };
    if (a == "--events") o.events = std::stoull(val());
    else if (a == "--seed") o.seed = std::stoull(val());
    else if (a == "--rate") o.rate = std::stod(val());
    else if (a == "--start") o.start_ms = parse_iso(val());
    else if (a == "--bursts") o.bursts = std::stoll(val());
    else if (a == "--s3") o.s3 = val();
    else if (a == "--plain") o.plain = val();
    else if (a == "--ndjson") o.ndjson = val();
    else if (a == "--expected") o.expected = val();
    else if (a == "--plain-file-mb") o.plain_file_mb = std::stoll(val());
    else if (a == "--gzip-level") o.gzip_level = std::stoi(val());
    else if (a == "-h" || a == "--help") { usage(); return 0; }
    else { usage(); return 2; }
  }
  if (o.s3.empty() && o.plain.empty() && o.ndjson.empty()) { usage(); return 2; }
  if (o.rate <= 0 || o.plain_file_mb <= 0 || o.gzip_level < 0 || o.gzip_level > 9) { usage(); return 2; }
  return Generator(o).run();
}
