(module (func (export "f") (param i32) (result i32) (i32.trunc_f64_s (f64.convert_i32_s (local.get 0)))))
