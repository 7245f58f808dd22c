/**
 * Noise schedules: construction at T = 1000 and evaluation of α and σ² on 1e5 times, each against a plain loop of
 * Math.exp over as many numbers (run: node build/bench/diffusion.bench.js).
 */
import { suite } from "./harness.js";
import { ddpmSchedule, vpSchedule, linearVarianceSchedule, ouSchedule, tabulate, vpToDdpm, type ContinuousSchedule } from "difftheory";

let sink = 0;
const grid = (n: number) => Float64Array.from({ length: n }, (_, i) => i / (n - 1));
const expLoop = (xs: Float64Array) => () => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(-xs[i]);
  sink += s;
};
const alphaSigma2Loop = (schedule: ContinuousSchedule, xs: Float64Array) => () => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += schedule.alpha(xs[i]) + schedule.sigma2(xs[i]);
  sink += s;
};

const small = grid(1000);
suite("schedule construction, T = 1000", { name: "Math.exp over 1e3 numbers", fn: expLoop(small), reps: 51 }, [
  { name: "ddpmSchedule() (T = 1000, 7 arrays)", fn: () => (sink += ddpmSchedule().sigma2[1000]), reps: 51 },
  { name: "ddpmSchedule({ indexing: 'ho' })", fn: () => (sink += ddpmSchedule({ indexing: "ho" }).sigma2[1000]), reps: 51 },
  { name: "vpToDdpm(vpSchedule(), { T: 1000 })", fn: () => (sink += vpToDdpm(vpSchedule(), { T: 1000 }).sigma2[1000]), reps: 51 },
  { name: "vpSchedule()", fn: () => (sink += vpSchedule().tMax), reps: 51 },
]);

const times = grid(1e5);
const vp = vpSchedule();
suite("alpha and sigma2 on 1e5 times", { name: "Math.exp over 1e5 numbers", fn: expLoop(times), reps: 21 }, [
  { name: "vp: alpha(t) + sigma2(t) per call", fn: alphaSigma2Loop(vp, times), reps: 21 },
  { name: "linear-variance: alpha(t) + sigma2(t) per call", fn: alphaSigma2Loop(linearVarianceSchedule(), times), reps: 21 },
  { name: "ou: alpha(t) + sigma2(t) per call", fn: alphaSigma2Loop(ouSchedule(), times), reps: 21 },
  { name: "vp: tabulate(schedule, times)", fn: () => (sink += tabulate(vp, times).sigma2[99999]), reps: 21 },
  { name: "ddpmSchedule({ T: 1e5 }) (all arrays)", fn: () => (sink += ddpmSchedule({ T: 100000, betaStart: 1e-6, betaEnd: 1e-4 }).sigma2[100000]), reps: 21 },
]);

if (Number.isNaN(sink)) console.log("unexpected NaN");
