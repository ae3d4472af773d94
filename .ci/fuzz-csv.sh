#!/usr/bin/env bash
# Builds the PWBICSV libFuzzer target (Fuzz/CSVReaderFuzz.swift + Sources/PWBICSV) with
# AddressSanitizer and runs it for SECONDS (default 50), seeded with the test fixtures.
# A crash, sanitizer report or invariant failure exits non-zero and leaves the input in
# fuzz-artifacts/csv/.
#   .ci/fuzz-csv.sh [SECONDS] [extra libFuzzer flags…]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swiftc >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
seconds="${1:-50}"
shift || true
out=.build/fuzz-csv
echo "== fuzzing the PWBICSV reader for ${seconds} s"
mkdir -p "$out/corpus" fuzz-artifacts/csv
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -swift-version 6 \
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault \
    -package-name pwbi_integration_kit -module-name PWBICSV \
    Sources/PWBICSV/*.swift Fuzz/CSVReaderFuzz.swift \
    -o "$out/csv-reader-fuzz" 2>&1 | { grep -v "Cannot export local symbol" || true; }
test "${PIPESTATUS[0]}" -eq 0
for fixture in Tests/PWBICSVTests/Resources/Fixtures/*.csv Tests/PWBICSVTests/Resources/Fixtures/*.tsv; do
    for selector in 00 11 52 d3; do
        { printf "\\x$selector"; cat "$fixture"; } > "$out/corpus/$(basename "$fixture").$selector"
    done
done
set +e
"$out/csv-reader-fuzz" "$out/corpus" \
    -max_total_time="$seconds" -max_len=2048 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=fuzz-artifacts/csv/ -print_final_stats=1 "$@" > "$out/fuzz.log" 2>&1
status=$?
set -e
grep -E "^#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Test unit written" "$out/fuzz.log" || true
if [ "$status" -ne 0 ]; then
    tail -40 "$out/fuzz.log"
fi
exit "$status"
