/*
 * test_api.c - the public API end to end (include/fayasm.h): loading and
 * inspection, instantiation and linking (imports of every kind, two
 * instances sharing a memory, a table and a global), host functions
 * (arguments, results, traps, exit, re-entrancy, caller memory), the
 * memory/table/global objects, the lifetime rule (checked with a counting
 * allocator: no leaks, every free told the right size) and misuse with NULL
 * handles or wrong types.
 *
 * The modules are assembled with wat2wasm --enable-extended-const
 * --enable-memory64 (wabt 1.0.32); each array follows its source.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fayasm.h"
#include "harness.h"

/*
 * (module
 *   (memory (export "mem") 1 4)
 *   (table (export "tab") 2 10 funcref)
 *   (global (export "g") (mut i32) (i32.const 7))
 *   (global (export "gc") i64 (i64.const -5))
 *   (type $ii (func (result i32)))
 *   (func $seven (export "seven") (result i32) (i32.const 7))
 *   (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
 *   (func (export "call_tab") (param i32) (result i32) (call_indirect (type $ii) (local.get 0)))
 *   (func (export "get_g") (result i32) (global.get 0))
 *   (elem (i32.const 0) $seven)
 * )
 */
static const uint8_t provider_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x00, 0x01, 0x7f,
    0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x05, 0x04, 0x00, 0x01, 0x01, 0x00, 0x04, 0x05, 0x01,
    0x70, 0x01, 0x02, 0x0a, 0x05, 0x04, 0x01, 0x01, 0x01, 0x04, 0x06, 0x0b, 0x02, 0x7f, 0x01,
    0x41, 0x07, 0x0b, 0x7e, 0x00, 0x42, 0x7b, 0x0b, 0x07, 0x38, 0x08, 0x03, 0x6d, 0x65, 0x6d,
    0x02, 0x00, 0x03, 0x74, 0x61, 0x62, 0x01, 0x00, 0x01, 0x67, 0x03, 0x00, 0x02, 0x67, 0x63,
    0x03, 0x01, 0x05, 0x73, 0x65, 0x76, 0x65, 0x6e, 0x00, 0x00, 0x04, 0x6c, 0x6f, 0x61, 0x64,
    0x00, 0x01, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x74, 0x61, 0x62, 0x00, 0x02, 0x05, 0x67,
    0x65, 0x74, 0x5f, 0x67, 0x00, 0x03, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00,
    0x0a, 0x1b, 0x04, 0x04, 0x00, 0x41, 0x07, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00,
    0x0b, 0x07, 0x00, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b, 0x04, 0x00, 0x23, 0x00, 0x0b,
};

/*
 * (module
 *   (import "prov" "mem" (memory 1))
 *   (import "prov" "tab" (table 2 funcref))
 *   (import "prov" "g" (global $g (mut i32)))
 *   (import "prov" "seven" (func $seven (result i32)))
 *   (func $nine (result i32) (i32.const 9))
 *   (elem (i32.const 1) $nine)
 *   (data (i32.const 16) "\2a\00\00\00")
 *   (func (export "set_g") (param i32) (global.set $g (local.get 0)))
 *   (func (export "plus_seven") (param i32) (result i32) (i32.add (local.get 0) (call $seven)))
 *   (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
 * )
 */
static const uint8_t consumer_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x13, 0x04, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x01, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x02, 0x31, 0x04,
    0x04, 0x70, 0x72, 0x6f, 0x76, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x04, 0x70, 0x72, 0x6f,
    0x76, 0x03, 0x74, 0x61, 0x62, 0x01, 0x70, 0x00, 0x02, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x01, 0x67,
    0x03, 0x7f, 0x01, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x05, 0x73, 0x65, 0x76, 0x65, 0x6e, 0x00, 0x00,
    0x03, 0x05, 0x04, 0x00, 0x01, 0x02, 0x03, 0x07, 0x1e, 0x03, 0x05, 0x73, 0x65, 0x74, 0x5f, 0x67,
    0x00, 0x02, 0x0a, 0x70, 0x6c, 0x75, 0x73, 0x5f, 0x73, 0x65, 0x76, 0x65, 0x6e, 0x00, 0x03, 0x05,
    0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x04, 0x09, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x01, 0x01,
    0x0a, 0x1f, 0x04, 0x04, 0x00, 0x41, 0x09, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x24, 0x00, 0x0b, 0x07,
    0x00, 0x20, 0x00, 0x10, 0x00, 0x6a, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00,
    0x0b, 0x0b, 0x0a, 0x01, 0x00, 0x41, 0x10, 0x0b, 0x04, 0x2a, 0x00, 0x00, 0x00,
};

/*
 * (module
 *   (import "prov" "mem" (memory 1))
 *   (import "prov" "g" (global $g (mut i32)))
 *   (import "prov" "seven" (func $seven (result i32)))
 *   (data (i32.const 16) "\2a\00\00\00")
 *   (func (export "plus_seven") (param i32) (result i32) (i32.add (local.get 0) (call $seven)))
 *   (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
 * )
 */
static const uint8_t user_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0f, 0x03, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x02, 0x24, 0x03, 0x04, 0x70, 0x72, 0x6f,
    0x76, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x01, 0x67, 0x03,
    0x7f, 0x01, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x05, 0x73, 0x65, 0x76, 0x65, 0x6e, 0x00, 0x00, 0x03,
    0x03, 0x02, 0x01, 0x02, 0x07, 0x16, 0x02, 0x0a, 0x70, 0x6c, 0x75, 0x73, 0x5f, 0x73, 0x65, 0x76,
    0x65, 0x6e, 0x00, 0x01, 0x05, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x02, 0x0a, 0x13, 0x02, 0x07,
    0x00, 0x20, 0x00, 0x10, 0x00, 0x6a, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00,
    0x0b, 0x0b, 0x0a, 0x01, 0x00, 0x41, 0x10, 0x0b, 0x04, 0x2a, 0x00, 0x00, 0x00,
};

/*
 * (module
 *   (import "env" "add" (func $add (param i32 i64 f32 f64) (result f64)))
 *   (import "env" "fail" (func $fail (param i32) (result i32)))
 *   (import "env" "bye" (func $bye (param i32)))
 *   (import "env" "peek" (func $peek (param i32) (result i32)))
 *   (import "env" "reenter" (func $reenter (param i32) (result i32)))
 *   (memory (export "memory") 1)
 *   (data (i32.const 100) "\11\22\33\44")
 *   (func (export "add") (param i32 i64 f32 f64) (result f64)
 *     (call $add (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
 *   (func (export "fail") (param i32) (result i32) (call $fail (local.get 0)))
 *   (func (export "bye") (param i32) (call $bye (local.get 0)))
 *   (func (export "peek") (param i32) (result i32) (call $peek (local.get 0)))
 *   (func (export "reenter") (param i32) (result i32) (call $reenter (local.get 0)))
 *   (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
 *   (func (export "loop") (loop $l (br $l)))
 *   (func $rec (export "rec") (param i32) (result i32)
 *     (i32.add (i32.const 1) (call $rec (local.get 0))))
 *   (func (export "v128id") (param v128) (result v128 i32) (local.get 0) (i32.const 3))
 *   (func (export "f32bits") (param f32) (result f32) (local.get 0))
 *   (func (export "ref") (param funcref) (result funcref) (local.get 0))
 * )
 */
static const uint8_t host_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x25, 0x07, 0x60, 0x04, 0x7f, 0x7e, 0x7d,
    0x7c, 0x01, 0x7c, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, 0x60,
    0x01, 0x7b, 0x02, 0x7b, 0x7f, 0x60, 0x01, 0x7d, 0x01, 0x7d, 0x60, 0x01, 0x70, 0x01, 0x70, 0x02,
    0x39, 0x05, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x03, 0x65, 0x6e, 0x76,
    0x04, 0x66, 0x61, 0x69, 0x6c, 0x00, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x62, 0x79, 0x65, 0x00,
    0x02, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x70, 0x65, 0x65, 0x6b, 0x00, 0x01, 0x03, 0x65, 0x6e, 0x76,
    0x07, 0x72, 0x65, 0x65, 0x6e, 0x74, 0x65, 0x72, 0x00, 0x01, 0x03, 0x0c, 0x0b, 0x00, 0x01, 0x02,
    0x01, 0x01, 0x01, 0x03, 0x01, 0x04, 0x05, 0x06, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x5d, 0x0c,
    0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x03, 0x61, 0x64, 0x64, 0x00, 0x05, 0x04,
    0x66, 0x61, 0x69, 0x6c, 0x00, 0x06, 0x03, 0x62, 0x79, 0x65, 0x00, 0x07, 0x04, 0x70, 0x65, 0x65,
    0x6b, 0x00, 0x08, 0x07, 0x72, 0x65, 0x65, 0x6e, 0x74, 0x65, 0x72, 0x00, 0x09, 0x06, 0x64, 0x6f,
    0x75, 0x62, 0x6c, 0x65, 0x00, 0x0a, 0x04, 0x6c, 0x6f, 0x6f, 0x70, 0x00, 0x0b, 0x03, 0x72, 0x65,
    0x63, 0x00, 0x0c, 0x06, 0x76, 0x31, 0x32, 0x38, 0x69, 0x64, 0x00, 0x0d, 0x07, 0x66, 0x33, 0x32,
    0x62, 0x69, 0x74, 0x73, 0x00, 0x0e, 0x03, 0x72, 0x65, 0x66, 0x00, 0x0f, 0x0a, 0x55, 0x0b, 0x0c,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03, 0x10, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x00,
    0x10, 0x01, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x02, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x03,
    0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x04, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x41, 0x02, 0x6c, 0x0b,
    0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x09, 0x00, 0x41, 0x01, 0x20, 0x00, 0x10, 0x0c,
    0x6a, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x41, 0x03, 0x0b, 0x04, 0x00, 0x20, 0x00, 0x0b, 0x04, 0x00,
    0x20, 0x00, 0x0b, 0x0b, 0x0b, 0x01, 0x00, 0x41, 0xe4, 0x00, 0x0b, 0x04, 0x11, 0x22, 0x33, 0x44,
};

/*
 * (module
 *   (import "prov" "tab" (table 2 funcref))
 *   (import "prov" "mem" (memory 1))
 *   (func $f (result i32) (i32.const 55))
 *   (elem (i32.const 1) $f)
 *   (data (i32.const 0) "\01\02")
 *   (data (i32.const 65535) "\03\04")
 * )
 */
static const uint8_t badseg_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01,
    0x7f, 0x02, 0x1a, 0x02, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x03, 0x74, 0x61, 0x62, 0x01,
    0x70, 0x00, 0x02, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00,
    0x01, 0x03, 0x02, 0x01, 0x00, 0x09, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x01, 0x00,
    0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x37, 0x0b, 0x0b, 0x11, 0x02, 0x00, 0x41, 0x00,
    0x0b, 0x02, 0x01, 0x02, 0x00, 0x41, 0xff, 0xff, 0x03, 0x0b, 0x02, 0x03, 0x04,
};

/*
 * (module
 *   (import "prov" "mem" (memory 1))
 *   (data (i32.const 32) "\05")
 *   (func $s unreachable)
 *   (start $s)
 * )
 */
static const uint8_t start_trap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
    0x00, 0x02, 0x0d, 0x01, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x03, 0x6d, 0x65, 0x6d,
    0x02, 0x00, 0x01, 0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0a, 0x05, 0x01,
    0x03, 0x00, 0x00, 0x0b, 0x0b, 0x07, 0x01, 0x00, 0x41, 0x20, 0x0b, 0x01, 0x05,
};

/*
 * (module
 *   (import "m" "f" (func (param i32 f64) (result i64)))
 *   (import "m" "t" (table 3 externref))
 *   (import "m" "mem" (memory 2 5))
 *   (import "m" "g" (global (mut f32)))
 *   (func (export "f2") (param v128) (result i32 i32) (i32.const 0) (i32.const 1))
 *   (global (export "g2") f64 (f64.const 1.5))
 *   (global (export "gsum") i32 (i32.add (i32.const 40) (i32.mul (i32.const 1) (i32.const 2))))
 *   (global (export "gref") funcref (ref.func 1))
 *   (export "t" (table 0))
 *   (export "mem" (memory 0))
 *   (export "gi" (global 0))
 * )
 */
static const uint8_t kinds_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0d, 0x02, 0x60, 0x02, 0x7f, 0x7c, 0x01,
    0x7e, 0x60, 0x01, 0x7b, 0x02, 0x7f, 0x7f, 0x02, 0x20, 0x04, 0x01, 0x6d, 0x01, 0x66, 0x00, 0x00,
    0x01, 0x6d, 0x01, 0x74, 0x01, 0x6f, 0x00, 0x03, 0x01, 0x6d, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x01,
    0x02, 0x05, 0x01, 0x6d, 0x01, 0x67, 0x03, 0x7d, 0x01, 0x03, 0x02, 0x01, 0x01, 0x06, 0x1d, 0x03,
    0x7c, 0x00, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f, 0x0b, 0x7f, 0x00, 0x41, 0x28,
    0x41, 0x01, 0x41, 0x02, 0x6c, 0x6a, 0x0b, 0x70, 0x00, 0xd2, 0x01, 0x0b, 0x07, 0x28, 0x07, 0x02,
    0x66, 0x32, 0x00, 0x01, 0x02, 0x67, 0x32, 0x03, 0x01, 0x04, 0x67, 0x73, 0x75, 0x6d, 0x03, 0x02,
    0x04, 0x67, 0x72, 0x65, 0x66, 0x03, 0x03, 0x01, 0x74, 0x01, 0x00, 0x03, 0x6d, 0x65, 0x6d, 0x02,
    0x00, 0x02, 0x67, 0x69, 0x03, 0x00, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0x41, 0x01, 0x0b,
};

/*
 * (module
 *   (global (export "gv") v128 (v128.const i32x4 1 2 3 4))
 *   (global (export "gw") (mut v128) (v128.const i64x2 -1 2))
 * )
 */
static const uint8_t simd_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x06, 0x2b, 0x02, 0x7b, 0x00, 0xfd,
    0x0c, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04,
    0x00, 0x00, 0x00, 0x0b, 0x7b, 0x01, 0xfd, 0x0c, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x07, 0x0b, 0x02,
    0x02, 0x67, 0x76, 0x03, 0x00, 0x02, 0x67, 0x77, 0x03, 0x01,
};

/*
 * (module
 *   (func (export "") (result i32) (i32.const 1))
 *   (func (export "a\00b") (result i32) (i32.const 2))
 * )
 */
static const uint8_t nul_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
    0x03, 0x03, 0x02, 0x00, 0x00, 0x07, 0x0a, 0x02, 0x00, 0x00, 0x00, 0x03, 0x61, 0x00, 0x62,
    0x00, 0x01, 0x0a, 0x0b, 0x02, 0x04, 0x00, 0x41, 0x01, 0x0b, 0x04, 0x00, 0x41, 0x02, 0x0b,
};

/*
 * (module
 *   (import "prov" "tab" (table 2 funcref))
 *   (func $mine (result i32) (i32.const 77))
 *   (elem (i32.const 1) $mine)
 * )
 */
static const uint8_t funcref_imp_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01,
    0x7f, 0x02, 0x0e, 0x01, 0x04, 0x70, 0x72, 0x6f, 0x76, 0x03, 0x74, 0x61, 0x62, 0x01,
    0x70, 0x00, 0x02, 0x03, 0x02, 0x01, 0x00, 0x09, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b,
    0x01, 0x00, 0x0a, 0x07, 0x01, 0x05, 0x00, 0x41, 0xcd, 0x00, 0x0b,
};

/*
 * (module
 *   (memory (export "m") i64 1 3)
 *   (data (i64.const 8) "\aa")
 *   (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
 * )
 */
static const uint8_t mem64_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7e, 0x01,
    0x7e, 0x03, 0x02, 0x01, 0x00, 0x05, 0x04, 0x01, 0x05, 0x01, 0x03, 0x07, 0x0c, 0x02, 0x01,
    0x6d, 0x02, 0x00, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00, 0x0a, 0x08, 0x01, 0x06, 0x00,
    0x20, 0x00, 0x40, 0x00, 0x0b, 0x0b, 0x07, 0x01, 0x00, 0x42, 0x08, 0x0b, 0x01, 0xaa,
};

#define LOAD(rt, name, mp)                                                                         \
    do {                                                                                           \
        fa_error e_;                                                                               \
        fa_result r_ = fa_module_load(rt, name##_wasm, sizeof name##_wasm, mp, &e_);               \
        if (r_ != FA_OK)                                                                           \
            fprintf(stderr, "  load %s: %s\n", #name, e_.message);                                 \
        CHECK_EQ_INT(r_, FA_OK);                                                                   \
    } while (0)

/* ------------------------------------------------------------ counting allocator */

/* Each block carries its size in a 16-byte header, so every resize/free can
 * be checked against the size the library claims. */
typedef struct counter {
    long long live_bytes;
    long long live_blocks;
    int size_mismatches;
    long long fail_after; /* allocations left before failing; -1 = never */
} counter;

static void *counting_alloc(void *user, void *ptr, size_t old_size, size_t new_size)
{
    counter *c = user;
    unsigned char *blk = ptr ? (unsigned char *)ptr - 16 : NULL;
    if (blk) {
        size_t had;
        memcpy(&had, blk, sizeof had);
        if (had != old_size) {
            c->size_mismatches++;
            fprintf(stderr, "  allocator: block of %zu bytes resized/freed as %zu\n", had,
                    old_size);
        }
        old_size = had;
    }
    if (new_size == 0) {
        if (blk) {
            c->live_bytes -= (long long)old_size;
            c->live_blocks--;
            free(blk);
        }
        return NULL;
    }
    if (c->fail_after == 0 || new_size > ((size_t)1 << 30)) /* a host with 1 GiB */
        return NULL;
    if (c->fail_after > 0)
        c->fail_after--;
    unsigned char *nb = realloc(blk, new_size + 16);
    if (!nb)
        return NULL;
    memcpy(nb, &new_size, sizeof new_size);
    if (!blk)
        c->live_blocks++;
    c->live_bytes += (long long)new_size - (long long)(blk ? old_size : 0);
    return nb + 16;
}

static fa_runtime *counted_runtime(counter *c)
{
    memset(c, 0, sizeof *c);
    c->fail_after = -1;
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.alloc = counting_alloc;
    cfg.alloc_user = c;
    cfg.stack_slots = 4096; /* keep the counted blocks small */
    cfg.max_call_depth = 256;
    return fa_runtime_new(&cfg);
}

/* ------------------------------------------------------------ host functions */

static int h_add(fa_call *c, void *user)
{
    (void)user;
    double r = fa_call_arg_i32(c, 0) + (double)fa_call_arg_i64(c, 1) + fa_call_arg_f32(c, 2) +
               fa_call_arg_f64(c, 3);
    fa_call_set_result_f64(c, 0, r);
    return 0;
}

static int h_fail(fa_call *c, void *user)
{
    (void)user;
    char msg[64];
    snprintf(msg, sizeof msg, "boom %d", (int)fa_call_arg_i32(c, 0));
    fa_call_trap(c, msg);
    return 1;
}

static int h_bye(fa_call *c, void *user)
{
    (void)user;
    fa_call_exit(c, fa_call_arg_i32(c, 0));
    return 1;
}

static int h_peek(fa_call *c, void *user)
{
    (void)user;
    fa_memory *m = fa_call_memory(c, 0);
    uint8_t b[4] = {0};
    if (!m || fa_call_memory(c, 1) != NULL ||
        fa_memory_read(m, (uint32_t)fa_call_arg_i32(c, 0), b, 4) != FA_OK) {
        fa_call_trap(c, "peek failed");
        return 1;
    }
    fa_call_set_result_i32(c, 0, (int32_t)(b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24));
    return 0;
}

/* Calls back into the calling instance's "double" and adds one. */
static int h_reenter(fa_call *c, void *user)
{
    int *calls = user;
    (*calls)++;
    fa_func *dbl = fa_instance_func(fa_call_instance(c), "double");
    fa_value arg = fa_call_arg(c, 0), res;
    fa_error err;
    if (fa_func_call(dbl, &arg, 1, &res, 1, &err) != FA_OK) {
        fa_call_trap(c, err.message);
        return 1;
    }
    fa_call_set_result(c, 0, fa_i32(res.of.i32 + 1));
    return 0;
}

static int h_answer(fa_call *c, void *user)
{
    (void)user;
    fa_call_set_result_i32(c, 0, 42);
    return 0;
}

static fa_func *host(fa_runtime *rt, const fa_valtype *p, uint32_t np, const fa_valtype *r,
                     uint32_t nr, fa_host_fn fn, void *user)
{
    fa_functype t = {np, nr, p, r};
    return fa_func_new_host(rt, &t, fn, user);
}

static fa_extern ext_func(fa_func *f)
{
    fa_extern x;
    x.kind = FA_EXTERN_FUNC;
    x.of.func = f;
    return x;
}

static fa_extern ext_global(fa_global *g)
{
    fa_extern x;
    x.kind = FA_EXTERN_GLOBAL;
    x.of.global = g;
    return x;
}

static fa_extern ext_memory(fa_memory *m)
{
    fa_extern x;
    x.kind = FA_EXTERN_MEMORY;
    x.of.memory = m;
    return x;
}

static fa_extern ext_table(fa_table *t)
{
    fa_extern x;
    x.kind = FA_EXTERN_TABLE;
    x.of.table = t;
    return x;
}

static int reenter_calls;

/* Instantiates host.wat with its five host imports defined under "env". */
static fa_instance *host_instance(fa_runtime *rt)
{
    static const fa_valtype add_p[] = {FA_I32, FA_I64, FA_F32, FA_F64}, f64[] = {FA_F64},
                            i32[] = {FA_I32};
    CHECK_EQ_INT(
        fa_runtime_define(rt, "env", "add", ext_func(host(rt, add_p, 4, f64, 1, h_add, NULL))),
        FA_OK);
    CHECK_EQ_INT(
        fa_runtime_define(rt, "env", "fail", ext_func(host(rt, i32, 1, i32, 1, h_fail, NULL))),
        FA_OK);
    CHECK_EQ_INT(
        fa_runtime_define(rt, "env", "bye", ext_func(host(rt, i32, 1, NULL, 0, h_bye, NULL))),
        FA_OK);
    CHECK_EQ_INT(
        fa_runtime_define(rt, "env", "peek", ext_func(host(rt, i32, 1, i32, 1, h_peek, NULL))),
        FA_OK);
    CHECK_EQ_INT(fa_runtime_define(rt, "env", "reenter",
                                   ext_func(host(rt, i32, 1, i32, 1, h_reenter, &reenter_calls))),
                 FA_OK);
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    LOAD(rt, host, &m);
    if (!m)
        return NULL;
    fa_result r = fa_instance_new(rt, m, &inst, &err);
    if (r != FA_OK)
        fprintf(stderr, "  instantiate host: %s\n", err.message);
    CHECK_EQ_INT(r, FA_OK);
    return inst;
}

static int32_t call_i32(fa_instance *inst, const char *name, const fa_value *args, uint32_t n)
{
    fa_value res = fa_i32(-999);
    fa_error err;
    fa_result r = fa_func_call(fa_instance_func(inst, name), args, n, &res, 1, &err);
    if (r != FA_OK)
        fprintf(stderr, "  call %s: %s\n", name, err.message);
    CHECK_EQ_INT(r, FA_OK);
    CHECK_EQ_INT(res.type, FA_I32);
    return res.of.i32;
}

/* ------------------------------------------------------------ tests */

static void t_config(void)
{
    fa_config cfg;
    fa_config_default(&cfg);
    CHECK_EQ_INT(cfg.features, FA_FEATURE_ALL);
    CHECK(cfg.max_call_depth >= 10000);
    CHECK(cfg.stack_slots >= 65536);
    CHECK_EQ_INT(cfg.fuel, 0);
    CHECK(cfg.alloc == NULL);
    fa_runtime *rt = fa_runtime_new(NULL);
    CHECK(rt != NULL);
    fa_runtime_free(rt);
    fa_runtime_free(NULL);
    fa_config_default(NULL);

    /* 0 means "the default" for the two sizes */
    cfg.max_call_depth = 0;
    cfg.stack_slots = 0;
    rt = fa_runtime_new(&cfg);
    CHECK(rt != NULL);
    fa_runtime_free(rt);

    /* allocation failure while creating the runtime */
    counter c;
    memset(&c, 0, sizeof c);
    c.fail_after = 1;
    fa_config_default(&cfg);
    cfg.alloc = counting_alloc;
    cfg.alloc_user = &c;
    CHECK(fa_runtime_new(&cfg) == NULL);
    CHECK_EQ_INT(c.live_bytes, 0);
}

static void t_load_errors(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *m = (fa_module *)1;
    fa_error err;
    static const uint8_t junk[] = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
    CHECK_EQ_INT(fa_module_load(rt, junk, sizeof junk, &m, &err), FA_ERR_MALFORMED);
    CHECK_EQ_INT(err.code, FA_ERR_MALFORMED);
    CHECK(m == NULL);
    CHECK_EQ_STR(err.message, "unknown binary version");

    CHECK_EQ_INT(fa_module_load(NULL, junk, sizeof junk, &m, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_module_load(rt, NULL, 8, &m, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_module_load(rt, junk, sizeof junk, NULL, NULL), FA_ERR_ARG);

    CHECK_EQ_INT(fa_module_load_file(rt, "/nonexistent/dir/x.wasm", &m, &err), FA_ERR_IO);
    CHECK(strstr(err.message, "/nonexistent/dir/x.wasm") != NULL);
    CHECK(strstr(err.message, "No such file") != NULL);
    CHECK_EQ_INT(fa_module_load_file(rt, "/", &m, &err), FA_ERR_IO); /* a directory */
    CHECK(strstr(err.message, "/") != NULL);
    CHECK_EQ_INT(fa_module_load_file(rt, NULL, &m, &err), FA_ERR_ARG);

    /* a real file round-trips through fa_module_load_file */
    const char *path = "fa_test_api_tmp.wasm"; /* in the working directory */
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(provider_wasm, 1, sizeof provider_wasm, f);
        fclose(f);
        CHECK_EQ_INT(fa_module_load_file(rt, path, &m, &err), FA_OK);
        CHECK_EQ_INT(fa_module_n_exports(m), 8);
        fa_module_free(m);
        remove(path);
    }
    fa_module_free(NULL);
    fa_runtime_free(rt);
}

static void t_inspect(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *m = NULL;
    LOAD(rt, kinds, &m);
    if (!m) {
        fa_runtime_free(rt);
        return;
    }
    const char *mod, *name;
    fa_extern_type t;
    CHECK_EQ_INT(fa_module_n_imports(m), 4);
    CHECK_EQ_INT(fa_module_import(m, 0, &mod, &name, &t), FA_OK);
    CHECK_EQ_STR(mod, "m");
    CHECK_EQ_STR(name, "f");
    CHECK_EQ_INT(t.kind, FA_EXTERN_FUNC);
    CHECK_EQ_INT(t.func.n_params, 2);
    CHECK_EQ_INT(t.func.n_results, 1);
    CHECK_EQ_INT(t.func.params[0], FA_I32);
    CHECK_EQ_INT(t.func.params[1], FA_F64);
    CHECK_EQ_INT(t.func.results[0], FA_I64);
    CHECK_EQ_INT(fa_module_import(m, 1, NULL, &name, &t), FA_OK);
    CHECK_EQ_INT(t.kind, FA_EXTERN_TABLE);
    CHECK_EQ_INT(t.elem_type, FA_EXTERNREF);
    CHECK_EQ_INT(t.limits.min, 3);
    CHECK_EQ_INT(t.limits.has_max, 0);
    CHECK_EQ_INT(fa_module_import(m, 2, NULL, NULL, &t), FA_OK);
    CHECK_EQ_INT(t.kind, FA_EXTERN_MEMORY);
    CHECK_EQ_INT(t.limits.min, 2);
    CHECK_EQ_INT(t.limits.max, 5);
    CHECK_EQ_INT(t.limits.has_max, 1);
    CHECK_EQ_INT(t.limits.is64, 0);
    CHECK_EQ_INT(fa_module_import(m, 3, NULL, NULL, &t), FA_OK);
    CHECK_EQ_INT(t.kind, FA_EXTERN_GLOBAL);
    CHECK_EQ_INT(t.global_type, FA_F32);
    CHECK_EQ_INT(t.global_mutable, 1);
    CHECK_EQ_INT(fa_module_import(m, 4, NULL, NULL, &t), FA_ERR_ARG);

    CHECK_EQ_INT(fa_module_n_exports(m), 7);
    CHECK_EQ_INT(fa_module_export(m, 0, &name, &t), FA_OK);
    CHECK_EQ_STR(name, "f2");
    CHECK_EQ_INT(t.kind, FA_EXTERN_FUNC);
    CHECK_EQ_INT(t.func.n_params, 1);
    CHECK_EQ_INT(t.func.params[0], FA_V128);
    CHECK_EQ_INT(t.func.n_results, 2);
    CHECK_EQ_INT(t.func.results[1], FA_I32);
    CHECK_EQ_INT(fa_module_export(m, 1, &name, &t), FA_OK);
    CHECK_EQ_STR(name, "g2");
    CHECK_EQ_INT(t.global_type, FA_F64);
    CHECK_EQ_INT(t.global_mutable, 0);
    CHECK_EQ_INT(fa_module_export(m, 3, &name, &t), FA_OK);
    CHECK_EQ_STR(name, "gref");
    CHECK_EQ_INT(t.global_type, FA_FUNCREF);
    CHECK_EQ_INT(fa_module_export(m, 4, &name, &t), FA_OK);
    CHECK_EQ_STR(name, "t");
    CHECK_EQ_INT(t.kind, FA_EXTERN_TABLE);
    CHECK_EQ_INT(t.elem_type, FA_EXTERNREF);
    CHECK_EQ_INT(fa_module_export(m, 5, &name, &t), FA_OK);
    CHECK_EQ_INT(t.kind, FA_EXTERN_MEMORY);
    CHECK_EQ_INT(t.limits.max, 5);
    CHECK_EQ_INT(fa_module_export(m, 6, &name, &t), FA_OK);
    CHECK_EQ_STR(name, "gi");
    CHECK_EQ_INT(t.global_type, FA_F32);
    CHECK_EQ_INT(t.global_mutable, 1);
    CHECK_EQ_INT(fa_module_export(m, 7, &name, &t), FA_ERR_ARG);

    /* instantiate with explicit imports of every kind; check the exports */
    static const fa_valtype fp[] = {FA_I32, FA_F64}, fr[] = {FA_I32};
    fa_func *f = host(rt, fp, 2, fr, 1, h_answer, NULL);
    fa_limits tl = {3, 0, 0, 0}, ml = {2, 5, 1, 0};
    fa_table *tab = fa_table_new(rt, FA_EXTERNREF, &tl);
    fa_memory *mem = fa_memory_new(rt, &ml);
    fa_global *g = fa_global_new(rt, fa_f32(2.5f), 1);
    fa_extern imps[4] = {ext_func(f), ext_table(tab), ext_memory(mem), ext_global(g)};
    fa_instance *inst = NULL;
    fa_error err;
    /* f returns i32 where "f" wants i64 -> incompatible */
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, m, imps, 4, &inst, &err), FA_ERR_LINK);
    CHECK(strncmp(err.message, "incompatible import type", 24) == 0);
    CHECK(inst == NULL);

    fa_runtime_free(rt);
}

static void t_instance_kinds(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *m = NULL;
    LOAD(rt, kinds, &m);
    static const fa_valtype fp[] = {FA_I32, FA_F64}, fr[] = {FA_I64};
    fa_limits tl = {3, 0, 0, 0}, ml = {2, 5, 1, 0};
    fa_extern imps[4] = {ext_func(host(rt, fp, 2, fr, 1, h_answer, NULL)),
                         ext_table(fa_table_new(rt, FA_EXTERNREF, &tl)),
                         ext_memory(fa_memory_new(rt, &ml)),
                         ext_global(fa_global_new(rt, fa_f32(2.5f), 1))};
    fa_instance *inst = NULL;
    fa_error err;
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, m, imps, 4, &inst, &err), FA_OK);
    if (!inst) {
        fprintf(stderr, "  %s\n", err.message);
        fa_runtime_free(rt);
        return;
    }
    /* re-exported imports are the same objects */
    CHECK(fa_instance_table(inst, "t") == imps[1].of.table);
    CHECK(fa_instance_memory(inst, "mem") == imps[2].of.memory);
    CHECK(fa_instance_global(inst, "gi") == imps[3].of.global);
    CHECK(fa_instance_memory_at(inst, 0) == imps[2].of.memory);
    CHECK(fa_instance_memory_at(inst, 1) == NULL);
    CHECK(fa_instance_func(inst, "t") == NULL); /* other kind */
    CHECK(fa_instance_func(inst, "nope") == NULL);
    fa_extern x;
    CHECK_EQ_INT(fa_instance_export(inst, "nope", &x), FA_ERR_NOT_FOUND);
    CHECK_EQ_INT(fa_instance_n_exports(inst), 7);
    const char *name;
    CHECK_EQ_INT(fa_instance_export_at(inst, 1, &name, &x), FA_OK);
    CHECK_EQ_STR(name, "g2");
    CHECK_EQ_INT(x.kind, FA_EXTERN_GLOBAL);
    CHECK_EQ_INT(fa_instance_export_at(inst, 7, &name, &x), FA_ERR_ARG);

    fa_value v;
    CHECK_EQ_INT(fa_global_get(fa_instance_global(inst, "g2"), &v), FA_OK);
    CHECK_EQ_INT(v.type, FA_F64);
    CHECK(v.of.f64 == 1.5);
    CHECK_EQ_INT(fa_global_get(fa_instance_global(inst, "gsum"), &v), FA_OK);
    CHECK_EQ_INT(v.of.i32, 42); /* extended-const: 40 + 1 * 2 */
    /* ref.func in a global initialiser names the instance's own function */
    CHECK_EQ_INT(fa_global_get(fa_instance_global(inst, "gref"), &v), FA_OK);
    CHECK_EQ_INT(v.type, FA_FUNCREF);
    CHECK(v.of.funcref == fa_instance_func(inst, "f2"));
    CHECK_EQ_INT(fa_global_set(fa_instance_global(inst, "g2"), fa_f64(3)), FA_ERR_ARG);

    /* the function signature of an export */
    fa_functype ft;
    CHECK_EQ_INT(fa_func_type(fa_instance_func(inst, "f2"), &ft), FA_OK);
    CHECK_EQ_INT(ft.n_params, 1);
    CHECK_EQ_INT(ft.params[0], FA_V128);
    CHECK_EQ_INT(ft.n_results, 2);
    fa_value args[1], res[2];
    memset(&args[0], 0, sizeof args[0]);
    args[0].type = FA_V128;
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "f2"), args, 1, res, 2, &err), FA_OK);
    CHECK_EQ_INT(res[0].of.i32, 0);
    CHECK_EQ_INT(res[1].of.i32, 1);
    fa_runtime_free(rt);
}

static void t_host_calls(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_instance *inst = host_instance(rt);
    if (!inst) {
        fa_runtime_free(rt);
        return;
    }
    fa_error err;
    fa_value args[4] = {fa_i32(1), fa_i64(2), fa_f32(0.5f), fa_f64(0.25)}, res[2];
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "add"), args, 4, res, 1, &err), FA_OK);
    CHECK_EQ_INT(res[0].type, FA_F64);
    CHECK(res[0].of.f64 == 3.75);

    /* host trap: the message is the host's own */
    args[0] = fa_i32(7);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "fail"), args, 1, res, 1, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.code, FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_HOST);
    CHECK_EQ_STR(err.message, "boom 7");

    /* exit unwinds with the code */
    args[0] = fa_i32(42);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "bye"), args, 1, NULL, 0, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_EXIT);
    CHECK_EQ_INT(err.exit_code, 42);

    /* the caller's memory from inside a host function */
    args[0] = fa_i32(100);
    CHECK_EQ_INT(call_i32(inst, "peek", args, 1), 0x44332211);
    args[0] = fa_i32(65534);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "peek"), args, 1, res, 1, &err), FA_ERR_TRAP);
    CHECK_EQ_STR(err.message, "peek failed");

    /* re-entrancy: host -> wasm -> result */
    reenter_calls = 0;
    args[0] = fa_i32(20);
    CHECK_EQ_INT(call_i32(inst, "reenter", args, 1), 41);
    CHECK_EQ_INT(reenter_calls, 1);

    /* unreachable trap inside wasm called from the host keeps the runtime usable */
    args[0] = fa_i32(5);
    CHECK_EQ_INT(call_i32(inst, "double", args, 1), 10);

    /* v128 in and out, with another result after it */
    fa_value v;
    memset(&v, 0, sizeof v);
    v.type = FA_V128;
    for (int i = 0; i < 16; i++)
        v.of.v128.bytes[i] = (uint8_t)(0xA0 + i);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "v128id"), &v, 1, res, 2, &err), FA_OK);
    CHECK_EQ_INT(res[0].type, FA_V128);
    CHECK(memcmp(res[0].of.v128.bytes, v.of.v128.bytes, 16) == 0);
    CHECK_EQ_INT(res[1].of.i32, 3);

    /* NaN payloads survive */
    args[0] = fa_f32_bits(0x7fa00001u);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "f32bits"), args, 1, res, 1, &err), FA_OK);
    CHECK_EQ_INT(res[0].of.f32_bits, 0x7fa00001u);

    /* funcrefs round-trip; a funcref of another runtime is refused */
    fa_func *dbl = fa_instance_func(inst, "double");
    args[0] = fa_funcref(dbl);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "ref"), args, 1, res, 1, &err), FA_OK);
    CHECK(res[0].type == FA_FUNCREF && res[0].of.funcref == dbl);
    args[0] = fa_funcref(NULL);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "ref"), args, 1, res, 1, &err), FA_OK);
    CHECK(res[0].of.funcref == NULL);
    fa_runtime *rt2 = fa_runtime_new(NULL);
    static const fa_valtype i32[] = {FA_I32};
    args[0] = fa_funcref(host(rt2, NULL, 0, i32, 1, h_answer, NULL));
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "ref"), args, 1, res, 1, &err), FA_ERR_ARG);
    fa_runtime_free(rt2);

    /* argument checking */
    args[0] = fa_i64(1);
    CHECK_EQ_INT(fa_func_call(dbl, args, 1, res, 1, &err), FA_ERR_ARG);
    CHECK(strstr(err.message, "expected i32, got i64") != NULL);
    CHECK_EQ_INT(fa_func_call(dbl, args, 0, res, 1, &err), FA_ERR_ARG);
    CHECK(strstr(err.message, "number of arguments") != NULL);
    args[0] = fa_i32(1);
    CHECK_EQ_INT(fa_func_call(dbl, args, 1, res, 0, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_func_call(dbl, NULL, 1, res, 1, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_func_call(NULL, args, 1, res, 1, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_func_call(dbl, args, 1, res, 2, NULL), FA_OK); /* extra room is fine */

    /* a host function called directly from the host */
    fa_func *ans = host(rt, NULL, 0, i32, 1, h_answer, NULL);
    CHECK_EQ_INT(fa_func_call(ans, NULL, 0, res, 1, &err), FA_OK);
    CHECK_EQ_INT(res[0].of.i32, 42);
    fa_functype ft;
    CHECK_EQ_INT(fa_func_type(ans, &ft), FA_OK);
    CHECK_EQ_INT(ft.n_params, 0);
    CHECK_EQ_INT(ft.n_results, 1);
    CHECK_EQ_INT(ft.results[0], FA_I32);
    fa_runtime_free(rt);
}

static void t_limits(void)
{
    /* call depth */
    fa_config cfg;
    fa_config_default(&cfg);
    cfg.max_call_depth = 500;
    fa_runtime *rt = fa_runtime_new(&cfg);
    fa_instance *inst = host_instance(rt);
    fa_error err;
    fa_value a = fa_i32(0), r;
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "rec"), &a, 1, &r, 1, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_STACK_EXHAUSTED);
    CHECK_EQ_STR(err.message, "call stack exhausted");
    a = fa_i32(4);
    CHECK_EQ_INT(call_i32(inst, "double", &a, 1), 8);

    /* interrupt: delivered once, then calls run normally */
    fa_runtime_interrupt(rt);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "loop"), NULL, 0, NULL, 0, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_INTERRUPTED);
    CHECK_EQ_INT(call_i32(inst, "double", &a, 1), 8);
    fa_runtime_interrupt(NULL);
    fa_runtime_free(rt);

    /* fuel */
    fa_config_default(&cfg);
    cfg.fuel = 10000;
    rt = fa_runtime_new(&cfg);
    inst = host_instance(rt);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "loop"), NULL, 0, NULL, 0, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_OUT_OF_FUEL);
    CHECK_EQ_INT(call_i32(inst, "double", &a, 1), 8); /* fuel refills per call */
    fa_runtime_free(rt);

    /* a tiny value stack */
    fa_config_default(&cfg);
    cfg.stack_slots = 2;
    rt = fa_runtime_new(&cfg);
    inst = host_instance(rt);
    fa_value args[4] = {fa_i32(1), fa_i64(2), fa_f32(0.5f), fa_f64(0.25)};
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "add"), args, 4, &r, 1, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_STACK_EXHAUSTED);
    fa_runtime_free(rt);

    /* eager compilation */
    fa_config_default(&cfg);
    cfg.eager_compile = 1;
    rt = fa_runtime_new(&cfg);
    inst = host_instance(rt);
    CHECK_EQ_INT(call_i32(inst, "double", &a, 1), 8);
    fa_runtime_free(rt);

    /* configured memory cap: instantiation fails cleanly */
    fa_config_default(&cfg);
    cfg.max_memory_pages = 0;
    fa_config_default(&cfg);
    cfg.max_memory_pages = 1;
    rt = fa_runtime_new(&cfg);
    fa_module *m = NULL;
    LOAD(rt, provider, &m);
    CHECK_EQ_INT(fa_instance_new(rt, m, &inst, &err), FA_OK); /* 1 page: fits */
    fa_memory *mem = fa_instance_memory(inst, "mem");
    CHECK_EQ_INT(fa_memory_grow(mem, 1, NULL), FA_ERR_ARG); /* cap is 1 page */
    fa_runtime_free(rt);
}

/* Two instances sharing a memory, a table and a mutable global. */
static void t_linking(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *pm = NULL, *cm = NULL;
    fa_instance *prov = NULL, *cons = NULL;
    fa_error err;
    LOAD(rt, provider, &pm);
    LOAD(rt, consumer, &cm);
    CHECK_EQ_INT(fa_instance_new(rt, pm, &prov, &err), FA_OK);

    /* nothing registered yet */
    CHECK_EQ_INT(fa_instance_new(rt, cm, &cons, &err), FA_ERR_LINK);
    CHECK_EQ_INT(err.code, FA_ERR_LINK);
    CHECK(strncmp(err.message, "unknown import", 14) == 0);
    CHECK(strstr(err.message, "\"prov\" \"mem\"") != NULL);
    CHECK(cons == NULL);

    CHECK_EQ_INT(fa_runtime_register(rt, "prov", prov), FA_OK);
    CHECK_EQ_INT(fa_instance_new(rt, cm, &cons, &err), FA_OK);
    if (!cons) {
        fprintf(stderr, "  %s\n", err.message);
        fa_runtime_free(rt);
        return;
    }
    fa_value a[2];
    a[0] = fa_i32(16);
    CHECK_EQ_INT(call_i32(prov, "load", a, 1), 42); /* consumer's data segment */
    a[0] = fa_i32(1);
    CHECK_EQ_INT(call_i32(prov, "call_tab", a, 1), 9); /* consumer's element segment */
    a[0] = fa_i32(0);
    CHECK_EQ_INT(call_i32(prov, "call_tab", a, 1), 7);
    a[0] = fa_i32(1);
    CHECK_EQ_INT(call_i32(cons, "plus_seven", a, 1), 8);

    /* the global is shared by reference */
    a[0] = fa_i32(100);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(cons, "set_g"), a, 1, NULL, 0, &err), FA_OK);
    CHECK_EQ_INT(call_i32(prov, "get_g", NULL, 0), 100);
    fa_global *g = fa_instance_global(prov, "g");
    fa_value v;
    CHECK_EQ_INT(fa_global_get(g, &v), FA_OK);
    CHECK_EQ_INT(v.of.i32, 100);
    CHECK_EQ_INT(fa_global_set(g, fa_i32(-3)), FA_OK);
    CHECK_EQ_INT(call_i32(prov, "get_g", NULL, 0), -3);

    /* the memory is shared */
    a[0] = fa_i32(64);
    a[1] = fa_i32(0x01020304);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(cons, "store"), a, 2, NULL, 0, &err), FA_OK);
    uint8_t b[4];
    fa_memory *mem = fa_instance_memory(prov, "mem");
    CHECK_EQ_INT(fa_memory_read(mem, 64, b, 4), FA_OK);
    CHECK(b[0] == 4 && b[1] == 3 && b[2] == 2 && b[3] == 1);
    CHECK_EQ_INT(fa_memory_write(mem, 16, "\x05\0\0\0", 4), FA_OK);
    a[0] = fa_i32(16);
    CHECK_EQ_INT(call_i32(prov, "load", a, 1), 5);

    /* the same link with explicit imports */
    fa_extern imps[4] = {ext_memory(mem), ext_table(fa_instance_table(prov, "tab")), ext_global(g),
                         ext_func(fa_instance_func(prov, "seven"))};
    fa_instance *cons2 = NULL;
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, imps, 4, &cons2, &err), FA_OK);
    a[0] = fa_i32(16);
    CHECK_EQ_INT(call_i32(prov, "load", a, 1), 42); /* data applied again */

    /* wrong kinds and types */
    fa_extern bad[4];
    memcpy(bad, imps, sizeof bad);
    bad[0] = imps[1];
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, bad, 4, &cons2, &err), FA_ERR_LINK);
    CHECK(strncmp(err.message, "incompatible import type", 24) == 0);
    memcpy(bad, imps, sizeof bad);
    bad[2] = ext_global(fa_instance_global(prov, "gc")); /* immutable i64 */
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, bad, 4, &cons2, &err), FA_ERR_LINK);
    memcpy(bad, imps, sizeof bad);
    bad[2] = ext_global(fa_global_new(rt, fa_i32(0), 0)); /* right type, immutable */
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, bad, 4, &cons2, &err), FA_ERR_LINK);
    memcpy(bad, imps, sizeof bad);
    fa_limits l0 = {0, 0, 0, 0};
    bad[0] = ext_memory(fa_memory_new(rt, &l0)); /* too small */
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, bad, 4, &cons2, &err), FA_ERR_LINK);
    memcpy(bad, imps, sizeof bad);
    fa_limits l2 = {2, 0, 0, 0};
    bad[1] = ext_table(fa_table_new(rt, FA_EXTERNREF, &l2)); /* wrong element type */
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, bad, 4, &cons2, &err), FA_ERR_LINK);
    memcpy(bad, imps, sizeof bad);
    bad[3] = ext_func(fa_instance_func(prov, "load")); /* wrong signature */
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, bad, 4, &cons2, &err), FA_ERR_LINK);
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, imps, 3, &cons2, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, NULL, 4, &cons2, &err), FA_ERR_ARG);
    memcpy(bad, imps, sizeof bad);
    bad[1].of.table = NULL;
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, bad, 4, &cons2, &err), FA_ERR_ARG);

    /* a later definition replaces an earlier one */
    CHECK_EQ_INT(fa_runtime_define(rt, "prov", "mem", ext_memory(fa_memory_new(rt, &l0))), FA_OK);
    CHECK_EQ_INT(fa_instance_new(rt, cm, &cons2, &err), FA_ERR_LINK);
    CHECK(strncmp(err.message, "incompatible import type", 24) == 0);
    fa_runtime_free(rt);
}

/* Spec 2.0: segments apply in order; a failing one traps but earlier
 * writes into imported tables and memories stay. */
static void t_segment_traps(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *pm = NULL, *bm = NULL, *sm = NULL;
    fa_instance *prov = NULL, *inst = (fa_instance *)1;
    fa_error err;
    LOAD(rt, provider, &pm);
    LOAD(rt, badseg, &bm);
    LOAD(rt, start_trap, &sm);
    CHECK_EQ_INT(fa_instance_new(rt, pm, &prov, &err), FA_OK);
    CHECK_EQ_INT(fa_runtime_register(rt, "prov", prov), FA_OK);

    CHECK_EQ_INT(fa_instance_new(rt, bm, &inst, &err), FA_ERR_TRAP);
    CHECK(inst == NULL);
    CHECK_EQ_INT(err.trap, FA_TRAP_MEMORY_OOB);
    CHECK_EQ_STR(err.message, "out of bounds memory access");
    uint8_t b[2];
    CHECK_EQ_INT(fa_memory_read(fa_instance_memory(prov, "mem"), 0, b, 2), FA_OK);
    CHECK(b[0] == 1 && b[1] == 2);
    /* the failed instance's function stays callable through the table */
    fa_value a = fa_i32(1);
    CHECK_EQ_INT(call_i32(prov, "call_tab", &a, 1), 55);

    CHECK_EQ_INT(fa_instance_new(rt, sm, &inst, &err), FA_ERR_TRAP);
    CHECK_EQ_INT(err.trap, FA_TRAP_UNREACHABLE);
    CHECK_EQ_STR(err.message, "unreachable");
    CHECK_EQ_INT(fa_memory_read(fa_instance_memory(prov, "mem"), 32, b, 1), FA_OK);
    CHECK_EQ_INT(b[0], 5);
    fa_runtime_free(rt);
}

static void t_globals(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_global *g = fa_global_new(rt, fa_i64(-9), 1);
    fa_value v;
    fa_valtype t;
    int mut;
    CHECK_EQ_INT(fa_global_type(g, &t, &mut), FA_OK);
    CHECK_EQ_INT(t, FA_I64);
    CHECK_EQ_INT(mut, 1);
    CHECK_EQ_INT(fa_global_get(g, &v), FA_OK);
    CHECK_EQ_INT(v.of.i64, -9);
    CHECK_EQ_INT(fa_global_set(g, fa_i64(INT64_MIN)), FA_OK);
    CHECK_EQ_INT(fa_global_get(g, &v), FA_OK);
    CHECK(v.of.i64 == INT64_MIN);
    CHECK_EQ_INT(fa_global_set(g, fa_i32(1)), FA_ERR_ARG);
    fa_global *c = fa_global_new(rt, fa_f64_bits(0x7ff4000000000001ull), 0);
    CHECK_EQ_INT(fa_global_get(c, &v), FA_OK);
    CHECK(v.of.f64_bits == 0x7ff4000000000001ull);
    CHECK_EQ_INT(fa_global_set(c, fa_f64(1)), FA_ERR_ARG); /* immutable */
    fa_value bad;
    memset(&bad, 0, sizeof bad);
    bad.type = (fa_valtype)0x55;
    CHECK(fa_global_new(rt, bad, 1) == NULL);
    CHECK(fa_global_new(NULL, fa_i32(0), 1) == NULL);
    fa_global *r = fa_global_new(rt, fa_externref(&v), 1);
    CHECK_EQ_INT(fa_global_get(r, &v), FA_OK);
    CHECK_EQ_INT(v.type, FA_EXTERNREF);
    CHECK_EQ_INT(fa_global_type(NULL, &t, &mut), FA_ERR_ARG);
    CHECK_EQ_INT(fa_global_get(NULL, &v), FA_ERR_ARG);
    CHECK_EQ_INT(fa_global_set(NULL, v), FA_ERR_ARG);

    /* a host global shared by reference with wasm */
    fa_module *pm = NULL, *cm = NULL;
    fa_instance *prov = NULL, *cons = NULL;
    fa_error err;
    LOAD(rt, provider, &pm);
    LOAD(rt, consumer, &cm);
    CHECK_EQ_INT(fa_instance_new(rt, pm, &prov, &err), FA_OK);
    CHECK_EQ_INT(fa_runtime_register(rt, "prov", prov), FA_OK);
    fa_global *hg = fa_global_new(rt, fa_i32(1), 1);
    CHECK_EQ_INT(fa_runtime_define(rt, "prov", "g", ext_global(hg)), FA_OK);
    CHECK_EQ_INT(fa_instance_new(rt, cm, &cons, &err), FA_OK);
    fa_value a = fa_i32(77);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(cons, "set_g"), &a, 1, NULL, 0, &err), FA_OK);
    CHECK_EQ_INT(fa_global_get(hg, &v), FA_OK);
    CHECK_EQ_INT(v.of.i32, 77);
    fa_runtime_free(rt);
}

static void t_memory_api(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_limits l = {1, 2, 1, 0};
    fa_memory *m = fa_memory_new(rt, &l);
    CHECK(m != NULL);
    CHECK_EQ_INT(fa_memory_size(m), 65536);
    CHECK(fa_memory_data(m) != NULL);
    CHECK_EQ_INT(fa_memory_data(m)[65535], 0);
    CHECK_EQ_INT(fa_memory_write(m, 65532, "abcd", 4), FA_OK);
    CHECK_EQ_INT(fa_memory_write(m, 65533, "abcd", 4), FA_ERR_ARG);
    CHECK_EQ_INT(fa_memory_write(m, UINT64_MAX, "a", 1), FA_ERR_ARG);
    CHECK_EQ_INT(fa_memory_write(m, 65536, "a", 0), FA_OK);
    CHECK_EQ_INT(fa_memory_write(m, 65537, "a", 0), FA_ERR_ARG);
    char buf[5] = {0};
    CHECK_EQ_INT(fa_memory_read(m, 65532, buf, 4), FA_OK);
    CHECK_EQ_STR(buf, "abcd");
    CHECK_EQ_INT(fa_memory_read(m, 65535, buf, 2), FA_ERR_ARG);
    CHECK_EQ_INT(fa_memory_read(m, 0, NULL, 1), FA_ERR_ARG);
    uint64_t old = 99;
    CHECK_EQ_INT(fa_memory_grow(m, 1, &old), FA_OK);
    CHECK_EQ_INT(old, 1);
    CHECK_EQ_INT(fa_memory_size(m), 131072);
    CHECK_EQ_INT(fa_memory_data(m)[65532], 'a');          /* kept */
    CHECK_EQ_INT(fa_memory_data(m)[131071], 0);           /* zeroed */
    CHECK_EQ_INT(fa_memory_grow(m, 1, &old), FA_ERR_ARG); /* max 2 */
    CHECK_EQ_INT(fa_memory_grow(m, UINT64_MAX, &old), FA_ERR_ARG);
    CHECK_EQ_INT(fa_memory_grow(m, 0, &old), FA_OK);
    CHECK_EQ_INT(old, 2);
    fa_limits t;
    CHECK_EQ_INT(fa_memory_type(m, &t), FA_OK);
    CHECK_EQ_INT(t.min, 2);
    CHECK_EQ_INT(t.max, 2);
    CHECK_EQ_INT(t.has_max, 1);

    /* bad limits */
    fa_limits bad1 = {3, 2, 1, 0}, bad2 = {65537, 0, 0, 0}, ok64 = {0, (uint64_t)1 << 40, 1, 1};
    CHECK(fa_memory_new(rt, &bad1) == NULL);
    CHECK(fa_memory_new(rt, &bad2) == NULL);
    CHECK(fa_memory_new(rt, NULL) == NULL);
    counter cnt;
    fa_runtime *crt = counted_runtime(&cnt);
    fa_memory *m64 = fa_memory_new(crt, &ok64);
    CHECK(m64 != NULL);
    CHECK_EQ_INT(fa_memory_size(m64), 0);
    CHECK(fa_memory_data(m64) != NULL);
    CHECK_EQ_INT(fa_memory_type(m64, &t), FA_OK);
    CHECK_EQ_INT(t.is64, 1);
    /* a host-impossible growth fails with OOM, not a crash */
    CHECK(fa_memory_grow(m64, (uint64_t)1 << 39, NULL) != FA_OK);
    CHECK_EQ_INT(fa_memory_size(m64), 0);
    fa_runtime_free(crt);
    CHECK_EQ_INT(cnt.live_bytes, 0);

    /* NULL handles */
    CHECK_EQ_INT(fa_memory_size(NULL), 0);
    CHECK(fa_memory_data(NULL) == NULL);
    CHECK_EQ_INT(fa_memory_type(NULL, &t), FA_ERR_ARG);
    CHECK_EQ_INT(fa_memory_read(NULL, 0, buf, 1), FA_ERR_ARG);
    CHECK_EQ_INT(fa_memory_write(NULL, 0, buf, 1), FA_ERR_ARG);
    CHECK_EQ_INT(fa_memory_grow(NULL, 1, NULL), FA_ERR_ARG);

    /* memory64 instance: data segment at an i64 offset, wasm memory.grow */
    fa_module *mod = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    LOAD(rt, mem64, &mod);
    CHECK_EQ_INT(fa_instance_new(rt, mod, &inst, &err), FA_OK);
    fa_memory *im = fa_instance_memory(inst, "m");
    CHECK_EQ_INT(fa_memory_type(im, &t), FA_OK);
    CHECK_EQ_INT(t.is64, 1);
    CHECK_EQ_INT(t.max, 3);
    CHECK_EQ_INT(fa_memory_data(im)[8], 0xaa);
    fa_value a = fa_i64(2), r;
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "grow"), &a, 1, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i64, 1);
    CHECK_EQ_INT(fa_func_call(fa_instance_func(inst, "grow"), &a, 1, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i64, -1);
    CHECK_EQ_INT(fa_memory_size(im), 3 * 65536);
    fa_runtime_free(rt);
}

static void t_table_api(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_limits l = {2, 4, 1, 0};
    fa_table *t = fa_table_new(rt, FA_FUNCREF, &l);
    CHECK(t != NULL);
    CHECK_EQ_INT(fa_table_size(t), 2);
    fa_value v;
    CHECK_EQ_INT(fa_table_get(t, 1, &v), FA_OK);
    CHECK_EQ_INT(v.type, FA_FUNCREF);
    CHECK(v.of.funcref == NULL);
    CHECK_EQ_INT(fa_table_get(t, 2, &v), FA_ERR_ARG);
    static const fa_valtype i32[] = {FA_I32};
    fa_func *f = host(rt, NULL, 0, i32, 1, h_answer, NULL);
    CHECK_EQ_INT(fa_table_set(t, 0, fa_funcref(f)), FA_OK);
    CHECK_EQ_INT(fa_table_get(t, 0, &v), FA_OK);
    CHECK(v.of.funcref == f);
    CHECK_EQ_INT(fa_table_set(t, 0, fa_externref(f)), FA_ERR_ARG);
    CHECK_EQ_INT(fa_table_set(t, 2, fa_funcref(f)), FA_ERR_ARG);
    uint32_t old = 0;
    CHECK_EQ_INT(fa_table_grow(t, 2, fa_funcref(f), &old), FA_OK);
    CHECK_EQ_INT(old, 2);
    CHECK_EQ_INT(fa_table_get(t, 3, &v), FA_OK);
    CHECK(v.of.funcref == f);
    CHECK_EQ_INT(fa_table_grow(t, 1, fa_funcref(NULL), &old), FA_ERR_ARG); /* max 4 */
    CHECK_EQ_INT(fa_table_grow(t, 0, fa_i32(0), &old), FA_ERR_ARG);        /* wrong type */
    fa_valtype et;
    fa_limits tl;
    CHECK_EQ_INT(fa_table_type(t, &et, &tl), FA_OK);
    CHECK_EQ_INT(et, FA_FUNCREF);
    CHECK_EQ_INT(tl.min, 4);
    CHECK_EQ_INT(tl.max, 4);

    /* unbounded table: absurd growth fails without exhausting the host */
    fa_limits u = {0, 0, 0, 0};
    fa_table *ut = fa_table_new(rt, FA_EXTERNREF, &u);
    CHECK(ut != NULL);
    CHECK(fa_table_grow(ut, 0xFFFFFFF0u, fa_externref(NULL), &old) != FA_OK);
    CHECK_EQ_INT(fa_table_size(ut), 0);
    CHECK_EQ_INT(fa_table_grow(ut, 3, fa_externref(&old), &old), FA_OK);
    CHECK_EQ_INT(fa_table_get(ut, 2, &v), FA_OK);
    CHECK(v.of.externref == &old);

    fa_limits bad = {5, 4, 1, 0};
    CHECK(fa_table_new(rt, FA_FUNCREF, &bad) == NULL);
    CHECK(fa_table_new(rt, FA_I32, &l) == NULL);
    CHECK(fa_table_new(rt, FA_FUNCREF, NULL) == NULL);
    CHECK_EQ_INT(fa_table_size(NULL), 0);
    CHECK_EQ_INT(fa_table_get(NULL, 0, &v), FA_ERR_ARG);
    CHECK_EQ_INT(fa_table_set(NULL, 0, v), FA_ERR_ARG);
    CHECK_EQ_INT(fa_table_grow(NULL, 0, v, NULL), FA_ERR_ARG);
    CHECK_EQ_INT(fa_table_type(NULL, &et, &tl), FA_ERR_ARG);
    fa_runtime_free(rt);
}

/* v128 globals: initialised by v128.const, read and written as bytes. */
static void t_v128_globals(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    LOAD(rt, simd, &m);
    if (!m) {
        fa_runtime_free(rt);
        return;
    }
    CHECK_EQ_INT(fa_instance_new(rt, m, &inst, &err), FA_OK);
    fa_value v;
    CHECK_EQ_INT(fa_global_get(fa_instance_global(inst, "gv"), &v), FA_OK);
    CHECK_EQ_INT(v.type, FA_V128);
    static const uint8_t want[16] = {1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0};
    CHECK(memcmp(v.of.v128.bytes, want, 16) == 0);
    fa_global *gw = fa_instance_global(inst, "gw");
    CHECK_EQ_INT(fa_global_get(gw, &v), FA_OK);
    for (int i = 0; i < 8; i++)
        CHECK_EQ_INT(v.of.v128.bytes[i], 0xff);
    CHECK_EQ_INT(v.of.v128.bytes[8], 2);
    for (int i = 0; i < 16; i++)
        v.of.v128.bytes[i] = (uint8_t)i;
    CHECK_EQ_INT(fa_global_set(gw, v), FA_OK);
    fa_value w;
    CHECK_EQ_INT(fa_global_get(gw, &w), FA_OK);
    CHECK(memcmp(w.of.v128.bytes, v.of.v128.bytes, 16) == 0);
    fa_runtime_free(rt);
}

static void t_nul_names(void)
{
    fa_runtime *rt = fa_runtime_new(NULL);
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    LOAD(rt, nul, &m);
    CHECK_EQ_INT(fa_instance_new(rt, m, &inst, &err), FA_OK);
    CHECK_EQ_INT(call_i32(inst, "", NULL, 0), 1);
    fa_extern x;
    CHECK_EQ_INT(fa_instance_export_n(inst, "a\0b", 3, &x), FA_OK);
    fa_value r;
    CHECK_EQ_INT(fa_func_call(x.of.func, NULL, 0, &r, 1, &err), FA_OK);
    CHECK_EQ_INT(r.of.i32, 2);
    CHECK_EQ_INT(fa_instance_export(inst, "a", &x), FA_ERR_NOT_FOUND);
    CHECK_EQ_INT(fa_instance_export_n(inst, "a\0", 2, &x), FA_ERR_NOT_FOUND);
    fa_runtime_free(rt);
}

static void t_misuse(void)
{
    fa_runtime *rt = fa_runtime_new(NULL), *rt2 = fa_runtime_new(NULL);
    fa_module *m = NULL;
    fa_instance *inst = NULL;
    fa_error err;
    LOAD(rt, provider, &m);
    CHECK_EQ_INT(fa_instance_new(NULL, m, &inst, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_instance_new(rt, NULL, &inst, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_instance_new(rt, m, NULL, &err), FA_ERR_ARG);
    CHECK_EQ_INT(fa_instance_new(rt2, m, &inst, &err), FA_ERR_ARG); /* module of rt */
    CHECK_EQ_INT(fa_instance_new_with_imports(rt, m, NULL, 0, &inst, NULL), FA_OK);
    CHECK_EQ_INT(fa_instance_export(NULL, "x", NULL), FA_ERR_ARG);
    CHECK_EQ_INT(fa_instance_export(inst, NULL, NULL), FA_ERR_ARG);
    CHECK(fa_instance_func(NULL, "seven") == NULL);
    CHECK(fa_instance_func(inst, NULL) == NULL);
    CHECK(fa_instance_memory(NULL, "mem") == NULL);
    CHECK(fa_instance_table(NULL, "tab") == NULL);
    CHECK(fa_instance_global(NULL, "g") == NULL);
    CHECK(fa_instance_memory_at(NULL, 0) == NULL);
    CHECK_EQ_INT(fa_instance_n_exports(NULL), 0);
    CHECK_EQ_INT(fa_instance_export_at(NULL, 0, NULL, NULL), FA_ERR_ARG);
    CHECK_EQ_INT(fa_module_n_imports(NULL), 0);
    CHECK_EQ_INT(fa_module_n_exports(NULL), 0);
    CHECK_EQ_INT(fa_module_import(NULL, 0, NULL, NULL, NULL), FA_ERR_ARG);
    CHECK_EQ_INT(fa_module_export(NULL, 0, NULL, NULL), FA_ERR_ARG);
    fa_functype ft;
    CHECK_EQ_INT(fa_func_type(NULL, &ft), FA_ERR_ARG);
    CHECK_EQ_INT(fa_func_type(fa_instance_func(inst, "seven"), NULL), FA_ERR_ARG);

    /* namespace misuse */
    fa_extern x = ext_func(NULL);
    CHECK_EQ_INT(fa_runtime_define(rt, "a", "b", x), FA_ERR_ARG);
    x = ext_func(fa_instance_func(inst, "seven"));
    CHECK_EQ_INT(fa_runtime_define(NULL, "a", "b", x), FA_ERR_ARG);
    CHECK_EQ_INT(fa_runtime_define(rt, NULL, "b", x), FA_ERR_ARG);
    CHECK_EQ_INT(fa_runtime_define(rt, "a", NULL, x), FA_ERR_ARG);
    CHECK_EQ_INT(fa_runtime_define(rt2, "a", "b", x), FA_ERR_ARG); /* object of rt */
    x.kind = (fa_extern_kind)9;
    CHECK_EQ_INT(fa_runtime_define(rt, "a", "b", x), FA_ERR_ARG);
    CHECK_EQ_INT(fa_runtime_register(rt, NULL, inst), FA_ERR_ARG);
    CHECK_EQ_INT(fa_runtime_register(rt, "p", NULL), FA_ERR_ARG);
    CHECK_EQ_INT(fa_runtime_register(rt2, "p", inst), FA_ERR_ARG);

    /* host function misuse */
    static const fa_valtype badt[] = {(fa_valtype)0x40};
    fa_functype bt = {1, 0, badt, NULL};
    CHECK(fa_func_new_host(rt, &bt, h_answer, NULL) == NULL);
    fa_functype nt = {1, 0, NULL, NULL};
    CHECK(fa_func_new_host(rt, &nt, h_answer, NULL) == NULL);
    fa_functype ok = {0, 0, NULL, NULL};
    CHECK(fa_func_new_host(rt, &ok, NULL, NULL) == NULL);
    CHECK(fa_func_new_host(NULL, &ok, h_answer, NULL) == NULL);
    CHECK(fa_func_new_host(rt, NULL, h_answer, NULL) == NULL);

    /* host-call accessors tolerate NULL and out-of-range indexes */
    CHECK_EQ_INT(fa_call_n_args(NULL), 0);
    CHECK_EQ_INT(fa_call_arg_i32(NULL, 0), 0);
    CHECK_EQ_INT(fa_call_arg_i64(NULL, 0), 0);
    CHECK(fa_call_arg_f32(NULL, 0) == 0.0f);
    CHECK(fa_call_arg_f64(NULL, 0) == 0.0);
    fa_call_set_result_i32(NULL, 0, 1);
    fa_call_set_result(NULL, 0, fa_i32(1));
    fa_call_trap(NULL, "x");
    fa_call_exit(NULL, 1);
    CHECK(fa_call_instance(NULL) == NULL);
    CHECK(fa_call_memory(NULL, 0) == NULL);
    CHECK(fa_call_runtime(NULL) == NULL);
    fa_instance_free(NULL);

    CHECK_EQ_STR(fa_result_name(FA_ERR_LINK), "link error");
    CHECK_EQ_STR(fa_trap_message(FA_TRAP_TABLE_OOB), "out of bounds table access");
    fa_runtime_free(rt);
    fa_runtime_free(rt2);
}

/* The lifetime rule: modules and instances freed early stay usable while
 * something refers to them; nothing leaks; every free names the right size. */
static void t_lifetime(void)
{
    counter c;
    fa_runtime *rt = counted_runtime(&c);
    CHECK(rt != NULL);
    if (!rt)
        return;
    fa_error err;
    long long baseline = -1;
    fa_limits one = {1, 0, 0, 0};
    fa_extern spare = ext_memory(fa_memory_new(rt, &one)); /* standalone: lives with rt */
    for (int round = 0; round < 3; round++) {
        fa_module *pm = NULL, *cm = NULL;
        fa_instance *prov = NULL, *cons = NULL;
        LOAD(rt, provider, &pm);
        LOAD(rt, user, &cm);
        CHECK_EQ_INT(fa_instance_new(rt, pm, &prov, &err), FA_OK);
        fa_module_free(pm); /* the instance keeps it */
        fa_extern imps[3] = {ext_memory(fa_instance_memory(prov, "mem")),
                             ext_global(fa_instance_global(prov, "g")),
                             ext_func(fa_instance_func(prov, "seven"))};
        CHECK_EQ_INT(fa_instance_new_with_imports(rt, cm, imps, 3, &cons, &err), FA_OK);
        fa_module_free(cm);
        fa_instance_free(prov); /* cons still imports from it */
        fa_instance_free(prov); /* a second free is ignored */
        fa_value a = fa_i32(1);
        CHECK_EQ_INT(call_i32(cons, "plus_seven", &a, 1), 8);
        a = fa_i32(8);
        fa_value b[2] = {fa_i32(8), fa_i32(1234)};
        CHECK_EQ_INT(fa_func_call(fa_instance_func(cons, "store"), b, 2, NULL, 0, &err), FA_OK);
        fa_instance_free(cons); /* releases both */
        /* a failed instantiation that could not leak funcrefs frees everything */
        fa_module *bm = NULL;
        fa_instance *bad = NULL;
        LOAD(rt, start_trap, &bm);
        CHECK_EQ_INT(fa_instance_new_with_imports(rt, bm, &spare, 1, &bad, &err), FA_ERR_TRAP);
        fa_module_free(bm);
        if (round == 0)
            baseline = c.live_bytes; /* interned types stay with the runtime */
        else
            CHECK_EQ_INT(c.live_bytes, baseline);
    }

    /* a registered instance lives on through the namespace */
    fa_module *pm = NULL, *cm = NULL, *fm = NULL;
    fa_instance *prov = NULL, *cons = NULL, *fr = NULL;
    LOAD(rt, provider, &pm);
    LOAD(rt, consumer, &cm);
    LOAD(rt, funcref_imp, &fm);
    CHECK_EQ_INT(fa_instance_new(rt, pm, &prov, &err), FA_OK);
    CHECK_EQ_INT(fa_runtime_register(rt, "prov", prov), FA_OK);
    fa_module_free(pm);
    CHECK_EQ_INT(fa_instance_new(rt, cm, &cons, &err), FA_OK);
    fa_module_free(cm);
    fa_value a = fa_i32(2);
    CHECK_EQ_INT(call_i32(cons, "plus_seven", &a, 1), 9);

    /* an instance that wrote its function into an imported table is pinned:
     * the function stays callable after fa_instance_free */
    CHECK_EQ_INT(fa_instance_new(rt, fm, &fr, &err), FA_OK);
    fa_instance_free(fr);
    fa_module_free(fm);
    a = fa_i32(1);
    CHECK_EQ_INT(call_i32(prov, "call_tab", &a, 1), 77);
    fa_instance_free(cons);
    fa_instance_free(prov);
    fa_runtime_free(rt);
    CHECK_EQ_INT(c.live_bytes, 0);
    CHECK_EQ_INT(c.live_blocks, 0);
    CHECK_EQ_INT(c.size_mismatches, 0);
}

/* Allocation failure at every step of load + instantiate + call: clean
 * errors, no leaks. */
static void t_oom(void)
{
    for (long long n = 0; n < 400; n++) {
        counter c;
        memset(&c, 0, sizeof c);
        c.fail_after = -1;
        fa_config cfg;
        fa_config_default(&cfg);
        cfg.alloc = counting_alloc;
        cfg.alloc_user = &c;
        cfg.stack_slots = 1024;
        cfg.max_call_depth = 64;
        fa_runtime *rt = fa_runtime_new(&cfg);
        if (!rt)
            continue;
        c.fail_after = n;
        fa_module *pm = NULL, *cm = NULL;
        fa_instance *prov = NULL, *cons = NULL;
        fa_error err;
        int done = 0;
        fa_result r = fa_module_load(rt, provider_wasm, sizeof provider_wasm, &pm, &err);
        if (r == FA_OK)
            r = fa_module_load(rt, consumer_wasm, sizeof consumer_wasm, &cm, &err);
        if (r == FA_OK)
            r = fa_instance_new(rt, pm, &prov, &err);
        if (r == FA_OK && (r = fa_runtime_register(rt, "prov", prov)) != FA_OK)
            err.code = r;
        if (r == FA_OK)
            r = fa_instance_new(rt, cm, &cons, &err);
        if (r == FA_OK) {
            fa_value a = fa_i32(1), res;
            r = fa_func_call(fa_instance_func(cons, "plus_seven"), &a, 1, &res, 1, &err);
            if (r == FA_OK)
                CHECK_EQ_INT(res.of.i32, 8);
            else /* lazy translation ran out of memory */
                CHECK(err.code == FA_ERR_TRAP);
            done = r == FA_OK && c.fail_after > 0;
        } else {
            if (err.code != FA_ERR_OOM)
                fprintf(stderr, "  n=%lld: %d %s\n", n, (int)err.code, err.message);
            CHECK(err.code == FA_ERR_OOM);
        }
        fa_runtime_free(rt);
        CHECK_EQ_INT(c.live_bytes, 0);
        CHECK_EQ_INT(c.size_mismatches, 0);
        if (done)
            break;
    }
}

static const fa_test tests[] = {
    {"config", t_config},         {"load_errors", t_load_errors},
    {"inspect", t_inspect},       {"instance_kinds", t_instance_kinds},
    {"host_calls", t_host_calls}, {"limits", t_limits},
    {"linking", t_linking},       {"segment_traps", t_segment_traps},
    {"globals", t_globals},       {"memory_api", t_memory_api},
    {"table_api", t_table_api},   {"v128_globals", t_v128_globals},
    {"nul_names", t_nul_names},   {"misuse", t_misuse},
    {"lifetime", t_lifetime},     {"oom", t_oom},
};

FA_TEST_MAIN(tests)
