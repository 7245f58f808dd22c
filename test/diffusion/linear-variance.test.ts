import test from "node:test";
import assert from "node:assert/strict";
import { linearVarianceSchedule, DomainError } from "difftheory";

const isDomainError = (parameter: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.parameter === parameter && (pattern === undefined || pattern.test(e.message));

test("linear-variance: alpha = sqrt(1 - t), sigma2 = t at Fig. 1's times (Vastola §1.2)", () => {
  const s = linearVarianceSchedule();
  for (const t of [0.05, 0.1, 0.2, 0.5, 0.75]) {
    assert.equal(s.alpha(t), Math.sqrt(1 - t));
    assert.equal(s.sigma2(t), t);
    assert.equal(s.sigma(t), Math.sqrt(t));
    assert.ok(Math.abs(s.alpha(t) ** 2 + s.sigma2(t) - 1) < 1e-15);
  }
  assert.equal(s.alpha(0.75), 0.5);
});

test("linear-variance: beta = D = 1/(2(1 - t))", () => {
  const s = linearVarianceSchedule();
  assert.equal(s.beta(0), 0.5);
  assert.equal(s.beta(0.5), 1);
  assert.equal(s.diffusion(0.75), 2);
});

test("linear-variance: the edges t = 0 and t = 1 give no NaN", () => {
  const s = linearVarianceSchedule();
  assert.equal(s.alpha(0), 1);
  assert.equal(s.sigma2(0), 0);
  assert.equal(s.snr(0), Infinity);
  assert.equal(s.alpha(1), 0);
  assert.equal(s.sigma2(1), 1);
  assert.equal(s.logAlpha(1), -Infinity);
  assert.equal(s.beta(1), Infinity);
  assert.equal(s.diffusion(1), Infinity);
  assert.equal(s.snr(1), 0);
});

test("linear-variance: timeOfLogAlpha inverts logAlpha, including alpha = 0 at t = 1", () => {
  const s = linearVarianceSchedule();
  for (const t of [0, 1e-12, 0.05, 0.5, 0.999999, 1]) {
    assert.ok(Math.abs(s.timeOfLogAlpha(s.logAlpha(t)) - t) <= 2e-16 * Math.max(t, 1e-300), `t=${t}`);
  }
  assert.equal(s.timeOfLogAlpha(-Infinity), 1);
  assert.throws(() => s.timeOfLogAlpha(1e-3), isDomainError("logAlpha"));
});

test("linear-variance: times outside [0, 1] throw a DomainError naming t", () => {
  const s = linearVarianceSchedule();
  assert.throws(() => s.alpha(1 + 1e-15), isDomainError("t", /must be in \[0, 1\]/));
  assert.throws(() => s.sigma2(-0.1), isDomainError("t"));
  assert.throws(() => s.beta(NaN), isDomainError("t"));
});
