/*
 * histogram.c - byte histograms: counts of the high and low nibble of every
 * byte (16 buckets each, i8x16.eq masks subtracted into u8 counters that are
 * flushed through extadd_pairwise before they can overflow), plus the bit
 * population (i8x16.popcnt) and the number of bytes >= 128 (i8x16.bitmask).
 * See common.h for how it is tested.
 */
#include "common.h"

#define N 100003

static uint8_t data[N];

static void nibble_histogram(const uint8_t *p, int n, uint32_t hi[16], uint32_t lo[16])
{
    for (int b = 0; b < 16; b++)
        hi[b] = lo[b] = 0;
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t mask = wasm_i8x16_splat(0x0F);
    while (i + 16 <= n) {
        v128_t ch[16], cl[16];
        for (int b = 0; b < 16; b++)
            ch[b] = cl[b] = wasm_i8x16_splat(0);
        /* at most 255 blocks per round, so no u8 counter overflows */
        for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
            v128_t v = wasm_v128_load(p + i);
            v128_t h = wasm_u8x16_shr(v, 4);
            v128_t l = wasm_v128_and(v, mask);
            for (int b = 0; b < 16; b++) {
                v128_t key = wasm_i8x16_splat((int8_t)b);
                ch[b] = wasm_i8x16_sub(ch[b], wasm_i8x16_eq(h, key));
                cl[b] = wasm_i8x16_sub(cl[b], wasm_i8x16_eq(l, key));
            }
        }
        for (int b = 0; b < 16; b++) {
            v128_t wh = wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(ch[b]));
            v128_t wl = wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(cl[b]));
            hi[b] += wasm_u32x4_extract_lane(wh, 0) + wasm_u32x4_extract_lane(wh, 1) +
                     wasm_u32x4_extract_lane(wh, 2) + wasm_u32x4_extract_lane(wh, 3);
            lo[b] += wasm_u32x4_extract_lane(wl, 0) + wasm_u32x4_extract_lane(wl, 1) +
                     wasm_u32x4_extract_lane(wl, 2) + wasm_u32x4_extract_lane(wl, 3);
        }
    }
#endif
    for (; i < n; i++) {
        hi[p[i] >> 4]++;
        lo[p[i] & 15]++;
    }
}

static uint32_t popcount_bytes(const uint8_t *p, int n, uint32_t *high_bytes)
{
    uint32_t bits = 0, high = 0;
    int i = 0;
#ifdef __wasm_simd128__
    v128_t acc = wasm_i16x8_splat(0);
    for (; i + 16 <= n; i += 16) {
        v128_t v = wasm_v128_load(p + i);
        acc = wasm_i16x8_add(acc, wasm_u16x8_extadd_pairwise_u8x16(wasm_i8x16_popcnt(v)));
        high += (uint32_t)__builtin_popcount(wasm_i8x16_bitmask(v));
        if ((i & 0x3FFF) == 0x3FF0) { /* flush before a u16 lane can overflow */
            v128_t w = wasm_u32x4_extadd_pairwise_u16x8(acc);
            bits += wasm_u32x4_extract_lane(w, 0) + wasm_u32x4_extract_lane(w, 1) +
                    wasm_u32x4_extract_lane(w, 2) + wasm_u32x4_extract_lane(w, 3);
            acc = wasm_i16x8_splat(0);
        }
    }
    v128_t w = wasm_u32x4_extadd_pairwise_u16x8(acc);
    bits += wasm_u32x4_extract_lane(w, 0) + wasm_u32x4_extract_lane(w, 1) +
            wasm_u32x4_extract_lane(w, 2) + wasm_u32x4_extract_lane(w, 3);
#endif
    for (; i < n; i++) {
        for (uint32_t x = p[i]; x; x &= x - 1)
            bits++;
        high += p[i] >> 7;
    }
    *high_bytes = high;
    return bits;
}

int main(void)
{
    for (int i = 0; i < N; i++) {
        uint32_t r = k_next();
        /* skewed: small values are more frequent */
        data[i] = (uint8_t)((r & 1) ? (r >> 8) & 0x3F : r >> 24);
    }
    uint32_t hi[16], lo[16];
    for (int pass = 0; pass < 2; pass++) {
        int off = pass * 5, n = N - pass * 12;
        nibble_histogram(data + off, n, hi, lo);
        printf("n=%d high nibble:", n);
        for (int b = 0; b < 16; b++)
            printf(" %u", (unsigned)hi[b]);
        printf("\nn=%d low nibble:", n);
        for (int b = 0; b < 16; b++)
            printf(" %u", (unsigned)lo[b]);
        uint32_t high;
        uint32_t bits = popcount_bytes(data + off, n, &high);
        printf("\nn=%d bits set %u, bytes >= 128: %u\n", n, (unsigned)bits, (unsigned)high);
    }
    return 0;
}
