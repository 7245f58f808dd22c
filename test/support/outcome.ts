// Shared by the property tests: a call must return finite numbers (or an exact, allowed infinity) or throw a
// DomainError that names one of the expected parameters. Never NaN, never another error type.
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { DomainError, Gaussian, Rng } from "difftheory";


export type Allowed = { posInf?: boolean; negInf?: boolean };

/** Every number reachable in `x` is finite (or an allowed infinity); never NaN. */
export function assertNumbers(x: unknown, allowed: Allowed, where = "result"): void {
  if (typeof x === "number") {
    assert.ok(!Number.isNaN(x), `${where} is NaN`);
    if (x === Infinity) assert.ok(allowed.posInf, `${where} is +Infinity`);
    if (x === -Infinity) assert.ok(allowed.negInf, `${where} is -Infinity`);
  } else if (x instanceof Float64Array || x instanceof Uint32Array || Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) assertNumbers(x[i], allowed, `${where}[${i}]`);
  } else if (x instanceof Matrix) {
    assertNumbers(x.to2DArray().flat(), allowed, where);
  } else if (x instanceof Gaussian) {
    assertNumbers(x.mean, {}, `${where}.mean`);
    assertNumbers(x.eig.values, {}, `${where}.eig.values`);
    assertNumbers(x.eig.vectors, {}, `${where}.eig.vectors`);
    assertNumbers(x.rank, {}, `${where}.rank`);
  } else if (x instanceof Rng) {
    assertNumbers(x.normal(), {}, `${where}.normal()`);
  } else if (x !== null && typeof x === "object") {
    for (const [k, v] of Object.entries(x)) assertNumbers(v, allowed, `${where}.${k}`);
  }
}

/**
 * Runs `f`; it must return numbers that pass `assertNumbers`, or throw a DomainError naming one of `parameters`
 * (and the message starts with that name). Returns the value, or undefined when a DomainError was thrown.
 */
export function outcome<T>(f: () => T, parameters: string[], allowed: Allowed = {}): T | undefined {
  let value: T;
  try {
    value = f();
  } catch (e) {
    assert.ok(e instanceof DomainError, `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.ok(parameters.includes(e.parameter), `DomainError names "${e.parameter}", expected one of ${parameters}: ${e.message}`);
    assert.ok(e.message.startsWith(e.parameter), `message does not name the parameter: ${e.message}`);
    return undefined;
  }
  assertNumbers(value, allowed);
  return value;
}

