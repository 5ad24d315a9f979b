// Uops for calls the recorder inlines beyond plain functions and methods:
// special methods of instances (a + b, -a, a < b, a[i], calling an instance)
// and class instantiation with a Python __init__ (the recorder's side is
// runtime/vm/tracing/record-calls.ts). Same DSL as cases/uops.c.
//
// Every one of them lays the caller's stack out as a tier-1 call of a Python
// function, [callable arg0 .. argN-1] with the callee's frame right above, so
// an exit anywhere inside the inlined callee leaves frames tier-1 resumes as
// its own: a plain return writes the result into the callable's slot, which
// these uops put where the operation's result belongs. An __init__ frame
// keeps the class itself in its callable slot: tier-1 recognises such a frame
// when it takes over from a trace (Interpreter.adoptTraceFrames) and returns
// the instance from it, as it does for the __init__ frames it pushes itself.

// ---- special methods ---------------------------------------------------------------

/// a op b as the reflected method's call: [a b] -> [OPERAND0 b a] (the
/// function under the right operand, which becomes self). Exits (nothing
/// moved) when the callee's frame, OPERAND1 words from the new stack top,
/// would not fit.
uop INSERT_REFLECTED ( -- ) {
  EXIT_IF(!frame_fits(vm, frame, sp + 1 + (int64_t)OPERAND1));
  Value a = sp[-2];
  sp[-2] = (Value)OPERAND0;
  sp[0] = a;
  sp += 1;
}

// ---- class instantiation ---------------------------------------------------------

/// Exit unless the stack word OPARG slots below the top is exactly the class
/// OPERAND0 and its version is still OPERAND1 (its __init__, the absence of a
/// __new__ and its root shape are as recorded).
uop GUARD_CLASS_AT ( -- ) {
  Value c = sp[-OPARG];
  EXIT_IF(c != (Value)OPERAND0);
  EXIT_IF(((ClassObject *)UNBOX_OBJ(c))->version != (int64_t)OPERAND1);
}

/// cls(a0..) with OPARG arguments over the guarded class: a new instance of
/// it with the class's root shape and OPERAND0 & 0xfffff slot words at least
/// (its slot hint if larger; OPERAND0 >> 20 is the root shape, for the
/// optimizer), every slot unbound, in the lent allocation buffer; the
/// arguments move up by one and the instance goes under them: [cls inst a0..],
/// ready for the __init__ frame (OPERAND1 words from the new stack top). Exits
/// with nothing moved when the buffer or the frame stack is full, or when the
/// slot hint grew more than 64 past the recorded slots (the room a
/// GUARD_ALLOC_ROOM before it reserved: record-calls.ts instanceRoom).
uop NEW_INSTANCE ( -- ) {
  EXIT_IF(!frame_fits(vm, frame, sp + 1 + (int64_t)OPERAND1));
  ClassObject *cls = (ClassObject *)UNBOX_OBJ(sp[-OPARG - 1]);
  int64_t capacity = (int64_t)(OPERAND0 & 0xfffff);
  EXIT_IF(cls->slot_hint > capacity + 64);
  if (cls->slot_hint > capacity) capacity = cls->slot_hint;
  uint64_t bytes = HEAP_BLOCK_BYTES(sizeof(InstanceObject) + (uint64_t)capacity * sizeof(Value));
  InstanceObject *o = (InstanceObject *)vm_alloc(vm, OBJ_INSTANCE, bytes);
  EXIT_IF(o == 0);
  o->cls = cls;
  o->shape = cls->root_shape;
  o->capacity = capacity;
  o->slots = o->inline_slots;
  o->base = NONE_VALUE;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < capacity; i++) o->inline_slots[i] = UNBOUND_VALUE;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < OPARG; i++) sp[-i] = sp[-i - 1];
  sp[-OPARG] = BOX_OBJ(o);
  sp += 1;
}

/// After POP_FRAME of an __init__ frame (its None in the class's slot, the
/// stack top just past it): the instance, still in the word above, replaces it.
uop INIT_RESULT ( -- ) {
  sp[-1] = sp[0];
}

// ---- returns ------------------------------------------------------------------------

/// Before a return from the trace's base frame into a caller the trace did
/// not inline (a loop's trace reached natively from another trace that pushed
/// this frame): exits, and tier-1 returns, unless the frame lies above
/// vm->frame and its callable slot, OPERAND0 words below it, is not a class
/// (an inlined __init__ frame, whose caller wants the instance). vm->frame is
/// the highest frame traces may not return from: the innermost one tier-1
/// keeps a record about (a nested loop's entry, a generator's frame:
/// TracingJit.execute), or the base frame of a trace CALL_TOP or CALL_TRACE
/// runs (returning past it would go on in the caller inside that nested call).
/// No side trace helps here.
uop GUARD_PLAIN_RETURN ( -- ) {
  EXIT_IF(frame <= vm->frame);
  Value c = ((Value *)frame)[-(int64_t)OPERAND0];
  EXIT_IF(IS_OBJ(c) && ((ObjHeader *)UNBOX_OBJ(c))->type == OBJ_CLASS);
}

/// Exit unless this frame's caller is code OPERAND0 waiting at pc OPARG (the
/// caller the trace goes on in after the return; another one gets a side trace).
uop GUARD_CALLER ( -- ) {
  Frame *caller = frame->previous;
  EXIT_IF(caller->code_index != (int64_t)OPERAND0 || caller->pc != (int64_t)OPARG);
}

// ---- argument binding -------------------------------------------------------------

/// Exit unless a frame of OPERAND0 words (with the defaults pushed before it)
/// fits from the stack top: checked before the defaults go on the stack, so
/// that an exit leaves the call's stack as tier-1 made it.
uop GUARD_FRAME_FITS ( -- ) {
  EXIT_IF(!frame_fits(vm, frame, sp + (int64_t)OPERAND0));
}

// ---- builtins on numbers ----------------------------------------------------------

/// int(x) of a float: truncated toward zero; exits when the result is not a
/// small int (or x is inf or nan: tier-1 raises).
uop FLOAT_TO_INT (value: float -- res: int) {
  double d = UNBOX_FLOAT(value);
  EXIT_IF(!(d > -140737488355328.0 && d < 140737488355328.0));
  res = BOX_INT((int64_t)d);
}

/// int(s) of a str with inline chars (short ASCII) that int() reads as a
/// decimal literal: ASCII whitespace around it, a sign, digits with single
/// underscores between them. Anything else exits (tier-1 converts it or
/// raises ValueError); at most 9 digits always fit a small int.
uop INT_OF_STR (s -- res: int) {
  EXIT_IF(!value_is_inline_str(s));
  const StrObject *o = (const StrObject *)UNBOX_OBJ(s);
  int64_t i = 0, end = o->length;
  while (i < end && int_text_space(STR_CHAR_AT(o->chars, i))) i++;
  while (end > i && int_text_space(STR_CHAR_AT(o->chars, end - 1))) end--;
  int neg = 0;
  if (i < end && (STR_CHAR_AT(o->chars, i) == '+' || STR_CHAR_AT(o->chars, i) == '-')) {
    neg = STR_CHAR_AT(o->chars, i) == '-';
    i++;
  }
  int64_t v = 0;
  int digits = 0, ok = 1, after_underscore = 1;
  for (; i < end; i++) {
    unsigned c = STR_CHAR_AT(o->chars, i);
    if (c >= '0' && c <= '9') {
      v = v * 10 + (int64_t)(c - '0');
      digits++;
      after_underscore = 0;
    } else if (c == '_' && !after_underscore) {
      after_underscore = 1;
    } else {
      ok = 0;
    }
  }
  EXIT_IF(!ok || digits == 0 || after_underscore);
  res = BOX_INT(neg ? -v : v);
}

/// int(x) of a bool.
uop BOOL_TO_INT (value: bool -- res: int) { res = BOX_INT(value == TRUE_VALUE); }

/// min(a, b) of small ints: b only when it is smaller (the first of equals, as Python's min).
uop MIN_INT (a: int, b: int -- res: int) { res = UNBOX_INT(b) < UNBOX_INT(a) ? b : a; }
/// max(a, b) of small ints: b only when it is larger.
uop MAX_INT (a: int, b: int -- res: int) { res = UNBOX_INT(b) > UNBOX_INT(a) ? b : a; }
/// min(a, b) of floats, by `<` as Python's min compares (a nan stays where it is).
uop MIN_FLOAT (a: float, b: float -- res: float) { res = UNBOX_FLOAT(b) < UNBOX_FLOAT(a) ? b : a; }
/// max(a, b) of floats.
uop MAX_FLOAT (a: float, b: float -- res: float) { res = UNBOX_FLOAT(b) > UNBOX_FLOAT(a) ? b : a; }

// ---- closures ---------------------------------------------------------------------

/// Push the value of the cell in local OPARG (a cell or free variable: the
/// local holds its cell from the function's entry on); an empty cell exits
/// (tier-1 raises NameError or UnboundLocalError).
uop LOAD_DEREF ( -- value) {
  Value v = ((CellObject *)UNBOX_OBJ(LOCAL_ARG))->value;
  EXIT_IF(v == UNBOUND_VALUE);
  value = v;
}

/// Pop into the cell in local OPARG.
uop STORE_DEREF (value -- ) {
  ((CellObject *)UNBOX_OBJ(LOCAL_ARG))->value = value;
}

/// MAKE_CELL: local OPARG's value (or its emptiness) moves into a new cell,
/// which the local holds from then on; exits before anything changes when
/// the lent allocation buffer is too small.
uop MAKE_CELL ( -- ) {
  CellObject *cell = (CellObject *)vm_alloc(vm, OBJ_CELL, HEAP_BLOCK_BYTES(sizeof(CellObject)));
  EXIT_IF(cell == 0);
  cell->value = LOCAL_ARG;
  LOCAL_ARG = BOX_OBJ(cell);
  // The local may be the word under an empty stack, which the cached top mirrors (COPY_FREE_VARS).
  (void)sp;
}

/// MAKE_FUNCTION: a function of code OPERAND0 from the values OPARG's flags
/// say are on the stack, in this order (runtime.ts makeFunction): defaults (1),
/// keyword-only defaults (2), the closure's tuple of cells (8).
uop MAKE_FUNCTION ( -- ) {
  FunctionObject *f = (FunctionObject *)vm_alloc(vm, OBJ_FUNCTION, HEAP_BLOCK_BYTES(sizeof(FunctionObject)));
  EXIT_IF(f == 0);
  int64_t flags = OPARG;
  Value *w = sp - ((flags & 1) + ((flags >> 1) & 1) + ((flags >> 3) & 1));
  sp = w;
  f->code_index = (int64_t)OPERAND0;
  f->defaults = (flags & 1) ? *w++ : NONE_VALUE;
  f->kwdefaults = (flags & 2) ? *w++ : NONE_VALUE;
  f->closure = (flags & 8) ? *w++ : NONE_VALUE;
  f->attrs = NONE_VALUE;
  *sp++ = BOX_OBJ(f);
}

/// Exit unless the stack word OPARG slots below the top is a function of code
/// OPERAND0 (a closure: a new function object each time its `def` runs, the
/// same code).
uop GUARD_FUNCTION_CODE_AT ( -- ) {
  Value f = sp[-OPARG];
  EXIT_IF(!IS_OBJ(f) || ((ObjHeader *)UNBOX_OBJ(f))->type != OBJ_FUNCTION);
  EXIT_IF(((FunctionObject *)UNBOX_OBJ(f))->code_index != (int64_t)OPERAND0);
}

/// GUARD_FUNCTION_CODE_AT, and its defaults are the tuple OPERAND1 (a lambda
/// or nested def made anew with constant defaults: the call pushes them).
uop GUARD_FUNCTION_CODE_DEFAULTS_AT ( -- ) {
  Value f = sp[-OPARG];
  EXIT_IF(!IS_OBJ(f) || ((ObjHeader *)UNBOX_OBJ(f))->type != OBJ_FUNCTION);
  EXIT_IF(((FunctionObject *)UNBOX_OBJ(f))->code_index != (int64_t)OPERAND0);
  EXIT_IF(((FunctionObject *)UNBOX_OBJ(f))->defaults != (Value)OPERAND1);
}

/// At the entry of an inlined closure: its OPARG free variables' cells, from
/// the function in the callable slot (OPERAND0 words below the frame), into
/// locals OPERAND1.. (tier-1's COPY_FREE_VARS).
uop COPY_FREE_VARS ( -- ) {
  FunctionObject *f = (FunctionObject *)UNBOX_OBJ(((Value *)frame)[-(int64_t)OPERAND0]);
  TupleObject *closure = (TupleObject *)UNBOX_OBJ(f->closure);
  // The last of them may be the word under an empty stack, which the cached top
  // mirrors: naming sp runs this uop on memory (the top reloaded after it).
  Value *free = &frame->locals[(int64_t)OPERAND1];
  (void)sp;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < OPARG; i++) free[i] = closure->items[i];
}

// ---- bound methods ------------------------------------------------------------------

/// m(a0..) of a bound method (the stack word under the OPARG arguments) whose
/// function is OPERAND0: [m a0..] -> [function self a0..], as tier-1 calls it.
/// Exits (nothing moved) for another callable or function, or when the
/// callee's frame, OPERAND1 words from the new stack top, would not fit.
uop EXPAND_METHOD ( -- ) {
  Value m = sp[-OPARG - 1];
  EXIT_IF(!IS_OBJ(m) || ((ObjHeader *)UNBOX_OBJ(m))->type != OBJ_METHOD);
  MethodObject *mo = (MethodObject *)UNBOX_OBJ(m);
  EXIT_IF(mo->func != (Value)OPERAND0);
  EXIT_IF(!frame_fits(vm, frame, sp + 1 + (int64_t)OPERAND1));
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < OPARG; i++) sp[-i] = sp[-i - 1];
  sp[-OPARG] = mo->self;
  sp[-OPARG - 1] = mo->func;
  sp += 1;
}

/// obj.m as a value (not called at once): a bound method of the function
/// OPERAND0 and the instance (shape guarded), in the lent allocation buffer;
/// exits when the buffer is full.
uop BIND_METHOD (obj -- m) {
  MethodObject *mo = (MethodObject *)vm_alloc(vm, OBJ_METHOD, HEAP_BLOCK_BYTES(sizeof(MethodObject)));
  EXIT_IF(mo == 0);
  mo->func = (Value)OPERAND0;
  mo->self = obj;
  m = BOX_OBJ(mo);
}
