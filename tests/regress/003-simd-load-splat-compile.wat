;; Found by fuzz_load (eager translation of a spec-suite seed): translating
;; v128.load64_splat indexed a 267-entry table in compile.c with 0x80000000
;; (UBSan: "index 2147483648 out of bounds for type 'const char *const[267]'").
;; Gone in the compile/exec helper's later compile.c; kept as a regression.
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08")
  (func (export "f") (drop (v128.load64_splat align=1 (i32.const 0))))
  (func (export "lane1") (result i64)
    (i64x2.extract_lane 1 (v128.load64_splat align=1 (i32.const 0)))))
