;; copyloop.wat - loops that only move or fill memory, which the translator
;; runs in one go (src/copyloop.c). Each export starts from the same memory
;; (byte i = i * 7 + 1 over the first 64 KiB), runs one loop shape on its
;; arguments and returns a hash of the first 4 KiB (or of `len` bytes from
;; `at`), so run.sh can compare it with the same call under --fuel, where
;; every loop runs instruction by instruction, and with hand-derived values.
;; The loops are written as C compilers emit them (memmove, memcpy, memset).
(module
  (memory (export "memory") 32) ;; 2 MiB: room for more than a chunk of iterations

  ;; byte i = i * 7 + 1, for i < 65536 (a loop the translator must not take:
  ;; the value stored is not loop-invariant)
  (func $init (local $i i32)
    (loop $l
      (i32.store8 (local.get $i) (i32.add (i32.mul (local.get $i) (i32.const 7)) (i32.const 1)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 65536)))))

  ;; FNV-1a over len bytes at `at` (reads only; not a copy loop either)
  (func $hash (param $at i32) (param $len i32) (result i32) (local $h i32)
    (local.set $h (i32.const 0x811c9dc5))
    (block $done
      (br_if $done (i32.eqz (local.get $len)))
      (loop $l
        (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $at)))
                               (i32.const 0x01000193)))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br_if $l (local.tee $len (i32.add (local.get $len) (i32.const -1))))))
    (local.get $h))


  ;; ---- byte moves counted down to 0 (loop_add_imm_nez)
  ;; backward from the end, as memmove does when dst > src: the index steps
  ;; down first thing, a separate count ends the loop (wasi-libc's memmove)
  (func $bwd1 (param $d i32) (param $s i32) (param $n i32) (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $i (local.get $n))
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const -1)))
        (i32.store8 (i32.add (local.get $d) (local.get $i))
                    (i32.load8_u (i32.add (local.get $s) (local.get $i))))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))))
  ;; forward, pointers stepping up, as memmove does when dst < src
  (func $fwd1 (param $d i32) (param $s i32) (param $n i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i32.store8 (local.get $d) (i32.load8_u (local.get $s)))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))))

  ;; ---- four bytes per iteration, backward, offsets 3..0 (musl memmove
  ;; unrolled by clang); n a multiple of 4, counted down by 4
  (func $bwd4 (param $d i32) (param $s i32) (param $n i32) (local $p i32) (local $q i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $p (i32.add (local.get $d) (i32.add (local.get $n) (i32.const -4))))
        (local.set $q (i32.add (local.get $s) (i32.add (local.get $n) (i32.const -4))))
        (i32.store8 offset=3 (local.get $p) (i32.load8_u offset=3 (local.get $q)))
        (i32.store8 offset=2 (local.get $p) (i32.load8_u offset=2 (local.get $q)))
        (i32.store8 offset=1 (local.get $p) (i32.load8_u offset=1 (local.get $q)))
        (i32.store8 (local.get $p) (i32.load8_u (local.get $q)))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -4)))))))

  ;; ---- words counted up to a limit in a local (add_imm; br_if_i32_lt_u_loop)
  (func $words (param $d i32) (param $s i32) (param $n i32) (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i32.store (i32.add (local.get $d) (local.get $i))
                   (i32.load (i32.add (local.get $s) (local.get $i))))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4)))
                            (local.get $n))))))

  ;; ---- 16 bytes as two i64 per iteration, a count going down while > 15
  ;; (add_imm; br_if_i32_gt_u_imm_loop), as memcpy's aligned middle
  (func $wide (param $d i32) (param $s i32) (param $n i32)
    (block $done
      (br_if $done (i32.lt_u (local.get $n) (i32.const 16)))
      (loop $l
        (i64.store (local.get $d) (i64.load (local.get $s)))
        (i64.store offset=8 (local.get $d) (i64.load offset=8 (local.get $s)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (br_if $l (i32.gt_u (local.tee $n (i32.add (local.get $n) (i32.const -16)))
                            (i32.const 15))))))

  ;; ---- fills: a byte, and an i64 (memset)
  (func $fill8 (param $d i32) (param $v i32) (param $n i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i32.store8 (local.get $d) (local.get $v))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))))
  (func $fill64 (param $d i32) (param $v i64) (param $n i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i64.store (local.get $d) (local.get $v))
        (local.set $d (i32.add (local.get $d) (i32.const 8)))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))))

  ;; ---- a gather: source steps by 2, destination by 1 (replayed, not a memmove)
  (func $gather (param $d i32) (param $s i32) (param $n i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i32.store8 (local.get $d) (i32.load8_u (local.get $s)))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (local.set $s (i32.add (local.get $s) (i32.const 2)))
        (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))))

  ;; ---- a strided fill, the step in a local (a sieve crossing out):
  ;; for (j = d; j <= lim; j += step) mem[j] = 0 (loop_add_le_u, the add as step + j)
  (func $stride (param $j i32) (param $step i32) (param $lim i32)
    (block $done
      (br_if $done (i32.gt_u (local.get $j) (local.get $lim)))
      (loop $l
        (i32.store8 (local.get $j) (i32.const 0))
        (br_if $l (i32.le_u (local.tee $j (i32.add (local.get $step) (local.get $j)))
                            (local.get $lim))))))

  ;; ---- the slots a loop leaves behind: fwd1's pointers and count after
  ;; the loop, and the last byte a word loop moved through a local
  (func (export "fwd1_state") (param $d i32) (param $s i32) (param $n i32) (result i32)
    (loop $l
      (i32.store8 (local.get $d) (i32.load8_u (local.get $s)))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))
    ;; d * 65536 + s, plus n (0) * 7
    (i32.add (i32.add (i32.shl (local.get $d) (i32.const 16)) (local.get $s))
             (i32.mul (local.get $n) (i32.const 7))))
  (func (export "last_word") (param $d i32) (param $s i32) (param $n i32) (result i32)
    (local $i i32) (local $t i32)
    (call $init)
    (loop $l
      (local.set $t (i32.load (i32.add (local.get $s) (local.get $i))))
      (i32.store (i32.add (local.get $d) (local.get $i)) (local.get $t))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4)))
                          (local.get $n))))
    (local.get $t))

  ;; ---- kind: 0 bwd1, 1 fwd1, 2 bwd4, 3 words, 4 wide, 5 fill8, 6 fill64
  ;; (the value s * 0x0101010101010101), 7 gather, 8 stride (d, step s, limit n)
  (func $do (param $kind i32) (param $d i32) (param $s i32) (param $n i32)
    (block $b8 (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b8 (local.get $kind)))
      (return (call $bwd1 (local.get $d) (local.get $s) (local.get $n))))
      (return (call $fwd1 (local.get $d) (local.get $s) (local.get $n))))
      (return (call $bwd4 (local.get $d) (local.get $s) (local.get $n))))
      (return (call $words (local.get $d) (local.get $s) (local.get $n))))
      (return (call $wide (local.get $d) (local.get $s) (local.get $n))))
      (return (call $fill8 (local.get $d) (local.get $s) (local.get $n))))
      (return (call $fill64 (local.get $d)
                (i64.mul (i64.extend_i32_u (local.get $s)) (i64.const 0x0101010101010101))
                (local.get $n))))
    (return (call $gather (local.get $d) (local.get $s) (local.get $n))))
    (call $stride (local.get $d) (local.get $s) (local.get $n)))
  ;; hash of the first 4 KiB after the loop
  (func (export "hash") (param i32 i32 i32 i32) (result i32)
    (call $init) (call $do (local.get 0) (local.get 1) (local.get 2) (local.get 3))
    (call $hash (i32.const 0) (i32.const 4096)))
  ;; hash of len bytes at `at` after the loop
  (func (export "hash_at") (param i32 i32 i32 i32) (param $at i32) (param $len i32) (result i32)
    (call $init) (call $do (local.get 0) (local.get 1) (local.get 2) (local.get 3))
    (call $hash (local.get $at) (local.get $len)))
  ;; the word at `at` after the loop
  (func (export "word") (param i32 i32 i32 i32) (param $at i32) (result i32)
    (call $init) (call $do (local.get 0) (local.get 1) (local.get 2) (local.get 3))
    (i32.load (local.get $at)))
)
