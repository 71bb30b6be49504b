// Golden tests for --explain: the plain-language tree of each node kind.
#include <catch2/catch.hpp>
#include <string>

#include "ctq/lang/explain.hpp"
#include "ctq/lang/parser.hpp"

namespace {

std::string explained(const std::string& text) {
    return ctq::explain(*ctq::parse(ctq::SourceFile{"<test>", text}).body);
}

}  // namespace

TEST_CASE("explain: walkthrough: S3 events", "[explain]") {
    CHECK(
        explained(
            R"jq(.Records[] | select(.eventSource == "s3.amazonaws.com") | [.eventTime, .eventName])jq") ==
        R"txt(pipe: feed each output of the left into the right
  for each element of .Records
  keep the input only where: .eventSource == "s3.amazonaws.com"
  build an array of:
    .eventTime
    .eventName
)txt");
}

TEST_CASE("explain: walkthrough: care4wares filter file", "[explain]") {
    CHECK(explained(
              R"jq(# Who touched the Care4Wares bucket? One TSV row per S3 call, with a header row.
["Event_Time", "Event_Name", "User_Name", "Bucket_Name", "Key", "Source_IP"],
(
  .Records[]
  | select(.eventSource == "s3.amazonaws.com"
           and .requestParameters.bucketName == "wareville-care4wares")
  | [.eventTime, .eventName, .userIdentity.userName // "N/A",
     .requestParameters.bucketName // "N/A", .requestParameters.key // "N/A",
     .sourceIPAddress // "N/A"]
)
| @tsv
)jq") == R"txt(pipe: feed each output of the left into the right
  output each of these in turn:
    build an array of:
      "Event_Time"
      "Event_Name"
      "User_Name"
      "Bucket_Name"
      "Key"
      "Source_IP"
    pipe: feed each output of the left into the right
      for each element of .Records
      keep the input only where:
        true when both are true (and):
          .eventSource == "s3.amazonaws.com"
          .requestParameters.bucketName == "wareville-care4wares"
      build an array of:
        .eventTime
        .eventName
        .userIdentity.userName, or else "N/A" if that is null, false or missing (//)
        .requestParameters.bucketName, or else "N/A" if that is null, false or missing (//)
        .requestParameters.key, or else "N/A" if that is null, false or missing (//)
        .sourceIPAddress, or else "N/A" if that is null, false or missing (//)
  the input as a tab-separated row (@tsv)
)txt");
}

TEST_CASE("explain: walkthrough: glitch filter file", "[explain]") {
    CHECK(explained(R"jq(# Everything the user glitch did, with the user agent that did it.
["Event_Time", "Event_type", "Event_Name", "User_Name", "Source_IP", "User_Agent"],
(
  .Records[]
  | select(.userIdentity.userName == "glitch")
  | [.eventTime, .eventType, .eventName, .userIdentity.userName // "N/A",
     .sourceIPAddress // "N/A", .userAgent // "N/A"]
)
| @tsv
)jq") == R"txt(pipe: feed each output of the left into the right
  output each of these in turn:
    build an array of:
      "Event_Time"
      "Event_type"
      "Event_Name"
      "User_Name"
      "Source_IP"
      "User_Agent"
    pipe: feed each output of the left into the right
      for each element of .Records
      keep the input only where: .userIdentity.userName == "glitch"
      build an array of:
        .eventTime
        .eventType
        .eventName
        .userIdentity.userName, or else "N/A" if that is null, false or missing (//)
        .sourceIPAddress, or else "N/A" if that is null, false or missing (//)
        .userAgent, or else "N/A" if that is null, false or missing (//)
  the input as a tab-separated row (@tsv)
)txt");
}

TEST_CASE("explain: paths print compactly", "[explain]") {
    CHECK(explained(R"jq(.a.b[0], .["a b"], ."x-y", .a?, .[1:2], .[:-1], .a[.b:], $__loc__)jq") ==
          R"txt(output each of these in turn:
  .a.b[0]
  .["a b"]
  ."x-y"
  .a?
  .[1:2]
  .[:-1]
  .a[.b:]
  $__loc__ (the file and line: <test>:1)
)txt");
}

TEST_CASE("explain: iteration and recursion", "[explain]") {
    CHECK(explained(R"jq(.[], .a[]?, (.a | .b)[], ..)jq") == R"txt(output each of these in turn:
  for each element of the input
  for each element (errors ignored) of .a
  for each element of:
    pipe: feed each output of the left into the right
      .a
      .b
  .. (the input and every value inside it, recursively)
)txt");
}

TEST_CASE("explain: index and field on computed targets", "[explain]") {
    CHECK(explained(R"jq(.a[.b], (.a | .b).c)jq") == R"txt(output each of these in turn:
  look up an index or key:
    in: .a
    at: .b
  the field "c" of:
    pipe: feed each output of the left into the right
      .a
      .b
)txt");
}

TEST_CASE("explain: literals, variables and negation", "[explain]") {
    CHECK(explained(R"jq(1, "s", null, true, [1,2], -(.a | .b), -1)jq") ==
          R"txt(output each of these in turn:
  1
  "s"
  null
  true
  build an array of:
    1
    2
  the negative (-) of:
    pipe: feed each output of the left into the right
      .a
      .b
  -1
)txt");
}

TEST_CASE("explain: arithmetic and comparison trees", "[explain]") {
    CHECK(explained(R"jq((.a | .b) + 1, (.a|.b) != 2, (.a|.b) - (.c|.d))jq") ==
          R"txt(output each of these in turn:
  add (+) these two:
    pipe: feed each output of the left into the right
      .a
      .b
    1
  true when these differ (!=):
    pipe: feed each output of the left into the right
      .a
      .b
    2
  subtract (-) the second from the first:
    pipe: feed each output of the left into the right
      .a
      .b
    pipe: feed each output of the left into the right
      .c
      .d
)txt");
}

TEST_CASE("explain: and, or, not", "[explain]") {
    CHECK(explained(R"jq((.a|.b) and .c, (.a|.b) or .c, .a and .b, not)jq") ==
          R"txt(output each of these in turn:
  true when both are true (and):
    pipe: feed each output of the left into the right
      .a
      .b
    .c
  true when either is true (or):
    pipe: feed each output of the left into the right
      .a
      .b
    .c
  .a and .b
  the logical opposite of the input (not)
)txt");
}

TEST_CASE("explain: alternative", "[explain]") {
    CHECK(explained(R"jq(.a // "N/A", (.a|.b) // .c)jq") == R"txt(output each of these in turn:
  .a, or else "N/A" if that is null, false or missing (//)
  the left's outputs that are not null or false, or else the right (//):
    pipe: feed each output of the left into the right
      .a
      .b
    .c
)txt");
}

TEST_CASE("explain: string interpolation and formats", "[explain]") {
    CHECK(explained(R"jq("at \(.eventTime): \(.eventName)", @csv "\(.a)", @base64, @tsv, @sh)jq") ==
          R"txt(output each of these in turn:
  build a string from:
    the text "at "
    the value of: .eventTime
    the text ": "
    the value of: .eventName
  build a string, with each inserted value as a CSV row (@csv), from:
    the value of: .a
  the input encoded as base64 (@base64)
  the input as a tab-separated row (@tsv)
  the input quoted for a shell (@sh)
)txt");
}

TEST_CASE("explain: array and object construction", "[explain]") {
    CHECK(explained(R"jq([], {}, {a: 1, $x, (.k): .v, "b c", "d": (.e | .f)})jq") ==
          R"txt(output each of these in turn:
  an empty array []
  an empty object {}
  build an object with:
    key "a": 1
    key "x": $x
    key from .k: .v
    key "b c": ."b c"
    key "d":
      pipe: feed each output of the left into the right
        .e
        .f
)txt");
}

TEST_CASE("explain: if, elif, else", "[explain]") {
    CHECK(explained(
              R"jq(if . > 1 then "big" elif . then "small" else empty end, if .a then 1 end)jq") ==
          R"txt(output each of these in turn:
  if: . > 1
    then: "big"
  else if: .
    then: "small"
  else:
    produce no output (empty)
  if: .a
    then: 1
  else: the input unchanged
)txt");
}

TEST_CASE("explain: try, catch and ?", "[explain]") {
    CHECK(explained(R"jq(try error("x") catch ., (.a | .b)?, try .a)jq") ==
          R"txt(output each of these in turn:
  try:
    raise an error with the message: "x"
  on error, with the error message as input: .
  try, dropping any error (?):
    pipe: feed each output of the left into the right
      .a
      .b
  try, dropping any error (?): .a
)txt");
}

TEST_CASE("explain: reduce", "[explain]") {
    CHECK(explained(R"jq(reduce .[] as [$a, {b: $c}] (0; . + $a))jq") ==
          R"txt(reduce: combine all outputs into one result
  for each output, as [$a, {"b": $c}], of: .[]
  start with: 0
  then replace the result (.) with: . + $a
)txt");
}

TEST_CASE("explain: foreach", "[explain]") {
    CHECK(
        explained(R"jq(foreach .[] as $x (0; . + $x; [$x, .]), foreach .[] as $x (0; . + $x))jq") ==
        R"txt(output each of these in turn:
  foreach: keep a running state and output as it changes
    for each output, as $x, of: .[]
    start with: 0
    update the state (.) with: . + $x
    and output:
      build an array of:
        $x
        .
  foreach: keep a running state and output as it changes
    for each output, as $x, of: .[]
    start with: 0
    update the state (.) with: . + $x
    and output the state
)txt");
}

TEST_CASE("explain: def and calls", "[explain]") {
    CHECK(explained(R"jq(def f(g; $x): g + $x; def h: 1; f(.a; 2) | h)jq") ==
          R"txt(define the function f(g; $x) as:
  add (+) these two:
    call the function g/0
    $x
define the function h as: 1
pipe: feed each output of the left into the right
  call the function f/2 with:
    argument 1: .a
    argument 2: 2
  call the function h/0
)txt");
}

TEST_CASE("explain: known builtins", "[explain]") {
    CHECK(
        explained(
            R"jq(map(.x), sort_by(.eventTime), group_by(.eventName), length, keys, has("a"), test("^Get"), limit(2; .[]), to_entries)jq") ==
        R"txt(output each of these in turn:
  apply to each element and collect into an array: .x
  sort the array by: .eventTime
  group the array's elements by: .eventName
  the length of the input (length)
  the input's keys, sorted (keys)
  true when the input has the key: "a"
  true when the string matches the regex: "^Get"
  at most this many outputs:
    argument 1: 2
    argument 2: .[]
  the object as a list of {key, value} entries (to_entries)
)txt");
}

TEST_CASE("explain: unknown calls", "[explain]") {
    CHECK(explained(R"jq(foo, foo(1), foo(1; .a | .b))jq") == R"txt(output each of these in turn:
  call the function foo/0
  call the function foo/1 with: 1
  call the function foo/2 with:
    argument 1: 1
    argument 2:
      pipe: feed each output of the left into the right
        .a
        .b
)txt");
}

TEST_CASE("explain: variable binding", "[explain]") {
    CHECK(explained(R"jq(. as $v | $v, .[] as [$a] ?// $a | $a)jq") ==
          R"txt(for each output, bound to $v, of: .
  run, with the original input:
    output each of these in turn:
      $v
      for each output, bound to [$a] or else $a, of: .[]
        run, with the original input: $a
)txt");
}

TEST_CASE("explain: assignments", "[explain]") {
    CHECK(
        explained(
            R"jq(.a = 1, .a |= . + 1, .a += 1, .a -= 1, .a *= 2, .a /= 2, .a %= 2, .a //= 0)jq") ==
        R"txt(output each of these in turn:
  set (=) the paths on the left to the value on the right:
    .a
    1
  update (|=) the values at the left's paths with the filter:
    .a
    . + 1
  add (+=) the right to the values at the left's paths:
    .a
    1
  subtract (-=) the right from the values at the left's paths:
    .a
    1
  multiply (*=) the values at the left's paths by the right:
    .a
    2
  divide (/=) the values at the left's paths by the right:
    .a
    2
  take the remainder (%=) of the values at the left's paths:
    .a
    2
  default (//=) the values at the left's paths to the right:
    .a
    0
)txt");
}

TEST_CASE("explain: label and break", "[explain]") {
    CHECK(explained(R"jq(label $out | .[] | if . then break $out else . end)jq") ==
          R"txt(label $out (break $out stops here):
  pipe: feed each output of the left into the right
    for each element of the input
    if: .
      then:
        break out to label $out
    else: .
)txt");
}
