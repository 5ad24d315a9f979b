// Builtins of the host runtime called in place from a trace, where no uop
// does their work natively (random's functions, sorted, repr, ...): the
// callable and its arguments are on the stack exactly as tier-1 lays them out,
// and VMState.host_call runs the builtin over them (the recorder picks only
// builtins that never run Python code and raise before any effect:
// runtime/vm/tracing/host-calls.ts). When it declines (a Python method would
// run, the builtin raised), nothing happened: the uop exits and tier-1 makes
// the call, raising with its own traceback. One uop per argument count, so
// that the optimizer sees each one's stack effect.

/// builtin OPERAND0 called with no argument (its callable on top).
uop CALL_BUILTIN_0 (callable -- res) {
  EXIT_IF(vm->host_call == 0 || vm->host_call((int64_t)OPERAND0, sp, 0) != 0);
  res = sp[-1];
}

/// builtin OPERAND0 called with one argument.
uop CALL_BUILTIN_1 (callable, a -- res) {
  EXIT_IF(vm->host_call == 0 || vm->host_call((int64_t)OPERAND0, sp, 1) != 0);
  res = sp[-2];
}

/// builtin OPERAND0 called with two arguments.
uop CALL_BUILTIN_2 (callable, a, b -- res) {
  EXIT_IF(vm->host_call == 0 || vm->host_call((int64_t)OPERAND0, sp, 2) != 0);
  res = sp[-3];
}

/// builtin OPERAND0 called with three arguments.
uop CALL_BUILTIN_3 (callable, a, b, c -- res) {
  EXIT_IF(vm->host_call == 0 || vm->host_call((int64_t)OPERAND0, sp, 3) != 0);
  res = sp[-4];
}

/// builtin OPERAND0 called with four arguments.
uop CALL_BUILTIN_4 (callable, a, b, c, d -- res) {
  EXIT_IF(vm->host_call == 0 || vm->host_call((int64_t)OPERAND0, sp, 4) != 0);
  res = sp[-5];
}
