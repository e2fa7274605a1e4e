/*
 * common.h - shared helpers of the SIMD kernels in tests/simd.
 *
 * Each kernel is one C program built twice: natively (plain scalar C, the
 * reference) and with `clang --target=wasm32-wasi -msimd128 -O2`, where
 * __wasm_simd128__ selects a path written with <wasm_simd128.h> intrinsics.
 * run.sh runs the wasm build in fayasm_run and compares the two outputs
 * byte for byte, so every result must be exactly reproducible: float sums
 * use the same four-lane association on both paths, and the native build
 * is compiled with -ffp-contract=off.
 */
#ifndef FA_SIMD_KERNEL_COMMON_H
#define FA_SIMD_KERNEL_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

/* Deterministic input (xorshift32), the same on every host. */
static uint32_t k_state = 0x12345678u;

static uint32_t k_next(void)
{
    uint32_t x = k_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return k_state = x;
}

/* A float in [-lo_hi, lo_hi) with 16 random bits: exact in f32. */
static float k_float(float scale)
{
    return ((float)(int32_t)(k_next() >> 16) - 32768.0f) * (scale / 32768.0f);
}

/* FNV-1a over bytes, to print one line for a large output. */
static uint32_t k_hash(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

static uint32_t k_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

#endif
