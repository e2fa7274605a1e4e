(module (func (export "f") (result i32) (local f64) (i32.const 0)))
