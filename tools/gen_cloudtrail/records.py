"""One CloudTrail record from its parts (Records.rec), the identity an actor signs with at a given
time (sessions rotate), and the AccessDenied messages of each service."""
from .services import SVC, cli_command
from .times import iso
from .world import role_ident, user_ident


class Records:
    """The base of the generator (generator.Gen): uses self.r (a Rand), self.w (the World) and
    counts records in self.counts and self.errors (Counters, for --truth)."""

    # The keys come in CloudTrail's order, as in 129 of the 141 order-preserving real samples:
    # eventVersion, userIdentity, eventTime, eventSource, eventName, awsRegion, sourceIPAddress,
    # userAgent, errorCode, errorMessage, requestParameters, responseElements, additionalEventData,
    # requestID, eventID, readOnly, resources, eventType, apiVersion, managementEvent,
    # recipientAccountId, sharedEventID, vpcEndpointId, vpcEndpointAccountId, serviceEventDetails,
    # eventCategory, tlsDetails, sessionCredentialFromConsole.
    def rec(self, ident, t, source, name, region, ip, ua, req, resp, *, ro=True, mgmt=True, err=None, aed=None,
            res=None, etype='AwsApiCall', shared=False, vpce=None, sed=None, cat=None, tlsd=None, console=False,
            reqid=None, api=None):
        r = self.r
        if '#misc' in ua:
            ua = ua.replace('#misc', '#' + cli_command(source, name))
        e = {'eventVersion': SVC.get(source, ('1.08',))[0], 'userIdentity': ident, 'eventTime': iso(t),
             'eventSource': source, 'eventName': name, 'awsRegion': region, 'sourceIPAddress': ip, 'userAgent': ua}
        if err:
            if err[0] is not None:
                e['errorCode'] = err[0]
            if err[1] is not None:
                e['errorMessage'] = err[1]
            if resp is not None and err[0] is not None and source != 's3.amazonaws.com':
                resp = None
        e['requestParameters'] = req
        e['responseElements'] = resp
        if aed is not None:
            e['additionalEventData'] = aed
        if reqid is not False and (etype != 'AwsServiceEvent' or reqid):
            e['requestID'] = reqid or r.uuid()
        e['eventID'] = r.uuid()
        e['readOnly'] = ro
        if res is not None:
            e['resources'] = res
        e['eventType'] = etype
        if api:
            e['apiVersion'] = api
        e['managementEvent'] = mgmt
        e['recipientAccountId'] = self.w.acct
        if shared:
            e['sharedEventID'] = r.uuid()
        if vpce:
            e['vpcEndpointId'] = vpce[0]
            e['vpcEndpointAccountId'] = vpce[1]
        if sed is not None:
            e['serviceEventDetails'] = sed
        e['eventCategory'] = cat or ('Management' if mgmt else 'Data')
        if tlsd is not None:
            e['tlsDetails'] = tlsd
        if console:
            e['sessionCredentialFromConsole'] = 'true'
        self.counts[(source, name)] += 1
        if err:
            self.errors[err[0] or err[1]] += 1
        return e

    # ---- identities with rotating sessions ---------------------------------------------------
    def session(self, a, t, dur=3600):
        if t >= a.session_until:
            a.session_start = t - self.r.randrange(0, 600)
            a.session_until = t + dur
            a.ident = None
            a.session_key = self.r.aws_id('ASIA')
            a.sess_name = None
            return True
        return False

    def ident_of(self, a, t):
        """(userIdentity, sourceIP, userAgent style, console flag, vpce) for actor a at time t."""
        r, w = self.r, self.w
        k = a.kind
        if k == 'user':
            if a.ident is None:
                a.ident = user_ident(w, a, False)
            return a.ident
        if k == 'console':
            if self.session(a, t, 12 * 3600):
                a.ident = user_ident(w, a, True, a.session_start, a.mfa)
            return a.ident
        if k == 'sso':
            if self.session(a, t, 8 * 3600):
                a.sess_name = r.choice(a.people)
                a.ident = role_ident(w, a.role, a.sess_name, a.session_key, a.session_start)
            return a.ident
        if k == 'ec2':
            if self.session(a, t, 6 * 3600):
                a.per_inst = {i: role_ident(w, a.role, i, r.aws_id('ASIA'), a.session_start, ec2=True)
                              for i in a.insts}
            a.cur_inst = r.choice(a.insts)
            return a.per_inst[a.cur_inst]
        if k == 'lambda':
            if self.session(a, t, 3 * 3600):
                a.ident = role_ident(w, a.role, a.name, a.session_key, a.session_start)
            return a.ident
        if k == 'wif':
            if self.session(a, t, 3600):
                a.sess_name = 'GitHubActions'
                a.ident = role_ident(w, a.role, a.sess_name, a.session_key, a.session_start, web={
                    'federatedProvider': 'arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com' % w.acct,
                    'attributes': {}})
            return a.ident
        if k == 'slr':
            if self.session(a, t, 3600):
                a.ident = role_ident(w, a.role, a.sess, a.session_key, a.session_start, invoked_by=a.svc)
            return a.ident
        if k == 'xacct':
            if self.session(a, t, 3600):
                a.sess_name = 'prowler-%d' % int(a.session_start)
                a.ident = role_ident(w, a.role, a.sess_name, a.session_key, a.session_start)
            return a.ident
        if k == 'root':
            if self.session(a, t, 2 * 3600):
                a.ident = {'type': 'Root', 'principalId': w.acct, 'arn': 'arn:aws:iam::%s:root' % w.acct,
                           'accountId': w.acct, 'accessKeyId': a.session_key,
                           'sessionContext': {'sessionIssuer': {}, 'webIdFederationData': {},
                                              'attributes': {'creationDate': iso(a.session_start),
                                                             'mfaAuthenticated': 'true'}}}
            return a.ident
        if k == 'fed':
            if self.session(a, t, 3600):
                a.sess_name = r.choice(a.fed_users)
                iss = a.issuer
                a.ident = {'type': 'FederatedUser', 'principalId': '%s:%s' % (w.acct, a.sess_name),
                           'arn': 'arn:aws:sts::%s:federated-user/%s' % (w.acct, a.sess_name), 'accountId': w.acct,
                           'accessKeyId': a.session_key,
                           'sessionContext': {'sessionIssuer': {'type': 'IAMUser', 'principalId': iss.principal,
                                                                'arn': 'arn:aws:iam::%s:user/%s' % (w.acct, iss.name),
                                                                'accountId': w.acct, 'userName': iss.name},
                                              'webIdFederationData': {},
                                              'attributes': {'creationDate': iso(a.session_start),
                                                             'mfaAuthenticated': 'false'}}}
            return a.ident
        if k == 'idc':
            if self.session(a, t, 8 * 3600):
                a.ident = {'type': 'IdentityCenterUser', 'accountId': w.acct,
                           'onBehalfOf': {'userId': r.choice(a.users),
                                          'identityStoreArn': 'arn:aws:identitystore::%s:identitystore/%s' % (w.acct, a.store)},
                           'credentialId': r.hexs(8) + '-' + r.uuid()}
            return a.ident
        return None

    # ---- error helpers ------------------------------------------------------------------------
    def denied(self, ident, action, resource=None, style='iam'):
        arn = ident.get('arn', 'arn:aws:iam::%s:user/unknown' % self.w.acct)
        if style == 's3':
            return ('AccessDenied', 'Access Denied')
        if style == 'ec2':
            return ('Client.UnauthorizedOperation',
                    'You are not authorized to perform this operation. User: %s is not authorized to perform: %s '
                    'because no identity-based policy allows the %s action' % (arn, action, action))
        code = 'AccessDeniedException' if style in ('kms', 'secrets', 'ssm', 'logs', 'lambda', 'ddb') else 'AccessDenied'
        if resource:
            return (code, 'User: %s is not authorized to perform: %s on resource: %s because no identity-based policy '
                          'allows the %s action' % (arn, action, resource, action))
        return (code, 'User: %s is not authorized to perform: %s because no identity-based policy allows the %s '
                      'action' % (arn, action, action))
