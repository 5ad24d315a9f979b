// Guards for the returns of inlined operator special methods
// (runtime/vm/tracing/record-declines.ts).

/// Exit if the stack word OPARG slots below the top is exactly OPERAND0 (an
/// inlined special method returning NotImplemented: tier-1 goes on with the
/// operator's protocol).
uop GUARD_STACK_IS_NOT ( -- ) {
  EXIT_IF(sp[-OPARG] == (Value)OPERAND0);
}
