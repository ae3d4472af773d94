#!/usr/bin/env python3
"""Lists the public symbols of the kit's modules that have no doc comment.

    .ci/doc_coverage.py SYMBOL_GRAPH_DIR [--check]

SYMBOL_GRAPH_DIR holds the `*.symbols.json` files of `swift package dump-symbol-graph` (or of
`swift build -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc DIR`).
.ci/doc-coverage.sh generates them and calls this script.

Not counted as missing:
* compiler-synthesized symbols (no source location, `::SYNTHESIZED::` members such as `!=`);
* implementations of a protocol requirement (the relationship carries a `sourceOrigin`): DocC
  shows the requirement's documentation for them (`description`, `hash(into:)`, `==`, `init(from:)`,
  and requirements of the kit's own protocols);
* symbols of other modules extended by ours (`Module@Other.symbols.json`) are checked like the
  rest, because the extension members are ours.

It also lists the top-level public types and functions that no ``Symbol`` link of the module's
catalog page (`Sources/<Module>/<Module>.docc/<Module>.md`, relative to the working directory)
puts in a topic group.

With --check, exits 1 when any public symbol is undocumented or any top-level symbol uncurated.
"""
import glob
import json
import os
import re
import sys

MODULES = ["PWBISignatures", "PWBIRetry", "PWBICSV", "PWBIMapping", "PWBIIntegration"]
PUBLIC = {"public", "open"}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check = "--check" in sys.argv
    if len(args) != 1:
        sys.exit("usage: doc_coverage.py SYMBOL_GRAPH_DIR [--check]")
    directory = args[0]
    missing = []
    uncurated = []
    total = 0
    seen = set()
    for module in MODULES:
        top_level = set()
        paths = sorted(glob.glob(os.path.join(directory, f"{module}.symbols.json")))
        paths += sorted(glob.glob(os.path.join(directory, f"{module}@*.symbols.json")))
        if not paths:
            sys.exit(f"no symbol graph for {module} in {directory}")
        for path in paths:
            with open(path, encoding="utf-8") as handle:
                graph = json.load(handle)
            inherited = {
                relation["source"]
                for relation in graph.get("relationships", [])
                if relation.get("sourceOrigin") is not None
            }
            for symbol in graph.get("symbols", []):
                precise = symbol["identifier"]["precise"]
                if symbol.get("accessLevel") not in PUBLIC or precise in seen:
                    continue
                if len(symbol.get("pathComponents", [])) == 1 and symbol["kind"]["identifier"] != "swift.extension":
                    top_level.add(symbol["pathComponents"][0])
                seen.add(precise)
                location = symbol.get("location")
                if location is None or "::SYNTHESIZED::" in precise:
                    continue
                if precise in inherited:
                    continue
                total += 1
                lines = symbol.get("docComment", {}).get("lines", [])
                if any(line.get("text", "").strip() for line in lines):
                    continue
                uri = location.get("uri", "")
                file = uri[len("file://"):] if uri.startswith("file://") else uri
                file = os.path.relpath(file) if os.path.isabs(file) else file
                line = location.get("position", {}).get("line", 0) + 1
                name = ".".join(symbol.get("pathComponents", [])) or symbol["names"]["title"]
                kind = symbol["kind"]["identifier"].replace("swift.", "")
                missing.append((file, line, kind, f"{module}: {name}"))
        catalog = os.path.join("Sources", module, f"{module}.docc", f"{module}.md")
        if os.path.exists(catalog):
            with open(catalog, encoding="utf-8") as handle:
                linked = set(re.findall(r"``([A-Za-z0-9_]+)", handle.read()))
            uncurated += [f"{catalog}: {module}.{name} is in no topic group" for name in sorted(top_level - linked)]
        else:
            uncurated.append(f"{catalog}: missing")
    for line in uncurated:
        print(line)
    for file, line, kind, name in sorted(missing):
        print(f"{file}:{line}: {kind} {name}")
    documented = total - len(missing)
    print(f"doc coverage: {documented}/{total} public symbols documented, {len(missing)} without a doc comment; "
          f"{len(uncurated)} top-level symbols outside the catalogs' topic groups")
    if check and (missing or uncurated):
        sys.exit(1)


if __name__ == "__main__":
    main()
