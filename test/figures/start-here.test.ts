import test from "node:test";
import assert from "node:assert/strict";
import { DomainError, memorizationVersusGeneralization, startHereClaims } from "difftheory";

const result = memorizationVersusGeneralization();

test("START-C1 and START-C2 reproduce at the notebook's parameters", () => {
  const claims = startHereClaims(result.data);
  assert.deepEqual(claims.map((c) => [c.id, c.status]), [
    ["START-C1", "pass"],
    ["START-C2", "pass"],
  ]);
});

test("the figure is deterministic for a seed, bit for bit, and changes with the seed", () => {
  const again = memorizationVersusGeneralization();
  assert.deepEqual(JSON.stringify(again.figure), JSON.stringify(result.figure));
  const other = memorizationVersusGeneralization({ seed: 8 });
  assert.notDeepEqual(other.data.training.to2DArray(), result.data.training.to2DArray());
});

test("the figure shows both models and the training points on two panels", () => {
  assert.equal(result.figure.data.length, 5);
  assert.equal((result.figure.data[1].x as number[]).length, 400);
  assert.equal((result.figure.data[4].x as number[]).length, 400);
  assert.deepEqual(result.figure.data.map((t) => t.xaxis), ["x", "x", "x", "x2", "x2"]);
  // the count labels add up to every memorizing sample
  const labels = result.figure.data[2].text as string[];
  assert.equal(labels.reduce((s, l) => s + Number(l.slice(1)), 0), 400);
});

test("parameters are validated", () => {
  assert.throws(() => memorizationVersusGeneralization({ trainingPoints: 2 }), (e: unknown) => e instanceof DomainError && e.parameter === "trainingPoints");
  assert.throws(() => memorizationVersusGeneralization({ radius: -1 }), (e: unknown) => e instanceof DomainError && e.parameter === "radius");
});
