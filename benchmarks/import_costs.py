"""What ``explorer/import_costs.py`` buys: a process's start with and without skipping
``rfc3987_syntax`` (which jsonschema imports whenever it is installed, compiling its grammars).

Two starts, each timed in a fresh interpreter, alternating with and without the skip in every
round:

* ``cli demo`` — ``weibo-explorer demo``, a command that starts the sandbox (whose admin routes
  import jsonschema), run to its end;
* ``build worker`` — what a docs build's worker imports before its first notebook
  (``explorer.docs.execute``, nbformat, nbclient, the sandbox).

"Without" is the same process with ``skip_unused_format_checkers`` replaced by a no-op before
anything calls it. The table shows medians (and the range) of wall time and of the child's CPU.

    python benchmarks/import_costs.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

PRELUDE = ("import explorer.import_costs as costs\n"
           "if not {skip}:\n"
           "    costs.skip_unused_format_checkers = lambda: None\n")
STARTS = {
    "cli demo": ("import runpy, sys\n"
                 "sys.argv = ['weibo-explorer', 'demo']\n"
                 "runpy.run_module('explorer', run_name='__main__')\n"),
    "build worker": ("costs.skip_unused_format_checkers()\n"
                     "import explorer.docs.execute, nbformat, nbclient, explorer.sandbox.app\n"),
}


def one(start: str, skip: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh interpreter running ``start``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", PRELUDE.format(skip=skip) + STARTS[start]],
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    times: dict[tuple[str, bool], list[tuple[float, float]]] = {}
    for n in range(args.rounds):
        for start in STARTS:
            for skip in ((True, False) if n % 2 == 0 else (False, True)):
                times.setdefault((start, skip), []).append(one(start, skip))
    print(f"{args.rounds} rounds, alternating; medians (range); load {os.getloadavg()[0]:.1f}, "
          f"{len(os.sched_getaffinity(0))} cores shared with the rest of the machine\n")
    print(f"{'start':14} {'skip':>5} {'wall s':>18} {'cpu s':>18}")
    for (start, skip), runs in times.items():
        cells = []
        for values in ([w for w, _ in runs], [c for _, c in runs]):
            cells.append(f"{statistics.median(values):6.2f} ({min(values):.2f}-{max(values):.2f})")
        print(f"{start:14} {'yes' if skip else 'no':>5} {cells[0]:>18} {cells[1]:>18}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
