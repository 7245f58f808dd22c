/**
 * A tiny benchmark harness: each case is timed (warm-up, then the median of repeated runs) and printed with its
 * ratio to the suite's baseline case, measured in the same process so that the ratio means something on any machine.
 */
export interface BenchCase {
  name: string;
  fn: () => unknown;
  /** repetitions to time (default 5) */
  reps?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(c: BenchCase): number {
  c.fn();
  const times: number[] = [];
  for (let r = 0; r < (c.reps ?? 5); r++) {
    const t0 = performance.now();
    c.fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Runs `baseline` then every case; prints `name  time  ratio-to-baseline`. Returns the times in ms. */
export function suite(title: string, baseline: BenchCase, cases: BenchCase[]): Record<string, number> {
  console.log(`\n## ${title}   (baseline: ${baseline.name})`);
  const base = time(baseline);
  const out: Record<string, number> = { [baseline.name]: base };
  console.log(`${"baseline: " + baseline.name}`.padEnd(56) + `${base.toFixed(3).padStart(10)} ms      1.0x`);
  for (const c of cases) {
    const t = time(c);
    out[c.name] = t;
    console.log(c.name.padEnd(56) + `${t.toFixed(3).padStart(10)} ms  ${(t / base).toFixed(1).padStart(8)}x`);
  }
  return out;
}

/** The usual baseline: a dot product of two Float64Arrays of length n (default 1e6) of seeded normals. */
export function dotProductBaseline(normals: (seed: number, n: number) => Float64Array, n = 1e6): BenchCase {
  const x = normals(1, n);
  const y = normals(2, n);
  return {
    name: `dot product, Float64Array, n = ${n}`,
    fn: () => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * y[i];
      return s;
    },
    reps: 21,
  };
}
