/**
 * Deterministic JSON: the same value always gives the same text, so a hash or signature over it can
 * be recomputed later, by anyone, in any language.
 *
 * Inspired by RFC 8785, the JSON Canonicalization Scheme (JCS): object keys sorted by UTF-16 code
 * units, recursively; no whitespace; arrays kept in order; numbers and strings written exactly as
 * ECMAScript's JSON.stringify writes them (which is what JCS specifies). Where this differs:
 *  - It takes JavaScript values, not JSON text. Like JSON.stringify it drops properties whose value
 *    is undefined; unlike it, it refuses what has no honest JSON form rather than guessing: non-finite
 *    numbers, bigint, functions, symbols, undefined array elements, cycles, and objects that are not
 *    plain (Date, Map, class instances), whose JSON would depend on a toJSON method, not on the data.
 *  - A lone UTF-16 surrogate is written as a \uXXXX escape, as JSON.stringify does, where JCS (via
 *    I-JSON, RFC 7493) would refuse it: an event already stored with one must still be chainable, and
 *    the escape survives a round trip through a UTF-8 export.
 */
export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`canonicalJson: ${reason} at ${path}`);
    this.name = 'CanonicalJsonError';
  }
}

/** Thrown deep inside; each container it passes through adds its step to the path on the way out. */
class Refused {
  readonly steps: string[] = [];
  constructor(readonly reason: string) {}
}

export function canonicalJson(value: unknown): string {
  // Every event is written this way as its chain is checked, so the common case is made cheap:
  // the fast writer keeps no path and no ancestors, and gives up on anything unusual (a value
  // with no JSON form, a cycle — which overflows it — or a class instance). The careful writer
  // then writes the same text, or names what is wrong and where. Both give the same answer; a
  // test compares them on many values.
  try {
    return fast(value);
  } catch {
    return careful(value);
  }
}

/** The careful writer, which keeps the path to each value so a refusal can say where it is. */
export function careful(value: unknown): string {
  try {
    return write(value, new Set());
  } catch (error) {
    if (error instanceof Refused) throw new CanonicalJsonError(`$${error.steps.reverse().join('')}`, error.reason);
    throw error;
  }
}

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/** JSON.stringify(key), remembered: the same few keys recur in every event. */
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, text);
  }
  return text;
}

/** A string JSON.stringify would write as it is, between quotes: nothing to escape, no surrogate. */
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Exported for its test only. */
export function fast(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return NEEDS_CARE.test(value) ? JSON.stringify(value) : `"${value}"`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw GIVE_UP;
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += fast(value[i]);
        }
        return `${out}]`;
      }
      // Exactly the plain objects of this realm; any other (null prototype, another realm) is the careful writer's.
      if (Object.getPrototypeOf(value) !== Object.prototype) throw GIVE_UP;
      const keys = Object.keys(value).sort();
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const member = (value as Record<string, unknown>)[keys[i]];
        if (member === undefined) continue;
        out += `${first ? '' : ','}${quoted(keys[i])}:${fast(member)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw GIVE_UP;
  }
}

function write(value: unknown, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Refused(`the number ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, ancestors);
    case 'bigint':
      throw new Refused('a bigint has no exact JSON form (convert it to a string first)');
    case 'undefined':
      throw new Refused('undefined has no JSON form');
    default:
      throw new Refused(`a ${typeof value} has no JSON form`);
  }
}

function writeContainer(value: object, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new Refused('the value contains itself (a cycle)');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        try {
          out += (i === 0 ? '' : ',') + write(value[i], ancestors);
        } catch (error) {
          throw stepped(error, `[${i}]`);
        }
      }
      return `${out}]`;
    }
    if (!isPlainObject(value)) throw new Refused(`a ${value.constructor?.name ?? 'non-plain'} object is not plain data`);
    let out = '{';
    // The default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 asks for.
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) continue;
      try {
        out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${write(member, ancestors)}`;
      } catch (error) {
        throw stepped(error, keyStep(key));
      }
    }
    return `${out}}`;
  } finally {
    // Only ancestors make a cycle: the same object twice side by side is fine.
    ancestors.delete(value);
  }
}

/** Adds a step to the path of a refusal on its way out. */
function stepped(error: unknown, name: string): unknown {
  if (error instanceof Refused) error.steps.push(name);
  return error;
}

/** Plain means made by `{}` or JSON.parse (in any realm), or with a null prototype. */
function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function keyStep(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
