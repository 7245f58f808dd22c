/**
 * Cached sweeps under data/halder/ (Halder §6 "Sweeps"): one JSON file per sweep holding its parameters, a hash of
 * them, the script that regenerates it and the per-realization records (±Infinity written as "inf"/"-inf").
 * Notebooks load a cache only when the hash of their parameters matches, and re-run a live slice against it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DomainError } from "../../core/validate.js";

/** The script that regenerates every Halder cache. */
export const HALDER_SWEEP_SCRIPT = "scripts/halder-sweeps.mjs";

/** A cached sweep as stored on disk. */
export interface HalderCache<R> {
  name: string;
  hash: string;
  params: unknown;
  script: string;
  /** wall time of the run that produced it, seconds */
  seconds: number;
  workers: number;
  /** the TensorFlow.js backend, for caches of trained networks (H-S1) */
  backend?: string;
  records: R[];
}

/** JSON with object keys sorted at every level (a canonical form for hashing). */
export function halderCanonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(halderCanonicalJson).join(",")}]`;
  if (x !== null && typeof x === "object") {
    return `{${Object.keys(x as object).sort().filter((k) => (x as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${halderCanonicalJson((x as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(encodeNumber(x));
}

function encodeNumber(x: unknown): unknown {
  if (typeof x !== "number") return x;
  return x === Infinity ? "inf" : x === -Infinity ? "-inf" : Number.isNaN(x) ? "nan" : x;
}

/** A 64-bit FNV-1a hash (hex) of the canonical JSON of the parameters. */
export function halderParamsHash(params: unknown): string {
  const s = halderCanonicalJson(params);
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (let i = 0; i < s.length; i++) h = BigInt.asUintN(64, (h ^ BigInt(s.charCodeAt(i))) * prime);
  return h.toString(16).padStart(16, "0");
}

/** The project's data/halder folder (resolved from the installed package). */
export function halderDataDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "data", "halder");
}

const validName = (name: string) => {
  if (!/^[a-z0-9-]+$/.test(name)) throw new DomainError("name", `must be lower-case letters, digits and dashes; got ${name}`);
};

/** Writes a cache file (used by the regenerating scripts; `script` defaults to {@link HALDER_SWEEP_SCRIPT}). */
export function writeHalderCache<R>(
  name: string, params: unknown, records: R[], meta: { seconds: number; workers: number; backend?: string; script?: string }, dir = halderDataDir(),
): string {
  validName(name);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  const { script = HALDER_SWEEP_SCRIPT, ...rest } = meta;
  const body: HalderCache<R> = { name, hash: halderParamsHash(params), params, script, ...rest, records };
  writeFileSync(path, JSON.stringify(body, (_k, v) => encodeNumber(v)) + "\n");
  return path;
}

/**
 * The records of a cached sweep when the file exists and its hash matches the parameters; undefined otherwise
 * (then the caller computes the sweep, or says the cache is stale).
 */
export function readHalderCache<R>(name: string, params: unknown, dir = halderDataDir()): HalderCache<R> | undefined {
  validName(name);
  const path = join(dir, `${name}.json`);
  if (!existsSync(path)) return undefined;
  const body = JSON.parse(readFileSync(path, "utf8"), (_k, v) => (v === "inf" ? Infinity : v === "-inf" ? -Infinity : v)) as HalderCache<R>;
  return body.hash === halderParamsHash(params) ? body : undefined;
}

/**
 * Largest relative difference |a − b|/max(|a|, |b|, 1e-300) over every number of two records, matched by key at every
 * level (0 when all are equal, ±Infinity included; Infinity when a key, a string or a non-finite number differs).
 */
export function halderRelativeGap(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") {
    if (a === b) return 0;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    let m = 0;
    for (const k of new Set([...Object.keys(a as object), ...Object.keys(b as object)])) {
      m = Math.max(m, halderRelativeGap((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    }
    return m;
  }
  return a === b ? 0 : Infinity;
}

/** The result of re-running a slice of a cached sweep live. */
export interface HalderSliceCheck {
  /** realizations re-run */
  compared: number;
  /** largest relative difference over every number of every re-run record (0: bit for bit) */
  maxRelativeDifference: number;
  /** wall time of the live slice, seconds */
  seconds: number;
}

/**
 * Compares live records with cached ones matched by (N, rep). Seeds depend on (seed, d, N, rep) only, so a live
 * slice reproduces its cached records up to rounding (bit for bit on the same code).
 */
export function compareHalderRecords<R extends { N: number; rep: number }>(live: readonly R[], cached: readonly R[], seconds = 0): HalderSliceCheck {
  let m = 0;
  for (const r of live) {
    const c = cached.find((x) => x.N === r.N && x.rep === r.rep);
    m = Math.max(m, c ? halderRelativeGap(r, c) : Infinity);
  }
  return { compared: live.length, maxRelativeDifference: m, seconds };
}
