#!/usr/bin/env python3
"""Rebuilds long-tail-templates.json and its index from the team's real CloudTrail samples.

    python3 tools/gen_cloudtrail/data/make_templates.py REAL_DIR

REAL_DIR holds real-records.json and real-records.index.tsv (the team's collection of public
samples, e.g. ../shared/data/cloudtrail/real). Only what the generator reads is kept: the records
whose payload it can use (long_tail.payload_text), the first of each distinct (payload,
eventName), and of each only the fields load_templates looks at. The generator then draws the
same templates from this file as from the whole collection, for every scenario.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from gen_cloudtrail.long_tail import PAYLOAD_KEYS, payload_text  # noqa: E402

TOP_KEYS = {'eventVersion', 'userIdentity', 'eventSource', 'eventName', 'awsRegion', 'eventType',
            'recipientAccountId'} | set(PAYLOAD_KEYS)
IDENTITY_KEYS = {'type', 'accountId', 'arn'}


def reduced(e):
    """e with only the keys the generator reads, in e's own order."""
    out = {}
    for k, v in e.items():
        if k == 'userIdentity':
            out[k] = {kk: vv for kk, vv in v.items() if kk in IDENTITY_KEYS}
        elif k in TOP_KEYS:
            out[k] = v
    return out


def main(real_dir):
    with open(os.path.join(real_dir, 'real-records.json'), encoding='utf-8') as f:
        records = json.load(f)['Records']
    with open(os.path.join(real_dir, 'real-records.index.tsv'), encoding='utf-8') as f:
        index = [line.rstrip('\n').split('\t') for line in f][1:]
    kept, rows, seen = [], ['index\tsource\tpath\teventSource\teventName'], set()
    for e, (_, source, path, *_rest) in zip(records, index):
        txt = payload_text(e)
        if txt is None or (txt, e['eventName']) in seen:
            continue
        seen.add((txt, e['eventName']))
        rows.append('%d\t%s\t%s\t%s\t%s' % (len(kept), source, path, e['eventSource'], e['eventName']))
        kept.append(json.dumps(reduced(e), ensure_ascii=False, separators=(',', ':')))
    with open(os.path.join(HERE, 'long-tail-templates.json'), 'w', encoding='utf-8') as f:
        f.write('{"Records":[\n' + ',\n'.join(kept) + '\n]}\n')
    with open(os.path.join(HERE, 'long-tail-templates.index.tsv'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(rows) + '\n')
    print('%d templates from %d records' % (len(kept), len(records)))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().split('\n\n')[1])
    main(sys.argv[1])
