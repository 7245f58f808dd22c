import test from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ddpmSchedule, DomainError } from "difftheory";

const rounded = (x: number, digits: number): number => Number(x.toPrecision(digits));
const isDomainError = (parameter: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.parameter === parameter && (pattern === undefined || pattern.test(e.message));

/**
 * 1 − ∏_{s≤t} (1 − β_s) for t = 0..T in 200-bit fixed point: every double β_s is an exact multiple of 2^-200 here,
 * so the only error is one truncation of 2^-200 per product.
 */
function exactOneMinusAlphaBar(beta: Float64Array): Float64Array {
  const bits = 200n;
  const one = 1n << bits;
  const scale = 2 ** 200;
  const out = new Float64Array(beta.length);
  let product = one;
  for (let t = 1; t < beta.length; t++) {
    product = (product * (one - BigInt(beta[t] * scale))) >> bits;
    out[t] = Number(one - product) / scale;
  }
  return out;
}

test("ddpm: Merger & Goldt's defaults give beta_1 = 1.099e-4, beta_T = 0.01, sum = 5.05495 (§2)", () => {
  const s = ddpmSchedule();
  assert.equal(s.T, 1000);
  assert.equal(s.beta.length, 1001);
  assert.equal(s.beta[0], 0);
  assert.equal(rounded(s.beta[1], 4), 1.099e-4);
  assert.equal(s.beta[1000], 0.01);
  let sum = 0;
  for (let t = 1; t <= 1000; t++) sum += s.beta[t];
  assert.equal(rounded(sum, 6), 5.05495);
});

test("ddpm: alphaBar_T = 6.2705e-3 (a_T = 0.079) and alphaBar at t = 10, 100, 500 = 0.998457, 0.941748, 0.274678", () => {
  const s = ddpmSchedule();
  assert.equal(rounded(s.alphaBar[1000], 5), 6.2705e-3);
  assert.equal(rounded(s.alpha[1000], 2), 0.079);
  assert.equal(rounded(s.alphaBar[10], 6), 0.998457);
  assert.equal(rounded(s.alphaBar[100], 6), 0.941748);
  assert.equal(rounded(s.alphaBar[500], 6), 0.274678);
  assert.equal(s.alphaBar[0], 1);
  assert.equal(s.sigma2[0], 0);
  assert.equal(s.alpha[0], 1);
  assert.equal(s.sigma[0], 0);
});

test("ddpm: the 'ho' indexing reproduces Ho et al.'s schedule (beta 1e-4..0.02, alphaBar_T = 4.036e-5)", () => {
  const s = ddpmSchedule({ betaEnd: 0.02, indexing: "ho" });
  assert.equal(s.beta[1], 1e-4);
  assert.equal(s.beta[1000], 0.02);
  assert.ok(Math.abs(s.beta[2] - (1e-4 + (0.02 - 1e-4) / 999)) < 1e-18);
  assert.equal(rounded(s.alphaBar[1000], 4), 4.036e-5);
  assert.equal(s.indexing, "ho");
});

test("ddpm: T = 1 works for both indexings", () => {
  const mg = ddpmSchedule({ T: 1 });
  assert.equal(mg.beta[1], 1e-2);
  assert.equal(mg.sigma2[1], 1e-2);
  const ho = ddpmSchedule({ T: 1, indexing: "ho" });
  assert.equal(ho.beta[1], 1e-4);
  assert.equal(ho.sigma2[1], 1e-4);
  assert.equal(ho.betaTilde[1], 0);
});

test("ddpm: the stable recursion equals 1 - alphaBar (product form) to ~1e-15", () => {
  const s = ddpmSchedule();
  let product = 1;
  for (let t = 0; t <= 1000; t++) {
    if (t > 0) product *= 1 - s.beta[t];
    assert.ok(Math.abs(s.sigma2[t] - (1 - product)) <= 1.5e-15, `t=${t}`);
    assert.ok(Math.abs(s.sigma2[t] - (1 - s.alphaBar[t])) <= 1.5e-15, `t=${t}`);
    assert.ok(Math.abs(s.alphaBar[t] / product - 1) <= 1e-14, `t=${t}`);
  }
});

test("ddpm: the recursion for s_t^2 is accurate to ~1e-15 relative at every t, while 1 - product loses digits at small t", () => {
  for (const indexing of ["merger-goldt", "ho"] as const) {
    const s = ddpmSchedule({ indexing });
    const exact = exactOneMinusAlphaBar(s.beta);
    let worstRecursion = 0;
    let worstNaiveSmallT = 0;
    for (let t = 1; t <= s.T; t++) {
      worstRecursion = Math.max(worstRecursion, Math.abs(s.sigma2[t] / exact[t] - 1));
      if (t <= 10) worstNaiveSmallT = Math.max(worstNaiveSmallT, Math.abs((1 - s.alphaBar[t]) / exact[t] - 1));
    }
    assert.ok(worstRecursion < 2e-15, `${indexing}: recursion error ${worstRecursion}`);
    assert.ok(worstNaiveSmallT > 1e-14, `${indexing}: 1 - product error ${worstNaiveSmallT}`);
    assert.equal(s.sigma2[1], s.beta[1], "s_1^2 = beta_1 exactly");
  }
});

test("ddpm: at small t, s_t^2 = e1 - e2 + e3 - ... (elementary symmetric sums of the betas) to 1e-15", () => {
  const s = ddpmSchedule();
  // e[k] = k-th elementary symmetric polynomial of beta_1..beta_t; 1 - prod(1 - beta) = sum_k (-1)^(k+1) e[k]
  const e = [1];
  for (let t = 1; t <= 20; t++) {
    e.push(0);
    for (let k = t; k >= 1; k--) e[k] += s.beta[t] * e[k - 1];
    let alternating = 0;
    for (let k = t; k >= 1; k--) alternating += (k % 2 === 1 ? 1 : -1) * e[k]; // smallest terms first
    assert.ok(Math.abs(s.sigma2[t] / alternating - 1) <= 1e-15, `t=${t}`);
  }
});

test("ddpm: logAlphaBar, alpha, sigma and betaTilde follow from beta", () => {
  const s = ddpmSchedule({ T: 50, betaStart: 1e-3, betaEnd: 0.2 });
  let log = 0;
  for (let t = 1; t <= 50; t++) {
    log += Math.log(1 - s.beta[t]);
    assert.ok(Math.abs(s.logAlphaBar[t] - log) < 1e-13);
    assert.ok(Math.abs(Math.exp(s.logAlphaBar[t]) / s.alphaBar[t] - 1) < 1e-13);
    assert.equal(s.alpha[t], Math.sqrt(s.alphaBar[t]));
    assert.equal(s.sigma[t], Math.sqrt(s.sigma2[t]));
    const posterior = (s.beta[t] * (1 - s.alphaBar[t - 1])) / (1 - s.alphaBar[t]);
    if (t >= 2) assert.ok(Math.abs(s.betaTilde[t] / posterior - 1) < 1e-12, `t=${t}`);
    assert.ok(s.betaTilde[t] <= s.beta[t]);
  }
  assert.equal(s.betaTilde[0], 0);
  assert.equal(s.betaTilde[1], 0);
});

test("ddpm: beta and sigma2 increase, alphaBar decreases", () => {
  for (const indexing of ["merger-goldt", "ho"] as const) {
    const s = ddpmSchedule({ indexing, T: 300, betaStart: 1e-5, betaEnd: 0.05 });
    for (let t = 1; t <= 300; t++) {
      assert.ok(s.beta[t] > s.beta[t - 1]);
      assert.ok(s.sigma2[t] > s.sigma2[t - 1]);
      assert.ok(s.alphaBar[t] < s.alphaBar[t - 1]);
    }
  }
});

test("ddpm: invalid options throw a DomainError naming them", () => {
  assert.throws(() => ddpmSchedule({ T: 0 }), isDomainError("T", /must be an integer in \[1, 10000000\]; got 0/));
  assert.throws(() => ddpmSchedule({ T: 10.5 }), isDomainError("T"));
  assert.throws(() => ddpmSchedule({ T: NaN }), isDomainError("T"));
  assert.throws(() => ddpmSchedule({ T: 1e8 }), isDomainError("T"));
  assert.throws(() => ddpmSchedule({ betaStart: 0 }), isDomainError("betaStart", /must be in \(0, 1\)/));
  assert.throws(() => ddpmSchedule({ betaStart: -1e-4 }), isDomainError("betaStart"));
  assert.throws(() => ddpmSchedule({ betaStart: 1, betaEnd: 1 }), isDomainError("betaStart"));
  assert.throws(() => ddpmSchedule({ betaStart: 0.02, betaEnd: 0.01 }), isDomainError("betaEnd", /must be in \(0.02, 1\); got 0.01/));
  assert.throws(() => ddpmSchedule({ betaStart: 0.01, betaEnd: 0.01 }), isDomainError("betaEnd"));
  assert.throws(() => ddpmSchedule({ betaEnd: 1 }), isDomainError("betaEnd"));
  assert.throws(() => ddpmSchedule({ betaEnd: NaN }), isDomainError("betaEnd"));
  assert.throws(() => ddpmSchedule({ indexing: "linspace" as "ho" }), isDomainError("indexing"));
});

test("property: random options give finite, monotone arrays with alphaBar + s^2 = 1, or a named DomainError", () => {
  const anyNumber = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1, Number.MIN_VALUE));
  const mostlyIn = (min: number, max: number) =>
    fc.oneof({ arbitrary: fc.double({ min, max, noNaN: true }), weight: 4 }, { arbitrary: anyNumber, weight: 1 });
  const steps = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 2000 }), weight: 4 }, { arbitrary: anyNumber, weight: 1 });
  fc.assert(
    fc.property(steps, mostlyIn(0, 0.1), mostlyIn(0, 1), fc.constantFrom("merger-goldt", "ho") as fc.Arbitrary<"merger-goldt" | "ho">, (T, betaStart, betaEnd, indexing) => {
      let s;
      try {
        s = ddpmSchedule({ T, betaStart, betaEnd, indexing });
      } catch (e) {
        return e instanceof DomainError && ["T", "betaStart", "betaEnd"].includes(e.parameter);
      }
      for (let t = 1; t <= s.T; t++) {
        const values = [s.beta[t], s.alphaBar[t], s.logAlphaBar[t], s.alpha[t], s.sigma2[t], s.sigma[t], s.betaTilde[t]];
        if (!values.every(Number.isFinite)) return false;
        if (!(s.beta[t] > 0 && s.beta[t] < 1 && s.beta[t] >= s.beta[t - 1])) return false;
        if (!(s.alphaBar[t] <= s.alphaBar[t - 1] && s.sigma2[t] >= s.sigma2[t - 1] && s.sigma2[t] <= 1)) return false;
        if (Math.abs(s.alphaBar[t] + s.sigma2[t] - 1) > 1e-14) return false;
        if (!(s.betaTilde[t] >= 0 && s.betaTilde[t] <= s.beta[t])) return false;
      }
      return true;
    }),
    { seed: 11, numRuns: 300 },
  );
});
