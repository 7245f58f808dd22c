/**
 * The cached full V-F3 run under data/vastola/ (600 trained models × 1e5 samples: 220–350 s on 2 threads on the
 * shared machine where the cache was made, about 3.3 dot-product-baseline units of work per model in
 * bench/vastola-f3.bench.ts; too long for a notebook that the test suite executes). Two files:
 * - `f3.json`: { name, hash, params, script, seconds, threads, masses } with the resolved parameters (threads
 *   removed), a 64-bit FNV-1a hash of them, the wall time, and every model's 13 region numbers (full precision);
 * - `f3-images.f32.gz`: the averaged images, per panel joint then column-normalized, bins² values each, as gzipped
 *   little-endian float32 (display only: every claim is computed from the full-precision per-model numbers).
 * The notebook loads the cache only when the hash of its parameters matches, and re-runs the first models of every
 * panel live: model k's numbers depend only on (seed, row, column, k), so they must come back bit for bit.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { DomainError, requireInteger } from "../../core/validate.js";
import type { FigureResult } from "../../plot/figure.js";
import { halderParamsHash } from "../halder/cache.js";
import { VASTOLA_F3_PER_MODEL } from "./f3-models.js";
import { vastolaF3Figure, vastolaF3FromRaw, vastolaF3Params, vastolaF3Raw, type VastolaF3Data, type VastolaF3Params } from "./f3.js";

/** The script that regenerates the cache. */
export const VASTOLA_F3_SCRIPT = "data/vastola/generate-f3.mjs";

/** The project's data/vastola folder (resolved from the installed package). */
export function vastolaDataDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "data", "vastola");
}

function hashedParams(params: Required<VastolaF3Params>): Omit<Required<VastolaF3Params>, "threads"> {
  const { threads: _t, ...rest } = params;
  void _t;
  return rest;
}

/** Writes `f3.json` and `f3-images.f32.gz` for a full run (used by the regenerating script). Returns the JSON path. */
export function writeVastolaF3Cache(d: VastolaF3Data, dir = vastolaDataDir()): string {
  const p = hashedParams(d.params);
  mkdirSync(dir, { recursive: true });
  const B2 = d.params.bins * d.params.bins;
  const img = new Float32Array(d.panels.length * 2 * B2);
  d.panels.forEach((panel, i) => {
    img.set(panel.joint, 2 * i * B2);
    img.set(panel.published, (2 * i + 1) * B2);
  });
  const le = new Uint8Array(img.length * 4);
  const view = new DataView(le.buffer);
  for (let k = 0; k < img.length; k++) view.setFloat32(4 * k, img[k], true);
  writeFileSync(join(dir, "f3-images.f32.gz"), new Uint8Array(gzipSync(le, { level: 9 })));
  const path = join(dir, "f3.json");
  writeFileSync(path, JSON.stringify({ name: "V-F3", hash: halderParamsHash(p), params: p, script: VASTOLA_F3_SCRIPT, seconds: d.seconds, threads: d.params.threads, masses: Array.from(d.modelNumbers) }) + "\n");
  return path;
}

/**
 * V-F3 from the cache when both files exist and the hash of the resolved parameters matches; undefined otherwise.
 * `data.seconds` is the wall time of the cached run.
 */
export function vastolaF3FromCache(p: VastolaF3Params = {}, dir = vastolaDataDir()): FigureResult<VastolaF3Data> | undefined {
  const params = vastolaF3Params(p);
  const jp = join(dir, "f3.json"), ip = join(dir, "f3-images.f32.gz");
  if (!existsSync(jp) || !existsSync(ip)) return undefined;
  const body = JSON.parse(readFileSync(jp, "utf8")) as { hash: string; seconds: number; masses: number[] };
  if (body.hash !== halderParamsHash(hashedParams(params))) return undefined;
  const panels = params.kinds.length * params.thetas.length, B2 = params.bins * params.bins;
  if (body.masses.length !== panels * params.models * VASTOLA_F3_PER_MODEL) throw new DomainError("cache", `f3.json holds ${body.masses.length} numbers, expected ${panels * params.models * VASTOLA_F3_PER_MODEL}`);
  const bytes = new Uint8Array(gunzipSync(new Uint8Array(readFileSync(ip))));
  if (bytes.length !== panels * 2 * B2 * 4) throw new DomainError("cache", `f3-images.f32.gz holds ${bytes.length} bytes, expected ${panels * 2 * B2 * 4}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const images: [Float64Array, Float64Array][] = [];
  for (let i = 0; i < panels; i++) {
    const j = new Float64Array(B2), q = new Float64Array(B2);
    for (let k = 0; k < B2; k++) {
      j[k] = view.getFloat32(4 * (2 * i * B2 + k), true);
      q[k] = view.getFloat32(4 * ((2 * i + 1) * B2 + k), true);
    }
    images.push([j, q]);
  }
  const data = vastolaF3FromRaw(params, { images, masses: Float64Array.from(body.masses) }, body.seconds);
  return { data, figure: vastolaF3Figure(data) };
}

/** The result of re-running the first models of every panel live against the cache. */
export interface VastolaF3SliceCheck {
  /** models re-run per panel */
  models: number;
  /** largest |live − cached| over their region numbers (0: bit-identical) */
  maxDifference: number;
  /** wall-clock seconds of the live slice */
  seconds: number;
}

/**
 * Re-runs models 0 … `models` − 1 of every panel live (same parameters otherwise) and compares their region
 * numbers with the cached ones.
 * @throws DomainError naming `models` (integer in [2, params.models])
 */
export function vastolaF3Slice(d: VastolaF3Data, models: number, threads = d.params.threads): VastolaF3SliceCheck {
  requireInteger("models", models, 2, d.params.models);
  const t0 = Date.now();
  const live = vastolaF3Raw({ ...d.params, models, threads });
  const panels = d.panels.length, P = VASTOLA_F3_PER_MODEL, masses = d.modelNumbers;
  let m = 0;
  for (let panel = 0; panel < panels; panel++) {
    for (let k = 0; k < models; k++) {
      for (let j = 0; j < P; j++) m = Math.max(m, Math.abs(live.masses[(panel * models + k) * P + j] - masses[(panel * d.params.models + k) * P + j]));
    }
  }
  return { models, maxDifference: m, seconds: (Date.now() - t0) / 1000 };
}
