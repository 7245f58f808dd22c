/**
 * Row helpers of the kernel reference (internal, not exported from the barrel): squared norms and shifted copies of
 * row-major point sets, the inputs of `lseSquaredDistances` (src/core/pairwise.ts).
 */
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
