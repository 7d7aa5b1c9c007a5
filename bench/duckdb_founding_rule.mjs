// DuckDB baseline: the founding rule ("AWS Discovery API Calls via CLI from a Single
// Resource", discovery_multiple_discovery_api_calls_via_cli.toml) as SQL over the
// same CloudTrail files trailhound hunts.
//
// usage: node duckdb_founding_rule.mjs [--threads N] [--ndjson] [--out ALERTS.tsv] [--explain] GLOB...
//   GLOB: e.g. 'DIR/plain/*.json' (large {"Records":[...]} files) or
//         'DIR/s3/**/*.json.gz' (the S3 layout; gzip by extension), or with
//         --ndjson 'DIR/ndjson/*.ndjson' (one record per line)
// prints the alert count; --out writes "arn<TAB>window(ISO)<TAB>distinct" lines.
//
// Emulation of what Elastic's ingest pipeline derives and the rule reads
// (documented in bench/README.md):
//   source.ip IS NOT NULL     sourceIPAddress is a literal IPv4/IPv6 address
//   session_credential_from_console IS NULL   sessionCredentialFromConsole absent
//                            (or one of the values Elastic's clean-up deletes)
//   event.provider           eventSource
//   user_identity.type       userIdentity.type
//   user.name                sessionContext.sessionIssuer.userName for AssumedRole /
//                            FederatedUser, else userIdentity.userName (null-safe:
//                            `!=` on a null is not true, as in ES|QL)
//   user_agent.name == "aws-cli"   the uap-core rule that names aws-cli, applied as
//                            Elasticsearch does (leftmost match of the rule's regex,
//                            group 1): regexp_extract(userAgent, '\b(Boto3?|JetS3t|
//                            aws-(?:cli|sdk-...)|s3fs)/(\d+)\.(\d+)', 1) = 'aws-cli'.
//                            No earlier uap-core rule matches the generator's agents.
//   date_trunc(10 seconds, @timestamp)   floor(epoch_ms(eventTime) / 10000) * 10000
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
let threads = 2, out = null, explain = false, ndjson = false;
const globs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--threads') threads = Number(args[++i]);
  else if (args[i] === '--out') out = args[++i];
  else if (args[i] === '--explain') explain = true;
  else if (args[i] === '--ndjson') ndjson = true;
  else globs.push(args[i]);
}
if (!globs.length) {
  console.error('usage: node duckdb_founding_rule.mjs [--threads N] [--out ALERTS.tsv] GLOB...');
  process.exit(2);
}

const q = (s) => `'${s.replaceAll("'", "''")}'`;
const fields = {
  eventTime: 'VARCHAR', eventSource: 'VARCHAR', eventName: 'VARCHAR', awsRegion: 'VARCHAR',
  sourceIPAddress: 'VARCHAR', userAgent: 'VARCHAR', sessionCredentialFromConsole: 'VARCHAR',
  recipientAccountId: 'VARCHAR',
  userIdentity: 'STRUCT(type VARCHAR, arn VARCHAR, accountId VARCHAR, accessKeyId VARCHAR, userName VARCHAR, ' +
    'sessionContext STRUCT(sessionIssuer STRUCT(userName VARCHAR)))',
};
const record = `STRUCT(${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join(', ')})`;
const files = `[${globs.map(q).join(', ')}]`;
// {"Records":[...]} objects: one row per file, unnested. NDJSON: one row per record
// (the table alias is the record as a struct). Only the fields the rule reads are
// declared, so DuckDB skips the rest (as trailhound does).
const source = ndjson
  ? `(SELECT t AS r FROM read_json(${files}, format = 'newline_delimited',
        columns = {${Object.entries(fields).map(([k, v]) => `${k}: ${q(v)}`).join(', ')}}) t)`
  : `(SELECT unnest(Records) AS r
      FROM read_json(${files}, format = 'unstructured',
                     columns = {Records: ${q(record + '[]')}}, maximum_object_size = 2147483647))`;
const providers = [
  'iam.amazonaws.com', 'ec2.amazonaws.com', 's3.amazonaws.com', 'rds.amazonaws.com', 'lambda.amazonaws.com',
  'dynamodb.amazonaws.com', 'kms.amazonaws.com', 'cloudfront.amazonaws.com', 'elasticloadbalancing.amazonaws.com',
  'cloudtrail.amazonaws.com', 'sts.amazonaws.com', 'ses.amazonaws.com', 'organizations.amazonaws.com',
].map(q).join(', ');
const uapAwsRule = String.raw`\b(Boto3?|JetS3t|aws-(?:cli|sdk-(?:cpp|go|java|nodejs|ruby2?|dotnet-(?:\d{1,2}|core)))|s3fs)/(\d+)\.(\d+)(?:\.(\d+)|)`;
const ipRe = String.raw`^((\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7})$`;
const deleted = `('', '-', 'none')`;  // values Elastic's clean-up pre-pass removes

const sql = `
WITH recs AS ${source},
ev AS (
  SELECT r.userIdentity.arn AS arn,
         r.eventName AS action,
         CASE WHEN r.userIdentity.type IN ('AssumedRole', 'FederatedUser')
                   AND r.userIdentity.sessionContext.sessionIssuer.userName IS NOT NULL
              THEN r.userIdentity.sessionContext.sessionIssuer.userName
              ELSE r.userIdentity.userName END AS user_name,
         r.eventTime AS event_time
  FROM recs
  WHERE regexp_matches(r.sourceIPAddress, ${q(ipRe)})
    AND (r.sessionCredentialFromConsole IS NULL OR r.sessionCredentialFromConsole IN ${deleted})
    AND r.eventSource IN (${providers})
    AND r.userIdentity.type != 'AWSService'
    AND regexp_extract(r.userAgent, ${q(uapAwsRule)}, 1) = 'aws-cli'
    AND r.eventName != 'DescribeCapacityReservations'
    AND (starts_with(r.eventName, 'Describe') OR starts_with(r.eventName, 'Get')
         OR starts_with(r.eventName, 'List') OR starts_with(r.eventName, 'Generate'))
)
SELECT arn,
       (epoch_ms(strptime(event_time, '%Y-%m-%dT%H:%M:%SZ')) // 10000) * 10000 AS window_ms,
       count(DISTINCT action) AS distinct_actions
FROM ev
WHERE user_name != 'AWSServiceRoleForConfig'
GROUP BY ALL
HAVING count(DISTINCT action) > 5
ORDER BY arn, window_ms`;

const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conn = await instance.connect();
if (explain) {
  const plan = await conn.runAndReadAll('EXPLAIN ' + sql);
  console.error(plan.getRows().map((r) => r.join('\n')).join('\n'));
}
const t0 = process.hrtime.bigint();
const reader = await conn.runAndReadAll(sql);
const rows = reader.getRows();
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const lines = rows.map(([arn, w, c]) => `${arn}\t${new Date(Number(w)).toISOString().replace('.000Z', 'Z')}\t${c}`);
if (out) writeFileSync(out, lines.join('\n') + (lines.length ? '\n' : ''));
console.log(`duckdb: ${rows.length} alerts in ${secs.toFixed(3)} s (threads=${threads})`);
