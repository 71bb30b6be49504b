# Builtins that jq defines in jq. Compiled into ctq; names starting with `_`
# are private helpers backed by natives.

def select(f): if f then . else empty end;
def map(f): [.[] | f];
def map_values(f): .[] |= f;
def recurse: recurse(.[]?);

def values: select(. != null);
def nulls: select(. == null);
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def strings: select(type == "string");
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type | . == "array" or . == "object");
def scalars: select(type | . != "array" and . != "object");
def isfinite: type == "number" and (isinfinite | not);
def finites: select(isinfinite or isnan | not);
def normals: select(isnormal);

def to_entries: [keys_unsorted[] as $k | {key: $k, value: .[$k]}];
# jq 1.7.1's and 1.8.2's definition: keys are not stringified, so a number, boolean or null
# key is an error ("Cannot use number (0) as object key"), and a false key falls through.
def from_entries:
  reduce .[] as $x ({};
    . + { ($x | .key // .Key // .name // .Name):
          ($x | if has("value") then .value else .Value end) });
def with_entries(f): to_entries | map(f) | from_entries;

def isempty(g): label $go | (first(g) | false, break $go), true;
def add(f): reduce f as $x (null; . + $x);
def any: reduce .[] as $x (false; . or $x);
def all: reduce .[] as $x (true; . and $x);
def any(f): reduce (.[] | f) as $x (false; . or $x);
def all(f): reduce (.[] | f) as $x (true; . and $x);
def any(g; cond): isempty(first(g | cond or empty)) | not;
def all(g; cond): isempty(first(g | cond and empty));
def isvalid(f): try (f | true) catch false;

def range($n): range(0; $n);
def nth($n): .[$n];
def skip($n; f):
  if $n > 0 then foreach f as $x ($n; . - 1; if . < 0 then $x else empty end)
  elif $n == 0 then f
  else error("skip doesn't support negative count") end;
def nth($n; f):
  if $n < 0 then error("nth doesn't support negative indices")
  else first(skip($n; f)) end;
def first: .[0];
def last: .[-1];

def in(xs): . as $x | xs | has($x);
def inside(xs): . as $x | xs | contains($x);
def del(f): delpaths([path(f)]);
def paths: path(..) | select(length > 0);
def paths(node_filter): . as $dot | paths | select(. as $p | $dot | getpath($p) | node_filter);
def leaf_paths: paths(scalars);
def pick(pathexps):
  . as $top | reduce path(pathexps) as $p (null; setpath($p; $top | getpath($p)));
def flatten: _flatten(1e9);
def flatten($depth): _flatten($depth);
# jq's definitions are `_sort_by_impl(map([f]))` and so on; on arrays, `_sort_by(f)` makes the
# same keys natively, and keeps keys that are one string without an array around each.
def sort_by(f): if type == "array" then _sort_by(f) else _sort_by_impl(map([f])) end;
def group_by(f): if type == "array" then _group_by(f) else _group_by_impl(map([f])) end;
def unique_by(f): if type == "array" then _unique_by(f) else _unique_by_impl(map([f])) end;
def min_by(f): if type == "array" then _min_by(f) else _min_by_impl(map([f])) end;
def max_by(f): if type == "array" then _max_by(f) else _max_by_impl(map([f])) end;
def indices($i):
  if type == "array" and ($i | type) == "array" then .[$i]
  elif type == "array" then .[[$i]]
  elif type == "string" and ($i | type) == "string" then _strindices($i)
  else .[[$i]] end;
def index($i): indices($i) | .[0];
def rindex($i): indices($i) | .[-1:][0];
def combinations:
  if length == 0 then []
  else .[0][] as $x | (.[1:] | combinations) as $w | [$x] + $w end;
def combinations(n): . as $dot | [range(n)] | map($dot) | combinations;
def walk(f): def w: if type == "object" then map_values(w) elif type == "array" then map(w) else . end | f; w;
def env: $ENV;
def transpose: [range(0; map(length) | max // 0) as $i | [.[][$i]]];
def tostream: path(def r: (.[]? | r), .; r) as $p | getpath($p) | reduce path(.[]?) as $q ([$p, .]; [$p + $q]);
def fromstream(f):
  { x: null, e: false } as $init
  | foreach f as $i ($init;
      if .e then $init else . end
      | if $i | length == 2
        then setpath(["e"]; $i[0] | length == 0) | setpath(["x"] + $i[0]; $i[1])
        else setpath(["e"]; $i[0] | length == 1) end;
      if .e then .x else empty end);
def truncate_stream(stream): . as $n | null | stream | . as $input
  | if (.[0] | length) > $n then setpath([0]; .[0][$n:]) else empty end;
def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | tostring] |= $row);
def INDEX(idx_expr): INDEX(.[]; idx_expr);
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];
def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];
def JOIN($idx; stream; idx_expr; join_expr): stream | [., $idx[idx_expr]] | join_expr;
