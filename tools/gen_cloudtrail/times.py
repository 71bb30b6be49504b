"""The time formats of CloudTrail records and the responses they carry."""
import calendar
import time

DAY = 86400
MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']


def iso(t):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))


def sts_date(t):   # "Nov 28, 2024, 9:15:02 AM" (STS expiration)
    g = time.gmtime(t)
    h = g.tm_hour % 12 or 12
    return '%s %d, %d, %d:%02d:%02d %s' % (MONTHS[g.tm_mon - 1], g.tm_mday, g.tm_year, h, g.tm_min, g.tm_sec,
                                          'AM' if g.tm_hour < 12 else 'PM')


def iam_date(t):   # "Nov 28, 2024 1:33:28 PM" (IAM createDate)
    g = time.gmtime(t)
    h = g.tm_hour % 12 or 12
    return '%s %d, %d %d:%02d:%02d %s' % (MONTHS[g.tm_mon - 1], g.tm_mday, g.tm_year, h, g.tm_min, g.tm_sec,
                                         'AM' if g.tm_hour < 12 else 'PM')


def parse_iso(s):
    return float(calendar.timegm(time.strptime(s, '%Y-%m-%dT%H:%M:%SZ')))
