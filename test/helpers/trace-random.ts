// Seeded random inputs for trace tests: a small PRNG (mulberry32) and
// generators biased towards the edges that matter for NaN-boxed values (the
// 48-bit small-int limits, zero, signs, NaN/inf/-0.0).
export const SMALL_INT_MAX = (1n << 47n) - 1n;
export const SMALL_INT_MIN = -(1n << 47n);

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly random 48-bit two's-complement integer. */
  fullSmallInt(): bigint {
    const hi = BigInt(this.int(0, 0xffff));
    const lo = BigInt(this.int(0, 0xffffffff));
    return BigInt.asIntN(48, (hi << 32n) | lo);
  }

  /** A small int biased towards interesting values (limits, zero, ±1, small, medium, full range). */
  smallInt(): bigint {
    switch (this.int(0, 7)) {
      case 0:
        return this.pick([0n, 1n, -1n, 2n, -2n, SMALL_INT_MAX, SMALL_INT_MIN, SMALL_INT_MAX - 1n, SMALL_INT_MIN + 1n, 1n << 46n, -(1n << 46n), 1n << 24n, -(1n << 24n), 3n, -3n, 7n, -7n]);
      case 1:
        return SMALL_INT_MAX - BigInt(this.int(0, 1000));
      case 2:
        return SMALL_INT_MIN + BigInt(this.int(0, 1000));
      case 3:
      case 4:
        return BigInt(this.int(-100, 100));
      case 5:
        return BigInt(this.int(-(2 ** 24), 2 ** 24));
      default:
        return this.fullSmallInt();
    }
  }

  /** A double biased towards special values. */
  float(): number {
    switch (this.int(0, 7)) {
      case 0:
        return this.pick([0, -0, 1, -1, 2, -2, 0.5, -0.5, NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, -5e-324, 1 / 3, -8, 10, 1e-300]);
      case 1:
        return this.int(-20, 20);
      case 2:
        return this.int(-40, 40) / 4;
      case 3:
        return (this.next() - 0.5) * 1e6;
      case 4:
        return (this.next() - 0.5) * 10;
      case 5:
        return Math.exp((this.next() - 0.5) * 1400) * (this.chance(0.5) ? 1 : -1);
      default:
        return (this.next() - 0.5) * 200;
    }
  }
}
