// Groups a flat `perf report --no-children --sort dso,symbol` listing by component,
// so the profile says where the time goes (ingest, JSON parse, normalizer, user-agent
// regexes, executor, allocator, kernel).
// usage: node perf_groups.mjs PERF_REPORT.txt
import { readFileSync } from 'node:fs';

const groups = [
  ['kernel: read() copies, page faults of fresh buffers', (dso) => dso.includes('kernel')],
  ['isa-l inflate', (dso) => dso.includes('libisal')],
  ['simdjson DOM parse (stage 1 + 2)', (dso) => dso.includes('simdjson')],
  ['RE2: uap-core user-agent regexes (cache misses)', (dso) => dso.includes('libre2')],
  ['malloc / free', (dso, s) => dso.includes('libc') && /malloc|free|_int_|unlink_chunk|consolidate|realloc/.test(s)],
  ['libc memcmp / memchr / memmove', (dso, s) => dso.includes('libc') && /mem|str/.test(s)],
  ['record splitting / reading (src/ingest)', (dso, s) => /ingest::/.test(s)],
  ['batch building (BatchBuilder, field-name hash lookups)', (dso, s) => /BatchBuilder|_Hash_bytes|_Hashtable/.test(s)],
  ['normalizer (src/ecs: member lookup, clean-up, renderings)', (dso, s) => /ecs::|simdjson::internal::string_builder/.test(s)],
  ['ES|QL executor (src/exec: expressions, operators, aggregates)', (dso, s) => /trailhound::/.test(s) || dso.includes('trailhound')],
];
const totals = new Map(groups.map(([g]) => [g, 0]));
let other = 0;
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  const m = line.match(/^\s*([\d.]+)%\s+(\S+)\s+\[.\]\s+(.*)$/);
  if (!m) continue;
  const [, pct, dso, sym] = m;
  const hit = groups.find(([, test]) => test(dso, sym));
  if (hit) totals.set(hit[0], totals.get(hit[0]) + Number(pct));
  else other += Number(pct);
}
const rows = [...totals].sort((a, b) => b[1] - a[1]);
for (const [g, p] of rows) if (p > 0) console.log(`${p.toFixed(1).padStart(5)}%  ${g}`);
console.log(`${other.toFixed(1).padStart(5)}%  other`);
