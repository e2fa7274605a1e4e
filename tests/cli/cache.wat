;; Several small functions for --code-cache: with a tiny budget every new
;; translation drops the others that are not running (rec keeps its frames).
(module
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $step (param i32) (result i32) (call $dbl (call $inc (local.get 0))))
  (func (export "run") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc
          (i32.and (i32.xor (call $step (local.get $acc)) (local.get $i)) (i32.const 0xffff)))
        (local.set $i (call $inc (local.get $i)))
        (br $l)))
    (local.get $acc))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $step (local.get 0)) (call $rec (i32.sub (local.get 0) (i32.const 1))))))))
