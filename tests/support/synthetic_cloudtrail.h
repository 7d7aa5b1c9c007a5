// SYNTHETIC CloudTrail for tests: builds raw CloudTrail records (as JSON text)
// and writes them in the layouts trailhound reads. Every value is invented
// (account 111122223333, documentation IP ranges); nothing is real AWS data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trailhound::testing {

inline constexpr const char* kAccount = "111122223333";

// User agents as CloudTrail records them for common clients.
namespace ua {
inline constexpr const char* kCliV2 =
    "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0-18-amd64 exe/x86_64.debian.12 prompt/off command/ec2.describe-instances";
inline constexpr const char* kCliV1 =
    "aws-cli/1.18.147 Python/2.7.18 Linux/4.14.200-155.322.amzn2.x86_64 botocore/1.18.6";
inline constexpr const char* kCliBracketed =
    "[aws-cli/2.2.16 Python/3.8.8 Darwin/20.6.0 exe/x86_64 prompt/off command/ec2.describe-instances]";
inline constexpr const char* kCloudShell =
    "aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255-316-253.544.amzn2.x86_64 exec-env/CloudShell exe/x86_64.amzn.2 prompt/off command/s3.ls";
inline constexpr const char* kBoto3 =
    "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.0";
inline constexpr const char* kTerraform =
    "APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.0 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.149.1";
inline constexpr const char* kConsole =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36";
}  // namespace ua

struct Event {
  std::string time;          // eventTime, e.g. "2024-03-10T12:01:03Z"
  std::string source;        // eventSource, e.g. "ec2.amazonaws.com"
  std::string action;        // eventName
  std::string identity_type = "IAMUser";
  std::string arn;           // userIdentity.arn ("" = absent)
  std::string user_name;     // userIdentity.userName ("" = absent)
  std::string session_issuer_user;  // sessionContext.sessionIssuer.userName (AssumedRole)
  std::string user_agent = ua::kCliV2;
  std::string source_ip = "203.0.113.10";  // sourceIPAddress
  std::string error_code;    // "" = success
  bool credential_from_console = false;
  std::string access_key = "AKIAEXAMPLEKEY000001";
  std::string region = "us-east-1";
};

// An IAM user event with the defaults above.
Event iam_user_call(std::string time, std::string source, std::string action, std::string user);

// One record as minified JSON; `id` makes eventID/requestID unique.
std::string record_json(const Event& e, int id);

// `{"Records":[...]}` text for a list of events (ids start at `first_id`).
std::string records_document(const std::vector<Event>& events, int first_id = 1);
// One record per line.
std::string ndjson_document(const std::vector<Event>& events, int first_id = 1);

// gzip-compresses `text` (one member).
std::string gzip(const std::string& text);

// A fresh empty directory under the test temp dir.
std::string make_temp_dir(const std::string& name);
void write_file(const std::string& path, const std::string& bytes);

}  // namespace trailhound::testing
