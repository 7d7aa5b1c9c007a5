#!/usr/bin/env bash
# trailhound benchmark: one command that builds (Release), generates SYNTHETIC CloudTrail,
# measures trailhound against isa-l inflate and DuckDB, checks the alerts agree and
# prints the results table. See bench/README.md.
#
# usage: bench/run_bench.sh [--events N] [--runs R] [--data DIR] [--rss-events N|0]
#                           [--duckdb-records] [--profile] [--no-micro] [--skip-build]
#   --events N        events in the main data set (default 1500000: ~2 GB plain JSON, same again as
#                     NDJSON, ~0.25 GB as the gzip S3 layout)
#   --runs R          runs per measurement, median reported (default 3)
#   --data DIR        where generated data goes (default /tmp/trailhound-bench; reused
#                     when it was generated with the same --events)
#   --rss-events N    also hunt an N-event gzip S3 layout once to check peak RSS
#                     (default 10000000; 0 skips it)
#   --duckdb-records  also run DuckDB on the plain {"Records":[...]} files (slow: DuckDB
#                     reads each 128 MB object whole, ~14x slower than its NDJSON path)
#   --profile         also record perf profiles of single-threaded hunts (founding rule, all rules)
#   --no-micro        skip the Google Benchmark micro-benchmarks (bench/micro)
#   --skip-build      use the existing build-bench/
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
BUILD="$ROOT/build-bench"
EVENTS=1500000
RUNS=3
DATA=/tmp/trailhound-bench
RSS_EVENTS=10000000
DUCKDB_RECORDS=0
PROFILE=0
MICRO=1
SKIP_BUILD=0
SEED=42
while (($#)); do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --rss-events) RSS_EVENTS="$2"; shift 2 ;;
    --duckdb-records) DUCKDB_RECORDS=1; shift ;;
    --profile) PROFILE=1; shift ;;
    --no-micro) MICRO=0; shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "run_bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
NPROC=$(nproc)
log() { printf '\n== %s\n' "$*" >&2; }

# ---------------------------------------------------------------- tools
if [[ ! -x /usr/bin/time ]]; then
  log "installing GNU time (/usr/bin/time -v)"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y time >/dev/null
fi
command -v node >/dev/null || { echo "run_bench.sh: node (Debian's nodejs/npm) is needed for the DuckDB baseline" >&2; exit 2; }

if ((!SKIP_BUILD)); then
  log "building trailhound (Release) and the benchmark tools into build-bench/"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTRAILHOUND_BUILD_TESTS=OFF \
        -DTRAILHOUND_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD" -j"$NPROC" --target trailhound gen_cloudtrail isal_inflate read_floor trailhound_micro
fi
TH="$BUILD/trailhound"
if [[ ! -d "$BENCH/node_modules/@duckdb/node-api" ]]; then
  log "installing DuckDB (@duckdb/node-api) into bench/node_modules"
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
fi

# ---------------------------------------------------------------- rules
RULES_DIR="$ROOT/../shared/rules/elastic"
FOUNDING="$RULES_DIR/rules/integrations/aws/discovery_multiple_discovery_api_calls_via_cli.toml"
# Every ES|QL rule whose FROM selects logs-aws.cloudtrail*: the 25 of Elastic's
# pack, plus the founding rule's seed text (../shared/rules/seed) — 26 rules.
mapfile -t ALL_RULES < <(grep -rlE '^[[:space:]]*(from|FROM)[[:space:]][^=]*logs-aws\.cloudtrail' \
                           "$RULES_DIR/rules" "$RULES_DIR/rules_building_block" "$RULES_DIR/../seed" |
                         xargs grep -l '^language = "esql"' | sort)
ALL_ARGS=()
for r in "${ALL_RULES[@]}"; do ALL_ARGS+=(--rules "$r"); done
log "${#ALL_RULES[@]} CloudTrail ES|QL rules selected"

# ---------------------------------------------------------------- data
gen() {  # gen DIR EVENTS OUTPUTS...
  local dir="$1" events="$2"; shift 2
  local stamp="$dir/.generated-$events-$SEED-$*"
  stamp="${stamp// /_}"
  if [[ -f "$stamp" ]]; then return; fi
  rm -rf "$dir"; mkdir -p "$dir"
  local outs=()
  for o in "$@"; do outs+=("--$o" "$dir/$o"); done
  log "generating $events SYNTHETIC events into $dir ($*)"
  "$BUILD/gen_cloudtrail" --events "$events" --seed "$SEED" "${outs[@]}" --expected "$dir/expected.tsv" \
    | tee "$dir/generator.txt"
  touch "$stamp"
}
gen "$DATA/main" "$EVENTS" s3 plain ndjson
MAIN="$DATA/main"
gen_stat() { grep -oE "$2=[0-9]+" "$1/generator.txt" | cut -d= -f2; }
JSON_BYTES=$(gen_stat "$MAIN" json_bytes)
GZ_BYTES=$(gen_stat "$MAIN" gz_bytes)
GZ_FILES=$(gen_stat "$MAIN" s3_files)
OUT="$DATA/results"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"
declare -A CMDS

# measure NAME RUNS CMD... : runs CMD under /usr/bin/time -v, stdout to $OUT/NAME.out
measure() {
  local name="$1" runs="$2"; shift 2
  CMDS[$name]="$*"
  for ((i = 1; i <= runs; i++)); do
    local tv="$OUT/$name.time.$i"
    local rc=0
    /usr/bin/time -v -o "$tv" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" || rc=$?
    # Exit 2 = some rule could not be run (reported on stderr); the others still ran.
    if ((rc > ${MAX_RC:-1})); then
      echo "run_bench.sh: $name failed (exit $rc):" >&2; tail -5 "$OUT/$name.err" >&2; return 1
    fi
    awk -v n="$name" -v i="$i" -F': ' '
      /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2}
      /Elapsed \(wall clock\)/ { k=split($2, p, ":"); w=0; for (j=1;j<=k;j++) w=w*60+p[j] }
      END { printf "%s\t%d\t%.3f\t%.2f\t%.2f\t%d\n", n, i, w, u, s, r }' "$tv" >> "$RESULTS"
    tail -1 "$RESULTS" | awk -F'\t' '{printf "   %-26s run %d: wall %6.2f s  cpu %6.2f s  rss %5.0f MB\n", $1, $2, $3, $4+$5, $6/1024}' >&2
  done
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "warming the page cache (load average before measuring: $LOAD_START)"
cat "$MAIN"/plain/* "$MAIN"/ndjson/* > /dev/null
find "$MAIN/s3" -name '*.gz' -print0 | xargs -0 cat > /dev/null

HUNT=("$TH" hunt --format ndjson --now 2024-03-10T00:00:00Z)

log "trailhound (alerts on stdout: $OUT/*.out)"
measure th_founding_plain_t2 "$RUNS" "${HUNT[@]}" --threads 2 --rules "$FOUNDING" "$MAIN/plain"
measure th_founding_plain_t1 "$RUNS" "${HUNT[@]}" --threads 1 --rules "$FOUNDING" "$MAIN/plain"
# Without the raw-record prefilter every record is parsed and normalized: the
# cost the prefilter saves, and a check that it changes no alert.
measure th_founding_plain_noprefilter_t2 "$RUNS" "${HUNT[@]}" --no-prefilter --threads 2 --rules "$FOUNDING" "$MAIN/plain"
MAX_RC=2 measure th_all_plain_t2 "$RUNS" "${HUNT[@]}" --threads 2 "${ALL_ARGS[@]}" "$MAIN/plain"
RULES_RUN=$(grep -oE '[0-9]+ rule\(s\) run' "$OUT/th_all_plain_t2.err" | grep -oE '^[0-9]+' || echo 0)
grep -E 'query:|unsupported' "$OUT/th_all_plain_t2.err" | sed 's/^/   not run: /' >&2 || true
measure th_founding_gz_t2 "$RUNS" "${HUNT[@]}" --threads 2 --rules "$FOUNDING" "$MAIN/s3"
measure th_founding_gz_t1 "$RUNS" "${HUNT[@]}" --threads 1 --rules "$FOUNDING" "$MAIN/s3"
MAX_RC=2 measure th_all_gz_t2 "$RUNS" "${HUNT[@]}" --threads 2 "${ALL_ARGS[@]}" "$MAIN/s3"
cp "$OUT/th_founding_plain_t2.out" "$OUT/trailhound_plain.ndjson"
cp "$OUT/th_founding_gz_t2.out" "$OUT/trailhound_gz.ndjson"
cp "$OUT/th_all_plain_t2.out" "$OUT/trailhound_all_rules.ndjson"
cp "$OUT/th_all_gz_t2.out" "$OUT/trailhound_all_rules_gz.ndjson"
cp "$OUT/th_founding_plain_noprefilter_t2.out" "$OUT/trailhound_noprefilter.ndjson"

# A query whose filter needs text no record holds: every record is split and
# scanned for it, none is parsed. trailhound's own floor on each input.
NOTHING='from logs-aws.cloudtrail-* | where event.action == "NoSuchActionAnywhere" | stats c = count(*)'
measure th_floor_plain_t1 "$RUNS" "$TH" query --format csv --threads 1 "$NOTHING" "$MAIN/plain"
measure th_floor_gz_t1 "$RUNS" "$TH" query --format csv --threads 1 "$NOTHING" "$MAIN/s3"

log "reading the plain files alone (read + memchr: the plain-JSON floor)"
measure read_plain_t1 "$RUNS" "$BUILD/read_floor" --threads 1 "$MAIN/plain"
measure read_plain_t2 "$RUNS" "$BUILD/read_floor" --threads 2 "$MAIN/plain"

log "isa-l inflate alone (the gzip ceiling)"
measure isal_gz_t1 "$RUNS" "$BUILD/isal_inflate" --threads 1 "$MAIN/s3"
measure isal_gz_t2 "$RUNS" "$BUILD/isal_inflate" --threads 2 "$MAIN/s3"

log "DuckDB (founding rule as SQL)"
measure duckdb_ndjson_t2 "$RUNS" node "$BENCH/duckdb_founding_rule.mjs" --threads 2 --ndjson \
  --out "$OUT/duckdb_ndjson.tsv" "$MAIN/ndjson/*.ndjson"
measure duckdb_gz_t2 1 node "$BENCH/duckdb_founding_rule.mjs" --threads 2 \
  --out "$OUT/duckdb_gz.tsv" "$MAIN/s3/**/*.json.gz"
if ((DUCKDB_RECORDS)); then
  measure duckdb_records_t2 1 node "$BENCH/duckdb_founding_rule.mjs" --threads 2 \
    --out "$OUT/duckdb_records.tsv" "$MAIN/plain/*.json"
fi

log "checking that the alerts agree (arn, window, distinct count)"
CMP=(expected="$MAIN/expected.tsv" trailhound_plain="$OUT/trailhound_plain.ndjson"
     trailhound_gz="$OUT/trailhound_gz.ndjson" trailhound_all_rules="$OUT/trailhound_all_rules.ndjson"
     trailhound_all_rules_gz="$OUT/trailhound_all_rules_gz.ndjson"
     trailhound_noprefilter="$OUT/trailhound_noprefilter.ndjson"
     duckdb_ndjson="$OUT/duckdb_ndjson.tsv" duckdb_gz="$OUT/duckdb_gz.tsv")
((DUCKDB_RECORDS)) && CMP+=(duckdb_records="$OUT/duckdb_records.tsv")
AGREE=0
node "$BENCH/compare_alerts.mjs" "${CMP[@]}" | tee "$OUT/agreement.txt" || AGREE=1

RSS_JSON=0
if ((RSS_EVENTS > 0)); then
  gen "$DATA/rss" "$RSS_EVENTS" s3
  RSS_JSON=$(gen_stat "$DATA/rss" json_bytes)
  log "peak RSS of a $RSS_EVENTS-event hunt"
  # One run each: read the files once first, so that the first hunt does not
  # wait on the disk (it then used 1.4 of 2 cores and held less in memory).
  find "$DATA/rss/s3" -type f -exec cat {} + > /dev/null
  measure rss10m_th_founding_gz_t2 1 "${HUNT[@]}" --threads 2 --rules "$FOUNDING" "$DATA/rss/s3"
  MAX_RC=2 measure rss10m_th_all_gz_t2 1 "${HUNT[@]}" --threads 2 "${ALL_ARGS[@]}" "$DATA/rss/s3"
  cp "$OUT/rss10m_th_founding_gz_t2.out" "$OUT/trailhound_rss.ndjson"
  cp "$OUT/rss10m_th_all_gz_t2.out" "$OUT/trailhound_rss_all_rules.ndjson"
  node "$BENCH/compare_alerts.mjs" expected_rss="$DATA/rss/expected.tsv" trailhound_rss="$OUT/trailhound_rss.ndjson" \
    trailhound_rss_all_rules="$OUT/trailhound_rss_all_rules.ndjson" | tee -a "$OUT/agreement.txt" || AGREE=1
fi

if ((PROFILE)); then
  # perf with DWARF call graphs (works on the Release build's unwind tables) over the
  # first 2 plain parts, single-threaded: self time grouped by component
  # (perf_groups.mjs) and inclusive time of trailhound's own functions.
  mapfile -t PARTS < <(ls "$MAIN"/plain/*.json | head -2)
  profile() {  # profile NAME RULE-ARGS...
    local name="$1"; shift
    log "perf profile: $name, plain JSON, --threads 1, ${#PARTS[@]} parts"
    perf record -F 499 --call-graph dwarf,16384 -o "$OUT/$name.perf.data" -- "$TH" hunt --format ndjson \
      --threads 1 "$@" "${PARTS[@]}" > /dev/null 2> "$OUT/$name.perf.err" || true
    perf report -i "$OUT/$name.perf.data" --stdio --no-children -g none --sort dso,symbol --percent-limit 0.01 \
      2>/dev/null | grep -E '^ +[0-9]' | sed -E 's/ +$//' > "$OUT/$name.self.txt" || true
    perf report -i "$OUT/$name.perf.data" --stdio --children -g none --sort symbol --percent-limit 1 \
      2>/dev/null | grep -E '^ +[0-9]' | grep -E 'trailhound::|re2::|simdjson::|isal|malloc' | sed -E 's/ +$//' \
      | cut -c1-200 > "$OUT/$name.inclusive.txt" || true
    { echo "-- self time by component"; node "$BENCH/perf_groups.mjs" "$OUT/$name.self.txt"
      echo "-- inclusive time (children), top functions"; head -25 "$OUT/$name.inclusive.txt"; } \
      | tee "$OUT/$name.summary.txt" >&2 || true
  }
  profile profile_founding --rules "$FOUNDING"
  profile profile_all "${ALL_ARGS[@]}"
fi

if ((MICRO)); then
  log "micro-benchmarks (bench/micro)"
  "$BUILD/trailhound_micro" --benchmark_min_time=0.5 2>&1 | grep -E '^(BM_|Benchmark|-)' | tee "$OUT/micro.txt" >&2
fi

# ---------------------------------------------------------------- report
{
  printf '{"events": %s, "json_bytes": %s, "gz_bytes": %s, "gz_files": %s, "runs": %s, "all_rules": %s,' \
    "$EVENTS" "$JSON_BYTES" "$GZ_BYTES" "$GZ_FILES" "$RUNS" "${#ALL_RULES[@]}"
  printf ' "rules_run": %s,' "$RULES_RUN"
  printf ' "load_start": "%s", "load_end": "%s", "nproc": %s,' "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg)" "$NPROC"
  printf ' "rss_events": %s, "rss_json_bytes": %s}\n' "$RSS_EVENTS" "$RSS_JSON"
} > "$OUT/meta.json"
log "results (also in $OUT/report.md)"
node "$BENCH/report.mjs" "$RESULTS" "$OUT/meta.json" | tee "$OUT/report.md"
echo >&2
grep -h 'summary\|events' "$OUT/th_founding_plain_t2.err" | tail -3 >&2 || true
exit $AGREE
