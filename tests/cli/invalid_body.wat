;; Well-formed, valid except for one function body (wat2wasm --no-check):
;; --lazy-validation loads it and runs the valid functions; the invalid body
;; traps "invalid function" when first called. Without the option the load fails.
(module
  (func (export "good") (result i32) (i32.const 42))
  (func (export "bad") (result i32) (i64.const 0))
  (func (export "calls_bad") (result i32) (i32.add (i32.const 1) (call 1))))
