"""Runs one command several times: median wall time, median peak RSS, and its output.

Peak RSS comes from GNU time (/usr/bin/time -f %M), whose own footprint is about 1 MB: a child
counts the peak of the process it was forked from, so measuring from this Python process would
add its size to every figure. Without GNU time (Debian package `time`) a fresh, small Python
interpreter measures instead, and every figure includes its ~10 MB.
"""
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

GNU_TIME = '/usr/bin/time' if os.access('/usr/bin/time', os.X_OK) else None

# The fallback: runs argv and prints its peak RSS in KB as the last line of stderr.
WAIT4 = ('import os, subprocess, sys\n'
         'p = subprocess.Popen(sys.argv[1:])\n'
         '_, status, usage = os.wait4(p.pid, 0)\n'
         'print(usage.ru_maxrss, file=sys.stderr)\n'
         'sys.exit(os.waitstatus_to_exitcode(status))\n')


@dataclass
class Result:
    seconds: float = 0.0
    peak_mb: float = 0.0
    status: int = 0          # exit status of the last run
    digest: str = ''         # sha256 of the output
    size: int = 0            # bytes of output
    error: str = ''          # the end of stderr when the command failed
    path: str = ''           # where the output is

    @property
    def ok(self):
        return self.status == 0


def ensure_gnu_time():
    """Installs GNU time with apt-get when it is missing and we are root; True if it is there."""
    global GNU_TIME
    if GNU_TIME is None and os.geteuid() == 0 and shutil.which('apt-get'):
        print('bench: installing GNU time (Debian package time) for peak memory')
        subprocess.run(['apt-get', 'install', '-y', '-q', 'time'], stdout=subprocess.DEVNULL, check=False)
        GNU_TIME = '/usr/bin/time' if os.access('/usr/bin/time', os.X_OK) else None
    if GNU_TIME is None:
        print('bench: GNU time not found: peak memory measured through python3, ~10 MB too high')
    return GNU_TIME is not None


def run_once(argv, out_path, env=None):
    """(seconds, peak KB, exit status, stderr) of one run, stdout into out_path."""
    with tempfile.NamedTemporaryFile('r', suffix='.rss') as rss, open(out_path, 'wb') as out:
        cmd = [GNU_TIME, '-f', '%M', '-o', rss.name, *argv] if GNU_TIME else [sys.executable, '-c', WAIT4, *argv]
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
        seconds = time.perf_counter() - start
        err = proc.stderr.decode(errors='replace')
        if GNU_TIME:
            report = rss.read().split()
        else:
            err, _, last = err.rstrip('\n').rpartition('\n')
            report = [last]
    # GNU time puts "Command exited with non-zero status N" before the figure.
    peak_kb = int(report[-1]) if report and report[-1].isdigit() else 0
    return seconds, peak_kb, proc.returncode, err


def digest(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest(), os.path.getsize(path)


def measure(argv, runs, out_path, env=None):
    """The median of `runs` runs (with env as the environment, if given); stops after a failed run."""
    times, peaks = [], []
    status, err = 0, ''
    for _ in range(runs):
        seconds, peak_kb, status, err = run_once(argv, out_path, env)
        times.append(seconds)
        peaks.append(peak_kb)
        if status != 0:
            break
    sha, size = digest(out_path)
    return Result(seconds=statistics.median(times), peak_mb=statistics.median(peaks) / 1024, status=status,
                  digest=sha, size=size, error=err.strip()[-300:] if status else '', path=out_path)
