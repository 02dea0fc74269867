#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Time the tagging phase of `entidx tag` alone, without the gazetteer load,
for gazetteers of any size, in turn.

usage: tag_phase.py --runs N --copies K --out FILE.json --input DATA
                    NAME=ENTIDX:GAZETTEER [NAME=ENTIDX:GAZETTEER...]

entidx opens its inputs only once its gazetteers are loaded. Each run gives
it a FIFO as its one input and writes DATA K times into it: the clock starts
when entidx opens the FIFO (this script's open for writing returns) and stops
when entidx exits. So a 1M-alias gazetteer's load, which takes longer than
the tagging and varies more from run to run, is not subtracted from a longer
run (as `tag - empty` does) but left out. CPU time is the same split: the
process's user and system time read from /proc/PID/stat at the start (every
thread's, in clock ticks) taken from its rusage at exit. Exit teardown (the
tables freed) is inside the tagging phase, as in any run.

Each round runs every NAME once, in the order given (standard output to
/dev/null). The JSON maps NAME to {"wall": [s...], "cpu": [s...], "user":
[s...], "sys": [s...], "load": [s...]}, load being the time from the start
of the process to the open. Linux only (/proc). Exits 1 when a run fails.
"""
import argparse
import errno
import json
import os
import subprocess
import sys
import tempfile
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_so_far(pid):
    """User and system seconds of every thread of pid so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) / TICK, int(fields[12]) / TICK  # utime, stime


def open_when_read(fifo, proc):
    """The FIFO opened for writing once proc opens it (polled every 0.2 ms, so
    that a process that fails before does not leave this waiting)."""
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.set_blocking(fd, True)
            return fd
        except OSError as e:
            if e.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
        if proc.poll() is not None:
            sys.exit("tag_phase.py: %s exited with %d before reading its input"
                     % (" ".join(proc.args), proc.returncode))
        time.sleep(0.0002)


def one_run(exe, gaz, fifo, data, copies):
    proc = subprocess.Popen([exe, "tag", "-q", "-j1", "-g", gaz, fifo],
                            stdout=subprocess.DEVNULL)
    t_spawn = time.perf_counter()
    fd = open_when_read(fifo, proc)
    t0 = time.perf_counter()
    u0, s0 = cpu_so_far(proc.pid)
    try:
        for _ in range(copies):
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view[:1 << 20]):]
    except BrokenPipeError:
        pass  # entidx failed: its status says so
    os.close(fd)
    _, status, ru = os.wait4(proc.pid, 0)
    t1 = time.perf_counter()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("tag_phase.py: %s -g %s exited with %d" % (exe, gaz, proc.returncode))
    user, syst = ru.ru_utime - u0, ru.ru_stime - s0
    return {"wall": t1 - t0, "cpu": user + syst, "user": user, "sys": syst, "load": t0 - t_spawn}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("runs_of", nargs="+", metavar="NAME=ENTIDX:GAZETTEER")
    args = p.parse_args(argv)
    cfgs = []
    for c in args.runs_of:
        name, sep, spec = c.partition("=")
        exe, sep2, gaz = spec.partition(":")
        if not sep or not sep2 or not name or not exe or not gaz:
            p.error("expected NAME=ENTIDX:GAZETTEER, got %r" % c)
        cfgs.append((name, exe, gaz))
    with open(args.input, "rb") as f:
        data = f.read()
    res = {name: {"wall": [], "cpu": [], "user": [], "sys": [], "load": []} for name, _, _ in cfgs}
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "input.jsonl")
        os.mkfifo(fifo)
        for _ in range(args.runs):
            for name, exe, gaz in cfgs:
                for key, value in one_run(exe, gaz, fifo, data, args.copies).items():
                    res[name][key].append(value)
    with open(args.out, "w") as f:
        json.dump(res, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
