"""Gen: the event builders put together, and the background traffic drawn from them."""
import bisect
from collections import Counter

from .background import BackgroundEvents
from .events_api import ApiEvents
from .events_auth import AuthEvents
from .events_read import ReadEvents
from .events_s3 import S3Events
from .events_write import WriteEvents
from .long_tail import LongTailEvents
from .rand import Rand
from .records import Records
from .services import BOTO_UAS, JS_UA, TF_UA, cli_ua
from .times import DAY


class Gen(Records, S3Events, AuthEvents, ApiEvents, ReadEvents, WriteEvents, BackgroundEvents, LongTailEvents):
    def __init__(self, world, seed, tail_share, templates):
        self.w = world
        self.r = Rand('events:%s:%s' % (seed, world.scenario))
        self.counts = Counter()
        self.errors = Counter()
        self.sources = Counter()
        self.fixed_sizes = {}     # (bucket, key) -> [(valid_from_time, size)]
        self.tail_used = 0
        self.tail = templates or []
        self.tail_share = tail_share if self.tail else 0.0
        self.build_tables()

    # ---- selection tables (by hour of day: humans follow office hours)
    def build_tables(self):
        A = self.w.actors
        self.tables = []
        for h in range(24):
            f = 1.0 if 8 <= h < 18 else (0.45 if 6 <= h < 21 else 0.12)
            cum, s = [], 0.0
            for a in A:
                s += a.weight * (f if a.human else 1.0)
                cum.append(s)
            self.tables.append(cum)

    # ---- one background event at time t
    def background(self, t):
        r, w = self.r, self.w
        hour = int((t % DAY) // 3600)
        if self.tail_share and r.random() < self.tail_share:
            a = r.choice(w.humans)          # long-tail API calls: made by people with their access keys
            return self.from_template(self.ident_of(a, t), t, a.ip, self.ua_for(a, 'misc'))
        a = w.actors[bisect.bisect_left(self.tables[hour], r.random() * self.tables[hour][-1])]
        err_p = r.random()
        return getattr(self, '_bg_' + a.kind)(a, t, err_p)

    def ua_for(self, a, cmd):
        r = self.r
        st = getattr(a, 'ua_style', 'boto')
        if st == 'cli':
            return cli_ua(r, cmd)
        if st == 'tf':
            return TF_UA % ('ec2', '1.187.0')
        if a.kind == 'wif':
            return r.choice((cli_ua(r, cmd), JS_UA % 'lambda', TF_UA % ('iam', '1.37.2')))
        return r.choice(BOTO_UAS)
