(module (global (export "g") i32 (i32.add (i32.const 1) (i32.const 2))) (func (export "f") (result i32) (global.get 0)))
