// Loop-carried wide ints without an allocation per iteration: a root loop
// trace whose int128 result is stored into a local (`h = (h * P) & MASK`)
// boxes it into a box of its own, pinned for that local (the _T forms of
// cases/wide_temporaries.c with the local's box,
// runtime/vm/tracing/optimizer/wide-locals.ts), when the trace only ever
// reads that local into int operations. The box must never be seen outside
// the loop: tier-1 replaces it by a copy at every exit that reaches it
// (tracing-jit.ts), and a side trace, entered straight from the loop's exit,
// starts with this uop.

/// When local OPARG holds the loop's own box (OPERAND0), replace it by a fresh copy.
uop UNSHARE_WIDE_LOCAL ( -- ) {
  // Names sp so that the uop runs with the stack in memory: with the stack
  // empty the cached top mirrors the last local, which may be this one.
  (void)sp;
  Value v = LOCAL_ARG;
  Value out = v;
  if (IS_OBJ(v) && (uint64_t)(uintptr_t)UNBOX_OBJ(v) == (uint64_t)OPERAND0) {
    wide_int a;
    WIDE_INT_OF(v, &a);
    EXIT_IF(!vm_box_wide_int(vm, a, &out));
  }
  // One store both paths reach (the barrier keeps clang from dropping the
  // untaken path's store of v): no conditional jump to the next stencil in
  // the hot path.
  __asm__("" : "+r"(out));
  LOCAL_ARG = out;
}
