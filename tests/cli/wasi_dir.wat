;; WASI command: prints the guest name of preopen fd 3, or exits 100 + errno.
(module
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: prestat (tag u8, name_len u32 at 4), 16: iovec, 32: nwritten, 64: name
  (func (export "_start") (local $err i32) (local $len i32)
    (local.set $err (call $prestat_get (i32.const 3) (i32.const 0)))
    (if (local.get $err) (then (call $exit (i32.add (i32.const 100) (local.get $err)))))
    (local.set $len (i32.load (i32.const 4)))
    (drop (call $dir_name (i32.const 3) (i32.const 64) (local.get $len)))
    (i32.store8 (i32.add (i32.const 64) (local.get $len)) (i32.const 10))
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.add (local.get $len) (i32.const 1)))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 32)))))
