// tests/diff/ref.mjs - the reference side of the differential test: runs
// every export of a module in node's V8 and prints the same normalised
// records as fayasm_diff.c (see the grammar at the top of that file).
//
// Usage: node tests/diff/ref.mjs [--no-hang-reset] [--no-mem] MODULE.wasm
//
// The JS API does not expose function types, so the module's type, import,
// function and export sections are parsed here (just enough of the binary
// format) to pass typed zero arguments (0, 0n, null) and to print results
// with their wasm types (an f32 and an f64 are both JS numbers).
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
let hangReset = true;
let showMem = true;
let path = null;
for (const a of args) {
  if (a === '--no-hang-reset') hangReset = false;
  else if (a === '--no-mem') showMem = false;
  else path = a;
}
if (!path) {
  console.error('usage: node ref.mjs [--no-hang-reset] MODULE.wasm');
  process.exit(2);
}
const bytes = readFileSync(path);

// ------------------------------------------------------------ binary parsing
const VT = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

function parseSigs(buf) {
  let p = 8;
  const u32 = () => {
    let r = 0, shift = 0, b;
    do { b = buf[p++]; r += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return r;
  };
  const name = () => { const n = u32(); const s = buf.subarray(p, p + n).toString('utf8'); p += n; return s; };
  const limits = () => { const f = buf[p++]; u32(); if (f & 1) u32(); };
  const types = [], funcs = [], globals = [], exports = [];
  const skipConst = () => { // a constant expression, up to and including its end
    for (;;) {
      const op = buf[p++];
      if (op === 0x0b) return;
      if (op === 0x41 || op === 0x42) { while (buf[p++] & 0x80); }
      else if (op === 0x43) p += 4;
      else if (op === 0x44) p += 8;
      else if (op === 0x23 || op === 0xd2) u32();
      else if (op === 0xd0) p++;
      else if (op === 0xfd) { u32(); p += 16; } // v128.const
    }
  };
  while (p < buf.length) {
    const id = buf[p++];
    const size = u32();
    const end = p + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        if (buf[p++] !== 0x60) throw new Error('unsupported type form');
        const params = []; for (let k = u32(); k > 0; k--) params.push(VT[buf[p++]]);
        const results = []; for (let k = u32(); k > 0; k--) results.push(VT[buf[p++]]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name(); name();
        const kind = buf[p++];
        if (kind === 0) funcs.push(types[u32()]);
        else if (kind === 1) { p++; limits(); }
        else if (kind === 2) limits();
        else if (kind === 3) { globals.push(VT[buf[p]]); p += 2; }
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcs.push(types[u32()]);
    } else if (id === 6) {
      for (let n = u32(); n > 0; n--) { globals.push(VT[buf[p]]); p += 2; skipConst(); }
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const nm = name(); const kind = buf[p++]; const idx = u32();
        exports.push({ name: nm, kind, idx });
      }
    }
    p = end;
  }
  return { funcs, globals, exports };
}

// ------------------------------------------------------------ value printing
const f32buf = new Float32Array(1), u32buf = new Uint32Array(f32buf.buffer);
const f64buf = new Float64Array(1), u64buf = new BigUint64Array(f64buf.buffer);

function fmt(type, v) {
  switch (type) {
    case 'i32': return 'i32:' + (v | 0);
    case 'i64': return 'i64:' + BigInt.asIntN(64, BigInt(v));
    case 'f32':
      if (Number.isNaN(v)) return 'f32:nan';
      f32buf[0] = v; return 'f32:0x' + u32buf[0].toString(16).padStart(8, '0');
    case 'f64':
      if (Number.isNaN(v)) return 'f64:nan';
      f64buf[0] = v; return 'f64:0x' + u64buf[0].toString(16).padStart(16, '0');
    case 'funcref': return 'funcref:' + (v === null ? 'null' : 'ref');
    case 'externref': return 'externref:' + (v === null ? 'null' : 'ref');
    default: return '?';
  }
}

function zero(type) {
  return type === 'i64' ? 0n : (type === 'funcref' || type === 'externref') ? null : 0;
}

// V8's trap messages -> the categories of fayasm_diff.c.
function category(e) {
  const m = String(e && e.message);
  if (e instanceof RangeError && /call stack/i.test(m)) return 'stack';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'host';
  if (/unreachable/.test(m)) return 'unreachable';
  if (/memory access out of bounds|data segment/.test(m)) return 'oob-mem';
  if (/table index is out of bounds|element segment|table access/.test(m)) return 'oob-table';
  if (/null function|signature mismatch/.test(m)) return 'indirect';
  if (/divide by zero|remainder by zero/.test(m)) return 'div-zero';
  if (/divide result unrepresentable|float unrepresentable/.test(m)) return 'int-range';
  if (/null/.test(m)) return 'null-ref';
  return 'other:' + m;
}

function fnv1a32(u8) {
  let h = 0x811c9dc5;
  for (let i = 0; i < u8.length; i++) { h ^= u8[i]; h = Math.imul(h, 0x01000193); }
  return (h >>> 0).toString(16).padStart(8, '0');
}

// ------------------------------------------------------------ run
const out = [];
const print = (s) => out.push(s);

let sigs;
let mod;
try {
  mod = new WebAssembly.Module(bytes);
  sigs = parseSigs(bytes);
} catch (e) {
  print('load error ' + (e instanceof WebAssembly.CompileError ? 'compile' : 'parse'));
  console.error('ref.mjs: ' + e.message);
  process.stdout.write(out.join('\n') + '\n');
  process.exit(0);
}

// Import argument types come from the function's signature (imports are
// the first entries of the function index space).
const importObj = {};
{
  let k = 0;
  for (const imp of WebAssembly.Module.imports(mod)) {
    if (imp.kind !== 'function') {
      print(`skip: import ${imp.module}.${imp.name} is not a function`);
      process.stdout.write(out.join('\n') + '\n');
      process.exit(0);
    }
    const sig = sigs.funcs[k++];
    importObj[imp.module] ??= {};
    importObj[imp.module][imp.name] = (...a) => {
      print(`log ${imp.module}.${imp.name}` + sig.params.map((t, i) => ' ' + fmt(t, a[i])).join(''));
      const z = sig.results.map(zero);
      return z.length === 0 ? undefined : z.length === 1 ? z[0] : z;
    };
  }
}

let inst;
try {
  inst = new WebAssembly.Instance(mod, importObj);
} catch (e) {
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) print('instantiate trap ' + category(e));
  else { print('load error link'); console.error('ref.mjs: ' + e.message); }
  process.stdout.write(out.join('\n') + '\n');
  process.exit(0);
}

const ex = inst.exports;
const memExport = sigs.exports.find((e) => e.kind === 2 && e.idx === 0);
const mem = memExport && showMem ? ex[memExport.name] : null;
const hangInit = hangReset && typeof ex.hangLimitInitializer === 'function' ? ex.hangLimitInitializer : null;

let nCalls = 0;
for (const e of sigs.exports) {
  if (e.kind !== 0 || (hangInit && e.name === 'hangLimitInitializer')) continue;
  if (hangInit) { try { hangInit(); } catch (_) { /* as fayasm_diff: ignored */ } }
  const sig = sigs.funcs[e.idx];
  print('call ' + e.name);
  if (sig.params.includes('v128') || sig.results.includes('v128')) {
    print('skip v128 signature'); // JS cannot pass or receive v128
    nCalls++;
    continue;
  }
  try {
    const r = ex[e.name](...sig.params.map(zero));
    const vals = sig.results.length === 0 ? [] : sig.results.length === 1 ? [r] : [...r];
    print('result' + vals.map((v, i) => ' ' + fmt(sig.results[i], v)).join(''));
  } catch (err) {
    print('trap ' + category(err));
  }
  if (mem) {
    print(`mem ${mem.buffer.byteLength / 65536} ${fnv1a32(new Uint8Array(mem.buffer))}`);
    // FAYASM_DIFF_DUMP=DIR: memory after call n in DIR/n.bin (triage), as fayasm_diff.
    if (process.env.FAYASM_DIFF_DUMP) writeFileSync(`${process.env.FAYASM_DIFF_DUMP}/${nCalls}.bin`, new Uint8Array(mem.buffer));
  }
  nCalls++;
}
for (const e of sigs.exports) {
  if (e.kind !== 3) continue;
  const g = ex[e.name];
  print('global ' + e.name + ' ' + fmt(sigs.globals[e.idx], g.value));
}
process.stdout.write(out.join('\n') + '\n');
