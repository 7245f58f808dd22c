/**
 * All-pairs computations between the rows of two point sets, through a small WebAssembly SIMD module
 * (src/core/pairwise.wat, assembled into dist/ by scripts/build-wasm.mjs): the products Q Cᵀ, and the log-sum-exp
 * of scaled squared distances that every kernel density and overlap of the memorization reference needs (Halder §3
 * item 7, §6 "Distances"). Two doubles per f64x2 lane and a 4 × 2 register block give about 4× the throughput of the
 * best register-blocked JavaScript loop (5 against 1.3 GMAC/s at d = 20); the exponentials are evaluated two at a
 * time in the same module (`npm run bench core`).
 *
 * Rounding: each q·c sums its even and its odd coordinates separately (the two lanes) and adds the two at the end;
 * e^x comes from a degree-13 Taylor polynomial after the reduction x = n ln2 + r (relative error about 1e-16).
 * Every operation is an IEEE-754 double operation, so the results are the same on every machine.
 */
import { readFileSync } from "node:fs";
import { DomainError, requireInteger } from "./validate.js";

/** The parts of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: ArrayBufferView) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

interface PairwiseExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  dots4(q: number, c: number, j0: number, ncp: number, dp: number, out: number): void;
  lse(q: number, c: number, qn: number, cn: number, nq: number, ncp: number, dp: number, scale: number, upper: number, buf: number, mOut: number, sOut: number): void;
}

let instance: PairwiseExports | undefined;

/** The module instance of this thread (each worker thread compiles its own, once). */
function pairwise(): PairwiseExports {
  if (!instance) {
    const bytes = readFileSync(new URL("./pairwise.wasm", import.meta.url));
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as PairwiseExports;
  }
  return instance;
}

/** Largest WebAssembly memory used, in bytes (the 32-bit address space, with room to spare). */
const MAX_BYTES = 2 ** 31;

/** Where the staged arrays live in the module's memory (offsets in doubles). */
interface Layout {
  dp: number;
  nqp: number;
  ncp: number;
  q: number;
  c: number;
  heap: Float64Array;
}

/**
 * Copies Q (nq × d) and C (nc × d), row-major, into the module's memory followed by `extra` doubles of room: rows
 * padded with zeros to an even length, Q to a multiple of 4 rows and C to an even number of rows (zero padding adds
 * exact zeros to every sum). Valid until the next call in the same thread.
 */
function stage(q: Float64Array, nq: number, c: Float64Array, nc: number, d: number, extra: (nqp: number, ncp: number) => number): Layout {
  requireInteger("nq", nq, 0);
  requireInteger("nc", nc, 0);
  requireInteger("d", d, 0);
  if (q.length !== nq * d) throw new DomainError("q", `must hold ${nq} x ${d} numbers; got ${q.length}`);
  if (c.length !== nc * d) throw new DomainError("c", `must hold ${nc} x ${d} numbers; got ${c.length}`);
  const dp = d + (d & 1);
  const nqp = Math.ceil(nq / 4) * 4;
  const ncp = nc + (nc & 1);
  const size = (nqp + ncp) * dp + extra(nqp, ncp);
  if (size * 8 > MAX_BYTES) throw new DomainError("nc", `and nq need ${size * 8} bytes of WebAssembly memory; at most ${MAX_BYTES} are allowed`);
  const w = pairwise();
  const pages = Math.ceil((size * 8) / 65536) - w.memory.buffer.byteLength / 65536;
  if (pages > 0) w.memory.grow(pages);
  const heap = new Float64Array(w.memory.buffer, 0, size);
  copyPadded(q, nq, d, heap, 0, nqp, dp);
  copyPadded(c, nc, d, heap, nqp * dp, ncp, dp);
  return { dp, nqp, ncp, q: 0, c: nqp * dp, heap };
}

/** heap[at …] = the n rows of x (length d each) as `rows` rows of length dp, zero-padded. */
function copyPadded(x: Float64Array, n: number, d: number, heap: Float64Array, at: number, rows: number, dp: number): void {
  heap.fill(0, at, at + rows * dp);
  if (dp === d) heap.set(x, at);
  else for (let i = 0; i < n; i++) heap.set(x.subarray(i * d, (i + 1) * d), at + i * dp);
}

/** out (n × m, row-major) = A Bᵀ for row-major A (n × d) and B (m × d), with the module's rounding (see above). */
export function multiplyABt(a: Float64Array, n: number, b: Float64Array, m: number, d: number): Float64Array {
  const L = stage(a, n, b, m, d, (_, ncp) => 4 * ncp);
  const buf = L.c + L.ncp * L.dp;
  const out = new Float64Array(n * m);
  for (let i0 = 0; i0 < n; i0 += 4) {
    pairwise().dots4((L.q + i0 * L.dp) * 8, L.c * 8, 0, L.ncp, L.dp, buf * 8);
    for (let t = 0; t < Math.min(4, n - i0); t++) out.set(L.heap.subarray(buf + t * L.ncp, buf + t * L.ncp + m), (i0 + t) * m);
  }
  return out;
}

/**
 * out[i] = ln Σ_j exp(−scale·|q_i − c_j|²) for i < nq, over j < nc, or over j > i when `upper` (a set against itself,
 * q = c; the last row then gets −Infinity). Rows are row-major with their squared norms given, and
 * |q − c|² = |q|² + |c|² − 2 q·c is clamped at 0 against rounding. Each sum is m + ln Σ exp(v_j − m) with m the
 * largest term; terms below e^(−708) relative to it count as 0. Cost nq·nc·d.
 * @throws {DomainError} sizes or lengths that do not match, scale not > 0
 */
export function lseSquaredDistances(
  q: Float64Array, qNorms: Float64Array, nq: number,
  c: Float64Array, cNorms: Float64Array, nc: number,
  d: number, scale: number, out: Float64Array, upper = false,
): void {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new DomainError("scale", `must be finite and > 0; got ${scale}`);
  if (qNorms.length < nq || cNorms.length < nc || out.length < nq) throw new DomainError("qNorms", "cNorms and out must hold a number per row");
  if (upper && (q !== c || nq !== nc)) throw new DomainError("upper", "needs the same set as q and c");
  // after Q and C: |q|² (nqp), |c|² (ncp), the 4-row scratch (4·ncp), the maxima and the sums (nqp each)
  const L = stage(q, nq, c, nc, d, (nqp, ncp) => 3 * nqp + 5 * ncp);
  const qn = L.c + L.ncp * L.dp;
  const cn = qn + L.nqp;
  const buf = cn + L.ncp;
  const mOut = buf + 4 * L.ncp;
  const sOut = mOut + L.nqp;
  L.heap.set(qNorms.subarray(0, nq), qn);
  L.heap.fill(0, qn + nq, qn + L.nqp);
  L.heap.set(cNorms.subarray(0, nc), cn);
  L.heap.fill(Infinity, cn + nc, cn + L.ncp); // a padding column has v = −inf: it adds nothing
  pairwise().lse(L.q * 8, L.c * 8, qn * 8, cn * 8, nq, L.ncp, L.dp, scale, upper ? 1 : 0, buf * 8, mOut * 8, sOut * 8);
  for (let i = 0; i < nq; i++) {
    const m = L.heap[mOut + i];
    out[i] = m === -Infinity ? m : m + Math.log(L.heap[sOut + i]);
  }
}
