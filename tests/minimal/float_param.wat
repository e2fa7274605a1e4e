(module (func (export "f") (param f32) (result i32) (i32.const 0)))
