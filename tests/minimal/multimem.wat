(module (memory 1) (memory $m2 1) (func (export "f") (result i32) (i32.load $m2 (i32.const 0))))
