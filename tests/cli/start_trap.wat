;; A start function that traps: instantiation fails with a trap.
(module
  (func $start unreachable)
  (start $start)
  (func (export "f") (result i32) (i32.const 1)))
