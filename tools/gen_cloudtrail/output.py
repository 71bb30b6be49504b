"""Where the events go: one file ({"Records":[...]}, NDJSON or `aws logs filter-log-events`
output, plain or gzip'd) or CloudTrail's S3 tree of .json.gz files."""
import gzip
import json
import os
import sys
import time

from .rand import B32, Rand

dumps = json.JSONEncoder(ensure_ascii=False, separators=(',', ':'), check_circular=False).encode


class Out:
    def __init__(self, path, gz, level):
        self.raw = sys.stdout.buffer if path in (None, '-') else open(path, 'wb')
        self.f = gzip.GzipFile(filename='', mode='wb', fileobj=self.raw, compresslevel=level, mtime=0) if gz else self.raw
        self.buf = []
        self.bufn = 0
        self.n = 0          # characters written (== bytes for ASCII)

    def write(self, s):
        self.buf.append(s)
        self.bufn += len(s)
        self.n += len(s)
        if self.bufn > 1 << 20:
            self.flush()

    def flush(self):
        if self.buf:
            self.f.write(''.join(self.buf).encode('utf-8'))
            self.buf = []
            self.bufn = 0

    def close(self):
        self.flush()
        if self.f is not self.raw:
            self.f.close()
        if self.raw is not sys.stdout.buffer:
            self.raw.close()
        else:
            self.raw.flush()


class S3Tree:
    """CloudTrail's S3 delivery layout: one gzip'd {"Records":[...]} object per account/region/5 minutes under
    AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<16 chars>.json.gz"""

    def __init__(self, root, acct, level, seed):
        self.root, self.acct, self.level = root, acct, level
        self.r = Rand('s3tree:%s' % seed)
        self.f = None
        self.win = None
        self.n = 0            # uncompressed characters written over all files
        self.files = 0
        self.parts = []

    def _open(self, win, region):
        deliver = win + 300 + self.r.randrange(60, 300)       # files land a few minutes after their window
        g = time.gmtime(deliver)
        d = os.path.join(self.root, 'AWSLogs', self.acct, 'CloudTrail', region, '%04d' % g.tm_year, '%02d' % g.tm_mon,
                         '%02d' % g.tm_mday)
        os.makedirs(d, exist_ok=True)
        name = '%s_CloudTrail_%s_%s_%s.json.gz' % (self.acct, region, time.strftime('%Y%m%dT%H%MZ', g),
                                                   self.r.chars(B32.upper() + 'abcdefghijklmnopqrstuvwxyz', 16))
        self.f = gzip.GzipFile(os.path.join(d, name), 'wb', compresslevel=self.level, mtime=0)
        self.win = win
        self.parts = []
        self.files += 1

    def _close(self):
        if self.f is not None:
            self.f.write(('{"Records":[' + ','.join(self.parts) + ']}').encode('utf-8'))
            self.f.close()
            self.f = None

    def event(self, s, t, region):
        win = int(t) // 300 * 300
        if self.win is not None and win < self.win:     # a slightly late event stays in the current file
            win = self.win
        if self.f is None or win != self.win:
            self._close()
            self._open(win, region)
        self.parts.append(s)
        self.n += len(s) + 1

    def close(self):
        self._close()


class Writer:
    """Writes events in the chosen format: records, ndjson, cloudwatch, or the S3 tree (--s3-tree)."""

    def __init__(self, a, account, region):
        self.account, self.region, self.pretty = account, region, a.pretty
        self.tree = S3Tree(a.s3_tree, account, a.gzip_level, a.seed) if a.s3_tree else None
        self.out = self.tree if self.tree else Out(a.output, a.gzip, a.gzip_level)
        self.fmt = 'tree' if self.tree else a.format
        self.first = True
        self.cw_r = Rand('cw:%s' % a.seed)
        if self.fmt == 'records':
            self.out.write('{"Records":[' + ('\n' if a.pretty else ''))
            self.sep = ',\n' if a.pretty else ','
        elif self.fmt == 'cloudwatch':
            self.sep = ',\n'            # header written with the first event (empty result: "events": [])
        else:
            self.sep = ''
        pretty = a.pretty and self.fmt == 'records'
        self.encode = (lambda e: json.dumps(e, ensure_ascii=False, indent=2)) if pretty else dumps

    def written(self):
        """Uncompressed characters written so far (== bytes for ASCII), over all files of a tree."""
        return self.out.n

    def event(self, e, t):
        s = self.encode(e)
        if self.fmt == 'tree':
            self.out.event(s, t, e.get('awsRegion', self.region))
        elif self.fmt == 'ndjson':
            self.out.write(s + '\n')
        elif self.fmt == 'records':
            self.out.write(s if self.first else self.sep + s)
        else:
            self.out.write(('{\n    "events": [\n' if self.first else self.sep) + self.log_event(e, s, t))
        self.first = False

    def log_event(self, e, s, t):
        """One item of `aws logs filter-log-events` output, the event JSON as a string in .message."""
        cw_r = self.cw_r
        ts = int(t) * 1000 + cw_r.randrange(0, 1000)
        return ('        {\n            "logStreamName": "%s_CloudTrail_%s",\n            "timestamp": %d,\n'
                '            "message": %s,\n            "ingestionTime": %d,\n            "eventId": "%s"\n        }'
                % (self.account, e.get('awsRegion', self.region), ts, json.dumps(s, ensure_ascii=False),
                   ts + cw_r.randrange(15000, 420000), ''.join(cw_r.choices('0123456789', k=56))))

    def close(self):
        if self.fmt == 'records':
            self.out.write((('\n' if self.pretty else '') + ']}') + ('\n' if self.pretty else ''))
        elif self.fmt == 'cloudwatch':
            self.out.write('{\n    "events": [],\n    "searchedLogStreams": []\n}\n' if self.first else
                           '\n    ],\n    "searchedLogStreams": []\n}\n')
        self.out.close()
