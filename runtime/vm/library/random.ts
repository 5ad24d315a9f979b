// Python 3.11's random module: CPython's Mersenne Twister (_randommodule.c)
// and the methods random.py builds on it, step for step, so a seed gives the
// same sequences as python3 (seed of ints of any size, of str/bytes through
// sha512 as version 2 does, of floats through their hash; getrandbits;
// _randbelow_with_getrandbits; gauss's cached second value; getstate/setstate).
//
// Ints are bigints, floats numbers; sequences are JS arrays.
import { createHash, randomBytes } from 'node:crypto';
import { PyError, typeError, valueError } from '../heap/py-error.ts';
import { compareMixed, floatPow } from '../heap/numbers.ts';
import { cLibm1 } from '../heap/libm.ts';
import { ceil, log as mathLog } from './math.ts';
import { floatToInt, mod as pyMod, toFloat, type Real } from './numeric.ts';

const N = 624;
const M = 397;
const TWOPI = 2.0 * Math.PI;
// CPython's random.py computes these with libm when it loads; their values
// are written in (libm is opened on first use, not when modules load).
const LOG4 = 1.3862943611198906; // _log(4.0)
const SG_MAGICCONST = 2.504077396776274; // 1.0 + _log(4.5)
const NV_MAGICCONST = 1.7155277699214135; // 4 * _exp(-0.5) / _sqrt(2.0)
const BPF = 53;
const RECIP_BPF = 2 ** -BPF;

/** The state Random.getstate() returns: [3, 624 words and the index, gauss_next]. */
export type RandomState = [bigint, bigint[], number | null];

const log = (x: number): number => mathLog(x);
const exp = (x: number): number => cLibm1.exp(x);

function toIndexInt(v: Real, what: string): bigint {
  // randrange's _index(x), then int(x) for floats with a deprecation (an error if not integral).
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  const i = floatToInt(v);
  if (Number(i) !== v) throw valueError(`non-integer ${what} for randrange()`);
  return i;
}

/** Python-style a + b, a - b, a * b for ints and floats. */
const add = (a: Real, b: Real): bigint | number => typeof a !== 'number' && typeof b !== 'number' ? big(a) + big(b) : toFloat(a) + toFloat(b);
const sub = (a: Real, b: Real): bigint | number => typeof a !== 'number' && typeof b !== 'number' ? big(a) - big(b) : toFloat(a) - toFloat(b);
const big = (v: bigint | boolean): bigint => typeof v === 'boolean' ? (v ? 1n : 0n) : v;

/** _Py_HashDouble for finite floats (what seeding with a float hashes it by). */
function hashFloat(x: number): bigint {
  const P = (1n << 61n) - 1n;
  if (x === Infinity) return 314159n;
  if (x === -Infinity) return -314159n;
  if (Number.isNaN(x)) return BigInt(Math.floor(Math.random() * 2 ** 52)); // identity hash in CPython
  if (x === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const ex = Number(bits >> 52n);
  let m = bits & ((1n << 52n) - 1n);
  let e = ex - 1075;
  if (ex === 0) e = -1074; else m |= 1n << 52n;
  const k = ((e % 61) + 61) % 61;
  let h = (m * (1n << BigInt(k))) % P;
  if (x < 0) h = -h;
  return h === -1n ? -2n : h;
}

export class Random {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;
  /** gauss()'s second value, kept for its next call. */
  gaussNext: number | null = null;

  constructor(seed: bigint | number | boolean | string | Uint8Array | null = null) {
    this.seed(seed);
  }

  // --------------------------------------------------------- the generator

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
  }

  private initByArray(key: Uint32Array): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
  }

  /** genrand_uint32. */
  private next32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      const y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  // ------------------------------------------------------------- seeding

  /** random.seed(a=None, version=2). */
  seed(a: bigint | number | boolean | string | Uint8Array | null = null, version = 2): void {
    let n: bigint;
    if (a === null) {
      const bytes = randomBytes(N * 4);
      this.initByArray(new Uint32Array(bytes.buffer, bytes.byteOffset, N));
      this.gaussNext = null;
      return;
    }
    if (version === 1 && (typeof a === 'string' || a instanceof Uint8Array)) {
      const codes = typeof a === 'string' ? Array.from(a, (c) => c.codePointAt(0)!) : Array.from(a);
      let x = codes.length ? BigInt(codes[0]) << 7n : 0n;
      for (const c of codes) x = ((1000003n * x) ^ BigInt(c)) & 0xffffffffffffffffn;
      x ^= BigInt(codes.length);
      n = x === -1n ? -2n : x;
    } else if (version === 2 && (typeof a === 'string' || a instanceof Uint8Array)) {
      const bytes = typeof a === 'string' ? utf8(a) : Buffer.from(a);
      const all = Buffer.concat([bytes, createHash('sha512').update(bytes).digest()]);
      n = BigInt('0x' + all.toString('hex'));
    } else if (typeof a === 'bigint') {
      n = a;
    } else if (typeof a === 'boolean') {
      n = a ? 1n : 0n;
    } else if (typeof a === 'number') {
      // The C seed hashes anything but an exact int; the hash is taken as an unsigned size_t.
      const h = hashFloat(a);
      n = h < 0n ? h + (1n << 64n) : h;
    } else {
      throw typeError('The only supported seed types are: None,\nint, float, str, bytes, and bytearray.');
    }
    if (n < 0n) n = -n;
    const words: number[] = [];
    do {
      words.push(Number(n & 0xffffffffn));
      n >>= 32n;
    } while (n > 0n);
    this.initByArray(Uint32Array.from(words));
    this.gaussNext = null;
  }

  /** Random.getstate(). */
  getstate(): RandomState {
    const words = Array.from(this.mt, (w) => BigInt(w));
    words.push(BigInt(this.index));
    return [3n, words, this.gaussNext];
  }

  /** Random.setstate(state). */
  setstate(state: readonly unknown[]): void {
    const version = state[0];
    if (version !== 3n) {
      throw valueError(`state with version ${String(version)} passed to Random.setstate() of version 3`);
    }
    const internal = state[1] as readonly bigint[];
    if (internal.length !== N + 1) throw valueError('state vector is the wrong size');
    const index = internal[N];
    if (index < 0n || index > BigInt(N)) throw valueError('invalid state');
    for (let i = 0; i < N; i++) this.mt[i] = Number(BigInt.asUintN(32, internal[i]));
    this.index = Number(index);
    this.gaussNext = state[2] as number | null;
  }

  // ------------------------------------------------------ core primitives

  /** random(): 53 random bits in [0, 1). */
  random(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /** getrandbits(k). */
  getrandbits(kArg: bigint | number): bigint {
    const k = Number(kArg);
    if (k < 0) throw valueError('number of bits must be non-negative');
    if (k === 0) return 0n;
    if (k <= 32) return BigInt(this.next32() >>> (32 - k));
    let result = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32) {
      let r = this.next32();
      if (left < 32) r >>>= 32 - left;
      result |= BigInt(r) << shift;
      shift += 32n;
    }
    return result;
  }

  /** getrandbits(k) for k <= 32 as a number. */
  private bits32(k: number): number {
    return k === 0 ? 0 : this.next32() >>> (32 - k);
  }

  /** _randbelow_with_getrandbits(n), n > 0. */
  randbelow(n: bigint): bigint {
    if (n <= 0xffffffffn) return BigInt(this.randbelowSmall(Number(n)));
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** _randbelow for n < 2^32 without bigints. */
  randbelowSmall(n: number): number {
    const k = 32 - Math.clz32(n);
    let r = this.bits32(k);
    while (r >= n) r = this.bits32(k);
    return r;
  }

  /** randbytes(n). */
  randbytes(n: bigint | number): Uint8Array {
    const count = Number(n);
    if (count < 0) throw valueError('number of bits must be non-negative');
    let v = this.getrandbits(count * 8);
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) { out[i] = Number(v & 0xffn); v >>= 8n; }
    return out;
  }

  // ------------------------------------------------------------ integers

  /** randrange(start, stop=None, step=1). */
  randrange(start: Real, stop: Real | null = null, step: Real | null = null): bigint {
    const istart = toIndexInt(start, 'arg 1');
    if (stop === null) {
      if (step !== null) throw typeError('Missing a non-None stop argument');
      if (istart > 0n) return this.randbelow(istart);
      throw valueError('empty range for randrange()');
    }
    const istop = toIndexInt(stop, 'stop');
    const width = istop - istart;
    const istep = step === null ? 1n : toIndexInt(step, 'step');
    if (istep === 1n) {
      if (width > 0n) return istart + this.randbelow(width);
      throw valueError(`empty range for randrange() (${istart}, ${istop}, ${width})`);
    }
    let n: bigint;
    if (istep > 0n) n = floorDiv(width + istep - 1n, istep);
    else if (istep < 0n) n = floorDiv(width + istep + 1n, istep);
    else throw valueError('zero step for randrange()');
    if (n <= 0n) throw valueError('empty range for randrange()');
    return istart + istep * this.randbelow(n);
  }

  /** randint(a, b). */
  randint(a: Real, b: Real): bigint {
    return this.randrange(a, add(b, 1n) as Real);
  }

  // ----------------------------------------------------------- sequences

  /** choice(seq). */
  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) throw new PyError('IndexError', 'Cannot choose from an empty sequence');
    return seq[this.randbelowSmall(seq.length)];
  }

  /** shuffle(x), in place. */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i >= 1; i--) {
      const j = this.randbelowSmall(i + 1);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /** sample(population, k, *, counts=None). */
  sample<T>(population: readonly T[], kArg: bigint | number, counts: readonly Real[] | null = null): T[] {
    const n = population.length;
    const k = Number(kArg);
    if (counts !== null) {
      const cum: (bigint | number)[] = [];
      let acc: bigint | number | null = null;
      for (const c of counts) { acc = acc === null ? c as bigint | number : add(acc, c); cum.push(acc); }
      if (cum.length !== n) throw valueError('The number of counts does not match the population');
      const total = cum.pop();
      if (typeof total !== 'bigint') throw typeError('Counts must be integers');
      if (total <= 0n) throw valueError('Total of counts must be greater than zero');
      const selections = this.sampleRange(total, k);
      return selections.map((s) => population[bisectRight(cum, s)]);
    }
    if (!(k >= 0 && k <= n)) throw valueError('Sample larger than population or is negative');
    return this.sampleIndices(n, k).map((j) => population[j]);
  }

  /** sample(range(total), k) for a bigint total. */
  private sampleRange(total: bigint, k: number): bigint[] {
    if (!(k >= 0 && BigInt(k) <= total)) throw valueError('Sample larger than population or is negative');
    if (total <= BigInt(Number.MAX_SAFE_INTEGER)) return this.sampleIndices(Number(total), k).map(BigInt);
    const result: bigint[] = [];
    const selected = new Set<bigint>();
    for (let i = 0; i < k; i++) {
      let j = this.randbelow(total);
      while (selected.has(j)) j = this.randbelow(total);
      selected.add(j);
      result.push(j);
    }
    return result;
  }

  private sampleIndices(n: number, k: number): number[] {
    const result = new Array<number>(k);
    let setsize = 21;
    if (k > 5) setsize += 4 ** Number(ceil(mathLog(k * 3, 4)));
    const below = (m: number): number => m <= 0xffffffff ? this.randbelowSmall(m) : Number(this.randbelow(BigInt(m)));
    if (n <= setsize) {
      const pool = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = below(n - i);
        result[i] = pool[j];
        pool[j] = pool[n - i - 1];
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = below(n);
        while (selected.has(j)) j = below(n);
        selected.add(j);
        result[i] = j;
      }
    }
    return result;
  }

  /** choices(population, weights=None, *, cum_weights=None, k=1). */
  choices<T>(population: readonly T[], weights: readonly Real[] | null = null, cumWeights: readonly Real[] | null = null, kArg: bigint | number = 1n): T[] {
    const n = population.length;
    const k = Number(kArg);
    const out: T[] = [];
    if (cumWeights === null) {
      if (weights === null) {
        const nf = n + 0.0;
        for (let i = 0; i < k; i++) {
          const j = Math.floor(this.random() * nf);
          if (j >= n) throw new PyError('IndexError', 'list index out of range');
          out.push(population[j]);
        }
        return out;
      }
      const cum: (bigint | number)[] = [];
      let acc: bigint | number | null = null;
      for (const w of weights) { acc = acc === null ? w as bigint | number : add(acc, w); cum.push(acc); }
      cumWeights = cum;
    } else if (weights !== null) {
      throw typeError('Cannot specify both weights and cumulative weights');
    }
    if (cumWeights.length !== n) throw valueError('The number of weights does not match the population');
    if (n === 0) throw new PyError('IndexError', 'list index out of range');
    const total = toFloat(cumWeights[n - 1]) + 0.0;
    if (total <= 0.0) throw valueError('Total of weights must be greater than zero');
    if (!Number.isFinite(total)) throw valueError('Total of weights must be finite');
    const hi = n - 1;
    for (let i = 0; i < k; i++) out.push(population[bisectRight(cumWeights, this.random() * total, 0, hi)]);
    return out;
  }

  // --------------------------------------------------- real distributions

  uniform(a: Real, b: Real): number {
    return toFloat(add(a, toFloat(sub(b, a)) * this.random()));
  }

  /** triangular(low=0.0, high=1.0, mode=None); an empty range returns low as given (an int stays an int). */
  triangular(low: Real = 0.0, high: Real = 1.0, mode: Real | null = null): bigint | number {
    let u = this.random();
    let c: number;
    if (mode === null) c = 0.5;
    else {
      const span = sub(high, low);
      if (span === 0 || span === 0n) return typeof low === 'boolean' ? (low ? 1n : 0n) : low;
      c = toFloat(sub(mode, low)) / toFloat(span);
    }
    let lo = low;
    let hi = high;
    if (u > c) {
      u = 1.0 - u;
      c = 1.0 - c;
      [lo, hi] = [hi, lo];
    }
    return toFloat(add(lo, toFloat(sub(hi, lo)) * Math.sqrt(u * c)));
  }

  normalvariate(mu: Real = 0.0, sigma: Real = 1.0): number {
    let z: number;
    for (;;) {
      const u1 = this.random();
      const u2 = 1.0 - this.random();
      z = NV_MAGICCONST * (u1 - 0.5) / u2;
      const zz = z * z / 4.0;
      if (zz <= -log(u2)) break;
    }
    return toFloat(add(mu, z * toFloat(sigma)));
  }

  gauss(mu: Real = 0.0, sigma: Real = 1.0): number {
    let z = this.gaussNext;
    this.gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWOPI;
      const g2rad = Math.sqrt(-2.0 * log(1.0 - this.random()));
      z = cLibm1.cos(x2pi) * g2rad;
      this.gaussNext = cLibm1.sin(x2pi) * g2rad;
    }
    return toFloat(add(mu, z * toFloat(sigma)));
  }

  lognormvariate(mu: Real, sigma: Real): number {
    return exp(this.normalvariate(mu, sigma));
  }

  expovariate(lambd: Real): number {
    const x = -log(1.0 - this.random());
    return divide(x, toFloat(lambd));
  }

  vonmisesvariate(muArg: Real, kappaArg: Real): number {
    const mu = toFloat(muArg);
    const kappa = toFloat(kappaArg);
    if (kappa <= 1e-6) return TWOPI * this.random();
    const s = 0.5 / kappa;
    const r = s + Math.sqrt(1.0 + s * s);
    let z: number;
    for (;;) {
      const u1 = this.random();
      z = cLibm1.cos(Math.PI * u1);
      const d = z / (r + z);
      const u2 = this.random();
      if (u2 < 1.0 - d * d || u2 <= (1.0 - d) * exp(d)) break;
    }
    const q = 1.0 / r;
    const f = (q + z) / (1.0 + q * z);
    const u3 = this.random();
    const acos = cLibm1.acos(f);
    return (u3 > 0.5 ? pyMod(mu + acos, TWOPI) : pyMod(mu - acos, TWOPI)) as number;
  }

  gammavariate(alphaArg: Real, betaArg: Real): number {
    const alpha = toFloat(alphaArg);
    const beta = toFloat(betaArg);
    if (alpha <= 0.0 || beta <= 0.0) throw valueError('gammavariate: alpha and beta must be > 0.0');
    if (alpha > 1.0) {
      const ainv = Math.sqrt(2.0 * alpha - 1.0);
      const bbb = alpha - LOG4;
      const ccc = alpha + ainv;
      for (;;) {
        const u1 = this.random();
        if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
        const u2 = 1.0 - this.random();
        const v = log(u1 / (1.0 - u1)) / ainv;
        const x = alpha * exp(v);
        const z = u1 * u1 * u2;
        const r = bbb + ccc * v - x;
        if (r + SG_MAGICCONST - 4.5 * z >= 0.0 || r >= log(z)) return x * beta;
      }
    }
    if (alpha === 1.0) return -log(1.0 - this.random()) * beta;
    let x: number;
    for (;;) {
      const u = this.random();
      const b = (Math.E + alpha) / Math.E;
      const p = b * u;
      x = p <= 1.0 ? floatPow(p, 1.0 / alpha) : -log((b - p) / alpha);
      const u1 = this.random();
      if (p > 1.0) {
        if (u1 <= floatPow(x, alpha - 1.0)) break;
      } else if (u1 <= exp(-x)) break;
    }
    return x * beta;
  }

  betavariate(alpha: Real, beta: Real): number {
    const y = this.gammavariate(alpha, 1.0);
    if (y) return y / (y + this.gammavariate(beta, 1.0));
    return 0.0;
  }

  paretovariate(alpha: Real): number {
    const u = 1.0 - this.random();
    return floatPow(u, divide(-1.0, toFloat(alpha)));
  }

  weibullvariate(alpha: Real, beta: Real): number {
    const u = 1.0 - this.random();
    return toFloat(alpha) * floatPow(-log(u), divide(1.0, toFloat(beta)));
  }
}

/** Float division with Python's ZeroDivisionError. */
function divide(a: number, b: number): number {
  if (b === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
  return a / b;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** bisect.bisect_right over ints and floats compared numerically. */
function bisectRight(a: readonly (bigint | number | boolean)[], x: bigint | number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    // x < a[mid] with Python's exact int/float comparison.
    if (compareMixed(x, typeof a[mid] === 'boolean' ? (a[mid] ? 1n : 0n) : a[mid] as bigint | number) < 0) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function utf8(s: string): Buffer {
  // Python's str.encode() is strict: a lone surrogate is an error.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
      if (!pair) throw new PyError('UnicodeEncodeError', `'utf-8' codec can't encode character '\\u${c.toString(16)}' in position ${i}: surrogates not allowed`);
      i++;
    }
  }
  return Buffer.from(s, 'utf8');
}

/** The module-level functions share one instance, seeded from the OS like python3's. */
export const defaultRandom = new Random();
