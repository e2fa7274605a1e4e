/*
 * simd.h - pure semantic helpers for the 128-bit SIMD instructions.
 *
 * Stage: used by exec (exec_simd.inc) and the unit tests. Every helper is
 * `static inline`, stateless, allocation-free, and named after the wasm
 * instruction with '.' -> '_' (fa_i8x16_add for i8x16.add).
 *
 * Main data structure: fa_vec128, a 128-bit value as two 64-bit words,
 * w[0] = bytes 0..7 and w[1] = bytes 8..15 of the little-endian lane order,
 * exactly the two-slot form of a v128 in the value stack (runtime.h).
 * Lane i of an N-bit shape lives in bits [(i*N) mod 64, +N) of word
 * (i*N)/64, whatever the host byte order.
 *
 * Invariants / notes:
 * - Lanes are read into and written from plain lane arrays through
 *   fa_v_get8/16/32 and fa_v_set8/16/32. On little-endian hosts those are a
 *   memcpy (the array *is* the in-memory lane order), elsewhere shifts, so
 *   results are bit-exact on every host. The per-lane loops are written so
 *   that GCC and Clang vectorize them at -O2 (SSE2/NEON).
 * - Note: integer lanes are computed on unsigned types (no signed overflow);
 *   products of 16-bit lanes are widened to 32 bits before multiplying.
 * - Note: float lanes follow the scalar rules of numeric.h (4.3.3): min/max
 *   propagate NaN and order -0 < +0; ceil/floor/trunc/nearest/sqrt are the
 *   scalar helpers; a NaN result is an arithmetic NaN built from the input.
 *   abs/neg and pmin/pmax work on the bits and never change a NaN payload.
 * - Conversions: trunc_sat saturates and maps NaN to 0 (numeric.h); int ->
 *   float rounds once to nearest-even; demote/promote as numeric.h.
 *
 * Relaxed SIMD (proposal, 0x100-0x113): one deterministic choice each, the
 * same on every host and build:
 *   i8x16.relaxed_swizzle              = i8x16.swizzle (index >= 16 -> 0)
 *   i32x4.relaxed_trunc_*              = i32x4.trunc_sat_* (NaN -> 0, saturate)
 *   f32x4/f64x2.relaxed_madd           = fused: fma(a, b, c), one rounding
 *   f32x4/f64x2.relaxed_nmadd          = fused: fma(-a, b, c)
 *   iNxM.relaxed_laneselect            = v128.bitselect (bitwise on the mask)
 *   f32x4/f64x2.relaxed_min/max        = f32x4/f64x2.min/max (NaN propagates,
 *                                        -0 < +0)
 *   i16x8.relaxed_q15mulr_s            = i16x8.q15mulr_sat_s (saturates)
 *   i16x8.relaxed_dot_i8x16_i7x16_s    = both operands signed, the pair sum
 *                                        wraps to 16 bits
 *   i32x4.relaxed_dot_i8x16_i7x16_add_s = extadd_pairwise_s of that i16x8 dot
 *                                        (so the same wrapped pairs), plus c
 *
 * Spec: WebAssembly 2.0, 4.3 (numerics: 4.3.2 integer lane ops such as
 * iadd_sat/iavgr/iq15mulr_sat, 4.3.3 float ops, 4.3.4 conversions) and
 * 4.4.3 (vector instructions); relaxed SIMD proposal overview.
 */
#ifndef FA_SIMD_H
#define FA_SIMD_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "numeric.h"

typedef struct fa_vec128 {
    uint64_t w[2]; /* w[0]: lanes in bytes 0..7, w[1]: bytes 8..15 */
} fa_vec128;

/* Is the host little-endian (lane arrays may be memcpy'd)? */
#ifndef FA_SIMD_LE
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) &&                                 \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FA_SIMD_LE 1
#elif defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86) || defined(_M_ARM64))
#define FA_SIMD_LE 1
#else
#define FA_SIMD_LE 0
#endif
#endif

/* ---------------------------------------------------------------- lanes */

static inline fa_vec128 fa_vec128_make(uint64_t lo, uint64_t hi)
{
    fa_vec128 v;
    v.w[0] = lo;
    v.w[1] = hi;
    return v;
}

/* Portable lane access (shifts only); the fa_v_get/set helpers below use
 * these on big-endian or unknown hosts, and a memcpy where the host's byte
 * order already matches the lane order. */
static inline void fa_v_get8_portable(fa_vec128 v, uint8_t l[16])
{
    for (unsigned i = 0; i < 16; i++)
        l[i] = (uint8_t)(v.w[i >> 3] >> (8 * (i & 7)));
}
static inline void fa_v_get16_portable(fa_vec128 v, uint16_t l[8])
{
    for (unsigned i = 0; i < 8; i++)
        l[i] = (uint16_t)(v.w[i >> 2] >> (16 * (i & 3)));
}
static inline void fa_v_get32_portable(fa_vec128 v, uint32_t l[4])
{
    for (unsigned i = 0; i < 4; i++)
        l[i] = (uint32_t)(v.w[i >> 1] >> (32 * (i & 1)));
}
static inline fa_vec128 fa_v_set8_portable(const uint8_t l[16])
{
    fa_vec128 v = {{0, 0}};
    for (unsigned i = 0; i < 16; i++)
        v.w[i >> 3] |= (uint64_t)l[i] << (8 * (i & 7));
    return v;
}
static inline fa_vec128 fa_v_set16_portable(const uint16_t l[8])
{
    fa_vec128 v = {{0, 0}};
    for (unsigned i = 0; i < 8; i++)
        v.w[i >> 2] |= (uint64_t)l[i] << (16 * (i & 3));
    return v;
}
static inline fa_vec128 fa_v_set32_portable(const uint32_t l[4])
{
    return fa_vec128_make((uint64_t)l[0] | (uint64_t)l[1] << 32,
                          (uint64_t)l[2] | (uint64_t)l[3] << 32);
}

#if FA_SIMD_LE
#define FA_V_GET_(v, l) memcpy((l), (v).w, 16)
#define FA_V_SET_(v, l) memcpy((v).w, (l), 16)
static inline void fa_v_get8(fa_vec128 v, uint8_t l[16])
{
    FA_V_GET_(v, l);
}
static inline void fa_v_get16(fa_vec128 v, uint16_t l[8])
{
    FA_V_GET_(v, l);
}
static inline void fa_v_get32(fa_vec128 v, uint32_t l[4])
{
    FA_V_GET_(v, l);
}
static inline fa_vec128 fa_v_set8(const uint8_t l[16])
{
    fa_vec128 v;
    FA_V_SET_(v, l);
    return v;
}
static inline fa_vec128 fa_v_set16(const uint16_t l[8])
{
    fa_vec128 v;
    FA_V_SET_(v, l);
    return v;
}
static inline fa_vec128 fa_v_set32(const uint32_t l[4])
{
    fa_vec128 v;
    FA_V_SET_(v, l);
    return v;
}
#undef FA_V_GET_
#undef FA_V_SET_
#else
#define fa_v_get8 fa_v_get8_portable
#define fa_v_get16 fa_v_get16_portable
#define fa_v_get32 fa_v_get32_portable
#define fa_v_set8 fa_v_set8_portable
#define fa_v_set16 fa_v_set16_portable
#define fa_v_set32 fa_v_set32_portable
#endif

static inline void fa_v_get64(fa_vec128 v, uint64_t l[2])
{
    l[0] = v.w[0];
    l[1] = v.w[1];
}

static inline fa_vec128 fa_v_set64(const uint64_t l[2])
{
    return fa_vec128_make(l[0], l[1]);
}

/* Public byte form (fa_v128, little-endian lane order) <-> fa_vec128. */
static inline fa_vec128 fa_vec128_from_bytes(const uint8_t b[16])
{
    return fa_vec128_make(fa_load_le64(b), fa_load_le64(b + 8));
}

static inline void fa_vec128_to_bytes(fa_vec128 v, uint8_t b[16])
{
    fa_store_le64(b, v.w[0]);
    fa_store_le64(b + 8, v.w[1]);
}

/* Signed views of unsigned lanes (two's complement, as everywhere in fayasm). */
#define FA_S8(x) ((int32_t)(int8_t)(x))
#define FA_S16(x) ((int32_t)(int16_t)(x))
#define FA_S32(x) ((int32_t)(x))
#define FA_S64(x) ((int64_t)(x))

/* Per-lane loops. Clang fully unrolls a 16-iteration loop before its loop
 * vectorizer sees it, and its SLP pass then often gives up; keeping the loop
 * lets it emit SSE/NEON. GCC vectorizes these loops at -O2 as they are. */
#if defined(__clang__)
#define FA_SIMD_LOOP _Pragma("clang loop unroll(disable)")
#else
#define FA_SIMD_LOOP
#endif

/* Lane-wise generators: expr sees the lanes as a, b (and c) of type T. */
#define FA_SIMD_UN_(fname, T, N, BITS, expr)                                                       \
    static inline fa_vec128 fname(fa_vec128 va)                                                    \
    {                                                                                              \
        T a_[N], r_[N];                                                                            \
        fa_v_get##BITS(va, a_);                                                                    \
        FA_SIMD_LOOP for (unsigned i = 0; i < (N); i++)                                            \
        {                                                                                          \
            T a = a_[i];                                                                           \
            r_[i] = (T)(expr);                                                                     \
        }                                                                                          \
        return fa_v_set##BITS(r_);                                                                 \
    }
#define FA_SIMD_BIN_(fname, T, N, BITS, expr)                                                      \
    static inline fa_vec128 fname(fa_vec128 va, fa_vec128 vb)                                      \
    {                                                                                              \
        T a_[N], b_[N], r_[N];                                                                     \
        fa_v_get##BITS(va, a_);                                                                    \
        fa_v_get##BITS(vb, b_);                                                                    \
        FA_SIMD_LOOP for (unsigned i = 0; i < (N); i++)                                            \
        {                                                                                          \
            T a = a_[i], b = b_[i];                                                                \
            r_[i] = (T)(expr);                                                                     \
        }                                                                                          \
        return fa_v_set##BITS(r_);                                                                 \
    }
/* Shifts: the count is taken modulo the lane width (4.4.3.11). */
#define FA_SIMD_SHIFT_(fname, T, N, BITS, expr)                                                    \
    static inline fa_vec128 fname(fa_vec128 va, uint32_t n_)                                       \
    {                                                                                              \
        T a_[N], r_[N];                                                                            \
        unsigned n = n_ & ((BITS)-1);                                                              \
        fa_v_get##BITS(va, a_);                                                                    \
        FA_SIMD_LOOP for (unsigned i = 0; i < (N); i++)                                            \
        {                                                                                          \
            T a = a_[i];                                                                           \
            r_[i] = (T)(expr);                                                                     \
        }                                                                                          \
        return fa_v_set##BITS(r_);                                                                 \
    }

#define FA_I8_UN(name, expr) FA_SIMD_UN_(fa_i8x16_##name, uint8_t, 16, 8, expr)
#define FA_I8_BIN(name, expr) FA_SIMD_BIN_(fa_i8x16_##name, uint8_t, 16, 8, expr)
#define FA_I16_UN(name, expr) FA_SIMD_UN_(fa_i16x8_##name, uint16_t, 8, 16, expr)
#define FA_I16_BIN(name, expr) FA_SIMD_BIN_(fa_i16x8_##name, uint16_t, 8, 16, expr)
#define FA_I32_UN(name, expr) FA_SIMD_UN_(fa_i32x4_##name, uint32_t, 4, 32, expr)
#define FA_I32_BIN(name, expr) FA_SIMD_BIN_(fa_i32x4_##name, uint32_t, 4, 32, expr)
#define FA_I64_UN(name, expr) FA_SIMD_UN_(fa_i64x2_##name, uint64_t, 2, 64, expr)
#define FA_I64_BIN(name, expr) FA_SIMD_BIN_(fa_i64x2_##name, uint64_t, 2, 64, expr)

/* A comparison result lane: all ones or all zeros. */
#define FA_MASK(T, cond) ((cond) ? (T) ~(T)0 : (T)0)

/* ---------------------------------------------------------------- memory (4.4.7) */

/* p points at the effective address; the caller has bounds-checked it. */
static inline fa_vec128 fa_v128_load(const uint8_t *p)
{
    return fa_vec128_from_bytes(p);
}

static inline void fa_v128_store(uint8_t *p, fa_vec128 v)
{
    fa_vec128_to_bytes(v, p);
}

/* load8x8/16x4/32x2: 8 bytes, each half-width lane widened. */
static inline fa_vec128 fa_v128_load8x8_s(const uint8_t *p)
{
    uint16_t r[8];
    FA_SIMD_LOOP for (unsigned i = 0; i < 8; i++) r[i] = (uint16_t)FA_S8(p[i]);
    return fa_v_set16(r);
}

static inline fa_vec128 fa_v128_load8x8_u(const uint8_t *p)
{
    uint16_t r[8];
    FA_SIMD_LOOP for (unsigned i = 0; i < 8; i++) r[i] = p[i];
    return fa_v_set16(r);
}

static inline fa_vec128 fa_v128_load16x4_s(const uint8_t *p)
{
    uint32_t r[4];
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] = (uint32_t)FA_S16(fa_load_le16(p + 2 * i));
    return fa_v_set32(r);
}

static inline fa_vec128 fa_v128_load16x4_u(const uint8_t *p)
{
    uint32_t r[4];
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] = fa_load_le16(p + 2 * i);
    return fa_v_set32(r);
}

static inline fa_vec128 fa_v128_load32x2_s(const uint8_t *p)
{
    return fa_vec128_make((uint64_t)(int64_t)FA_S32(fa_load_le32(p)),
                          (uint64_t)(int64_t)FA_S32(fa_load_le32(p + 4)));
}

static inline fa_vec128 fa_v128_load32x2_u(const uint8_t *p)
{
    return fa_vec128_make(fa_load_le32(p), fa_load_le32(p + 4));
}

static inline fa_vec128 fa_i8x16_splat(uint32_t x);
static inline fa_vec128 fa_i16x8_splat(uint32_t x);
static inline fa_vec128 fa_i32x4_splat(uint32_t x);
static inline fa_vec128 fa_i64x2_splat(uint64_t x);

static inline fa_vec128 fa_v128_load8_splat(const uint8_t *p)
{
    return fa_i8x16_splat(p[0]);
}
static inline fa_vec128 fa_v128_load16_splat(const uint8_t *p)
{
    return fa_i16x8_splat(fa_load_le16(p));
}
static inline fa_vec128 fa_v128_load32_splat(const uint8_t *p)
{
    return fa_i32x4_splat(fa_load_le32(p));
}
static inline fa_vec128 fa_v128_load64_splat(const uint8_t *p)
{
    return fa_i64x2_splat(fa_load_le64(p));
}

static inline fa_vec128 fa_v128_load32_zero(const uint8_t *p)
{
    return fa_vec128_make(fa_load_le32(p), 0);
}
static inline fa_vec128 fa_v128_load64_zero(const uint8_t *p)
{
    return fa_vec128_make(fa_load_le64(p), 0);
}

/* Lane loads/stores: `lane` is validated (< 16 / size). */
static inline fa_vec128 fa_v128_load8_lane(const uint8_t *p, fa_vec128 v, unsigned lane)
{
    unsigned sh = 8 * (lane & 7);
    v.w[lane >> 3] = (v.w[lane >> 3] & ~((uint64_t)0xFF << sh)) | (uint64_t)p[0] << sh;
    return v;
}
static inline fa_vec128 fa_v128_load16_lane(const uint8_t *p, fa_vec128 v, unsigned lane)
{
    unsigned sh = 16 * (lane & 3);
    v.w[lane >> 2] = (v.w[lane >> 2] & ~((uint64_t)0xFFFF << sh)) | (uint64_t)fa_load_le16(p) << sh;
    return v;
}
static inline fa_vec128 fa_v128_load32_lane(const uint8_t *p, fa_vec128 v, unsigned lane)
{
    unsigned sh = 32 * (lane & 1);
    v.w[lane >> 1] = (v.w[lane >> 1] & ~((uint64_t)0xFFFFFFFFu << sh)) | (uint64_t)fa_load_le32(p)
                                                                             << sh;
    return v;
}
static inline fa_vec128 fa_v128_load64_lane(const uint8_t *p, fa_vec128 v, unsigned lane)
{
    v.w[lane & 1] = fa_load_le64(p);
    return v;
}

static inline void fa_v128_store8_lane(uint8_t *p, fa_vec128 v, unsigned lane)
{
    p[0] = (uint8_t)(v.w[lane >> 3] >> (8 * (lane & 7)));
}
static inline void fa_v128_store16_lane(uint8_t *p, fa_vec128 v, unsigned lane)
{
    fa_store_le16(p, (uint16_t)(v.w[lane >> 2] >> (16 * (lane & 3))));
}
static inline void fa_v128_store32_lane(uint8_t *p, fa_vec128 v, unsigned lane)
{
    fa_store_le32(p, (uint32_t)(v.w[lane >> 1] >> (32 * (lane & 1))));
}
static inline void fa_v128_store64_lane(uint8_t *p, fa_vec128 v, unsigned lane)
{
    fa_store_le64(p, v.w[lane & 1]);
}

/* ---------------------------------------------------------------- splat, lanes (4.4.3) */

static inline fa_vec128 fa_i8x16_splat(uint32_t x)
{
    uint64_t w = (uint64_t)(x & 0xFFu) * 0x0101010101010101u;
    return fa_vec128_make(w, w);
}
static inline fa_vec128 fa_i16x8_splat(uint32_t x)
{
    uint64_t w = (uint64_t)(x & 0xFFFFu) * 0x0001000100010001u;
    return fa_vec128_make(w, w);
}
static inline fa_vec128 fa_i32x4_splat(uint32_t x)
{
    uint64_t w = (uint64_t)x | (uint64_t)x << 32;
    return fa_vec128_make(w, w);
}
static inline fa_vec128 fa_i64x2_splat(uint64_t x)
{
    return fa_vec128_make(x, x);
}
/* f32x4/f64x2.splat take the float's bits (a NaN payload is kept). */
static inline fa_vec128 fa_f32x4_splat(uint32_t bits)
{
    return fa_i32x4_splat(bits);
}
static inline fa_vec128 fa_f64x2_splat(uint64_t bits)
{
    return fa_i64x2_splat(bits);
}

/* extract_lane returns the lane zero/sign-extended to i32 (or the i64/float bits). */
static inline uint32_t fa_i8x16_extract_lane_u(fa_vec128 v, unsigned lane)
{
    return (uint8_t)(v.w[(lane >> 3) & 1] >> (8 * (lane & 7)));
}
static inline uint32_t fa_i8x16_extract_lane_s(fa_vec128 v, unsigned lane)
{
    return (uint32_t)FA_S8(fa_i8x16_extract_lane_u(v, lane));
}
static inline uint32_t fa_i16x8_extract_lane_u(fa_vec128 v, unsigned lane)
{
    return (uint16_t)(v.w[(lane >> 2) & 1] >> (16 * (lane & 3)));
}
static inline uint32_t fa_i16x8_extract_lane_s(fa_vec128 v, unsigned lane)
{
    return (uint32_t)FA_S16(fa_i16x8_extract_lane_u(v, lane));
}
static inline uint32_t fa_i32x4_extract_lane(fa_vec128 v, unsigned lane)
{
    return (uint32_t)(v.w[(lane >> 1) & 1] >> (32 * (lane & 1)));
}
static inline uint64_t fa_i64x2_extract_lane(fa_vec128 v, unsigned lane)
{
    return v.w[lane & 1];
}
static inline uint32_t fa_f32x4_extract_lane(fa_vec128 v, unsigned lane)
{
    return fa_i32x4_extract_lane(v, lane);
}
static inline uint64_t fa_f64x2_extract_lane(fa_vec128 v, unsigned lane)
{
    return fa_i64x2_extract_lane(v, lane);
}

static inline fa_vec128 fa_i8x16_replace_lane(fa_vec128 v, unsigned lane, uint32_t x)
{
    unsigned sh = 8 * (lane & 7);
    uint64_t *w = &v.w[(lane >> 3) & 1];
    *w = (*w & ~((uint64_t)0xFF << sh)) | (uint64_t)(x & 0xFFu) << sh;
    return v;
}
static inline fa_vec128 fa_i16x8_replace_lane(fa_vec128 v, unsigned lane, uint32_t x)
{
    unsigned sh = 16 * (lane & 3);
    uint64_t *w = &v.w[(lane >> 2) & 1];
    *w = (*w & ~((uint64_t)0xFFFF << sh)) | (uint64_t)(x & 0xFFFFu) << sh;
    return v;
}
static inline fa_vec128 fa_i32x4_replace_lane(fa_vec128 v, unsigned lane, uint32_t x)
{
    unsigned sh = 32 * (lane & 1);
    uint64_t *w = &v.w[(lane >> 1) & 1];
    *w = (*w & ~((uint64_t)0xFFFFFFFFu << sh)) | (uint64_t)x << sh;
    return v;
}
static inline fa_vec128 fa_i64x2_replace_lane(fa_vec128 v, unsigned lane, uint64_t x)
{
    v.w[lane & 1] = x;
    return v;
}
static inline fa_vec128 fa_f32x4_replace_lane(fa_vec128 v, unsigned lane, uint32_t bits)
{
    return fa_i32x4_replace_lane(v, lane, bits);
}
static inline fa_vec128 fa_f64x2_replace_lane(fa_vec128 v, unsigned lane, uint64_t bits)
{
    return fa_i64x2_replace_lane(v, lane, bits);
}

/* i8x16.shuffle: lane i of the result is lane idx[i] of a:b (idx < 32, validated). */
static inline fa_vec128 fa_i8x16_shuffle(fa_vec128 va, fa_vec128 vb, const uint8_t idx[16])
{
    uint8_t ab[32], r[16];
    fa_v_get8(va, ab);
    fa_v_get8(vb, ab + 16);
    FA_SIMD_LOOP for (unsigned i = 0; i < 16; i++) r[i] = ab[idx[i] & 31];
    return fa_v_set8(r);
}

/* i8x16.swizzle: lane i is a[b[i]], or 0 when b[i] >= 16. */
static inline fa_vec128 fa_i8x16_swizzle(fa_vec128 va, fa_vec128 vb)
{
    uint8_t a[16], b[16], r[16];
    fa_v_get8(va, a);
    fa_v_get8(vb, b);
    FA_SIMD_LOOP for (unsigned i = 0; i < 16; i++) r[i] = b[i] < 16 ? a[b[i]] : 0;
    return fa_v_set8(r);
}

/* ---------------------------------------------------------------- bitwise (4.4.3.3) */

static inline fa_vec128 fa_v128_not(fa_vec128 a)
{
    return fa_vec128_make(~a.w[0], ~a.w[1]);
}
static inline fa_vec128 fa_v128_and(fa_vec128 a, fa_vec128 b)
{
    return fa_vec128_make(a.w[0] & b.w[0], a.w[1] & b.w[1]);
}
static inline fa_vec128 fa_v128_andnot(fa_vec128 a, fa_vec128 b)
{
    return fa_vec128_make(a.w[0] & ~b.w[0], a.w[1] & ~b.w[1]);
}
static inline fa_vec128 fa_v128_or(fa_vec128 a, fa_vec128 b)
{
    return fa_vec128_make(a.w[0] | b.w[0], a.w[1] | b.w[1]);
}
static inline fa_vec128 fa_v128_xor(fa_vec128 a, fa_vec128 b)
{
    return fa_vec128_make(a.w[0] ^ b.w[0], a.w[1] ^ b.w[1]);
}
/* bitselect(a, b, c): bits of a where c is 1, of b where c is 0. */
static inline fa_vec128 fa_v128_bitselect(fa_vec128 a, fa_vec128 b, fa_vec128 c)
{
    return fa_vec128_make((a.w[0] & c.w[0]) | (b.w[0] & ~c.w[0]),
                          (a.w[1] & c.w[1]) | (b.w[1] & ~c.w[1]));
}
static inline uint32_t fa_v128_any_true(fa_vec128 a)
{
    return (a.w[0] | a.w[1]) != 0;
}

/* ---------------------------------------------------------------- integer lanes */

/* Clamps x to [lo, hi] (saturating arithmetic and narrowing). */
static inline int32_t fa_sat_(int32_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* i8x16 */
FA_I8_UN(abs, (a & 0x80u) ? 0u - a : a)
FA_I8_UN(neg, 0u - a)
FA_I8_BIN(add, a + b)
FA_I8_BIN(sub, a - b)
FA_I8_BIN(add_sat_s, fa_sat_(FA_S8(a) + FA_S8(b), -128, 127))
FA_I8_BIN(add_sat_u, fa_sat_(a + b, 0, 255))
FA_I8_BIN(sub_sat_s, fa_sat_(FA_S8(a) - FA_S8(b), -128, 127))
FA_I8_BIN(sub_sat_u, a > b ? a - b : 0)
FA_I8_BIN(min_s, FA_S8(a) < FA_S8(b) ? a : b)
FA_I8_BIN(min_u, a < b ? a : b)
FA_I8_BIN(max_s, FA_S8(a) > FA_S8(b) ? a : b)
FA_I8_BIN(max_u, a > b ? a : b)
FA_I8_BIN(avgr_u, (a + b + 1u) >> 1)
FA_I8_BIN(eq, FA_MASK(uint8_t, a == b))
FA_I8_BIN(ne, FA_MASK(uint8_t, a != b))
FA_I8_BIN(lt_s, FA_MASK(uint8_t, FA_S8(a) < FA_S8(b)))
FA_I8_BIN(lt_u, FA_MASK(uint8_t, a < b))
FA_I8_BIN(gt_s, FA_MASK(uint8_t, FA_S8(a) > FA_S8(b)))
FA_I8_BIN(gt_u, FA_MASK(uint8_t, a > b))
FA_I8_BIN(le_s, FA_MASK(uint8_t, FA_S8(a) <= FA_S8(b)))
FA_I8_BIN(le_u, FA_MASK(uint8_t, a <= b))
FA_I8_BIN(ge_s, FA_MASK(uint8_t, FA_S8(a) >= FA_S8(b)))
FA_I8_BIN(ge_u, FA_MASK(uint8_t, a >= b))
FA_SIMD_SHIFT_(fa_i8x16_shl, uint8_t, 16, 8, a << n)
FA_SIMD_SHIFT_(fa_i8x16_shr_u, uint8_t, 16, 8, a >> n)
FA_SIMD_SHIFT_(fa_i8x16_shr_s, uint8_t, 16, 8, fa_shr_s32((uint32_t)FA_S8(a), n))

/* popcnt: per-byte bit counts on whole 64-bit words (SWAR). Note: this also
 * sidesteps GCC 12 for s390x (-march=z196), which miscompiles the byte loop
 * with __builtin_popcount into one count of the whole word. */
static inline uint64_t fa_popcnt_bytes_(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555u);
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    return (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
}
static inline fa_vec128 fa_i8x16_popcnt(fa_vec128 v)
{
    return fa_vec128_make(fa_popcnt_bytes_(v.w[0]), fa_popcnt_bytes_(v.w[1]));
}

/* i16x8 */
FA_I16_UN(abs, (a & 0x8000u) ? 0u - a : a)
FA_I16_UN(neg, 0u - a)
FA_I16_BIN(add, a + b)
FA_I16_BIN(sub, a - b)
FA_I16_BIN(mul, (uint32_t)a *b)
FA_I16_BIN(add_sat_s, fa_sat_(FA_S16(a) + FA_S16(b), -32768, 32767))
FA_I16_BIN(add_sat_u, fa_sat_(a + b, 0, 65535))
FA_I16_BIN(sub_sat_s, fa_sat_(FA_S16(a) - FA_S16(b), -32768, 32767))
FA_I16_BIN(sub_sat_u, a > b ? a - b : 0)
FA_I16_BIN(min_s, FA_S16(a) < FA_S16(b) ? a : b)
FA_I16_BIN(min_u, a < b ? a : b)
FA_I16_BIN(max_s, FA_S16(a) > FA_S16(b) ? a : b)
FA_I16_BIN(max_u, a > b ? a : b)
FA_I16_BIN(avgr_u, ((uint32_t)a + b + 1u) >> 1)
/* q15mulr_sat_s (4.3.2 iq15mulr_sat): (a*b + 2^14) >> 15, saturated; only
 * -32768 * -32768 leaves the range. Arithmetic shift written portably. */
FA_I16_BIN(q15mulr_sat_s,
           (FA_S16(a) * FA_S16(b) + 0x4000) >= 0x40000000
               ? 32767
               : (uint32_t)fa_shr_s32((uint32_t)(FA_S16(a) * FA_S16(b) + 0x4000), 15))
FA_I16_BIN(eq, FA_MASK(uint16_t, a == b))
FA_I16_BIN(ne, FA_MASK(uint16_t, a != b))
FA_I16_BIN(lt_s, FA_MASK(uint16_t, FA_S16(a) < FA_S16(b)))
FA_I16_BIN(lt_u, FA_MASK(uint16_t, a < b))
FA_I16_BIN(gt_s, FA_MASK(uint16_t, FA_S16(a) > FA_S16(b)))
FA_I16_BIN(gt_u, FA_MASK(uint16_t, a > b))
FA_I16_BIN(le_s, FA_MASK(uint16_t, FA_S16(a) <= FA_S16(b)))
FA_I16_BIN(le_u, FA_MASK(uint16_t, a <= b))
FA_I16_BIN(ge_s, FA_MASK(uint16_t, FA_S16(a) >= FA_S16(b)))
FA_I16_BIN(ge_u, FA_MASK(uint16_t, a >= b))
FA_SIMD_SHIFT_(fa_i16x8_shl, uint16_t, 8, 16, (uint32_t)a << n)
FA_SIMD_SHIFT_(fa_i16x8_shr_u, uint16_t, 8, 16, a >> n)
FA_SIMD_SHIFT_(fa_i16x8_shr_s, uint16_t, 8, 16, fa_shr_s32((uint32_t)FA_S16(a), n))

/* i32x4 */
FA_I32_UN(abs, (a & 0x80000000u) ? 0u - a : a)
FA_I32_UN(neg, 0u - a)
FA_I32_BIN(add, a + b)
FA_I32_BIN(sub, a - b)
FA_I32_BIN(mul, a *b)
FA_I32_BIN(min_s, FA_S32(a) < FA_S32(b) ? a : b)
FA_I32_BIN(min_u, a < b ? a : b)
FA_I32_BIN(max_s, FA_S32(a) > FA_S32(b) ? a : b)
FA_I32_BIN(max_u, a > b ? a : b)
FA_I32_BIN(eq, FA_MASK(uint32_t, a == b))
FA_I32_BIN(ne, FA_MASK(uint32_t, a != b))
FA_I32_BIN(lt_s, FA_MASK(uint32_t, FA_S32(a) < FA_S32(b)))
FA_I32_BIN(lt_u, FA_MASK(uint32_t, a < b))
FA_I32_BIN(gt_s, FA_MASK(uint32_t, FA_S32(a) > FA_S32(b)))
FA_I32_BIN(gt_u, FA_MASK(uint32_t, a > b))
FA_I32_BIN(le_s, FA_MASK(uint32_t, FA_S32(a) <= FA_S32(b)))
FA_I32_BIN(le_u, FA_MASK(uint32_t, a <= b))
FA_I32_BIN(ge_s, FA_MASK(uint32_t, FA_S32(a) >= FA_S32(b)))
FA_I32_BIN(ge_u, FA_MASK(uint32_t, a >= b))
FA_SIMD_SHIFT_(fa_i32x4_shl, uint32_t, 4, 32, a << n)
FA_SIMD_SHIFT_(fa_i32x4_shr_u, uint32_t, 4, 32, a >> n)
FA_SIMD_SHIFT_(fa_i32x4_shr_s, uint32_t, 4, 32, fa_shr_s32(a, n))

/* i64x2 */
FA_I64_UN(abs, (a >> 63) ? 0u - a : a)
FA_I64_UN(neg, 0u - a)
FA_I64_BIN(add, a + b)
FA_I64_BIN(sub, a - b)
FA_I64_BIN(mul, a *b)
FA_I64_BIN(eq, FA_MASK(uint64_t, a == b))
FA_I64_BIN(ne, FA_MASK(uint64_t, a != b))
FA_I64_BIN(lt_s, FA_MASK(uint64_t, FA_S64(a) < FA_S64(b)))
FA_I64_BIN(gt_s, FA_MASK(uint64_t, FA_S64(a) > FA_S64(b)))
FA_I64_BIN(le_s, FA_MASK(uint64_t, FA_S64(a) <= FA_S64(b)))
FA_I64_BIN(ge_s, FA_MASK(uint64_t, FA_S64(a) >= FA_S64(b)))
FA_SIMD_SHIFT_(fa_i64x2_shl, uint64_t, 2, 64, a << n)
FA_SIMD_SHIFT_(fa_i64x2_shr_u, uint64_t, 2, 64, a >> n)
FA_SIMD_SHIFT_(fa_i64x2_shr_s, uint64_t, 2, 64, fa_shr_s64(a, n))

/* all_true: every lane nonzero; bitmask: the top bit of each lane, lane 0 = bit 0. */
static inline uint32_t fa_i8x16_all_true(fa_vec128 v)
{
    uint8_t l[16];
    uint32_t ok = 1;
    fa_v_get8(v, l);
    FA_SIMD_LOOP for (unsigned i = 0; i < 16; i++) ok &= l[i] != 0;
    return ok;
}
static inline uint32_t fa_i16x8_all_true(fa_vec128 v)
{
    uint16_t l[8];
    uint32_t ok = 1;
    fa_v_get16(v, l);
    FA_SIMD_LOOP for (unsigned i = 0; i < 8; i++) ok &= l[i] != 0;
    return ok;
}
static inline uint32_t fa_i32x4_all_true(fa_vec128 v)
{
    uint32_t l[4];
    uint32_t ok = 1;
    fa_v_get32(v, l);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) ok &= l[i] != 0;
    return ok;
}
static inline uint32_t fa_i64x2_all_true(fa_vec128 v)
{
    return v.w[0] != 0 && v.w[1] != 0;
}

static inline uint32_t fa_i8x16_bitmask(fa_vec128 v)
{
    uint8_t l[16];
    uint32_t m = 0;
    fa_v_get8(v, l);
    FA_SIMD_LOOP for (unsigned i = 0; i < 16; i++) m |= (uint32_t)(l[i] >> 7) << i;
    return m;
}
static inline uint32_t fa_i16x8_bitmask(fa_vec128 v)
{
    uint16_t l[8];
    uint32_t m = 0;
    fa_v_get16(v, l);
    FA_SIMD_LOOP for (unsigned i = 0; i < 8; i++) m |= (uint32_t)(l[i] >> 15) << i;
    return m;
}
static inline uint32_t fa_i32x4_bitmask(fa_vec128 v)
{
    uint32_t l[4];
    uint32_t m = 0;
    fa_v_get32(v, l);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) m |= (l[i] >> 31) << i;
    return m;
}
static inline uint32_t fa_i64x2_bitmask(fa_vec128 v)
{
    return (uint32_t)(v.w[0] >> 63) | (uint32_t)(v.w[1] >> 63) << 1;
}

/* ---------------------------------------------------------------- narrow, extend */

static inline uint8_t fa_sat_s16_to_s8_(uint16_t x)
{
    return (uint8_t)fa_sat_(FA_S16(x), -128, 127);
}
static inline uint8_t fa_sat_s16_to_u8_(uint16_t x)
{
    return (uint8_t)fa_sat_(FA_S16(x), 0, 255);
}
static inline uint16_t fa_sat_s32_to_s16_(uint32_t x)
{
    return (uint16_t)fa_sat_(FA_S32(x), -32768, 32767);
}
static inline uint16_t fa_sat_s32_to_u16_(uint32_t x)
{
    return (uint16_t)fa_sat_(FA_S32(x), 0, 65535);
}

/* narrow(a, b): lanes 0..N-1 from a, N..2N-1 from b, each saturated. */
#define FA_SIMD_NARROW_(fname, TI, NI, BI, TO, BO, sat)                                            \
    static inline fa_vec128 fname(fa_vec128 va, fa_vec128 vb)                                      \
    {                                                                                              \
        TI a[NI], b[NI];                                                                           \
        TO r[2 * (NI)];                                                                            \
        fa_v_get##BI(va, a);                                                                       \
        fa_v_get##BI(vb, b);                                                                       \
        FA_SIMD_LOOP for (unsigned i = 0; i < (NI); i++)                                           \
        {                                                                                          \
            r[i] = sat(a[i]);                                                                      \
            r[(NI) + i] = sat(b[i]);                                                               \
        }                                                                                          \
        return fa_v_set##BO(r);                                                                    \
    }
FA_SIMD_NARROW_(fa_i8x16_narrow_i16x8_s, uint16_t, 8, 16, uint8_t, 8, fa_sat_s16_to_s8_)
FA_SIMD_NARROW_(fa_i8x16_narrow_i16x8_u, uint16_t, 8, 16, uint8_t, 8, fa_sat_s16_to_u8_)
FA_SIMD_NARROW_(fa_i16x8_narrow_i32x4_s, uint32_t, 4, 32, uint16_t, 16, fa_sat_s32_to_s16_)
FA_SIMD_NARROW_(fa_i16x8_narrow_i32x4_u, uint32_t, 4, 32, uint16_t, 16, fa_sat_s32_to_u16_)

/* extend_low/high: the low or high half of the lanes, widened (first = 0 or N/2). */
#define FA_SIMD_EXTEND_(fname, TI, NI, BI, TO, BO, first, conv)                                    \
    static inline fa_vec128 fname(fa_vec128 va)                                                    \
    {                                                                                              \
        TI a[NI];                                                                                  \
        TO r[(NI) / 2];                                                                            \
        fa_v_get##BI(va, a);                                                                       \
        FA_SIMD_LOOP for (unsigned i = 0; i < (NI) / 2; i++) r[i] = (TO)conv(a[(first) + i]);      \
        return fa_v_set##BO(r);                                                                    \
    }
#define FA_U_(x) (x)
#define FA_S32TO64_(x) ((uint64_t)(int64_t)FA_S32(x))
FA_SIMD_EXTEND_(fa_i16x8_extend_low_i8x16_s, uint8_t, 16, 8, uint16_t, 16, 0, FA_S8)
FA_SIMD_EXTEND_(fa_i16x8_extend_high_i8x16_s, uint8_t, 16, 8, uint16_t, 16, 8, FA_S8)
FA_SIMD_EXTEND_(fa_i16x8_extend_low_i8x16_u, uint8_t, 16, 8, uint16_t, 16, 0, FA_U_)
FA_SIMD_EXTEND_(fa_i16x8_extend_high_i8x16_u, uint8_t, 16, 8, uint16_t, 16, 8, FA_U_)
FA_SIMD_EXTEND_(fa_i32x4_extend_low_i16x8_s, uint16_t, 8, 16, uint32_t, 32, 0, FA_S16)
FA_SIMD_EXTEND_(fa_i32x4_extend_high_i16x8_s, uint16_t, 8, 16, uint32_t, 32, 4, FA_S16)
FA_SIMD_EXTEND_(fa_i32x4_extend_low_i16x8_u, uint16_t, 8, 16, uint32_t, 32, 0, FA_U_)
FA_SIMD_EXTEND_(fa_i32x4_extend_high_i16x8_u, uint16_t, 8, 16, uint32_t, 32, 4, FA_U_)
FA_SIMD_EXTEND_(fa_i64x2_extend_low_i32x4_s, uint32_t, 4, 32, uint64_t, 64, 0, FA_S32TO64_)
FA_SIMD_EXTEND_(fa_i64x2_extend_high_i32x4_s, uint32_t, 4, 32, uint64_t, 64, 2, FA_S32TO64_)
FA_SIMD_EXTEND_(fa_i64x2_extend_low_i32x4_u, uint32_t, 4, 32, uint64_t, 64, 0, FA_U_)
FA_SIMD_EXTEND_(fa_i64x2_extend_high_i32x4_u, uint32_t, 4, 32, uint64_t, 64, 2, FA_U_)

/* extmul_low/high: widen the low/high halves of a and b, then multiply
 * (exact: the product fits the wide lane, except i32x4 s*s -32768^2 = 2^30). */
#define FA_SIMD_EXTMUL_(fname, TI, NI, BI, TO, BO, first, conv, WT)                                \
    static inline fa_vec128 fname(fa_vec128 va, fa_vec128 vb)                                      \
    {                                                                                              \
        TI a[NI], b[NI];                                                                           \
        TO r[(NI) / 2];                                                                            \
        fa_v_get##BI(va, a);                                                                       \
        fa_v_get##BI(vb, b);                                                                       \
        FA_SIMD_LOOP for (unsigned i = 0; i < (NI) / 2; i++) r[i] =                                \
            (TO)((WT)conv(a[(first) + i]) * (WT)conv(b[(first) + i]));                             \
        return fa_v_set##BO(r);                                                                    \
    }
FA_SIMD_EXTMUL_(fa_i16x8_extmul_low_i8x16_s, uint8_t, 16, 8, uint16_t, 16, 0, FA_S8, int32_t)
FA_SIMD_EXTMUL_(fa_i16x8_extmul_high_i8x16_s, uint8_t, 16, 8, uint16_t, 16, 8, FA_S8, int32_t)
FA_SIMD_EXTMUL_(fa_i16x8_extmul_low_i8x16_u, uint8_t, 16, 8, uint16_t, 16, 0, FA_U_, uint32_t)
FA_SIMD_EXTMUL_(fa_i16x8_extmul_high_i8x16_u, uint8_t, 16, 8, uint16_t, 16, 8, FA_U_, uint32_t)
FA_SIMD_EXTMUL_(fa_i32x4_extmul_low_i16x8_s, uint16_t, 8, 16, uint32_t, 32, 0, FA_S16, int32_t)
FA_SIMD_EXTMUL_(fa_i32x4_extmul_high_i16x8_s, uint16_t, 8, 16, uint32_t, 32, 4, FA_S16, int32_t)
FA_SIMD_EXTMUL_(fa_i32x4_extmul_low_i16x8_u, uint16_t, 8, 16, uint32_t, 32, 0, FA_U_, uint32_t)
FA_SIMD_EXTMUL_(fa_i32x4_extmul_high_i16x8_u, uint16_t, 8, 16, uint32_t, 32, 4, FA_U_, uint32_t)
FA_SIMD_EXTMUL_(fa_i64x2_extmul_low_i32x4_s, uint32_t, 4, 32, uint64_t, 64, 0, FA_S32, int64_t)
FA_SIMD_EXTMUL_(fa_i64x2_extmul_high_i32x4_s, uint32_t, 4, 32, uint64_t, 64, 2, FA_S32, int64_t)
FA_SIMD_EXTMUL_(fa_i64x2_extmul_low_i32x4_u, uint32_t, 4, 32, uint64_t, 64, 0, FA_U_, uint64_t)
FA_SIMD_EXTMUL_(fa_i64x2_extmul_high_i32x4_u, uint32_t, 4, 32, uint64_t, 64, 2, FA_U_, uint64_t)

/* extadd_pairwise: lane i = a[2i] + a[2i+1], widened (never overflows). */
#define FA_SIMD_EXTADD_(fname, TI, NI, BI, TO, BO, conv)                                           \
    static inline fa_vec128 fname(fa_vec128 va)                                                    \
    {                                                                                              \
        TI a[NI];                                                                                  \
        TO r[(NI) / 2];                                                                            \
        fa_v_get##BI(va, a);                                                                       \
        FA_SIMD_LOOP for (unsigned i = 0; i < (NI) / 2; i++) r[i] =                                \
            (TO)(conv(a[2 * i]) + conv(a[2 * i + 1]));                                             \
        return fa_v_set##BO(r);                                                                    \
    }
FA_SIMD_EXTADD_(fa_i16x8_extadd_pairwise_i8x16_s, uint8_t, 16, 8, uint16_t, 16, FA_S8)
FA_SIMD_EXTADD_(fa_i16x8_extadd_pairwise_i8x16_u, uint8_t, 16, 8, uint16_t, 16, FA_U_)
FA_SIMD_EXTADD_(fa_i32x4_extadd_pairwise_i16x8_s, uint16_t, 8, 16, uint32_t, 32, FA_S16)
FA_SIMD_EXTADD_(fa_i32x4_extadd_pairwise_i16x8_u, uint16_t, 8, 16, uint32_t, 32, FA_U_)

/* i32x4.dot_i16x8_s: a[2i]*b[2i] + a[2i+1]*b[2i+1]; the sum wraps (only
 * when all four are -32768), so it is added on uint32_t. */
static inline fa_vec128 fa_i32x4_dot_i16x8_s(fa_vec128 va, fa_vec128 vb)
{
    uint16_t a[8], b[8];
    uint32_t r[4];
    fa_v_get16(va, a);
    fa_v_get16(vb, b);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] =
        (uint32_t)(FA_S16(a[2 * i]) * FA_S16(b[2 * i])) +
        (uint32_t)(FA_S16(a[2 * i + 1]) * FA_S16(b[2 * i + 1]));
    return fa_v_set32(r);
}

/* ---------------------------------------------------------------- float lanes */

#define FA_F32_UN(name, expr)                                                                      \
    static inline fa_vec128 fa_f32x4_##name(fa_vec128 va)                                          \
    {                                                                                              \
        uint32_t a_[4], r_[4];                                                                     \
        fa_v_get32(va, a_);                                                                        \
        FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++)                                              \
        {                                                                                          \
            float a = fa_f32_from_bits(a_[i]);                                                     \
            r_[i] = fa_f32_to_bits(expr);                                                          \
        }                                                                                          \
        return fa_v_set32(r_);                                                                     \
    }
#define FA_F32_BIN(name, expr)                                                                     \
    static inline fa_vec128 fa_f32x4_##name(fa_vec128 va, fa_vec128 vb)                            \
    {                                                                                              \
        uint32_t a_[4], b_[4], r_[4];                                                              \
        fa_v_get32(va, a_);                                                                        \
        fa_v_get32(vb, b_);                                                                        \
        FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++)                                              \
        {                                                                                          \
            float a = fa_f32_from_bits(a_[i]), b = fa_f32_from_bits(b_[i]);                        \
            r_[i] = fa_f32_to_bits(expr);                                                          \
        }                                                                                          \
        return fa_v_set32(r_);                                                                     \
    }
#define FA_F32_CMP(name, op)                                                                       \
    static inline fa_vec128 fa_f32x4_##name(fa_vec128 va, fa_vec128 vb)                            \
    {                                                                                              \
        uint32_t a_[4], b_[4], r_[4];                                                              \
        fa_v_get32(va, a_);                                                                        \
        fa_v_get32(vb, b_);                                                                        \
        FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r_[i] =                                      \
            FA_MASK(uint32_t, fa_f32_from_bits(a_[i]) op fa_f32_from_bits(b_[i]));                 \
        return fa_v_set32(r_);                                                                     \
    }
#define FA_F64_UN(name, expr)                                                                      \
    static inline fa_vec128 fa_f64x2_##name(fa_vec128 va)                                          \
    {                                                                                              \
        fa_vec128 r_;                                                                              \
        FA_SIMD_LOOP for (unsigned i = 0; i < 2; i++)                                              \
        {                                                                                          \
            double a = fa_f64_from_bits(va.w[i]);                                                  \
            r_.w[i] = fa_f64_to_bits(expr);                                                        \
        }                                                                                          \
        return r_;                                                                                 \
    }
#define FA_F64_BIN(name, expr)                                                                     \
    static inline fa_vec128 fa_f64x2_##name(fa_vec128 va, fa_vec128 vb)                            \
    {                                                                                              \
        fa_vec128 r_;                                                                              \
        FA_SIMD_LOOP for (unsigned i = 0; i < 2; i++)                                              \
        {                                                                                          \
            double a = fa_f64_from_bits(va.w[i]), b = fa_f64_from_bits(vb.w[i]);                   \
            r_.w[i] = fa_f64_to_bits(expr);                                                        \
        }                                                                                          \
        return r_;                                                                                 \
    }
#define FA_F64_CMP(name, op)                                                                       \
    static inline fa_vec128 fa_f64x2_##name(fa_vec128 va, fa_vec128 vb)                            \
    {                                                                                              \
        fa_vec128 r_;                                                                              \
        FA_SIMD_LOOP for (unsigned i = 0; i < 2; i++) r_.w[i] =                                    \
            FA_MASK(uint64_t, fa_f64_from_bits(va.w[i]) op fa_f64_from_bits(vb.w[i]));             \
        return r_;                                                                                 \
    }

/* Note: abs/neg are bit operations (a NaN payload is kept, 4.3.3 fabs/fneg). */
static inline fa_vec128 fa_f32x4_abs(fa_vec128 v)
{
    return fa_v128_and(v, fa_i32x4_splat(0x7FFFFFFFu));
}
static inline fa_vec128 fa_f32x4_neg(fa_vec128 v)
{
    return fa_v128_xor(v, fa_i32x4_splat(0x80000000u));
}
static inline fa_vec128 fa_f64x2_abs(fa_vec128 v)
{
    return fa_v128_and(v, fa_i64x2_splat(0x7FFFFFFFFFFFFFFFu));
}
static inline fa_vec128 fa_f64x2_neg(fa_vec128 v)
{
    return fa_v128_xor(v, fa_i64x2_splat(0x8000000000000000u));
}

FA_F32_UN(sqrt, fa_f32_sqrt(a))
FA_F32_UN(ceil, fa_f32_ceil(a))
FA_F32_UN(floor, fa_f32_floor(a))
FA_F32_UN(trunc, fa_f32_trunc(a))
FA_F32_UN(nearest, fa_f32_nearest(a))
FA_F32_BIN(add, a + b)
FA_F32_BIN(sub, a - b)
FA_F32_BIN(mul, a *b)
FA_F32_BIN(div, a / b)
FA_F32_BIN(min, fa_f32_min(a, b))
FA_F32_BIN(max, fa_f32_max(a, b))
FA_F32_CMP(eq, ==)
FA_F32_CMP(ne, !=)
FA_F32_CMP(lt, <)
FA_F32_CMP(gt, >)
FA_F32_CMP(le, <=)
FA_F32_CMP(ge, >=)

FA_F64_UN(sqrt, fa_f64_sqrt(a))
FA_F64_UN(ceil, fa_f64_ceil(a))
FA_F64_UN(floor, fa_f64_floor(a))
FA_F64_UN(trunc, fa_f64_trunc(a))
FA_F64_UN(nearest, fa_f64_nearest(a))
FA_F64_BIN(add, a + b)
FA_F64_BIN(sub, a - b)
FA_F64_BIN(mul, a *b)
FA_F64_BIN(div, a / b)
FA_F64_BIN(min, fa_f64_min(a, b))
FA_F64_BIN(max, fa_f64_max(a, b))
FA_F64_CMP(eq, ==)
FA_F64_CMP(ne, !=)
FA_F64_CMP(lt, <)
FA_F64_CMP(gt, >)
FA_F64_CMP(le, <=)
FA_F64_CMP(ge, >=)

/* pmin(a, b) = b < a ? b : a; pmax(a, b) = a < b ? b : a (4.3.3 fpmin/fpmax):
 * one operand's bits exactly, NaN included. */
static inline fa_vec128 fa_f32x4_pmin(fa_vec128 va, fa_vec128 vb)
{
    uint32_t a[4], b[4], r[4];
    fa_v_get32(va, a);
    fa_v_get32(vb, b);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] =
        fa_f32_from_bits(b[i]) < fa_f32_from_bits(a[i]) ? b[i] : a[i];
    return fa_v_set32(r);
}
static inline fa_vec128 fa_f32x4_pmax(fa_vec128 va, fa_vec128 vb)
{
    uint32_t a[4], b[4], r[4];
    fa_v_get32(va, a);
    fa_v_get32(vb, b);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] =
        fa_f32_from_bits(a[i]) < fa_f32_from_bits(b[i]) ? b[i] : a[i];
    return fa_v_set32(r);
}
static inline fa_vec128 fa_f64x2_pmin(fa_vec128 a, fa_vec128 b)
{
    fa_vec128 r;
    FA_SIMD_LOOP for (unsigned i = 0; i < 2; i++) r.w[i] =
        fa_f64_from_bits(b.w[i]) < fa_f64_from_bits(a.w[i]) ? b.w[i] : a.w[i];
    return r;
}
static inline fa_vec128 fa_f64x2_pmax(fa_vec128 a, fa_vec128 b)
{
    fa_vec128 r;
    FA_SIMD_LOOP for (unsigned i = 0; i < 2; i++) r.w[i] =
        fa_f64_from_bits(a.w[i]) < fa_f64_from_bits(b.w[i]) ? b.w[i] : a.w[i];
    return r;
}

/* ---------------------------------------------------------------- conversions (4.3.4) */

static inline fa_vec128 fa_i32x4_trunc_sat_f32x4_s(fa_vec128 va)
{
    uint32_t a[4], r[4];
    fa_v_get32(va, a);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] =
        (uint32_t)fa_i32_trunc_sat_f32_s(fa_f32_from_bits(a[i]));
    return fa_v_set32(r);
}
static inline fa_vec128 fa_i32x4_trunc_sat_f32x4_u(fa_vec128 va)
{
    uint32_t a[4], r[4];
    fa_v_get32(va, a);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] =
        fa_i32_trunc_sat_f32_u(fa_f32_from_bits(a[i]));
    return fa_v_set32(r);
}
static inline fa_vec128 fa_f32x4_convert_i32x4_s(fa_vec128 va)
{
    uint32_t a[4], r[4];
    fa_v_get32(va, a);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] =
        fa_f32_to_bits(fa_f32_convert_i32_s(FA_S32(a[i])));
    return fa_v_set32(r);
}
static inline fa_vec128 fa_f32x4_convert_i32x4_u(fa_vec128 va)
{
    uint32_t a[4], r[4];
    fa_v_get32(va, a);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] = fa_f32_to_bits(fa_f32_convert_i32_u(a[i]));
    return fa_v_set32(r);
}
/* The _zero forms fill the two high lanes with 0. */
static inline fa_vec128 fa_i32x4_trunc_sat_f64x2_s_zero(fa_vec128 v)
{
    uint32_t r[4] = {(uint32_t)fa_i32_trunc_sat_f64_s(fa_f64_from_bits(v.w[0])),
                     (uint32_t)fa_i32_trunc_sat_f64_s(fa_f64_from_bits(v.w[1])), 0, 0};
    return fa_v_set32(r);
}
static inline fa_vec128 fa_i32x4_trunc_sat_f64x2_u_zero(fa_vec128 v)
{
    uint32_t r[4] = {fa_i32_trunc_sat_f64_u(fa_f64_from_bits(v.w[0])),
                     fa_i32_trunc_sat_f64_u(fa_f64_from_bits(v.w[1])), 0, 0};
    return fa_v_set32(r);
}
static inline fa_vec128 fa_f64x2_convert_low_i32x4_s(fa_vec128 v)
{
    return fa_vec128_make(
        fa_f64_to_bits(fa_f64_convert_i32_s(FA_S32(fa_i32x4_extract_lane(v, 0)))),
        fa_f64_to_bits(fa_f64_convert_i32_s(FA_S32(fa_i32x4_extract_lane(v, 1)))));
}
static inline fa_vec128 fa_f64x2_convert_low_i32x4_u(fa_vec128 v)
{
    return fa_vec128_make(fa_f64_to_bits(fa_f64_convert_i32_u(fa_i32x4_extract_lane(v, 0))),
                          fa_f64_to_bits(fa_f64_convert_i32_u(fa_i32x4_extract_lane(v, 1))));
}
static inline fa_vec128 fa_f32x4_demote_f64x2_zero(fa_vec128 v)
{
    uint32_t r[4] = {fa_f32_to_bits(fa_f32_demote_f64(fa_f64_from_bits(v.w[0]))),
                     fa_f32_to_bits(fa_f32_demote_f64(fa_f64_from_bits(v.w[1]))), 0, 0};
    return fa_v_set32(r);
}
static inline fa_vec128 fa_f64x2_promote_low_f32x4(fa_vec128 v)
{
    return fa_vec128_make(
        fa_f64_to_bits(fa_f64_promote_f32(fa_f32_from_bits(fa_i32x4_extract_lane(v, 0)))),
        fa_f64_to_bits(fa_f64_promote_f32(fa_f32_from_bits(fa_i32x4_extract_lane(v, 1)))));
}

/* ---------------------------------------------------------------- relaxed SIMD */

/* The choices are listed at the top of this file. */
static inline fa_vec128 fa_i8x16_relaxed_swizzle(fa_vec128 a, fa_vec128 b)
{
    return fa_i8x16_swizzle(a, b);
}
static inline fa_vec128 fa_i32x4_relaxed_trunc_f32x4_s(fa_vec128 a)
{
    return fa_i32x4_trunc_sat_f32x4_s(a);
}
static inline fa_vec128 fa_i32x4_relaxed_trunc_f32x4_u(fa_vec128 a)
{
    return fa_i32x4_trunc_sat_f32x4_u(a);
}
static inline fa_vec128 fa_i32x4_relaxed_trunc_f64x2_s_zero(fa_vec128 a)
{
    return fa_i32x4_trunc_sat_f64x2_s_zero(a);
}
static inline fa_vec128 fa_i32x4_relaxed_trunc_f64x2_u_zero(fa_vec128 a)
{
    return fa_i32x4_trunc_sat_f64x2_u_zero(a);
}

/* Note: fma/fmaf round once on every conforming libm, so the fused choice is
 * the same everywhere (an unfused a*b+c could be contracted or not,
 * depending on the compiler's -ffp-contract). */
static inline fa_vec128 fa_f32x4_relaxed_madd(fa_vec128 va, fa_vec128 vb, fa_vec128 vc)
{
    uint32_t a[4], b[4], c[4], r[4];
    fa_v_get32(va, a);
    fa_v_get32(vb, b);
    fa_v_get32(vc, c);
    FA_SIMD_LOOP for (unsigned i = 0; i < 4; i++) r[i] = fa_f32_to_bits(
        fmaf(fa_f32_from_bits(a[i]), fa_f32_from_bits(b[i]), fa_f32_from_bits(c[i])));
    return fa_v_set32(r);
}
static inline fa_vec128 fa_f32x4_relaxed_nmadd(fa_vec128 va, fa_vec128 vb, fa_vec128 vc)
{
    return fa_f32x4_relaxed_madd(fa_f32x4_neg(va), vb, vc);
}
static inline fa_vec128 fa_f64x2_relaxed_madd(fa_vec128 a, fa_vec128 b, fa_vec128 c)
{
    fa_vec128 r;
    FA_SIMD_LOOP for (unsigned i = 0; i < 2; i++) r.w[i] = fa_f64_to_bits(
        fma(fa_f64_from_bits(a.w[i]), fa_f64_from_bits(b.w[i]), fa_f64_from_bits(c.w[i])));
    return r;
}
static inline fa_vec128 fa_f64x2_relaxed_nmadd(fa_vec128 a, fa_vec128 b, fa_vec128 c)
{
    return fa_f64x2_relaxed_madd(fa_f64x2_neg(a), b, c);
}

static inline fa_vec128 fa_i8x16_relaxed_laneselect(fa_vec128 a, fa_vec128 b, fa_vec128 m)
{
    return fa_v128_bitselect(a, b, m);
}
static inline fa_vec128 fa_i16x8_relaxed_laneselect(fa_vec128 a, fa_vec128 b, fa_vec128 m)
{
    return fa_v128_bitselect(a, b, m);
}
static inline fa_vec128 fa_i32x4_relaxed_laneselect(fa_vec128 a, fa_vec128 b, fa_vec128 m)
{
    return fa_v128_bitselect(a, b, m);
}
static inline fa_vec128 fa_i64x2_relaxed_laneselect(fa_vec128 a, fa_vec128 b, fa_vec128 m)
{
    return fa_v128_bitselect(a, b, m);
}

static inline fa_vec128 fa_f32x4_relaxed_min(fa_vec128 a, fa_vec128 b)
{
    return fa_f32x4_min(a, b);
}
static inline fa_vec128 fa_f32x4_relaxed_max(fa_vec128 a, fa_vec128 b)
{
    return fa_f32x4_max(a, b);
}
static inline fa_vec128 fa_f64x2_relaxed_min(fa_vec128 a, fa_vec128 b)
{
    return fa_f64x2_min(a, b);
}
static inline fa_vec128 fa_f64x2_relaxed_max(fa_vec128 a, fa_vec128 b)
{
    return fa_f64x2_max(a, b);
}

static inline fa_vec128 fa_i16x8_relaxed_q15mulr_s(fa_vec128 a, fa_vec128 b)
{
    return fa_i16x8_q15mulr_sat_s(a, b);
}

/* Signed x signed products; the sum of each pair wraps to 16 bits. */
static inline fa_vec128 fa_i16x8_relaxed_dot_i8x16_i7x16_s(fa_vec128 va, fa_vec128 vb)
{
    uint8_t a[16], b[16];
    uint16_t r[8];
    fa_v_get8(va, a);
    fa_v_get8(vb, b);
    FA_SIMD_LOOP for (unsigned i = 0; i < 8; i++) r[i] =
        (uint16_t)((uint32_t)(FA_S8(a[2 * i]) * FA_S8(b[2 * i])) +
                   (uint32_t)(FA_S8(a[2 * i + 1]) * FA_S8(b[2 * i + 1])));
    return fa_v_set16(r);
}
static inline fa_vec128 fa_i32x4_relaxed_dot_i8x16_i7x16_add_s(fa_vec128 a, fa_vec128 b,
                                                               fa_vec128 c)
{
    return fa_i32x4_add(fa_i32x4_extadd_pairwise_i16x8_s(fa_i16x8_relaxed_dot_i8x16_i7x16_s(a, b)),
                        c);
}

#endif /* FA_SIMD_H */
