import test from "node:test";
import assert from "node:assert/strict";
import { vpSchedule, DomainError } from "difftheory";

/** `x` rounded to `digits` significant digits, to compare with a value printed in the spec. */
const rounded = (x: number, digits: number): number => Number(x.toPrecision(digits));
const isDomainError = (parameter: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.parameter === parameter && (pattern === undefined || pattern.test(e.message));

test("vp: alpha(1) = 4.3e-5 with the defaults (Vastola §1.2)", () => {
  const s = vpSchedule();
  assert.equal(rounded(s.alpha(1), 2), 4.3e-5);
  assert.equal(s.logAlpha(1), -(0.1 + 19.9 / 2));
});

test("vp: sigma2 at the cutoffs 1e-4, 1e-3, 1e-2 is 2.0e-5, 2.2e-4, 3.98e-3 and sigma is 0.0045, 0.0148, 0.063", () => {
  const s = vpSchedule();
  assert.equal(rounded(s.sigma2(1e-4), 2), 2.0e-5);
  assert.equal(rounded(s.sigma2(1e-3), 2), 2.2e-4);
  assert.equal(rounded(s.sigma2(1e-2), 3), 3.98e-3);
  assert.equal(rounded(s.sigma(1e-4), 2), 0.0045);
  assert.equal(rounded(s.sigma(1e-3), 3), 0.0148);
  assert.equal(rounded(s.sigma(1e-2), 2), 0.063);
});

test("vp: the last Euler step of Vastola's 30-step sampler has beta*Delta/sigma2 = 0.89, 0.87, 0.71 (§1.6 table)", () => {
  const s = vpSchedule();
  const expected: Array<[number, string, string]> = [[1e-4, "0.0334", "0.89"], [1e-3, "0.0343", "0.87"], [1e-2, "0.0430", "0.71"]];
  for (const [eps, t29, ratio] of expected) {
    const delta = (1 - eps) / 30;
    const t = eps + delta;
    assert.equal(t.toFixed(4), t29);
    assert.equal(((s.beta(t) * delta) / s.sigma2(t)).toFixed(2), ratio);
  }
});

test("vp: beta and D are betaMin + betaD t (author's convention: D = beta)", () => {
  const s = vpSchedule({ betaMin: 0.3, betaD: 2, T: 3 });
  assert.equal(s.beta(0), 0.3);
  assert.equal(s.beta(2.5), 0.3 + 2 * 2.5);
  assert.equal(s.diffusion(2.5), s.beta(2.5));
  assert.equal(s.betaMin, 0.3);
  assert.equal(s.betaD, 2);
  assert.equal(s.tMax, 3);
  assert.equal(s.stationaryVariance, 1);
  assert.equal(s.kind, "vp");
});

test("vp: sigma2 keeps full relative precision at tiny t, where 1 - alpha^2 does not", () => {
  const s = vpSchedule();
  for (const t of [1e-15, 1e-12, 1e-9, 1e-6]) {
    const exact = 2 * (0.1 * t + (19.9 * t * t) / 2); // 1 - e^{-x} = x - x²/2 + ..., x ≤ 2e-7
    const x = exact;
    const reference = x - (x * x) / 2 + (x * x * x) / 6;
    assert.ok(Math.abs(s.sigma2(t) / reference - 1) < 1e-15, `t=${t}`);
  }
  const naive = 1 - s.alpha(1e-12) ** 2;
  assert.ok(Math.abs(naive / s.sigma2(1e-12) - 1) > 1e-6, "the subtraction loses digits (this is why expm1 is used)");
});

test("vp: sigma2(0) = 0, alpha(0) = 1, snr(0) = Infinity", () => {
  const s = vpSchedule();
  assert.equal(s.alpha(0), 1);
  assert.equal(s.sigma2(0), 0);
  assert.equal(s.snr(0), Infinity);
  assert.equal(s.snr(0.5), s.alpha(0.5) ** 2 / s.sigma2(0.5));
});

test("vp: timeOfLogAlpha inverts logAlpha, also with betaD = 0 or betaMin = 0", () => {
  for (const opts of [{}, { betaD: 0, betaMin: 2 }, { betaMin: 0, betaD: 5 }, { betaMin: 1e-6, betaD: 1e4, T: 10 }]) {
    const s = vpSchedule(opts);
    for (const t of [0, 1e-10, 1e-4, 0.01, 0.3, 0.999, 1]) {
      const back = s.timeOfLogAlpha(s.logAlpha(t));
      assert.ok(Math.abs(back - t) <= 1e-14 * Math.max(t, 1e-300) + 1e-300, `${JSON.stringify(opts)} t=${t} back=${back}`);
    }
  }
  const s = vpSchedule();
  assert.ok(Math.abs(s.timeOfLogAlpha(s.logAlpha(1)) - 1) <= 2 * Number.EPSILON);
  assert.throws(() => s.timeOfLogAlpha(s.logAlpha(1) * 1.01), isDomainError("logAlpha", /must be in \[-10.04999+\d*, 0\]/));
  assert.throws(() => s.timeOfLogAlpha(0.1), isDomainError("logAlpha"));
  assert.throws(() => s.timeOfLogAlpha(NaN), isDomainError("logAlpha"));
  assert.throws(() => s.timeOfLogAlpha(-Infinity), isDomainError("logAlpha"));
});

test("vp: an infinite horizon is allowed, but times must be finite", () => {
  const s = vpSchedule({ T: Infinity });
  assert.equal(s.alpha(100), 0);
  assert.equal(s.sigma2(100), 1);
  assert.ok(Math.abs(s.timeOfLogAlpha(s.logAlpha(50)) - 50) < 1e-12);
  assert.throws(() => s.alpha(Infinity), isDomainError("t", /must be a finite number >= 0; got Infinity/));
  assert.throws(() => s.timeOfLogAlpha(-Infinity), isDomainError("logAlpha"));
});

test("vp: times outside [0, T], NaN and non-numbers throw a DomainError naming t and the range", () => {
  const s = vpSchedule();
  for (const method of ["alpha", "sigma2", "sigma", "logAlpha", "snr", "beta", "diffusion"] as const) {
    assert.throws(() => s[method](1.0000001), isDomainError("t", /must be in \[0, 1\]; got 1.0000001/));
    assert.throws(() => s[method](-1e-300), isDomainError("t", /must be in \[0, 1\]/));
    assert.throws(() => s[method](NaN), isDomainError("t", /got NaN/));
    assert.throws(() => s[method]("0.5" as unknown as number), isDomainError("t", /got "0.5"/));
  }
});

test("vp: invalid parameters throw a DomainError naming them", () => {
  assert.throws(() => vpSchedule({ betaMin: -0.1 }), isDomainError("betaMin", /must be in \[0, Infinity\]; got -0.1/));
  assert.throws(() => vpSchedule({ betaMin: NaN }), isDomainError("betaMin"));
  assert.throws(() => vpSchedule({ betaMin: Infinity }), isDomainError("betaMin"));
  assert.throws(() => vpSchedule({ betaD: -1 }), isDomainError("betaD"));
  assert.throws(() => vpSchedule({ betaMin: 0, betaD: 0 }), isDomainError("betaD", /must be > 0 when betaMin = 0/));
  assert.throws(() => vpSchedule({ T: 0 }), isDomainError("T", /must be > 0/));
  assert.throws(() => vpSchedule({ T: -1 }), isDomainError("T"));
  assert.throws(() => vpSchedule({ T: NaN }), isDomainError("T"));
});

test("vp: the schedule object is frozen", () => {
  const s = vpSchedule();
  assert.ok(Object.isFrozen(s));
});
