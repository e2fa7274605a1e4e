;; v128 arguments and results (kept apart so the other cases need no SIMD).
(module
  (func (export "id_v128") (param v128) (result v128) (local.get 0))
  (func (export "v128_const") (result v128) (v128.const i32x4 1 -1 0x7fffffff 0)))
