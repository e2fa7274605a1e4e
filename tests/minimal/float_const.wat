(module (func (export "f") (result i32) (i32.reinterpret_f32 (f32.const 1.5))))
