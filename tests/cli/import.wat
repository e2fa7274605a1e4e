;; An import nobody defines: instantiation fails with a link error.
(module
  (import "env" "missing" (func (param i32)))
  (func (export "f") (result i32) (i32.const 1)))
