"""What the calling software and the services look like: user agents, TLS details, and per
service its eventVersion, host header and apiVersion."""

BROWSERS = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
]


def cli_ua(rng, cmd):
    v = rng.choice(('2.17.20', '2.18.2', '2.19.1', '2.22.4', '2.15.57'))
    osn = rng.choice(('linux#6.1.112-122.189.amzn2023.x86_64 md/arch#x86_64', 'macos#23.6.0 md/arch#arm64',
                      'linux#5.15.0-124-generic md/arch#x86_64', 'windows#10 md/arch#amd64'))
    return ('aws-cli/%s md/awscrt#0.22.0 ua/2.0 os/%s lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard '
            'md/installer#exe md/prompt#off md/command#%s' % (v, osn, cmd))


BOTO_UAS = [
    ('Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 '
     'md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.35.54'),
    ('Boto3/1.34.162 md/Botocore#1.34.162 ua/2.0 os/linux#6.1.112-122.189.amzn2023.x86_64 md/arch#x86_64 '
     'lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.162'),
]
GO_UA = 'aws-sdk-go-v2/1.32.4 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/%s#%s'
JS_UA = 'aws-sdk-js/3.687.0 ua/2.1 os/linux#5.10.227-219.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 api/%s#3.687.0'
JAVA_UA = ('aws-sdk-java/2.29.6 Linux/6.1.112-122.189.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 '
           'vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy')
TF_UA = ('APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 '
         '(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 '
         'md/GOOS#linux md/GOARCH#amd64 api/%s#%s')
SSM_AGENT_UA = 'aws-sdk-go/1.55.5 (go1.22.8; linux; amd64) amazon-ssm-agent/3.3.1142.0'
LAMBDA_WORKER_UA = 'awslambda-worker/1.0 rusoto/0.48.0 rust/1.79.0 linux'
S3_CONSOLE_UA = ('[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.227-198.880.amzn2int.x86_64 '
                 'OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]')

TLS13 = ('TLSv1.3', 'TLS_AES_128_GCM_SHA256')
TLS12 = ('TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256')


_CMD = {}   # (eventSource, eventName) -> the aws-cli command, e.g. ec2.describe-instances


def cli_command(source, name):
    k = (source, name)
    c = _CMD.get(k)
    if c is None:
        svc = {'monitoring': 'cloudwatch', 'elasticloadbalancing': 'elbv2', 's3': 's3api'}.get(source.split('.')[0],
                                                                                            source.split('.')[0])
        base = name.rstrip('0123456789v') if name[-1:].isdigit() else name
        kebab = ''.join('-' + ch.lower() if ch.isupper() and i else ch.lower() for i, ch in enumerate(base))
        c = _CMD[k] = '%s.%s' % (svc, kebab)
    return c


def tls(host, v=TLS13):
    return {'tlsVersion': v[0], 'cipherSuite': v[1], 'clientProvidedHostHeader': host}


# eventSource: (eventVersion, host header pattern with {r} for the region)
SVC = {
    's3.amazonaws.com': ('1.10', 's3.{r}.amazonaws.com'),
    'sts.amazonaws.com': ('1.08', 'sts.{r}.amazonaws.com'),
    'iam.amazonaws.com': ('1.09', 'iam.amazonaws.com'),
    'kms.amazonaws.com': ('1.10', 'kms.{r}.amazonaws.com'),
    'ec2.amazonaws.com': ('1.10', 'ec2.{r}.amazonaws.com'),
    'ssm.amazonaws.com': ('1.08', 'ssm.{r}.amazonaws.com'),
    'signin.amazonaws.com': ('1.09', '{r}.signin.aws.amazon.com'),
    'logs.amazonaws.com': ('1.08', 'logs.{r}.amazonaws.com'),
    'lambda.amazonaws.com': ('1.08', 'lambda.{r}.amazonaws.com'),
    'cloudtrail.amazonaws.com': ('1.10', 'cloudtrail.{r}.amazonaws.com'),
    'guardduty.amazonaws.com': ('1.08', 'guardduty.{r}.amazonaws.com'),
    'secretsmanager.amazonaws.com': ('1.10', 'secretsmanager.{r}.amazonaws.com'),
    'monitoring.amazonaws.com': ('1.08', 'monitoring.{r}.amazonaws.com'),
    'dynamodb.amazonaws.com': ('1.08', 'dynamodb.{r}.amazonaws.com'),
    'ecr.amazonaws.com': ('1.08', 'api.ecr.{r}.amazonaws.com'),
    'elasticloadbalancing.amazonaws.com': ('1.08', 'elasticloadbalancing.{r}.amazonaws.com'),
    'route53.amazonaws.com': ('1.08', 'route53.amazonaws.com'),
    'config.amazonaws.com': ('1.08', 'config.{r}.amazonaws.com'),
    'organizations.amazonaws.com': ('1.08', 'organizations.us-east-1.amazonaws.com'),
    'securityhub.amazonaws.com': ('1.08', 'securityhub.{r}.amazonaws.com'),
    'sso.amazonaws.com': ('1.08', 'portal.sso.{r}.amazonaws.com'),
    'health.amazonaws.com': ('1.08', 'health.us-east-1.amazonaws.com'),
    'sqs.amazonaws.com': ('1.09', 'sqs.{r}.amazonaws.com'),
    'sns.amazonaws.com': ('1.08', 'sns.{r}.amazonaws.com'),
    'cloudformation.amazonaws.com': ('1.08', 'cloudformation.{r}.amazonaws.com'),
    'ce.amazonaws.com': ('1.08', 'ce.us-east-1.amazonaws.com'),
}
API_VERSION = {'lambda.amazonaws.com': None, 'logs.amazonaws.com': None, 'dynamodb.amazonaws.com': '2012-08-10',
               'route53.amazonaws.com': '2013-04-01', 'elasticloadbalancing.amazonaws.com': None}
GLOBAL_SOURCES = {'iam.amazonaws.com', 'route53.amazonaws.com', 'organizations.amazonaws.com', 'health.amazonaws.com',
                  'ce.amazonaws.com'}
