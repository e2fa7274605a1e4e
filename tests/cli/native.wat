;; --native-lib: env.add comes from a shared library run.sh builds.
(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (func (export "add") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1))))
