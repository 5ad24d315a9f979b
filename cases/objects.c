// Uops for instances of user classes and their methods (the recorder's side is
// runtime/vm/tracing/record-objects.ts). Same DSL as cases/uops.c.
//
// A shape guard is the whole proof an attribute access needs: the shape implies
// the class and which slot holds each attribute; the class's version word
// changes whenever an attribute of the class or of a base changes (a method
// rebound, a descriptor added), so shape + version is exactly tier-1's inline
// cache key (runtime/vm/interpreter/interpreter.ts LOAD_ATTR/CALL_METHOD). The
// class is read through the instance, never from a pointer baked into the
// trace, so a class the program dropped is never touched.

// ---- guards ------------------------------------------------------------------

/// Exit unless the top of the stack is an instance of shape OPERAND0 whose
/// class has version OPERAND1.
uop GUARD_SHAPE (obj -- obj: instance) {
  EXIT_IF(!IS_OBJ(obj) || ((ObjHeader *)UNBOX_OBJ(obj))->type != OBJ_INSTANCE);
  InstanceObject *o = (InstanceObject *)UNBOX_OBJ(obj);
  EXIT_IF(o->shape != (int64_t)OPERAND0 || o->cls->version != (int64_t)OPERAND1);
}

/// GUARD_SHAPE of the stack word OPARG slots below the top (1 = top): the
/// receiver of a method call under its arguments.
uop GUARD_SHAPE_AT ( -- ) {
  Value obj = sp[-OPARG];
  EXIT_IF(!IS_OBJ(obj) || ((ObjHeader *)UNBOX_OBJ(obj))->type != OBJ_INSTANCE);
  InstanceObject *o = (InstanceObject *)UNBOX_OBJ(obj);
  EXIT_IF(o->shape != (int64_t)OPERAND0 || o->cls->version != (int64_t)OPERAND1);
}

// ---- attributes ----------------------------------------------------------------

/// obj.attr from slot OPARG of an instance whose shape was guarded (inline or
/// out of line: `slots` points at either). An unbound slot (never the case
/// for a shape that has the attribute, checked as tier-1 checks it) exits.
uop LOAD_SLOT (obj: instance -- value) {
  Value v = ((InstanceObject *)UNBOX_OBJ(obj))->slots[OPARG];
  EXIT_IF(v == UNBOUND_VALUE);
  value = v;
}

/// cls.attr (or obj.attr found in the class) of a data attribute (a number,
/// str, tuple, list, dict or set) at the class-dict value word OPERAND0, under
/// GUARD_CLASS_AT (or the instance's shape guard): the word stays put until the
/// class's version changes, and data rebinds keep the version
/// (runtime/vm/interpreter/types.ts rebindData), so it is read, not folded.
uop CLASS_ATTR_LOAD (owner -- value) {
  value = *(const Value *)(uintptr_t)OPERAND0;
}

/// cls.attr = value of a data attribute already in the class's own dict at the
/// value word OPERAND0 (guarded as CLASS_ATTR_LOAD; value of a data type).
uop CLASS_ATTR_STORE (value, cls -- ) {
  *(Value *)(uintptr_t)OPERAND0 = value;
}

/// obj.attr = value into slot OPARG, the shape unchanged.
uop STORE_SLOT (value, obj: instance -- ) {
  ((InstanceObject *)UNBOX_OBJ(obj))->slots[OPARG] = value;
}

/// obj.attr = value adding the attribute: slot OPARG, and the instance moves to
/// shape OPERAND0 (the transition tier-1 made from the guarded shape). Exits
/// when the slot does not fit the instance's slot words (tier-1 grows them).
uop STORE_SLOT_ADD (value, obj: instance -- ) {
  InstanceObject *o = (InstanceObject *)UNBOX_OBJ(obj);
  EXIT_IF(OPARG >= o->capacity);
  o->slots[OPARG] = value;
  o->shape = (int64_t)OPERAND0;
}

// ---- method calls ----------------------------------------------------------------

/// obj.m(a0..) where obj's slot OPARG >> 8 holds a method bound to obj itself
/// (`self.handler = self.on_idle`, then `self.handler(x)`): exits unless the
/// instance OPARG & 255 words down holds there a bound method of function
/// OPERAND0 whose self is that instance (INSERT_METHOD then calls the function).
uop GUARD_SLOT_SELF_METHOD_AT ( -- ) {
  Value ov = sp[-(int64_t)(OPARG & 255)];
  Value m = ((InstanceObject *)UNBOX_OBJ(ov))->slots[OPARG >> 8];
  EXIT_IF(!IS_OBJ(m) || ((ObjHeader *)UNBOX_OBJ(m))->type != OBJ_METHOD);
  MethodObject *mo = (MethodObject *)UNBOX_OBJ(m);
  EXIT_IF(mo->func != (Value)OPERAND0 || mo->self != ov);
}

/// obj.m(a0..) as a call of the function: with OPARG words (the receiver and
/// its arguments) on top, the function OPERAND0 goes under them, as tier-1's
/// CALL_METHOD does; no bound method is made. Exits (nothing moved) when the
/// callee's frame, OPERAND1 words from the new stack top, would not fit.
uop INSERT_METHOD ( -- ) {
  EXIT_IF(!frame_fits(vm, frame, sp + 1 + (int64_t)OPERAND1));
  for (int64_t i = 0; i < OPARG; i++) sp[-i] = sp[-i - 1];
  sp[-OPARG] = (Value)OPERAND0;
  sp += 1;
}

// ---- stack ---------------------------------------------------------------------

/// Push a copy of the stack word OPARG slots below the top (1 = top: COPY_TOP).
uop COPY_AT ( -- ) {
  sp[0] = sp[-OPARG];
  sp += 1;
}

/// The built-in value of an instance of a subclass of list, tuple, ... (its
/// shape guarded: its class gives it one, of that type), for an operation the
/// class leaves to it (iteration).
uop INSTANCE_BASE (obj -- base) {
  base = ((InstanceObject *)UNBOX_OBJ(obj))->base;
}
