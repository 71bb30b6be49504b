"""The rare write calls of the background: tags, security group rules, Lambda code, retention,
SSM parameters, instance state, DynamoDB TTL and RunInstances (the largest records)."""
from .times import iso


class WriteEvents:
    def write_call(self, ident, t, ip, ua, console=False):
        r, w = self.r, self.w
        k = r.choices(('tags', 'sg', 'lambda', 'logs', 'ssmput', 'start', 'ddbupd', 'run'), (5, 2, 3, 3, 2, 1, 1, 1))[0]
        if k == 'tags':
            i = r.choice(w.instances)
            return self.api(ident, t, ip, ua, 'ec2.amazonaws.com', 'CreateTags',
                            {'resourcesSet': {'items': [{'resourceId': i}]},
                             'tagSet': {'items': [{'key': r.choice(('Owner', 'CostCenter', 'Environment', 'Name')),
                                                   'value': r.choice(('platform', 'cc-1042', 'prod', 'web-%d' % r.randrange(10)))}]}},
                            resp={'requestId': r.uuid(), '_return': True}, ro=False, console=console)
        if k == 'sg':
            g = r.choice(w.sgs)
            return self.api(ident, t, ip, ua, 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress',
                            {'groupId': g, 'ipPermissions': {'items': [{'ipProtocol': 'tcp', 'fromPort': 443, 'toPort': 443,
                                                                        'groups': {}, 'ipRanges': {'items': [
                                                                            {'cidrIp': '%s/32' % r.public_ip(),
                                                                             'description': 'vendor webhook'}]},
                                                                        'ipv6Ranges': {}, 'prefixListIds': {}}]}},
                            resp={'requestId': r.uuid(), '_return': True,
                                  'securityGroupRuleSet': {'items': [{'groupOwnerId': w.acct, 'groupId': g,
                                                                      'securityGroupRuleId': 'sgr-0' + r.hexs(16), 'isEgress': False,
                                                                      'ipProtocol': 'tcp', 'fromPort': 443, 'toPort': 443}]}},
                            ro=False, console=console)
        if k == 'lambda':
            f = r.choice(w.functions)
            return self.api(ident, t, ip, ua, 'lambda.amazonaws.com', 'UpdateFunctionCode20150331v2',
                            {'functionName': f, 'publish': False, 'dryRun': False},
                            resp={'functionName': f, 'functionArn': 'arn:aws:lambda:%s:%s:function:%s' % (w.region, w.acct, f),
                                  'runtime': 'python3.12', 'role': 'arn:aws:iam::%s:role/service-role/%s-role' % (w.acct, f),
                                  'handler': 'app.handler', 'codeSize': r.randrange(2000, 9000000), 'description': '',
                                  'timeout': 30, 'memorySize': 512, 'lastModified': iso(t).replace('Z', '.000+0000'),
                                  'codeSha256': r.b64(32), 'version': '$LATEST', 'tracingConfig': {'mode': 'PassThrough'},
                                  'revisionId': r.uuid(), 'state': 'Active', 'lastUpdateStatus': 'InProgress',
                                  'packageType': 'Zip', 'architectures': ['arm64']},
                            ro=False, console=console)
        if k == 'logs':
            g = r.choice(w.log_groups)
            return self.api(ident, t, ip, ua, 'logs.amazonaws.com', 'PutRetentionPolicy',
                            {'logGroupName': g, 'retentionInDays': r.choice((14, 30, 90, 365))}, ro=False, console=console)
        if k == 'ssmput':
            p = r.choice(w.params[:3])
            return self.api(ident, t, ip, ua, 'ssm.amazonaws.com', 'PutParameter',
                            {'name': p, 'type': 'String', 'overwrite': True, 'tier': 'Standard'},
                            resp={'version': r.randrange(2, 40), 'tier': 'Standard'}, ro=False, console=console)
        if k == 'start':
            i = r.choice(w.instances)
            nm = r.choice(('StartInstances', 'StopInstances', 'RebootInstances'))
            st = {'StartInstances': ((0, 'pending'), (80, 'stopped')), 'StopInstances': ((64, 'stopping'), (16, 'running')),
                  'RebootInstances': None}[nm]
            resp = {'requestId': r.uuid(), '_return': True} if st is None else {
                'requestId': r.uuid(), 'instancesSet': {'items': [{'instanceId': i, 'currentState': {'code': st[0][0], 'name': st[0][1]},
                                                                   'previousState': {'code': st[1][0], 'name': st[1][1]}}]}}
            return self.api(ident, t, ip, ua, 'ec2.amazonaws.com', nm, {'instancesSet': {'items': [{'instanceId': i}]}},
                            resp=resp, ro=False, console=console)
        if k == 'ddbupd':
            tb = r.choice(w.tables)
            return self.api(ident, t, ip, ua, 'dynamodb.amazonaws.com', 'UpdateTimeToLive',
                            {'tableName': tb, 'timeToLiveSpecification': {'enabled': True, 'attributeName': 'expiresAt'}},
                            resp={'timeToLiveSpecification': {'enabled': True, 'attributeName': 'expiresAt'}}, ro=False,
                            console=console,
                            res=[{'accountId': w.acct, 'type': 'AWS::DynamoDB::Table',
                                  'ARN': 'arn:aws:dynamodb:%s:%s:table/%s' % (w.region, w.acct, tb)}])
        # RunInstances (large request/response)
        i, sub, sg = 'i-0' + r.hexs(16), r.choice(w.subnets), r.choice(w.sgs)
        pip = r.private_ip()
        return self.api(ident, t, ip, ua, 'ec2.amazonaws.com', 'RunInstances', {
            'instancesSet': {'items': [{'imageId': r.choice(w.amis), 'minCount': 1, 'maxCount': 1}]},
            'instanceType': r.choice(('t3.micro', 't3.medium', 'm7i.large', 'c7g.xlarge')),
            'blockDeviceMapping': {}, 'monitoring': {'enabled': False}, 'disableApiTermination': False,
            'disableApiStop': False, 'clientToken': 'terraform-%s' % r.hexs(26),
            'networkInterfaceSet': {'items': [{'deviceIndex': 0, 'subnetId': sub, 'groupSet': {'items': [{'groupId': sg}]}}]},
            'iamInstanceProfile': {'name': '%s-worker-ec2-profile' % w.org},
            'metadataOptions': {'httpTokens': 'required', 'httpPutResponseHopLimit': 2, 'httpEndpoint': 'enabled'}},
            resp={'requestId': r.uuid(), 'reservationId': 'r-0' + r.hexs(16), 'ownerId': w.acct, 'groupSet': {},
                  'instancesSet': {'items': [{'instanceId': i, 'imageId': r.choice(w.amis), 'currentInstanceBootMode': 'uefi',
                                              'instanceState': {'code': 0, 'name': 'pending'},
                                              'privateDnsName': 'ip-%s.ec2.internal' % pip.replace('.', '-'),
                                              'amiLaunchIndex': 0, 'productCodes': {}, 'instanceType': 't3.medium',
                                              'launchTime': int(t) * 1000,
                                              'placement': {'availabilityZone': w.region + 'a', 'tenancy': 'default'},
                                              'monitoring': {'state': 'disabled'}, 'subnetId': sub, 'vpcId': w.vpc,
                                              'privateIpAddress': pip, 'stateReason': {'code': 'pending', 'message': 'pending'},
                                              'architecture': 'x86_64', 'rootDeviceType': 'ebs', 'rootDeviceName': '/dev/xvda',
                                              'blockDeviceMapping': {}, 'virtualizationType': 'hvm', 'hypervisor': 'xen',
                                              'groupSet': {'items': [{'groupId': sg, 'groupName': '%s-workers' % w.org}]},
                                              'sourceDestCheck': True, 'ebsOptimized': False, 'enaSupport': True,
                                              'cpuOptions': {'coreCount': 1, 'threadsPerCore': 2},
                                              'metadataOptions': {'state': 'pending', 'httpTokens': 'required',
                                                                  'httpPutResponseHopLimit': 2, 'httpEndpoint': 'enabled',
                                                                  'httpProtocolIpv4': 'enabled', 'httpProtocolIpv6': 'disabled',
                                                                  'instanceMetadataTags': 'disabled'}}]}},
            ro=False, console=console)
