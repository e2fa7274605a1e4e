/*
 * numeric.h - pure semantic helpers for the WebAssembly numeric instructions.
 *
 * Stage: used by exec (and anything else that needs wasm arithmetic, e.g. the
 * constant-expression evaluator). Every helper is `static inline`, has no
 * state, allocates nothing and depends only on C11 + <math.h>.
 *
 * Spec: WebAssembly 2.0, section 4.3 "Numerics" (4.3.2 integer operations,
 * 4.3.3 floating-point operations, 4.3.4 conversions) and 4.2.7/5.2.2 for the
 * little-endian byte order of memory.
 *
 * Invariants / notes:
 * - Note: integer results never rely on signed overflow or out-of-range
 *   shifts; everything that could overflow is computed on unsigned types.
 * - Note: every float->int conversion checks its range against the exact
 *   representable bounds *before* the C cast (a C cast out of range is UB).
 * - Note: int->float conversions that can lose precision are rounded by hand
 *   (round to nearest, ties to even) so no host double-rounds them (e.g. a
 *   u64 -> f32 through double, or x87 extended precision).
 * - Note: nearest() is computed with exact operations only, so it does not
 *   depend on the current rounding mode.
 * - NaN results: when an input is NaN the result is that NaN quietened
 *   (x + x), which is an arithmetic NaN, canonical if the input was canonical,
 *   as 4.3.3 allows. abs/neg/copysign are bit operations and live in exec.
 */
#ifndef FA_NUMERIC_H
#define FA_NUMERIC_H

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "fayasm.h"

/* Compiler builtins for clz/ctz/popcnt; define FA_NUMERIC_BUILTINS=0 to test the fallbacks. */
#ifndef FA_NUMERIC_BUILTINS
#if defined(__GNUC__) && UINT_MAX == 0xFFFFFFFFu && ULLONG_MAX == 0xFFFFFFFFFFFFFFFFu
#define FA_NUMERIC_BUILTINS 1
#else
#define FA_NUMERIC_BUILTINS 0
#endif
#endif

/* ---------------------------------------------------------------- bit casts */

static inline uint32_t fa_f32_to_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline float fa_f32_from_bits(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static inline uint64_t fa_f64_to_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static inline double fa_f64_from_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* ---------------------------------------------------------------- integer bits */

static inline uint32_t fa_clz32(uint32_t x)
{
    if (x == 0)
        return 32;
#if FA_NUMERIC_BUILTINS
    return (uint32_t)__builtin_clz(x);
#else
    uint32_t n = 0;
    if (!(x & 0xFFFF0000u)) {
        n += 16;
        x <<= 16;
    }
    if (!(x & 0xFF000000u)) {
        n += 8;
        x <<= 8;
    }
    if (!(x & 0xF0000000u)) {
        n += 4;
        x <<= 4;
    }
    if (!(x & 0xC0000000u)) {
        n += 2;
        x <<= 2;
    }
    if (!(x & 0x80000000u)) {
        n += 1;
    }
    return n;
#endif
}

static inline uint64_t fa_clz64(uint64_t x)
{
    if (x == 0)
        return 64;
#if FA_NUMERIC_BUILTINS
    return (uint64_t)__builtin_clzll(x);
#else
    uint32_t hi = (uint32_t)(x >> 32);
    return hi ? fa_clz32(hi) : 32 + fa_clz32((uint32_t)x);
#endif
}

static inline uint32_t fa_ctz32(uint32_t x)
{
    if (x == 0)
        return 32;
#if FA_NUMERIC_BUILTINS
    return (uint32_t)__builtin_ctz(x);
#else
    return 31 - fa_clz32(x & (0u - x)); /* isolate the lowest set bit */
#endif
}

static inline uint64_t fa_ctz64(uint64_t x)
{
    if (x == 0)
        return 64;
#if FA_NUMERIC_BUILTINS
    return (uint64_t)__builtin_ctzll(x);
#else
    uint32_t lo = (uint32_t)x;
    return lo ? fa_ctz32(lo) : 32 + fa_ctz32((uint32_t)(x >> 32));
#endif
}

static inline uint32_t fa_popcnt32(uint32_t x)
{
#if FA_NUMERIC_BUILTINS
    return (uint32_t)__builtin_popcount(x);
#else
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0Fu;
    return (x * 0x01010101u) >> 24;
#endif
}

static inline uint64_t fa_popcnt64(uint64_t x)
{
#if FA_NUMERIC_BUILTINS
    return (uint64_t)__builtin_popcountll(x);
#else
    return fa_popcnt32((uint32_t)x) + fa_popcnt32((uint32_t)(x >> 32));
#endif
}

/* Rotations take the count modulo the bit width (4.3.2 irotl/irotr). */
static inline uint32_t fa_rotl32(uint32_t x, uint32_t n)
{
    n &= 31;
    return (x << n) | (x >> ((32 - n) & 31));
}

static inline uint32_t fa_rotr32(uint32_t x, uint32_t n)
{
    n &= 31;
    return (x >> n) | (x << ((32 - n) & 31));
}

static inline uint64_t fa_rotl64(uint64_t x, uint64_t n)
{
    n &= 63;
    return (x << n) | (x >> ((64 - n) & 63));
}

static inline uint64_t fa_rotr64(uint64_t x, uint64_t n)
{
    n &= 63;
    return (x >> n) | (x << ((64 - n) & 63));
}

/* Shifts take the count modulo the bit width; shr_s is an arithmetic shift
 * written without relying on the implementation-defined `>>` of negatives. */
static inline uint32_t fa_shl32(uint32_t x, uint32_t n)
{
    return x << (n & 31);
}
static inline uint32_t fa_shr_u32(uint32_t x, uint32_t n)
{
    return x >> (n & 31);
}
static inline uint32_t fa_shr_s32(uint32_t x, uint32_t n)
{
    n &= 31;
    uint32_t sign = 0u - (x >> 31); /* all ones if negative */
    return (x >> n) | (sign & ~(UINT32_MAX >> n));
}
static inline uint64_t fa_shl64(uint64_t x, uint64_t n)
{
    return x << (n & 63);
}
static inline uint64_t fa_shr_u64(uint64_t x, uint64_t n)
{
    return x >> (n & 63);
}
static inline uint64_t fa_shr_s64(uint64_t x, uint64_t n)
{
    n &= 63;
    uint64_t sign = 0u - (x >> 63);
    return (x >> n) | (sign & ~(UINT64_MAX >> n));
}

/* Sign extensions (iN.extendM_s), on the raw bits. */
static inline uint32_t fa_extend8_32(uint32_t x)
{
    return (uint32_t)(((x & 0xFFu) ^ 0x80u) - 0x80u);
}
static inline uint32_t fa_extend16_32(uint32_t x)
{
    return (uint32_t)(((x & 0xFFFFu) ^ 0x8000u) - 0x8000u);
}
static inline uint64_t fa_extend8_64(uint64_t x)
{
    return ((x & 0xFFu) ^ 0x80u) - 0x80u;
}
static inline uint64_t fa_extend16_64(uint64_t x)
{
    return ((x & 0xFFFFu) ^ 0x8000u) - 0x8000u;
}
static inline uint64_t fa_extend32_64(uint64_t x)
{
    return ((x & 0xFFFFFFFFu) ^ 0x80000000u) - 0x80000000u;
}

/*
 * Integer division and remainder on raw bits (4.3.2 idiv/irem).
 * Return FA_TRAP_INT_DIV_ZERO or FA_TRAP_INT_OVERFLOW (div_s of INT_MIN by -1),
 * writing *out only on success. Note: rem_s of INT_MIN by -1 is 0 (no trap),
 * and is computed without evaluating the overflowing C expression.
 */
static inline fa_trap fa_i32_div_s(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0)
        return FA_TRAP_INT_DIV_ZERO;
    if (a == 0x80000000u && b == 0xFFFFFFFFu)
        return FA_TRAP_INT_OVERFLOW;
    *out = (uint32_t)((int32_t)a / (int32_t)b);
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i32_div_u(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0)
        return FA_TRAP_INT_DIV_ZERO;
    *out = a / b;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i32_rem_s(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0)
        return FA_TRAP_INT_DIV_ZERO;
    *out = b == 0xFFFFFFFFu ? 0 : (uint32_t)((int32_t)a % (int32_t)b);
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i32_rem_u(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0)
        return FA_TRAP_INT_DIV_ZERO;
    *out = a % b;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i64_div_s(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0)
        return FA_TRAP_INT_DIV_ZERO;
    if (a == 0x8000000000000000u && b == 0xFFFFFFFFFFFFFFFFu)
        return FA_TRAP_INT_OVERFLOW;
    *out = (uint64_t)((int64_t)a / (int64_t)b);
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i64_div_u(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0)
        return FA_TRAP_INT_DIV_ZERO;
    *out = a / b;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i64_rem_s(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0)
        return FA_TRAP_INT_DIV_ZERO;
    *out = b == 0xFFFFFFFFFFFFFFFFu ? 0 : (uint64_t)((int64_t)a % (int64_t)b);
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i64_rem_u(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0)
        return FA_TRAP_INT_DIV_ZERO;
    *out = a % b;
    return FA_TRAP_NONE;
}

/* ---------------------------------------------------------------- float ops */

/* Canonical NaNs (4.3.3: payload 2^(signif-1), i.e. only the quiet bit set). */
#define FA_F32_CANONICAL_NAN_BITS 0x7FC00000u
#define FA_F64_CANONICAL_NAN_BITS 0x7FF8000000000000u

/*
 * fmin/fmax (4.3.3): NaN if either operand is NaN; -0 is smaller than +0.
 * Note: C's fminf/fmaxf return the non-NaN operand, which is wrong here.
 */
static inline float fa_f32_min(float a, float b)
{
    if (a != a || b != b)
        return a + b; /* a quiet NaN built from the NaN operand(s) */
    if (a == b)       /* equal, or +0 vs -0: the one with the sign bit wins */
        return (fa_f32_to_bits(a) & 0x80000000u) ? a : b;
    return a < b ? a : b;
}

static inline float fa_f32_max(float a, float b)
{
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return (fa_f32_to_bits(a) & 0x80000000u) ? b : a;
    return a > b ? a : b;
}

static inline double fa_f64_min(double a, double b)
{
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return (fa_f64_to_bits(a) >> 63) ? a : b;
    return a < b ? a : b;
}

static inline double fa_f64_max(double a, double b)
{
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return (fa_f64_to_bits(a) >> 63) ? b : a;
    return a > b ? a : b;
}

/* ceil/floor/trunc: C's functions are exact and keep the sign of zero
 * (ceil(-0.5) = -0); NaN goes through x + x so it is quietened on every libm. */
static inline float fa_f32_ceil(float x)
{
    return x != x ? x + x : ceilf(x);
}
static inline float fa_f32_floor(float x)
{
    return x != x ? x + x : floorf(x);
}
static inline float fa_f32_trunc(float x)
{
    return x != x ? x + x : truncf(x);
}
static inline double fa_f64_ceil(double x)
{
    return x != x ? x + x : ceil(x);
}
static inline double fa_f64_floor(double x)
{
    return x != x ? x + x : floor(x);
}
static inline double fa_f64_trunc(double x)
{
    return x != x ? x + x : trunc(x);
}

/*
 * nearest (4.3.3 fnearest): round to the nearest integer, ties to even,
 * keeping the sign of zero (nearest(-0.5) = -0). Only exact operations:
 * x - trunc(x) is exact, and t +/- 1 is exact below 2^23 (2^52).
 */
static inline float fa_f32_nearest(float x)
{
    if (x != x)
        return x + x;
    if (!(fabsf(x) < 8388608.0f)) /* 2^23: already an integer, or infinite */
        return x;
    float t = truncf(x);
    float d = fabsf(x - t);
    if (d > 0.5f || (d == 0.5f && ((int32_t)t & 1)))
        return x < 0 ? t - 1.0f : t + 1.0f;
    return t; /* trunc keeps the sign: nearest(-0.4) = -0 */
}

static inline double fa_f64_nearest(double x)
{
    if (x != x)
        return x + x;
    if (!(fabs(x) < 4503599627370496.0)) /* 2^52 */
        return x;
    double t = trunc(x);
    double d = fabs(x - t);
    if (d > 0.5 || (d == 0.5 && ((int64_t)t & 1)))
        return x < 0 ? t - 1.0 : t + 1.0;
    return t;
}

/* sqrt is correctly rounded by IEEE 754 (and so by C's sqrt under Annex F). */
static inline float fa_f32_sqrt(float x)
{
    return x != x ? x + x : sqrtf(x);
}
static inline double fa_f64_sqrt(double x)
{
    return x != x ? x + x : sqrt(x);
}

/* ---------------------------------------------------------------- float -> int */

/*
 * Trapping truncations (4.3.4 trunc_u / trunc_s). NaN traps "invalid
 * conversion to integer"; a value whose truncation is out of range traps
 * "integer overflow". Bounds are exact powers of two (or the next
 * representable value past the limit), so the comparisons are exact:
 * x is in range iff LOW < x < HIGH (or LOW <= x where -2^(N-1) itself is the
 * first representable value that truncates to the minimum).
 */
static inline fa_trap fa_i32_trunc_f32_s(float x, int32_t *out)
{
    if (x != x)
        return FA_TRAP_INVALID_CONVERSION;
    if (!(x > -2147483904.0f && x < 2147483648.0f)) /* -2^31 - 2^8 < x < 2^31 */
        return FA_TRAP_INT_OVERFLOW;
    *out = (int32_t)x;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i32_trunc_f32_u(float x, uint32_t *out)
{
    if (x != x)
        return FA_TRAP_INVALID_CONVERSION;
    if (!(x > -1.0f && x < 4294967296.0f)) /* -1 < x < 2^32 */
        return FA_TRAP_INT_OVERFLOW;
    *out = (uint32_t)x;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i32_trunc_f64_s(double x, int32_t *out)
{
    if (x != x)
        return FA_TRAP_INVALID_CONVERSION;
    if (!(x > -2147483649.0 && x < 2147483648.0)) /* -2^31 - 1 < x < 2^31 */
        return FA_TRAP_INT_OVERFLOW;
    *out = (int32_t)x;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i32_trunc_f64_u(double x, uint32_t *out)
{
    if (x != x)
        return FA_TRAP_INVALID_CONVERSION;
    if (!(x > -1.0 && x < 4294967296.0))
        return FA_TRAP_INT_OVERFLOW;
    *out = (uint32_t)x;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i64_trunc_f32_s(float x, int64_t *out)
{
    if (x != x)
        return FA_TRAP_INVALID_CONVERSION;
    if (!(x >= -9223372036854775808.0f && x < 9223372036854775808.0f)) /* -2^63 <= x < 2^63 */
        return FA_TRAP_INT_OVERFLOW;
    *out = (int64_t)x;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i64_trunc_f32_u(float x, uint64_t *out)
{
    if (x != x)
        return FA_TRAP_INVALID_CONVERSION;
    if (!(x > -1.0f && x < 18446744073709551616.0f)) /* -1 < x < 2^64 */
        return FA_TRAP_INT_OVERFLOW;
    *out = (uint64_t)x;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i64_trunc_f64_s(double x, int64_t *out)
{
    if (x != x)
        return FA_TRAP_INVALID_CONVERSION;
    if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0))
        return FA_TRAP_INT_OVERFLOW;
    *out = (int64_t)x;
    return FA_TRAP_NONE;
}

static inline fa_trap fa_i64_trunc_f64_u(double x, uint64_t *out)
{
    if (x != x)
        return FA_TRAP_INVALID_CONVERSION;
    if (!(x > -1.0 && x < 18446744073709551616.0))
        return FA_TRAP_INT_OVERFLOW;
    *out = (uint64_t)x;
    return FA_TRAP_NONE;
}

/* Saturating truncations (4.3.4 trunc_sat_u / trunc_sat_s): NaN -> 0, clamp. */
static inline int32_t fa_i32_trunc_sat_f32_s(float x)
{
    if (x != x)
        return 0;
    if (!(x > -2147483904.0f))
        return INT32_MIN;
    if (!(x < 2147483648.0f))
        return INT32_MAX;
    return (int32_t)x;
}

static inline uint32_t fa_i32_trunc_sat_f32_u(float x)
{
    if (x != x || !(x > -1.0f))
        return 0;
    if (!(x < 4294967296.0f))
        return UINT32_MAX;
    return (uint32_t)x;
}

static inline int32_t fa_i32_trunc_sat_f64_s(double x)
{
    if (x != x)
        return 0;
    if (!(x > -2147483649.0))
        return INT32_MIN;
    if (!(x < 2147483648.0))
        return INT32_MAX;
    return (int32_t)x;
}

static inline uint32_t fa_i32_trunc_sat_f64_u(double x)
{
    if (x != x || !(x > -1.0))
        return 0;
    if (!(x < 4294967296.0))
        return UINT32_MAX;
    return (uint32_t)x;
}

static inline int64_t fa_i64_trunc_sat_f32_s(float x)
{
    if (x != x)
        return 0;
    if (!(x >= -9223372036854775808.0f))
        return INT64_MIN;
    if (!(x < 9223372036854775808.0f))
        return INT64_MAX;
    return (int64_t)x;
}

static inline uint64_t fa_i64_trunc_sat_f32_u(float x)
{
    if (x != x || !(x > -1.0f))
        return 0;
    if (!(x < 18446744073709551616.0f))
        return UINT64_MAX;
    return (uint64_t)x;
}

static inline int64_t fa_i64_trunc_sat_f64_s(double x)
{
    if (x != x)
        return 0;
    if (!(x >= -9223372036854775808.0))
        return INT64_MIN;
    if (!(x < 9223372036854775808.0))
        return INT64_MAX;
    return (int64_t)x;
}

static inline uint64_t fa_i64_trunc_sat_f64_u(double x)
{
    if (x != x || !(x > -1.0))
        return 0;
    if (!(x < 18446744073709551616.0))
        return UINT64_MAX;
    return (uint64_t)x;
}

/* ---------------------------------------------------------------- int -> float */

/*
 * Rounds x (nonzero) to `bits` significant bits, ties to even, and returns
 * the integer significand; *shift gets the power of two to scale it by.
 * The significand may come out as 2^bits after rounding up (still exact).
 */
static inline uint64_t fa_round_sig_(uint64_t x, unsigned bits, unsigned *shift)
{
    unsigned width = 64 - (unsigned)fa_clz64(x);
    if (width <= bits) {
        *shift = 0;
        return x;
    }
    unsigned s = width - bits;
    uint64_t m = x >> s;
    uint64_t rem = x & ((UINT64_C(1) << s) - 1);
    uint64_t half = UINT64_C(1) << (s - 1);
    if (rem > half || (rem == half && (m & 1)))
        m++;
    *shift = s;
    return m;
}

/* u64 -> f32 rounded once, whatever the host does for (float)uint64_t. */
static inline float fa_f32_convert_i64_u(uint64_t x)
{
    if (x == 0)
        return 0.0f;
    unsigned s;
    uint64_t m = fa_round_sig_(x, 24, &s);
    /* m <= 2^24 converts exactly; scaling by 2^s (s <= 40) is exact. */
    return (float)(uint32_t)m * fa_f32_from_bits((uint32_t)(127 + s) << 23);
}

static inline float fa_f32_convert_i64_s(int64_t x)
{
    if (x < 0) /* round-half-even is symmetric, so round |x| and negate */
        return -fa_f32_convert_i64_u(0u - (uint64_t)x);
    return fa_f32_convert_i64_u((uint64_t)x);
}

static inline float fa_f32_convert_i32_u(uint32_t x)
{
    return fa_f32_convert_i64_u(x);
}
static inline float fa_f32_convert_i32_s(int32_t x)
{
    return fa_f32_convert_i64_s(x);
}

static inline double fa_f64_convert_i64_u(uint64_t x)
{
    if (x == 0)
        return 0.0;
    unsigned s;
    uint64_t m = fa_round_sig_(x, 53, &s);
    /* m <= 2^53 converts exactly; scaling by 2^s (s <= 11) is exact. */
    return (double)m * fa_f64_from_bits((uint64_t)(1023 + s) << 52);
}

static inline double fa_f64_convert_i64_s(int64_t x)
{
    if (x < 0)
        return -fa_f64_convert_i64_u(0u - (uint64_t)x);
    return fa_f64_convert_i64_u((uint64_t)x);
}

/* Every 32-bit integer is exact in f64. */
static inline double fa_f64_convert_i32_u(uint32_t x)
{
    return (double)x;
}
static inline double fa_f64_convert_i32_s(int32_t x)
{
    return (double)x;
}

/* f64 -> f32 (4.3.4 demote) rounds once to nearest-even; f32 -> f64 is exact.
 * NaN: quietened, arithmetic NaN out as the spec allows. */
static inline float fa_f32_demote_f64(double x)
{
    return x != x ? (float)(x + x) : (float)x;
}
static inline double fa_f64_promote_f32(float x)
{
    return x != x ? (double)(x + x) : (double)x;
}

/* ---------------------------------------------------------------- memory */

/* Little-endian loads/stores at any alignment on any host byte order. Compilers
 * turn these byte assemblies into one (unaligned) load/store where possible. */
static inline uint16_t fa_load_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (uint16_t)(p[1] << 8));
}

static inline uint32_t fa_load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t fa_load_le64(const uint8_t *p)
{
    return (uint64_t)fa_load_le32(p) | ((uint64_t)fa_load_le32(p + 4) << 32);
}

static inline void fa_store_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void fa_store_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void fa_store_le64(uint8_t *p, uint64_t v)
{
    fa_store_le32(p, (uint32_t)v);
    fa_store_le32(p + 4, (uint32_t)(v >> 32));
}

#endif /* FA_NUMERIC_H */
