/*
 * dot.c - dot products: i16 with i32x4.dot_i16x8_s, i8 with extmul +
 * extadd_pairwise, f32 with four lane accumulators (see common.h).
 */
#include "common.h"

#define N 8192

static int16_t a16[N], b16[N];
static int8_t a8[N], b8[N];
static float af[N], bf[N];

static int64_t dot_i16(const int16_t *a, const int16_t *b, int n)
{
    int64_t sum = 0;
    int i = 0;
#ifdef __wasm_simd128__
    /* Each i32 dot lane holds two products of at most 2^15 * 2^15 (no input
     * is -32768, so it cannot wrap); widen to i64 before adding. */
    v128_t acc = wasm_i64x2_splat(0);
    for (; i + 8 <= n; i += 8) {
        v128_t d = wasm_i32x4_dot_i16x8(wasm_v128_load(a + i), wasm_v128_load(b + i));
        acc = wasm_i64x2_add(acc, wasm_i64x2_extend_low_i32x4(d));
        acc = wasm_i64x2_add(acc, wasm_i64x2_extend_high_i32x4(d));
    }
    sum = wasm_i64x2_extract_lane(acc, 0) + wasm_i64x2_extract_lane(acc, 1);
#endif
    for (; i < n; i++)
        sum += (int32_t)a[i] * b[i];
    return sum;
}

static int32_t dot_i8(const int8_t *a, const int8_t *b, int n)
{
    int32_t sum = 0;
    int i = 0;
#ifdef __wasm_simd128__
    v128_t acc = wasm_i32x4_splat(0);
    for (; i + 16 <= n; i += 16) {
        v128_t va = wasm_v128_load(a + i), vb = wasm_v128_load(b + i);
        v128_t lo = wasm_i16x8_extmul_low_i8x16(va, vb);
        v128_t hi = wasm_i16x8_extmul_high_i8x16(va, vb);
        acc = wasm_i32x4_add(acc, wasm_i32x4_extadd_pairwise_i16x8(lo));
        acc = wasm_i32x4_add(acc, wasm_i32x4_extadd_pairwise_i16x8(hi));
    }
    sum = wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) +
          wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
#endif
    for (; i < n; i++)
        sum += a[i] * b[i];
    return sum;
}

/* Four partial sums, lane j over elements i = j mod 4, then (s0 + s1) + (s2 + s3). */
static float dot_f32(const float *a, const float *b, int n)
{
    float s[4] = {0, 0, 0, 0};
    int i = 0;
#ifdef __wasm_simd128__
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (; i + 4 <= n; i += 4)
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    wasm_v128_store(s, acc);
#else
    for (; i + 4 <= n; i += 4)
        for (int j = 0; j < 4; j++) {
            float p = a[i + j] * b[i + j];
            s[j] = s[j] + p;
        }
#endif
    return (s[0] + s[1]) + (s[2] + s[3]);
}

/* Cosine-like normalised dot in f64: promote, multiply, sqrt. */
static double norm_f64(const float *a, int n)
{
    double s[2] = {0, 0};
    int i = 0;
#ifdef __wasm_simd128__
    v128_t acc = wasm_f64x2_splat(0.0);
    for (; i + 2 <= n; i += 2) {
        v128_t v = wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(a + i));
        acc = wasm_f64x2_add(acc, wasm_f64x2_mul(v, v));
    }
    acc = wasm_f64x2_sqrt(acc);
    wasm_v128_store(s, acc);
#else
    for (; i + 2 <= n; i += 2)
        for (int j = 0; j < 2; j++) {
            double v = a[i + j];
            double p = v * v;
            s[j] = s[j] + p;
        }
    s[0] = __builtin_sqrt(s[0]);
    s[1] = __builtin_sqrt(s[1]);
#endif
    return s[0] + s[1];
}

int main(void)
{
    for (int i = 0; i < N; i++) {
        a16[i] = (int16_t)(k_next() % 65535u - 32767); /* -32767 .. 32767 */
        b16[i] = (int16_t)(k_next() % 65535u - 32767);
        a8[i] = (int8_t)k_next();
        b8[i] = (int8_t)k_next();
        af[i] = k_float(2.0f);
        bf[i] = k_float(3.0f);
    }
    printf("dot i16 (n=%d) = %lld\n", N, (long long)dot_i16(a16, b16, N));
    printf("dot i16 (n=%d) = %lld\n", N - 5, (long long)dot_i16(a16 + 3, b16 + 3, N - 5));
    printf("dot i8 (n=%d) = %d\n", N, (int)dot_i8(a8, b8, N));
    printf("dot i8 (n=%d) = %d\n", N - 7, (int)dot_i8(a8 + 1, b8 + 2, N - 7));
    float d = dot_f32(af, bf, N);
    printf("dot f32 = %.9g (%08x)\n", d, (unsigned)k_bits(d));
    printf("norm f64 = %.17g\n", norm_f64(af, N));
    return 0;
}
