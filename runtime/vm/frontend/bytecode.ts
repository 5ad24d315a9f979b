// The tier-1 bytecode: a small stack machine. Every instruction is two int32
// words, [opcode, oparg], so instruction i lives at code[2*i] and code[2*i+1];
// `pc` everywhere (frames, hooks, jump targets) is an instruction index.
// A later JIT translates each opcode into specialised micro-ops, so every
// opcode does one small, explicit thing. "TOS" is the top of the value stack,
// "TOS1" the slot below it. Stack effects are listed as (inputs -- outputs).

export const Op = {
  /** ( -- ) does nothing. */
  NOP: 0,
  /** ( -- value ) pushes constants[oparg] (one program-wide constant table in native memory). */
  LOAD_CONST: 1,
  /** ( -- value ) pushes locals[oparg]; UnboundLocalError if the slot holds UNBOUND. */
  LOAD_LOCAL: 2,
  /** ( value -- ) stores into locals[oparg]. */
  STORE_LOCAL: 3,
  /** ( -- value ) pushes globals[oparg]; NameError if UNBOUND. Builtin names start bound to their builtin. */
  LOAD_GLOBAL: 4,
  /** ( value -- ) stores into globals[oparg]. */
  STORE_GLOBAL: 5,
  /** ( value -- ) discards TOS. */
  POP_TOP: 6,
  /** ( value -- value value ) */
  DUP_TOP: 7,
  /** ( a b -- result ) a <op> b, oparg is a BinaryOp. */
  BINARY_OP: 8,
  /** ( a b -- bool/value ) a <op> b, oparg is a CompareOp. */
  COMPARE_OP: 9,
  /** ( value -- result ) oparg is a UnaryOp. */
  UNARY: 10,
  /** ( value -- ) jumps to oparg when value is falsy. */
  POP_JUMP_IF_FALSE: 11,
  /** ( value -- ) jumps to oparg when value is truthy. */
  POP_JUMP_IF_TRUE: 12,
  /** ( value -- value | ) falsy: keep value and jump to oparg; truthy: pop it (for `and`, comparison chains). */
  JUMP_IF_FALSE_OR_POP: 13,
  /** ( value -- value | ) truthy: keep value and jump to oparg; falsy: pop it (for `or`). */
  JUMP_IF_TRUE_OR_POP: 14,
  /** ( -- ) jumps forward to oparg. */
  JUMP: 15,
  /** ( -- ) jumps back to oparg (a loop head); counts loop hotness. */
  JUMP_BACKWARD: 16,
  /** ( iterable -- iterator ) range -> fresh RangeIterObject; list -> ListIterObject; tuple/str -> iterator over a list copy. */
  GET_ITER: 17,
  /** ( iterator -- iterator next ) or, when exhausted, ( iterator -- ) and jump to oparg. */
  FOR_ITER: 18,
  /** ( callable arg0..argN-1 -- result ) N = oparg. Python functions get a new Frame at sp (see vm.h). */
  CALL: 19,
  /** ( callable arg0..argN-1 kw0..kwK-1 -- result ) oparg indexes Program.kwCalls ({nargs, names}). Builtins only. */
  CALL_KW: 20,
  /** ( obj arg0..argN-1 -- result ) calls method names[oparg >> 8] of obj with N = oparg & 255 args. */
  CALL_METHOD: 21,
  /** ( obj -- value ) attribute names[oparg] of obj (module attributes). */
  LOAD_ATTR: 22,
  /** ( value -- ) returns TOS to the caller (see the frame rule in vm.h). */
  RETURN_VALUE: 23,
  /** ( item0..itemN-1 -- list ) N = oparg. */
  BUILD_LIST: 24,
  /** ( item0..itemN-1 -- tuple ) N = oparg. */
  BUILD_TUPLE: 25,
  /** ( container index -- item ) */
  BINARY_SUBSCR: 26,
  /** ( value container index -- ) container[index] = value. */
  STORE_SUBSCR: 27,
  /** ( container start stop -- slice ) when oparg == 2, ( container start stop step -- slice ) when 3; missing bounds are None. */
  BINARY_SLICE: 28,
  /** ( sequence -- itemN-1 .. item0 ) N = oparg; item0 ends on top, ready for the first store. */
  UNPACK_SEQUENCE: 29,
  /** ( -- module ) imports module names[oparg] (only `math`). */
  IMPORT_NAME: 30,
  /** ( a b -- b a ) */
  ROT_TWO: 31,
} as const;
export type Opcode = (typeof Op)[keyof typeof Op];

export const OP_NAMES: string[] = [];
for (const [name, value] of Object.entries(Op)) OP_NAMES[value] = name;

/** BINARY_OP opargs; INPLACE_ADD differs from ADD only for lists (extend in place, like `+=`). */
export const BinaryOp = {
  ADD: 0, SUB: 1, MUL: 2, TRUEDIV: 3, FLOORDIV: 4, MOD: 5, POW: 6,
  LSHIFT: 7, RSHIFT: 8, AND: 9, OR: 10, XOR: 11, INPLACE_ADD: 12,
} as const;
export const BINARY_OP_SYMBOLS = ['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^', '+='];

/** COMPARE_OP opargs. */
export const CompareOp = {
  LT: 0, LE: 1, EQ: 2, NE: 3, GT: 4, GE: 5, IS: 6, IS_NOT: 7, IN: 8, NOT_IN: 9,
} as const;
export const COMPARE_OP_SYMBOLS = ['<', '<=', '==', '!=', '>', '>=', 'is', 'is not', 'in', 'not in'];

/** UNARY opargs. */
export const UnaryOp = { NEGATIVE: 0, NOT: 1, POSITIVE: 2, INVERT: 3 } as const;
export const UNARY_OP_SYMBOLS = ['-', 'not', '+', '~'];

/**
 * Net stack effect of an instruction (`jumping`: on its jump edge). CALL_KW's
 * effect depends on its call-site record, so the caller passes `kwCallArgs`
 * (positional + keyword argument count of that site).
 */
export function stackEffect(op: number, arg: number, jumping: boolean, kwCallArgs = 0): number {
  switch (op) {
    case Op.NOP: case Op.JUMP: case Op.JUMP_BACKWARD: case Op.UNARY: case Op.GET_ITER:
    case Op.LOAD_ATTR: case Op.ROT_TWO: return 0;
    case Op.LOAD_CONST: case Op.LOAD_LOCAL: case Op.LOAD_GLOBAL: case Op.DUP_TOP: case Op.IMPORT_NAME: return 1;
    case Op.STORE_LOCAL: case Op.STORE_GLOBAL: case Op.POP_TOP: case Op.BINARY_OP: case Op.COMPARE_OP:
    case Op.POP_JUMP_IF_FALSE: case Op.POP_JUMP_IF_TRUE: case Op.RETURN_VALUE: case Op.BINARY_SUBSCR: return -1;
    case Op.JUMP_IF_FALSE_OR_POP: case Op.JUMP_IF_TRUE_OR_POP: return jumping ? 0 : -1;
    case Op.FOR_ITER: return jumping ? -1 : 1;
    case Op.CALL: return -arg;
    case Op.CALL_KW: return -kwCallArgs;
    case Op.CALL_METHOD: return -(arg & 255);
    case Op.BUILD_LIST: case Op.BUILD_TUPLE: return 1 - arg;
    case Op.STORE_SUBSCR: return -3;
    case Op.BINARY_SLICE: return -arg;
    case Op.UNPACK_SEQUENCE: return arg - 1;
    default: throw new Error(`stackEffect: unknown opcode ${op}`);
  }
}

/** Opcodes whose oparg is a jump target (instruction index). */
export function isJump(op: number): boolean {
  return op === Op.POP_JUMP_IF_FALSE || op === Op.POP_JUMP_IF_TRUE || op === Op.JUMP_IF_FALSE_OR_POP ||
    op === Op.JUMP_IF_TRUE_OR_POP || op === Op.JUMP || op === Op.JUMP_BACKWARD || op === Op.FOR_ITER;
}

/** Opcodes after which control never falls through. */
export function isTerminator(op: number): boolean {
  return op === Op.JUMP || op === Op.JUMP_BACKWARD || op === Op.RETURN_VALUE;
}
