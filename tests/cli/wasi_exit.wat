;; WASI command: exits with 10 + argc if there is no environment, else 20 + envc.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $env_sizes (i32.const 8) (i32.const 12)))
    (if (i32.load (i32.const 8))
      (then (call $exit (i32.add (i32.const 20) (i32.load (i32.const 8))))))
    (drop (call $args_sizes (i32.const 0) (i32.const 4)))
    (call $exit (i32.add (i32.const 10) (i32.load (i32.const 0))))))
