// The trace compiler's errors, in a module of their own so that the VM can
// recognise them without loading the compiler at start-up.

/** A trace the compiler refuses (bad instruction, missing field), naming the instruction. */
export class TraceError extends Error {}

/** A trace too long for one of its short branches (aarch64): the JIT gives up on it, as on any trace it cannot compile. */
export class TraceBranchRangeError extends TraceError {}
