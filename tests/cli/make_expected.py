#!/usr/bin/env python3
"""Regenerate (or check) the expected output of the CLI cases marked "oracle": true.

Usage:
    tests/cli/make_expected.py [options] JQ

JQ is any jq-compatible binary (e.g. `jq`, or ../shared/oracles/jq17). Every case of
tests/cli/cases.json with "oracle": true is run with JQ in place of ctq, from the repository
root, and its "stdout" and "exit_code" are replaced by what JQ produced. "stderr_contains" is
never touched: it holds the part of the message ctq shares with jq, chosen by hand.

"oracle" may also name a version prefix, e.g. "jq-1.7": such a case is only run when
`JQ --version` starts with it. That pins cases where jq 1.6 and 1.7.1 differ to 1.7.1 (what
ctq follows), and cases jq17 cannot run (--args) to jq 1.6.

Workflow (from the repository root):
    tests/cli/make_expected.py jq                                   # jq 1.6: all but jq-1.7 cases
    JQ_WASM_DIR=../tools-oracle tests/cli/make_expected.py --pinned-only ../shared/oracles/jq17
    JQ_WASM_DIR=../tools-oracle tests/cli/make_expected.py --check --trimmed ../shared/oracles/jq17
jq17 trims the whole output, so it must not write "oracle": true cases (hence --pinned-only).

Options:
    --check         change nothing; list the cases where JQ disagrees with the file (exit 1)
    --trimmed       with --check: compare stdout with leading/trailing whitespace of the whole
                    output removed (jq17 trims it, see ../shared/oracles/README.md)
    --pinned-only   only run cases whose "oracle" is a version prefix
    --exclude RE    skip cases whose name matches the regular expression RE
    --cases FILE    another cases file (default: cases.json next to this script)

Python 3 standard library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(jq, case):
    """Runs jq with the case's arguments and stdin; returns (stdout, stderr, exit code)."""
    stdin = case.get("stdin", "").encode("utf-8")
    proc = subprocess.run([jq] + case["args"], cwd=ROOT, input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    # Undecodable output would not fit a JSON string; jq only writes UTF-8 anyway.
    return (proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8", "replace"),
            proc.returncode)


def dump_cases(cases):
    """One key per line, values compact: diffs of cases.json stay readable."""
    out = ["["]
    for i, case in enumerate(cases):
        fields = ['    %s: %s' % (json.dumps(k), json.dumps(v, ensure_ascii=False))
                  for k, v in case.items()]
        out.append("  {\n" + ",\n".join(fields) + "\n  }" + ("," if i + 1 < len(cases) else ""))
    out.append("]")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description="Regenerate or check oracle CLI cases.")
    ap.add_argument("jq")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--trimmed", action="store_true")
    ap.add_argument("--pinned-only", action="store_true")
    ap.add_argument("--exclude", default=None)
    ap.add_argument("--cases", default=os.path.join(HERE, "cases.json"))
    opts = ap.parse_args()

    with open(opts.cases, encoding="utf-8") as fh:
        cases = json.load(fh)

    version = subprocess.run([opts.jq, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout.decode().strip()
    ran = changed = skipped = 0
    disagreements = []
    for case in cases:
        oracle = case.get("oracle")
        if not oracle:
            continue
        if isinstance(oracle, str) and not version.startswith(oracle):
            skipped += 1
            continue
        if opts.pinned_only and not isinstance(oracle, str):
            continue
        if opts.exclude and re.search(opts.exclude, case["name"]):
            skipped += 1
            continue
        if "requires" in case and not os.path.exists(os.path.join(ROOT, case["requires"])):
            skipped += 1
            continue
        out, err, code = run(opts.jq, case)
        ran += 1
        if opts.check:
            want = case.get("stdout")
            same_out = (want.strip() == out.strip()) if opts.trimmed else (want == out)
            if not same_out or code != case.get("exit_code"):
                disagreements.append("%s: exit %s (file: %s)%s" % (
                    case["name"], code, case.get("exit_code"),
                    "" if same_out else ", stdout differs"))
            needles = case.get("stderr_contains", [])
            for needle in [needles] if isinstance(needles, str) else needles:
                if needle not in err:
                    # Informational: some substrings are ctq's own wording (e.g. the caret).
                    print("note: %s: %s's stderr lacks %r" % (case["name"], opts.jq, needle))
        elif case.get("stdout") != out or case.get("exit_code") != code:
            case["stdout"] = out
            case["exit_code"] = code
            changed += 1

    if opts.check:
        for line in disagreements:
            print("DIFFERS " + line)
        print("checked %d cases with %s (%s): %d differ, %d skipped"
              % (ran, opts.jq, version, len(disagreements), skipped))
        return 1 if disagreements else 0

    with open(opts.cases, "w", encoding="utf-8") as fh:
        fh.write(dump_cases(cases))
    print("ran %d cases with %s (%s): %d updated, %d skipped"
          % (ran, opts.jq, version, changed, skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
