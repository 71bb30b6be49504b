"""Sign-in and STS events: ConsoleLogin, AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity."""
from .services import BROWSERS, tls
from .times import sts_date


class AuthEvents:
    def assume_role(self, ident, t, ip, ua, role, session, *, region=None, err=None, shared=False, tlsd=True,
                    duration=3600, source_identity=None):
        r, w = self.r, self.w
        region = region or w.region
        req = {'roleArn': role['arn'], 'roleSessionName': session}
        if duration != 3600 or r.random() < 0.3:
            req['durationSeconds'] = duration
        if source_identity:
            req['sourceIdentity'] = source_identity
        resp = {'credentials': {'accessKeyId': r.aws_id('ASIA'), 'sessionToken': r.session_token(),
                                'expiration': sts_date(t + duration)},
                'assumedRoleUser': {'assumedRoleId': '%s:%s' % (role['id'], session),
                                    'arn': 'arn:aws:sts::%s:assumed-role/%s/%s' % (w.acct, role['name'], session)}}
        res = [{'accountId': w.acct, 'type': 'AWS::IAM::Role', 'ARN': role['arn']}]
        host = 'sts.%s.amazonaws.com' % region if r.random() < 0.8 else 'sts.amazonaws.com'
        return self.rec(ident, t, 'sts.amazonaws.com', 'AssumeRole', region, ip, ua, req, resp, err=err, res=res,
                        shared=shared, tlsd=tls(host) if tlsd else None)

    def caller_identity(self, ident, t, ip, ua, *, console=False):
        w = self.w
        return self.rec(ident, t, 'sts.amazonaws.com', 'GetCallerIdentity', w.region, ip, ua, None, None,
                        tlsd=tls('sts.%s.amazonaws.com' % w.region), console=console)

    def console_login(self, a, t, ident, ip=None, fail=False, mfa=None, user_agent=None):
        r, w = self.r, self.w
        ip = ip or a.ip
        typ = ident.get('type')
        if typ == 'AssumedRole':
            li, mfa_used = ident, 'No'
        elif typ == 'Root':
            li = {'type': 'Root', 'principalId': w.acct, 'arn': 'arn:aws:iam::%s:root' % w.acct, 'accountId': w.acct,
                  'accessKeyId': ''}
            mfa_used = 'Yes'
        else:
            li = {'type': 'IAMUser', 'principalId': ident['principalId'], 'arn': ident['arn'], 'accountId': w.acct,
                  'userName': ident['userName']}
            mfa_used = 'Yes' if (a.mfa if mfa is None else mfa) else 'No'
        aed = {'LoginTo': 'https://console.aws.amazon.com/console/home?hashArgs=%%23&isauthcode=true&region=%s&state=hashArgsFromTB_%s_%s'
                          % (w.region, w.region, r.hexs(16)),
               'MobileVersion': 'No'}
        if mfa_used == 'Yes' and typ == 'IAMUser' and not fail:
            aed['MFAIdentifier'] = 'arn:aws:iam::%s:mfa/%s' % (w.acct, ident['userName'])
        aed['MFAUsed'] = mfa_used if not fail else 'No'
        return self.rec(li, t, 'signin.amazonaws.com', 'ConsoleLogin', w.region, ip,
                        user_agent or getattr(a, 'browser', BROWSERS[0]), None,
                        {'ConsoleLogin': 'Failure' if fail else 'Success'}, ro=False,
                        err=(None, 'Failed authentication') if fail else None, aed=aed, etype='AwsConsoleSignIn',
                        tlsd=tls('%s.signin.aws.amazon.com' % w.region), reqid=False)

    def web_identity(self, a, t):
        r, w = self.r, self.w
        sub = 'repo:%s:ref:refs/heads/main' % a.repo
        prov = 'arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com' % w.acct
        ident = {'type': 'WebIdentityUser', 'principalId': '%s:sts.amazonaws.com:%s' % (prov, sub), 'userName': sub,
                 'identityProvider': prov}
        req = {'roleArn': a.role['arn'], 'roleSessionName': a.sess_name, 'durationSeconds': 3600}
        resp = {'credentials': {'accessKeyId': a.session_key, 'sessionToken': r.session_token(), 'expiration': sts_date(t + 3600)},
                'subjectFromWebIdentityToken': sub,
                'assumedRoleUser': {'assumedRoleId': '%s:%s' % (a.role['id'], a.sess_name),
                                    'arn': 'arn:aws:sts::%s:assumed-role/%s/%s' % (w.acct, a.role['name'], a.sess_name)},
                'provider': prov, 'audience': 'sts.amazonaws.com'}
        return self.rec(ident, t, 'sts.amazonaws.com', 'AssumeRoleWithWebIdentity', w.region, r.aws_ip(),
                        'aws-sdk-js/2.1692.0 promise', req, resp,
                        res=[{'accountId': w.acct, 'type': 'AWS::IAM::Role', 'ARN': a.role['arn']}],
                        tlsd=tls('sts.%s.amazonaws.com' % w.region))
