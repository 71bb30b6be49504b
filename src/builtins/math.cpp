// Math builtins: the libm family jq exposes, by arity, plus a few jq-specific ones.
#include <algorithm>
#include <cmath>

#include "ctq/builtins/builtins.hpp"
#include "ctq/error.hpp"
#include "ctq/eval/ops.hpp"

namespace ctq {

namespace {

double number_input(const Value& v) {
    if (!v.is_number())
        throw JqError(describe_value(v) + " number required");
    return v.as_number();
}

template <double (*F)(double)>
Value unary(const Value& in, const Value*) {
    return Value::number(F(number_input(in)));
}

// Two- and three-argument math functions take their operands as arguments;
// jq ignores the input.
template <double (*F)(double, double)>
Value binary(const Value&, const Value* args) {
    return Value::number(F(number_input(args[0]), number_input(args[1])));
}

template <double (*F)(double, double, double)>
Value ternary(const Value&, const Value* args) {
    return Value::number(F(number_input(args[0]), number_input(args[1]), number_input(args[2])));
}

// glibc's exp10 is exact where pow(10, x) is not, and it is what jq calls.
double exp10_(double x) {
    return ::exp10(x);
}
double significand_(double x) {
    if (x == 0 || std::isinf(x) || std::isnan(x))
        return x;
    int exponent = 0;
    const double mantissa = std::frexp(x, &exponent);
    return mantissa * 2;
}
double gamma_(double x) {
    return std::lgamma(x);
}
double drem_(double x, double y) {
    return std::remainder(x, y);
}
// Exponents are clamped before the integer conversion: past +-100000 every
// finite x is already 0 or infinite, and the cast of a huge double is undefined.
int exponent_of(double e) {
    if (std::isnan(e))
        return 0;
    return static_cast<int>(std::clamp(e, -100000.0, 100000.0));
}
double ldexp_(double x, double e) {
    return std::ldexp(x, exponent_of(e));
}
// scalb is NaN for a fractional exponent, as jq's (glibc's) is.
double scalb_(double x, double e) {
    return std::trunc(e) == e ? std::ldexp(x, exponent_of(e)) : std::nan("");
}
double scalbln_(double x, double e) {
    return std::scalbln(x, exponent_of(e));
}
double nexttoward_(double x, double y) {
    return std::nexttoward(x, static_cast<long double>(y));
}
double pow10_(double x) {
    return ::exp10(x);
}
double logb_(double x) {
    return std::logb(x);
}
double round_(double x) {
    return std::round(x);
}
double jn_(double n, double x) {
    return ::jn(exponent_of(n), x);
}
double yn_(double n, double x) {
    return ::yn(exponent_of(n), x);
}
double j0_(double x) {
    return ::j0(x);
}
double j1_(double x) {
    return ::j1(x);
}
double y0_(double x) {
    return ::y0(x);
}
double y1_(double x) {
    return ::y1(x);
}

Value frexp_(const Value& in, const Value*) {
    int exponent = 0;
    const double mantissa = std::frexp(number_input(in), &exponent);
    return Value::array({Value::number(mantissa), Value::number(exponent)});
}

Value modf_(const Value& in, const Value*) {
    double integral = 0;
    const double fraction = std::modf(number_input(in), &integral);
    return Value::array({Value::number(fraction), Value::number(integral)});
}

Value lgamma_r_(const Value& in, const Value*) {
    int sign = 0;
    const double value = ::lgamma_r(number_input(in), &sign);
    return Value::array({Value::number(value), Value::number(sign)});
}

const Builtin kMath[] = {
    {"floor", 0, unary<std::floor>},
    {"ceil", 0, unary<std::ceil>},
    {"round", 0, unary<round_>},
    {"rint", 0, unary<std::rint>},
    {"nearbyint", 0, unary<std::nearbyint>},
    {"trunc", 0, unary<std::trunc>},
    {"fabs", 0, unary<std::fabs>},
    {"sqrt", 0, unary<std::sqrt>},
    {"cbrt", 0, unary<std::cbrt>},
    {"exp", 0, unary<std::exp>},
    {"exp2", 0, unary<std::exp2>},
    {"exp10", 0, unary<exp10_>},
    {"pow10", 0, unary<pow10_>},
    {"expm1", 0, unary<std::expm1>},
    {"log", 0, unary<std::log>},
    {"log2", 0, unary<std::log2>},
    {"log10", 0, unary<std::log10>},
    {"log1p", 0, unary<std::log1p>},
    {"logb", 0, unary<logb_>},
    {"significand", 0, unary<significand_>},
    {"gamma", 0, unary<gamma_>},
    {"lgamma", 0, unary<std::lgamma>},
    {"tgamma", 0, unary<std::tgamma>},
    {"sin", 0, unary<std::sin>},
    {"cos", 0, unary<std::cos>},
    {"tan", 0, unary<std::tan>},
    {"asin", 0, unary<std::asin>},
    {"acos", 0, unary<std::acos>},
    {"atan", 0, unary<std::atan>},
    {"sinh", 0, unary<std::sinh>},
    {"cosh", 0, unary<std::cosh>},
    {"tanh", 0, unary<std::tanh>},
    {"asinh", 0, unary<std::asinh>},
    {"acosh", 0, unary<std::acosh>},
    {"atanh", 0, unary<std::atanh>},
    {"j0", 0, unary<j0_>},
    {"j1", 0, unary<j1_>},
    {"y0", 0, unary<y0_>},
    {"y1", 0, unary<y1_>},
    {"frexp", 0, frexp_},
    {"erf", 0, unary<std::erf>},
    {"erfc", 0, unary<std::erfc>},
    {"modf", 0, modf_},
    {"lgamma_r", 0, lgamma_r_},
    {"pow", 2, binary<std::pow>},
    {"atan2", 2, binary<std::atan2>},
    {"fmod", 2, binary<std::fmod>},
    {"hypot", 2, binary<std::hypot>},
    {"fmin", 2, binary<std::fmin>},
    {"fmax", 2, binary<std::fmax>},
    {"fdim", 2, binary<std::fdim>},
    {"copysign", 2, binary<std::copysign>},
    {"nextafter", 2, binary<std::nextafter>},
    {"nexttoward", 2, binary<nexttoward_>},
    {"drem", 2, binary<drem_>},
    {"ldexp", 2, binary<ldexp_>},
    {"remainder", 2, binary<std::remainder>},
    {"jn", 2, binary<jn_>},
    {"yn", 2, binary<yn_>},
    {"scalb", 2, binary<scalb_>},
    {"scalbln", 2, binary<scalbln_>},
    {"fma", 3, ternary<std::fma>},
};

}  // namespace

void register_math_builtins(Registry& registry) {
    registry.add(kMath);
}

}  // namespace ctq
