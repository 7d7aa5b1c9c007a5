// Summarises bench/run_bench.sh measurements: medians, rates, ratios, targets.
//
// usage: node report.mjs RESULTS.tsv META.json
//   RESULTS.tsv: name<TAB>run<TAB>wall_s<TAB>user_s<TAB>sys_s<TAB>peak_rss_kb
//   META.json:   {events, json_bytes, gz_bytes, rss_events, rss_json_bytes, commands:{name: cmd}}
// Prints a Markdown table (paste into bench/README.md) and the target checks.
import { readFileSync } from 'node:fs';

const [resultsFile, metaFile] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
const runs = {};
for (const line of readFileSync(resultsFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const [name, , wall, user, sys, rss] = line.split('\t');
  (runs[name] ??= []).push({ wall: +wall, cpu: +user + +sys, rss: +rss });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const m = {};
for (const [name, rs] of Object.entries(runs)) {
  const big = name.startsWith('rss10m');
  const events = big ? meta.rss_events : meta.events;
  const bytes = big ? meta.rss_json_bytes : meta.json_bytes;
  const wall = median(rs.map((r) => r.wall));
  const cpu = median(rs.map((r) => r.cpu));
  m[name] = {
    n: rs.length, wall, cpu, best: Math.min(...rs.map((r) => r.wall)), rss: Math.max(...rs.map((r) => r.rss)) / 1024,
    eps: events / wall, mbps: bytes / 1e6 / wall, mbpcpu: bytes / 1e6 / cpu,
  };
}
const f = (x, d = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
const labels = {
  th_founding_plain_t2: 'trailhound, founding rule, plain JSON, --threads 2',
  th_founding_plain_t1: 'trailhound, founding rule, plain JSON, --threads 1',
  th_founding_plain_noprefilter_t2: 'trailhound, founding rule, plain JSON, --no-prefilter (every record parsed), --threads 2',
  th_all_plain_t2: `trailhound, all ${meta.all_rules} CloudTrail ES\\|QL rules (${meta.rules_run} run), plain JSON, --threads 2`,
  th_founding_gz_t2: 'trailhound, founding rule, gzip S3 layout, --threads 2',
  th_founding_gz_t1: 'trailhound, founding rule, gzip S3 layout, --threads 1',
  th_all_gz_t2: `trailhound, all ${meta.all_rules} CloudTrail ES\\|QL rules, gzip S3 layout, --threads 2`,
  th_floor_plain_t1: 'trailhound, a filter no record can pass (split + literal scan only), plain JSON, --threads 1',
  th_floor_gz_t1: 'trailhound, a filter no record can pass (inflate + split + literal scan only), gzip, --threads 1',
  read_plain_t2: 'read + memchr of the plain files alone (no JSON work), 2 threads',
  read_plain_t1: 'read + memchr of the plain files alone (no JSON work), 1 thread',
  isal_gz_t2: 'isa-l inflate alone (no JSON work), 2 threads',
  isal_gz_t1: 'isa-l inflate alone (no JSON work), 1 thread',
  duckdb_ndjson_t2: 'DuckDB, founding rule SQL, NDJSON (its fastest input), 2 threads',
  duckdb_gz_t2: 'DuckDB, founding rule SQL, gzip S3 layout, 2 threads',
  duckdb_records_t2: 'DuckDB, founding rule SQL, the plain {"Records":[…]} files, 2 threads',
  rss10m_th_all_gz_t2: `trailhound, all rules, ${(meta.rss_events / 1e6).toFixed(0)}M events gzip S3 layout, --threads 2`,
  rss10m_th_founding_gz_t2: `trailhound, founding rule, ${(meta.rss_events / 1e6).toFixed(0)}M events gzip S3 layout, --threads 2`,
};
console.log(`Data: ${meta.events.toLocaleString('en')} events, ${(meta.json_bytes / 1e9).toFixed(2)} GB JSON ` +
            `(${(meta.gz_bytes / 1e9).toFixed(2)} GB gzip in ${meta.gz_files} S3-layout files); medians of ${meta.runs} runs; ` +
            `${meta.nproc} cores; load average (1/5/15 min) ${meta.load_start} before, ${meta.load_end} after.\n`);
console.log('| measurement | runs | wall s (median) | best wall s | CPU s (user+sys) | events/s | MB/s JSON | MB/s JSON per CPU-s | peak RSS MB |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const name of Object.keys(labels)) {
  const x = m[name];
  if (!x) continue;
  console.log(`| ${labels[name]} | ${x.n} | ${f(x.wall, 2)} | ${f(x.best, 2)} | ${f(x.cpu, 2)} | ${Math.round(x.eps).toLocaleString('en')} | ` +
              `${f(x.mbps, 0)} | ${f(x.mbpcpu, 0)} | ${f(x.rss, 0)} |`);
}
const ratio = (a, b) => (m[a] && m[b] ? m[b].wall / m[a].wall : undefined);  // rate(a) / rate(b)
const bestRatio = (a, b) => (m[a] && m[b] ? m[b].best / m[a].best : undefined);
const cpuRatio = (a, b) => (m[a] && m[b] ? m[b].cpu / m[a].cpu : undefined);
const pairs = [
  ['trailhound / DuckDB (NDJSON), 2 threads', 'th_founding_plain_t2', 'duckdb_ndjson_t2', 10, '≥ 10×'],
  ['trailhound / DuckDB, both on the gzip S3 layout, 2 threads', 'th_founding_gz_t2', 'duckdb_gz_t2', 10, '≥ 10×'],
  ['trailhound / DuckDB, both on the plain {"Records"} files', 'th_founding_plain_t2', 'duckdb_records_t2', 10, '≥ 10×'],
  ['all rules / founding rule (rate), 2 threads', 'th_all_plain_t2', 'th_founding_plain_t2', 0.5, '≥ 0.5×'],
  ['all rules / founding rule (rate), gzip S3 layout (how CloudTrail is stored), 2 threads', 'th_all_gz_t2', 'th_founding_gz_t2', 0.5, '(informative)'],
  ['2 threads / 1 thread, founding rule, plain', 'th_founding_plain_t2', 'th_founding_plain_t1', 1.8, '≥ 1.8×'],
  ['2 threads / 1 thread, founding rule, gzip', 'th_founding_gz_t2', 'th_founding_gz_t1', 1.8, '≥ 1.8×'],
  ['gzip hunt / isa-l inflate alone, 1 thread', 'th_founding_gz_t1', 'isal_gz_t1', 0.8, '≥ 0.8×'],
  ['gzip hunt / isa-l inflate alone, 2 threads', 'th_founding_gz_t2', 'isal_gz_t2', 0.8, '≥ 0.8×'],
  ['read + memchr alone / DuckDB (NDJSON): the most any plain-JSON tool reaches, 2 threads', 'read_plain_t2', 'duckdb_ndjson_t2', 10, '(≥ 10× needed)'],
  ['founding rule / read + memchr alone, 2 threads', 'th_founding_plain_t2', 'read_plain_t2', 1, '(informative)'],
  ['gzip, no record parsed / isa-l inflate alone, 1 thread: the most a gzip hunt reaches here', 'th_floor_gz_t1', 'isal_gz_t1', 0.8, '(≥ 0.8× needed)'],
  ['founding rule / no record parsed, plain, 1 thread', 'th_founding_plain_t1', 'th_floor_plain_t1', 1, '(informative)'],
  ['founding rule / --no-prefilter, 2 threads', 'th_founding_plain_t2', 'th_founding_plain_noprefilter_t2', 1, '(informative)'],
];
console.log('\n| ratio (of rates) | median wall | best wall | CPU time | target | |');
console.log('|---|---|---|---|---|---|');
for (const [label, a, b, target, text] of pairs) {
  const v = ratio(a, b);
  if (v === undefined) continue;
  const best = bestRatio(a, b);
  // CPU time measures work, not parallelism: no CPU column for thread scaling.
  const cpu = label.startsWith('2 threads') ? '–' : `${f(cpuRatio(a, b), 2)}×`;
  const verdict = text.startsWith('(') ? '' : v >= target ? 'met' : 'missed';
  console.log(`| ${label} | ${f(v, 2)}× | ${f(best, 2)}× | ${cpu} | ${text} | ${verdict} |`);
}
const t1 = m.th_founding_plain_t1;
const t2 = m.th_founding_plain_t2;
console.log('\n| absolute target | measured | target | |');
console.log('|---|---|---|---|');
if (t2) {
  const perCore = t2.mbpcpu / 1000;
  console.log(`| founding rule, plain JSON, GB/s per core (JSON bytes / CPU-s, --threads 2) | ${f(perCore, 2)} | ≥ 1 GB/s | ${perCore >= 1 ? 'met' : 'missed'} |`);
}
if (t1) console.log(`| founding rule, plain JSON, --threads 1 wall-clock GB/s | ${f(t1.mbps / 1000, 2)} | ≥ 1 GB/s | ${t1.mbps >= 1000 ? 'met' : 'missed'} |`);
for (const name of ['rss10m_th_all_gz_t2', 'rss10m_th_founding_gz_t2']) {
  const x = m[name];
  if (x) console.log(`| peak RSS, ${labels[name]} | ${f(x.rss, 0)} MB | ≤ 256 MB | ${x.rss <= 256 ? 'met' : 'missed'} |`);
}
