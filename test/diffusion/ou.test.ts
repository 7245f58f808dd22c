import test from "node:test";
import assert from "node:assert/strict";
import { ouSchedule, ouForwardMap, DomainError } from "difftheory";

const isDomainError = (parameter: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.parameter === parameter && (pattern === undefined || pattern.test(e.message));
const close = (x: number, y: number, rel: number) => Math.abs(x - y) <= rel * Math.abs(y);

test("ou: alpha = e^{-t}, sigma2 = l(1 - e^{-2t}), beta = 1, D = l", () => {
  for (const ell of [1, 0.25, 3]) {
    const s = ouSchedule({ stationaryVariance: ell });
    for (const t of [0, 1e-9, 0.3, 2, 20]) {
      assert.equal(s.alpha(t), Math.exp(-t));
      assert.ok(s.logAlpha(t) === -t);
      assert.ok(close(s.sigma2(t), ell * (1 - Math.exp(-2 * t)), t < 1e-6 ? 1e-7 : 1e-15), `ell=${ell} t=${t}`);
      assert.equal(s.beta(t), 1);
      assert.equal(s.diffusion(t), ell);
    }
    assert.equal(s.stationaryVariance, ell);
  }
});

test("ou: sigma2 is exact at small t (2l t)", () => {
  const s = ouSchedule({ stationaryVariance: 2 });
  assert.ok(close(s.sigma2(1e-12), 4e-12 * (1 - 1e-12), 1e-15));
});

test("ou: the default horizon is infinite (times must be finite); a finite T bounds t", () => {
  assert.equal(ouSchedule().tMax, Infinity);
  assert.equal(ouSchedule().alpha(800), 0);
  assert.equal(ouSchedule().sigma2(800), 1);
  assert.throws(() => ouSchedule().alpha(Infinity), isDomainError("t"));
  assert.throws(() => ouSchedule({ T: 2 }).alpha(2.5), isDomainError("t", /must be in \[0, 2\]/));
});

test("ou: Halder's one-step map at T = 2, g = 1: a = 0.135335, s2 = 0.0179802, SNR = 1.018657, r = 0.504621", () => {
  const m = ouForwardMap({ T: 2, g: 1 });
  assert.equal(m.a.toPrecision(6), "0.135335");
  assert.equal(m.s2.toPrecision(6), "0.0179802");
  assert.equal(m.snr.toPrecision(7), "1.018657");
  assert.equal(m.shrink.toPrecision(6), "0.504621");
  assert.ok(close(m.snr, 1 / (1 - Math.exp(-4)), 1e-15));
  assert.ok(close(m.shrink, 1 / (2 - Math.exp(-4)), 1e-15));
  assert.ok(close(m.stationaryVariance, Math.exp(-4), 1e-15));
  // the map is the OU schedule with l = g e^{-2T} evaluated at its horizon
  assert.equal(m.schedule.tMax, 2);
  assert.ok(close(m.schedule.alpha(2), m.a, 1e-15));
  assert.ok(close(m.schedule.sigma2(2), m.s2, 1e-15));
});

test("ou: SNR scales with the data variance and falls as g grows", () => {
  const a = ouForwardMap({ T: 1, g: 1, dataVariance: 4 });
  const b = ouForwardMap({ T: 1, g: 1 });
  assert.ok(close(a.snr, 4 * b.snr, 1e-15));
  assert.ok(ouForwardMap({ T: 1, g: 2 }).snr < b.snr);
});

test("ou: invalid parameters throw a DomainError naming them", () => {
  assert.throws(() => ouSchedule({ stationaryVariance: 0 }), isDomainError("stationaryVariance"));
  assert.throws(() => ouSchedule({ stationaryVariance: -1 }), isDomainError("stationaryVariance"));
  assert.throws(() => ouSchedule({ stationaryVariance: Infinity }), isDomainError("stationaryVariance"));
  assert.throws(() => ouSchedule({ T: 0 }), isDomainError("T"));
  assert.throws(() => ouForwardMap({ T: 0, g: 1 }), isDomainError("T"));
  assert.throws(() => ouForwardMap({ T: Infinity, g: 1 }), isDomainError("T"));
  assert.throws(() => ouForwardMap({ T: 2, g: -1 }), isDomainError("g"));
  assert.throws(() => ouForwardMap({ T: 2, g: NaN }), isDomainError("g"));
  assert.throws(() => ouForwardMap({ T: 2, g: 1, dataVariance: 0 }), isDomainError("dataVariance"));
  assert.throws(() => ouForwardMap({ T: 400, g: 1 }), isDomainError("stationaryVariance"), "l = g e^{-800} underflows");
  assert.throws(() => ouForwardMap(undefined as unknown as { T: number; g: number }), isDomainError("T"));
});
