import test from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  vpSchedule, linearVarianceSchedule, ouSchedule, vpFromSong, tabulate, DomainError,
  type ContinuousSchedule,
} from "difftheory";

const schedules: Array<[string, ContinuousSchedule]> = [
  ["vp (defaults)", vpSchedule()],
  ["vp (betaD = 0, T = 3)", vpSchedule({ betaMin: 0.7, betaD: 0, T: 3 })],
  ["song vp", vpFromSong()],
  ["linear-variance", linearVarianceSchedule()],
  ["ou (l = 1, T = 4)", ouSchedule({ T: 4 })],
  ["ou (l = 2.5, T = 4)", ouSchedule({ stationaryVariance: 2.5, T: 4 })],
];
/** interior times, as fractions of the horizon */
const fractions = [0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99];

test("every schedule: d sigma2/dt = -2 beta sigma2 + 2 D (finite differences)", () => {
  for (const [name, s] of schedules) {
    for (const f of fractions) {
      const t = f * s.tMax;
      const h = 1e-4 * Math.min(t, s.tMax - t);
      const derivative = (s.sigma2(t + h) - s.sigma2(t - h)) / (2 * h);
      const rhs = -2 * s.beta(t) * s.sigma2(t) + 2 * s.diffusion(t);
      // truncation error O(h²) plus the rounding of σ² (a few ulps of ℓ) divided by h
      const tolerance = 1e-6 * Math.abs(rhs) + (4 * Number.EPSILON * s.stationaryVariance) / h;
      assert.ok(Math.abs(derivative - rhs) <= tolerance, `${name} t=${t}: ${derivative} vs ${rhs}`);
    }
  }
});

test("every schedule: d ln alpha/dt = -beta (finite differences)", () => {
  for (const [name, s] of schedules) {
    for (const f of fractions) {
      const t = f * s.tMax;
      const h = 1e-6 * Math.min(t, s.tMax - t);
      const derivative = (s.logAlpha(t + h) - s.logAlpha(t - h)) / (2 * h);
      assert.ok(Math.abs(derivative + s.beta(t)) <= 1e-6 * s.beta(t), `${name} t=${t}`);
    }
  }
});

test("every schedule: sigma2 = l (1 - alpha^2), so alpha^2 + sigma2 = 1 when variance preserving", () => {
  for (const [name, s] of schedules) {
    const ell = s.stationaryVariance;
    for (const f of [0, ...fractions, 1]) {
      const t = f * s.tMax;
      assert.ok(Math.abs(s.sigma2(t) - ell * (1 - s.alpha(t) ** 2)) <= 1e-15 * ell, `${name} t=${t}`);
      if (ell === 1) assert.ok(Math.abs(s.alpha(t) ** 2 + s.sigma2(t) - 1) <= 2.3e-16, `${name} t=${t}`);
      assert.equal(s.diffusion(t), ell * s.beta(t));
      assert.equal(s.sigma(t), Math.sqrt(s.sigma2(t)));
    }
  }
});

test("every schedule: alpha falls and sigma2 rises with t, from alpha = 1, sigma2 = 0 at t = 0", () => {
  for (const [name, s] of schedules) {
    assert.equal(s.alpha(0), 1);
    assert.equal(s.sigma2(0), 0);
    assert.equal(s.logAlpha(0), 0);
    let previous = { alpha: 1, sigma2: 0, snr: Infinity };
    for (let i = 1; i <= 200; i++) {
      const t = (i / 200) * s.tMax;
      const now = { alpha: s.alpha(t), sigma2: s.sigma2(t), snr: s.snr(t) };
      assert.ok(now.alpha < previous.alpha && now.sigma2 > previous.sigma2 && now.snr < previous.snr, `${name} t=${t}`);
      previous = now;
    }
  }
});

test("tabulate: alpha and sigma2 on a grid, validated like single calls", () => {
  const s = vpSchedule();
  const grid = [0, 0.25, 0.5, 1];
  const table = tabulate(s, grid);
  assert.deepEqual(Array.from(table.t), grid);
  grid.forEach((t, i) => {
    assert.equal(table.alpha[i], s.alpha(t));
    assert.equal(table.sigma2[i], s.sigma2(t));
  });
  assert.throws(() => tabulate(s, [0.5, 1.5]), (e: unknown) => e instanceof DomainError && e.parameter === "t");
});

/** Calls every method of `s` at `t`; returns the values. */
function evaluate(s: ContinuousSchedule, t: number) {
  return {
    logAlpha: s.logAlpha(t),
    alpha: s.alpha(t),
    sigma2: s.sigma2(t),
    sigma: s.sigma(t),
    snr: s.snr(t),
    beta: s.beta(t),
    diffusion: s.diffusion(t),
  };
}

/** Builds a schedule of `kind` from raw (possibly invalid) parameters. */
function build(kind: number, p: number, q: number, T: number): ContinuousSchedule {
  if (kind === 0) return vpSchedule({ betaMin: p, betaD: q, T });
  if (kind === 1) return linearVarianceSchedule();
  return ouSchedule({ stationaryVariance: p, T });
}

/** Any double, including NaN, ±Infinity, −0, subnormals and huge values. */
const anyNumber = fc.oneof(
  fc.double({ min: -1, max: 50 }),
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, Number.MIN_VALUE),
);
/** Mostly plausible values in [0, max] (so that most runs get past validation), sometimes anything. */
const mostlyIn = (max: number) => fc.oneof({ arbitrary: fc.double({ min: 0, max, noNaN: true }), weight: 4 }, { arbitrary: anyNumber, weight: 1 });

test("property: over random parameters and times, results are never NaN, or a named DomainError is thrown", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 }), mostlyIn(50), mostlyIn(50), mostlyIn(5), mostlyIn(1), (kind, p, q, T, t) => {
      let s: ContinuousSchedule;
      try {
        s = build(kind, p, q, T);
      } catch (e) {
        return e instanceof DomainError && ["betaMin", "betaD", "T", "stationaryVariance"].includes(e.parameter);
      }
      let values;
      try {
        values = evaluate(s, t);
      } catch (e) {
        return e instanceof DomainError && e.parameter === "t" && !(t >= 0 && t <= s.tMax && Number.isFinite(t));
      }
      for (const v of Object.values(values)) if (Number.isNaN(v)) return false;
      return values.alpha >= 0 && values.alpha <= 1 && values.sigma2 >= 0 && values.sigma2 <= s.stationaryVariance && values.snr >= 0;
    }),
    { seed: 20250501, numRuns: 2000 },
  );
});

test("property: realistic parameters give finite values (except the documented edges) and invertible logAlpha", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: 1e-3, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (kind, p, q, T, fraction) => {
        const s = build(kind, p + 1e-3, q, T);
        const t = fraction * s.tMax;
        const v = evaluate(s, t);
        const edge = kind === 1 && t === 1; // alpha = 0: ln alpha = -inf, beta = D = +inf
        for (const [key, x] of Object.entries(v)) {
          if (key === "snr" && v.sigma2 < 1e-300) continue; // snr = alpha^2 / sigma2 overflows only at t ~ 0
          if (edge && (key === "logAlpha" || key === "beta" || key === "diffusion")) continue;
          if (!Number.isFinite(x)) return false;
        }
        const back = s.timeOfLogAlpha(v.logAlpha);
        if (edge) return back === 1;
        // ln alpha is flat in t where beta is tiny: the inverse is then only as good as |ln alpha| allows
        const tolerance = 1e-12 * Math.max(t, 1) + (4 * Number.EPSILON * Math.abs(v.logAlpha)) / Math.max(v.beta, 1e-300);
        return Math.abs(back - t) <= tolerance;
      },
    ),
    { seed: 7, numRuns: 2000 },
  );
});
