;; Backtraces (assembled with --debug-names, see run.sh).
(module
  (func $leaf (param i32) (result i32) (i32.div_s (local.get 0) (i32.const 0)))
  (func $middle (param i32) (result i32) (call $leaf (local.get 0)))
  (func $run (export "run") (param i32) (result i32) (call $middle (local.get 0))))
