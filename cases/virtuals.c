// Uops of allocation removal (runtime/vm/tracing/optimizer/virtuals.ts): an
// instance a trace creates and that does not escape is never allocated. Its
// fields live in the virtual-field words of the VM's scratch area
// (VIRTUAL_FIELDS: scratch words 64.., GC roots, runtime/vm/heap/heap.ts
// VIRTUAL_FIELD_WORDS); where the instance would be (stack slots, locals) a
// placeholder word stands: TAG_UNBOUND with a payload of VIRTUAL_MARK | id,
// which the collector ignores and no uop the optimizer lets see it reads.
// Where it escapes, MATERIALIZE allocates it and writes it over every
// placeholder of it; at an exit where it is live, the exit handler does the
// same in TypeScript (tracing/virtual-exits.ts) before tier-1 resumes.
// Same DSL as cases/uops.c.

// (VIRTUAL_FIELDS, VIRTUAL_PLACEHOLDER: cases/virtuals.h)

/// NEW_INSTANCE of a virtual instance: [cls a0..] -> [cls placeholder a0..]
/// with OPARG arguments, the placeholder OPERAND0; its OPERAND1 >> 32 field
/// words from VIRTUAL_FIELDS[OPERAND1 & 0x7fff] on are unbound. With bit 15
/// of OPERAND1 set, the trace materializes it later: the instance's bytes are
/// taken off the end of the lent buffer now (MATERIALIZE gives them back and
/// allocates), so MATERIALIZE never exits. Exits with nothing moved when the
/// buffer is too small or the __init__ frame (OPERAND1 >> 16 & 0xffff words
/// from the new top) would not fit, as NEW_INSTANCE does.
uop NEW_VIRTUAL ( -- ) {
  EXIT_IF(!frame_fits(vm, frame, sp + 1 + (int64_t)((OPERAND1 >> 16) & 0xffff)));
  int64_t words = (int64_t)(OPERAND1 >> 32);
  if (OPERAND1 & 0x8000) {
    uint64_t bytes = VIRTUAL_INSTANCE_BYTES(words);
    EXIT_IF(!vm_room(vm, bytes));
    vm->alloc_end -= bytes;
  }
  Value *fields = VIRTUAL_FIELDS + (OPERAND1 & 0x7fff);
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < words; i++) fields[i] = UNBOUND_VALUE;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < OPARG; i++) sp[-i] = sp[-i - 1];
  sp[-OPARG] = (Value)OPERAND0;
  sp += 1;
  vm->virtuals_made++;
}

/// obj.attr of a virtual instance: its field word OPARG (an index into
/// VIRTUAL_FIELDS). An unbound field exits as LOAD_SLOT does.
uop LOAD_VIRTUAL_FIELD (obj -- value) {
  Value v = VIRTUAL_FIELDS[OPARG];
  EXIT_IF(v == UNBOUND_VALUE);
  (void)obj;
  value = v;
}

/// obj.attr = value of a virtual instance: into its field word OPARG.
uop STORE_VIRTUAL_FIELD (value, obj -- ) {
  (void)obj;
  VIRTUAL_FIELDS[OPARG] = value;
}

/// A virtual instance escapes: allocated, from the bytes its NEW_VIRTUAL took
/// off the lent buffer, with class OPERAND0 and shape OPERAND1 & 0xffffffff,
/// its OPERAND1 >> 40 & 0xff field words from VIRTUAL_FIELDS[OPERAND1 >> 32 &
/// 0xff] as its slots, then written over every placeholder of it (OPARG &
/// 0xffff is its id): the words of the frames from the trace's base frame
/// (OPARG >> 16 & 0xff frames below this one) up to the stack top, and the
/// first OPERAND1 >> 48 & 0xff field words (a virtual holding it).
uop MATERIALIZE ( -- ) {
  int64_t words = (int64_t)((OPERAND1 >> 40) & 0xff);
  uint64_t bytes = VIRTUAL_INSTANCE_BYTES(words);
  vm->alloc_end += bytes;
  vm->virtuals_materialized++;
  InstanceObject *o = (InstanceObject *)vm_alloc(vm, OBJ_INSTANCE, bytes);
  virtual_fill(vm, frame, sp, o, (Value)OPERAND0, (int64_t)(OPERAND1 & 0xffffffff), (int64_t)((OPERAND1 >> 32) & 0xff), words,
               OPARG & 0xffff, (OPARG >> 16) & 0xff, (int64_t)((OPERAND1 >> 48) & 0xff));
}

/// MATERIALIZE at the entry of a side trace, of a virtual its parent trace
/// left live at the exit the side trace grew from (linked natively, so the
/// exit handler does not run). With OPARG bit 24 its NEW_VIRTUAL took its
/// bytes (given back here); otherwise it exits, with nothing changed, when
/// the lent buffer is full.
uop MATERIALIZE_AT_ENTRY ( -- ) {
  int64_t words = (int64_t)((OPERAND1 >> 40) & 0xff);
  uint64_t bytes = VIRTUAL_INSTANCE_BYTES(words);
  if (OPARG & (1 << 24)) vm->alloc_end += bytes;
  InstanceObject *o = (InstanceObject *)vm_alloc(vm, OBJ_INSTANCE, bytes);
  EXIT_IF(o == 0);
  vm->virtuals_materialized++;
  virtual_fill(vm, frame, sp, o, (Value)OPERAND0, (int64_t)(OPERAND1 & 0xffffffff), (int64_t)((OPERAND1 >> 32) & 0xff), words,
               OPARG & 0xffff, (OPARG >> 16) & 0xff, (int64_t)((OPERAND1 >> 48) & 0xff));
}
