// Uops for `for x in gen` with the generator's frame resumed natively (the
// recorder's side is runtime/vm/tracing/record-generators.ts). Same DSL as
// cases/uops.c.
//
// They do what tier-1 does (runtime/vm/interpreter/interpreter.ts,
// resumeGenerator / yieldValue / specialReturn for a GEN_FOR frame): FOR_ITER
// copies the generator's saved locals and value stack into a new frame right
// above the consumer's stack top (the generator itself is the word below that
// frame), pushes the sent None and marks the generator running; YIELD_VALUE
// saves them back, marks it suspended and hands the value to the consumer
// after its FOR_ITER. An exit inside such a frame leaves exactly the frames
// tier-1 would have: it recognises the generator frame by the running
// generator below it (Interpreter.adoptTraceFrames) and keeps the record it
// keeps for the frames it resumes itself.

/// FOR_ITER over the generator on top (tier-1's GEN_FOR resume): exits, with
/// nothing changed, unless it is a generator of code OPERAND0 >> 40, suspended
/// (or not started) at pc OPERAND1 >> 32 with OPARG saved words, and its frame
/// fits. OPERAND0 packs as PUSH_FRAME's (code index, deepest stack, locals);
/// OPERAND1's low half is the consumer's resume pc.
uop PUSH_GEN_FRAME ( -- ) {
  int64_t nlocals = (int64_t)(OPERAND0 & 0xfffff);
  int64_t max_stack = (int64_t)((OPERAND0 >> 20) & 0xfffff);
  int64_t code_index = (int64_t)(OPERAND0 >> 40);
  Value it = sp[-1];
  EXIT_IF(!IS_OBJ(it) || ((ObjHeader *)UNBOX_OBJ(it))->type != OBJ_GENERATOR);
  GeneratorObject *g = (GeneratorObject *)UNBOX_OBJ(it);
  EXIT_IF(g->code_index != code_index || g->pc != (int64_t)(OPERAND1 >> 32) || g->nvalues != OPARG ||
          (g->state != GEN_SUSPENDED & g->state != GEN_CREATED));
  EXIT_IF(!frame_fits(vm, frame, sp + FRAME_HEADER_WORDS + nlocals + max_stack));
  Frame *f = (Frame *)sp;
  frame->pc = (int64_t)(OPERAND1 & 0xffffffff);
  f->previous = frame;
  f->code_index = code_index;
  f->nlocals = nlocals;
  f->pc = 0;
  f->depth = frame->depth + 1;
  f->stack_base = &f->locals[nlocals];
  Value *saved = g->frame->items;
  int64_t n = OPARG;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < n; i++) f->locals[i] = saved[i];
  f->locals[n] = NONE_VALUE;
  g->state = GEN_RUNNING;
  frame = f;
  sp = &f->locals[n + 1];
}

/// YIELD_VALUE in a generator frame a FOR_ITER resumed (PUSH_GEN_FRAME, or
/// tier-1's GEN_FOR: GUARD_GEN_FOR_CALLER proved it): the frame's locals and
/// its value stack under the yielded value (OPARG words) go back into the
/// generator, which is suspended at pc OPERAND0; the value lands on the
/// consumer's stack above the generator. When this frame was the one traces
/// may not return from (vm->frame), its consumer now is.
uop POP_GEN_FRAME ( -- ) {
  Value value = sp[-1];
  Frame *caller = frame->previous;
  Value *slot = (Value *)frame;
  GeneratorObject *g = (GeneratorObject *)UNBOX_OBJ(slot[-1]);
  Value *saved = g->frame->items;
  int64_t n = OPARG;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < n; i++) saved[i] = frame->locals[i];
  g->nvalues = n;
  g->pc = (int64_t)OPERAND0;
  g->state = GEN_SUSPENDED;
  if (vm->frame == frame) vm->frame = caller;
  *slot = value;
  sp = slot + 1;
  frame = caller;
}

/// A yield from the trace's base frame: exits unless the generator running in
/// this frame was resumed by the FOR_ITER of code OPERAND0 waiting at pc OPARG
/// (the word below the frame is a running generator of this frame's code), so
/// that POP_GEN_FRAME does what tier-1's yield would.
uop GUARD_GEN_FOR_CALLER ( -- ) {
  Frame *caller = frame->previous;
  EXIT_IF(caller->code_index != (int64_t)OPERAND0 || caller->pc != (int64_t)OPARG);
  Value it = ((Value *)frame)[-1];
  EXIT_IF(!IS_OBJ(it) || ((ObjHeader *)UNBOX_OBJ(it))->type != OBJ_GENERATOR);
  GeneratorObject *g = (GeneratorObject *)UNBOX_OBJ(it);
  EXIT_IF(g->code_index != frame->code_index || g->state != GEN_RUNNING);
}

/// FOR_ITER over a finished generator: the loop ends (the generator is popped);
/// exits unless the top is one.
uop GEN_EXHAUSTED_POP (it -- ) {
  EXIT_IF(!IS_OBJ(it) || ((ObjHeader *)UNBOX_OBJ(it))->type != OBJ_GENERATOR);
  EXIT_IF(((GeneratorObject *)UNBOX_OBJ(it))->state != GEN_FINISHED);
}

/// RETURN_VALUE in a generator frame PUSH_GEN_FRAME resumed (tier-1's GEN_FOR
/// return): the generator is finished, the frame and the generator leave the
/// consumer's stack and it goes on after its loop.
uop RETURN_GEN_FRAME ( -- ) {
  Frame *caller = frame->previous;
  Value *slot = (Value *)frame;
  GeneratorObject *g = (GeneratorObject *)UNBOX_OBJ(slot[-1]);
  g->state = GEN_FINISHED;
  g->nvalues = 0;
  if (vm->frame == frame) vm->frame = caller;
  sp = slot - 1;
  frame = caller;
}

/// RETURN_GENERATOR in a generator function's frame a trace inlined (a call
/// of the function): a new generator (not started, to resume at pc OPERAND1)
/// saves the frame's OPERAND0 & 0xfffff words (its locals, bound arguments
/// and defaults) in a block of (OPERAND0 >> 20) & 0xfffff words (code index:
/// OPERAND0 >> 40), both made in the lent buffer, and replaces the callable
/// below the frame's OPARG parameters, as tier-1's RETURN_GENERATOR does.
/// Exits (the frame still there) when the buffer cannot hold them.
uop MAKE_GENERATOR ( -- ) {
  int64_t nvalues = (int64_t)(OPERAND0 & 0xfffff);
  int64_t words = (int64_t)((OPERAND0 >> 20) & 0xfffff);
  uint64_t block_bytes = HEAP_BLOCK_BYTES(sizeof(ItemsObject) + (uint64_t)words * sizeof(Value));
  uint64_t gen_bytes = HEAP_BLOCK_BYTES(sizeof(GeneratorObject));
  EXIT_IF(!vm_room(vm, block_bytes + gen_bytes));
  ItemsObject *block = (ItemsObject *)vm_alloc(vm, OBJ_ITEMS, block_bytes);
  GeneratorObject *g = (GeneratorObject *)vm_alloc(vm, OBJ_GENERATOR, gen_bytes);
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < nvalues; i++) block->items[i] = frame->locals[i];
  g->code_index = (int64_t)(OPERAND0 >> 40);
  g->state = GEN_CREATED;
  g->pc = (int64_t)OPERAND1;
  g->nvalues = nvalues;
  g->frame = block;
  Frame *caller = frame->previous;
  Value *slot = (Value *)frame - OPARG - 1;
  *slot = BOX_OBJ(g);
  sp = slot + 1;
  frame = caller;
}
