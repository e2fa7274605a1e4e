;; Found by fuzz_run under clang's UBSan (gcc's does not check this): the
;; type [] -> [] is decoded with vts == NULL, and fa_type_results (validation,
;; calls) and fa_invoke (the start function) computed NULL + 0, which is
;; undefined behaviour in C ("applying zero offset to null pointer"). Fixed in
;; src/module.h (fa_type_results) and src/api.c (fa_invoke uses it). Needs a
;; clang FAYASM_SANITIZE build to fail without the fix.
(module
  (import "fuzzing-support" "log-i32" (func $log (param i32)))
  (type $v (func))
  (func $start (type $v) (call $log (i32.const 1)))
  (start $start)
  (func (export "f") (type $v))
  (func (export "g") (result i32) (call 1) (i32.const 42)))
