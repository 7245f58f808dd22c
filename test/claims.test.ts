import test from "node:test";
import assert from "node:assert/strict";
import { checkClaim, claimsHtml, claimsText, DomainError, type ClaimInput } from "difftheory";

const base: ClaimInput = { id: "X-C1", paper: "test", statement: "s", measured: 1, expected: 1, comparison: "abs", tolerance: 0 };

test("abs comparison passes inside the tolerance and fails outside", () => {
  assert.equal(checkClaim({ ...base, measured: 1.04, tolerance: 0.05 }).status, "pass");
  assert.equal(checkClaim({ ...base, measured: 1.06, tolerance: 0.05 }).status, "does not reproduce");
});

test("rel comparison scales the tolerance by |expected|", () => {
  assert.equal(checkClaim({ ...base, comparison: "rel", measured: 105, expected: 100, tolerance: 0.06 }).status, "pass");
  assert.equal(checkClaim({ ...base, comparison: "rel", measured: 107, expected: 100, tolerance: 0.06 }).status, "does not reproduce");
});

test("one-sided comparisons", () => {
  assert.equal(checkClaim({ ...base, comparison: ">=", measured: 0.96, expected: 0.95 }).status, "pass");
  assert.equal(checkClaim({ ...base, comparison: ">=", measured: 0.94, expected: 0.95 }).status, "does not reproduce");
  assert.equal(checkClaim({ ...base, comparison: "<=", measured: 0.04, expected: 0.05 }).status, "pass");
  assert.equal(checkClaim({ ...base, comparison: "<=", measured: 0.06, expected: 0.05 }).status, "does not reproduce");
});

test("Infinity equals Infinity exactly; a NaN measurement is an error, not a status", () => {
  assert.equal(checkClaim({ ...base, measured: Infinity, expected: Infinity }).status, "pass");
  assert.equal(checkClaim({ ...base, measured: 1e300, expected: Infinity, tolerance: 1e300 }).status, "does not reproduce");
  assert.throws(() => checkClaim({ ...base, measured: NaN, expected: 1, tolerance: Infinity }), (e: unknown) => e instanceof DomainError && e.parameter === "measured");
  assert.throws(() => checkClaim({ ...base, comparison: ">=", measured: 0, expected: NaN }), (e: unknown) => e instanceof DomainError && e.parameter === "expected");
});

test("invalid claims throw a named DomainError", () => {
  assert.throws(() => checkClaim({ ...base, id: "" }), (e: unknown) => e instanceof DomainError && e.parameter === "id");
  assert.throws(() => checkClaim({ ...base, tolerance: -1 }), (e: unknown) => e instanceof DomainError && e.parameter === "tolerance");
  assert.throws(() => checkClaim({ ...base, tolerance: NaN }), (e: unknown) => e instanceof DomainError && e.parameter === "tolerance");
});

test("tables show every claim with its status, escaped", () => {
  const claims = [checkClaim({ ...base, statement: "a < b" }), checkClaim({ ...base, id: "X-C2", measured: 3 })];
  const html = claimsHtml(claims);
  assert.match(html, /a &lt; b/);
  assert.match(html, /X-C2/);
  assert.match(html, /does not reproduce/);
  assert.equal(claimsText(claims).split("\n").length, 2);
});
