#!/usr/bin/env bash
# Bounded libFuzzer run over PWBIMapping's JSON reader, every mapper and the CSV row mappers.
# Compiles Fuzz/MappingFuzz.swift together with Sources/PWBIMapping (outside SwiftPM) with
# -sanitize=fuzzer,address, seeds the corpus with the mapper fixtures, and fuzzes for
# FUZZ_SECONDS (default 45, at most 60). A crash or a violated property fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swiftc >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
seconds="${FUZZ_SECONDS:-45}"
if (( seconds > 60 )); then seconds=60; fi
out=.build/fuzz-mapping
corpus="$out/corpus"
mkdir -p "$corpus" fuzz-artifacts

echo "== compiling the mapping fuzzer"
mapfile -t sources < <(find Sources/PWBIMapping -name '*.swift' | sort)
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6 \
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault \
    -package-name pwbi_integration_kit -module-name PWBIMappingFuzz "${sources[@]}" Fuzz/MappingFuzz.swift -o "$out/mapping-fuzzer"

# Seeds: selector byte (the harness's target index) + a fixture payload.
fixtures=Tests/PWBIMappingTests/Resources/Mappers
seed() { # index file
    printf "\\x$(printf %02x "$1")" > "$corpus/seed-$1-$(basename "$2")"
    cat "$2" >> "$corpus/seed-$1-$(basename "$2")"
}
for f in "$fixtures"/pawoon/transaction*.json; do [[ $f == *expected* ]] || seed 0 "$f"; done
seed 1 "$fixtures/pawoon/inventory.json"
for f in "$fixtures"/moka/transaction.json "$fixtures"/moka/report-*.json; do [[ $f == *expected* ]] || seed 2 "$f"; done
seed 3 "$fixtures/moka/inventory.json"
for f in "$fixtures"/qasir/transaction*.json; do [[ $f == *expected* ]] || seed 4 "$f"; done
seed 5 "$fixtures/qasir/inventory.json"
for f in "$fixtures"/olsera/transaction*.json; do [[ $f == *expected* ]] || seed 6 "$f"; done
seed 7 "$fixtures/olsera/inventory.json"
for f in "$fixtures"/karage/order-*.json; do [[ $f == *expected* ]] || seed 8 "$f"; done
for f in "$fixtures"/xendit/invoice-*.json; do [[ $f == *expected* ]] || seed 9 "$f"; done
for f in "$fixtures"/midtrans/*.json; do [[ $f == *expected* ]] || seed 10 "$f"; done
for f in "$fixtures"/{pawoon,moka,qasir,olsera,karage}/*.expected.json; do
    if grep -q '"inventory_update"' "$f"; then seed 12 "$f"; else seed 11 "$f"; fi
done
for f in "$fixtures"/{xendit,midtrans}/*.expected.json; do seed 13 "$f"; done
printf '\x0e2025-12-27 12:45:10\nPWN-1\n1,250,000\n113,636\n' > "$corpus/seed-row-pawoon"
printf '\x0fMK-1\n89500.00\n2025-12-27 13:20:45\n' > "$corpus/seed-row-moka"
printf '\x102025-12-27\n1.234.567,00\nMANUAL-1\nCatering\n' > "$corpus/seed-row-generic"

# Inputs that once crashed the fuzzer (each fixed, each also a unit test) start every run.
cp Fuzz/Regressions/mapping/* "$corpus/"

echo "== fuzzing for ${seconds}s"
"$out/mapping-fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=fuzz-artifacts/ -print_final_stats=1 "$corpus"
