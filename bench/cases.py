"""The benchmark's inputs (made with tools/gen-cloudtrail, kept in the work folder) and its cases."""
import os
import subprocess
import sys
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(ROOT, 'tools', 'gen-cloudtrail')

WALKTHROUGH = ('.Records[] | select(.eventSource == "s3.amazonaws.com") | '
               '[.eventTime, .eventName, .userIdentity.userName // "N/A", .sourceIPAddress // "N/A"] | @tsv')


@dataclass
class Case:
    name: str
    input: str                      # a path
    flags: list
    filter: str
    floor: str = None               # the program in floor/ doing the same work
    floor_same_bytes: bool = True   # False: the floor's output is not jq's byte for byte
    others: bool = True             # also run jq and gojq (they cannot read gzip)
    # ctq's runs: (label, extra options); the first is the one the ratios use
    variants: list = field(default_factory=lambda: [('ctq', [])])


def generate(path, *options):
    """Makes path with the generator unless a previous run left it there."""
    if os.path.exists(path):
        return path
    print('bench: generating %s' % os.path.basename(path), flush=True)
    partial = path + '.partial'
    target = ['--s3-tree', partial] if '--s3-tree' in options else ['-o', partial]
    options = [o for o in options if o != '--s3-tree']
    subprocess.run([sys.executable, GENERATOR, '--seed', 'bench', *options, *target], check=True)
    os.rename(partial, path)
    return path


def make_cases(work, mb, with_1gb):
    records = generate(os.path.join(work, 'records-%smb.json' % mb), '--mb', str(mb))
    ndjson = generate(os.path.join(work, 'events-%smb.ndjson' % mb), '--mb', str(mb), '--format', 'ndjson')
    # Counting by a key with many values (reduce ... .[$key] += 1): jq 1.6 and gojq copy the
    # growing object at every step, so this case uses a file an eighth the size to keep them
    # within minutes.
    eighth = (mb + 7) // 8
    counts = generate(os.path.join(work, 'records-%smb.json' % eighth), '--mb', str(eighth))
    # About 500 gzip'd files in CloudTrail's S3 layout (one per 5 minutes over 150,000 s).
    tree = generate(os.path.join(work, 's3-tree-%smb' % mb), '--mb', str(mb), '--span', '150000', '--s3-tree')
    threads = [('ctq --threads 2', ['--threads', '2']), ('ctq --threads 1', ['--threads', '1'])]
    cases = [
        Case('identity, compact', records, ['-c'], '.', 'identity_compact', floor_same_bytes=False),
        Case('count by eventName', records, ['-c'],
             '[.Records[].eventName] | group_by(.) | map({(.[0]): length}) | add', 'count_by_name'),
        Case('.Records | length', records, ['-c'], '.Records | length', 'records_length'),
        Case('first ConsoleLogin', records, ['-c'],
             'first(.Records[] | select(.eventName == "ConsoleLogin")) | .eventTime', 'first_console_login'),
        Case('walkthrough select + @tsv', records, ['-r'], WALKTHROUGH, 'walkthrough_tsv'),
        Case('NDJSON select + pick', ndjson, ['-c'], 'select(.errorCode != null) | {eventTime, errorCode}',
             'ndjson_errors'),
        Case('unique regions', records, ['-c'], '.Records | map(.awsRegion) | unique', 'unique_regions'),
        Case('sort by eventTime', records, ['-c'], '.Records | sort_by(.eventTime) | [.[0].eventID, .[-1].eventID]',
             'sort_by_time'),
        Case('rare-IP hunt', records, ['-c'],
             '.Records[] | select(.sourceIPAddress == "198.51.100.77") | {eventTime, eventName}', 'rare_ip'),
        Case('count by IP, reduce, 1/8 size', counts, ['-c'],
             'reduce .Records[] as $r ({}; .[$r.sourceIPAddress] += 1) | length', 'count_by_ip'),
        Case('2 cores, one file: walkthrough', records, ['-r'], WALKTHROUGH, 'walkthrough_tsv', variants=threads),
        Case('S3 tree of .json.gz, --records', tree, ['-c', '--records'],
             'select(.eventName == "ConsoleLogin") | .eventTime', others=False, variants=threads),
        # The overviews have no jq counterpart (tests/overview checks their numbers against jq).
        Case('--summary', records, ['--summary', '-c'], '.', others=False),
        Case('--timeline --by IP', records, ['--timeline', 'hour', '--by', '.sourceIPAddress'], '.',
             others=False),
    ]
    if with_1gb:
        big = generate(os.path.join(work, 'records-1gb.json'), '--mb', '1024')
        # jq and gojq need about 6 GB for it.
        cases.append(Case('walkthrough on 1 GiB', big, ['-r'], WALKTHROUGH, 'walkthrough_tsv', others=False))
        # Its peak RSS is the bound of --summary's memory: at most 64 MB.
        cases.append(Case('--summary on 1 GiB', big, ['--summary', '-c'], '.', others=False))
    return cases
