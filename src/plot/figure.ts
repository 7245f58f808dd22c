/**
 * A figure is plain data: plotly traces and a layout, plus an id that names it in reports (e.g. "MG-R6").
 * Figure builders are pure functions: parameters in, `{ data, figure }` out; nothing here draws.
 */

/** One plotly trace (`scatter`, `heatmap`, ...): plain JSON, as plotly.js takes it. */
export type Trace = { type?: string; [key: string]: unknown };

/** A plotly figure with a stable id. `layout` and `config` are passed to plotly.js as they are. */
export interface Figure {
  /** Stable identifier used for file names and the report, e.g. "start-here" or "MG-R6". */
  id: string;
  data: Trace[];
  layout: { [key: string]: unknown };
  config?: { [key: string]: unknown };
  /** the parameters (seed included) the figure was computed from, recorded in the report's provenance */
  parameters?: { [key: string]: unknown };
}

/** What a figure builder returns: the numbers behind the figure and the figure itself. */
export interface FigureResult<D> {
  data: D;
  figure: Figure;
}

/** Converts typed arrays to plain arrays so a figure serialises to JSON the same way everywhere. */
export function toPlain(xs: ArrayLike<number>): number[] {
  return Array.from(xs);
}
