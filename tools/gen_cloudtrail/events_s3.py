"""S3 events: object reads and writes (data events), listings and bucket-level calls."""
import math
import zlib

from .rand import UPALNUM
from .services import TLS13, tls


class S3Events:
    def s3_key(self, bucket, write=False):
        r = self.r
        if bucket == 'wareville-care4wares':
            keys = ('index.html', 'css/care4wares.css', 'js/donate.js', 'images/care4wares-logo.png',
                    'images/volunteers-2024.jpg', 'news/2024-11-27-toy-drive.html', 'news/2024-11-28-snow-day.html')
            return r.choice(keys if write else keys + ('donate/care4wares-qr.png', 'donate/how-to-give.pdf'))
        p = r.random()
        if p < 0.015:   # real keys contain spaces, punctuation and non-ASCII characters (logged decoded, as UTF-8)
            return 'shared/%s/%s' % (r.choice(('finance', 'hr', 'marketing', 'legal')),
                                     r.choice(('Résumé – final (2).pdf', 'Q4 budget (draft).xlsx', 'café menu.png',
                                               '説明書.pdf', 'notes 2024 #3.txt', 'Ångström "quote".docx')))
        if p < 0.3:
            return 'assets/%s/%s.%s.%s' % (r.choice(('js', 'css', 'img')), r.choice(('app', 'vendor', 'main', 'hero')),
                                           r.hexs(8), r.choice(('js', 'css', 'png', 'webp')))
        if p < 0.55:
            return 'uploads/2024/%02d/%02d/%s.%s' % (r.randrange(1, 13), r.randrange(1, 29), r.uuid(),
                                                   r.choice(('jpg', 'png', 'pdf')))
        if p < 0.75:
            return 'exports/%s/part-%05d-%s.snappy.parquet' % (r.choice(('orders', 'events', 'users')), r.randrange(200),
                                                               r.uuid())
        if p < 0.9:
            return 'reports/%d-%02d/%s.csv' % (2024, r.randrange(1, 13), r.choice(('daily-sales', 'churn', 'inventory',
                                                                                  'invoices')))
        return 'backups/db/%s-%d%02d%02d.sql.gz' % (self.w.org, 2024, r.randrange(1, 13), r.randrange(1, 29))

    def object_size(self, bucket, key, t):
        """Size of an existing object: stable per key (several reads of one object agree)."""
        hist = self.fixed_sizes.get((bucket, key))
        if hist:
            size = hist[0][1]
            for since, sz in hist:
                if t >= since:
                    size = sz
            return size
        u = zlib.crc32(('%s/%s' % (bucket, key)).encode()) / 4294967296.0
        return int(math.exp(7.0 + 9.0 * u ** 1.6))

    def s3_object(self, ident, t, ip, ua, name, bucket=None, key=None, *, console=False, tls_v=TLS13, err=None,
                  vpce=None, size=None):
        r, w = self.r, self.w
        bucket = bucket or r.choice(w.buckets)
        key = key or self.s3_key(bucket, name in ('PutObject', 'DeleteObject'))
        host = '%s.s3.%s.amazonaws.com' % (bucket, w.region) if r.random() < 0.7 else 's3.%s.amazonaws.com' % w.region
        req = {'bucketName': bucket, 'Host': host, 'key': key}
        ro = name in ('GetObject', 'HeadObject', 'GetObjectAcl', 'GetObjectTagging')
        bin_, bout = 0, 0
        resp = None
        sse = False
        if name == 'GetObject':
            bout = size if size is not None else self.object_size(bucket, key, t)
            if r.random() < 0.08:
                req['x-id'] = 'GetObject'
        elif name == 'PutObject':
            bin_ = size if size is not None else int(r.lognormvariate(10.5, 1.8))
            resp = {'x-amz-server-side-encryption': 'AES256'}
            if bucket in w.versioned:
                resp['x-amz-version-id'] = r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._', 32)
            sse = True
        elif name == 'DeleteObject':
            if bucket in w.versioned:
                resp = {'x-amz-delete-marker': 'true', 'x-amz-version-id': r.chars(UPALNUM, 32)}
        if err:
            resp = None
            bout = 0
        aed = {'SignatureVersion': 'SigV4', 'CipherSuite': tls_v[1], 'bytesTransferredIn': bin_}
        if sse:
            aed['SSEApplied'] = 'Default_SSE_S3'
        aed['AuthenticationMethod'] = 'AuthHeader'
        aed['x-amz-id-2'] = r.amz_id2()
        aed['bytesTransferredOut'] = bout
        res = [{'type': 'AWS::S3::Object', 'ARN': 'arn:aws:s3:::%s/%s' % (bucket, key)},
               {'accountId': w.acct, 'type': 'AWS::S3::Bucket', 'ARN': 'arn:aws:s3:::' + bucket}]
        return self.rec(ident, t, 's3.amazonaws.com', name, w.region, ip, ua, req, resp, ro=ro, mgmt=False, err=err,
                        aed=aed, res=res, vpce=vpce, tlsd=None if vpce and vpce[0] == 'AWS Internal' else tls(host, tls_v),
                        console=console, reqid=r.s3_request_id())

    def s3_list(self, ident, t, ip, ua, bucket=None, *, console=False, err=None, vpce=None, prefix=None):
        r, w = self.r, self.w
        bucket = bucket or r.choice(w.buckets)
        host = '%s.s3.%s.amazonaws.com' % (bucket, w.region)
        req = {'list-type': '2', 'bucketName': bucket, 'encoding-type': 'url', 'max-keys': '1000',
               'prefix': prefix if prefix is not None else r.choice(('', 'assets/', 'uploads/2024/', 'reports/',
                                                                     'exports/orders/')),
               'delimiter': '/', 'Host': host}
        aed = {'SignatureVersion': 'SigV4', 'CipherSuite': TLS13[1], 'bytesTransferredIn': 0,
               'AuthenticationMethod': 'AuthHeader', 'x-amz-id-2': r.amz_id2(),
               'bytesTransferredOut': 0 if err else r.randrange(300, 60000)}
        res = [{'accountId': w.acct, 'type': 'AWS::S3::Bucket', 'ARN': 'arn:aws:s3:::' + bucket}]
        return self.rec(ident, t, 's3.amazonaws.com', 'ListObjects', w.region, ip, ua, req, None, mgmt=False, err=err,
                        aed=aed, res=res, vpce=vpce, tlsd=tls(host), console=console, reqid=r.s3_request_id())

    def s3_bucket_mgmt(self, ident, t, ip, ua, name, bucket=None, *, console=False, err=None, svc_call=False):
        r, w = self.r, self.w
        if name == 'ListBuckets':
            host = 's3.%s.amazonaws.com' % w.region
            req = {'Host': host}
            res = None
        else:
            bucket = bucket or r.choice(w.buckets)
            host = '%s.s3.%s.amazonaws.com' % (bucket, w.region)
            sub = {'GetBucketAcl': 'acl', 'GetBucketPolicy': 'policy', 'GetBucketLocation': 'location',
                   'GetBucketVersioning': 'versioning', 'GetBucketEncryption': 'encryption',
                   'GetBucketPublicAccessBlock': 'publicAccessBlock', 'GetBucketTagging': 'tagging',
                   'GetBucketLogging': 'logging', 'GetBucketOwnershipControls': 'ownershipControls'}.get(name, 'acl')
            req = {'bucketName': bucket, 'Host': host, sub: ''}
            res = [{'accountId': w.acct, 'type': 'AWS::S3::Bucket', 'ARN': 'arn:aws:s3:::' + bucket}]
        aed = {'SignatureVersion': 'SigV4', 'CipherSuite': TLS13[1], 'bytesTransferredIn': 0,
               'AuthenticationMethod': 'AuthHeader', 'x-amz-id-2': r.amz_id2(),
               'bytesTransferredOut': 0 if err else r.randrange(150, 4000)}
        return self.rec(ident, t, 's3.amazonaws.com', name, w.region, ip, ua, req, None, err=err, aed=aed, res=res,
                        tlsd=None if svc_call else tls(host), console=console, reqid=r.s3_request_id(),
                        shared=svc_call)
