"""gen_cloudtrail: the deterministic CloudTrail log generator behind tools/gen-cloudtrail.

Layout, in the order data flows: cli (options) -> world (account, resources, principals) ->
generator.Gen (records, events_*, background, long_tail) with wareville (the story) -> timeline
(the clock) -> output (formats and the S3 tree).
"""
VERSION = '1.0'
