// The micro-ops: the single source of truth for what JIT code and the uop
// interpreter do. Each definition is
//
//     /// doc line(s)
//     uop NAME (inputs -- outputs) [clauses] { C body }
//
// Inputs are popped from the value stack (rightmost = top) into `Value`
// variables before the body runs; outputs are pushed after it. A name on both
// sides at the same depth stays in place. An item may carry the type of what
// it holds, `res: float` (cases/stencil.config.json factTypes): the optimizer
// takes a typed output as the type of the result, and an item kept in place
// whose output is typed as a type the uop guards. Clauses:
//   forms(SET)   expands the definition into one uop per form of the set
//                `forms SET { SUFFIX SOURCES -> SINKS }`: where each operand
//                comes from and where the result goes (the codes: the config's
//                variants). The variant table (build/uops.ts UOP_VARIANTS)
//                maps the base and the form to each uop, for the optimizer.
//   variant(BASE: SOURCES -> SINK)   a hand-written uop that is that form of BASE.
//   fuses(A B | C D)   a uop that replaces the sequence A B (or C D).
// Bodies use OPARG, OPERAND0 and
// OPERAND1 (patched into the stencil), the oparg's fields and the locals
// they name (OPARG_LO, LOCAL_HI, ...: cases/support.h), EXIT_IF(cond) (side
// exit, stack as at the start of the uop), EXIT_POPPED_IF(cond) (side exit
// with the inputs popped), EXIT_PUSHING2_IF(cond, a, b) (side exit with a and b pushed over
// the stack as at the start, as the unfused uops would have left it),
// JUMP_TO_TOP() (loop back-edge), TRACE_RETURN() (leave the trace), and
// `frame`, `sp`, `vm` (cases/vm.h). A body that touches `sp` itself runs with
// the whole stack in memory (generator/c-emitter.ts). Helpers come from
// cases/support.h.

// ---- stack and variables -------------------------------------------------

/// No operation (kept so traces can be patched in place).
uop NOP ( -- ) {
}

/// Push local variable OPARG.
uop LOAD_LOCAL ( -- value) {
  value = LOCAL_ARG;
}

/// Pop into local variable OPARG.
uop STORE_LOCAL (value -- ) {
  LOCAL_ARG = value;
}

/// Store into local OPARG and keep the value on the stack.
uop STORE_LOCAL_KEEP (value -- value) {
  LOCAL_ARG = value;
}

/// Push the constant word OPERAND0.
uop LOAD_CONST (-- value) {
  value = (Value)OPERAND0;
}

/// Push global slot OPARG.
uop LOAD_GLOBAL ( -- value) {
  value = vm->globals[OPARG];
}

/// Pop into global slot OPARG.
uop STORE_GLOBAL (value -- ) {
  vm->globals[OPARG] = value;
}

/// Exit unless global slot OPARG still holds the word OPERAND0 (a function the trace inlined).
uop GUARD_GLOBAL_IS ( -- ) {
  EXIT_IF(vm->globals[OPARG] != (Value)OPERAND0);
}

/// Drop the top of the stack.
uop POP_TOP (value -- ) {
  (void)value;
}

/// Duplicate the top of the stack.
uop COPY_TOP (value -- value, copy) {
  copy = value;
}

/// Swap the two top values.
uop SWAP (a, b -- b2, a2) {
  b2 = b;
  a2 = a;
}

/// Reverse the three top values (a tuple built and unpacked at once: `a, b, c = c, b, a`).
uop SWAP_FIRST_THIRD (a, b, c -- c2, b, a2) {
  c2 = c;
  a2 = a;
}

// ---- type guards ----------------------------------------------------------

/// Exit unless the top of the stack is a small int.
uop GUARD_INT (value -- value: int) {
  EXIT_IF(!IS_INT(value));
}

/// Exit unless the value under the top is a small int.
uop GUARD_INT_SECOND (value, top -- value: int, top) {
  EXIT_IF(!IS_INT(value));
}

/// Exit unless both top values are small ints.
uop GUARD_BOTH_INT (left, right -- left: int, right: int) {
  EXIT_IF(!IS_INT(left) | !IS_INT(right));
}

/// Exit unless the stack word OPARG slots below the top (1 = top) is a small int.
uop GUARD_INT_AT ( -- ) {
  EXIT_IF(!IS_INT(sp[-OPARG]));
}

/// Exit unless the top of the stack is a float.
uop GUARD_FLOAT (value -- value: float) {
  EXIT_IF(!IS_FLOAT(value));
}

/// Exit unless the value under the top is a float.
uop GUARD_FLOAT_SECOND (value, top -- value: float, top) {
  EXIT_IF(!IS_FLOAT(value));
}

/// Exit unless both top values are floats.
uop GUARD_BOTH_FLOAT (left, right -- left: float, right: float) {
  EXIT_IF(!IS_FLOAT(left) | !IS_FLOAT(right));
}

/// Exit unless local OPARG is a small int (no stack traffic).
uop GUARD_LOCAL_INT ( -- ) {
  EXIT_IF(!IS_INT(LOCAL_ARG));
}

/// Exit unless local OPARG is a float (no stack traffic).
uop GUARD_LOCAL_FLOAT ( -- ) {
  EXIT_IF(!IS_FLOAT(LOCAL_ARG));
}

/// Exit unless local OPARG carries the tag OPERAND0 (int, bool, None or object).
uop GUARD_LOCAL_TAG ( -- ) {
  // Indexed by the oparg, not LOCAL_ARG's displacement: measured on fib, whose
  // function trace checks the argument PUSH_FRAME has just stored, the
  // displacement form ran 25% slower on this AMD core (memory dependence
  // prediction, presumably; the indexed load waits one move longer).
  EXIT_IF(VALUE_TAG(frame->locals[OPARG]) != OPERAND0);
}

/// Exit unless local OPARG is a heap object of type OPERAND0 (enum ObjType).
uop GUARD_LOCAL_OBJ ( -- ) {
  Value v = LOCAL_ARG;
  EXIT_IF(!IS_OBJ(v) || ((ObjHeader *)UNBOX_OBJ(v))->type != OPERAND0);
}

/// Exit unless global slot OPARG carries the tag OPERAND0.
uop GUARD_GLOBAL_TAG ( -- ) {
  EXIT_IF(VALUE_TAG(vm->globals[OPARG]) != OPERAND0);
}

/// Exit unless global slot OPARG is a float.
uop GUARD_GLOBAL_FLOAT ( -- ) {
  EXIT_IF(!IS_FLOAT(vm->globals[OPARG]));
}

/// Exit unless global slot OPARG is a heap object of type OPERAND0.
uop GUARD_GLOBAL_OBJ ( -- ) {
  Value v = vm->globals[OPARG];
  EXIT_IF(!IS_OBJ(v) || ((ObjHeader *)UNBOX_OBJ(v))->type != OPERAND0);
}

/// Exit unless the stack word OPARG slots below the top (1 = top) is exactly OPERAND0.
uop GUARD_STACK_IS ( -- ) {
  EXIT_IF(sp[-OPARG] != (Value)OPERAND0);
}

/// Exit unless the top of the stack is a tuple.
uop GUARD_TUPLE_SECOND (value, top -- value: tuple, top) {
  EXIT_IF(!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_TUPLE);
}

/// Exit unless the top of the stack is a list.
uop GUARD_LIST (value -- value: list) {
  EXIT_IF(!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_LIST);
}

/// Exit unless the value under the top is a list (list, index).
uop GUARD_LIST_SECOND (value, top -- value: list, top) {
  EXIT_IF(!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_LIST);
}

/// Exit unless the top of the stack is a bool.
uop GUARD_BOOL (value -- value: bool) {
  EXIT_IF(!IS_BOOL(value));
}

// ---- int arithmetic (overflow leaves the trace; tier-1 makes a big int) ---

// Operations with a form taking both operands from locals (LOAD_LOCAL;
// LOAD_LOCAL; op fused): _LL reads locals OPARG & 0xffff and OPARG >> 16. Its
// exits push both first, so that they leave the stack as the op's own would.
forms LOCAL_PAIR {
  _    X X
  _LL  L L
}

/// Small int addition; exits when the sum leaves the small range.
uop ADD_INT (left: int, right: int -- res: int) forms(LOCAL_PAIR) {
  int64_t s;
  EXIT_IF(__builtin_add_overflow(SHIFTED_INT(left), SHIFTED_INT(right), &s));
  res = BOX_SHIFTED_INT(s);
}

/// Small int subtraction.
uop SUB_INT (left: int, right: int -- res: int) forms(LOCAL_PAIR) {
  int64_t s;
  EXIT_IF(__builtin_sub_overflow(SHIFTED_INT(left), SHIFTED_INT(right), &s));
  res = BOX_SHIFTED_INT(s);
}

/// Small int multiplication.
uop MUL_INT (left: int, right: int -- res: int) forms(LOCAL_PAIR) {
  int64_t s;
  EXIT_IF(__builtin_mul_overflow(SHIFTED_INT(left), UNBOX_INT(right), &s));
  res = BOX_SHIFTED_INT(s);
}

/// Python's floor division on small ints; a zero divisor exits.
uop FLOORDIV_INT (left: int, right: int -- res: int) {
  int64_t a = UNBOX_INT(left), b = UNBOX_INT(right);
  EXIT_IF(b == 0);
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q -= 1;
  EXIT_IF(!FITS_SMALL_INT(q));
  res = BOX_INT(q);
}

/// Python's modulo on small ints (sign of the divisor); a zero divisor exits.
uop MOD_INT (left: int, right: int -- res: int) {
  int64_t a = UNBOX_INT(left), b = UNBOX_INT(right);
  EXIT_IF(b == 0);
  int64_t m = a % b;
  if (m != 0 && ((m < 0) != (b < 0))) m += b;
  res = BOX_INT(m);
}

/// Python's floor division by the constant OPARG > 0 (LOAD_CONST; FLOORDIV_INT
/// fused): no zero divisor, and the quotient always fits.
uop FLOORDIV_INT_CONST (left: int -- res: int) variant(FLOORDIV_INT: X C -> S) {
  int64_t a = UNBOX_INT(left), b = OPARG;
  int64_t q = a / b;
  if (a % b != 0 && a < 0) q -= 1;
  res = BOX_INT(q);
}

/// Python's modulo by the constant OPARG > 0 (LOAD_CONST; MOD_INT fused).
uop MOD_INT_CONST (left: int -- res: int) variant(MOD_INT: X C -> S) {
  int64_t a = UNBOX_INT(left), b = OPARG;
  int64_t m = a % b;
  if (m < 0) m += b;
  res = BOX_INT(m);
}

/// Floor division by 2**OPARG: an arithmetic shift (floors for either sign).
uop FLOORDIV_INT_POW2 (left: int -- res: int) variant(FLOORDIV_INT: X P -> S) { res = BOX_INT(UNBOX_INT(left) >> OPARG); }

/// Modulo by 2**OPARG: the low bits (Python's sign rule for a positive divisor).
uop MOD_INT_POW2 (left: int -- res: int) variant(MOD_INT: X P -> S) { res = BOX_INT(UNBOX_INT(left) & ((1ll << OPARG) - 1)); }

/// Small int negation.
uop NEG_INT (value: int -- res: int) {
  int64_t r = -UNBOX_INT(value);
  EXIT_IF(!FITS_SMALL_INT(r));
  res = BOX_INT(r);
}

/// Add the small int constant OPERAND0 (as int64, within the small-int range) to a small int.
uop ADD_INT_CONST (value: int -- res: int) {
  int64_t s;
  EXIT_IF(__builtin_add_overflow(SHIFTED_INT(value), (int64_t)(OPERAND0 << 16), &s));
  res = BOX_SHIFTED_INT(s);
}

/// True division of small ints gives a float; a zero divisor exits.
uop TRUEDIV_INT (left: int, right: int -- res: float) {
  int64_t b = UNBOX_INT(right);
  EXIT_IF(b == 0);
  res = BOX_FLOAT((double)UNBOX_INT(left) / (double)b);
}

/// abs() of a small int.
uop ABS_INT (value: int -- res: int) {
  int64_t v = UNBOX_INT(value);
  int64_t r = v < 0 ? -v : v;
  EXIT_IF(!FITS_SMALL_INT(r));
  res = BOX_INT(r);
}

/// Small int `<`.
uop LT_INT (left: int, right: int -- res: bool) { res = BOX_BOOL(UNBOX_INT(left) < UNBOX_INT(right)); }
/// Small int `<=`.
uop LE_INT (left: int, right: int -- res: bool) { res = BOX_BOOL(UNBOX_INT(left) <= UNBOX_INT(right)); }
/// Small int `>`.
uop GT_INT (left: int, right: int -- res: bool) { res = BOX_BOOL(UNBOX_INT(left) > UNBOX_INT(right)); }
/// Small int `>=`.
uop GE_INT (left: int, right: int -- res: bool) { res = BOX_BOOL(UNBOX_INT(left) >= UNBOX_INT(right)); }
/// Small int `==` (small ints are canonical, so word equality).
uop EQ_INT (left: int, right: int -- res: bool) { res = BOX_BOOL(left == right); }
/// Small int `!=`.
uop NE_INT (left: int, right: int -- res: bool) { res = BOX_BOOL(left != right); }

// ---- float arithmetic -------------------------------------------------------

// Where the operands of a float operation come from and where its result goes
// (the codes are cases/stencil.config.json's variants): X the stack, L a
// local (one local: OPARG; two: OPARG & 0xffff and OPARG >> 16; three, with a
// result stored: 10/10/11-bit fields), K the constant OPERAND0, F the float
// register ftos (cases/template.h), R0 / R1 the float locals kept in fr0 /
// fr1 (R0X: fr0 where LOAD_FR0's copy is still on the stack, popped unread);
// results go to the stack (S), to ftos for the next uop (F, suffix _F) or into
// a local (ST, suffix _ST). The optimizer fuses LOAD_LOCAL / LOAD_CONST and the
// operation into these (runtime/vm/tracing/optimizer/superinstructions.ts), hands a float
// result read at once by another float operation through ftos
// (fuseFloatRegister), and stores a result straight into its local
// (fuseStores). Only the divisions exit: their operands that were not on the
// stack are pushed first, as DIV_FLOAT would have had them.
forms FLOAT_ARITH {
  _      X   X   -> S F
  _LL    L   L   -> S F ST
  _L     X   L   -> S F ST
  _K     X   K   -> S F ST
  _FL    F   L   -> S F ST
  _FK    F   K   -> S F ST
  _XF    X   F   -> S F ST
  _R0F   R0X F   -> S F
  _R1F   R1X F   -> S F
  _FR0   F   R0  -> S F
  _FR1   F   R1  -> S F
}

forms FLOAT_DIV {
  _      X   X   -> S F
  _XF    X   F   -> S F ST
  _R0F   R0X F   -> S F
  _R1F   R1X F   -> S F
  _FR0   F   R0  -> S F
  _FR1   F   R1  -> S F
}

/// Float addition.
uop ADD_FLOAT (left: float, right: float -- res: float) forms(FLOAT_ARITH) { res = BOX_FLOAT(UNBOX_FLOAT(left) + UNBOX_FLOAT(right)); }
/// Float subtraction.
uop SUB_FLOAT (left: float, right: float -- res: float) forms(FLOAT_ARITH) { res = BOX_FLOAT(UNBOX_FLOAT(left) - UNBOX_FLOAT(right)); }
/// Float multiplication.
uop MUL_FLOAT (left: float, right: float -- res: float) forms(FLOAT_ARITH) { res = BOX_FLOAT(UNBOX_FLOAT(left) * UNBOX_FLOAT(right)); }

/// Float division; a zero divisor exits (tier-1 raises ZeroDivisionError).
uop DIV_FLOAT (left: float, right: float -- res: float) forms(FLOAT_DIV) {
  double b = UNBOX_FLOAT(right);
  EXIT_IF(b == 0.0);
  res = BOX_FLOAT(UNBOX_FLOAT(left) / b);
}

// ---- float locals in registers ----------------------------------------------
// A loop keeps up to two float locals in registers (fr0 and fr1,
// cases/template.h) across its iterations (runtime/vm/tracing/optimizer/float-locals.ts).
// Stores write through to the frame, so exits and every uop that reads the
// frame see the value; the peeled first iteration ends by loading the registers.

// A result on the stack (S) or in ftos for the next uop (F, suffix _F).
forms TO_FTOS {
  _  -> S F
}

/// fr0 = local OPARG (a float: the peeled iteration stored it).
uop ENTER_FR0 ( -- ) { fr0 = UNBOX_FLOAT(LOCAL_ARG); }
/// fr1 = local OPARG (a float: the peeled iteration stored it).
uop ENTER_FR1 ( -- ) { fr1 = UNBOX_FLOAT(LOCAL_ARG); }
/// Push the local kept in fr0.
uop LOAD_FR0 ( -- value: float) forms(TO_FTOS) { value = BOX_FLOAT(fr0); }
/// Push the local kept in fr1.
uop LOAD_FR1 ( -- value: float) forms(TO_FTOS) { value = BOX_FLOAT(fr1); }
/// Pop a float into local OPARG, kept in fr0.
uop STORE_FR0 (value: float -- ) { fr0 = UNBOX_FLOAT(value); LOCAL_ARG = value; }
/// Pop a float into local OPARG, kept in fr1.
uop STORE_FR1 (value: float -- ) { fr1 = UNBOX_FLOAT(value); LOCAL_ARG = value; }
/// Store ftos into local OPARG, kept in fr0.
uop STORE_FR0_F ( -- ) variant(STORE_FR0: F -> S) { fr0 = ftos; SET_LOCAL(LOCAL_ARG, BOX_FLOAT(ftos)); }
/// Store ftos into local OPARG, kept in fr1.
uop STORE_FR1_F ( -- ) variant(STORE_FR1: F -> S) { fr1 = ftos; SET_LOCAL(LOCAL_ARG, BOX_FLOAT(ftos)); }

/// Float negation.
uop NEG_FLOAT (value: float -- res: float) { res = BOX_FLOAT(-UNBOX_FLOAT(value)); }

/// abs() of a float.
uop ABS_FLOAT (value: float -- res: float) { res = value & ~(1ull << 63); }

/// Python's float `%`, through the support library; a zero divisor exits.
uop MOD_FLOAT (left: float, right: float -- res: float) {
  double b = UNBOX_FLOAT(right);
  EXIT_IF(b == 0.0);
  res = BOX_FLOAT(support_float_mod(UNBOX_FLOAT(left), b));
}

/// Float `**` through libm's pow; cases Python treats specially exit.
uop POW_FLOAT (left: float, right: float -- res: float) {
  int ok = 1;
  double r = support_float_pow(UNBOX_FLOAT(left), UNBOX_FLOAT(right), &ok);
  EXIT_IF(!ok);
  res = BOX_FLOAT(r);
}

/// math.sqrt of a float; negative arguments exit (ValueError in tier-1). The
/// elementwise builtin is the bare instruction (sqrtsd, fsqrt: correctly
/// rounded like libm's sqrt), with no errno path and no call.
uop SQRT_FLOAT (value: float -- res: float) {
  double v = UNBOX_FLOAT(value);
  EXIT_IF(v < 0.0);
  res = BOX_FLOAT(__builtin_elementwise_sqrt(v));
}

/// A one-argument function of math (OPARG: support.h's MATH1_<NAME>) through
/// libm, as tier-1's math_1: a NaN from a non-NaN or an infinity from a finite
/// argument exits, and tier-1 raises ValueError or OverflowError.
uop MATH1_FLOAT (value: float -- res: float) {
  double x = UNBOX_FLOAT(value);
  double r = support_math1(OPARG, x);
  EXIT_IF((r != r && x == x) || (__builtin_isinf(r) && __builtin_isfinite(x)));
  res = BOX_FLOAT(r);
}

/// Float `<`.
uop LT_FLOAT (left: float, right: float -- res: bool) { res = BOX_BOOL(UNBOX_FLOAT(left) < UNBOX_FLOAT(right)); }
/// Float `<=`.
uop LE_FLOAT (left: float, right: float -- res: bool) { res = BOX_BOOL(UNBOX_FLOAT(left) <= UNBOX_FLOAT(right)); }
/// Float `>`.
uop GT_FLOAT (left: float, right: float -- res: bool) { res = BOX_BOOL(UNBOX_FLOAT(left) > UNBOX_FLOAT(right)); }
/// Float `>=`.
uop GE_FLOAT (left: float, right: float -- res: bool) { res = BOX_BOOL(UNBOX_FLOAT(left) >= UNBOX_FLOAT(right)); }
/// Float `==`.
uop EQ_FLOAT (left: float, right: float -- res: bool) { res = BOX_BOOL(UNBOX_FLOAT(left) == UNBOX_FLOAT(right)); }
/// Float `!=`.
uop NE_FLOAT (left: float, right: float -- res: bool) { res = BOX_BOOL(UNBOX_FLOAT(left) != UNBOX_FLOAT(right)); }

// ---- int/float promotion ----------------------------------------------------

/// Convert the small int on top to a float (exact below 2^53, as Python's int + float).
uop INT_TO_FLOAT (value: int -- res: float) { res = BOX_FLOAT((double)UNBOX_INT(value)); }

/// Convert the small int under the top to a float.
uop INT_TO_FLOAT_SECOND (value: int, top -- res: float, top) { res = BOX_FLOAT((double)UNBOX_INT(value)); }

// ---- truthiness and branches ------------------------------------------------

/// Exit (popped) unless the bool on top is True: the trace followed the true branch.
uop GUARD_TRUE_POP (flag -- ) {
  EXIT_POPPED_IF(flag != TRUE_VALUE);
}

/// Exit (popped) unless the bool on top is False.
uop GUARD_FALSE_POP (flag -- ) {
  EXIT_POPPED_IF(flag != FALSE_VALUE);
}

/// GUARD_BOOL then GUARD_FALSE_POP, fused: anything but False exits before the
/// pop, with the bool guard's exit (tier-1 redoes the branch, either way).
uop GUARD_IS_FALSE_POP (flag -- ) fuses(GUARD_BOOL GUARD_FALSE_POP) { EXIT_IF(flag != FALSE_VALUE); }

/// GUARD_BOOL then GUARD_TRUE_POP, fused: anything but True exits before the pop.
uop GUARD_IS_TRUE_POP (flag -- ) fuses(GUARD_BOOL GUARD_TRUE_POP) { EXIT_IF(flag != TRUE_VALUE); }

// Int comparisons fused with the branch on their result (a compare, then
// GUARD_TRUE_POP or GUARD_FALSE_POP, the comparison negated for the false
// branch: fuses(...)). They exit where the branch guard would, with the
// operands popped as its bool was; _LL compares two locals (OPARG & 0xffff and
// OPARG >> 16), _LK local OPARG with the small int OPERAND0 (shifted compares:
// the order of the values).
forms COMPARE_GUARD {
  _    X X
  _LL  L L
  _LK  L K
}

/// Exit (popped) unless left < right.
uop GUARD_LT_INT (left: int, right: int -- ) forms(COMPARE_GUARD) fuses(LT_INT GUARD_TRUE_POP | GE_INT GUARD_FALSE_POP) {
  EXIT_POPPED_IF(!(SHIFTED_INT(left) < SHIFTED_INT(right)));
}
/// Exit (popped) unless left <= right.
uop GUARD_LE_INT (left: int, right: int -- ) forms(COMPARE_GUARD) fuses(LE_INT GUARD_TRUE_POP | GT_INT GUARD_FALSE_POP) {
  EXIT_POPPED_IF(!(SHIFTED_INT(left) <= SHIFTED_INT(right)));
}
/// Exit (popped) unless left > right.
uop GUARD_GT_INT (left: int, right: int -- ) forms(COMPARE_GUARD) fuses(GT_INT GUARD_TRUE_POP | LE_INT GUARD_FALSE_POP) {
  EXIT_POPPED_IF(!(SHIFTED_INT(left) > SHIFTED_INT(right)));
}
/// Exit (popped) unless left >= right.
uop GUARD_GE_INT (left: int, right: int -- ) forms(COMPARE_GUARD) fuses(GE_INT GUARD_TRUE_POP | LT_INT GUARD_FALSE_POP) {
  EXIT_POPPED_IF(!(SHIFTED_INT(left) >= SHIFTED_INT(right)));
}
/// Exit (popped) unless left == right.
uop GUARD_EQ_INT (left: int, right: int -- ) forms(COMPARE_GUARD) fuses(EQ_INT GUARD_TRUE_POP | NE_INT GUARD_FALSE_POP) {
  EXIT_POPPED_IF(!(SHIFTED_INT(left) == SHIFTED_INT(right)));
}
/// Exit (popped) unless left != right.
uop GUARD_NE_INT (left: int, right: int -- ) forms(COMPARE_GUARD) fuses(NE_INT GUARD_TRUE_POP | EQ_INT GUARD_FALSE_POP) {
  EXIT_POPPED_IF(!(SHIFTED_INT(left) != SHIFTED_INT(right)));
}

/// Truthiness of a small int.
uop TO_BOOL_INT (value: int -- res: bool) { res = BOX_BOOL(UNBOX_INT(value) != 0); }

/// Truthiness of a float.
uop TO_BOOL_FLOAT (value: float -- res: bool) { res = BOX_BOOL(UNBOX_FLOAT(value) != 0.0); }

/// `not` of a bool.
uop NOT_BOOL (value: bool -- res: bool) { res = value ^ 1; }

/// `is` on two words.
uop IS_SAME (left, right -- res: bool) { res = BOX_BOOL(left == right); }

// ---- lists ------------------------------------------------------------------

// List stores fused with the loads of their list and index (LOAD_LOCAL;
// LOAD_LOCAL; LIST_SET_INT: _LL, locals OPARG & 0xffff and OPARG >> 16) and of
// a constant value as well (LOAD_CONST; ... : _LLK, OPERAND0): nothing goes
// through the stack; out of range, an exit pushes them as LIST_SET_INT would have them.
forms LIST_STORE {
  _     X X X
  _LL   X L L
  _LLK  K L L
}

/// len() of a list.
uop LIST_LEN (list: list -- res: int) {
  res = BOX_INT(((ListObject *)UNBOX_OBJ(list))->length);
}

/// list[index] with a small int index (negative counts from the end); out of range exits.
uop LIST_GET_INT (list: list, index: int -- item) forms(LOCAL_PAIR) {
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = UNBOX_INT(index);
  if (i < 0) i += l->length;
  EXIT_IF((uint64_t)i >= (uint64_t)l->length);
  item = l->items->items[i];
}

/// list[k] for the list in local OPARG & 0xffff and the constant index
/// k = OPARG >> 16 (LOAD_LOCAL; LOAD_CONST; LIST_GET_INT fused). Out of range,
/// it pushes the list and the index first, so the exit leaves the stack exactly
/// as LIST_GET_INT's would.
uop LIST_GET_LOCAL_CONST ( -- item) variant(LIST_GET_INT: L C -> S) {
  Value list = LOCAL_LO;
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = OPARG_HI;
  EXIT_PUSHING2_IF(i >= l->length, list, BOX_INT(i));
  item = ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8));
}

// The list loads above, for an item a float guard checks next: they check it
// themselves (runtime/vm/tracing/optimizer/float-loads.ts), so the later
// guard goes. An item that is not a float leaves by the load's exit, before the
// subscript (tier-1 redoes it), as an index out of range does. The _F forms put
// the item in ftos.

/// LIST_GET_INT of a float item.
uop LIST_GET_INT_FLOAT (list: list, index: int -- item: float) {
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = UNBOX_INT(index);
  if (i < 0) i += l->length;
  EXIT_IF((uint64_t)i >= (uint64_t)l->length || !IS_FLOAT(l->items->items[i]));
  item = l->items->items[i];
}

/// LIST_GET_LOCAL_CONST of a float item.
uop LIST_GET_LOCAL_CONST_FLOAT ( -- item: float) variant(LIST_GET_INT_FLOAT: L C -> S) {
  Value list = LOCAL_LO;
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = OPARG_HI;
  EXIT_PUSHING2_IF(i >= l->length || !IS_FLOAT(ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8))), list, BOX_INT(i));
  item = ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8));
}

/// LIST_GET_LOCAL_CONST of a float item, into ftos.
uop LIST_GET_LOCAL_CONST_FLOAT_F ( -- ) variant(LIST_GET_INT_FLOAT: L C -> F) {
  Value list = LOCAL_LO;
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = OPARG_HI;
  EXIT_PUSHING2_IF(i >= l->length || !IS_FLOAT(ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8))), list, BOX_INT(i));
  ftos = UNBOX_FLOAT(ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8)));
}

/// LIST_GET_INT_LL of a float item.
uop LIST_GET_INT_LL_FLOAT ( -- item: float) variant(LIST_GET_INT_FLOAT: L L -> S) {
  Value list = LOCAL_LO;
  Value index = LOCAL_HI;
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = UNBOX_INT(index);
  if (i < 0) i += l->length;
  EXIT_PUSHING2_IF((uint64_t)i >= (uint64_t)l->length || !IS_FLOAT(l->items->items[i]), list, index);
  item = l->items->items[i];
}

/// LIST_GET_INT_LL of a float item, into ftos.
uop LIST_GET_INT_LL_FLOAT_F ( -- ) variant(LIST_GET_INT_FLOAT: L L -> F) {
  Value list = LOCAL_LO;
  Value index = LOCAL_HI;
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = UNBOX_INT(index);
  if (i < 0) i += l->length;
  EXIT_PUSHING2_IF((uint64_t)i >= (uint64_t)l->length || !IS_FLOAT(l->items->items[i]), list, index);
  ftos = UNBOX_FLOAT(l->items->items[i]);
}

/// tuple[index] with a small int index (negative counts from the end); out of range exits.
uop TUPLE_GET_INT (tuple: tuple, index: int -- item) {
  TupleObject *t = (TupleObject *)UNBOX_OBJ(tuple);
  int64_t i = UNBOX_INT(index);
  if (i < 0) i += t->length;
  EXIT_IF((uint64_t)i >= (uint64_t)t->length);
  item = t->items[i];
}

/// list[index] = value with a small int index; out of range exits.
uop LIST_SET_INT (value, list: list, index: int -- ) forms(LIST_STORE) {
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = UNBOX_INT(index);
  if (i < 0) i += l->length;
  EXIT_IF((uint64_t)i >= (uint64_t)l->length);
  l->items->items[i] = value;
}

/// list[k] = value for the list in local OPARG & 0xffff and the constant index
/// k = OPARG >> 16 (LOAD_LOCAL; LOAD_CONST; LIST_SET_INT fused). Out of range,
/// it pushes the list and the index over the value, as LIST_SET_INT would exit.
uop LIST_SET_LOCAL_CONST (value -- ) variant(LIST_SET_INT: X L C -> S) {
  Value list = LOCAL_LO;
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = OPARG_HI;
  EXIT_PUSHING2_IF(i >= l->length, list, BOX_INT(i));
  ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8)) = value;
}

/// list[k] op= ftos for a float item, the list in local OPARG & 0xffff and the
/// constant index k = OPARG >> 16: LIST_GET_LOCAL_CONST_FLOAT, the float
/// operations computing ftos (which neither exit nor store), the _XF operation
/// and LIST_SET_LOCAL_CONST fused into one access. It fails only where the
/// load would have, and leaves as the load does (the list and index pushed):
/// the operations in between only computed ftos, which no exit keeps.
uop LIST_AUG_ADD_FLOAT_F ( -- ) fuses(ADD_FLOAT_XF LIST_SET_LOCAL_CONST) {
  Value list = LOCAL_LO;
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = OPARG_HI;
  EXIT_PUSHING2_IF(i >= l->length || !IS_FLOAT(ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8))), list, BOX_INT(i));
  Value *item = &ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8));
  *item = BOX_FLOAT(UNBOX_FLOAT(*item) + ftos);
}

/// LIST_AUG_ADD_FLOAT_F for `-=`.
uop LIST_AUG_SUB_FLOAT_F ( -- ) fuses(SUB_FLOAT_XF LIST_SET_LOCAL_CONST) {
  Value list = LOCAL_LO;
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = OPARG_HI;
  EXIT_PUSHING2_IF(i >= l->length || !IS_FLOAT(ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8))), list, BOX_INT(i));
  Value *item = &ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8));
  *item = BOX_FLOAT(UNBOX_FLOAT(*item) - ftos);
}

/// LIST_AUG_ADD_FLOAT_F for `*=`.
uop LIST_AUG_MUL_FLOAT_F ( -- ) fuses(MUL_FLOAT_XF LIST_SET_LOCAL_CONST) {
  Value list = LOCAL_LO;
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t i = OPARG_HI;
  EXIT_PUSHING2_IF(i >= l->length || !IS_FLOAT(ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8))), list, BOX_INT(i));
  Value *item = &ITEM_AT_OFFSET(l->items, OPARG_FIELD(HI_X8));
  *item = BOX_FLOAT(UNBOX_FLOAT(*item) * ftos);
}

/// xs[a:b] of a list, each bound None or a small int (BINARY_SLICE of two
/// bounds), built natively in the allocation buffer tier-1 lends the trace.
/// Anything else, or a buffer too small, exits before touching the stack.
uop LIST_SLICE (list, start, stop -- res: list) {
  EXIT_IF(!IS_OBJ(list) || ((ObjHeader *)UNBOX_OBJ(list))->type != OBJ_LIST);
  EXIT_IF(!(IS_INT(start) || IS_NONE(start)) || !(IS_INT(stop) || IS_NONE(stop)));
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  int64_t len = l->length;
  int64_t a = IS_NONE(start) ? 0 : UNBOX_INT(start);
  int64_t b = IS_NONE(stop) ? len : UNBOX_INT(stop);
  if (a < 0) a = a + len < 0 ? 0 : a + len;
  else if (a > len) a = len;
  if (b < 0) b = b + len < 0 ? 0 : b + len;
  else if (b > len) b = len;
  int64_t n = b > a ? b - a : 0;
  ListObject *copy = vm_alloc_list(vm, n);
  EXIT_IF(copy == 0);
  for (int64_t i = 0; i < n; i++) copy->items->items[i] = l->items->items[a + i];
  res = BOX_OBJ(copy);
}

/// A list of the OPARG values on top (BUILD_LIST), built in the lent allocation
/// buffer; a buffer too small exits with the values still on the stack.
uop BUILD_LIST ( -- ) {
  int64_t n = OPARG;
  ListObject *list = vm_alloc_list(vm, n);
  EXIT_IF(list == 0);
  for (int64_t i = 0; i < n; i++) list->items->items[i] = sp[i - n];
  sp -= n;
  *sp++ = BOX_OBJ(list);
}

/// A tuple of the OPARG values on top (BUILD_TUPLE), as BUILD_LIST.
uop BUILD_TUPLE ( -- ) {
  int64_t n = OPARG;
  TupleObject *t = (TupleObject *)vm_alloc(vm, OBJ_TUPLE, HEAP_BLOCK_BYTES(sizeof(TupleObject) + (uint64_t)n * sizeof(Value)));
  EXIT_IF(t == 0);
  t->length = n;
  for (int64_t i = 0; i < n; i++) t->items[i] = sp[i - n];
  sp -= n;
  *sp++ = BOX_OBJ(t);
}

/// list.append(value); a full list grows into the lent allocation buffer (exits when that is too small).
uop LIST_APPEND (list: list, value -- ) {
  ListObject *l = (ListObject *)UNBOX_OBJ(list);
  if (__builtin_expect(l->length >= l->capacity, 0)) {
    // Grow as tier-1 does (capacity * 1.5 + 4) into the lent buffer; exit when it is too small.
    int64_t capacity = l->capacity + (l->capacity >> 1) + 4;
    ItemsObject *items = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)capacity * sizeof(Value)));
    EXIT_IF(items == 0);
    for (int64_t i = 0; i < l->length; i++) items->items[i] = l->items->items[i];
    l->items = items;
    l->capacity = capacity;
  }
  l->items->items[l->length++] = value;
}

// ---- strings -----------------------------------------------------------------

/// Exit unless the top of the stack is a str.
uop GUARD_STR (value -- value: str) {
  EXIT_IF(!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_STR);
}

/// Exit unless the value under the top is a str.
uop GUARD_STR_SECOND (value, top -- value: str, top) {
  EXIT_IF(!IS_OBJ(value) || ((ObjHeader *)UNBOX_OBJ(value))->type != OBJ_STR);
}

/// len() of a str (its length in code points; a rope knows its total).
uop STR_LEN (str: str -- res: int) {
  res = BOX_INT(((StrObject *)UNBOX_OBJ(str))->length);
}

/// str + str: a rope node (cases/vm.h) in the lent allocation buffer, flattened
/// by tier-1 when something reads it; an empty operand gives the other one.
/// A buffer too small, or a rope too long, exits with both operands on the stack.
uop STR_CONCAT (left: str, right: str -- res: str) {
  StrObject *a = (StrObject *)UNBOX_OBJ(left), *b = (StrObject *)UNBOX_OBJ(right);
  if (b->length == 0) {
    res = left;
  } else if (a->length == 0) {
    res = right;
  } else {
    int64_t n = a->length + b->length;
    EXIT_IF(n > STR_ROPE_MAX_LENGTH);
    uint64_t chars = str_concat_chars(a, b);
    StrObject *r = (StrObject *)vm_alloc(vm, OBJ_STR, HEAP_BLOCK_BYTES(chars ? SIZEOF_FLAT_STR : sizeof(StrObject)));
    EXIT_IF(r == 0);
    r->length = n;
    // Unhashed: tier-1 computes (and caches) the hash only while the word is 0.
    r->hash = 0;
    r->chars = chars;
    if (chars) {
      // Short ASCII: the chars are the whole str (tier-1 makes its text when it reads it).
      r->handle = STR_INLINE_ONLY;
    } else {
      r->handle = STR_ROPE;
      r->left = a;
      r->right = b;
    }
    res = BOX_OBJ(r);
  }
}

/// s[index] of the str the recorder specialised on (a GUARD_STACK_IS checked
/// its identity): OPERAND0 is a pinned tuple of its one-character strs, one
/// per position. A negative index counts from the end; out of range exits
/// (tier-1 raises IndexError).
uop STR_INDEX_CONST (str: str, index: int -- res: str) {
  TupleObject *chars = (TupleObject *)(uintptr_t)OPERAND0;
  int64_t i = UNBOX_INT(index);
  if (i < 0) i += chars->length;
  EXIT_IF((uint64_t)i >= (uint64_t)chars->length);
  (void)str;
  res = chars->items[i];
}

// ---- iteration --------------------------------------------------------------

/// Exit unless the top of the stack is a range iterator.
uop GUARD_RANGE_ITER (iter -- iter: range_iter) {
  EXIT_IF(!IS_OBJ(iter) || ((ObjHeader *)UNBOX_OBJ(iter))->type != OBJ_RANGE);
}

/// Next value of a range iterator; an exhausted iterator exits (tier-1 leaves the loop).
uop FOR_RANGE_NEXT (iter: range_iter -- iter: range_iter, next: int) {
  RangeIterObject *r = (RangeIterObject *)UNBOX_OBJ(iter);
  int64_t v = r->next;
  EXIT_IF(r->step > 0 ? v >= r->stop : v <= r->stop);
  r->next = v + r->step;
  next = BOX_INT(v);
}

/// FOR_RANGE_NEXT then STORE_LOCAL OPARG, fused: the loop variable goes
/// straight into its local (same exit as FOR_RANGE_NEXT).
uop FOR_RANGE_NEXT_STORE (iter: range_iter -- iter: range_iter) variant(FOR_RANGE_NEXT: X -> ST) {
  RangeIterObject *r = (RangeIterObject *)UNBOX_OBJ(iter);
  int64_t v = r->next;
  EXIT_IF(r->step > 0 ? v >= r->stop : v <= r->stop);
  r->next = v + r->step;
  LOCAL_ARG = BOX_INT(v);
}

/// The loop ends: exit unless the range iterator is exhausted, then pop it.
uop RANGE_EXHAUSTED_POP (iter: range_iter -- ) {
  RangeIterObject *r = (RangeIterObject *)UNBOX_OBJ(iter);
  EXIT_IF(r->step > 0 ? r->next < r->stop : r->next > r->stop);
  if (vm->recycled_ranges < RECYCLE_SLOTS) vm->recycled_range[vm->recycled_ranges++] = r;
}

/// `range(...)` followed by the loop's GET_ITER, with OPARG small int arguments
/// under the range builtin: reuses the iterator a loop just finished with
/// (vm->recycled_range) or allocates one; exits to tier-1 when step is 0 or
/// the lent allocation buffer is full.
uop RANGE_ITER_NEW ( -- ) {
  int64_t start, stop, step;
  range_arguments(sp, OPARG, &start, &stop, &step);
  EXIT_IF(step == 0);
  RangeIterObject *r;
  // Nested loops of a recursion outnumber the recycled ones: allocate then.
  if (vm->recycled_ranges > 0) {
    r = (RangeIterObject *)vm->recycled_range[--vm->recycled_ranges];
  } else {
    r = (RangeIterObject *)vm_alloc(vm, OBJ_RANGE, HEAP_BLOCK_BYTES(sizeof(RangeIterObject)));
    EXIT_IF(r == 0);
  }
  r->next = start;
  r->stop = stop;
  r->step = step;
  sp -= OPARG;
  sp[-1] = BOX_OBJ(r);
}

/// Exit unless the top of the stack is a list iterator.
uop GUARD_LIST_ITER (iter -- iter: list_iter) {
  EXIT_IF(!IS_OBJ(iter) || ((ObjHeader *)UNBOX_OBJ(iter))->type != OBJ_LIST_ITER);
}

/// Next item of a list iterator; the end exits.
uop FOR_LIST_NEXT (iter: list_iter -- iter: list_iter, next) {
  ListIterObject *it = (ListIterObject *)UNBOX_OBJ(iter);
  int64_t i = it->index;
  EXIT_IF(i >= it->list->length);
  it->index = i + 1;
  next = it->list->items->items[i];
}

/// The loop ends: exit unless the list iterator is exhausted, then pop it.
uop LIST_ITER_EXHAUSTED_POP (iter: list_iter -- ) {
  ListIterObject *it = (ListIterObject *)UNBOX_OBJ(iter);
  EXIT_IF(it->index < it->list->length);
  if (vm->recycled_list_iters < RECYCLE_SLOTS) vm->recycled_list_iter[vm->recycled_list_iters++] = it;
}

/// GET_ITER of a list: reuses the list iterator a loop just finished with
/// (vm->recycled_list_iter), else makes one in the lent buffer (a loop nested in
/// a recursive call finds the pool empty at every level: sudoku's eliminate
/// exited here 15,000 times); exits to tier-1 only when the buffer is full.
uop LIST_ITER_NEW (list: list -- iter: list_iter) {
  ListIterObject *it;
  if (vm->recycled_list_iters > 0) {
    it = (ListIterObject *)vm->recycled_list_iter[--vm->recycled_list_iters];
  } else {
    it = (ListIterObject *)vm_alloc(vm, OBJ_LIST_ITER, LIST_ITER_BYTES);
    EXIT_IF(it == 0);
  }
  it->list = (ListObject *)UNBOX_OBJ(list);
  it->index = 0;
  iter = BOX_OBJ(it);
}

// ---- inlined calls ------------------------------------------------------------

/// Push a callee frame for an inlined call with OPARG arguments, exactly as
/// tier-1 does: OPERAND0 packs the callee's code index (bits 40+), its deepest
/// value stack (bits 20-39) and its local count (bits 0-19); OPERAND1 is the
/// caller's resume pc. Exits when the frame stack would overflow or the call
/// would pass the recursion limit (tier-1 then raises RecursionError).
uop PUSH_FRAME ( -- ) {
  int64_t nlocals = (int64_t)(OPERAND0 & 0xfffff);
  int64_t max_stack = (int64_t)((OPERAND0 >> 20) & 0xfffff);
  EXIT_IF(!frame_fits(vm, frame, sp + FRAME_HEADER_WORDS + nlocals + max_stack));
  Frame *callee = (Frame *)sp;
  frame = push_frame(frame, sp, OPARG, nlocals, &callee->locals[nlocals], (int64_t)(OPERAND0 >> 40), (int64_t)OPERAND1);
  sp = frame->stack_base;
}

/// PUSH_FRAME of a call with one argument, unpacked when the trace is
/// compiled: OPARG holds the callee's local count (low 16 bits) and its frame's
/// size in words (header, locals, deepest stack: high 15 bits), OPERAND0 its
/// code index, OPERAND1 the caller's resume pc. The checks are a compare with
/// an immediate each; the argument copy is one move.
uop PUSH_FRAME_1 ( -- ) {
  Frame *callee = (Frame *)sp;
  EXIT_IF(!frame_fits(vm, frame, (Value *)((char *)sp + OPARG_FIELD(HI_X8))));
  frame = push_frame(frame, sp, 1, OPARG_LO, PAST_LOCALS(callee, OPARG_FIELD(LO_X8)), (int64_t)OPERAND0, (int64_t)OPERAND1);
  sp = frame->stack_base;
}

/// PUSH_FRAME_1 with two arguments.
uop PUSH_FRAME_2 ( -- ) {
  Frame *callee = (Frame *)sp;
  EXIT_IF(!frame_fits(vm, frame, (Value *)((char *)sp + OPARG_FIELD(HI_X8))));
  frame = push_frame(frame, sp, 2, OPARG_LO, PAST_LOCALS(callee, OPARG_FIELD(LO_X8)), (int64_t)OPERAND0, (int64_t)OPERAND1);
  sp = frame->stack_base;
}

/// PUSH_FRAME_1 with three arguments.
uop PUSH_FRAME_3 ( -- ) {
  Frame *callee = (Frame *)sp;
  EXIT_IF(!frame_fits(vm, frame, (Value *)((char *)sp + OPARG_FIELD(HI_X8))));
  frame = push_frame(frame, sp, 3, OPARG_LO, PAST_LOCALS(callee, OPARG_FIELD(LO_X8)), (int64_t)OPERAND0, (int64_t)OPERAND1);
  sp = frame->stack_base;
}

/// Return from an inlined frame with OPARG arguments: the result replaces the
/// callable in the caller's stack.
uop POP_FRAME ( -- ) {
  Value result = sp[-1];
  Frame *caller = frame->previous;
  Value *slot = (Value *)frame - OPARG - 1;
  *slot = result;
  sp = slot + 1;
  frame = caller;
}

// ---- function traces -------------------------------------------------------------

/// A recursive call inside a function trace, after PUSH_FRAME built the callee's
/// frame: runs the function's own trace (the trace top) as a real call. When the
/// callee's base frame returned (TRACE_RETURNED) the caller goes on with the
/// result on its stack; when the callee left through an exit, its frames are
/// already in memory (this frame resumes after the call) and this trace leaves too.
uop CALL_TOP ( -- ) {
  // The callee's trace may not return natively past its own base frame (GUARD_PLAIN_RETURN).
  vm->frame = frame;
  Frame *outer = vm->call_frame;
  vm->call_frame = frame;
  CALL_TOP_TRACE();
  vm->call_frame = outer;
  if (vm->exit_index != TRACE_RETURNED) LEAVE_AS_CALLEE();
  frame = vm->frame;
  sp = vm->sp;
}

/// A call, after PUSH_FRAME built the callee's frame, of another function's
/// trace: its entry is OPERAND0 (its uop program OPERAND1 and trace id OPARG,
/// for the uop interpreter). Returns and exits as CALL_TOP.
uop CALL_TRACE ( -- ) {
  vm->frame = frame;
  Frame *outer = vm->call_frame;
  vm->call_frame = frame;
  CALL_TRACE_AT(OPERAND0, OPERAND1, OPARG);
  vm->call_frame = outer;
  if (vm->exit_index != TRACE_RETURNED) LEAVE_AS_CALLEE();
  frame = vm->frame;
  sp = vm->sp;
}

/// Return from a function trace's base frame with OPARG arguments: the result
/// replaces the callable in the caller's stack, and whoever called the trace
/// (tier-1 or a CALL_TOP) continues in the caller.
uop RETURN_TRACE ( -- ) {
  return_from_trace(vm, frame, sp, OPARG);
  TRACE_RETURN();
}

/// Before a loop tree's return from its base frame (OPARG arguments): when that
/// frame is the one a CALL_TOP or CALL_TRACE is running (the loop's trace was
/// reached from the called function's trace), returns to the waiting call as
/// RETURN_TRACE does; otherwise the trace goes on to return into the caller.
/// A recursion whose function has a loop stays native this way.
uop RETURN_IF_CALLED ( -- ) {
  if (frame == vm->call_frame) {
    return_from_trace(vm, frame, sp, OPARG);
    TRACE_RETURN();
  }
}

// ---- host and trace control ---------------------------------------------------

/// Call the host (TypeScript) function at OPERAND0 with one value.
uop CALL_HOST_1 (arg -- res) {
  res = ((HostFunction1)(uintptr_t)OPERAND0)(arg);
}

/// Jump to trace instruction `target` when the bool on top is False (popped either way).
uop POP_JUMP_IF_FALSE (flag -- ) {
  if (flag == FALSE_VALUE) {
    sp -= 1;
    JUMP_TO_TARGET();
  }
}

/// Jump to trace instruction `target`.
uop JUMP ( -- ) {
  JUMP_TO_TARGET();
}

/// Loop back-edge: continue at the top of the trace.
uop JUMP_TO_TOP ( -- ) {
  JUMP_TO_TOP();
}

/// Leave the trace: record the state, the exit number OPARG and the owning
/// trace's id OPERAND0 (an exit reached through linked traces names its own trace).
uop EXIT_TRACE ( -- ) {
  vm->frame = frame;
  vm->sp = sp;
  vm->exit_index = OPARG;
  vm->exit_trace = (int64_t)OPERAND0;
  TRACE_RETURN();
}
