// The general (slow-path) semantics of every operator and protocol: the
// interpreter handles small-int and float cases inline and calls these for
// everything else. Operands are value slots; results overwrite a slot.
import { BINARY_OP_SYMBOLS, BinaryOp, COMPARE_OP_SYMBOLS, CompareOp, UNARY_OP_SYMBOLS, UnaryOp } from '../frontend/bytecode.ts';
import { typeName } from '../heap/format.ts';
import { Kind, LIST_LENGTH_W, LIST_ITER_INDEX_W, LIST_ITER_LIST_W, RANGE_NEXT_W, RANGE_STEP_W, RANGE_STOP_W, type Objects } from '../heap/objects.ts';
import {
  bigFloorDiv, bigMod, bigTrueDiv, compareMixed, floatFloorDiv, floatMod, floatPow,
} from '../heap/numbers.ts';
import { PyError, indexError, typeError, valueError, zeroDivision } from '../heap/py-error.ts';

export class Operations {
  private readonly heap;
  /** str % args (library/percent-format.ts over the runtime's values; the runtime sets it). */
  percentFormat: (format: string, args: number) => string = () => { throw typeError('%-formatting of strings is not supported'); };
  constructor(private readonly objs: Objects) {
    this.heap = objs.heap;
  }

  private tn(w: number): string { return typeName(this.objs, w); }

  truthy(w: number): boolean {
    const objs = this.objs;
    switch (objs.kind(w)) {
      case Kind.Float: return objs.f64[w] !== 0; // NaN is truthy, and NaN !== 0
      case Kind.Int: return objs.smallInt(w) !== 0;
      case Kind.Bool: return objs.boolOf(w);
      case Kind.None: return false;
      case Kind.BigInt: return true;
      case Kind.Str: return objs.strLength(this.heap.objectAt(w)) > 0;
      case Kind.List: case Kind.Tuple: return objs.sequence(w)!.length > 0;
      case Kind.Range: return objs.rangeLength(this.heap.objectAt(w)) > 0;
      default: return true;
    }
  }

  /** a <op> b for any operand kinds; the result replaces slot a. */
  binary(op: number, a: number, b: number): void {
    const objs = this.objs;
    const ka = objs.kind(a);
    const kb = objs.kind(b);
    const aInt = ka === Kind.Int || ka === Kind.Bool || ka === Kind.BigInt;
    const bInt = kb === Kind.Int || kb === Kind.Bool || kb === Kind.BigInt;
    if (aInt && bInt) { this.intBinary(op, a, b); return; }
    if ((aInt || ka === Kind.Float) && (bInt || kb === Kind.Float)) {
      if (op >= BinaryOp.LSHIFT && op <= BinaryOp.XOR) this.unsupported(op, a, b);
      objs.setFloat(a, this.floatBinary(op, objs.floatOf(a), objs.floatOf(b)));
      return;
    }
    if (op === BinaryOp.ADD || op === BinaryOp.INPLACE_ADD) { this.concat(op, a, b, ka, kb); return; }
    if (op === BinaryOp.MUL) {
      if (bInt && (ka === Kind.Str || ka === Kind.List || ka === Kind.Tuple)) { this.repeat(a, a, b, ka); return; }
      if (aInt && (kb === Kind.Str || kb === Kind.List || kb === Kind.Tuple)) { this.repeat(a, b, a, kb); return; }
      if (ka === Kind.Str || ka === Kind.List || ka === Kind.Tuple) {
        throw typeError(`can't multiply sequence by non-int of type '${this.tn(b)}'`);
      }
      if (kb === Kind.Str || kb === Kind.List || kb === Kind.Tuple) {
        throw typeError(`can't multiply sequence by non-int of type '${this.tn(a)}'`);
      }
    }
    if (op === BinaryOp.MOD && ka === Kind.Str) {
      objs.setObject(a, objs.newStr(this.percentFormat(objs.strOf(this.heap.objectAt(a)), b)));
      return;
    }
    this.unsupported(op, a, b);
  }

  private unsupported(op: number, a: number, b: number): never {
    const sym = op === BinaryOp.INPLACE_ADD ? '+=' : BINARY_OP_SYMBOLS[op];
    throw typeError(`unsupported operand type(s) for ${sym}: '${this.tn(a)}' and '${this.tn(b)}'`);
  }

  private intBinary(op: number, a: number, b: number): void {
    const objs = this.objs;
    const x = objs.bigOf(a);
    const y = objs.bigOf(b);
    switch (op) {
      case BinaryOp.ADD: case BinaryOp.INPLACE_ADD: objs.setBig(a, x + y); return;
      case BinaryOp.SUB: objs.setBig(a, x - y); return;
      case BinaryOp.MUL: objs.setBig(a, x * y); return;
      case BinaryOp.TRUEDIV: objs.setFloat(a, bigTrueDiv(x, y)); return;
      case BinaryOp.FLOORDIV: objs.setBig(a, bigFloorDiv(x, y)); return;
      case BinaryOp.MOD: objs.setBig(a, bigMod(x, y)); return;
      case BinaryOp.POW:
        if (y < 0n) {
          if (x === 0n) throw zeroDivision('0.0 cannot be raised to a negative power');
          objs.setFloat(a, floatPow(objs.floatOf(a), objs.floatOf(b)));
          return;
        }
        if (y > 100_000_000n && x !== 0n && x !== 1n && x !== -1n) throw new PyError('MemoryError', '');
        objs.setBig(a, x ** y);
        return;
      case BinaryOp.LSHIFT:
        if (y < 0n) throw valueError('negative shift count');
        objs.setBig(a, x << y);
        return;
      case BinaryOp.RSHIFT:
        if (y < 0n) throw valueError('negative shift count');
        objs.setBig(a, x >> y);
        return;
      case BinaryOp.AND: this.setIntOrBool(a, b, x & y); return;
      case BinaryOp.OR: this.setIntOrBool(a, b, x | y); return;
      case BinaryOp.XOR: this.setIntOrBool(a, b, x ^ y); return;
      default: throw new Error(`bad binary op ${op}`);
    }
  }

  /** Bitwise ops on two bools give a bool in Python. */
  private setIntOrBool(a: number, b: number, r: bigint): void {
    if (this.objs.kind(a) === Kind.Bool && this.objs.kind(b) === Kind.Bool) this.objs.setBool(a, r !== 0n);
    else this.objs.setBig(a, r);
  }

  floatBinary(op: number, x: number, y: number): number {
    switch (op) {
      case BinaryOp.ADD: case BinaryOp.INPLACE_ADD: return x + y;
      case BinaryOp.SUB: return x - y;
      case BinaryOp.MUL: return x * y;
      case BinaryOp.TRUEDIV:
        if (y === 0) throw zeroDivision('float division by zero');
        return x / y;
      case BinaryOp.FLOORDIV: return floatFloorDiv(x, y);
      case BinaryOp.MOD: return floatMod(x, y);
      case BinaryOp.POW: return floatPow(x, y);
      default: throw new Error(`bad float op ${op}`);
    }
  }

  private concat(op: number, a: number, b: number, ka: Kind, kb: Kind): void {
    const objs = this.objs;
    const heap = this.heap;
    if (ka === Kind.Str) {
      if (kb !== Kind.Str) throw typeError(`can only concatenate str (not "${this.tn(b)}") to str`);
      const oa = heap.objectAt(a);
      const ob = heap.objectAt(b);
      objs.setObject(a, objs.newStr(objs.strOf(oa) + objs.strOf(ob), objs.strLength(oa) + objs.strLength(ob)));
      return;
    }
    if (ka === Kind.List && op === BinaryOp.INPLACE_ADD) {
      // list += iterable extends in place.
      const seq = kb === Kind.List || kb === Kind.Tuple ? null : this.iterableToList(b);
      this.extendList(heap.objectAt(a), seq === null ? b : seq);
      return;
    }
    if (ka === Kind.List || ka === Kind.Tuple) {
      if (kb !== ka) {
        const name = ka === Kind.List ? 'list' : 'tuple';
        throw typeError(`can only concatenate ${name} (not "${this.tn(b)}") to ${name}`);
      }
      const sa = objs.sequence(a)!;
      const sb = objs.sequence(b)!;
      const n = sa.length + sb.length;
      const o = ka === Kind.List ? objs.newList(n) : objs.newTuple(n);
      const sa2 = objs.sequence(a)!; // re-read after allocation (item blocks never move, but be explicit)
      const sb2 = objs.sequence(b)!;
      const first = ka === Kind.List ? objs.listItems(o) : objs.tupleItems(o);
      objs.u32.copyWithin(2 * first, 2 * sa2.first, 2 * (sa2.first + sa2.length));
      objs.u32.copyWithin(2 * (first + sa2.length), 2 * sb2.first, 2 * (sb2.first + sb2.length));
      objs.setObject(a, o);
      return;
    }
    this.unsupported(op, a, b);
  }

  /** Appends every item of the list/tuple at slot src to list o. */
  extendList(o: number, src: number): void {
    const objs = this.objs;
    const n = objs.sequence(src)!.length;
    const len = objs.listLength(o);
    objs.ensureCapacity(o, len + n);
    const s = objs.sequence(src)!;
    const dst = objs.listItems(o) + len;
    objs.u32.copyWithin(2 * dst, 2 * s.first, 2 * (s.first + n));
    this.heap.writeI64(o + LIST_LENGTH_W, len + n);
  }

  /** seq * n into slot dst. */
  private repeat(dst: number, seqW: number, countW: number, kind: Kind): void {
    const objs = this.objs;
    const big = objs.bigOf(countW);
    const count = big < 0n ? 0 : Number(big);
    if (kind === Kind.Str) {
      const s = objs.strOf(this.heap.objectAt(seqW));
      if (s.length * count > 2 ** 29) throw new PyError('MemoryError', '');
      objs.setObject(dst, objs.newStr(s.repeat(count)));
      return;
    }
    const len = objs.sequence(seqW)!.length;
    const n = len * count;
    if (n > 2 ** 26) throw new PyError('MemoryError', '');
    const o = kind === Kind.List ? objs.newListToFill(n) : objs.newTuple(n);
    const s = objs.sequence(seqW)!;
    const first = kind === Kind.List ? objs.listItems(o) : objs.tupleItems(o);
    if (n > 0) {
      // One copy, then double the filled prefix: log2(count) copies, not count ([True] * 10**6).
      objs.u32.copyWithin(2 * first, 2 * s.first, 2 * (s.first + len));
      for (let filled = len; filled < n; filled *= 2) objs.u32.copyWithin(2 * (first + filled), 2 * first, 2 * (first + Math.min(filled, n - filled)));
    }
    objs.setObject(dst, o);
  }

  unary(op: number, w: number): void {
    const objs = this.objs;
    const k = objs.kind(w);
    if (op === UnaryOp.NOT) { objs.setBool(w, !this.truthy(w)); return; }
    if (k === Kind.Float) {
      if (op === UnaryOp.NEGATIVE) { objs.setFloat(w, -objs.f64[w]); return; }
      if (op === UnaryOp.POSITIVE) return;
    }
    if (k === Kind.Int || k === Kind.Bool || k === Kind.BigInt) {
      const x = objs.bigOf(w);
      if (op === UnaryOp.NEGATIVE) { objs.setBig(w, -x); return; }
      if (op === UnaryOp.POSITIVE) { objs.setBig(w, x); return; }
      if (op === UnaryOp.INVERT) { objs.setBig(w, -x - 1n); return; }
    }
    if (op === UnaryOp.INVERT && k === Kind.Float) throw typeError(`bad operand type for unary ~: 'float'`);
    throw typeError(`bad operand type for unary ${UNARY_OP_SYMBOLS[op]}: '${this.tn(w)}'`);
  }

  /** a <op> b; the bool result replaces slot a. */
  compare(op: number, a: number, b: number): void {
    this.objs.setBool(a, this.compareBool(op, a, b));
  }

  compareBool(op: number, a: number, b: number): boolean {
    const objs = this.objs;
    switch (op) {
      case CompareOp.IS: return objs.u32[2 * a] === objs.u32[2 * b] && objs.u32[2 * a + 1] === objs.u32[2 * b + 1];
      case CompareOp.IS_NOT: return !(objs.u32[2 * a] === objs.u32[2 * b] && objs.u32[2 * a + 1] === objs.u32[2 * b + 1]);
      case CompareOp.EQ: return this.equals(a, b);
      case CompareOp.NE: return !this.equals(a, b);
      case CompareOp.IN: return this.contains(b, a);
      case CompareOp.NOT_IN: return !this.contains(b, a);
      default: {
        const c = this.order(op, a, b);
        if (Number.isNaN(c)) return false;
        switch (op) {
          case CompareOp.LT: return c < 0;
          case CompareOp.LE: return c <= 0;
          case CompareOp.GT: return c > 0;
          default: return c >= 0;
        }
      }
    }
  }

  private numeric(w: number, k: Kind): bigint | number {
    return k === Kind.Float ? this.objs.f64[w] : k === Kind.Int ? this.objs.smallInt(w) : this.objs.bigOf(w);
  }

  equals(a: number, b: number): boolean {
    const objs = this.objs;
    if (objs.u32[2 * a] === objs.u32[2 * b] && objs.u32[2 * a + 1] === objs.u32[2 * b + 1]) {
      // Same word: equal unless it is a NaN float.
      return objs.kind(a) !== Kind.Float || !Number.isNaN(objs.f64[a]);
    }
    const ka = objs.kind(a);
    const kb = objs.kind(b);
    const na = ka === Kind.Int || ka === Kind.Bool || ka === Kind.BigInt || ka === Kind.Float;
    const nb = kb === Kind.Int || kb === Kind.Bool || kb === Kind.BigInt || kb === Kind.Float;
    if (na && nb) {
      const x = ka === Kind.Bool ? objs.u32[2 * a] : this.numeric(a, ka);
      const y = kb === Kind.Bool ? objs.u32[2 * b] : this.numeric(b, kb);
      return compareMixed(x, y) === 0;
    }
    if (ka !== kb) return false;
    if (ka === Kind.Str) return objs.strOf(this.heap.objectAt(a)) === objs.strOf(this.heap.objectAt(b));
    if (ka === Kind.List || ka === Kind.Tuple) {
      const sa = objs.sequence(a)!;
      const sb = objs.sequence(b)!;
      if (sa.length !== sb.length) return false;
      for (let i = 0; i < sa.length; i++) if (!this.equals(sa.first + i, sb.first + i)) return false;
      return true;
    }
    if (ka === Kind.Range) {
      const ra = this.heap.objectAt(a);
      const rb = this.heap.objectAt(b);
      const la = objs.rangeLength(ra);
      if (la !== objs.rangeLength(rb)) return false;
      if (la === 0) return true;
      if (this.heap.readI64(ra + RANGE_NEXT_W) !== this.heap.readI64(rb + RANGE_NEXT_W)) return false;
      return la === 1 || this.heap.readI64(ra + RANGE_STEP_W) === this.heap.readI64(rb + RANGE_STEP_W);
    }
    return false;
  }

  /** Three-way order for <, <=, >, >= (NaN when unordered); TypeError for unorderable kinds. */
  order(op: number, a: number, b: number): number {
    const objs = this.objs;
    const ka = objs.kind(a);
    const kb = objs.kind(b);
    const na = ka === Kind.Int || ka === Kind.Bool || ka === Kind.BigInt || ka === Kind.Float;
    const nb = kb === Kind.Int || kb === Kind.Bool || kb === Kind.BigInt || kb === Kind.Float;
    if (na && nb) {
      const x = ka === Kind.Bool ? objs.u32[2 * a] : this.numeric(a, ka);
      const y = kb === Kind.Bool ? objs.u32[2 * b] : this.numeric(b, kb);
      return compareMixed(x, y);
    }
    if (ka === Kind.Str && kb === Kind.Str) {
      const x = objs.strOf(this.heap.objectAt(a));
      const y = objs.strOf(this.heap.objectAt(b));
      return compareCodePoints(x, y);
    }
    if ((ka === Kind.List || ka === Kind.Tuple) && ka === kb) {
      const sa = objs.sequence(a)!;
      const sb = objs.sequence(b)!;
      const n = Math.min(sa.length, sb.length);
      for (let i = 0; i < n; i++) {
        if (!this.equals(sa.first + i, sb.first + i)) {
          if (this.compareBool(CompareOp.LT, sa.first + i, sb.first + i)) return -1;
          if (this.compareBool(CompareOp.GT, sa.first + i, sb.first + i)) return 1;
          // Unordered items (NaN): the comparison at this position decides, and it is false.
          return NaN;
        }
      }
      return sa.length - sb.length;
    }
    throw typeError(`'${COMPARE_OP_SYMBOLS[op]}' not supported between instances of '${this.tn(a)}' and '${this.tn(b)}'`);
  }

  /** `item in container`. */
  contains(container: number, item: number): boolean {
    const objs = this.objs;
    const k = objs.kind(container);
    if (k === Kind.List || k === Kind.Tuple) {
      const s = objs.sequence(container)!;
      for (let i = 0; i < s.length; i++) if (this.equals(s.first + i, item)) return true;
      return false;
    }
    if (k === Kind.Str) {
      if (objs.kind(item) !== Kind.Str) throw typeError(`'in <string>' requires string as left operand, not ${this.tn(item)}`);
      return objs.strOf(this.heap.objectAt(container)).includes(objs.strOf(this.heap.objectAt(item)));
    }
    if (k === Kind.Range) {
      const ki = objs.kind(item);
      if (ki !== Kind.Int && ki !== Kind.Bool && ki !== Kind.BigInt && ki !== Kind.Float) return false;
      const r = this.heap.objectAt(container);
      const x = objs.floatOf(item);
      const start = this.heap.readI64(r + RANGE_NEXT_W);
      const stop = this.heap.readI64(r + RANGE_STOP_W);
      const step = this.heap.readI64(r + RANGE_STEP_W);
      if (Math.floor(x) !== x) return false;
      if (step > 0 ? x < start || x >= stop : x > start || x <= stop) return false;
      return (x - start) % step === 0;
    }
    throw typeError(`argument of type '${this.tn(container)}' is not iterable`);
  }

  /** Converts an int-like index slot to a JS number (TypeError otherwise). */
  private indexOf(w: number, what: string): number {
    const k = this.objs.kind(w);
    if (k === Kind.Int) return this.objs.smallInt(w);
    if (k === Kind.Bool) return this.objs.u32[2 * w];
    if (k === Kind.BigInt) return Number(this.objs.bigOf(w));
    throw typeError(what);
  }

  /** container[index] into slot `container`. */
  subscript(container: number, index: number): void {
    const objs = this.objs;
    const k = objs.kind(container);
    if (k === Kind.List || k === Kind.Tuple) {
      const name = k === Kind.List ? 'list' : 'tuple';
      const i = this.indexOf(index, `${name} indices must be integers or slices, not ${this.tn(index)}`);
      const s = objs.sequence(container)!;
      const j = i < 0 ? i + s.length : i;
      if (j < 0 || j >= s.length) throw indexError(`${name} index out of range`);
      objs.copy(container, s.first + j);
      return;
    }
    if (k === Kind.Str) {
      const i = this.indexOf(index, `string indices must be integers, not '${this.tn(index)}'`);
      const str = objs.strOf(this.heap.objectAt(container));
      const chars = objs.strLength(this.heap.objectAt(container)) === str.length ? null : Array.from(str);
      const len = chars ? chars.length : str.length;
      const j = i < 0 ? i + len : i;
      if (j < 0 || j >= len) throw indexError('string index out of range');
      objs.setObject(container, objs.charStr(chars ? chars[j] : str[j]));
      return;
    }
    if (k === Kind.Range) {
      const i = this.indexOf(index, `range indices must be integers or slices, not ${this.tn(index)}`);
      const r = this.heap.objectAt(container);
      const len = objs.rangeLength(r);
      const j = i < 0 ? i + len : i;
      if (j < 0 || j >= len) throw indexError('range object index out of range');
      objs.setInt(container, this.heap.readI64(r + RANGE_NEXT_W) + j * this.heap.readI64(r + RANGE_STEP_W));
      return;
    }
    throw typeError(`'${this.tn(container)}' object is not subscriptable`);
  }

  /** container[index] = value. */
  storeSubscript(value: number, container: number, index: number): void {
    const objs = this.objs;
    const k = objs.kind(container);
    if (k === Kind.List) {
      const i = this.indexOf(index, `list indices must be integers or slices, not ${this.tn(index)}`);
      const s = objs.sequence(container)!;
      const j = i < 0 ? i + s.length : i;
      if (j < 0 || j >= s.length) throw indexError('list assignment index out of range');
      objs.copy(s.first + j, value);
      return;
    }
    if (k === Kind.Tuple || k === Kind.Str || k === Kind.Range) {
      throw typeError(`'${this.tn(container)}' object does not support item assignment`);
    }
    throw typeError(`'${this.tn(container)}' object does not support item assignment`);
  }

  /** container[start:stop:step] into slot `container`; step is -1 when absent. */
  /** A slice bound: null for None or a missing one (w < 0). (A method, not a closure: tsx names every closure it creates.) */
  private sliceBound(w: number): number | null {
    if (w < 0 || this.objs.isNone(w)) return null;
    return this.indexOf(w, 'slice indices must be integers or None or have an __index__ method');
  }

  slice(container: number, startW: number, stopW: number, stepW: number): void {
    const objs = this.objs;
    const k = objs.kind(container);
    const step = this.sliceBound(stepW) ?? 1;
    if (step === 0) throw valueError('slice step cannot be zero');
    let str: string | null = null;
    let chars: string[] | null = null;
    let length: number;
    if (k === Kind.List || k === Kind.Tuple) length = objs.sequence(container)!.length;
    else if (k === Kind.Str) {
      str = objs.strOf(this.heap.objectAt(container));
      if (objs.strLength(this.heap.objectAt(container)) !== str.length) chars = Array.from(str);
      length = chars ? chars.length : str.length;
    } else throw typeError(`'${this.tn(container)}' object is not subscriptable`);
    // slice.indices()
    let start = this.sliceBound(startW);
    let stop = this.sliceBound(stopW);
    if (start === null) start = step < 0 ? length - 1 : 0;
    else if (start < 0) { start += length; if (start < 0) start = step < 0 ? -1 : 0; }
    else if (start >= length) start = step < 0 ? length - 1 : length;
    if (stop === null) stop = step < 0 ? -1 : length;
    else if (stop < 0) { stop += length; if (stop < 0) stop = step < 0 ? -1 : 0; }
    else if (stop >= length) stop = step < 0 ? length - 1 : length;
    if (step === 1 && str === null) {
      // Contiguous: one copy (perm[:], xs[i:j]).
      const n = Math.max(0, stop - start);
      const o = k === Kind.List ? objs.newListToFill(n) : objs.newTuple(n);
      const s = objs.sequence(container)!;
      const first = k === Kind.List ? objs.listItems(o) : objs.tupleItems(o);
      objs.u32.copyWithin(2 * first, 2 * (s.first + start), 2 * (s.first + start + n));
      objs.setObject(container, o);
      return;
    }
    const indices: number[] = [];
    if (step > 0) for (let i = start; i < stop; i += step) indices.push(i);
    else for (let i = start; i > stop; i += step) indices.push(i);
    if (str !== null) {
      let out = '';
      for (const i of indices) out += chars ? chars[i] : str[i];
      objs.setObject(container, objs.newStr(out));
      return;
    }
    const o = k === Kind.List ? objs.newList(indices.length) : objs.newTuple(indices.length);
    const s = objs.sequence(container)!;
    const first = k === Kind.List ? objs.listItems(o) : objs.tupleItems(o);
    for (let i = 0; i < indices.length; i++) objs.copy(first + i, s.first + indices[i]);
    objs.setObject(container, o);
  }

  len(w: number): number {
    const objs = this.objs;
    const k = objs.kind(w);
    if (k === Kind.List || k === Kind.Tuple) return objs.sequence(w)!.length;
    if (k === Kind.Str) return objs.strLength(this.heap.objectAt(w));
    if (k === Kind.Range) return objs.rangeLength(this.heap.objectAt(w));
    throw typeError(`object of type '${this.tn(w)}' has no len()`);
  }

  /** Materialises a str/tuple/range/list-iterator as a new list object (returned, caller roots it). */
  iterableToList(w: number): number {
    const objs = this.objs;
    const heap = this.heap;
    const k = objs.kind(w);
    if (k === Kind.List || k === Kind.Tuple) {
      const n = objs.sequence(w)!.length;
      const o = objs.newList(n);
      const s = objs.sequence(w)!;
      objs.u32.copyWithin(2 * objs.listItems(o), 2 * s.first, 2 * (s.first + n));
      return o;
    }
    if (k === Kind.Str) {
      const chars = Array.from(objs.strOf(heap.objectAt(w)));
      const o = objs.newList(chars.length);
      heap.tempRoots.push(o);
      for (let i = 0; i < chars.length; i++) objs.setObject(objs.listItems(o) + i, objs.charStr(chars[i]));
      heap.tempRoots.pop();
      return o;
    }
    if (k === Kind.Range) {
      const r = heap.objectAt(w);
      const n = objs.rangeLength(r);
      const start = heap.readI64(r + RANGE_NEXT_W);
      const step = heap.readI64(r + RANGE_STEP_W);
      const o = objs.newList(n);
      heap.tempRoots.push(o);
      for (let i = 0; i < n; i++) objs.setInt(objs.listItems(o) + i, start + i * step);
      heap.tempRoots.pop();
      return o;
    }
    if (k === Kind.ListIter) {
      const it = heap.objectAt(w);
      const list = heap.wordOf(heap.readI64(it + LIST_ITER_LIST_W));
      const index = heap.readI64(it + LIST_ITER_INDEX_W);
      const n = Math.max(0, objs.listLength(list) - index);
      heap.tempRoots.push(list);
      const o = objs.newList(n);
      heap.tempRoots.pop();
      objs.u32.copyWithin(2 * objs.listItems(o), 2 * (objs.listItems(list) + index), 2 * (objs.listItems(list) + index + n));
      heap.writeI64(it + LIST_ITER_INDEX_W, index + n);
      return o;
    }
    throw typeError(`'${this.tn(w)}' object is not iterable`);
  }

  /** GET_ITER: replaces the iterable at w with a fresh iterator. */
  getIter(w: number): void {
    const objs = this.objs;
    const heap = this.heap;
    const k = objs.kind(w);
    if (k === Kind.Range) {
      const r = heap.objectAt(w);
      objs.setObject(w, objs.newRange(heap.readI64(r + RANGE_NEXT_W), heap.readI64(r + RANGE_STOP_W), heap.readI64(r + RANGE_STEP_W)));
      return;
    }
    if (k === Kind.List) { objs.setObject(w, objs.newListIter(heap.objectAt(w))); return; }
    if (k === Kind.ListIter) return;
    const list = this.iterableToList(w);
    objs.setObject(w, list); // keep it rooted while the iterator is allocated
    objs.setObject(w, objs.newListIter(list));
  }

  /** UNPACK_SEQUENCE: the sequence at w becomes items n-1..0 at w..w+n-1 (item 0 on top). */
  unpack(w: number, n: number): void {
    const objs = this.objs;
    const k = objs.kind(w);
    if (k !== Kind.List && k !== Kind.Tuple) {
      if (k === Kind.Str || k === Kind.Range) {
        objs.setObject(w, this.iterableToList(w));
      } else {
        throw typeError(`cannot unpack non-iterable ${this.tn(w)} object`);
      }
    }
    const s = objs.sequence(w)!;
    if (s.length > n) throw valueError(`too many values to unpack (expected ${n})`);
    if (s.length < n) throw valueError(`not enough values to unpack (expected ${n}, got ${s.length})`);
    // The source object stays reachable from the scratch word while slots are overwritten.
    const scratch = this.heap.scratchW;
    objs.copy(scratch, w);
    for (let i = 0; i < n; i++) objs.copy(w + i, s.first + (n - 1 - i));
    objs.setNone(scratch);
  }
}

function compareCodePoints(x: string, y: string): number {
  // JS compares UTF-16 units; Python compares code points. They agree unless surrogates are involved.
  if (x === y) return 0;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const a = x.codePointAt(i)!;
    const b = y.codePointAt(i)!;
    if (a !== b) return a < b ? -1 : 1;
  }
  return x.length - y.length;
}
