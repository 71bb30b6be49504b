#!/usr/bin/env python3
"""Benchmarks ctq against jq 1.6, gojq and a simdjson floor on generated CloudTrail logs.

    bench/run.sh [--mb N] [--runs N] [--ctq PATH] [--1gb] [--only TEXT] [--no-floor] [--work DIR]

Each case runs every tool --runs times and prints the median wall time and peak memory, the
ratios jq/ctq, gojq/ctq (how many times longer they take) and ctq/floor (how far ctq is from
what simdjson On-Demand needs for the same work), and checks that ctq's output is jq's, byte
for byte. Timing belongs here, never in unit tests: these machines are noisy.
"""
import argparse
import os
import platform
import re
import shutil
import subprocess
import sys

import cases as bench_cases
import floor
import measure

ROOT = bench_cases.ROOT


def parse_args():
    p = argparse.ArgumentParser(prog='bench/run.sh', description=__doc__.split('\n')[0])
    p.add_argument('--mb', type=int, default=100, help='size of the main inputs in MiB (default 100)')
    p.add_argument('--runs', type=int, default=3, help='runs per tool and case; the median counts (default 3)')
    p.add_argument('--ctq', default=os.path.join(ROOT, 'build', 'ctq'), help='the ctq binary (default build/ctq)')
    p.add_argument('--1gb', dest='gb', action='store_true',
                   help='add the walkthrough on a 1 GiB file (ctq and the floor: jq and gojq need ~6 GB for it)')
    p.add_argument('--only', metavar='TEXT', help='run only the cases whose name contains TEXT')
    p.add_argument('--no-floor', action='store_true', help='skip the floor column')
    p.add_argument('--work', default=os.path.join(os.environ.get('TMPDIR', '/tmp'), 'ctq-bench'),
                   help='where inputs, floor programs and outputs go (default $TMPDIR/ctq-bench)')
    return p.parse_args()


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            return next(line.split(':', 1)[1].strip() for line in f if line.startswith('model name'))
    except (OSError, StopIteration):
        return platform.machine()


def version_of(tool):
    out = subprocess.run([tool, '--version'], capture_output=True, text=True)
    return (out.stdout or out.stderr).strip().split('\n')[0]


class Bench:
    def __init__(self, a, floors):
        self.a, self.floors = a, floors
        self.others = [t for t in ('jq', 'gojq') if shutil.which(t)]
        self.out_dir = os.path.join(a.work, 'out')
        os.makedirs(self.out_dir, exist_ok=True)
        self.memo = {}              # argv -> Result: a run shared by two cases is measured once
        self.mismatches = []
        self.rows = []              # for the summary table

    def run(self, label, argv, slug, env=None):
        key = tuple(argv)
        if key in self.memo:
            show(label, self.memo[key], '(the run above)')
        else:
            out = os.path.join(self.out_dir, '%s.%s.out' % (slug, re.sub('[^a-z0-9]+', '', label)))
            self.memo[key] = measure.measure(argv, self.a.runs, out, env)
            show(label, self.memo[key])
        return self.memo[key]

    def case(self, case):
        print('\n== %s  (%s, %s)' % (case.name, os.path.basename(case.input), ' '.join(case.flags)), flush=True)
        slug = re.sub('[^a-z0-9]+', '-', case.name.lower()).strip('-')
        results = {}
        for label, extra in case.variants:
            results[label] = self.run(label, [self.a.ctq, *extra, *case.flags, case.filter, case.input], slug)
        for tool in (self.others if case.others else []):
            results[tool] = self.run(tool, [tool, *case.flags, case.filter, case.input], slug)
        if case.floor in self.floors:
            results['floor'] = self.run('floor', [self.floors[case.floor], case.input], slug, floor.environment())
        ratios = self.ratios(case, results)
        if ratios:
            print('   ' + '   '.join('%s %s' % kv for kv in ratios.items()))
        verdict = self.check(case, results)
        self.rows.append((case, results, ratios, verdict))
        if ' == ' in verdict:   # outputs of large cases fill the disk; a mismatch keeps them
            for result in results.values():
                if os.path.exists(result.path):
                    os.remove(result.path)

    def ratios(self, case, results):
        """{'jq/ctq': '4.31', ...}: how many times longer the top one takes."""
        main = case.variants[0][0]
        pairs = [('jq/ctq', 'jq', main), ('gojq/ctq', 'gojq', main), ('ctq/floor', main, 'floor')]
        pairs += [('%s / %s' % (short(label), short(main)), label, main) for label, _ in case.variants[1:]]
        out = {}
        for name, top, bottom in pairs:
            a, b = results.get(top), results.get(bottom)
            if a and b and a.ok and b.ok and b.seconds > 0:
                out[name] = '%.2f' % (a.seconds / b.seconds)
        return out

    def reference(self, case, results):
        """(name, key in results) of the output ctq's must equal: jq's, else the floor's, else ctq's first run."""
        if 'jq' in results and results['jq'].ok:
            return 'jq', 'jq'
        if 'floor' in results and case.floor_same_bytes and results['floor'].ok:
            return 'the floor', 'floor'
        return case.variants[0][0], case.variants[0][0]

    def check(self, case, results):
        """ctq's output against the reference's, loudly when it differs; returns the verdict."""
        ref_name, ref_key = self.reference(case, results)
        ref = results[ref_key]
        if ref_key == case.variants[0][0]:
            verdict = ' == '.join(short(label) for label, _ in case.variants[::-1])
        else:
            verdict = 'ctq == %s' % ref_name
        for label, _ in case.variants:
            got = results[label]
            if not got.ok:
                verdict = 'CTQ FAILED'
                self.mismatches.append('%s: %s exited with %d: %s' % (case.name, label, got.status, got.error))
                print('   !!! %s exited with %d: %s' % (label, got.status, got.error))
            elif got.digest != ref.digest:
                verdict = 'MISMATCH'
                self.mismatches.append('%s: %s' % (case.name, label))
                print('   !!! MISMATCH: the output of %s differs from %s\'s (%d vs %d bytes; outputs kept in %s)'
                      % (label, ref_name, got.size, ref.size, self.out_dir))
        if ' == ' in verdict:
            print('   output: %s (%d bytes, sha256 %s)' % (verdict, ref.size, ref.digest[:12]))
        fl = results.get('floor')
        if fl and ref_key == 'jq' and fl.ok and fl.digest != ref.digest:
            why = ('expected: it writes numbers as they are, jq canonicalises them' if not case.floor_same_bytes
                   else 'so its time is not a fair floor')
            print('   note: the floor\'s output differs from jq\'s (%s)' % why)
        return verdict

    def summary(self):
        print('\n== summary: median seconds and peak MB of %d run(s); ratios of seconds' % self.a.runs)
        print('| case | ctq | jq | gojq | floor | jq/ctq | gojq/ctq | ctq/floor | output |')
        print('|---|---|---|---|---|---|---|---|---|')
        for case, results, ratios, verdict in self.rows:
            ctq_cells = [(short(label) + ': ' if len(case.variants) > 1 else '') + cell(results[label])
                         for label, _ in case.variants]
            extra = ['%s %s' % (k, v) for k, v in ratios.items() if k.startswith('--threads')]
            print('| %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                case.name.replace('|', '\\|'), '; '.join(ctq_cells + extra), cell(results.get('jq')), cell(results.get('gojq')),
                cell(results.get('floor')), ratios.get('jq/ctq', ''), ratios.get('gojq/ctq', ''),
                ratios.get('ctq/floor', ''), verdict))


def short(label):
    return label.replace('ctq ', '')


def cell(result):
    if result is None:
        return ''
    if not result.ok:
        return 'failed (exit %d)' % result.status
    return '%.2f s, %d MB' % (result.seconds, round(result.peak_mb))


def show(label, result, note=''):
    if result.ok:
        print(('   %-16s %8.2f s %8d MB %s' % (label, result.seconds, round(result.peak_mb), note)).rstrip(), flush=True)
    else:
        print('   %-16s failed (exit %d): %s' % (label, result.status, result.error), flush=True)


def main():
    a = parse_args()
    if not os.access(a.ctq, os.X_OK):
        sys.exit('bench: %s not found: build ctq first (cmake --preset release && cmake --build --preset '
                 'release) or pass --ctq PATH' % a.ctq)
    a.ctq = os.path.abspath(a.ctq)
    os.makedirs(a.work, exist_ok=True)
    measure.ensure_gnu_time()
    cases = bench_cases.make_cases(a.work, a.mb, a.gb)
    if a.only:
        cases = [c for c in cases if a.only.lower() in c.name.lower()]
    floors = {}
    if not a.no_floor and floor.ensure_simdjson():
        floors = floor.build([c.floor for c in cases if c.floor], os.path.join(a.work, 'floor'))
    bench = Bench(a, floors)
    print('\nbench: %s, %d cores; %s; %s; main inputs %d MiB; %d run(s) each' % (
        cpu_model(), os.cpu_count(), version_of(a.ctq),
        ', '.join(version_of(t) for t in bench.others) or 'no jq or gojq on PATH', a.mb, a.runs))
    for t in ('jq', 'gojq'):
        if t not in bench.others:
            print('bench: %s not found on PATH: its column is skipped (Debian package %s)' % (t, t))
    for case in cases:
        bench.case(case)
    bench.summary()
    if bench.mismatches:
        print('\n!!! %d case(s) where ctq did not give jq\'s output:' % len(bench.mismatches))
        for m in bench.mismatches:
            print('!!!   ' + m)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
