"""Random numbers and the id formats CloudTrail uses (uuids, AKIA/ASIA keys, S3 request ids...).

Every stream of the generator is a Rand seeded with a string, so the output is a pure function of
the options: Python seeds from strings with SHA-512, whatever PYTHONHASHSEED says.
"""
import base64
import random

B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
UPALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'


class Rand(random.Random):
    """random.Random plus the id formats CloudTrail uses."""

    def uuid(self):
        r = self.getrandbits(128)
        h = '%032x' % r
        return '%s-%s-4%s-%s%s-%s' % (h[:8], h[8:12], h[13:16], '89ab'[r & 3], h[17:20], h[20:32])

    def chars(self, alphabet, n):
        return ''.join(self.choices(alphabet, k=n))

    def aws_id(self, prefix, n=16):
        return prefix + ''.join(self.choices(B32, k=n))

    def hexs(self, n):
        return '%0*x' % (n, self.getrandbits(4 * n))

    def b64(self, nbytes):
        return base64.b64encode(self.getrandbits(8 * nbytes).to_bytes(nbytes, 'big')).decode()

    def s3_request_id(self):
        return ''.join(self.choices(UPALNUM, k=16))

    def amz_id2(self):
        return self.b64(self.choice((56, 56, 56, 57, 58)))

    def session_token(self):
        # STS session tokens start with the base64 of "\x21\n\torigin_ec" ("IQoJb3JpZ2luX2Vj")
        n = self.randrange(420, 760)
        return 'IQoJb3JpZ2luX2Vj' + self.b64(n)[:-2].replace('=', 'A')

    def public_ip(self):
        while True:
            a = self.randrange(1, 224)
            if a in (10, 100, 127, 169, 172, 192, 198, 203, 0, 53):   # 53.* is reserved for the wareville story
                continue
            return '%d.%d.%d.%d' % (a, self.randrange(256), self.randrange(256), self.randrange(1, 255))

    def aws_ip(self):
        # addresses in well-known AWS-owned prefixes (Lambda / EC2 NAT egress)
        a = self.choice((3, 18, 34, 35, 44, 52, 54))
        return '%d.%d.%d.%d' % (a, self.randrange(256), self.randrange(256), self.randrange(1, 255))

    def private_ip(self):
        return '10.%d.%d.%d' % (self.randrange(0, 4), self.randrange(256), self.randrange(1, 255))
