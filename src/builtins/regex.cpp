// Regex builtins: `_match_impl`, the Oniguruma-backed native under match/test/sub (regex.jq).
//
// Oniguruma is the engine jq itself uses, compiled with the same syntax (Perl_NG: Perl with named
// groups), encoding (UTF-8) and options, so patterns, flags and match positions behave exactly as
// in jq.
#include <fmt/format.h>
#include <oniguruma.h>

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ctq/builtins/builtins.hpp"
#include "ctq/error.hpp"
#include "ctq/eval/ops.hpp"
#include "value/utf8.hpp"

namespace ctq {

namespace {

// Backtracking budgets for one call. The per-attempt limit is Oniguruma's own default (what jq
// runs with); the per-search limit bounds the sum over all start positions, which Oniguruma
// leaves unlimited, so a catastrophic pattern on a long string fails in about a second instead
// of running for hours. The stack limit (in entries) keeps a long backtracking match from
// taking gigabytes before either count runs out.
constexpr unsigned long kRetryLimitInMatch = 10'000'000;
constexpr unsigned long kRetryLimitInSearch = 50'000'000;
constexpr unsigned int kMatchStackLimit = 16'000'000;

// Distinct (pattern, options) pairs kept compiled per thread. Filters use a handful of
// patterns, each once per record; a few dozen covers them with room to spare.
constexpr std::size_t kCacheCapacity = 64;

void initialise_oniguruma() {
    // onig_new initialises lazily but not thread-safely; do it once, up front.
    static std::once_flag once;
    std::call_once(once, [] {
        OnigEncoding encodings[] = {ONIG_ENCODING_UTF8};
        onig_initialize(encodings, 1);
    });
}

struct RegexFree {
    void operator()(regex_t* regex) const { onig_free(regex); }
};
struct RegionFree {
    void operator()(OnigRegion* region) const { onig_region_free(region, 1); }
};
struct MatchParamFree {
    void operator()(OnigMatchParam* param) const { onig_free_match_param(param); }
};

/// A compiled pattern with the name of each capture group (null for unnamed ones).
struct CompiledRegex {
    std::unique_ptr<regex_t, RegexFree> regex;
    std::vector<Value> group_names;  // index 0 is the whole match
};

int collect_group_name(const OnigUChar* name, const OnigUChar* name_end, int group_count,
                       int* groups, OnigRegex, void* arg) {
    auto& names = *static_cast<std::vector<Value>*>(arg);
    const Value text = Value::string(std::string(reinterpret_cast<const char*>(name),
                                                 static_cast<std::size_t>(name_end - name)));
    for (int i = 0; i < group_count; ++i) {
        if (groups[i] > 0 && static_cast<std::size_t>(groups[i]) < names.size()) {
            names[static_cast<std::size_t>(groups[i])] = text;
        }
    }
    return 0;
}

std::string onig_message(int code, OnigErrorInfo* info) {
    OnigUChar buffer[ONIG_MAX_ERROR_MESSAGE_LEN];
    const int n = onig_error_code_to_str(buffer, code, info);
    return std::string(reinterpret_cast<const char*>(buffer),
                       n > 0 ? static_cast<std::size_t>(n) : 0);
}

std::shared_ptr<const CompiledRegex> compile(const std::string& pattern, OnigOptionType options) {
    initialise_oniguruma();
    regex_t* raw = nullptr;
    OnigErrorInfo info{};
    const auto* begin = reinterpret_cast<const OnigUChar*>(pattern.data());
    const int code = onig_new(&raw, begin, begin + pattern.size(), options, ONIG_ENCODING_UTF8,
                              ONIG_SYNTAX_PERL_NG, &info);
    if (code != ONIG_NORMAL) {
        // Oniguruma reports no position for syntax errors, so the offset is always 0 (as in jq).
        throw JqError(fmt::format("{} (at offset 0) is not a valid regex: {}", pattern,
                                  onig_message(code, &info)));
    }
    auto compiled = std::make_shared<CompiledRegex>();
    compiled->regex.reset(raw);
    compiled->group_names.assign(static_cast<std::size_t>(onig_number_of_captures(raw)) + 1,
                                 Value::null());
    onig_foreach_name(raw, collect_group_name, &compiled->group_names);
    return compiled;
}

/// Least-recently-used cache of compiled patterns, keyed by options and pattern text.
class RegexCache {
public:
    std::shared_ptr<const CompiledRegex> get(const std::string& pattern, OnigOptionType options) {
        // The common case: the same `test("...")` once per record hits the front entry
        // without building a key.
        if (!entries_.empty() && entries_.front().options == options &&
            entries_.front().pattern == pattern) {
            return entries_.front().compiled;
        }
        const std::string key = fmt::format("{}:{}", options, pattern);
        if (const auto it = index_.find(key); it != index_.end()) {
            entries_.splice(entries_.begin(), entries_, it->second);
            return entries_.front().compiled;
        }
        auto compiled = compile(pattern, options);  // throws on a bad pattern: nothing cached
        entries_.push_front(Entry{pattern, options, key, compiled});
        index_[key] = entries_.begin();
        if (entries_.size() > kCacheCapacity) {
            index_.erase(entries_.back().key);
            entries_.pop_back();
        }
        return compiled;
    }

private:
    struct Entry {
        std::string pattern;
        OnigOptionType options;
        std::string key;
        std::shared_ptr<const CompiledRegex> compiled;
    };
    std::list<Entry> entries_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

/// What one thread needs to match: compiled patterns, a reusable region, the limits.
/// Thread-local, so interpreters on several threads never share Oniguruma objects.
struct MatchState {
    RegexCache cache;
    std::unique_ptr<OnigRegion, RegionFree> region{onig_region_new()};
    std::unique_ptr<OnigMatchParam, MatchParamFree> param{new_param()};

    static OnigMatchParam* new_param() {
        OnigMatchParam* param = onig_new_match_param();
        onig_initialize_match_param(param);
        onig_set_retry_limit_in_match_of_match_param(param, kRetryLimitInMatch);
        onig_set_retry_limit_in_search_of_match_param(param, kRetryLimitInSearch);
        onig_set_match_stack_limit_size_of_match_param(param, kMatchStackLimit);
        return param;
    }
};

MatchState& match_state() {
    thread_local MatchState state;
    return state;
}

struct Modifiers {
    OnigOptionType options = ONIG_OPTION_CAPTURE_GROUP;
    bool global = false;
};

// jq's flag letters; anything else (even one bad letter) rejects the whole string.
Modifiers parse_modifiers(const Value& modifiers) {
    Modifiers out;
    if (modifiers.is_null())
        return out;
    if (!modifiers.is_string())
        throw JqError(fmt::format("{} is not a string", describe_value(modifiers)));
    for (const char c : modifiers.as_string()) {
        switch (c) {
            case 'g': out.global = true; break;
            case 'i': out.options |= ONIG_OPTION_IGNORECASE; break;
            case 'x': out.options |= ONIG_OPTION_EXTEND; break;
            case 'm': out.options |= ONIG_OPTION_MULTILINE; break;
            case 's': out.options |= ONIG_OPTION_SINGLELINE; break;
            case 'p': out.options |= ONIG_OPTION_MULTILINE | ONIG_OPTION_SINGLELINE; break;
            case 'l': out.options |= ONIG_OPTION_FIND_LONGEST; break;
            case 'n': out.options |= ONIG_OPTION_FIND_NOT_EMPTY; break;
            default:
                throw JqError(
                    fmt::format("{} is not a valid modifier string", modifiers.as_string()));
        }
    }
    return out;
}

[[noreturn]] void search_failed(int code) {
    if (code == ONIGERR_RETRY_LIMIT_IN_MATCH_OVER || code == ONIGERR_RETRY_LIMIT_IN_SEARCH_OVER ||
        code == ONIGERR_MATCH_STACK_LIMIT_OVER) {
        throw JqError(std::string("regex match exceeded its backtracking limit"));
    }
    throw JqError(fmt::format("Regex failure: {}", onig_message(code, nullptr)));
}

/// Turns byte offsets into code-point offsets, walking from the last offset asked for
/// (matches come in increasing order, so the whole string is walked about once).
class CodePointCounter {
public:
    explicit CodePointCounter(std::string_view s) : s_(s) {}

    double at(std::size_t byte) {
        if (byte >= byte_) {
            code_points_ += utf8_length(s_.substr(byte_, byte - byte_));
        } else {
            code_points_ -= utf8_length(s_.substr(byte, byte_ - byte));
        }
        byte_ = byte;
        return static_cast<double>(code_points_);
    }

private:
    std::string_view s_;
    std::size_t byte_ = 0;
    std::size_t code_points_ = 0;
};

// Key order follows jq's output: offset, length, string, then captures or name; an empty or
// unmatched group lists string before length, as jq builds it.
Value capture_object(std::string_view s, CodePointCounter& counter, std::ptrdiff_t begin,
                     std::ptrdiff_t end, const Value& name) {
    Object capture;
    if (begin < 0) {
        capture.set("offset", Value::number(-1));
        capture.set("string", Value::null());
        capture.set("length", Value::number(0));
    } else if (begin == end) {
        capture.set("offset", Value::number(counter.at(static_cast<std::size_t>(begin))));
        capture.set("string", Value::string(""));
        capture.set("length", Value::number(0));
    } else {
        const std::string_view text =
            s.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
        capture.set("offset", Value::number(counter.at(static_cast<std::size_t>(begin))));
        capture.set("length", Value::number(static_cast<double>(utf8_length(text))));
        capture.set("string", Value::string(std::string(text)));
    }
    capture.set("name", name);
    return Value::object(std::move(capture));
}

Value match_object(std::string_view s, CodePointCounter& counter, const OnigRegion& region,
                   const CompiledRegex& compiled) {
    const auto begin = static_cast<std::size_t>(region.beg[0]);
    const auto end = static_cast<std::size_t>(region.end[0]);
    const std::string_view text = s.substr(begin, end - begin);
    Object match;
    match.set("offset", Value::number(counter.at(begin)));
    match.set("length", Value::number(static_cast<double>(utf8_length(text))));
    match.set("string", Value::string(std::string(text)));
    Array captures;
    captures.reserve(static_cast<std::size_t>(region.num_regs > 0 ? region.num_regs - 1 : 0));
    for (int i = 1; i < region.num_regs; ++i) {
        const auto group = static_cast<std::size_t>(i);
        const Value& name =
            group < compiled.group_names.size() ? compiled.group_names[group] : Value::null();
        captures.push_back(capture_object(s, counter, region.beg[i], region.end[i], name));
    }
    match.set("captures", Value::array(std::move(captures)));
    return Value::object(std::move(match));
}

// `_match_impl(re; modifiers; testmode)`: jq's f_match. In test mode, whether the pattern
// matches anywhere; otherwise the array of match objects (all of them with the g flag).
Value match_impl(const Value& input, const Value* args) {
    const Value& pattern = args[0];
    if (!input.is_string()) {
        throw JqError(
            fmt::format("{} cannot be matched, as it is not a string", describe_value(input)));
    }
    if (!pattern.is_string())
        throw JqError(fmt::format("{} is not a string", describe_value(pattern)));
    const Modifiers modifiers = parse_modifiers(args[1]);
    const bool test = args[2].kind() == Kind::True;

    MatchState& state = match_state();
    const auto compiled = state.cache.get(std::string(pattern.as_string()), modifiers.options);
    regex_t* regex = compiled->regex.get();
    const std::string_view s = input.as_string();
    const auto* str = reinterpret_cast<const OnigUChar*>(s.data());
    const auto* str_end = str + s.size();

    if (test) {
        const int code = onig_search_with_param(regex, str, str_end, str, str_end, nullptr,
                                                ONIG_OPTION_NONE, state.param.get());
        if (code == ONIG_MISMATCH)
            return Value::boolean(false);
        if (code < 0)
            search_failed(code);
        return Value::boolean(true);
    }

    OnigRegion* region = state.region.get();
    CodePointCounter counter(s);
    Array matches;
    std::size_t start = 0;
    do {
        const int code = onig_search_with_param(regex, str, str_end, str + start, str_end, region,
                                                ONIG_OPTION_NONE, state.param.get());
        if (code == ONIG_MISMATCH)
            break;
        if (code < 0)
            search_failed(code);
        matches.push_back(match_object(s, counter, *region, *compiled));
        const auto begin = static_cast<std::size_t>(region->beg[0]);
        const auto end = static_cast<std::size_t>(region->end[0]);
        // After an empty match the next search starts one code point further on, so "" on
        // "ab" matches at 0, 1 and 2, and a match at the very end stops the loop.
        if (end > begin) {
            start = end;
        } else {
            start = end < s.size() ? end + utf8_sequence_length(s, end) : s.size() + 1;
        }
    } while (modifiers.global && start <= s.size());
    return Value::array(std::move(matches));
}

const Builtin kRegex[] = {
    {"_match_impl", 3, match_impl},
};

}  // namespace

void register_regex_builtins(Registry& registry) {
    registry.add(kRegex);
}

}  // namespace ctq
