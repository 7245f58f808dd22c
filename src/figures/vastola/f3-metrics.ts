/**
 * Shape masses of V-F3 (spec §2 item 11; defined by the spec, not by the paper) on a 2-D histogram, with the
 * training points at α_ε μ_m of the four-point square set (ordered by angle, so i and i + 1 mod 4 are angular
 * neighbours):
 * - points: bin centre within 0.2 of a point;
 * - edges: within 0.1 of a segment joining angular neighbours (the diamond/square outline), points excluded;
 * - diagonals: within 0.1 of a segment joining opposite points (the cross/X through the origin), points excluded;
 * - centre: within 0.3 of the origin (overlaps the diagonals and is counted in both);
 * - horizontal / vertical edges (erratum V-E2): the edge bins whose segment has |Δx| > |Δy| (resp. |Δy| > |Δx|),
 *   by a relative margin of 1e−9, so the 0° diamond's ±45° edges are neither.
 * A bin belongs to a region when its centre does (strict inequalities).
 */
import { DomainError, requireFiniteArray } from "../../core/validate.js";

/** Region bits of a bin. */
export const VASTOLA_F3_REGION = { points: 1, edges: 2, diagonals: 4, centre: 8, horizontalEdges: 16, verticalEdges: 32 } as const;

/** The six region names, in the order of every mass vector of this module. */
export const VASTOLA_F3_REGION_NAMES = ["points", "edges", "diagonals", "centre", "horizontalEdges", "verticalEdges"] as const;
export type VastolaF3RegionName = (typeof VASTOLA_F3_REGION_NAMES)[number];

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
export function vastolaSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const L2 = dx * dx + dy * dy;
  let s = L2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / L2 : 0;
  s = s < 0 ? 0 : s > 1 ? 1 : s;
  return Math.hypot(px - ax - s * dx, py - ay - s * dy);
}

/**
 * The region bits of every bin ([ix·n + iy], n = centers.length) for points (M × 2, row-major, ordered by angle; M ≥ 3
 * for edges, even M for diagonals) on the square grid of bin centres.
 * @throws DomainError naming `points` or `centers`
 */
export function vastolaF3RegionMask(points: ArrayLike<number>, centers: ArrayLike<number>): Uint8Array {
  requireFiniteArray("points", points);
  requireFiniteArray("centers", centers);
  if (points.length < 4 || points.length % 2 !== 0) throw new DomainError("points", "must hold M ≥ 2 points as (x, y) pairs");
  const M = points.length / 2, n = centers.length;
  const seg = (i: number, j: number) => {
    const ax = points[2 * i], ay = points[2 * i + 1], bx = points[2 * j], by = points[2 * j + 1];
    const adx = Math.abs(bx - ax), ady = Math.abs(by - ay);
    return { ax, ay, bx, by, horizontal: adx > ady * (1 + 1e-9) + 1e-12, vertical: ady > adx * (1 + 1e-9) + 1e-12 };
  };
  const edges = M >= 3 ? Array.from({ length: M }, (_, i) => seg(i, (i + 1) % M)) : [];
  const diagonals = M % 2 === 0 ? Array.from({ length: M / 2 }, (_, i) => seg(i, i + M / 2)) : [];
  const R = VASTOLA_F3_REGION;
  const mask = new Uint8Array(n * n);
  for (let ix = 0; ix < n; ix++) {
    const px = centers[ix];
    for (let iy = 0; iy < n; iy++) {
      const py = centers[iy];
      let bits = 0;
      for (let m = 0; m < M; m++) if (Math.hypot(px - points[2 * m], py - points[2 * m + 1]) < 0.2) bits |= R.points;
      if (Math.hypot(px, py) < 0.3) bits |= R.centre;
      if (!(bits & R.points)) {
        for (const e of edges) {
          if (vastolaSegmentDistance(px, py, e.ax, e.ay, e.bx, e.by) < 0.1) {
            bits |= R.edges;
            if (e.horizontal) bits |= R.horizontalEdges;
            if (e.vertical) bits |= R.verticalEdges;
          }
        }
        for (const e of diagonals) if (vastolaSegmentDistance(px, py, e.ax, e.ay, e.bx, e.by) < 0.1) bits |= R.diagonals;
      }
      mask[ix * n + iy] = bits;
    }
  }
  return mask;
}

/**
 * Region sums Σ_{bins in region} image[bin] for the six regions (order {@link VASTOLA_F3_REGION_NAMES}), written
 * into out[off … off + 6), plus the image total at out[off + 6].
 */
export function vastolaF3RegionSumsInto(image: ArrayLike<number>, mask: Uint8Array, out: Float64Array, off: number): void {
  const s = [0, 0, 0, 0, 0, 0];
  let total = 0;
  for (let k = 0; k < mask.length; k++) {
    const v = image[k];
    total += v;
    const b = mask[k];
    if (b === 0) continue;
    for (let r = 0; r < 6; r++) if (b & (1 << r)) s[r] += v;
  }
  for (let r = 0; r < 6; r++) out[off + r] = s[r];
  out[off + 6] = total;
}
