#!/usr/bin/env python3
"""--timeline end to end: TSV and bar heights against jq's group_by, bucket choice, --by, width.

    timeline_test.py CTQ_BINARY REPO_ROOT

Every count ctq prints (TSV lines when piped; each bar's count on a terminal) is compared with
an equivalent `group_by` run by jq (the system's jq 1.6 or gojq), and every bar's length or
block height with the count it stands for, scaled as documented: the largest count fills the
room the terminal width leaves, rounded to the nearest eighth of a cell. The terminal is a
pseudo-terminal of a forced width (its own, and COLUMNS); a few small inputs are golden."""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from overview_support import check, failures, find_jq, finish, run, run_on_terminal  # noqa: E402

ctq, root = sys.argv[1], sys.argv[2]
sample = os.path.join(root, "samples", "cloudtrail_log.json")
gen = os.path.join(root, "tools", "gen-cloudtrail")
JQ = find_jq()
if JQ is None:
    print("skipped: no jq or gojq to compute the expected counts")
    sys.exit(77)

STEP = {"minute": 60, "hour": 3600, "day": 86400}
BLOCKS = " ▁▂▃▄▅▆▇█"
PARTIAL = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]


def group_by(path, bucket, select="true", by=None):
    """{(bucket start, key): count} by jq: group_by over the selected records."""
    key = f"({by})" if by else "null"
    program = (f'[.Records[] | select({select}) | (.eventTime | fromdate) as $t '
               f'| {{b: (($t / {STEP[bucket]} | floor) * {STEP[bucket]} | todate), k: {key}}}] '
               '| group_by([.b, .k]) | map([.[0].b, .[0].k, length])')
    p = subprocess.run([JQ, "-c", program, path], capture_output=True, text=True, timeout=300,
                       check=True)
    out = {}
    for b, k, n in json.loads(p.stdout):
        out[(b, k if isinstance(k, str) or k is None else json.dumps(k, separators=(",", ":")))] = n
    return out


def tsv(*args):
    rc, out, err = run(ctq, ["--timeline", *args], root)
    if rc != 0:
        failures.append(f"--timeline {' '.join(args)}: exit {rc}: {err.strip()}")
        return {}, []
    counts, order = {}, []
    for line in out.splitlines():
        cells = line.split("\t")
        key = cells[1] if len(cells) == 3 else None
        if key == "null":
            key = None
        counts[(cells[0], key)] = int(cells[-1])
        order.append((cells[0], cells[1] if len(cells) == 3 else ""))
    check(f"--timeline {' '.join(args)}: TSV sorted by bucket then key", order, sorted(order))
    return counts, out.splitlines()


def eighths(count, largest, cells):
    if count == 0:
        return 0
    return max(1, (count * cells * 8 * 2 + largest) // (largest * 2))


def bar_eighths(bar):
    return 8 * bar.count("█") + sum(PARTIAL.index(c) for c in bar if c in PARTIAL[1:])


def check_bar_chart(what, out, want, bucket, width):
    """One line per bucket from the first to the last, counts equal to jq's, bar lengths as
    scaled, no line wider than the terminal."""
    lines = out.rstrip("\n").split("\n")
    check(f"{what}: header", lines[0].startswith(f"events per {bucket} · "), True)
    if not lines[1].startswith("20"):  # the header went on to a second line
        lines = lines[1:]
    by_bucket = {}
    for (b, _), n in want.items():
        by_bucket[b] = by_bucket.get(b, 0) + n
    largest = max(by_bucket.values())
    label = 10 if bucket == "day" else 16
    cells = width - (label + 2 + 1 + len(str(largest)))
    rows = lines[1:]
    first = min(by_bucket)
    check(f"{what}: bars from the first bucket to the last", len(rows),
          (max(map(iso, by_bucket)) - iso(first)) // STEP[bucket] + 1)
    for i, row in enumerate(rows):
        m = re.fullmatch(r"(.+?) │([█▉▊▋▌▍▎▏]*) (\d+)", row)
        if not m:
            failures.append(f"{what}: line {row!r}")
            continue
        start = iso(first) + i * STEP[bucket]
        want_count = by_bucket.get(stamp(start), 0)
        check(f"{what}: {m[1]} count", int(m[3]), want_count)
        check(f"{what}: {m[1]} bar", bar_eighths(m[2]), eighths(want_count, largest, cells))
        if len(row) > width:
            failures.append(f"{what}: line wider than {width}: {row!r}")


def iso(text):
    import calendar
    import time
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


def stamp(seconds):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


with tempfile.TemporaryDirectory() as tmp:
    # 1. TSV on a pipe: each bucket's count is jq's group_by, for each bucket and a filter.
    for bucket in ("minute", "hour", "day"):
        got, _ = tsv(bucket, sample)
        check(f"TSV {bucket}", got, group_by(sample, bucket))
    got, _ = tsv("hour", "select(.errorCode)", sample)
    check("TSV hour, select(.errorCode)", got, group_by(sample, "hour", "(.errorCode != null)"))
    # --by: one line per bucket and key; any filter, keys as -r prints them.
    for by in (".userIdentity.arn", ".sourceIPAddress", ".userIdentity.type",
               "[.eventSource, .awsRegion]"):
        got, _ = tsv("hour", "--by", by, sample)
        check(f"TSV hour --by {by}", got, group_by(sample, "hour", by=by))
    # Several keys for one record each count; none leaves it out, and says so.
    rc, out, err = run(ctq, ["--timeline", "day", "--by", ".eventName, .eventSource", sample], root)
    check("--by with two outputs counts twice", sum(int(l.split("\t")[-1]) for l in out.splitlines()),
          600)
    rc, out, err = run(ctq, ["--timeline", "day", "--by", ".errorCode // empty", sample], root)
    check("--by with no output: note", err,
          "ctq: note: 294 records left out of the timeline: --by gave no key\n")

    # 2. The bucket chosen from the span: the sample spans 25.7 hours (hours); a generated
    # log of 90 minutes gives minutes, one of 10 days gives days.
    _, lines = tsv(sample)
    check("auto bucket of the walkthrough", lines[0], "2024-11-28T00:00:00Z\t13")
    short = os.path.join(tmp, "short.json")
    subprocess.run([sys.executable, gen, "--records", "500", "--seed", "tl", "--span", "5400",
                    "-o", short], check=True)
    got, _ = tsv(short)
    check("auto bucket of 90 minutes: minutes", got, group_by(short, "minute"))
    long = os.path.join(tmp, "long.json")
    subprocess.run([sys.executable, gen, "--records", "2000", "--seed", "tl", "--span", "864000",
                    "-o", long], check=True)
    got, _ = tsv(long)
    check("auto bucket of 10 days: days", got, group_by(long, "day"))
    # The module's timeline is the same data.
    for path, bucket in ((sample, "hour"), (short, "minute"), (long, "day")):
        rc, out, _ = run(ctq, ["-c", 'include "cloudtrail"; .Records | timeline', path], root)
        module = {(e["bucket"], None): e["count"] for e in json.loads(out)}
        check(f"module timeline on {os.path.basename(path)}", module, group_by(path, bucket))
    rc, out, _ = run(ctq, ["-c", 'include "cloudtrail"; .Records | timeline("hour"; .awsRegion)',
                           sample], root)
    check("module timeline with a key", {(e["bucket"], e["key"]): e["count"] for e in json.loads(out)},
          group_by(sample, "hour", by=".awsRegion"))
    # Every input shape and --since/--until.
    tree = os.path.join(tmp, "tree")
    subprocess.run([sys.executable, gen, "--records", "2000", "--seed", "tl", "--span", "864000",
                    "--s3-tree", tree], check=True)
    got, _ = tsv("day", tree)
    check("S3 tree", got, group_by(long, "day"))
    got, _ = tsv("hour", "--since", "2024-11-28T10:00:00Z", "--until", "2024-11-28T15:59:59Z",
                 sample)
    check("--since/--until", got, group_by(sample, "hour",
                                           '.eventTime >= "2024-11-28T10:00:00Z" and '
                                           '.eventTime <= "2024-11-28T15:59:59Z"'))

    # --by input_filename: one row per file of a directory.
    files = os.path.join(tmp, "files")
    os.mkdir(files)
    want = {}
    for name, start in (("a.json", "2024-11-28T00:00:00Z"), ("b.json", "2024-11-28T01:00:00Z")):
        path = os.path.join(files, name)
        subprocess.run([sys.executable, gen, "--records", "300", "--seed", name, "--span", "7200",
                        "--start", start, "-o", path], check=True)
        for (b, _), n in group_by(path, "hour").items():
            want[(b, path)] = n
    got, _ = tsv("hour", "--by", "input_filename", files)
    check("--by input_filename", got, want)

    # 3. On a terminal: bars scaled to the width (the terminal's, or COLUMNS).
    want = group_by(sample, "hour")
    for columns, env_columns in ((80, None), (132, None), (200, 60)):
        width = env_columns or columns
        rc, out, err = run_on_terminal(ctq, ["--timeline", sample], root, columns, env_columns)
        check_bar_chart(f"chart at {width}", out, want, "hour", width)
    rc, out, _ = run_on_terminal(ctq, ["--timeline", "minute", "select(.errorCode)", sample], root,
                                 100)
    check_bar_chart("chart of errors per minute", out,
                    group_by(sample, "minute", "(.errorCode != null)"), "minute", 100)

    # --by on a terminal: one row per key (the top N, then the rest), one column per bucket,
    # block heights scaled to the largest cell.
    rc, out, _ = run_on_terminal(ctq, ["--timeline", "--by", ".userIdentity.type", "--top", "4",
                                       sample], root, 100)
    lines = out.rstrip("\n").split("\n")
    by = group_by(sample, "hour", by=".userIdentity.type")
    buckets = sorted({b for b, _ in by})
    hours = [stamp(iso(buckets[0]) + i * 3600)
             for i in range((iso(buckets[-1]) - iso(buckets[0])) // 3600 + 1)]
    totals = {}
    for (b, k), n in by.items():
        totals[k] = totals.get(k, 0) + n
    keys = sorted(totals, key=lambda k: (-totals[k], "null" if k is None else k))
    shown = keys[:4]
    largest = max(max(by.values()), max(sum(by.get((h, k), 0) for k in keys[4:]) for h in hours))
    check("--by chart: rows", len(lines), 1 + 5 + 1)
    check("--by chart: fits", max(len(line) for line in lines) <= 100, True)
    for r, line in enumerate(lines[1:6]):
        m = re.fullmatch(r"(.+?) │(.+)│ +(\d+)", line)
        if not m:
            failures.append(f"--by chart: line {line!r}")
            continue
        if r < 4:
            key = shown[r]
            check(f"--by chart: row {r} key", m[1].strip(), "null" if key is None else key)
            counts = [by.get((h, key), 0) for h in hours]
        else:
            check("--by chart: the rest", m[1].strip(), f"({len(keys) - 4} other keys)")
            counts = [sum(by.get((h, k), 0) for k in keys[4:]) for h in hours]
        check(f"--by chart: row {r} total", int(m[3]), sum(counts))
        # Each bucket is one cell, or up to three ("▃▃ ") when the width allows.
        cell = len(m[2]) // len(hours)
        check(f"--by chart: row {r} cell width", cell in (1, 2, 3) and len(m[2]) == cell * len(hours),
              True)
        cells = [m[2][i * cell:(i + 1) * cell] for i in range(len(hours))]
        check(f"--by chart: row {r} heights", [BLOCKS.index(c[0]) for c in cells],
              [eighths(n, largest, 1) for n in counts])
        check(f"--by chart: row {r} gaps", all(c[1:-1] == c[0] * (cell - 2) and
                                                (cell == 1 or c[-1] == " ") for c in cells), True)

    # 4. Golden: a small log drawn exactly.
    small = os.path.join(tmp, "small.ndjson")
    with open(small, "w") as f:
        for t, user in (("2024-11-28T13:05:00Z", "glitch"), ("2024-11-28T13:20:00Z", "glitch"),
                        ("2024-11-28T13:40:00Z", "mcskidy"), ("2024-11-28T15:10:00Z", "glitch"),
                        ("2024-11-28T16:00:00Z", "glitch")):
            f.write(json.dumps({"eventTime": t, "userIdentity": {"userName": user}}) + "\n")
        f.write(json.dumps({"eventName": "NoTime"}) + "\n")
    rc, out, err = run_on_terminal(ctq, ["--timeline", small], root, 40)
    check("golden chart", out,
          "events per hour\n"
          "2024-11-28 13:00 → 2024-11-28 16:00 UTC\n"
          "5 events\n"
          "2024-11-28 13:00 │████████████████████ 3\n"
          "2024-11-28 14:00 │ 0\n"
          "2024-11-28 15:00 │██████▋ 1\n"
          "2024-11-28 16:00 │██████▋ 1\n"
          "(1 event left out: no readable eventTime)\n")
    rc, out, err = run_on_terminal(ctq, ["--timeline", "--by", ".userIdentity.userName", small],
                                   root, 40)
    check("golden --by chart", out,
          "events per hour by .userIdentity.userName\n"
          "2024-11-28 13:00 → 2024-11-28 16:00 UTC\n"
          "5 events\n"
          "glitch  │██    ▄▄ ▄▄ │ 4\n"
          "mcskidy │▄▄          │ 1\n"
          "         2024-11-28 13:00\n"
          "(1 event left out: no readable eventTime)\n")
    rc, out, err = run(ctq, ["--timeline", "--by", ".userIdentity.userName", small], root)
    check("golden --by TSV", out,
          "2024-11-28T13:00:00Z\tglitch\t2\n"
          "2024-11-28T13:00:00Z\tmcskidy\t1\n"
          "2024-11-28T15:00:00Z\tglitch\t1\n"
          "2024-11-28T16:00:00Z\tglitch\t1\n")
    check("golden TSV: the untimed record is said", err,
          "ctq: note: 1 record left out of the timeline: no readable eventTime\n")
    check("golden TSV: exit", rc, 0)

    # 5. Errors.
    rc, _, err = run(ctq, ["--timeline", "--by", ".a |", small], root)
    check("--by compile error: exit", rc, 3)
    check("--by compile error: where", "--by" in err and "^" in err, True)
    rc, _, err = run(ctq, ["--timeline", "--by", ".eventTime | error", small], root)
    check("--by runtime error: exit", rc, 5)
    check("--by runtime error: message", err.splitlines()[0].endswith(
        "--by: 2024-11-28T13:05:00Z (not a string)") or "--by:" in err.splitlines()[0], True)
    for args in (["--timeline=week"], ["--by", ".x"], ["--timeline", "-s"],
                 ["--timeline", "--table"]):
        rc, _, _ = run(ctq, [*args, small], root)
        check(f"{' '.join(args)}: exit", rc, 2)
    rc, _, err = run(ctq, ["--timeline", ".eventTime", small], root)
    check("non-record outputs: exit", rc, 5)

sys.exit(finish("timeline_test"))
