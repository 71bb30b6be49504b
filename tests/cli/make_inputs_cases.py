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
     ['corrupt.ndjson.gz', 'corrupt data', 'compressed byte 148']),
    ("dir: walked recursively in sorted order, digests skipped; an unreadable file is reported, "
     "the others processed, exit 2", ['-c', '[input_filename, .Records[]?.eventName]', F + 'tree'], None,
     ['Could not open', '_broken.json.gz']),
    ("dir: --include-digests reads CloudTrail-Digest/ too",
     ['-c', '--include-digests', '.digestStartTime? // empty', F + 'tree'], None, ['_broken.json.gz']),
    ("dir: a directory among files keeps the argument order",
     ['-c', '.Records[0].eventName', F + 'records.json.gz', F + 'tree/AWSLogs/111122223333/CloudTrail/us-east-1/2024/11/27', F + 'records.json.gz'], None, []),
]
O = '../shared/data/cloudtrail/real/originals/'
Q = '[.eventName, .eventTime]'
for shape, path in [("{Records:[...]} gz", F + 'records.json.gz'), ("NDJSON", F + 'events.ndjson'),
                    ("lookup-events (.Events[].CloudTrailEvent)", F + 'lookup-events.json'),
                    ("filter-log-events (.events[].message)", F + 'filter-log-events.json'),
                    ("CloudWatch Logs subscription (.logEvents[].message)", F + 'subscription.json'),
                    ("EventBridge (.detail)", F + 'eventbridge.json')]:
    cases.append(("--records: " + shape, ['-c', '--records', Q, path], None, []))
cases.append(("--records: every shape in one run, directory walk included",
              ['-c', '--records', '.eventName', F + 'tree', F + 'events.ndjson', F + 'lookup-events.json',
               F + 'subscription.json', F + 'eventbridge.json'], None, ['_broken.json.gz']))
for shape, path in [("real S3 file", 'opentelemetry-collector-contrib/cloudtrail_log.json'),
                    ("real CloudWatch subscription", 'opentelemetry-collector-contrib/cloudtrail_log_cw.json'),
                    ("real EventBridge", 'cloud-custodian/event-cloud-trail-s3.json'),
                    ("real array of events", 'stratus-red-team/aws.impact.bedrock-invoke-model.json'),
                    ("real lookup-events items as JSON lines", 'plaso/aws_cloudtrail.jsonl')]:
    cases.append(("--records: " + shape, ['-c', '--records', Q, O + path], None, [], O + path))
# Streaming (.Records[] | f) must print what whole-document evaluation (.Records | .[] | f)
# prints, errors included; the generator checks that before writing both cases.
for f in ['.a + 1', '{a}', 'select(.a == 4)', 'error("boom")']:
    for filt in ['.Records[] | ' + f, '.Records | .[] | ' + f]:
        cases.append(("streaming == whole document: " + filt, ['-c', filt, F + 'mixed-records.json'],
                      None, []))
cases.append(("streaming: .Records[] alone", ['-c', '.Records[]', F + 'mixed-records.json'], None, []))
# The tree's unreadable file (20241128T0010Z_broken) sits in 2024/11/28: when the window prunes
# it by its name or by its folder, no error appears, which shows it was never opened.
W = ['-c', '--records', '[input_filename[-30:], .eventName]']
cases.append(("window: --since prunes the unreadable file by its name's timestamp, unopened",
              W + ['--since', '2024-11-28T12:00:00Z', F + 'tree'], None, []))
cases.append(("window: --until prunes the whole 2024/11/28 folder, unopened",
              W + ['--until', '2024-11-27T22:00:00Z', F + 'tree'], None, []))
cases.append(("window: one hour of slack keeps late files; records still filtered by eventTime",
              W + ['--since', '2024-11-28T00:02:00Z', '--until', '2024-11-28T00:05:00Z', F + 'tree'],
              None, ['_broken.json.gz']))
cases.append(("window: streaming .Records[] filters records too",
              ['-c', '--since', '2024-11-28T11:00:00Z', '.Records[] | .eventName', F + 'records.json.gz'],
              None, []))
cases.append(("window: relative times are accepted",
              ['-c', '--records', '--since', '36h', '.eventName', F + 'events.ndjson'], None, []))
cases.append(("window: a bad time is a usage error",
              ['--since', 'yesterday', '.', F + 'events.ndjson'], None, ['not a time']))
out = []
for name, args, stdin, errs, *req in cases:
    p = subprocess.run([B] + args, stdin=open(stdin, 'rb') if stdin else subprocess.DEVNULL,
                       capture_output=True)
    for e in errs:
        assert e in p.stderr.decode(), (name, p.stderr)
    c = {"name": name, "args": args}
    if stdin: c["stdin_file"] = stdin
    c["stdout"] = p.stdout.decode()
    if errs: c["stderr_contains"] = errs
    c["exit_code"] = p.returncode
    if req: c["requires"] = req[0]
    c["_stderr"] = p.stderr.decode()
    out.append(c)
by_name = {c['name']: c for c in out}
for c in out:
    if c['name'].startswith('streaming == whole document: .Records[] | '):
        twin = by_name[c['name'].replace('.Records[] | ', '.Records | .[] | ')]
        assert (c['stdout'], c['_stderr'], c['exit_code']) == \
            (twin['stdout'], twin['_stderr'], twin['exit_code']), c['name']
for c in out:
    del c['_stderr']
json.dump(out, open('tests/cli/inputs.json', 'w'), indent=1, ensure_ascii=False)
open('tests/cli/inputs.json', 'a').write('\n')
