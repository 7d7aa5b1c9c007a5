#!/usr/bin/env bash
# Runs the whole test suite (CTest + GoogleTest). Installs and builds first if needed.
# Elastic's ES|QL conformance suite (csv-spec) runs first so that its per-file and
# total results are printed; CTest then runs every other test.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh

echo "== ES|QL conformance: Elastic's csv-spec suite"
build/csv_spec_test --gtest_filter='CsvSpecConformance.*' > build/csv_spec_output.txt 2>&1 || {
  cat build/csv_spec_output.txt
  exit 1
}
grep -E '^[A-Za-z0-9_-]+\.csv-spec: passed|^csv-spec:|^in-scope pass rate' build/csv_spec_output.txt

echo "== unit, integration and end-to-end tests"
ctest --test-dir build --output-on-failure -j"$(nproc)" -E '^CsvSpecConformance\.'
