/*
 * test_simd_portable.c - test_simd.c again, with the shift-based lane access
 * that big-endian and unknown hosts use (FA_SIMD_LE=0), so that path is
 * exercised on every build host.
 */
#define FA_SIMD_LE 0
#include "test_simd.c"
