/*
 * test_numeric.c - edge cases of src/numeric.h (spec 4.3 "Numerics").
 *
 * Expected values are written as bit patterns or hex-float literals derived
 * from the spec's definitions and the official testsuite (i32.wast, i64.wast,
 * float_misc.wast, conversions.wast), never computed with the code under test.
 * Needs nothing but the header: it builds standalone.
 */
#include "numeric.h"

#include "harness.h"

#define CHECK_BITS(got, want)                                                                      \
    do {                                                                                           \
        unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want);        \
        if (g_ != w_) {                                                                            \
            fprintf(stderr, "  %s:%d: %s = 0x%llx, want 0x%llx\n", __FILE__, __LINE__, #got, g_,   \
                    w_);                                                                           \
            fa_test_failures_++;                                                                   \
        }                                                                                          \
    } while (0)

static float f32b(uint32_t b)
{
    return fa_f32_from_bits(b);
}
static double f64b(uint64_t b)
{
    return fa_f64_from_bits(b);
}

/* Arithmetic NaN: exponent all ones, quiet bit set (4.3.3). */
static int is_arith_nan32(float f)
{
    uint32_t b = fa_f32_to_bits(f);
    return (b & 0x7F800000u) == 0x7F800000u && (b & 0x00400000u);
}
static int is_arith_nan64(double d)
{
    uint64_t b = fa_f64_to_bits(d);
    return (b & 0x7FF0000000000000u) == 0x7FF0000000000000u && (b & 0x0008000000000000u);
}
static int is_canon_nan32(float f)
{
    return (fa_f32_to_bits(f) & 0x7FFFFFFFu) == 0x7FC00000u;
}
static int is_canon_nan64(double d)
{
    return (fa_f64_to_bits(d) & 0x7FFFFFFFFFFFFFFFu) == 0x7FF8000000000000u;
}

/* ---------------------------------------------------------------- integers */

static void t_bitcount(void)
{
    CHECK_BITS(fa_clz32(0), 32);
    CHECK_BITS(fa_clz32(1), 31);
    CHECK_BITS(fa_clz32(0x00008000u), 16);
    CHECK_BITS(fa_clz32(0x000000FFu), 24);
    CHECK_BITS(fa_clz32(0x80000000u), 0);
    CHECK_BITS(fa_clz32(0xFFFFFFFFu), 0);
    CHECK_BITS(fa_clz64(0), 64);
    CHECK_BITS(fa_clz64(1), 63);
    CHECK_BITS(fa_clz64(0x00008000u), 48);
    CHECK_BITS(fa_clz64(0x0000000100000000u), 31);
    CHECK_BITS(fa_clz64(0x8000000000000000u), 0);

    CHECK_BITS(fa_ctz32(0), 32);
    CHECK_BITS(fa_ctz32(0x00008000u), 15);
    CHECK_BITS(fa_ctz32(0x00010000u), 16);
    CHECK_BITS(fa_ctz32(0x80000000u), 31);
    CHECK_BITS(fa_ctz32(0x7FFFFFFFu), 0);
    CHECK_BITS(fa_ctz64(0), 64);
    CHECK_BITS(fa_ctz64(0x00008000u), 15);
    CHECK_BITS(fa_ctz64(0x0000000100000000u), 32);
    CHECK_BITS(fa_ctz64(0x8000000000000000u), 63);

    CHECK_BITS(fa_popcnt32(0), 0);
    CHECK_BITS(fa_popcnt32(0xFFFFFFFFu), 32);
    CHECK_BITS(fa_popcnt32(0x00008000u), 1);
    CHECK_BITS(fa_popcnt32(0x80008000u), 2);
    CHECK_BITS(fa_popcnt32(0xAAAAAAAAu), 16);
    CHECK_BITS(fa_popcnt32(0x55555555u), 16);
    CHECK_BITS(fa_popcnt32(0xDEADBEEFu), 24);
    CHECK_BITS(fa_popcnt64(0), 0);
    CHECK_BITS(fa_popcnt64(0xFFFFFFFFFFFFFFFFu), 64);
    CHECK_BITS(fa_popcnt64(0x8000800080008000u), 4);
    CHECK_BITS(fa_popcnt64(0xDEADBEEFDEADBEEFu), 48);
}

static void t_rotate(void)
{
    /* i32.wast / i64.wast */
    CHECK_BITS(fa_rotl32(1, 1), 2);
    CHECK_BITS(fa_rotl32(1, 0), 1);
    CHECK_BITS(fa_rotl32(0xFFFFFFFFu, 1), 0xFFFFFFFFu);
    CHECK_BITS(fa_rotl32(1, 32), 1);
    CHECK_BITS(fa_rotl32(0xABCD9876u, 1), 0x579B30EDu);
    CHECK_BITS(fa_rotl32(0xFE00DC00u, 4), 0xE00DC00Fu);
    CHECK_BITS(fa_rotl32(0xB0C1D2E3u, 5), 0x183A5C76u);
    CHECK_BITS(fa_rotl32(0x00008000u, 37), 0x00100000u);
    CHECK_BITS(fa_rotl32(0xB0C1D2E3u, 0xFF05u), 0x183A5C76u);
    CHECK_BITS(fa_rotl32(0x769ABCDFu, 0xFFFFFFEDu), 0x579BEED3u);
    CHECK_BITS(fa_rotl32(0x769ABCDFu, 0x8000000Du), 0x579BEED3u);
    CHECK_BITS(fa_rotl32(1, 31), 0x80000000u);
    CHECK_BITS(fa_rotl32(0x80000000u, 1), 1);
    CHECK_BITS(fa_rotr32(1, 1), 0x80000000u);
    CHECK_BITS(fa_rotr32(1, 0), 1);
    CHECK_BITS(fa_rotr32(0xFFFFFFFFu, 1), 0xFFFFFFFFu);
    CHECK_BITS(fa_rotr32(1, 32), 1);
    CHECK_BITS(fa_rotr32(0xFF00CC00u, 1), 0x7F806600u);
    CHECK_BITS(fa_rotr32(0x00080000u, 4), 0x00008000u);
    CHECK_BITS(fa_rotr32(0xB0C1D2E3u, 5), 0x1D860E97u);
    CHECK_BITS(fa_rotr32(0x00008000u, 37), 0x00000400u);
    CHECK_BITS(fa_rotr32(0xB0C1D2E3u, 0xFF05u), 0x1D860E97u);
    CHECK_BITS(fa_rotr32(0x769ABCDFu, 0xFFFFFFEDu), 0xE6FBB4D5u);
    CHECK_BITS(fa_rotr32(1, 31), 2);
    CHECK_BITS(fa_rotr32(0x80000000u, 31), 1);

    CHECK_BITS(fa_rotl64(1, 1), 2);
    CHECK_BITS(fa_rotl64(1, 0), 1);
    CHECK_BITS(fa_rotl64(1, 64), 1);
    CHECK_BITS(fa_rotl64(0xABCD987602468ACEu, 1), 0x579B30EC048D159Du);
    CHECK_BITS(fa_rotl64(0xFE000000DC000000u, 4), 0xE000000DC000000Fu);
    CHECK_BITS(fa_rotl64(0xABCD1234EF567809u, 53), 0x013579A2469DEACFu);
    CHECK_BITS(fa_rotl64(0xABD1234EF567809Cu, 63), 0x55E891A77AB3C04Eu);
    CHECK_BITS(fa_rotl64(0xABCD1234EF567809u, 0xF5u), 0x013579A2469DEACFu);
    CHECK_BITS(fa_rotl64(0xABCD7294EF567809u, 0xFFFFFFFFFFFFFFEDu), 0xCF013579AE529DEAu);
    CHECK_BITS(fa_rotl64(1, 63), 0x8000000000000000u);
    CHECK_BITS(fa_rotr64(1, 1), 0x8000000000000000u);
    CHECK_BITS(fa_rotr64(1, 0), 1);
    CHECK_BITS(fa_rotr64(1, 64), 1);
    CHECK_BITS(fa_rotr64(0xABCD987602468ACEu, 1), 0x55E6CC3B01234567u);
    CHECK_BITS(fa_rotr64(0xFE000000DC000000u, 4), 0x0FE000000DC00000u);
    CHECK_BITS(fa_rotr64(0xABCD1234EF567809u, 53), 0x6891A77AB3C04D5Eu);
    CHECK_BITS(fa_rotr64(0xABD1234EF567809Cu, 63), 0x57A2469DEACF0139u);
    CHECK_BITS(fa_rotr64(0xABCD1234EF567809u, 0xF5u), 0x6891A77AB3C04D5Eu);
    CHECK_BITS(fa_rotr64(0xABCD7294EF567809u, 0xFFFFFFFFFFFFFFEDu), 0x94A77AB3C04D5E6Bu);
    CHECK_BITS(fa_rotr64(0x8000000000000000u, 63), 1);
}

static void t_shift_extend(void)
{
    CHECK_BITS(fa_shl32(1, 32), 1);
    CHECK_BITS(fa_shl32(1, 33), 2);
    CHECK_BITS(fa_shl32(0x40000000u, 1), 0x80000000u);
    CHECK_BITS(fa_shr_u32(0x80000000u, 31), 1);
    CHECK_BITS(fa_shr_u32(0xFFFFFFFFu, 32), 0xFFFFFFFFu);
    CHECK_BITS(fa_shr_s32(0x80000000u, 31), 0xFFFFFFFFu);
    CHECK_BITS(fa_shr_s32(0xFFFFFFFFu, 1), 0xFFFFFFFFu);
    CHECK_BITS(fa_shr_s32(0x80000000u, 1), 0xC0000000u);
    CHECK_BITS(fa_shr_s32(0x7FFFFFFFu, 1), 0x3FFFFFFFu);
    CHECK_BITS(fa_shr_s32(0x80000000u, 32), 0x80000000u);
    CHECK_BITS(fa_shr_s32(0x80000000u, 0), 0x80000000u);
    CHECK_BITS(fa_shr_s32(1, 33), 0);
    CHECK_BITS(fa_shl64(1, 64), 1);
    CHECK_BITS(fa_shl64(1, 63), 0x8000000000000000u);
    CHECK_BITS(fa_shr_u64(0x8000000000000000u, 63), 1);
    CHECK_BITS(fa_shr_s64(0x8000000000000000u, 63), 0xFFFFFFFFFFFFFFFFu);
    CHECK_BITS(fa_shr_s64(0x8000000000000000u, 64), 0x8000000000000000u);
    CHECK_BITS(fa_shr_s64(0x8000000000000000u, 1), 0xC000000000000000u);
    CHECK_BITS(fa_shr_s64(0x7FFFFFFFFFFFFFFFu, 62), 1);

    CHECK_BITS(fa_extend8_32(0x7F), 0x7F);
    CHECK_BITS(fa_extend8_32(0x80), 0xFFFFFF80u);
    CHECK_BITS(fa_extend8_32(0x12345680u), 0xFFFFFF80u);
    CHECK_BITS(fa_extend8_32(0xFEDCBA00u), 0);
    CHECK_BITS(fa_extend16_32(0x7FFF), 0x7FFF);
    CHECK_BITS(fa_extend16_32(0x8000), 0xFFFF8000u);
    CHECK_BITS(fa_extend16_32(0x01238000u), 0xFFFF8000u);
    CHECK_BITS(fa_extend8_64(0x80), 0xFFFFFFFFFFFFFF80u);
    CHECK_BITS(fa_extend8_64(0x0123456789ABCD7Fu), 0x7F);
    CHECK_BITS(fa_extend16_64(0x8000), 0xFFFFFFFFFFFF8000u);
    CHECK_BITS(fa_extend32_64(0x80000000u), 0xFFFFFFFF80000000u);
    CHECK_BITS(fa_extend32_64(0xFFFFFFFF7FFFFFFFu), 0x7FFFFFFFu);
}

static void t_divrem(void)
{
    uint32_t r32 = 0xDEAD;
    uint64_t r64 = 0xDEAD;
    CHECK(fa_i32_div_s(1, 0, &r32) == FA_TRAP_INT_DIV_ZERO);
    CHECK(fa_i32_div_s(0x80000000u, 0xFFFFFFFFu, &r32) == FA_TRAP_INT_OVERFLOW);
    CHECK_BITS(r32, 0xDEAD); /* untouched on trap */
    CHECK(fa_i32_div_s(0x80000000u, 2, &r32) == FA_TRAP_NONE);
    CHECK_BITS(r32, 0xC0000000u);
    CHECK(fa_i32_div_s((uint32_t)-7, 2, &r32) == FA_TRAP_NONE);
    CHECK_BITS(r32, (uint32_t)-3); /* truncates toward zero */
    CHECK(fa_i32_div_u(0x80000000u, 2, &r32) == FA_TRAP_NONE);
    CHECK_BITS(r32, 0x40000000u);
    CHECK(fa_i32_div_u(1, 0, &r32) == FA_TRAP_INT_DIV_ZERO);
    CHECK(fa_i32_rem_s(0x80000000u, 0xFFFFFFFFu, &r32) == FA_TRAP_NONE);
    CHECK_BITS(r32, 0);
    CHECK(fa_i32_rem_s((uint32_t)-7, 2, &r32) == FA_TRAP_NONE);
    CHECK_BITS(r32, (uint32_t)-1); /* sign of the dividend */
    CHECK(fa_i32_rem_s(7, (uint32_t)-3, &r32) == FA_TRAP_NONE);
    CHECK_BITS(r32, 1);
    CHECK(fa_i32_rem_s(1, 0, &r32) == FA_TRAP_INT_DIV_ZERO);
    CHECK(fa_i32_rem_u(0x80000001u, 0xFFFFFFFFu, &r32) == FA_TRAP_NONE);
    CHECK_BITS(r32, 0x80000001u);
    CHECK(fa_i32_rem_u(1, 0, &r32) == FA_TRAP_INT_DIV_ZERO);

    CHECK(fa_i64_div_s(1, 0, &r64) == FA_TRAP_INT_DIV_ZERO);
    CHECK(fa_i64_div_s(0x8000000000000000u, 0xFFFFFFFFFFFFFFFFu, &r64) == FA_TRAP_INT_OVERFLOW);
    CHECK_BITS(r64, 0xDEAD);
    CHECK(fa_i64_div_s((uint64_t)-7, 2, &r64) == FA_TRAP_NONE);
    CHECK_BITS(r64, (uint64_t)-3);
    CHECK(fa_i64_div_u(0x8000000000000000u, 2, &r64) == FA_TRAP_NONE);
    CHECK_BITS(r64, 0x4000000000000000u);
    CHECK(fa_i64_rem_s(0x8000000000000000u, 0xFFFFFFFFFFFFFFFFu, &r64) == FA_TRAP_NONE);
    CHECK_BITS(r64, 0);
    CHECK(fa_i64_rem_s((uint64_t)-7, 2, &r64) == FA_TRAP_NONE);
    CHECK_BITS(r64, (uint64_t)-1);
    CHECK(fa_i64_rem_u(0x8000000000000001u, 0xFFFFFFFFFFFFFFFFu, &r64) == FA_TRAP_NONE);
    CHECK_BITS(r64, 0x8000000000000001u);
    CHECK(fa_i64_rem_u(1, 0, &r64) == FA_TRAP_INT_DIV_ZERO);
    CHECK(fa_i64_div_u(1, 0, &r64) == FA_TRAP_INT_DIV_ZERO);
}

/* ---------------------------------------------------------------- floats */

static void t_minmax(void)
{
    /* signed zeros: -0 < +0 in both operand orders */
    CHECK_BITS(fa_f32_to_bits(fa_f32_min(f32b(0x80000000u), f32b(0))), 0x80000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_min(f32b(0), f32b(0x80000000u))), 0x80000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_max(f32b(0x80000000u), f32b(0))), 0);
    CHECK_BITS(fa_f32_to_bits(fa_f32_max(f32b(0), f32b(0x80000000u))), 0);
    CHECK_BITS(fa_f32_to_bits(fa_f32_min(f32b(0x80000000u), f32b(0x80000000u))), 0x80000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_max(f32b(0), f32b(0))), 0);
    CHECK_BITS(fa_f64_to_bits(fa_f64_min(f64b(0x8000000000000000u), f64b(0))), 0x8000000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_min(f64b(0), f64b(0x8000000000000000u))), 0x8000000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_max(f64b(0x8000000000000000u), f64b(0))), 0);
    CHECK_BITS(fa_f64_to_bits(fa_f64_max(f64b(0), f64b(0x8000000000000000u))), 0);

    /* ordinary values and infinities */
    CHECK(fa_f32_min(1.0f, 2.0f) == 1.0f && fa_f32_max(1.0f, 2.0f) == 2.0f);
    CHECK(fa_f32_min(-INFINITY, 0.0f) == -INFINITY && fa_f32_max(INFINITY, -1.0f) == INFINITY);
    CHECK(fa_f64_min(-1.5, 2.0) == -1.5 && fa_f64_max(-1.5, -2.0) == -1.5);
    CHECK(fa_f64_min(-INFINITY, 0.0) == -INFINITY && fa_f64_max(-INFINITY, 0x1p-1074) == 0x1p-1074);

    /* NaN in either position (C's fmin would return the other operand) */
    const uint32_t nans32[] = {0x7FC00000u, 0xFFC00000u, 0x7FA00000u, 0x7F800001u, 0xFFBFFFFFu};
    for (size_t i = 0; i < sizeof nans32 / sizeof nans32[0]; i++) {
        float n = f32b(nans32[i]);
        CHECK(is_arith_nan32(fa_f32_min(n, 1.0f)));
        CHECK(is_arith_nan32(fa_f32_min(1.0f, n)));
        CHECK(is_arith_nan32(fa_f32_max(n, -INFINITY)));
        CHECK(is_arith_nan32(fa_f32_max(INFINITY, n)));
        CHECK(is_arith_nan32(fa_f32_min(n, n)));
    }
    CHECK(is_canon_nan32(fa_f32_min(f32b(0x7FC00000u), 0.0f)));
    CHECK(is_canon_nan32(fa_f32_max(0.0f, f32b(0xFFC00000u))));
    const uint64_t nans64[] = {0x7FF8000000000000u, 0xFFF8000000000000u, 0x7FF4000000000000u,
                               0x7FF0000000000001u};
    for (size_t i = 0; i < sizeof nans64 / sizeof nans64[0]; i++) {
        double n = f64b(nans64[i]);
        CHECK(is_arith_nan64(fa_f64_min(n, 1.0)));
        CHECK(is_arith_nan64(fa_f64_min(1.0, n)));
        CHECK(is_arith_nan64(fa_f64_max(n, -INFINITY)));
        CHECK(is_arith_nan64(fa_f64_max(INFINITY, n)));
    }
    CHECK(is_canon_nan64(fa_f64_min(f64b(0x7FF8000000000000u), 0.0)));
}

typedef struct {
    uint32_t in, ceil, floor, trunc, nearest;
} round32_case;

typedef struct {
    uint64_t in, ceil, floor, trunc, nearest;
} round64_case;

static void t_rounding32(void)
{
    /* Bit patterns: 0x3F000000 = 0.5, 0x3F800000 = 1, 0x40000000 = 2, 0x40400000 = 3,
     * 0x3FC00000 = 1.5, 0x40200000 = 2.5, 0x3EFFFFFF = 0.49999997, 0x3F000001 = 0.50000006,
     * 0x4AFFFFFF = 8388607.5, 0x4B000000 = 2^23, 0x4B000001 = 2^23 + 1,
     * 0x00000001 = smallest subnormal, 0x7F7FFFFF = max finite. */
    static const round32_case cases[] = {
        {0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u},
        {0x80000000u, 0x80000000u, 0x80000000u, 0x80000000u, 0x80000000u},
        {0x00000001u, 0x3F800000u, 0x00000000u, 0x00000000u, 0x00000000u},
        {0x80000001u, 0x80000000u, 0xBF800000u, 0x80000000u, 0x80000000u},
        {0x3F000000u, 0x3F800000u, 0x00000000u, 0x00000000u, 0x00000000u},
        {0xBF000000u, 0x80000000u, 0xBF800000u, 0x80000000u, 0x80000000u},
        {0x3EFFFFFFu, 0x3F800000u, 0x00000000u, 0x00000000u, 0x00000000u},
        {0x3F000001u, 0x3F800000u, 0x00000000u, 0x00000000u, 0x3F800000u},
        {0xBF000001u, 0x80000000u, 0xBF800000u, 0x80000000u, 0xBF800000u},
        {0x3F800000u, 0x3F800000u, 0x3F800000u, 0x3F800000u, 0x3F800000u},
        {0x3FC00000u, 0x40000000u, 0x3F800000u, 0x3F800000u, 0x40000000u},
        {0xBFC00000u, 0xBF800000u, 0xC0000000u, 0xBF800000u, 0xC0000000u},
        {0x40200000u, 0x40400000u, 0x40000000u, 0x40000000u, 0x40000000u},
        {0xC0200000u, 0xC0000000u, 0xC0400000u, 0xC0000000u, 0xC0000000u},
        {0x4AFFFFFFu, 0x4B000000u, 0x4AFFFFFEu, 0x4AFFFFFEu, 0x4B000000u},
        {0xCAFFFFFFu, 0xCAFFFFFEu, 0xCB000000u, 0xCAFFFFFEu, 0xCB000000u},
        {0x4AFFFFFDu, 0x4AFFFFFEu, 0x4AFFFFFCu, 0x4AFFFFFCu, 0x4AFFFFFCu}, /* 8388606.5 */
        {0x4B000000u, 0x4B000000u, 0x4B000000u, 0x4B000000u, 0x4B000000u},
        {0x4B000001u, 0x4B000001u, 0x4B000001u, 0x4B000001u, 0x4B000001u},
        {0xCB000001u, 0xCB000001u, 0xCB000001u, 0xCB000001u, 0xCB000001u},
        {0x7F7FFFFFu, 0x7F7FFFFFu, 0x7F7FFFFFu, 0x7F7FFFFFu, 0x7F7FFFFFu},
        {0x7F800000u, 0x7F800000u, 0x7F800000u, 0x7F800000u, 0x7F800000u},
        {0xFF800000u, 0xFF800000u, 0xFF800000u, 0xFF800000u, 0xFF800000u},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float x = f32b(cases[i].in);
        CHECK_BITS(fa_f32_to_bits(fa_f32_ceil(x)), cases[i].ceil);
        CHECK_BITS(fa_f32_to_bits(fa_f32_floor(x)), cases[i].floor);
        CHECK_BITS(fa_f32_to_bits(fa_f32_trunc(x)), cases[i].trunc);
        CHECK_BITS(fa_f32_to_bits(fa_f32_nearest(x)), cases[i].nearest);
    }
    const uint32_t nans[] = {0x7FC00000u, 0xFFC00000u, 0x7FA00000u, 0x7F800001u, 0xFFE00001u};
    for (size_t i = 0; i < sizeof nans / sizeof nans[0]; i++) {
        float n = f32b(nans[i]);
        CHECK(is_arith_nan32(fa_f32_ceil(n)));
        CHECK(is_arith_nan32(fa_f32_floor(n)));
        CHECK(is_arith_nan32(fa_f32_trunc(n)));
        CHECK(is_arith_nan32(fa_f32_nearest(n)));
        CHECK(is_arith_nan32(fa_f32_sqrt(n)));
    }
    CHECK(is_canon_nan32(fa_f32_nearest(f32b(0x7FC00000u))));
}

static void t_rounding64(void)
{
    /* 0x3FE0000000000000 = 0.5, 0x3FDFFFFFFFFFFFFF = 0.49999999999999994,
     * 0x432FFFFFFFFFFFFF = 2^52 - 0.5, 0x4330000000000000 = 2^52. */
    static const round64_case cases[] = {
        {0x0000000000000000u, 0x0000000000000000u, 0x0000000000000000u, 0x0000000000000000u,
         0x0000000000000000u},
        {0x8000000000000000u, 0x8000000000000000u, 0x8000000000000000u, 0x8000000000000000u,
         0x8000000000000000u},
        {0x0000000000000001u, 0x3FF0000000000000u, 0x0000000000000000u, 0x0000000000000000u,
         0x0000000000000000u},
        {0x8000000000000001u, 0x8000000000000000u, 0xBFF0000000000000u, 0x8000000000000000u,
         0x8000000000000000u},
        {0x3FE0000000000000u, 0x3FF0000000000000u, 0x0000000000000000u, 0x0000000000000000u,
         0x0000000000000000u},
        {0xBFE0000000000000u, 0x8000000000000000u, 0xBFF0000000000000u, 0x8000000000000000u,
         0x8000000000000000u},
        {0x3FDFFFFFFFFFFFFFu, 0x3FF0000000000000u, 0x0000000000000000u, 0x0000000000000000u,
         0x0000000000000000u},
        {0x3FE0000000000001u, 0x3FF0000000000000u, 0x0000000000000000u, 0x0000000000000000u,
         0x3FF0000000000000u},
        {0x3FF8000000000000u, 0x4000000000000000u, 0x3FF0000000000000u, 0x3FF0000000000000u,
         0x4000000000000000u}, /* 1.5 */
        {0xC004000000000000u, 0xC000000000000000u, 0xC008000000000000u, 0xC000000000000000u,
         0xC000000000000000u}, /* -2.5 */
        {0x4004000000000000u, 0x4008000000000000u, 0x4000000000000000u, 0x4000000000000000u,
         0x4000000000000000u}, /* 2.5 */
        {0x432FFFFFFFFFFFFFu, 0x4330000000000000u, 0x432FFFFFFFFFFFFEu, 0x432FFFFFFFFFFFFEu,
         0x4330000000000000u},
        {0xC32FFFFFFFFFFFFFu, 0xC32FFFFFFFFFFFFEu, 0xC330000000000000u, 0xC32FFFFFFFFFFFFEu,
         0xC330000000000000u},
        {0x4330000000000001u, 0x4330000000000001u, 0x4330000000000001u, 0x4330000000000001u,
         0x4330000000000001u},
        {0x7FEFFFFFFFFFFFFFu, 0x7FEFFFFFFFFFFFFFu, 0x7FEFFFFFFFFFFFFFu, 0x7FEFFFFFFFFFFFFFu,
         0x7FEFFFFFFFFFFFFFu},
        {0x7FF0000000000000u, 0x7FF0000000000000u, 0x7FF0000000000000u, 0x7FF0000000000000u,
         0x7FF0000000000000u},
        {0xFFF0000000000000u, 0xFFF0000000000000u, 0xFFF0000000000000u, 0xFFF0000000000000u,
         0xFFF0000000000000u},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double x = f64b(cases[i].in);
        CHECK_BITS(fa_f64_to_bits(fa_f64_ceil(x)), cases[i].ceil);
        CHECK_BITS(fa_f64_to_bits(fa_f64_floor(x)), cases[i].floor);
        CHECK_BITS(fa_f64_to_bits(fa_f64_trunc(x)), cases[i].trunc);
        CHECK_BITS(fa_f64_to_bits(fa_f64_nearest(x)), cases[i].nearest);
    }
    const uint64_t nans[] = {0x7FF8000000000000u, 0xFFF8000000000000u, 0x7FF4000000000000u,
                             0x7FF0000000000001u};
    for (size_t i = 0; i < sizeof nans / sizeof nans[0]; i++) {
        double n = f64b(nans[i]);
        CHECK(is_arith_nan64(fa_f64_ceil(n)));
        CHECK(is_arith_nan64(fa_f64_floor(n)));
        CHECK(is_arith_nan64(fa_f64_trunc(n)));
        CHECK(is_arith_nan64(fa_f64_nearest(n)));
        CHECK(is_arith_nan64(fa_f64_sqrt(n)));
    }
}

static void t_sqrt(void)
{
    CHECK_BITS(fa_f32_to_bits(fa_f32_sqrt(f32b(0x80000000u))), 0x80000000u); /* sqrt(-0) = -0 */
    CHECK_BITS(fa_f32_to_bits(fa_f32_sqrt(4.0f)), 0x40000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_sqrt(2.0f)), 0x3FB504F3u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_sqrt(INFINITY)), 0x7F800000u);
    CHECK(is_arith_nan32(fa_f32_sqrt(-1.0f)));
    CHECK(is_arith_nan32(fa_f32_sqrt(-INFINITY)));
    CHECK_BITS(fa_f64_to_bits(fa_f64_sqrt(f64b(0x8000000000000000u))), 0x8000000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_sqrt(2.0)), 0x3FF6A09E667F3BCDu);
    CHECK(is_arith_nan64(fa_f64_sqrt(-0x1p-1074)));
}

/* ---------------------------------------------------------------- float -> int */

enum { OK = FA_TRAP_NONE, OVF = FA_TRAP_INT_OVERFLOW, NAN_T = FA_TRAP_INVALID_CONVERSION };

typedef struct {
    uint32_t in;
    int trap;
    uint64_t want; /* result bits (sign-extended for signed results) when trap == OK */
    uint64_t sat;  /* the saturating result */
} cvt32_case;

typedef struct {
    uint64_t in;
    int trap;
    uint64_t want;
    uint64_t sat;
} cvt64_case;

#define I32MIN 0xFFFFFFFF80000000u
#define I32MAX 0x7FFFFFFFu
#define U32MAX 0xFFFFFFFFu
#define I64MIN 0x8000000000000000u
#define I64MAX 0x7FFFFFFFFFFFFFFFu
#define U64MAX 0xFFFFFFFFFFFFFFFFu
#define NEG(x) ((uint64_t)0 - (uint64_t)(x))

static void t_trunc_f32_to_i32(void)
{
    static const cvt32_case s[] = {
        {0x00000000u, OK, 0, 0},
        {0x80000000u, OK, 0, 0},
        {0x00000001u, OK, 0, 0},
        {0x80000001u, OK, 0, 0},
        {0x3F8CCCCDu, OK, 1, 1},                   /* 1.1 */
        {0xBF8CCCCDu, OK, NEG(1), NEG(1)},         /* -1.1 */
        {0xBF7FFFFFu, OK, 0, 0},                   /* -0.99999994 */
        {0x4EFFFFFFu, OK, 2147483520, 2147483520}, /* 2^31 - 128 */
        {0xCF000000u, OK, I32MIN, I32MIN},         /* -2^31 */
        {0x4F000000u, OVF, 0, I32MAX},             /* 2^31 */
        {0xCF000001u, OVF, 0, I32MIN},             /* -2^31 - 256 */
        {0x7F800000u, OVF, 0, I32MAX},
        {0xFF800000u, OVF, 0, I32MIN},
        {0x7F7FFFFFu, OVF, 0, I32MAX},
        {0x7FC00000u, NAN_T, 0, 0},
        {0xFFC00000u, NAN_T, 0, 0},
        {0x7FA00000u, NAN_T, 0, 0},
        {0xFFA00000u, NAN_T, 0, 0},
    };
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        int32_t r = 12345;
        fa_trap t = fa_i32_trunc_f32_s(f32b(s[i].in), &r);
        CHECK_BITS(t, s[i].trap);
        CHECK_BITS((uint64_t)(int64_t)r, s[i].trap == OK ? s[i].want : 12345);
        CHECK_BITS((uint64_t)(int64_t)fa_i32_trunc_sat_f32_s(f32b(s[i].in)), s[i].sat);
    }
    static const cvt32_case u[] = {
        {0x00000000u, OK, 0, 0},
        {0x80000000u, OK, 0, 0},
        {0x3F800000u, OK, 1, 1},
        {0x3F8CCCCDu, OK, 1, 1},
        {0x3FC00000u, OK, 1, 1},
        {0x4F000000u, OK, 2147483648u, 2147483648u}, /* 2^31 */
        {0x4F7FFFFFu, OK, 4294967040u, 4294967040u}, /* 2^32 - 256 */
        {0xBF666666u, OK, 0, 0},                     /* -0.9 */
        {0xBF7FFFFFu, OK, 0, 0},                     /* -0.99999994 */
        {0x4F800000u, OVF, 0, U32MAX},               /* 2^32 */
        {0xBF800000u, OVF, 0, 0},                    /* -1 */
        {0x7F800000u, OVF, 0, U32MAX},
        {0xFF800000u, OVF, 0, 0},
        {0x7FC00000u, NAN_T, 0, 0},
        {0xFFA00000u, NAN_T, 0, 0},
    };
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
        uint32_t r = 12345;
        fa_trap t = fa_i32_trunc_f32_u(f32b(u[i].in), &r);
        CHECK_BITS(t, u[i].trap);
        CHECK_BITS(r, u[i].trap == OK ? u[i].want : 12345);
        CHECK_BITS(fa_i32_trunc_sat_f32_u(f32b(u[i].in)), u[i].sat);
    }
}

static void t_trunc_f64_to_i32(void)
{
    /* 0xC1E00000001FFFFF ~ -2147483648.9999998, 0xC1E0000000200000 = -2147483649,
     * 0x41DFFFFFFFFFFFFF ~ 2147483647.9999998, 0x41DFFFFFFFC00000 = 2147483647,
     * 0x41E0000000000000 = 2^31, 0x41EFFFFFFFFFFFFF ~ 4294967295.9999995,
     * 0x41F0000000000000 = 2^32, 0xBFEFFFFFFFFFFFFF = -0.9999999999999999 */
    static const cvt64_case s[] = {
        {0x0000000000000000u, OK, 0, 0},
        {0x8000000000000000u, OK, 0, 0},
        {0x0000000000000001u, OK, 0, 0},
        {0xBFF199999999999Au, OK, NEG(1), NEG(1)}, /* -1.1 */
        {0x41DFFFFFFFC00000u, OK, I32MAX, I32MAX},
        {0x41DFFFFFFFFFFFFFu, OK, I32MAX, I32MAX},
        {0xC1E0000000000000u, OK, I32MIN, I32MIN},
        {0xC1E00000001FFFFFu, OK, I32MIN, I32MIN},
        {0xC1E0000000200000u, OVF, 0, I32MIN},
        {0x41E0000000000000u, OVF, 0, I32MAX},
        {0x7FF0000000000000u, OVF, 0, I32MAX},
        {0xFFF0000000000000u, OVF, 0, I32MIN},
        {0x7FF8000000000000u, NAN_T, 0, 0},
        {0xFFF4000000000000u, NAN_T, 0, 0},
    };
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        int32_t r = 12345;
        fa_trap t = fa_i32_trunc_f64_s(f64b(s[i].in), &r);
        CHECK_BITS(t, s[i].trap);
        CHECK_BITS((uint64_t)(int64_t)r, s[i].trap == OK ? s[i].want : 12345);
        CHECK_BITS((uint64_t)(int64_t)fa_i32_trunc_sat_f64_s(f64b(s[i].in)), s[i].sat);
    }
    static const cvt64_case u[] = {
        {0x0000000000000000u, OK, 0, 0},
        {0x8000000000000000u, OK, 0, 0},
        {0xBFEFFFFFFFFFFFFFu, OK, 0, 0},
        {0x41E0000000000000u, OK, 2147483648u, 2147483648u},
        {0x41EFFFFFFFE00000u, OK, U32MAX, U32MAX},
        {0x41EFFFFFFFFFFFFFu, OK, U32MAX, U32MAX},
        {0x41CDCD6500000000u, OK, 1000000000u, 1000000000u}, /* 1e9 */
        {0x41F0000000000000u, OVF, 0, U32MAX},
        {0xBFF0000000000000u, OVF, 0, 0},
        {0x7FF0000000000000u, OVF, 0, U32MAX},
        {0xFFF0000000000000u, OVF, 0, 0},
        {0x7FF8000000000000u, NAN_T, 0, 0},
    };
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
        uint32_t r = 12345;
        fa_trap t = fa_i32_trunc_f64_u(f64b(u[i].in), &r);
        CHECK_BITS(t, u[i].trap);
        CHECK_BITS(r, u[i].trap == OK ? u[i].want : 12345);
        CHECK_BITS(fa_i32_trunc_sat_f64_u(f64b(u[i].in)), u[i].sat);
    }
}

static void t_trunc_to_i64(void)
{
    /* f32: 0xDF000000 = -2^63, 0xDF000001 = -2^63 - 2^40, 0x5EFFFFFF = 2^63 - 2^39,
     * 0x5F000000 = 2^63, 0x5F7FFFFF = 2^64 - 2^40, 0x5F800000 = 2^64 */
    static const cvt32_case s32[] = {
        {0x00000000u, OK, 0, 0},
        {0x80000001u, OK, 0, 0},
        {0xBF8CCCCDu, OK, NEG(1), NEG(1)},
        {0x4F800000u, OK, 4294967296u, 4294967296u},
        {0x5EFFFFFFu, OK, 9223371487098961920u, 9223371487098961920u},
        {0xDF000000u, OK, I64MIN, I64MIN},
        {0xDF000001u, OVF, 0, I64MIN},
        {0x5F000000u, OVF, 0, I64MAX},
        {0x7F800000u, OVF, 0, I64MAX},
        {0xFF800000u, OVF, 0, I64MIN},
        {0x7FC00000u, NAN_T, 0, 0},
        {0xFFA00000u, NAN_T, 0, 0},
    };
    for (size_t i = 0; i < sizeof s32 / sizeof s32[0]; i++) {
        int64_t r = 12345;
        fa_trap t = fa_i64_trunc_f32_s(f32b(s32[i].in), &r);
        CHECK_BITS(t, s32[i].trap);
        CHECK_BITS((uint64_t)r, s32[i].trap == OK ? s32[i].want : 12345);
        CHECK_BITS((uint64_t)fa_i64_trunc_sat_f32_s(f32b(s32[i].in)), s32[i].sat);
    }
    static const cvt32_case u32[] = {
        {0x00000000u, OK, 0, 0},
        {0xBF7FFFFFu, OK, 0, 0},
        {0x4F800000u, OK, 4294967296u, 4294967296u},
        {0x5F000000u, OK, 9223372036854775808u, 9223372036854775808u},
        {0x5F7FFFFFu, OK, 18446742974197923840u, 18446742974197923840u},
        {0x5F800000u, OVF, 0, U64MAX},
        {0xBF800000u, OVF, 0, 0},
        {0x7F800000u, OVF, 0, U64MAX},
        {0xFF800000u, OVF, 0, 0},
        {0x7FC00000u, NAN_T, 0, 0},
    };
    for (size_t i = 0; i < sizeof u32 / sizeof u32[0]; i++) {
        uint64_t r = 12345;
        fa_trap t = fa_i64_trunc_f32_u(f32b(u32[i].in), &r);
        CHECK_BITS(t, u32[i].trap);
        CHECK_BITS(r, u32[i].trap == OK ? u32[i].want : 12345);
        CHECK_BITS(fa_i64_trunc_sat_f32_u(f32b(u32[i].in)), u32[i].sat);
    }
    /* f64: 0xC3E0000000000000 = -2^63, 0xC3E0000000000001 = -2^63 - 2^11,
     * 0x43DFFFFFFFFFFFFF = 2^63 - 2^10, 0x43EFFFFFFFFFFFFF = 2^64 - 2^11 */
    static const cvt64_case s64[] = {
        {0x0000000000000000u, OK, 0, 0},
        {0x8000000000000000u, OK, 0, 0},
        {0xBFF199999999999Au, OK, NEG(1), NEG(1)},
        {0x43DFFFFFFFFFFFFFu, OK, 9223372036854774784u, 9223372036854774784u},
        {0xC3E0000000000000u, OK, I64MIN, I64MIN},
        {0xC3E0000000000001u, OVF, 0, I64MIN},
        {0x43E0000000000000u, OVF, 0, I64MAX},
        {0x7FF0000000000000u, OVF, 0, I64MAX},
        {0xFFF0000000000000u, OVF, 0, I64MIN},
        {0x7FF8000000000000u, NAN_T, 0, 0},
        {0xFFF0000000000001u, NAN_T, 0, 0},
    };
    for (size_t i = 0; i < sizeof s64 / sizeof s64[0]; i++) {
        int64_t r = 12345;
        fa_trap t = fa_i64_trunc_f64_s(f64b(s64[i].in), &r);
        CHECK_BITS(t, s64[i].trap);
        CHECK_BITS((uint64_t)r, s64[i].trap == OK ? s64[i].want : 12345);
        CHECK_BITS((uint64_t)fa_i64_trunc_sat_f64_s(f64b(s64[i].in)), s64[i].sat);
    }
    static const cvt64_case u64[] = {
        {0x0000000000000000u, OK, 0, 0},
        {0xBFEFFFFFFFFFFFFFu, OK, 0, 0},
        {0x43E0000000000000u, OK, 9223372036854775808u, 9223372036854775808u},
        {0x43EFFFFFFFFFFFFFu, OK, 18446744073709549568u, 18446744073709549568u},
        {0x43F0000000000000u, OVF, 0, U64MAX},
        {0xBFF0000000000000u, OVF, 0, 0},
        {0x7FF0000000000000u, OVF, 0, U64MAX},
        {0xFFF0000000000000u, OVF, 0, 0},
        {0x7FF8000000000000u, NAN_T, 0, 0},
    };
    for (size_t i = 0; i < sizeof u64 / sizeof u64[0]; i++) {
        uint64_t r = 12345;
        fa_trap t = fa_i64_trunc_f64_u(f64b(u64[i].in), &r);
        CHECK_BITS(t, u64[i].trap);
        CHECK_BITS(r, u64[i].trap == OK ? u64[i].want : 12345);
        CHECK_BITS(fa_i64_trunc_sat_f64_u(f64b(u64[i].in)), u64[i].sat);
    }
}

/* ---------------------------------------------------------------- int -> float */

static void t_convert(void)
{
    /* conversions.wast */
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(1)), fa_f32_to_bits(1.0f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(-1)), fa_f32_to_bits(-1.0f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(0)), 0);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(INT32_MAX)), 0x4F000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(INT32_MIN)), 0xCF000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(1234567890)), fa_f32_to_bits(0x1.26580cp+30f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(16777217)), fa_f32_to_bits(16777216.0f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(-16777217)), fa_f32_to_bits(-16777216.0f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(16777219)), fa_f32_to_bits(16777220.0f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_s(-16777219)), fa_f32_to_bits(-16777220.0f));

    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_s(INT64_MAX)), 0x5F000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_s(INT64_MIN)), 0xDF000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_s(314159265358979)),
               fa_f32_to_bits(0x1.1db9e8p+48f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_s((int64_t)0x7fffff4000000001)),
               fa_f32_to_bits(0x1.fffffep+62f));
    CHECK_BITS(
        fa_f32_to_bits(fa_f32_convert_i64_s((int64_t)(0x8000004000000001u - I64MIN) + INT64_MIN)),
        fa_f32_to_bits(-0x1.fffffep+62f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_s((int64_t)0x0020000020000001)),
               fa_f32_to_bits(0x1.000002p+53f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_s(-(int64_t)0x0020000020000001)),
               fa_f32_to_bits(-0x1.000002p+53f)); /* 0xffdfffffdfffffff */
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_s(-16777219)), fa_f32_to_bits(-16777220.0f));

    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(0x12345678u)), fa_f32_to_bits(0x1.234568p+28f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(0xFFFFFFFFu)), 0x4F800000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(0x80000080u)), fa_f32_to_bits(0x1.000000p+31f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(0x80000081u)), fa_f32_to_bits(0x1.000002p+31f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(0x80000082u)), fa_f32_to_bits(0x1.000002p+31f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(0xFFFFFE80u)), fa_f32_to_bits(0x1.fffffcp+31f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(0xFFFFFE81u)), fa_f32_to_bits(0x1.fffffep+31f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(0xFFFFFE82u)), fa_f32_to_bits(0x1.fffffep+31f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(16777219u)), fa_f32_to_bits(16777220.0f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i32_u(0)), 0);

    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(0)), 0);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(1)), 0x3F800000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(0x7FFFFFFFFFFFFFFFu)), 0x5F000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(0x8000000000000000u)), 0x5F000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(U64MAX)), 0x5F800000u);
    /* the double-rounding traps: via double these come out one ulp low */
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(0x0020000020000001u)),
               fa_f32_to_bits(0x1.000002p+53f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(0x7FFFFFBFFFFFFFFFu)),
               fa_f32_to_bits(0x1.fffffep+62f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(0x8000008000000001u)),
               fa_f32_to_bits(0x1.000002p+63f));
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(0xFFFFFE8000000001u)),
               fa_f32_to_bits(0x1.fffffep+63f));
    /* exact ties go to even */
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(0x8000008000000000u)), 0x5F000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_convert_i64_u(0x8000018000000000u)), 0x5F000002u);

    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i32_s(INT32_MIN)), 0xC1E0000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i32_s(987654321)), fa_f64_to_bits(987654321.0));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i32_u(0xFFFFFFFFu)), fa_f64_to_bits(4294967295.0));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i32_u(0x80000000u)), 0x41E0000000000000u);

    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_s(0)), 0);
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_s(-1)), 0xBFF0000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_s(INT64_MAX)), 0x43E0000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_s(INT64_MIN)), 0xC3E0000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_s(4669201609102990)),
               fa_f64_to_bits(4669201609102990.0));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_s(9007199254740993)),
               fa_f64_to_bits(9007199254740992.0));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_s(-9007199254740993)),
               fa_f64_to_bits(-9007199254740992.0));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_s(9007199254740995)),
               fa_f64_to_bits(9007199254740996.0));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_s(-9007199254740995)),
               fa_f64_to_bits(-9007199254740996.0));

    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(0)), 0);
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(0x7FFFFFFFFFFFFFFFu)), 0x43E0000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(0x8000000000000000u)), 0x43E0000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(U64MAX)), 0x43F0000000000000u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(0x8000000000000400u)),
               fa_f64_to_bits(0x1.0000000000000p+63));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(0x8000000000000401u)),
               fa_f64_to_bits(0x1.0000000000001p+63));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(0x8000000000000402u)),
               fa_f64_to_bits(0x1.0000000000001p+63));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(0xFFFFFFFFFFFFF400u)),
               fa_f64_to_bits(0x1.ffffffffffffep+63));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(0xFFFFFFFFFFFFF401u)),
               fa_f64_to_bits(0x1.fffffffffffffp+63));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(0xFFFFFFFFFFFFF402u)),
               fa_f64_to_bits(0x1.fffffffffffffp+63));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(9007199254740993u)),
               fa_f64_to_bits(9007199254740992.0));
    CHECK_BITS(fa_f64_to_bits(fa_f64_convert_i64_u(9007199254740995u)),
               fa_f64_to_bits(9007199254740996.0));
}

static void t_demote_promote(void)
{
    CHECK_BITS(fa_f32_to_bits(fa_f32_demote_f64(0x1.fffffefffffffp+127)), 0x7F7FFFFFu);
    CHECK_BITS(fa_f32_to_bits(fa_f32_demote_f64(0x1.ffffffp+127)),
               0x7F800000u); /* tie -> even = inf */
    CHECK_BITS(fa_f32_to_bits(fa_f32_demote_f64(0x1p-149)), 0x00000001u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_demote_f64(0x1p-150)), 0x00000000u);      /* tie -> even */
    CHECK_BITS(fa_f32_to_bits(fa_f32_demote_f64(0x1.0000000000001p-150)), 1u); /* above the tie */
    CHECK_BITS(fa_f32_to_bits(fa_f32_demote_f64(-0x1p-150)), 0x80000000u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_demote_f64(0x1.000001p+0)), 0x3F800000u); /* tie -> even */
    CHECK_BITS(fa_f32_to_bits(fa_f32_demote_f64(0x1.000003p+0)), 0x3F800002u);
    CHECK(is_arith_nan32(fa_f32_demote_f64(f64b(0x7FF4000000000000u))));
    CHECK(is_canon_nan32(fa_f32_demote_f64(f64b(0x7FF8000000000000u))));
    CHECK_BITS(fa_f64_to_bits(fa_f64_promote_f32(f32b(0x00000001u))), fa_f64_to_bits(0x1p-149));
    CHECK_BITS(fa_f64_to_bits(fa_f64_promote_f32(f32b(0x80000000u))), 0x8000000000000000u);
    CHECK(is_arith_nan64(fa_f64_promote_f32(f32b(0x7FA00000u))));
    CHECK(is_canon_nan64(fa_f64_promote_f32(f32b(0xFFC00000u))));
}

/* ---------------------------------------------------------------- bits & memory */

static void t_bitcast(void)
{
    CHECK_BITS(fa_f32_to_bits(1.0f), 0x3F800000u);
    CHECK_BITS(fa_f32_to_bits(-0.0f), 0x80000000u);
    CHECK_BITS(fa_f64_to_bits(1.0), 0x3FF0000000000000u);
    CHECK_BITS(fa_f64_to_bits(-2.0), 0xC000000000000000u);
    /* NaN payloads survive a round trip */
    CHECK_BITS(fa_f32_to_bits(fa_f32_from_bits(0x7FA00001u)), 0x7FA00001u);
    CHECK_BITS(fa_f32_to_bits(fa_f32_from_bits(0xFF800001u)), 0xFF800001u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_from_bits(0x7FF0000000000001u)), 0x7FF0000000000001u);
    CHECK_BITS(fa_f64_to_bits(fa_f64_from_bits(0xFFF4000000000123u)), 0xFFF4000000000123u);
}

static void t_memory(void)
{
    uint8_t buf[24];
    for (int i = 0; i < 24; i++)
        buf[i] = (uint8_t)(0x10 + i);
    /* every alignment */
    for (int off = 0; off < 8; off++) {
        uint8_t b = (uint8_t)(0x10 + off);
        CHECK_BITS(fa_load_le16(buf + off), (uint16_t)(b | (b + 1) << 8));
        CHECK_BITS(fa_load_le32(buf + off), (uint32_t)b | (uint32_t)(b + 1) << 8 |
                                                (uint32_t)(b + 2) << 16 | (uint32_t)(b + 3) << 24);
        uint64_t want = 0;
        for (int k = 7; k >= 0; k--)
            want = want << 8 | (uint8_t)(b + k);
        CHECK_BITS(fa_load_le64(buf + off), want);
    }
    static const uint8_t le16[] = {0x34, 0x12};
    static const uint8_t le32[] = {0x78, 0x56, 0x34, 0x12};
    static const uint8_t le64[] = {0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01};
    for (int off = 0; off < 8; off++) {
        memset(buf, 0xAA, sizeof buf);
        fa_store_le16(buf + off, 0x1234);
        CHECK(memcmp(buf + off, le16, 2) == 0);
        CHECK(buf[off + 2] == 0xAA && (off == 0 || buf[off - 1] == 0xAA));
        memset(buf, 0xAA, sizeof buf);
        fa_store_le32(buf + off, 0x12345678u);
        CHECK(memcmp(buf + off, le32, 4) == 0);
        CHECK(buf[off + 4] == 0xAA && (off == 0 || buf[off - 1] == 0xAA));
        memset(buf, 0xAA, sizeof buf);
        fa_store_le64(buf + off, 0x0123456789ABCDEFu);
        CHECK(memcmp(buf + off, le64, 8) == 0);
        CHECK(buf[off + 8] == 0xAA && (off == 0 || buf[off - 1] == 0xAA));
        CHECK_BITS(fa_load_le64(buf + off), 0x0123456789ABCDEFu);
    }
    static const uint8_t hi[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x80};
    CHECK_BITS(fa_load_le64(hi), 0x80FFFFFFFFFFFFFFu);
    CHECK_BITS(fa_load_le32(hi + 4), 0x80FFFFFFu);
    CHECK_BITS(fa_load_le16(hi + 6), 0x80FFu);
}

static const fa_test tests[] = {
    {"bitcount", t_bitcount},
    {"rotate", t_rotate},
    {"shift_extend", t_shift_extend},
    {"divrem", t_divrem},
    {"minmax", t_minmax},
    {"rounding32", t_rounding32},
    {"rounding64", t_rounding64},
    {"sqrt", t_sqrt},
    {"trunc_f32_to_i32", t_trunc_f32_to_i32},
    {"trunc_f64_to_i32", t_trunc_f64_to_i32},
    {"trunc_to_i64", t_trunc_to_i64},
    {"convert", t_convert},
    {"demote_promote", t_demote_promote},
    {"bitcast", t_bitcast},
    {"memory", t_memory},
};

FA_TEST_MAIN(tests)
