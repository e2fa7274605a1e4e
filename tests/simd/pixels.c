/*
 * pixels.c - RGBA image operations that exercise the rest of the integer
 * SIMD set: channel swap (i8x16.shuffle), lookup (i8x16.swizzle), blend
 * (u8 avgr, saturating add/sub), gain in Q15 (i16x8.q15mulr_sat_s after
 * widening), and a float path (extend, convert, scale, trunc_sat, narrow).
 * See common.h for how it is tested.
 */
#include "common.h"

#define W 67
#define H 31
#define NPIX (W * H)

static uint8_t img_a[NPIX * 4], img_b[NPIX * 4], out[NPIX * 4];

static uint8_t sat_u8(int x)
{
    return (uint8_t)(x < 0 ? 0 : x > 255 ? 255 : x);
}

/* RGBA -> BGRA, then out = avgr(a', b) + 10 (saturating), then - 5 (saturating). */
static void blend(const uint8_t *a, const uint8_t *b, uint8_t *o, int n)
{
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t ten = wasm_u8x16_splat(10), five = wasm_u8x16_splat(5);
    for (; i + 16 <= n; i += 16) {
        v128_t va = wasm_v128_load(a + i);
        v128_t sw =
            wasm_i8x16_shuffle(va, va, 2, 1, 0, 3, 6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15);
        v128_t m = wasm_u8x16_avgr(sw, wasm_v128_load(b + i));
        wasm_v128_store(o + i, wasm_u8x16_sub_sat(wasm_u8x16_add_sat(m, ten), five));
    }
#endif
    for (; i < n; i++) {
        int j = (i & ~3) + ((i & 3) == 3 ? 3 : 2 - (i & 3));
        int m = (a[j] + b[i] + 1) >> 1;
        o[i] = sat_u8(sat_u8(m + 10) - 5);
    }
}

/* A 16-entry lookup on the low nibble, added (wrapping) to the high nibble * 16. */
static void lookup(const uint8_t *a, uint8_t *o, int n)
{
    static const uint8_t table[16] = {0, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9};
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t t = wasm_v128_load(table);
    for (; i + 16 <= n; i += 16) {
        v128_t v = wasm_v128_load(a + i);
        v128_t lo = wasm_i8x16_swizzle(t, wasm_v128_and(v, wasm_u8x16_splat(15)));
        v128_t hi = wasm_i8x16_shl(wasm_u8x16_shr(v, 4), 4);
        wasm_v128_store(o + i, wasm_i8x16_add(hi, lo));
    }
#endif
    for (; i < n; i++)
        o[i] = (uint8_t)((a[i] & 0xF0) + table[a[i] & 15]);
}

/* Q15 gain: x * g / 32768 rounded, on signed 16-bit (pixel - 128) values. */
static void gain_q15(const uint8_t *a, uint8_t *o, int n, int16_t g)
{
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t bias = wasm_i16x8_splat(128), vg = wasm_i16x8_splat(g);
    for (; i + 16 <= n; i += 16) {
        v128_t v = wasm_v128_load(a + i);
        v128_t lo = wasm_i16x8_sub(wasm_u16x8_extend_low_u8x16(v), bias);
        v128_t hi = wasm_i16x8_sub(wasm_u16x8_extend_high_u8x16(v), bias);
        lo = wasm_i16x8_add(wasm_i16x8_q15mulr_sat(lo, vg), bias);
        hi = wasm_i16x8_add(wasm_i16x8_q15mulr_sat(hi, vg), bias);
        wasm_v128_store(o + i, wasm_u8x16_narrow_i16x8(lo, hi));
    }
#endif
    for (; i < n; i++) {
        int x = a[i] - 128;
        int q = (x * g + 0x4000) >> 15; /* |x * g| < 2^22: no saturation */
        o[i] = sat_u8(q + 128);
    }
}

/* Float path: u8 -> i32 -> f32, y = x * 1.7 - 40, trunc_sat -> i32 -> narrow to u8. */
static void float_curve(const uint8_t *a, uint8_t *o, int n)
{
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t k = wasm_f32x4_splat(1.7f), c = wasm_f32x4_splat(40.0f);
    for (; i + 16 <= n; i += 16) {
        v128_t v = wasm_v128_load(a + i);
        v128_t w16[2] = {wasm_u16x8_extend_low_u8x16(v), wasm_u16x8_extend_high_u8x16(v)};
        v128_t r16[2];
        for (int h = 0; h < 2; h++) {
            v128_t w32[2] = {wasm_u32x4_extend_low_u16x8(w16[h]),
                             wasm_u32x4_extend_high_u16x8(w16[h])};
            for (int q = 0; q < 2; q++) {
                v128_t f = wasm_f32x4_convert_i32x4(w32[q]);
                f = wasm_f32x4_sub(wasm_f32x4_mul(f, k), c);
                w32[q] = wasm_i32x4_trunc_sat_f32x4(f);
            }
            r16[h] = wasm_u16x8_narrow_i32x4(w32[0], w32[1]);
        }
        wasm_v128_store(o + i, wasm_u8x16_narrow_i16x8(r16[0], r16[1]));
    }
#endif
    for (; i < n; i++) {
        float f = (float)a[i] * 1.7f;
        f = f - 40.0f;
        int x = (int)f; /* |f| < 400: in range */
        o[i] = sat_u8(x);
    }
}

int main(void)
{
    for (int i = 0; i < NPIX * 4; i++) {
        img_a[i] = (uint8_t)k_next();
        img_b[i] = (uint8_t)(k_next() >> 24);
    }
    blend(img_a, img_b, out, NPIX * 4);
    printf("blend hash %08x first %u %u %u %u\n", (unsigned)k_hash(out, sizeof out), out[0], out[1],
           out[2], out[3]);
    lookup(img_a, out, NPIX * 4 - 3);
    printf("lookup hash %08x\n", (unsigned)k_hash(out, sizeof out));
    gain_q15(img_a, out, NPIX * 4, 23000);
    printf("gain+ hash %08x\n", (unsigned)k_hash(out, sizeof out));
    gain_q15(img_b, out, NPIX * 4, -32768);
    printf("gain- hash %08x\n", (unsigned)k_hash(out, sizeof out));
    float_curve(img_a, out, NPIX * 4);
    printf("curve hash %08x first %u %u %u %u\n", (unsigned)k_hash(out, sizeof out), out[0], out[1],
           out[2], out[3]);
    return 0;
}
