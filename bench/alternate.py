#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Time commands in turn, round after round, for ratios that a drifting
machine does not bend.

usage: alternate.py --runs N --out FILE.json NAME=COMMAND [NAME=COMMAND...]

Each round runs every command once, in the order given (standard output to
/dev/null), so that a slow phase of a shared machine falls on all of them
alike; hyperfine runs one command N times before the next, and a phase of
a few seconds then lands on one side of a ratio. COMMAND is split with
shlex. The JSON maps each NAME to {"wall": [s...], "cpu": [s...], "user":
[s...], "sys": [s...]}: wall time from time.perf_counter(), CPU time (user
+ system, and each apart) from the children's rusage. Exits 1 when a
command fails.
"""
import argparse
import json
import resource
import shlex
import subprocess
import sys
import time


def child_times():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime, r.ru_stime


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--out", required=True)
    p.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = p.parse_args(argv)
    cmds = []
    for c in args.commands:
        name, sep, cmd = c.partition("=")
        if not sep or not name or not cmd:
            p.error("expected NAME=COMMAND, got %r" % c)
        cmds.append((name, shlex.split(cmd)))
    res = {name: {"wall": [], "cpu": [], "user": [], "sys": []} for name, _ in cmds}
    for _ in range(args.runs):
        for name, argv_ in cmds:
            (user0, sys0), t0 = child_times(), time.perf_counter()
            rc = subprocess.run(argv_, stdout=subprocess.DEVNULL).returncode
            t1, (user1, sys1) = time.perf_counter(), child_times()
            if rc != 0:
                print("alternate.py: %s exited with status %d" % (name, rc), file=sys.stderr)
                return 1
            res[name]["wall"].append(t1 - t0)
            res[name]["user"].append(user1 - user0)
            res[name]["sys"].append(sys1 - sys0)
            res[name]["cpu"].append(user1 - user0 + sys1 - sys0)
    with open(args.out, "w") as f:
        json.dump(res, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
