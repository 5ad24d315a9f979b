// The recorder's translation of loops and sequence operations beyond lists and
// ranges (cases/uops_loops.c): the iterators GET_ITER makes of tuples,
// constant strs, dicts, dict views and sets; `for x in a_set`; the ends of
// dict and set loops (so a nested loop over a dict does not stitch when it
// finishes); and `x in seq` for lists and tuples of numbers. Anything else is
// left to the caller (it stitches through tier-1).
import { LAYOUT as L } from '../../../build/layout.ts';
import { BinaryOp, isInplaceBinaryOp, Op, plainBinaryOp } from '../frontend/bytecode.ts';
import type { Heap } from '../heap/heap.ts';
import { IterKind, RANGE_OBJECT_WORDS } from '../interpreter/iterators.ts';
import { dictIterDone, type ContainerRecorder } from './record-containers.ts';
import { NONE_WORD, typeOfWord, VType, wordAt } from './trace-ir.ts';

const W = (bytes: number) => bytes / 8;

function objType(heap: Heap, w: number): number {
  return heap.u32[2 * w + 1] >>> 16 === L.TAG_OBJ ? heap.u32[2 * heap.objectAt(w)] : -1;
}

/** What record-iteration needs beyond the container recorder. */
export interface IterationRecorder extends ContainerRecorder {
  /** The pinned one-character table of a constant str object, or null. */
  strIndexTable(o: number): number | null;
  /** A uop that cannot exit. */
  emit(uop: string): void;
  /** Pushes a constant word (None after a method returning nothing). */
  constant(word: bigint): void;
}

/** GET_ITER of the top (word w, type t); false when it has no native form here. */
export function recordGetIter(r: IterationRecorder, w: number, t: VType): boolean {
  const heap = r.heap;
  if (t === VType.LIST) {
    r.guard('GUARD_LIST', 'type');
    r.guard('LIST_ITER_NEW', 'alloc');
    return true;
  }
  if (t === VType.TUPLE) {
    r.guard('GUARD_TUPLE', 'type');
    r.guard('TUPLE_ITER_NEW', 'alloc');
    return true;
  }
  if (t === VType.STR) {
    const table = r.strIndexTable(heap.objectAt(w));
    if (table === null) return false;
    // Another str fails the identity like a type guard: a side trace specialises on that one.
    r.guard('GUARD_STACK_IS', 'type', { oparg: 1, operand0: wordAt(heap, w) });
    r.guard('STR_ITER_CONST', 'alloc', { operand0: BigInt(heap.addressOf(table)) });
    return true;
  }
  switch (objType(heap, w)) {
    case L.OBJ_ITER:
    case L.OBJ_LIST_ITER:
    case L.OBJ_GENERATOR:
      r.guard('GET_ITER_SELF', 'type');
      return true;
    case L.OBJ_RANGE:
      // A range object (one word bigger than an iterator) gets a new iterator; an iterator is its own.
      if (heap.u32[2 * heap.objectAt(w) + 1] === RANGE_OBJECT_WORDS) r.guard('RANGE_OBJECT_ITER_NEW', 'alloc');
      else r.guard('GET_ITER_SELF', 'type');
      return true;
    case L.OBJ_DICT:
      r.guard('DICT_ITER_NEW', 'alloc', { oparg: IterKind.DICT_KEYS });
      return true;
    case L.OBJ_SET:
      r.guard('SET_ITER_NEW', 'alloc', { oparg: IterKind.SET });
      return true;
    case L.OBJ_DICT_VIEW: {
      const kind = heap.readI64(heap.objectAt(w) + W(L.DICT_VIEW_KIND));
      const iterKind = kind === 0 ? IterKind.DICT_KEYS : kind === 1 ? IterKind.DICT_VALUES : IterKind.DICT_ITEMS;
      r.guard('DICT_VIEW_ITER_NEW', 'alloc', { oparg: iterKind, operand0: BigInt(kind) });
      return true;
    }
    default:
      return false;
  }
}

/** Whether the set iterator o has no active entry left (or its set changed size: tier-1 raises). */
function setIterDone(heap: Heap, o: number): boolean {
  const src = o + W(L.ITER_SOURCE);
  if (heap.u32[2 * src + 1] >>> 16 !== L.TAG_OBJ) return true;
  const s = heap.objectAt(src);
  const aux2 = o + W(L.ITER_AUX2);
  if (heap.u32[2 * aux2 + 1] >>> 16 !== L.TAG_INT || heap.u32[2 * aux2] !== heap.readI64(s + W(L.SET_USED))) return true;
  const table = heap.wordOf(heap.readI64(s + W(L.SET_TABLE))) + W(L.ITEMS_ITEMS);
  const mask = heap.readI64(s + W(L.SET_MASK));
  for (let i = heap.readI64(o + W(L.ITER_INDEX)); i <= mask; i++) {
    if (heap.u32[2 * (table + 2 * i + 1) + 1] >>> 16 !== L.TAG_UNBOUND) return false;
  }
  return true;
}

/**
 * FOR_ITER over an IterObject (word w) that record-containers.ts does not
 * translate: the next element of a set, and the end of a dict or set loop.
 */
export function recordForIterMore(r: ContainerRecorder, w: number): boolean {
  const heap = r.heap;
  if (objType(heap, w) !== L.OBJ_ITER) return false;
  const o = heap.objectAt(w);
  const kind = heap.readI64(o + W(L.ITER_KIND));
  const isDictKind = kind === IterKind.DICT_KEYS || kind === IterKind.DICT_VALUES || kind === IterKind.DICT_ITEMS;
  if (kind === IterKind.REVERSED || kind === IterKind.ENUMERATE || kind === IterKind.ZIP) return recordForIterWrapped(r, o, kind);
  if (kind !== IterKind.SET && !isDictKind) return false;
  const done = kind === IterKind.SET ? setIterDone(heap, o) : dictIterDone(heap, o);
  if (done) {
    r.loopEnded();
    // A size change raises in tier-1: that is not the end of the loop the trace can record.
    const src = o + W(L.ITER_SOURCE);
    if (heap.u32[2 * src + 1] >>> 16 === L.TAG_OBJ) {
      const table = heap.objectAt(src);
      const used = heap.readI64(table + W(kind === IterKind.SET ? L.SET_USED : L.DICT_USED));
      if (heap.u32[2 * (o + W(L.ITER_AUX2))] !== used) return false;
    }
    r.guard('GUARD_ITER_KIND', 'type', { operand0: BigInt(kind) });
    r.guard(kind === IterKind.SET ? 'SET_ITER_EXHAUSTED_POP' : 'DICT_ITER_EXHAUSTED_POP', 'iterator');
    return true;
  }
  if (kind !== IterKind.SET) return false;
  r.guard('GUARD_ITER_KIND', 'type', { operand0: BigInt(kind) });
  r.guard('FOR_SET_NEXT', 'iterator');
  return true;
}

/** x in seq / x not in seq (COMPARE_OP: x under seq) for a list or tuple and an int or float x, or a range object and an int x. */
export function recordSeqContains(r: ContainerRecorder, sp: number, key: VType, seq: VType, negate: boolean, emit: (uop: string) => void): boolean {
  if (key === VType.INT && objType(r.heap, sp - 1) === L.OBJ_RANGE && r.heap.u32[2 * r.heap.objectAt(sp - 1) + 1] === RANGE_OBJECT_WORDS) {
    // The uop checks both operands itself.
    r.guard('RANGE_CONTAINS_INT', 'type');
    if (negate) emit('NOT_BOOL');
    return true;
  }
  if (key !== VType.INT && key !== VType.FLOAT) return false;
  if (!plainItems(r.heap, sp - 1, false)) return false;
  if (seq === VType.LIST) {
    r.guard('GUARD_LIST', 'type');
    r.guard('LIST_CONTAINS_NUMBER', 'other');
  } else if (seq === VType.TUPLE) {
    r.guard('GUARD_TUPLE', 'type');
    r.guard('TUPLE_CONTAINS_NUMBER', 'other');
  } else {
    return false;
  }
  if (negate) emit('NOT_BOOL');
  return true;
}

const isNumber = (t: VType) => t === VType.INT || t === VType.FLOAT;

/** Object types no number equals and whose truth is their length: comparing or testing them calls no Python code. */
const PLAIN_OBJECTS = new Set<number>([
  L.OBJ_STR, L.OBJ_LIST, L.OBJ_TUPLE, L.OBJ_DICT, L.OBJ_SET, L.OBJ_FUNCTION, L.OBJ_BUILTIN, L.OBJ_MODULE, L.OBJ_CLASS,
  L.OBJ_RANGE, L.OBJ_LIST_ITER, L.OBJ_BIGINT,
]);

/**
 * Whether every item of the list or tuple in word w is a number, bool, None or
 * a plain object (numbersOnly: a number or bool): then tier-1 runs no Python
 * code (__eq__, __bool__, __lt__, __add__) on them while this bytecode is
 * recorded, which would end the recording. (At run time an item that needs
 * tier-1 makes the uop exit.)
 */
function plainItems(heap: Heap, w: number, numbersOnly: boolean): boolean {
  const k = objType(heap, w);
  const o = heap.objectAt(w);
  let first: number;
  let n: number;
  if (k === L.OBJ_LIST) {
    first = heap.wordOf(heap.readI64(o + W(L.LIST_ITEMS))) + W(L.ITEMS_ITEMS);
    n = heap.readI64(o + W(L.LIST_LENGTH));
  } else if (k === L.OBJ_TUPLE) {
    first = o + W(L.TUPLE_ITEMS);
    n = heap.readI64(o + W(L.TUPLE_LENGTH));
  } else {
    return false;
  }
  for (let i = 0; i < n; i++) {
    const t = typeOfWord(heap, first + i);
    if (t === VType.INT || t === VType.FLOAT || t === VType.BOOL) continue;
    if (numbersOnly) return false;
    if (t === VType.NONE) continue;
    if (!PLAIN_OBJECTS.has(objType(heap, first + i))) return false;
  }
  return true;
}

/**
 * seq.m(args) of a list (pop, insert, remove, index, count, reverse) or a tuple
 * (index, count) with the receiver under its n arguments, natively for small-int
 * indexes and int/float items, and d.keys()/values()/items() iterated at once
 * (the GET_ITER after it at pc + 1 is covered); false otherwise.
 */
export function recordSeqMethod(r: IterationRecorder, name: string, n: number, sp: number, pc: number): boolean {
  const heap = r.heap;
  if (n === 0 && (name === 'keys' || name === 'values' || name === 'items') && objType(heap, sp - 1) === L.OBJ_DICT && r.nextOp(pc) === Op.GET_ITER) {
    // `for ... in d.items()`: the view, only iterated, is never built: its iterator is made at once.
    const kind = name === 'keys' ? IterKind.DICT_KEYS : name === 'values' ? IterKind.DICT_VALUES : IterKind.DICT_ITEMS;
    r.guard('DICT_ITER_NEW', 'alloc', { oparg: kind });
    r.skipNext(pc);
    return true;
  }
  const recv = typeOfWord(heap, sp - n - 1);
  const arg = (d: number) => typeOfWord(heap, sp - d);
  // remove/index/count compare items: only when that calls no Python code now.
  if ((name === 'remove' || name === 'index' || name === 'count') && !plainItems(heap, sp - n - 1, false)) return false;
  if (recv === VType.LIST) {
    if (name === 'pop' && n === 0) {
      r.guard('GUARD_LIST', 'type');
      // An empty list exits: tier-1 raises IndexError.
      r.guard('LIST_POP', 'bounds');
      return true;
    }
    if (name === 'pop' && n === 1 && arg(1) === VType.INT) {
      r.guard('GUARD_LIST_SECOND', 'type');
      r.guard('GUARD_INT', 'type');
      r.guard('LIST_POP_AT', 'bounds');
      return true;
    }
    if (name === 'insert' && n === 2 && arg(2) === VType.INT) {
      // The uop checks the list and the index itself (a full lent buffer exits too).
      r.guard('LIST_INSERT', 'alloc');
      r.constant(NONE_WORD);
      return true;
    }
    if (name === 'remove' && n === 1 && isNumber(arg(1))) {
      r.guard('GUARD_LIST_SECOND', 'type');
      r.guard('LIST_REMOVE_NUMBER', 'other');
      r.constant(NONE_WORD);
      return true;
    }
    if (name === 'reverse' && n === 0) {
      r.guard('GUARD_LIST', 'type');
      r.emit('LIST_REVERSE');
      r.constant(NONE_WORD);
      return true;
    }
  }
  if ((recv === VType.LIST || recv === VType.TUPLE) && n === 1 && isNumber(arg(1)) && (name === 'index' || name === 'count')) {
    r.guard(recv === VType.LIST ? 'GUARD_LIST_SECOND' : 'GUARD_TUPLE_SECOND', 'type');
    r.guard(name === 'index' ? 'SEQ_INDEX_NUMBER' : 'SEQ_COUNT_NUMBER', 'other');
    return true;
  }
  return false;
}

const SEQ_BUILTINS: Record<string, string> = { sum: 'SUM_SEQ', min: 'MIN_SEQ', max: 'MAX_SEQ', any: 'ANY_SEQ', all: 'ALL_SEQ' };

/**
 * A builtin over one sequence (word w, the builtin `callee` under it): sum, min,
 * max, any, all of a list or tuple, len of a set, dict view (or anything LEN_ANY
 * knows); false otherwise.
 */
export function recordSeqBuiltin(r: IterationRecorder, name: string, nargs: number, sp: number, callee: bigint): boolean {
  if (nargs !== 1) return false;
  const t = typeOfWord(r.heap, sp - 1);
  let uop: string | undefined;
  if (name === 'len') {
    const k = objType(r.heap, sp - 1);
    if (k === L.OBJ_SET || k === L.OBJ_DICT_VIEW) uop = 'LEN_ANY';
  } else if ((t === VType.LIST || t === VType.TUPLE) && plainItems(r.heap, sp - 1, name !== 'any' && name !== 'all')) {
    uop = SEQ_BUILTINS[name];
  }
  if (uop === undefined) return false;
  r.guard('GUARD_STACK_IS', 'identity', { oparg: 2, operand0: callee });
  // Items the uop cannot handle exit before anything changed: tier-1 calls the builtin.
  r.guard(uop, 'other');
  r.emit('SWAP');
  r.emit('POP_TOP');
  return true;
}

/**
 * BINARY_OP on lists and tuples (a under b): list + list and tuple + tuple (new
 * sequences), list += list or tuple (in place), list * n and tuple * n; false
 * otherwise.
 */
export function recordSeqBinary(r: IterationRecorder, opArg: number, a: VType, b: VType): boolean {
  const op = plainBinaryOp(opArg);
  const inplace = isInplaceBinaryOp(opArg);
  const seq = (t: VType) => t === VType.LIST || t === VType.TUPLE;
  // The uops check their operands' types themselves; a buffer too small exits too.
  if (op === BinaryOp.ADD && a === VType.LIST && inplace && seq(b)) {
    r.guard('LIST_EXTEND_SEQ', 'alloc');
    return true;
  }
  if (op === BinaryOp.ADD && seq(a) && a === b) {
    r.guard('SEQ_CONCAT', 'alloc');
    return true;
  }
  // list *= n repeats the list in place: tier-1's.
  if (op === BinaryOp.MUL && seq(a) && b === VType.INT && !(inplace && a === VType.LIST)) {
    r.guard('SEQ_REPEAT', 'alloc');
    return true;
  }
  return false;
}

/** BINARY_SLICE (arg bounds) of a list or tuple with small-int or None bounds; false otherwise. */
export function recordSeqSlice(r: IterationRecorder, arg: number, sp: number): boolean {
  const heap = r.heap;
  const bound = (d: number) => {
    const t = typeOfWord(heap, sp - d);
    return t === VType.INT || t === VType.NONE;
  };
  const seq = typeOfWord(heap, sp - arg - 1);
  for (let d = 1; d <= arg; d++) if (!bound(d)) return false;
  if (arg === 3 && (seq === VType.LIST || seq === VType.TUPLE)) {
    // A zero step exits: tier-1 raises ValueError.
    r.guard('SEQ_SLICE3', 'alloc');
    return true;
  }
  if (arg === 2 && seq === VType.TUPLE) {
    r.guard('TUPLE_SLICE', 'alloc');
    return true;
  }
  return false;
}

/** Whether the list iterator in word w is at its end. */
function listIterDone(heap: Heap, w: number): boolean {
  const it = heap.objectAt(w);
  const list = heap.wordOf(heap.readI64(it + W(L.LIST_ITER_LIST)));
  return heap.readI64(it + W(L.LIST_ITER_INDEX)) >= heap.readI64(list + W(L.LIST_LENGTH));
}

/**
 * FOR_ITER over reversed(list) (each item), and the ends of loops over
 * enumerate(list) and zip(list, list) (their items are record-containers.ts's).
 */
function recordForIterWrapped(r: ContainerRecorder, o: number, kind: number): boolean {
  const heap = r.heap;
  const src = o + W(L.ITER_SOURCE);
  let uop: string;
  if (kind === IterKind.REVERSED) {
    if (objType(heap, src) !== L.OBJ_LIST) return false;
    const i = heap.readI64(o + W(L.ITER_INDEX));
    const done = i < 0 || i >= heap.readI64(heap.objectAt(src) + W(L.LIST_LENGTH));
    if (done) r.loopEnded();
    uop = done ? 'REVERSED_EXHAUSTED_POP' : 'FOR_REVERSED_LIST_NEXT';
  } else if (kind === IterKind.ENUMERATE) {
    if (objType(heap, src) !== L.OBJ_LIST_ITER || !listIterDone(heap, src)) return false;
    r.loopEnded();
    uop = 'ENUMERATE_LIST_EXHAUSTED_POP';
  } else {
    if (objType(heap, src) !== L.OBJ_TUPLE) return false;
    const t = heap.objectAt(src);
    if (heap.readI64(t + W(L.TUPLE_LENGTH)) !== 2) return false;
    const a = t + W(L.TUPLE_ITEMS);
    if (objType(heap, a) !== L.OBJ_LIST_ITER || objType(heap, a + 1) !== L.OBJ_LIST_ITER) return false;
    if (!listIterDone(heap, a) && !listIterDone(heap, a + 1)) return false;
    r.loopEnded();
    uop = 'ZIP2_EXHAUSTED_POP';
  }
  r.guard('GUARD_ITER_KIND', 'type', { operand0: BigInt(kind) });
  r.guard(uop, 'iterator');
  return true;
}

/**
 * enumerate(seq), zip(a, b) and reversed(seq) of lists and tuples, list() and
 * tuple() of those and of range objects, sorted() of numbers, sum() and len()
 * of range objects (the builtin `callee` under its arguments), built natively
 * as tier-1 builds them; false otherwise.
 */
export function recordIterBuiltin(r: IterationRecorder, name: string, nargs: number, sp: number, callee: bigint): boolean {
  const heap = r.heap;
  const seq = (d: number) => {
    const t = typeOfWord(heap, sp - d);
    return t === VType.LIST || t === VType.TUPLE;
  };
  const rangeObject = (d: number) => objType(heap, sp - d) === L.OBJ_RANGE && heap.u32[2 * heap.objectAt(sp - d) + 1] === RANGE_OBJECT_WORDS;
  let uop: string;
  let kind = 0;
  if (name === 'range' && nargs >= 1 && nargs <= 3) {
    for (let d = 1; d <= nargs; d++) if (typeOfWord(heap, sp - d) !== VType.INT) return false;
    r.guard('GUARD_STACK_IS', 'identity', { oparg: nargs + 1, operand0: callee });
    for (let d = 1; d <= nargs; d++) r.guard('GUARD_INT_AT', 'type', { oparg: d });
    r.guard('RANGE_OBJECT_NEW', 'alloc', { oparg: nargs });
    return true;
  }
  if ((name === 'tuple' || name === 'list') && nargs === 1 && (seq(1) || rangeObject(1))) {
    uop = name === 'tuple' ? 'TO_TUPLE' : 'TO_LIST';
  } else if (name === 'sorted' && nargs === 1 && seq(1) && plainItems(heap, sp - 1, true)) {
    uop = 'SORTED_NUMBERS';
  } else if ((name === 'sum' || name === 'len') && nargs === 1 && rangeObject(1)) {
    uop = name === 'sum' ? 'SUM_RANGE' : 'RANGE_LEN';
  } else if (name === 'enumerate' && nargs === 1 && seq(1)) {
    uop = 'ENUMERATE_SEQ_NEW';
    kind = IterKind.ENUMERATE;
  } else if (name === 'zip' && nargs === 2 && seq(1) && seq(2)) {
    uop = 'ZIP2_SEQ_NEW';
    kind = IterKind.ZIP;
  } else if (name === 'reversed' && nargs === 1 && seq(1)) {
    uop = 'REVERSED_SEQ_NEW';
    kind = IterKind.REVERSED;
  } else {
    return false;
  }
  r.guard('GUARD_STACK_IS', 'identity', { oparg: nargs + 1, operand0: callee });
  // The uop checks its arguments' types itself; a buffer too small exits too.
  r.guard(uop, 'alloc', { oparg: kind });
  return true;
}

