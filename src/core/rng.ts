/**
 * Seeded, reproducible random numbers: a 32-bit Mersenne Twister (MT19937) feeding stdlib's improved-ziggurat
 * normal sampler. Everything is integer arithmetic or stdlib's pure-JavaScript exp/log, so a seed gives the same
 * numbers bit for bit on every machine and Node version.
 *
 * Streams form a tree: `rng(seed)` is a root, `r.fork(label)` a child whose MT19937 state is initialised from the
 * whole path of labels (MT19937's `init_by_array`). Forking never draws from the parent, so a child's numbers depend
 * only on (seed, path), not on what else was drawn or forked before: give each (N, replicate) of a sweep its own
 * `fork` and the results do not depend on the order of evaluation.
 */
import normal from "@stdlib/random-base-normal";
import { Matrix } from "ml-matrix";
import { DomainError, MAX_ARRAY_LENGTH, requireInteger } from "./validate.js";

/** Largest seed and numeric fork label: 2^32 - 1. */
export const MAX_SEED = 4294967295;

/** First word of every key: names this stream layout, so that a future layout can never collide with it. */
const STREAM_TAG = 0x64746831; // "dth1"
const NUMBER_LABEL = 1;
const STRING_LABEL = 2;

/** Two independent 32-bit FNV-1a style hashes of a string's UTF-16 code units (64 bits in all). */
function hashString(s: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = Math.imul(h1 ^ s.length, 0x01000193);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  return [h1 >>> 0, (h2 ^ (h2 >>> 16)) >>> 0];
}

/** A label as key words: a tag saying its kind, then the value (numbers) or a 64-bit hash (strings). */
function labelWords(label: number | string): number[] {
  if (typeof label === "string") return [STRING_LABEL, ...hashString(label)];
  requireInteger("label", label, 0, MAX_SEED);
  return [NUMBER_LABEL, label];
}

/**
 * A seeded random stream. Create one with {@link rng}; derive independent child streams with {@link Rng.fork}.
 * All draws (`normal`, `uniform`, `integer`, ...) come from one MT19937 state in the order they are made.
 */
export class Rng {
  /** the root seed, an integer in [0, 2^32 - 1] */
  readonly seed: number;
  /** the fork labels from the root to this stream (empty for a root) */
  readonly path: readonly (number | string)[];
  private readonly key: Uint32Array;
  private readonly gauss: () => number;
  private readonly unit: () => number;

  private constructor(seed: number, path: readonly (number | string)[], key: Uint32Array) {
    this.seed = seed;
    this.path = path;
    this.key = key;
    const g: () => number = normal.factory(0, 1, { seed: key, copy: true });
    this.gauss = g;
    this.unit = (g as unknown as { PRNG: () => number }).PRNG;
  }

  /** The same as {@link rng}: a new root stream for `seed` (an integer in [0, 2^32 - 1]). @throws {DomainError} bad `seed` */
  static fromSeed(seed: number): Rng {
    requireInteger("seed", seed, 0, MAX_SEED);
    return new Rng(seed, [], Uint32Array.of(STREAM_TAG, seed));
  }

  /**
   * An independent child stream determined by (this stream's seed and path, label) alone. Does not draw from, or
   * otherwise change, this stream.
   *
   * @param label an integer in [0, 2^32 - 1] or any string (hashed to 64 bits)
   * @throws {DomainError} `label` a number that is not an integer in [0, 2^32 - 1]
   */
  fork(label: number | string): Rng {
    if (typeof label !== "string" && typeof label !== "number") {
      throw new DomainError("label", `must be an integer in [0, ${MAX_SEED}] or a string; got ${String(label)}`);
    }
    const words = labelWords(label);
    const key = new Uint32Array(this.key.length + words.length);
    key.set(this.key);
    key.set(words, this.key.length);
    return new Rng(this.seed, [...this.path, label], key);
  }

  /** One standard normal draw, N(0, 1) (improved ziggurat, Doornik 2005). */
  normal(): number {
    return this.gauss();
  }

  /** One uniform draw on [0, 1) with 53-bit resolution (two MT19937 words). */
  uniform(): number {
    return this.unit();
  }

  /**
   * `n` standard normal draws.
   * @throws {DomainError} `n` not an integer in [0, 1e8]
   */
  normals(n: number): Float64Array {
    requireInteger("n", n, 0, MAX_ARRAY_LENGTH);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.gauss();
    return out;
  }

  /**
   * A rows x cols matrix of independent standard normal draws, filled row by row.
   * @throws {DomainError} `rows` or `cols` not an integer >= 0, or rows * cols > 1e8
   */
  normalMatrix(rows: number, cols: number): Matrix {
    requireInteger("rows", rows, 0, MAX_ARRAY_LENGTH);
    requireInteger("cols", cols, 0, MAX_ARRAY_LENGTH);
    if (rows * cols > MAX_ARRAY_LENGTH) throw new DomainError("rows", `* cols must be <= ${MAX_ARRAY_LENGTH}; got ${rows} * ${cols}`);
    const M = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) M.set(i, j, this.gauss());
    return M;
  }

  /**
   * A uniform integer on {0, 1, ..., n - 1}, as floor(n U) with a 53-bit uniform U (bias below n / 2^53).
   * @throws {DomainError} `n` not an integer in [1, 2^32]
   */
  integer(n: number): number {
    requireInteger("n", n, 1, MAX_SEED + 1);
    return Math.floor(this.unit() * n);
  }

  /**
   * A uniformly random permutation of 0..n-1 (Fisher-Yates, n - 1 calls of `integer`), e.g. to pick a training
   * subset without replacement.
   * @throws {DomainError} `n` not an integer in [0, 1e8]
   */
  permutation(n: number): Uint32Array {
    requireInteger("n", n, 0, MAX_ARRAY_LENGTH);
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

/**
 * A new root random stream for `seed`. The same seed gives the same numbers on every machine.
 *
 * @param seed an integer in [0, 2^32 - 1]
 * @throws {DomainError} `seed` not an integer in [0, 2^32 - 1]
 */
export function rng(seed: number): Rng {
  return Rng.fromSeed(seed);
}
