;; Well-formed but invalid (checked with wat2wasm --no-check): result type mismatch.
(module
  (func (export "f") (result i32) (i64.const 0)))
