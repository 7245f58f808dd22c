/**
 * Claims: a paper's statement turned into a check with a measured value, an expected value and a tolerance.
 * A claim that does not reproduce is recorded as such, with its numbers; it is never hidden or loosened.
 */
import { DomainError } from "./core/validate.js";
import { displayBundle } from "./notebook/display.js";

/** How `measured` is compared with `expected`. */
export type Comparison =
  /** |measured − expected| ≤ tolerance */
  | "abs"
  /** |measured − expected| ≤ tolerance·|expected| */
  | "rel"
  /** measured ≤ expected (tolerance unused, keep 0) */
  | "<="
  /** measured ≥ expected (tolerance unused, keep 0) */
  | ">=";

export type ClaimStatus = "pass" | "does not reproduce";

/** A checked claim, as stored in `reports/claims.json`. Ids follow the specs, e.g. "MG-C3". */
export interface Claim {
  id: string;
  paper: string;
  statement: string;
  measured: number;
  expected: number;
  tolerance: number;
  comparison: Comparison;
  status: ClaimStatus;
  /** optional context: units, sample size, standard error, the reading chosen */
  note?: string;
}

export type ClaimInput = Omit<Claim, "status" | "tolerance"> & { tolerance?: number };

/**
 * Checks a claim. Infinite values compare exactly (Infinity equals Infinity).
 * @throws DomainError if `id`, `paper` or `statement` is empty, `measured` or `expected` is NaN, or the tolerance
 *   is negative or NaN
 */
export function checkClaim(input: ClaimInput): Claim {
  for (const key of ["id", "paper", "statement"] as const) {
    if (typeof input[key] !== "string" || input[key].length === 0) throw new DomainError(key, "must be a non-empty string");
  }
  const tolerance = input.tolerance ?? 0;
  if (!(tolerance >= 0)) throw new DomainError("tolerance", `must be a number >= 0; got ${tolerance}`);
  const { measured: m, expected: e } = input;
  for (const key of ["measured", "expected"] as const) {
    if (typeof input[key] !== "number" || Number.isNaN(input[key])) {
      throw new DomainError(key, `must be a number (±Infinity allowed); got ${input[key]}: a NaN means the computation failed`);
    }
  }
  let ok: boolean;
  if (input.comparison === "<=") ok = m <= e;
  else if (input.comparison === ">=") ok = m >= e;
  else if (m === e) ok = true;
  else if (!Number.isFinite(m) || !Number.isFinite(e)) ok = false;
  else ok = Math.abs(m - e) <= (input.comparison === "rel" ? tolerance * Math.abs(e) : tolerance);
  return { ...input, tolerance, status: ok ? "pass" : "does not reproduce" };
}

const fmt = (x: number): string =>
  Number.isFinite(x) ? (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toPrecision(4)) : String(x);

/** The check written out, e.g. "|m − e| ≤ 0.05" or "m ≥ 0.95". */
export function describeCheck(c: Claim): string {
  switch (c.comparison) {
    case "abs":
      return `|measured − expected| ≤ ${fmt(c.tolerance)}`;
    case "rel":
      return `|measured − expected| ≤ ${fmt(c.tolerance)}·|expected|`;
    default:
      return `measured ${c.comparison} expected`;
  }
}

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A plain-text table of claims (one line each), for terminals and logs. */
export function claimsText(claims: Claim[]): string {
  return claims
    .map((c) => `${c.status === "pass" ? "PASS" : "DOES NOT REPRODUCE"}  ${c.id}  measured ${fmt(c.measured)}  expected ${fmt(c.expected)}  (${describeCheck(c)})  ${c.statement}`)
    .join("\n");
}

/** An HTML table of claims: statement, measured, expected, check, status. */
export function claimsHtml(claims: Claim[]): string {
  const rows = claims
    .map((c) => {
      const color = c.status === "pass" ? "#1a7f37" : "#b35900";
      return `<tr><td style="white-space:nowrap"><b>${escapeHtml(c.id)}</b></td><td style="text-align:left">${escapeHtml(c.statement)}${c.note ? `<br><small>${escapeHtml(c.note)}</small>` : ""}</td><td>${fmt(c.measured)}</td><td>${fmt(c.expected)}</td><td>${escapeHtml(describeCheck(c))}</td><td style="color:${color}"><b>${c.status}</b></td></tr>`;
    })
    .join("\n");
  return `<table class="difftheory-claims"><thead><tr><th>claim</th><th>statement</th><th>measured</th><th>expected</th><th>check</th><th>status</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** MIME type under which claims travel in executed notebooks; `npm run reproduce` gathers them into claims.json. */
export const CLAIMS_MIME = "application/vnd.difftheory.claims+json";

/**
 * Displays a table of claims in the running notebook, with the machine-readable claims attached for
 * `npm run reproduce`. Outside a kernel nothing is displayed.
 */
export function showClaims(claims: Claim[]): void {
  displayBundle({ [CLAIMS_MIME]: { claims }, "text/html": claimsHtml(claims), "text/plain": claimsText(claims) });
}
