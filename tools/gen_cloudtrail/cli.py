"""gen-cloudtrail - deterministic generator of realistic AWS CloudTrail logs (Python 3 stdlib only).

Examples
  gen-cloudtrail --records 1000 --seed 7 > ct.json                 # {"Records":[...]} like CloudTrail->S3
  gen-cloudtrail --mb 100 --format ndjson -o big.ndjson            # one event per line
  gen-cloudtrail --mb 1024 --gzip -o big.json.gz                   # 1 GiB (uncompressed) gzip file
  gen-cloudtrail --records 5000 --format cloudwatch                # `aws logs filter-log-events` output
  gen-cloudtrail --scenario wareville --seed ctq-sample --records 300   # samples/cloudtrail_log.json
  gen-cloudtrail --mb 500 --span 864000 --s3-tree logs/            # 10 days in CloudTrail's S3 layout

Output is a pure function of the options (and of the template file, see --templates): same options,
same bytes. Events are built from hand-written builders whose field order, nesting and value shapes
follow public samples (AWS documentation examples, Stratus Red Team detonation logs, Panther and
Cloud Custodian test events...). A small share of "long tail" events (--tail-share) re-uses the
request/response payloads of real sample events with identities, ids, times, accounts and regions
replaced.

--mb counts MiB (1,048,576 bytes) of uncompressed output; generation stops at the first record
boundary past the target. --records counts records (scenario events included).
"""
import argparse
import json

from . import VERSION
from .generator import Gen
from .long_tail import DEFAULT_TEMPLATES, STORY_SENSITIVE, load_templates
from .output import Writer
from .times import DAY, parse_iso
from .timeline import run
from .wareville import Wareville
from .world import World

# Mean record size per format, to turn --mb into a number of background events (the rate).
AVERAGE_RECORD_BYTES = {'records': 1480.0, 'ndjson': 1481.0, 'cloudwatch': 1900.0}


def parse_args(argv):
    p = argparse.ArgumentParser(prog='gen-cloudtrail', description=__doc__.split('\n')[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split('\n', 1)[1])
    size = p.add_mutually_exclusive_group()
    size.add_argument('--records', type=int, help='number of records (default 1000)')
    size.add_argument('--mb', type=float, help='approximate uncompressed output size in MiB')
    p.add_argument('--seed', default='1', help='seed (any string); same options + seed => same bytes')
    p.add_argument('--format', choices=('records', 'ndjson', 'cloudwatch'), default='records',
                   help='records: {"Records":[...]} as CloudTrail delivers to S3 (default); ndjson: one event per line; '
                        'cloudwatch: `aws logs filter-log-events` output (event JSON in .events[].message)')
    p.add_argument('--pretty', action='store_true', help='records format only: indent each record (for eyeballing small files)')
    p.add_argument('--gzip', action='store_true', help='gzip the output (deterministic: mtime 0, no file name)')
    p.add_argument('--gzip-level', type=int, default=6)
    p.add_argument('--scenario', choices=('none', 'wareville'), default='none')
    p.add_argument('--start', help='first event time, ISO 8601 UTC (default 2024-11-28T00:00:00Z)')
    p.add_argument('--span', type=float, default=DAY, help='seconds covered by the file (default 86400)')
    p.add_argument('--region', default='us-east-1')
    p.add_argument('--templates', default=None,
                   help='{"Records":[...]} file of real samples for long-tail events (default: the samples in '
                        'gen_cloudtrail/data/long-tail-templates.json; "none" to disable)')
    p.add_argument('--tail-share', type=float, default=0.05, help='share of long-tail template events (default 0.05)')
    p.add_argument('--truth', help='write a JSON summary (counts per eventSource/eventName/errorCode, scenario events) here')
    p.add_argument('-o', '--output', default='-', help='output file (default stdout)')
    p.add_argument('--s3-tree', metavar='DIR',
                   help='write CloudTrail\'s S3 layout instead of one file: DIR/AWSLogs/<account>/CloudTrail/<region>/'
                        'YYYY/MM/DD/*.json.gz, one gzip\'d {"Records":[...]} per 5 minutes (format records; --mb counts '
                        'uncompressed bytes over all files)')
    p.add_argument('--version', action='version', version='gen-cloudtrail ' + VERSION)
    a = p.parse_args(argv)
    if a.records is None and a.mb is None:
        a.records = 1000
    return a


def main(argv=None):
    a = parse_args(argv)
    start = parse_iso(a.start or '2024-11-28T00:00:00Z')
    templates = load_templates(DEFAULT_TEMPLATES if a.templates is None else a.templates,
                               STORY_SENSITIVE if a.scenario == 'wareville' else ())

    world = World(a.seed, a.scenario, [a.region])
    gen = Gen(world, a.seed, a.tail_share, templates)
    scen = Wareville(gen) if a.scenario == 'wareville' else None
    n_scen = scen.total() if scen else 0

    avg = AVERAGE_RECORD_BYTES[a.format] * (1.6 if a.pretty and a.format == 'records' else 1.0)
    target_bytes = int(a.mb * 1048576) if a.mb is not None else None
    n_total = a.records if a.records is not None else max(1, int(target_bytes / avg))
    n_bg = max(0, n_total - n_scen)

    writer = Writer(a, world.acct, world.region)
    truth_events = []

    def emit(e, t, scripted):
        writer.event(e, t)
        gen.sources[e.get('eventSource')] += 1
        if scripted:
            ui = e.get('userIdentity') or {}
            truth_events.append({'eventTime': e['eventTime'], 'eventID': e['eventID'], 'eventSource': e['eventSource'],
                                 'eventName': e['eventName'], 'userName': ui.get('userName'),
                                 'sourceIPAddress': e.get('sourceIPAddress'), 'errorCode': e.get('errorCode'),
                                 'errorMessage': e.get('errorMessage')})

    n_bg_written = run(gen, scen, emit, start=start, span=a.span, rate=max(n_bg, 1) / a.span, n_background=n_bg,
                       target_bytes=target_bytes, written=writer.written)
    writer.close()
    if a.truth:
        write_truth(a, world, gen, writer, n_bg_written + len(truth_events), truth_events)
    return 0


def write_truth(a, world, gen, writer, n_written, truth_events):
    """--truth: what the file holds, counted while writing it, and the scripted events."""
    tr = {'generator': 'gen-cloudtrail ' + VERSION, 'options': {k: v for k, v in vars(a).items() if k not in ('output', 'truth')},
          'records': n_written, 'uncompressed_bytes_approx': writer.written(), 'account': world.acct,
          'by_eventSource': dict(gen.sources.most_common()),
          'by_eventName': {'%s:%s' % k: v for k, v in sorted(gen.counts.items(), key=lambda kv: (-kv[1], kv[0]))},
          'by_errorCode': dict(gen.errors.most_common()),
          'long_tail_events': gen.tail_used,
          's3_tree_files': writer.tree.files if writer.tree else None,
          'scenario_events': truth_events}
    with open(a.truth, 'w') as f:
        json.dump(tr, f, indent=1)
