# Regenerates tests/cli/inputs.json from a ctq binary (review the diff by hand): python3 tests/cli/make_inputs_cases.py build/ctq
import json, subprocess, sys
B = sys.argv[1] if len(sys.argv) > 1 else 'build/ctq'
F = 'tests/fixtures/inputs/'
cases = [
    ("gzip: {Records:[...]} file", ['-c', '.Records[].eventName', F + 'records.json.gz'], None, []),
    ("gzip: multi-member NDJSON", ['-c', '.eventName', F + 'multi.ndjson.gz'], None, []),
    ("gzip: -R reads decompressed lines", ['-R', 'length', F + 'records.json.gz'], None, []),
    ("gzip: input_filename names the .gz file", ['input_filename', F + 'records.json.gz'], None, []),
    ("gzip: truncated file: records before the damage, then an error with the offset",
     ['-c', '.eventName', F + 'truncated.ndjson.gz'], None,
     ['truncated.ndjson.gz', 'unexpected end of compressed data', 'compressed byte 183']),
    ("gzip: corrupt member after a good one: stops there like invalid JSON (no later files)",
     ['-c', '.eventName', F + 'corrupt.ndjson.gz', F + 'multi.ndjson.gz'], None,
     ['corrupt.ndjson.gz', 'corrupt data', 'compressed byte 141']),
    ("dir: walked recursively in sorted order, digests skipped; an unreadable file is reported, "
     "the others processed, exit 2", ['-c', '[input_filename, .Records[]?.eventName]', F + 'tree'], None,
     ['Could not open', '_broken.json.gz']),
    ("dir: --include-digests reads CloudTrail-Digest/ too",
     ['-c', '--include-digests', '.digestStartTime? // empty', F + 'tree'], None, ['_broken.json.gz']),
    ("dir: a directory among files keeps the argument order",
     ['-c', '.Records[0].eventName', F + 'records.json.gz', F + 'tree/AWSLogs/111122223333/CloudTrail/us-east-1/2024/11/27', F + 'records.json.gz'], None, []),
]
out = []
for name, args, stdin, errs in cases:
    p = subprocess.run([B] + args, stdin=open(stdin, 'rb') if stdin else subprocess.DEVNULL,
                       capture_output=True)
    for e in errs:
        assert e in p.stderr.decode(), (name, p.stderr)
    c = {"name": name, "args": args}
    if stdin: c["stdin_file"] = stdin
    c["stdout"] = p.stdout.decode()
    if errs: c["stderr_contains"] = errs
    c["exit_code"] = p.returncode
    out.append(c)
json.dump(out, open('tests/cli/inputs.json', 'w'), indent=1, ensure_ascii=False)
open('tests/cli/inputs.json', 'a').write('\n')
