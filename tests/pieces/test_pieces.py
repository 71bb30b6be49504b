#!/usr/bin/python3
"""One big file read as pieces, end to end: the same bytes as one reading of the whole file.

Two ways to cut a file are checked against `ctq --threads 1` over the whole file, stdout,
stderr and exit status alike:
  - `--threads 2` on one file, with CTQ_PIECE_SIZE forcing pieces of 64 KiB (pieces.threads);
  - `--ranges 256K` to list the pieces, then one `ctq --range SPEC --range-report R` per piece,
    their outputs joined in order, skipping the pieces a report says the reading ran through
    (what ctq-dask does with them) (pieces.ranges).
The files are generated here: {"Records":[...]} compact and pretty, NDJSON, damage in the
middle, a record that fails the filter, several texts per file. Then the refusals."""
import json, os, subprocess, sys, tempfile

ctq, root = sys.argv[1], sys.argv[2]
gen = os.path.join(root, "tools", "gen-cloudtrail")
failures = []
checked = 0


def run(args, env=None):
    full = dict(os.environ, **(env or {}))
    p = subprocess.run([ctq, "--no-progress", *args], capture_output=True, env=full)
    return p.stdout, p.stderr, p.returncode


def generate(path, *args):
    subprocess.run([sys.executable, gen, "--seed", "pieces", "--templates", "none", *args,
                    "-o", path], check=True)


def by_ranges(args, path, work):
    """The whole file's run rebuilt from its pieces, as a driver on other machines would."""
    listing, err, status = run(["--ranges", "256K", *args, path])
    if status not in (0, 5):
        return None, err, status
    out, errs, first_status = b"", b"", 0
    ended_at = 0
    pieces = [json.loads(line) for line in listing.decode().splitlines()]
    for i, piece in enumerate(pieces):
        if "range" not in piece:
            o, e, s = run([*args, piece["file"]])
        else:
            start = int(piece["range"].split("-")[0])
            if start < ended_at:
                continue  # the piece before read through this one
            report = os.path.join(work, f"report-{i}.json")
            o, e, s = run(["--range", piece["range"], "--range-report", report, *args,
                           piece["file"]])
            with open(report) as f:
                ended_at = json.load(f)["ended_at"]
        out, errs = out + o, errs + e
        first_status = first_status or s
    return out, errs, first_status


def compare(what, whole, cut):
    global checked
    checked += 1
    if whole != cut:
        names = ("stdout", "stderr", "status")
        diffs = [n for n, a, b in zip(names, whole, cut) if a != b]
        failures.append(f"{what}: {', '.join(diffs)} differ: whole {whole[1][-300:]!r} "
                        f"{whole[2]}, cut {cut[1][-300:]!r} {cut[2]}")


FILTERS = [
    ["-r", '.Records[] | select(.eventSource == "s3.amazonaws.com") | [.eventTime, .eventName, '
           '.userIdentity.userName // "N/A", .sourceIPAddress // "N/A"] | @tsv'],
    ["-c", ".Records[] | .eventName"],
    ["-c", "--records", "select(.errorCode) | {eventTime, errorCode, n: input_line_number}"],
    ["-c", '.Records[] | if .eventName == "ConsoleLogin" then error("boom") else .eventID end'],
    ["-c", "--records", '.userIdentity.arn | ascii_downcase'],
    ["-c", "--records", "--since", "2024-11-28T06:00:00Z", "--until", "2024-11-28T07:00:00Z",
     ".eventTime"],
    ["-c", ".Records[] | .eventNam"],
    ["-c", "--records", 'select(.eventName == "ConsoleLogin") | debug | .eventTime'],
]

# Filters that take the document whole: with --threads 2 its "Records" are read in pieces on
# threads and joined (parallel_document.hpp); --ranges lists such a file whole.
WHOLE_FILTERS = [
    ["-c", ".Records | length"],
    ["-c", "[.Records[].eventName] | group_by(.) | map({(.[0]): length}) | add"],
    ["-c", ".Records | map(.awsRegion) | unique"],
    ["-c", ".Records | sort_by(.eventTime) | .[0].eventID, .[-1].eventID, input_line_number"],
    ["-c", "{n: (.Records | length), keys: keys, last: .Records[-1].eventID}"],
    ["-c", "[.Records[] | select(.errorCode)] | length | error"],
    ["-c", "--seq", ".Records | map(.eventTime) | max, min"],
    # Gathering (run_gather_pieces.cpp): each piece's share on a thread of its own, joined.
    ["-c", ".Records | map(select(.errorCode) | .eventID) | length, .[0], .[-1]"],
    ["-c", '[.Records[] | if .eventName == "ConsoleLogin" then error("boom") else 1 end] | add'],
    ["-c", "[.Records[].eventNam] | length"],
    ["-c", "[.Records[] | .userIdentity | keys[]] | unique"],
    ["-c", "reduce .Records[] as $r ({}; .[$r.eventName] += 1) | length"],
    # --expect names the offending input by its number in the file (not with --ranges).
    ["-c", "--expect", "none", "[.Records[].eventID] | length"],
]

# `.` printed from pieces (--threads only: --ranges refuses it), in several styles; with a
# small CTQ_HELD_TEXT the text waits for the file's first reading part way through.
DOCUMENT_FILTERS = [["-c", "."], ["."], ["--tab", "."], ["--seq", "-C", "--indent", "1", "."]]

NDJSON_FILTERS = [
    ["-c", "select(.errorCode != null) | {eventTime, errorCode}"],
    ["-c", '.eventName | if . == "ConsoleLogin" then error("boom") else . end'],
    ["-c", "--records", "[.eventID, input_line_number]"],
]


def damage(path, target):
    """The file with its middle record cut short: invalid JSON two thirds in."""
    data = open(path, "rb").read()
    at = data.index(b'{"eventVersion"', len(data) * 2 // 3)
    open(target, "wb").write(data[:at + 20] + data[at + 40:])


with tempfile.TemporaryDirectory() as work:
    doc = os.path.join(work, "doc.json")
    generate(doc, "--records", "3000")
    pretty = os.path.join(work, "pretty.json")
    generate(pretty, "--records", "1500", "--pretty")
    nd = os.path.join(work, "events.ndjson")
    generate(nd, "--records", "3000", "--format", "ndjson")
    damaged = os.path.join(work, "damaged.json")
    damage(doc, damaged)
    nd_damaged = os.path.join(work, "damaged.ndjson")
    damage(nd, nd_damaged)
    several = os.path.join(work, "several.json")
    with open(several, "wb") as f:
        f.write(open(doc, "rb").read() + b"\n" + open(doc, "rb").read())
    if os.path.getsize(doc) < 4 * 65536:
        failures.append(f"the generated file is too small to cut: {os.path.getsize(doc)} bytes")

    cases = [(f, doc) for f in FILTERS] + [(f, pretty) for f in FILTERS[:3]]
    cases += [(f, nd) for f in NDJSON_FILTERS] + [(FILTERS[1], damaged), (FILTERS[2], damaged)]
    cases += [(NDJSON_FILTERS[0], nd_damaged), (FILTERS[1], several)]
    # A document that goes on after "Records", and one that repeats "Records": only one reading
    # knows which value is kept.
    trailing = os.path.join(work, "trailing.json")
    repeated = os.path.join(work, "repeated.json")
    body = open(doc, "rb").read().rstrip()
    open(trailing, "wb").write(body[:-1] + b',"next":{"a":[1,2]},"z":null}\n')
    open(repeated, "wb").write(body[:-1] + b',"Records":[{"eventName":"Late"}]}')
    # A small document after the big one: the pieces cover the first only, so the second
    # is checked as without pieces (it repeats "Records" in one file, not in the other).
    then_small = os.path.join(work, "then_small.json")
    then_repeated = os.path.join(work, "then_repeated.json")
    open(then_small, "wb").write(body + b'\n{"Records":[{"eventName":"Late","eventID":"x"}]}\n')
    open(then_repeated, "wb").write(
        body + b'\n{"Records":[{"eventName":"A"}],"Records":[{"eventName":"B"}]}\n')
    records = json.load(open(doc))["Records"]
    # Records holding objects that look like a record's start to the cut guesses (after `},`,
    # starting with "eventVersion"): cuts that do not hold, in the last piece too.
    decoy = os.path.join(work, "decoy.json")
    with open(decoy, "w") as f:
        decoys = [dict(r, resources=[{"a": 1}, {"eventVersion": "decoy", "n": i}])
                  for i, r in enumerate(records)]
        json.dump({"Records": decoys}, f, separators=(",", ":"))
    for path in (doc, pretty, damaged, several, trailing, repeated, then_small, then_repeated,
                 decoy):
        cases += [(f, path) for f in WHOLE_FILTERS]
    # An error at the first record (a thread's piece) and at the last (this thread's piece):
    # jq names the record, which only one reading numbers.
    for record in (records[0], records[len(records) // 2], records[-1]):
        for path in (doc, decoy):
            cases.append((["-c", f'[.Records[] | if .eventID == "{record["eventID"]}" then error '
                                 f'else .eventTime end] | length'], path))
    cases += [(WHOLE_FILTERS[0], nd)]
    for path in (doc, pretty, damaged, several, trailing, repeated, then_small, then_repeated, nd,
                 nd_damaged, decoy):
        for args in DOCUMENT_FILTERS:
            label = f"{os.path.basename(path)} {' '.join(args)}"
            whole = run(["--threads", "1", *args, path])
            for held in ("100000000", "1000"):
                compare(f"--threads 2 pieces, CTQ_HELD_TEXT={held}: {label}", whole,
                        run(["--threads", "2", *args, path],
                            {"CTQ_PIECE_SIZE": "65536", "CTQ_HELD_TEXT": held}))
    for args, path in cases:
        whole = run(["--threads", "1", *args, path])
        label = f"{os.path.basename(path)} {' '.join(args)}"
        compare(f"--threads 2 pieces: {label}",
                whole, run(["--threads", "2", *args, path], {"CTQ_PIECE_SIZE": "65536"}))
        if "--expect" in args:
            continue
        # Hints are each piece's own (ctq-dask gives --no-hints): compared without.
        compare(f"--ranges: {label}", run(["--no-hints", *args, path]),
                by_ranges(["--no-hints", *args], path, work))

    # The listing: pieces in order, covering the file, each after the first with its origin.
    listing, err, status = run(["--ranges", "256K", "--records", ".", doc])
    specs = [json.loads(line)["range"] for line in listing.decode().splitlines()]
    spans = [tuple(int(n) for n in s.split(",")[0].split("-")) for s in specs]
    if status != 0 or len(specs) < 4 or spans[0][0] != 0 or spans[-1][1] != os.path.getsize(doc) \
            or any(a[1] != b[0] for a, b in zip(spans, spans[1:])) \
            or not all(s.endswith(",records") for s in specs) \
            or not all(",line=1,column=" in s for s in specs[1:]):
        failures.append(f"--ranges listing of {doc}: {listing[:400]!r} {err!r} {status}")
    # A file that cannot be cut is listed whole; so is a gzip file.
    small = os.path.join(work, "small.json")
    generate(small, "--records", "10")
    gz = os.path.join(work, "doc.json.gz")
    generate(gz, "--records", "3000", "--gzip")
    listing, err, status = run(["--ranges", "256K", "--records", ".", small, gz])
    want = [{"file": small}, {"file": gz}]
    if [json.loads(l) for l in listing.decode().splitlines()] != want or status != 0:
        failures.append(f"--ranges on uncuttable files: {listing!r} {err!r} {status}")
    # A whole-document filter cannot start inside "Records": the file is listed whole.
    listing, err, status = run(["--ranges", "256K", ".Records | length", doc])
    if [json.loads(l) for l in listing.decode().splitlines()] != [{"file": doc}] or status != 0:
        failures.append(f"--ranges with a whole-document filter: {listing!r} {err!r} {status}")
    # Damage: the pieces before it, then one to the end, and ctq's message and status.
    listing, err, status = run(["--ranges", "256K", "--records", ".", damaged])
    whole_err = run(["--records", ".", damaged])[1]
    if status != 5 or err != whole_err or not listing:
        failures.append(f"--ranges on damage: {err!r} (whole: {whole_err!r}) {status}")

    # Refusals: usage errors, status 2, before any output.
    refusals = [
        (["--ranges", "256K", "-s", ".", doc], b"-s"),
        (["--ranges", "256K", "."], b"standard input"),
        (["--ranges", "0", "--records", ".", doc], b"size"),
        (["--ranges", "256K", "-c", ".", doc], b"record by record"),
        (["--ranges", "256K", "--records", "[., input]", doc], b"inputs itself"),
        (["--range", "10-5", "--records", ".", doc], b"not a piece"),
        (["--range", "100-200", "--records", ".", doc], b"not a piece"),
        (["--range", "0-100", "--records", ".", doc, doc], b"exactly one"),
        (["--range", "0-99999999999", "--records", ".", doc], b"past the end"),
        (["--range", "0-100,records", "-c", ".", doc], b"--records"),
        (["--range-report", os.path.join(work, "r"), ".", doc], b"give --range"),
        (["--range", "0-100", "--ranges", "256K", ".", doc], b"one of them"),
    ]
    for args, word in refusals:
        out, err, status = run(args)
        if status != 2 or out or word not in err:
            failures.append(f"refusal {args}: status {status}, stderr {err!r}")
    # A report that cannot be written: status 2, said so.
    spec = specs[1]
    out, err, status = run(["--range", spec, "--range-report", os.path.join(work, "no", "r"),
                            "--records", "-c", ".eventID", doc])
    if status != 2 or b"range-report" not in err:
        failures.append(f"unwritable --range-report: {status} {err!r}")

for f in failures:
    print("FAIL:", f)
print(f"{checked} comparisons, {len(failures)} failures")
sys.exit(1 if failures else 0)
