// Differential testing of the VM's library against python3: many cases per
// python3 process, one JSON in and one JSON out (python-oracle.py holds the
// other side of the encoding). Values: bigint <-> int, number <-> float (bit
// exact), string <-> str, boolean, null <-> None, arrays <-> lists, Tuple
// <-> tuple, Uint8Array <-> bytes, Map <-> dict.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PyError } from '../../runtime/vm/heap/py-error.ts';

const script = fileURLToPath(new URL('./python-oracle.py', import.meta.url));

/** A Python tuple on the test side (the library takes tuples as plain arrays). */
export class Tuple { constructor(readonly items: unknown[]) {} }

/** A types.SimpleNamespace on the python3 side: an object with attributes. */
export class Namespace { constructor(readonly attrs: Map<string, unknown>) {} }

export type Outcome = { ok: unknown } | { error: [string, string] };

function encode(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}` };
  if (typeof v === 'number') {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, v);
    return { float: dv.getBigUint64(0).toString(16).padStart(16, '0') };
  }
  if (Array.isArray(v)) return v.map(encode);
  if (v instanceof Tuple) return { tuple: v.items.map(encode) };
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') };
  if (v instanceof Namespace) return { ns: [...v.attrs].map(([k, w]) => [k, encode(w)]) };
  if (v instanceof Map) return { dict: [...v].map(([k, w]) => [encode(k), encode(w)]) };
  throw new Error(`python-oracle: cannot encode ${typeof v}`);
}

/** The canonical JSON form of a value (what both sides are compared in). */
export function canonical(v: unknown): unknown { return encode(v); }

/** Runs run(*case) in python3 for every case; results in python-oracle.py's encoding. */
export function pythonCases(code: string, cases: unknown[][]): Outcome[] {
  const input = JSON.stringify({ code, cases: cases.map((c) => c.map(encode)) });
  const r = spawnSync('python3', [script], { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Outcome[];
}

/** The same outcome shape for a library call: its value or the PyError it threw. */
export function outcome(f: () => unknown): Outcome {
  try {
    return { ok: encode(f()) };
  } catch (e) {
    if (e instanceof PyError) return { error: [e.pyType, e.pyMessage] };
    throw e;
  }
}

/** The first few differences, one JSON line each, long strings cut. */
export function describeDifferences(d: { args: unknown[]; python: Outcome; mine: Outcome }[], count = 8): string {
  const cut = (_k: string, v: unknown) => typeof v === 'bigint' ? `${v}n` : typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}...(${v.length})` : v;
  return d.slice(0, count).map((x) => JSON.stringify(x, cut)).join('\n');
}

/**
 * Runs every case through python3 and through `mine`, returning the cases that
 * differ (with both outcomes) so a test can show the first few.
 */
export function differences(code: string, cases: unknown[][], mine: (...args: any[]) => unknown):
  { args: unknown[]; python: Outcome; mine: Outcome }[] {
  const expected = pythonCases(code, cases);
  const out: { args: unknown[]; python: Outcome; mine: Outcome }[] = [];
  cases.forEach((args, i) => {
    const got = outcome(() => mine(...args));
    if (sameNan(JSON.stringify(got)) !== sameNan(JSON.stringify(expected[i]))) out.push({ args, python: expected[i], mine: got });
  });
  return out;
}

/**
 * Every NaN as one: NaN payloads and signs do not survive the VM's NaN-boxed
 * values (nor JS engines), and Python shows them only through float.hex,
 * struct or copysign.
 */
function sameNan(json: string): string {
  return json.replace(/"(7ff|fff)([0-9a-f]{13})"/g, (m, _e, mant: string) => /^0+$/.test(mant) ? m : '"nan"');
}

/** A small deterministic PRNG for sampling cases (fixed seed by default). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/** How many random samples a test draws: more under LIBRARY_FUZZ=N (a multiplier). */
export function sampleCount(base: number): number {
  const k = Number(process.env.LIBRARY_FUZZ ?? '1');
  return Math.max(1, Math.floor(base * (Number.isFinite(k) && k > 0 ? k : 1)));
}
