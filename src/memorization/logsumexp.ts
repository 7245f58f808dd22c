/**
 * Log-space sums: log-sum-exp with the maximum subtracted, and its signed version for sums whose terms have both
 * signs (Halder §3 items 7-8: the L2 relative distance combines four log-terms of both signs).
 */
import { DomainError } from "../core/validate.js";

/** A real number held as sign · exp(logAbs); zero is { sign: 0, logAbs: -Infinity }. */
export interface SignedLog {
  sign: -1 | 0 | 1;
  logAbs: number;
}

/**
 * ln Σ_i exp(x_i) over x[start..end), computed as m + ln Σ exp(x_i − m) with m = max x_i. −Infinity terms add
 * nothing; an empty range or all −Infinity gives −Infinity; a +Infinity term gives +Infinity.
 * @throws {DomainError} a NaN entry
 */
export function logSumExp(x: ArrayLike<number>, start = 0, end: number = x.length): number {
  let m = -Infinity;
  for (let i = start; i < end; i++) {
    const v = x[i];
    if (Number.isNaN(v)) throw new DomainError("x", `must not contain NaN; entry ${i} is NaN`);
    if (v > m) m = v;
  }
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (let i = start; i < end; i++) s += Math.exp(x[i] - m);
  return m + Math.log(s);
}

/** Builds a SignedLog from a sign and ln|x| (a −Infinity logAbs or a 0 sign give exact zero). */
export function signedLog(sign: number, logAbs: number): SignedLog {
  if (Number.isNaN(logAbs) || Number.isNaN(sign)) throw new DomainError("logAbs", "must not be NaN");
  if (sign === 0 || logAbs === -Infinity) return { sign: 0, logAbs: -Infinity };
  return { sign: sign > 0 ? 1 : -1, logAbs };
}

/**
 * Signed log-sum-exp: the sum Σ_i s_i exp(l_i) of terms of either sign, returned as sign · exp(logAbs), with the
 * largest |term| factored out: m + ln|Σ s_i exp(l_i − m)|. Exact cancellation gives exact zero. The absolute
 * rounding error is about 1e-16 · exp(m): cancel large equal terms analytically before calling (e.g. through
 * {@link logDifference}).
 * @throws {DomainError} a NaN term, or +Infinity terms of both signs
 */
export function signedLogSumExp(terms: readonly SignedLog[]): SignedLog {
  let m = -Infinity;
  let posInf = false;
  let negInf = false;
  for (const t of terms) {
    if (Number.isNaN(t.logAbs)) throw new DomainError("terms", "must not contain NaN");
    if (t.sign === 0) continue;
    if (t.logAbs === Infinity) {
      if (t.sign > 0) posInf = true;
      else negInf = true;
    }
    if (t.logAbs > m) m = t.logAbs;
  }
  if (posInf && negInf) throw new DomainError("terms", "hold +Infinity terms of both signs: the sum is undefined");
  if (posInf) return { sign: 1, logAbs: Infinity };
  if (negInf) return { sign: -1, logAbs: Infinity };
  if (m === -Infinity) return { sign: 0, logAbs: -Infinity };
  let s = 0;
  for (const t of terms) if (t.sign !== 0) s += t.sign * Math.exp(t.logAbs - m);
  if (s === 0) return { sign: 0, logAbs: -Infinity };
  return { sign: s > 0 ? 1 : -1, logAbs: m + Math.log(Math.abs(s)) };
}

/**
 * exp(a) − exp(b) in log space without cancellation: sign(a − b) · exp(max + ln(−expm1(−|a − b|))). Equal
 * arguments give exact zero.
 */
export function logDifference(a: number, b: number): SignedLog {
  if (Number.isNaN(a) || Number.isNaN(b)) throw new DomainError("a", "and b must not be NaN");
  if (a === b) return { sign: 0, logAbs: -Infinity };
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  const logAbs = lo === -Infinity ? hi : hi + Math.log(-Math.expm1(lo - hi));
  return { sign: a > b ? 1 : -1, logAbs };
}

/** The value sign · exp(logAbs − logScale): the signed number divided by exp(logScale), as a plain double. */
export function signedLogValue(x: SignedLog, logScale = 0): number {
  return x.sign === 0 ? 0 : x.sign * Math.exp(x.logAbs - logScale);
}
