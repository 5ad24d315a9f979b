// The uop that lets SIGINT reach a program running in native code (the
// recorder's side is runtime/vm/tracing/interrupt-checks.ts). Same DSL as
// cases/uops.c.

/// Exit when SIGINT arrived (VMState.interrupt, set by support_on_sigint):
/// placed at a trace's entry and before its loop back-edge, so a hot native
/// loop or a recursion through function traces returns to tier-1, which raises
/// KeyboardInterrupt. One compare with memory and a branch never taken.
uop CHECK_INTERRUPT ( -- ) {
  EXIT_IF(vm->interrupt != 0);
}
