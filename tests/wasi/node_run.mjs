// node_run.mjs - runs a WASI command under node's own WASI (the oracle for
// tests/wasi/run.sh), with the same options as fayasm_run:
//   node --experimental-wasi-unstable-preview1 node_run.mjs \
//        [--dir HOST::GUEST]... [--env NAME=VALUE]... [--] MODULE.wasm [ARGS...]
// The exit status is the program's proc_exit code (or 0 when _start returns).
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--dir') {
    const spec = argv[++i];
    const sep = spec.indexOf('::');
    const host = sep < 0 ? spec : spec.slice(0, sep);
    const guest = sep < 0 ? spec : spec.slice(sep + 2);
    preopens[guest] = host;
  } else if (a === '--env') {
    const kv = argv[++i];
    const eq = kv.indexOf('=');
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  } else if (a === '--') {
    i++;
    break;
  } else {
    break;
  }
}
const module = argv[i];
const wasi = new WASI({
  version: 'preview1',
  args: [module, ...argv.slice(i + 1)],
  env,
  preopens,
  returnOnExit: true,
});
const wasm = await WebAssembly.compile(await readFile(module));
const instance = await WebAssembly.instantiate(wasm, wasi.getImportObject());
const code = wasi.start(instance);
process.exitCode = code;
