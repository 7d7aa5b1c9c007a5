#!/usr/bin/env python3
"""Writes the SYNTHETIC example CloudTrail trail under examples/cloudtrail/.

Every event here is invented (account 111122223333, documentation IP ranges);
nothing comes from a real AWS account. The trail holds one discovery burst that
Elastic's "AWS Discovery API Calls via CLI from a Single Resource" rule flags,
plus near-misses it must not flag. Re-run to regenerate; output is deterministic.
"""
import gzip, json, os

ACCT = "111122223333"
HERE = os.path.dirname(os.path.abspath(__file__))
CLI_UA = "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0-18-amd64 exe/x86_64.debian.12 prompt/off command/{cmd}"

def event(n, t, source, action, arn, user, ua, ip, itype="IAMUser", error=None, extra=None):
    e = {
        "eventVersion": "1.09",
        "userIdentity": {"type": itype, "principalId": "AIDAEXAMPLE" + user.upper()[:8],
                         "arn": arn, "accountId": ACCT, "accessKeyId": "AKIAEXAMPLE" + user.upper()[:9],
                         "userName": user},
        "eventTime": t, "eventSource": source, "eventName": action, "awsRegion": "us-east-1",
        "sourceIPAddress": ip, "userAgent": ua, "requestParameters": None, "responseElements": None,
        "requestID": "req-%04d" % n, "eventID": "00000000-0000-4000-8000-%012d" % n,
        "readOnly": True, "eventType": "AwsApiCall", "managementEvent": True,
        "recipientAccountId": ACCT, "eventCategory": "Management",
    }
    if error:
        e["errorCode"], e["errorMessage"] = error, "synthetic failure"
    if extra:
        e.update(extra)
    return e

records, n = [], 0
def add(*a, **k):
    global n
    n += 1
    records.append(event(n, *a, **k))

# The burst: 8 distinct discovery calls by one IAM user with the AWS CLI within 12:01:00-12:01:09.
intruder = f"arn:aws:iam::{ACCT}:user/intruder"
burst = [("ec2.amazonaws.com", "DescribeInstances", "ec2.describe-instances"),
         ("ec2.amazonaws.com", "DescribeSecurityGroups", "ec2.describe-security-groups"),
         ("iam.amazonaws.com", "ListUsers", "iam.list-users"),
         ("iam.amazonaws.com", "ListRoles", "iam.list-roles"),
         ("s3.amazonaws.com", "ListBuckets", "s3.ls"),
         ("kms.amazonaws.com", "ListKeys", "kms.list-keys"),
         ("lambda.amazonaws.com", "ListFunctions20150331", "lambda.list-functions"),
         ("rds.amazonaws.com", "DescribeDBInstances", "rds.describe-db-instances")]
for i, (src, action, cmd) in enumerate(burst):
    add(f"2024-03-10T12:01:0{i}Z", src, action, intruder, "intruder", CLI_UA.format(cmd=cmd), "203.0.113.77")
# Same action repeated: no new distinct calls.
add("2024-03-10T12:01:09Z", "ec2.amazonaws.com", "DescribeInstances", intruder, "intruder",
    CLI_UA.format(cmd="ec2.describe-instances"), "203.0.113.77")

# Near miss: an admin making exactly 5 distinct calls in one bucket.
admin = f"arn:aws:iam::{ACCT}:user/admin"
for i, (action, cmd) in enumerate([("DescribeVpcs", "ec2.describe-vpcs"), ("DescribeSubnets", "ec2.describe-subnets"),
                                   ("DescribeVolumes", "ec2.describe-volumes"), ("DescribeImages", "ec2.describe-images"),
                                   ("DescribeKeyPairs", "ec2.describe-key-pairs")]):
    add(f"2024-03-10T12:05:1{i}Z", "ec2.amazonaws.com", action, admin, "admin", CLI_UA.format(cmd=cmd), "198.51.100.10")

# Near miss: Terraform enumerating many resources (not the AWS CLI).
tf_ua = "APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.0 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.149.1"
deployer = f"arn:aws:iam::{ACCT}:user/deployer"
for i, action in enumerate(["DescribeInstances", "DescribeVpcs", "DescribeSubnets", "DescribeRouteTables",
                            "DescribeNetworkAcls", "DescribeSecurityGroups", "DescribeAddresses"]):
    add(f"2024-03-10T12:10:0{i}Z", "ec2.amazonaws.com", action, deployer, "deployer", tf_ua, "198.51.100.20")

# An AWS service acting on the account's behalf.
e = event(n + 1, "2024-03-10T12:11:00Z", "kms.amazonaws.com", "GenerateDataKey", None, "", "cloudtrail.amazonaws.com",
          "cloudtrail.amazonaws.com", itype="AWSService")
e["userIdentity"] = {"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"}
records.append(e); n += 1

# A console sign-in and a failed CLI call.
add("2024-03-10T12:12:00Z", "signin.amazonaws.com", "ConsoleLogin", admin, "admin",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0", "198.51.100.10",
    extra={"eventType": "AwsConsoleSignIn", "readOnly": False, "responseElements": {"ConsoleLogin": "Success"},
           "additionalEventData": {"MFAUsed": "Yes", "LoginTo": "https://console.aws.amazon.com/"}})
add("2024-03-10T12:12:30Z", "iam.amazonaws.com", "GetAccountAuthorizationDetails", intruder, "intruder",
    CLI_UA.format(cmd="iam.get-account-authorization-details"), "203.0.113.77", error="AccessDenied")

# Delivered in the order CloudTrail does: not sorted.
records.reverse()
path = os.path.join(HERE, "cloudtrail", "AWSLogs", ACCT, "CloudTrail", "us-east-1", "2024", "03", "10",
                    f"{ACCT}_CloudTrail_us-east-1_20240310T1215Z_synthetic.json.gz")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "wb") as f:
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(json.dumps({"Records": records}, separators=(",", ":")).encode())
print(path, len(records), "records")
