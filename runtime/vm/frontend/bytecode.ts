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
  /** ( callable arg0..argN-1 kw0..kwK-1 -- result ) oparg indexes Program.kwCalls ({nargs, names}). */
  CALL_KW: 20,
  /** ( obj arg0..argN-1 -- result ) calls method names[oparg >> 8] of obj with N = oparg & 255 args (obj.name(args...)). */
  CALL_METHOD: 21,
  /** ( obj -- value ) attribute names[oparg] of obj. */
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
  /** ( -- module ) imports module names[oparg] (the VM's built-in modules). */
  IMPORT_NAME: 30,
  /** ( a b -- b a ) */
  ROT_TWO: 31,

  // ---- Opcodes of the full language (3.11-like). The tracing JIT records none
  // of them yet: its recorder ends a trace before each with an exit to tier-1.

  /** ( [defaults] [kwdefaults] [closure] -- function ) code index = oparg >> 4; flags oparg & 15: 1 defaults tuple, 2 kwdefaults dict, 8 closure tuple. */
  MAKE_FUNCTION: 32,
  /** ( -- value ) the value of the cell in locals[oparg]; NameError/UnboundLocalError when empty. */
  LOAD_DEREF: 33,
  /** ( value -- ) stores into the cell in locals[oparg]. */
  STORE_DEREF: 34,
  /** ( -- ) locals[oparg] becomes a cell holding its current value (at function entry). */
  MAKE_CELL: 35,
  /** ( -- ) copies the function's closure cells into its last free-variable locals (oparg of them). */
  COPY_FREE_VARS: 36,
  /** ( -- cell ) pushes the cell in locals[oparg] itself (to build a closure). */
  LOAD_CLOSURE: 37,
  /** ( -- ) empties the cell in locals[oparg]. */
  DELETE_DEREF: 38,
  /** ( -- value ) class bodies: globalNames[oparg] from the namespace dict (local 0), else the global slot oparg. */
  LOAD_NAME: 39,
  /** ( value -- ) class bodies: namespace[globalNames[oparg]] = value. */
  STORE_NAME: 40,
  /** ( -- ) class bodies: del namespace[globalNames[oparg]]. */
  DELETE_NAME: 41,
  /** ( value obj -- ) obj.names[oparg] = value. */
  STORE_ATTR: 42,
  /** ( obj -- ) del obj.names[oparg]. */
  DELETE_ATTR: 43,
  /** ( -- ) del locals[oparg] (UnboundLocalError when unbound). */
  DELETE_LOCAL: 44,
  /** ( -- ) del globals[oparg] (NameError when unbound). */
  DELETE_GLOBAL: 45,
  /** ( container index -- ) del container[index]. */
  DELETE_SUBSCR: 46,
  /** ( k0 v0 .. kN-1 vN-1 -- dict ) N = oparg. */
  BUILD_MAP: 47,
  /** ( item0..itemN-1 -- set ) N = oparg. */
  BUILD_SET: 48,
  /** ( start stop [step] -- slice ) oparg = 2 or 3. */
  BUILD_SLICE: 49,
  /** ( list iterable -- list ) extends the list. */
  LIST_EXTEND: 50,
  /** ( set iterable -- set ) */
  SET_UPDATE: 51,
  /** ( dict mapping -- dict ) {**m}: later keys win. */
  DICT_UPDATE: 52,
  /** ( dict mapping -- dict ) f(**m): a repeated keyword is a TypeError. */
  DICT_MERGE: 53,
  /** ( list -- tuple ) */
  LIST_TO_TUPLE: 54,
  /** ( callable args [kwargs] -- result ) f(*args, **kwargs): args a tuple, kwargs a dict when oparg & 1. */
  CALL_FUNCTION_EX: 55,
  /** ( body name base0..baseN-1 -- class ) N = oparg: runs the body function on a fresh namespace and makes the class. */
  BUILD_CLASS: 56,
  /** ( module -- module value ) from module import names[oparg]. */
  IMPORT_FROM: 57,
  /** ( sequence -- ... ) a, *b, c = seq: oparg = before | after << 8; pushes after+1+before values, the first on top. */
  UNPACK_EX: 58,
  /** ( value [spec] -- str ) f-string field: oparg & 3 conversion (0 none, 1 !s, 2 !r, 3 !a), oparg & 4 a spec is on the stack. */
  FORMAT_VALUE: 59,
  /** ( str0..strN-1 -- str ) concatenation, N = oparg. */
  BUILD_STRING: 60,
  /** ( exc -- prev exc ) entering an except/finally handler: the handled exception becomes the current one. */
  PUSH_EXC_INFO: 61,
  /** ( prev -- ) leaving a handler: the previous current exception comes back. */
  POP_EXCEPT: 62,
  /** ( exc type -- exc bool ) isinstance(exc, type) for except clauses (type may be a tuple). */
  CHECK_EXC_MATCH: 63,
  /** ( exc -- ) raises exc again, keeping its traceback. */
  RERAISE: 64,
  /** ( [exc [cause]] -- ) raise (oparg 0: re-raise the current exception), raise exc, raise exc from cause. */
  RAISE_VARARGS: 65,
  /** ( manager -- exit enter_result ) with-statement entry: bound __exit__, then the result of __enter__(). */
  BEFORE_WITH: 66,
  /** ( exit prev exc -- exit prev exc result ) calls exit(type(exc), exc, traceback). */
  WITH_EXCEPT_START: 67,
  /** ( -- sent ) a generator function's frame becomes a generator object returned to the caller; resumes with the sent value pushed. */
  RETURN_GENERATOR: 68,
  /** ( value -- sent ) suspends the generator, handing value to whoever resumed it. */
  YIELD_VALUE: 69,
  /** ( iterable -- iterator ) iter() for `yield from` (a generator stays itself). */
  GET_YIELD_FROM_ITER: 70,
  /** ( iter value -- iter yielded ) sends value into iter; when iter is exhausted ( iter value -- result ) and jump to oparg. */
  SEND: 71,
  /** ( x1..xN -- x1..xN x1 ) pushes a copy of the value oparg deep (COPY 1 = DUP_TOP). */
  COPY: 72,
  /** ( x1 .. xN -- xN .. x1 ) swaps the top with the value oparg deep. */
  SWAP: 73,
  /** ( module -- ) from module import *: every global the program names gets the module's attribute of that name. */
  IMPORT_STAR: 74,
  /** ( dict key value -- dict ) dict comprehensions: dict[key] = value, the dict stays. */
  MAP_ADD: 75,
  /** ( set item -- set ) set comprehensions: set.add(item), the set stays. */
  SET_ADD: 76,
} as const;
export type Opcode = (typeof Op)[keyof typeof Op];

export const OP_NAMES: string[] = [];
for (const [name, value] of Object.entries(Op)) OP_NAMES[value] = name;

/**
 * BINARY_OP opargs. The INPLACE_ forms (augmented assignment) are the plain
 * operation plus 12; they differ only for objects that update in place
 * (list +=, set |=, __iadd__ ...). MATMUL (@) is for user classes only.
 */
export const BinaryOp = {
  ADD: 0, SUB: 1, MUL: 2, TRUEDIV: 3, FLOORDIV: 4, MOD: 5, POW: 6,
  LSHIFT: 7, RSHIFT: 8, AND: 9, OR: 10, XOR: 11, INPLACE_ADD: 12,
  INPLACE_SUB: 13, INPLACE_MUL: 14, INPLACE_TRUEDIV: 15, INPLACE_FLOORDIV: 16, INPLACE_MOD: 17, INPLACE_POW: 18,
  INPLACE_LSHIFT: 19, INPLACE_RSHIFT: 20, INPLACE_AND: 21, INPLACE_OR: 22, INPLACE_XOR: 23,
  MATMUL: 24, INPLACE_MATMUL: 25,
} as const;
/** Distance from an operation to its INPLACE_ form (MATMUL's is MATMUL + 1). */
export const INPLACE_OFFSET = 12;
export const BINARY_OP_SYMBOLS = ['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^',
  '+=', '-=', '*=', '/=', '//=', '%=', '**=', '<<=', '>>=', '&=', '|=', '^=', '@', '@='];

/** The plain operation of a BINARY_OP oparg (INPLACE_SUB -> SUB). */
export function plainBinaryOp(op: number): number {
  if (op === BinaryOp.INPLACE_MATMUL) return BinaryOp.MATMUL;
  return op >= BinaryOp.INPLACE_ADD && op <= BinaryOp.INPLACE_XOR ? op - INPLACE_OFFSET : op;
}

/** Whether a BINARY_OP oparg is an augmented assignment. */
export function isInplaceBinaryOp(op: number): boolean {
  return (op >= BinaryOp.INPLACE_ADD && op <= BinaryOp.INPLACE_XOR) || op === BinaryOp.INPLACE_MATMUL;
}

/** COMPARE_OP opargs. */
export const CompareOp = {
  LT: 0, LE: 1, EQ: 2, NE: 3, GT: 4, GE: 5, IS: 6, IS_NOT: 7, IN: 8, NOT_IN: 9,
} as const;
export const COMPARE_OP_SYMBOLS = ['<', '<=', '==', '!=', '>', '>=', 'is', 'is not', 'in', 'not in'];

/** BUILD_CLASS's oparg: the base count, plus this flag when a dict of class keywords follows the bases. */
export const BUILD_CLASS_KEYWORDS = 0x100;
export const BUILD_CLASS_MAX_BASES = BUILD_CLASS_KEYWORDS - 1;

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
    case Op.MAKE_FUNCTION: return 1 - ((arg & 1) + ((arg >> 1) & 1) + ((arg >> 3) & 1));
    case Op.LOAD_DEREF: case Op.LOAD_CLOSURE: case Op.LOAD_NAME: case Op.IMPORT_FROM: case Op.PUSH_EXC_INFO:
    case Op.BEFORE_WITH: case Op.WITH_EXCEPT_START: case Op.COPY: case Op.RETURN_GENERATOR: return 1;
    case Op.STORE_DEREF: case Op.STORE_NAME: case Op.DELETE_ATTR: case Op.LIST_EXTEND: case Op.SET_UPDATE:
    case Op.DICT_UPDATE: case Op.DICT_MERGE: case Op.POP_EXCEPT: case Op.RERAISE: case Op.IMPORT_STAR: case Op.SET_ADD: return -1;
    case Op.MAKE_CELL: case Op.COPY_FREE_VARS: case Op.DELETE_DEREF: case Op.DELETE_NAME: case Op.DELETE_LOCAL:
    case Op.DELETE_GLOBAL: case Op.LIST_TO_TUPLE: case Op.CHECK_EXC_MATCH: case Op.YIELD_VALUE:
    case Op.GET_YIELD_FROM_ITER: case Op.SWAP: return 0;
    case Op.STORE_ATTR: case Op.DELETE_SUBSCR: case Op.MAP_ADD: return -2;
    case Op.BUILD_MAP: return 1 - 2 * arg;
    case Op.BUILD_SET: case Op.BUILD_SLICE: case Op.BUILD_STRING: return 1 - arg;
    case Op.CALL_FUNCTION_EX: return -(1 + (arg & 1));
    case Op.BUILD_CLASS: return -(1 + (arg & (BUILD_CLASS_KEYWORDS - 1)) + (arg & BUILD_CLASS_KEYWORDS ? 1 : 0));
    case Op.UNPACK_EX: return (arg & 255) + (arg >> 8);
    case Op.FORMAT_VALUE: return arg & 4 ? -1 : 0;
    case Op.RAISE_VARARGS: return -arg;
    case Op.SEND: return jumping ? -1 : 0;
    default: throw new Error(`stackEffect: unknown opcode ${op}`);
  }
}

/** Opcodes whose oparg is a jump target (instruction index). */
export function isJump(op: number): boolean {
  return op === Op.POP_JUMP_IF_FALSE || op === Op.POP_JUMP_IF_TRUE || op === Op.JUMP_IF_FALSE_OR_POP ||
    op === Op.JUMP_IF_TRUE_OR_POP || op === Op.JUMP || op === Op.JUMP_BACKWARD || op === Op.FOR_ITER || op === Op.SEND;
}

/** Opcodes after which control never falls through. */
export function isTerminator(op: number): boolean {
  return op === Op.JUMP || op === Op.JUMP_BACKWARD || op === Op.RETURN_VALUE || op === Op.RERAISE || op === Op.RAISE_VARARGS;
}
