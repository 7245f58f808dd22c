/** A plain HTML table for the Vastola notebooks' reported numbers (no logic; formatting only). */
import { displayBundle } from "../../notebook/display.js";

/** Formats a number for a table: 4 significant digits, exponent form for very small or large values. */
export function formatVastolaNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(2) : x.toPrecision(4);
}

/** A table as HTML and as text. Cells that are numbers are formatted with {@link formatVastolaNumber}. */
export interface VastolaTable {
  caption: string;
  headers: string[];
  rows: (string | number)[][];
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const cell = (c: string | number): string => (typeof c === "number" ? formatVastolaNumber(c) : c);

/** The table as an HTML string. */
export function vastolaTableHtml(t: VastolaTable): string {
  const head = t.headers.map((h) => `<th>${esc(h)}</th>`).join("");
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(cell(c))}</td>`).join("")}</tr>`).join("\n");
  return `<table><caption>${esc(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The table as tab-separated text. */
export function vastolaTableText(t: VastolaTable): string {
  return [t.caption, t.headers.join("\t"), ...t.rows.map((r) => r.map(cell).join("\t"))].join("\n");
}

/** Displays a table in the running notebook (HTML and text); does nothing outside a kernel. */
export function showVastolaTable(t: VastolaTable): void {
  displayBundle({ "text/html": vastolaTableHtml(t), "text/plain": vastolaTableText(t) });
}

/** Displays computed findings (plain sentences) as a bulleted list; does nothing outside a kernel. */
export function showVastolaFindings(lines: string[]): void {
  displayBundle({ "text/html": `<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>`, "text/plain": lines.map((l) => `- ${l}`).join("\n") });
}
