"""The world a trail is drawn from: one account, its resources (buckets, instances, keys...) and
its principals (Actor), with the userIdentity blocks they sign their calls with."""
from .rand import UPALNUM, Rand
from .services import BROWSERS
from .times import iso


class Actor:
    """A principal that makes calls. kind: user (access key) | console | sso | ec2 | lambda | wif (GitHub OIDC) |
    svc (AWSService) | slr (service-linked role) | xacct | root | fed | idc (Identity Center)"""

    def __init__(self, **kw):
        self.__dict__.update(kw)
        self.ident = None
        self.session_until = -1
        self.session_start = 0


def user_ident(w, a, console, t0=None, mfa=False):
    d = {'type': 'IAMUser', 'principalId': a.principal, 'arn': 'arn:aws:iam::%s:user/%s' % (w.acct, a.name),
         'accountId': w.acct, 'accessKeyId': a.session_key if console else a.access_key, 'userName': a.name}
    if console:
        d['sessionContext'] = {'sessionIssuer': {}, 'webIdFederationData': {},
                               'attributes': {'creationDate': iso(t0), 'mfaAuthenticated': 'true' if mfa else 'false'}}
    return d


def role_ident(w, role, session, key, t0, mfa=False, invoked_by=None, ec2=False, acct=None, web=None):
    acct = acct or w.acct
    sc = {'sessionIssuer': {'type': 'Role', 'principalId': role['id'], 'arn': role['arn'], 'accountId': acct,
                            'userName': role['name']},
          'webIdFederationData': web or {},
          'attributes': {'creationDate': iso(t0), 'mfaAuthenticated': 'true' if mfa else 'false'}}
    if ec2:
        sc['ec2RoleDelivery'] = '2.0'
    d = {'type': 'AssumedRole', 'principalId': '%s:%s' % (role['id'], session),
         'arn': 'arn:aws:sts::%s:assumed-role/%s/%s' % (acct, role['name'], session), 'accountId': acct,
         'accessKeyId': key, 'sessionContext': sc}
    if invoked_by:
        d['invokedBy'] = invoked_by
    return d


FIRST = ['olivia', 'liam', 'emma', 'noah', 'ava', 'mateo', 'sofia', 'lucas', 'mia', 'elias', 'amara', 'kenji', 'priya',
         'diego', 'hana', 'tomas', 'leila', 'marek', 'ines', 'arjun', 'zoe', 'felix', 'nadia', 'omar', 'greta', 'yusuf']
LAST = ['martin', 'silva', 'kowalski', 'nguyen', 'okafor', 'tanaka', 'garcia', 'schmidt', 'rossi', 'haddad', 'murphy',
        'novak', 'larsen', 'costa', 'mehta', 'dubois', 'ibrahim', 'kim', 'fischer', 'moreau']


class World:
    def __init__(self, seed, scenario, regions):
        r = Rand('world:%s:%s' % (seed, scenario))
        self.r = r
        self.scenario = scenario
        self.regions = regions
        self.region = regions[0]
        if scenario == 'wareville':
            self.acct = '518367942051'
            self.org = 'wareville'
        else:
            self.acct = '%012d' % r.randrange(10 ** 11, 10 ** 12)
            self.org = r.choice(['acme', 'northwind', 'contoso', 'globex', 'initech', 'umbrella', 'hooli'])
        self.security_acct = '%012d' % r.randrange(10 ** 11, 10 ** 12)
        self.mgmt_acct = '%012d' % r.randrange(10 ** 11, 10 ** 12)
        self.trail = 'management-events' if scenario != 'wareville' else 'wareville-management-trail'
        self.trail_bucket = 'aws-cloudtrail-logs-%s-%s' % (self.acct, r.hexs(8))
        self.build_resources()
        self.build_actors()

    # ---- resources
    def build_resources(self):
        r, o = self.r, self.org
        if self.scenario == 'wareville':
            self.buckets = ['wareville-care4wares', 'wareville-town-hall-records', 'wareville-web-assets',
                            'wareville-app-backups']
        else:
            self.buckets = ['%s-%s' % (o, s) for s in ('web-assets', 'data-lake-raw', 'app-uploads', 'reports',
                                                     'backups', 'ml-artifacts')]
            self.buckets = [b + '-' + r.hexs(6) if r.random() < 0.5 else b for b in self.buckets]
        self.versioned = {b for b in self.buckets if r.random() < 0.5}
        self.kms_keys = [r.uuid() for _ in range(5)]
        self.instances = ['i-0' + r.hexs(16) for _ in range(14)]
        self.inst_ip = {i: r.private_ip() for i in self.instances}
        self.vpc = 'vpc-0' + r.hexs(16)
        self.subnets = ['subnet-0' + r.hexs(16) for _ in range(4)]
        self.sgs = ['sg-0' + r.hexs(16) for _ in range(6)]
        self.amis = ['ami-0' + r.hexs(16) for _ in range(3)]
        self.volumes = ['vol-0' + r.hexs(16) for _ in range(10)]
        self.vpce = 'vpce-0' + r.hexs(16)
        fn = (['care4wares-donation-processor', 'wareville-newsletter-sender', 'town-hall-minutes-indexer',
               'wareville-thumbnailer'] if self.scenario == 'wareville' else
              ['%s-%s' % (o, s) for s in ('image-resizer', 'order-events-consumer', 'nightly-report', 'auth-authorizer',
                                         'webhook-dispatcher', 'etl-loader')])
        self.functions = fn
        self.secrets = ['prod/%s/db-credentials' % o, 'prod/%s/stripe-api-key' % o, 'prod/%s/smtp' % o,
                        'staging/%s/db-credentials' % o]
        self.secret_suffix = {s: r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 6) for s in self.secrets}
        self.params = ['/%s/prod/db_host' % o, '/%s/prod/feature_flags' % o, '/%s/prod/api/base_url' % o,
                       '/%s/shared/datadog_api_key' % o, '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64']
        self.tables = ['%s-orders' % o, '%s-sessions' % o, '%s-donations' % o]
        self.log_groups = ['/aws/lambda/' + f for f in fn] + ['/ecs/%s-api' % o, '/%s/app/nginx' % o]
        self.detector = r.hexs(32)
        self.repos = ['%s/api' % o, '%s/worker' % o, '%s/frontend' % o]
        self.zone = 'Z0' + r.chars(UPALNUM, 19)
        self.tg = 'arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s-web/%s' % (self.region, self.acct, o, r.hexs(16))

    def role(self, name, path='/'):
        return {'name': name, 'id': self.r.aws_id('AROA', 17), 'arn': 'arn:aws:iam::%s:role%s%s' % (self.acct, path, name)}

    # ---- principals
    def build_actors(self):
        r = self.r
        A = []
        wv = self.scenario == 'wareville'
        # human IAM users (long-term keys + console)
        if wv:
            humans = [('mcskidy', '82.163.47.212', 3.0, True), ('elf_mcblue', '94.231.110.38', 2.0, True),
                      ('frosteau', '185.44.209.113', 2.0, True), ('tinsel_pepper', '77.91.74.166', 1.0, True)]
        else:
            humans = []
            for i in range(8):
                n = '%s.%s' % (r.choice(FIRST), r.choice(LAST))
                humans.append((n, r.public_ip(), r.choice((1.0, 1.5, 2.0, 3.0)), r.random() < 0.8))
        for name, ip, wt, mfa in humans:
            A.append(Actor(kind='user', name=name, ip=ip, ip6=None, weight=wt * 2.2, human=True, mfa=mfa,
                           principal=r.aws_id('AIDA', 17), access_key=r.aws_id('AKIA'), session_key=None,
                           ua_style=r.choice(('cli', 'cli', 'boto', 'tf'))))
            A.append(Actor(kind='console', name=name, ip=ip, weight=wt * 1.2, human=True, mfa=mfa,
                           principal=A[-1].principal, access_key=A[-1].access_key, session_key=None,
                           browser=r.choice(BROWSERS)))
        self.humans = [a for a in A if a.kind == 'user']
        # SSO permission-set roles used by people
        ps = [('AdministratorAccess', 1.5), ('ReadOnlyAccess', 1.0), ('PowerUserAccess', 1.2)]
        for p, wt in ps:
            role = self.role('AWSReservedSSO_%s_%s' % (p, r.hexs(16)), '/aws-reserved/sso.amazonaws.com/')
            people = ['%s.%s@%s.example.com' % (r.choice(FIRST), r.choice(LAST), self.org) for _ in range(3)]
            A.append(Actor(kind='sso', name=p, role=role, people=people, ips={pp: r.public_ip() for pp in people},
                           weight=wt * 2.0, human=True, browser=r.choice(BROWSERS)))
        # EC2 instance roles (SSM agent + app traffic)
        for rn, insts, wt in [('%s-web-ec2-role' % self.org, self.instances[:6], 9.0),
                              ('%s-worker-ec2-role' % self.org, self.instances[6:11], 6.0),
                              ('%s-bastion-role' % self.org, self.instances[11:], 1.5)]:
            A.append(Actor(kind='ec2', name=rn, role=self.role(rn), insts=insts, weight=wt, human=False))
        # Lambda execution roles
        for f in self.functions:
            rn = '%s-role-%s' % (f[:40], r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 8))
            A.append(Actor(kind='lambda', name=f, role=self.role(rn, '/service-role/'), weight=2.0, human=False))
        # CI/CD via GitHub OIDC
        A.append(Actor(kind='wif', name='github-actions-deploy', role=self.role('github-actions-deploy'),
                       repo='%s/%s' % (self.org, r.choice(('platform', 'website', 'infrastructure'))), weight=3.0,
                       human=False))
        # AWS services acting on their own (AWSService identity)
        A.append(Actor(kind='svc', name='aws-services', weight=7.0, human=False))
        # service-linked roles
        for rn, svc, sess, wt in [('AWSServiceRoleForConfig', 'config.amazonaws.com', 'AWSConfig-Describe', 9.0),
                                  ('AWSServiceRoleForSecurityHub', 'securityhub.amazonaws.com', 'securityhub', 2.0),
                                  ('AWSServiceRoleForAmazonGuardDuty', 'guardduty.amazonaws.com', 'GuardDutySession', 1.5),
                                  ('AWSServiceRoleForAccessAnalyzer', 'access-analyzer.amazonaws.com', 'access-analyzer', 1.0),
                                  ('AWSServiceRoleForTrustedAdvisor', 'trustedadvisor.amazonaws.com',
                                   'TrustedAdvisor_%s_%s' % (self.acct, r.uuid()), 1.0)]:
            path = '/aws-service-role/%s/' % svc
            A.append(Actor(kind='slr', name=rn, role=self.role(rn, path), svc=svc, sess=sess, weight=wt, human=False))
        # cross-account security tooling (appears as AWSAccount on AssumeRole)
        A.append(Actor(kind='xacct', name='SecurityAudit', role=self.role('%s-security-audit' % self.org),
                       caller=r.aws_id('AROA', 17), weight=3.0, human=False, ip=r.aws_ip()))
        # rare identities
        A.append(Actor(kind='root', name='root', ip=(self.humans[0].ip), weight=0.06, human=True,
                       browser=r.choice(BROWSERS)))
        A.append(Actor(kind='fed', name='partner-portal', ip=r.aws_ip(), weight=0.3, human=False,
                       issuer=self.humans[-1], fed_users=['support-%s' % r.choice(FIRST) for _ in range(3)]))
        A.append(Actor(kind='idc', name='identity-center', weight=0.25, human=True,
                       store='d-' + r.hexs(10), users=[r.uuid() for _ in range(4)], ip=r.public_ip()))
        self.actors = A
        self.ssm_like = [a for a in A if a.kind == 'ec2']
