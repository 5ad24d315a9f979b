// The methods of int, bool and float that programs call (bit_length,
// bit_count, as_integer_ratio, is_integer, hex, fromhex, conjugate), over
// runtime/vm/library/numeric.ts and int-text.ts. (to_bytes/from_bytes need a
// bytes type the VM does not have.)
import { isLimbsObject, limbsBitLength } from '../heap/bigint-limbs.ts';
import { Kind } from '../heap/objects.ts';
import { typeError } from '../heap/py-error.ts';
import { floatFromHex, floatToHex } from '../library/int-text.ts';
import { asIntegerRatio, bitCount, bitLength, isInteger } from '../library/numeric.ts';
import { BuiltinType } from './builtin-types.ts';
import type { Keywords } from './builtin-registry.ts';
import { setValue } from './library-host.ts';
import { method } from './methods.ts';

function noArgs(type: string, name: string, n: number, kw: Keywords): void {
  if (kw && kw.size > 0) throw typeError(`${type}.${name}() takes no keyword arguments`);
  if (n !== 0) throw typeError(`${type}.${name}() takes no arguments (${n} given)`);
}

for (const type of [BuiltinType.INT, BuiltinType.BOOL]) {
  method(type, 'bit_length', (rt, self, _a, n, dst, kw) => {
    noArgs('int', 'bit_length', n, kw);
    // Past 128 bits: from the top limb, no V8 BigInt.
    if (rt.objs.kind(self) === Kind.BigInt && isLimbsObject(rt.heap, rt.heap.objectAt(self))) rt.objs.setInt(dst, limbsBitLength(rt.heap, rt.heap.objectAt(self)));
    else setValue(rt, dst, bitLength(rt.objs.bigOf(self)));
  });
  method(type, 'bit_count', (rt, self, _a, n, dst, kw) => { noArgs('int', 'bit_count', n, kw); setValue(rt, dst, bitCount(rt.objs.bigOf(self))); });
  method(type, 'as_integer_ratio', (rt, self, _a, n, dst, kw) => {
    noArgs('int', 'as_integer_ratio', n, kw);
    setValue(rt, dst, [rt.objs.bigOf(self), 1n]);
  });
  method(type, 'conjugate', (rt, self, _a, n, dst, kw) => { noArgs('int', 'conjugate', n, kw); rt.objs.setBig(dst, rt.objs.bigOf(self)); });
  method(type, '__index__', (rt, self, _a, n, dst, kw) => { noArgs('int', '__index__', n, kw); rt.objs.setBig(dst, rt.objs.bigOf(self)); });
}

const floatOf = (rt: Parameters<Parameters<typeof method>[2]>[0], w: number): number => rt.objs.f64[w];
method(BuiltinType.FLOAT, 'is_integer', (rt, self, _a, n, dst, kw) => { noArgs('float', 'is_integer', n, kw); rt.objs.setBool(dst, isInteger(floatOf(rt, self))); });
method(BuiltinType.FLOAT, 'as_integer_ratio', (rt, self, _a, n, dst, kw) => {
  noArgs('float', 'as_integer_ratio', n, kw);
  setValue(rt, dst, asIntegerRatio(floatOf(rt, self)));
});
method(BuiltinType.FLOAT, 'hex', (rt, self, _a, n, dst, kw) => { noArgs('float', 'hex', n, kw); setValue(rt, dst, floatToHex(floatOf(rt, self))); });
method(BuiltinType.FLOAT, 'conjugate', (rt, self, _a, n, dst, kw) => { noArgs('float', 'conjugate', n, kw); rt.objs.setFloat(dst, floatOf(rt, self)); });
method(BuiltinType.FLOAT, 'fromhex', (rt, _self, args, n, dst, kw) => {
  if (kw && kw.size > 0) throw typeError('float.fromhex() takes no keyword arguments');
  if (n !== 1) throw typeError(`float.fromhex() takes exactly one argument (${n} given)`);
  if (rt.objs.kind(args) !== Kind.Str) throw typeError(`bad argument type for built-in operation`);
  rt.objs.setFloat(dst, floatFromHex(rt.objs.strOf(rt.heap.objectAt(args))));
});
