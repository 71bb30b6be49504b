"""--scenario wareville: the walkthrough's story, scripted events placed among the background.

Someone replaces the QR code on the town's donation site (S3 bucket wareville-care4wares). The
ids come from their own Rand, so the story's events do not depend on the background's seed.
"""
from .rand import Rand
from .services import BROWSERS, S3_CONSOLE_UA, cli_ua
from .times import iam_date, iso
from .world import Actor

WV_IP = '53.94.201.69'
WV_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0'


class Wareville:
    """Scripted events. Bursts are placed at fixed fractions of the time span (of one day by default)."""

    def __init__(self, gen):
        self.g = gen
        w = gen.w
        r = Rand('wareville-ids:%s' % w.acct)   # ids independent of the background
        self.r = r
        self.mcskidy = next(a for a in w.humans if a.name == 'mcskidy')
        self.glitch = Actor(kind='console', name='glitch', ip=WV_IP, mfa=False, principal=r.aws_id('AIDA', 17),
                            access_key=r.aws_id('AKIA'), session_key=r.aws_id('ASIA'), browser=WV_FIREFOX)
        self.mayor = Actor(kind='console', name='mayor_malware', ip=WV_IP, mfa=False, principal=r.aws_id('AIDA', 17),
                           access_key=r.aws_id('AKIA'), session_key=r.aws_id('ASIA'), browser=WV_FIREFOX)
        self.backup = Actor(kind='user', name='wareville-svc-backup', ip=WV_IP, mfa=False, principal=r.aws_id('AIDA', 17),
                            access_key=r.aws_id('AKIA'), session_key=None)
        self.mcskidy_console_key = r.aws_id('ASIA')
        gen.fixed_sizes[('wareville-care4wares', 'donate/care4wares-qr.png')] = [(float('-inf'), 48211)]
        gen.fixed_sizes[('wareville-care4wares', 'donate/how-to-give.pdf')] = [(float('-inf'), 88213)]
        gen.fixed_sizes[('wareville-care4wares', 'donors/care4wares-donors-2024.csv')] = [(float('-inf'), 1839201)]
        # (fraction of the span, [(seconds after burst start, builder)])
        # burst start = seconds after midnight of the first day, scaled to the span
        self.bursts = [(sec / 86400.0, fn) for sec, fn in (
            (32017, self.b_mayor_morning),          # 08:53:37
            (40683, self.b_create_glitch),          # 11:18:03
            (47011, self.b_glitch_login),           # 13:03:31
            (47263, self.b_glitch_s3),              # 13:07:43
            (48275, self.b_glitch_iam),             # 13:24:35
            (48791, self.b_glitch_trail),           # 13:33:11
            (63751, self.b_backup_key_use),         # 17:42:31
            (69143, self.b_mcskidy_investigates),   # 19:12:23
        )]

    def total(self):
        return sum(len(b(0.0)) for _, b in self.bursts)

    def ident_console(self, a, t0, mfa=False):
        w = self.g.w
        return {'type': 'IAMUser', 'principalId': a.principal, 'arn': 'arn:aws:iam::%s:user/%s' % (w.acct, a.name),
                'accountId': w.acct, 'accessKeyId': a.session_key, 'userName': a.name,
                'sessionContext': {'sessionIssuer': {}, 'webIdFederationData': {},
                                   'attributes': {'creationDate': iso(t0), 'mfaAuthenticated': 'true' if mfa else 'false'}}}

    def ident_key(self, a, key=None):
        w = self.g.w
        return {'type': 'IAMUser', 'principalId': a.principal, 'arn': 'arn:aws:iam::%s:user/%s' % (w.acct, a.name),
                'accountId': w.acct, 'accessKeyId': key or a.access_key, 'userName': a.name}

    def login(self, a, t, fail=False, mfa=False, ip=WV_IP, ua=WV_FIREFOX):
        w = self.g.w
        li = {'type': 'IAMUser', 'principalId': a.principal, 'arn': 'arn:aws:iam::%s:user/%s' % (w.acct, a.name),
              'accountId': w.acct, 'userName': a.name}
        return self.g.console_login(a, t, li, ip=ip, fail=fail, mfa=mfa, user_agent=ua)

    def failed_login(self, a, t):
        return self.login(a, t, fail=True)

    # --- bursts: each returns [(seconds after the burst's start, thunk(event time) -> event)]
    def b_mayor_morning(self, t0):
        g = self.g
        m = self.mayor
        ic = lambda: self.ident_console(m, t0)
        return [
            (0, lambda t: self.login(m, t)),
            (41, lambda t: g.s3_bucket_mgmt(ic(), t, WV_IP, S3_CONSOLE_UA, 'ListBuckets', console=True)),
            (58, lambda t: g.s3_list(ic(), t, WV_IP, S3_CONSOLE_UA, 'wareville-town-hall-records', console=True, prefix='')),
            (77, lambda t: g.s3_object(ic(), t, WV_IP, S3_CONSOLE_UA, 'GetObject', 'wareville-town-hall-records',
                                       'minutes/2024-11-27-council-meeting.pdf', console=True, size=284113)),
            (104, lambda t: g.s3_list(ic(), t, WV_IP, S3_CONSOLE_UA, 'wareville-care4wares', console=True, prefix='')),
        ]

    def b_create_glitch(self, t0):
        # mcskidy's long-term access key, used with the AWS CLI from the mayor's address
        g, w = self.g, self.g.w
        mk = self.mcskidy
        ik = lambda: self.ident_key(mk)
        ua = lambda c: ('aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.8 '
                        'md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#%s' % c)
        gl = self.glitch
        return [
            (0, lambda t: g.caller_identity(ik(), t, WV_IP, ua('sts.get-caller-identity'))),
            (63, lambda t: g.api(ik(), t, WV_IP, ua('iam.create-user'), 'iam.amazonaws.com', 'CreateUser', {'userName': 'glitch'},
                                 resp={'user': {'path': '/', 'userName': 'glitch', 'userId': gl.principal,
                                                'arn': 'arn:aws:iam::%s:user/glitch' % w.acct, 'createDate': iam_date(t)}},
                                 ro=False)),
            (98, lambda t: g.api(ik(), t, WV_IP, ua('iam.create-login-profile'), 'iam.amazonaws.com', 'CreateLoginProfile',
                                 {'userName': 'glitch', 'passwordResetRequired': False},
                                 resp={'loginProfile': {'userName': 'glitch', 'createDate': iam_date(t), 'passwordResetRequired': False}},
                                 ro=False)),
            (131, lambda t: g.api(ik(), t, WV_IP, ua('iam.attach-user-policy'), 'iam.amazonaws.com', 'AttachUserPolicy',
                                  {'userName': 'glitch', 'policyArn': 'arn:aws:iam::aws:policy/AdministratorAccess'}, ro=False)),
        ]

    def b_glitch_login(self, t0):
        gl = self.glitch
        return [
            (0, lambda t: self.failed_login(gl, t)),
            (19, lambda t: self.failed_login(gl, t)),
            (47, lambda t: self.login(gl, t)),
        ]

    def b_glitch_s3(self, t0):
        g = self.g
        gl = self.glitch
        ic = lambda: self.ident_console(gl, self.glitch_login_time)
        B = 'wareville-care4wares'
        return [
            (0, lambda t: g.s3_bucket_mgmt(ic(), t, WV_IP, S3_CONSOLE_UA, 'ListBuckets', console=True)),
            (22, lambda t: g.s3_bucket_mgmt(ic(), t, WV_IP, S3_CONSOLE_UA, 'GetBucketPolicy', B, console=True)),
            (29, lambda t: g.s3_list(ic(), t, WV_IP, S3_CONSOLE_UA, B, console=True, prefix='')),
            (51, lambda t: g.s3_list(ic(), t, WV_IP, S3_CONSOLE_UA, B, console=True, prefix='donate/')),
            (70, lambda t: g.s3_object(ic(), t, WV_IP, S3_CONSOLE_UA, 'GetObject', B, 'donate/care4wares-qr.png',
                                       console=True, size=48211)),
            (96, lambda t: g.s3_object(ic(), t, WV_IP, S3_CONSOLE_UA, 'GetObject', B, 'donors/care4wares-donors-2024.csv',
                                       console=True, size=1839201)),
            (212, lambda t: g.s3_object(ic(), t, WV_IP, S3_CONSOLE_UA, 'PutObject', B, 'donate/care4wares-qr.png',
                                        console=True, size=51630)),
            (240, lambda t: g.s3_object(ic(), t, WV_IP, S3_CONSOLE_UA, 'PutObject', B, 'donate/how-to-give.pdf', console=True, size=96412)),
        ]

    def b_glitch_iam(self, t0):
        g, w = self.g, self.g.w
        gl, bk = self.glitch, self.backup
        ic = lambda: self.ident_console(gl, self.glitch_login_time)
        return [
            (0, lambda t: g.api(ic(), t, WV_IP, 'AWS Internal', 'iam.amazonaws.com', 'ListUsers', None, console=True)),
            (34, lambda t: g.api(ic(), t, WV_IP, 'AWS Internal', 'iam.amazonaws.com', 'CreateUser',
                                 {'userName': bk.name, 'tags': [{'key': 'purpose', 'value': 'nightly backup job'}]},
                                 resp={'user': {'path': '/', 'userName': bk.name, 'userId': bk.principal,
                                                'arn': 'arn:aws:iam::%s:user/%s' % (w.acct, bk.name), 'createDate': iam_date(t),
                                                'tags': [{'key': 'purpose', 'value': 'nightly backup job'}]}},
                                 ro=False, console=True)),
            (61, lambda t: g.api(ic(), t, WV_IP, 'AWS Internal', 'iam.amazonaws.com', 'AttachUserPolicy',
                                 {'userName': bk.name, 'policyArn': 'arn:aws:iam::aws:policy/AdministratorAccess'},
                                 ro=False, console=True)),
            (88, lambda t: g.api(ic(), t, WV_IP, 'AWS Internal', 'iam.amazonaws.com', 'CreateAccessKey', {'userName': bk.name},
                                 resp={'accessKey': {'userName': bk.name, 'accessKeyId': bk.access_key, 'status': 'Active',
                                                     'createDate': iam_date(t)}},
                                 ro=False, console=True)),
        ]

    def b_glitch_trail(self, t0):
        g, w = self.g, self.g.w
        gl = self.glitch
        ic = lambda: self.ident_console(gl, self.glitch_login_time)
        tarn = 'arn:aws:cloudtrail:%s:%s:trail/%s' % (w.region, w.acct, w.trail)
        return [
            (0, lambda t: g.api(ic(), t, WV_IP, 'AWS Internal', 'cloudtrail.amazonaws.com', 'GetTrailStatus',
                                {'name': tarn}, console=True)),
            (17, lambda t: g.api(ic(), t, WV_IP, 'AWS Internal', 'cloudtrail.amazonaws.com', 'StopLogging', {'name': tarn},
                                 ro=False, console=True,
                                 err=('AccessDenied', 'User: arn:aws:iam::%s:user/glitch is not authorized to perform: '
                                                      'cloudtrail:StopLogging on resource: %s with an explicit deny in a service '
                                                      'control policy' % (w.acct, tarn)))),
        ]

    def b_backup_key_use(self, t0):
        g = self.g
        bk = self.backup
        ik = lambda: self.ident_key(bk)
        ua = lambda c: cli_ua(Rand('ua'), c)
        return [
            (0, lambda t: g.caller_identity(ik(), t, WV_IP, ua('sts.get-caller-identity'))),
            (25, lambda t: g.s3_bucket_mgmt(ik(), t, WV_IP, '[%s]' % ua('s3.ls'), 'ListBuckets')),
            (52, lambda t: g.s3_object(ik(), t, WV_IP, '[%s]' % ua('s3.cp'), 'GetObject', 'wareville-care4wares',
                                       'donors/care4wares-donors-2024.csv', size=1839201)),
        ]

    def b_mcskidy_investigates(self, t0):
        g = self.g
        mk = self.mcskidy
        mk_c = Actor(kind='console', name='mcskidy', principal=mk.principal, session_key=self.mcskidy_console_key)
        ic = lambda: self.ident_console(mk_c, t0, mfa=True)
        return [
            (0, lambda t: self.login(mk, t, mfa=True, ip=mk.ip, ua=BROWSERS[1])),
            (50, lambda t: g.api(ic(), t, mk.ip, 'AWS Internal', 'cloudtrail.amazonaws.com', 'LookupEvents',
                                 {'maxResults': 50, 'lookupAttributes': [{'attributeKey': 'Username', 'attributeValue': 'glitch'}]},
                                 console=True)),
            (95, lambda t: g.s3_object(ic(), t, mk.ip, S3_CONSOLE_UA, 'GetObject', 'wareville-care4wares',
                                       'donate/care4wares-qr.png', console=True, size=51630)),
        ]

    # ---- driver: (time, thunk) list for burst i starting at t0
    def prepare(self, i, t0):
        fn = self.bursts[i][1]
        steps = fn(t0)
        if fn == self.b_glitch_s3:
            fs = self.g.fixed_sizes
            fs[('wareville-care4wares', 'donate/care4wares-qr.png')] = [(float('-inf'), 48211), (t0 + 212, 51630)]
            fs[('wareville-care4wares', 'donate/how-to-give.pdf')] = [(float('-inf'), 88213), (t0 + 240, 96412)]
        if fn == self.b_glitch_login:
            self.glitch_login_time = t0 + steps[-1][0]
        if not hasattr(self, 'glitch_login_time'):
            self.glitch_login_time = t0
        return [(t0 + dt, th) for dt, th in steps]
