# Regex builtins jq defines in jq, all on top of the native _match_impl (src/builtins/regex.cpp).

# match/test/capture with one argument take a regex string or a [regex, flags] array. A plain
# string, by far the usual case, skips the array so `test("...")` once per record stays cheap.
def _regex_args($val):
  ($val | type) as $vt
  | if $vt == "string" then [$val, null]
    elif $vt == "array" and ($val | length) > 1 then [$val[0], $val[1]]
    elif $vt == "array" and ($val | length) > 0 then [$val[0], null]
    else error($vt + " not a string or array") end;

def match(re; mode): _match_impl(re; mode; false) | .[];
def match($val):
  if $val | type == "string" then _match_impl($val; null; false) | .[]
  else _regex_args($val) as [$re, $flags] | match($re; $flags) end;
def test(re; mode): _match_impl(re; mode; true);
def test($val):
  if $val | type == "string" then _match_impl($val; null; true)
  else _regex_args($val) as [$re, $flags] | test($re; $flags) end;

# The named captures of one match object, as {name: string}; a later group of the same name wins.
def _capture_object:
  reduce (.captures[] | select(.name != null)) as $c ({}; .[$c.name] = $c.string);
def capture(re; mods): match(re; mods) | _capture_object;
def capture($val): _regex_args($val) as [$re, $flags] | capture($re; $flags);

def scan($re; $flags):
  match($re; "g" + $flags)
  | if (.captures | length) > 0 then [.captures[].string] else .string end;
def scan($re): scan($re; null);

# The pieces between matches; an empty match splits too ("ab" | [splits("")] has 4 pieces).
def split($re; flags):
  . as $s
  | [0, (match($re; "g" + flags) | .offset, .offset + .length), ($s | length)]
  | [range(0; length; 2) as $i | $s[.[$i]:.[$i + 1]]];
def splits($re; flags): split($re; flags) | .[];
def splits($re): splits($re; null);

# The replacement sees the named captures as its input. When it has several outputs, the n-th
# result uses the n-th output at every match, as jq 1.7+ does ("aB" | [gsub("(?<a>.)"; "x",
# "y")] is ["xx", "yy"]); with no match at all the input comes back unchanged.
def sub($re; str; $flags):
  . as $in
  | (reduce match($re; $flags) as $edit ({result: [], previous: 0};
        $in[.previous:$edit.offset] as $gap
        | [$edit | _capture_object | str] as $inserts
        | reduce range(0; $inserts | length) as $i (.; .result[$i] += $gap + $inserts[$i])
        | .previous = $edit.offset + $edit.length)
     | .result[] + $in[.previous:])
    // $in;
def sub($re; str): sub($re; str; "");
def gsub($re; str; $flags): sub($re; str; $flags + "g");
def gsub($re; str): sub($re; str; "g");
