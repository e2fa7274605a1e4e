/*
 * test_simd.c - lane semantics of src/simd.h (spec 4.3 numerics, 4.4.3
 * vector instructions, relaxed SIMD overview).
 *
 * Expected values are written out as lanes derived from the spec's
 * definitions (and the official simd_*.wast files), never computed with the
 * code under test. Needs nothing but the header. test_simd_portable.c
 * includes this file with FA_SIMD_LE=0, so the shift-based lane access that
 * big-endian hosts use runs here too.
 */
#include "simd.h"

#include "harness.h"

/* ---------------------------------------------------------------- helpers */

static fa_vec128 v8(int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8, int a9,
                    int a10, int a11, int a12, int a13, int a14, int a15)
{
    const int in[16] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15};
    fa_vec128 v = {{0, 0}};
    for (unsigned i = 0; i < 16; i++)
        v.w[i / 8] |= (uint64_t)(uint8_t)in[i] << (8 * (i % 8));
    return v;
}

static fa_vec128 v16(int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7)
{
    const int in[8] = {a0, a1, a2, a3, a4, a5, a6, a7};
    fa_vec128 v = {{0, 0}};
    for (unsigned i = 0; i < 8; i++)
        v.w[i / 4] |= (uint64_t)(uint16_t)in[i] << (16 * (i % 4));
    return v;
}

static fa_vec128 v32(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
    return fa_vec128_make((uint64_t)a0 | (uint64_t)a1 << 32, (uint64_t)a2 | (uint64_t)a3 << 32);
}

static fa_vec128 v64(uint64_t a0, uint64_t a1)
{
    return fa_vec128_make(a0, a1);
}

static fa_vec128 vf32(float a0, float a1, float a2, float a3)
{
    return v32(fa_f32_to_bits(a0), fa_f32_to_bits(a1), fa_f32_to_bits(a2), fa_f32_to_bits(a3));
}

static fa_vec128 vf64(double a0, double a1)
{
    return v64(fa_f64_to_bits(a0), fa_f64_to_bits(a1));
}

#define CHECK_V(got, want)                                                                         \
    do {                                                                                           \
        fa_vec128 g_ = (got), w_ = (want);                                                         \
        if (g_.w[0] != w_.w[0] || g_.w[1] != w_.w[1]) {                                            \
            fprintf(stderr, "  %s:%d: %s = %016llx:%016llx (hi:lo), want %016llx:%016llx\n",       \
                    __FILE__, __LINE__, #got, (unsigned long long)g_.w[1],                         \
                    (unsigned long long)g_.w[0], (unsigned long long)w_.w[1],                      \
                    (unsigned long long)w_.w[0]);                                                  \
            fa_test_failures_++;                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_BITS(got, want)                                                                      \
    do {                                                                                           \
        unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want);        \
        if (g_ != w_) {                                                                            \
            fprintf(stderr, "  %s:%d: %s = 0x%llx, want 0x%llx\n", __FILE__, __LINE__, #got, g_,   \
                    w_);                                                                           \
            fa_test_failures_++;                                                                   \
        }                                                                                          \
    } while (0)

static uint32_t lane32(fa_vec128 v, unsigned i)
{
    return fa_i32x4_extract_lane(v, i);
}

static int is_arith_nan32(uint32_t b)
{
    return (b & 0x7F800000u) == 0x7F800000u && (b & 0x00400000u);
}
static int is_canon_nan32(uint32_t b)
{
    return (b & 0x7FFFFFFFu) == 0x7FC00000u;
}
static int is_arith_nan64(uint64_t b)
{
    return (b & 0x7FF0000000000000u) == 0x7FF0000000000000u && (b & 0x0008000000000000u);
}

/* ---------------------------------------------------------------- layout */

static void t_layout(void)
{
    /* lane 0 is the lowest-addressed byte: i32x4 1 2 3 4 is bytes 01 00 00 00 02 ... */
    fa_vec128 v = v32(1, 2, 3, 4);
    CHECK_BITS(v.w[0], 0x0000000200000001u);
    CHECK_BITS(v.w[1], 0x0000000400000003u);
    uint8_t b[16];
    fa_vec128_to_bytes(v, b);
    CHECK_EQ_INT(b[0], 1);
    CHECK_EQ_INT(b[4], 2);
    CHECK_EQ_INT(b[12], 4);
    CHECK_V(fa_vec128_from_bytes(b), v);
    CHECK_V(v8(1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0), v);
    CHECK_V(v16(1, 0, 2, 0, 3, 0, 4, 0), v);

    /* the lane-array helpers agree with the portable (shift) form */
    fa_vec128 x = v64(0x0123456789ABCDEFu, 0xFEDCBA9876543210u);
    uint8_t l8[16], p8[16];
    uint16_t l16[8], p16[8];
    uint32_t l32[4], p32[4];
    fa_v_get8(x, l8);
    fa_v_get8_portable(x, p8);
    CHECK(memcmp(l8, p8, 16) == 0);
    CHECK_EQ_INT(l8[0], 0xEF);
    CHECK_EQ_INT(l8[15], 0xFE);
    fa_v_get16(x, l16);
    fa_v_get16_portable(x, p16);
    CHECK(memcmp(l16, p16, 16) == 0);
    CHECK_EQ_INT(l16[1], 0x89AB);
    fa_v_get32(x, l32);
    fa_v_get32_portable(x, p32);
    CHECK(memcmp(l32, p32, 16) == 0);
    CHECK_BITS(l32[2], 0x76543210u);
    CHECK_V(fa_v_set8(l8), x);
    CHECK_V(fa_v_set8_portable(l8), x);
    CHECK_V(fa_v_set16(l16), x);
    CHECK_V(fa_v_set16_portable(l16), x);
    CHECK_V(fa_v_set32(l32), x);
    CHECK_V(fa_v_set32_portable(l32), x);
}

/* ---------------------------------------------------------------- lanes */

static void t_splat_lanes(void)
{
    CHECK_V(fa_i8x16_splat(0x1FF),
            v8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
    CHECK_V(fa_i16x8_splat(0x12345),
            v16(0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345));
    CHECK_V(fa_i32x4_splat(7), v32(7, 7, 7, 7));
    CHECK_V(fa_i64x2_splat(0x8000000000000001u), v64(0x8000000000000001u, 0x8000000000000001u));
    CHECK_V(fa_f32x4_splat(0x7FA00001u), v32(0x7FA00001u, 0x7FA00001u, 0x7FA00001u, 0x7FA00001u));
    CHECK_V(fa_f64x2_splat(0x3FF0000000000000u), vf64(1.0, 1.0));

    fa_vec128 v = v8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, -1);
    CHECK_BITS(fa_i8x16_extract_lane_s(v, 15), 0xFFFFFFFFu);
    CHECK_BITS(fa_i8x16_extract_lane_u(v, 15), 0xFF);
    CHECK_BITS(fa_i8x16_extract_lane_u(v, 9), 9);
    CHECK_V(fa_i8x16_replace_lane(v, 15, 0x180),
            v8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, -128));
    CHECK_V(fa_i8x16_replace_lane(v, 0, 77),
            v8(77, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, -1));

    fa_vec128 h = v16(0, -32768, 2, 3, 4, 5, 6, 65535);
    CHECK_BITS(fa_i16x8_extract_lane_s(h, 1), 0xFFFF8000u);
    CHECK_BITS(fa_i16x8_extract_lane_u(h, 1), 0x8000);
    CHECK_BITS(fa_i16x8_extract_lane_s(h, 7), 0xFFFFFFFFu);
    CHECK_V(fa_i16x8_replace_lane(h, 6, 0x10009), v16(0, -32768, 2, 3, 4, 5, 9, -1));

    fa_vec128 w = v32(10, 20, 30, 40);
    CHECK_BITS(fa_i32x4_extract_lane(w, 3), 40);
    CHECK_V(fa_i32x4_replace_lane(w, 2, 0xFFFFFFFFu), v32(10, 20, 0xFFFFFFFFu, 40));
    CHECK_BITS(fa_i64x2_extract_lane(v64(1, 2), 1), 2);
    CHECK_V(fa_i64x2_replace_lane(v64(1, 2), 0, 9), v64(9, 2));
    CHECK_BITS(fa_f32x4_extract_lane(vf32(1, 2, 3, -0.0f), 3), 0x80000000u);
    CHECK_V(fa_f32x4_replace_lane(vf32(1, 2, 3, 4), 1, 0x7FC00000u),
            v32(0x3F800000u, 0x7FC00000u, 0x40400000u, 0x40800000u));
    CHECK_BITS(fa_f64x2_extract_lane(vf64(1, -2), 1), 0xC000000000000000u);
    CHECK_V(fa_f64x2_replace_lane(vf64(1, 2), 1, 0), vf64(1, 0));
}

static void t_shuffle_swizzle(void)
{
    fa_vec128 a = v8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    fa_vec128 b = v8(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
    static const uint8_t idx[16] = {31, 0, 30, 1, 29, 2, 28, 3, 16, 15, 17, 14, 5, 5, 5, 5};
    CHECK_V(fa_i8x16_shuffle(a, b, idx),
            v8(31, 0, 30, 1, 29, 2, 28, 3, 16, 15, 17, 14, 5, 5, 5, 5));
    fa_vec128 s = v8(15, 0, 16, 255, 128, 3, 3, 17, 1, 2, 3, 4, 5, 6, 7, 8);
    fa_vec128 t =
        v8(100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115);
    CHECK_V(fa_i8x16_swizzle(t, s),
            v8(115, 100, 0, 0, 0, 103, 103, 0, 101, 102, 103, 104, 105, 106, 107, 108));
    CHECK_V(fa_i8x16_relaxed_swizzle(t, s), fa_i8x16_swizzle(t, s));
}

/* ---------------------------------------------------------------- bitwise */

static void t_bitwise(void)
{
    fa_vec128 a = v64(0xFF00FF00FF00FF00u, 0x0123456789ABCDEFu);
    fa_vec128 b = v64(0x0F0F0F0F0F0F0F0Fu, 0xFFFFFFFF00000000u);
    CHECK_V(fa_v128_not(a), v64(0x00FF00FF00FF00FFu, 0xFEDCBA9876543210u));
    CHECK_V(fa_v128_and(a, b), v64(0x0F000F000F000F00u, 0x0123456700000000u));
    CHECK_V(fa_v128_andnot(a, b), v64(0xF000F000F000F000u, 0x0000000089ABCDEFu));
    CHECK_V(fa_v128_or(a, b), v64(0xFF0FFF0FFF0FFF0Fu, 0xFFFFFFFF89ABCDEFu));
    CHECK_V(fa_v128_xor(a, b), v64(0xF00FF00FF00FF00Fu, 0xFEDCBA9889ABCDEFu));
    fa_vec128 c = v64(0xFFFFFFFF00000000u, 0x00000000FFFFFFFFu);
    CHECK_V(fa_v128_bitselect(a, b, c), v64(0xFF00FF000F0F0F0Fu, 0xFFFFFFFF89ABCDEFu));
    CHECK_V(fa_i8x16_relaxed_laneselect(a, b, c), fa_v128_bitselect(a, b, c));
    CHECK_V(fa_i16x8_relaxed_laneselect(a, b, c), fa_v128_bitselect(a, b, c));
    CHECK_V(fa_i32x4_relaxed_laneselect(a, b, c), fa_v128_bitselect(a, b, c));
    CHECK_V(fa_i64x2_relaxed_laneselect(a, b, c), fa_v128_bitselect(a, b, c));
    CHECK_EQ_INT(fa_v128_any_true(v64(0, 0)), 0);
    CHECK_EQ_INT(fa_v128_any_true(v64(0, 1u << 31)), 1);
}

/* ---------------------------------------------------------------- integer */

static void t_i8x16(void)
{
    fa_vec128 a = v8(0, 1, 127, -128, -1, 100, -100, 50, 200, 255, 0, 7, 8, 9, 10, -2);
    fa_vec128 b = v8(0, 1, 1, -1, 1, 100, -100, -60, 100, 1, 255, 7, 9, 8, 10, -3);
    CHECK_V(fa_i8x16_add(a, b),
            v8(0, 2, -128, 127, 0, -56, 56, -10, 44, 0, -1, 14, 17, 17, 20, -5));
    CHECK_V(fa_i8x16_sub(a, b), v8(0, 0, 126, -127, -2, 0, 0, 110, 100, -2, 1, 0, -1, 1, 0, 1));
    CHECK_V(fa_i8x16_add_sat_s(a, b),
            v8(0, 2, 127, -128, 0, 127, -128, -10, 44, 0, -1, 14, 17, 17, 20, -5));
    CHECK_V(fa_i8x16_add_sat_u(a, b),
            v8(0, 2, 128, 255, 255, 200, 255, 246, 255, 255, 255, 14, 17, 17, 20, 255));
    CHECK_V(fa_i8x16_sub_sat_s(a, b),
            v8(0, 0, 126, -127, -2, 0, 0, 110, -128, -2, 1, 0, -1, 1, 0, 1));
    CHECK_V(fa_i8x16_sub_sat_u(a, b), v8(0, 0, 126, 0, 254, 0, 0, 0, 100, 254, 0, 0, 0, 1, 0, 1));
    CHECK_V(fa_i8x16_min_s(a, b),
            v8(0, 1, 1, -128, -1, 100, -100, -60, -56, -1, -1, 7, 8, 8, 10, -3));
    CHECK_V(fa_i8x16_min_u(a, b), v8(0, 1, 1, -128, 1, 100, -100, 50, 100, 1, 0, 7, 8, 8, 10, -3));
    CHECK_V(fa_i8x16_max_s(a, b), v8(0, 1, 127, -1, 1, 100, -100, 50, 100, 1, 0, 7, 9, 9, 10, -2));
    CHECK_V(fa_i8x16_max_u(a, b),
            v8(0, 1, 127, -1, -1, 100, -100, -60, 200, 255, 255, 7, 9, 9, 10, -2));
    CHECK_V(fa_i8x16_avgr_u(a, b),
            v8(0, 1, 64, 192, 128, 100, 156, 123, 150, 128, 128, 7, 9, 9, 10, 254));
    CHECK_V(fa_i8x16_abs(a), v8(0, 1, 127, -128, 1, 100, 100, 50, 56, 1, 0, 7, 8, 9, 10, 2));
    CHECK_V(fa_i8x16_neg(a),
            v8(0, -1, -127, -128, 1, -100, 100, -50, 56, 1, 0, -7, -8, -9, -10, 2));
    CHECK_V(fa_i8x16_popcnt(a), v8(0, 1, 7, 1, 8, 3, 4, 3, 3, 8, 0, 3, 1, 2, 2, 7));
    CHECK_V(fa_i8x16_eq(a, b), v8(-1, -1, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, 0, 0, -1, 0));
    CHECK_V(fa_i8x16_ne(a, b), v8(0, 0, -1, -1, -1, 0, 0, -1, -1, -1, -1, 0, -1, -1, 0, -1));
    CHECK_V(fa_i8x16_lt_s(a, b), v8(0, 0, 0, -1, -1, 0, 0, 0, -1, -1, 0, 0, -1, 0, 0, 0));
    CHECK_V(fa_i8x16_lt_u(a, b), v8(0, 0, 0, -1, 0, 0, 0, -1, 0, 0, -1, 0, -1, 0, 0, 0));
    CHECK_V(fa_i8x16_gt_s(a, b), v8(0, 0, -1, 0, 0, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, -1));
    CHECK_V(fa_i8x16_gt_u(a, b), v8(0, 0, -1, 0, -1, 0, 0, 0, -1, -1, 0, 0, 0, -1, 0, -1));
    CHECK_V(fa_i8x16_le_s(a, b), v8(-1, -1, 0, -1, -1, -1, -1, 0, -1, -1, 0, -1, -1, 0, -1, 0));
    CHECK_V(fa_i8x16_le_u(a, b), v8(-1, -1, 0, -1, 0, -1, -1, -1, 0, 0, -1, -1, -1, 0, -1, 0));
    CHECK_V(fa_i8x16_ge_s(a, b), v8(-1, -1, -1, 0, 0, -1, -1, -1, 0, 0, -1, -1, 0, -1, -1, -1));
    CHECK_V(fa_i8x16_ge_u(a, b), v8(-1, -1, -1, 0, -1, -1, -1, 0, -1, -1, 0, -1, 0, -1, -1, -1));

    fa_vec128 s = v8(1, -1, -128, 127, 64, -64, 3, 0, 1, 2, 4, 8, 16, 32, 64, -128);
    CHECK_V(fa_i8x16_shl(s, 1), v8(2, -2, 0, -2, -128, -128, 6, 0, 2, 4, 8, 16, 32, 64, -128, 0));
    CHECK_V(fa_i8x16_shl(s, 9), fa_i8x16_shl(s, 1)); /* count mod 8 */
    CHECK_V(fa_i8x16_shr_s(s, 1), v8(0, -1, -64, 63, 32, -32, 1, 0, 0, 1, 2, 4, 8, 16, 32, -64));
    CHECK_V(fa_i8x16_shr_u(s, 1), v8(0, 127, 64, 63, 32, 96, 1, 0, 0, 1, 2, 4, 8, 16, 32, 64));
    CHECK_V(fa_i8x16_shr_s(s, 7), v8(0, -1, -1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1));
    CHECK_V(fa_i8x16_shr_u(s, 0xFFFFFFF8u), s); /* 8 mod 8 = 0 */

    CHECK_EQ_INT(fa_i8x16_all_true(a), 0);
    CHECK_EQ_INT(fa_i8x16_all_true(fa_i8x16_splat(0x80)), 1);
    CHECK_BITS(fa_i8x16_bitmask(a), 0x8358); /* lanes 3,4,6,8,9,15 negative */
}

static void t_i16x8(void)
{
    fa_vec128 a = v16(0, 1, 32767, -32768, -1, 300, -300, 1000);
    fa_vec128 b = v16(0, 1, 1, -1, 1, -300, 300, 1000);
    CHECK_V(fa_i16x8_add(a, b), v16(0, 2, -32768, 32767, 0, 0, 0, 2000));
    CHECK_V(fa_i16x8_sub(a, b), v16(0, 0, 32766, -32767, -2, 600, -600, 0));
    CHECK_V(fa_i16x8_mul(a, b),
            v16(0, 1, 32767, -32768, -1, (uint16_t)-90000, (uint16_t)-90000, (uint16_t)1000000));
    CHECK_V(fa_i16x8_add_sat_s(a, b), v16(0, 2, 32767, -32768, 0, 0, 0, 2000));
    CHECK_V(fa_i16x8_add_sat_u(a, b), v16(0, 2, 32768, 65535, 65535, 65535, 65535, 2000));
    CHECK_V(fa_i16x8_sub_sat_s(a, b), v16(0, 0, 32766, -32767, -2, 600, -600, 0));
    CHECK_V(fa_i16x8_sub_sat_u(a, b), v16(0, 0, 32766, 0, 65534, 0, 64936, 0));
    CHECK_V(fa_i16x8_min_s(a, b), v16(0, 1, 1, -32768, -1, -300, -300, 1000));
    CHECK_V(fa_i16x8_max_u(a, b), v16(0, 1, 32767, -1, -1, -300, -300, 1000));
    CHECK_V(fa_i16x8_avgr_u(v16(65535, 0, 1, 2, 3, 4, 5, 6), v16(65535, 1, 1, 3, 3, 5, 5, 65535)),
            v16(65535, 1, 1, 3, 3, 5, 5, 32771));
    CHECK_V(fa_i16x8_abs(a), v16(0, 1, 32767, -32768, 1, 300, 300, 1000));
    CHECK_V(fa_i16x8_neg(a), v16(0, -1, -32767, -32768, 1, -300, 300, -1000));
    CHECK_V(fa_i16x8_lt_s(a, b), v16(0, 0, 0, -1, -1, 0, -1, 0));
    CHECK_V(fa_i16x8_min_u(a, b), v16(0, 1, 1, -32768, 1, 300, 300, 1000));
    CHECK_V(fa_i16x8_max_s(a, b), v16(0, 1, 32767, -1, 1, 300, 300, 1000));
    CHECK_V(fa_i16x8_eq(a, b), v16(-1, -1, 0, 0, 0, 0, 0, -1));
    CHECK_V(fa_i16x8_ne(a, b), v16(0, 0, -1, -1, -1, -1, -1, 0));
    CHECK_V(fa_i16x8_lt_u(a, b), v16(0, 0, 0, -1, 0, -1, 0, 0));
    CHECK_V(fa_i16x8_gt_s(a, b), v16(0, 0, -1, 0, 0, -1, 0, 0));
    CHECK_V(fa_i16x8_gt_u(a, b), v16(0, 0, -1, 0, -1, 0, -1, 0));
    CHECK_V(fa_i16x8_le_s(a, b), v16(-1, -1, 0, -1, -1, 0, -1, -1));
    CHECK_V(fa_i16x8_le_u(a, b), v16(-1, -1, 0, -1, 0, -1, 0, -1));
    CHECK_V(fa_i16x8_ge_s(a, b), v16(-1, -1, -1, 0, 0, -1, 0, -1));
    CHECK_V(fa_i16x8_ge_u(a, b), v16(-1, -1, -1, 0, -1, 0, -1, -1));

    /* q15mulr_sat_s: (a*b + 0x4000) >> 15, saturating */
    fa_vec128 q = fa_i16x8_q15mulr_sat_s(v16(-32768, 16384, -32768, 32767, 1, -1, 3, -16384),
                                         v16(-32768, 16384, 32767, 32767, 16384, 16384, 16384, 3));
    CHECK_V(q, v16(32767, 8192, -32767, 32766, 1, 0, 2, -1));
    CHECK_V(fa_i16x8_relaxed_q15mulr_s(v16(-32768, 0, 0, 0, 0, 0, 0, 0),
                                       v16(-32768, 0, 0, 0, 0, 0, 0, 0)),
            v16(32767, 0, 0, 0, 0, 0, 0, 0));

    fa_vec128 s = v16(1, -1, -32768, 32767, 0x4000, 0x0100, 3, -2);
    CHECK_V(fa_i16x8_shl(s, 17), v16(2, -2, 0, -2, -32768, 0x0200, 6, -4));
    CHECK_V(fa_i16x8_shr_s(s, 15), v16(0, -1, -1, 0, 0, 0, 0, -1));
    CHECK_V(fa_i16x8_shr_u(s, 8), v16(0, 255, 128, 127, 64, 1, 0, 255));

    CHECK_EQ_INT(fa_i16x8_all_true(a), 0);
    CHECK_EQ_INT(fa_i16x8_all_true(b), 0);
    CHECK_EQ_INT(fa_i16x8_all_true(v16(1, 2, 3, 4, 5, 6, 7, -1)), 1);
    CHECK_BITS(fa_i16x8_bitmask(a), 0x58); /* lanes 3, 4, 6 */
}

static void t_i32x4_i64x2(void)
{
    fa_vec128 a = v32(0x7FFFFFFFu, 0x80000000u, 5, 0xFFFFFFFFu);
    fa_vec128 b = v32(1, 0xFFFFFFFFu, 7, 2);
    CHECK_V(fa_i32x4_add(a, b), v32(0x80000000u, 0x7FFFFFFFu, 12, 1));
    CHECK_V(fa_i32x4_sub(a, b), v32(0x7FFFFFFEu, 0x80000001u, 0xFFFFFFFEu, 0xFFFFFFFDu));
    CHECK_V(fa_i32x4_mul(a, b), v32(0x7FFFFFFFu, 0x80000000u, 35, 0xFFFFFFFEu));
    CHECK_V(fa_i32x4_min_s(a, b), v32(1, 0x80000000u, 5, 0xFFFFFFFFu));
    CHECK_V(fa_i32x4_min_u(a, b), v32(1, 0x80000000u, 5, 2));
    CHECK_V(fa_i32x4_max_s(a, b), v32(0x7FFFFFFFu, 0xFFFFFFFFu, 7, 2));
    CHECK_V(fa_i32x4_max_u(a, b), v32(0x7FFFFFFFu, 0xFFFFFFFFu, 7, 0xFFFFFFFFu));
    CHECK_V(fa_i32x4_abs(a), v32(0x7FFFFFFFu, 0x80000000u, 5, 1));
    CHECK_V(fa_i32x4_neg(a), v32(0x80000001u, 0x80000000u, 0xFFFFFFFBu, 1));
    CHECK_V(fa_i32x4_gt_s(a, b), v32(~0u, 0, 0, 0));
    CHECK_V(fa_i32x4_eq(a, b), v32(0, 0, 0, 0));
    CHECK_V(fa_i32x4_eq(a, a), v32(~0u, ~0u, ~0u, ~0u));
    CHECK_V(fa_i32x4_ne(a, b), v32(~0u, ~0u, ~0u, ~0u));
    CHECK_V(fa_i32x4_lt_s(a, b), v32(0, ~0u, ~0u, ~0u));
    CHECK_V(fa_i32x4_lt_u(a, b), v32(0, ~0u, ~0u, 0));
    CHECK_V(fa_i32x4_le_u(a, b), v32(0, ~0u, ~0u, 0));
    CHECK_V(fa_i32x4_ge_s(a, b), v32(~0u, 0, 0, 0));
    CHECK_V(fa_i32x4_ge_u(a, b), v32(~0u, 0, 0, ~0u));
    CHECK_V(fa_i32x4_gt_u(a, b), v32(~0u, 0, 0, ~0u));
    CHECK_V(fa_i32x4_le_s(a, b), v32(0, ~0u, ~0u, ~0u));
    CHECK_V(fa_i32x4_shl(a, 33), v32(0xFFFFFFFEu, 0, 10, 0xFFFFFFFEu));
    CHECK_V(fa_i32x4_shr_s(a, 31), v32(0, ~0u, 0, ~0u));
    CHECK_V(fa_i32x4_shr_u(a, 31), v32(0, 1, 0, 1));
    CHECK_EQ_INT(fa_i32x4_all_true(a), 1);
    CHECK_EQ_INT(fa_i32x4_all_true(v32(1, 1, 0, 1)), 0);
    CHECK_BITS(fa_i32x4_bitmask(a), 0xA);

    fa_vec128 c = v64(0x8000000000000000u, 3);
    fa_vec128 d = v64(0xFFFFFFFFFFFFFFFFu, 3);
    CHECK_V(fa_i64x2_add(c, d), v64(0x7FFFFFFFFFFFFFFFu, 6));
    CHECK_V(fa_i64x2_sub(c, d), v64(0x8000000000000001u, 0));
    CHECK_V(fa_i64x2_mul(c, d), v64(0x8000000000000000u, 9));
    CHECK_V(fa_i64x2_abs(c), c);
    CHECK_V(fa_i64x2_neg(d), v64(1, 0xFFFFFFFFFFFFFFFDu));
    CHECK_V(fa_i64x2_eq(c, d), v64(0, ~(uint64_t)0));
    CHECK_V(fa_i64x2_ne(c, d), v64(~(uint64_t)0, 0));
    CHECK_V(fa_i64x2_lt_s(c, d), v64(~(uint64_t)0, 0));
    CHECK_V(fa_i64x2_gt_s(c, d), v64(0, 0));
    CHECK_V(fa_i64x2_le_s(c, d), v64(~(uint64_t)0, ~(uint64_t)0));
    CHECK_V(fa_i64x2_ge_s(c, d), v64(0, ~(uint64_t)0));
    CHECK_V(fa_i64x2_shl(d, 65), v64(0xFFFFFFFFFFFFFFFEu, 6));
    CHECK_V(fa_i64x2_shr_s(c, 63), v64(~(uint64_t)0, 0));
    CHECK_V(fa_i64x2_shr_u(c, 63), v64(1, 0));
    CHECK_EQ_INT(fa_i64x2_all_true(c), 1);
    CHECK_EQ_INT(fa_i64x2_all_true(v64(0, 1)), 0);
    CHECK_BITS(fa_i64x2_bitmask(c), 1);
    CHECK_BITS(fa_i64x2_bitmask(d), 1);
}

static void t_narrow_extend(void)
{
    fa_vec128 a = v16(300, -300, 127, -129, 128, -128, 255, 256);
    fa_vec128 b = v16(0, 1, -1, 32767, -32768, 100, -100, 50);
    CHECK_V(fa_i8x16_narrow_i16x8_s(a, b),
            v8(127, -128, 127, -128, 127, -128, 127, 127, 0, 1, -1, 127, -128, 100, -100, 50));
    CHECK_V(fa_i8x16_narrow_i16x8_u(a, b),
            v8(255, 0, 127, 0, 128, 0, 255, 255, 0, 1, 0, 255, 0, 100, 0, 50));
    fa_vec128 c = v32(70000, 0xFFFEFFFFu /* -65537 */, 32768, 0xFFFF7FFFu /* -32769 */);
    fa_vec128 d = v32(1, 0xFFFFFFFFu, 65535, 65536);
    CHECK_V(fa_i16x8_narrow_i32x4_s(c, d), v16(32767, -32768, 32767, -32768, 1, -1, 32767, 32767));
    CHECK_V(fa_i16x8_narrow_i32x4_u(c, d), v16(65535, 0, 32768, 0, 1, 0, 65535, 65535));

    fa_vec128 x = v8(-1, 2, -3, 4, -5, 6, -7, 8, 127, -128, 0, 1, 2, 3, 4, -2);
    CHECK_V(fa_i16x8_extend_low_i8x16_s(x), v16(-1, 2, -3, 4, -5, 6, -7, 8));
    CHECK_V(fa_i16x8_extend_high_i8x16_s(x), v16(127, -128, 0, 1, 2, 3, 4, -2));
    CHECK_V(fa_i16x8_extend_low_i8x16_u(x), v16(255, 2, 253, 4, 251, 6, 249, 8));
    CHECK_V(fa_i16x8_extend_high_i8x16_u(x), v16(127, 128, 0, 1, 2, 3, 4, 254));
    fa_vec128 y = v16(-1, 2, -32768, 4, 5, -6, 7, 65535);
    CHECK_V(fa_i32x4_extend_low_i16x8_s(y), v32(0xFFFFFFFFu, 2, 0xFFFF8000u, 4));
    CHECK_V(fa_i32x4_extend_high_i16x8_s(y), v32(5, 0xFFFFFFFAu, 7, 0xFFFFFFFFu));
    CHECK_V(fa_i32x4_extend_low_i16x8_u(y), v32(0xFFFF, 2, 0x8000, 4));
    CHECK_V(fa_i32x4_extend_high_i16x8_u(y), v32(5, 0xFFFA, 7, 0xFFFF));
    fa_vec128 z = v32(0xFFFFFFFFu, 2, 0x80000000u, 4);
    CHECK_V(fa_i64x2_extend_low_i32x4_s(z), v64(~(uint64_t)0, 2));
    CHECK_V(fa_i64x2_extend_high_i32x4_s(z), v64(0xFFFFFFFF80000000u, 4));
    CHECK_V(fa_i64x2_extend_low_i32x4_u(z), v64(0xFFFFFFFFu, 2));
    CHECK_V(fa_i64x2_extend_high_i32x4_u(z), v64(0x80000000u, 4));
}

static void t_extmul_dot(void)
{
    fa_vec128 a = v8(-128, 127, -1, 2, 3, 4, 5, 6, 255, 128, 10, 11, 12, 13, 14, 15);
    fa_vec128 b = v8(-128, -128, -1, 3, 3, 3, 3, 3, 255, 2, 2, 2, 2, 2, 2, 2);
    CHECK_V(fa_i16x8_extmul_low_i8x16_s(a, b), v16(16384, -16256, 1, 6, 9, 12, 15, 18));
    CHECK_V(fa_i16x8_extmul_high_i8x16_s(a, b), v16(1, -256, 20, 22, 24, 26, 28, 30));
    CHECK_V(fa_i16x8_extmul_low_i8x16_u(a, b), v16(16384, 16256, 65025, 6, 9, 12, 15, 18));
    CHECK_V(fa_i16x8_extmul_high_i8x16_u(a, b), v16(65025, 256, 20, 22, 24, 26, 28, 30));
    fa_vec128 c = v16(-32768, 32767, -1, 2, 65535, 3, 4, 5);
    fa_vec128 d = v16(-32768, -32768, 65535, 3, 65535, 3, 4, 5);
    CHECK_V(fa_i32x4_extmul_low_i16x8_s(c, d), v32(0x40000000u, 0xC0008000u, 1, 6));
    CHECK_V(fa_i32x4_extmul_high_i16x8_s(c, d), v32(1, 9, 16, 25));
    CHECK_V(fa_i32x4_extmul_low_i16x8_u(c, d), v32(0x40000000u, 0x3FFF8000u, 0xFFFE0001u, 6));
    CHECK_V(fa_i32x4_extmul_high_i16x8_u(c, d), v32(0xFFFE0001u, 9, 16, 25));
    fa_vec128 e = v32(0x80000000u, 0xFFFFFFFFu, 3, 0xFFFFFFFFu);
    fa_vec128 f = v32(0x80000000u, 2, 4, 0xFFFFFFFFu);
    CHECK_V(fa_i64x2_extmul_low_i32x4_s(e, f), v64(0x4000000000000000u, 0xFFFFFFFFFFFFFFFEu));
    CHECK_V(fa_i64x2_extmul_high_i32x4_s(e, f), v64(12, 1));
    CHECK_V(fa_i64x2_extmul_low_i32x4_u(e, f), v64(0x4000000000000000u, 0x1FFFFFFFEu));
    CHECK_V(fa_i64x2_extmul_high_i32x4_u(e, f), v64(12, 0xFFFFFFFE00000001u));

    CHECK_V(fa_i16x8_extadd_pairwise_i8x16_s(a), v16(-1, 1, 7, 11, -129, 21, 25, 29));
    CHECK_V(fa_i16x8_extadd_pairwise_i8x16_u(a), v16(255, 257, 7, 11, 383, 21, 25, 29));
    CHECK_V(fa_i32x4_extadd_pairwise_i16x8_s(c), v32(0xFFFFFFFFu, 1, 2, 9));
    CHECK_V(fa_i32x4_extadd_pairwise_i16x8_u(c), v32(65535, 65537, 65538, 9));

    /* dot: the sum of two 2^30 products wraps to INT32_MIN */
    CHECK_V(fa_i32x4_dot_i16x8_s(v16(-32768, -32768, 1, 2, 3, 4, -5, 6),
                                 v16(-32768, -32768, 7, 8, 9, 10, 11, 12)),
            v32(0x80000000u, 23, 67, 17));
}

/* ---------------------------------------------------------------- float */

static void t_f32x4(void)
{
    const uint32_t nan = 0x7FC00000u, snan_payload = 0x7FA00001u, neg_nan = 0xFFC00000u;
    fa_vec128 a = vf32(1.5f, -0.0f, 0.0f, 3.0f);
    fa_vec128 b = vf32(2.25f, 0.0f, -0.0f, -3.0f);
    CHECK_V(fa_f32x4_add(a, b), vf32(3.75f, 0.0f, 0.0f, 0.0f));
    CHECK_V(fa_f32x4_sub(a, b), vf32(-0.75f, -0.0f, 0.0f, 6.0f));
    CHECK_V(fa_f32x4_mul(a, b), vf32(3.375f, -0.0f, -0.0f, -9.0f));
    CHECK_V(fa_f32x4_div(vf32(1, 1, -1, 0), vf32(4, 0, 0, 2)),
            vf32(0.25f, HUGE_VALF, -HUGE_VALF, 0.0f));
    CHECK_V(fa_f32x4_min(a, b), vf32(1.5f, -0.0f, -0.0f, -3.0f));
    CHECK_V(fa_f32x4_max(a, b), vf32(2.25f, 0.0f, 0.0f, 3.0f));
    CHECK_V(fa_f32x4_relaxed_min(a, b), fa_f32x4_min(a, b));
    CHECK_V(fa_f32x4_relaxed_max(a, b), fa_f32x4_max(a, b));
    /* pmin/pmax: b < a ? b : a and a < b ? b : a, so -0/+0 keep a */
    CHECK_V(fa_f32x4_pmin(a, b), vf32(1.5f, -0.0f, 0.0f, -3.0f));
    CHECK_V(fa_f32x4_pmax(a, b), vf32(2.25f, -0.0f, 0.0f, 3.0f));

    fa_vec128 n = v32(nan, snan_payload, 0x3F800000u, neg_nan);
    fa_vec128 one = vf32(1, 1, 1, 1);
    fa_vec128 r = fa_f32x4_min(n, one);
    CHECK(is_arith_nan32(lane32(r, 0)) && is_arith_nan32(lane32(r, 1)) &&
          is_arith_nan32(lane32(r, 3)));
    CHECK_BITS(lane32(r, 2), 0x3F800000u);
    CHECK(is_canon_nan32(lane32(r, 0)));
    r = fa_f32x4_max(one, n);
    CHECK(is_arith_nan32(lane32(r, 0)) && is_arith_nan32(lane32(r, 1)) &&
          is_arith_nan32(lane32(r, 3)));
    r = fa_f32x4_add(n, one);
    CHECK(is_arith_nan32(lane32(r, 1)));
    /* pmin/pmax return an operand's exact bits, NaN payload included */
    CHECK_V(fa_f32x4_pmin(n, one), n);
    CHECK_V(fa_f32x4_pmin(one, n), one);
    CHECK_V(fa_f32x4_pmax(n, one), n);
    /* abs/neg are bit operations */
    CHECK_V(fa_f32x4_abs(n), v32(nan, snan_payload, 0x3F800000u, nan));
    CHECK_V(fa_f32x4_neg(n), v32(neg_nan, 0xFFA00001u, 0xBF800000u, nan));

    CHECK_V(fa_f32x4_sqrt(vf32(4, 2, -0.0f, 0.25f)),
            v32(0x40000000u, 0x3FB504F3u, 0x80000000u, 0x3F000000u));
    CHECK(is_arith_nan32(lane32(fa_f32x4_sqrt(vf32(-1, 0, 0, 0)), 0)));
    fa_vec128 x = vf32(-0.5f, 2.5f, -1.5f, 0x1p23f + 1.0f);
    CHECK_V(fa_f32x4_nearest(x), vf32(-0.0f, 2.0f, -2.0f, 0x1p23f + 1.0f));
    CHECK_V(fa_f32x4_ceil(x), vf32(-0.0f, 3.0f, -1.0f, 0x1p23f + 1.0f));
    CHECK_V(fa_f32x4_floor(x), vf32(-1.0f, 2.0f, -2.0f, 0x1p23f + 1.0f));
    CHECK_V(fa_f32x4_trunc(x), vf32(-0.0f, 2.0f, -1.0f, 0x1p23f + 1.0f));

    CHECK_V(fa_f32x4_eq(a, b), v32(0, ~0u, ~0u, 0));
    CHECK_V(fa_f32x4_ne(n, n), v32(~0u, ~0u, 0, ~0u));
    CHECK_V(fa_f32x4_lt(a, b), v32(~0u, 0, 0, 0));
    CHECK_V(fa_f32x4_gt(a, b), v32(0, 0, 0, ~0u));
    CHECK_V(fa_f32x4_le(a, b), v32(~0u, ~0u, ~0u, 0));
    CHECK_V(fa_f32x4_ge(n, one), v32(0, 0, ~0u, 0));
}

static void t_f64x2(void)
{
    const uint64_t nan = 0x7FF8000000000000u, payload = 0x7FF4000000000001u;
    fa_vec128 a = vf64(-0.0, 1.0);
    fa_vec128 b = vf64(0.0, 0x1p-60);
    CHECK_V(fa_f64x2_add(a, b), vf64(0.0, 1.0));
    CHECK_V(fa_f64x2_sub(a, b), vf64(-0.0, 1.0));
    CHECK_V(fa_f64x2_mul(vf64(3, -2), vf64(0.5, 4)), vf64(1.5, -8));
    CHECK_V(fa_f64x2_div(vf64(1, 1), vf64(3, -0.0)), vf64(1.0 / 3.0, -HUGE_VAL));
    CHECK_V(fa_f64x2_min(a, b), vf64(-0.0, 0x1p-60));
    CHECK_V(fa_f64x2_max(a, b), vf64(0.0, 1.0));
    CHECK_V(fa_f64x2_pmin(a, b), vf64(-0.0, 0x1p-60));
    CHECK_V(fa_f64x2_pmax(a, b), vf64(-0.0, 1.0));
    fa_vec128 n = v64(nan, payload);
    fa_vec128 r = fa_f64x2_min(n, vf64(1, 1));
    CHECK(is_arith_nan64(r.w[0]) && is_arith_nan64(r.w[1]));
    r = fa_f64x2_relaxed_max(vf64(1, 1), n);
    CHECK(is_arith_nan64(r.w[0]) && is_arith_nan64(r.w[1]));
    CHECK(is_arith_nan64(fa_f64x2_relaxed_min(n, n).w[1]));
    CHECK_V(fa_f64x2_pmax(n, vf64(1, 1)), n);
    CHECK_V(fa_f64x2_abs(v64(0xFFF4000000000001u, 0x8000000000000000u)), v64(payload, 0));
    CHECK_V(fa_f64x2_neg(n), v64(0xFFF8000000000000u, 0xFFF4000000000001u));
    CHECK_V(fa_f64x2_sqrt(vf64(9, 2)), v64(0x4008000000000000u, 0x3FF6A09E667F3BCDu));
    CHECK_V(fa_f64x2_nearest(vf64(-2.5, 3.5)), vf64(-2.0, 4.0));
    CHECK_V(fa_f64x2_ceil(vf64(-0.5, 1.25)), vf64(-0.0, 2.0));
    CHECK_V(fa_f64x2_floor(vf64(-0.5, 1.25)), vf64(-1.0, 1.0));
    CHECK_V(fa_f64x2_trunc(vf64(-0.5, 1.75)), vf64(-0.0, 1.0));
    CHECK_V(fa_f64x2_eq(a, b), v64(~(uint64_t)0, 0));
    CHECK_V(fa_f64x2_ne(n, a), v64(~(uint64_t)0, ~(uint64_t)0));
    CHECK_V(fa_f64x2_lt(b, a), v64(0, ~(uint64_t)0));
    CHECK_V(fa_f64x2_gt(b, a), v64(0, 0));
    CHECK_V(fa_f64x2_le(a, b), v64(~(uint64_t)0, 0));
    CHECK_V(fa_f64x2_ge(a, b), v64(~(uint64_t)0, ~(uint64_t)0));
}

static void t_conversions(void)
{
    fa_vec128 f = v32(0x7FC00000u /* nan */, 0x4F000000u /* 2^31 */, 0xCF000000u /* -2^31 */,
                      0xBF7FFFFFu /* -0.99999994 */);
    CHECK_V(fa_i32x4_trunc_sat_f32x4_s(f), v32(0, 0x7FFFFFFFu, 0x80000000u, 0));
    CHECK_V(fa_i32x4_trunc_sat_f32x4_u(f), v32(0, 0x80000000u, 0, 0));
    CHECK_V(fa_i32x4_trunc_sat_f32x4_u(vf32(HUGE_VALF, -HUGE_VALF, 4294967040.0f, 1.9f)),
            v32(0xFFFFFFFFu, 0, 0xFFFFFF00u, 1));
    CHECK_V(fa_i32x4_relaxed_trunc_f32x4_s(f), fa_i32x4_trunc_sat_f32x4_s(f));
    CHECK_V(fa_i32x4_relaxed_trunc_f32x4_u(f), fa_i32x4_trunc_sat_f32x4_u(f));

    fa_vec128 d = vf64(-2147483648.9, 4294967295.5);
    CHECK_V(fa_i32x4_trunc_sat_f64x2_s_zero(d), v32(0x80000000u, 0x7FFFFFFFu, 0, 0));
    CHECK_V(fa_i32x4_trunc_sat_f64x2_u_zero(d), v32(0, 0xFFFFFFFFu, 0, 0));
    CHECK_V(fa_i32x4_trunc_sat_f64x2_s_zero(v64(0x7FF8000000000000u, 0xC000000000000000u)),
            v32(0, 0xFFFFFFFEu, 0, 0));
    CHECK_V(fa_i32x4_relaxed_trunc_f64x2_s_zero(d), fa_i32x4_trunc_sat_f64x2_s_zero(d));
    CHECK_V(fa_i32x4_relaxed_trunc_f64x2_u_zero(d), fa_i32x4_trunc_sat_f64x2_u_zero(d));

    /* int -> f32 rounds to nearest-even: 16777217 -> 16777216, 0xFFFFFFFF -> 2^32 */
    fa_vec128 i = v32(16777217u, 0xFFFFFFFFu, 0x80000000u, 16777219u);
    CHECK_V(fa_f32x4_convert_i32x4_s(i), vf32(16777216.0f, -1.0f, -2147483648.0f, 16777220.0f));
    CHECK_V(fa_f32x4_convert_i32x4_u(i),
            vf32(16777216.0f, 4294967296.0f, 2147483648.0f, 16777220.0f));
    CHECK_V(fa_f64x2_convert_low_i32x4_s(i), vf64(16777217.0, -1.0));
    CHECK_V(fa_f64x2_convert_low_i32x4_u(i), vf64(16777217.0, 4294967295.0));

    /* demote rounds (1 + 2^-24 is a tie -> 1), overflow -> inf; high lanes 0 */
    CHECK_V(fa_f32x4_demote_f64x2_zero(vf64(1.0 + 0x1p-24, 1e300)), vf32(1.0f, HUGE_VALF, 0, 0));
    fa_vec128 dn = fa_f32x4_demote_f64x2_zero(v64(0x7FF4000000000000u, 0));
    CHECK(is_arith_nan32(lane32(dn, 0)));
    /* 0.1f as bits: a float constant may be evaluated wider (FLT_EVAL_METHOD 1, s390x) */
    CHECK_V(fa_f64x2_promote_low_f32x4(v32(0x3DCCCCCDu, 0x80000000u, 0, 0)),
            v64(0x3FB99999A0000000u, 0x8000000000000000u));
    CHECK(is_arith_nan64(fa_f64x2_promote_low_f32x4(v32(0x7FA00000u, 0, 0, 0)).w[0]));
}

/* ---------------------------------------------------------------- memory */

static void t_memory(void)
{
    uint8_t m[24];
    for (unsigned i = 0; i < sizeof m; i++)
        m[i] = (uint8_t)(0x80 + i);
    CHECK_V(fa_v128_load(m), v8(0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A,
                                0x8B, 0x8C, 0x8D, 0x8E, 0x8F));
    CHECK_V(fa_v128_load8x8_s(m), v16(-128, -127, -126, -125, -124, -123, -122, -121));
    CHECK_V(fa_v128_load8x8_u(m), v16(0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87));
    CHECK_V(fa_v128_load16x4_s(m), v32(0xFFFF8180u, 0xFFFF8382u, 0xFFFF8584u, 0xFFFF8786u));
    CHECK_V(fa_v128_load16x4_u(m), v32(0x8180, 0x8382, 0x8584, 0x8786));
    CHECK_V(fa_v128_load32x2_s(m), v64(0xFFFFFFFF83828180u, 0xFFFFFFFF87868584u));
    CHECK_V(fa_v128_load32x2_u(m), v64(0x83828180u, 0x87868584u));
    CHECK_V(fa_v128_load8_splat(m + 1), fa_i8x16_splat(0x81));
    CHECK_V(fa_v128_load16_splat(m), fa_i16x8_splat(0x8180));
    CHECK_V(fa_v128_load32_splat(m), fa_i32x4_splat(0x83828180u));
    CHECK_V(fa_v128_load64_splat(m), fa_i64x2_splat(0x8786858483828180u));
    CHECK_V(fa_v128_load32_zero(m), v64(0x83828180u, 0));
    CHECK_V(fa_v128_load64_zero(m), v64(0x8786858483828180u, 0));

    fa_vec128 z = v64(0, 0);
    CHECK_V(fa_v128_load8_lane(m, z, 15), v8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80));
    CHECK_V(fa_v128_load16_lane(m, z, 5), v16(0, 0, 0, 0, 0, 0x8180, 0, 0));
    CHECK_V(fa_v128_load32_lane(m, v32(1, 2, 3, 4), 1), v32(1, 0x83828180u, 3, 4));
    CHECK_V(fa_v128_load64_lane(m, v64(1, 2), 1), v64(1, 0x8786858483828180u));

    fa_vec128 v = v8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    uint8_t out[16];
    memset(out, 0xEE, sizeof out);
    fa_v128_store(out, v);
    for (unsigned i = 0; i < 16; i++)
        CHECK_EQ_INT(out[i], i);
    memset(out, 0xEE, sizeof out);
    fa_v128_store8_lane(out, v, 9);
    CHECK_EQ_INT(out[0], 9);
    CHECK_EQ_INT(out[1], 0xEE);
    fa_v128_store16_lane(out, v, 7);
    CHECK_EQ_INT(out[0], 14);
    CHECK_EQ_INT(out[1], 15);
    CHECK_EQ_INT(out[2], 0xEE);
    fa_v128_store32_lane(out, v, 2);
    CHECK_EQ_INT(out[0], 8);
    CHECK_EQ_INT(out[3], 11);
    CHECK_EQ_INT(out[4], 0xEE);
    fa_v128_store64_lane(out, v, 0);
    CHECK_EQ_INT(out[7], 7);
    CHECK_EQ_INT(out[8], 0xEE);
}

/* ---------------------------------------------------------------- relaxed */

static void t_relaxed(void)
{
    /* fused: (1 + 2^-12)^2 - (1 + 2^-11) = 2^-24 exactly; unfused would give 0 */
    float x = 1.0f + 0x1p-12f;
    fa_vec128 a = vf32(x, 2.0f, -x, 1.0f);
    fa_vec128 b = vf32(x, 3.0f, x, 0.0f);
    fa_vec128 c = vf32(-(1.0f + 0x1p-11f), 1.0f, 1.0f + 0x1p-11f, -0.0f);
    CHECK_V(fa_f32x4_relaxed_madd(a, b, c), vf32(0x1p-24f, 7.0f, -0x1p-24f, 0.0f));
    fa_vec128 c2 = vf32(1.0f + 0x1p-11f, 1.0f, -(1.0f + 0x1p-11f), -0.0f);
    CHECK_V(fa_f32x4_relaxed_nmadd(a, b, c2), vf32(-0x1p-24f, -5.0f, 0x1p-24f, -0.0f));
    double y = 1.0 + 0x1p-27;
    CHECK_V(fa_f64x2_relaxed_madd(vf64(y, 2), vf64(y, 2), vf64(-(1.0 + 0x1p-26), 0.5)),
            vf64(0x1p-54, 4.5));
    CHECK_V(fa_f64x2_relaxed_nmadd(vf64(y, 2), vf64(y, 2), vf64(1.0 + 0x1p-26, 0.5)),
            vf64(-0x1p-54, -3.5));

    /* dot: signed x signed, the i16 pair sum wraps */
    fa_vec128 p = v8(-128, -128, 127, 127, 1, 2, -3, 4, 0, 0, 5, 5, 100, 100, -1, -1);
    fa_vec128 q = v8(-128, -128, 127, 127, 5, 6, 7, 8, 9, 9, -128, 127, 100, -100, 1, 1);
    CHECK_V(fa_i16x8_relaxed_dot_i8x16_i7x16_s(p, q), v16(-32768, 32258, 17, 11, 0, -5, 0, -2));
    CHECK_V(fa_i32x4_relaxed_dot_i8x16_i7x16_add_s(p, q, v32(1, 2, 3, 0xFFFFFFFFu)),
            v32((uint32_t)(-32768 + 32258 + 1), 17 + 11 + 2, (uint32_t)(0 - 5 + 3),
                (uint32_t)(0 - 2 - 1)));
}

static const fa_test tests[] = {
    {"layout", t_layout},
    {"splat_lanes", t_splat_lanes},
    {"shuffle_swizzle", t_shuffle_swizzle},
    {"bitwise", t_bitwise},
    {"i8x16", t_i8x16},
    {"i16x8", t_i16x8},
    {"i32x4_i64x2", t_i32x4_i64x2},
    {"narrow_extend", t_narrow_extend},
    {"extmul_dot", t_extmul_dot},
    {"f32x4", t_f32x4},
    {"f64x2", t_f64x2},
    {"conversions", t_conversions},
    {"memory", t_memory},
    {"relaxed", t_relaxed},
};

FA_TEST_MAIN(tests)
