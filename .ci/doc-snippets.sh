#!/usr/bin/env bash
# Compiles every ```swift block of README.md, Docs/**/*.md and the DocC catalogs' articles
# (see .ci/doc_snippets.py):
# each page becomes a target of a throw-away package that depends on this repository by path;
# a statement block is wrapped in its own `func … async throws`, a block after
# `<!-- snippet: file -->` is compiled as a file (declarations), a block starting with
# `// swift-tools-version` is a manifest checked with `swift package dump-package`.
# Errors point at the Markdown file and line. Exits non-zero when any block does not compile.
#   .ci/doc-snippets.sh            (build products are kept in .build/doc-snippets for fast reruns)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
root=$(pwd -P)
start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/pwbi-doc-snippets.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== compiling the Swift code blocks of README.md and Docs/"
python3 .ci/doc_snippets.py "$root" "$work/package"

status=0
for manifest in "$work"/package/Manifests/*/Package.swift; do
    [ -e "$manifest" ] || continue
    dir=$(dirname "$manifest")
    if ! swift package --package-path "$dir" dump-package >/dev/null 2>"$dir/errors.txt"; then
        echo "error: the manifest at $(cat "$dir/origin.txt") does not evaluate:" >&2
        cat "$dir/errors.txt" >&2
        status=1
    fi
done

set +e
swift build --package-path "$work/package" --scratch-path "$root/.build/doc-snippets" >"$work/build.log" 2>&1
build=$?
set -e
grep -v -E '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking|Planning|Building|Applying)' "$work/build.log" || true
[ "$build" -eq 0 ] || status=1

if [ "$status" -ne 0 ]; then
    echo "error: documentation code blocks do not compile (see the Markdown file:line above)" >&2
    exit 1
fi
echo "== documentation code blocks compile ($(( $(date +%s) - start )) s)"
