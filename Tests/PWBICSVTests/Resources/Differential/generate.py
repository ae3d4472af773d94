#!/usr/bin/env python3
"""Generates vectors.json: CSV inputs and the records Python's csv module reads from them.

Run once (python3 generate.py); the output is committed and read by DifferentialTests.swift.
Python's reader is used with the defaults PWBICSV's lenient mode reproduces: doublequote,
no skipinitialspace, strict=False, input opened with newline='' (universal line ends kept).
Blank lines, which Python returns as [], are dropped: PWBICSV skips them.

Inputs are of two kinds: tables written by csv.writer (every quoting style and line
ending), and "soup" drawn from an alphabet rich in delimiters, quotes and line breaks, so
that malformed quoting is compared too.
"""
import csv
import io
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DELIMITERS = [',', ';', '\t', '|']
SOUP = ['a', 'b', 'Z', '1', '0', ' ', '"', '""', '\r', '\n', '\r\n', 'é', '☕', '.', '-', "'", 'x y']
CELL = ['a', 'b', '1', ' ', '"', ',', ';', '\t', '|', '\n', '\r\n', '\r', 'é', '☕', 'Rp', '1.234,56', '']


def python_rows(text, delimiter):
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=delimiter, strict=False)
    return [row for row in reader if row != []]


def soup(rng, delimiter):
    parts = []
    for _ in range(rng.randint(1, 60)):
        roll = rng.random()
        if roll < 0.2:
            parts.append(delimiter)
        else:
            parts.append(rng.choice(SOUP))
    return ''.join(parts)


def table(rng, delimiter):
    out = io.StringIO(newline='')
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])
    terminator = rng.choice(['\r\n', '\n', '\r'])
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=terminator)
    columns = rng.randint(1, 6)
    for _ in range(rng.randint(1, 8)):
        writer.writerow([''.join(rng.choice(CELL) for _ in range(rng.randint(0, 4))) for _ in range(columns)])
    text = out.getvalue()
    if rng.random() < 0.3:
        text = text[: -len(terminator)]  # no line break after the last record
    return text


def main():
    rng = random.Random(20251227)
    cases = []
    for index in range(600):
        delimiter = DELIMITERS[index % len(DELIMITERS)]
        kind = 'soup' if index % 2 == 0 else 'table'
        text = soup(rng, delimiter) if kind == 'soup' else table(rng, delimiter)
        try:
            rows = python_rows(text, delimiter)
        except csv.Error:
            continue
        cases.append({"name": f"{kind}-{index}", "delimiter": delimiter, "input": text, "rows": rows})
    with open(os.path.join(HERE, 'vectors.json'), 'w', encoding='utf-8') as f:
        json.dump({"generator": "generate.py", "python_csv": csv.__version__, "cases": cases}, f, ensure_ascii=False, indent=0)
    print(f"wrote {len(cases)} cases")


if __name__ == '__main__':
    main()
