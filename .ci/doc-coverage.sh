#!/usr/bin/env bash
# API documentation checks: every public symbol of the five library modules has a doc comment
# (.ci/doc_coverage.py over `swift package dump-symbol-graph`), and — when `docc` is installed —
# each DocC catalog (Sources/<Module>/<Module>.docc) converts without a warning (every ``Symbol``
# link resolves, every documented parameter list is complete). Exits non-zero on any finding.
#   .ci/doc-coverage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
start=$(date +%s)
echo "== API documentation: doc comments and DocC catalogs"
log=$(mktemp "${TMPDIR:-/tmp}/pwbi-symbolgraph.XXXXXX")
work=$(mktemp -d "${TMPDIR:-/tmp}/pwbi-docc.XXXXXX")
trap 'rm -rf "$log" "$work"' EXIT

if ! swift package dump-symbol-graph >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: could not dump the symbol graphs" >&2
    exit 1
fi
graphs=$(sed -n 's/^Files written to //p' "$log" | tail -1)
[ -d "$graphs" ] || { cat "$log" >&2; echo "error: no symbol graph directory in the output above" >&2; exit 1; }

status=0
python3 .ci/doc_coverage.py "$graphs" --check || status=1

if command -v docc >/dev/null 2>&1; then
    for module in PWBISignatures PWBIRetry PWBICSV PWBIMapping PWBIIntegration; do
        mkdir -p "$work/graphs/$module" "$work/out"
        cp "$graphs/$module.symbols.json" "$work/graphs/$module/"
        cp "$graphs/$module"@*.symbols.json "$work/graphs/$module/" 2>/dev/null || true
        if ! docc convert "Sources/$module/$module.docc" --additional-symbol-graph-dir "$work/graphs/$module" \
                --fallback-display-name "$module" --fallback-bundle-identifier "org.pwbi.$module" \
                --output-path "$work/out/$module" >"$work/$module.log" 2>&1; then
            cat "$work/$module.log" >&2
            echo "error: docc could not convert $module.docc" >&2
            status=1
        elif grep -q 'warning:' "$work/$module.log"; then
            grep -A3 'warning:' "$work/$module.log" >&2
            echo "error: $module.docc converts with warnings (see above)" >&2
            status=1
        else
            echo "docc: $module.docc converts without warnings"
        fi
    done
else
    echo "docc not found: DocC catalogs not converted"
fi

[ "$status" -eq 0 ] || { echo "error: API documentation checks failed" >&2; exit 1; }
echo "== API documentation checks passed ($(( $(date +%s) - start )) s)"
