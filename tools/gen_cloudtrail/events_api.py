"""Generic API calls (Records.api), KMS, the SSM agent, and the events AWS services log on their own."""
from .services import API_VERSION, GLOBAL_SOURCES, SSM_AGENT_UA, SVC, TLS12, TLS13, tls
from .times import iso


class ApiEvents:
    # ---- generic "API call" for the many Describe/Get/List calls and the writes -------------------
    def api(self, ident, t, ip, ua, source, name, req, *, resp=None, ro=True, err=None, res=None, console=False,
            tlsd=True, region=None, vpce=None):
        w = self.w
        region = region or (w.region if source not in GLOBAL_SOURCES else 'us-east-1')
        host = SVC.get(source, ('', source.replace('.amazonaws.com', '.{r}.amazonaws.com')))[1].format(r=region)
        return self.rec(ident, t, source, name, region, ip, ua, req, resp, ro=ro, err=err, res=res, console=console,
                        tlsd=tls(host, TLS13 if self.r.random() < 0.85 else TLS12) if tlsd else None,
                        api=API_VERSION.get(source), vpce=vpce)

    # ---- KMS -------------------------------------------------------------------------------
    def kms(self, ident, t, ip, ua, name, ctx, *, invoked=None, err=None, tlsd=True):
        r, w = self.r, self.w
        key = r.choice(w.kms_keys)
        karn = 'arn:aws:kms:%s:%s:key/%s' % (w.region, w.acct, key)
        if name == 'Decrypt':
            req = {'encryptionAlgorithm': 'SYMMETRIC_DEFAULT', 'encryptionContext': ctx}
        elif name == 'GenerateDataKey':
            req = {'keyId': karn if r.random() < 0.6 else 'alias/aws/s3', 'encryptionContext': ctx,
                   'keySpec': 'AES_256'}
        else:
            req = {'keyId': karn, 'encryptionAlgorithm': 'SYMMETRIC_DEFAULT', 'encryptionContext': ctx}
        res = [{'accountId': w.acct, 'type': 'AWS::KMS::Key', 'ARN': karn}]
        if invoked:
            ident = dict(ident, invokedBy=invoked)
        return self.rec(ident, t, 'kms.amazonaws.com', name, w.region, invoked or ip, invoked or ua, req, None,
                        err=err, res=res, shared=False,
                        tlsd=tls('kms.%s.amazonaws.com' % w.region) if tlsd and not invoked else None)

    def ssm_agent(self, ident, t, inst, pip):
        r, w = self.r, self.w
        n = r.choices(('UpdateInstanceInformation', 'ListInstanceAssociations', 'UpdateInstanceAssociationStatus'), (80, 15, 5))[0]
        if n == 'UpdateInstanceInformation':
            req = {'instanceId': inst, 'agentVersion': '3.3.1142.0', 'agentStatus': 'Active', 'platformType': 'Linux',
                   'platformName': 'Amazon Linux', 'platformVersion': '2023', 'iPAddress': pip,
                   'computerName': 'ip-%s.ec2.internal' % pip.replace('.', '-'), 'agentName': 'amazon-ssm-agent',
                   'availabilityZone': w.region + 'a', 'availabilityZoneId': 'use1-az4', 'sSMConnectionChannel': 'ssmmessages'}
        elif n == 'ListInstanceAssociations':
            req = {'instanceId': inst, 'maxResults': 20}
        else:
            req = {'associationId': r.uuid(), 'instanceId': inst,
                   'executionResult': {'status': 'Success', 'executionDate': iso(t).replace('Z', '.000Z'),
                                       'outputUrl': {}, 'errorCode': ''}}
        ip = pip if r.random() < 0.5 else r.aws_ip()
        return self.rec(ident, t, 'ssm.amazonaws.com', n, w.region, ip, SSM_AGENT_UA, req, None, ro=n.startswith('List'),
                        tlsd=tls('ssm.%s.amazonaws.com' % w.region),
                        vpce=(w.vpce.replace('vpce-0', 'vpce-1'), w.acct) if ip == pip else None)

    def service_event(self, t):
        """Calls AWS services make with their own identity (AWSService) - e.g. fetching role credentials."""
        r, w = self.r, self.w
        p = r.random()
        if p < 0.60:
            # a service assumes a role on behalf of a workload (Lambda / EC2 / ECS / Config ...)
            svc, target = r.choices((('lambda.amazonaws.com', 'lambda'), ('ec2.amazonaws.com', 'ec2'),
                                     ('ecs-tasks.amazonaws.com', 'ecs'), ('config.amazonaws.com', 'slr'),
                                     ('ssm.amazonaws.com', 'ssm')), (40, 25, 15, 12, 8))[0]
            cands = [a for a in w.actors if a.kind == ('lambda' if target == 'lambda' else 'ec2' if target in ('ec2', 'ssm') else 'slr')]
            a = r.choice(cands) if cands else w.actors[0]
            sess = {'lambda': a.name, 'ec2': r.choice(getattr(a, 'insts', ['i-0' + r.hexs(16)])), 'ecs': r.hexs(32),
                    'slr': 'AWSConfig-Describe', 'ssm': r.choice(getattr(a, 'insts', ['i-0' + r.hexs(16)]))}[target]
            ident = {'type': 'AWSService', 'invokedBy': svc}
            return self.assume_role(ident, t, svc, svc, a.role, sess, shared=False, tlsd=False,
                                    duration=3600 if target != 'ec2' else 21600)
        if p < 0.80:
            ident = {'type': 'AWSService', 'invokedBy': 'cloudtrail.amazonaws.com'}
            return self.s3_bucket_mgmt(ident, t, 'cloudtrail.amazonaws.com', 'cloudtrail.amazonaws.com', 'GetBucketAcl',
                                       w.trail_bucket, svc_call=True)
        if p < 0.95:
            ident = {'type': 'AWSService', 'invokedBy': 'elasticloadbalancing.amazonaws.com'}
            return self.api(ident, t, 'elasticloadbalancing.amazonaws.com', 'elasticloadbalancing.amazonaws.com',
                            'ec2.amazonaws.com', 'DescribeNetworkInterfaces',
                            {'networkInterfaceIdSet': {}, 'filterSet': {'items': [
                                {'name': 'description', 'valueSet': {'items': [{'value': 'ELB app/%s-web/*' % w.org}]}}]}},
                            tlsd=False)
        if p < 0.985:
            ident = {'accountId': w.acct, 'invokedBy': 'AWS Internal'}
            key = r.choice(w.kms_keys)
            return self.rec(ident, t, 'kms.amazonaws.com', 'RotateKey', w.region, 'AWS Internal', 'AWS Internal', None, None,
                            ro=False, res=[{'accountId': w.acct, 'type': 'AWS::KMS::Key',
                                            'ARN': 'arn:aws:kms:%s:%s:key/%s' % (w.region, w.acct, key)}],
                            etype='AwsServiceEvent', sed={'rotationType': 'AUTOMATIC', 'keyId': key})
        ident = {'accountId': w.acct, 'invokedBy': 'ec2.amazonaws.com'}
        return self.rec(ident, t, 'ec2.amazonaws.com', 'SharedSnapshotVolumeCreated', w.region, 'ec2.amazonaws.com',
                        'ec2.amazonaws.com', None, None, ro=False, etype='AwsServiceEvent', shared=True,
                        sed={'snapshotId': 'snap-0' + r.hexs(16)})
