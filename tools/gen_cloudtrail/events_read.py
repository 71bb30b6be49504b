"""The catalogue of read-only calls (Describe*, Get*, List*) by service family: most of a trail."""
import time

from .times import iso

# Families and their weights when the caller does not name one.
FAMILIES = ('ec2', 'iam', 'logs', 'lambda', 'ct', 'gd', 'cw', 'ddb', 'elb', 'r53', 'ssm', 'sm', 'cfn', 'ecr', 'org')
WEIGHTS = (22, 14, 8, 7, 4, 4, 6, 4, 4, 2, 6, 3, 4, 3, 1)


class ReadEvents:
    def read_call(self, ident, t, ip, ua, console=False, tlsd=True, family=None, err=None):
        fam = family or self.r.choices(FAMILIES, WEIGHTS)[0]
        return getattr(self, '_read_' + fam)(ident, t, ip, ua, console, tlsd, err)

    def _read_ec2(self, ident, t, ip, ua, console, tlsd, err):   # EC2 Describe calls
        r, w = self.r, self.w
        n, q = r.choice((
            ('DescribeInstances', {'instancesSet': {}, 'filterSet': {}}),
            ('DescribeInstances', {'instancesSet': {'items': [{'instanceId': r.choice(w.instances)}]}, 'filterSet': {}}),
            ('DescribeSecurityGroups', {'securityGroupSet': {}, 'securityGroupIdSet': {}, 'filterSet': {}}),
            ('DescribeVolumes', {'volumeSet': {}, 'filterSet': {}, 'maxResults': 500}),
            ('DescribeSnapshots', {'snapshotSet': {}, 'ownersSet': {'items': [{'owner': 'self'}]}, 'sharedUsersSet': {},
                                   'filterSet': {}}),
            ('DescribeVpcs', {'vpcSet': {}, 'filterSet': {}}),
            ('DescribeSubnets', {'subnetSet': {}, 'filterSet': {'items': [{'name': 'vpc-id', 'valueSet': {'items': [{'value': w.vpc}]}}]}}),
            ('DescribeRegions', {'regionSet': {}}),
            ('DescribeAvailabilityZones', {'availabilityZoneSet': {}, 'availabilityZoneIdSet': {}}),
            ('DescribeImages', {'executableBySet': {}, 'imagesSet': {'items': [{'imageId': r.choice(w.amis)}]},
                                'ownersSet': {}, 'filterSet': {}}),
            ('DescribeNetworkInterfaces', {'networkInterfaceIdSet': {}, 'filterSet': {'items': [
                {'name': 'vpc-id', 'valueSet': {'items': [{'value': w.vpc}]}}]}}),
            ('DescribeAddresses', {'publicIpsSet': {}, 'allocationIdsSet': {}, 'filterSet': {}}),
            ('DescribeInstanceStatus', {'instancesSet': {}, 'filterSet': {}, 'includeAllInstances': False}),
            ('DescribeTags', {'filterSet': {'items': [
                {'name': 'resource-id', 'valueSet': {'items': [{'value': r.choice(w.instances)}]}}]}}),
        ))
        return self.api(ident, t, ip, ua, 'ec2.amazonaws.com', n, q, console=console, tlsd=tlsd,
                        err=err and self.denied(ident, 'ec2:' + n, style='ec2'))

    def _read_iam(self, ident, t, ip, ua, console, tlsd, err):   # IAM reads (and a missing user now and then)
        r, w = self.r, self.w
        u = r.choice(w.humans).name
        n, q = r.choice((
            ('GetUser', {'userName': u}), ('ListUsers', None), ('ListRoles', None), ('GetAccountSummary', None),
            ('ListAttachedUserPolicies', {'userName': u}), ('ListAccessKeys', {'userName': u}),
            ('ListMFADevices', {'userName': u}), ('ListGroupsForUser', {'userName': u}),
            ('GetRole', {'roleName': '%s-web-ec2-role' % w.org}), ('ListPolicies', {'scope': 'Local', 'onlyAttached': False}),
            ('GetPolicy', {'policyArn': 'arn:aws:iam::aws:policy/ReadOnlyAccess'}),
            ('GetPolicyVersion', {'policyArn': 'arn:aws:iam::%s:policy/%s-app-policy' % (w.acct, w.org),
                                  'versionId': 'v%d' % r.randrange(1, 6)}),
            ('ListAttachedRolePolicies', {'roleName': '%s-worker-ec2-role' % w.org}),
            ('GetAccountPasswordPolicy', None), ('ListInstanceProfilesForRole', {'roleName': '%s-web-ec2-role' % w.org}),
        ))
        if err:
            return self.api(ident, t, ip, ua, 'iam.amazonaws.com', n, q, console=console, tlsd=tlsd,
                            err=self.denied(ident, 'iam:' + n, 'arn:aws:iam::%s:user/%s' % (w.acct, u)))
        if n == 'GetUser' and r.random() < 0.04:
            return self.api(ident, t, ip, ua, 'iam.amazonaws.com', n, {'userName': u + '-old'}, console=console,
                            tlsd=tlsd, err=('NoSuchEntityException', 'The user with name %s-old cannot be found.' % u))
        return self.api(ident, t, ip, ua, 'iam.amazonaws.com', n, q, console=console, tlsd=tlsd)

    def _read_logs(self, ident, t, ip, ua, console, tlsd, err):   # CloudWatch Logs
        r, w = self.r, self.w
        g = r.choice(w.log_groups)
        n, q = r.choice((
            ('DescribeLogGroups', {'logGroupNamePrefix': '/aws/lambda/'}),
            ('DescribeLogStreams', {'logGroupName': g, 'orderBy': 'LastEventTime', 'descending': True, 'limit': 50}),
            ('FilterLogEvents', {'logGroupName': g, 'startTime': int(t - 3600) * 1000, 'endTime': int(t) * 1000,
                                 'filterPattern': r.choice(('ERROR', '"Task timed out"', '{ $.level = "error" }')),
                                 'interleaved': True}),
            ('GetLogEvents', {'logGroupName': g,
                              'logStreamName': '%s/[$LATEST]%s' % (time.strftime('%Y/%m/%d', time.gmtime(t)), r.hexs(32)),
                              'startFromHead': False}),
            ('StartQuery', {'logGroupName': g, 'startTime': int(t - 86400), 'endTime': int(t),
                            'queryString': 'fields @timestamp, @message | sort @timestamp desc | limit 20'}),
        ))
        return self.api(ident, t, ip, ua, 'logs.amazonaws.com', n, q, console=console, tlsd=tlsd,
                        err=err and self.denied(ident, 'logs:' + n, 'arn:aws:logs:%s:%s:log-group:%s:*' % (w.region, w.acct, g), 'logs'))

    def _read_lambda(self, ident, t, ip, ua, console, tlsd, err):   # Lambda (event names carry the API version)
        r, w = self.r, self.w
        f = r.choice(w.functions)
        n, q = r.choice((('ListFunctions20150331', None), ('GetFunction20150331v2', {'functionName': f}),
                         ('GetFunctionConfiguration20150331v2', {'functionName': f}),
                         ('ListVersionsByFunction20150331', {'functionName': f}),
                         ('GetPolicy20150331v2', {'functionName': f}),
                         ('ListTags20170331', {'resource': 'arn:aws:lambda:%s:%s:function:%s' % (w.region, w.acct, f)})))
        return self.api(ident, t, ip, ua, 'lambda.amazonaws.com', n, q, console=console, tlsd=tlsd,
                        err=err and self.denied(ident, 'lambda:' + n.rstrip('0123456789v'),
                                                'arn:aws:lambda:%s:%s:function:%s' % (w.region, w.acct, f), 'lambda'))

    def _read_ct(self, ident, t, ip, ua, console, tlsd, err):   # CloudTrail
        r, w = self.r, self.w
        tarn = 'arn:aws:cloudtrail:%s:%s:trail/%s' % (w.region, w.acct, w.trail)
        n, q = r.choice((('DescribeTrails', {'trailNameList': [], 'includeShadowTrails': True}),
                         ('GetTrailStatus', {'name': tarn}), ('GetEventSelectors', {'trailName': tarn}),
                         ('LookupEvents', {'maxResults': 50, 'lookupAttributes': [
                             {'attributeKey': 'ReadOnly', 'attributeValue': 'false'}]}),
                         ('ListTrails', None), ('GetInsightSelectors', {'trailName': tarn})))
        return self.api(ident, t, ip, ua, 'cloudtrail.amazonaws.com', n, q, console=console, tlsd=tlsd)

    def _read_gd(self, ident, t, ip, ua, console, tlsd, err):   # GuardDuty
        r, w = self.r, self.w
        n, q = r.choice((('ListDetectors', None), ('GetDetector', {'detectorId': w.detector}),
                         ('ListFindings', {'detectorId': w.detector, 'maxResults': 50,
                                           'sortCriteria': {'attributeName': 'updatedAt', 'orderBy': 'DESC'}}),
                         ('GetFindingsStatistics', {'detectorId': w.detector, 'findingStatisticTypes': ['COUNT_BY_SEVERITY']}),
                         ('GetFindings', {'detectorId': w.detector, 'findingIds': [r.hexs(32) for _ in range(r.randrange(1, 4))]})))
        return self.api(ident, t, ip, ua, 'guardduty.amazonaws.com', n, q, console=console, tlsd=tlsd)

    def _read_cw(self, ident, t, ip, ua, console, tlsd, err):   # CloudWatch metrics and alarms
        r, w = self.r, self.w
        n, q = r.choice((('DescribeAlarms', {'maxRecords': 100}), ('DescribeAlarms', {'stateValue': 'ALARM'}),
                         ('GetMetricData', {'metricDataQueries': [{'id': 'm1', 'metricStat': {
                             'metric': {'namespace': 'AWS/EC2', 'metricName': 'CPUUtilization',
                                        'dimensions': [{'name': 'InstanceId', 'value': r.choice(w.instances)}]},
                             'period': 300, 'stat': 'Average'}}], 'startTime': iso(t - 10800), 'endTime': iso(t)}),
                         ('ListMetrics', {'namespace': r.choice(('AWS/Lambda', 'AWS/EC2', 'AWS/ApplicationELB'))}),
                         ('ListDashboards', None)))
        return self.api(ident, t, ip, ua, 'monitoring.amazonaws.com', n, q, console=console, tlsd=tlsd)

    def _read_ddb(self, ident, t, ip, ua, console, tlsd, err):   # DynamoDB
        r, w = self.r, self.w
        tb = r.choice(w.tables)
        n, q = r.choice((('DescribeTable', {'tableName': tb}), ('ListTables', None),
                         ('DescribeContinuousBackups', {'tableName': tb}), ('DescribeTimeToLive', {'tableName': tb})))
        return self.api(ident, t, ip, ua, 'dynamodb.amazonaws.com', n, q, console=console, tlsd=tlsd,
                        res=[{'accountId': w.acct, 'type': 'AWS::DynamoDB::Table',
                              'ARN': 'arn:aws:dynamodb:%s:%s:table/%s' % (w.region, w.acct, tb)}] if q else None)

    def _read_elb(self, ident, t, ip, ua, console, tlsd, err):   # Elastic Load Balancing
        r, w = self.r, self.w
        n, q = r.choice((('DescribeLoadBalancers', None), ('DescribeTargetGroups', None),
                         ('DescribeTargetHealth', {'targetGroupArn': w.tg}),
                         ('DescribeListeners', {'loadBalancerArn': w.tg.replace('targetgroup', 'loadbalancer/app')})))
        return self.api(ident, t, ip, ua, 'elasticloadbalancing.amazonaws.com', n, q, console=console, tlsd=tlsd)

    def _read_r53(self, ident, t, ip, ua, console, tlsd, err):   # Route 53
        r, w = self.r, self.w
        n, q = r.choice((('ListHostedZones', None), ('ListResourceRecordSets', {'hostedZoneId': w.zone}),
                         ('GetHostedZone', {'id': w.zone})))
        return self.api(ident, t, ip, ua, 'route53.amazonaws.com', n, q, console=console, tlsd=tlsd)

    def _read_ssm(self, ident, t, ip, ua, console, tlsd, err):   # SSM parameters (and a missing one now and then)
        r, w = self.r, self.w
        p = r.choice(w.params)
        n, q = r.choice((('GetParameter', {'name': p, 'withDecryption': True}),
                         ('GetParameters', {'names': r.sample(w.params, 2), 'withDecryption': True}),
                         ('DescribeInstanceInformation', {'maxResults': 50}),
                         ('GetParametersByPath', {'path': '/%s/prod' % w.org, 'recursive': True, 'withDecryption': True}),
                         ('DescribeParameters', {'maxResults': 50})))
        if n == 'GetParameter' and not err and r.random() < 0.05:
            return self.api(ident, t, ip, ua, 'ssm.amazonaws.com', n, {'name': p + '_v2', 'withDecryption': True},
                            console=console, tlsd=tlsd, err=('ParameterNotFound', None))
        return self.api(ident, t, ip, ua, 'ssm.amazonaws.com', n, q, console=console, tlsd=tlsd,
                        err=err and self.denied(ident, 'ssm:' + n, 'arn:aws:ssm:%s:%s:parameter%s' % (w.region, w.acct, p), 'ssm'))

    def _read_sm(self, ident, t, ip, ua, console, tlsd, err):   # Secrets Manager
        r, w = self.r, self.w
        s = r.choice(w.secrets)
        sarn = 'arn:aws:secretsmanager:%s:%s:secret:%s-%s' % (w.region, w.acct, s, w.secret_suffix[s])
        n, q = r.choice((('DescribeSecret', {'secretId': sarn}), ('ListSecrets', {'maxResults': 100}),
                         ('GetResourcePolicy', {'secretId': sarn})))
        return self.api(ident, t, ip, ua, 'secretsmanager.amazonaws.com', n, q, console=console, tlsd=tlsd)

    def _read_cfn(self, ident, t, ip, ua, console, tlsd, err):   # CloudFormation
        r, w = self.r, self.w
        n, q = r.choice((('DescribeStacks', None), ('ListStacks', {'stackStatusFilter': ['CREATE_COMPLETE', 'UPDATE_COMPLETE']}),
                         ('DescribeStackEvents', {'stackName': '%s-%s' % (w.org, r.choice(('network', 'app', 'data')))}),
                         ('GetTemplateSummary', {'stackName': '%s-app' % w.org})))
        return self.api(ident, t, ip, ua, 'cloudformation.amazonaws.com', n, q, console=console, tlsd=tlsd)

    def _read_ecr(self, ident, t, ip, ua, console, tlsd, err):   # ECR
        r, w = self.r, self.w
        repo = r.choice(w.repos)
        n, q = r.choice((('DescribeRepositories', None), ('DescribeImages', {'repositoryName': repo, 'maxResults': 100}),
                         ('GetAuthorizationToken', None), ('ListImages', {'repositoryName': repo, 'filter': {'tagStatus': 'TAGGED'}})))
        return self.api(ident, t, ip, ua, 'ecr.amazonaws.com', n, q, console=console, tlsd=tlsd)

    def _read_org(self, ident, t, ip, ua, console, tlsd, err):   # Organizations
        r = self.r
        n, q = r.choice((('DescribeOrganization', None), ('ListAccounts', None)))
        return self.api(ident, t, ip, ua, 'organizations.amazonaws.com', n, q, console=console, tlsd=tlsd)
