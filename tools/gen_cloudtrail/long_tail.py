"""Long-tail events: real sample payloads (requestParameters, responseElements, errors...) for the
many APIs the builders do not cover, with our identity, time, ids, account and region.

The samples come from data/long-tail-templates.json (see data/SOURCE.md), or from any
{"Records":[...]} file given with --templates.
"""
import json
import os

from .services import SVC, tls

DEFAULT_TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'long-tail-templates.json')

# Event names the builders make themselves.
COVERED = {'GetObject', 'PutObject', 'HeadObject', 'ListObjects', 'DeleteObject', 'ConsoleLogin', 'AssumeRole',
           'GetCallerIdentity', 'UpdateInstanceInformation', 'Decrypt', 'CreateLogStream'}

# Left out of --scenario wareville, so that the story's answers (who changed IAM, the trail or a
# bucket policy) stay exact.
STORY_SENSITIVE = {'CreateUser', 'AttachUserPolicy', 'CreateLoginProfile', 'UpdateLoginProfile', 'CreateAccessKey',
                   'StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutUserPolicy', 'DeleteUser',
                   'PutBucketPolicy', 'PutBucketAcl', 'DeleteBucketPolicy', 'PutObjectAcl', 'CreateRole',
                   'AttachRolePolicy', 'PutRolePolicy', 'UpdateAssumeRolePolicy', 'AddUserToGroup', 'AttachGroupPolicy',
                   'CreatePolicyVersion', 'DeactivateMFADevice', 'DeleteVirtualMFADevice'}


PAYLOAD_KEYS = ('requestParameters', 'responseElements', 'additionalEventData', 'resources', 'readOnly',
                'managementEvent', 'eventCategory', 'errorCode', 'errorMessage', 'apiVersion', 'serviceEventDetails')


def payload_text(e):
    """The payload of a usable sample as compact JSON, or None: signed by an IAM user, a role or
    root, an API call of version 1.05 or later that the builders do not make, under 6000
    characters."""
    ui = e.get('userIdentity')
    if not isinstance(ui, dict) or ui.get('type') not in ('IAMUser', 'AssumedRole', 'Root'):
        return None
    src, name = e.get('eventSource'), e.get('eventName')
    if not isinstance(src, str) or not src.endswith('.amazonaws.com') or not name or name in COVERED:
        return None
    if src in ('signin.amazonaws.com', 'sts.amazonaws.com') or e.get('eventType') not in ('AwsApiCall', None):
        return None
    if str(e.get('eventVersion', '0')) < '1.05':
        return None
    pl = {k: e[k] for k in PAYLOAD_KEYS if k in e}
    if 'eventType' in e:
        pl['eventType'] = e['eventType']
    if pl.get('eventCategory') not in (None, 'Management', 'Data'):
        return None
    txt = json.dumps(pl, separators=(',', ':'), sort_keys=False)
    return txt if len(txt) <= 6000 else None


def load_templates(path, exclude=()):
    """The templates of a {"Records":[...]} file: one per distinct payload, in file order, leaving
    out the event names in exclude."""
    if not path or path == 'none' or not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        recs = json.load(f).get('Records', [])
    out, seen = [], set()
    for e in recs:
        txt = payload_text(e)
        if txt is None or e['eventName'] in exclude or txt in seen:
            continue
        seen.add(txt)
        ui = e['userIdentity']
        accts = {a for a in (ui.get('accountId'), e.get('recipientAccountId')) if isinstance(a, str) and len(a) == 12 and a.isdigit()}
        arns = [a for a in (ui.get('arn'),) if isinstance(a, str)]
        region = e.get('awsRegion') if isinstance(e.get('awsRegion'), str) and len(e.get('awsRegion')) > 5 else None
        out.append({'eventSource': e['eventSource'], 'eventName': e['eventName'], 'payload': txt,
                    'accts': sorted(accts, key=len, reverse=True), 'arns': arns, 'region': region})
    return out


class LongTailEvents:
    def from_template(self, ident, t, ip, ua):
        r, w = self.r, self.w
        tp = r.choice(self.tail)
        self.tail_used += 1
        txt = tp['payload']
        for old in tp['accts']:
            txt = txt.replace(old, w.acct)
        if tp['region']:
            txt = txt.replace(tp['region'], w.region)
        pl = json.loads(txt)
        src, name = tp['eventSource'], tp['eventName']
        err = None
        if pl.get('errorCode'):
            msg = pl.get('errorMessage')
            if msg and 'arn' in ident:
                for old in tp['arns']:
                    msg = msg.replace(old, ident['arn'])
            err = (pl['errorCode'], msg)
        return self.rec(ident, t, src, name, w.region, ip, ua, pl.get('requestParameters'), pl.get('responseElements'),
                        ro=pl.get('readOnly', True), mgmt=pl.get('managementEvent', True), err=err,
                        aed=pl.get('additionalEventData'), res=pl.get('resources'), etype=pl.get('eventType', 'AwsApiCall'),
                        sed=pl.get('serviceEventDetails'), cat=pl.get('eventCategory'),
                        tlsd=tls(SVC.get(src, ('', src.replace('.amazonaws.com', '.{r}.amazonaws.com')))[1].format(r=w.region)),
                        api=pl.get('apiVersion'))
