;; opt.wat - the translator's optimisations where they could go wrong
;; (compile.c peephole(), docs/performance.md). Expected results in run.sh
;; are computed from the wasm semantics, not taken from fayasm's output.
(module
  ;; ---- constant operands as immediates (_imm forms)
  ;; i32.sub k becomes add -k: 0x80000000 is its own negation
  (func (export "sub_min") (param i32) (result i32)
    (i32.sub (local.get 0) (i32.const 0x80000000)))
  ;; rotr k becomes rotl (32 - k) & 31: k = 0 and k = 33 (count mod 32)
  (func (export "rotr0") (param i32) (result i32)
    (i32.rotr (local.get 0) (i32.const 0)))
  (func (export "rotr33") (param i32) (result i32)
    (i32.rotr (local.get 0) (i32.const 33)))
  ;; shifts by constants beyond the width
  (func (export "shl35") (param i32) (result i32)
    (i32.shl (local.get 0) (i32.const 35)))
  (func (export "shr_s_65") (param i64) (result i64)
    (i64.shr_s (local.get 0) (i64.const 65)))
  ;; constant first: commuted, or the compare mirrored
  (func (export "k_minus_x") (param i32) (result i32)
    (i32.sub (i32.const 10) (local.get 0)))
  (func (export "k_lt_x") (param i32) (result i32)
    (i32.lt_s (i32.const 5) (local.get 0)))
  (func (export "k_le_u_x") (param i32) (result i32)
    (i32.le_u (i32.const 0xfffffffe) (local.get 0)))
  (func (export "k_and_x") (param i32) (result i32)
    (i32.and (i32.const 0xff00) (local.get 0)))
  (func (export "br_k_gt_x") (param i32) (result i32)
    (block (br_if 0 (i32.gt_u (i32.const 7) (local.get 0))) (return (i32.const 1)))
    (i32.const 0))
  ;; i64 immediates are sign-extended 32-bit: -1 fits, 0xffffffff does not
  (func (export "i64_add_m1") (param i64) (result i64)
    (i64.add (local.get 0) (i64.const -1)))
  (func (export "i64_add_ffffffff") (param i64) (result i64)
    (i64.add (local.get 0) (i64.const 0xffffffff)))
  (func (export "i64_and_big") (param i64) (result i64)
    (i64.and (local.get 0) (i64.const 0x7fffffff00000000)))
  (func (export "i64_sub_min") (param i64) (result i64)
    (i64.sub (local.get 0) (i64.const 0x8000000000000000)))
  (func (export "i64_mul_neg") (param i64) (result i64)
    (i64.mul (local.get 0) (i64.const -3)))

  ;; ---- copy pairs: a branch to the second copy must not enter a copy2
  (func (export "copies") (param i32 i32 i32 i32 i32) (result i32)
    (local i32 i32)
    (block $b
      (br_if $b (local.get 4))
      (local.set 5 (local.get 1)))
    (local.set 6 (local.get 2))
    ;; 1000 * l5 + l6
    (i32.add (i32.mul (local.get 5) (i32.const 1000)) (local.get 6)))

  ;; a swap through a third local: three copies, the first two a copy2,
  ;; which must run in order
  (func (export "swap") (param i32 i32) (result i32) (local i32)
    (local.set 2 (local.get 0))
    (local.set 0 (local.get 1))
    (local.set 1 (local.get 2))
    (i32.add (i32.mul (local.get 0) (i32.const 1000)) (local.get 1)))

  ;; ---- fused pairs; the second op a branch target in the *_target forms
  (func (export "xor_rotl") (param i32 i32) (result i32)
    (i32.xor (local.get 1) (i32.rotl (local.get 0) (i32.const 7))))
  (func (export "xor_rotl_target") (param i32 i32 i32) (result i32)
    (i32.xor (local.get 1)
      (block $b (result i32)
        (drop (br_if $b (local.get 0) (local.get 2)))
        (i32.rotl (local.get 0) (i32.const 7)))))
  (func (export "add3") (param i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "add3_target") (param i32 i32 i32 i32) (result i32)
    (i32.add
      (block $b (result i32)
        (drop (br_if $b (i32.const 100) (local.get 3)))
        (i32.add (local.get 0) (local.get 1)))
      (local.get 2)))
  (func (export "add_shl") (param i32 i32) (result i32)
    (i32.add (local.get 1) (i32.shl (local.get 0) (i32.const 2))))
  ;; the temporary must not be a local: tee keeps the shifted value
  (func (export "add_shl_tee") (param i32 i32) (result i32) (local i32)
    (i32.add (i32.add (local.get 1) (local.tee 2 (i32.shl (local.get 0) (i32.const 2))))
             (local.get 2)))

  ;; ---- byte moves (load8_u + store8 of the loaded byte): memmove's loop
  (memory 1)
  (data (i32.const 0) "abcdefgh")
  (func (export "move_bytes") (param $d i32) (param $s i32) (param $n i32) (result i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (i32.store8 (i32.add (local.get $d) (local.get $n))
                    (i32.load8_u (i32.add (local.get $s) (local.get $n))))
        (br $l)))
    (i32.load (local.get $d)))
  ;; the store address a constant away (memcpy's unrolled loop): bytes
  ;; s+n .. s+n+1 go to d+5+n; returns the i32 at d+5
  (func (export "move_pair") (param $d i32) (param $s i32) (param $n i32) (result i32)
    (i32.store8 (i32.add (local.get $d) (i32.const 5))
                (i32.load8_u (i32.add (local.get $s) (local.get $n))))
    (i32.store8 (i32.add (local.get $d) (i32.const 6))
                (i32.load8_u offset=1 (i32.add (local.get $s) (local.get $n))))
    (i32.load16_u offset=5 (local.get $d)))
  (func (export "move_one") (param $d i32) (param $s i32) (result i32)
    (i32.store8 offset=1 (local.get $d) (i32.load8_u offset=2 (local.get $s)))
    (i32.load8_u offset=1 (local.get $d)))
  ;; an operand loaded from memory (load + op): the loaded value on either
  ;; side of a commutative op, on the right of sub (fused), on its left (not)
  (data (i32.const 32) "\00\00\00\00\00\00\04\40") ;; f64 2.5
  (data (i32.const 40) "\00\00\c0\3f")                 ;; f32 1.5
  (func (export "add_load") (param i32 i32) (result i32)
    (i32.add (local.get 1) (i32.load (local.get 0))))
  (func (export "load_add") (param i32 i32) (result i32)
    (i32.add (i32.load (local.get 0)) (local.get 1)))
  (func (export "f64_sub_load") (param i32 f64) (result f64)
    (f64.sub (local.get 1) (f64.load (local.get 0))))
  (func (export "f64_load_sub") (param i32 f64) (result f64)
    (f64.sub (f64.load (local.get 0)) (local.get 1)))
  (func (export "f32_mul_load") (param i32 f32) (result f32)
    (f32.mul (local.get 1) (f32.load (local.get 0))))
  ;; a scaled index feeding a load
  (func (export "load_idx") (param $base i32) (param $i i32) (result i32)
    (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "i64_load_idx") (param $base i32) (param $i i32) (result i64)
    (i64.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 3)))))
  (func (export "f64_load_idx") (param $base i32) (param $i i32) (result f64)
    (f64.load offset=8 (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 3)))))
  ;; xor with a shifted value (hash mixing)
  (func (export "xor_shr") (param i32) (result i32)
    (i32.xor (local.get 0) (i32.shr_u (local.get 0) (i32.const 17))))
  (func (export "xor_shl") (param i32 i32) (result i32)
    (i32.xor (i32.shl (local.get 0) (i32.const 37)) (local.get 1)))
  (func (export "i64_xor_shr") (param i64) (result i64)
    (i64.xor (local.get 0) (i64.shr_u (local.get 0) (i64.const 33))))
  (func (export "i64_xor_shl") (param i64) (result i64)
    (i64.xor (local.get 0) (i64.shl (local.get 0) (i64.const 13))))
  ;; c + a * b rounds twice (no fused multiply-add): exactly 0 for these
  (func (export "add_mul") (param f64 f64 f64) (result f64)
    (f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1))))
  ;; the store a branch target: stores 7 when the branch is taken
  (func (export "move_target") (param $d i32) (param $s i32) (param $c i32) (result i32)
    (i32.store8 (local.get $d)
      (block $b (result i32)
        (drop (br_if $b (i32.const 7) (local.get $c)))
        (i32.load8_u (local.get $s))))
    (i32.load8_u (local.get $d)))

  ;; ---- read-modify-write: load, add and store at the same address and
  ;; offset (mem[p] = x + mem[p]). The *_raw functions hold only the update
  ;; (the trap cases); the others set memory up, call them and return the
  ;; result. Memory from 256 on.
  (func $i32_rmw (export "i32_rmw_raw") (param $p i32) (param $x i32)
    (i32.store offset=4 (local.get $p)
      (i32.add (local.get $x) (i32.load offset=4 (local.get $p)))))
  (func (export "i32_rmw") (param $p i32) (param $m i32) (param $x i32) (result i32)
    (i32.store offset=4 (local.get $p) (local.get $m))
    (call $i32_rmw (local.get $p) (local.get $x))
    (i32.load offset=4 (local.get $p)))
  ;; the loaded value first (the add commutes), i64
  (func (export "i64_rmw") (param $p i32) (param $m i64) (param $x i64) (result i64)
    (i64.store (local.get $p) (local.get $m))
    (i64.store (local.get $p) (i64.add (i64.load (local.get $p)) (local.get $x)))
    (i64.load (local.get $p)))
  ;; not fused: the store's offset differs (8, loaded from 4), the store
  ;; goes elsewhere (q), the stored value is also kept in a local (tee)
  (func (export "rmw_offsets") (param $p i32) (param $m i32) (param $x i32) (result i32)
    (i32.store offset=4 (local.get $p) (local.get $m))
    (i32.store offset=8 (local.get $p) (i32.const 0))
    (i32.store offset=8 (local.get $p)
      (i32.add (local.get $x) (i32.load offset=4 (local.get $p))))
    (i32.load offset=8 (local.get $p)))
  (func (export "rmw_other") (param $p i32) (param $q i32) (param $m i32) (param $x i32) (result i32)
    (i32.store (local.get $p) (local.get $m))
    (i32.store (local.get $q) (i32.const 0))
    (i32.store (local.get $q) (i32.add (local.get $x) (i32.load (local.get $p))))
    (i32.load (local.get $q)))
  (func (export "rmw_tee") (param $p i32) (param $m i32) (param $x i32) (result i32) (local $t i32)
    (i32.store (local.get $p) (local.get $m))
    (i32.store (local.get $p) (local.tee $t (i32.add (local.get $x) (i32.load (local.get $p)))))
    (i32.add (local.get $t) (i32.load (local.get $p))))
  ;; the store a branch target: stores 7 when the branch is taken (a
  ;; constant address: a local's value would be copied at the block)
  (func (export "rmw_target") (param $m i32) (param $x i32) (param $c i32) (result i32)
    (i32.store (i32.const 256) (local.get $m))
    (i32.store (i32.const 256)
      (block $b (result i32)
        (drop (br_if $b (i32.const 7) (local.get $c)))
        (i32.add (local.get $x) (i32.load (i32.const 256)))))
    (i32.load (i32.const 256)))
  (func $f32_rmw (param $p i32) (param $x f32)
    (f32.store (local.get $p) (f32.add (local.get $x) (f32.load (local.get $p)))))
  (func (export "f32_rmw") (param $p i32) (param $m f32) (param $x f32) (result f32)
    (f32.store (local.get $p) (local.get $m))
    (call $f32_rmw (local.get $p) (local.get $x))
    (f32.load (local.get $p)))
  ;; a canonical NaN in memory gives a canonical NaN: its bits without the sign
  (func (export "f32_rmw_nan") (param $p i32) (param $x f32) (result i32)
    (f32.store (local.get $p) (f32.const nan))
    (call $f32_rmw (local.get $p) (local.get $x))
    (i32.and (i32.reinterpret_f32 (f32.load (local.get $p))) (i32.const 0x7fffffff)))
  (func (export "f64_rmw") (param $p i32) (param $m f64) (param $x f64) (result f64)
    (f64.store offset=8 (local.get $p) (local.get $m))
    (f64.store offset=8 (local.get $p) (f64.add (f64.load offset=8 (local.get $p)) (local.get $x)))
    (f64.load offset=8 (local.get $p)))

  ;; ---- loops are polled on their back-edges: each loop below never
  ;; ends, so it must stop with "out of fuel" (or "interrupted")
  (func (export "spin_br") (loop $l (br $l)))
  (func (export "spin_br_if") (param i32) (loop $l (br_if $l (local.get 0))))
  (func (export "spin_cmp") (param i32) (loop $l (br_if $l (i32.le_s (local.get 0) (local.get 0)))))
  (func (export "spin_cmp_imm") (param i32) (loop $l (br_if $l (i32.ne (local.get 0) (i32.const 12345)))))
  (func (export "spin_i64") (param i64) (loop $l (br_if $l (i64.eqz (local.get 0)))))
  (func (export "spin_table") (param i32)
    (block $out (loop $l (br_table $l $l $out (local.get 0)))))
  (func (export "spin_params") (param i32) (result i32)
    (local.get 0)
    (loop $l (param i32) (result i32)
      (i32.add (i32.const 1))
      (br $l)))
  ;; loop counters: add then compare-and-branch back, fused
  (func (export "count_ne") (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 2 (i32.add (local.get 2) (local.get 1)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.ne (local.get 1) (i32.const 10))))
    (i32.add (i32.mul (local.get 2) (i32.const 100)) (local.get 1)))
  (func (export "count_ne_slot") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 3)))
      (br_if $l (i32.ne (local.get 1) (local.get 0))))
    (local.get 1))
  (func (export "count_le_u") (param i32 i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 3 (i32.add (local.get 3) (i32.const 1)))
      (local.set 2 (i32.add (local.get 2) (local.get 1)))
      (br_if $l (i32.le_u (local.get 2) (local.get 0))))
    (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 2)))
  (func (export "count_lt_u") (param i32 i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 3 (i32.add (local.get 3) (i32.const 1)))
      (local.set 2 (i32.add (local.get 2) (local.get 1)))
      (br_if $l (i32.lt_u (local.get 2) (local.get 0))))
    (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 2)))
  ;; count down to zero (memmove's loops): sum n + ... + 1; from 0 it wraps
  ;; and runs 2^32 times, so it runs out of fuel
  (func (export "countdown") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
    (local.get 1))
  ;; 3k wraps to 0 only at k = 2^32: runs out of fuel long before
  (func (export "spin_count") (local i32)
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 3)))
      (br_if $l (i32.ne (local.get 0) (i32.const 0)))))
  ;; a loop that ends: its count must be right (back-edge fused with an
  ;; increment and a compare against an immediate)
  (func (export "count") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 3)))
      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))
)
