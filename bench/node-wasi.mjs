// Runs a wasm32-wasi command under node's WASI (the V8 JIT reference column of bench/run).
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const file = argv[2];
const wasi = new WASI({ version: 'preview1', args: [file, ...argv.slice(3)], env: {}, returnOnExit: true });
const mod = await WebAssembly.compile(readFileSync(file));
const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
exit(wasi.start(inst));
