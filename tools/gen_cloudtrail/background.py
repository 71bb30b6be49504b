"""One background event per kind of actor (Gen.background picks the actor by time of day)."""
import time

from .services import BOTO_UAS, BROWSERS, JAVA_UA, LAMBDA_WORKER_UA, S3_CONSOLE_UA, SSM_AGENT_UA, cli_ua
from .times import sts_date
from .world import user_ident


class BackgroundEvents:
    def _bg_user(self, a, t, err_p):   # an IAM user with an access key: mostly S3, some reads and writes
        r, w = self.r, self.w
        ident = self.ident_of(a, t)
        p = r.random()
        if p < 0.40:
            name = r.choices(('GetObject', 'PutObject', 'HeadObject', 'DeleteObject'), (60, 22, 14, 4))[0]
            if name == 'HeadObject':
                name = 'GetObject' if r.random() < 0.5 else 'HeadObject'
            bucket = r.choice(w.buckets[1:]) if w.scenario == 'wareville' and a.name not in ('mcskidy', 'elf_mcblue') else None
            err = None
            if err_p < 0.03:
                err = ('AccessDenied', 'Access Denied')
            elif err_p < 0.05 and name == 'GetObject':
                err = ('NoSuchKey', 'The specified key does not exist.')
            return self.s3_object(ident, t, a.ip, '[%s]' % self.ua_for(a, 's3.cp'), name, bucket, err=err)
        if p < 0.50:
            bucket = r.choice(w.buckets[1:]) if w.scenario == 'wareville' and a.name not in ('mcskidy', 'elf_mcblue') else None
            return self.s3_list(ident, t, a.ip, '[%s]' % self.ua_for(a, 's3.ls'), bucket)
        if p < 0.56:
            return self.caller_identity(ident, t, a.ip, self.ua_for(a, 'sts.get-caller-identity'))
        if p < 0.60:
            return self.s3_bucket_mgmt(ident, t, a.ip, '[%s]' % self.ua_for(a, 'misc'),
                                       r.choice(('ListBuckets', 'GetBucketLocation', 'GetBucketPolicy', 'GetBucketAcl',
                                                 'GetBucketVersioning', 'GetBucketEncryption')))
        if p < 0.63:
            return self.write_call(ident, t, a.ip, self.ua_for(a, 'misc'))
        return self.read_call(ident, t, a.ip, self.ua_for(a, 'misc'), err=err_p < 0.05)

    def _bg_console(self, a, t, err_p):   # an IAM user in the console: a ConsoleLogin first
        r, w = self.r, self.w
        new = t >= a.session_until
        ident = self.ident_of(a, t)
        if new:
            if r.random() < 0.04 and w.scenario != 'wareville':   # mistyped password first
                a.session_until = -1
                return self.console_login(a, t, ident, fail=True)
            return self.console_login(a, t, ident)
        ua = 'AWS Internal' if r.random() < 0.6 else r.choice(('console.ec2.amazonaws.com', 'console.amazonaws.com'))
        p = r.random()
        if p < 0.20:
            bucket = r.choice(w.buckets[1:]) if w.scenario == 'wareville' and a.name not in ('mcskidy', 'elf_mcblue') else None
            return self.s3_list(ident, t, a.ip, S3_CONSOLE_UA, bucket, console=True)
        if p < 0.28:
            return self.s3_bucket_mgmt(ident, t, a.ip, S3_CONSOLE_UA,
                                       r.choice(('ListBuckets', 'GetBucketAcl', 'GetBucketPolicy', 'GetBucketPublicAccessBlock',
                                                 'GetBucketOwnershipControls', 'GetBucketVersioning')), console=True)
        if p < 0.31:
            return self.write_call(ident, t, a.ip, ua, console=True)
        return self.read_call(ident, t, a.ip, ua, console=True, err=err_p < 0.05)

    def _bg_sso(self, a, t, err_p):   # an Identity Center permission-set role in the console
        r = self.r
        new = t >= a.session_until
        ident = self.ident_of(a, t)
        ip = a.ips[a.sess_name]
        if new:
            return self.console_login(a, t, ident, ip=ip)
        p = r.random()
        ua = 'AWS Internal' if r.random() < 0.55 else self.ua_for(a, 'misc')
        if p < 0.18:
            return self.s3_list(ident, t, ip, S3_CONSOLE_UA, console=True)
        if p < 0.25:
            return self.write_call(ident, t, ip, ua, console=True)
        return self.read_call(ident, t, ip, ua, console=True, err=err_p < 0.06)

    def _bg_ec2(self, a, t, err_p):   # an instance role: the SSM agent, S3 through the VPC endpoint, KMS, secrets
        r, w = self.r, self.w
        ident = self.ident_of(a, t)
        inst = a.cur_inst
        pip = w.inst_ip[inst]
        p = r.random()
        if p < 0.50:
            return self.ssm_agent(ident, t, inst, pip)
        if p < 0.70:
            vpce = (w.vpce, w.acct) if r.random() < 0.6 else None
            ip = pip if vpce else r.aws_ip()
            bucket = 'wareville-care4wares' if w.scenario == 'wareville' and 'web' in a.name and r.random() < 0.7 else None
            name = r.choices(('GetObject', 'PutObject', 'HeadObject'), (70, 20, 10))[0]
            if bucket and name == 'PutObject':     # the web tier only reads the donation site
                name = 'GetObject'
            return self.s3_object(ident, t, ip, '[%s]' % r.choice((JAVA_UA, BOTO_UAS[1])), name, bucket, vpce=vpce,
                                  err=('AccessDenied', 'Access Denied') if err_p < 0.01 else None)
        if p < 0.78:
            return self.kms(ident, t, r.aws_ip(), BOTO_UAS[1], 'Decrypt',
                            {'aws:s3:arn': 'arn:aws:s3:::%s/%s' % (w.buckets[-1], self.s3_key(w.buckets[-1]))},
                            invoked='s3.amazonaws.com' if r.random() < 0.5 else None)
        if p < 0.86:
            s = r.choice(w.secrets)
            return self.api(ident, t, r.aws_ip(), BOTO_UAS[1], 'secretsmanager.amazonaws.com', 'GetSecretValue',
                            {'secretId': s}, res=None,
                            err=self.denied(ident, 'secretsmanager:GetSecretValue',
                                            'arn:aws:secretsmanager:%s:%s:secret:%s-%s' % (w.region, w.acct, s,
                                                                                         w.secret_suffix[s]),
                                            'secrets') if err_p < 0.02 else None)
        return self.read_call(ident, t, r.aws_ip(), SSM_AGENT_UA if r.random() < 0.3 else BOTO_UAS[1],
                              family=r.choice(('ec2', 'ssm', 'cw')))

    def _bg_lambda(self, a, t, err_p):   # a Lambda execution role: log streams, KMS, S3, secrets, parameters
        r, w = self.r, self.w
        ident = self.ident_of(a, t)
        ip = r.aws_ip()
        p = r.random()
        if p < 0.40:
            g = '/aws/lambda/' + a.name
            if r.random() < 0.03:
                return self.api(ident, t, ip, LAMBDA_WORKER_UA, 'logs.amazonaws.com', 'CreateLogGroup', {'logGroupName': g},
                                ro=False, err=('ResourceAlreadyExistsException', 'The specified log group already exists'))
            return self.api(ident, t, ip, LAMBDA_WORKER_UA, 'logs.amazonaws.com', 'CreateLogStream',
                            {'logGroupName': g,
                             'logStreamName': '%s/[$LATEST]%s' % (time.strftime('%Y/%m/%d', time.gmtime(t)), r.hexs(32))},
                            ro=False)
        if p < 0.58:
            return self.kms(ident, t, ip, BOTO_UAS[0], 'Decrypt',
                            {'aws:lambda:FunctionArn': 'arn:aws:lambda:%s:%s:function:%s' % (w.region, w.acct, a.name)})
        if p < 0.73:
            bucket = r.choice(w.buckets[1:])
            return self.s3_object(ident, t, ip, '[%s]' % BOTO_UAS[0], r.choice(('GetObject', 'PutObject')), bucket)
        if p < 0.85:
            s = r.choice(w.secrets)
            return self.api(ident, t, ip, BOTO_UAS[0], 'secretsmanager.amazonaws.com', 'GetSecretValue', {'secretId': s},
                            err=('ResourceNotFoundException', "Secrets Manager can't find the specified secret.") if err_p < 0.01 else None)
        return self.api(ident, t, ip, BOTO_UAS[0], 'ssm.amazonaws.com', 'GetParameter',
                        {'name': r.choice(w.params), 'withDecryption': True},
                        err=('ThrottlingException', 'Rate exceeded') if err_p < 0.02 else None)

    def _bg_svc(self, a, t, err_p):   # an AWS service on its own
        return self.service_event(t)

    def _bg_slr(self, a, t, err_p):   # a service-linked role (Config, Security Hub, ...)
        r = self.r
        ident = self.ident_of(a, t)
        p = r.random()
        if a.svc == 'config.amazonaws.com' and p < 0.25:
            return self.s3_bucket_mgmt(ident, t, a.svc, a.svc, r.choice(('GetBucketAcl', 'GetBucketPolicy', 'GetBucketVersioning',
                                                                          'GetBucketLogging', 'GetBucketEncryption', 'GetBucketTagging')),
                                       svc_call=True)
        return self.read_call(ident, t, a.svc, a.svc, tlsd=False,
                              family=r.choice(('ec2', 'iam', 'lambda', 'ddb', 'elb', 'ec2', 'iam', 'sm', 'cw')))

    def _bg_wif(self, a, t, err_p):   # GitHub Actions through OIDC: deploys to S3 and reads
        r, w = self.r, self.w
        new = t >= a.session_until
        ident = self.ident_of(a, t)
        if new:
            return self.web_identity(a, t)
        ua = self.ua_for(a, 'misc')
        p = r.random()
        if p < 0.35:
            bucket = 'wareville-web-assets' if w.scenario == 'wareville' else w.buckets[0]
            return self.s3_object(ident, t, r.aws_ip(), '[%s]' % cli_ua(r, 's3.sync'), 'PutObject', bucket)
        if p < 0.45:
            return self.write_call(ident, t, r.aws_ip(), ua)
        if p < 0.55:
            return self.api(ident, t, r.aws_ip(), ua, 'ecr.amazonaws.com', 'GetAuthorizationToken', None)
        return self.read_call(ident, t, r.aws_ip(), ua, family=r.choice(('ec2', 'iam', 'cfn', 'lambda', 'ecr', 'elb')))

    def _bg_xacct(self, a, t, err_p):   # the security account's audit role: AssumeRole from another account, then reads
        w = self.w
        new = t >= a.session_until
        ident = self.ident_of(a, t)
        if new:
            caller = {'type': 'AWSAccount', 'principalId': '%s:%s' % (a.caller, a.sess_name), 'accountId': w.security_acct}
            return self.assume_role(caller, t, a.ip, BOTO_UAS[1], a.role, a.sess_name, shared=True)
        return self.read_call(ident, t, a.ip, BOTO_UAS[1], err=err_p < 0.03)

    def _bg_root(self, a, t, err_p):   # the root user (rare)
        r = self.r
        new = t >= a.session_until
        ident = self.ident_of(a, t)
        if new:
            return self.console_login(a, t, ident)
        return self.api(ident, t, a.ip, 'AWS Internal', r.choice(('iam.amazonaws.com', 'ce.amazonaws.com')),
                        'GetAccountSummary' if r.random() < 0.5 else 'GetCostAndUsage',
                        None, console=True)

    def _bg_fed(self, a, t, err_p):   # a federated user (GetFederationToken first)
        r, w = self.r, self.w
        new = t >= a.session_until
        ident = self.ident_of(a, t)
        if new:
            iss = user_ident(w, a.issuer, False)
            return self.api(iss, t, a.ip, BOTO_UAS[1], 'sts.amazonaws.com', 'GetFederationToken',
                            {'name': a.sess_name, 'durationSeconds': 3600},
                            resp={'credentials': {'accessKeyId': a.session_key, 'sessionToken': r.session_token(),
                                                  'expiration': sts_date(t + 3600)},
                                  'federatedUser': {'federatedUserId': '%s:%s' % (w.acct, a.sess_name),
                                                    'arn': 'arn:aws:sts::%s:federated-user/%s' % (w.acct, a.sess_name)},
                                  'packedPolicySize': 11})
        return self.s3_object(ident, t, a.ip, '[%s]' % BOTO_UAS[1], 'GetObject', r.choice(w.buckets[1:]))

    def _bg_idc(self, a, t, err_p):   # an Identity Center user in the access portal
        r = self.r
        ident = self.ident_of(a, t)
        n = r.choice(('ListAccounts', 'ListAccountRoles', 'GetRoleCredentials'))
        return self.api(ident, t, a.ip, r.choice(BROWSERS), 'sso.amazonaws.com', n, None)
