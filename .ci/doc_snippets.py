#!/usr/bin/env python3
"""Extracts every ```swift block of README.md, Docs/**/*.md and the DocC catalogs' articles
(Sources/<Module>/<Module>.docc/*.md, where `import <Module>` is implied) into a throw-away Swift package
that depends on the repository by path, so `swift build` proves the documentation compiles.

Called by .ci/doc-snippets.sh (which runs the build); usable alone:

    .ci/doc_snippets.py REPO_ROOT OUTPUT_DIR

Conventions for documentation authors (summarised at the top of .ci/doc-snippets.sh):

* A plain ```swift block is a sequence of statements. It becomes the body of its own
  `func … async throws` (so `try` and `await` work and its names never collide with another
  block's); its `import` lines move to the top of the file. Local functions and local types are fine.
* A page reads as one context: every block is compiled with the `import`s of all Swift blocks
  of its page, so a later block need not repeat them.
* A block preceded by the line `<!-- snippet: file -->` (an HTML comment, invisible on GitHub)
  holds declarations — protocols, extensions, types meant to be used by later blocks — and is
  compiled as a source file as it stands. The blocks of one page share one module, so a later
  block of the same page can use what a `file` block declared.
* A block whose first line is `// swift-tools-version: …` is a package manifest: it is written as
  the Package.swift of a package of its own and evaluated with `swift package dump-package`.
* Anything that is not Swift (shell, JSON, SQL, pseudo-code) uses another fence language
  (```sh, ```json, ```sql, ```text).

Compiler diagnostics point at the Markdown file and line (`#sourceLocation`).
"""
import glob
import json
import os
import re
import sys

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,})[ \t]*(?P<info>[^`\n]*)$")
MARKER = re.compile(r"^\s*<!--\s*snippet:\s*(?P<kind>[a-z-]+)\s*-->\s*$")
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_spi\([^)]*\)\s+)?(?:public\s+|internal\s+|package\s+)?import\s+\w")
PRODUCTS = ["PWBISignatures", "PWBIRetry", "PWBICSV", "PWBIMapping", "PWBIIntegration"]


def markdown_files(root):
    files = []
    readme = os.path.join(root, "README.md")
    if os.path.exists(readme):
        files.append("README.md")
    docs = os.path.join(root, "Docs")
    for directory, _, names in os.walk(docs):
        for name in names:
            if name.endswith(".md"):
                files.append(os.path.relpath(os.path.join(directory, name), root))
    # The DocC catalogs' articles: their blocks are compiled with `import <Module>` implied.
    for catalog in glob.glob(os.path.join(root, "Sources", "*", "*.docc")):
        for directory, _, names in os.walk(catalog):
            for name in names:
                if name.endswith(".md"):
                    files.append(os.path.relpath(os.path.join(directory, name), root))
    return sorted(files)


def implied_imports(path):
    """`import PWBICSV` for a page of Sources/PWBICSV/PWBICSV.docc; nothing for README.md and Docs/."""
    parts = path.split(os.sep)
    if len(parts) >= 3 and parts[0] == "Sources" and parts[2].endswith(".docc"):
        return [f"import {parts[1]}"]
    return []


def blocks(text):
    """Yields (kind, first_body_line (1-based), body_lines, language) for every fenced block."""
    lines = text.split("\n")
    index = 0
    pending_marker = None
    while index < len(lines):
        line = lines[index]
        marker = MARKER.match(line)
        if marker:
            pending_marker = marker.group("kind")
            index += 1
            continue
        match = FENCE.match(line)
        if not match:
            if line.strip():
                pending_marker = None
            index += 1
            continue
        indent, fence, info = match.group("indent"), match.group("fence"), match.group("info").strip()
        language = info.split()[0].lower() if info else ""
        body = []
        start = index + 2  # 1-based number of the first body line
        index += 1
        while index < len(lines):
            closing = lines[index]
            if closing.strip().startswith(fence) and closing.strip().strip("`") == "":
                break
            body.append(closing[len(indent):] if closing.startswith(indent) else closing.lstrip())
            index += 1
        index += 1
        yield pending_marker, start, body, language
        pending_marker = None


def target_name(path):
    stem = re.sub(r"[^A-Za-z0-9]+", "_", os.path.splitext(path)[0]).strip("_")
    return "Doc_" + stem


def swift_string(text):
    return json.dumps(text)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: doc_snippets.py REPO_ROOT OUTPUT_DIR")
    root = os.path.abspath(sys.argv[1])
    out = os.path.abspath(sys.argv[2])
    kit = os.path.basename(root.rstrip("/"))
    sources = os.path.join(out, "Sources")
    manifests = os.path.join(out, "Manifests")
    os.makedirs(sources, exist_ok=True)
    os.makedirs(manifests, exist_ok=True)

    targets = []
    counts = {"statements": 0, "file": 0, "manifest": 0}
    problems = []
    for path in markdown_files(root):
        with open(os.path.join(root, path), encoding="utf-8") as handle:
            text = handle.read()
        target = target_name(path)
        files = []
        # A page reads as one context: every block sees the imports of every Swift block of its page.
        page_imports = implied_imports(path)
        for _, _, body, language in blocks(text):
            first = next((line for line in body if line.strip()), "")
            if language == "swift" and not first.startswith("// swift-tools-version"):
                for line in body:
                    if IMPORT.match(line) and line.strip() not in page_imports:
                        page_imports.append(line.strip())
        for kind, start, body, language in blocks(text):
            if language != "swift":
                if kind is not None:
                    problems.append(f"{path}:{start - 1}: a snippet marker before a ```{language} block")
                continue
            location = f"{path}:{start}"
            absolute = os.path.join(root, path)
            first = next((line for line in body if line.strip()), "")
            if first.startswith("// swift-tools-version"):
                directory = os.path.join(manifests, f"{target}_L{start}")
                os.makedirs(directory, exist_ok=True)
                with open(os.path.join(directory, "Package.swift"), "w", encoding="utf-8") as handle:
                    handle.write("\n".join(body) + "\n")
                with open(os.path.join(directory, "origin.txt"), "w", encoding="utf-8") as handle:
                    handle.write(location + "\n")
                counts["manifest"] += 1
                continue
            if kind not in (None, "file"):
                problems.append(f"{path}:{start - 1}: unknown snippet marker '{kind}' (use 'file' or nothing)")
                continue
            name = f"L{start}.swift"
            if kind == "file":
                own = [line.strip() for line in body if IMPORT.match(line)]
                inherited = [line for line in page_imports if line not in own]
                source = inherited + [f"#sourceLocation(file: {swift_string(absolute)}, line: {start})"] + body
                source.append("#sourceLocation()")
                counts["file"] += 1
            else:
                imports = page_imports
                kept = ["" if IMPORT.match(line) else line for line in body]
                source = imports + [
                    f"// {location}",
                    f"func snippet_L{start}() async throws {{",
                    f"#sourceLocation(file: {swift_string(absolute)}, line: {start})",
                ] + kept + ["#sourceLocation()", "}"]
                counts["statements"] += 1
            files.append((name, "\n".join(source) + "\n"))
        if files:
            directory = os.path.join(sources, target)
            os.makedirs(directory, exist_ok=True)
            for name, content in files:
                with open(os.path.join(directory, name), "w", encoding="utf-8") as handle:
                    handle.write(content)
            targets.append(target)

    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.exit(1)

    product_list = ", ".join(f'.product(name: "{p}", package: kit)' for p in PRODUCTS)
    target_lines = "\n".join(
        f'        .target(name: "{t}", dependencies: [{product_list}], swiftSettings: settings),' for t in targets
    )
    manifest = f"""// swift-tools-version: 6.0
// Generated by .ci/doc_snippets.py: one target per Markdown page of {root}.
import PackageDescription

/// A path dependency's identity is its folder's last path component.
let kit = {swift_string(kit)}
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .unsafeFlags(["-suppress-warnings"]),
]

let package = Package(
    name: "pwbi-doc-snippets",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: {swift_string(root)})],
    targets: [
{target_lines}
    ],
    swiftLanguageModes: [.v6]
)
"""
    with open(os.path.join(out, "Package.swift"), "w", encoding="utf-8") as handle:
        handle.write(manifest)
    total = counts["statements"] + counts["file"]
    print(
        f"doc snippets: {total} Swift blocks ({counts['statements']} statement blocks, {counts['file']} file blocks) "
        f"in {len(targets)} pages, {counts['manifest']} manifests"
    )


if __name__ == "__main__":
    main()
