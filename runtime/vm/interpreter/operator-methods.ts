// The operator methods of int, bool and float as attributes: (3).__add__(4),
// int.__mul__ passed to functools.reduce, super().__add__(x) in a subclass of
// int. Each runs the VM's own operator (operations.ts) and returns
// NotImplemented for an argument the type's operator does not take, as
// python3 does ((1).__add__(1.0) and (1).__eq__(1.0) are NotImplemented), so
// that the other operand's reflected method can run.
import { BinaryOp, CompareOp, UnaryOp } from '../frontend/bytecode.ts';
import { Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';
import { BuiltinType } from './builtin-types.ts';
import type { Keywords } from './builtin-registry.ts';
import { method } from './methods.ts';
import type { Runtime } from './runtime.ts';

const ARITHMETIC: readonly [string, number][] = [
  ['add', BinaryOp.ADD], ['sub', BinaryOp.SUB], ['mul', BinaryOp.MUL], ['truediv', BinaryOp.TRUEDIV],
  ['floordiv', BinaryOp.FLOORDIV], ['mod', BinaryOp.MOD], ['pow', BinaryOp.POW],
];
/** Operators of ints only (float has no __and__ or __lshift__). */
const BITWISE: readonly [string, number][] = [
  ['lshift', BinaryOp.LSHIFT], ['rshift', BinaryOp.RSHIFT], ['and', BinaryOp.AND], ['or', BinaryOp.OR], ['xor', BinaryOp.XOR],
];
const COMPARISONS: readonly [string, number][] = [
  ['lt', CompareOp.LT], ['le', CompareOp.LE], ['eq', CompareOp.EQ], ['ne', CompareOp.NE], ['gt', CompareOp.GT], ['ge', CompareOp.GE],
];

const isIntKind = (k: Kind) => k === Kind.Int || k === Kind.Bool || k === Kind.BigInt;

/** The single argument of `type.__name__(other)`, or a TypeError as python3's. */
function oneArgument(n: number, kw: Keywords, type: string, name: string): void {
  if (kw && kw.size > 0) throw typeError(`${type}.__${name}__() takes no keyword arguments`);
  if (n !== 1) throw typeError(`expected 1 argument, got ${n}`);
}

/** Runs op(x, y) on copies of slots x and y at the top of the stack; the result goes to dst. */
function onCopies(rt: Runtime, x: number, y: number, dst: number, op: (a: number, b: number) => void): void {
  const interp = rt.interp;
  const sp = interp.sp;
  try {
    const a = interp.push(x);
    const b = interp.push(y);
    op(a, b);
    rt.objs.copy(dst, a);
  } finally {
    interp.sp = sp;
  }
}

type Accepts = (k: Kind) => boolean;
const anything: Accepts = () => true;
const notImplemented = (rt: Runtime, dst: number) => rt.objs.setObject(dst, rt.notImplemented);

/** __name__(other) runs `run` on copies of (self, other), or (other, self) when `reflected`; NotImplemented unless `accepts` other. */
function binaryMethod(type: BuiltinType, typeName: string, name: string, accepts: Accepts, reflected: boolean, run: (rt: Runtime, a: number, b: number) => void): void {
  method(type, `__${name}__`, (rt, self, args, n, dst, kw) => {
    oneArgument(n, kw, typeName, name);
    if (!accepts(rt.objs.kind(args))) return notImplemented(rt, dst);
    onCopies(rt, reflected ? args : self, reflected ? self : args, dst, (a, b) => run(rt, a, b));
  });
}

function operators(type: BuiltinType, typeName: string, accepts: Accepts, binary: readonly [string, number][]): void {
  for (const [name, op] of binary) {
    binaryMethod(type, typeName, name, accepts, false, (rt, a, b) => rt.ops.binary(op, a, b));
    binaryMethod(type, typeName, `r${name}`, accepts, true, (rt, a, b) => rt.ops.binary(op, a, b));
  }
}

function comparisons(type: BuiltinType, typeName: string, accepts: Accepts): void {
  for (const [name, op] of COMPARISONS) binaryMethod(type, typeName, name, accepts, false, (rt, a, b) => rt.ops.compare(op, a, b));
}

function unaryOperators(type: BuiltinType, typeName: string, ops: readonly [string, number][]): void {
  for (const [name, op] of ops) {
    method(type, `__${name}__`, (rt, self, _args, n, dst, kw) => {
      if ((kw && kw.size > 0) || n !== 0) throw typeError(`${typeName}.__${name}__() takes no arguments (${n} given)`);
      onCopies(rt, self, self, dst, (a) => rt.ops.unary(op, a));
    });
  }
}

const SIGNS: readonly [string, number][] = [['neg', UnaryOp.NEGATIVE], ['pos', UnaryOp.POSITIVE]];
const isNumberKind: Accepts = (k) => isIntKind(k) || k === Kind.Float;
for (const type of [BuiltinType.INT, BuiltinType.BOOL]) {
  operators(type, 'int', isIntKind, [...ARITHMETIC, ...BITWISE]);
  comparisons(type, 'int', isIntKind);
  unaryOperators(type, 'int', [...SIGNS, ['invert', UnaryOp.INVERT]]);
}
operators(BuiltinType.FLOAT, 'float', isNumberKind, ARITHMETIC);
comparisons(BuiltinType.FLOAT, 'float', isNumberKind);
unaryOperators(BuiltinType.FLOAT, 'float', SIGNS);

// Sequences: __add__ of another type raises the operator's own TypeError
// ('can only concatenate str (not "int") to str'), as python3's; repetition
// takes an int (an index: no NotImplemented), comparisons a value of the
// same type, else NotImplemented.
const SEQUENCES: readonly [BuiltinType, string, Kind][] = [
  [BuiltinType.STR, 'str', Kind.Str], [BuiltinType.LIST, 'list', Kind.List], [BuiltinType.TUPLE, 'tuple', Kind.Tuple],
];
for (const [type, typeName, kind] of SEQUENCES) {
  binaryMethod(type, typeName, 'add', anything, false, (rt, a, b) => rt.ops.binary(BinaryOp.ADD, a, b));
  for (const name of ['mul', 'rmul']) {
    binaryMethod(type, typeName, name, anything, false, (rt, a, b) => {
      if (!isIntKind(rt.objs.kind(b))) throw typeError(`'${rt.typeName(b)}' object cannot be interpreted as an integer`);
      rt.ops.binary(BinaryOp.MUL, a, b);
    });
  }
  comparisons(type, typeName, (k) => k === kind);
}
binaryMethod(BuiltinType.STR, 'str', 'mod', anything, false, (rt, a, b) => rt.ops.binary(BinaryOp.MOD, a, b));
