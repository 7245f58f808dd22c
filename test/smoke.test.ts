import test from "node:test";
import assert from "node:assert/strict";
import { requireInRange, DomainError } from "difftheory";
test("requireInRange names the parameter and the range", () => {
  assert.throws(() => requireInRange("t", 2, 0, 1), (e: unknown) => e instanceof DomainError && /t must be in \[0, 1\]; got 2/.test(e.message));
});
