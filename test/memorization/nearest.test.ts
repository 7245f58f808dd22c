import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { DomainError, fractionWithin, memorizedFraction, nearestDistances } from "difftheory";

const points = new Matrix([
  [0, 0],
  [3, 4],
  [10, 0],
]);
const samples = new Matrix([
  [0, 0.1],
  [3, 3],
  [5, 0],
]);

test("nearest and second-nearest distances, by hand", () => {
  const { first, second, index } = nearestDistances(samples, points);
  assert.deepEqual(Array.from(first), [0.1, 1, Math.sqrt(20)]);
  assert.deepEqual(Array.from(index), [0, 1, 1]);
  assert.ok(Math.abs(second[0] - Math.hypot(3, 3.9)) < 1e-15);
  assert.ok(Math.abs(second[1] - Math.hypot(3, 3)) < 1e-15);
  assert.equal(second[2], 5);
});

test("fractionWithin counts samples closer than the radius", () => {
  assert.equal(fractionWithin(samples, points, 0.5), 1 / 3);
  assert.equal(fractionWithin(samples, points, 1.5), 2 / 3);
});

test("the 1/3 nearest-neighbour ratio test", () => {
  // ratios: 0.1/4.92 (memorized), 1/4.24 (memorized), 4.47/5 (not)
  assert.equal(memorizedFraction(samples, points), 2 / 3);
  assert.equal(memorizedFraction(samples, points, 0.2), 1 / 3);
});

test("validation names the parameter", () => {
  const named = (p: string) => (e: unknown) => e instanceof DomainError && e.parameter === p;
  assert.throws(() => nearestDistances(new Matrix([[1, 2, 3]]), points), named("samples"));
  assert.throws(() => memorizedFraction(samples, new Matrix([[0, 0]])), named("points"));
  assert.throws(() => fractionWithin(samples, points, 0), named("radius"));
  assert.throws(() => fractionWithin(new Matrix([[NaN, 0]]), points, 1), named("samples"));
});
