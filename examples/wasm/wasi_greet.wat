;; wasi_greet.wat - a tiny WASI command for examples/wasi_embed.c.
;; Reads greeting.txt from the first preopened directory (fd 3), writes
;; "the host says: " and the file's contents to stdout, exits with 0.
;; Rebuild: wat2wasm wasi_greet.wat -o wasi_greet.wasm
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "greeting.txt")     ;; 12 bytes
  (data (i32.const 32) "the host says: ")  ;; 15 bytes
  ;; layout: iovecs at 64, opened fd at 96, nread at 100, nwritten at 104, buffer at 256
  (func $check (param $errno i32)
    ;; a failed call ends the program with status 100 + errno
    (if (local.get $errno)
      (then (call $proc_exit (i32.add (i32.const 100) (local.get $errno))))))
  (func (export "_start")
    ;; path_open(fd 3, no lookup flags, "greeting.txt", no oflags, rights FD_READ, 0, 0, &fd)
    (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 12)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 96)))
    (i32.store (i32.const 64) (i32.const 256))
    (i32.store (i32.const 68) (i32.const 1024))
    (call $check (call $fd_read (i32.load (i32.const 96)) (i32.const 64) (i32.const 1) (i32.const 100)))
    (call $check (call $fd_close (i32.load (i32.const 96))))
    ;; fd_write(1, [prefix, contents])
    (i32.store (i32.const 64) (i32.const 32))
    (i32.store (i32.const 68) (i32.const 15))
    (i32.store (i32.const 72) (i32.const 256))
    (i32.store (i32.const 76) (i32.load (i32.const 100)))
    (call $check (call $fd_write (i32.const 1) (i32.const 64) (i32.const 2) (i32.const 104)))
    (call $proc_exit (i32.const 0))))
