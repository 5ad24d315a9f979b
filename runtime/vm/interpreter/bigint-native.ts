// Tier-1's big-int arithmetic in native code: cases/bigint.c (in the support
// library, linked by a JitRuntime of its own) called through koffi on the limbs
// of arena ints (../heap/bigint-limbs.ts). An operand that is a small int or an
// inline 128-bit int is staged as limbs in a native scratch area first; results
// of 128 bits or fewer go back to their canonical small or inline form.
//
// One instance per process (the support code and the scratch area are
// stateless between calls), created on the first big-int operation past 128
// bits: a run that never has one pays nothing. Its functions are the tracing
// JIT's support code when a JIT is attached (shareRuntime): linking a copy of
// its own cost 15-30 ms in the middle of a run.
import { LAYOUT as L } from '../../../build/layout.ts';
import { koffi, mapMemory, releasePages, viewMemory, PROT_READ, PROT_WRITE } from '../../jit/native.ts';
import type { JitRuntime } from '../../jit/jit-runtime.ts';
import { allocateLimbs, finishLimbs, isLimbsObject, limbsSize, LIMB0_W, MAX_LIMBS, setLimbsToDouble } from '../heap/bigint-limbs.ts';
import type { Heap } from '../heap/heap.ts';
import type { Objects } from '../heap/objects.ts';
import { smallIntOf, TAG_BOOL, TAG_INT, TWO_32 } from '../heap/value-words.ts';
import { createJitRuntime } from '../tracing/vm-jit-runtime.ts';

const VALUE_LO_W = L.BIGINT_VALUE_LO / 8;
/**
 * Scratch area (address space only, committed as touched): staged operands,
 * out words, then C scratch. Big enough for the scratch of a product or power
 * as large as one int may be (MAX_LIMBS); what a huge operation touched is
 * given back after it (releaseScratch), so it does not stay resident.
 */
const SCRATCH_BYTES = 2 ** 36;
/** Scratch past this many bytes used by one operation is given back to the kernel after it. */
const KEEP_SCRATCH_BYTES = 64 * 1024 * 1024;
const PAGE = 4096;
/** Bytes of scratch the cached text view covers; longer texts get a view of their own. */
const TEXT_VIEW_BYTES = 16 * 1024 * 1024;
const STAGE_A = 0; // limb index of operand a's staged limbs (2)
const STAGE_B = 2;
const OUT = 4; // two int64 results of bigint_divmod
const STAGE_M = 4; // pow(a, e, m)'s modulus (bigint_powmod has no out words)
const WORK = 8; // C scratch from here
const WORK_LIMBS = SCRATCH_BYTES / 8 - WORK;

/** The most a big-int operation asks of the lent buffer (8 MB): bigger ones stay in tier-1. */
const MAX_LENT_WANT_WORDS = 1 << 20;

/** cases/bigint.c KARATSUBA_LIMBS: below it a product needs no scratch. */
const KARATSUBA_LIMBS = 40;

type I64Fn = (...args: number[]) => number;

/** koffi prototypes by function name (koffi keeps named types for the process). */
const PROTOS: Record<string, ReturnType<typeof koffi.proto>> = {};

export const enum BitOp { AND = 0, OR = 1, XOR = 2 }

export class BigIntNative {
  /** The runtime whose support code the functions below are in (bind). */
  private rt!: JitRuntime;
  private add!: I64Fn;
  private mulFn!: I64Fn;
  private divmodFn!: I64Fn;
  private compareFn!: I64Fn;
  private lshiftFn!: I64Fn;
  private rshiftFn!: I64Fn;
  private bitopFn!: I64Fn;
  private hashFn!: I64Fn;
  private decimalFn!: I64Fn;
  private toDoubleFn!: I64Fn;
  private powmodFn!: I64Fn;
  private powFn!: I64Fn;
  private fromDecimalFn!: I64Fn;
  private truedivFn!: I64Fn;
  private toRadix2Fn!: I64Fn;
  private fromRadixFn!: I64Fn;
  private modinvFn!: I64Fn;
  private readonly scratch: number;
  private readonly s32: Uint32Array;
  /** The scratch area's first bytes as one Buffer: text in and out without a new view per call. */
  private readonly textView: Buffer;
  private readonly sI32: Int32Array;
  /** The operand stage() described last: limbs address and signed length. */
  private addr = 0;
  private len = 0;
  /** Hashes computed here (tests check the native path ran). */
  hashes = 0;
  /** str() and float() conversions done here (tests check the native path ran). */
  decimals = 0;
  doubles = 0;
  /** pow(a, e, m) computed here. */
  powmods = 0;
  /** int(str) conversions done here. */
  fromDecimals = 0;
  /** a ** e computed here. */
  pows = 0;
  /** divmod() calls done with one division here. */
  divmods = 0;
  /** a / b (true division) computed here. */
  truedivs = 0;
  /** hex/oct/bin digits and int(str, base) for bases other than 10 done here. */
  toRadix = 0;
  fromRadix = 0;
  /** Modular inverses (pow(a, -e, m)) computed here. */
  modInverses = 0;
  /** a ** -e of a big int (float(a) ** float(e), no V8 BigInt). */
  floatPows = 0;

  private constructor(rt: JitRuntime) {
    this.bind(rt);
    this.scratch = mapMemory(SCRATCH_BYTES, PROT_READ | PROT_WRITE, 0, false, true);
    const buf = viewMemory(this.scratch, 64);
    this.textView = Buffer.from(viewMemory(this.scratch, TEXT_VIEW_BYTES));
    this.s32 = new Uint32Array(buf);
    this.sI32 = new Int32Array(buf);
  }

  /** The functions of rt's support code (cases/bigint.c). */
  private bind(rt: JitRuntime): void {
    const fn = (name: string, params: number): I64Fn => {
      const proto = (PROTOS[name] ??= koffi.proto(`int64_t ${name}_fn(${Array.from({ length: params }, (_, i) => `int64_t a${i}`).join(', ')})`));
      return koffi.decode(BigInt(rt.exportAddress(name)), proto) as I64Fn;
    };
    const doubleFn = (name: string, params: number): I64Fn => {
      const proto = (PROTOS[name] ??= koffi.proto(`double ${name}_fn(${Array.from({ length: params }, (_, i) => `int64_t a${i}`).join(', ')})`));
      return koffi.decode(BigInt(rt.exportAddress(name)), proto) as I64Fn;
    };
    this.rt = rt;
    this.add = fn('bigint_add', 5);
    this.mulFn = fn('bigint_mul', 6);
    this.divmodFn = fn('bigint_divmod', 8);
    this.compareFn = fn('bigint_compare', 4);
    this.lshiftFn = fn('bigint_lshift', 4);
    this.rshiftFn = fn('bigint_rshift', 4);
    this.bitopFn = fn('bigint_bitop', 6);
    this.hashFn = fn('bigint_hash', 2);
    this.decimalFn = fn('bigint_to_decimal', 4);
    this.powmodFn = fn('bigint_powmod', 8);
    this.powFn = fn('bigint_pow', 6);
    this.fromDecimalFn = fn('bigint_from_decimal', 3);
    this.toRadix2Fn = fn('bigint_to_radix2', 4);
    this.fromRadixFn = fn('bigint_from_radix', 4);
    this.modinvFn = fn('bigint_modinv', 6);
    this.truedivFn = doubleFn('bigint_truediv', 6);
    this.toDoubleFn = doubleFn('bigint_to_double', 2);
  }

  private static instance: BigIntNative | null = null;
  /** The instance when its functions are the ones to use; null when get() must bind them again. */
  private static current: BigIntNative | null = null;
  /** The runtime linked for this class alone, when no JIT shared one. */
  private static ownRuntime: JitRuntime | null = null;
  /** The attached tracing JIT's runtime (made on demand), or null. */
  private static shared: (() => JitRuntime) | null = null;

  /**
   * Lends tier-1 the runtime of an attached JIT, whose support code holds
   * cases/bigint.c already; once it is disposed, get() goes back to a runtime
   * of this class's own.
   */
  static shareRuntime(source: () => JitRuntime): void {
    BigIntNative.shared = source;
    BigIntNative.current = null;
  }

  /** Ends shareRuntime(source) if it is still the one shared. */
  static stopSharing(source: () => JitRuntime): void {
    if (BigIntNative.shared !== source) return;
    BigIntNative.shared = null;
    BigIntNative.current = null;
  }

  static get(): BigIntNative {
    const c = BigIntNative.current;
    if (c !== null && !c.rt.disposed) return c;
    let rt = BigIntNative.shared?.() ?? null;
    if (rt === null || rt.disposed) {
      if (BigIntNative.ownRuntime === null || BigIntNative.ownRuntime.disposed) BigIntNative.ownRuntime = createJitRuntime({ codeMemoryBytes: 4 * 1024 * 1024 });
      rt = BigIntNative.ownRuntime;
    }
    // The counters and the scratch area stay: only the functions move to the live runtime.
    const i = BigIntNative.instance;
    if (i !== null) i.bind(rt);
    else BigIntNative.instance = new BigIntNative(rt);
    return (BigIntNative.current = BigIntNative.instance!);
  }

  /** The runtime whose support code the functions are (tests check the sharing). */
  get runtime(): JitRuntime {
    return this.rt;
  }

  /** The latin1 text of len bytes at scratch address addr. */
  private textAt(addr: number, len: number): string {
    const off = addr - this.scratch;
    if (off + len <= TEXT_VIEW_BYTES) return this.textView.toString('latin1', off, off + len);
    return Buffer.from(viewMemory(addr, len)).toString('latin1');
  }

  /** Writes ASCII text at scratch address addr. */
  private writeTextAt(addr: number, text: string): void {
    const off = addr - this.scratch;
    if (off + text.length <= TEXT_VIEW_BYTES) this.textView.write(text, off, text.length, 'latin1');
    else Buffer.from(viewMemory(addr, text.length)).write(text, 'latin1');
  }

  /** After an operation that used `limbs` limbs of C scratch: gives a large used range back. */
  private releaseScratch(limbs: number): void {
    const bytes = (WORK + limbs) * 8;
    if (bytes <= KEEP_SCRATCH_BYTES) return;
    releasePages(this.scratch + PAGE, Math.floor((bytes - PAGE) / PAGE) * PAGE);
  }

  /** The signed limb count an operation on int slot w sizes its result by (normalized: no zero top limb). */
  stagedLength(heap: Heap, w: number): number {
    this.stage(heap, w, STAGE_A);
    return this.len;
  }

  /** Sets addr/len to int slot w's limbs (a small or inline int is staged at limb index `at`). */
  private stage(heap: Heap, w: number, at: number): void {
    const u32 = heap.u32;
    const lo = u32[2 * w];
    const hi = u32[2 * w + 1];
    const tag = hi >>> 16;
    const s32 = this.s32;
    this.addr = this.scratch + at * 8;
    if (tag === TAG_INT || tag === TAG_BOOL) {
      let v = tag === TAG_INT ? smallIntOf(lo, hi) : lo;
      const neg = v < 0;
      if (neg) v = -v;
      s32[2 * at] = v >>> 0;
      s32[2 * at + 1] = Math.floor(v / TWO_32);
      this.len = v === 0 ? 0 : neg ? -1 : 1;
      return;
    }
    const o = heap.objectAt(w);
    if (isLimbsObject(heap, o)) {
      this.addr = heap.base + (o + LIMB0_W) * 8;
      this.len = limbsSize(heap, o);
      return;
    }
    // An inline int128: its two's complement to sign and magnitude.
    const p = 2 * (o + VALUE_LO_W);
    let w0 = u32[p], w1 = u32[p + 1], w2 = u32[p + 2], w3 = u32[p + 3];
    const neg = w3 >>> 31 !== 0;
    if (neg) {
      w0 = (~w0 >>> 0) + 1;
      let c = w0 > 0xffffffff ? 1 : 0;
      w0 >>>= 0;
      w1 = (~w1 >>> 0) + c; c = w1 > 0xffffffff ? 1 : 0; w1 >>>= 0;
      w2 = (~w2 >>> 0) + c; c = w2 > 0xffffffff ? 1 : 0; w2 >>>= 0;
      w3 = ((~w3 >>> 0) + c) >>> 0;
    }
    s32[2 * at] = w0; s32[2 * at + 1] = w1; s32[2 * at + 2] = w2; s32[2 * at + 3] = w3;
    // The normalized length: callers size results by it (a // b with a 2-limb
    // b whose top limb is 0 needs a longer quotient than 2 limbs would say).
    const n = (w2 | w3) !== 0 ? 2 : (w0 | w1) !== 0 ? 1 : 0;
    this.len = neg ? -n : n;
  }

  /** Stores the result object o (signed length `size`) into slot w canonically. */
  private finish(objs: Objects, heap: Heap, w: number, o: number, size: number): void {
    const n = size < 0 ? -size : size;
    if (n > 2) {
      finishLimbs(heap, o, size);
      objs.setObject(w, o);
      return;
    }
    // 128 bits or fewer: read the limbs, then let the block go (the next sweep takes it).
    const u32 = heap.u32;
    const p = 2 * (o + LIMB0_W);
    const l0 = n ? u32[p] : 0, l1 = n ? u32[p + 1] : 0, l2 = n === 2 ? u32[p + 2] : 0, l3 = n === 2 ? u32[p + 3] : 0;
    finishLimbs(heap, o, 0);
    if (n <= 1 && l1 < 0x200000) {
      const m = l1 * TWO_32 + l0;
      objs.setInt(w, size < 0 ? -m : m);
      return;
    }
    const m = (((BigInt(l3) << 32n) | BigInt(l2)) << 64n) | (BigInt(l1) << 32n) | BigInt(l0);
    objs.setBig(w, size < 0 ? -m : m);
  }

  /**
   * The result's block, and what the same operation in a trace would need of
   * the lent buffer (cases/bigint.c bigint_value_op: header, limbs, scratch, a
   * spare inline int) recorded for the buffer lent next (heap.lentWantWords).
   */
  private allocate(heap: Heap, limbs: number, scratch: number): number {
    // Room for several such results: one exit per refill, not per result.
    heap.lentWantWords = Math.min(16 * (LIMB0_W + limbs + 8) + scratch, MAX_LENT_WANT_WORDS);
    return allocateLimbs(heap, limbs);
  }

  /** a + b (or a - b) into slot a. */
  addSub(objs: Objects, heap: Heap, a: number, b: number, subtract: boolean): void {
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    this.stage(heap, b, STAGE_B);
    const bp = this.addr, bn = subtract ? -this.len : this.len;
    const o = this.allocate(heap, Math.max(Math.abs(an), Math.abs(bn)) + 1, 0);
    this.finish(objs, heap, a, o, this.add(ap, an, bp, bn, heap.base + (o + LIMB0_W) * 8));
  }

  /** a * b into slot a; false when the scratch area is too small (the caller's V8 path then runs). */
  mul(objs: Objects, heap: Heap, a: number, b: number): boolean {
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    this.stage(heap, b, STAGE_B);
    const bp = this.addr, bn = this.len;
    const n = Math.abs(an) + Math.abs(bn);
    if (6 * n + 256 > WORK_LIMBS) return false;
    const o = this.allocate(heap, n, Math.min(Math.abs(an), Math.abs(bn)) >= KARATSUBA_LIMBS ? 6 * n + 256 : 0);
    this.finish(objs, heap, a, o, this.mulFn(ap, an, bp, bn, heap.base + (o + LIMB0_W) * 8, this.scratch + WORK * 8));
    this.releaseScratch(6 * n + 256);
    return true;
  }

  /**
   * a // b (wantQuotient) or a % b into slot a, Python's floor rules; b != 0
   * (the caller raises). False when the scratch area is too small.
   */
  divmod(objs: Objects, heap: Heap, a: number, b: number, wantQuotient: boolean): boolean {
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    this.stage(heap, b, STAGE_B);
    const bp = this.addr, bn = this.len;
    const na = Math.abs(an), nb = Math.abs(bn);
    const qLimbs = Math.max(na - nb + 2, 1);
    const work = na + nb + 2;
    const other = wantQuotient ? nb : qLimbs; // the unwanted result goes to scratch
    if (work + other > WORK_LIMBS) return false;
    const o = this.allocate(heap, wantQuotient ? qLimbs : nb, work + Math.max(na + 2, nb));
    const mine = heap.base + (o + LIMB0_W) * 8;
    const spare = this.scratch + (WORK + work) * 8;
    const out = this.scratch + OUT * 8;
    this.divmodFn(ap, an, bp, bn, wantQuotient ? mine : spare, wantQuotient ? spare : mine, this.scratch + WORK * 8, out);
    this.finish(objs, heap, a, o, this.sI32[2 * (OUT + (wantQuotient ? 0 : 1))]);
    return true;
  }

  /**
   * divmod(a, b) into slots q and r with one division, Python's floor rules;
   * b != 0 (the caller raises). False when the scratch area is too small.
   */
  divmodBoth(objs: Objects, heap: Heap, q: number, r: number, a: number, b: number): boolean {
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    this.stage(heap, b, STAGE_B);
    const bp = this.addr, bn = this.len;
    const na = Math.abs(an), nb = Math.abs(bn);
    const work = na + nb + 2;
    if (work > WORK_LIMBS) return false;
    this.divmods++;
    // The remainder's block is rooted in slot r (as a 0) before the quotient's
    // is allocated: a collection there must not take it.
    const ro = allocateLimbs(heap, nb);
    objs.setObject(r, ro);
    const qo = this.allocate(heap, Math.max(na - nb + 2, 1), work);
    const out = this.scratch + OUT * 8;
    this.divmodFn(ap, an, bp, bn, heap.base + (qo + LIMB0_W) * 8, heap.base + (ro + LIMB0_W) * 8, this.scratch + WORK * 8, out);
    const qn = this.sI32[2 * OUT], rn = this.sI32[2 * (OUT + 1)];
    this.finish(objs, heap, q, qo, qn);
    this.finish(objs, heap, r, ro, rn);
    return true;
  }

  /** Three-way comparison of two int slots. */
  compare(heap: Heap, a: number, b: number): number {
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    this.stage(heap, b, STAGE_B);
    return this.compareFn(ap, an, this.addr, this.len);
  }

  /** a << shift or a >> shift into slot a (0 <= shift; the caller bounds it). */
  shift(objs: Objects, heap: Heap, a: number, shift: number, left: boolean): void {
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    const na = Math.abs(an);
    const words = Math.floor(shift / 64);
    const limbs = left ? na + words + 1 : Math.max(na - words, 0) + 1;
    const o = this.allocate(heap, limbs, 0);
    const r = heap.base + (o + LIMB0_W) * 8;
    this.finish(objs, heap, a, o, left ? this.lshiftFn(ap, an, shift, r) : this.rshiftFn(ap, an, shift, r));
  }

  /**
   * Python's hash of the int in slot w (|n| mod 2^61 - 1, signed, -1 as -2)
   * into HASH, without a V8 BigInt.
   */
  hash(heap: Heap, w: number, into: Uint32Array): void {
    this.hashes++;
    this.stage(heap, w, STAGE_A);
    const h = BigInt(this.hashFn(this.addr, this.len));
    into[0] = Number(BigInt.asUintN(32, h));
    into[1] = Number(BigInt.asUintN(32, h >> 32n));
  }

  /**
   * The decimal digits of |limbs object o| (no sign), or null when they
   * would not fit the scratch area (the caller's V8 path then runs).
   */
  decimalDigits(heap: Heap, o: number): string | null {
    const n = Math.abs(limbsSize(heap, o));
    const bytes = 40 * n + 64; // cases/bigint.c bigint_to_decimal's bound
    const outAt = WORK + 24 * n + 1024; // after its scratch
    if (outAt + bytes / 8 + 1 > WORK_LIMBS) return null;
    this.decimals++;
    const out = this.scratch + outAt * 8;
    const len = this.decimalFn(heap.base + (o + LIMB0_W) * 8, n, out, this.scratch + WORK * 8);
    return this.textAt(out, len);
  }

  /**
   * The int of decimal digits (ASCII, checked by the caller) into slot w;
   * false when they do not fit the scratch area.
   */
  fromDecimal(objs: Objects, heap: Heap, w: number, digits: string, negative: boolean): boolean {
    const len = digits.length;
    if (len / 8 + 1 > WORK_LIMBS) return false;
    this.fromDecimals++;
    const at = this.scratch + WORK * 8;
    this.writeTextAt(at, digits);
    const o = this.allocate(heap, Math.ceil((len * Math.log2(10)) / 64) + 2, 0);
    const n = this.fromDecimalFn(at, len, heap.base + (o + LIMB0_W) * 8);
    this.finish(objs, heap, w, o, negative ? -n : n);
    return true;
  }

  /** float(limbs object o), correctly rounded; an infinity when too large (the caller raises). */
  toDouble(heap: Heap, o: number): number {
    this.doubles++;
    return this.toDoubleFn(heap.base + (o + LIMB0_W) * 8, limbsSize(heap, o));
  }

  /**
   * a ** e into slot a, for an int a of `bits` bits (or fewer) and 0 <= e;
   * false when the result or its scratch would not fit (the caller's V8
   * path then runs, and raises MemoryError where it must).
   */
  pow(objs: Objects, heap: Heap, a: number, e: number, bits: number): boolean {
    const rn = Math.ceil((bits * e) / 64) + 2;
    if (rn > MAX_LIMBS || 13 * rn + 256 > WORK_LIMBS) return false;
    this.pows++;
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    const o = this.allocate(heap, rn, 13 * rn + 256);
    this.finish(objs, heap, a, o, this.powFn(ap, an, e, heap.base + (o + LIMB0_W) * 8, this.scratch + WORK * 8, this.scratch + (WORK + rn) * 8));
    this.releaseScratch(13 * rn + 256);
    return true;
  }

  /**
   * pow(a, e, m) into slot dst for e >= 0 and m >= 2 (the caller checks;
   * negative exponents and moduli take its V8 path). False when the scratch
   * area is too small.
   */
  powMod(objs: Objects, heap: Heap, dst: number, a: number, e: number, m: number): boolean {
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    this.stage(heap, e, STAGE_B);
    const ep = this.addr, en = this.len;
    this.stage(heap, m, STAGE_M);
    const mp = this.addr, mn = this.len;
    const nm = Math.abs(mn);
    if (20 * nm + 2 * Math.abs(an) + 600 > WORK_LIMBS) return false;
    this.powmods++;
    const o = this.allocate(heap, nm, 0);
    this.finish(objs, heap, dst, o, this.powmodFn(ap, an, ep, en, mp, mn, heap.base + (o + LIMB0_W) * 8, this.scratch + WORK * 8));
    return true;
  }

  /**
   * a / b correctly rounded (cases/bigint_radix.c bigint_truediv); b != 0
   * (the caller raises). Infinity when the quotient is too large for a float
   * (the caller raises OverflowError); null when the scratch area is too small.
   */
  trueDiv(heap: Heap, a: number, b: number): number | null {
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    this.stage(heap, b, STAGE_B);
    const bp = this.addr, bn = this.len;
    if (4 * Math.abs(bn) + 24 > WORK_LIMBS) return null;
    this.truedivs++;
    const flag = OUT;
    const q = this.truedivFn(ap, an, bp, bn, this.scratch + WORK * 8, this.scratch + flag * 8);
    return this.s32[2 * flag] !== 0 ? Infinity : q;
  }

  /**
   * The digits of |limbs object o| in base 2^k (k = 1, 3, 4: bin, oct, hex;
   * lowercase, no sign or prefix), or null when they would not fit the scratch area.
   */
  radix2Digits(heap: Heap, o: number, k: number): string | null {
    const n = Math.abs(limbsSize(heap, o));
    const bytes = Math.ceil((64 * n) / k) + 8;
    if (bytes / 8 + 1 > WORK_LIMBS) return null;
    this.toRadix++;
    const out = this.scratch + WORK * 8;
    const len = this.toRadix2Fn(heap.base + (o + LIMB0_W) * 8, n, k, out);
    return this.textAt(out, len);
  }

  /**
   * The int of `digits` in `base` (2..36; ASCII digits and letters checked by
   * the caller) into slot w; false when they do not fit the scratch area.
   */
  fromRadixDigits(objs: Objects, heap: Heap, w: number, digits: string, base: number, negative: boolean): boolean {
    const len = digits.length;
    if (len / 8 + 1 > WORK_LIMBS) return false;
    this.fromRadix++;
    const at = this.scratch + WORK * 8;
    this.writeTextAt(at, digits);
    const o = this.allocate(heap, Math.ceil((len * Math.log2(base)) / 64) + 2, 0);
    const n = this.fromRadixFn(at, len, base, heap.base + (o + LIMB0_W) * 8);
    this.finish(objs, heap, w, o, negative ? -n : n);
    return true;
  }

  /**
   * The int of a digit run given in ASCII pieces (a huge str's literal) into
   * slot w; false when the digits do not fit the scratch area.
   */
  fromRadixPieces(objs: Objects, heap: Heap, w: number, run: { radix: number; negative: boolean; digits: number; pieces(fn: (ascii: string) => void): void }): boolean {
    const len = run.digits;
    if (len / 8 + 1 > WORK_LIMBS) return false;
    this.fromRadix++;
    const at = this.scratch + WORK * 8;
    let off = 0;
    run.pieces((piece) => {
      if (off + piece.length > len) return;
      Buffer.from(viewMemory(at + off, piece.length)).write(piece, 'latin1');
      off += piece.length;
    });
    if (off !== len) return false; // not the digits counted (never a wrong value)
    const o = this.allocate(heap, Math.ceil((len * Math.log2(run.radix)) / 64) + 2, 0);
    const n = this.fromRadixFn(at, len, run.radix, heap.base + (o + LIMB0_W) * 8);
    this.releaseScratch(len / 8 + 1);
    this.finish(objs, heap, w, o, run.negative ? -n : n);
    return true;
  }

  /**
   * pow(a, e, m) for e < 0 and m >= 2 into slot dst: the inverse of a modulo m
   * (extended Euclid in C) raised to -e. Returns 'not invertible' when
   * gcd(a, m) != 1 (the caller raises ValueError), false when the scratch area
   * is too small. `tmp` is a free slot for a mod m.
   */
  powModNegative(objs: Objects, heap: Heap, dst: number, a: number, e: number, m: number, tmp: number): boolean | 'not invertible' {
    objs.copy(tmp, a);
    if (!this.divmod(objs, heap, tmp, m, false)) return false; // tmp = a mod m, in [0, m)
    this.stage(heap, tmp, STAGE_A);
    const ap = this.addr, an = this.len;
    this.stage(heap, m, STAGE_M);
    const mp = this.addr, mn = this.len;
    const nm = Math.abs(mn);
    if (24 * (nm + 2) + 300 > WORK_LIMBS) return false;
    this.modInverses++;
    const o = this.allocate(heap, nm, 0);
    const n = this.modinvFn(ap, an, mp, mn, heap.base + (o + LIMB0_W) * 8, this.scratch + WORK * 8);
    if (n < 0) { finishLimbs(heap, o, 0); return 'not invertible'; }
    this.finish(objs, heap, tmp, o, n);
    // bigint_powmod raises to |e|.
    return this.powMod(objs, heap, dst, tmp, e, m);
  }

  /** a & b, a | b or a ^ b into slot a (two's complement rules). */
  bitop(objs: Objects, heap: Heap, a: number, b: number, op: BitOp): void {
    this.stage(heap, a, STAGE_A);
    const ap = this.addr, an = this.len;
    this.stage(heap, b, STAGE_B);
    const bp = this.addr, bn = this.len;
    const o = this.allocate(heap, Math.max(Math.abs(an), Math.abs(bn)) + 1, 0);
    this.finish(objs, heap, a, o, this.bitopFn(op, ap, an, bp, bn, heap.base + (o + LIMB0_W) * 8));
  }
}

export { MAX_LIMBS };

// float(int) in heap/objects.ts goes native for limbs objects (no V8 BigInt).
setLimbsToDouble((heap, o) => BigIntNative.get().toDouble(heap, o));
