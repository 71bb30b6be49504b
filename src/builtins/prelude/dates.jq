# Date builtins jq defines in jq, on top of the natives in src/builtins/dates.cpp.

def todateiso8601: strftime("%Y-%m-%dT%H:%M:%SZ");
# jq's definition is strptime("%Y-%m-%dT%H:%M:%SZ") | mktime; the native does exactly that and
# also takes fractional seconds and +hh:mm offsets, which CloudTrail and AWS APIs emit.
def fromdateiso8601: _fromdateiso8601;
def todate: todateiso8601;
def fromdate: fromdateiso8601;
def date: todate;
def dateadd(u; n): . + n;
def datesub(u; n): . - n;
