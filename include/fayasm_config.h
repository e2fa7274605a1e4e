/*
 * fayasm_config.h - every compile-time knob of fayasm, in one header.
 *
 * Each knob has a default and a one-line reason. Override one with -D on the
 * compiler command line (e.g. -DFAYASM_SIMD=0), or put the -D's in the build
 * that compiles the library: all of them must be the same for every source
 * file of one build. Nothing here is needed by an embedder at run time; the
 * run-time limits themselves live in fa_config (fayasm.h).
 *
 * Every knob is wired: the comment names the sources that honour it
 * (docs/portability.md has the table, with what each option costs).
 *
 * Every source sees this header through fayasm.h; the core-only build
 * (cmake/fayasm-core.cmake) and ESP-IDF also force-include it. The defaults
 * reproduce the normal hosted build exactly.
 */
#ifndef FAYASM_CONFIG_H
#define FAYASM_CONFIG_H

/* ------------------------------------------------------------ target hints */

/* RAM the runtime may plan for, in bytes; 0 = a hosted machine (plenty).
 * Small values pick small stack/call-depth/memory defaults below. */
#ifndef FAYASM_TARGET_RAM_BYTES
#define FAYASM_TARGET_RAM_BYTES 0
#endif

/* CPU cores; 0 = unknown. Informational today (no knob depends on it yet;
 * the interpreter is single-threaded per runtime). */
#ifndef FAYASM_TARGET_CPU_COUNT
#define FAYASM_TARGET_CPU_COUNT 0
#endif

/* A microcontroller-class target: 1 MiB of RAM or less (ESP32: 520 KiB SRAM,
 * STM32F4: 192 KiB). Chooses the small defaults below. */
#ifndef FAYASM_SMALL_TARGET
#if FAYASM_TARGET_RAM_BYTES > 0 && FAYASM_TARGET_RAM_BYTES <= 1048576
#define FAYASM_SMALL_TARGET 1
#else
#define FAYASM_SMALL_TARGET 0
#endif
#endif

/* No operating system: no files, no dynamic loading, no WASI. */
#ifndef FAYASM_BARE_METAL
#define FAYASM_BARE_METAL 0
#endif

/* ------------------------------------------------------------ OS services */

/* fa_module_load_file (fopen/fread). Off on bare metal: there is no file
 * system; load from bytes in flash with fa_module_load (load_file then
 * returns FA_ERR_UNSUPPORTED). [wired: FAYASM_NO_FILEIO, src/api.c] */
#ifndef FAYASM_FILEIO
#define FAYASM_FILEIO (!FAYASM_BARE_METAL)
#endif

/* Native host functions from shared libraries (dlopen). Off on bare metal:
 * no dynamic loader. [wired: FA_NO_DLOPEN, src/native.c] */
#ifndef FAYASM_DLOPEN
#define FAYASM_DLOPEN (!FAYASM_BARE_METAL)
#endif

/* The WASI preview1 library (wasi/). Off on bare metal: it needs POSIX files,
 * clocks and random. [wired: the CMake option FAYASM_WASI decides whether
 * wasi/ is built; this macro records the choice for C code] */
#ifndef FAYASM_WASI
#define FAYASM_WASI (!FAYASM_BARE_METAL)
#endif

/* Format error and trap messages with fayasm's own small vsnprintf
 * (src/util/fmt.c: the conversions the sources use) instead of the C
 * library's, whose printf machinery is ~2.5 KiB on a Cortex-M4. On bare
 * metal by default. [wired: src/util/error.h, fmt.c] */
#ifndef FAYASM_TINY_PRINTF
#define FAYASM_TINY_PRINTF FAYASM_BARE_METAL
#endif

/* POSIX threads for fa_module_load's body validation (fa_config.load_threads).
 * Set to 1 by the CMake build when it finds pthreads (linking them; CMake
 * option FAYASM_THREADS=OFF to leave them out); 0 otherwise: bare metal,
 * ESP-IDF, a plain compile of src/ (fa_module_load then validates on the
 * calling thread). [wired: CMakeLists.txt, src/validate.c] */
#ifndef FAYASM_THREADS
#define FAYASM_THREADS 0
#endif

/* ------------------------------------------------------------ feature groups
 * A group compiled out is also absent from fa_config.features (whatever an
 * embedder asks for), its handlers and translation are compiled out, and a
 * module using it is rejected at load with FA_ERR_UNSUPPORTED "<feature> not
 * supported in this build" (decode.c, validate.c). */

/* f32/f64 values and instructions. Off removes the float handlers and,
 * on an MCU without an FPU for them, the soft-float library and libm; a
 * module with a float anywhere (a type in a signature, local or global, an
 * instruction, a constant) is rejected "floating point not supported in
 * this build". On by default: wasm 1.0 requires them. [wired: code.h,
 * exec.c, compile.c, decode.c] */
#ifndef FAYASM_FLOAT
#define FAYASM_FLOAT 1
#endif

/* 128-bit SIMD (0xFD opcodes): the largest group (+52 KiB on Cortex-M4:
 * handlers and opcode rows); off on small targets and without floats.
 * [wired: code.h, compile.c, exec.c, opcodes.h, decode.c, validate.c] */
#ifndef FAYASM_SIMD
#define FAYASM_SIMD (!FAYASM_SMALL_TARGET && FAYASM_FLOAT)
#endif

/* Relaxed SIMD: needs SIMD; a few handlers more. [wired: code.h] */
#ifndef FAYASM_RELAXED_SIMD
#define FAYASM_RELAXED_SIMD FAYASM_SIMD
#endif

/* memory64 (i64 addresses): with multi-memory it needs the `_mx`
 * load/store forms, which are compiled out only when both are (and SIMD is
 * off). [wired: decode.c, code.h, exec.c, compile.c] */
#ifndef FAYASM_MEMORY64
#define FAYASM_MEMORY64 1
#endif

/* Multiple memories: shares the `_mx` forms with memory64. [wired:
 * decode.c, validate.c, code.h, exec.c, compile.c] */
#ifndef FAYASM_MULTI_MEMORY
#define FAYASM_MULTI_MEMORY 1
#endif

/* Tail calls (return_call*): two small handlers and the tail-entry path.
 * [wired: decode.c, code.h, exec.c] */
#ifndef FAYASM_TAIL_CALL
#define FAYASM_TAIL_CALL 1
#endif

/* Extended constant expressions: a few lines in the validator. [wired:
 * validate.c; the constant evaluator is shared with the basic forms] */
#ifndef FAYASM_EXTENDED_CONST
#define FAYASM_EXTENDED_CONST 1
#endif

/* The features this build can run, as FA_FEATURE_* bits (fayasm.h); expands
 * where it is used, so fayasm.h need not be included first. It is the
 * default fa_config.features, and fa_runtime_new masks the requested
 * features with it. [wired: runtime.c] */
#define FAYASM_FEATURES_COMPILED                                               \
    ((FAYASM_SIMD ? FA_FEATURE_SIMD : 0u) |                                    \
     (FAYASM_RELAXED_SIMD && FAYASM_SIMD ? FA_FEATURE_RELAXED_SIMD : 0u) |     \
     (FAYASM_MEMORY64 ? FA_FEATURE_MEMORY64 : 0u) |                            \
     (FAYASM_MULTI_MEMORY ? FA_FEATURE_MULTI_MEMORY : 0u) |                    \
     (FAYASM_TAIL_CALL ? FA_FEATURE_TAIL_CALL : 0u) |                          \
     (FAYASM_EXTENDED_CONST ? FA_FEATURE_EXTENDED_CONST : 0u))

/* ------------------------------------------------------------ run-time defaults
 * What fa_config_default fills in (an embedder can always set its own).
 * [wired: runtime.c] */

/* Value-stack slots (8 bytes each), allocated when the runtime is created.
 * Hosted: 1 Mi slots (8 MiB, deep recursion works); small: 1/16 of RAM. */
#ifndef FAYASM_DEFAULT_STACK_SLOTS
#if FAYASM_SMALL_TARGET
#define FAYASM_DEFAULT_STACK_SLOTS                                             \
    ((FAYASM_TARGET_RAM_BYTES / 128) < 512 ? 512 : (FAYASM_TARGET_RAM_BYTES / 128))
#else
#define FAYASM_DEFAULT_STACK_SLOTS ((size_t)1 << 20)
#endif
#endif

/* Call frames (12 bytes each on 32-bit hosts, 24 on 64-bit), allocated up
 * front. Hosted: 100,000; small: one frame per 8 stack slots. */
#ifndef FAYASM_DEFAULT_CALL_DEPTH
#if FAYASM_SMALL_TARGET
#define FAYASM_DEFAULT_CALL_DEPTH (FAYASM_DEFAULT_STACK_SLOTS / 8)
#else
#define FAYASM_DEFAULT_CALL_DEPTH 100000u
#endif
#endif

/* Nested host -> wasm -> host calls (each nests C frames, under 1 KiB).
 * Small targets have C stacks of a few KiB. */
#ifndef FAYASM_DEFAULT_REENTRY
#if FAYASM_SMALL_TARGET
#define FAYASM_DEFAULT_REENTRY 4u
#else
#define FAYASM_DEFAULT_REENTRY 256u
#endif
#endif

/* Cap on any linear memory, in 64 KiB pages; 0 = the memory type's own
 * limit. Small: half the RAM, at least one page. */
#ifndef FAYASM_DEFAULT_MAX_MEMORY_PAGES
#if FAYASM_SMALL_TARGET
#define FAYASM_DEFAULT_MAX_MEMORY_PAGES                                        \
    ((FAYASM_TARGET_RAM_BYTES / 2 / 65536) < 1 ? 1 : (FAYASM_TARGET_RAM_BYTES / 2 / 65536))
#else
#define FAYASM_DEFAULT_MAX_MEMORY_PAGES 0
#endif
#endif

/* Cap on any table, in entries; 0 = the table type's own limit (and the
 * implementation cap of 10,000,000). Small: 1/16 of the RAM in 8-byte
 * entries, at least 1024. */
#ifndef FAYASM_DEFAULT_MAX_TABLE_ELEMS
#if FAYASM_SMALL_TARGET
#define FAYASM_DEFAULT_MAX_TABLE_ELEMS                                        \
    ((FAYASM_TARGET_RAM_BYTES / 16 / 8) < 1024 ? 1024 : (FAYASM_TARGET_RAM_BYTES / 16 / 8))
#else
#define FAYASM_DEFAULT_MAX_TABLE_ELEMS 0
#endif
#endif

/* ------------------------------------------------------------ execution */

/* The translator's peephole forms (code.h: constant operands as immediates,
 * fused pairs such as rotl+xor, load+add, loop counters): fewer
 * instructions per wasm instruction (fib -10%, sha256 -15% executed machine
 * instructions) for about 5 KiB of handlers on a Cortex-M4; off on small
 * targets, where size counts more. */
#ifndef FAYASM_PEEPHOLE
#define FAYASM_PEEPHOLE (!FAYASM_SMALL_TARGET)
#endif

/* Dispatch: 0 = computed goto where the compiler has labels-as-values
 * (GCC/Clang: fastest), 1 = a portable switch (any C11 compiler; also try it
 * when code size matters more than speed). [wired: FA_DISPATCH_SWITCH] */
#ifndef FAYASM_DISPATCH_SWITCH
#define FAYASM_DISPATCH_SWITCH 0
#endif

/* Translate each function on its first call (1), or all at load (0, also
 * fa_config.eager_compile). Lazy keeps load fast and unused functions free.
 * [wired: runtime.c, the default of fa_config.eager_compile] */
#ifndef FAYASM_LAZY_COMPILE
#define FAYASM_LAZY_COMPILE 1
#endif

/* Bytes of translated code kept per runtime (fa_config.code_cache_bytes):
 * past it, translations of functions with no frame on the call stack are
 * dropped, oldest translation first, and translated again on their next
 * call; 0 = never drop. Small: 1/8 of RAM. [wired: src/codecache.c] */
#ifndef FAYASM_CODE_CACHE_BYTES
#if FAYASM_SMALL_TARGET
#define FAYASM_CODE_CACHE_BYTES (FAYASM_TARGET_RAM_BYTES / 8)
#else
#define FAYASM_CODE_CACHE_BYTES 0
#endif
#endif

/* Debug-only internal assertions (FA_ASSERT): off unless a debug build
 * (NDEBUG not defined). [wired: NDEBUG] */

/* ------------------------------------------------------------ mapping
 * The names the sources test today. */

#if FAYASM_DISPATCH_SWITCH && !defined(FA_DISPATCH_SWITCH)
#define FA_DISPATCH_SWITCH 1
#endif
#if !FAYASM_DLOPEN && !defined(FA_NO_DLOPEN)
#define FA_NO_DLOPEN 1
#endif
#if !FAYASM_FILEIO && !defined(FAYASM_NO_FILEIO)
#define FAYASM_NO_FILEIO 1
#endif

#if FAYASM_RELAXED_SIMD && !FAYASM_SIMD
#error "FAYASM_RELAXED_SIMD needs FAYASM_SIMD"
#endif
#if FAYASM_SIMD && !FAYASM_FLOAT
#error "FAYASM_SIMD needs FAYASM_FLOAT (f32x4/f64x2 lanes are floats)"
#endif

#endif /* FAYASM_CONFIG_H */
