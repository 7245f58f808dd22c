import test from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { lseSquaredDistances, multiplyABt, rng, DomainError } from "difftheory";

const isDomainError = (parameter: string) => (e: unknown) => e instanceof DomainError && e.parameter === parameter;

const norms = (x: Float64Array, n: number, d: number) =>
  Float64Array.from({ length: n }, (_, i) => x.subarray(i * d, (i + 1) * d).reduce((s, v) => s + v * v, 0));

/** The plain route: every squared distance by its own loop, exponentials by Math.exp. */
function plainLse(q: Float64Array, nq: number, c: Float64Array, nc: number, d: number, scale: number, upper: boolean): Float64Array {
  const out = new Float64Array(nq);
  for (let i = 0; i < nq; i++) {
    const v: number[] = [];
    for (let j = upper ? i + 1 : 0; j < nc; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (q[i * d + t] - c[j * d + t]) ** 2;
      v.push(-scale * s);
    }
    const m = Math.max(...v);
    out[i] = v.length ? m + Math.log(v.reduce((a, x) => a + Math.exp(x - m), 0)) : -Infinity;
  }
  return out;
}

const points = (seed: number, n: number, d: number) => rng(seed).normals(n * d);

test("multiplyABt equals the plain triple loop for odd and even sizes, including empty ones", () => {
  for (const [n, m, d] of [[1, 1, 1], [3, 5, 7], [4, 4, 2], [9, 13, 20], [6, 2, 101], [0, 3, 2], [2, 0, 3], [2, 3, 0]]) {
    const a = points(n + 1, n, d);
    const b = points(m + 2, m, d);
    const ab = multiplyABt(a, n, b, m, d);
    assert.equal(ab.length, n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += a[i * d + t] * b[j * d + t];
        assert.ok(Math.abs(ab[i * m + j] - s) <= 1e-14 * (1 + Math.abs(s)), `(${n},${m},${d}) [${i},${j}]: ${ab[i * m + j]} vs ${s}`);
      }
    }
  }
});

test("lseSquaredDistances equals the plain route, against another set and against itself (j > i)", () => {
  // centred points, as the kernels pass them: |q|² + |c|² − 2q·c then loses nothing to cancellation
  for (const [nq, nc, d, scale] of [[1, 1, 1, 0.5], [7, 13, 5, 1], [200, 2000, 20, 1.07], [5, 3, 1, 40], [3, 4, 0, 1]]) {
    const q = points(1, nq, d);
    const c = points(2, nc, d);
    const out = new Float64Array(nq);
    lseSquaredDistances(q, norms(q, nq, d), nq, c, norms(c, nc, d), nc, d, scale, out);
    const plain = plainLse(q, nq, c, nc, d, scale, false);
    for (let i = 0; i < nq; i++) assert.ok(Math.abs(out[i] - plain[i]) <= 1e-13 * (1 + Math.abs(plain[i])), `${nq}x${nc}x${d} row ${i}: ${out[i]} vs ${plain[i]}`);
  }
  for (const n of [1, 2, 9, 10, 33]) {
    const x = points(n, n, 3);
    const out = new Float64Array(n);
    lseSquaredDistances(x, norms(x, n, 3), n, x, norms(x, n, 3), n, 3, 0.7, out, true);
    const plain = plainLse(x, n, x, n, 3, 0.7, true);
    for (let i = 0; i < n; i++) assert.ok(out[i] === plain[i] || Math.abs(out[i] - plain[i]) <= 1e-13 * (1 + Math.abs(plain[i])), `n=${n} row ${i}`);
    assert.equal(out[n - 1], -Infinity); // the last row has no j > i
  }
});

test("the exponentials are accurate to about one ulp: ln(1 + e^v) from two points matches log1p(exp(v))", () => {
  // q = 0 against c = {0, a}: the terms are 0 and v = −a², so the result is ln(1 + e^v) with e^v from the module
  let worst = 0;
  for (let k = 0; k <= 400; k++) {
    const v = -k / 50; // v ∈ [−8, 0]
    const out = new Float64Array(1);
    lseSquaredDistances(new Float64Array([0]), new Float64Array([0]), 1, new Float64Array([0, Math.sqrt(-v)]), new Float64Array([0, -v]), 2, 1, 1, out);
    worst = Math.max(worst, Math.abs(out[0] - Math.log1p(Math.exp(v))));
  }
  assert.ok(worst <= 3.5e-16, `largest error ${worst}`);
});

test("lseSquaredDistances: n equal points give ln n exactly-ish, far terms underflow to nothing, the result is deterministic", () => {
  const n = 1001;
  const c = new Float64Array(n * 2).fill(3);
  const out = new Float64Array(1);
  lseSquaredDistances(new Float64Array([3, 3]), new Float64Array([18]), 1, c, norms(c, n, 2), n, 2, 1, out);
  assert.ok(Math.abs(out[0] - Math.log(n)) <= 1e-14, String(out[0]));
  // one point at distance 0, the other 1000 at distance² 1000 (terms e^(−1000): below the −708 floor, exactly 0)
  const far = new Float64Array(n * 2).fill(Math.sqrt(500));
  far[0] = 0;
  far[1] = 0;
  lseSquaredDistances(new Float64Array([0, 0]), new Float64Array([0]), 1, far, norms(far, n, 2), n, 2, 1, out);
  assert.equal(out[0], 0);
  const q = points(5, 37, 9);
  const c2 = points(6, 51, 9);
  const a = new Float64Array(37);
  const b = new Float64Array(37);
  lseSquaredDistances(q, norms(q, 37, 9), 37, c2, norms(c2, 51, 9), 51, 9, 0.3, a);
  lseSquaredDistances(q, norms(q, 37, 9), 37, c2, norms(c2, 51, 9), 51, 9, 0.3, b);
  assert.deepEqual(a, b);
});

test("lseSquaredDistances property: each row lies between its largest term and that term + ln nc, never NaN", () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 7 }),
    fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.integer({ min: 0, max: 1e6 }),
    (nq, nc, d, scale, seed) => {
      const q = points(seed, nq, d);
      const c = points(seed + 1, nc, d);
      const out = new Float64Array(nq);
      lseSquaredDistances(q, norms(q, nq, d), nq, c, norms(c, nc, d), nc, d, scale, out);
      for (let i = 0; i < nq; i++) {
        let best = -Infinity;
        for (let j = 0; j < nc; j++) {
          let s = 0;
          for (let t = 0; t < d; t++) s += (q[i * d + t] - c[j * d + t]) ** 2;
          best = Math.max(best, -scale * s);
        }
        const tol = 1e-12 * (1 + Math.abs(best));
        if (!(out[i] >= best - tol && out[i] <= best + Math.log(nc) + tol)) return false;
      }
      return true;
    },
  ), { numRuns: 200 });
});

test("pairwise validation: wrong lengths, bad scale, upper without one set", () => {
  const x = new Float64Array(6);
  const n3 = new Float64Array(3);
  assert.throws(() => multiplyABt(x, 4, x, 3, 2), isDomainError("q"));
  assert.throws(() => multiplyABt(x, 3, x, 3, 1.5), isDomainError("d"));
  assert.throws(() => lseSquaredDistances(x, n3, 3, x, n3, 3, 2, 0, n3), isDomainError("scale"));
  assert.throws(() => lseSquaredDistances(x, n3, 3, x, n3, 3, 2, NaN, n3), isDomainError("scale"));
  assert.throws(() => lseSquaredDistances(x, n3, 3, x, new Float64Array(2), 3, 2, 1, n3), isDomainError("qNorms"));
  assert.throws(() => lseSquaredDistances(x, n3, 3, new Float64Array(6), n3, 3, 2, 1, n3, true), isDomainError("upper"));
});
