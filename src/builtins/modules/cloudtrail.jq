# The built-in `cloudtrail` module: helpers and hunts for AWS CloudTrail events.
#
# Hunts are `def hunt_<name>:` definitions, each preceded by one structured comment
#   # @hunt <name> [flags] | <source: Sigma rule id or CIS control> | <description>
# flags: [all] the hunt reads an array of every event; [ip] it is hunt_<name>($ip).
# which ctq::builtin_hunts() reads; a hunt takes one event as input and emits
# zero or one finding (a compact object), so `records | hunt_x` runs it over any input.

# Any CloudTrail shape -> its events: S3 delivery {"Records":[...]}, LookupEvents
# {"Events":[{CloudTrailEvent}]}, FilterLogEvents {"events":[{message}]}, a CloudWatch
# subscription payload {"logEvents":[...]}, an EventBridge envelope {detail}, a bare event.
def records:
  if type == "array" then .[] | records
  elif type != "object" then empty
  elif has("Records") then .Records[]
  elif has("Events") then .Events[] | (.CloudTrailEvent | if type == "string" then fromjson else . end)
  elif has("events") then .events[].message | fromjson
  elif has("logEvents") then .logEvents[].message | fromjson
  elif has("detail") and has("detail-type") then .detail
  else . end;

# A readable who: IAM user name, "role/session" for assumed roles, "root",
# the AWS service that invoked the call, else whatever identifies the caller.
def principal:
  .userIdentity as $u
  | if $u == null then null
    elif $u.type == "Root" then "root"
    elif $u.type == "IAMUser" then $u.userName // ($u.arn // "" | split("/") | last) // $u.principalId
    elif $u.type == "AssumedRole" and ($u.arn // "" | test("assumed-role/"))
      then $u.arn | split("/") | .[1:] | join("/")
    elif $u.type == "AWSService" then $u.invokedBy
    else $u.userName // $u.invokedBy // $u.principalId // $u.type end;

def is_root: .userIdentity.type == "Root";
def failed: has("errorCode") and .errorCode != null;
def console_logins: select(.eventName == "ConsoleLogin");
def without_mfa: select(.additionalEventData.MFAUsed == "No");
def from_ip($ip): select(.sourceIPAddress == $ip);
# ISO 8601 UTC strings compare as text: $since <= eventTime < $until.
def in_window($since; $until): select(.eventTime >= $since and .eventTime < $until);

# Bucket/key pairs named by S3 data events.
def s3_objects:
  select(.eventSource == "s3.amazonaws.com" and (.requestParameters.key? // null) != null)
  | {bucket: .requestParameters.bucketName, key: .requestParameters.key};

# Frequency table of f over an array: [{value, count}], by count desc then value.
def count_by(f):
  map([f]) | map(.[]) | group_by(.) | map({value: .[0], count: length})
  | sort_by(-.count, .value);
def top(n; f): count_by(f) | .[:n];

# Mergeable summaries (ctq-dask --reduce): each shard summarises its own events, and merging
# the summaries, in order, gives the summary of all events, byte for byte:
#   ctq-dask --records -n -c 'include "cloudtrail"; tally(inputs; .sourceIPAddress)' \
#            --reduce 'include "cloudtrail"; merge_tallies(inputs)' AWSLogs/
# prints what one machine's `ctq --records -n -c '... tally(inputs; .sourceIPAddress)'` does.

# {key: count} over f's outputs for the events of a stream; keys in order of first appearance,
# a key that is not a string as its JSON text.
def tally(stream; f):
  reduce (stream | f | if type == "string" then . else tojson end) as $k ({}; .[$k] += 1);
def merge_tallies(stream):
  reduce stream as $t ({}; reduce ($t | to_entries[]) as $e (.; .[$e.key] += $e.value));

# The distinct outputs of f, sorted.
def distinct(stream; f): [stream | f] | unique;
def merge_distinct(stream): [stream[]] | unique;

# The first and the last eventTime, {first, last}; null for no events.
def _span_add($s):
  if . == null then $s
  elif $s == null then .
  else {first: ([.first, $s.first] | min), last: ([.last, $s.last] | max)} end;
def time_span(stream):
  reduce (stream | .eventTime | select(. != null)) as $t (null; _span_add({first: $t, last: $t}));
def merge_time_spans(stream): reduce stream as $s (null; _span_add($s));

# The common shape of every finding.
def finding($reason):
  {eventTime, eventName, principal: principal, sourceIPAddress, reason: $reason};

# @hunt root_usage | Sigma 8ad1600d-e9dc-4251-b0ee-a65268f29add; CIS AWS Foundations v1.2 3.3 | Any call made by the root user
def hunt_root_usage:
  select(is_root and .eventType != "AwsServiceEvent")
  | finding("root account used");

# @hunt console_login_without_mfa | Sigma 77caf516-34e5-4df9-b4db-20744fea0a60; CIS AWS Foundations v1.2 3.2 | Successful console sign-in without MFA
def hunt_console_login_without_mfa:
  console_logins | without_mfa | select(.responseElements.ConsoleLogin == "Success")
  | finding("console login without MFA");

# @hunt failed_console_logins | Sigma 6393e346-1977-46ef-8987-ad414a145fad; CIS AWS Foundations v1.2 3.6 | Failed console sign-in attempts
def hunt_failed_console_logins:
  console_logins
  | select(.responseElements.ConsoleLogin == "Failure" or failed)
  | finding("failed console login: " + (.errorMessage // .errorCode // "Failure"));

# @hunt cloudtrail_tampering | Sigma 4db60cc0-36fb-42b7-9b58-a5b53019fb74; CIS AWS Foundations v1.2 3.5 | StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors
def hunt_cloudtrail_tampering:
  select(.eventSource == "cloudtrail.amazonaws.com"
         and (.eventName | IN("StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors")))
  | finding("CloudTrail " + .eventName + " on " + (.requestParameters.name // "?")
            + (if failed then " (" + .errorCode + ")" else "" end));

# True when an IAM call names the caller itself as its target user: by user name, or (for
# roles and sessions, which have none) by the last part of the caller's ARN.
def _acts_on_itself:
  .requestParameters.userName as $target
  | .userIdentity.userName == $target or (.userIdentity.arn // "" | endswith("/" + $target));

# @hunt iam_privilege_escalation | Sigma 0a5177f4-6ca9-44c2-aacf-d3f3d8b6e4d2 (key for another user), 055fb148-60f8-462d-ad16-26926ce050f1 (password of another user); CIS AWS Foundations v1.2 3.4 (policy attachments) | Admin-grade managed policy attached; user created; login profile or access key created, or password changed, for another user
def hunt_iam_privilege_escalation:
  select(.eventSource == "iam.amazonaws.com" and (failed | not))
  | if (.eventName | test("^Attach(User|Role|Group)Policy$"))
       and (.requestParameters.policyArn // "" | test("/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$"))
    then finding(.requestParameters.policyArn + " attached to "
                 + (.requestParameters.userName // .requestParameters.roleName
                    // .requestParameters.groupName // "?"))
    elif .eventName == "CreateUser" then finding("user " + .requestParameters.userName + " created")
    elif (.eventName | IN("CreateLoginProfile", "UpdateLoginProfile", "CreateAccessKey"))
         and .requestParameters.userName != null and (_acts_on_itself | not)
    then finding(.eventName + " for " + .requestParameters.userName)
    else empty end;

# @hunt s3_policy_changes | CIS AWS Foundations v1.2 3.8 | S3 bucket policy, ACL, CORS, lifecycle, replication or public access block changes
# CIS 3.8's nine calls, plus object ACLs and public access blocks, which open buckets just as well.
def hunt_s3_policy_changes:
  select(.eventSource == "s3.amazonaws.com"
         and (.eventName | IN("PutBucketAcl", "PutBucketPolicy", "PutBucketCors",
                              "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy",
                              "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
                              "PutObjectAcl", "PutBucketPublicAccessBlock",
                              "DeletePublicAccessBlock", "DeleteBucketPublicAccessBlock",
                              "PutAccountPublicAccessBlock")))
  | finding(.eventName + " on "
            + (.requestParameters.bucketName | if . == null or . == "" then "?" else . end)
            + (if failed then " (" + .errorCode + ")" else "" end));

# eventTime as epoch seconds; tolerates "2024-10-17 21:48:45.000000000" and fractions.
def _event_seconds: .eventTime | .[0:10] + "T" + .[11:19] + "Z" | fromdate;

# Timelines, the data `ctq --timeline` draws: events per time bucket over an array of events,
# [{bucket, count}] ([{bucket, key, count}] with f, one item per output of f), by bucket
# (then key). $bucket is "minute", "hour" or "day", and each bucket is named by its start in
# ISO 8601 UTC; timeline/0 chooses the bucket from the span as --timeline does. Events without
# a readable eventTime are left out.
def timeline_bucket($span_seconds):
  if $span_seconds <= 7200 then "minute" elif $span_seconds <= 432000 then "hour" else "day" end;
def timeline($bucket; f):
  ({minute: 60, hour: 3600, day: 86400}[$bucket | tostring]
   // error("timeline: the bucket is minute, hour or day, not \($bucket | tojson)")) as $s
  | [.[] | (try _event_seconds catch null) as $t | select($t != null)
     | {bucket: (($t / $s | floor) * $s | todate), key: f}]
  | group_by([.bucket, .key]) | map({bucket: .[0].bucket, key: .[0].key, count: length});
def timeline($bucket): timeline($bucket; null) | map({bucket, count});
def timeline:
  [.[] | try _event_seconds catch empty] as $times
  | timeline(if $times == [] then "minute" else timeline_bucket(($times | max) - ($times | min)) end);

# An event refused for lack of permission.
def access_denied:
  (.errorCode // "") | test("AccessDenied|UnauthorizedOperation|Forbidden");

# @hunt access_denied_burst [all] | CIS AWS Foundations v1.2 3.1 | 5 or more access-denied errors within an hour by one principal
# Unlike the other hunts ([all]) it needs every event at once: its input is an array of events.
def hunt_access_denied_burst:
  [.[] | select(access_denied)
     | {principal: principal, eventTime, eventName, sourceIPAddress, t: _event_seconds}]
  | group_by(.principal)[]
  | sort_by(.eventTime) as $events
  | first(range(0; $events | length) as $i
          | $events[$i] as $start
          | [$events[$i:][] | select(.t - $start.t < 3600)]
          | select(length >= 5))
  | {eventTime: .[0].eventTime, eventName: (map(.eventName) | unique | join(",")),
     principal: .[0].principal, sourceIPAddress: (map(.sourceIPAddress) | unique | join(",")),
     reason: "\(length) access-denied errors within an hour"};

# @hunt from_ip [ip] | analyst pivot (no rule) | Every event from the address in $ip
def hunt_from_ip($ip): from_ip($ip) | finding("activity from " + $ip);
