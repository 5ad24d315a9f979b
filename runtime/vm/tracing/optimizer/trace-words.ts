// Value words as the optimizer folds them: small ints (48-bit payload, tag
// TAG_INT: cases/vm.h) and floats, recognised from a constant's word.
import { LAYOUT as L } from '../../../../build/layout.ts';
import { typeOfConstantWord, VType } from '../trace-ir.ts';

export const SMALL_MAX = (1n << 47n) - 1n;
export const SMALL_MIN = -(1n << 47n);
export const intOfWord = (w: bigint) => BigInt.asIntN(48, w);
export const intWord = (v: bigint) => BigInt.asUintN(48, v) | (BigInt(L.TAG_INT) << 48n);
export const isIntWord = (w: bigint | undefined): w is bigint => w !== undefined && typeOfConstantWord(w) === VType.INT;

export const isFloatWord = (w: bigint | undefined): w is bigint => w !== undefined && typeOfConstantWord(w) === VType.FLOAT;
