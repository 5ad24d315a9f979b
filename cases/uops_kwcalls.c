// Keyword calls whose keywords bind out of order or skip a parameter with a
// default (record-kwcalls.ts): after the keyword values and the missing
// parameters' defaults are on the stack, one uop puts the top values in
// parameter order, so the call is inlined as a positional one. OPARG holds,
// two bits per output from the deepest, which input (0 = deepest) goes there.
// (Three and four values; two are a SWAP.)

/// The three top values permuted as OPARG says.
uop KW_PERMUTE_3 (a, b, c -- x, y, z) {
  Value in[3] = {a, b, c};
  x = in[OPARG & 3];
  y = in[(OPARG >> 2) & 3];
  z = in[(OPARG >> 4) & 3];
}

/// The four top values permuted as OPARG says.
uop KW_PERMUTE_4 (a, b, c, d -- w, x, y, z) {
  Value in[4] = {a, b, c, d};
  w = in[OPARG & 3];
  x = in[(OPARG >> 2) & 3];
  y = in[(OPARG >> 4) & 3];
  z = in[(OPARG >> 6) & 3];
}

// ---- *args / **kwargs (record-star-kwcalls.ts) ---------------------------------

/// The call of a function with *args, keyword-only parameters or **kwargs
/// (a decorator's `def w(*a, **k)`), bound natively right before its frame is
/// pushed, after every guard of the call: [.. x0..xn-1 kv0..kvm-1] (the extra
/// positional values, the keyword values) becomes [.. kw0..kwK-1 (args)
/// (kwargs)]. OPARG: n | m << 8 | K << 16 | has *args << 24 | has **kwargs
/// << 25 (K at most 8); OPERAND0: a pinned tuple of m keys, for kv_i either a
/// str (into the kwargs dict) or the small int j (keyword-only parameter j),
/// then the K keyword-only defaults. Exits, nothing moved, when the lent
/// buffer cannot hold the tuple and the dict.
uop BIND_STAR_ARGS ( -- ) {
  int64_t n = OPARG & 255, m = (OPARG >> 8) & 255, k = (OPARG >> 16) & 255;
  int varargs = (OPARG >> 24) & 1, varkw = (OPARG >> 25) & 1;
  TupleObject *keys = (TupleObject *)(uintptr_t)OPERAND0;
  Value *x = sp - m - n, *kv = sp - m;
  uint64_t tuple_bytes = varargs ? HEAP_BLOCK_BYTES(sizeof(TupleObject) + (uint64_t)n * sizeof(Value)) : 0;
  EXIT_IF(!vm_room(vm, tuple_bytes + (varkw ? EMPTY_DICT_BYTES : 0)));
  Value dict = NONE_VALUE;
  if (varkw) {
    DictObject *o = vm_new_empty_dict(vm);
#pragma clang loop vectorize(disable) unroll(disable)
    for (int64_t i = 0; i < m; i++) {
      Value key = keys->items[i];
      if (IS_INT(key)) continue;
      // (A key native code cannot hash: the dict is left to the collector.)
      EXIT_IF(!support_dict_store(o, key, kv[i]));
    }
    dict = BOX_OBJ(o);
  }
  Value tuple = NONE_VALUE;
  if (varargs) {
    TupleObject *t = (TupleObject *)vm_alloc(vm, OBJ_TUPLE, tuple_bytes);
    t->length = n;
#pragma clang loop vectorize(disable) unroll(disable)
    for (int64_t i = 0; i < n; i++) t->items[i] = x[i];
    tuple = BOX_OBJ(t);
  }
  // Keyword-only parameters: their defaults, replaced by the keyword values naming them.
  Value kwonly[8];
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t j = 0; j < k; j++) kwonly[j] = keys->items[m + j];
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < m; i++) {
    Value key = keys->items[i];
    if (IS_INT(key)) kwonly[UNBOX_INT(key) & 7] = kv[i];
  }
  Value *out = x;
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t j = 0; j < k; j++) *out++ = kwonly[j];
  if (varargs) *out++ = tuple;
  if (varkw) *out++ = dict;
  sp = out;
}

/// CALL_FUNCTION_EX of a Python callee whose arguments the trace bound when it
/// was recorded: [f args (kwargs)] -> [f (self) a0..an-1 v0..vm-1], the
/// tuple's items, then the dict's values in its order. OPARG: n | m << 8 |
/// has kwargs << 16 | a bound method << 17 (its function must be OPERAND1:
/// [m ..] -> [function self ..]); OPERAND0: a pinned tuple of the m keys the
/// dict must hold, in that order. Exits, nothing moved, for another tuple
/// length, other keys, another callable kind or function (the frame's room
/// is guarded before).
uop EXPAND_STAR_KW ( -- ) {
  int64_t n = OPARG & 255, m = (OPARG >> 8) & 255;
  int has_kw = (OPARG >> 16) & 1, method = (OPARG >> 17) & 1;
  Value *base = sp - 2 - has_kw;
  Value args = base[1];
  EXIT_IF(!IS_OBJ(args) || ((ObjHeader *)UNBOX_OBJ(args))->type != OBJ_TUPLE);
  TupleObject *t = (TupleObject *)UNBOX_OBJ(args);
  EXIT_IF(t->length != n);
  Value *entries = 0;
  if (has_kw) {
    Value kw = base[2];
    EXIT_IF(!is_dict(kw));
    DictObject *d = (DictObject *)UNBOX_OBJ(kw);
    EXIT_IF(d->used != m || d->nentries != m);
    entries = d->entries->items;
    TupleObject *keys = (TupleObject *)(uintptr_t)OPERAND0;
#pragma clang loop vectorize(disable) unroll(disable)
    for (int64_t i = 0; i < m; i++) {
      Value a = entries[i * DICT_ENTRY_WORDS + 1], b = keys->items[i];
      if (a == b) continue;
      EXIT_IF(!IS_OBJ(a) || ((ObjHeader *)UNBOX_OBJ(a))->type != OBJ_STR);
      StrObject *x = (StrObject *)UNBOX_OBJ(a), *y = (StrObject *)UNBOX_OBJ(b);
      EXIT_IF(!str_is_inline(x) || !str_is_inline(y) || x->chars != y->chars || x->length != y->length);
    }
  } else {
    EXIT_IF(m != 0);
  }
  Value *out = base + 1;
  if (method) {
    Value f = base[0];
    EXIT_IF(!IS_OBJ(f) || ((ObjHeader *)UNBOX_OBJ(f))->type != OBJ_METHOD);
    MethodObject *mo = (MethodObject *)UNBOX_OBJ(f);
    EXIT_IF(mo->func != (Value)OPERAND1);
    base[0] = mo->func;
    *out++ = mo->self;
  }
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < n; i++) *out++ = t->items[i];
#pragma clang loop vectorize(disable) unroll(disable)
  for (int64_t i = 0; i < m; i++) *out++ = entries[i * DICT_ENTRY_WORDS + 2];
  sp = out;
}

/// f.name of a function with that attribute (set by `f.name = v`): OPERAND0 the
/// name's pinned str. Exits, nothing moved, when it has no such attribute.
uop FUNC_ATTR_LOAD (fn -- value) {
  EXIT_IF(!IS_OBJ(fn) || ((ObjHeader *)UNBOX_OBJ(fn))->type != OBJ_FUNCTION);
  Value attrs = ((FunctionObject *)UNBOX_OBJ(fn))->attrs;
  EXIT_IF(!is_dict(attrs));
  int ok;
  Value *e = support_dict_lookup((DictObject *)UNBOX_OBJ(attrs), (Value)OPERAND0, &ok);
  EXIT_IF(e == 0);
  value = e[2];
}

/// f.name = value of a function that has attributes: OPERAND0 the name's pinned
/// str. Exits, nothing stored, when tier-1 must (no attribute dict yet, a full one).
uop FUNC_ATTR_STORE (value, fn -- ) {
  EXIT_IF(!IS_OBJ(fn) || ((ObjHeader *)UNBOX_OBJ(fn))->type != OBJ_FUNCTION);
  Value attrs = ((FunctionObject *)UNBOX_OBJ(fn))->attrs;
  EXIT_IF(!is_dict(attrs) || !support_dict_store((DictObject *)UNBOX_OBJ(attrs), (Value)OPERAND0, value));
}

/// Exits unless the lent allocation buffer holds OPERAND0 more bytes: before a
/// call that BIND_STAR_ARGS binds moves anything (INSERT_METHOD, EXPAND_METHOD,
/// EXPAND_STAR_KW), so that the binding's own exit is never taken after them.
uop GUARD_ALLOC_ROOM ( -- ) {
  EXIT_IF(!vm_room(vm, (uint64_t)OPERAND0));
}
