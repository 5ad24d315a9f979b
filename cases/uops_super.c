// super() in traces (record-super.ts): `super().m(args)` makes a super object
// (NEW_SUPER, after guards on the builtin, the class and the instance's
// shape), and the method call on it is inlined: GUARD_SUPER_AT fixes what the
// lookup along the MRO found, EXPAND_SUPER lays out [method self args] as
// tier-1 calls it. Such methods have a __class__ free variable:
// COPY_FREE_VARS_OF copies it in an inlined __init__, whose callable slot
// holds its class.

/// super(cls, obj) of the builtin (the callee, cls and obj's class guarded as
/// recorded), in the lent allocation buffer; a buffer too small exits.
uop NEW_SUPER (fn, cls, obj -- res) {
  SuperObject *s = (SuperObject *)vm_alloc(vm, OBJ_SUPER, HEAP_BLOCK_BYTES(sizeof(SuperObject)));
  EXIT_IF(s == 0);
  (void)fn;
  s->type = cls;
  s->obj = obj;
  res = BOX_OBJ(s);
}

/// Exit unless the stack word OPARG slots below the top is a super object of
/// class OPERAND0 over an instance whose class has version OPERAND1 (versions
/// are never reused: the class, its MRO and their attributes are as recorded).
uop GUARD_SUPER_AT ( -- ) {
  Value v = sp[-OPARG];
  EXIT_IF(!IS_OBJ(v) || ((ObjHeader *)UNBOX_OBJ(v))->type != OBJ_SUPER);
  SuperObject *s = (SuperObject *)UNBOX_OBJ(v);
  EXIT_IF(s->type != (Value)OPERAND0);
  Value obj = s->obj;
  EXIT_IF(!IS_OBJ(obj) || ((ObjHeader *)UNBOX_OBJ(obj))->type != OBJ_INSTANCE);
  EXIT_IF(((InstanceObject *)UNBOX_OBJ(obj))->cls->version != (int64_t)OPERAND1);
}

/// m(a0..) on the super object under the OPARG arguments (GUARD_SUPER_AT
/// found its method, the function OPERAND0): [super a0..] -> [function obj
/// a0..]. Exits (nothing moved) when the callee's frame, OPERAND1 words from
/// the new stack top, would not fit.
uop EXPAND_SUPER ( -- ) {
  SuperObject *s = (SuperObject *)UNBOX_OBJ(sp[-OPARG - 1]);
  EXIT_IF(!frame_fits(vm, frame, sp + 1 + (int64_t)OPERAND1));
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < OPARG; i++) sp[-i] = sp[-i - 1];
  sp[-OPARG] = s->obj;
  sp[-OPARG - 1] = (Value)OPERAND0;
  sp += 1;
}

/// COPY_FREE_VARS in an inlined __init__: its OPARG free variables' cells
/// from the function OPERAND0 (guarded through its class's version) into
/// locals OPERAND1..
uop COPY_FREE_VARS_OF ( -- ) {
  FunctionObject *f = (FunctionObject *)UNBOX_OBJ((Value)OPERAND0);
  TupleObject *closure = (TupleObject *)UNBOX_OBJ(f->closure);
  // As COPY_FREE_VARS: naming sp runs this uop on memory (the top reloaded after it).
  Value *free = &frame->locals[(int64_t)OPERAND1];
  (void)sp;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < OPARG; i++) free[i] = closure->items[i];
}

/// super().name as a value (a keyword call's callee): a bound method of the
/// function OPERAND0 (GUARD_SUPER_AT found it) and the super object's
/// instance, in the lent allocation buffer; exits when the buffer is full.
uop SUPER_BIND (sup -- m) {
  MethodObject *mo = (MethodObject *)vm_alloc(vm, OBJ_METHOD, HEAP_BLOCK_BYTES(sizeof(MethodObject)));
  EXIT_IF(mo == 0);
  mo->func = (Value)OPERAND0;
  mo->self = ((SuperObject *)UNBOX_OBJ(sup))->obj;
  m = BOX_OBJ(mo);
}
