// V8's "Maximum call stack size exceeded" recognised without a regular
// expression or any other call that needs stack: the check runs in a catch
// block right where the stack ran out.

const MESSAGE = 'Maximum call stack size exceeded';

/** Whether e is V8's stack overflow (a RangeError with its fixed message). */
export function isStackOverflow(e: unknown): boolean {
  try {
    return e instanceof RangeError && e.message === MESSAGE;
  } catch {
    // Even the property read ran out of stack: only an overflow does that.
    return true;
  }
}
