// A Python exception in flight through TypeScript: either one the VM raises
// itself (a type name and message, turned into an exception object only if
// Python code catches it) or an exception object from the arena (`exc`, a
// word index, kept alive by the interpreter's in-flight roots). The
// interpreter appends a traceback entry (code index, pc) for every frame it
// unwinds. Not an Error subclass: V8 would capture a JS stack trace for every
// raise, which made exception-heavy Python loops slow.
export class PyError {
  traceback: { codeIndex: number; pc: number }[] = [];
  /** The exception object (word index of an instance), or -1 while it is only a type and message. */
  exc = -1;
  /** The exception being handled when this one was raised (its __context__), an object word index or -1. */
  context = -1;
  /** Whether the raise point's context was recorded (re-raises keep the one they had). */
  contextCaptured = false;
  /**
   * A re-raise (bare `raise`, the end of a finally or with block): its
   * traceback already has the raising frame's entry, where it was first
   * caught, so unwinding does not add one for that frame again (CPython's
   * RERAISE).
   */
  reraised = false;
  /**
   * For an uncaught NameError/AttributeError: the missing name and the names
   * python3 would suggest from (lists, searched in order until one matches).
   */
  suggestion: { name: string; candidates: () => (readonly string[])[] } | null = null;
  constructor(readonly pyType: string, readonly pyMessage: string) {}

  get message(): string {
    return this.pyMessage ? `${this.pyType}: ${this.pyMessage}` : this.pyType;
  }

  toString(): string {
    return this.message;
  }
}

export const typeError = (message: string) => new PyError('TypeError', message);
export const valueError = (message: string) => new PyError('ValueError', message);
export const indexError = (message: string) => new PyError('IndexError', message);
export const zeroDivision = (message: string) => new PyError('ZeroDivisionError', message);
export const overflowError = (message: string) => new PyError('OverflowError', message);
export const attributeError = (message: string) => new PyError('AttributeError', message);
