;; Found by fuzz_run under clang's UBSan (gcc's does not check this): the
;; type [] -> [] is decoded with vts == NULL, and fa_type_results computed
;; NULL + 0, which is undefined behaviour in C ("applying zero offset to null
;; pointer"). Fixed in src/module.h (fa_type_results). Needs a clang
;; FAYASM_SANITIZE build to fail without the fix.
(module
  (type (func))
  (func (export "f") (type 0))
  (func (export "g") (result i32) (call 0) (i32.const 42)))
