(module (global (export "g") f64 (f64.const 2.5)) (func (export "f") (result i32) (i32.const 1)))
