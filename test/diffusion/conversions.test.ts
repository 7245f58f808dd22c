import test from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  vpSchedule, linearVarianceSchedule, ouSchedule, ddpmSchedule,
  vpFromSong, toSongVp, ouAsVp, ddpmToVp, vpToDdpm, equivalentTime, ddpmStepTime, DomainError,
} from "difftheory";

const isDomainError = (parameter: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.parameter === parameter && (pattern === undefined || pattern.test(e.message));
const close = (x: number, y: number, rel: number) => Math.abs(x - y) <= rel * Math.abs(y);
const times = [0, 1e-6, 1e-3, 0.05, 0.2, 0.5, 0.8, 1];

test("song: Song et al.'s VP-SDE with beta_S is the author's VP with beta = beta_S / 2", () => {
  const song = vpFromSong(); // beta_S(t) = 0.1 + 19.9 t
  for (const t of times) {
    // Song: alpha = exp(-1/2 int beta_S), sigma^2 = 1 - exp(-int beta_S)
    const integral = 0.1 * t + (19.9 * t * t) / 2;
    assert.ok(close(song.alpha(t), Math.exp(-integral / 2), 1e-15), `t=${t}`);
    assert.ok(close(song.sigma2(t), -Math.expm1(-integral), 1e-15), `t=${t}`);
    // Song's diffusion g^2 = beta_S equals 2D
    assert.ok(close(2 * song.diffusion(t), 0.1 + 19.9 * t, 1e-15));
  }
  assert.deepEqual(toSongVp(song), { betaMin: 0.1, betaD: 19.9, T: 1 });
  assert.deepEqual(toSongVp(vpSchedule()), { betaMin: 0.2, betaD: 39.8, T: 1 });
  // the same numbers in the two conventions: the author's process decays twice as fast
  assert.ok(close(vpSchedule().logAlpha(1), 2 * song.logAlpha(1), 1e-15));
});

test("ou: the unit OU schedule is the author's VP with constant beta = 1", () => {
  const ou = ouSchedule({ T: 5 });
  const vp = ouAsVp(ou);
  assert.equal(vp.betaMin, 1);
  assert.equal(vp.betaD, 0);
  assert.equal(vp.tMax, 5);
  for (const t of [0, 1e-9, 0.1, 1, 4.9, 5]) {
    for (const m of ["alpha", "sigma2", "beta", "diffusion", "logAlpha"] as const) {
      assert.ok(close(vp[m](t), ou[m](t), 1e-15), `${m}(${t})`);
    }
  }
  assert.equal(ouAsVp(ouSchedule()).tMax, Infinity);
  assert.throws(() => ouAsVp(ouSchedule({ stationaryVariance: 2 })), isDomainError("stationaryVariance", /must be 1/));
});

test("ddpm <-> vp: Merger & Goldt's chain is the discretisation of the VP with betaMin = 0.05, betaD = 4.95", () => {
  const ddpm = ddpmSchedule();
  const vp = ddpmToVp(ddpm);
  assert.ok(close(vp.betaMin, 0.05, 1e-15));
  assert.ok(close(vp.betaD, 4.95, 1e-15));
  assert.equal(vp.tMax, 1);
  for (let t = 1; t <= 1000; t++) assert.ok(close(ddpm.beta[t], (2 * vp.beta(t / 1000)) / 1000, 1e-14), `t=${t}`);
  for (const indexing of ["merger-goldt", "ho"] as const) {
    const original = ddpmSchedule({ indexing, T: 777, betaStart: 3e-4, betaEnd: 0.03 });
    const back = vpToDdpm(ddpmToVp(original), { T: 777, indexing });
    assert.ok(close(back.betaStart, original.betaStart, 1e-15));
    assert.ok(close(back.betaEnd, original.betaEnd, 1e-15));
    for (let t = 0; t <= 777; t++) assert.ok(Math.abs(back.sigma2[t] - original.sigma2[t]) <= 1e-15 * original.sigma2[t]);
  }
});

test("ddpm -> vp: alphaBar converges to alpha^2 at rate 1/T with the stated leading constant", () => {
  const vp = vpSchedule({ betaMin: 0.05, betaD: 4.95 });
  const { betaMin: b, betaD: d } = vp;
  const integralBeta2 = (tau: number) => b * b * tau + b * d * tau * tau + (d * d * tau ** 3) / 3;
  const leading = {
    "merger-goldt": (tau: number) => -(d * tau + 2 * integralBeta2(tau)),
    ho: (tau: number) => -(d * tau * (tau - 1) + 2 * integralBeta2(tau)),
  };
  for (const indexing of ["merger-goldt", "ho"] as const) {
    for (const tau of [0.25, 0.5, 1]) {
      let previous = Infinity;
      for (const T of [1000, 10000, 100000]) {
        const ddpm = vpToDdpm(vp, { T, indexing });
        const step = Math.round(tau * T);
        const error = ddpm.logAlphaBar[step] - 2 * vp.logAlpha(tau);
        const remainder = Math.abs(T * error - leading[indexing](tau));
        assert.ok(remainder < 150 / T, `${indexing} tau=${tau} T=${T}: T*error - leading = ${remainder}`);
        assert.ok(Math.abs(error) < previous / 5, "the error falls like 1/T");
        previous = Math.abs(error);
      }
    }
  }
  // Merger & Goldt's T = 1000 chain ends 2.2% below the continuous alpha(1)^2
  const mg = ddpmSchedule();
  assert.equal((mg.alphaBar[1000] / vp.alpha(1) ** 2).toFixed(3), "0.978");
});

test("vp -> ddpm: invalid discretisations throw a DomainError naming the cause", () => {
  assert.throws(() => vpToDdpm(vpSchedule(), { T: 20 }), isDomainError("T", /must be at least 41/));
  assert.doesNotThrow(() => vpToDdpm(vpSchedule(), { T: 41 }));
  assert.throws(() => vpToDdpm(vpSchedule(), { T: 1.5 }), isDomainError("T"));
  assert.throws(() => vpToDdpm(vpSchedule({ betaMin: 1, betaD: 0 }), { T: 100 }), isDomainError("betaD"));
  assert.throws(() => vpToDdpm(vpSchedule({ T: Infinity }), { T: 100 }), isDomainError("tMax"));
});

test("equivalentTime: linear-variance t maps to the VP time with sigma^2 = t, and back", () => {
  const lin = linearVarianceSchedule();
  const vp = vpSchedule();
  for (const t of [0, 1e-12, 1e-6, 0.05, 0.1, 0.2, 0.5, 0.75, 0.999]) {
    const s = equivalentTime(lin, t, vp);
    assert.ok(s >= 0 && s <= 1);
    assert.ok(Math.abs(vp.sigma2(s) - t) <= 1e-12 * t, `t=${t}: sigma2 ${vp.sigma2(s)}`);
    assert.ok(Math.abs(vp.alpha(s) - lin.alpha(t)) <= 1e-12 * lin.alpha(t));
    assert.ok(Math.abs(equivalentTime(vp, s, lin) - t) <= 1e-12 * t);
  }
  assert.equal(equivalentTime(vp, 1, lin), vp.sigma2(1));
  assert.throws(() => equivalentTime(lin, 1 - 1e-12, vp), isDomainError("t", /does not reach on \[0, 1\]/));
  assert.throws(() => equivalentTime(lin, 1, vp), isDomainError("t"));
  assert.throws(() => equivalentTime(lin, 2, vp), isDomainError("t", /must be in \[0, 1\]/));
});

test("equivalentTime: VP <-> unit OU, and an OU with l != 1 has the same alpha but l times the sigma^2", () => {
  const vp = vpSchedule();
  const ou = ouSchedule();
  for (const t of [1e-4, 0.1, 0.7, 1]) {
    const s = equivalentTime(vp, t, ou);
    assert.ok(close(s, -vp.logAlpha(t), 1e-15));
    assert.ok(close(ou.sigma2(s), vp.sigma2(t), 1e-14));
    const ou3 = ouSchedule({ stationaryVariance: 3 });
    assert.ok(close(ou3.sigma2(equivalentTime(vp, t, ou3)), 3 * vp.sigma2(t), 1e-14));
  }
});

test("ddpmStepTime: the continuous time with alpha^2 = alphaBar_t", () => {
  const ddpm = ddpmSchedule();
  // the chain ends below the continuous alpha(1)^2 (discretisation error), so give the VP a little more time
  const vp = vpSchedule({ betaMin: 0.05, betaD: 4.95, T: 1.1 });
  const lin = linearVarianceSchedule();
  assert.equal(ddpmStepTime(ddpm, 0, vp), 0);
  for (const step of [1, 10, 500, 1000]) {
    const s = ddpmStepTime(ddpm, step, lin);
    assert.ok(close(s, ddpm.sigma2[step], 1e-12), `step ${step}`);
    const tau = ddpmStepTime(ddpm, step, vp);
    assert.ok(close(vp.alpha(tau) ** 2, ddpm.alphaBar[step], 1e-13));
    assert.ok(Math.abs(tau - step / 1000) < 0.01, "close to t/T (discretisation error)");
  }
  assert.throws(() => ddpmStepTime(ddpm, 1001, vp), isDomainError("step"));
  assert.throws(() => ddpmStepTime(ddpm, 0.5, vp), isDomainError("step"));
  assert.throws(() => ddpmStepTime(ddpm, 1000, ddpmToVp(ddpm)), isDomainError("step", /does not reach on \[0, 1\]/));
});

test("property: equivalentTime between random schedules is a valid time with the same alpha, or a DomainError naming t", () => {
  const build = (kind: number, p: number, q: number) =>
    kind === 0 ? vpSchedule({ betaMin: p, betaD: q, T: 1 + q }) : kind === 1 ? linearVarianceSchedule() : ouSchedule({ stationaryVariance: p, T: 10 * q });
  const positive = fc.double({ min: 1e-3, max: 30, noNaN: true });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 }), positive, positive, fc.integer({ min: 0, max: 2 }), positive, positive, fc.double({ min: 0, max: 1, noNaN: true }),
      (k1, p1, q1, k2, p2, q2, fraction) => {
        const from = build(k1, p1, q1);
        const to = build(k2, p2, q2);
        const t = fraction * from.tMax;
        let s: number;
        try {
          s = equivalentTime(from, t, to);
        } catch (e) {
          const floor = to.logAlpha(to.tMax); // the smallest ln alpha that `to` reaches (< 0)
          return e instanceof DomainError && e.parameter === "t" && from.logAlpha(t) < floor * (1 - 1e-12);
        }
        if (!(s >= 0 && s <= to.tMax)) return false;
        // α_to(s) is only as exact as s itself: a rounding of s moves ln α by β_to(s)·ε·s
        const conditioning = 4 * Number.EPSILON * to.beta(s) * Math.max(s, 1);
        const difference = Math.abs(to.alpha(s) - from.alpha(t));
        return difference <= 1e-300 || difference <= (1e-12 + conditioning) * from.alpha(t);
      }),
    { seed: 3, numRuns: 1000 },
  );
});
