import { CanonicalJsonError, canonicalJson, careful, fast } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever order the keys were added in', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: null } })).toBe(canonicalJson({ y: { q: null, p: true }, x: 1 }));
  });

  it('orders keys by UTF-16 code units, not code points (RFC 8785 §3.2.3)', () => {
    // U+1F600 is stored as the surrogates D83D DE00, which sort before U+FFFD by code unit.
    expect(canonicalJson({ '\uFFFD': 1, '\u{1F600}': 2, a: 3, B: 4, é: 5 })).toBe('{"B":4,"a":3,"é":5,"😀":2,"�":1}');
  });

  it('matches the RFC 8785 §3.2.2 sample', () => {
    const input = '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}';
    expect(canonicalJson(JSON.parse(input))).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('writes numbers as JSON.stringify does', () => {
    expect(canonicalJson([1.0, -0, 0.1, 1e21, 123456789012345680000, 5e-7])).toBe('[1,0,0.1,1e+21,123456789012345680000,5e-7]');
  });

  it('keeps arrays in order and nulls, and drops undefined properties', () => {
    expect(canonicalJson({ list: [3, 1, 2], gone: undefined, kept: null })).toBe('{"kept":null,"list":[3,1,2]}');
  });

  it('escapes strings as JSON.stringify does, lone surrogates included', () => {
    expect(canonicalJson('line\n"quoted" \u0007 \uD800')).toBe(JSON.stringify('line\n"quoted" \u0007 \uD800'));
  });

  it('accepts the same object twice side by side (that is not a cycle)', () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: [shared] })).toBe('{"x":{"a":1},"y":[{"a":1}]}');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  describe('refuses what has no honest JSON form, naming where it is', () => {
    class Money {
      pence = 5;
    }
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;

    it.each([
      ['NaN', { data: { amount: NaN } }, /the number NaN has no JSON form at \$\.data\.amount/],
      ['Infinity', [1, Infinity], /Infinity has no JSON form at \$\[1\]/],
      ['-Infinity', -Infinity, /-Infinity has no JSON form at \$$/],
      ['bigint', { n: 10n }, /bigint .* at \$\.n/],
      ['function', { f: () => 1 }, /a function has no JSON form at \$\.f/],
      ['symbol', { s: Symbol('s') }, /a symbol has no JSON form at \$\.s/],
      ['undefined array element', [1, undefined], /undefined has no JSON form at \$\[1\]/],
      ['undefined at the top', undefined, /undefined has no JSON form at \$/],
      ['Date', { when: new Date(0) }, /a Date object is not plain data at \$\.when/],
      ['Map', { m: new Map() }, /a Map object is not plain data at \$\.m/],
      ['class instance', { price: new Money() }, /a Money object is not plain data at \$\.price/],
      ['cycle', cyclic, /contains itself \(a cycle\) at \$\.self/],
      ['odd key in the path', { 'a b': NaN }, /at \$\["a b"\]/],
    ])('%s', (_, value, message) => {
      expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
      expect(() => canonicalJson(value)).toThrow(message);
    });
  });
});

describe('the fast writer', () => {
  // A small deterministic generator, so a failure can be replayed.
  let seed = 20261204;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const PIECES = ['a', 'Z', ' ', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', '€', '\u2028', '😀', '\ud83d', '\ude00', 'programme-', '__proto__', 'constructor', ''];
  const text = () => Array.from({ length: Math.floor(random() * 6) }, () => pick(PIECES)).join('');
  const value = (depth: number): unknown => {
    const kind = Math.floor(random() * (depth > 3 ? 5 : 7));
    if (kind === 0) return text();
    if (kind === 1) return pick([0, -0, 1, -1.5, 1e21, 1e-7, 123456789, Number.MAX_SAFE_INTEGER]);
    if (kind === 2) return random() < 0.5;
    if (kind === 3) return null;
    if (kind === 4) return pick(['2026-12-04', 'ContractAmended', 'x']);
    if (kind === 5) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return JSON.parse(JSON.stringify(Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [text(), value(depth + 1)]))));
  };

  it('writes exactly what the careful writer writes, for thousands of values of every kind', () => {
    let written = 0;
    for (let i = 0; i < 5_000; i++) {
      const v = value(0);
      expect(canonicalJson(v)).toBe(careful(v));
      let out: string | undefined;
      try {
        out = fast(v);
      } catch {
        continue;
      }
      written++;
      expect(out).toBe(careful(v));
    }
    // The fast writer writes these itself (it gives up only on what has no honest JSON form).
    expect(written).toBe(5_000);
  });

  it('leaves to the careful writer what it cannot write, with the same refusal and path', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    for (const bad of [{ a: [1, Number.NaN] }, { d: new Date(0) }, cyclic, { f: () => 1 }, [undefined]]) {
      expect(() => canonicalJson(bad)).toThrow(CanonicalJsonError);
      let careful_: unknown;
      try {
        careful(bad);
      } catch (error) {
        careful_ = (error as Error).message;
      }
      expect(() => canonicalJson(bad)).toThrow(careful_ as string);
    }
    // Null prototype and data from JSON.parse are plain: written, the same either way.
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });
});
