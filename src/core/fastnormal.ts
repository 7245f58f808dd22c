/**
 * A fast seeded source of standard normals for the large Monte Carlo runs (Vastola V-F2, V-F3, V-S1, V-S2: 1e5
 * initial points per model, up to 1.5e8 per figure): xoshiro128** (32-bit integer arithmetic) seeded from the
 * project's Rng, with the Box–Muller transform.
 * The project's `Rng.normals` (MT19937 + ziggurat, ~0.2 µs per draw) would dominate V-F2's run time.
 * Deterministic for a seed on a given Node version (Math.log/cos/sin are V8's fdlibm ports).
 */
import { Rng } from "./rng.js";
import { DomainError, requireInteger } from "./validate.js";

/** A seeded stream of N(0, 1) draws. */
export class FastNormalStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Seeds the four 32-bit words from four `integer(2³²)` draws of `rng` (re-drawn if all are zero). */
  constructor(rng: Rng) {
    if (!(rng instanceof Rng)) throw new DomainError("rng", "must be an Rng (from rng(seed))");
    do {
      this.s0 = rng.integer(4294967296) | 0;
      this.s1 = rng.integer(4294967296) | 0;
      this.s2 = rng.integer(4294967296) | 0;
      this.s3 = rng.integer(4294967296) | 0;
    } while ((this.s0 | this.s1 | this.s2 | this.s3) === 0);
  }

  /** One xoshiro128** output as an unsigned 32-bit integer. */
  private next(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r >>> 0;
  }

  /** A uniform on (0, 1) with 53-bit resolution, never 0. */
  uniform(): number {
    const hi = this.next() >>> 5, lo = this.next() >>> 6;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /** A uniform on (0, 1) with 32-bit resolution, (k + 0.5)/2³², one generator step. */
  uniform32(): number {
    return (this.next() + 0.5) / 4294967296;
  }

  /**
   * Fills `out` with N(0, scale²) draws (Box–Muller, two draws per pair of uniforms) and returns it.
   * @param out array to fill (length ≤ 1e8)
   * @param scale sd, finite ≥ 0 (default 1)
   */
  fill(out: Float64Array, scale = 1): Float64Array {
    requireInteger("out.length", out.length, 0, 1e8);
    if (!(scale >= 0 && Number.isFinite(scale))) throw new DomainError("scale", `must be a finite number >= 0; got ${scale}`);
    const n = out.length;
    for (let i = 0; i < n; i += 2) {
      const r = scale * Math.sqrt(-2 * Math.log(this.uniform()));
      const th = 2 * Math.PI * this.uniform();
      out[i] = r * Math.cos(th);
      if (i + 1 < n) out[i + 1] = r * Math.sin(th);
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
