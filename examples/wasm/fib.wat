;; fib.wat - the example module of the README and of examples/hello_embed.c.
;;
;; Build the binary with:  wat2wasm fib.wat -o fib.wasm
;; (the committed fib.wasm is checked against this source by CTest when
;; wat2wasm is installed: test examples.fib_wasm_up_to_date).
;;
;;   fib(n)      recursive, i32 -> i32: exercises calls and the frame stack
;;   fib_iter(n) loop, i64 -> i64: exercises locals, loops and branches
(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func (export "fib_iter") (param $n i64) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $t (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $a)))
