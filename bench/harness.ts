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
