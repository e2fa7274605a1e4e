(module (import "env" "g" (global f32)))
