#!/usr/bin/env python3
"""Rebuilds the seed corpora in tests/fuzz/corpus/ from the project's own examples.

Sources, relative to the repository root:
  samples/filters/*.jq, tests/cli/*.json     walkthrough and CLI-case filters
  ../shared/conformance/jq/*.test             programs and inputs of jq's test suites (MIT)
  ../shared/conformance/JSONTestSuite/        RFC 8259 edge cases (MIT)
  ../shared/data/cloudtrail/real/             real CloudTrail records (permissive licenses)
  tests/fixtures/inputs/                      CloudTrail input shapes, plain and gzipped
and, for fuzz_json_oracle, a seed for each documented extension of JSON it allows.

Each seed is named by the SHA-1 of its bytes, as libFuzzer names what it finds, so running
this twice changes nothing. Usage: python3 tests/fuzz/make_corpus.py (from anywhere).
"""
import gzip
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"

# Options of ctq that take values: the filter is the first argument that is none of these.
OPTIONS_WITH_VALUES = {"--arg": 2, "--argjson": 2, "--slurpfile": 2, "--rawfile": 2,
                       "--indent": 1, "-L": 1, "--since": 1, "--until": 1, "--hunt": 1,
                       "--hunt-ip": 1, "--help-module": 1}


def jq_test_cases(path):
    """(program, input) pairs of a jq .test file; %%FAIL blocks give a program only."""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    cases, group = [], []
    for line in lines + [""]:
        if line.strip() == "":
            if group:
                if group[0].startswith("%%FAIL"):
                    if len(group) > 1:
                        cases.append((group[1], None))
                else:
                    cases.append((group[0], group[1] if len(group) > 1 else None))
            group = []
        elif not line.startswith("#") or group:
            group.append(line)
    return cases


def cli_filters():
    filters = [p.read_text() for p in sorted((ROOT / "samples" / "filters").glob("*.jq"))]
    for cases_file in sorted((ROOT / "tests" / "cli").glob("*.json")):
        for case in json.loads(cases_file.read_text()):
            args, i = case.get("args", []), 0
            while i < len(args):
                arg = args[i]
                if arg in ("-f", "--from-file", "--args", "--jsonargs", "--"):
                    break
                if arg in OPTIONS_WITH_VALUES:
                    i += OPTIONS_WITH_VALUES[arg] + 1
                    continue
                if not arg.startswith("-"):
                    filters.append(arg)
                    break
                i += 1
    return filters


def small_real_records(count, max_bytes=1500):
    """`count` records spread over the sizes of the real records no longer than max_bytes."""
    path = SHARED / "data" / "cloudtrail" / "real" / "real-records.json"
    records = json.loads(path.read_text())["Records"]
    texts = sorted((json.dumps(r, separators=(",", ":")) for r in records), key=len)
    texts = [t for t in texts if len(t) <= max_bytes]
    step = max(1, len(texts) // count)
    return texts[::step][:count]


def oracle_seeds():
    """Each of fuzz_json_oracle's documented cases, and the edges around them."""
    depth = 10000  # jq 1.8's nesting limit, which ctq keeps
    return [
        b"[nan, NaN, -nan, -NaN] nan -NaN [1,nan] nan]",
        b'{"a":1,"b":2,"a":3} {"a":{"x":1},"a":[2]}',
        b'1 2 [3]{"a":4}"x"null true[1]"a"1"b" 1 } 2}',
        b"[1e400, -1e400, 1e-400, 4e-320, 123456789012345678901234567890, -0] 1e999x",
        b'"\\udc00 \\ud83d\\ude00 \\uDFFF" {"\\udc01": "\\ud800"}',
        b'"a\xff\xe2\x82x\xf0\x9f\x98" ["\xc3\xa9\xa9", "\xed\xa0\x80", "\xf0\\n"] {"\xff": 1}',
        b"\xef\xbb", b"\xef\xbb\xbf \n", b"1 \xef\xbb\xbf2",
        b"[" * depth + b"]" * depth, b"[" * (depth + 1) + b"]" * (depth + 1),
        b'{"a":' * (depth // 2) + b"{}" + b"}" * (depth // 2),
    ]


def write(target, seeds):
    directory = CORPUS / target
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for seed in seeds:
        data = seed.encode() if isinstance(seed, str) else seed
        (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(list(directory.iterdir()))} seeds")


def main():
    suites = sorted((SHARED / "conformance" / "jq").glob("*.test"))
    conformance = [case for suite in suites for case in jq_test_cases(suite)]
    filters = cli_filters()
    records = small_real_records(60)
    trails = ['{"Records":[' + ",".join(records[i:i + 3]) + "]}" for i in range(0, 30, 3)]
    fixtures = ROOT / "tests" / "fixtures" / "inputs"
    plain_fixtures = [p.read_bytes() for p in sorted(fixtures.glob("*.json*"))
                      if not p.name.endswith(".gz")] + [(fixtures / "events.ndjson").read_bytes()]

    write("fuzz_parse", [program for program, _ in conformance] + filters)

    # First line the filter, then the input: the walkthrough filters get small trails.
    run = [f"{program}\n{data}" for program, data in conformance if "\n" not in program]
    run += [f"{f}\n{trails[i % len(trails)]}" for i, f in enumerate(filters) if "\n" not in f]
    write("fuzz_run", run)

    json_suite = SHARED / "conformance" / "JSONTestSuite" / "test_parsing"
    json_seeds = ([p.read_bytes() for p in sorted(json_suite.glob("*.json"))] + records +
                  trails + plain_fixtures + ["\n".join(records[30:36])])
    write("fuzz_json", json_seeds)
    write("fuzz_json_oracle", json_seeds + oracle_seeds())

    # mtime=0 keeps the compressed bytes, and so the seed names, stable.
    gz = [gzip.compress(t.encode(), mtime=0) for t in trails[:5] + records[40:45]]
    gz.append(b"".join(gzip.compress(t.encode(), mtime=0) for t in records[45:48]))
    write("fuzz_gzip", [p.read_bytes() for p in sorted(fixtures.glob("*.gz"))] + gz)


if __name__ == "__main__":
    main()
