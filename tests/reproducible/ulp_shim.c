/* A stand-in for another C library's maths, for tests/test_reproducible.py.

   Loaded with LD_PRELOAD, it takes the place of libm's transcendental functions
   (exp, log, tanh, sin, pow, ...) in every program, Python's math module and
   float ** float included, and moves each inexact result one unit in the last
   place: up with ULP_DIRECTION=up, down with ULP_DIRECTION=down. macOS's libm,
   musl and ARM builds differ from glibc in exactly such last bits. An exact
   result (exp(0) = 1, pow(3, 2) = 9) is left alone, as every C library gets it
   right: a result is exact when the same function in long double precision
   gives the same number. Nor is 0 (an underflow every C library rounds to 0),
   and errno is kept as the real function left it, since Python reads it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double nudge(double result, long double precise) {
    const char *direction = getenv("ULP_DIRECTION");
    if (!direction || !isfinite(result) || result == 0 || (long double)result == precise)
        return result;  /* exact, inf, nan or an underflow to 0: every C library agrees */
    int saved = errno;
    double moved = nextafter(result, strcmp(direction, "down") == 0 ? -INFINITY : INFINITY);
    errno = saved;
    return moved;
}

#define ONE(name)                                                     \
    double name(double x) {                                           \
        static double (*real)(double);                                \
        if (!real) real = (double (*)(double))dlsym(RTLD_NEXT, #name);\
        return nudge(real(x), name##l((long double)x));               \
    }
#define TWO(name)                                                              \
    double name(double x, double y) {                                          \
        static double (*real)(double, double);                                 \
        if (!real) real = (double (*)(double, double))dlsym(RTLD_NEXT, #name); \
        return nudge(real(x, y), name##l((long double)x, (long double)y));     \
    }

ONE(exp) ONE(expm1) ONE(exp2) ONE(log) ONE(log1p) ONE(log2) ONE(log10)
ONE(sin) ONE(cos) ONE(tan) ONE(asin) ONE(acos) ONE(atan)
ONE(sinh) ONE(cosh) ONE(tanh) ONE(asinh) ONE(acosh) ONE(atanh)
ONE(cbrt) ONE(erf) ONE(erfc)
TWO(pow) TWO(atan2)
