/**
 * The hot loop of the kernel reference (internal, not exported from the barrel): for each query row q_i, the
 * log-sum-exp over a point set of −scale·|q_i − c_j|², with |q − c|² = |q|² + |c|² − 2 q·c on pre-centred rows
 * (Halder §6 "Distances") and four query rows sharing every load of a point row.
 */

/**
 * out[i] = LSE_j(−scale·|q_i − c_j|²) for i < nq, over j < nc (or over j > i when `upper`, for a set against
 * itself; the last row then gets −Infinity). Rows are row-major with their squared norms precomputed; negative
 * rounding of |q − c|² is clamped to 0.
 */
export function lseSquaredDistances(
  q: Float64Array, qNorms: Float64Array, nq: number,
  c: Float64Array, cNorms: Float64Array, nc: number,
  d: number, scale: number, out: Float64Array, upper = false,
): void {
  const buf = new Float64Array(4 * nc);
  for (let i0 = 0; i0 < nq; i0 += 4) {
    const rows = Math.min(4, nq - i0);
    const j0 = upper ? i0 + 1 : 0;
    dotBlock(q, i0, rows, c, j0, nc, d, buf);
    for (let t = 0; t < rows; t++) {
      const qn = qNorms[i0 + t];
      const base = t * nc;
      const start = upper ? i0 + t + 1 : 0;
      let m = -Infinity;
      for (let j = start; j < nc; j++) {
        const v = -scale * Math.max(0, qn + cNorms[j] - 2 * buf[base + j]);
        buf[base + j] = v;
        if (v > m) m = v;
      }
      out[i0 + t] = lseWithMax(buf, base + start, base + nc, m);
    }
  }
}

/**
 * Dot products of `rows` (≤ 4) consecutive rows of q, starting at row i0, with the rows j0..nc−1 of c:
 * buf[t·nc + j] = q_{i0+t} · c_j. Register-blocked 4 × 2 (four query rows, two point rows per inner loop), about
 * twice the speed of a 4 × 1 block in V8.
 */
export function dotBlock(q: Float64Array, i0: number, rows: number, c: Float64Array, j0: number, nc: number, d: number, buf: Float64Array): void {
  if (rows === 4) {
    const a0 = i0 * d;
    const a1 = a0 + d;
    const a2 = a1 + d;
    const a3 = a2 + d;
    let j = j0;
    for (; j + 1 < nc; j += 2) {
      const b = j * d;
      const b2 = b + d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
      for (let t = 0; t < d; t++) {
        const v = c[b + t];
        const w = c[b2 + t];
        const x0 = q[a0 + t];
        const x1 = q[a1 + t];
        const x2 = q[a2 + t];
        const x3 = q[a3 + t];
        s0 += x0 * v;
        s1 += x1 * v;
        s2 += x2 * v;
        s3 += x3 * v;
        r0 += x0 * w;
        r1 += x1 * w;
        r2 += x2 * w;
        r3 += x3 * w;
      }
      buf[j] = s0;
      buf[nc + j] = s1;
      buf[2 * nc + j] = s2;
      buf[3 * nc + j] = s3;
      buf[j + 1] = r0;
      buf[nc + j + 1] = r1;
      buf[2 * nc + j + 1] = r2;
      buf[3 * nc + j + 1] = r3;
    }
    if (j < nc) {
      const b = j * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let t = 0; t < d; t++) {
        const v = c[b + t];
        s0 += q[a0 + t] * v;
        s1 += q[a1 + t] * v;
        s2 += q[a2 + t] * v;
        s3 += q[a3 + t] * v;
      }
      buf[j] = s0;
      buf[nc + j] = s1;
      buf[2 * nc + j] = s2;
      buf[3 * nc + j] = s3;
    }
    return;
  }
  for (let t = 0; t < rows; t++) {
    const a = (i0 + t) * d;
    for (let j = j0; j < nc; j++) {
      const b = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += q[a + k] * c[b + k];
      buf[t * nc + j] = s;
    }
  }
}

/** out (n × m row-major) = A Bᵀ for row-major A (n × d) and B (m × d), through {@link dotBlock}. */
export function multiplyABt(a: Float64Array, n: number, b: Float64Array, m: number, d: number): Float64Array {
  const out = new Float64Array(n * m);
  const buf = new Float64Array(4 * m);
  for (let i0 = 0; i0 < n; i0 += 4) {
    const rows = Math.min(4, n - i0);
    dotBlock(a, i0, rows, b, 0, m, d, buf);
    out.set(buf.subarray(0, rows * m), i0 * m);
  }
  return out;
}

/** LSE of buf[start..end); −Infinity for an empty range. */
export function lseRange(buf: Float64Array, start: number, end: number): number {
  let m = -Infinity;
  for (let j = start; j < end; j++) if (buf[j] > m) m = buf[j];
  return lseWithMax(buf, start, end, m);
}

/**
 * Terms more than this far below the maximum are skipped: each is below e^(−40) ≈ 4e-18 of the largest, so n of
 * them change the sum by less than n·4e-18 relative (below double precision for n < 1e2, and far below every
 * tolerance used here for n ≤ 1e6). At d = 100 this skips most of the exponentials.
 */
const LSE_CUTOFF = 40;

/** LSE of buf[start..end) given its maximum m. */
export function lseWithMax(buf: Float64Array, start: number, end: number, m: number): number {
  if (m === -Infinity || m === Infinity) return m;
  const lim = m - LSE_CUTOFF;
  let s = 0;
  for (let j = start; j < end; j++) {
    const v = buf[j];
    if (v > lim) s += Math.exp(v - m);
  }
  return m + Math.log(s);
}

/** Squared norms of the n rows of a row-major n × d array. */
export function rowNorms(x: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += x[i * d + t] ** 2;
    out[i] = s;
  }
  return out;
}

/** The rows of x shifted by −shift (a new array). */
export function shiftRows(x: Float64Array, n: number, d: number, shift: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) out[i * d + t] = x[i * d + t] - shift[t];
  return out;
}
