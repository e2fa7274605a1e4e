;; Found by fuzz_load (allocator-contract check): a module with no functions
;; made validate.c allocate func_declared with fa_calloc(rt, 0, 1) -- one byte,
;; as fa_malloc rounds 0 up to 1 -- and fa_module_clear free it with size 0,
;; so an allocator hook relying on old_size (a pool) was told the wrong size.
;; Fixed in src/util/alloc.c: fa_free/fa_realloc pass 1 for a zero size.
;; fayasm_diff's strict allocator aborts on any size mismatch or leak.
(module
  (global (export "g") i32 (i32.const 7)))
