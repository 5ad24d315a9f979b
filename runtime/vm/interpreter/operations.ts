// The general (slow-path) semantics of every operator and protocol: the
// interpreter handles small-int and float cases inline and calls these for
// everything else. Operands are value slots; results overwrite a slot.
// Instances of user classes answer through their special methods (__add__ and
// __radd__ with CPython's reflected-operand rules, rich comparisons,
// __getitem__, __len__, __bool__, __hash__, __contains__, ...); instances of
// subclasses of built-in types fall back to their built-in value.
import { compareStrObjects, concatStrObjects, hugeInSlot, hugeIndex, hugeSlice, isHugeLength, repeatStrObject, textContains } from './huge-strs.ts';
import { hasHugePercentArg, percentWithHuge } from './huge-str-format.ts';
import type { StrText } from '../heap/huge-str.ts';
import {
  BINARY_OP_SYMBOLS, BinaryOp, COMPARE_OP_SYMBOLS, CompareOp, UNARY_OP_SYMBOLS, UnaryOp, isInplaceBinaryOp, plainBinaryOp,
} from '../frontend/bytecode.ts';
import { HASH, hashAddress, hashBigInt, hashFloat, hashSmallInt, FrozensetHasher, TupleHasher } from '../heap/hashing.ts';
import { TAG_INT, smallIntOf } from '../heap/value-words.ts';
import {
  INSTANCE_BASE_W, Kind, LIST_LENGTH_W, RANGE_NEXT_W, RANGE_STEP_W, RANGE_STOP_W, SLICE_START_W, SLICE_STEP_W, SLICE_STOP_W,
  DICT_VIEW_DICT_W, DICT_VIEW_KIND_W, type Objects,
} from '../heap/objects.ts';
import {
  bigFloorDiv, bigMod, bigTrueDiv, compareMixed, floatFloorDiv, floatMod, floatPow,
} from '../heap/numbers.ts';
import { SET_HASH_W } from '../heap/set.ts';
import { isLimbsObject, limbsBitLength, limbsSize, limbsWithSign, MAX_LIMBS } from '../heap/bigint-limbs.ts';
import { BigIntNative, BitOp } from './bigint-native.ts';
import { PyError, indexError, overflowError, typeError, valueError, zeroDivision } from '../heap/py-error.ts';
import { BuiltinType } from './builtin-types.ts';
import type { Runtime } from './runtime.ts';
import { DeclinedStep } from './declined-specials.ts';

/** Special method names of each plain binary operation (BinaryOp order) and their reflected and in-place forms. */
const DUNDER = ['add', 'sub', 'mul', 'truediv', 'floordiv', 'mod', 'pow', 'lshift', 'rshift', 'and', 'or', 'xor'];
const binaryDunder = (op: number) => (op === BinaryOp.MATMUL ? 'matmul' : DUNDER[op]);
/** __op__, __rop__ and __iop__ by (plain) BinaryOp, built once: no string is made per operation. */
const FORWARD_NAMES: string[] = [];
const REFLECTED_NAMES: string[] = [];
const INPLACE_NAMES: string[] = [];
for (let op = 0; op <= BinaryOp.MATMUL; op++) {
  const name = binaryDunder(op);
  FORWARD_NAMES[op] = `__${name}__`;
  REFLECTED_NAMES[op] = `__r${name}__`;
  INPLACE_NAMES[op] = `__i${name}__`;
}
/** Rich comparison methods by CompareOp, and the reflected operation's method. */
const RICH = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];
const REFLECTED = [CompareOp.GT, CompareOp.GE, CompareOp.EQ, CompareOp.NE, CompareOp.LT, CompareOp.LE];

export class Operations {
  private readonly heap;
  private readonly objs: Objects;

  constructor(private readonly rt: Runtime) {
    this.heap = rt.heap;
    this.objs = rt.objs;
  }

  private tn(w: number): string { return this.rt.typeName(w); }

  // ---- special methods ---------------------------------------------------------------

  /** Whether the value in slot w is an instance of a user class (special methods apply). */
  private isInstance(w: number): boolean { return this.objs.kind(w) === Kind.Instance; }

  /**
   * Calls special method `name` of the value in slot self (looked up on its
   * class) with the given argument slots; the result goes to dst. False when
   * the class does not define it.
   */
  callSpecial(name: string, self: number, dst: number, ...args: number[]): boolean {
    const rt = this.rt;
    if (!this.isInstance(self)) return false;
    const f = rt.types.lookup(rt.classes.classOfInstance(this.heap.objectAt(self)), name);
    if (f < 0) return false;
    const interp = rt.interp;
    const base = interp.push(f);
    interp.push(self);
    for (const a of args) interp.push(a);
    interp.callValue(base, 1 + args.length);
    this.objs.copy(dst, base);
    interp.popN(1);
    return true;
  }

  /** The built-in value of an instance of a subclass of a built-in type, or -1. */
  baseValue(w: number): number {
    if (!this.isInstance(w)) return -1;
    const o = this.heap.objectAt(w);
    if (this.objs.isNone(o + INSTANCE_BASE_W)) return -1;
    return o + INSTANCE_BASE_W;
  }

  // ---- truth, length, hash ---------------------------------------------------------------

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
      case Kind.Dict: return this.rt.dicts.used(this.heap.objectAt(w)) > 0;
      case Kind.Set: return this.rt.sets.used(this.heap.objectAt(w)) > 0;
      case Kind.DictView: return this.len(w) > 0;
      case Kind.Instance: return this.instanceTruthy(w);
      default: return true;
    }
  }

  private instanceTruthy(w: number): boolean {
    const rt = this.rt;
    const interp = rt.interp;
    const r = interp.pushNone();
    try {
      if (this.callSpecial('__bool__', w, r)) {
        if (this.objs.kind(r) !== Kind.Bool) throw typeError(`__bool__ should return bool, returned ${this.tn(r)}`);
        return this.objs.boolOf(r);
      }
      if (this.callSpecial('__len__', w, r)) return this.lenResult(r) > 0;
      const b = this.baseValue(w);
      if (b >= 0) return this.truthy(b);
      return true;
    } finally {
      interp.popN(1);
    }
  }

  private lenResult(r: number): number {
    const k = this.objs.kind(r);
    if (k !== Kind.Int && k !== Kind.Bool && k !== Kind.BigInt) throw typeError(`'${this.tn(r)}' object cannot be interpreted as an integer`);
    const n = Number(this.objs.bigOf(r));
    if (n < 0) throw valueError('__len__() should return >= 0');
    return n;
  }

  /**
   * The class-level protocol this VM has instead of metaclasses: a class whose
   * MRO defines the classmethod __meta_<op>__ (enum.Enum: __meta_iter__,
   * __meta_len__, __meta_contains__) answers iter(C), len(C), x in C. Calls it
   * with `arg` (a slot, or -1 for none) and writes the result into dst; false
   * when the class has none.
   */
  classHook(w: number, name: string, dst: number, arg = -1): boolean {
    const rt = this.rt;
    if (this.objs.kind(w) !== Kind.Class) return false;
    const v = rt.types.lookup(this.heap.objectAt(w), name);
    if (v < 0) return false;
    const interp = rt.interp;
    // A plain function is an implicit classmethod (as __class_getitem__ is in CPython).
    const plain = this.objs.kind(v) === Kind.Function;
    const f = interp.push(plain ? v : w);
    if (plain) interp.push(w);
    else rt.attrs.load(f, name);
    if (arg >= 0) interp.push(arg);
    interp.callValue(f, (plain ? 1 : 0) + (arg >= 0 ? 1 : 0));
    this.objs.copy(dst, f);
    interp.sp = f;
    return true;
  }

  len(w: number): number {
    const objs = this.objs;
    const k = objs.kind(w);
    if (k === Kind.List || k === Kind.Tuple) return objs.sequence(w)!.length;
    if (k === Kind.Str) return objs.strLength(this.heap.objectAt(w));
    if (k === Kind.Range && !this.rt.iterators.isRangeIterator(this.heap.objectAt(w))) return objs.rangeLength(this.heap.objectAt(w));
    if (k === Kind.Dict) return this.rt.dicts.used(this.heap.objectAt(w));
    if (k === Kind.Set) return this.rt.sets.used(this.heap.objectAt(w));
    if (k === Kind.DictView) return this.rt.dicts.used(this.heap.objectAt(this.heap.objectAt(w) + DICT_VIEW_DICT_W));
    if (k === Kind.Instance) {
      const interp = this.rt.interp;
      const r = interp.pushNone();
      try {
        if (this.callSpecial('__len__', w, r)) return this.lenResult(r);
      } finally {
        interp.popN(1);
      }
      const b = this.baseValue(w);
      if (b >= 0) return this.len(b);
    }
    if (k === Kind.Class) {
      const r = this.rt.interp.pushNone();
      try {
        if (this.classHook(w, '__meta_len__', r)) return this.lenResult(r);
      } finally {
        this.rt.interp.popN(1);
      }
    }
    throw typeError(`object of type '${this.tn(w)}' has no len()`);
  }

  /** hash() of the value in slot w into HASH. */
  hash(w: number): void {
    const objs = this.objs;
    const heap = this.heap;
    const u32 = heap.u32;
    switch (objs.kind(w)) {
      case Kind.Int: hashSmallInt(objs.smallInt(w)); return;
      case Kind.Bool: hashSmallInt(u32[2 * w]); return;
      case Kind.Float: hashFloat(objs.f64[w]); return;
      case Kind.BigInt:
        // Past 128 bits: in C on the limbs (no V8 BigInt of the whole value).
        if (isLimbsObject(heap, heap.objectAt(w))) BigIntNative.get().hash(heap, w, HASH);
        else hashBigInt(objs.bigOf(w));
        return;
      case Kind.Str: this.rt.hashStr(heap.objectAt(w)); return;
      case Kind.None: hashSmallInt(0x5f3759df); return;
      case Kind.Tuple: {
        const t = heap.objectAt(w);
        const n = objs.tupleLength(t);
        const items = objs.tupleItems(t);
        const h = new TupleHasher();
        for (let i = 0; i < n; i++) {
          // Small ints (a board's cells, coordinates) hash to themselves: no call per item.
          const hi = u32[2 * (items + i) + 1];
          if (hi >>> 16 === TAG_INT) hashSmallInt(smallIntOf(u32[2 * (items + i)], hi));
          else this.hash(items + i);
          h.add();
        }
        h.finish(n);
        return;
      }
      case Kind.Set: {
        const s = heap.objectAt(w);
        if (!this.rt.sets.isFrozen(s)) throw typeError("unhashable type: 'set'");
        if (heap.readI64(s + SET_HASH_W) !== -1 || u32[2 * (s + SET_HASH_W) + 1] !== 0xffffffff) {
          HASH[0] = u32[2 * (s + SET_HASH_W)];
          HASH[1] = u32[2 * (s + SET_HASH_W) + 1];
          if (!(HASH[0] === 0xffffffff && HASH[1] === 0xffffffff)) return;
        }
        const h = new FrozensetHasher();
        const sets = this.rt.sets;
        for (let i = sets.nextActive(s, 0); i >= 0; i = sets.nextActive(s, i + 1)) {
          const e = sets.entry(s, i);
          HASH[0] = u32[2 * e];
          HASH[1] = u32[2 * e + 1];
          h.add();
        }
        h.finish(sets.used(s));
        u32[2 * (s + SET_HASH_W)] = HASH[0];
        u32[2 * (s + SET_HASH_W) + 1] = HASH[1];
        return;
      }
      case Kind.List: case Kind.Dict: case Kind.DictView: throw typeError(`unhashable type: '${this.tn(w)}'`);
      case Kind.Instance: this.instanceHash(w); return;
      case Kind.Range: case Kind.Slice: {
        if (objs.kind(w) === Kind.Slice) throw typeError("unhashable type: 'slice'");
        hashAddress(heap.addressOf(heap.objectAt(w)));
        return;
      }
      default: hashAddress(heap.addressOf(heap.objectAt(w)));
    }
  }

  private instanceHash(w: number): void {
    const rt = this.rt;
    const c = rt.classes.classOfInstance(this.heap.objectAt(w));
    const f = rt.types.lookup(c, '__hash__');
    if (f >= 0) {
      if (this.objs.isNone(f)) throw typeError(`unhashable type: '${this.tn(w)}'`);
      const interp = rt.interp;
      const r = interp.pushNone();
      this.callSpecial('__hash__', w, r);
      const k = this.objs.kind(r);
      if (k !== Kind.Int && k !== Kind.BigInt && k !== Kind.Bool) throw typeError('__hash__ method should return an integer');
      // hash() reduces the result like an int's hash.
      if (k === Kind.BigInt && isLimbsObject(this.heap, this.heap.objectAt(r))) BigIntNative.get().hash(this.heap, r, HASH);
      else hashBigInt(this.objs.bigOf(r));
      interp.popN(1);
      return;
    }
    // A class that defines __eq__ but not __hash__ is unhashable (its __hash__ is None).
    if (rt.types.lookup(c, '__eq__') >= 0) throw typeError(`unhashable type: '${this.tn(w)}'`);
    const b = this.baseValue(w);
    if (b >= 0 && rt.types.builtinOf(c) !== BuiltinType.BASE_EXCEPTION) { this.hash(b); return; }
    hashAddress(this.heap.addressOf(this.heap.objectAt(w)));
  }

  // ---- binary operators ----------------------------------------------------------------

  /** a <op> b for any operand kinds; the result replaces slot a. */
  binary(opArg: number, a: number, b: number): void {
    const objs = this.objs;
    const ka = objs.kind(a);
    const kb = objs.kind(b);
    // `x op= y` is `x op y` for immutable values; in place for lists, sets, dicts and objects that say so.
    const inplace = isInplaceBinaryOp(opArg);
    const op = plainBinaryOp(opArg);
    const aInt = ka === Kind.Int || ka === Kind.Bool || ka === Kind.BigInt;
    const bInt = kb === Kind.Int || kb === Kind.Bool || kb === Kind.BigInt;
    if (aInt && bInt) { this.intBinary(op, a, b); return; }
    if ((aInt || ka === Kind.Float) && (bInt || kb === Kind.Float)) {
      if ((op >= BinaryOp.LSHIFT && op <= BinaryOp.XOR) || op === BinaryOp.MATMUL) this.unsupported(opArg, a, b);
      objs.setFloat(a, this.floatBinary(op, objs.floatOf(a), objs.floatOf(b)));
      return;
    }
    if (ka === Kind.Instance || kb === Kind.Instance) { this.instanceBinary(opArg, op, inplace, a, b); return; }
    if (this.builtinBinary(op, inplace, a, b, ka, kb)) return;
    this.unsupported(opArg, a, b);
  }

  /** `format % args` by the library; a width past one V8 string (MemoryError there) goes the huge-str way. */
  private percentFormat(a: number, b: number): StrText {
    try {
      return this.rt.fmt.percentFormat(a, b);
    } catch (e) {
      if (!(e instanceof PyError) || e.pyType !== 'MemoryError') throw e;
      return percentWithHuge(this.rt, a, b);
    }
  }

  /** Operators of built-in containers and strs; false when the operands do not support op. */
  private builtinBinary(op: number, inplace: boolean, a: number, b: number, ka: Kind, kb: Kind): boolean {
    const objs = this.objs;
    const aInt = ka === Kind.Int || ka === Kind.Bool || ka === Kind.BigInt;
    const bInt = kb === Kind.Int || kb === Kind.Bool || kb === Kind.BigInt;
    if (op === BinaryOp.ADD) return this.concat(inplace, a, b, ka, kb);
    if (op === BinaryOp.MUL) {
      if (bInt && (ka === Kind.Str || ka === Kind.List || ka === Kind.Tuple)) { this.repeat(a, a, b, ka, inplace); return true; }
      if (aInt && (kb === Kind.Str || kb === Kind.List || kb === Kind.Tuple)) { this.repeat(a, b, a, kb, false); return true; }
      if (ka === Kind.Str || ka === Kind.List || ka === Kind.Tuple) {
        if (kb === Kind.Float || kb === Kind.Str || kb === Kind.List || kb === Kind.Tuple || kb === Kind.None || kb === Kind.Dict || kb === Kind.Set) {
          throw typeError(`can't multiply sequence by non-int of type '${this.tn(b)}'`);
        }
        return false;
      }
      if (kb === Kind.Str || kb === Kind.List || kb === Kind.Tuple) {
        if (ka === Kind.Float || ka === Kind.None || ka === Kind.Dict || ka === Kind.Set) throw typeError(`can't multiply sequence by non-int of type '${this.tn(a)}'`);
        return false;
      }
    }
    if (op === BinaryOp.MOD && ka === Kind.Str) {
      // A huge str argument has no one V8 string: formatted around a marker (huge-str-format.ts).
      const text: StrText = hasHugePercentArg(this.rt, b) || hugeInSlot(this.rt, a) !== null ? percentWithHuge(this.rt, a, b) : this.percentFormat(a, b);
      this.objs.setObject(a, this.objs.newStrText(text));
      return true;
    }
    if (ka === Kind.Set && kb === Kind.Set && (op === BinaryOp.OR || op === BinaryOp.AND || op === BinaryOp.SUB || op === BinaryOp.XOR)) {
      this.setBinary(op, inplace, a, b);
      return true;
    }
    if (ka === Kind.Dict && kb === Kind.Dict && op === BinaryOp.OR) {
      const d = this.heap.objectAt(a);
      if (inplace) {
        this.dictUpdateFrom(d, b, false);
      } else {
        const c = this.rt.dicts.copy(d);
        const slot = this.rt.interp.pushObject(c);
        this.dictUpdateFrom(c, b, false);
        objs.copy(a, slot);
        this.rt.interp.popN(1);
      }
      return true;
    }
    if (ka === Kind.DictView && (kb === Kind.Set || kb === Kind.DictView) && this.heap.readI64(this.heap.objectAt(a) + DICT_VIEW_KIND_W) === 0) {
      // dict.keys() behave as a set in set operations.
      const s = this.rt.interp.pushObject(this.rt.sets.newSet(false));
      this.setUpdateFrom(this.heap.objectAt(s), a);
      objs.copy(a, s);
      this.rt.interp.popN(1);
      if (kb === Kind.DictView) {
        const t = this.rt.interp.pushObject(this.rt.sets.newSet(false));
        this.setUpdateFrom(this.heap.objectAt(t), b);
        objs.copy(b, t);
        this.rt.interp.popN(1);
      }
      return this.builtinBinary(op, false, a, b, Kind.Set, Kind.Set);
    }
    return false;
  }

  private setBinary(op: number, inplace: boolean, a: number, b: number): void {
    const { sets, heap, objs } = this.rt;
    const s = heap.objectAt(a);
    const t = heap.objectAt(b);
    const frozen = sets.isFrozen(s);
    if (inplace && !frozen) {
      switch (op) {
        case BinaryOp.OR: sets.merge(s, t); return;
        case BinaryOp.SUB: sets.differenceUpdate(s, t); return;
        case BinaryOp.XOR: sets.symmetricDifferenceUpdate(s, t); return;
        default: {
          // &=: the intersection's table replaces s's (set_intersection_update swaps bodies).
          const r = sets.intersection(s, t, false);
          this.swapSetBodies(s, r);
          return;
        }
      }
    }
    let r: number;
    switch (op) {
      case BinaryOp.OR: r = sets.copy(s, frozen); heap.tempRoots.push(r); sets.merge(r, t); heap.tempRoots.pop(); break;
      case BinaryOp.AND: r = sets.intersection(s, t, frozen); break;
      case BinaryOp.SUB: r = sets.difference(s, t, frozen); break;
      default: r = sets.symmetricDifference(s, t, frozen); break;
    }
    objs.setObject(a, r);
  }

  /** Moves r's table into s (r is garbage afterwards). */
  private swapSetBodies(s: number, r: number): void {
    const u32 = this.heap.u32;
    // fill, used, mask, table are the four words after the header.
    for (let w = 1; w <= 4; w++) {
      u32[2 * (s + w)] = u32[2 * (r + w)];
      u32[2 * (s + w) + 1] = u32[2 * (r + w) + 1];
    }
    this.heap.writeI64(s + SET_HASH_W, -1);
  }

  /**
   * a <op> b (an instance operand) after a trace's inlined special method
   * returned NotImplemented: the protocol goes on after step `done` (the
   * method the trace ran); the result replaces slot a.
   */
  resumeBinary(opArg: number, a: number, b: number, done: DeclinedStep): void {
    this.instanceBinary(opArg, plainBinaryOp(opArg), isInplaceBinaryOp(opArg), a, b, done);
  }

  /** a <op> b after a trace's inlined rich comparison declined at step `done`; the result goes to dst. */
  resumeCompare(op: number, a: number, b: number, dst: number, done: DeclinedStep): void {
    this.richCompare(op, a, b, dst, done);
  }

  /**
   * Special-method dispatch for operators with an instance operand (CPython's
   * binary_op1 rules); steps up to `done` already ran and declined.
   */
  private instanceBinary(opArg: number, op: number, inplace: boolean, a: number, b: number, done = DeclinedStep.NONE): void {
    const rt = this.rt;
    const { objs, interp, types } = rt;
    const r = interp.pushNone();
    try {
      if (done < DeclinedStep.INPLACE && inplace && this.callSpecial(INPLACE_NAMES[op], a, r, b) && !rt.isNotImplemented(r)) { objs.copy(a, r); return; }
      const ca = types.classOf(a);
      const cb = types.classOf(b);
      const reflected = REFLECTED_NAMES[op];
      // A right operand of a subclass that overrides the reflected method goes first.
      const rightFirst = ca !== cb && types.isSubclass(cb, ca) && this.isInstance(b) &&
        types.lookup(cb, reflected) >= 0 && types.lookup(cb, reflected) !== (this.isInstance(a) ? types.lookup(ca, reflected) : -1);
      if (done < DeclinedStep.FORWARD && rightFirst && this.callSpecial(reflected, b, r, a) && !rt.isNotImplemented(r)) { objs.copy(a, r); return; }
      if (done < DeclinedStep.FORWARD && this.callSpecial(FORWARD_NAMES[op], a, r, b) && !rt.isNotImplemented(r)) { objs.copy(a, r); return; }
      // str.__mod__ takes any right operand (one value to format), before its class's __rmod__.
      if (op === BinaryOp.MOD && objs.kind(a) === Kind.Str) { objs.setObject(a, objs.newStrText(this.percentFormat(a, b))); return; }
      if (done < DeclinedStep.REFLECTED && ca !== cb && !rightFirst && this.callSpecial(reflected, b, r, a) && !rt.isNotImplemented(r)) { objs.copy(a, r); return; }
      // Subclasses of built-in types: the built-in operation on their values.
      const ba = this.baseValue(a);
      const bb = this.baseValue(b);
      if (ba >= 0 || bb >= 0) {
        const x = interp.push(ba >= 0 ? ba : a);
        const y = interp.push(bb >= 0 ? bb : b);
        const kx = objs.kind(x);
        const ky = objs.kind(y);
        if (kx !== Kind.Instance && ky !== Kind.Instance) {
          this.binary(opArg, x, y);
          // An in-place op that changed the built-in value itself (list +=,
          // set |=, dict |=) leaves the instance, as list.__iadd__ returns self.
          const u32 = this.heap.u32;
          const sameValue = ba >= 0 && u32[2 * x] === u32[2 * ba] && u32[2 * x + 1] === u32[2 * ba + 1];
          if (!(inplace && sameValue)) objs.copy(a, x);
          interp.popN(2);
          return;
        }
        interp.popN(2);
      }
    } finally {
      interp.sp = r;
    }
    this.unsupported(opArg, a, b);
  }

  private unsupported(op: number, a: number, b: number): never {
    const sym = BINARY_OP_SYMBOLS[op];
    if (op === BinaryOp.POW || op === BinaryOp.INPLACE_POW) {
      throw typeError(`unsupported operand type(s) for ${sym} or pow(): '${this.tn(a)}' and '${this.tn(b)}'`);
    }
    throw typeError(`unsupported operand type(s) for ${sym}: '${this.tn(a)}' and '${this.tn(b)}'`);
  }

  /**
   * The native path (cases/bigint.c) when an operand is past 128 bits, or when
   * a product or left shift of wider-than-small ints may get there; true when done.
   */
  private nativeIntBinary(op: number, a: number, b: number): boolean {
    const objs = this.objs;
    const heap = this.heap;
    if (op === BinaryOp.POW) return this.nativeIntPow(a, b);
    const la = objs.kind(a) === Kind.BigInt ? heap.objectAt(a) : -1;
    const lb = objs.kind(b) === Kind.BigInt ? heap.objectAt(b) : -1;
    if (la < 0 && lb < 0) return false;
    const limbs = (la >= 0 && isLimbsObject(heap, la)) || (lb >= 0 && isLimbsObject(heap, lb));
    if (!limbs && op !== BinaryOp.MUL && op !== BinaryOp.LSHIFT) return false;
    const native = BigIntNative.get();
    switch (op) {
      case BinaryOp.ADD: native.addSub(objs, heap, a, b, false); return true;
      case BinaryOp.SUB: native.addSub(objs, heap, a, b, true); return true;
      case BinaryOp.MUL: return native.mul(objs, heap, a, b);
      case BinaryOp.TRUEDIV: {
        if ((objs.isSmallInt(b) && objs.smallInt(b) === 0) || (objs.kind(b) === Kind.Bool && !objs.boolOf(b))) return false; // the V8 path raises
        const q = native.trueDiv(heap, a, b);
        if (q === null) return false;
        if (q === Infinity) throw overflowError('integer division result too large for a float');
        objs.setFloat(a, q);
        return true;
      }
      case BinaryOp.FLOORDIV:
      case BinaryOp.MOD:
        if ((objs.isSmallInt(b) && objs.smallInt(b) === 0) || (objs.kind(b) === Kind.Bool && !objs.boolOf(b))) return false; // the V8 path raises
        return native.divmod(objs, heap, a, b, op === BinaryOp.FLOORDIV);
      case BinaryOp.LSHIFT:
      case BinaryOp.RSHIFT: {
        // A count past the small range, or negative: the V8 path's errors and results.
        if (!objs.isSmallInt(b) || objs.smallInt(b) < 0) return false;
        native.shift(objs, heap, a, objs.smallInt(b), op === BinaryOp.LSHIFT);
        return true;
      }
      case BinaryOp.AND: native.bitop(objs, heap, a, b, BitOp.AND); return true;
      case BinaryOp.OR: native.bitop(objs, heap, a, b, BitOp.OR); return true;
      case BinaryOp.XOR: native.bitop(objs, heap, a, b, BitOp.XOR); return true;
      default: return false;
    }
  }

  /**
   * a ** b by squaring in native code (cases/bigint.c bigint_pow) when the
   * result may pass 128 bits and b is a small int; true when done.
   */
  private nativeIntPow(a: number, b: number): boolean {
    const objs = this.objs;
    const heap = this.heap;
    if (!objs.isSmallInt(b)) return false;
    const e = objs.smallInt(b);
    if (e < 0) return this.nativeNegativePow(a, b);
    if (e < 2) return false;
    let bits: number;
    const k = objs.kind(a);
    if (k === Kind.Int) {
      const v = Math.abs(objs.smallInt(a));
      bits = v < 2 ** 32 ? 32 - Math.clz32(v) : 64 - Math.clz32(Math.floor(v / 2 ** 32));
    } else if (k === Kind.BigInt) {
      const o = heap.objectAt(a);
      if (isLimbsObject(heap, o)) bits = limbsBitLength(heap, o);
      else { const x = objs.bigOf(a); bits = (x < 0n ? -x : x).toString(16).length * 4; }
    } else {
      return false;
    }
    // 0, 1 and -1 to any power, and results of 128 bits or fewer: the V8 path.
    if (bits <= 1 || bits * e <= 128) return false;
    // ±2^k: a shift (2 ** (10**10) is a 1.25 GB int, as big as the arena allows).
    if (k === Kind.Int) {
      const v = objs.smallInt(a);
      if (Math.abs(v) === 2 ** (bits - 1)) {
        objs.setInt(a, v < 0 && e % 2 === 1 ? -1 : 1);
        BigIntNative.get().pows++;
        BigIntNative.get().shift(objs, heap, a, (bits - 1) * e, true);
        return true;
      }
    }
    return BigIntNative.get().pow(objs, heap, a, e, bits);
  }

  /**
   * a ** b for b < 0 and a past 128 bits: float(a) ** float(b) as python3
   * computes it, float(a) from the limbs in C (OverflowError when it does not fit).
   */
  private nativeNegativePow(a: number, b: number): boolean {
    const objs = this.objs;
    if (objs.kind(a) !== Kind.BigInt || !isLimbsObject(this.heap, this.heap.objectAt(a))) return false;
    BigIntNative.get().floatPows++;
    objs.setFloat(a, floatPow(objs.floatOf(a), objs.floatOf(b)));
    return true;
  }

  private intBinary(op: number, a: number, b: number): void {
    const objs = this.objs;
    if (this.nativeIntBinary(op, a, b)) return;
    try {
      this.bigIntBinary(op, a, b);
    } catch (e) {
      // V8's BigInt size limit (2^30 bits): python3 runs out of memory there too.
      if (e instanceof RangeError) throw new PyError('MemoryError', '');
      throw e;
    }
  }

  /** intBinary on V8 BigInts (operands of 128 bits or fewer, and the rare cases). */
  private bigIntBinary(op: number, a: number, b: number): void {
    const objs = this.objs;
    const x = objs.bigOf(a);
    const y = objs.bigOf(b);
    switch (op) {
      case BinaryOp.ADD: objs.setBig(a, x + y); return;
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
        if (x === 0n) { objs.setInt(a, 0); return; }
        // CPython converts the count's digit shift (count // 30) to a C ssize_t first.
        if (y / 30n > 0x7fffffffffffffffn) throw overflowError('too many digits in integer');
        if (y > BigInt(MAX_LIMBS * 64)) throw new PyError('MemoryError', '');
        objs.setBig(a, x << y);
        return;
      case BinaryOp.RSHIFT:
        if (y < 0n) throw valueError('negative shift count');
        objs.setBig(a, x >> y);
        return;
      case BinaryOp.AND: this.setIntOrBool(a, b, x & y); return;
      case BinaryOp.OR: this.setIntOrBool(a, b, x | y); return;
      case BinaryOp.XOR: this.setIntOrBool(a, b, x ^ y); return;
      default: this.unsupported(op, a, b);
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

  private concat(inplace: boolean, a: number, b: number, ka: Kind, kb: Kind): boolean {
    const objs = this.objs;
    const heap = this.heap;
    if (ka === Kind.Str) {
      if (kb !== Kind.Str) {
        if (kb === Kind.Instance) return false;
        throw typeError(`can only concatenate str (not "${this.tn(b)}") to str`);
      }
      const oa = heap.objectAt(a);
      const ob = heap.objectAt(b);
      if (objs.hugeOf(oa) === null && objs.hugeOf(ob) === null) {
        const x = objs.strOf(oa);
        const y = objs.strOf(ob);
        if (!isHugeLength(x.length + y.length)) {
          objs.setObject(a, objs.newStr(x + y, objs.strLength(oa) + objs.strLength(ob)));
          return true;
        }
      }
      objs.setObject(a, concatStrObjects(objs, oa, ob));
      return true;
    }
    if (ka === Kind.List && inplace) {
      // list += iterable extends in place.
      const src = kb === Kind.List || kb === Kind.Tuple ? b : this.rt.interp.pushObject(this.rt.iterators.toListObject(b));
      this.extendList(heap.objectAt(a), src);
      if (src !== b) this.rt.interp.popN(1);
      return true;
    }
    if (ka === Kind.List || ka === Kind.Tuple) {
      if (kb !== ka) {
        if (kb === Kind.Instance) return false;
        const name = ka === Kind.List ? 'list' : 'tuple';
        throw typeError(`can only concatenate ${name} (not "${this.tn(b)}") to ${name}`);
      }
      const sa = objs.sequence(a)!;
      const sb = objs.sequence(b)!;
      const n = sa.length + sb.length;
      const o = ka === Kind.List ? objs.newList(n) : objs.newTuple(n);
      const sa2 = objs.sequence(a)!;
      const sb2 = objs.sequence(b)!;
      const first = ka === Kind.List ? objs.listItems(o) : objs.tupleItems(o);
      objs.u32.copyWithin(2 * first, 2 * sa2.first, 2 * (sa2.first + sa2.length));
      objs.u32.copyWithin(2 * (first + sa2.length), 2 * sb2.first, 2 * (sb2.first + sb2.length));
      objs.setObject(a, o);
      return true;
    }
    return false;
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

  /** seq * n into slot dst (`inplace`: list *= n repeats the list itself). */
  private repeat(dst: number, seqW: number, countW: number, kind: Kind, inplace: boolean): void {
    const objs = this.objs;
    const big = objs.bigOf(countW);
    const count = big < 0n ? 0 : Number(big);
    if (kind === Kind.Str) {
      const o = this.heap.objectAt(seqW);
      const t = objs.textOf(o);
      if (typeof t === 'string' && !isHugeLength(t.length * count)) objs.setObject(dst, objs.newStr(t.repeat(count), objs.strLength(o) * count));
      else objs.setObject(dst, repeatStrObject(objs, o, count));
      return;
    }
    const len = objs.sequence(seqW)!.length;
    const n = len * count;
    if (inplace && kind === Kind.List) {
      const o = this.heap.objectAt(seqW);
      objs.ensureCapacity(o, n);
      const first = objs.listItems(o);
      for (let filled = len; filled < n; filled *= 2) objs.u32.copyWithin(2 * (first + filled), 2 * first, 2 * (first + Math.min(filled, n - filled)));
      this.heap.writeI64(o + LIST_LENGTH_W, n);
      objs.copy(dst, seqW);
      return;
    }
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
    if (k === Kind.BigInt && (op === UnaryOp.NEGATIVE || op === UnaryOp.POSITIVE) && isLimbsObject(this.heap, this.heap.objectAt(w)) && Math.abs(limbsSize(this.heap, this.heap.objectAt(w))) > 2) {
      // Past 128 bits (3 limbs or more: the result stays a limbs int): the limbs copied with the other sign (+x is x itself).
      const o = this.heap.objectAt(w);
      if (op === UnaryOp.NEGATIVE) objs.setObject(w, limbsWithSign(this.heap, o, limbsSize(this.heap, o) < 0 ? 1 : -1));
      return;
    }
    if (k === Kind.Int || k === Kind.Bool || k === Kind.BigInt) {
      const x = objs.bigOf(w);
      if (op === UnaryOp.NEGATIVE) { objs.setBig(w, -x); return; }
      if (op === UnaryOp.POSITIVE) { objs.setBig(w, x); return; }
      if (op === UnaryOp.INVERT) { objs.setBig(w, -x - 1n); return; }
    }
    if (k === Kind.Instance) {
      const name = op === UnaryOp.NEGATIVE ? '__neg__' : op === UnaryOp.POSITIVE ? '__pos__' : '__invert__';
      if (this.callSpecial(name, w, w)) return;
      const b = this.baseValue(w);
      if (b >= 0) { objs.copy(w, b); this.unary(op, w); return; }
    }
    throw typeError(`bad operand type for unary ${UNARY_OP_SYMBOLS[op]}: '${this.tn(w)}'`);
  }

  // ---- comparisons ------------------------------------------------------------------------

  /** a <op> b; the result (a bool, or whatever a rich comparison returned) replaces slot a. */
  compare(op: number, a: number, b: number): void {
    const objs = this.objs;
    if (op <= CompareOp.GE && (objs.kind(a) === Kind.Instance || objs.kind(b) === Kind.Instance)) {
      this.richCompare(op, a, b, a);
      return;
    }
    objs.setBool(a, this.compareBool(op, a, b));
  }

  /** A comparison's truth (for sort, min, max, in, ==). */
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
        if (objs.kind(a) === Kind.Instance || objs.kind(b) === Kind.Instance) {
          const interp = this.rt.interp;
          const r = interp.pushNone();
          try {
            this.richCompare(op, a, b, r);
            return this.truthy(r);
          } finally {
            interp.popN(1);
          }
        }
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

  /** CPython's do_richcompare for an instance operand: reflected first for a subclass, then both ways, then identity for ==/!=. */
  private richCompare(op: number, a: number, b: number, dst: number, done = DeclinedStep.NONE): void {
    const rt = this.rt;
    const { objs, types, interp } = rt;
    const r = interp.pushNone();
    try {
      const ca = types.classOf(a);
      const cb = types.classOf(b);
      const refl = REFLECTED[op];
      let checkedReverse = false;
      if (ca !== cb && types.isSubclass(cb, ca) && this.isInstance(b) && types.lookup(cb, RICH[refl]) >= 0) {
        checkedReverse = true;
        if (done < DeclinedStep.FORWARD && this.callSpecial(RICH[refl], b, r, a) && !rt.isNotImplemented(r)) { objs.copy(dst, r); return; }
      }
      if (done < DeclinedStep.FORWARD && this.callSpecial(RICH[op], a, r, b) && !rt.isNotImplemented(r)) { objs.copy(dst, r); return; }
      if (done < DeclinedStep.REFLECTED && op === CompareOp.NE && this.isInstance(a) && types.lookup(ca, '__ne__') < 0 && this.callSpecial('__eq__', a, r, b) && !rt.isNotImplemented(r)) {
        objs.setBool(dst, !this.truthy(r));
        return;
      }
      if (done < DeclinedStep.REFLECTED && !checkedReverse && this.callSpecial(RICH[refl], b, r, a) && !rt.isNotImplemented(r)) { objs.copy(dst, r); return; }
      if (op === CompareOp.NE && !checkedReverse && this.isInstance(b) && types.lookup(cb, '__ne__') < 0 && this.callSpecial('__eq__', b, r, a) && !rt.isNotImplemented(r)) {
        objs.setBool(dst, !this.truthy(r));
        return;
      }
      // Subclasses of built-in types compare as their values.
      const ba = this.baseValue(a);
      const bb = this.baseValue(b);
      if ((ba >= 0 || !this.isInstance(a)) && (bb >= 0 || !this.isInstance(b)) && (ba >= 0 || bb >= 0)) {
        objs.setBool(dst, this.compareBool(op, ba >= 0 ? ba : a, bb >= 0 ? bb : b));
        return;
      }
      const same = objs.u32[2 * a] === objs.u32[2 * b] && objs.u32[2 * a + 1] === objs.u32[2 * b + 1];
      if (op === CompareOp.EQ) { objs.setBool(dst, same); return; }
      if (op === CompareOp.NE) { objs.setBool(dst, !same); return; }
      throw typeError(`'${COMPARE_OP_SYMBOLS[op]}' not supported between instances of '${this.tn(a)}' and '${this.tn(b)}'`);
    } finally {
      interp.popN(1);
    }
  }

  /** Both ints (or bools), one of them past 128 bits: the native comparison applies. */
  private limbsOperand(a: number, ka: Kind, b: number, kb: Kind): boolean {
    if (ka === Kind.Float || kb === Kind.Float) return false;
    const heap = this.heap;
    return (ka === Kind.BigInt && isLimbsObject(heap, heap.objectAt(a))) || (kb === Kind.BigInt && isLimbsObject(heap, heap.objectAt(b)));
  }

  private numeric(w: number, k: Kind): bigint | number {
    return k === Kind.Float ? this.objs.f64[w] : k === Kind.Int ? this.objs.smallInt(w) : this.objs.bigOf(w);
  }

  /**
   * How containers compare items (CPython's PyObject_RichCompareBool): the same
   * object is equal to itself first, so `nan in [nan]` and `[nan] == [nan]` hold.
   */
  itemEquals(a: number, b: number): boolean {
    const u32 = this.objs.u32;
    return (u32[2 * a] === u32[2 * b] && u32[2 * a + 1] === u32[2 * b + 1]) || this.equals(a, b);
  }

  /** `a == b`. */
  equals(a: number, b: number): boolean {
    const objs = this.objs;
    if (objs.u32[2 * a] === objs.u32[2 * b] && objs.u32[2 * a + 1] === objs.u32[2 * b + 1]) {
      // Same word: equal unless it is a NaN float.
      return objs.kind(a) !== Kind.Float || !Number.isNaN(objs.f64[a]);
    }
    const ka = objs.kind(a);
    const kb = objs.kind(b);
    if (ka === Kind.Instance || kb === Kind.Instance) {
      const interp = this.rt.interp;
      const r = interp.pushNone();
      try {
        this.richCompare(CompareOp.EQ, a, b, r);
        return this.truthy(r);
      } finally {
        interp.popN(1);
      }
    }
    const na = ka === Kind.Int || ka === Kind.Bool || ka === Kind.BigInt || ka === Kind.Float;
    const nb = kb === Kind.Int || kb === Kind.Bool || kb === Kind.BigInt || kb === Kind.Float;
    if (na && nb) {
      if (this.limbsOperand(a, ka, b, kb)) return BigIntNative.get().compare(this.heap, a, b) === 0;
      const x = ka === Kind.Bool ? objs.u32[2 * a] : this.numeric(a, ka);
      const y = kb === Kind.Bool ? objs.u32[2 * b] : this.numeric(b, kb);
      return compareMixed(x, y) === 0;
    }
    if (ka !== kb) {
      return ka === Kind.DictView && kb === Kind.Set ? this.viewSetEquals(a, b) : kb === Kind.DictView && ka === Kind.Set ? this.viewSetEquals(b, a) : false;
    }
    switch (ka) {
      case Kind.Str: return objs.strEquals(this.heap.objectAt(a), this.heap.objectAt(b));
      case Kind.List: case Kind.Tuple: {
        const sa = objs.sequence(a)!;
        if (sa.length !== objs.sequence(b)!.length) return false;
        // Each level counts toward the recursion limit, as CPython's Py_EnterRecursiveCall(" in comparison").
        const interp = this.rt.interp;
        if (interp.depth >= interp.recursionLimit) throw new PyError('RecursionError', 'maximum recursion depth exceeded in comparison');
        interp.depth++;
        try {
          for (let i = 0; i < sa.length; i++) {
            const x = objs.sequence(a)!;
            const y = objs.sequence(b)!;
            if (i >= x.length || i >= y.length) return false;
            if (!this.itemEquals(x.first + i, y.first + i)) return false;
          }
        } finally {
          interp.depth--;
        }
        return true;
      }
      case Kind.Range: {
        const ra = this.heap.objectAt(a);
        const rb = this.heap.objectAt(b);
        const la = objs.rangeLength(ra);
        if (la !== objs.rangeLength(rb)) return false;
        if (la === 0) return true;
        if (this.heap.readI64(ra + RANGE_NEXT_W) !== this.heap.readI64(rb + RANGE_NEXT_W)) return false;
        return la === 1 || this.heap.readI64(ra + RANGE_STEP_W) === this.heap.readI64(rb + RANGE_STEP_W);
      }
      case Kind.Dict: return this.dictEquals(this.heap.objectAt(a), this.heap.objectAt(b));
      case Kind.Set: {
        const s = this.heap.objectAt(a);
        const t = this.heap.objectAt(b);
        return this.rt.sets.used(s) === this.rt.sets.used(t) && this.rt.sets.isSubset(s, t);
      }
      case Kind.DictView: {
        const va = this.heap.objectAt(a);
        const vb = this.heap.objectAt(b);
        const kind = this.heap.readI64(va + DICT_VIEW_KIND_W);
        if (kind !== this.heap.readI64(vb + DICT_VIEW_KIND_W) || kind === 1) return false;
        const interp = this.rt.interp;
        const x = interp.pushObject(this.rt.sets.newSet(false));
        this.setUpdateFrom(this.heap.objectAt(x), a);
        const y = interp.pushObject(this.rt.sets.newSet(false));
        this.setUpdateFrom(this.heap.objectAt(y), b);
        const r = this.equals(x, y);
        interp.popN(2);
        return r;
      }
      default: return false;
    }
  }

  private viewSetEquals(view: number, set: number): boolean {
    if (this.heap.readI64(this.heap.objectAt(view) + DICT_VIEW_KIND_W) === 1) return false;
    const interp = this.rt.interp;
    const x = interp.pushObject(this.rt.sets.newSet(false));
    this.setUpdateFrom(this.heap.objectAt(x), view);
    const r = this.equals(x, set);
    interp.popN(1);
    return r;
  }

  private dictEquals(a: number, b: number): boolean {
    const rt = this.rt;
    const { dicts } = rt;
    if (dicts.used(a) !== dicts.used(b)) return false;
    for (let i = dicts.nextLive(a, 0); i >= 0; i = dicts.nextLive(a, i + 1)) {
      const e = dicts.entry(a, i);
      const u32 = this.heap.u32;
      const v = dicts.get(b, e + 1, u32[2 * e], u32[2 * e + 1], (x, y) => this.itemEquals(x, y));
      if (v < 0) return false;
      if (!this.itemEquals(dicts.entry(a, i) + 2, v)) return false;
    }
    return true;
  }

  /** Three-way order for <, <=, >, >= (NaN when unordered); TypeError for unorderable kinds. */
  order(op: number, a: number, b: number): number {
    const objs = this.objs;
    const ka = objs.kind(a);
    const kb = objs.kind(b);
    const na = ka === Kind.Int || ka === Kind.Bool || ka === Kind.BigInt || ka === Kind.Float;
    const nb = kb === Kind.Int || kb === Kind.Bool || kb === Kind.BigInt || kb === Kind.Float;
    if (na && nb) {
      if (this.limbsOperand(a, ka, b, kb)) return BigIntNative.get().compare(this.heap, a, b);
      const x = ka === Kind.Bool ? objs.u32[2 * a] : this.numeric(a, ka);
      const y = kb === Kind.Bool ? objs.u32[2 * b] : this.numeric(b, kb);
      return compareMixed(x, y);
    }
    if (ka === Kind.Str && kb === Kind.Str) {
      const oa = this.heap.objectAt(a);
      const ob = this.heap.objectAt(b);
      if (objs.hugeOf(oa) !== null || objs.hugeOf(ob) !== null) return compareStrObjects(objs, oa, ob);
      return compareCodePoints(objs.strOf(oa), objs.strOf(ob));
    }
    if ((ka === Kind.List || ka === Kind.Tuple) && ka === kb) {
      const sa = objs.sequence(a)!;
      const sb = objs.sequence(b)!;
      const n = Math.min(sa.length, sb.length);
      for (let i = 0; i < n; i++) {
        if (!this.itemEquals(sa.first + i, sb.first + i)) {
          if (this.compareBool(CompareOp.LT, sa.first + i, sb.first + i)) return -1;
          if (this.compareBool(CompareOp.GT, sa.first + i, sb.first + i)) return 1;
          // Unordered items (NaN): the comparison at this position decides, and it is false.
          return NaN;
        }
      }
      return sa.length - sb.length;
    }
    if (ka === Kind.Set && kb === Kind.Set) {
      const s = this.heap.objectAt(a);
      const t = this.heap.objectAt(b);
      const sets = this.rt.sets;
      switch (op) {
        case CompareOp.LE: return sets.isSubset(s, t) ? -1 : NaN;
        case CompareOp.GE: return sets.isSubset(t, s) ? 1 : NaN;
        case CompareOp.LT: return sets.used(s) < sets.used(t) && sets.isSubset(s, t) ? -1 : NaN;
        default: return sets.used(s) > sets.used(t) && sets.isSubset(t, s) ? 1 : NaN;
      }
    }
    throw typeError(`'${COMPARE_OP_SYMBOLS[op]}' not supported between instances of '${this.tn(a)}' and '${this.tn(b)}'`);
  }

  // ---- containment and subscripts ---------------------------------------------------------

  /** `item in container`. */
  contains(container: number, item: number): boolean {
    const rt = this.rt;
    const objs = this.objs;
    const k = objs.kind(container);
    if (k === Kind.List || k === Kind.Tuple) {
      for (let i = 0; ; i++) {
        const s = objs.sequence(container)!;
        if (i >= s.length) return false;
        if (this.itemEquals(s.first + i, item)) return true;
      }
    }
    if (k === Kind.Str) {
      if (objs.kind(item) !== Kind.Str) throw typeError(`'in <string>' requires string as left operand, not ${this.tn(item)}`);
      const t = objs.textOf(this.heap.objectAt(container));
      const sub = objs.textOf(this.heap.objectAt(item));
      return typeof t === 'string' && typeof sub === 'string' ? t.includes(sub) : textContains(t, sub);
    }
    if (k === Kind.Range && !rt.iterators.isRangeIterator(this.heap.objectAt(container))) {
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
    if (k === Kind.Dict) return rt.dictGet(this.heap.objectAt(container), item) >= 0;
    if (k === Kind.Set) return rt.sets.contains(this.heap.objectAt(container), item);
    if (k === Kind.DictView) {
      const v = this.heap.objectAt(container);
      const kind = this.heap.readI64(v + DICT_VIEW_KIND_W);
      const d = this.heap.objectAt(v + DICT_VIEW_DICT_W);
      if (kind === 0) return rt.dictGet(d, item) >= 0;
      if (kind === 2) {
        if (objs.kind(item) !== Kind.Tuple || objs.tupleLength(this.heap.objectAt(item)) !== 2) return false;
        const t = this.heap.objectAt(item);
        const val = rt.dictGet(d, objs.tupleItems(t));
        return val >= 0 && this.itemEquals(val, objs.tupleItems(t) + 1);
      }
    }
    if (k === Kind.Instance) {
      const interp = rt.interp;
      const r = interp.pushNone();
      try {
        if (this.callSpecial('__contains__', container, r, item)) return this.truthy(r);
      } finally {
        interp.popN(1);
      }
      const b = this.baseValue(container);
      if (b >= 0) return this.contains(b, item);
      if (rt.attrs.lookupSpecial(container, '__iter__') < 0 && rt.attrs.lookupSpecial(container, '__getitem__') < 0) {
        throw typeError(`argument of type '${this.tn(container)}' is not iterable`);
      }
    }
    if (k === Kind.Class) {
      const r = rt.interp.pushNone();
      try {
        if (this.classHook(container, '__meta_contains__', r, item)) return this.truthy(r);
      } finally {
        rt.interp.popN(1);
      }
    }
    if (k === Kind.Instance || k === Kind.Generator || k === Kind.Iter || k === Kind.ListIter || k === Kind.DictView || k === Kind.Range) {
      // Search by iterating.
      const interp = rt.interp;
      const it = interp.push(container);
      rt.iterators.getIter(it);
      const x = interp.pushNone();
      try {
        while (rt.iterators.next(it, x)) if (this.itemEquals(x, item)) return true;
        return false;
      } finally {
        interp.sp = it;
      }
    }
    throw typeError(`argument of type '${this.tn(container)}' is not iterable`);
  }

  /** Converts an int-like index slot to a JS number (TypeError otherwise; __index__ for instances). */
  indexOf(w: number, what: string): number {
    const k = this.objs.kind(w);
    if (k === Kind.Int) return this.objs.smallInt(w);
    if (k === Kind.Bool) return this.objs.u32[2 * w];
    if (k === Kind.BigInt) return Number(this.objs.bigOf(w));
    if (k === Kind.Instance) {
      const interp = this.rt.interp;
      const r = interp.pushNone();
      try {
        if (this.callSpecial('__index__', w, r)) {
          const kr = this.objs.kind(r);
          if (kr !== Kind.Int && kr !== Kind.BigInt && kr !== Kind.Bool) throw typeError(`__index__ returned non-int (type ${this.tn(r)})`);
          return Number(this.objs.bigOf(r));
        }
      } finally {
        interp.popN(1);
      }
    }
    throw typeError(what);
  }

  /** container[index] into slot `container`. */
  subscript(container: number, index: number): void {
    const rt = this.rt;
    const objs = this.objs;
    const k = objs.kind(container);
    if ((k === Kind.List || k === Kind.Tuple || k === Kind.Str || k === Kind.Range) && objs.kind(index) === Kind.Slice) {
      const s = this.heap.objectAt(index);
      this.slice(container, s + SLICE_START_W, s + SLICE_STOP_W, s + SLICE_STEP_W);
      return;
    }
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
      const huge = objs.hugeOf(this.heap.objectAt(container));
      if (huge !== null) { objs.setObject(container, hugeIndex(objs, huge, i)); return; }
      const str = objs.strOf(this.heap.objectAt(container));
      // (After strOf: a rope has a handle of its own now.) A trace may read its code units next.
      this.heap.strUnits?.forTier1(this.heap.objectAt(container));
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
    if (k === Kind.Dict) {
      const v = rt.dictGet(this.heap.objectAt(container), index);
      if (v < 0) throw rt.exceptions.keyError(index);
      objs.copy(container, v);
      return;
    }
    if (k === Kind.Instance) {
      if (this.callSpecial('__getitem__', container, container, index)) return;
      const b = this.baseValue(container);
      if (b >= 0) {
        if (objs.kind(b) === Kind.Dict) {
          const v = rt.dictGet(this.heap.objectAt(b), index);
          if (v >= 0) { objs.copy(container, v); return; }
          // dict subclasses: __missing__ decides.
          if (this.callSpecial('__missing__', container, container, index)) return;
          throw rt.exceptions.keyError(index);
        }
        const interp = rt.interp;
        const x = interp.push(b);
        this.subscript(x, index);
        objs.copy(container, x);
        interp.popN(1);
        return;
      }
    }
    if (k === Kind.Class) {
      // Enum['NAME'] (a user class's __class_getitem__); otherwise list[int] style annotations: the class itself.
      this.classHook(container, '__class_getitem__', container, index);
      return;
    }
    throw typeError(`'${this.tn(container)}' object is not subscriptable`);
  }

  /** container[index] = value. */
  storeSubscript(value: number, container: number, index: number): void {
    const rt = this.rt;
    const objs = this.objs;
    const k = objs.kind(container);
    if (k === Kind.List) {
      if (objs.kind(index) === Kind.Slice) { this.storeSlice(container, index, value); return; }
      const i = this.indexOf(index, `list indices must be integers or slices, not ${this.tn(index)}`);
      const s = objs.sequence(container)!;
      const j = i < 0 ? i + s.length : i;
      if (j < 0 || j >= s.length) throw indexError('list assignment index out of range');
      objs.copy(s.first + j, value);
      return;
    }
    if (k === Kind.Dict) { rt.dictSetItem(this.heap.objectAt(container), index, value); return; }
    if (k === Kind.Instance) {
      const interp = rt.interp;
      const r = interp.pushNone();
      try {
        if (this.callSpecial('__setitem__', container, r, index, value)) return;
      } finally {
        interp.popN(1);
      }
      const b = this.baseValue(container);
      if (b >= 0) { this.storeSubscript(value, b, index); return; }
    }
    throw typeError(`'${this.tn(container)}' object does not support item assignment`);
  }

  /** del container[index]. */
  deleteSubscript(container: number, index: number): void {
    const rt = this.rt;
    const objs = this.objs;
    const k = objs.kind(container);
    if (k === Kind.List) {
      const o = this.heap.objectAt(container);
      if (objs.kind(index) === Kind.Slice) {
        const len = objs.listLength(o);
        const s = this.heap.objectAt(index);
        const [start, , step, n] = this.sliceIndices(s + SLICE_START_W, s + SLICE_STOP_W, s + SLICE_STEP_W, len);
        const remove = new Set<number>();
        for (let i = 0, p = start; i < n; i++, p += step) remove.add(p);
        const items = objs.listItems(o);
        let d = 0;
        for (let i = 0; i < len; i++) {
          if (remove.has(i)) continue;
          if (d !== i) objs.copy(items + d, items + i);
          d++;
        }
        this.heap.writeI64(o + LIST_LENGTH_W, d);
        return;
      }
      const i = this.indexOf(index, `list indices must be integers or slices, not ${this.tn(index)}`);
      const len = objs.listLength(o);
      const j = i < 0 ? i + len : i;
      if (j < 0 || j >= len) throw indexError('list assignment index out of range');
      const items = objs.listItems(o);
      objs.u32.copyWithin(2 * (items + j), 2 * (items + j + 1), 2 * (items + len));
      this.heap.writeI64(o + LIST_LENGTH_W, len - 1);
      return;
    }
    if (k === Kind.Dict) {
      const d = this.heap.objectAt(container);
      rt.hash(index);
      const ix = rt.dicts.find(d, index, HASH_LO(), HASH_HI(), (a, b) => this.itemEquals(a, b));
      if (ix < 0) throw rt.exceptions.keyError(index);
      rt.dicts.deleteFound(d, ix);
      return;
    }
    if (k === Kind.Instance) {
      const interp = rt.interp;
      const r = interp.pushNone();
      try {
        if (this.callSpecial('__delitem__', container, r, index)) return;
      } finally {
        interp.popN(1);
      }
      const b = this.baseValue(container);
      if (b >= 0) { this.deleteSubscript(b, index); return; }
    }
    throw typeError(`'${this.tn(container)}' object doesn't support item deletion`);
  }

  /** A slice bound: null for None or a missing one (w < 0). */
  private sliceBound(w: number): number | null {
    if (w < 0 || this.objs.isNone(w)) return null;
    return this.indexOf(w, 'slice indices must be integers or None or have an __index__ method');
  }

  /** slice.indices(length) and the slice's item count: [start, stop, step, count]. */
  sliceIndices(startW: number, stopW: number, stepW: number, length: number): [number, number, number, number] {
    const step = this.sliceBound(stepW) ?? 1;
    if (step === 0) throw valueError('slice step cannot be zero');
    let start = this.sliceBound(startW);
    let stop = this.sliceBound(stopW);
    if (start === null) start = step < 0 ? length - 1 : 0;
    else if (start < 0) { start += length; if (start < 0) start = step < 0 ? -1 : 0; }
    else if (start >= length) start = step < 0 ? length - 1 : length;
    if (stop === null) stop = step < 0 ? -1 : length;
    else if (stop < 0) { stop += length; if (stop < 0) stop = step < 0 ? -1 : 0; }
    else if (stop >= length) stop = step < 0 ? length - 1 : length;
    let n = 0;
    if (step > 0 && start < stop) n = Math.floor((stop - start - 1) / step) + 1;
    else if (step < 0 && start > stop) n = Math.floor((start - stop - 1) / -step) + 1;
    return [start, stop, step, n];
  }

  /** list[slice] = iterable. */
  private storeSlice(container: number, sliceW: number, value: number): void {
    const rt = this.rt;
    const objs = this.objs;
    const heap = this.heap;
    const o = heap.objectAt(container);
    const interp = rt.interp;
    const s = heap.objectAt(sliceW);
    let list: number;
    try {
      list = rt.iterators.toListObject(value);
    } catch (e) {
      // python3 (PySequence_Fast) names the slice store when the value has no iterator.
      if (!(e instanceof PyError) || e.pyType !== 'TypeError' || !e.pyMessage.endsWith('object is not iterable')) throw e;
      const extended = !objs.isNone(s + SLICE_STEP_W) && !(objs.isSmallInt(s + SLICE_STEP_W) && objs.smallInt(s + SLICE_STEP_W) === 1);
      throw typeError(extended ? 'must assign iterable to extended slice' : 'can only assign an iterable');
    }
    const src = interp.pushObject(list);
    const srcList = heap.objectAt(src);
    const m = objs.listLength(srcList);
    const len = objs.listLength(o);
    const [start, stop, step, n] = this.sliceIndices(s + SLICE_START_W, s + SLICE_STOP_W, s + SLICE_STEP_W, len);
    if (step === 1) {
      const end = Math.max(start, stop);
      const newLen = len - (end - start) + m;
      objs.ensureCapacity(o, newLen);
      const items = objs.listItems(o);
      objs.u32.copyWithin(2 * (items + start + m), 2 * (items + end), 2 * (items + len));
      objs.u32.copyWithin(2 * (items + start), 2 * objs.listItems(srcList), 2 * (objs.listItems(srcList) + m));
      heap.writeI64(o + LIST_LENGTH_W, newLen);
    } else {
      if (m !== n) throw valueError(`attempt to assign sequence of size ${m} to extended slice of size ${n}`);
      const items = objs.listItems(o);
      for (let i = 0, p = start; i < n; i++, p += step) objs.copy(items + p, objs.listItems(srcList) + i);
    }
    interp.popN(1);
  }

  /** container[start:stop:step] into slot `container`; step is -1 when absent. */
  slice(container: number, startW: number, stopW: number, stepW: number): void {
    const objs = this.objs;
    const k = objs.kind(container);
    let str: string | null = null;
    let chars: string[] | null = null;
    let length: number;
    if (k === Kind.List || k === Kind.Tuple) length = objs.sequence(container)!.length;
    else if (k === Kind.Str) {
      const huge = objs.hugeOf(this.heap.objectAt(container));
      if (huge !== null) {
        const [start, , step, n] = this.sliceIndices(startW, stopW, stepW, huge.length);
        objs.setObject(container, objs.newStrText(hugeSlice(huge, start, step, n)));
        return;
      }
      str = objs.strOf(this.heap.objectAt(container));
      if (objs.strLength(this.heap.objectAt(container)) !== str.length) chars = Array.from(str);
      length = chars ? chars.length : str.length;
    } else if (k === Kind.Range && !this.rt.iterators.isRangeIterator(this.heap.objectAt(container))) {
      const r = this.heap.objectAt(container);
      const [start, , step, n] = this.sliceIndices(startW, stopW, stepW, objs.rangeLength(r));
      const r0 = this.heap.readI64(r + RANGE_NEXT_W);
      const rs = this.heap.readI64(r + RANGE_STEP_W);
      objs.setObject(container, this.rt.iterators.newRangeObject(r0 + start * rs, r0 + (start + n * step) * rs, step * rs));
      return;
    } else {
      // Anything else gets a slice object through __getitem__.
      const interp = this.rt.interp;
      const none = interp.pushNone();
      const sl = interp.pushObject(objs.newSlice(startW, stopW, stepW < 0 ? none : stepW));
      this.subscript(container, sl);
      interp.popN(2);
      return;
    }
    const [start, stop, step, count] = this.sliceIndices(startW, stopW, stepW, length);
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
    if (str !== null) {
      let out = '';
      for (let i = 0, p = start; i < count; i++, p += step) out += chars ? chars[p] : str[p];
      objs.setObject(container, objs.newStr(out));
      return;
    }
    const o = k === Kind.List ? objs.newList(count) : objs.newTuple(count);
    const s = objs.sequence(container)!;
    const first = k === Kind.List ? objs.listItems(o) : objs.tupleItems(o);
    for (let i = 0, p = start; i < count; i++, p += step) objs.copy(first + i, s.first + p);
    objs.setObject(container, o);
  }

  // ---- unpacking and bulk updates ----------------------------------------------------------

  /** UNPACK_SEQUENCE: the sequence at w becomes items n-1..0 at w..w+n-1 (item 0 on top). */
  unpack(w: number, n: number): void {
    const objs = this.objs;
    const k = objs.kind(w);
    if (k !== Kind.List && k !== Kind.Tuple) {
      this.checkIterable(w, 'cannot unpack non-iterable');
      objs.setObject(w, this.rt.iterators.toListObject(w));
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

  private checkIterable(w: number, what: string): void {
    const k = this.objs.kind(w);
    if (k === Kind.Int || k === Kind.Float || k === Kind.Bool || k === Kind.None || k === Kind.BigInt || k === Kind.Function ||
      k === Kind.Builtin || k === Kind.Module || k === Kind.Class || k === Kind.Method || k === Kind.Cell || k === Kind.Slice) {
      throw typeError(`${what} ${this.tn(w)} object`);
    }
  }

  /** UNPACK_EX: a, *b, c = seq; returns the new sp. */
  unpackEx(w: number, before: number, after: number): number {
    const rt = this.rt;
    const objs = this.objs;
    this.checkIterable(w, 'cannot unpack non-iterable');
    const list = rt.iterators.toListObject(w);
    objs.setObject(w, list);
    const len = objs.listLength(list);
    if (len < before + after) {
      throw valueError(`not enough values to unpack (expected at least ${before + after}, got ${len})`);
    }
    const interp = rt.interp;
    interp.sp = w + 1;
    // The middle part as a new list, then every value pushed so the first ends on top.
    const mid = objs.newList(len - before - after);
    const items = objs.listItems(list);
    objs.u32.copyWithin(2 * objs.listItems(mid), 2 * (items + before), 2 * (items + len - after));
    const keep = interp.pushObject(mid);
    const total = before + 1 + after;
    const words = new Uint32Array(2 * total);
    const put = (i: number, src: number) => { words[2 * i] = objs.u32[2 * src]; words[2 * i + 1] = objs.u32[2 * src + 1]; };
    // Stack from w: the last value first ... the first value on top.
    let p = 0;
    for (let i = after - 1; i >= 0; i--) put(p++, items + len - after + i);
    put(p++, keep);
    for (let i = before - 1; i >= 0; i--) put(p++, items + i);
    objs.u32.set(words, 2 * w);
    return w + total;
  }

  /** set.update(iterable) for the set object s. */
  setUpdateFrom(s: number, iterable: number): void {
    const rt = this.rt;
    const objs = this.objs;
    const k = objs.kind(iterable);
    if (k === Kind.Set) { rt.sets.merge(s, this.heap.objectAt(iterable)); return; }
    if (k === Kind.Dict) {
      const d = this.heap.objectAt(iterable);
      const used = rt.dicts.used(d);
      const sets = rt.sets;
      // set_update_dict: one resize up front, then the keys with their stored hashes.
      if ((objs.u32[2 * (s + 1)] + used) * 5 >= sets.mask(s) * 3) sets.resize(s, (sets.used(s) + used) * 2);
      for (let i = rt.dicts.nextLive(d, 0); i >= 0; i = rt.dicts.nextLive(d, i + 1)) {
        const e = rt.dicts.entry(d, i);
        sets.addEntry(s, e + 1, objs.u32[2 * e], objs.u32[2 * e + 1]);
      }
      return;
    }
    const interp = rt.interp;
    const keep = interp.pushObject(s);
    const it = interp.push(iterable);
    rt.iterators.getIter(it);
    const x = interp.pushNone();
    while (rt.iterators.next(it, x)) rt.sets.add(this.heap.objectAt(keep), x);
    interp.sp = keep;
  }

  /** d.update(mapping) (merge: a key already there is a TypeError, for f(**m)). */
  dictUpdateFrom(d: number, mapping: number, merge: boolean): void {
    const rt = this.rt;
    const objs = this.objs;
    const heap = this.heap;
    const interp = rt.interp;
    const keep = interp.pushObject(d);
    let src = mapping;
    if (objs.kind(src) === Kind.Instance && this.baseValue(src) >= 0 && objs.kind(this.baseValue(src)) === Kind.Dict &&
      rt.attrs.lookupSpecial(src, 'keys') < 0) src = this.baseValue(src);
    if (objs.kind(src) === Kind.Dict) {
      const m = heap.objectAt(src);
      // Into a dict with no entries (dict(d), a fresh dict's update): d's keys are distinct, nothing to compare.
      if (!merge && rt.dicts.nentries(heap.objectAt(keep)) === 0 && heap.objectAt(keep) !== m) {
        rt.dicts.fillFrom(heap.objectAt(keep), m);
        interp.sp = keep;
        return;
      }
      const equals = (a: number, b: number) => this.itemEquals(a, b);
      for (let i = rt.dicts.nextLive(m, 0); i >= 0; i = rt.dicts.nextLive(m, i + 1)) {
        const e = rt.dicts.entry(m, i);
        if (merge) {
          if (objs.kind(e + 1) !== Kind.Str) throw typeError('keywords must be strings');
          if (rt.dictGet(heap.objectAt(keep), e + 1) >= 0) {
            throw typeError(`got multiple values for keyword argument '${objs.strOf(heap.objectAt(e + 1))}'`);
          }
        }
        const lo = objs.u32[2 * e];
        const hi = objs.u32[2 * e + 1];
        rt.dicts.set(heap.objectAt(keep), e + 1, e + 2, lo, hi, equals);
      }
      interp.sp = keep;
      return;
    }
    // Any mapping with keys() and __getitem__.
    if (rt.attrs.lookupSpecial(src, 'keys') < 0 && objs.kind(src) !== Kind.Instance) {
      if (merge) throw typeError(`argument after ** must be a mapping, not ${this.tn(src)}`);
      throw typeError(`'${this.tn(src)}' object is not a mapping`);
    }
    const keys = interp.push(src);
    rt.attrs.load(keys, 'keys');
    interp.callValue(keys, 0);
    rt.iterators.getIter(keys);
    const k = interp.pushNone();
    const v = interp.pushNone();
    while (rt.iterators.next(keys, k)) {
      objs.copy(v, src);
      this.subscript(v, k);
      if (merge && rt.dictGet(heap.objectAt(keep), k) >= 0) {
        throw typeError(`got multiple values for keyword argument '${rt.fmt.str(k)}'`);
      }
      rt.dictSetItem(heap.objectAt(keep), k, v);
    }
    interp.sp = keep;
  }

  /** CALL_FUNCTION_EX: [callable args [kwargs]] -> [callable a0.. kv0..]; returns the keyword names. */
  expandCallArguments(callable: number, hasKw: boolean): string[] | null {
    const rt = this.rt;
    const objs = this.objs;
    const heap = this.heap;
    const interp = rt.interp;
    const argsW = callable + 1;
    const kwW = callable + 2;
    // Keep both containers alive above the area being rewritten.
    const argsKeep = interp.push(argsW);
    const kwKeep = hasKw ? interp.push(kwW) : -1;
    const argsObj = heap.objectAt(argsKeep);
    const n = objs.tupleLength(argsObj);
    const names: string[] = [];
    const kwValues: number[] = [];
    if (hasKw) {
      const d = heap.objectAt(kwKeep);
      for (let i = rt.dicts.nextLive(d, 0); i >= 0; i = rt.dicts.nextLive(d, i + 1)) {
        const e = rt.dicts.entry(d, i);
        if (objs.kind(e + 1) !== Kind.Str) throw typeError('keywords must be strings');
        names.push(objs.strOf(heap.objectAt(e + 1)));
        kwValues.push(i);
      }
    }
    const total = n + names.length;
    // Copy into place above the kept containers, then move down over [argsW ...).
    const start = interp.sp;
    if (start + total >= heap.frameStackEndW - 8) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    objs.u32.copyWithin(2 * start, 2 * objs.tupleItems(argsObj), 2 * (objs.tupleItems(argsObj) + n));
    kwValues.forEach((i, j) => objs.copy(start + n + j, rt.dicts.entry(heap.objectAt(kwKeep), i) + 2));
    objs.u32.copyWithin(2 * argsW, 2 * start, 2 * (start + total));
    interp.sp = argsW + total;
    return names.length > 0 ? names : null;
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

const HASH_LO = () => HASH[0];
const HASH_HI = () => HASH[1];

export { BinaryOp, CompareOp };
