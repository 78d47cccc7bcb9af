"""Everything issue 19's targets need, in one run: the growth table
(bench.growth, in-process) and the server bench (bench.server: gunicorn,
throughput, publishing under load), then their TARGET lines together.

    .venv/bin/python -m bench [--events 10 100 1000 5000] [--server-events 1000]
        [--soak 60] [--postgresql] [--quick]

--quick: 10 and 100 events, 200 on the server, short load runs; to try
the bench's plumbing, not to judge the targets.
"""

import argparse
import subprocess
import sys
import time

from bench.processes import REPO_ROOT


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--server-events", type=int, default=1000)
    parser.add_argument("--soak", type=int, default=60, help="seconds of publishing under load")
    parser.add_argument("--postgresql", action="store_true")
    parser.add_argument("--quick", action="store_true")
    return parser.parse_args()


def commands(args):
    growth = ["-m", "bench.growth", "--events", *map(str, args.events)]
    server = ["-m", "bench.server", "--events", str(args.server_events), "--soak", str(args.soak)]
    if args.quick:
        growth = ["-m", "bench.growth", "--events", "10", "100", "--repeat", "5"]
        server = ["-m", "bench.server", "--events", "200", "--samples", "5"]
        server += ["--duration", "2", "--rounds", "1", "--soak", "15", "--publish-every", "3"]
    extra = ["--postgresql"] if args.postgresql else []
    return [growth + extra, server + extra]


def main():
    args = parse_args()
    started = time.perf_counter()
    verdicts = []
    for command in commands(args):
        print(f"$ python {' '.join(command)}", flush=True)
        process = subprocess.Popen(
            [sys.executable, *command], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
        )
        for line in process.stdout:
            print(line, end="", flush=True)
            if line.startswith("TARGET"):
                verdicts.append(line)
        if process.wait():
            sys.exit(f"{command[1]} failed ({process.returncode})")
        print(flush=True)
    missed = sum("MISSED" in line for line in verdicts)
    print(f"All targets: {len(verdicts) - missed} met, {missed} missed")
    print("".join(verdicts), end="")
    print(f"Total time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
