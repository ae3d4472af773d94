#!/usr/bin/env python3
"""Python's csv module as the peer of pwbi-bench's `csv` suite.

    csv_peer.py throughput FILE REPEATS   -> {"seconds": median, "records": n}
    csv_peer.py rss FILE                  -> {"peak_mib": peak RSS streaming FILE once, "records": n}

Both read the file the way a Python service would: text mode, UTF-8, newline='' (as the
csv module requires), csv.reader with the default (excel) dialect, every row materialised.
"""
import csv
import json
import statistics
import sys
import time


def parse(path):
    records = 0
    with open(path, newline='', encoding='utf-8') as f:
        for _row in csv.reader(f):
            records += 1
    return records


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == 'throughput':
        repeats = int(sys.argv[3])
        times = []
        records = 0
        for _ in range(repeats):
            start = time.perf_counter()
            records = parse(path)
            times.append(time.perf_counter() - start)
        print(json.dumps({"seconds": statistics.median(times), "records": records}))
    elif mode == 'rss':
        # ru_maxrss survives exec on Linux (it would report the parent's peak): reset the
        # high-water mark through /proc/self/clear_refs and read VmHWM instead.
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
        records = parse(path)
        with open('/proc/self/status') as f:
            peak_kib = next(int(line.split()[1]) for line in f if line.startswith('VmHWM:'))
        print(json.dumps({"peak_mib": peak_kib / 1024.0, "records": records}))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == '__main__':
    main()
