/*
 * saxpy.c - y = a*x + y over f32 arrays, then min/max/pmin/abs/trunc_sat
 * reductions of the result (see common.h for how it is tested).
 */
#include <math.h>

#include "common.h"

#define N 4099 /* not a multiple of 4: the tail runs scalar on both paths */

static float xs[N], ys[N];

static void saxpy(float a, const float *x, float *y, int n)
{
    int i = 0;
#ifdef __wasm_simd128__
    v128_t va = wasm_f32x4_splat(a);
    for (; i + 4 <= n; i += 4) {
        v128_t vx = wasm_v128_load(x + i);
        v128_t vy = wasm_v128_load(y + i);
        wasm_v128_store(y + i, wasm_f32x4_add(wasm_f32x4_mul(va, vx), vy));
    }
#endif
    for (; i < n; i++) {
        float p = a * x[i];
        y[i] = p + y[i];
    }
}

#ifndef __wasm_simd128__
/* f32x4.min on one lane: NaN wins, -0 < +0 (the inputs here hold no NaN). */
static float wasm_min(float a, float b)
{
    if (a == b)
        return signbit(a) ? a : b;
    return a < b ? a : b;
}
#endif

/* Lane-wise min, max, sum of |y| and sum of trunc_sat(y * 100) over 4 lanes. */
static void reduce(const float *y, int n, float out_f[12], int32_t out_i[4])
{
    float mn[4], mx[4], sa[4];
    int32_t st[4];
    for (int j = 0; j < 4; j++) {
        mn[j] = mx[j] = y[j];
        sa[j] = 0.0f;
        st[j] = 0;
    }
    int i = 0;
#ifdef __wasm_simd128__
    v128_t vmn = wasm_v128_load(y), vmx = vmn, vsa = wasm_f32x4_splat(0.0f);
    v128_t vst = wasm_i32x4_splat(0), hundred = wasm_f32x4_splat(100.0f);
    for (; i + 4 <= n; i += 4) {
        v128_t v = wasm_v128_load(y + i);
        vmn = wasm_f32x4_min(vmn, v);
        vmx = wasm_f32x4_pmax(vmx, v);
        vsa = wasm_f32x4_add(vsa, wasm_f32x4_abs(v));
        vst = wasm_i32x4_add(vst, wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_mul(v, hundred)));
    }
    wasm_v128_store(mn, vmn);
    wasm_v128_store(mx, vmx);
    wasm_v128_store(sa, vsa);
    wasm_v128_store(st, vst);
#else
    for (; i + 4 <= n; i += 4) {
        for (int j = 0; j < 4; j++) {
            float v = y[i + j];
            mn[j] = wasm_min(mn[j], v);
            mx[j] = mx[j] < v ? v : mx[j];
            sa[j] = sa[j] + fabsf(v);
            float h = v * 100.0f;
            st[j] = (int32_t)((uint32_t)st[j] + (uint32_t)(int32_t)h);
        }
    }
#endif
    for (int j = 0; j < 4; j++) {
        out_f[j] = mn[j];
        out_f[4 + j] = mx[j];
        out_f[8 + j] = sa[j];
        out_i[j] = st[j];
    }
}

int main(void)
{
    for (int i = 0; i < N; i++) {
        xs[i] = k_float(10.0f);
        ys[i] = k_float(100.0f);
    }
    for (int round = 0; round < 3; round++)
        saxpy(0.75f - (float)round, xs, ys, N);
    printf("saxpy y[0..3] = %.9g %.9g %.9g %.9g\n", ys[0], ys[1], ys[2], ys[3]);
    printf("saxpy y[%d] = %.9g\n", N - 1, ys[N - 1]);
    printf("saxpy hash = %08x\n", (unsigned)k_hash(ys, sizeof ys));
    float f[12];
    int32_t t[4];
    reduce(ys, N, f, t);
    for (int j = 0; j < 4; j++)
        printf("lane %d: min %.9g (%08x) max %.9g sum|y| %.9g sum trunc(100y) %d\n", j, f[j],
               (unsigned)k_bits(f[j]), f[4 + j], f[8 + j], (int)t[j]);
    return 0;
}
