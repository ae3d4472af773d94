#!/usr/bin/env bash
# Bounded libFuzzer run over PWBISignatures' body reader (TopLevelJSONMembers: the fields of
# unauthenticated Midtrans bodies) and the Midtrans scheme on top of it. Compiles
# Fuzz/SignaturesFuzz.swift together with Sources/PWBISignatures (outside SwiftPM) with
# -sanitize=fuzzer,address, seeds the corpus with the Midtrans and Xendit fixtures, and fuzzes
# for FUZZ_SECONDS (default 30, at most 60). A crash or a violated property fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swiftc >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
seconds="${FUZZ_SECONDS:-30}"
if (( seconds > 60 )); then seconds=60; fi
out=.build/fuzz-signatures
corpus="$out/corpus"
mkdir -p "$corpus" fuzz-artifacts/signatures

echo "== compiling the signatures fuzzer"
mapfile -t sources < <(find Sources/PWBISignatures -name '*.swift' | sort)
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6 \
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault \
    -module-name PWBISignaturesFuzz "${sources[@]}" Fuzz/SignaturesFuzz.swift -o "$out/signatures-fuzzer" \
    2>&1 | { grep -v "Cannot export local symbol" || true; }
test "${PIPESTATUS[0]}" -eq 0

# Seeds: real notification bodies, with and without a signature_key, and a few awkward shapes.
for f in Tests/PWBIMappingTests/Resources/Mappers/midtrans/*.json Tests/PWBIMappingTests/Resources/Mappers/xendit/*.json; do
    [[ $f == *expected* ]] || cp "$f" "$corpus/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done
printf '{"order_id":"A-1","status_code":"200","gross_amount":"100000.00"}' > "$corpus/seed-unsigned"
printf '{"order_id":"\\u00e9\\ud834\\udd1e","status_code":200,"gross_amount":1.5e3,"x":[{"y":null}]}' > "$corpus/seed-escapes"
printf ' {"a":"\\"\\\\\\/\\b\\f\\n\\r\\t","order_id":-0} ' > "$corpus/seed-whitespace"
if [[ -d Fuzz/Regressions/signatures ]]; then cp Fuzz/Regressions/signatures/* "$corpus/"; fi

echo "== fuzzing for ${seconds}s"
"$out/signatures-fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=fuzz-artifacts/signatures/ -print_final_stats=1 "$corpus"
